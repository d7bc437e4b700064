"""--user nobody under systemd-socket-activate --accept, started as root:
while the WebSocket is open, the handler runs as nobody's uid and gid with
no supplementary groups and NoNewPrivs set (/proc/PID/status), and the echo
still works."""

import os
import pwd


from helpers import OP_TEXT, RawClient, answer_close, expect_accept, frame, wait_child


def status_fields(pid):
    out = {}
    for ln in open("/proc/%d/status" % pid).read().splitlines():
        k, _, v = ln.partition(":")
        out[k] = v.split()
    return out


def test_privdrop_user(wsinetd):
    assert os.geteuid() == 0, "this case needs the suite's root"
    nobody = pwd.getpwnam("nobody")
    srv = wsinetd.socket_activate("--user", "nobody", "echo", allow_root=False)
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake())
    c.send(frame(OP_TEXT, b"as nobody"))
    assert c.read_message() == (OP_TEXT, b"as nobody")
    st = status_fields(wait_child(srv.proc.pid))
    assert st["Uid"] == [str(nobody.pw_uid)] * 4, st["Uid"]
    assert st["Gid"] == [str(nobody.pw_gid)] * 4, st["Gid"]
    assert st["Groups"] == [], st["Groups"]
    assert st["NoNewPrivs"] == ["1"], st["NoNewPrivs"]
    assert st["CapEff"] == ["0000000000000000"], st["CapEff"]
    answer_close(c, 1000)
    assert "running as root" not in srv.log(), srv.log()
