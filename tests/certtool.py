"""Test certificates with GnuTLS's certtool (Debian gnutls-bin), shared by
tests/tls, the passthrough cases and the front-proxy cases.  ECDSA keys,
so making a PKI takes milliseconds."""

import shutil
import subprocess
from pathlib import Path


class Certtool:
    """Keys, templates and certificates in directory d."""

    def __init__(self, d):
        self.bin = shutil.which("certtool")
        assert self.bin, "certtool (Debian gnutls-bin) is needed to make test certificates"
        self.dir = Path(d)
        self.dir.mkdir(parents=True, exist_ok=True)

    def run(self, *args):
        r = subprocess.run([self.bin, *map(str, args)], capture_output=True, timeout=30)
        assert r.returncode == 0, (args, r.stderr.decode(errors="replace"))

    def key(self, name):
        p = self.dir / (name + ".key")
        self.run("--generate-privkey", "--key-type", "ecdsa", "--outfile", p)
        return p

    def template(self, name, text):
        p = self.dir / (name + ".tmpl")
        p.write_text(text)
        return p

    def self_signed(self, name, text):
        """(certificate, key) of a self-signed certificate from template text."""
        k = self.key(name)
        c = self.dir / (name + ".crt")
        self.run("--generate-self-signed", "--load-privkey", k,
                 "--template", self.template(name, text), "--outfile", c)
        return c, k

    def signed(self, name, text, ca):
        """(certificate, key) signed by ca, a (certificate, key) pair."""
        k = self.key(name)
        c = self.dir / (name + ".crt")
        self.run("--generate-certificate", "--load-privkey", k,
                 "--load-ca-certificate", ca[0], "--load-ca-privkey", ca[1],
                 "--template", self.template(name, text), "--outfile", c)
        return c, k
