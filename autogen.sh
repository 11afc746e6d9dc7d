#!/bin/sh
# Prepare a checkout for ./configure.  With --deps, first install every
# Debian package needed to build, test and run belong (skipping those
# already installed), using apt-get directly as root or through sudo.
set -e
cd "$(dirname "$0")"

# Build: compiler, autotools and the libraries configure.ac looks for.
# Tests: cmocka, curl, a PostgreSQL server, zbarimg to read QR codes back,
# wrk for tests/bench, clang with its fuzzer runtime for make fuzz
# (libclang-rt-dev is only recommended by clang, so named here), and
# Chromium and a font for tests/browser (the font is only a recommendation
# of Debian's chromium, and pages must be laid out with real metrics), and
# R with the survey and psych packages, the reference the statistics tests
# compare belong's figures with, and python3 for the tests that attack the
# disclosure control and load the statistics fixture, and jq for the tests
# that read the API's JSON from the shell.
# Run time: gnuplot for charts.  The cluster test (make check-cluster):
# HAProxy and pg_auto_failover.
PACKAGES="build-essential autoconf automake libtool pkg-config
  libevent-dev libpq-dev libcjson-dev libssl-dev libgsl-dev
  libqrencode-dev libcmocka-dev curl postgresql-15 postgresql-client-15
  gnuplot-nox wrk zbar-tools clang libclang-rt-dev
  chromium fonts-liberation r-base-core r-cran-survey r-cran-psych python3
  jq haproxy postgresql-15-auto-failover pg-auto-failover-cli"

install_deps() {
	missing=""
	for p in $PACKAGES; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$status" in
		*" installed") ;;
		*) missing="$missing $p" ;;
		esac
	done
	if [ -z "$missing" ]; then
		echo "autogen.sh: all packages already installed"
		return 0
	fi
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "autogen.sh: need root or sudo to install:$missing" >&2
		exit 1
	fi
	echo "autogen.sh: installing:$missing"
	$SUDO apt-get update -q
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
}

# as_root CMD...: run CMD as root, directly or through sudo; fails when
# neither is possible.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		return 1
	fi
}

# The browser tests' npm packages (playwright-core, axe-core), pinned by
# tests/browser/package-lock.json.  Node.js is not in PACKAGES: a machine
# may have it from elsewhere (NodeSource's nodejs conflicts with Debian's
# npm), so Debian's nodejs and npm come only when there is no npm at all.
# Without them the browser tests skip; nothing else needs Node.js, so a
# failure here is a warning, not the end of --deps.
install_npm_deps() {
	if ! command -v npm >/dev/null 2>&1; then
		echo "autogen.sh: installing: nodejs npm"
		{ as_root apt-get update -q &&
		  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends nodejs npm; } ||
			echo "autogen.sh: warning: no npm; tests/browser will skip" >&2
	fi
	if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
		npm ci --prefix tests/browser --no-audit --no-fund ||
			echo "autogen.sh: warning: npm ci failed; tests/browser will skip" >&2
	fi
}

for arg in "$@"; do
	case "$arg" in
	--deps) install_deps; install_npm_deps ;;
	-h|--help)
		echo "usage: ./autogen.sh [--deps]"
		echo "  --deps  install the Debian packages needed to build, test and run belong"
		exit 0 ;;
	*) echo "autogen.sh: unknown option: $arg" >&2; exit 2 ;;
	esac
done

autoreconf -fi
