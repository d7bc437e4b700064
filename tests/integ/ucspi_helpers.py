"""What the UCSPI cases share: wsinetd under Debian's tcpserver
(ucspi-tcp), which accepts on a port and runs the program with the socket
as fds 0 and 1 and $PROTO, $TCPREMOTEIP, $TCPREMOTEPORT, $TCPLOCALIP and
$TCPLOCALPORT in its environment; optionally with tests/tools/pipe_tlsd.py
between them, which plays s6-tlsd's part (pipes on wsinetd's fds 0 and 1,
TLS terminated with --cert/--key, SSL_* variables): s6-networking is not
in Debian 12.  -H, -R and -l keep tcpserver from DNS and ident lookups.

Only loopback; the launcher is stopped with its process group."""

import shutil
import sys

from harness import ROOT, ROOT_ARGS, Server, free_port
from helpers import log_message, OP_TEXT, answer_close, connect_from, expect_accept, frame, wait_log_line

TCPSERVER = shutil.which("tcpserver") or "/usr/bin/tcpserver"
PIPE_TLSD = ROOT / "tests" / "tools" / "pipe_tlsd.py"


def tcpserver(wsinetd, *args, pipes=False, tls=None, env=None, allow_root=True):
    """wsinetd ARGS under tcpserver on 127.0.0.1 (a free port).  pipes:
    through pipe_tlsd.py's pipes; tls=(cert, key): which also terminates
    TLS.  allow_root=False leaves out --allow-root (for --user)."""
    port = free_port()
    cmd = [wsinetd.bin, *(ROOT_ARGS if allow_root else []), *map(str, args)]
    if pipes or tls:
        opts = ["--cert", str(tls[0]), "--key", str(tls[1])] if tls else []
        cmd = [sys.executable, str(PIPE_TLSD), *opts, *cmd]
    argv = [TCPSERVER, "-v", "-H", "-R", "-l", "localhost", "127.0.0.1", str(port), *cmd]
    s = Server(argv, dict(wsinetd.env, **(env or {})), wsinetd._logpath(), "127.0.0.1", port,
               "tcpserver: status: 0/")
    wsinetd.servers.append(s)
    return s


def ws_from(srv, source="127.0.0.2"):
    """A RawClient bound to source, past its upgrade at srv."""
    c = connect_from("127.0.0.1", srv.port, source)
    expect_accept(c.handshake())
    return c


def echo_once(srv, text, source="127.0.0.2"):
    """One text message echoed from source, closed with 1000; the access
    line, checked to name the client."""
    c = ws_from(srv, source)
    me = c.local
    c.send(frame(OP_TEXT, text))
    assert c.read_message() == (OP_TEXT, text.encode())
    answer_close(c, 1000)
    line = wait_log_line(srv, '"GET /" 101 target=', "close=1000")
    assert log_message(line).startswith(me + " "), line
    return line
