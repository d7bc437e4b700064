"""The mistakes a newcomer from websockify makes on the command line say
which word is wrong and what to write instead, exit 64, and are written
with the same `wsinetd[PID]: TIME` prefix as every other line (issue 17
items 9 and 12)."""

import pytest

from helpers import log_message

CASES = [
    (["6080", "localhost:5900"],
     '6080: not a TARGET ("6080 localhost:5900" is websockify\'s order); '
     "write: --listen :6080 tcp:localhost:5900"),
    (["6080", "tcp:localhost:5900"],
     '6080: not a TARGET ("6080 tcp:localhost:5900" is websockify\'s order); '
     "write: --listen :6080 tcp:localhost:5900"),
    (["6080"], "6080: not a TARGET: a port to listen on is written --listen :6080"),
    (["localhost:5900"], "localhost:5900: not a TARGET: a TCP service is written "
     "tcp:localhost:5900"),
    (["tcp:localhost"], "tcp:localhost: not a TARGET: the port is missing: write "
     "tcp:HOST:PORT, e.g. tcp:localhost:5900"),
    (["tcp:localhost:"], "tcp:localhost:: not a TARGET: the port is missing: write "
     "tcp:HOST:PORT, e.g. tcp:localhost::5900"),
    (["tcp:::1:5900"], "tcp:::1:5900: not a TARGET: an IPv6 address needs brackets, "
     "as in tcp:[::1]:5900"),
    (["echo", "extra"], "extra: unexpected after the TARGET echo (one TARGET only; "
     "arguments need exec:PROGRAM ARG...)"),
    (["--bogus", "echo"], "--bogus: unknown option, or it needs a value"),
]


@pytest.mark.parametrize("argv,msg", CASES, ids=[" ".join(a) for a, _ in CASES])
def test_usage_mistakes(wsinetd, argv, msg):
    out = wsinetd.run(*argv)
    assert out.returncode == 64, out
    lines = out.stderr.decode().splitlines()
    assert [log_message(ln) for ln in lines] == [msg, "Try 'wsinetd --help'."], lines
