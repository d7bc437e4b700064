"""Ticket key rotation across the cluster: `wsinetd --gen-ticket-key`
writes a new key and each host gets its copy by rename (what a
distribution job does).  A session whose ticket was issued under the old
key then gets a full handshake on any host: no error, the echo works, the
access line says resumed=0, and no host logs anything about it.  The new
key's tickets resume across hosts at once, since every handler reads the
key file per connection.  While a rotation is only half distributed, a
ticket meets a host with the other key: a full handshake again, never a
failure."""


def test_cluster_ticket_rotation(cluster):
    h1, h2, h3 = cluster.hosts
    cluster.only("host1")
    _, old, _ = cluster.tls_echo()
    cluster.only("host2")
    local, _, reused = cluster.tls_echo(old)
    assert reused, cluster.access_line(h2, local)      # shared before the rotation

    cluster.rotate_ticket_key()
    cluster.only("host3")
    local, new, reused = cluster.tls_echo(old)
    line = cluster.access_line(h3, local)
    assert not reused and " resumed=0" in line, line
    cluster.only("host1")
    local, _, reused = cluster.tls_echo(new)
    line = cluster.access_line(h1, local)
    assert reused and " resumed=1" in line, line

    # Half distributed: host2 has the newest key, host1 and host3 not yet.
    cluster.rotate_ticket_key([h2])
    cluster.only("host2")
    local, newest, reused = cluster.tls_echo(new)       # host3's ticket, old key
    assert not reused and " resumed=0" in cluster.access_line(h2, local)
    cluster.only("host3")
    local, _, reused = cluster.tls_echo(newest)         # host2's ticket, new key
    assert not reused and " resumed=0" in cluster.access_line(h3, local)
    cluster.rotate_ticket_key([h1, h3], fresh=False)    # finished
    local, _, reused = cluster.tls_echo(newest)
    assert reused and " resumed=1" in cluster.access_line(h3, local)

    for h in cluster.hosts:
        assert cluster.other_lines(h) == [], h.log()
