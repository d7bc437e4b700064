"""Certificate configuration errors.  At connection time: TLS on but no
certificate configured, or a certificate/key file missing or invalid,
closes the connection (the client never completes a handshake), logs a
line with "TLS certificate" and the file name, and exits 78.  With
--check the same files are loaded up front: exit 0 when good, 78 with the
reason on stderr when not.  An invalid --tls-priority is 78 too, and the
message names the string."""

import ssl
import subprocess

from helpers import wait_log_line
from tlsutil import TlsClient, client_ctx, tls_server, wait_exit_code


def handshake_fails(srv, pki):
    try:
        c = TlsClient.connect(srv.host, srv.port, client_ctx(pki, verify=False), timeout=5)
    except (ssl.SSLError, ConnectionError) as e:
        return e
    c.close()
    raise AssertionError("the handshake completed")


def config_error(srv, pki, *words):
    handshake_fails(srv, pki)
    assert wait_exit_code(srv) == 78, srv.log()
    return wait_log_line(srv, *words)


def test_tls_on_without_certificate(wsinetd, pki):
    srv = wsinetd.socket_activate("echo", launcher_args=("--fdname=tls",))
    config_error(srv, pki, "TLS certificate")


def test_credentials_directory_without_files(wsinetd, pki, tmp_path):
    d = tmp_path / "empty-credentials"
    d.mkdir()
    srv = wsinetd.socket_activate("echo", extra_env={"CREDENTIALS_DIRECTORY": str(d)},
                                  launcher_args=("--fdname=tls",))
    config_error(srv, pki, "TLS certificate")


def test_missing_cert_file(wsinetd, pki, tmp_path):
    missing = tmp_path / "no-such.crt"
    srv = wsinetd.socket_activate("--tls-cert", missing, "--tls-key", pki.alpha[1], "echo",
                                  launcher_args=("--fdname=tls",))
    config_error(srv, pki, "TLS certificate", str(missing))


def test_unreadable_key_file(wsinetd, pki, tmp_path):
    # A directory: unreadable as a file even for root (mode 0 is not).
    key = tmp_path / "key-is-a-directory"
    key.mkdir()
    srv = wsinetd.socket_activate("--tls-cert", pki.alpha[0], "--tls-key", key, "echo",
                                  launcher_args=("--fdname=tls",))
    config_error(srv, pki, "TLS certificate", str(key))


def test_garbage_cert_file(wsinetd, pki, tmp_path):
    bad = tmp_path / "garbage.crt"
    bad.write_text("this is not a certificate\n")
    srv = wsinetd.socket_activate("--tls-cert", bad, "--tls-key", pki.alpha[1], "echo",
                                  launcher_args=("--fdname=tls",))
    config_error(srv, pki, "TLS certificate", str(bad))


def test_bad_second_pair(wsinetd, pki, tmp_path):
    # Every pair is loaded: a bad second pair is an error even for a client
    # whose SNI names the first.
    bad = tmp_path / "bad-beta.key"
    bad.write_text("garbage\n")
    srv = wsinetd.socket_activate(*pki.args("alpha"), "--tls-cert", pki.beta[0],
                                  "--tls-key", bad, "echo", launcher_args=("--fdname=tls",))
    config_error(srv, pki, "TLS certificate", str(bad))


def test_invalid_priority(wsinetd, pki):
    prio = "NORMAL:+NO-SUCH-THING-42"
    srv = tls_server(wsinetd, pki, "--tls-priority", prio, "echo")
    config_error(srv, pki, prio)


def check(wsinetd, *args):
    r = wsinetd.run("--check", "--tls", "on", *args, "echo", stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")


def test_check_good_pair(wsinetd, pki):
    rc, out = check(wsinetd, *pki.args("alpha", "beta"))
    assert rc == 0, out


def test_check_missing_and_invalid(wsinetd, pki, tmp_path):
    missing = tmp_path / "missing.key"
    rc, out = check(wsinetd, "--tls-cert", pki.alpha[0], "--tls-key", missing)
    assert rc == 78 and str(missing) in out and "TLS certificate" in out, (rc, out)
    bad = tmp_path / "bad.crt"
    bad.write_text("nope\n")
    rc, out = check(wsinetd, "--tls-cert", bad, "--tls-key", pki.alpha[1])
    assert rc == 78 and str(bad) in out and "TLS certificate" in out, (rc, out)
    # A key that does not belong to its certificate.
    rc, out = check(wsinetd, "--tls-cert", pki.alpha[0], "--tls-key", pki.beta[1])
    assert rc == 78 and "TLS certificate" in out, (rc, out)


def test_check_invalid_priority(wsinetd, pki):
    prio = "NORMAL:+NO-SUCH-THING-42"
    rc, out = check(wsinetd, *pki.args("alpha"), "--tls-priority", prio)
    assert rc == 78 and prio in out, (rc, out)
