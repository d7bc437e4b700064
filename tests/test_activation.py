"""Activation modes not covered by the per-case files in tests/integ:
systemd Accept=no (a listening fd 3, fork per connection, children reaped),
the journal sink, and the command line's --check and usage errors."""

import asyncio
import subprocess

import websockets

from harness import (JOURNAL_PRELUDE, ROOT_ARGS, SSA, Server, children, free_port,
                     proc_stat, wait_for)



async def echo_concurrently(url, n):
    async def one(i):
        async with websockets.connect(url, compression=None) as ws:
            msg = ("message %d " % i) * 100
            await ws.send(msg)
            assert await ws.recv() == msg
            await ws.send(msg.encode())
            assert await ws.recv() == msg.encode()
    await asyncio.gather(*(one(i) for i in range(n)))


def zombies_of(pid):
    """Children of pid that have exited but were not reaped."""
    return [c for c in children(pid) if (proc_stat(c) or ["?"])[0] == "Z"]


def test_accept_no_forks_and_reaps(wsinetd):
    """systemd-socket-activate without --accept passes a listening socket
    (a .socket unit with Accept=no): wsinetd accepts and forks itself."""
    port = free_port()
    argv = [SSA, "-l", "127.0.0.1:%d" % port, *wsinetd.pass_env(), wsinetd.bin, *ROOT_ARGS, "echo"]
    srv = Server(argv, wsinetd.env, wsinetd._logpath(), "127.0.0.1", port, "Listening on")
    wsinetd.servers.append(srv)
    asyncio.run(echo_concurrently(srv.url, 8))
    # The launcher exec'd wsinetd in its own process: that is the parent.
    parent = srv.proc.pid
    wait_for(lambda: srv.log().count("close=1000") == 8, what="8 access lines")
    wait_for(lambda: not zombies_of(parent), timeout=5, what="children reaped")
    assert srv.proc.poll() is None, "the Accept=no parent must keep running"
    asyncio.run(echo_concurrently(srv.url, 2))
    wait_for(lambda: srv.log().count("close=1000") == 10, what="10 access lines")


def test_listen_reaps_children(wsinetd):
    srv = wsinetd.listen("echo")
    asyncio.run(echo_concurrently(srv.url, 6))
    wait_for(lambda: srv.log().count("close=1000") == 6, what="6 access lines")
    wait_for(lambda: not zombies_of(srv.proc.pid), timeout=5, what="children reaped")


JOURNAL_CAPTURE = JOURNAL_PRELUDE + r'''
cli.sendall(b"GET /journal HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            b"Sec-WebSocket-Version: 13\r\n\r\n"
            b"\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"
            b"\x88\x82\x01\x02\x03\x04\x02\xea")
data = b""
cli.settimeout(10)
while True:
    b = cli.recv(4096)
    if not b:
        break
    data += b
p.wait(10)
sys.stdout.buffer.write(b"CLIENT " + data.hex().encode() + b"\n")
sys.stdout.buffer.write(b"STDERR " + os.read(r, 65536).hex().encode() + b"\n")
entry = j.recv(65536)          # skip the --allow-root warning (run as root)
while b"WSINETD_PEER=" not in entry:
    entry = j.recv(65536)
sys.stdout.buffer.write(b"JOURNAL " + entry.hex().encode() + b"\n")
sys.stdout.buffer.write(b"EXIT %d\n" % p.returncode)
'''


def test_journal_fields(wsinetd, tmp_path):
    """With stderr being the journal stream, the access line goes to the
    journal with structured fields.  The test owns the journal socket: a
    private mount namespace with a tmpfs on /run/systemd."""
    script = tmp_path / "capture.py"
    script.write_text(JOURNAL_CAPTURE)
    r = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         'mount -t tmpfs none /run/systemd && exec "$0" "$@"',
         "/usr/bin/python3", str(script), wsinetd.bin, *ROOT_ARGS],
        capture_output=True, timeout=60, env=wsinetd.env)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    out = dict(line.split(b" ", 1) for line in r.stdout.splitlines())
    client = bytes.fromhex(out[b"CLIENT"].decode())
    assert client.startswith(b"HTTP/1.1 101 ")
    assert b"\x81\x05Hello" in client and client.endswith(b"\x88\x02\x03\xe8")
    assert bytes.fromhex(out[b"STDERR"].decode()) == b"", "nothing on stderr"
    fields = bytes.fromhex(out[b"JOURNAL"].decode()).decode().splitlines()
    assert "SYSLOG_IDENTIFIER=wsinetd" in fields
    assert "PRIORITY=6" in fields
    assert "WSINETD_STATUS=101" in fields
    assert "WSINETD_PATH=/journal" in fields
    assert "WSINETD_TARGET=echo" in fields
    assert "WSINETD_IN_BYTES=5" in fields and "WSINETD_OUT_MESSAGES=1" in fields
    assert "WSINETD_CLOSE_CODE=1000" in fields
    assert any(f.startswith("MESSAGE=") and '"GET /journal" 101' in f for f in fields)
    assert out[b"EXIT"] == b"0"


def test_check_prints_configuration(wsinetd):
    r = wsinetd.run("--check", "--max-message", "1000", "--subprotocol", "chat",
                    "tcp:[::1]:5900")
    assert r.returncode == 0, r.stderr
    assert b"target tcp:[::1]:5900" in r.stdout
    assert b"max-message 1000" in r.stdout
    assert b"subprotocol chat" in r.stdout


def test_usage_errors_exit_64(wsinetd):
    for args in (["--max-message", "0x10", "echo"], ["--max-message", "-1", "echo"],
                 ["--idle-timeout", "1e3", "echo"], ["tcp:host"], ["tcp:host:99999"],
                 ["tcp:::1:80"], ["nonsense"], ["--no-such-option", "echo"], [],
                 ["echo", "extra"],
                 # 17 of a repeatable option over its limit of 16
                 [a for i in range(17) for a in ("--subprotocol", "p%d" % i)] + ["echo"],
                 [a for i in range(17) for a in ("--origin", "https://%d" % i)] + ["echo"]):
        r = wsinetd.run(*args, stdin=subprocess.DEVNULL)
        assert r.returncode == 64, (args, r.returncode, r.stderr)
        assert b"wsinetd" in r.stderr, args


def test_help_and_version(wsinetd):
    r = wsinetd.run("--help")
    assert r.returncode == 0 and b"usage: wsinetd" in r.stdout
    r = wsinetd.run("--version")
    assert r.returncode == 0 and r.stdout.startswith(b"wsinetd ")
    assert b"http-parser 2." in r.stdout
