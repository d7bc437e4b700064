"""exec: the program is forked before the relay's seccomp filter is
installed, so it may make calls the relay may not (openat, execve,
uname...), while the relay itself runs filtered (Seccomp: 2)."""

from harness import proc_stat
from helpers import close_frame, open_ws


def test_exec_child_runs_unfiltered(wsinetd):
    srv = wsinetd.socket_activate(
        "exec:/bin/sh", "-c",
        "echo $PPID; grep '^Seccomp:' /proc/self/status; uname -s; ls / >/dev/null && echo ls-ok; "
        "read l")
    c = open_ws(srv)
    got = b""
    while got.count(b"\n") < 4:
        op, payload = c.read_message()
        got += payload
    relay, seccomp, uname, ls = got.decode().splitlines()
    assert seccomp.split() == ["Seccomp:", "0"], seccomp
    assert uname == "Linux" and ls == "ls-ok"
    status = open("/proc/%s/status" % relay).read()
    assert "Seccomp:\t2" in status, status
    c.send(close_frame(1000))
    assert c.read_until_close() == (b"", 1000)
    c.close()
