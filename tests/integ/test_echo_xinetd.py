"""Echo under xinetd (wait = no: the connected socket is fds 0, 1 and 2).

The test runs its own xinetd with one UNLISTED service per target; sanitizer
options are passed through xinetd's env attribute so reports still land in
the fixture's directory.  Same messages (0 B to 4 MiB) and targets as
test_echo_accept.py.
"""

from helpers import echo_all_targets, free_port, messages, ws_url


def test_echo_xinetd(wsinetd, xinetd, tmp_path):
    msgs = messages()

    def url_for(target):
        port = free_port()
        xinetd(wsinetd, target, port)
        return ws_url("127.0.0.1", port)

    echo_all_targets(tmp_path, url_for, msgs)
