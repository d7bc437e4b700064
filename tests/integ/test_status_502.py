"""A backend that cannot be reached gets 502, and the process exits 1, as
the man page's EXIT STATUS says (xinetd's log_on_exit = EXIT and a systemd
instance's result tell a dead backend from a normal close by it): a closed
tcp: port, a missing unix: socket, an exec: program that does not exist.
Before, http_fail() reset the status to 0 after it was set (black-box
attack F10)."""

import harness
from helpers import free_port, launcher_exit_codes, refused, upgrade_request


def test_status_502(wsinetd, tmp_path):
    port = free_port()     # bound then closed: nothing listens there
    for target in ("tcp:127.0.0.1:%d" % port, "unix:%s" % (tmp_path / "gone.sock"),
                   "exec:/nonexistent/prog"):
        srv = wsinetd.socket_activate(target)
        refused(srv, upgrade_request(), 502)
        harness.wait_for(lambda: launcher_exit_codes(srv) == [1],
                         what="the handler for %s to exit 1: %s" % (target, srv.log()))
