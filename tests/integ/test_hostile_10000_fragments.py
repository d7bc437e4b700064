"""10 000 one-byte fragments, sent in one write, make one 10 000-byte
message: echoed whole and in order, counted as one message in the log."""

from helpers import OP_BIN, OP_CONT, answer_close, frame, open_ws, wait_log_line


def test_hostile_10000_fragments(wsinetd):
    srv = wsinetd.socket_activate("echo")
    c = open_ws(srv)
    payload = bytes(i % 251 for i in range(10000))
    frames = [frame(OP_BIN, payload[:1], fin=False)]
    frames += [frame(OP_CONT, payload[i:i + 1], fin=False) for i in range(1, 9999)]
    frames.append(frame(OP_CONT, payload[9999:], fin=True))
    c.send(b"".join(frames))
    assert c.read_message() == (OP_BIN, payload)
    answer_close(c, 1000)
    wait_log_line(srv, c.local, "in=10000/1 out=10000/1")
