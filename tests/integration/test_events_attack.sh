#!/bin/bash
# Test events against disclosure: what belong prints with --include-test
# and what it prints without, put together, must not give away a group
# that either hides.  The tempting subtraction is (real + test) - test: a
# real event's 3 non-binary respondents are suppressed, a test event has
# 12, and --include-test prints the 15 of both.  Every report, trend,
# reach and export figure of every event selection, with and without
# --include-test, is read as a linear fact about the cells event set x
# gender x month; test_events_attack.py solves for every cell it can and
# fails if one holding fewer than min-n respondents, or suppressed in what
# belong printed, is pinned down.
. "$(dirname "$0")/lib.sh"

start_pg
migrate
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" \
	-o rate_burst=100000 -o rate_per_second=100000

"$BELONG" event add --slug real-a --title "Real A" >/dev/null || bail "event add"
"$BELONG" event add --slug real-b --title "Real B" >/dev/null || bail "event add"
"$BELONG" event add --slug demo --title "Demo" --test >/dev/null || bail "event add --test"

# submit SLUG N GENDER MONTH: N responses through the JSON API.
submit() {
	api=/api/v1/events/$1
	for _ in $(seq 1 "$2"); do
		curl -s "$BELONGD_URL$api" >"$T/event.json"
		id=$(sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p' "$T/event.json")
		token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$T/event.json")
		printf '{"id":"%s","token":"%s","lang":"en","answers":{"belong":4,"welcome":4,"voice":3,"future":4,"recommend":8},"about":{"gender":"%s","role":"student"}}' \
			"$id" "$token" "$3" >"$T/req"
		code=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
			--data-binary @"$T/req" "$BELONGD_URL$api/responses")
		[ "$code" = 201 ] || bail "submission to $1 refused: $code $(cat "$T/body")"
		echo "update response set submitted_at = '$4-15 12:00' where id = '$id';" >>"$T/move.sql"
	done
}
submit real-a 20 woman 2024-01
submit real-a 15 man 2024-01
submit real-a 3 nonbinary 2024-01
submit real-b 12 woman 2024-02
submit real-b 12 man 2024-02
submit real-b 2 self 2024-02
submit demo 10 woman 2024-01
submit demo 10 man 2024-01
submit demo 12 nonbinary 2024-01
submit demo 4 prefer_not 2024-01
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" -f "$T/move.sql" >/dev/null || bail "moving the responses"
"$BELONG" rollup >/dev/null 2>&1
is "$(sql "select e.slug || ':' || count(*) from response r join event e on e.id = r.event_id group by e.slug order by e.slug")" \
	"$(printf 'demo:36\nreal-a:38\nreal-b:26')" "fixture: 38 + 26 real responses, 36 test ones"

# Every output, with each event selection, with and without --include-test.
n=0
out() {	# out KIND SELECTION ARGS...: run belong ARGS, keep its JSON
	n=$((n + 1))
	case " $* " in *" --include-test "*) world=test ;; *) world=real ;; esac
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$world" "$T/o$n.json" >>"$T/outputs"
	shift 2
	"$BELONG" "$@" --format json >"$T/o$n.json" 2>"$T/o$n.err"
	rc=$?
	# A refusal (the whole selection suppressed) is exit 1 and prints nothing.
	[ "$rc" = 0 ] || [ "$rc" = 1 ] || diag "belong $* exited $rc: $(cat "$T/o$n.err")"
}
: >"$T/outputs"
for sel in real-a real-b demo real-a,real-b real-a,demo real-b,demo real-a,real-b,demo; do
	ev=
	for s in ${sel//,/ }; do ev="$ev --event $s"; done
	for test in "" --include-test; do
		case $sel:$test in *demo*:) continue ;; esac
		# shellcheck disable=SC2086
		{
			out report "$sel" report --by gender $ev $test
			out trend "$sel" trend --by gender --interval month --indicator n $ev $test
			out reach "$sel" reach --by gender $ev $test
			out export "$sel" export responses $ev $test
		}
	done
done
for test in "" --include-test; do
	sel=real-a,real-b
	[ -n "$test" ] && sel=real-a,real-b,demo
	# shellcheck disable=SC2086
	{
		out report "$sel" report --by gender $test
		out report-event "$sel" report --by event $test
		out report-pair "$sel" report --by event,gender $test
		out trend "$sel" trend --by gender --interval month --indicator n $test
		out trend-event "$sel" trend --by event --interval month --indicator n $test
		out reach "$sel" reach --by gender $test
		out reach-event "$sel" reach --by event $test
		out export "$sel" export responses $test
	}
done
is "$(wc -l <"$T/outputs")" 56 "56 outputs collected"

sql "select e.slug, coalesce(r.gender, 'not_answered'), to_char(r.submitted_at, 'YYYY-MM'), count(*)
	from response r join event e on e.id = r.event_id group by 1, 2, 3 order by 1, 2, 3" >"$T/truth"
# The linear attack's verdicts as TAP lines.
python3 "$SRCDIR/tests/integration/test_events_attack.py" "$T/outputs" "$(cat "$T/truth")" >"$T/attack" 2>&1 ||
	bail "test_events_attack.py failed: $(cat "$T/attack")"
while IFS=$'\t' read -r verdict what; do
	case $verdict in
	PASS) ok 0 "$what" ;;
	FAIL) ok 1 "$what" ;;
	*) diag "$verdict" ;;
	esac
done <"$T/attack"
# The attack can fail: one more output that printed real-a's 3 non-binary
# respondents is caught.
cp "$T/outputs" "$T/outputs.bad"
printf 'report\treal-a\treal\t%s\n' "$T/bad.json" >>"$T/outputs.bad"
echo '{"rows":[{"group":"nonbinary","indicator":"respondents","n":3,"suppressed":false}]}' >"$T/bad.json"
python3 "$SRCDIR/tests/integration/test_events_attack.py" "$T/outputs.bad" "$(cat "$T/truth")" >"$T/attack.bad" 2>&1
like "$(grep '^FAIL' "$T/attack.bad")" 'none of the [0-9]+ sums' "the attack catches a leaking output"
like "$(cat "$T/attack.bad")" 'recovered: real-a nonbinary all = 3' "... and names the cell it recovered"
done_testing
