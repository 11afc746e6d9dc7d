#!/bin/bash
# belong plot with many groups: everyone first, real groups in the
# report's order, prefer_not and not_answered last and in greys; the
# real groups in the Okabe–Ito order, no two blues side by side; small
# multiples from five groups on (--panels auto|single|multiple).  The
# colours are read back from the SVG gnuplot wrote.
. "$(dirname "$0")/lib.sh"

command -v gnuplot >/dev/null || { echo "1..0 # SKIP gnuplot not installed"; exit 0; }
command -v python3 >/dev/null || { echo "1..0 # SKIP python3 not installed"; exit 0; }
export BELONG_CHARTS_DIR="$SRCDIR/charts"
unset GNUPLOT

start_pg
migrate
"$BELONG" event add --slug expo --title Expo >/dev/null || bail "event add"
# 45 respondents a month, January to March 2025, five of each of: the
# seven race codes, race prefer_not and race not answered (r = j % 9).
# Gender in 4 groups (one of them prefer_not), grade in 5, role in 7
# (two of them prefer_not and not answered).  Each race group has its
# own level of belonging.  Loaded with belong import (belongd's rules,
# the rollup kept current): 135 submissions through the API would cost
# this test most of its time.
RACES=(aian asian black hispanic mena nhpi white prefer_not "")
GENDERS=(woman man nonbinary prefer_not)
GRADES=(k5 g6_8 g9_12 college adult)
ROLES=(student educator family volunteer other prefer_not "")
BASE=(4 3 5 2 4 3 4 3 3)
{
	echo "date,lang,belong,welcome,voice,future,recommend,role,grade,gender,race,disability"
	for m in 1 2 3; do
		for j in $(seq 0 44); do
			r=$((j % 9))
			line="2025-0$m-1$((j % 9)),en"
			for k in 0 1 2 3; do
				v=$((BASE[r] + (j / 9 + k + m * (r % 3)) % 3 - 1))
				[ $v -lt 1 ] && v=1
				[ $v -gt 5 ] && v=5
				line="$line,$v"
			done
			echo "$line,$(((j * 3 + r) % 11)),${ROLES[j % 7]},${GRADES[j % 5]},${GENDERS[j % 4]},${RACES[r]},$([ $((j % 2)) = 0 ] && echo yes || echo no)"
		done
	done
} >"$T/expo.csv"
"$BELONG" import responses "$T/expo.csv" --event expo >/dev/null || bail "import failed"
[ "$(sql "select count(*) from response")" = 135 ] || bail "fixture: not 135 responses"

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
panels() { head -1 "$1"; }
groups() { sed -n 's/^# group //p' "$1" | tr '\n' ' '; }
# strokes SVG N: the colour of each of the last N plot elements (the
# one most of its paths are drawn in), as RRGGBB, one a line.
strokes() {
	python3 - "$1" "$2" <<'EOF'
import collections, re, sys
svg = open(sys.argv[1], encoding="utf-8").read()
parts = re.split(r'<g id="gnuplot_plot_\d+"', svg)[1:]
out = []
for body in parts:
    # (each element's first <g> still has the previous one's colour)
    c = collections.Counter(re.findall(
        r"<path stroke='rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\)", body))
    out.append("%02X%02X%02X" % tuple(map(int, c.most_common(1)[0][0]))
               if c else "-")
print("\n".join(out[-int(sys.argv[2]):]))
EOF
}

# --- the switch to small multiples at five groups ---------------------------------
# gender: woman, man, nonbinary, prefer_not (self is empty: suppressed)
run plot trend --by gender --min-n 5 --out "$T/g4.svg" --data "$T/g4.dat"
is "$rc" 0 "trend, 4 groups: exit 0"
is "$(cat "$T/err")" "" "trend, 4 groups: nothing on stderr"
is "$(panels "$T/g4.dat")" "# panels 1" "trend, 4 groups: one panel"
# The legend or the direct labels name every group; no key is clipped.
like "$(cat "$T/g4.svg")" '>Prefer not to say<' "trend, 4 groups: prefer_not named"
run plot trend --by grade --min-n 5 --out "$T/g5.svg" --data "$T/g5.dat"
is "$rc" 0 "trend, 5 groups: exit 0"
is "$(cat "$T/err")" "" "trend, 5 groups: nothing on stderr"
is "$(panels "$T/g5.dat")" "# panels 5" "trend, 5 groups: a panel each"
for g in K-5 6-8 9-12 College Adult; do
	is "$(grep -c ">$g<" "$T/g5.svg")" 1 "trend, 5 groups: a panel titled $g, once"
done
is "$(grep -c '>Everyone<' "$T/g5.svg")" 1 "trend, 5 groups: everyone's reference named once"
run plot items --by gender --min-n 5 --out "$T/i4.svg" --data "$T/i4.dat"
is "$(panels "$T/i4.dat")" "# panels 1" "items, 4 groups: one panel"
run plot items --by grade --min-n 5 --out "$T/i5.svg" --data "$T/i5.dat"
is "$rc" 0 "items, 5 groups: exit 0"
is "$(panels "$T/i5.dat")" "# panels 5" "items, 5 groups: a panel each"
run plot trend --by grade --min-n 5 --panels single --out "$T/s.png" --data "$T/s.dat"
is "$rc" 0 "--panels single: exit 0"
is "$(panels "$T/s.dat")" "# panels 1" "--panels single: one panel for 5 groups"
run plot items --by gender --min-n 5 --panels multiple --out "$T/m.pdf" --data "$T/m.dat"
is "$rc" 0 "--panels multiple: exit 0"
is "$(panels "$T/m.dat")" "# panels 4" "--panels multiple: a panel for each of 4 groups"
run plot trend --by grade --panels several --out "$T/u.png"
is "$rc" 2 "--panels several: exit 2"
like "$(cat "$T/err")" 'auto, single or multiple' "--panels several: says what it takes"
run plot gaps --by grade --panels single --out "$T/u.png"
is "$rc" 2 "--panels on gaps: exit 2"

# --- order and colours: race, seven groups, prefer_not and not_answered -------------
REAL="aian asian black hispanic mena nhpi white"
run plot trend --by race --min-n 5 --panels single --out "$T/r1.svg" --data "$T/r1.dat"
is "$rc" 0 "trend race, one panel: exit 0"
is "$(cat "$T/err")" "" "trend race, one panel: nothing on stderr"
is "$(groups "$T/r1.dat")" "all $REAL prefer_not not_answered " \
	"trend race: everyone first, the report's order, prefer_not and not_answered last"
# The last ten plot elements are the lines, in the data file's order.
strokes "$T/r1.svg" 10 >"$T/strokes"
is "$(tr '\n' ' ' <"$T/strokes")" \
	"222222 E69F00 56B4E9 009E73 0072B2 D55E00 CC79A7 F0E442 8C8C8C BDBDBD " \
	"trend race: everyone near-black, Okabe–Ito in order, yellow last, then greys"
is "$(sed -n 9p "$T/strokes")" 8C8C8C "trend race: prefer_not grey"
is "$(sed -n 10p "$T/strokes")" BDBDBD "trend race: not_answered light grey"
blues=$(awk 'prev && (prev == "56B4E9" || prev == "0072B2") && ($1 == "56B4E9" || $1 == "0072B2") { n++ } { prev = $1 } END { print n + 0 }' "$T/strokes")
is "$blues" 0 "trend race: no two blues side by side"

run plot trend --by race --min-n 5 --out "$T/r9.svg" --data "$T/r9.dat"
is "$rc" 0 "trend race, panels: exit 0"
is "$(panels "$T/r9.dat")" "# panels 9" "trend race: nine panels"
titles=$(grep -o '>\(Asian\|White\|Prefer not to say\|Not answered\)<' "$T/r9.svg" | tr -d '<>' | tr '\n' '|')
is "$titles" "Asian|White|Prefer not to say|Not answered|" "trend race: panels in the chart's order"
like "$(cat "$T/r9.svg")" 'rgb\(140, *140, *140\)' "trend race panels: prefer_not grey"
like "$(cat "$T/r9.svg")" 'rgb\(189, *189, *189\)' "trend race panels: not_answered light grey"

run plot items --by race --min-n 5 --out "$T/ir.svg" --data "$T/ir.dat"
is "$rc" 0 "items race: exit 0"
is "$(cat "$T/err")" "" "items race: nothing on stderr"
is "$(groups "$T/ir.dat")" "all $REAL prefer_not not_answered " "items race: the chart's order"

# gaps: sorted by gap, prefer_not and not_answered after every real group,
# each in the colour it has on the other charts (the data file's last column).
run plot gaps --by race --min-n 5 --out "$T/gr.svg" --data "$T/gr.dat"
is "$rc" 0 "gaps race: exit 0"
is "$(groups "$T/gr.dat" | awk '{ print $(NF - 1), $NF }')" "prefer_not not_answered" \
	"gaps race: prefer_not and not_answered last"
is "$(grep -v '^#' "$T/gr.dat" | tail -2 | awk '{ printf "%06X ", $7 }')" "8C8C8C BDBDBD " \
	"gaps race: prefer_not and not_answered in greys"
gaps=$(grep -v '^#' "$T/gr.dat" | head -7 | cut -f2 | tr '\n' ' ')
is "$gaps" "$(printf '%s\n' $gaps | sort -rn | tr '\n' ' ')" "gaps race: real groups sorted by gap"

done_testing
