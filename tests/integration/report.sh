#!/bin/bash
# belong report, trend, reach and benchmark load against responses loaded
# through belongd's API (report_fixture.sh says who answered what).  The
# expected figures are computed from the formulas of DESIGN.md by hand
# (counts, means) and, for quantiles, with python3's mpmath while writing
# this test (t by root-finding the incomplete beta function; z 1.959964);
# the test itself does not need python.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report_fixture.sh"

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# row GROUP INDICATOR: the CSV line of a report, without group, label and
# p_adj (stats_design.sh checks that).
row() { grep "^$1,[^,]*,$2," "$T/out" | cut -d, -f3-9,11-; }

# --- report, everyone ---------------------------------------------------------
run report --format csv
is "$rc" 0 "report: exit 0"
is "$(head -1 "$T/out" | tr -d '\r')" "group,label,indicator,n,value,lo,hi,d,flag,p_adj,suppressed" "report: CSV header"
# 37 respondents; index mean 2225 / 37 = 60.14, s^2 from the four values,
# t(0.975, 36) = 2.028094: [52.16, 68.11].
is "$(row all respondents | tr -d '\r')" "respondents,37,100.00,,,,,0" "report: n 37"
is "$(row all belonging | tr -d '\r')" "belonging,37,60.14,52.16,68.11,,,0" "report: index and t interval"
# agree (4 or 5) on belong: 12 women + 3 nonbinary = 15 of 37, Wilson.
is "$(row all agree:belong | tr -d '\r')" "agree:belong,37,40.54,26.35,56.51,,,0" "report: agree rate, Wilson"
# promoters 6 + 6 = 12, detractors 6 + 10 = 16: (12 - 16) / 37 = -10.81.
is "$(row all nps:recommend | tr -d '\r')" "nps:recommend,37,-10.81,-38.62,17.00,,,0" "report: NPS"
is "$(grep -c . "$T/out")" 8 "report: header, respondents, index, 4 agree rates, 1 NPS"

# --- report --by gender: suppression and complementary suppression --------------
run report --by gender --format csv
is "$rc" 0 "report --by gender: exit 0"
# woman: 6 x 100 + 6 x 75, mean 87.5, s^2 = 12 x 12.5^2 / 11, t(0.975, 11).
is "$(row woman belonging | tr -d '\r')" "belonging,12,87.50,79.20,95.80,,,0" "woman: index"
# gap: 87.5 minus the other 25 (1175 / 25 = 47), Welch df 24.79, d 2.81.
is "$(row woman gap | tr -d '\r')" "gap,12,40.50,30.57,50.43,2.81,*,0" "woman: gap, Welch interval, d, flagged"
is "$(row man gap | tr -d '\r')" "gap,12,-33.50,-44.70,-22.30,-1.85,*,0" "man: gap 37.5 - 71, flagged"
is "$(row woman agree:belong | tr -d '\r')" "agree:belong,12,100.00,75.75,100.00,,,0" "woman: 12 of 12 agree"
is "$(row man agree:belong | tr -d '\r')" "agree:belong,12,0.00,0.00,24.25,,,0" "man: 0 of 12 agree"
is "$(row woman nps:recommend | tr -d '\r')" "nps:recommend,12,50.00,21.71,78.29,,,0" "woman: NPS 50"
is "$(row man nps:recommend | tr -d '\r')" "nps:recommend,12,0.00,-56.58,56.58,,,0" "man: NPS 0"
# nonbinary: 3 < 10, suppressed; so the next smallest, prefer_not (10), too.
is "$(row nonbinary belonging | tr -d '\r')" "belonging,,,,,,,1" "nonbinary: suppressed"
is "$(row nonbinary gap | tr -d '\r')" "gap,,,,,,,1" "nonbinary: gap suppressed, d too"
is "$(row prefer_not respondents | tr -d '\r')" "respondents,,,,,,,1" "prefer_not (10): complementary suppression"
like "$(grep '^prefer_not,' "$T/out" | head -1)" '^prefer_not,Prefer not to say,' "prefer_not: labelled"
# Every code is listed, those nobody chose too: an empty group is
# suppressed like a small one, so its absence says nothing.
is "$(row not_answered respondents | tr -d '\r')" "respondents,,,,,,,1" "an empty group listed, suppressed"
is "$(grep -Ec '(^|,)[0-9.]+,' <(grep -E '^(nonbinary|prefer_not),' "$T/out") | tr -d '\r')" 0 "no number in a suppressed row"
run report --by gender --format table
is "$rc" 0 "table: exit 0"
is "$(awk '{ if (length($0) > max) max = length($0) } END { print (max <= 100) }' "$T/out")" 1 "table: fits 100 columns"
like "$(grep '^woman .* gap ' "$T/out")" ' 40\.50 +30\.57 +50\.43 +2\.81 +\*$' "table: same numbers"
like "$(grep '^nonbinary .* belonging ' "$T/out")" 'suppressed +suppressed +suppressed +suppressed$' "table: suppressed"
like "$(cat "$T/out")" 'note: cells of fewer than 10 are suppressed' "table: says why"
run report --by gender --format json
is "$rc" 0 "json: exit 0"
like "$(cat "$T/out")" '"items":\[\{"id":"belong","type":"likert5","text":\{"en":"I felt like I belonged here\.","es":"Sentí que pertenecía aquí\."\}\},' \
	"json: the items with their questions in both languages"
like "$(cat "$T/out")" '"id":"recommend","type":"scale0_10"' "json: the 0-10 item too"
json() { python3 -c "import json,sys; d=json.load(open('$T/out')); $1" 2>&1; }
if command -v python3 >/dev/null; then
	is "$(json 'print(d["by"], d["min_n"], len(d["rows"]))')" "gender 10 55" "json: by, min_n, rows (7 for everyone, 8 for each of 6 groups)"
	is "$(json 'r=[x for x in d["rows"] if x["group"]=="woman" and x["indicator"]=="gap"][0]; print(r["value"], r["lo"], r["hi"], r["d"], r["flag"], r["suppressed"])')" \
		"40.5 30.57 50.43 2.81 * False" "json: the same gap"
	is "$(json 'r=[x for x in d["rows"] if x["group"]=="nonbinary" and x["indicator"]=="belonging"][0]; print(r["n"], r["value"], r["suppressed"])')" \
		"None None True" "json: suppressed is null with suppressed true"
fi

# --- report --by race: multi-select counting ----------------------------------
run report --by race --min-n 5 --format csv
is "$rc" 0 "race: exit 0"
# white: 5 women (asian+white) + 12 men = 17; two_or_more: the 5 women.
is "$(row white respondents | tr -d '\r')" "respondents,17,45.95,,,,,0" "race: white alone or in combination, 17"
is "$(row white belonging | tr -d '\r')" "belonging,17,55.88,39.80,71.97,,,0" "race: white index (500 + 450) / 17"
is "$(row white gap | tr -d '\r')" "gap,17,-7.87,-25.08,9.35,-0.33,,0" "race: white gap, not flagged"
is "$(row two_or_more respondents | tr -d '\r')" "respondents,5,13.51,,,,,0" "race: two_or_more 5"
is "$(row hispanic belonging | tr -d '\r')" "belonging,7,78.57,69.83,87.31,,,0" "race: hispanic"
is "$(row not_answered respondents | tr -d '\r')" "respondents,10,27.03,,,,,0" "race: not answered is a group"
# black 3 < 5, then the smallest other (asian 5, before two_or_more 5).
is "$(row black respondents | tr -d '\r')" "respondents,,,,,,,1" "race: black suppressed"
is "$(row asian respondents | tr -d '\r')" "respondents,,,,,,,1" "race: asian complementary"
like "$(cat "$T/err")" 'race is multi-select' "race: the report says how race counts"

# --- filters, errors -------------------------------------------------------------
# An event is a group: with nobody (or few) in it, the selection is
# suppressed, the same way whatever its true n.
run report --event fair-two
is "$rc" 0 "an empty event: exit 0"
like "$(cat "$T/err")" 'suppressed: this selection has fewer than 10' "an empty event: suppressed, on stderr"
run report --from 2025-01-01 --format json
is "$(json 'print(d["rows"])')" "[]" "no match: empty JSON rows"
run report --role student --by gender --format csv
is "$(row all respondents | tr -d '\r')" "respondents,24,100.00,,,,,0" "--role student: 24"
run report --from 2024-02-01 --to 2024-02-29 --format csv
is "$(row all belonging | tr -d '\r')" "belonging,12,37.50,29.20,45.80,,,0" "--from/--to: February, the men"
# Several --event, resolved in one query: the first unknown one is named.
run report --event fair-two --event no-such-one --event also-missing
is "$rc" 2 "an unknown second --event: exit 2"
is "$(cat "$T/err")" 'belong: report: --event: no event with slug "no-such-one"' \
	"an unknown second --event: the first unknown named"
run report --event fair-one --event fair-two --format csv
is "$(row all respondents | tr -d '\r')" "respondents,37,100.00,,,,,0" "--event twice: both events"
for bad in "--by colour" "--event no-such-event" "--from 2024-02-30" "--min-n 4" "--min-n x" "--bogus"; do
	# shellcheck disable=SC2086
	run report $bad
	is "$rc" 2 "report $bad: exit 2"
	like "$(cat "$T/err")" '^belong: ' "report $bad: says why"
done
# same_as_plain ARGS...: the rollup (daily, monthly, responses after it)
# gives what a plain GROUP BY over the responses gives.
same_as_plain() {
	run "$@"
	cp "$T/out" "$T/rollup.out"
	run "$@" --no-rollup
	is "$(cmp -s "$T/out" "$T/rollup.out" && echo same)" same "rollup = plain GROUP BY: $*"
}
same_as_plain report --by gender --format csv
is "$(sql "select sum(n) from report_cell where dim = ''")" 37 "rollup: built"
is "$(sql "select string_agg(month || ' ' || n, ',' order by month) from report_cell_month where dim = ''")" \
	"2024-01-01 12,2024-02-01 12,2024-03-01 13" "rollup: monthly level built from the days"
# Whole months (none at all, or --from/--to on month edges) come from the
# monthly level, partial ones from days; a role or weeks only from days.
for args in "report --by race --min-n 5 --format json" \
	"report --from 2024-01-10 --to 2024-03-15 --by gender --format csv" \
	"report --from 2024-02-01 --to 2024-03-31 --by role --format csv" \
	"report --to 2024-01-31 --by event --format csv" \
	"report --role student --by gender --format csv" \
	"trend --interval month --by gender --format csv" \
	"trend --interval quarter --indicator agree:belong --from 2024-01-16 --format csv" \
	"trend --interval week --by race --format csv" \
	"reach --by gender --format csv"; do
	# shellcheck disable=SC2086
	same_as_plain $args
done
# Which level answers: a marked monthly cell shows where it is read.
sql "update report_cell_month set n = n + 1000 where dim = '' and month = '2024-02-01'" >/dev/null
run report --format csv
is "$(row all respondents | tr -d '\r')" "respondents,1037,100.00,,,,,0" "monthly level: read for whole months"
run report --from 2024-02-01 --to 2024-02-28 --format csv
is "$(row all respondents | tr -d '\r')" "respondents,12,100.00,,,,,0" "monthly level: not for a part of a month"
run report --role student --format csv
is "$(row all respondents | tr -d '\r')" "respondents,24,100.00,,,,,0" "monthly level: not with --role"
run trend --interval week --indicator n --format csv
is "$(tr -d '\r' <"$T/out" | grep -c ',1012,')" 0 "monthly level: not for weeks"
sql "update report_cell_month set n = n - 1000 where dim = '' and month = '2024-02-01'" >/dev/null
# A refresh that ends a month sums it from the days: as if the rollup
# had last run on 2024-02-10.
sql "update report_rollup set through = '2024-02-10';
	delete from report_cell where day >= '2024-02-10';
	delete from report_cell_item where day >= '2024-02-10';
	delete from report_cell_month where month >= '2024-02-01';
	delete from report_cell_item_month where month >= '2024-02-01'" >/dev/null
same_as_plain report --by race --min-n 5 --format csv
is "$(sql "select string_agg(month || ' ' || n, ',' order by month) from report_cell_month where dim = ''")" \
	"2024-01-01 12,2024-02-01 12,2024-03-01 13" "rollup: months completed by a refresh"
is "$(sql "select count(*) from report_cell_item_month where dim = 'gender'")" \
	"$(sql "select count(*) from (select distinct event_id, date_trunc('month', day), grp, item from report_cell_item where dim = 'gender') x")" \
	"rollup: monthly item cells, one per event, month, group and item"

# --- trend -----------------------------------------------------------------------
run trend --interval month --format csv
is "$rc" 0 "trend: exit 0"
is "$(tr -d '\r' <"$T/out" | sed -n 2,5p | tr '\n' ' ')" \
	"2024-01-01,all,Everyone,12,87.50,79.20,95.80,0 2024-02-01,all,Everyone,12,37.50,29.20,45.80,0 2024-03-01,all,Everyone,13,55.77,49.14,62.39,0 slope,all,Everyone,37,-192.28,-292.45,-92.10,0 " \
	"trend: months, intervals, least-squares slope per year"
run trend --interval month --indicator n --format csv
# counts 12, 12, 13 at 2024-01-01, -02-01, -03-01 (x in days / 365.25).
is "$(tr -d '\r' <"$T/out" | grep '^slope')" "slope,all,Everyone,37,6.02,-40.11,52.15,0" "trend n: slope of counts"
run trend --interval month --by gender --format csv
is "$(tr -d '\r' <"$T/out" | grep '^2024-03-01,nonbinary')" "2024-03-01,nonbinary,Non-binary,,,,,1" "trend: suppressed period"
is "$(tr -d '\r' <"$T/out" | grep '^2024-03-01,prefer_not')" "2024-03-01,prefer_not,Prefer not to say,,,,,1" "trend: complementary in the period"
is "$(tr -d '\r' <"$T/out" | grep '^2024-01-01,woman')" "2024-01-01,woman,Girl or woman,12,87.50,79.20,95.80,0" "trend: group period"
run trend --interval month --indicator agree:belong --format json
is "$(json 'print([(r["period"], r["value"]) for r in d["rows"]][:3])')" \
	"[('2024-01-01', 100.0), ('2024-02-01', 0.0), ('2024-03-01', 23.08)]" "trend agree: 12/12, 0/12, 3/13"
run trend --interval month --format table
like "$(grep '^2024-03-01' "$T/out")" '13 +55\.77 +49\.14 +62\.39$' "trend table: same numbers"
run trend --interval fortnight
is "$rc" 2 "trend: bad interval, exit 2"
run trend --interval month --indicator agree:nothing
is "$rc" 2 "trend: unknown item, exit 2"
run trend
is "$rc" 2 "trend: --interval required"

# --- benchmark and reach ---------------------------------------------------------------
# reach_row GROUP: reach's CSV line, its first seven columns (group .. ratio)
# and the last (suppressed); response_rate.sh and stats_design.sh check the
# others.
reach_row() {
	tr -d '\r' <"$T/out" | grep "^$1," | awk -F, -v OFS=, '{ print $1, $2, $3, $4, $5, $6, $7, $NF }'
}
printf 'region,dimension,group,share\r\nmetro,race,white,0.6\r\nmetro,race,hispanic,0.25\r\nmetro,race,black,0.1\r\nmetro,race,asian,0.05\r\n"metro",gender,woman,0.5\nmetro,gender,man,0.45\nmetro,gender,nonbinary,0.05\n' >"$T/bench.csv"
run benchmark load "$T/bench.csv"
is "$rc" 0 "benchmark load: exit 0"
is "$(sql "select count(*) from benchmark")" 7 "benchmark: 7 shares"
printf 'metro,race,white,0.6\nmetro,race,hispanic,0.2\n' >"$T/bad.csv"
run benchmark load "$T/bad.csv"
is "$rc" 1 "benchmark: shares not summing to 1 refused"
like "$(cat "$T/err")" 'add up to 0.8000' "benchmark: says the sum"
printf 'metro,race,purple,1\n' >"$T/bad.csv"
run benchmark load "$T/bad.csv"
# The message names the column, shows the value and the codes allowed
# (messages.sh checks it in full).
like "$(cat "$T/err")" 'line 1, column 3: group "purple" is not a code of race; allowed: aian,' "benchmark: unknown group refused"
printf 'metro,race,white,1.5\n' >"$T/bad.csv"
run benchmark load "$T/bad.csv"
like "$(cat "$T/err")" 'line 1, column 4: share "1\.5" must be from 0 to 1' "benchmark: share out of range refused"
is "$(sql "select count(*) from benchmark")" 7 "benchmark: nothing changed by refused files"

run reach --by race --region metro --min-n 5 --format csv
is "$rc" 0 "reach: exit 0"
# known: 37 - 10 not answered = 27; white 17 / 27 = 0.6296, ratio / 0.6 = 1.05.
is "$(reach_row white)" "white,White,17,0.4595,0.6296,0.6000,1.05,0" "reach: white share, benchmark, ratio"
is "$(reach_row hispanic)" "hispanic,Hispanic or Latino,7,0.1892,0.2593,0.2500,1.04,0" "reach: hispanic 7 / 27 / 0.25"
is "$(reach_row black)" "black,Black or African American,,,,0.1000,,1" "reach: black suppressed, benchmark shown"
is "$(reach_row all)" "all,Everyone,37,1.0000,,,,0" "reach: everyone"
run reach --by gender --region metro --format csv
# prefer_not (10) is suppressed (complementary): share_known would give it
# away, so neither it nor the ratio is given for any group (before, they
# were marked suppressed in the rows of groups that are shown).
is "$(reach_row woman)" "woman,Girl or woman,12,0.3243,,0.5000,,0" "reach: share_known left out when prefer_not is suppressed"
like "$(cat "$T/err")" 'share_known and ratio are not given' "reach: says why"
# Benchmark groups nobody came from (mena, nhpi: 0) are suppressed like
# any small group, in every format; but a known zero protects nothing, so
# black (3) still takes the next smallest, asian (5), with it (before,
# the empty groups counted as its complement and asian was shown).
printf 'town,race,white,0.5\ntown,race,hispanic,0.2\ntown,race,black,0.1\ntown,race,asian,0.1\ntown,race,mena,0.05\ntown,race,nhpi,0.05\n' >"$T/town.csv"
run benchmark load "$T/town.csv"
is "$rc" 0 "benchmark load: a second region"
run reach --by race --region town --min-n 5 --format csv
is "$(reach_row mena)" "mena,Middle Eastern or North African,,,,0.0500,,1" "reach: empty group suppressed, not 0"
is "$(reach_row nhpi | grep -c '^nhpi,[^,]*,,,,[^,]*,,1$')" 1 "reach: every empty group suppressed"
is "$(reach_row asian)" "asian,Asian,,,,0.1000,,1" "reach: the complementary cell is never an empty one"
is "$(tr -d '\r' <"$T/out" | grep -Ec '(^|,)0(\.0+)?,')" 0 "reach: no n or share of 0 anywhere"
run reach --by race --region town --min-n 5 --format table
like "$(grep '^mena ' "$T/out")" 'suppressed +suppressed +suppressed +0\.0500 +suppressed( |$)' "reach table: empty group suppressed"
run reach --by race --region town --min-n 5 --format json
is "$(json 'r=[x for x in d["rows"] if x["group"]=="mena"][0]; print(r["n"], r["share"], r["ratio"], r["suppressed"], r["benchmark"])')" \
	"None None None True 0.05" "reach json: empty group null with suppressed true"
# An empty group alone needs no complement (there is nothing to protect):
# in January and February, 12 women and 12 men, no self-described.
printf 'city,gender,woman,0.45\ncity,gender,man,0.45\ncity,gender,self,0.1\n' >"$T/city.csv"
run benchmark load "$T/city.csv"
run reach --by gender --region city --from 2024-01-01 --to 2024-02-29 --format csv
is "$(reach_row self | cut -d, -f3,4,8)" ",,1" "reach: the empty group alone suppressed"
is "$(tr -d '\r' <"$T/out" | grep '^woman,' | cut -d, -f3,4)" "12,0.5000" "reach: and no other with it"
is "$(tr -d '\r' <"$T/out" | grep '^man,' | cut -d, -f3,4)" "12,0.5000" "reach: the other shown"
run reach --by race --region nowhere
is "$rc" 2 "reach: unknown region, exit 2"
run reach --by race --region metro --min-n 5 --format json
is "$(json 'r=[x for x in d["rows"] if x["group"]=="white"][0]; print(r["ratio"], d["region"])')" "1.05 metro" "reach json: same ratio"

done_testing
