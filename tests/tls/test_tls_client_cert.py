"""--tls-client-ca: a client certificate is required and verified.

alice (signed by the client CA) gets through and the access line carries
client="CN=alice"; mallory (an unrelated CA) and a client without a
certificate fail the handshake with a TLS alert (an SSL error at the
client, never a 101) and the log says "client certificate refused:" and
why."""

import ssl

from helpers import OP_TEXT, frame, wait_log_line
from tlsutil import TlsClient, client_ctx, expect_tls_line, tls_server, wait_no_handlers


def start(wsinetd, pki):
    return tls_server(wsinetd, pki, "--tls-client-ca", pki.client_ca, "echo", names=("alpha",))


def test_client_cert_alice_accepted(wsinetd, pki):
    srv = start(wsinetd, pki)
    c = TlsClient.connect(srv.host, srv.port, client_ctx(pki, cert=pki.alice), sni="alpha.test")
    c.upgrade()
    c.send(frame(OP_TEXT, "hello from alice"))
    assert c.read_message() == (OP_TEXT, b"hello from alice")
    peer = c.local
    c.close()
    expect_tls_line(srv, peer, client="CN=alice", sni="alpha.test")


def test_client_dn_is_rfc4514(wsinetd, pki):
    # RFC 4514 §2.1: the last RDN of the sequence first (CN before O), and
    # §2.4: a comma inside a value is escaped as "\,".  The log may escape
    # that backslash once more inside its quotes.
    srv = start(wsinetd, pki)
    c = TlsClient.connect(srv.host, srv.port, client_ctx(pki, cert=pki.bob), sni="alpha.test")
    c.upgrade()
    peer = c.local
    c.close()
    _, f = expect_tls_line(srv, peer)
    want = "CN=bob\\, the builder,O=Example Org"
    assert f.get("client") in (want, want.replace("\\", "\\\\")), \
        "client=%r, wanted the RFC 4514 DN %r" % (f.get("client"), want)


def refused(srv, ctx):
    """The client must see an SSL error (at the handshake, or under TLS 1.3
    at its first read after it) and no HTTP response.  Nothing is sent
    after the handshake, so the alert is not lost to a reset."""
    c = None
    try:
        c = TlsClient.connect(srv.host, srv.port, ctx, sni="alpha.test", timeout=5)
        got = c.sock.recv(4096)
    except ssl.SSLEOFError as e:
        raise AssertionError("connection closed without a TLS alert: %r" % e)
    except ssl.SSLError as e:
        return e
    except TimeoutError:
        raise AssertionError("handshake accepted: the server is waiting for a request")
    finally:
        if c is not None:
            c.close()
    raise AssertionError("no TLS alert; the server sent %r" % got)


def test_client_cert_mallory_refused(wsinetd, pki):
    srv = start(wsinetd, pki)
    err = refused(srv, client_ctx(pki, cert=pki.mallory))
    print(err)
    line = wait_log_line(srv, "client certificate refused:")
    assert line.split("client certificate refused:", 1)[1].strip(), "no reason: %r" % line
    wait_no_handlers(srv)
    assert 'client="' not in srv.log(), srv.log()


def test_client_cert_missing_refused(wsinetd, pki):
    srv = start(wsinetd, pki)
    err = refused(srv, client_ctx(pki))
    print(err)
    line = wait_log_line(srv, "client certificate refused:")
    assert line.split("client certificate refused:", 1)[1].strip(), "no reason: %r" % line
    wait_no_handlers(srv)
