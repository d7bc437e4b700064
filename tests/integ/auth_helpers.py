"""What the --auth-file cases share: a users file written with wsinetd's
own --hash-password (or any line given), and the Authorization header a
client sends (RFC 7617 §2: base64 of user:password)."""

import base64
import ctypes
import subprocess

_LIBCRYPT = ctypes.CDLL("libcrypt.so.1")
_LIBCRYPT.crypt.restype = ctypes.c_char_p
_LIBCRYPT.crypt.argtypes = (ctypes.c_char_p, ctypes.c_char_p)


def libcrypt(password, setting):
    """crypt(3) of the system's libcrypt: the hash of password for the
    setting (a hash's salt and parameters), or None."""
    out = _LIBCRYPT.crypt(password.encode(), setting.encode())
    return out.decode() if out else None


def hash_line(wsinetd, user, password):
    """The "user:$y$..." line `wsinetd --hash-password user` prints for
    password given on stdin."""
    r = subprocess.run([wsinetd.bin, "--hash-password", user], input=password.encode() + b"\n",
                       capture_output=True, timeout=30, env=wsinetd.env)
    assert r.returncode == 0, r.stderr
    line = r.stdout.decode().strip()
    assert line.startswith(user + ":$y$"), line
    return line


def users_file(wsinetd, users, extra_lines=()):
    """A file of yescrypt lines for {user: password}, plus extra_lines."""
    lines = [hash_line(wsinetd, u, p) for u, p in users.items()]
    path = wsinetd.tmp / "users"
    path.write_text("\n".join([*lines, *extra_lines]) + "\n")
    return path


def basic(user, password):
    """("Authorization", "Basic ...") for RawClient/upgrade_request extra."""
    token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    return ("Authorization", "Basic " + token)
