#!/bin/sh
# Install the Debian packages that building and testing wsinetd need, when
# any is missing, and node's ws for the tests.  Used by `make check`; safe
# to run again.  libsystemd-dev: only the benchmark's start-up probe
# (bench/noop_systemd) links it; wsinetd does not.
set -eu
PKGS="build-essential pkg-config clang libclang-rt-14-dev libhttp-parser-dev nettle-dev
libgnutls28-dev libseccomp-dev zlib1g-dev systemd python3 python3-pytest
python3-pytest-xdist python3-websockets xinetd haproxy gnutls-bin chromium
mandoc groff-base man-db debhelper dpkg-dev lintian git libsystemd-dev"
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
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing
fi
# node's ws, pinned by tests/node/package-lock.json, as a second client.
cd "$(dirname "$0")/node"
[ -f node_modules/ws/package.json ] ||
	npm ci --no-audit --no-fund --loglevel=error
