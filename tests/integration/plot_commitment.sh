#!/bin/bash
# belong plot commitment: a bullet per open commitment from belong
# commitment progress, drawn by the real gnuplot.  The data file holds
# progress's figures; the rows are labelled with the commitments' titles
# and their indicators in words, with progress's values, targets and
# statuses at their right; a commitment suppressed at --min-n is an empty
# row with the word, named in the footnote, and no figure of it (those
# progress prints at a lower --min-n) is in the data file or the SVG; the
# three formats; Spanish; one commitment; bad input refused.
#
# The fixture, dated from today as in commitments.sh so that it never
# ages: the commitment period is the six whole months before this one and
# this one so far (from S, the first of the month six months back), the
# baseline the twelve months before S.
#   fair-a    event, month 1, attendance 120: respondents in months 0-5
#             (24, 28, 22, 30, 26, 32; women and men alternating, answers
#             2-5 in turn), and in month 2 8 non-binary young people
#             (under --min-n 10, over 5) and 12 who give no gender
#   fair-b    event, month 2, attendance 90: 20 women
#   base-fair the baseline year's, attendance 80: 40 respondents
# Commitments: met, on track, at risk and off track as the fixture's
# trend has them (checked in commitments.sh; here each is drawn as
# progress says), one suppressed at --min-n 10 (nonbin, the non-binary
# group's belonging), and one made today (fresh: not enough data).
. "$(dirname "$0")/lib.sh"

command -v gnuplot >/dev/null || { echo "1..0 # SKIP gnuplot not installed"; exit 0; }
export BELONG_CHARTS_DIR="$SRCDIR/charts"
unset GNUPLOT

run() {	# run ARGS...: belong, stdout in $T/out, stderr in $T/err, status in $rc
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

start_pg
migrate

sql "
create temp table d as select
    (date_trunc('month', current_date) - interval '6 months')::date as s;
insert into event (slug, title, instrument_id, kind, partner, starts_on, attendance)
select v.slug, v.slug, (select id from instrument where key = 'pulse' order by version desc limit 1),
    'event', 'Acme', (select s from d) + v.mon * interval '1 month' + interval '9 days', v.att
from (values ('fair-a', 1, 120), ('fair-b', 2, 90), ('base-fair', -9, 80)) v (slug, mon, att);
create temp table fx (event text, mon int, i int, v int, gender text);
insert into fx select 'fair-a', m, i, 2 + i % 4, case when i % 2 = 0 then 'woman' else 'man' end
    from (values (0, 24), (1, 28), (2, 22), (3, 30), (4, 26), (5, 32)) n (m, k), generate_series(1, k) i;
insert into fx select 'fair-a', 2, 100 + i, (array[2, 4, 5, 5, 3, 4, 5, 2])[i], 'nonbinary'
    from generate_series(1, 8) i;
insert into fx select 'fair-a', 2, 200 + i, 3, null from generate_series(1, 12) i;
insert into fx select 'fair-b', 2, i, 2 + i % 3, 'woman' from generate_series(1, 20) i;
insert into fx select 'base-fair', -9 + i % 3, i, 1 + i % 4,
    case when i % 2 = 0 then 'woman' else 'man' end from generate_series(1, 40) i;
alter table fx add column id uuid default gen_random_uuid();
insert into response (event_id, id, submitted_at, lang, instrument_id, belonging, role, gender)
select e.id, fx.id, (select s from d) + fx.mon * interval '1 month' + interval '9 days 12 hours', 'en',
    e.instrument_id, (fx.v - 1) * 25, 'student', fx.gender
from fx join event e on e.slug = fx.event;
insert into answer (event_id, response_id, item, value)
select e.id, fx.id, it, fx.v from fx join event e on e.slug = fx.event,
    unnest(array['belong', 'welcome', 'voice', 'future']) it;
" >/dev/null || bail "cannot load the fixture"

S=$(sql "select (date_trunc('month', current_date) - interval '6 months')::date")
BFROM=$(sql "select ('$S'::date - interval '12 months')::date")
BTO=$(sql "select '$S'::date - 1")
DUE=$(sql "select (date_trunc('month', current_date) + interval '12 months')::date")
B="--baseline-from $BFROM --baseline-to $BTO"
add() {	# add SLUG TITLE ARGS...
	s=$1 title=$2
	shift 2
	run commitment add --slug "$s" --title "$title" "$@"
	[ "$rc" = 0 ] || bail "commitment add $s: $(cat "$T/err")"
}
# shellcheck disable=SC2086
{
add att "Reach 300 people" --indicator attendance --target 300 --due "$DUE" $B
add first-100 "Hear from the first 100" --indicator respondents --target 100 --due "$DUE" $B
add resp "Hear from 400 young people" --indicator respondents --target 400 --due "$DUE" $B
add bel "Belonging at 80" --indicator belonging --target 80 --due "$DUE" $B
add share "Girls and women are 60 %" --indicator group-share --group gender=woman \
	--target 60 --due "$DUE" $B
add gap-w "Close the gap for girls" --indicator gap --group gender=woman --target 0 \
	--due "$DUE" $B
add nonbin "Non-binary youth belong" --indicator belonging --group gender=nonbinary \
	--target 90 --due "$DUE" $B
add fresh "A new start" --indicator attendance --target 50 --due "$DUE"
}

# svgtext FILE: the SVG's lines of text joined by spaces.
svgtext() {
	python3 -c '
import re, sys
print(" ".join(re.findall(r"<text>(.*?)</text>", open(sys.argv[1], encoding="utf-8").read())))' "$1"
}

# compare PROGRESS.json DATA: every line of the data file is progress's
# row of its commitment, figure by figure (NaN where progress has none);
# the rows drawn are those not suppressed, top to bottom in its order.
compare() {
	python3 - "$1" "$2" <<'PY'
import json, math, sys
rows = json.load(open(sys.argv[1]))
keys = ["value", "lo", "hi", "target", "baseline", "projection",
        "projection_lo", "projection_hi"]
drawn, slug, bad = {}, None, []
for line in open(sys.argv[2]):
    if line.startswith("# commitment "):
        slug = line[13:].strip()
    elif not line.startswith("#") and line.strip():
        drawn[slug] = [float(x) for x in line.split("\t")]
want = [r["slug"] for r in rows if not r["suppressed"]]
order = sorted(drawn, key=lambda s: -drawn[s][0])
if order != want:
    bad.append("drawn %s, progress's unsuppressed %s" % (order, want))
n = len(rows)
for i, r in enumerate(rows):
    f = drawn.get(r["slug"])
    if f is None:
        continue
    if f[0] != n - 1 - i:
        bad.append("%s: row %r, want %r" % (r["slug"], f[0], n - 1 - i))
    for k, key in enumerate(keys):
        v = r[key]
        if isinstance(v, (int, float)):
            if abs(f[k + 1] - v) > 1e-6 * max(1, abs(v)):
                bad.append("%s %s: drawn %r, progress %r" % (r["slug"], key, f[k + 1], v))
        elif not math.isnan(f[k + 1]):
            bad.append("%s %s: drawn %r, progress %r" % (r["slug"], key, f[k + 1], v))
print(" ".join(order))
for b in bad:
    print("# " + b)
PY
}

# labels PROGRESS.json FILE.svg LANG: each unsuppressed commitment's
# "value · target X" as the words at its right print them (counts whole, a % or index
# to one decimal), found in the SVG's text; prints what is missing.
labels() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, re, sys
rows = json.load(open(sys.argv[1]))
es = sys.argv[3] == "es"
text = " ".join(re.findall(r"<text>(.*?)</text>", open(sys.argv[2], encoding="utf-8").read()))
counts = ("attendance", "respondents", "new-reach", "educators")
def show(v, ind):
    if ind in counts or ind.startswith("sites:"):
        return "{:,}".format(int(round(v))).replace(",", "" if es else ",")
    s = "%.1f" % v
    if es:
        s = s.replace(".", ",")
    if ind == "group-share" or ind.startswith("agree:"):
        s += "\u00a0%" if es else "%"
    return s
for r in rows:
    if r["suppressed"] or not isinstance(r["value"], (int, float)):
        continue
    want = "%s \u00b7 %s %s" % (show(r["value"], r["indicator"]), "meta" if es else "target",
                          show(r["target"], r["indicator"]))
    if want not in text:
        print("%s: no %r" % (r["slug"], want))
PY
}

# secrets PROGRESS.json SLUG FILE...: the figures progress prints for
# SLUG (value, lo, hi, projection: two decimals and one, either decimal
# sign) found in the data file or the SVG's text of FILEs.
secrets() {
	python3 - "$@" <<'PY'
import json, re, sys
row = {r["slug"]: r for r in json.load(open(sys.argv[1]))}[sys.argv[2]]
figs = set()
for k in ("value", "lo", "hi", "projection", "projection_lo", "projection_hi"):
    v = row[k]
    if isinstance(v, (int, float)):
        for s in ("%.2f" % v, "%.1f" % v):
            figs.add(s)
            figs.add(s.replace(".", ","))
for f in sys.argv[3:]:
    body = open(f, encoding="utf-8").read()
    if f.endswith(".svg"):
        body = " ".join(re.findall(r"<text>(.*?)</text>", body))
    for s in sorted(figs):
        if re.search(r"(?<![0-9])" + re.escape(s) + r"(?![0-9])", body):
            print("%s in %s" % (s, f))
print("figures:" + " ".join(sorted(figs)))
PY
}

# --- the chart and progress's numbers ------------------------------------------
run commitment progress --min-n 10 --format json
is "$rc" 0 "commitment progress --format json: exit 0"
cp "$T/out" "$T/p.json"
is "$(python3 -c 'import json,sys; print(" ".join(r["slug"] for r in json.load(open(sys.argv[1])) if r["suppressed"]))' "$T/p.json")" \
	"nonbin" "the fixture: nonbin is suppressed at --min-n 10, and no other"
diag "statuses: $(python3 -c 'import json,sys; print(", ".join(r["slug"] + " " + r["status"] for r in json.load(open(sys.argv[1]))))' "$T/p.json")"
run commitment progress nonbin --min-n 5 --format json
cp "$T/out" "$T/open.json"
like "$(cat "$T/open.json")" '"value":68.75' "the fixture: at --min-n 5 progress prints nonbin's value"

run plot commitment --min-n 10 --out "$T/c.svg" --data "$T/c.dat"
is "$rc" 0 "plot commitment svg: exit 0"
is "$(cat "$T/err")" "" "plot commitment svg: nothing on stderr"
cmp=$(compare "$T/p.json" "$T/c.dat")
is "$(printf '%s\n' "$cmp" | head -1)" "$(python3 -c 'import json,sys; print(" ".join(r["slug"] for r in json.load(open(sys.argv[1])) if not r["suppressed"]))' "$T/p.json")" \
	"data file: one line per commitment not suppressed, in progress's order"
is "$(printf '%s\n' "$cmp" | grep -c '^#')" 0 "data file: every figure is progress's"
printf '%s\n' "$cmp" | grep '^#'
is "$(grep -c '^# commitment nonbin' "$T/c.dat")" 0 "data file: no line for the suppressed commitment"
is "$(labels "$T/p.json" "$T/c.svg" en)" "" "labels: each value and target as progress has them"
sec=$(secrets "$T/open.json" nonbin "$T/c.dat" "$T/c.svg")
is "$(printf '%s\n' "$sec" | grep -vc '^figures:')" 0 \
	"no figure of the suppressed commitment in the data file or the SVG's text"
printf '%s\n' "$sec" | grep -v '^figures:'
diag "$(printf '%s\n' "$sec" | grep '^figures:')"
txt=$(svgtext "$T/c.svg")
like "$txt" 'Progress of the commitments toward their targets' "the title"
for t in "Reach 300 people" "Hear from 400 young people" "Belonging at 80" \
	"Non-binary youth belong" "A new start"; do
	like "$txt" "$t" "a row labelled with the commitment's title: $t"
done
like "$txt" 'Reach 300 people People reached \(attendance\)' "attendance: the title and the indicator in words"
like "$txt" 'on track 210 · target 300 · [A-Z][a-z]{2} [0-9]{4}' "attendance: status, value, target and due month"
like "$txt" 'Belonging gap: Girl or woman' "gap: the group in words"
like "$txt" 'Non-binary youth belong Belonging index: Non-binary' \
	"the suppressed row: its label"
like "$txt" ' suppressed due [A-Z][a-z]{2} [0-9]{4} ' "... and at its right the word, no number"
like "$txt" 'suppressed here: Non-binary youth belong\.' "the footnote names it"
like "$txt" 'Figures from groups of fewer than 10 are suppressed' "the footnote: min-n"
like "$txt" 'not enough data' "a status in words: not enough data"
for st in met "on track" "at risk" "off track" "not enough data"; do
	n=$(python3 -c 'import json,sys; print(sum(r["status"] == sys.argv[2] for r in json.load(open(sys.argv[1]))))' "$T/p.json" "$st")
	is "$(grep -o ">$st<" "$T/c.svg" | wc -l)" "$n" "status \"$st\" as often as progress says it ($n)"
done
like "$(cat "$T/c.svg")" '>Value so far \(95% interval\)<' "the key: the value"
like "$(cat "$T/c.svg")" '>Projection to the due date \(95%\)<' "the key: the projection"
python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' "$T/c.svg"
ok $? "svg: parses as XML"
python3 "$SRCDIR/tests/integration/plot_check.py" layout "$T/c.svg" >"$T/layout" 2>&1
ok $? "svg: no text outside the canvas or over other text or lines"
grep -v ' 0 faults' "$T/layout"

# --- the other formats ------------------------------------------------------------
run plot commitment --out "$T/c.png"
is "$rc" 0 "plot commitment png: exit 0"
is "$(head -c 8 "$T/c.png" | od -An -tx1 | tr -d ' \n')" "89504e470d0a1a0a" "png: a PNG header"
like "$(file "$T/c.png")" 'PNG image data, 2100 x (1[4-9]|2[0-9])[0-9][0-9],' \
	"png: 7 in wide at 300 dpi, and taller than 4.5 in for eight commitments (file)"
run plot commitment --out "$T/s.png" --size 1600x1200
is "$rc" 0 "plot commitment png --size 1600x1200: exit 0"
like "$(file "$T/s.png")" 'PNG image data, 1600 x 1200,' "png: --size as given"
run plot commitment --out "$T/c.pdf"
is "$rc" 0 "plot commitment pdf: exit 0"
like "$(file "$T/c.pdf")" 'PDF document' "pdf: a PDF (file)"

# --- one commitment, Spanish -------------------------------------------------------
run plot commitment bel --out "$T/bel.svg" --data "$T/bel.dat"
is "$rc" 0 "plot commitment SLUG: exit 0"
is "$(grep -c '^# commitment ' "$T/bel.dat")" 1 "SLUG: one commitment drawn"
like "$(svgtext "$T/bel.svg")" 'commitment bel\.' "SLUG: the footnote names it"
run plot commitment --commitment resp --out "$T/resp.svg" --data "$T/resp.dat"
is "$rc" 0 "plot commitment --commitment SLUG: exit 0"
is "$(grep '^# commitment ' "$T/resp.dat")" "# commitment resp" "--commitment SLUG: that one"

run plot commitment nonbin --min-n 10 --out "$T/nb.svg" --data "$T/nb.dat"
is "$rc" 0 "a suppressed commitment alone: exit 0"
is "$(grep -vc '^#' "$T/nb.dat")" 0 "... no line in the data file"
like "$(svgtext "$T/nb.svg")" 'Non-binary youth belong Belonging index: Non-binary suppressed due ' \
	"... its row empty but for its label and the word"
is "$(secrets "$T/open.json" nonbin "$T/nb.dat" "$T/nb.svg" | grep -vc '^figures:')" 0 \
	"... and none of its figures"

run plot commitment --min-n 10 --lang es --out "$T/es.svg" --data "$T/es.dat"
is "$rc" 0 "plot commitment --lang es: exit 0"
es=$(svgtext "$T/es.svg")
like "$es" 'Avance de los compromisos hacia sus metas' "es: the title"
like "$es" 'Índice de pertenencia: Persona no binaria' "es: the suppressed row's label"
like "$es" ' suprimido plazo: [a-z]{3} [0-9]{4} ' "es: the suppressed row says suprimido"
like "$es" 'suprimidos aquí: Non-binary youth belong\.' "es: the footnote names it"
like "$es" 'datos insuficientes' "es: a status in words"
like "$es" 'plazo: ' "es: the due month"
like "$(cat "$T/es.svg")" '>Meta<' "es: the key"
python3 "$SRCDIR/tests/integration/plot_check.py" layout "$T/es.svg" >"$T/layout" 2>&1
ok $? "es: no text outside the canvas or over other text or lines"
is "$(labels "$T/p.json" "$T/es.svg" es)" "" "es: values and targets with a decimal comma"
is "$(secrets "$T/open.json" nonbin "$T/es.dat" "$T/es.svg" | grep -vc '^figures:')" 0 \
	"es: no figure of the suppressed commitment"

# --- refused ------------------------------------------------------------------------
run commitment progress nope --format json
want_rc=$rc
want_err=$(cat "$T/err")
run plot commitment nope --out "$T/x.svg"
is "$rc" "$want_rc" "an unknown commitment: progress's exit status ($want_rc)"
is "$(cat "$T/err")" "$want_err" "... and its message"
like "$want_err" 'no commitment with slug "nope"' "... which names it"
run plot commitment --lang fr --out "$T/x.svg"
is "$rc" 2 "a bad --lang: exit 2"
like "$(cat "$T/err")" 'plot: --lang: must be en or es' "... saying so"
run plot commitment bel resp --out "$T/x.svg"
is "$rc" 2 "two commitments: exit 2"
like "$(cat "$T/err")" 'one commitment at most' "... saying so"
run plot commitment --by gender --out "$T/x.svg"
is "$rc" 2 "--by on plot commitment: exit 2"
like "$(cat "$T/err")" 'plot commitment: --by is not an option of this chart' "... saying so"
run plot gaps --by gender --commitment bel --out "$T/x.svg"
is "$rc" 2 "--commitment on another chart: exit 2"
run plot commitment --min-n 2 --out "$T/x.svg"
is "$rc" 2 "a --min-n below the floor: progress's exit 2"
run commitment close fresh
run plot commitment fresh --out "$T/x.svg"
is "$rc" 0 "a closed commitment asked for by name is drawn (as progress prints it)"
for s in att first-100 resp bel share gap-w nonbin; do run commitment close "$s"; done
run plot commitment --out "$T/y.svg"
is "$rc" 1 "no open commitment: exit 1"
like "$(cat "$T/err")" 'nothing to plot: no open commitment' "... saying so"
[ ! -e "$T/y.svg" ]; ok $? "nothing written by a refused command"
is "$(find "$T" -maxdepth 1 -name '*tmp-*' | wc -l)" 0 "no temporary output left behind"

done_testing
