#!/bin/bash
# Intersections (--by A,B): every figure of report --by gender,race and
# --by gender,disability compared with R (tests/r/intersections.R) on the
# shared fixture; the two-way table attacked with the one-way reports,
# everyone, every --role, reach and the other formats
# (intersections_attack.py), and no suppressed cell recovered; bad --by
# values refused with exit 2, changing nothing; the labels in words.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/stats_fixture.sh"
export BELONG BELONG_CHARTS_DIR="$SRCDIR/charts"
R_SCRIPT=$SRCDIR/tests/r/intersections.R
ATTACK=$SRCDIR/tests/integration/intersections_attack.py

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# tap_from FILE: "ok<TAB>what" or "not ok<TAB>what<TAB>why" lines (R), or
# "ok - what", "not ok - what" and "# " lines (the attacker).
tap_from() {
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "${line#ok - }" ;;
		"not ok - "*) ok 1 "${line#not ok - }" ;;
		"#"*) printf '%s\n' "$line" ;;
		ok"	"*) ok 0 "${line#ok	}" ;;
		"not ok	"*)
			rest=${line#not ok	}
			ok 1 "${rest%%	*}"
			diag "${rest#*	}"
			;;
		esac
	done <"$1"
}
# The simple random sampling design, where belong has a choice.
SRS=
"$BELONG" report --help | grep -q -- '--design' && SRS="--design srs"

# --- every figure, against R -----------------------------------------------------------
for pair in gender,race gender,disability; do
	# shellcheck disable=SC2086
	run report --by "$pair" $SRS --format csv
	is "$rc" 0 "report --by $pair: exit 0"
	cp "$T/out" "$T/$pair.csv"
	Rscript "$R_SCRIPT" "$T/stats.csv" "$T/$pair.csv" "${pair%,*}" "${pair#*,}" 10 \
		>"$T/r.out" 2>"$T/r.err"
	is "$?" 0 "R ran on report --by $pair"
	[ -s "$T/r.err" ] && diag "$(head -5 "$T/r.err")"
	tap_from "$T/r.out"
done
# Read from the responses or the rollup, the figures are the same.
for pair in gender,race role,gender event,disability partner,race role,event; do
	run report --by "$pair" --format csv
	cp "$T/out" "$T/a.csv"
	run report --by "$pair" --format csv --no-rollup
	is "$(cat "$T/out")" "$(cat "$T/a.csv")" "--by $pair: the rollup's figures are the responses'"
done

# --- labels in words -------------------------------------------------------------------
run report --by gender,race --format json
like "$(cat "$T/out")" '"group": ?"woman\+black", ?"label": ?"Girl or woman × Black or African American"' \
	"a pair's label: both in words"
run report --by event --format csv
like "$(cat "$T/out")" '^ev-e,Women in engineering panel,respondents,' "--by event: the event's title"
run report --by event,gender --format csv
like "$(cat "$T/out")" '^ev-e\+woman,Women in engineering panel × Girl or woman,respondents,' \
	"--by event,gender: the title and the label"
run report --by partner --format csv
like "$(cat "$T/out")" '^none,No partner,respondents,' "--by partner: no partner in words"
like "$(cat "$T/out")" '^River Valley Science Center,River Valley Science Center,' \
	"--by partner: the partner's name"
run trend --interval quarter --by role,gender --format csv
like "$(cat "$T/out")" ',student\+woman,Student × Girl or woman,' "trend --by role,gender: labelled"
# reach with a pair under srs (the cluster design: at the end).
# shellcheck disable=SC2086
run reach --by gender,disability $SRS --format csv
is "$rc" 0 "reach --by gender,disability: exit 0"
like "$(cat "$T/out")" '^woman\+no,Girl or woman × No,[0-9]+,0\.[0-9]{4},,' \
	"reach --by gender,disability: labelled, share_known not given for a pair"

# --- bad input: a clear message, exit 2, nothing changed ---------------------------------
before=$(sql "select count(*), sum(n) from report_cell")
for by in gender,gender gender, ,gender gender,race,role gender,,race event,partner \
	partner,event gender,sex sex,gender "gender;race" "gender, race" \
	"gender,race'; drop table response; --" "gender,\$(touch $T/pwned)" \
	"$(printf 'gender,\033[31mrace')"; do
	for cmd in report reach trend plot; do
		extra=
		[ "$cmd" = trend ] && extra="--interval month"
		[ "$cmd" = plot ] && extra="gaps --out $T/p.svg"
		# shellcheck disable=SC2086
		run $cmd $extra --by "$by"
		is "$rc" 2 "$cmd --by '$by': exit 2"
		# plot passes --by to report, which says it.
		like "$(cat "$T/err")" "^belong: ($cmd|report): --by: (must|cannot)" \
			"$cmd --by '$by': says what --by takes"
		is "$(cat "$T/out")" "" "$cmd --by '$by': prints nothing"
	done
done
is "$(ls "$T" | grep -c pwned)" 0 "nothing ran"
is "$(sql "select count(*) from response")" 522 "the responses are all there"
is "$(sql "select count(*), sum(n) from report_cell")" "$before" "the rollup is unchanged"
# Commands that take one dimension say so.
run reliability --by gender,race
is "$rc" 2 "reliability --by gender,race: exit 2"
like "$(cat "$T/err")" '^belong: reliability: --by: (takes|must be) one dimension' \
	"reliability --by gender,race: one dimension"
run report --by gender,race --by gender --format csv
is "$(head -2 "$T/out" | tail -1 | cut -d, -f1)" all "a second --by replaces a pair"

# --- the attack ------------------------------------------------------------------------
export INTERSECTIONS_REACH_DESIGN="$SRS"
for pair in "gender disability" "gender race"; do
	# shellcheck disable=SC2086
	python3 "$ATTACK" "$T/stats.csv" $pair >"$T/attack.tap" 2>"$T/attack.err"
	is "$?" 0 "the attacker ran to the end (${pair/ /,})"
	[ -s "$T/attack.err" ] && diag "$(tail -20 "$T/attack.err")"
	tap_from "$T/attack.tap"
done

# reach's cluster design with a pair: a share near 1 needs the beta
# quantile GSL alone fails to invert (survey_qbeta copes).
run reach --by gender,disability --format csv
is "$rc" 0 "reach --by gender,disability, cluster design: exit 0"

done_testing
