#!/bin/bash
# Test events and event delete.  A test event takes responses through
# belongd's real API like any other; every command that aggregates
# responses (report, trend, reach, reliability, export, quotes, plot)
# leaves it out unless --include-test, and it no longer takes part in the
# suppression of real events: the demo event of 3 responses that hid a
# real event of 50 in `report --by event`.  `event delete` deletes an
# event and everything of it in one transaction, asking for the slug to
# be typed again on a terminal (a pseudo-terminal here) unless --yes.
. "$(dirname "$0")/lib.sh"

GP=$(command -v gnuplot)
export BELONG_CHARTS_DIR="$SRCDIR/charts"
unset GNUPLOT

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
count() { sql "select count(*) from $1"; }

start_pg
migrate
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" \
	-o rate_burst=100000 -o rate_per_second=100000

# submit SLUG V ABOUT_JSON [COMMENT]: one response through the JSON API,
# with the id and token a GET of the event gives; prints its id.
submit() {
	api=/api/v1/events/$1
	curl -s "$BELONGD_URL$api" >"$T/event.json"
	id=$(sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p' "$T/event.json")
	token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$T/event.json")
	extra=
	[ $# -ge 4 ] && extra=",\"change\":\"$4\""
	printf '{"id":"%s","token":"%s","lang":"en","answers":{"belong":%s,"welcome":%s,"voice":%s,"future":%s,"recommend":%s%s},"quote_ok":true,"about":%s}' \
		"$id" "$token" "$2" "$2" "$2" "$2" "$2" "$extra" "$3" >"$T/req"
	code=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary @"$T/req" "$BELONGD_URL$api/responses")
	[ "$code" = 201 ] || bail "submission to $1 refused: $code $(cat "$T/body")"
	echo "$id"
}
move() {	# move ID DAY: the API stamps now; the reports want past months
	sql "update response set submitted_at = '$2 12:00' where id = '$1'" >/dev/null
}

# --- event add --test, event list and show ----------------------------------------
run event add --slug real-one --title "Real one" --partner Acme
is "$rc" 0 "event add: a real event"
run event add --slug demo-test --title "Demo" --test
is "$rc" 0 "event add --test: exit 0"
is "$(cat "$T/out")" "added test event demo-test (instrument pulse@2)" "event add --test: says it is a test event"
is "$(sql "select slug || ':' || test from event order by slug")" "$(printf 'demo-test:true\nreal-one:false')" \
	"event.test: stored"
run event add --slug real-two --title "Real two"
run event list
like "$(head -1 "$T/out")" '^slug +title +starts +ends +venue +status +test +expected +attendance +responses$' \
	"event list: a test column"
like "$(grep '^demo-test ' "$T/out")" ' open +yes ' "event list: demo-test is a test event"
like "$(grep '^real-one ' "$T/out")" ' open +no ' "event list: real-one is not"
run event list --format json
is "$(python3 -c 'import json,sys; print(" ".join("%s=%s" % (r["slug"], json.dumps(r["test"])) for r in json.load(open(sys.argv[1]))))' "$T/out")" \
	"demo-test=true real-one=false real-two=false" "event list --format json: test is a JSON boolean"
run event list --format csv
is "$(head -1 "$T/out" | tr -d '\r')" "slug,title,starts,ends,venue,partner,expected,attendance,instrument,status,draw_prize,responses,test,title_es,program,wave,site,kind,audience" \
	"event list --format csv: test column after the others (then title_es, program, wave, site, kind and audience, added later)"
like "$(grep '^demo-test,' "$T/out" | tr -d '\r')" ',yes,,,,,event,$' "event list --format csv: yes"
run event list --format markdown
like "$(head -1 "$T/out")" '\| test +\|' "event list --format markdown: test column"
run event list --format latex
like "$(cat "$T/out")" 'test' "event list --format latex: test column"
run event show demo-test
like "$(cat "$T/out")" '^test +yes$' "event show: test yes"
run event show real-one --format json
is "$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["test"]))' "$T/out")" false \
	"event show --format json: test false"

# --- the responses, through belongd -------------------------------------------------
# real-one: 50 (25 women, index 100, January; 20 men, 50, February;
# 5 nonbinary, 75, March); demo-test: 3 (men, 0, February), one comment.
for i in $(seq 1 25); do
	move "$(submit real-one 5 '{"gender":"woman","role":"student"}')" 2024-01-15
done
for i in $(seq 1 20); do
	move "$(submit real-one 3 '{"gender":"man","role":"student"}')" 2024-02-15
done
for i in $(seq 1 4); do
	move "$(submit real-one 4 '{"gender":"nonbinary","role":"educator"}')" 2024-03-15
done
move "$(submit real-one 4 '{"gender":"nonbinary","role":"educator"}' 'More robots please')" 2024-03-15
for i in 1 2; do
	move "$(submit demo-test 1 '{"gender":"man","role":"student"}')" 2024-02-20
done
move "$(submit demo-test 1 '{"gender":"man","role":"student"}' 'Testing the form')" 2024-02-20
is "$(sql "select e.slug || ':' || count(r.id) from event e left join response r on r.event_id = e.id group by e.slug order by e.slug")" \
	"$(printf 'demo-test:3\nreal-one:50\nreal-two:0')" "fixture: 3 test responses, 50 real ones"

# --- the bug report: a demo event of 3 hid a real event of 50 ------------------------
# Without the test flag both events are one table: demo-test (3) is
# suppressed and, as the only other event, real-one with it.
for rollup in "" --no-rollup; do
	# shellcheck disable=SC2086
	run report --by event --format json $rollup
	is "$rc" 0 "report --by event $rollup: exit 0"
	is "$(python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
print(" ".join(sorted(set("%s:%s:%s" % (r["group"], r["n"], r["suppressed"]) for r in rows if r["indicator"] == "respondents"))))' "$T/out")" \
		"all:50:False real-one:50:False" "report --by event $rollup: real-one shown, demo-test left out"
	# shellcheck disable=SC2086
	run report --by event --format json --include-test $rollup
	is "$(python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
print(" ".join(sorted(set("%s:%s" % (r["group"], r["suppressed"]) for r in rows if r["indicator"] == "respondents"))))' "$T/out")" \
		"all:False demo-test:True real-one:True" "report --by event --include-test $rollup: demo-test suppressed, real-one with it"
done
if [ -n "$GP" ]; then
	run plot reach --by event --out "$T/reach.svg" --data "$T/reach.dat"
	is "$rc" 0 "plot reach --by event: exit 0"
	[ "$rc" = 0 ] || diag "$(cat "$T/err")"
	like "$(cat "$T/reach.dat")" '^# group real-one$' "plot reach --by event: real-one drawn"
	ok "$(grep -c 'demo-test' "$T/reach.dat")" "plot reach --by event: demo-test not drawn"
	run plot reach --by event --include-test --out "$T/reach.svg"
	is "$rc" 1 "plot reach --by event --include-test: exit 1"
	like "$(cat "$T/err")" 'every group is suppressed' "plot reach --by event --include-test: real-one hidden with demo-test"
fi

# real-two: 12 (women, index 25), today; one comment.
for i in $(seq 1 11); do
	submit real-two 2 '{"gender":"woman","role":"family"}' >/dev/null
done
submit real-two 2 '{"gender":"woman","role":"family"}' 'A quieter room' >/dev/null

# --- every command: the same figures as if the test event were not there -------------
# commands NAME ARGS...: what is compared, one per line.
COMMANDS='report|report --format json
report-gender|report --by gender --format json
report-event|report --by event --format json
report-norollup|report --by gender --format json --no-rollup
trend|trend --interval month --format json
trend-gender|trend --interval month --by gender --indicator n --format json
reach|reach --by gender --format json
reach-event|reach --by event --format json
reliability|reliability --format json
reliability-event|reliability --by event --format json
export|export responses --format json --include-text --min-n 5
quotes|quotes --format json --min-n 5'
PLOTS='trend|plot trend --interval month --indicator n
reach|plot reach --by gender
items|plot items'

# capture TAG [EXTRA...]: every command's output (stdout, then stderr)
# into $T/TAG.NAME; every plot's data file into $T/TAG.plot-NAME.
capture() {
	tag=$1
	shift
	while IFS='|' read -r name cmd; do
		# shellcheck disable=SC2086
		"$BELONG" $cmd "$@" >"$T/$tag.$name" 2>&1
		echo "exit $?" >>"$T/$tag.$name"
	done <<<"$COMMANDS"
	[ -n "$GP" ] || return 0
	while IFS='|' read -r name cmd; do
		# shellcheck disable=SC2086
		"$BELONG" $cmd "$@" --out "$T/$tag.$name.png" --data "$T/$tag.plot-$name" \
			>"$T/$tag.plot-$name.log" 2>&1
		echo "exit $? $(test -s "$T/$tag.$name.png" && echo drawn)" >>"$T/$tag.plot-$name"
	done <<<"$PLOTS"
}
names() {
	echo "$COMMANDS" | cut -d'|' -f1
	[ -z "$GP" ] || echo "$PLOTS" | cut -d'|' -f1 | sed 's/^/plot-/'
}

capture default
capture include --include-test
for n in $(names); do
	like "$(tail -1 "$T/default.$n")" '^exit 0( drawn)?$' "$n: exit 0"
	like "$(tail -1 "$T/include.$n")" '^exit 0( drawn)?$' "$n --include-test: exit 0"
	if cmp -s "$T/default.$n" "$T/include.$n"; then
		ok 1 "$n: --include-test changes the figures"
	else
		ok 0 "$n: --include-test changes the figures"
	fi
done
ok "$(grep -c 'Testing the form' "$T/default.quotes")" "quotes: no comment of the test event"
is "$(grep -c 'Testing the form' "$T/include.quotes")" 1 "quotes --include-test: its comment"
ok "$(grep -c 'demo-test' "$T/default.export")" "export: no row of the test event"
ok "$(grep -c 'demo-test' "$T/default.report-event" "$T/default.reach-event" "$T/default.reliability-event" | grep -vc ':0$')" \
	"--by event: the test event is no group"
# The design: two real events with respondents are two clusters either way.
like "$(cat "$T/default.report")" '"design":"cluster' "report: the design from the real events"

# event set --no-test: a real event, in every report; --test: out again.
run event set demo-test --no-test
is "$rc" 0 "event set --no-test: exit 0"
is "$(sql "select test from event where slug = 'demo-test'")" f "event set --no-test: stored"
capture real
for n in $(names); do
	is "$(cat "$T/real.$n")" "$(cat "$T/include.$n")" "$n: a real event counts as --include-test counted it"
done
run event set demo-test --test
is "$rc" 0 "event set --test: exit 0"
capture again
for n in $(names); do
	is "$(cat "$T/again.$n")" "$(cat "$T/default.$n")" "$n: a test event again, left out again"
done
run event set demo-test
is "$rc" 2 "event set without --test or --no-test: usage error"
run event set demo-test --test --no-test
is "$rc" 2 "event set --test --no-test: usage error"
run event set no-such-event --test
is "$rc" 1 "event set: unknown event, exit 1"

# --- --event naming a test event ------------------------------------------------------
MSG='belong: event demo-test is a test event: add --include-test to report on it'
for cmd in "report" "trend --interval month" "reach" "reliability" \
	"export responses --format csv" "quotes"; do
	# shellcheck disable=SC2086
	run $cmd --event demo-test
	is "$rc" 1 "$cmd --event demo-test: exit 1"
	is "$(cat "$T/err")" "$MSG" "$cmd --event demo-test: says to add --include-test"
	is "$(cat "$T/out")" "" "$cmd --event demo-test: prints nothing"
	# shellcheck disable=SC2086
	run $cmd --event real-one --event demo-test
	is "$rc" 1 "$cmd --event real-one --event demo-test: exit 1"
	# shellcheck disable=SC2086
	run $cmd --event demo-test --include-test --min-n 5
	is "$rc" 0 "$cmd --event demo-test --include-test: exit 0"
	# shellcheck disable=SC2086
	run $cmd --help
	like "$(cat "$T/out")" '--include-test' "$cmd --help: names --include-test"
done
if [ -n "$GP" ]; then
	run plot trend --event demo-test --out "$T/x.png"
	is "$rc" 1 "plot --event demo-test: exit 1"
	is "$(cat "$T/err")" "$MSG" "plot --event demo-test: says to add --include-test"
	ok "$(test ! -e "$T/x.png"; echo $?)" "plot --event demo-test: draws nothing"
	# Its 3 responses are under --min-n 5: suppressed, no longer refused.
	run plot trend --event demo-test --include-test --min-n 5 --out "$T/x.png"
	like "$(cat "$T/err")" '^belong: trend: suppressed' "plot --event demo-test --include-test: on to the figures"
fi
run plot --help
like "$(cat "$T/out")" '--include-test' "plot --help: names --include-test"
# The explicit selection of real events is untouched.
run report --event real-one --format json
is "$rc" 0 "report --event real-one: exit 0"
like "$(cat "$T/out")" '"events":\["real-one"\]' "report --event real-one: the caption names it"
run report --format json
ok "$(grep -c '"events":\[[^]]' "$T/out")" "report: no event named when none was given"

# --- event delete: an event without responses -------------------------------------------
run event add --slug empty-day --title "Empty day" --draw "A book"
sql "insert into draw_entry (event_id, contact) select id, 'a@example.org' from event where slug = 'empty-day';
     insert into draw_winner (event_id, contact) select id, 'a@example.org' from event where slug = 'empty-day'" >/dev/null
run event attendance empty-day --total 40
run event delete empty-day
is "$rc" 0 "event delete: an event without responses, exit 0"
is "$(cat "$T/out")" "deleted event empty-day (0 response(s), 1 draw entry)" "event delete: says what went"
is "$(sql "select count(*) from event where slug = 'empty-day'")" 0 "event delete: the event is gone"
is "$(count draw_entry)/$(count draw_winner)" "0/0" "event delete: its draw entries and winners too"
run event delete empty-day
is "$rc" 1 "event delete: again, exit 1"
is "$(cat "$T/err")" "belong: no event empty-day" "event delete: unknown slug says so"

# --- event delete: with responses ---------------------------------------------------------
before() { sql "select e.slug || ':' || (select count(*) from response r where r.event_id = e.id)
	|| ':' || (select count(*) from answer a where a.event_id = e.id)
	|| ':' || (select count(*) from answer_text t where t.event_id = e.id)
	|| ':' || (select count(*) from report_cell c where c.event_id = e.id)
	|| ':' || (select count(*) from report_cell_month c where c.event_id = e.id)
	from event e order by e.slug"; }
STATE=$(before)
run event delete demo-test
is "$rc" 1 "event delete: responses without --with-responses, exit 1"
like "$(cat "$T/err")" '^belong: event delete: demo-test has 3 response\(s\): add --with-responses' \
	"event delete: says how many and what to add"
is "$(before)" "$STATE" "event delete refused: nothing deleted"
run event delete demo-test --with-responses </dev/null
is "$rc" 1 "event delete --with-responses, stdin not a terminal: exit 1"
like "$(cat "$T/err")" 'not a terminal.*--yes' "event delete: says to confirm on a terminal or add --yes"
is "$(before)" "$STATE" "event delete not confirmed: nothing deleted"

# The slug typed again on a terminal: a pseudo-terminal answers.
cat >"$T/confirm.py" <<'EOF'
import os, pty, sys
answer = sys.argv[1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
seen = b""
asked = False
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    if not asked and b"to confirm: " in seen:
        os.write(fd, answer + b"\n")
        asked = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode("utf-8", "replace").replace("\r", ""))
sys.exit(os.waitstatus_to_exitcode(status))
EOF
python3 "$T/confirm.py" demo-tset "$BELONG" event delete demo-test --with-responses >"$T/out" 2>&1
is "$?" 1 "event delete: a wrong slug typed, exit 1"
like "$(cat "$T/out")" 'Type the event.s slug to confirm' "event delete: asks on the terminal"
like "$(cat "$T/out")" 'belong: event delete: the slug typed is not demo-test; nothing deleted' \
	"event delete: a wrong slug refused"
is "$(before)" "$STATE" "event delete, wrong slug: nothing deleted"
python3 "$T/confirm.py" "" "$BELONG" event delete demo-test --with-responses >"$T/out" 2>&1
is "$?" 1 "event delete: an empty line typed, exit 1"
is "$(before)" "$STATE" "event delete, empty line: nothing deleted"

run event add --slug demo-two --title "Demo two" --test
for i in 1 2; do
	move "$(submit demo-two 3 '{"gender":"woman"}')" 2024-01-20
done
run rollup --rebuild
python3 "$T/confirm.py" demo-two "$BELONG" event delete demo-two --with-responses >"$T/out" 2>&1
is "$?" 0 "event delete: the slug typed, exit 0"
like "$(cat "$T/out")" 'deleted event demo-two \(2 response\(s\), 0 draw entries\)' "event delete: typed slug, deleted"
is "$(sql "select count(*) from event where slug = 'demo-two'")" 0 "event delete, typed slug: the event is gone"
is "$(before)" "$STATE" "event delete, typed slug: every other event as it was"

# --yes, with the rollup holding the test event's days and a draw entry.
run report --format json
DEMO_ID=$(sql "select id from event where slug = 'demo-test'")
sql "insert into draw_entry (event_id, contact) values ($DEMO_ID, 'b@example.org')" >/dev/null
ok "$(test "$(sql "select count(*) from report_cell where event_id = $DEMO_ID")" -gt 0; echo $?)" \
	"the rollup holds cells of the test event"
ok "$(test "$(sql "select count(*) from report_cell_item_month where event_id = $DEMO_ID")" -gt 0; echo $?)" \
	"the monthly rollup too"
OTHERS=$(before | grep -v '^demo-test:')
run event delete demo-test --with-responses --yes
is "$rc" 0 "event delete --with-responses --yes: exit 0"
is "$(cat "$T/out")" "deleted event demo-test (3 response(s), 1 draw entry)" "event delete --yes: says what went"
for t in response answer answer_text draw_entry draw_winner report_cell report_cell_item \
	report_cell_month report_cell_item_month; do
	is "$(sql "select count(*) from $t where event_id = $DEMO_ID")" 0 "event delete: nothing of it left in $t"
done
is "$(sql "select count(*) from event where id = $DEMO_ID or slug = 'demo-test'")" 0 "event delete: the event row is gone"
is "$(before)" "$OTHERS" "event delete: the other events' responses, answers and cells untouched"
is "$(count response)" 62 "event delete: 62 responses left"
# The rollup without the event is what a rebuild gives.
for args in "--by gender" "--by event" ""; do
	# shellcheck disable=SC2086
	"$BELONG" report $args --format json >"$T/a" 2>&1
	# shellcheck disable=SC2086
	"$BELONG" report $args --format json --no-rollup >"$T/b" 2>&1
	is "$(cat "$T/a")" "$(cat "$T/b")" "report $args after delete: the rollup's figures are the responses'"
done
# Without the test event at all, every command prints what it printed
# while the test event was there and left out.
capture gone
for n in $(names); do
	is "$(cat "$T/gone.$n")" "$(cat "$T/default.$n")" "$n: the same with the test event deleted"
done

# --- hostile slugs: usage errors, nothing touched ----------------------------------------
EVENTS=$(count event)
for bad in "x'; drop table response; --" '$(touch /tmp/belong-pwned)' "$(printf 'demo\033[31m')" \
	"Real-One" "" "../../etc/passwd" "$(printf 'real-one\nreal-two')" "$(head -c 100 /dev/zero | tr '\0' a)"; do
	run event delete "$bad" --with-responses --yes
	is "$rc" 2 "event delete $(printf '%q' "$bad"): usage error"
	run event set "$bad" --test
	is "$rc" 2 "event set $(printf '%q' "$bad"): usage error"
	run report --event "$bad"
	is "$rc" 2 "report --event $(printf '%q' "$bad"): usage error"
done
ok "$(test ! -e /tmp/belong-pwned; echo $?)" "no shell ran"
is "$(count event)" "$EVENTS" "hostile slugs: no event deleted"
is "$(count response)" 62 "hostile slugs: no response deleted"
run event delete real-one --bogus
is "$rc" 2 "event delete --bogus: usage error"
run event delete
is "$rc" 2 "event delete without SLUG: usage error"
run event delete --help
is "$rc" 0 "event delete --help: exit 0"
like "$(cat "$T/out")" 'event delete SLUG \[--with-responses\] \[--yes\]' "event --help: documents delete"

# belongd forgot the deleted event.
wait_for sh -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' '$BELONGD_URL/api/v1/events/demo-test')\" = 404 ]"
ok $? "belongd: the deleted event is gone (404)"

done_testing
