#!/bin/sh
# make demo: noVNC in a browser, through wsinetd alone.
#
#   Xvfb (a virtual X display with xclock and xeyes on it)
#     <- x11vnc on 127.0.0.1:<free port> (no password, loopback only)
#     <- wsinetd tcp:127.0.0.1:<that port>, one process per connection under
#        systemd-socket-activate --accept (what a .socket unit with
#        Accept=yes does), with --web serving Debian's noVNC client
#        (/usr/share/novnc) on the same port for the plain GETs
#     <- headless Chromium opens vnc.html, and the demo checks that noVNC
#        says it is connected and that the desktop's colour is on its canvas.
#
# Then it prints the URL for a person to open.  Ctrl-C stops it; without a
# terminal (or with DEMO_SECONDS=N) it stops by itself.  DEMO_ADDR moves the
# listening address (default 127.0.0.1:8080), DEMO_SCREENSHOT the PNG of
# the page (default build/demo/novnc.png).  Every process it started is
# stopped on the way out; every wait is bounded.
set -eu
cd "$(dirname "$0")/.."
ADDR=${DEMO_ADDR:-127.0.0.1:8080}
HOSTPART=${ADDR%:*}
PORT=${ADDR##*:}
NOVNC=/usr/share/novnc
PY=/usr/bin/python3
DESKTOP='#2e5d8a'		# the root window's colour, which the check looks for
SHOT=${DEMO_SCREENSHOT:-build/demo/novnc.png}

for tool in Xvfb x11vnc xsetroot xclock xeyes chromium systemd-socket-activate; do
	command -v $tool >/dev/null || {
		echo "demo: $tool is missing: run 'sh tests/deps.sh' (as root) first" >&2
		exit 1
	}
done
[ -f $NOVNC/vnc.html ] || {
	echo "demo: $NOVNC/vnc.html is missing: install Debian's novnc ('sh tests/deps.sh')" >&2
	exit 1
}

if $PY -c 'import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)' \
	"$HOSTPART" "$PORT" 2>/dev/null; then
	echo "demo: something already listens on $ADDR; pick another with DEMO_ADDR=127.0.0.1:PORT" >&2
	exit 1
fi

TMP=$(mktemp -d -t wsinetd-demo.XXXXXX)
export TMPDIR="$TMP"		# X clients, x11vnc and Chromium keep their files here
PIDS=

# A process is alive while /proc has it and it is not a zombie.
alive() {
	[ -r /proc/$1/stat ] && ! grep -q '^[0-9]* ([^)]*) Z' /proc/$1/stat 2>/dev/null
}

# TERM the process group $1 leads, KILL it if it is still there 5 s later.
stop_group() {
	kill -TERM -"$1" 2>/dev/null || true
	i=0
	while alive "$1" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL -"$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

cleanup() {
	trap - EXIT INT TERM HUP
	for p in $PIDS; do stop_group "$p"; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 0' INT TERM HUP

# start NAME CMD...: run CMD in its own session (so its whole group can be
# stopped), output to $TMP/NAME.log.
start() {
	name=$1
	shift
	setsid "$@" >"$TMP/$name.log" 2>&1 </dev/null &
	PIDS="$! $PIDS"
	LASTPID=$!
}

fail() {
	echo "demo: $1" >&2
	for f in "$TMP"/*.log; do
		[ -s "$f" ] && { echo "--- $(basename "$f"):"; tail -n 20 "$f"; } >&2
	done
	exit 1
}

# wait_port PORT SECONDS PID WHAT: until 127.0.0.1:PORT (or $HOSTPART) takes a connection.
wait_port() {
	$PY - "$1" "$2" "$HOSTPART" <<-'PYEOF' || fail "$4 did not come up on port $1 in $2 s"
	import socket, sys, time
	port, end, host = int(sys.argv[1]), time.monotonic() + float(sys.argv[2]), sys.argv[3]
	while time.monotonic() < end:
	    try:
	        socket.create_connection((host, port), timeout=0.5).close()
	        sys.exit(0)
	    except OSError:
	        time.sleep(0.1)
	sys.exit(1)
	PYEOF
	alive "$3" || fail "$4 exited"
}

# 1. The desktop: Xvfb picks a free display and writes its number to fd 3.
# -nolock and -nolisten unix: only its abstract socket, nothing in /tmp.
LOCK=
[ "$(id -u)" = 0 ] && LOCK=-nolock
start xvfb Xvfb -displayfd 3 $LOCK -nolisten tcp -nolisten unix -noreset \
	-screen 0 1024x700x24 3>"$TMP/display"
XVFB=$LASTPID
i=0
until grep -q '^[0-9][0-9]*$' "$TMP/display" 2>/dev/null; do
	alive $XVFB || fail "Xvfb exited"
	[ $i -lt 150 ] || fail "Xvfb did not report a display in 15 s"
	sleep 0.1
	i=$((i + 1))
done
export DISPLAY=":$(cat "$TMP/display")"
timeout 10 xsetroot -solid "$DESKTOP" || fail "xsetroot could not reach $DISPLAY"
start xclock xclock -geometry 220x220+300+200 -update 1
start xeyes xeyes -geometry 200x140+600+240

# 2. The VNC server: loopback only, no password, any number of viewers.
VNCPORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start x11vnc x11vnc -display "$DISPLAY" -localhost -rfbport "$VNCPORT" -nopw \
	-forever -shared -noxdamage -norc -nocmds -quiet -desktop "wsinetd demo"
wait_port "$VNCPORT" 20 $LASTPID x11vnc

# 3. wsinetd, one process per connection.  As root each handler drops to
# nobody before it reads the client.
USER_ARGS=
[ "$(id -u)" = 0 ] && USER_ARGS="--user nobody"
start wsinetd systemd-socket-activate --accept -l "$ADDR" \
	./wsinetd $USER_ARGS --web $NOVNC "tcp:127.0.0.1:$VNCPORT"
wait_port "$PORT" 10 $LASTPID "systemd-socket-activate on $ADDR"

# 4. Proof: headless Chromium opens noVNC and must see the desktop.
URL="http://$ADDR/vnc.html?autoconnect=1&resize=scale"
mkdir -p "$(dirname "$SHOT")"
mkdir "$TMP/browser"
$PY tests/novnc/novnc_stack.py --tmp "$TMP/browser" --screenshot "$SHOT" \
	--expect "$DESKTOP" --timeout 45 "$URL" || fail "noVNC did not show the desktop"
# The browser has disconnected; wsinetd's access line follows at once.
i=0
until grep -q '"GET /websockify" 101' "$TMP/wsinetd.log" || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -q '"GET /websockify" 101' "$TMP/wsinetd.log" ||
	fail "wsinetd logged no access line for the WebSocket"
grep -m1 '"GET /websockify" 101' "$TMP/wsinetd.log" | sed 's/^/demo: /'

cat <<MSG

noVNC is being served by wsinetd on http://$ADDR/ (one process per
connection, under systemd-socket-activate --accept): the page comes from
--web $NOVNC and its WebSocket (path /websockify) is relayed to x11vnc on
127.0.0.1:$VNCPORT, which shows the Xvfb display $DISPLAY.  Open:

    $URL

(from another machine: ssh -L $PORT:$ADDR this-host, then the same URL).

MSG
if [ -t 0 ] && [ -z "${DEMO_SECONDS:-}" ]; then
	echo "Ctrl-C to stop."
	while alive "$XVFB"; do sleep 1; done
	fail "Xvfb exited"
else
	sleep "${DEMO_SECONDS:-2}"
fi
