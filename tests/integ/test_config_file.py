"""--config FILE: every option as name = value lines, routes and the
default target included, comments and blank lines ignored; errors name
the file and the line and exit 78 (bad configuration)."""

from helpers import log_message, reached, tagged


def test_config_file_routes(wsinetd, backend, tmp_path):
    a, d = tagged(backend, b"A"), tagged(backend, b"D")
    conf = tmp_path / "wsinetd.conf"
    conf.write_text("# one port, two services\n"
                    "\n"
                    "route = /a = %s\n"
                    "  max-message = 65536  \n"
                    "strip-prefix = yes\n"
                    "compress = no\n"
                    "target = %s\n" % (a.target, d.target))
    srv = wsinetd.socket_activate("--config", conf)
    assert reached(srv, "/a/x") == b"A"
    assert reached(srv, "/b") == b"D"
    out = wsinetd.run("--config", conf, "--check")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert "route /a %s\n" % a.target in text, text
    assert "target %s\n" % d.target in text, text
    assert "max-message 65536\n" in text and "strip-prefix yes\n" in text, text
    assert "compress no\n" in text, text


def test_config_file_command_line_target_wins(wsinetd, tmp_path):
    conf = tmp_path / "c.conf"
    conf.write_text("target = tcp:127.0.0.1:1\n")
    out = wsinetd.run("--config", conf, "--check", "echo")
    assert out.returncode == 0 and b"target echo\n" in out.stdout, out


def test_config_file_errors_name_file_and_line(wsinetd, tmp_path):
    cases = [
        ("target = echo\nbogus = 1\n", 2, 'unknown option "bogus"'),
        ("\n\nroute = /x\n", 3, "--route /x: want [HOST]/PATH=TARGET"),
        ("max-message = 12k\n", 1, "--max-message 12k: not a plain decimal number"),
        ("strip-prefix = maybe\n", 1, "maybe: want yes or no"),
        ("web\n", 1, "web needs a value"),
        ("config = other\n", 1, "config belongs on the command line"),
        ("target =\n", 1, "target needs a value: target = TARGET"),
        # README's own example line, then the common mistakes (issue 17)
        ("target = echo   # the default route\nbogus\n", 2, 'unknown option "bogus"'),
        ("\ntarget = tcp:localhost\n", 2, "target tcp:localhost: not a TARGET: the port is "
         "missing: write tcp:HOST:PORT, e.g. tcp:localhost:5900"),
        ("target = localhost:5900\n", 1, "target localhost:5900: not a TARGET: a TCP service "
         "is written tcp:localhost:5900"),
        ("target = echo\nping-interval = 30s # seconds\n", 2,
         "--ping-interval 30s: not a plain decimal number"),
    ]
    for text, line, msg in cases:
        conf = tmp_path / "bad.conf"
        conf.write_text(text)
        out = wsinetd.run("--config", conf, "echo")
        err = out.stderr.decode()
        assert out.returncode == 78, (text, out)
        first = err.splitlines()[0]
        assert log_message(first).startswith("%s:%d: %s" % (conf, line, msg)), (text, err)


def test_config_file_missing(wsinetd, tmp_path):
    out = wsinetd.run("--config", tmp_path / "nope.conf", "echo")
    assert out.returncode == 78
    assert b"--config %s: No such file or directory" % str(tmp_path / "nope.conf").encode() \
        in out.stderr, out.stderr
