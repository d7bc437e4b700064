"""The deployment files in units/ are accepted by the tools that run them.

- systemd: `systemd-analyze verify` must accept wsinetd.socket and
  wsinetd@.service without a word, with ExecStart= pointing at the built
  binary (verify checks that the command is executable).  A broken copy
  must be rejected, so a verify that checks nothing cannot pass.
- The service's hardening must not regress: `systemd-analyze security
  --offline=true` must rate it at most MAX_EXPOSURE.  Lower the number when
  the unit gets tighter; never raise it to make a change pass.
- xinetd: the shipped units/xinetd/wsinetd must be off by default and, with
  only `disable`, the port, the server path, its arguments and the user
  changed (plus rlimit_as for the ASan build), start under a real xinetd
  and carry a WebSocket round trip to `wsinetd echo`.  (Echo and a clean socket under xinetd in general are
  test_echo_xinetd.py and test_xinetd_socket_clean.py; this is the file.)

Everything runs offline: systemd-analyze needs no running systemd (PID 1
need not be systemd), and xinetd listens on a free loopback port.
"""

import grp
import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from harness import BINARIES, ROOT_ARGS  # tests/harness.py: the built binaries by variant
from helpers import OP_TEXT, RawClient, close_frame, expect_accept, frame, free_port

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "units"
SOCKET_UNIT = UNITS / "wsinetd.socket"
SERVICE_UNIT = UNITS / "wsinetd@.service"
XINETD_FILE = UNITS / "xinetd" / "wsinetd"
INSTALLED = "/usr/local/bin/wsinetd"

# Measured with systemd 252 (Debian 12): "Overall exposure level for
# wsinetd@i.service: 0.9 SAFE".  The scale is 0.0 (best) to 10.0.
MAX_EXPOSURE = 0.9

SYSTEMD_ANALYZE = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"
XINETD = shutil.which("xinetd") or "/usr/sbin/xinetd"


def analyze(*args, cwd):
    return subprocess.run([SYSTEMD_ANALYZE, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60)


def copy_units(tmp_path, binary, service=SERVICE_UNIT, socket=SOCKET_UNIT):
    """A socket and a service unit in tmp_path, ExecStart= pointing at `binary`."""
    (tmp_path / socket.name).write_text(socket.read_text())
    text = service.read_text()
    start = re.findall(r"^ExecStart=(\S+)", text, re.M)
    assert start == [INSTALLED], "expected one ExecStart=%s, got %r" % (INSTALLED, start)
    text = re.sub(r"^ExecStart=" + re.escape(INSTALLED), "ExecStart=" + str(binary), text,
                  flags=re.M)
    (tmp_path / service.name).write_text(text)
    return [socket.name, service.name]


def built_binary():
    b = BINARIES["plain"]
    assert os.access(b, os.X_OK), "%s is not built (run make)" % b
    return b


def test_systemd_verify_accepts_units(tmp_path):
    names = copy_units(tmp_path, built_binary())
    r = analyze("verify", *names, cwd=tmp_path)
    out = (r.stdout + r.stderr).strip()
    assert r.returncode == 0 and not out, \
        "systemd-analyze verify exit %d:\n%s" % (r.returncode, out)


@pytest.mark.parametrize("breakage", ["missing binary", "unknown key"])
def test_systemd_verify_rejects_broken_copy(tmp_path, breakage):
    """The check above has teeth: verify complains about a broken unit."""
    if breakage == "missing binary":
        names = copy_units(tmp_path, tmp_path / "no-such-wsinetd")
    else:
        names = copy_units(tmp_path, shutil.which("true") or "/bin/true")
        svc = tmp_path / SERVICE_UNIT.name
        svc.write_text(svc.read_text().replace("[Service]\n", "[Service]\nProtectSytem=strict\n"))
    r = analyze("verify", *names, cwd=tmp_path)
    out = (r.stdout + r.stderr).strip()
    assert r.returncode != 0 or out, "verify said nothing about a unit with a " + breakage


def exposure(tmp_path, unit_path):
    r = analyze("security", "--offline=true", str(unit_path), cwd=tmp_path)
    out = r.stdout + r.stderr
    m = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", out)
    assert m, "no overall exposure in systemd-analyze security output (exit %d):\n%s" % (
        r.returncode, out)
    return float(m.group(1)), out


def test_systemd_security_exposure_does_not_regress(tmp_path):
    copy_units(tmp_path, INSTALLED)
    level, out = exposure(tmp_path, tmp_path / SERVICE_UNIT.name)
    weak = "\n".join(ln for ln in out.splitlines() if ln.startswith("\u2717"))
    assert level <= MAX_EXPOSURE, \
        "exposure %.1f is worse than %.1f; settings that count against it:\n%s" % (
            level, MAX_EXPOSURE, weak)


PREFORK_SOCKET = UNITS / "wsinetd-prefork.socket"
PREFORK_SERVICE = UNITS / "wsinetd-prefork.service"
SANDBOX_MARK = "# --- Sandbox"


def test_every_service_has_the_same_sandbox():
    """wsinetd-tls@.service and wsinetd-prefork.service repeat
    wsinetd@.service's sandbox (systemd has no include): line for line, so
    that a change to one is made to all."""
    def sandbox(p):
        text = p.read_text()
        assert SANDBOX_MARK in text, "%s has no sandbox section" % p.name
        return text[text.index(SANDBOX_MARK):]
    services = sorted(UNITS.glob("*.service"))
    assert len(services) >= 3, services
    for s in services:
        assert sandbox(s) == sandbox(SERVICE_UNIT), "%s's sandbox differs" % s.name


def test_prefork_units_verify_and_score(tmp_path):
    """The Accept=no units: verify accepts them, the resident parent is a
    Type=notify service with a watchdog, and its score is the plain one's."""
    names = copy_units(tmp_path, built_binary(), PREFORK_SERVICE, PREFORK_SOCKET)
    r = analyze("verify", *names, cwd=tmp_path)
    out = (r.stdout + r.stderr).strip()
    assert r.returncode == 0 and not out, "verify exit %d:\n%s" % (r.returncode, out)
    assert re.search(r"^Accept=no$", PREFORK_SOCKET.read_text(), re.M)
    text = PREFORK_SERVICE.read_text()
    for want in ("Type=notify", "NotifyAccess=main", "KillMode=mixed"):
        assert re.search("^%s$" % want, text, re.M), want
    assert re.search(r"^WatchdogSec=\d+s$", text, re.M)
    level, out = exposure(tmp_path, tmp_path / PREFORK_SERVICE.name)
    assert level <= MAX_EXPOSURE, out


def test_systemd_security_measures_something(tmp_path):
    """An unhardened service must score far worse, or the parse above is wrong."""
    bare = tmp_path / "bare@.service"
    bare.write_text("[Service]\nExecStart=%s echo\n" % INSTALLED)
    level, _ = exposure(tmp_path, bare)
    assert level >= 9.0, level


# ---------------------------------------------------------------- xinetd

def xinetd_attrs(text):
    """{name: value} of the single service block in an xinetd file."""
    body = re.search(r"^service\s+(\S+)\s*\{(.*?)^\}", text, re.M | re.S)
    assert body, "no service block"
    attrs = {"service": body.group(1)}
    for ln in body.group(2).splitlines():
        ln = ln.split("#", 1)[0].strip()
        if ln:
            k, _, v = ln.partition("=")
            attrs[k.strip()] = v.strip()
    return attrs


def test_xinetd_file_is_safe_by_default():
    a = xinetd_attrs(XINETD_FILE.read_text())
    assert a["disable"] == "yes"
    assert a["wait"] == "no" and a["socket_type"] == "stream" and a["protocol"] == "tcp"
    assert a["server"] == INSTALLED
    assert a["bind"] == "127.0.0.1"
    assert a["user"] != "root"


def rewrite_xinetd(text, port, server, server_args, env, variant):
    """The shipped file, enabled on `port` for this test's binary and user.

    The user is ours, so that the sanitizer logs in our tmp_path can be
    written.  AddressSanitizer reserves terabytes of address space, so the
    asan variant runs without the shipped rlimit_as.
    """
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    subs = {"disable": "no", "port": str(port), "server": server,
            "server_args": server_args, "user": user, "group": group}
    if variant == "asan":
        subs["rlimit_as"] = "UNLIMITED"
    for k, v in subs.items():
        text, n = re.subn(r"^(\s*%s\s*=).*$" % k, lambda m: m.group(1) + " " + v, text,
                          count=1, flags=re.M)
        assert n == 1, "no %s line in %s" % (k, XINETD_FILE)
    # Pass the sanitizer settings; the shipped file passes no environment.
    return text.replace("\n}", "\n\tenv = %s\n}" % env, 1)


def test_xinetd_file_runs_wsinetd(wsinetd, tmp_path):
    port = free_port()
    d = tmp_path / "xinetd"
    d.mkdir()
    env = " ".join("%s=%s" % (k, wsinetd.env[k]) for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS"))
    svc = rewrite_xinetd(XINETD_FILE.read_text(), port, wsinetd.bin,
                         " ".join([*ROOT_ARGS, "echo"]), env,
                         wsinetd.variant)
    conf = d / "xinetd.conf"
    conf.write_text("defaults\n{\n}\n" + svc)
    log = d / "xinetd.log"
    proc = subprocess.Popen([XINETD, "-dontfork", "-f", str(conf), "-pidfile", str(d / "pid"),
                             "-filelog", str(log)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    def xlog():
        return log.read_text(errors="replace") if log.exists() else ""

    try:
        end = time.monotonic() + 10
        while "Started working" not in xlog():
            assert proc.poll() is None, "xinetd exited %s:\n%s" % (proc.returncode, xlog())
            assert time.monotonic() < end, "xinetd did not start:\n" + xlog()
            time.sleep(0.05)
        assert "1 available service" in xlog(), xlog()

        c = RawClient(socket.create_connection(("127.0.0.1", port), timeout=10))
        expect_accept(c.handshake(host="127.0.0.1:%d" % port))
        c.send(frame(OP_TEXT, "hello through xinetd"))
        assert c.read_message() == (OP_TEXT, b"hello through xinetd")
        c.send(close_frame(1000))
        assert c.read_until_close() == (b"", 1000)
        c.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 15)
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait(5)
