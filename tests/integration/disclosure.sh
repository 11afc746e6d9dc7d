#!/bin/bash
# Disclosure control: belong's report commands, tried as a determined
# reader would, must not give away a suppressed cell.  The responses of
# disclosure_fixture.sh (sent through belongd's API; $T/truth.json keeps
# them) are attacked by disclosure_attack.py, which runs every report,
# trend, reach, export and plot with every dimension and filter, collects
# every published number, subtracts along every line of linked cells until
# nothing new is learned, and compares what it learned with the truth.
# The issue's five attack classes:
#   1  a filter (--role, --event, --from/--to) undoes complementary suppression
#   2  trend periods against the report's totals (and plot trend)
#   3  reach (and plot reach) against report, benchmark groups nobody came from
#   4  export responses with filters, free text
#   5  the shape of the output: suppressed rows, item rows, group lists, CSV
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/disclosure_fixture.sh"
export BELONG BELONG_CHARTS_DIR="$SRCDIR/charts"
command -v gnuplot >/dev/null || diag "gnuplot not installed: the plot attacks are skipped"

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# tap_from FILE: the ok/not ok lines and diagnostics the attacker printed.
tap_from() {
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "${line#ok - }" ;;
		"not ok - "*) ok 1 "${line#not ok - }" ;;
		"#"*) printf '%s\n' "$line" ;;
		esac
	done <"$1"
}

# --- classes 1-4: every suppressed cell, every dimension, attacked ------------------
python3 "$ATTACK" attack "$T/truth.json" "$T" >"$T/attack.tap" 2>"$T/attack.err"
is "$?" 0 "the attacker ran to the end"
[ -s "$T/attack.err" ] && diag "$(head -20 "$T/attack.err")"
tap_from "$T/attack.tap"

# --- class 1: a suppressed selection is suppressed as a whole ----------------------
# role other has 7 respondents: every command that selects it says so on
# stderr, exits 0 and prints no number.
for cmd in "report" "trend --interval quarter" "reach --region metro --by gender"; do
	# shellcheck disable=SC2086
	run $cmd --role other --format json
	is "$rc" 0 "$cmd --role other (7): exit 0"
	like "$(cat "$T/err")" "^belong: ${cmd%% *}: suppressed" "$cmd --role other: stderr says suppressed"
	is "$(python3 -c "import json; d = json.load(open('$T/out')); print(d.get('suppressed'), d.get('rows'))" 2>&1)" \
		"True []" "$cmd --role other: json suppressed, no rows"
	# shellcheck disable=SC2086
	run $cmd --role other --format csv
	is "$(grep -c . "$T/out")" 1 "$cmd --role other: csv header only"
	# shellcheck disable=SC2086
	run $cmd --role other --format table
	like "$(cat "$T/out")" '^suppressed:' "$cmd --role other: table says suppressed"
	is "$(grep -c . "$T/out")" 1 "$cmd --role other: table one line"
done
# A selection of 0 is no different from one of 7.
run report --role volunteer --format json
is "$rc" 0 "report --role volunteer (0): exit 0"
like "$(cat "$T/err")" '^belong: report: suppressed' "report --role volunteer (0): suppressed, like 7"

# --- class 4: export of a suppressed group, free text ----------------------------------
run export responses --format csv --role other --include-text
is "$rc" 0 "export --role other: exit 0"
like "$(cat "$T/err")" 'suppressed' "export --role other: stderr says suppressed"
is "$(($(grep -c . "$T/out") - 1))" 0 "export --role other: no row of the 7"
run export responses --format json --role educator --event club-east --include-text
is "$(python3 -c "import json; s = open('$T/out').read().strip(); print(len(json.loads(s)) if s else 0)" 2>&1)" 0 \
	"export --role educator --event club-east: no rows"
run export responses --format csv --include-text
is "$rc" 0 "export --include-text: exit 0"
is "$(grep -Ec 'example\.org|555-123-4567|https?://' "$T/out")" 0 "export: e-mail, phone and URL scrubbed"
like "$(cat "$T/out")" '\[removed\]' "export: replaced by [removed]"
run quotes --format csv
is "$(grep -Ec 'example\.org|555-123-4567|https?://' "$T/out")" 0 "quotes: e-mail, phone and URL scrubbed"
like "$(cat "$T/out")" '\[removed\]' "quotes: replaced by [removed]"

# --- class 5: the shape of the output ----------------------------------------------------
# CSV for programs: numbers or empty, a last column suppressed of 1 or 0.
for args in "report --by gender" "report --by race --role student" "report --by grade --event club-east" \
	"trend --interval quarter --by gender" "trend --interval month --by role --indicator agree:safe" \
	"reach --by race --region metro" "reach --by role --region metro"; do
	# shellcheck disable=SC2086
	run $args --format csv
	python3 "$ATTACK" csvcheck "$T/out" "${args%% *}" "csv: $args: numbers or empty, suppressed 1 or 0" >"$T/csv.tap"
	tap_from "$T/csv.tap"
done
# table: the suppressed rows of one indicator alike, whatever the group's n
# (an empty lo of a suppressed agree rate would say n < 2).
# shape: per indicator (report) or for all rows, how many "suppressed" words.
shape() {
	grep -E '(^| )suppressed( |$)' "$T/out" | awk '{
		k = ""; n = 0
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^(respondents|belonging|gap|agree:|nps:)/) k = $i
			if ($i == "suppressed") n++
		}
		print k, n }' | sort -u | awk '{ c[$1]++ } END { for (k in c) if (c[k] > 1) print k }'
}
for args in "report --by role" "report --by grade --event club-east" "trend --interval quarter --by gender" \
	"reach --by role --region metro"; do
	# shellcheck disable=SC2086
	run $args --format table
	is "$(shape)" "" "table: $args: every suppressed row of an indicator has the word in the same cells"
done
done_testing
