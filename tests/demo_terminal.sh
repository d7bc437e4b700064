#!/bin/sh
# make demo-terminal: a web terminal in a browser, through wsinetd alone.
#
#   wsinetd --pty exec:/bin/bash -i, one process (and one shell on its own
#   pseudo-terminal) per connection under systemd-socket-activate --accept
#   (what a .socket unit with Accept=yes does), on loopback, as nobody when
#   started as root; --web serves the terminal page (share/terminal/) and
#   Debian's xterm.js (libjs-xterm's entry point, node-xterm's modules) on
#   the same port
#     <- headless Chromium opens the page, and the demo checks that it says
#        it is connected, types a command and reads its output back.
#
# Then it prints the URL for a person to open.  Ctrl-C stops it; without a
# terminal (or with DEMO_SECONDS=N) it stops by itself.  DEMO_ADDR moves the
# listening address (default 127.0.0.1:8081), DEMO_SCREENSHOT the PNG of
# the page (default build/demo/terminal.png).  Every process it started is
# stopped on the way out; every wait is bounded.
set -eu
cd "$(dirname "$0")/.."
ADDR=${DEMO_ADDR:-127.0.0.1:8081}
HOSTPART=${ADDR%:*}
PORT=${ADDR##*:}
XTERM=/usr/share/javascript/xterm
XTERM_LIB=/usr/share/nodejs/xterm/lib
PY=/usr/bin/python3
SHOT=${DEMO_SCREENSHOT:-build/demo/terminal.png}

for tool in chromium systemd-socket-activate; do
	command -v $tool >/dev/null || {
		echo "demo-terminal: $tool is missing: run 'sh tests/deps.sh' (as root) first" >&2
		exit 1
	}
done
[ -f $XTERM/xterm.js ] && [ -f $XTERM_LIB/public/Terminal.js ] || {
	echo "demo-terminal: Debian's xterm.js is missing: install libjs-xterm and node-xterm ('sh tests/deps.sh')" >&2
	exit 1
}
if $PY -c 'import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)' \
	"$HOSTPART" "$PORT" 2>/dev/null; then
	echo "demo-terminal: something already listens on $ADDR; pick another with DEMO_ADDR=127.0.0.1:PORT" >&2
	exit 1
fi

TMP=$(mktemp -d -t wsinetd-demo-terminal.XXXXXX)
chmod 755 "$TMP"
export TMPDIR="$TMP"
WS=

alive() {
	[ -r /proc/$1/stat ] && ! grep -q '^[0-9]* ([^)]*) Z' /proc/$1/stat 2>/dev/null
}

cleanup() {
	trap - EXIT INT TERM HUP
	if [ -n "$WS" ]; then
		kill -TERM -"$WS" 2>/dev/null || true
		i=0
		while alive "$WS" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -KILL -"$WS" 2>/dev/null || true
		wait "$WS" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 0' INT TERM HUP

fail() {
	echo "demo-terminal: $1" >&2
	[ -s "$TMP/wsinetd.log" ] && { echo "--- wsinetd.log:"; tail -n 20 "$TMP/wsinetd.log"; } >&2
	exit 1
}

# 1. wsinetd, one process per connection; as root each handler drops to
# nobody before it reads the client, and the shell runs as nobody too.
USER_ARGS=
[ "$(id -u)" = 0 ] && USER_ARGS="--user nobody"
setsid systemd-socket-activate --accept -l "$ADDR" \
	./wsinetd $USER_ARGS --pty --web share/terminal --web $XTERM --web $XTERM_LIB \
	exec:/bin/bash -i >"$TMP/wsinetd.log" 2>&1 </dev/null &
WS=$!
i=0
until grep -q "Listening on" "$TMP/wsinetd.log" 2>/dev/null; do
	alive $WS || fail "systemd-socket-activate exited"
	[ $i -lt 100 ] || fail "systemd-socket-activate did not listen on $ADDR in 10 s"
	sleep 0.1
	i=$((i + 1))
done

# 2. Proof: headless Chromium opens the page, which connects, and a
# command typed into it answers.
URL="http://$ADDR/"
mkdir -p "$(dirname "$SHOT")" "$TMP/browser"
$PY tests/terminal/terminal_page.py --tmp "$TMP/browser" --screenshot "$SHOT" \
	--timeout 45 "$URL" | sed 's/^/demo-terminal: /' || fail "the terminal page did not work"
i=0
until grep -q '"GET /" 101 target=exec:/bin/bash' "$TMP/wsinetd.log" || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -q '"GET /" 101 target=exec:/bin/bash' "$TMP/wsinetd.log" ||
	fail "wsinetd logged no access line for the terminal's WebSocket"
grep -m1 '"GET /" 101' "$TMP/wsinetd.log" | sed 's/^/demo-terminal: /'

cat <<MSG

A web terminal is being served by wsinetd on $URL (one process and one
bash on its own pseudo-terminal per connection, under systemd-socket-activate
--accept${USER_ARGS:+, as nobody}): the page comes from --web share/terminal,
xterm.js from --web $XTERM and --web $XTERM_LIB,
and its WebSocket goes back to the same origin.  Open:

    $URL

(from another machine: ssh -L $PORT:$ADDR this-host, then the same URL).
The shell runs as $( [ -n "$USER_ARGS" ] && echo nobody || id -un ): anyone who can reach
$ADDR gets it, so keep it on loopback (or add --auth-file and TLS).

MSG
if [ -t 0 ] && [ -z "${DEMO_SECONDS:-}" ]; then
	echo "Ctrl-C to stop."
	while alive "$WS"; do sleep 1; done
	fail "systemd-socket-activate exited"
else
	sleep "${DEMO_SECONDS:-2}"
fi
