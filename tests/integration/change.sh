#!/bin/sh
# belong change on the program fixture (change_fixture.sh): the match
# counts; every figure (belonging, agree:belong, nps:recommend; srs and
# --design cluster; everyone and --by gender; --max-diff 1 and 0; a
# retrospective program) against R (tests/r/change.R, from the plan of
# what was sent, not from what belong stored); which rows are suppressed;
# the formats; bad input; and the disclosure attacks of change_attack.py.

. "${BELONG_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/change_fixture.sh"

RSCRIPT=$SRCDIR/tests/r/change.R

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# compare_r PLAN KIND INDICATOR DESIGN MAX_DIFF: belong's CSV ($T/out)
# against R, one check per figure; at least MIN figures.
compare_r() {
	cp "$T/out" "$T/belong.csv"
	Rscript "$RSCRIPT" "$1" "$T/belong.csv" "$2" "$3" "$4" "$5" >"$T/cmp" 2>"$T/rerr"
	is "$?" 0 "R ran ($2 $3 $4 max-diff $5)"
	[ -s "$T/rerr" ] && diag "$(head -20 "$T/rerr")"
	tab=$(printf '\t')
	while IFS=$tab read -r what got want; do
		is "$got" "$want" "$2 $3 $4 max-diff $5: $what"
	done <"$T/cmp"
	ncmp=$(grep -c . "$T/cmp")
}

# jq-free JSON reading: python3 prints one value.
jget() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"
}

# --- the matching ---------------------------------------------------------
run change --min-n 5 --program stem-club --format json
is "$rc" 0 "change --format json"
cp "$T/out" "$T/all1.json"
is "$(jget "$T/all1.json" '[d["matching"][k] for k in ("max_diff", "pre", "post", "pairs", "exact", "near", "unmatched_pre", "unmatched_post", "ambiguous_pre", "ambiguous_post", "rate")]')" \
	"[1, 43, 43, 36, 32, 4, 7, 7, 2, 2, 0.8372]" \
	"max-diff 1: 36 pairs of 43 (32 exact, 3 typos and 1 \"I don't know\" near), the two sharing a code ambiguous"
run change --min-n 5 --program stem-club --format json --max-diff 0
is "$(jget "$T/out" '[d["matching"][k] for k in ("pairs", "exact", "near", "unmatched_pre", "unmatched_post", "ambiguous_pre", "ambiguous_post", "rate")]')" \
	"[32, 32, 0, 11, 11, 2, 2, 0.7442]" "max-diff 0: exact pairs only"
run change --min-n 5 --program stem-club --format json --max-diff 3
is "$(jget "$T/out" 'd["matching"]["pairs"]')" 36 "max-diff 3: the same 36 pairs (the codes are far apart)"
is "$(jget "$T/all1.json" '[(r["group"], r["comparison"], r["n"], r["n_pre"], r["n_post"]) for r in d["rows"]]')" \
	"[('all', 'matched', 36, 36, 36), ('all', 'unmatched', None, 43, 43)]" \
	"everyone: the matched row, then the unmatched one"

# --- every figure against R ----------------------------------------------
for ind in belonging agree:belong nps:recommend; do
	for design in srs cluster; do
		run change --min-n 5 --program stem-club --by gender --indicator "$ind" \
			--design "$design" --format csv
		is "$rc" 0 "change --indicator $ind --design $design --by gender"
		compare_r "$T/plan.csv" prepost "$ind" "$design" 1
		[ "$ncmp" -ge 100 ]
		ok $? "R compared every figure of the 8 rows shown ($ind, $design: $ncmp)"
	done
done
run change --min-n 5 --program stem-club --by gender --max-diff 0 --format csv
is "$rc" 0 "change --max-diff 0 --by gender"
compare_r "$T/plan.csv" prepost belonging srs 0
run change --min-n 5 --program stem-club --format csv
compare_r "$T/plan.csv" prepost belonging srs 1
[ "$ncmp" -ge 27 ]
ok $? "R compared everyone without --by ($ncmp figures)"

# The retrospective program: within each response.
for ind in belonging agree:belong agree:belong_now; do
	run change --min-n 5 --program look-back --by gender --indicator "$ind" --format csv
	is "$rc" 0 "retro: change --indicator $ind"
	compare_r "$T/retro.csv" retro "${ind%_now}" srs 1
	[ "$ncmp" -ge 25 ]
	ok $? "R compared the retrospective rows ($ind: $ncmp)"
done
run change --min-n 5 --program look-back --format json
is "$(jget "$T/out" '(d["design"], d["matching"], [r["comparison"] for r in d["rows"]])')" \
	"('retro', None, ['matched'])" "retro: no matching, no unmatched row"

# --- which rows print -------------------------------------------------------
run change --min-n 5 --program stem-club --by gender --format json
cp "$T/out" "$T/gender.json"
is "$(jget "$T/gender.json" '[(r["group"], r["suppressed"]) for r in d["rows"] if r["comparison"] == "matched"]')" \
	"[('all', False), ('woman', False), ('man', False), ('nonbinary', True), ('self', True), ('prefer_not', True), ('not_answered', False)]" \
	"matched: nonbinary (2 pairs) and, as report does, prefer_not suppressed"
is "$(jget "$T/gender.json" 'set(tuple(sorted(set(v for k, v in r.items() if k not in ("group", "label", "comparison", "suppressed")), key=str)) for r in d["rows"] if r["suppressed"])')" \
	"{(None,)}" "a suppressed row has every figure null"
# At the default --min-n 10, the 7 pre and 7 post responses left out of
# the pairs are too few to be told apart from report's figures: the
# matched rows go; the unmatched everyone row is report's own.
run change --program stem-club --by gender --format json
is "$(jget "$T/out" '[(r["group"], r["comparison"]) for r in d["rows"] if not r["suppressed"]]')" \
	"[('all', 'unmatched')]" "the default --min-n 10: 7 responses outside the pairs hide the matched rows"
run change --min-n 40 --program stem-club --format csv
is "$rc" 0 "--min-n 40: exit 0"
like "$(cat "$T/err")" "suppressed: this selection has fewer than 40" "--min-n 40: the refusal on stderr"
is "$(tr -d '\r' <"$T/out" | grep -c ',1$')" 2 "--min-n 40: both rows suppressed"

# --- formats: one result -----------------------------------------------------
run change --min-n 5 --program stem-club --by gender --format csv
cp "$T/out" "$T/gender.csv"
python3 - "$T/gender.csv" "$T/gender.json" >"$T/fmt" 2>&1 <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
doc = json.load(open(sys.argv[2]))
assert len(rows) == len(doc["rows"]) == 14, len(rows)
for c, j in zip(rows, doc["rows"]):
    assert c["group"] == j["group"] and c["comparison"] == j["comparison"], (c, j)
    assert (c["suppressed"] == "1") == j["suppressed"], (c, j)
    for k, v in j.items():
        if k in ("group", "label", "comparison", "suppressed"):
            continue
        assert (v is None and c[k] == "") or float(c[k]) == v, (k, c[k], v)
EOF
ok $? "csv and json give the same rows and figures"
[ -s "$T/fmt" ] && diag "$(cat "$T/fmt")"
COLUMNS=400
export COLUMNS
run change --min-n 5 --program stem-club --by gender
unset COLUMNS
is "$rc" 0 "--format table"
like "$(cat "$T/out")" "unmatched \(all pre vs all post\)" "table: the unmatched rows say what they are"
like "$(cat "$T/out")" "note: matching: codes matched allowing 1 differing element: 36 pairs" \
	"table: the match counts as a note"
like "$(cat "$T/out")" "Girl or woman" "table: groups in words"
run change --min-n 5 --program stem-club --by gender --indicator agree:belong --format markdown
is "$rc" 0 "--format markdown"
is "$(head -1 "$T/out")" "Table: belong change of agree\\:belong for program stem-club by gender. Minimum n: 5." \
	"markdown: the caption"
like "$(cat "$T/out")" "\| unmatched .{0,1}\(all pre vs all post.{0,1}\) +\|" "markdown: the unmatched rows"
like "$(cat "$T/out")" "^\*Note\.\* agree: % answering 4 or 5" "markdown: the notes"
run change --min-n 5 --program stem-club --format csv
like "$(cat "$T/err")" "belong: change: note: matching:" "csv: the notes on stderr"

# --- bad input -----------------------------------------------------------------
bad() {	# bad STATUS PATTERN ARGS...: exits STATUS, stderr matches PATTERN
	want=$1 pat=$2
	shift 2
	run change "$@"
	is "$rc" "$want" "change $*: exit $want"
	like "$(cat "$T/err")" "$pat" "change $*: says why"
	[ -s "$T/out" ] && diag "stdout: $(head -3 "$T/out")"
}
bad 2 "--program is required"
bad 2 'no program with slug "no-such"' --program no-such
bad 2 "change: --program: " --program 'Bad Slug!'
bad 2 "must be belonging, agree:ITEM or nps:ITEM" --program stem-club --indicator foo
bad 2 "ITEM must be an item id" --program stem-club --indicator agree:
bad 2 "ITEM must be an item id" --program stem-club --indicator "agree:x';drop table response;--"
bad 2 'no item "nosuch" in the instruments of program stem-club' --program stem-club --indicator agree:nosuch
bad 2 'item "recommend" is not a likert5 item' --program stem-club --indicator agree:recommend
bad 2 'item "belong" is not a scale0_10 item' --program stem-club --indicator nps:belong
bad 2 'no retrospective pair "recommend"' --program look-back --indicator nps:recommend
bad 2 "--max-diff: " --program stem-club --max-diff 4
bad 2 "--max-diff: " --program stem-club --max-diff -1
bad 2 "--max-diff: " --program stem-club --max-diff 1x
bad 2 "program look-back is retrospective" --program look-back --max-diff 1
bad 2 "--by: must be one of role" --program stem-club --by event
bad 2 "--by: must be one of role" --program stem-club --by gender,race
bad 2 "--design: must be srs or cluster" --program stem-club --design both
bad 2 "--format: must be table, csv, json or markdown" --program stem-club --format latex
bad 2 "--min-n: " --program stem-club --min-n 4
bad 2 "unexpected argument: extra" --program stem-club extra
esc=$(printf 'x\033]0;owned\007y')
run change --program "$esc"
is "$rc" 2 "a hostile --program: exit 2"
is "$(tr -d -c '\033\007' <"$T/err" | wc -c)" 0 "a hostile --program: no control character reaches the terminal"
run change --program stem-club --indicator "agree:$esc"
is "$rc" 2 "a hostile item: exit 2"
is "$(tr -d -c '\033\007' <"$T/err" | wc -c)" 0 "a hostile item: no control character reaches the terminal"
is "$(sql "select count(*) from response")" 98 "hostile input changed nothing"
run change --help
is "$rc" 0 "--help: exit 0"
like "$(cat "$T/out")" "usage: belong change --program SLUG" "--help: the usage"

# --- the disclosure attacks ---------------------------------------------------
# At --min-n 5 the groups show; at 10 the 7 responses outside the pairs
# are too few, which is what subtracting the pairs from report would give.
for n in 5 10; do
	for k in 0 1 2 3; do
		"$BELONG" change --min-n "$n" --program stem-club --by gender --max-diff "$k" \
			--format json >"$T/ch$k.json" 2>/dev/null || bail "change --max-diff $k"
	done
	"$BELONG" report --min-n "$n" --event club-pre-a --event club-pre-b --by gender \
		--format csv >"$T/rep_pre.csv" 2>/dev/null || bail "report of the pre events"
	"$BELONG" report --min-n "$n" --event club-post-a --event club-post-b --by gender \
		--format csv >"$T/rep_post.csv" 2>/dev/null || bail "report of the post events"
	python3 "$SRCDIR/tests/integration/change_attack.py" "$T" "$n" >"$T/attack" 2>&1
	ok $? "--min-n $n: no suppressed cell recovered from change and report together"
	[ "$(grep -c '^safe' "$T/attack")" -ge 20 ]
	ok $? "--min-n $n: the attacks ran ($(grep -c . "$T/attack") tried)"
	grep -v '^safe' "$T/attack" | while read -r l; do diag "$l"; done
	# The program export lists the same pairs one per row: counting its
	# rows by gender must not give the pairs of a group change suppresses.
	"$BELONG" export program stem-club --min-n "$n" --format csv >"$T/pairs.csv" 2>/dev/null
	python3 - "$T/ch1.json" "$T/pairs.csv" >"$T/xattack" 2>&1 <<'PY'
import csv, json, sys
doc = json.load(open(sys.argv[1]))
hidden = {r["group"] for r in doc["rows"] if r["comparison"] == "matched" and r["suppressed"] and r["group"] != "all"}
try:
    rows = list(csv.DictReader(open(sys.argv[2], newline="")))
except OSError:
    rows = []
seen = {r.get("gender") for r in rows}
leaks = sorted(g for g in hidden if g in seen)
print("leaks", leaks) if leaks else print("safe", len(hidden), len(rows))
PY
	like "$(cat "$T/xattack")" '^safe' "--min-n $n: no group change suppresses can be counted in export program's rows"
done

done_testing
