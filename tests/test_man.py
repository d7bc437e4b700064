"""man/wsinetd.8 documents exactly the options and targets `wsinetd --help`
lists, and renders without a complaint.

- Options: the long and short options in `./wsinetd --help` and those in
  the man page's OPTIONS list (`.It Fl ...` lines) are the same set, in both
  directions, so an option cannot be added without its manual entry, and
  the manual cannot describe an option the program does not have.  The
  SYNOPSIS may only name options the program has.
- Targets: the target kinds in --help's "Targets:" block are the TARGETS
  list of the man page.
- Units: FILES lists exactly the .socket and .service files in units/.
- `mandoc -Tlint` prints nothing (warnings and style), except lines about
  the local manual database (whether the pages named by .Xr are installed
  depends on the machine, not on this page), and `groff -mandoc -ww -z`
  prints nothing.

Runs once, not per build variant: --help is the same in every build.
"""

import re
import shutil
import subprocess

from harness import BINARIES, ROOT

MAN = ROOT / "man" / "wsinetd.8"
MANDOC = shutil.which("mandoc") or "/usr/bin/mandoc"
GROFF = shutil.which("groff") or "/usr/bin/groff"

# mandoc -Tlint consults the local manual database for each .Xr; these lines
# are about this machine's installed pages, not about wsinetd.8.
LOCAL_DB_NOISE = re.compile(r"mandoc\.db|referenced manual not found")


def help_text():
    binary = BINARIES["plain"]
    assert binary.exists(), "%s not built (make)" % binary
    r = subprocess.run([str(binary), "--help"], capture_output=True,
                       text=True, timeout=10)
    assert r.returncode == 0, r.stderr
    return r.stdout


def help_options(text):
    longs = set(re.findall(r"(?<![\w-])--([a-z][a-z0-9-]*)", text))
    shorts = set(re.findall(r"^\s+-([A-Za-z]),", text, re.M))
    return longs, shorts


def help_targets(text):
    m = re.search(r"^Targets:\n((?:[ \t]+\S.*\n)+)", text, re.M)
    assert m, "--help has no 'Targets:' block:\n" + text
    return set(re.findall(r"^  ([a-z]+)\b", m.group(1), re.M))


def man_section(name):
    src = MAN.read_text()
    m = re.search(r"^\.Sh %s\n(.*?)(?=^\.Sh |\Z)" % re.escape(name), src,
                  re.M | re.S)
    assert m, "man page has no %s section" % name
    return m.group(1)


def mdoc_options(lines):
    """Long and short option names in mdoc source lines: `Fl Fl name` or
    `Fl -name` is --name, `Fl v` is -v."""
    longs, shorts = set(), set()
    for line in lines:
        longs |= set(re.findall(r"\bFl (?:Fl |-)([a-z][a-z0-9-]*)", line))
        shorts |= set(re.findall(r"\bFl ([A-Za-z]+)(?=\s|$)", line)) - {"Fl"}
    # `Fl qv` in a synopsis is -q -v.
    shorts = {c for s in shorts for c in s}
    return longs, shorts


def man_options():
    items = [l for l in man_section("OPTIONS").splitlines()
             if l.startswith(".It ")]
    return mdoc_options(items)


def test_man_options_match_help():
    h_long, h_short = help_options(help_text())
    m_long, m_short = man_options()
    assert h_long, "no long options found in --help"
    missing = sorted(h_long - m_long)
    extra = sorted(m_long - h_long)
    assert not missing, "in --help but not in man/wsinetd.8 OPTIONS: %s" % missing
    assert not extra, "in man/wsinetd.8 OPTIONS but not in --help: %s" % extra
    assert h_short == m_short, ("short options differ: --help %s, man %s"
                                % (sorted(h_short), sorted(m_short)))


def test_man_synopsis_names_only_real_options():
    h_long, h_short = help_options(help_text())
    s_long, s_short = mdoc_options(man_section("SYNOPSIS").splitlines())
    assert s_long <= h_long, "SYNOPSIS names unknown options: %s" % sorted(s_long - h_long)
    assert s_short <= h_short, "SYNOPSIS names unknown options: %s" % sorted(s_short - h_short)


def test_man_targets_match_help():
    h = help_targets(help_text())
    items = [l for l in man_section("TARGETS").splitlines()
             if l.startswith(".It ")]
    m = {re.match(r"\.It Cm ([a-z]+)", l).group(1) for l in items}
    assert h == m, "targets: --help %s, man %s" % (sorted(h), sorted(m))


def test_man_files_lists_the_units():
    files = set(re.findall(r"^\.It Pa /lib/systemd/system/(\S+)$", man_section("FILES"), re.M))
    units = {p.name for p in (ROOT / "units").iterdir()
             if p.suffix in (".socket", ".service")}
    assert files == units, "FILES %s, units/ %s" % (sorted(files), sorted(units))


def test_mandoc_lint_clean():
    assert shutil.which("mandoc"), "mandoc not installed (tests/deps.sh)"
    r = subprocess.run([MANDOC, "-Tlint", str(MAN)], capture_output=True,
                       text=True, timeout=30)
    lines = [l for l in (r.stdout + r.stderr).splitlines()
             if not LOCAL_DB_NOISE.search(l)]
    assert not lines, "mandoc -Tlint:\n" + "\n".join(lines)
    # The same at warning level, where nothing is filtered.
    r = subprocess.run([MANDOC, "-Tlint", "-W", "warning", str(MAN)],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and not (r.stdout + r.stderr), r.stdout + r.stderr


def test_groff_clean():
    assert shutil.which("groff"), "groff not installed (tests/deps.sh)"
    r = subprocess.run([GROFF, "-mandoc", "-ww", "-z", str(MAN)],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and not (r.stdout + r.stderr), r.stdout + r.stderr
