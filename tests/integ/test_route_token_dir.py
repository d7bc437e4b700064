"""--token-file DIR: websockify's --token-source may be a directory of
token files (one per desktop, written by whatever provisions it), so ours
may be too.  Its regular files are read per connection in name order, the
first match wins; dot files (editor swap files) and subdirectories are
skipped, and a file added between two connections applies to the next.
A NAME may contain ':' when ": " separates it from the target, as in
websockify.  An unknown token is 404; a missing directory is 500."""

import os

from helpers import reached, refused, tagged, upgrade_request, wait_log_line


def test_route_token_dir(wsinetd, backend, tmp_path):
    a, b, c, d = (tagged(backend, t) for t in (b"A", b"B", b"C", b"D"))
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    (tokens / "10-alice").write_text("alice: 127.0.0.1:%d\n" % a.port)
    (tokens / "20-bob").write_text("# bob's desktops\nbob:vm:1: 127.0.0.1:%d\n"
                                   "alice: 127.0.0.1:%d\n" % (b.port, b.port))
    (tokens / ".20-bob.swp").write_text("carol: 127.0.0.1:%d\n" % c.port)
    (tokens / "sub").mkdir()
    (tokens / "sub" / "x").write_text("carol: 127.0.0.1:%d\n" % c.port)
    os.mkfifo(tokens / "fifo")
    for p in tmp_path.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    tmp_path.chmod(0o755)           # read per connection, as nobody under --user
    srv = wsinetd.socket_activate("--token-file", tokens, d.target)

    assert reached(srv, "/websockify?token=alice") == b"A"     # 10-alice first
    assert reached(srv, "/websockify?token=bob:vm:1") == b"B"
    refused(srv, upgrade_request(path="/websockify?token=carol"), 404)
    assert "token carol is not in %s, answered 404" % tokens in srv.log()
    assert reached(srv, "/websockify") == b"D"

    (tokens / "30-carol").write_text("carol: 127.0.0.1:%d\n" % c.port)
    (tokens / "30-carol").chmod(0o644)
    assert reached(srv, "/websockify?token=carol") == b"C"
    wait_log_line(srv, "target=tcp:127.0.0.1:%d" % c.port, "route=token")


def test_route_token_dir_missing(wsinetd, backend, tmp_path):
    d = tagged(backend, b"D")
    srv = wsinetd.socket_activate("--token-file", tmp_path / "gone", d.target)
    refused(srv, upgrade_request(path="/websockify?token=alice"), 500)
    assert "token file %s: No such file or directory" % (tmp_path / "gone") in srv.log()


def test_route_token_dir_symlink(wsinetd, backend, tmp_path):
    """A symbolic link in the directory is skipped with a line, wherever it
    points: a link to /etc/passwd made `?token=root` a 500 whose log line
    quoted root's passwd entry (a black-box attack found it), and the
    client could probe any file the user may read for NAME: lines."""
    d = tagged(backend, b"D")
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    (tokens / "10-alice").write_text("alice: 127.0.0.1:%d\n" % d.port)
    (tokens / "20-passwd").symlink_to("/etc/passwd")
    (tokens / "30-inside").symlink_to(tokens / "10-alice")
    for p in (tokens, tmp_path):
        p.chmod(0o755)
    (tokens / "10-alice").chmod(0o644)
    srv = wsinetd.socket_activate("--token-file", tokens, d.target)
    refused(srv, upgrade_request(path="/websockify?token=root"), 404)
    log = srv.log()
    assert "root:/root" not in log, log
    wait_log_line(srv, "%s/20-passwd: a symbolic link" % tokens, "skipped")
    wait_log_line(srv, "%s/30-inside: a symbolic link" % tokens, "skipped")
    assert reached(srv, "/websockify?token=alice") == b"D"
