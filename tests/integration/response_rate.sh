#!/bin/sh
# Response rates and recorded attendance on the shared statistics fixture
# (stats_fixture.sh: 8 events of 12 to 120 respondents, 6 with an
# expected attendance, ev-a's below its responses).  Every rate report and
# reach print is checked against one computed here, independently of
# belong: responses per event counted in $T/stats.csv (written by psql),
# denominators read from the event table with psql.  Then the bad inputs
# of `belong event attendance`, with the database checked after each, and
# the attack on a suppressed event through the rates.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/integration/stats_fixture.sh"

run() {	# run ARGS...: belong, stdout in $T/out, stderr in $T/err, status in $rc
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
out() { cat "$T/out"; }
err() { cat "$T/err"; }
events_state() { sql "select slug, coalesce(attendance::text, '-'), coalesce(expected_attendance::text, '-')
	from event order by slug" | tr '\n' ' '; }

# The expected figures, from the CSV and psql only: one line per event,
# "slug partner responses denominator" (denominator "-": none, or 0), then
# awk sums and divides as belong(1) documents.
expected() {
	sql "select slug, coalesce(nullif(partner, ''), 'none'),
	    coalesce(attendance, expected_attendance) from event order by slug" |
	tr ' ' '_' >"$T/den"
	tail -n +2 "$T/stats.csv" | cut -d, -f1 | sort | uniq -c |
	awk '{ print $2 "|" $1 }' >"$T/cnt"
	awk -F'|' 'NR == FNR { n[$1] = $2; next }
		{ d = $3 == "" || $3 == 0 ? "-" : $3; print $1, $2, n[$1] + 0, d }' \
		"$T/cnt" "$T/den"
}
rate() { awk -v n="$1" -v d="$2" 'BEGIN { printf "%.2f", 100 * n / d }'; }
flag() { [ "$1" -gt "$2" ] && echo over_100; }
# csvrow FILE INDICATOR GROUP COLS...: the columns of that row, space separated.
csvrow() {
	python3 - "$@" <<'PY'
import csv, sys
f, ind, grp, cols = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
for r in csv.DictReader(open(f, newline="")):
    if r["group"] == grp and (ind == "-" or r["indicator"] == ind):
        print(" ".join(r[c] for c in cols))
PY
}
# Everyone's expected row: "responses rate flag", or "  " without a denominator.
expected_all() {
	awk '$4 != "-" { n += $3; d += $4 } END {
		if (d > 0) printf "%d %.2f %s\n", n, 100 * n / d, (n > d ? "over_100" : "");
		else print "  " }' "$T/expected"
}
# A partner's, the same.
expected_partner() {
	awk -v p="$1" '$2 == p && $4 != "-" { n += $3; d += $4 } END {
		if (d > 0) printf "%d %.2f %s\n", n, 100 * n / d, (n > d ? "over_100" : "");
		else print "  " }' "$T/expected"
}

# --- the schema and event show / list --------------------------------------------

is "$(sql "select data_type from information_schema.columns
	where table_name = 'event' and column_name = 'attendance'")" integer \
	"migration 006: event.attendance, an integer"
if sql "update event set attendance = -1 where slug = 'ev-a'" >/dev/null 2>&1; then
	ok 1 "the schema refuses a negative attendance"
else
	ok 0 "the schema refuses a negative attendance"
fi
is "$(sql "select count(*) from event where attendance is not null")" 0 \
	"no attendance recorded by the fixture"

# --- rates from expected attendance alone ------------------------------------------

expected >"$T/expected"
diag "expected (slug partner responses denominator):" "$(cat "$T/expected")"
is "$(awk '$4 != "-"' "$T/expected" | wc -l | tr -d ' ')" 6 "fixture: 6 events with a denominator"

check_report() {	# check_report LABEL: every response_rate row of report and reach
	run report --format csv
	is "$(csvrow "$T/out" response_rate all n value flag)" "$(expected_all)" \
		"$1: report, everyone's response_rate (responses, %, flag)"
	run report --by event --format csv
	cp "$T/out" "$T/by_event.csv"
	while read -r slug partner n d; do
		if [ "$d" = - ]; then want="  "; else want="$n $(rate "$n" "$d") $(flag "$n" "$d")"; fi
		is "$(csvrow "$T/by_event.csv" response_rate "$slug" n value flag)" "$want" \
			"$1: report --by event, $slug: $want"
	done <"$T/expected"
	is "$(csvrow "$T/by_event.csv" response_rate all n value flag)" "$(expected_all)" \
		"$1: report --by event, everyone's row is the same"
	run report --by partner --format csv
	for p in Northside_STEM_Alliance River_Valley_Science_Center none; do
		name=$(echo "$p" | tr _ ' ')
		is "$(csvrow "$T/out" response_rate "$name" n value flag)" "$(expected_partner "$p")" \
			"$1: report --by partner, $name: the partner's events together"
	done
	run reach --by event --format csv
	cp "$T/out" "$T/reach.csv"
	while read -r slug partner n d; do
		if [ "$d" = - ]; then want="  "; else want="$d $(rate "$n" "$d") $(flag "$n" "$d")"; fi
		[ "$d" = - ] && [ "$(sql "select attendance from event where slug = '$slug'")" = 0 ] &&
			want="0  "
		is "$(csvrow "$T/reach.csv" - "$slug" attendance response_rate rate_flag)" "$want" \
			"$1: reach --by event, $slug: attendance, rate, flag"
	done <"$T/expected"
	want=$(awk '$4 != "-" { n += $3; d += $4 } END { printf "%d %.2f", d, 100 * n / d }' \
		"$T/expected")
	is "$(csvrow "$T/reach.csv" - all attendance response_rate)" "$want" \
		"$1: reach, everyone: the sum of the denominators and the rate"
	run reach --by partner --format csv
	for p in Northside_STEM_Alliance River_Valley_Science_Center none; do
		name=$(echo "$p" | tr _ ' ')
		want=$(awk -v p="$p" '$2 == p && $4 != "-" { n += $3; d += $4 } END {
			if (d > 0) printf "%d %.2f %s\n", d, 100 * n / d, (n > d ? "over_100" : "");
			else print "  " }' "$T/expected")
		is "$(csvrow "$T/out" - "$name" attendance response_rate rate_flag)" "$want" \
			"$1: reach --by partner, $name: attendance and rate of its events together"
	done
}
check_report "expected attendance"
is "$(expected_all)" "357 44.62 " "by hand: (12+25+40+70+90+120) / (10+60+80+150+200+300) = 44.625 %"
is "$(csvrow "$T/by_event.csv" response_rate ev-a flag)" over_100 \
	"ev-a: 12 responses, 10 expected: 120 %, shown and flagged, not capped"

run report --by event
like "$(out)" "note: response_rate: .*" "table: the note on the rate"
like "$(tr -s ' \n' '  ' <"$T/out")" "left out, having none: ev-d, ev-g" \
	"the note names the events without a denominator"
like "$(tr -s ' \n' '  ' <"$T/out")" "over_100: more responses than that attendance" \
	"the note says what over_100 means"

run report --by event --format json
is "$(python3 -c 'import json, sys
d = json.load(sys.stdin)
r = {x["group"]: x for x in d["rows"] if x["indicator"] == "response_rate"}
print(r["all"]["value"], r["all"]["n"], r["ev-a"]["value"], r["ev-a"]["flag"],
      r["ev-d"]["value"], r["ev-d"]["n"], type(r["ev-c"]["value"]).__name__,
      any("ev-d, ev-g" in n for n in d["notes"]))' <"$T/out")" \
	"44.62 357 120.0 over_100 None None float True" \
	"json: rates as numbers, no denominator as null, the note in notes"

run reach --format json
is "$(python3 -c 'import json, sys
r = json.load(sys.stdin)["rows"][0]
print(r["group"], r["attendance"], r["response_rate"], r["rate_flag"])' <"$T/out")" \
	"all 800 44.62 None" "reach json: everyone's attendance and rate"

# Events without any denominator: no rate rows, a note says why.
run report --event ev-d --event ev-g --by event --format csv
is "$rc:$(grep -c response_rate "$T/out")" 0:0 "no denominator in the selection: no response_rate row"
like "$(err)" "no event of the selection has an attendance" "...and a note says so"

# With --role the denominator (everyone) does not match the responses.
run report --role student --by event --format csv
is "$(grep -c response_rate "$T/out")" 0 "--role: no response_rate row"
like "$(err)" "response_rate is not given with --role" "--role: a note says why"
run reach --role student --format csv
is "$(csvrow "$T/out" - all attendance response_rate)" " " "reach --role: no rate"

# --- belong event attendance: bad input changes nothing -----------------------------

before=$(events_state)
bad() {	# bad DESCRIPTION MESSAGE-PATTERN ARGS...: exit 2 (BAD_RC)
	d=$1 m=$2
	shift 2
	run event attendance "$@"
	is "$rc" "${BAD_RC:-2}" "event attendance $d: exit ${BAD_RC:-2}"
	like "$(err)" "$m" "event attendance $d: says why"
	is "$(events_state)" "$before" "event attendance $d: nothing changed"
}
RANGE='^belong: event attendance: --total: must be a whole number from 0 to 2147483647$'
# An unknown slug exits 1, as event show, close and reopen do.
BAD_RC=1 bad "unknown slug" '^belong: event attendance: no event with slug "no-such-event"$' \
	no-such-event --total 5
bad "negative" "$RANGE" ev-a --total -5
bad "negative, as =" "$RANGE" ev-a --total=-1
bad "non-numeric" "$RANGE" ev-a --total abc
bad "digits and letters" "$RANGE" ev-a --total 12abc
bad "empty" "$RANGE" ev-a --total ""
bad "a leading space" "$RANGE" ev-a --total " 12"
bad "a plus sign" "$RANGE" ev-a --total +12
bad "a decimal" "$RANGE" ev-a --total 12.0
bad "an exponent" "$RANGE" ev-a --total 1e3
bad "hex" "$RANGE" ev-a --total 0x10
bad "one over the integer range" "$RANGE" ev-a --total 2147483648
bad "huge" "$RANGE" ev-a --total 99999999999999999999999999
bad "SQL in --total" "$RANGE" ev-a --total "1; update event set attendance = 0"
bad "SQL as the slug" "SLUG: must be" "'; update event set attendance = 0; --" --total 5
bad "a slug with a quote" "SLUG: must be" "ev-a'" --total 5
bad "an upper-case slug" "SLUG: must be" EV-A --total 5
bad "no --total" "--total N is required" ev-a
bad "--total twice" "--total given twice" ev-a --total 5 --total 6
bad "no slug" "give one SLUG" --total 5
bad "two slugs" "give one SLUG" ev-a ev-b --total 5
bad "an unknown option" "unrecognized option|unknown option" ev-a --totl 5

# --- recorded attendance takes precedence ---------------------------------------------

run event attendance ev-c --total 100
is "$rc:$(out)" "0:event ev-c: attendance 100, expected 80" "event attendance: records and says so"
is "$(sql "select attendance, expected_attendance from event where slug = 'ev-c'")" "100|80" \
	"stored beside the expected attendance, which stays"
run event attendance ev-c --total 95
is "$(out)" "event ev-c: attendance 95 (was 100), expected 80" "recorded again: corrected, says the old value"
run event attendance ev-d --total 60
is "$rc" 0 "ev-d (no expected attendance): recorded"
# 0 is a headcount too (nobody came): stored, takes precedence over ev-h's
# expected 300, and leaves ev-h out of the rate, which has no value over 0.
run event attendance ev-h --total 0
is "$rc:$(sql "select attendance from event where slug = 'ev-h'")" "0:0" "--total 0: accepted and stored"
run event attendance ev-a --total 2147483647
is "$rc" 0 "--total 2147483647: accepted"
run event attendance ev-a --total 11 --dsn "$PG_DSN"
is "$rc:$(sql "select attendance from event where slug = 'ev-a'")" "0:11" "--dsn is taken after --total"

run event show ev-c
like "$(out)" '^expected +80$' "event show: expected attendance"
like "$(out)" '^attendance +95$' "event show: recorded attendance"
run event show ev-c --format json
is "$(python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["expected"], d["attendance"])' <"$T/out")" \
	"80 95" "event show json: both, as numbers"
run event list
like "$(out)" '^slug +title +starts +ends +venue +status +test +expected +attendance +responses$' \
	"event list: attendance next to expected"
like "$(out)" '^ev-c .* 80 +95 +40$' "event list: ev-c's row"
run event list --format csv
like "$(head -1 "$T/out")" '^slug,title,starts,ends,venue,partner,expected,attendance,instrument,' \
	"event list csv: the attendance column"

expected >"$T/expected"
diag "expected (slug partner responses denominator):" "$(cat "$T/expected")"
is "$(awk '$1 == "ev-c" || $1 == "ev-d" || $1 == "ev-h" { printf "%s=%s ", $1, $4 }' "$T/expected")" \
	"ev-c=95 ev-d=60 ev-h=- " "the check's denominators: attendance first"
check_report "recorded attendance"
run report --by event
like "$(tr -s ' \n' '  ' <"$T/out")" "left out, having none: ev-g, ev-h \(attendance 0\)" \
	"the note names ev-g (no denominator) and ev-h (attendance 0)"
is "$(csvrow "$T/by_event.csv" response_rate ev-a value flag)" "109.09 over_100" \
	"ev-a: 12 of 11 counted: 109.09 %, flagged"

# --- the attack: a suppressed event's n from the rates -----------------------------------
#
# With --min-n 15, ev-a (12) is suppressed, and ev-b (25) with it (its
# events' line); Northside (ev-a..ev-d) is shown.  ev-b loses its
# denominator, so ev-a is the only suppressed event inside the rate:
# everyone's responses counted (the rate x the public denominators) minus
# the events shown would be ev-a's n, and so would Northside's.
sql "update event set expected_attendance = null, attendance = null where slug = 'ev-b'" >/dev/null
"$BELONG" report --by event --min-n 15 --format json >"$T/ev.json" &&
"$BELONG" report --by partner --min-n 15 --format json >"$T/pa.json" &&
"$BELONG" report --min-n 15 --format json >"$T/all.json" &&
"$BELONG" reach --by event --min-n 15 --format json >"$T/reach_ev.json" &&
"$BELONG" reach --by partner --min-n 15 --format json >"$T/reach_pa.json" ||
	bail "belong report/reach failed"
for s in $(sql "select slug from event order by slug"); do
	"$BELONG" event show "$s" --format json
done | python3 -c 'import json, sys
dec = json.JSONDecoder(); s = sys.stdin.read(); i = 0; out = {}
while i < len(s):
    while i < len(s) and s[i].isspace(): i += 1
    if i >= len(s): break
    d, i = dec.raw_decode(s, i); out[d["slug"]] = d
json.dump(out, open(sys.argv[1], "w"))' "$T/events.json"
is "$(python3 -c 'import json, sys
r = {x["group"]: x for x in json.load(open(sys.argv[1]))["rows"] if x["indicator"] == "respondents"}
print(r["ev-a"]["suppressed"], r["ev-b"]["suppressed"], r["ev-c"]["suppressed"])' "$T/ev.json")" \
	"True True False" "attack setup: ev-a and ev-b suppressed, ev-c shown"
cat >"$T/attack.py" <<'PY'
"""Every way to ev-a's n from what belong printed; prints what it found."""
import json, sys
T = sys.argv[1]
load = lambda f: json.load(open("%s/%s" % (T, f)))
events = load("events.json")
den = {s: (e["attendance"] if e["attendance"] is not None else e["expected"]) for s, e in events.items()}
rated = {s for s, d in den.items() if d}
partner = {s: e["partner"] or "none" for s, e in events.items()}
rows = lambda f, ind: {r["group"]: r for r in load(f)["rows"] if r["indicator"] == ind}
shown = {g: r["n"] for g, r in rows("ev.json", "respondents").items()
         if not r["suppressed"] and g != "all"}
found = []
def responses(r, d):	# a rate row's responses: its n, else rate x denominator
    if r is None or r["suppressed"]:
        return None
    if r["n"] is not None:
        return r["n"]
    return round(r["value"] * d / 100) if r["value"] is not None else None
def attack(what, total, members):
    hidden = [s for s in members if s not in shown]
    if total is not None and hidden == ["ev-a"]:
        found.append("%s: %d" % (what, total - sum(shown[s] for s in members if s in shown)))
every = sorted(rated)
for f in ("all.json", "ev.json", "pa.json"):
    attack("everyone's rate in " + f, responses(rows(f, "response_rate").get("all"),
           sum(den[s] for s in every)), every)
for f, key in (("reach_ev.json", "all"), ("reach_pa.json", "all")):
    r = [x for x in load(f)["rows"] if x["group"] == key][0]
    if r["response_rate"] is not None and r["attendance"]:
        attack("reach's rate in " + f, round(r["response_rate"] * r["attendance"] / 100), every)
for p, r in rows("pa.json", "response_rate").items():
    mem = sorted(s for s in rated if partner[s] == p)
    attack("%s's rate" % p, responses(r, sum(den[s] for s in mem)), mem)
for r in load("reach_pa.json")["rows"]:
    mem = sorted(s for s in rated if partner[s] == r["group"])
    if r["group"] != "all" and r["response_rate"] is not None and r["attendance"]:
        attack("reach %s's rate" % r["group"], round(r["response_rate"] * r["attendance"] / 100), mem)
# ev-a's own rate: its n outright
for f in ("ev.json",):
    a = rows(f, "response_rate").get("ev-a")
    if a is not None and not a["suppressed"] and a["n"] is not None:
        found.append("ev-a's rate: %d" % a["n"])
print("; ".join(found) if found else "nothing")
PY
is "$(python3 "$T/attack.py" "$T")" nothing \
	"attack: ev-a's n follows from no rate, attendance, total or partner printed"
is "$(python3 -c 'import json, sys
r = {x["group"]: x for x in json.load(open(sys.argv[1]))["rows"] if x["indicator"] == "response_rate"}
print(r["all"]["suppressed"], r["Northside STEM Alliance"]["suppressed"],
      r["River Valley Science Center"]["suppressed"], r["none"]["suppressed"])' "$T/pa.json")" \
	"True True False False" "attack: everyone's and Northside's rates suppressed, the others shown"
is "$(python3 -c 'import json, sys
r = {x["group"]: x for x in json.load(open(sys.argv[1]))["rows"]}
print(r["all"]["response_rate"], r["all"]["attendance"], r["ev-a"]["response_rate"])' "$T/reach_ev.json")" \
	"None 516 None" "attack: reach hides the same rates (the denominators are public and stay)"
like "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["notes"])' "$T/all.json")" \
	"response_rate of everyone is suppressed" "attack: a note says why everyone's rate is missing"
run report --min-n 15 --format csv
is "$(csvrow "$T/out" response_rate all n value)" " " "attack: csv, everyone's rate row empty..."
is "$(csvrow "$T/out" response_rate all suppressed)" 1 "...and marked suppressed"

# ev-b back inside: two suppressed events in the rate, whose sum is all it
# gives (as the events' line does): everyone's rate is shown again.
sql "update event set expected_attendance = 60 where slug = 'ev-b'" >/dev/null
run report --min-n 15 --format csv
is "$(csvrow "$T/out" response_rate all suppressed)" 0 \
	"with ev-a and ev-b both inside, everyone's rate is shown"

done_testing
