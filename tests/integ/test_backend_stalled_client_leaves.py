"""tcp: and unix: backends that stop reading, and a client that then
leaves without a Close (FIN only).  wsinetd has stopped reading the client
(its buffers for the backend are full), so it must notice the FIN without
reading: after CLOSE_WAIT_MS (3 s) without progress it drops the bytes the
backend never took, says how many in the log, and exits.  Before, it
waited for the stalled backend for ever."""

import threading
import time

import pytest

from harness import children
from helpers import OP_BIN, Backend, frame, open_ws, wait_log_line


def recv_queue(port, peer_port):
    """Bytes waiting in the receive queue of wsinetd's socket to the client."""
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        f = line.split()
        if (int(f[1].split(":")[1], 16) == port and
                int(f[2].split(":")[1], 16) == peer_port):
            return int(f[4].split(":")[1], 16)
    return 0


def stopped_reading(port, peer_port):
    """A queue that stays for 0.5 s: on a loaded machine a handler that is
    only slow to read also leaves bytes in it for a moment."""
    for _ in range(10):
        if recv_queue(port, peer_port) == 0:
            return False
        time.sleep(0.05)
    return True


def stalled_handler(conn, backend):
    """Accept, never read, hold the connection until the test ends."""
    backend.release.wait(30)


@pytest.mark.parametrize("kind", ["tcp", "unix"])
def test_backend_stalled_client_leaves(wsinetd, tmp_path, kind):
    backend = Backend(stalled_handler, kind=kind, path=tmp_path / "s",
                      rcvbuf=4096)
    backend.release = threading.Event()
    try:
        srv = wsinetd.socket_activate(backend.target)
        c = open_ws(srv)
        peer = c.local
        assert backend.accepted.wait(5)
        # Send until wsinetd stops reading us (bytes wait in its socket's
        # receive queue): its buffers and the kernel's queue to the backend
        # are full.  The queue is far from full, so our FIN still arrives.
        for _ in range(200):
            c.send(frame(OP_BIN, b"\0" * (128 << 10)))
            time.sleep(0.05)
            if stopped_reading(srv.port, c.sock.getsockname()[1]):
                break
        else:
            pytest.fail("wsinetd never stopped reading the client")
        t0 = time.monotonic()
        c.close()
        end = t0 + 10
        while time.monotonic() < end and children(srv.proc.pid):
            time.sleep(0.05)
        took = time.monotonic() - t0
        assert not children(srv.proc.pid), srv.log()
        assert 3.0 <= took < 6, (took, srv.log())
        line = wait_log_line(srv, peer, "no progress for 3000 ms while closing")
        assert "for the backend dropped" in line
        assert " 0 bytes for the backend" not in line
        wait_log_line(srv, peer, " 101 ")
    finally:
        backend.release.set()
        backend.close()
