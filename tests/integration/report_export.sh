#!/bin/bash
# belong export responses and its codebook, on the responses of
# report_fixture.sh (loaded through belongd's API).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report_fixture.sh"

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
col() {	# col NAME: that column of the CSV output, one value a line
	tr -d '\r' <"$T/out" | awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { print $c }'
}

run export responses --format csv --codebook "$T/codebook.csv"
is "$rc" 0 "export: exit 0"
is "$(head -1 "$T/out" | tr -d '\r')" \
	"event,date,lang,instrument,belonging,belong,welcome,voice,future,recommend,role,grade,gender,race,race_aian,race_asian,race_black,race_hispanic,race_mena,race_nhpi,race_white,race_self,disability,firstgen,language,demographics" \
	"export: one column per item and about-you answer, no free text"
is "$(($(wc -l <"$T/out") - 1))" 37 "export: 37 rows"
# Combinations: woman+asian;white 5, woman+hispanic 7, nonbinary 3 are
# rarer than 10; among those, student (5 + 7 = 12) keeps role and grade,
# educator (3) keeps nothing.  And no row shows a group the reports
# suppress: by role, educator (3) and its complement family (10); by
# gender, nonbinary (3) and prefer_not (10); so the 10 family rows keep
# nothing either (before, they were shown in full, and gave the
# suppressed groups away).
is "$(col demographics | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" \
	"coarsened=12 full=12 withheld=13 " "export: rare combinations coarsened or withheld"
like "$(cat "$T/err")" '37 rows; 25 with a demographic combination rarer than 10 or a group the reports suppress: 12 coarsened to role and grade, 13 withheld' \
	"export: says how many"
is "$(tr -d '\r' <"$T/out" | grep ',coarsened$' | cut -d, -f11,13,14 | sort -u)" "student,," "coarsened: role kept, gender and race blank"
is "$(tr -d '\r' <"$T/out" | grep ',withheld$' | cut -d, -f11,13 | sort -u)" "," "withheld: nothing kept"
is "$(tr -d '\r' <"$T/out" | grep ',man,' | cut -d, -f14,21,22 | sort -u)" "white,1,0" "race as a list and as 0/1 columns"
is "$(col belonging | sort -n | uniq -c | awk '{print $2 "x" $1}' | tr '\n' ' ')" \
	"25.00x6 50.00x16 75.00x9 100.00x6 " "export: belonging index per response"
is "$(col date | sort -u | tr '\n' ' ')" "2024-01-15 2024-02-15 2024-03-15 2024-03-20 " "export: the day only"
like "$(cat "$T/codebook.csv")" 'belong,4,agree' "codebook: likert codes"
like "$(cat "$T/codebook.csv")" 'gender,prefer_not,Prefer not to say' "codebook: about-you codes"
like "$(cat "$T/codebook.csv")" 'race_white,1,' "codebook: race columns"
is "$(tr -d '\r' <"$T/codebook.csv" | cut -d, -f1 | sort -u | grep -vc '^column$')" 26 "codebook: every column"

run export responses --format json --include-text --min-n 5
is "$rc" 0 "export json: exit 0"
python3 -c "import json; d=json.load(open('$T/out')); assert len(d) == 37; assert 'change' in d[0] and 'quote_ok' in d[0]" 2>/dev/null
ok $? "export json: 37 objects, free text columns with --include-text"
# min-n 5: the same groups suppressed by role and gender; by race, black
# (3) and its complement asian (5), so the 5 asian+white women keep only
# role and grade.
like "$(cat "$T/err")" '37 rows; 18 with a demographic combination rarer than 5 or a group the reports suppress: 5 coarsened to role and grade, 13 withheld' \
	"export --min-n 5: what the reports suppress, withheld"

run export responses --format table
is "$rc" 2 "export: table refused"
# An event is a group: with nobody (or few) in it, nothing is exported.
run export responses --format csv --event fair-two
is "$rc" 0 "export: an empty event, exit 0"
like "$(cat "$T/err")" 'suppressed: this selection has fewer than 10' "export: an empty event, suppressed"
is "$(($(wc -l <"$T/out") - 1))" 0 "export: an empty event, no rows"
run export responses --format csv --from 2024-13-01
is "$rc" 2 "export: bad date, exit 2"
run export things
is "$rc" 2 "export: only responses"
done_testing
