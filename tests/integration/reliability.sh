#!/bin/sh
# belong reliability on the shared fixture (stats_fixture.sh): every
# figure (everyone, each survey language, each group of --by gender)
# against R's psych::alpha on the complete cases of the same responses
# (tests/r/reliability.R), at the printed precision; the formats; bad
# input; a selection with no responses; and the disclosure attacks of
# reliability_attack.py.

. "${BELONG_SRCDIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/stats_fixture.sh"

RSCRIPT=$SRCDIR/tests/r/reliability.R
INDEX=belong,welcome,voice,future

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# compare_r CSV BY ITEMS: one check per figure R printed.
compare_r() {
	Rscript "$RSCRIPT" "$T/stats.csv" "$1" 10 "$2" "$3" >"$T/cmp" 2>"$T/rerr"
	is "$?" 0 "R ran ($2, $3)"
	[ -s "$T/rerr" ] && diag "$(head -20 "$T/rerr")"
	tab=$(printf '\t')
	while IFS=$tab read -r what got want; do
		is "$got" "$want" "$3: $what"
	done <"$T/cmp"
}

# --- every figure against psych::alpha -------------------------------------
run reliability --by gender --format csv
is "$rc" 0 "reliability --by gender --format csv"
cp "$T/out" "$T/gender.csv"
compare_r "$T/gender.csv" gender "$INDEX"
[ "$(grep -c . "$T/cmp")" -ge $((13 * 3 + 6)) ]
ok $? "R compared everyone, both languages and every gender group"

# Two items: alpha if dropped is psych's covariance over the other item's
# variance (r_drop is their correlation).
run reliability --by gender --construct belonging,include --format csv
is "$rc" 0 "reliability --construct belonging,include"
compare_r "$T/out" gender belong,welcome

run reliability --construct=engage,inspire,include --format csv
is "$rc" 0 "reliability --construct=engage,inspire,include"
compare_r "$T/out" "" welcome,voice,future

# --- formats: one result whatever the format --------------------------------
run reliability --by gender --format json
is "$rc" 0 "--format json"
cp "$T/out" "$T/gender.json"
python3 - "$T/gender.csv" "$T/gender.json" >"$T/fmt" 2>&1 <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
doc = json.load(open(sys.argv[2]))
assert doc["command"] == "reliability" and doc["by"] == "gender", doc["command"]
assert [i["id"] for i in doc["items"]] == ["belong", "welcome", "voice", "future"]
assert len(rows) == len(doc["rows"]) == 9 * 5, (len(rows), len(doc["rows"]))
for c, j in zip(rows, doc["rows"]):
    for k, v in c.items():
        if k == "suppressed":
            assert (v == "1") == j[k], (k, v, j[k])
        elif isinstance(j[k], float) or isinstance(j[k], int) and k != "suppressed":
            assert abs(float(v) - j[k]) < 1e-9, (k, v, j[k])
        else:
            assert (v if v != "" else None) == j[k], (k, v, j[k])
print("same")
EOF
is "$(cat "$T/fmt")" same "CSV and JSON hold the same rows and figures"
run reliability --by gender
is "$rc" 0 "--format table"
like "$(grep -E '^all +all ' "$T/out" | head -1)" "^all +all +[^ ]+ +414 +0\\.820 +0\\.790 +0\\.847" \
	"the table's everyone row"
is "$(grep -Ec "^gender .* suppressed +suppressed +suppressed +suppressed\$" "$T/out")" 2 \
	"the two small groups' scale rows are suppressed in the table"
like "$(cat "$T/out")" "note: alpha: Cronbach's alpha of the 4 items" "the table says the method"
run reliability --by gender --format csv
like "$(head -1 "$T/out")" "^dimension,group,label,item,n,alpha,lo,hi,r_drop,alpha_if_dropped,suppressed" \
	"the CSV header"
like "$(grep '^gender,nonbinary,' "$T/out" | head -1)" ',,,,,,1.$' \
	"CSV: a suppressed row is empty numbers and suppressed=1"

# --- bad input ---------------------------------------------------------------
run reliability --construct nosuch
is "$rc" 2 "unknown construct: exit 2"
like "$(cat "$T/err")" 'no likert5 item of construct "nosuch"' "unknown construct: said"
run reliability --construct belonging
is "$rc" 2 "a scale of one item: exit 2"
like "$(cat "$T/err")" "a scale needs 2 to 32 likert5 items; --construct gives 1" \
	"a scale of one item: said"
run reliability --construct celebrate
is "$rc" 2 "a construct of no likert5 item (the 0-10 recommend): exit 2"
run reliability --construct belonging,
is "$rc" 2 "an empty construct name: exit 2"
run reliability --construct
is "$rc" 2 "--construct without a value: exit 2"
run reliability --by unknown
is "$rc" 2 "--by unknown: exit 2"
like "$(cat "$T/err")" "^belong: reliability: --by: must be .*gender" "--by unknown: says which"
run reliability --by gender,race
is "$rc" 2 "--by a pair: exit 2"
like "$(cat "$T/err")" "^belong: reliability: --by: must be one dimension" "--by a pair: said"
run reliability --interval month
is "$rc" 2 "an option reliability does not take: exit 2"
run reliability --event no-such-event
is "$rc" 2 "--event unknown: exit 2"
esc=$(printf '\033]0;owned\007x')
run reliability --construct "$esc"
is "$rc" 2 "a construct with terminal escapes: exit 2"
is "$(tr -dc '\033\007' <"$T/err" | wc -c)" 0 "no raw control character reaches the terminal"
run reliability --construct "belonging'); drop table response; --,include"
is "$rc" 2 "a construct with SQL: exit 2"
is "$(sql "select count(*) from response")" 522 "the responses are all still there"
run reliability --construct "$(head -c 5000 /dev/zero | tr '\0' x)"
is "$rc" 2 "a 5000-byte construct: exit 2"
like "$(cat "$T/err")" '^belong: reliability: --construct: ' "a 5000-byte construct: said"
[ "$(wc -c <"$T/err")" -lt 300 ]
ok $? "a 5000-byte construct: the message stays short"
run reliability --by "gender; drop table answer"
is "$rc" 2 "--by with SQL: exit 2"
run reliability --help
is "$rc" 0 "--help"
like "$(cat "$T/out")" "usage: belong reliability" "--help: usage"
like "$("$BELONG" --help)" "reliability +Cronbach's alpha" "belong --help lists reliability"

# --- no responses; a suppressed selection -----------------------------------
run reliability --from 2030-01-01 --format json
is "$rc" 0 "a selection with no responses: exit 0"
like "$(cat "$T/err")" "no responses match the filters" "a selection with no responses: said"
is "$(python3 -c "import json, sys; print(len(json.load(open(sys.argv[1]))['rows']))" "$T/out")" \
	0 "a selection with no responses: no row"
run reliability --role other
is "$rc" 0 "a selection of no one (--role other): exit 0"
like "$(cat "$T/out")" "^suppressed: this selection has fewer than 10" \
	"a selection of no one: suppressed, whatever its n"
run reliability --role other --format json
like "$(cat "$T/out")" '"suppressed":true}$' "a selection of no one: JSON says suppressed"

# --- the disclosure attacks ---------------------------------------------------
for m in 10 25 40; do
	BELONG=$BELONG BELONG_DSN=$PG_DSN python3 "$SRCDIR/tests/integration/reliability_attack.py" \
		"$m" >"$T/attack" 2>"$T/attack.err"
	is "$?" 0 "the attacker ran to the end (min-n $m)"
	[ -s "$T/attack.err" ] && diag "$(head -20 "$T/attack.err")"
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "min-n $m: ${line#ok - }" ;;
		"not ok - "*) ok 1 "min-n $m: ${line#not ok - }" ;;
		esac
	done <"$T/attack"
done

done_testing
