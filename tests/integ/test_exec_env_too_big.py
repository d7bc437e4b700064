"""exec: the environment is bounded (EXEC_ENV_MAX, 64 KiB): past it the
client gets 502 and the log says why, instead of a cut environment."""

from helpers import refused, upgrade_request, wait_log_line


def test_exec_env_over_limit_is_502(wsinetd):
    path = "/usr/bin:/bin:" + ":".join(["/x" * 60] * 600)    # ~72 KiB
    srv = wsinetd.socket_activate("--passenv", "PATH", "exec:/bin/true",
                                  extra_env={"PATH": path})
    refused(srv, upgrade_request(), 502)
    wait_log_line(srv, "environment over 65536 bytes")
