#!/bin/sh
# make demo: run ./wsinetd echo for real under systemd-socket-activate
# (Accept=yes, as a .socket unit would) on 127.0.0.1:8080, prove one round
# trip, and print a command to talk to it.  Ctrl-C stops it; without a
# terminal (or with DEMO_SECONDS=N) it stops by itself.
set -eu
cd "$(dirname "$0")/.."
ADDR=${DEMO_ADDR:-127.0.0.1:8080}
PY=/usr/bin/python3

# As root, each handler drops to nobody before it reads the client.
USER_ARGS=
[ "$(id -u)" = 0 ] && USER_ARGS="--user nobody"
setsid systemd-socket-activate --accept -l "$ADDR" ./wsinetd $USER_ARGS echo &
launcher=$!
trap 'kill $launcher 2>/dev/null; exit 0' INT TERM EXIT
sleep 0.3

$PY - "ws://$ADDR/" <<'PYEOF'
import asyncio, sys, websockets
async def main(url):
    async with websockets.connect(url) as ws:
        await ws.send("hello from make demo")
        reply = await ws.recv()
        print("demo: sent 'hello from make demo', wsinetd echoed %r" % reply)
        assert reply == "hello from make demo"
asyncio.run(main(sys.argv[1]))
PYEOF

cat <<MSG

wsinetd is answering on ws://$ADDR/ (target: echo), one process per connection.
Talk to it from another terminal; every line you type comes back:

    $PY -m websockets ws://$ADDR/

MSG
if [ -t 0 ] && [ -z "${DEMO_SECONDS:-}" ]; then
	echo "Ctrl-C to stop."
	wait $launcher
else
	sleep "${DEMO_SECONDS:-2}"
fi
