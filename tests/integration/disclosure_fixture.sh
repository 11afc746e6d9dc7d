# The seeded responses disclosure.sh attacks, loaded through belongd's real
# JSON API (sourced after lib.sh).  disclosure_attack.py makes them: 240
# respondents at four events of three partners (Acme has two), on days in
# every quarter of 2024; in each about-you dimension groups of 1-9, a group
# of exactly 10, prefer_not, not answered and groups nobody is in; one
# event on the "club" instrument whose likert and 0-10 items but one are
# optional, and skipped by some.  $T/truth.json keeps what was sent.
#
# Responses arrive now; the fixture then moves each to its day with SQL
# (the API stamps the time itself) and rebuilds the reports' rollup.

command -v python3 >/dev/null || { echo "1..0 # SKIP python3 not installed"; exit 0; }
ATTACK=$SRCDIR/tests/integration/disclosure_attack.py
start_pg
migrate
python3 "$ATTACK" instrument "$T/club.json" || bail "cannot write the club instrument"
"$BELONG" instrument add "$T/club.json" >/dev/null || bail "belong instrument add failed"
"$BELONG" event add --slug expo-north --title "Expo north" --partner Acme >/dev/null &&
"$BELONG" event add --slug expo-south --title "Expo south" --partner Acme >/dev/null &&
"$BELONG" event add --slug fair-mid --title "Fair mid" --partner Delta >/dev/null &&
"$BELONG" event add --slug club-east --title "Club east" --partner Beacon --instrument club >/dev/null &&
"$BELONG" event add --slug popup-west --title "Pop-up west" --partner Cosmo >/dev/null ||
	bail "belong event add failed"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" \
	-o rate_burst=100000 -o rate_per_second=100000
python3 "$ATTACK" fixture "$BELONGD_URL" "$T/truth.json" "$T/move.sql" ||
	bail "fixture: a submission failed"
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" -f "$T/move.sql" >/dev/null ||
	bail "fixture: cannot move the responses to their days"
[ "$(sql "select count(*) from response")" = 240 ] || bail "fixture: not 240 responses"
"$BELONG" rollup --rebuild >/dev/null || bail "belong rollup --rebuild failed"
# Population shares, with groups nobody in the fixture belongs to (race
# mena, role volunteer) and small ones.
cat >"$T/bench.csv" <<'CSV'
region,dimension,group,share
metro,role,student,0.5
metro,role,educator,0.1
metro,role,family,0.3
metro,role,volunteer,0.05
metro,role,other,0.05
metro,grade,k5,0.2
metro,grade,g6_8,0.2
metro,grade,g9_12,0.2
metro,grade,college,0.2
metro,grade,adult,0.2
metro,gender,woman,0.49
metro,gender,man,0.49
metro,gender,nonbinary,0.01
metro,gender,self,0.01
metro,race,aian,0.02
metro,race,asian,0.1
metro,race,black,0.15
metro,race,hispanic,0.25
metro,race,mena,0.03
metro,race,nhpi,0.01
metro,race,white,0.4
metro,race,self,0.04
metro,disability,yes,0.15
metro,disability,no,0.85
metro,firstgen,yes,0.3
metro,firstgen,no,0.6
metro,firstgen,unsure,0.1
metro,language,en,0.7
metro,language,es,0.25
metro,language,other,0.05
CSV
"$BELONG" benchmark load "$T/bench.csv" >/dev/null || bail "belong benchmark load failed"
