"""xinetd without a syslog socket (issue 17 item 17).  Under inetd stderr
is the client's socket, so falling back to it would corrupt the stream;
the lines must not vanish either.  Without /dev/log wsinetd writes to the
journal's own socket when it listens, else to the kernel log (/dev/kmsg,
opened while the handler is still root), one record per line.

xinetd runs in a private mount namespace whose /run/systemd is a test
directory (so no journal but the test's) and whose /dev/log, if the host
has one, is covered by /dev/null."""

import os
import socket
import time

from helpers import RawClient, answer_close, expect_accept, free_port

HIDE = ('mount --bind "$1" /run/systemd && '
        '{ [ ! -S /dev/log ] || mount --bind /dev/null /dev/log; } && shift && exec "$@"')


def wrap(rundir):
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", HIDE, "sh", str(rundir)]


def one_session(port, path):
    c = RawClient.connect("127.0.0.1", port)
    expect_accept(c.handshake(path=path))
    answer_close(c, 1000)


def test_xinetd_no_syslog_journal_socket(wsinetd, xinetd, tmp_path):
    rundir = tmp_path / "run-systemd"
    (rundir / "journal").mkdir(parents=True)
    j = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    j.bind(str(rundir / "journal" / "socket"))
    j.settimeout(10)
    port = free_port()
    xinetd(wsinetd, "echo", port, wrap=wrap(rundir))
    one_session(port, "/nosyslog-journal")
    end = time.monotonic() + 10
    while time.monotonic() < end:
        fields = j.recv(65536).decode(errors="replace").splitlines()
        if "WSINETD_PATH=/nosyslog-journal" in fields:
            break
    else:
        raise AssertionError("no access line in the journal socket")
    j.close()
    assert "SYSLOG_IDENTIFIER=wsinetd" in fields and "WSINETD_STATUS=101" in fields, fields


def test_xinetd_no_syslog_kernel_log(wsinetd, xinetd, tmp_path):
    rundir = tmp_path / "run-systemd"      # no journal socket in it
    rundir.mkdir()
    k = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
    os.lseek(k, 0, os.SEEK_END)            # only records from now on
    port = free_port()
    xinetd(wsinetd, "echo", port, wrap=wrap(rundir))
    one_session(port, "/nosyslog-kmsg")
    end, record = time.monotonic() + 10, None
    while time.monotonic() < end and record is None:
        try:
            rec = os.read(k, 8192).decode(errors="replace")
        except BlockingIOError:
            time.sleep(0.05)
            continue
        except BrokenPipeError:            # overwritten while we read: go on
            continue
        if '"GET /nosyslog-kmsg" 101' in rec:
            record = rec
    os.close(k)
    assert record, "no access line in the kernel log"
    # "PRI,SEQ,USEC,FLAGS;MESSAGE": daemon.info is 3 * 8 + 6.
    head, msg = record.split(";", 1)
    assert head.split(",")[0] == "30", record
    assert msg.startswith("wsinetd[") and "]: " in msg and " target=echo " in msg, record
