#!/bin/bash
# The survey and board pages in a real browser: Debian's headless Chromium
# driven by playwright-core (tests/browser/suite.mjs), against a real
# belongd and a private PostgreSQL started here.  TAP, like the other
# integration tests.
#
# Skips (TAP "1..0 # SKIP") when Chromium, Node.js or the npm packages are
# missing: `./autogen.sh --deps` installs all three.  The packages live in
# the source tree (tests/browser/node_modules), so an out-of-tree build
# finds them through BELONG_SRCDIR; `make distcheck` has none and skips.
#
#   SCREENSHOTS=1      also save screenshots in tests/browser/screenshots/
#   BROWSER_ONLY=RE    run only the scenarios whose name matches RE
set -u

SRCDIR=${BELONG_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
HERE=$SRCDIR/tests/browser
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

# What is checked here is what Chromium draws and axe finds, the same in
# every build: the sanitizer build (CI's second pass) leaves it out, the
# same form and board requests reaching belongd there from curl in
# survey_api.sh, program_code.sh, retro.sh, board.sh and http_strict.sh.
case $("${BELONG_BUILDDIR:-.}/config.status" --config 2>/dev/null) in
*enable-sanitizers*)
	echo "1..0 # SKIP the pages in a browser are checked in the plain build"
	exit 0 ;;
esac
if [ ! -x "$CHROMIUM" ]; then
	echo "1..0 # SKIP chromium not installed (./autogen.sh --deps installs it)"
	exit 0
fi
if ! command -v node >/dev/null 2>&1; then
	echo "1..0 # SKIP node not installed (./autogen.sh --deps installs it)"
	exit 0
fi
if [ ! -f "$HERE/node_modules/playwright-core/package.json" ] ||
	[ ! -f "$HERE/node_modules/@axe-core/playwright/package.json" ]; then
	echo "1..0 # SKIP no node_modules in $HERE (./autogen.sh --deps runs npm ci there)"
	exit 0
fi

. "$SRCDIR/tests/integration/lib.sh"

start_pg
migrate
# open-fair: the form, with a prize draw on its thank-you page;
# closed-fair: closed yesterday, for the 410 page.
sql "insert into event (slug, title, instrument_id, draw_prize)
	select 'open-fair', 'Robotics Open House', id, 'a water bottle'
	from instrument where key = 'pulse' and version = 1;
     insert into event (slug, title, instrument_id, closes_at)
	select 'closed-fair', 'Winter Coding Night', id, now() - interval '1 day'
	from instrument where key = 'pulse' and version = 1" >/dev/null ||
	bail "cannot create the events"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
# Every scenario posts from 127.0.0.1: a burst no test can exhaust.
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" \
	-o rate_burst=100000 -o rate_per_second=1000

mkdir -p "$T/home"
status=0
BROWSER_URL=$BELONGD_URL \
BROWSER_DSN=$PG_DSN \
BROWSER_BELONG=$BELONG \
BROWSER_CHROMIUM=$CHROMIUM \
BROWSER_SCREENSHOTS=$HERE/screenshots \
BROWSER_BELONGD_LOG=$T/belongd.log \
HOME=$T/home \
	node "$HERE/suite.mjs" || status=$?

# After the plan, so only as comments and the exit status: belongd must
# have lived through the run and stop cleanly (under ASan: without leaks).
if kill -0 "$BELONGD_PID" 2>/dev/null; then
	stop_belongd
else
	wait "$BELONGD_PID"
	BELONGD_STATUS=$?
	BELONGD_PID=
fi
if [ "$BELONGD_STATUS" -ne 0 ]; then
	echo "# belongd exited with status $BELONGD_STATUS:"
	status=1
fi
if [ $status -ne 0 ]; then
	echo "# the end of belongd's log:"
	tail -20 "$T/belongd.log" | sed 's/^/# /'
fi
exit $status
