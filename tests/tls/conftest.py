"""Fixtures for tests/tls: a throwaway PKI made with certtool once per test
session.  (The sanitizer checks, in its directory and in the launchers'
logs, are the `wsinetd` fixture's, in tests/conftest.py.)

The `wsinetd` fixture itself (parametrized over the build variants) comes
from tests/conftest.py; the raw WebSocket client and backends come from
tests/integ/helpers.py, which is put on sys.path here.
"""

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integ"))     # helpers.py
sys.path.insert(0, str(HERE))                      # tlsutil.py

from tlsutil import Pki  # noqa: E402
from certtool import Certtool  # noqa: E402

# ---------------------------------------------------------------- the PKI

CA = 'cn = "wsinetd test CA"\nca\ncert_signing_key\ncrl_signing_key\nexpiration_days = 30\n'
CLIENT_CA = 'cn = "wsinetd test client CA"\nca\ncert_signing_key\nexpiration_days = 30\n'
OTHER_CA = 'cn = "unrelated CA"\nca\ncert_signing_key\nexpiration_days = 30\n'


def server_tmpl(cn, dns=None, ip=True, dates=None):
    t = 'cn = "%s"\ndns_name = "%s"\n' % (cn, dns or cn)
    if ip:
        t += 'ip_address = "127.0.0.1"\n'
    t += "tls_www_server\nsigning_key\nencryption_key\n"
    if dates:
        t += 'activation_date = "%s"\nexpiration_date = "%s"\n' % dates
    else:
        t += "expiration_days = 30\n"
    return t


def client_tmpl(cn, org=None):
    t = 'cn = "%s"\n' % cn
    if org:
        t += 'organization = "%s"\n' % org
    return t + "tls_www_client\nsigning_key\nexpiration_days = 30\n"


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """Certificates for every TLS case (ECDSA P-256, so making them is fast):

    ca            signs alpha, beta and expired
    alpha         CN/SAN alpha.test plus IP SAN 127.0.0.1
    beta          CN/SAN beta.test (no IP SAN)
    expired       CN expired.test, SAN alpha.test + 127.0.0.1, valid only in 2020
    client_ca     signs alice (CN=alice)
    client_ca     also signs bob (O=Example Org, CN="bob, the builder")
    other_ca      signs mallory (CN=mallory), unrelated to client_ca
    """
    d = tmp_path_factory.mktemp("pki")
    ct = Certtool(d)
    self_signed, signed = ct.self_signed, ct.signed

    ca = self_signed("ca", CA)
    client_ca = self_signed("client_ca", CLIENT_CA)
    other_ca = self_signed("other_ca", OTHER_CA)
    return Pki(
        dir=d,
        ca=ca[0],
        alpha=signed("alpha", server_tmpl("alpha.test"), ca),
        beta=signed("beta", server_tmpl("beta.test", ip=False), ca),
        expired=signed("expired", server_tmpl(
            "expired.test", dns="alpha.test",
            dates=("2020-01-01 00:00:00", "2020-02-01 00:00:00")), ca),
        client_ca=client_ca[0],
        alice=signed("alice", client_tmpl("alice"), client_ca),
        mallory=signed("mallory", client_tmpl("mallory"), other_ca),
        bob=signed("bob", client_tmpl("bob, the builder", org="Example Org"), client_ca),
    )

