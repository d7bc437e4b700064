"""s6-tlsd's part, for the tests: run under a UCSPI server (tcpserver)
with the client's socket on fds 0 and 1, optionally terminate TLS on it,
and run PROG with *pipes* on its fds 0 and 1, relaying bytes both ways.

s6-networking (s6-tlsserver, s6-tlsd) is not in Debian 12, and socat's
EXEC:...,pipes keeps its own copy of the child's stdout pipe open, so a
child that closes fd 1 is never seen to (EOF comes only at its exit).
This does what s6-tlsd-io documents instead: the child's EOF on fd 1 is
passed on as our FIN (shutdown(SHUT_WR); with TLS the FIN alone, no
close_notify), the client's FIN as closing the child's stdin, and PROG
gets the UCSPI environment it was given plus, with TLS, SSL_PROTOCOL,
SSL_CIPHER and SSL_TLS_SNI_SERVERNAME as s6-tlsd sets them (libtls's
spellings: "TLSv1.3", the IANA cipher suite name).

    pipe_tlsd.py [--cert FILE --key FILE] PROG [ARG...]

Every wait is bounded: the relay gives up after 60 s.
"""

import os
import selectors
import socket
import ssl
import subprocess
import sys
import time

LIMIT_S = 60


def tls_wrap(sock, cert, key, env):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    seen = {}

    def sni(sslobj, name, context):
        seen["sni"] = name          # and go on (None) with this context

    ctx.sni_callback = sni
    s = ctx.wrap_socket(sock, server_side=True)
    env["SSL_PROTOCOL"] = s.version()
    env["SSL_CIPHER"] = s.cipher()[0]
    env["SSL_TLS_SNI_SERVERNAME"] = seen.get("sni") or ""
    return s


def write_all(fd, data):
    """All of data to fd; what a child that closed its stdin would not
    take is dropped."""
    try:
        while data:
            data = data[os.write(fd, data):]
    except BrokenPipeError:
        pass


def relay(sock, to_child, from_child):
    """Until both directions are done: the socket's bytes to to_child
    (closed at the socket's EOF), from_child's bytes to the socket (our
    FIN at its EOF)."""
    sel = selectors.DefaultSelector()
    sock.setblocking(False)
    sel.register(sock, selectors.EVENT_READ, "sock")
    sel.register(from_child, selectors.EVENT_READ, "child")
    end = time.monotonic() + LIMIT_S
    while sel.get_map() and time.monotonic() < end:
        pending = isinstance(sock, ssl.SSLSocket) and sock.pending()
        events = [(None, "sock")] if pending else [
            (k.data, k.data) for k, _ in sel.select(1)]
        for _, what in events:
            if what == "sock":
                try:
                    data = sock.recv(65536)
                except (ssl.SSLWantReadError, BlockingIOError):
                    continue
                except (ConnectionError, ssl.SSLError):
                    data = b""
                if data:
                    write_all(to_child, data)   # blocking: backpressure
                    continue
                sel.unregister(sock)
                os.close(to_child)
            else:
                data = os.read(from_child, 65536)
                if data:
                    sock.setblocking(True)
                    sock.sendall(data)
                    sock.setblocking(False)
                    continue
                sel.unregister(from_child)
                try:
                    socket.socket.shutdown(sock, socket.SHUT_WR)
                except OSError:
                    pass


def main(argv):
    cert = key = None
    while argv and argv[0] in ("--cert", "--key"):
        if argv[0] == "--cert":
            cert = argv[1]
        else:
            key = argv[1]
        argv = argv[2:]
    sock = socket.socket(fileno=os.dup(0))
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    env = dict(os.environ)
    if cert:
        sock = tls_wrap(sock, cert, key, env)
    child_in, to_child = os.pipe()
    from_child, child_out = os.pipe()
    p = subprocess.Popen(argv, stdin=child_in, stdout=child_out, env=env)
    os.close(child_in)
    os.close(child_out)
    relay(sock, to_child, from_child)
    try:
        return p.wait(LIMIT_S)
    finally:
        sock.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
