"""--web does not serve hidden names: a path with a segment that starts
with '.' (/.git/config, /.env, /sub/.htpasswd, however it is spelled:
%2e, "//", "/./") is 404, with a log line naming --web-dotfiles, and the
connection stays alive as for any 404.  /.well-known/ (RFC 8615: ACME
http-01 challenges, security.txt) is served, but not a hidden name below
it.  With --web-dotfiles every one of them is served."""

import pytest

from helpers import wait_log_line
from webutil import Http

FILES = {
    ".git/config": b"[core]\n\trepositoryformatversion = 0\n",
    ".git/index.html": b"hidden index\n",
    ".env": b"SECRET=1\n",
    "sub/.htpasswd": b"admin:$apr1$x\n",
    "sub/ok.txt": b"fine\n",
    ".well-known/acme-challenge/tok123": b"tok123.thumb\n",
    ".well-known/security.txt": b"Contact: mailto:sec@example\n",
    ".well-known/.hidden": b"no\n",
    "index.html": b"<p>home\n",
}

HIDDEN = {
    "/.git/config": ".git/config",
    "/.git/": ".git/index.html",
    "/%2egit/config": ".git/config",
    "/%2Eenv": ".env",
    "/.env": ".env",
    "//.env": ".env",
    "/./.env?x=1": ".env",
    "/sub/.htpasswd": "sub/.htpasswd",
    "/.well-known/.hidden": ".well-known/.hidden",
}

SERVED = {
    "/.well-known/acme-challenge/tok123": ".well-known/acme-challenge/tok123",
    "/.well-known/security.txt": ".well-known/security.txt",
    "/sub/ok.txt": "sub/ok.txt",
    "/": "index.html",
}


@pytest.fixture
def www(tmp_path):
    d = tmp_path / "www"
    for rel, data in FILES.items():
        (d / rel).parent.mkdir(parents=True, exist_ok=True)
        (d / rel).write_bytes(data)
    return d


def test_web_dotfiles_refused(wsinetd, www):
    srv = wsinetd.socket_activate("--web", www, "echo")
    c = Http.connect(srv)
    for path in HIDDEN:
        r = c.get(path)
        assert r.status == 404 and FILES[HIDDEN[path]] not in r.body, (path, r)
    for path, rel in SERVED.items():     # the same connection: kept alive
        r = c.get(path)
        assert (r.status, r.body) == (200, FILES[rel]), (path, r)
    c.close()
    wait_log_line(srv, '"GET /.git/config": a name starting with \'.\' under --web, '
                  'answered 404 (--web-dotfiles serves them)')


def test_web_dotfiles_served(wsinetd, www):
    srv = wsinetd.socket_activate("--web", www, "--web-dotfiles", "echo")
    c = Http.connect(srv)
    for path, rel in list(HIDDEN.items()) + list(SERVED.items()):
        r = c.get(path)
        assert (r.status, r.body) == (200, FILES[rel]), (path, r)
    c.close()


def test_web_dotfiles_check(wsinetd, www):
    r = wsinetd.run("--check", "--web", www, "echo")
    assert "web-dotfiles no (404, but /.well-known/)" in r.stdout.decode(), r
    r = wsinetd.run("--check", "--web", www, "--web-dotfiles", "echo")
    assert "web-dotfiles yes" in r.stdout.decode(), r
