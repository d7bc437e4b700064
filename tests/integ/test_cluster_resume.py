"""A TLS session made through one host resumes through the others: the
hosts read copies of one ticket key file, so a ticket host1 issued opens
an abbreviated handshake on host2 and host3 (HAProxy is told which host
to use through its admin socket: the others are put in maintenance for
new connections).  The client sees a resumed session, the host's access
line says resumed=1, and the echo works."""


def test_cluster_resume(cluster):
    h1, h2, h3 = cluster.hosts
    cluster.only("host1")
    local, session, reused = cluster.tls_echo()
    assert not reused and session is not None and session.has_ticket
    assert " resumed=0" in cluster.access_line(h1, local)

    resumed = 0
    for h in (h2, h3):
        cluster.only(h.name)
        local, _, reused = cluster.tls_echo(session)
        line = cluster.access_line(h, local)
        assert reused, line
        assert " tls=TLS1.3 " in line and " resumed=1" in line, line
        resumed += 1
    print("sessions made on host1 and resumed on another host: %d of 2" % resumed)
