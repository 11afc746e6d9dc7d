# The responses the statistics tests compare with R (sourced after lib.sh):
# 522 respondents at eight events of very different sizes (12 to 120),
# submitted through belongd's real JSON API by stats_fixture.py (seeded),
# on the pulse-opt instrument (pulse's items, none required, so some are
# skipped).  Two partners; six events have an expected attendance, ev-a
# fewer than answered.  Responses of ev-a .. ev-g move to days in 2024 (so
# the reports read them from the rollup); ev-h's stay today (read from the
# response table).
#
# Then $T/stats.csv holds one row per response, read from PostgreSQL with
# psql (not by belong), for R:
#   event,title,partner,day,lang,role,grade,gender,race,disability,
#   firstgen,language,belonging,belong,welcome,voice,future,recommend
# race: the chosen codes joined by ';'; NA: not answered or skipped.

command -v python3 >/dev/null || bail "python3 is needed for the statistics fixture"
command -v Rscript >/dev/null || bail "Rscript is needed (./autogen.sh --deps installs r-base-core)"
FIXTURE=$SRCDIR/tests/integration/stats_fixture.py
start_pg
migrate
python3 "$FIXTURE" instrument "$T/pulse-opt.json" || bail "cannot write the pulse-opt instrument"
"$BELONG" instrument add "$T/pulse-opt.json" >/dev/null || bail "belong instrument add failed"
# slug, title, partner, expected attendance, first day
while IFS='|' read -r slug title partner expected starts; do
	set -- --slug "$slug" --title "$title" --instrument pulse-opt --starts "$starts"
	[ -z "$partner" ] || set -- "$@" --partner "$partner"
	[ -z "$expected" ] || set -- "$@" --expected "$expected"
	"$BELONG" event add "$@" >/dev/null || bail "belong event add $slug failed"
done <<'EVENTS'
ev-a|Robotics night|Northside STEM Alliance|10|2024-01-20
ev-b|Coding club showcase|Northside STEM Alliance|60|2024-02-17
ev-c|Family science day|Northside STEM Alliance|80|2024-03-16
ev-d|Bridge building challenge|Northside STEM Alliance||2024-04-13
ev-e|Women in engineering panel|River Valley Science Center|150|2024-05-18
ev-f|Summer math camp|River Valley Science Center|200|2024-06-15
ev-g|Career fair|River Valley Science Center||2024-09-21
ev-h|Astronomy evening||300|2024-10-19
EVENTS
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" \
	-o rate_burst=100000 -o rate_per_second=100000
python3 "$FIXTURE" submit "$BELONGD_URL" >"$T/move.sql" ||
	bail "fixture: a submission failed"
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" -f "$T/move.sql" >/dev/null ||
	bail "fixture: cannot move the responses to their days"
[ "$(sql "select count(*) from response")" = 522 ] || bail "fixture: not 522 responses"
"$BELONG" rollup --rebuild >/dev/null || bail "belong rollup --rebuild failed"
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" -c "copy (
	select e.slug as event, e.title, e.partner, r.submitted_at::date as day,
	       r.lang, r.role, r.grade, r.gender, array_to_string(r.race, ';') as race,
	       r.disability, r.firstgen, r.language, r.belonging,
	       max(a.value) filter (where a.item = 'belong') as belong,
	       max(a.value) filter (where a.item = 'welcome') as welcome,
	       max(a.value) filter (where a.item = 'voice') as voice,
	       max(a.value) filter (where a.item = 'future') as future,
	       max(a.value) filter (where a.item = 'recommend') as recommend
	from response r join event e on e.id = r.event_id
	left join answer a on a.event_id = r.event_id and a.response_id = r.id
	group by e.slug, e.title, e.partner, r.event_id, r.id
	order by e.slug, r.id) to stdout with (format csv, header, null 'NA')" \
	>"$T/stats.csv" || bail "fixture: cannot write stats.csv"
