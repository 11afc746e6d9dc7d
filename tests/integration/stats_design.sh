#!/bin/sh
# Events as clusters and adjusted flags on the shared fixture
# (stats_fixture.sh): every figure of report --design cluster (everyone,
# --by gender, --by race), of trend and of reach's share against R's
# survey package (tests/r/design.R), at the printed precision, one check
# per figure; the same for --design srs against the textbook formulas; the
# default design; --adjust; the rollup against a plain GROUP BY.

. "${BELONG_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/stats_fixture.sh"

RSCRIPT=$SRCDIR/tests/r/design.R

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# compare_r CSV ARGS...: one check per figure R computed (design.R's
# arguments after the two files).
compare_r() {
	csv=$1
	shift
	Rscript "$RSCRIPT" "$T/stats.csv" "$csv" "$@" >"$T/cmp" 2>"$T/rerr"
	is "$?" 0 "R ran ($*)"
	[ -s "$T/rerr" ] && diag "$(head -20 "$T/rerr")"
	tab=$(printf '\t')
	while IFS=$tab read -r what have want; do
		is "$have" "$want" "$*: $what"
	done <"$T/cmp"
	n_compared=$(grep -c . "$T/cmp")
}

# --- report: cluster design, the default with eight events ------------------
run report --format csv
is "$rc" 0 "report: exit 0"
cp "$T/out" "$T/all.csv"
compare_r "$T/all.csv" report cluster ""
is "$n_compared" 26 "report: every figure of everyone compared (respondents; n, value, lo, hi of 6 rows)"
# The design, on stderr with CSV: the clusters and the design effect.
design=$(sed -n 's/^belong: report: design: //p' "$T/err")
like "$design" '^cluster: 8 events as clusters, design effect of the index [0-9]+\.[0-9]{2}$' \
	"report: the design named"
compare_r - design cluster "" "$(echo "$design" | cut -d' ' -f2)" "${design##* }"
run report --design cluster --format csv
is "$(cmp -s "$T/out" "$T/all.csv" && echo same)" same "report: cluster is the default with eight events"

run report --design cluster --by gender --format csv
is "$rc" 0 "report --by gender: exit 0"
cp "$T/out" "$T/gender.csv"
compare_r "$T/gender.csv" report cluster gender
is "$(tr -d '\r' <"$T/gender.csv" | grep -c ',gap,.*,0$')" \
	"$(grep -c 'gap p_adj' "$T/cmp")" "gender: a p_adj for every gap shown"
like "$(grep 'gap p_adj' "$T/cmp" | head -1)" '	[01]\.[0-9]{4}	' "gender: p_adj printed to 4 decimals"

run report --by race --format csv
is "$rc" 0 "report --by race: exit 0"
cp "$T/out" "$T/race.csv"
compare_r "$T/race.csv" report cluster race

# --by event: each group's answers come from one event, which has no
# between-event variance to estimate: its figures are srs, as a report of
# that event alone gives them (never a zero-width interval); the gaps
# stay design-based.
run report --by event --format csv
is "$rc" 0 "report --by event: exit 0"
cp "$T/out" "$T/event.csv"
compare_r "$T/event.csv" report cluster event
run report --event ev-c --format csv
is "$(grep '^all,[^,]*,belonging,' "$T/out" | cut -d, -f4-7)" \
	"$(grep '^ev-c,[^,]*,belonging,' "$T/event.csv" | cut -d, -f4-7)" \
	"report --by event: an event's row is what a report of it alone says"

# --role: a domain of the design, not a design of its own.  No educator
# answered at ev-b, yet the clusters stay the eight events with
# respondents, and every interval has their 7 degrees of freedom (a count
# of 7 would say that one event had no educator).
run report --role educator --format csv
is "$rc" 0 "report --role educator: exit 0"
like "$(sed -n 's/^belong: report: design: //p' "$T/err")" '^cluster: 8 events as clusters' \
	"report --role educator: the clusters are the events with respondents of any role"
cp "$T/out" "$T/educator.csv"
export BELONG_ROLE=educator
compare_r "$T/educator.csv" report cluster ""
run report --role student --by gender --format csv
is "$rc" 0 "report --role student --by gender: exit 0"
cp "$T/out" "$T/student.csv"
BELONG_ROLE=student
compare_r "$T/student.csv" report cluster gender
unset BELONG_ROLE

# JSON: the same figures, and the design in the head.
run report --by gender --format json
is "$rc" 0 "report --format json: exit 0"
python3 - "$T/gender.csv" "$T/out" >"$T/fmt" 2>&1 <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
doc = json.load(open(sys.argv[2]))
assert doc["design"].startswith("cluster: 8 events as clusters, design effect of the index "), doc["design"]
assert len(rows) == len(doc["rows"]), (len(rows), len(doc["rows"]))
for c, j in zip(rows, doc["rows"]):
    for k in ("group", "indicator", "value", "lo", "hi", "p_adj", "flag"):
        v = j.get(k)
        v = "" if v is None else v
        if isinstance(v, float) or isinstance(v, int):
            assert abs(float(c[k]) - v) < 1e-9, (k, c, j)
        else:
            assert c[k] == v, (k, c, j)
print("same")
EOF
is "$(cat "$T/fmt")" same "json: the same figures as csv, the design in the head"
deff=${design##* }
like "$(python3 -c "import json; print(json.load(open('$T/out'))['design'])")" \
	"design effect of the index $deff\$" "json: the design names the design effect"
run report --by gender --format table
like "$(cat "$T/out")" "note: design: cluster: 8 events as clusters" "table: the design as a note"
is "$(head -1 "$T/out" | grep -c p_adj)" 0 "table: no p_adj column (the flag says it)"

# --- srs: the figures of before, against the textbook formulas -------------
run report --design srs --by gender --format csv
is "$rc" 0 "report --design srs: exit 0"
cp "$T/out" "$T/srs.csv"
compare_r "$T/srs.csv" report srs gender
like "$(cat "$T/err")" 'design: srs: respondents as a simple random sample' "srs: said on stderr"
run report --design srs --by gender --format json
like "$(cat "$T/out")" '"design":"srs: respondents as a simple random sample"' "srs: said in the head"
run report --event ev-c --format json
like "$(cat "$T/out")" '"design":"srs: one event"' "one event: srs by default"

# --- --adjust --------------------------------------------------------------------
run report --by race --adjust none --format csv
cp "$T/out" "$T/none.csv"
run report --by race --adjust bh --format csv
cp "$T/out" "$T/bh.csv"
python3 - "$T/race.csv" "$T/none.csv" "$T/bh.csv" >"$T/adj" 2>&1 <<'EOF'
import csv, sys
def gaps(f):
    return {r["group"]: r for r in csv.DictReader(open(f, newline=""))
            if r["indicator"] == "gap" and r["suppressed"] == "0"}
holm, none, bh = (gaps(f) for f in sys.argv[1:4])
assert holm.keys() == none.keys() == bh.keys() and len(holm) >= 3, holm.keys()
# p.adjust: none is the raw p, Holm and BH never below it, BH never above Holm.
for g in holm:
    p, h, b = (float(x[g]["p_adj"]) for x in (none, holm, bh))
    assert p <= b + 1e-4 and b <= h + 1e-4, (g, p, b, h)
    # --adjust none flags what the interval excludes 0 for.
    lo, hi = float(none[g]["lo"]), float(none[g]["hi"])
    assert (none[g]["flag"] == "*") == (lo > 0 or hi < 0), (g, none[g])
    for x in (none, holm, bh):
        assert (x[g]["flag"] == "*") == (float(x[g]["p_adj"]) < 0.05), (g, x[g])
print("ok")
EOF
is "$(cat "$T/adj")" ok "--adjust: none <= bh <= holm, flags from p_adj"
p_none=$(tr -d '\r' <"$T/none.csv" | awk -F, '$3 == "gap" && $NF == 0 { print $10 }' | sort -n | tr '\n' ' ')
p_r=$(Rscript -e 'a <- as.numeric(commandArgs(TRUE)); cat(sprintf("%.4f", sort(p.adjust(a, "BH"))), "")' $p_none 2>/dev/null)
p_bh=$(tr -d '\r' <"$T/bh.csv" | awk -F, '$3 == "gap" && $NF == 0 { print $10 }' | sort -n | tr '\n' ' ')
# From the rounded raw p, so compare to the 3rd decimal.
is "$(echo "$p_bh" | awk '{ for (i = 1; i <= NF; i++) printf "%.3f ", $i }')" \
	"$(echo "$p_r" | awk '{ for (i = 1; i <= NF; i++) printf "%.3f ", $i }')" \
	"--adjust bh: R's p.adjust(p, \"BH\") of the raw p"
run report --adjust most
is "$rc" 2 "--adjust most: exit 2"
run report --design stratified
is "$rc" 2 "--design stratified: exit 2"
like "$(cat "$T/err")" 'design.*srs or cluster' "--design: says why"

# --- trend ------------------------------------------------------------------------
# Quarters: three events in each of the first two, one in the others (srs).
run trend --interval quarter --by gender --format csv
is "$rc" 0 "trend --by gender: exit 0"
cp "$T/out" "$T/trend.csv"
compare_r "$T/trend.csv" trend cluster gender quarter belonging
run trend --interval quarter --indicator agree:belong --format csv
is "$rc" 0 "trend agree:belong: exit 0"
compare_r "$T/out" trend cluster "" quarter agree:belong
run trend --interval year --indicator nps:recommend --format csv
is "$rc" 0 "trend nps:recommend: exit 0"
compare_r "$T/out" trend cluster "" year nps:recommend
run trend --interval quarter --by gender --design srs --format csv
is "$rc" 0 "trend --design srs: exit 0"
compare_r "$T/out" trend srs gender quarter belonging

# --- reach: the share's interval --------------------------------------------------
run reach --by race --format csv
is "$rc" 0 "reach --by race: exit 0"
compare_r "$T/out" reach cluster race
run reach --by gender --design srs --format csv
is "$rc" 0 "reach --design srs: exit 0"
compare_r "$T/out" reach srs gender

# --- the rollup gives what a plain GROUP BY gives ----------------------------------
for args in "report --by gender --format csv" "report --by race --format csv" \
	"trend --interval quarter --by gender --format csv" \
	"trend --interval month --indicator agree:welcome --format csv" \
	"report --event ev-a --event ev-b --event ev-h --by gender --format csv" \
	"reach --by race --format csv"; do
	# shellcheck disable=SC2086
	run $args
	cp "$T/out" "$T/rollup.out"
	# shellcheck disable=SC2086
	run $args --no-rollup
	is "$(cmp -s "$T/out" "$T/rollup.out" && echo same)" same "rollup = plain GROUP BY: $args"
done
# --event: only those events are the clusters.
run report --event ev-a --event ev-b --event ev-h --format csv
like "$(cat "$T/err")" 'design: cluster: 3 events as clusters' "--event: three events, three clusters"

done_testing
