#!/bin/sh
# Install the Debian packages that building and testing wsinetd need, when
# any is missing, and node's ws for the tests.  Used by `make check`; safe
# to run again.  libsystemd-dev: only the benchmark's start-up probe
# (bench/noop_systemd) links it; wsinetd does not.  novnc, xvfb, x11vnc,
# x11-xserver-utils (xsetroot) and x11-apps (xclock, xeyes) are for
# `make demo` and tests/test_novnc_browser.py; nginx and caddy (run by the
# tests from private configs, never as the system services) for
# tests/integ/test_{nginx,caddy}_front.py and test_nginx_behind.py; they
# are installed without starting or enabling their services.  ucspi-tcp
# (tcpserver) for the UCSPI cases, fail2ban (fail2ban-regex; its service
# is not started or enabled either), apache2-utils (htpasswd -B) and
# openssl (passwd -6) for the --auth-file cases.
# systemd-container (systemd-nspawn) and mmdebstrap: tests/systemd/, which
# boots a Debian 12 tree with systemd as PID 1 in a container.
# websockify and websocketd: tests/integ/test_migrate_*.py run the
# README's migration tables with them; iproute2 and util-linux: the network
# namespaces (ip) and the unprivileged handlers (setpriv) of
# test_doc_examples.py.  asciinema: the --record cases replay recordings
# with `asciinema cat` (tests/integ/test_record_*.py).
set -eu
PKGS="build-essential pkg-config clang libclang-rt-14-dev libhttp-parser-dev nettle-dev
libgnutls28-dev libseccomp-dev zlib1g-dev systemd python3 python3-pytest
python3-pytest-xdist python3-websockets xinetd haproxy gnutls-bin chromium
mandoc groff-base man-db debhelper dpkg-dev lintian git libsystemd-dev
novnc xvfb x11vnc x11-xserver-utils x11-apps nginx caddy
ucspi-tcp fail2ban apache2-utils openssl"
PKGS="$PKGS systemd-container mmdebstrap iproute2"
# socat: the cluster test talks to HAProxy's admin socket as the README does
PKGS="$PKGS socat"
PKGS="$PKGS websockify websocketd util-linux"
PKGS="$PKGS asciinema"
# libjs-xterm and node-xterm: Debian's xterm.js for --pty's terminal page
# (libjs-xterm's xterm.js needs node-xterm's lib/), `make demo-terminal`
# and tests/integ/test_pty_chromium.py
PKGS="$PKGS libjs-xterm node-xterm"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed$' || missing="$missing $p"
done
command -v node >/dev/null && command -v npm >/dev/null || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
	echo "installing:$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "not root: run 'sudo apt-get install$missing' first" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	# nginx, caddy, haproxy, xinetd and fail2ban are only run by the tests, from
	# private configs.  On a machine whose systemd is running, installing
	# them would start them as system services (nginx and caddy on port
	# 80): a policy-rc.d that says 101 stops that (deb-systemd-invoke
	# honours it), unless the machine already has its own, and the ones
	# installed here are then disabled so that no boot starts them either.
	ours=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		ours=/usr/sbin/policy-rc.d
		trap 'rm -f /usr/sbin/policy-rc.d' EXIT
	fi
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing
	[ -z "$ours" ] || { rm -f "$ours"; trap - EXIT; }
	for p in nginx caddy haproxy xinetd fail2ban; do
		case " $missing " in
		*" $p "*) systemctl disable --quiet "$p.service" 2>/dev/null ||
		    true ;;
		esac
	done
fi
# node's ws, pinned by tests/node/package-lock.json, as a second client.
cd "$(dirname "$0")/node"
[ -f node_modules/ws/package.json ] ||
	npm ci --no-audit --no-fund --loglevel=error
