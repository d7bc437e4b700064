"""`wsinetd --gen-ticket-key FILE` writes 64 random bytes with mode 0600,
replacing an old file atomically (a new inode), and prints nothing.  A
ticket key file that is not exactly 64 bytes is a configuration error:
the connection is closed, exit 78, a log line says "ticket key"; so is a
missing one."""

import os
import stat
import subprocess

from tlsutil import TlsClient, client_ctx, tls_server, wait_exit_code


def test_gen_ticket_key(wsinetd, tmp_path):
    k = tmp_path / "ticket.key"
    r = wsinetd.run("--gen-ticket-key", k, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    assert r.stdout == b"" and r.stderr == b"", (r.stdout, r.stderr)
    st = k.stat()
    assert st.st_size == 64, st.st_size
    assert stat.S_IMODE(st.st_mode) == 0o600, oct(st.st_mode)
    first = k.read_bytes()
    assert len(set(first)) > 16, "64 bytes that do not look random: %r" % first

    # Replace an existing, world-readable file: new inode, 0600, new bytes.
    os.chmod(k, 0o644)
    old_ino = k.stat().st_ino
    r = wsinetd.run("--gen-ticket-key", k, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    st = k.stat()
    assert st.st_size == 64 and stat.S_IMODE(st.st_mode) == 0o600, (st.st_size, oct(st.st_mode))
    assert st.st_ino != old_ino, "the old file was rewritten in place, not replaced atomically"
    assert k.read_bytes() != first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sanitizer", "ticket.key"], \
        "temporary files left behind: %r" % sorted(p.name for p in tmp_path.iterdir())


def test_bad_size_ticket_key(wsinetd, pki, tmp_path):
    # One launcher; the key file is read per connection, so each size is
    # written before its own connection.
    k = tmp_path / "bad.key"
    k.write_bytes(b"")
    os.chmod(k, 0o600)
    srv = tls_server(wsinetd, pki, "--tls-ticket-key", k, "echo")
    for n, size in enumerate((63, 65, 0, 128, None), 1):
        if size is None:            # and a missing file
            k.unlink()
        else:
            k.write_bytes(os.urandom(size))
        failed = None
        try:
            c = TlsClient.connect(srv.host, srv.port, client_ctx(pki), sni="alpha.test", timeout=5)
            c.upgrade()
            c.close()
        except (OSError, AssertionError) as e:    # ssl.SSLError is an OSError
            failed = e
        assert failed is not None, "a %d-byte ticket key was accepted" % size
        assert wait_exit_code(srv, n) == 78, "%d-byte key:\n%s" % (size, srv.log())
    lines = [ln for ln in srv.log().splitlines() if "wsinetd[" in ln and "ticket key" in ln]
    assert len(lines) == 5, srv.log()
