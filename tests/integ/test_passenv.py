"""--passenv NAME (repeatable) hands NAME from wsinetd's environment to
exec: programs, as websocketd's --passenv does; without it nothing of
wsinetd's environment goes through, and the program's PATH is the fixed
/usr/local/bin:/usr/bin:/bin, not root's or the launcher's, and is also
where a PROGRAM without a slash is looked up (issue 17 item 10).  A name
the CGI environment sets per connection cannot be passed."""

import pytest

from helpers import (RawClient, close_frame, expect_accept, log_message, refused,
                     upgrade_request, wait_log_line)


def program_env(srv):
    c = RawClient.connect(srv.host, srv.port)
    expect_accept(c.handshake())
    data, code = c.read_until_close()
    assert code == 1000, code
    c.send(close_frame(1000))
    c.read_to_eof()
    c.close()
    return dict(kv.decode().split("=", 1) for kv in data.split(b"\0") if kv)


def test_passenv_names_pass(wsinetd, tmp_path):
    extra = {"LANG": "C.UTF-8", "WSINETD_SECRET": "stays", "PATH": "%s:/usr/bin:/bin" % tmp_path}
    srv = wsinetd.socket_activate("--passenv", "LANG", "--passenv", "UNSET_17",
                                  "exec:/usr/bin/env", "-0", extra_env=extra)
    env = program_env(srv)
    assert env["LANG"] == "C.UTF-8"
    assert "UNSET_17" not in env and "WSINETD_SECRET" not in env
    assert env["PATH"] == "/usr/local/bin:/usr/bin:/bin", env["PATH"]


def test_passenv_path(wsinetd, tmp_path):
    # A program found only in the PATH wsinetd was given: with --passenv
    # PATH it is found there and gets that PATH ...
    prog = tmp_path / "only-here"
    prog.write_text("#!/bin/sh\nexec /usr/bin/env -0\n")
    prog.chmod(0o755)
    path = "%s:/usr/bin:/bin" % tmp_path
    srv = wsinetd.socket_activate("--passenv", "PATH", "exec:only-here", extra_env={"PATH": path})
    assert program_env(srv)["PATH"] == path
    # ... and without it, it is not: 502, and the log says where it looked.
    srv = wsinetd.socket_activate("exec:only-here", extra_env={"PATH": path})
    refused(srv, upgrade_request(), 502)
    line = wait_log_line(srv, "exec only-here:")
    assert log_message(line).endswith(
        ": exec only-here: not found in PATH (/usr/local/bin:/usr/bin:/bin; --passenv PATH "
        "passes wsinetd's own), answered 502"), line


@pytest.mark.parametrize("name,why", [
    ("REMOTE_ADDR", "--passenv REMOTE_ADDR: set per connection by wsinetd itself"),
    ("HTTP_HOST", "--passenv HTTP_HOST: HTTP_* and SSL_* are set per connection by wsinetd itself"),
    ("A-B", "--passenv A-B: want a variable name (letters, digits, _)"),
])
def test_passenv_refused(wsinetd, name, why):
    out = wsinetd.run("--passenv", name, "echo")
    assert out.returncode == 64, out
    assert log_message(out.stderr.decode().splitlines()[0]) == why, out.stderr
