"""A TLS key only root can read (mode 0600, owned by root) still works with
--user nobody: GnuTLS and the files are loaded before the drop, and the
handshake and the request are then parsed as nobody."""

import os
import pwd
import socket
import ssl

from helpers import RawClient, answer_close, expect_accept, wait_child
from test_gnutls_loaded_only_for_tls import self_signed


def test_privdrop_tls_files_before_drop(wsinetd, tmp_path):
    assert os.geteuid() == 0, "this case needs the suite's root"
    crt, key = self_signed(tmp_path)
    os.chmod(key, 0o600)
    srv = wsinetd.socket_activate("--user", "nobody", "--tls", "on", "--tls-cert", crt,
                                  "--tls-key", key, "echo", allow_root=False)
    ctx = ssl.create_default_context(cafile=str(crt))
    sock = ctx.wrap_socket(socket.create_connection((srv.host, srv.port), timeout=10),
                           server_hostname="lazy.test")
    c = RawClient(sock)
    expect_accept(c.handshake())
    pid = wait_child(srv.proc.pid)
    uid = open("/proc/%d/status" % pid).read().split("Uid:")[1].split()[0]
    assert int(uid) == pwd.getpwnam("nobody").pw_uid
    answer_close(c, 1000)
