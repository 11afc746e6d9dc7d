#!/bin/bash
# Paper-ready tables: report, trend, reach and export in --format markdown
# and latex, on the responses of report_fixture.sh (loaded through
# belongd's API).  Every figure of the markdown and LaTeX tables is read
# back (report_formats.py) and compared with --format json; the LaTeX is
# checked for structure (pdflatex is not a dependency); labels are never
# cut, whatever COLUMNS says, except in the table format, which fits it;
# hostile event titles and options cannot break a table or make markup.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report_fixture.sh"

READ="python3 $SRCDIR/tests/integration/report_formats.py"

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# same FORMAT ARGS...: the command in FORMAT and in JSON, read back and
# compared; leaves the caption in $T/caption.
same() {
	fmt=$1
	shift
	"$BELONG" "$@" --format json >"$T/json" 2>/dev/null
	run "$@" --format "$fmt"
	is "$rc" 0 "$* --format $fmt: exit 0"
	if $READ "$fmt" "$T/json" "$T/out" >"$T/read" 2>"$T/readerr"; then
		ok 0 "$* --format $fmt: every cell as in --format json"
	else
		ok 1 "$* --format $fmt: every cell as in --format json"
		diag "$(cat "$T/readerr")"
	fi
	head -1 "$T/read" >"$T/caption"
}
# lines_fit WIDTH FILE: the widest line of FILE, in characters, is at most WIDTH
lines_fit() {
	w=$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$2")
	[ "$w" -le "$1" ]
}

# --- every figure, in both formats ------------------------------------------------
for fmt in markdown latex; do
	same $fmt report
	same $fmt report --by gender
	same $fmt report --by race --role student --from 2024-01-01 --to 2024-12-31
	same $fmt report --by event
	same $fmt trend --interval month
	same $fmt trend --interval month --by gender
	same $fmt reach --by gender
	if "$BELONG" reliability --help >/dev/null 2>&1; then
		same $fmt reliability --by gender	# alpha [lo, hi]
	fi
done

# --- the layout ------------------------------------------------------------------
run report --by gender --format markdown
like "$(sed -n 3p "$T/out")" '^\| group +\| indicator +\| +n \| +estimate \\\[95% CI\\\] \|' \
	"markdown: the label in words as group, no slug column, one estimate column"
like "$(cat "$T/out")" '\| Girl or woman +\| belonging +\| +12 \| +87\.50 \[79\.20, 95\.80\] \|' \
	"markdown: estimate [lo, hi] with n"
like "$(cat "$T/out")" '\| Non-binary +\| belonging +\| suppressed \| +suppressed \|' \
	"markdown: a suppressed cell says so"
like "$(head -1 "$T/out")" '^Table: belong report by gender\. Selection: all responses\.' \
	"markdown: a pandoc caption line naming the command and the selection"
like "$(head -1 "$T/out")" 'Minimum n: 10; suppressed: Non-binary; Self-described; Prefer not to say; Not answered\.$' \
	"markdown: the caption names min-n and the suppressed groups"
like "$(cat "$T/out")" '^\*Note\.\* cells of fewer than 10 are suppressed' "markdown: notes below the table"
design=$("$BELONG" report --by gender --format json | python3 -c 'import json, sys; print(json.load(sys.stdin).get("design") or "")')
if [ -n "$design" ]; then
	like "$(head -1 "$T/out")" "Design: $design\\." "markdown: the caption names the design, as JSON's head does"
else
	ok 1 "report --format json: a design in the head"
fi
run report --by gender --format latex
like "$(cat "$T/out")" 'Girl or woman & gap & 12 & 40\.50 \[30\.57, 50\.43\] & 2\.81 & \{\}\* & ' \
	"latex: estimate [lo, hi], the flag kept from \\\\'s star"
like "$(cat "$T/out")" 'Boy or man & gap & 12 & \$-\$33\.50 \[\$-\$44\.70, \$-\$22\.30\] & \$-\$1\.85' \
	"latex: minus signs, not hyphens"
like "$(sed -n 4p "$T/out")" '^\\begin\{tabular\}\{llr' "latex: numbers right-aligned"
like "$(sed -n 3p "$T/out")" '^\\caption\{belong report by gender\. Selection: all responses\..*Minimum n: 10; suppressed: Non-binary;' \
	"latex: the caption above the table"
like "$(cat "$T/out")" '\\textit\{Note\.\} cells of fewer than 10' "latex: notes in the float"

run report --role student --from 2024-02-01 --by gender --format markdown
like "$(head -1 "$T/out")" 'Selection: from 2024-02-01; role student\.' "caption: the filters"
# A region named with markup: loaded, then in a caption and a note.
printf 'region,dimension,group,share\nmetro|<b>$x$</b>,gender,woman,0.5\nmetro|<b>$x$</b>,gender,man,0.5\n' >"$T/bench.csv"
"$BELONG" benchmark load "$T/bench.csv" >/dev/null 2>&1 || bail "benchmark load failed"
for fmt in markdown latex; do
	same $fmt reach --by gender --region 'metro|<b>$x$</b>'
	like "$(head -1 "$T/read")" 'benchmark region metro\|<b>\$x\$</b>\.' "$fmt caption: the region as text"
done
run reach --by gender --region 'metro|<b>$x$</b>' --format markdown
like "$(head -1 "$T/out")" 'benchmark region metro\\\|\\<b\\>\\\$x\\\$\\</b\\>\.' "markdown caption: the region escaped"
run reach --by race --region 'metro|<b>$x$</b>' --format markdown
like "$(cat "$T/out")" 'region "metro\\\|\\<b\\>\\\$x\\\$\\</b\\>" has no benchmark' "markdown note: the same"

# A selection too small: the refusal, no table, in both formats.
for fmt in markdown latex; do
	run report --event fair-two --format $fmt
	is "$rc" 0 "report --event fair-two --format $fmt: exit 0"
	like "$(cat "$T/out")" '^suppressed: this selection has fewer than 10' "$fmt: refused, said once"
	is "$(grep -c . "$T/out")" 1 "$fmt: nothing else"
done

# --- other commands that take --format --------------------------------------------
run export responses --format markdown
is "$rc" 0 "export --format markdown: exit 0"
is "$(grep -c '^| fair-one ' "$T/out")" 37 "export --format markdown: 37 rows"
run export responses --format latex --codebook "$T/codebook.tex"
is "$rc" 0 "export --format latex: exit 0"
is "$(grep -c '^fair-one & ' "$T/out")" 37 "export --format latex: 37 rows"
like "$(cat "$T/codebook.tex")" '^gender & prefer\\_not & Prefer not to say' "export --codebook in LaTeX"
run event list --format latex
like "$(cat "$T/out")" '^fair-one & Fair one & ' "event list --format latex"
run event show fair-one --format markdown
like "$(cat "$T/out")" '^\| title \| Fair one \|$' "event show --format markdown: field and value"
for cmd in report trend reach quotes "event list" "instrument list" benchmark "export responses"; do
	# shellcheck disable=SC2086
	like "$("$BELONG" $cmd --help)" 'markdown\|latex' "$cmd --help: names markdown and latex"
done
run report --format html
is "$rc" 2 "--format html: refused"
like "$(cat "$T/err")" 'must be table, csv, json, markdown or latex' "--format html: says the choices"

# --- hostile titles ----------------------------------------------------------------
# An event title as anyone who may add events could write it: cell and
# environment ends, markup, HTML, math, a citation, shell, SQL, a
# terminal escape.  Long, so that a table would cut it.
title=$(printf 'Robotics | night <script>alert(1)</script> \\end{tabular}\\end{table} $x^2$ 100%% #1 & [@doe] *b* `id` $(rm -rf ~); DROP TABLE response; -- \033[2J and a long tail of words to be cut')
sql "update event set title = \$t\$$title\$t\$ where slug = 'fair-one'" >/dev/null
for fmt in markdown latex; do
	same $fmt report --by event
	like "$(sed 1d "$T/read")" "Robotics \\| night <script>alert\\(1\\)</script> \\\\end\\{tabular\\}\\\\end\\{table\\} \\\$x\\^2\\\$ 100% #1 & \\[@doe\\] \\*b\\* \`id\` \\\$\\(rm -rf ~\\); DROP TABLE response; -- \\\\u001b\\[2J and a long tail of words to be cut" \
		"$fmt: a hostile title reads back whole, its escape visible"
	if grep -q "$(printf '\033')" "$T/out"; then ok 1 "$fmt: no raw ESC"; else ok 0 "$fmt: no raw ESC"; fi
	same $fmt reach --by event
done
run report --by event --format markdown
is "$(grep -c '[^\\]<' "$T/out")" 0 "markdown: no < but escaped: no tag"
is "$(grep -c '\\end{tabular}' "$T/out")" 0 "markdown: the title stays text"
run report --by event --format latex
is "$(grep -c '\\end{tabular}' "$T/out")" 1 "latex: \\end{tabular} once, the table's own"
is "$(grep -c '\\end{table}' "$T/out")" 1 "latex: \\end{table} once"

# --- two events: the cluster design named in the caption ---------------------------
API=/api/v1/events/fair-two
for i in $(seq 1 12); do
	submit $(( (i % 3) + 2 )) 7 '{"gender":"woman","role":"student"}' >/dev/null
done
for fmt in markdown latex; do
	same $fmt report --by gender
	design=$("$BELONG" report --by gender --format json | python3 -c 'import json, sys; print(json.load(sys.stdin).get("design") or "")')
	like "$design" '^cluster' "two events: the cluster design"
	like "$(head -1 "$T/read")" "Design: $design\." "$fmt: the caption names it"
done

# --- COLUMNS: labels are never cut but in a table, which fits ------------------------
for fmt in csv json markdown latex; do
	COLUMNS=40 "$BELONG" report --by event --format $fmt >"$T/out" 2>/dev/null
	like "$(cat "$T/out")" 'and a long tail of words to be cut' "COLUMNS=40 --format $fmt: the title whole"
	is "$(grep -c "$(printf '\xe2\x80\xa6')" "$T/out")" 0 "COLUMNS=40 --format $fmt: nothing cut"
done
COLUMNS=40 "$BELONG" report --format json >"$T/a" 2>/dev/null
"$BELONG" report --format json >"$T/b" 2>/dev/null
cmp -s "$T/a" "$T/b"
ok $? "COLUMNS=40: JSON the same as without"
# The table: as wide as COLUMNS allows.  Numbers are never cut, so the
# width must leave them room: a little under the table's own width (its
# label and indicator columns can give that).
COLUMNS=400 "$BELONG" report >"$T/out" 2>/dev/null
natural=$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8") if not l.startswith(("note:", " "))))' "$T/out")
narrow=$((natural - 4))
for cols in $narrow 80 100 132; do
	COLUMNS=$cols "$BELONG" report >"$T/out" 2>/dev/null
	lines_fit $cols "$T/out"
	ok $? "COLUMNS=$cols: the table (and its notes) fit"
done
COLUMNS=$narrow "$BELONG" report >"$T/out" 2>/dev/null
like "$(cat "$T/out")" "$(printf '\xe2\x80\xa6')" "COLUMNS=$narrow: text cut to fit"
COLUMNS=400 "$BELONG" report --by event >"$T/out" 2>/dev/null
like "$(cat "$T/out")" 'and a long tail of words to be cut' "COLUMNS=400: the title whole in a table"
for bad in 0 -5 abc 10 99999999999999999999 '80 '; do
	COLUMNS=$bad "$BELONG" report --by event >"$T/a" 2>/dev/null
	"$BELONG" report --by event >"$T/b" 2>/dev/null
	cmp -s "$T/a" "$T/b"
	ok $? "COLUMNS='$bad': the default width"
done
"$BELONG" report --by event >"$T/out" 2>/dev/null
lines_fit 100 "$T/out"
ok $? "no COLUMNS: 100 wide"

done_testing
