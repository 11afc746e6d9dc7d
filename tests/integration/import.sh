#!/bin/bash
# belong import responses: what belong export responses --include-text
# writes goes back in.  Responses are seeded through belongd's real API
# into one database, exported, imported into a second database (and a
# third, for JSON), and exported again: the files are identical.  Bad
# rows are all reported with their lines and store nothing (unless
# --skip-bad); files that cannot be read store nothing; a file with an id
# column stores nothing twice; the rollup is rebuilt for the imported days.
. "$(dirname "$0")/lib.sh"

start_pg
migrate
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
"$BELONG" event add --slug past --title Past >/dev/null || bail "event add"
"$BELONG" event add --slug mixed --title Mixed >/dev/null || bail "event add"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" \
	-o rate_burst=100000 -o rate_per_second=100000

# submit SLUG V REC ABOUT_JSON [CHANGE_JSON]: one response through the API;
# prints its id.
submit() {
	api=/api/v1/events/$1
	curl -s "$BELONGD_URL$api" >"$T/event.json"
	id=$(sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p' "$T/event.json")
	token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$T/event.json")
	change=${5:-}
	printf '{"id":"%s","token":"%s","lang":"%s","answers":{"belong":%s,"welcome":%s,"voice":%s,"future":%s,"recommend":%s%s},"about":%s%s}' \
		"$id" "$token" "$([ "$2" = 2 ] && echo es || echo en)" "$2" "$2" "$2" "$(( $2 % 5 + 1 ))" "$3" \
		"${change:+,\"change\":$change}" "$4" "${change:+,\"quote_ok\":true}" >"$T/req"
	code=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary @"$T/req" "$BELONGD_URL$api/responses")
	[ "$code" = 201 ] || bail "submission refused: $code $(cat "$T/body")"
	echo "$id"
}
move() {	# move ID DAY: the API stamps now; the fixture is in the past
	sql "update response set submitted_at = '$2 12:00' where id = '$1'" >/dev/null
}

# Event past: three combinations of 10, nothing rare, so export keeps
# every answer; free text with SQL, HTML, shell and terminal escapes.
HOSTILE='"x\u0027); drop table response; -- <script>alert(1)</script> $(rm -rf /) `id` \u001b[31mred\u001b[0m"'
for i in $(seq 1 10); do
	move "$(submit past $((i % 5 + 1)) $((i % 11)) '{"role":"student","grade":"g9_12","gender":"woman","race":["asian","white"]}' \
		"$([ $((i % 3)) = 0 ] && echo "$HOSTILE")")" "2024-01-$((10 + i))"
	move "$(submit past $((i % 4 + 2)) $((10 - i % 11)) '{"role":"student","grade":"g9_12","gender":"man","race":["white"],"language":"es"}' \
		"$([ $((i % 4)) = 0 ] && echo '"=SUM(A1) needs more snacks, \"really\""')")" "2024-02-0$((i % 9 + 1))"
	move "$(submit past 4 7 '{"role":"educator","grade":"adult","gender":"self","gender_text":"genderfluid","race":["self"],"race_text":"<b>mine</b>"}')" \
		"2024-03-15"
done
# Event mixed: 10 women, 10 men, and 5 non-binary and 5 prefer_not (rare:
# export keeps only their role and grade).  Gender codes that event past
# has none of, so that the suppression of the rare ones reaches no cell
# of past (a past cell beside a suppressed one would be suppressed too).
for i in $(seq 1 10); do
	move "$(submit mixed 4 8 '{"role":"student","grade":"k5","gender":"woman"}')" 2024-04-01
	move "$(submit mixed 3 9 '{"role":"student","grade":"k5","gender":"man"}')" 2024-04-02
done
for i in $(seq 1 5); do
	move "$(submit mixed 5 10 '{"role":"student","grade":"k5","gender":"nonbinary"}')" 2024-04-03
	move "$(submit mixed 2 3 '{"role":"student","grade":"k5","gender":"prefer_not"}')" 2024-04-03
done
stop_belongd
[ "$(sql "select count(*) from response")" = 60 ] || bail "fixture: not 60 responses"

export_to() {	# export_to FILE FORMAT SLUG [DSN]
	"$BELONG" ${4:+--dsn "$4"} export responses --format "$2" --include-text \
		--event "$3" >"$1" 2>"$T/export.err" || bail "export failed: $(cat "$T/export.err")"
}
export_to "$T/past.csv" csv past
export_to "$T/past.json" json past
export_to "$T/mixed.csv" csv mixed
like "$(cat "$T/export.err")" '30 rows; 10 with .*: 10 coarsened' "fixture: mixed has 10 coarsened rows"
"$BELONG" report --event past --by gender --format json >"$T/report1.json" 2>&1 ||
	bail "report failed"

# A second and a third database in the same cluster, migrated, the same
# events, and the rollup built (so the imported days are behind it).
newdb() {	# newdb NAME: prints its DSN
	sql "create database $1" >/dev/null || bail "create database $1"
	dsn=$(printf '%s' "$PG_DSN" | sed "s/dbname=belong/dbname=$1/")
	BELONG_DSN=$dsn "$BELONG" db migrate >/dev/null || bail "migrate $1"
	BELONG_DSN=$dsn "$BELONG" event add --slug past --title Past >/dev/null || bail "event add"
	BELONG_DSN=$dsn "$BELONG" event add --slug mixed --title Mixed >/dev/null || bail "event add"
	BELONG_DSN=$dsn "$BELONG" rollup >/dev/null || bail "rollup $1"
	printf '%s' "$dsn"
}
DSN2=$(newdb imp2)
DSN3=$(newdb imp3)
sql2() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$DSN2" -c "$1"; }
run() {	# run DSN ARGS...: belong against DSN; sets rc, out, err
	d=$1
	shift
	BELONG_DSN=$d "$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# --- the round trip ------------------------------------------------------
run "$DSN2" import responses "$T/past.csv" --event past
is "$rc" 0 "import csv: exit 0"
[ "$rc" = 0 ] || diag "$err"
is "$out" "imported 30 responses into past (0 already present, 0 bad rows skipped)" \
	"import csv: the summary line"
is "$(sql2 "select count(*), count(distinct submitted_at::date) from response")" "30|20" \
	"import csv: 30 responses on their 20 days"
is "$(sql2 "select count(*) from answer_text where body like '%drop table response%'")" 3 \
	"import csv: hostile text stored as text"
is "$(sql2 "select count(*) from response where gender_text = 'genderfluid' and race_text = '<b>mine</b>' and race = '{self}'")" 10 \
	"import csv: self-described texts and race kept"
is "$(sql2 "select count(*) from response where quote_ok")" 5 "import csv: quote_ok kept"
is "$(sql2 "select count(*) from response where lang = 'es'")" "$(sql "select count(*) from response r join event e on e.id = r.event_id where slug = 'past' and lang = 'es'")" \
	"import csv: lang kept"
is "$(sql2 "select count(*) from response where extract(hour from submitted_at) <> 12")" 0 \
	"import csv: stored at noon of the day"
export_to "$T/past2.csv" csv past "$DSN2"
cmp -s "$T/past.csv" "$T/past2.csv"
ok $? "round trip csv: export, import, export gives the same file"

run "$DSN3" import responses "$T/past.json" --event past
is "$rc" 0 "import json: exit 0"
is "$out" "imported 30 responses into past (0 already present, 0 bad rows skipped)" \
	"import json: the summary line"
# JSON carries control characters exactly: the escape is stored as the
# character; CSV had its visible escape, stored as those six characters.
is "$(psql -X -q -t -A -d "$DSN3" -c "select count(*) from answer_text where body like E'%\\x1b[31mred%'")" 3 \
	"import json: a terminal escape in text stored as text"
is "$(sql2 "select count(*) from answer_text where body like '%\\u001b[31mred%'")" 3 \
	"import csv: the visible escape export printed, stored as text"
export_to "$T/past3.json" json past "$DSN3"
cmp -s "$T/past.json" "$T/past3.json"
ok $? "round trip json: export, import, export gives the same file"

# The rollup: built before the import, so the imported days are behind
# its through date; the import rebuilt them.  A report reading the
# rollup equals one without it, and the report of the first database.
is "$(sql2 "select count(*) > 0 from report_cell c, report_rollup u where c.day < u.through and c.day = '2024-03-15'")" t \
	"rollup: the imported days are in the rollup"
run "$DSN2" report --event past --by gender --format json
cp "$T/out" "$T/report2.json"
run "$DSN2" report --event past --by gender --format json --no-rollup
cmp -s "$T/out" "$T/report2.json"
ok $? "rollup: report equals report --no-rollup after the import"
cmp -s "$T/report1.json" "$T/report2.json"
ok $? "rollup: report equals the first database's report"
for by in race role; do
	run "$DSN2" trend --event past --interval month --by "$by" --format json
	cp "$T/out" "$T/trend2.json"
	run "$DSN2" trend --event past --interval month --by "$by" --format json --no-rollup
	cmp -s "$T/out" "$T/trend2.json"
	ok $? "rollup: monthly trend by $by equals --no-rollup"
done

# Coarsened rows: export keeps only role and grade of the 10 rare rows
# (demographics "coarsened").  Imported, they are responses without
# gender: 10 of them, not rare in the second database, so the second
# export shows them in full.  That one column is the whole difference.
run "$DSN2" import responses "$T/mixed.csv" --event mixed
is "$rc" 0 "import coarsened: exit 0"
export_to "$T/mixed2.csv" csv mixed "$DSN2"
sed 's/,coarsened\r$/,full\r/' "$T/mixed.csv" | cmp -s - "$T/mixed2.csv"
ok $? "round trip, coarsened rows: only demographics differs, coarsened -> full"
is "$(grep -c ',coarsened' "$T/mixed.csv")" 10 "round trip, coarsened rows: 10 of them"

# --- ids: a file with an id column stores nothing twice ------------------
awk 'BEGIN { FS = OFS = "," } NR == 1 { print "id", $0; next }
	{ printf "00000000-0000-4000-8000-%012d%s%s\n", NR, OFS, $0 }' "$T/past.csv" >"$T/ids.csv"
run "$DSN2" import responses "$T/ids.csv" --event past
is "$out" "imported 30 responses into past (0 already present, 0 bad rows skipped)" \
	"id column: stored"
is "$(sql2 "select count(*) from response where id::text like '00000000-%'")" 30 "id column: the ids kept"
run "$DSN2" import responses "$T/ids.csv" --event past
is "$rc" 0 "re-import: exit 0"
is "$out" "imported 0 responses into past (30 already present, 0 bad rows skipped)" \
	"re-import: nothing stored twice"
is "$(sql2 "select count(*) from response")" 90 "re-import: 90 responses, not 120"
is "$(sql2 "select count(*) from answer where response_id::text like '00000000-%'")" 150 \
	"re-import: no answer twice"
# The same id twice in one file
{ head -2 "$T/ids.csv"; sed -n 2p "$T/ids.csv"; } >"$T/twice.csv"
run "$DSN2" import responses "$T/twice.csv" --event past
is "$rc" 1 "id twice: exit 1"
like "$err" 'line 3: id: is the id of line 2 too' "id twice: reported"

# --- bad rows ------------------------------------------------------------
header=$(head -1 "$T/past.csv" | tr -d '\r')
# A good row made from the header: the answers, a role, the rest blank.
good=$(printf '%s\n' "$header" | awk -F, -v OFS=, '{
	split("event=past date=2024-01-05 lang=en instrument=pulse@2 belong=4 welcome=4 voice=4 future=4 recommend=7 role=student demographics=full", kv, " ")
	for (k in kv) { split(kv[k], p, "="); v[p[1]] = p[2] }
	for (i = 1; i <= NF; i++) $i = ($i in v) ? v[$i] : ""
	print }')
# with COLUMN VALUE: the good row with one column changed
with() {
	printf '%s\n%s\n' "$header" "$good" | LC_ALL=C awk -F, -v OFS=, -v c="$1" -v v="$2" \
		'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { $k = v; print }'
}
long=$(head -c 600 /dev/zero | tr '\0' x)
{
	echo "$header"
	echo "$good"
	with recommend 11
	with role astronaut
	with date 2024-02-30
	with date 2099-01-01
	with event other-event
	with instrument pulse@9
	with change "$(printf 'bad \xff byte')"
	with change "$long"
	with gender "$(printf '\033[31mred')"
	with belong ""
	echo "$good"
} >"$T/bad.csv"
before=$(sql2 "select count(*) from response")
run "$DSN2" import responses "$T/bad.csv" --event past
is "$rc" 1 "bad rows: exit 1"
like "$err" 'line 3: recommend: must be an integer from 0 to 10 \("11"\)' "bad rows: out of range"
like "$err" 'line 4: role: has an unknown code \("astronaut"\)' "bad rows: unknown option"
like "$err" 'line 5: date: must be a real calendar date' "bad rows: bad date"
like "$err" 'line 6: date: is in the future \("2099-01-01"\)' "bad rows: future date"
like "$err" 'line 7: event: is not the event imported into' "bad rows: wrong event"
like "$err" 'line 8: instrument: is not the event.s instrument, pulse@2 \("pulse@9"\)' "bad rows: wrong instrument"
like "$err" 'line 9: change: is not valid UTF-8 \("bad \\xff byte"\)' "bad rows: invalid UTF-8, shown escaped"
like "$err" 'line 10: change: must be at most 500 characters' "bad rows: oversize text"
like "$err" 'line 11: gender: has an unknown code \("\\x1b\[31mred"\)' "bad rows: a terminal escape shown escaped"
like "$err" 'line 12: belong: is required' "bad rows: a required item missing"
like "$err" '10 bad rows of 12; nothing stored' "bad rows: the count, nothing stored"
is "$(printf '%s' "$err" | grep -c $'\033')" 0 "bad rows: no raw escape on the terminal"
is "$(sql2 "select count(*) from response")" "$before" "bad rows: the database unchanged"
run "$DSN2" import responses "$T/bad.csv" --event past --skip-bad
is "$rc" 0 "--skip-bad: exit 0"
is "$out" "imported 2 responses into past (0 already present, 10 bad rows skipped)" \
	"--skip-bad: the summary line"
like "$err" 'line 3: recommend' "--skip-bad: bad rows still reported"
is "$(sql2 "select count(*) from response")" "$((before + 2))" "--skip-bad: only the good rows stored"

# Columns matched by name: another order, optional columns left out
cut -d, -f2,6-10 "$T/past.csv" | awk -F, -v OFS=, '{ print $6, $1, $2, $3, $4, $5 }' >"$T/order.csv"
run "$DSN3" import responses "$T/order.csv" --event mixed
is "$rc" 0 "columns in another order, some left out: exit 0"
is "$out" "imported 30 responses into mixed (0 already present, 0 bad rows skipped)" \
	"columns in another order: imported"
# An event column naming another event is bad; blank is fine.
run "$DSN3" import responses "$T/past.csv" --event mixed
is "$rc" 1 "another event's file: exit 1"
like "$err" 'line 2: event: is not the event imported into' "another event's file: said"

# --- files that cannot be read -------------------------------------------
before=$(sql2 "select count(*) from response")
printf '%s,surprise\n' "$header" >"$T/unknown.csv"
echo "$good,1" >>"$T/unknown.csv"
run "$DSN2" import responses "$T/unknown.csv" --event past
is "$rc" 1 "unknown column: exit 1"
like "$err" 'unknown column "surprise"' "unknown column: named"
printf '%s\n%s\n%s\n' "$header" "$good" "${good/,en,/,\"e\"n,}" >"$T/quote.csv"
run "$DSN2" import responses "$T/quote.csv" --event past
is "$rc" 1 "malformed csv: exit 1"
like "$err" 'line 3: text after the closing quote.*nothing stored' "malformed csv: the line"
printf '%s\n"%s\n' "$header" "$good" >"$T/open.csv"
run "$DSN2" import responses "$T/open.csv" --event past
like "$err" 'line 2: a quoted field is not closed' "malformed csv: unclosed quote"
: >"$T/empty.csv"
run "$DSN2" import responses "$T/empty.csv" --event past
is "$rc" 1 "empty file: exit 1"
like "$err" 'empty.csv is empty' "empty file: said"
{ echo "$header"; printf '%s\0\n' "$good"; } >"$T/nul.csv"
run "$DSN2" import responses "$T/nul.csv" --event past
like "$err" 'line 2: a NUL byte' "NUL byte: said"
{ echo "$header"; echo "$good" | sed "s/,en,/,$(head -c 70000 /dev/zero | tr '\0' y),/"; } >"$T/huge.csv"
run "$DSN2" import responses "$T/huge.csv" --event past
like "$err" 'line 2: a field longer than 65536 bytes' "oversize field: said"
echo "$header" | tr , ';' >"$T/semi.csv"
run "$DSN2" import responses "$T/semi.csv" --event past
like "$err" 'semicolon-separated' "semicolon-separated: a hint"
echo '[{"event": "past"' >"$T/bad.json"
run "$DSN2" import responses "$T/bad.json" --event past
is "$rc" 1 "not JSON: exit 1"
like "$err" 'not valid JSON' "not JSON: said"
echo '[{"date": "2024-01-01", "belong": "x\u0000y"}]' >"$T/nul.json"
run "$DSN2" import responses "$T/nul.json" --event past
like "$err" 'element 1: a NUL character' "JSON \\u0000: said"
echo '[{"date": "2024-01-01", "belong": 5, "welcome": 5, "voice": 5, "future": 5, "recommend": 10},
 {"date": "2024-01-01", "belong": 9, "welcome": 5, "voice": 5, "future": 5, "recommend": 10}]' >"$T/range.json"
run "$DSN2" import responses "$T/range.json" --event past
like "$err" 'range.json element 2: belong: must be an integer from 1 to 5 \("9"\)' "JSON: the element's number"
is "$(sql2 "select count(*) from response")" "$before" "files that cannot be read: nothing stored"

run "$DSN2" import responses "$T/past.txt" --event past
is "$rc" 2 "no format from the name: exit 2"
run "$DSN2" import responses "$T/past.csv" --event nope
is "$rc" 1 "no such event: exit 1"
run "$DSN2" import responses "$T/past.csv"
is "$rc" 2 "--event is required: exit 2"
done_testing
