#!/bin/bash
# belong plot, the words: events by their titles (Spanish when given),
# questions instead of item ids, counts with the chart language's
# thousands separators, the source line (--source, the org_name setting,
# the default), hostile text shown as text and never run, and the
# warnings for a trend of one period, a group with one period and values
# all the same.  The responses are seeded with SQL: 12,375 of them in one
# statement, so that counts reach five digits cheaply.
. "$(dirname "$0")/lib.sh"

GP=$(command -v gnuplot) || { echo "1..0 # SKIP gnuplot not installed"; exit 0; }
export BELONG_CHARTS_DIR="$SRCDIR/charts"
unset GNUPLOT
# Hostile text: SVG markup, a gnuplot string's end and system(), a
# backquote (gnuplot's command substitution) and the shell's; short, so
# that it fits a chart's labels.  Run from $T, where "pwned" would land.
cd "$T" || bail "cd $T"
PWNED=$T/pwned
HOSTILE='<b>x</b>&"; system("touch pwned") `touch pwned` $(touch pwned)'

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
err() { cat "$T/err"; }
# svgtext FILE: the chart's words, each text element's content on one
# line, the entities decoded.
svgtext() {
	python3 -c 'import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for t in root.iter("{http://www.w3.org/2000/svg}text"):
    s = "".join(t.itertext()).strip()
    if s:
        print(s)' "$1"
}
# words FILE: every text of the chart joined with spaces (a footnote is
# wrapped into lines).
words() { svgtext "$1" | tr '\n' ' '; }
has() {	# has FILE STRING DESCRIPTION: the chart's words hold STRING
	case "$(words "$1")" in
	*"$2"*) ok 0 "$3" ;;
	*) ok 1 "$3"; diag "not in: $(words "$1")" ;;
	esac
}
hasnt() {
	case "$(words "$1")" in
	*"$2"*) ok 1 "$3"; diag "found in: $(words "$1")" ;;
	*) ok 0 "$3" ;;
	esac
}
NBSP=$(printf '\302\240')

start_pg
migrate
"$BELONG" event add --slug spring-fair --title "Spring science fair" \
	--title-es "Feria de ciencias de primavera" >/dev/null || bail "event add"
"$BELONG" event add --slug robot-night --title "Robot night" >/dev/null || bail "event add"
"$BELONG" event add --slug odd-night --title "$HOSTILE" --title-es "ES $HOSTILE" >/dev/null ||
	bail "event add (hostile title)"
# spring-fair: 10,500 in January 2024 (women 4 or 5, men 3 or 4);
# robot-night: 1,845 in February; odd-night: 30 in March, all alike.
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" >/dev/null <<'SQL' || bail "seeding failed"
create temp table seed as
select e.id as event_id, gen_random_uuid() as id, e.slug, k,
       case e.slug when 'spring-fair' then timestamptz '2024-01-15 12:00'
                   when 'robot-night' then timestamptz '2024-02-15 12:00'
                   else timestamptz '2024-03-15 12:00' end as at,
       case when e.slug = 'odd-night' then 'woman'
            when k % 2 = 0 then 'woman' else 'man' end as gender,
       case when e.slug = 'odd-night' then 5
            when k % 2 = 0 then 4 + k % 4 / 2 else 3 + k % 4 / 2 end as v
from event e
cross join lateral generate_series(1, case e.slug when 'spring-fair' then 10500
       when 'robot-night' then 1845 else 30 end) k;
insert into response (event_id, id, submitted_at, lang, instrument_id, belonging, gender, role)
select s.event_id, s.id, s.at, 'en', e.instrument_id, (s.v - 1) / 4.0 * 100, s.gender, 'student'
from seed s join event e on e.id = s.event_id;
insert into answer (event_id, response_id, item, value)
select s.event_id, s.id, it.item, case when it.item = 'recommend' then s.v * 2 else s.v end
from seed s, (values ('belong'), ('welcome'), ('voice'), ('future'), ('recommend')) as it (item);
SQL
is "$(sql "select count(*) from response")" 12375 "fixture: 12,375 responses"

# --- by event: titles, not slugs; separators ------------------------------------------
run plot gaps --by event --out "$T/ev-en.svg"
is "$rc" 0 "gaps by event (en): exit 0"
is "$(err)" "" "...no warning"
has "$T/ev-en.svg" "Spring science fair (n${NBSP}=${NBSP}10,500)" "...the event's title with n = 10,500"
has "$T/ev-en.svg" "Robot night (n${NBSP}=${NBSP}1,845)" "...n = 1,845"
has "$T/ev-en.svg" "$HOSTILE (n${NBSP}=${NBSP}30)" "...a hostile title shown as text, whole"
hasnt "$T/ev-en.svg" "spring-fair" "...no slug anywhere"
has "$T/ev-en.svg" "n${NBSP}=${NBSP}12,375" "...the footnote's n with a comma"
has "$T/ev-en.svg" "Source: belong survey responses; all events" "...the default source line"
has "$T/ev-en.svg" "Design: events as clusters" "...the design"
has "$T/ev-en.svg" "Groups of fewer than 10 are suppressed" "...the min-n"
run plot gaps --by event --lang es --out "$T/ev-es.svg"
is "$rc" 0 "gaps by event (es): exit 0"
has "$T/ev-es.svg" "Feria de ciencias de primavera (n${NBSP}=${NBSP}10${NBSP}500)" \
	"...the Spanish title, five digits grouped with a no-break space"
has "$T/ev-es.svg" "Robot night (n${NBSP}=${NBSP}1845)" "...no Spanish title: the title; four digits together"
# The gaps' values with the language's decimal sign.
like "$(grep -Eo '>[+-][0-9]+[.,][0-9]<' "$T/ev-es.svg" | sort -u | tr '\n' ' ')" '^(>[+-][0-9]+,[0-9]< )+$' \
	"...gaps with a decimal comma in Spanish"
like "$(grep -Eo '>[+-][0-9]+[.,][0-9]<' "$T/ev-en.svg" | sort -u | tr '\n' ' ')" '^(>[+-][0-9]+\.[0-9]< )+$' \
	"...and a decimal point in English"
has "$T/ev-es.svg" "ES $HOSTILE (n${NBSP}=${NBSP}30)" "...a hostile Spanish title as text"
has "$T/ev-es.svg" "n${NBSP}=${NBSP}12${NBSP}375" "...the footnote's n"
has "$T/ev-es.svg" "Fuente: respuestas a la encuesta de belong" "...the default source in Spanish"
has "$T/ev-es.svg" "Diseño: los eventos como conglomerados" "...the design in Spanish"
grep -q "spring-fair\|robot-night" "$T/ev-es.svg"; ok $((!$?)) "...no slug in the file"
# PDF and PNG take the same words (cairo with the no-break space).
run plot gaps --by event --lang es --out "$T/ev-es.pdf"
is "$rc.$(err)" "0." "gaps by event (es) as PDF: exit 0, no warning"
run plot gaps --by gender --event spring-fair --event robot-night --out "$T/filt.svg"
is "$rc" 0 "--event filters: exit 0"
has "$T/filt.svg" "events Spring science fair, Robot night" "...named by their titles in the footnote"
[ ! -e "$PWNED" ]; ok $? "no hostile title ran"

# --- question text in titles -----------------------------------------------------------
run plot trend --indicator nps:recommend --interval month --out "$T/nps.svg"
is "$rc" 0 "trend nps:recommend: exit 0"
has "$T/nps.svg" "Net promoter score of “How likely are you to tell a friend to come" \
	"...the question in the title"
hasnt "$T/nps.svg" '"recommend"' "...not the item id"
run plot trend --indicator agree:belong --interval month --lang es --out "$T/agree.svg"
is "$rc" 0 "trend agree:belong (es): exit 0"
has "$T/agree.svg" "Acuerdo con «Sentí que pertenecía aquí»" "...the question in Spanish"
hasnt "$T/agree.svg" "«belong»" "...not the item id"

# --- the source line -------------------------------------------------------------------
run plot gaps --by gender --event robot-night --source "KC STEM Alliance, 2026 event surveys" --out "$T/src.svg"
is "$rc" 0 "--source: exit 0"
has "$T/src.svg" "Source: KC STEM Alliance, 2026 event surveys; event Robot night" "...first in the footnote"
"$BELONG" config set org_name "Eastside STEM Network" >/dev/null
run plot gaps --by gender --event robot-night --out "$T/org.svg"
has "$T/org.svg" "Source: Eastside STEM Network; event Robot night" "the org_name setting when no --source"
run plot gaps --by gender --event robot-night --source "Given here" --out "$T/org2.svg"
has "$T/org2.svg" "Source: Given here;" "--source before the setting"
hasnt "$T/org2.svg" "Eastside" "...the setting not shown"
"$BELONG" config set org_name "$HOSTILE" >/dev/null
run plot gaps --by gender --event robot-night --out "$T/org3.svg"
is "$rc.$(err)" "0." "a hostile org_name: exit 0, no warning"
has "$T/org3.svg" "Source: $HOSTILE;" "...shown as text"
run plot gaps --by gender --event robot-night --source "$HOSTILE" --lang es --out "$T/src2.svg"
is "$rc" 0 "a hostile --source: exit 0"
has "$T/src2.svg" "Fuente: $HOSTILE;" "...shown as text"
grep -q '<b>' "$T/src2.svg"; ok $((!$?)) "...no markup of it in the SVG"
[ ! -e "$PWNED" ]; ok $? "...and nothing ran"
"$BELONG" config unset org_name >/dev/null
for bad in "$(printf 'a\033]0;owned\007b')" "$(printf 'two\nlines')" "$(printf 'caf\303\050')" "" \
	"$(python3 -c 'print("x" * 201)')"; do
	i=$((${i:-0} + 1))
	run plot gaps --by gender --source "$bad" --out "$T/bad$i.svg"
	is "$rc" 2 "invalid --source $i (escape, newline, bad UTF-8, empty, 201): exit 2"
	like "$(err)" '^belong: plot: --source: ' "...naming the option"
	[ ! -e "$T/bad$i.svg" ]; ok $? "...no chart"
done

# --- warnings ---------------------------------------------------------------------------
run plot trend --event spring-fair --interval month --out "$T/one.svg"
is "$rc" 0 "a trend of one period: exit 0"
is "$(err)" "belong: plot: warning: the trend has one period only (Jan 2024): there is no change over time to see" \
	"...one line on stderr"
has "$T/one.svg" "One period only (Jan 2024)" "...and the footnote says so"
run plot trend --by event --interval month --lang es --out "$T/lone.svg"
is "$rc" 0 "groups with one period each: exit 0"
is "$(grep -c '^belong: plot: warning: .* has a value in one period only' "$T/err")" 3 \
	"...one line per group on stderr"
like "$(err)" 'warning: Feria de ciencias de primavera has a value in one period only \(Jan 2024\)' \
	"...naming the group as the chart does"
has "$T/lone.svg" "Con valor en un solo periodo (un punto, sin línea): " "...and the footnote says so, in Spanish"
has "$T/lone.svg" "Robot night, Feria de ciencias de primavera." "...naming the groups"
run plot items --event odd-night --out "$T/same.svg"
is "$rc" 0 "every value the same: exit 0"
is "$(err)" "belong: plot: warning: every value drawn is the same (100)" "...one line on stderr"
has "$T/same.svg" "Every value is the same." "...and the footnote says so"
[ ! -e "$PWNED" ]; ok $? "nothing hostile ran, anywhere"
done_testing
