"""The README's systemd drop-ins for a cluster host, beside the shipped
Accept=no units: `systemd-analyze verify` accepts them without a word (and
does read them: a misspelt key in a drop-in is reported), and they say
what the per-host command the cluster test runs says: the same options
(--max-connections 512 is that command's default, as --check prints), the
same port, TLS on (the socket named tls), and the certificate, key and
ticket key as credentials in place of the files.  They cannot be started
here: that needs systemd as PID 1, which the test machine does not run
(tests/systemd/ boots the shipped units in a container)."""

import re
import shlex

from cluster import readme_block, readme_host_command
from test_units import INSTALLED, PREFORK_SERVICE, PREFORK_SOCKET, analyze, built_binary, \
    copy_units


def ini(text):
    """[(key, value)] of an ini block, comments left out."""
    return [tuple(ln.split("=", 1)) for ln in text.splitlines()
            if "=" in ln and not ln.startswith(("#", "["))]


def verify(tmp_path, socket_dropin, service_dropin):
    names = copy_units(tmp_path, built_binary(), PREFORK_SERVICE, PREFORK_SOCKET)
    for unit, text in ((PREFORK_SOCKET.name, socket_dropin), (PREFORK_SERVICE.name,
                                                              service_dropin)):
        d = tmp_path / (unit + ".d")
        d.mkdir(exist_ok=True)
        (d / "cluster.conf").write_text(text.replace(INSTALLED, str(built_binary())))
    r = analyze("verify", *names, cwd=tmp_path)
    return r.returncode, (r.stdout + r.stderr).strip()


def test_cluster_units(tmp_path, wsinetd):
    sock, svc = readme_block("socket drop-in"), readme_block("service drop-in")
    rc, out = verify(tmp_path, sock, svc)
    assert rc == 0 and not out, "verify exit %d:\n%s" % (rc, out)
    rc, out = verify(tmp_path, sock.replace("IPAddressDeny=", "IPAdressDeny="), svc)
    assert "IPAdressDeny" in out, out

    s, v = ini(sock), ini(svc)
    assert ("ListenStream", "") in s and ("FileDescriptorName", "tls") in s, s
    host = readme_host_command()
    listen = host[host.index("--listen") + 1]
    assert ("ListenStream", listen.rsplit(":", 1)[1]) in s, (s, listen)
    assert ("IPAddressDeny", "any") in s and any(k == "IPAddressAllow" for k, _ in s), s

    starts = [val for k, val in v if k == "ExecStart" and val]
    assert len(starts) == 1 and ("ExecStart", "") in v, v
    unit_words = shlex.split(starts[0])
    assert unit_words[0] == INSTALLED, unit_words
    i = unit_words.index("--max-connections")
    assert unit_words[i + 1] == "512"
    unit_opts = unit_words[1:i] + unit_words[i + 2:]
    # The command's options that systemd provides instead: the socket, TLS
    # on by its name, the files as credentials, and the dynamic user.
    provided = {"--listen": 1, "--tls": 1, "--tls-cert": 1, "--tls-key": 1,
                "--tls-ticket-key": 1, "--user": 1}
    cmd_opts, k = [], 1
    while k < len(host):
        if host[k] in provided:
            k += 1 + provided[host[k]]
            continue
        cmd_opts.append(host[k])
        k += 1
    assert unit_opts == cmd_opts, (unit_opts, cmd_opts)
    assert host[host.index("--tls") + 1] == "on", host
    creds = sorted(val.split(":", 1) for key, val in v if key == "LoadCredential")
    files = {"tls.crt": "--tls-cert", "tls.key": "--tls-key", "tls-ticket.key": "--tls-ticket-key"}
    assert [c[0] for c in creds] == sorted(files), creds
    for name, path in creds:
        assert host[host.index(files[name]) + 1] == path, (name, path, host)

    # --max-connections 512 is what the command gets by default.
    r = wsinetd.run("--check", *cmd_opts)
    assert r.returncode == 0, r.stderr
    assert re.search(r"^max-connections 512$", r.stdout.decode(), re.M), r.stdout
