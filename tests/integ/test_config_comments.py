"""--config: a "#" that starts a word starts a comment, after a value too
(the README's `target = echo   # the default route` works as printed); a
"#" inside a word stays; "\\#" is a literal "#" anywhere (issue 17 item 1)."""

from helpers import reached, tagged


def test_config_comments(wsinetd, backend, tmp_path):
    a = tagged(backend, b"A")
    conf = tmp_path / "wsinetd.conf"
    conf.write_text("# a whole-line comment\n"
                    "   # an indented one\n"
                    "ping-interval = 30 # seconds\n"
                    "max-message = 4096\t# after a tab\n"
                    "origin = https://h.example/#frag   # '#' inside a word\n"
                    "origin = \\#literal\n"
                    "route = /a = %s  # the A service\n"
                    "strip-prefix = yes # a yes/no option\n"
                    "target = echo   # the default route\n" % a.target)
    out = wsinetd.run("--config", conf, "--check")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    for want in ("ping-interval 30\n", "max-message 4096\n",
                 "origin https://h.example/#frag\n", "origin #literal\n",
                 "route /a %s\n" % a.target, "strip-prefix yes\n", "target echo\n"):
        assert want in text, (want, text)
    srv = wsinetd.socket_activate("--config", conf)
    assert reached(srv, "/a/x") == b"A"
