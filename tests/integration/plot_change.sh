#!/bin/bash
# belong plot change: the dumbbell chart of belong change, from a small
# pre/post program (two pre and two post events, 53 young people matched
# by their codes) and a retrospective one, drawn by the real gnuplot.
# The data file holds change's numbers, every count the chart prints is
# one change prints unsuppressed, suppressed groups are only named in the
# footnote; the three formats and their sizes; options forwarded; bad
# options refused before anything is drawn.
. "$(dirname "$0")/lib.sh"

command -v gnuplot >/dev/null || { echo "1..0 # SKIP gnuplot not installed"; exit 0; }
export BELONG_CHARTS_DIR="$SRCDIR/charts"
unset GNUPLOT
CHECK="python3 $SRCDIR/tests/integration/plot_check.py"

start_pg
migrate
run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
run program add --slug club --title "Robotics club"
[ "$rc" -eq 0 ] || bail "program add: $(cat "$T/err")"
for e in pre-a:pre pre-b:pre post-a:post post-b:post; do
	run event add --slug "club-${e%%:*}" --title "Club ${e%%:*}" --program club --wave "${e##*:}"
	[ "$rc" -eq 0 ] || bail "event add: $(cat "$T/err")"
done
run program add --slug looking-back --title "Looking back" --design retro
run instrument add "$SRCDIR/doc/instrument-retro.json"
run event add --slug club-retro --title "Club, looking back" --program looking-back --instrument retro
[ "$rc" -eq 0 ] || bail "retro event: $(cat "$T/err")"

# Person k (1..53): woman 1-24, man 25-46 (each 11 or more at either
# event of a wave), nonbinary 47-49 and prefer_not 50-53 (below min-n
# 10: suppressed; self and not_answered have no one), the same
# answer about gender both times (so that no group is suppressed in
# report at the events of either wave); the four
# index items all v before and w after, so the index is (v - 1) * 25.
# Pre at club-pre-a or -b and post at club-post-a or -b by k's parity;
# the same code both times (sha256 of k and the element: never a real
# code), so each pre matches its post exactly.
sql "
create temp table p as
select k, case when k <= 24 then 'woman' when k <= 46 then 'man'
	when k <= 49 then 'nonbinary' else 'prefer_not' end as g,
	1 + k % 4 as v, least(5, 1 + k % 4 + k % 3) as w
from generate_series(1, 53) k;
create temp table r as
select p.*, x.wave, e.id as event_id, md5(x.wave || k)::uuid as id,
	(select id from instrument where key = 'pulse' and version = 1) as ins
from p, (values ('pre'), ('post')) x(wave), event e
where e.slug = 'club-' || x.wave || '-' || case when k % 2 = 0 then 'a' else 'b' end;
insert into response (event_id, id, lang, instrument_id, belonging, gender)
select event_id, id, 'en', ins, ((case when wave = 'pre' then v else w end) - 1) * 25.0,
	g from r;
insert into answer (event_id, response_id, item, value)
select event_id, id, item, case when wave = 'pre' then v else w end
from r, unnest(array['belong', 'welcome', 'voice', 'future']) item;
insert into response_code (event_id, response_id, birth_month, guardian_initial,
	older_siblings, birth_town_initial)
select event_id, id, sha256(convert_to(k || 'm', 'UTF8')), sha256(convert_to(k || 'g', 'UTF8')),
	sha256(convert_to(k || 's', 'UTF8')), sha256(convert_to(k || 't', 'UTF8')) from r;
-- The retrospective program: 30 responses, before 2, now 2 to 4.
insert into response (event_id, id, lang, instrument_id, belonging, gender)
select e.id, md5('retro' || k)::uuid, 'en', i.id, (1 + k % 3) * 25.0,
	case when k <= 16 then 'woman' else 'man' end
from generate_series(1, 30) k, event e, instrument i
where e.slug = 'club-retro' and i.key = 'retro';
insert into answer (event_id, response_id, item, value)
select e.id, md5('retro' || k)::uuid, item || '_' || frame,
	case when frame = 'before' then 2 else 2 + k % 3 end
from generate_series(1, 30) k, event e,
	unnest(array['belong', 'welcome', 'voice', 'future']) item,
	unnest(array['before', 'now']) frame
where e.slug = 'club-retro';
" >/dev/null || bail "cannot load the fixture"

# svgtext FILE: the SVG's lines of text joined by spaces (a footnote
# wraps where the width says).
svgtext() {
	python3 -c '
import re, sys
print(" ".join(re.findall(r"<text>(.*?)</text>", open(sys.argv[1], encoding="utf-8").read())))' "$1"
}
# compare CHANGE.json DATA: every row of the data file is change's matched
# row of its group, figure by figure; every matched row not suppressed is
# in the file and no other.
compare() {
	python3 - "$1" "$2" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
rows = {r["group"]: r for r in doc["rows"] if r["comparison"] == "matched"}
drawn, group = {}, None
for line in open(sys.argv[2]):
    if line.startswith("# group "):
        group = line[8:].strip()
    elif not line.startswith("#") and line.strip():
        drawn[group] = [float(x) for x in line.split("\t")]
bad = []
want = [g for g, r in rows.items() if not r["suppressed"]]
if sorted(drawn) != sorted(want):
    bad.append("groups drawn %s, change's unsuppressed %s" % (sorted(drawn), sorted(want)))
for g, f in drawn.items():
    r = rows[g]
    for i, k in enumerate(["pre", "pre_lo", "pre_hi", "post", "post_lo", "post_hi", "change", "n"]):
        if abs(f[i + 1] - r[k]) > 1e-6 * max(1, abs(r[k])):
            bad.append("%s %s: drawn %r, change %r" % (g, k, f[i + 1], r[k]))
order = sorted(drawn, key=lambda g: -drawn[g][0])
print(" ".join(order))
for b in bad:
    print("# " + b)
PY
}
# counts CHANGE.json FILE.svg: every "n = X" the chart prints, and
# whether change printed X for a row not suppressed.
counts() {
	python3 - "$1" "$2" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
ok = {str(int(r["n"])) for r in doc["rows"] if not r["suppressed"] and r["n"] is not None}
svg = open(sys.argv[2], encoding="utf-8").read()
seen = re.findall(r"n\u00a0=\u00a0([0-9][0-9,\u00a0]*)", svg)
out = []
for s in seen:
    s = s.replace(",", "").replace("\u00a0", "")
    out.append(s + ("" if s in ok else "(not in change)"))
print(" ".join(sorted(out, key=lambda s: (len(s), s))))
PY
}

# --- the chart and change's numbers ------------------------------------------------
run change --program club --by gender --format json
is "$rc" 0 "change --format json: exit 0"
cp "$T/out" "$T/change.json"
run plot change --program club --by gender --out "$T/c.svg" --data "$T/c.dat"
is "$rc" 0 "plot change svg: exit 0"
is "$(cat "$T/err")" "" "plot change svg: nothing on stderr"
cmp=$(compare "$T/change.json" "$T/c.dat")
is "$(printf '%s\n' "$cmp" | head -1)" "all woman man" \
	"data file: everyone at the top, then the groups in the report's order"
is "$(printf '%s\n' "$cmp" | grep -c '^#')" 0 "data file: every figure is change's"
printf '%s\n' "$cmp" | grep '^#'
is "$(grep -c '^# group \(nonbinary\|prefer_not\)' "$T/c.dat")" 0 "data file: the suppressed groups are not in it"
is "$(counts "$T/change.json" "$T/c.svg")" "22 24 53 53" \
	"every count printed (labels, then the footnote's pairs) is one change prints unsuppressed"
is "$(grep -o 'Non-binary' "$T/c.svg" | wc -l)" 1 "Non-binary: only in the footnote"
like "$(svgtext "$T/c.svg")" 'suppressed here: Non-binary, Self-described, Prefer not to say, Not answered\.' \
	"the footnote names the suppressed groups"
like "$(svgtext "$T/c.svg")" 'Matched pairs: n.=.53\. Design: pre and post surveys matched by an' \
	"the footnote: the matched pairs and the design"
like "$(svgtext "$T/c.svg")" 'Groups of fewer than 10 pairs are suppressed' "the footnote: min-n"
like "$(svgtext "$T/c.svg")" 'program club' "the footnote: the program"
like "$(cat "$T/c.svg")" 'Change in the belonging index, before and after the program, by gender' "the title"
like "$(cat "$T/c.svg")" 'Before \(pre survey\)' "the key: before"
like "$(cat "$T/c.svg")" 'After \(post survey\)' "the key: after"
$CHECK layout "$T/c.svg" >"$T/layout" 2>&1
ok $? "svg: no text outside the canvas or over other text or lines"
$CHECK size "$T/c.svg" | grep -q 'in=7x4.5'; ok $? "svg: 7 x 4.5 in"

# --- the other formats and a size -----------------------------------------------------
run plot change --program club --by gender --out "$T/c.png" --size 1400x900
is "$rc" 0 "plot change png: exit 0"
like "$($CHECK size "$T/c.png")" '^png px=1400x900 ' "png: --size 1400x900"
run plot change --program club --by gender --out "$T/c.pdf" --size 180x120mm
is "$rc" 0 "plot change pdf: exit 0"
like "$($CHECK size "$T/c.pdf")" 'pt=510x340 ' "pdf: --size 180x120mm (510 x 340 pt)"
run plot change --program club --by gender --out "$T/tiny.png" --size 3x1.5in
is "$rc" 1 "a figure too small for its words: exit 1"
like "$(cat "$T/err")" 'too small for this chart.s words' "... saying the height it needs"
[ ! -e "$T/tiny.png" ]; ok $? "... and writing nothing"

# --- Spanish, an indicator, the cluster design, a retrospective program -------------------
run plot change --program club --by gender --lang es --out "$T/es.svg"
is "$rc" 0 "plot change --lang es: exit 0"
like "$(svgtext "$T/es.svg")" 'Cambio en el índice de pertenencia, antes y después del programa, por género' "es: the title"
like "$(svgtext "$T/es.svg")" 'Pares emparejados: n.=.53' "es: the pairs"
like "$(svgtext "$T/es.svg")" 'Niña o mujer \(n.=.24\)' "es: a group's label"
like "$(cat "$T/es.svg")" '[+-][0-9]+,[0-9]<' "es: the change with a decimal comma"
run change --program club --indicator agree:belong --design cluster --max-diff 0 --format json
cp "$T/out" "$T/agree.json"
run plot change --program club --indicator agree:belong --design cluster --max-diff 0 \
	--out "$T/agree.svg" --data "$T/agree.dat"
is "$rc" 0 "plot change --indicator agree:belong --design cluster --max-diff 0: exit 0"
is "$(compare "$T/agree.json" "$T/agree.dat")" "all" "agree: change's numbers, forwarded options and all"
like "$(svgtext "$T/agree.svg")" 'events as clusters' "cluster: the footnote says so"
like "$(cat "$T/agree.svg")" 'Agree or strongly agree \(%\)' "agree: the axis in percent"
like "$(svgtext "$T/agree.svg")" 'agreement with .I felt like I belonged here' "agree: the title names the question, not the item id"
run change --program looking-back --format json
cp "$T/out" "$T/retro.json"
run plot change --program looking-back --out "$T/retro.svg" --data "$T/retro.dat"
is "$rc" 0 "plot change of a retrospective program: exit 0"
is "$(compare "$T/retro.json" "$T/retro.dat")" "all" "retro: change's numbers"
like "$(svgtext "$T/retro.svg")" 'Design: retrospective pre/post' "retro: the design in the footnote"
like "$(cat "$T/retro.svg")" '>Before the program<' "retro: the key says before the program"
like "$(cat "$T/retro.svg")" '>Now<' "retro: ... and now"

# --- refused --------------------------------------------------------------------------
run plot change --out "$T/x.svg"
is "$rc" 2 "no --program: exit 2"
like "$(cat "$T/err")" 'plot change: --program SLUG is required' "... saying so"
for opt in "--event club-pre-a" "--from 2026-01-01" "--role student" "--panels single" "--region metro"; do
	# shellcheck disable=SC2086
	run plot change --program club $opt --out "$T/x.svg"
	is "$rc" 2 "plot change $opt: exit 2"
done
run plot gaps --by gender --program club --out "$T/x.svg"
is "$rc" 2 "--program on another chart: exit 2"
like "$(cat "$T/err")" 'plot gaps: --program is not an option of this chart' "... saying so"
run change --program no-such --format json
want_rc=$rc
want_err=$(cat "$T/err")
run plot change --program no-such --out "$T/x.svg"
is "$rc" "$want_rc" "an unknown program: change's exit status ($want_rc)"
is "$(cat "$T/err")" "$want_err" "... and its message"
run plot change --program club --min-n 50 --out "$T/x.svg"
is "$rc" 1 "every group suppressed: exit 1"
like "$(cat "$T/err")" 'nothing to plot' "... nothing to plot"
run plot change --program club --design bogus --out "$T/x.svg"
is "$rc" 2 "a bad --design: change's exit 2"
[ ! -e "$T/x.svg" ]; ok $? "nothing written by a refused command"
is "$(find "$T" -maxdepth 1 -name '*tmp-*' | wc -l)" 0 "no temporary output left behind"

done_testing
