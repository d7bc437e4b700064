"""Echo under systemd-socket-activate --accept (a .socket with Accept=yes).

python3-websockets sends random binary and text messages of 0 B to 4 MiB to
each kind of target: `echo` must return each message whole and of the same
type; tcp:, unix:PATH and unix:@NAME echo backends must return the same
bytes (in binary messages of any size).  Checked by sha256.
"""

from helpers import echo_all_targets, messages


def test_echo_accept(wsinetd, tmp_path):
    msgs = messages()
    echo_all_targets(tmp_path, lambda t: wsinetd.socket_activate(t).url, msgs)
