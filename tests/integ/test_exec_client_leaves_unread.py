"""exec: a client that leaves while the program is not reading its stdin
(so bytes for it are stuck in wsinetd, which has stopped reading the
client and notices its FIN without reading): after CLOSE_WAIT_MS (3 s) without
progress the bytes are dropped and stdin closed, the program gets SIGTERM
after --exec-term-ms, and wsinetd reaps it and exits."""

import time

from harness import children, proc_stat
from helpers import OP_BIN, frame, open_ws, wait_log_line


def test_exec_client_leaves_with_bytes_unread(wsinetd):
    srv = wsinetd.socket_activate("--exec-term-ms", 200, "exec:/bin/sh", "-c",
                                  "echo $$; exec sleep 60")
    c = open_ws(srv)
    peer = c.local
    op, payload = c.read_message()
    pid = int(payload)
    # 384 KiB: more than the pipe (64 KiB) and wsinetd's two buffers
    # (2 x 128 KiB) take, so it stops reading the client; less than the
    # kernel also holds, so the client's FIN still arrives behind it.
    for _ in range(3):
        c.send(frame(OP_BIN, b"\0" * (128 << 10)))
    t0 = time.monotonic()
    c.close()
    end = t0 + 10
    while time.monotonic() < end and (proc_stat(pid) is not None or children(srv.proc.pid)):
        time.sleep(0.05)
    took = time.monotonic() - t0
    assert proc_stat(pid) is None and not children(srv.proc.pid), srv.log()
    assert 3.0 <= took < 6, took
    line = wait_log_line(srv, peer, "no progress for 3000 ms while closing")
    assert "for the backend dropped" in line
    wait_log_line(srv, peer, " 101 ")
