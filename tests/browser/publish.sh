#!/bin/bash
# The public page of `belong publish` in a real browser: Debian's headless
# Chromium driven by playwright-core with axe (tests/browser/publish.mjs),
# the page served by a static server on 127.0.0.1 started here.  TAP.
#
# Skips as run.sh does: under sanitizers (what Chromium draws is the same
# in every build; tests/integration/publish.sh checks the files there),
# or when Chromium, Node.js or tests/browser/node_modules is missing.
#
#   SCREENSHOTS=1      also save screenshots in tests/browser/screenshots/
set -u

SRCDIR=${BELONG_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
HERE=$SRCDIR/tests/browser
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

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
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

. "$SRCDIR/tests/integration/lib.sh"

SERVER_PID=
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=
	fi
}
trap 'stop_server; cleanup' EXIT

start_pg
migrate
# A small fixture with every part of the page: commitments with and
# without figures (one suppressed), a hostile title, a public board item.
# Three events a month apart in the last six months and one in the year
# before (the baseline), 40 respondents each.
sql "create temp table d as select
	(date_trunc('month', current_date) - interval '6 months')::date as s;
     insert into event (slug, title, instrument_id, partner, starts_on, attendance)
	select v.slug, v.slug, (select id from instrument where key = 'pulse'
	    order by version desc limit 1), 'Acme',
	    (select s from d) + v.mon * interval '1 month' + interval '9 days', v.att
	from (values ('fair-1', 1, 150), ('fair-2', 2, null), ('fair-3', 3, 90),
	    ('base', -3, 60)) v (slug, mon, att);
     create temp table fx as select e.id as event_id, gen_random_uuid() as id,
	e.starts_on as day, 2 + i % 4 as v,
	case when i % 2 = 0 then 'woman' else 'man' end as gender
	from event e, generate_series(1, 40) i;
     insert into response (event_id, id, submitted_at, lang, instrument_id, belonging, role, gender)
	select fx.event_id, fx.id, fx.day + interval '12 hours', 'en', e.instrument_id,
	    (fx.v - 1) * 25, 'student', fx.gender from fx join event e on e.id = fx.event_id;
     insert into answer (event_id, response_id, item, value)
	select fx.event_id, fx.id, it, fx.v from fx,
	    unnest(array['belong', 'welcome', 'voice', 'future']) it;
     insert into answer (event_id, response_id, item, value)
	select event_id, id, 'first_time', 1 from fx limit 3" >/dev/null ||
	bail "cannot load the fixture"
S=$(sql "select (date_trunc('month', current_date) - interval '6 months')::date")
B="--baseline-from $(sql "select ('$S'::date - interval '12 months')::date")
	--baseline-to $(sql "select '$S'::date - 1")"
DUE=$(sql "select (date_trunc('month', current_date) + interval '12 months')::date")
"$BELONG" commitment add --slug reach --title 'Reach <b>more</b> & "all"' \
	--indicator attendance --target 500 --due "$DUE" $B >/dev/null &&
"$BELONG" commitment add --slug bel --title 'Belonging' --indicator belonging \
	--target 80 --due "$DUE" $B >/dev/null &&
"$BELONG" commitment add --slug newr --title 'First-timers' --indicator new-reach \
	--target 100 --due "$DUE" $B >/dev/null || bail "cannot add the commitments"
if "$BELONG" board public --help >/dev/null 2>&1; then
	"$BELONG" board add-member --name Ana >/dev/null &&
	sql "insert into board_item (member_id, topic, body, share_name, status)
		values (1, 'programs', 'More robotics <please>', false, 'new')" >/dev/null &&
	"$BELONG" board reply 1 --status acted --note 'A robotics club starts in April' \
		--public >/dev/null || bail "cannot publish a board item"
fi
"$BELONG" publish --out "$T/site" --lang en,es >"$T/publish.out" 2>&1 ||
	bail "belong publish failed: $(cat "$T/publish.out")"

# The static server: an unused port chosen by the kernel, read back from
# the line the server prints.
(cd "$T/site" && exec "$PY" -u -m http.server --bind 127.0.0.1 0) \
	>"$T/server.log" 2>&1 &
SERVER_PID=$!
port=
for _ in $(seq 100); do
	port=$(sed -n 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\).*/\1/p' "$T/server.log")
	[ -n "$port" ] && break
	kill -0 "$SERVER_PID" 2>/dev/null || break
	sleep 0.1
done
[ -n "$port" ] || bail "the static server did not start: $(cat "$T/server.log")"

mkdir -p "$T/home"
status=0
BROWSER_URL=http://127.0.0.1:$port \
BROWSER_DSN=$PG_DSN \
BROWSER_BELONG=$BELONG \
BROWSER_CHROMIUM=$CHROMIUM \
BROWSER_SCREENSHOTS=$HERE/screenshots \
PUBLISH_PAGES=index.html,index.es.html \
HOME=$T/home \
	node "$HERE/publish.mjs" || status=$?
stop_server
exit $status
