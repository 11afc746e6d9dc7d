# The responses report.sh and report_export.sh check, loaded through
# belongd's real JSON API (sourced after lib.sh).  37 respondents to the
# pulse survey at event fair-one (partner Acme); each answers the four
# index items alike, so the belonging index is (v - 1) / 4 x 100:
#
#   12 woman       w1-w6 v 5 (100), recommend 10; w7-w12 v 4 (75), recommend 8
#                  race: w1-w5 asian+white, w6-w12 hispanic     -> January 2024
#   12 man         m1-m6 v 3 (50), recommend 6; m7-m12 v 2 (25), recommend 9
#                  race: white                                  -> February 2024
#    3 nonbinary   v 4 (75), recommend 7, race black            -> March 2024
#   10 prefer_not  v 3 (50), recommend 5, race not answered     -> March 2024
#
# Responses arrive now; the test then moves them to the months above with
# SQL (UPDATE response.submitted_at), since the API stamps the time itself.

start_pg
migrate
sql "insert into event (slug, title, partner, instrument_id)
	select 'fair-one', 'Fair one', 'Acme', id from instrument where key = 'pulse' and version = 1;
     insert into event (slug, title, instrument_id)
	select 'fair-two', 'Fair two', id from instrument where key = 'pulse' and version = 1" >/dev/null
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" \
	-o rate_burst=100000 -o rate_per_second=100000
API=/api/v1/events/fair-one
curl -s "$BELONGD_URL$API" >"$T/event.json"
TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$T/event.json")
[ -n "$TOKEN" ] || bail "no form token from GET $API"

# submit V RECOMMEND ABOUT_JSON: one response, with the id and token a GET
# of the event gives (a token is good for its own id only); prints its id.
submit() {
	curl -s "$BELONGD_URL$API" >"$T/event.json"
	id=$(sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p' "$T/event.json")
	TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$T/event.json")
	printf '{"id":"%s","token":"%s","lang":"en","answers":{"belong":%s,"welcome":%s,"voice":%s,"future":%s,"recommend":%s},"about":%s}' \
		"$id" "$TOKEN" "$1" "$1" "$1" "$1" "$2" "$3" >"$T/req"
	code=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary @"$T/req" "$BELONGD_URL$API/responses")
	[ "$code" = 201 ] || bail "submission refused: $code $(cat "$T/body")"
	echo "$id"
}
fixture_move() {	# fixture_move ID DAY
	sql "update response set submitted_at = '$2 12:00' where id = '$1'" >/dev/null
}
for i in $(seq 1 12); do
	if [ "$i" -le 6 ]; then v=5 rec=10; else v=4 rec=8; fi
	if [ "$i" -le 5 ]; then race='["asian","white"]'; else race='["hispanic"]'; fi
	fixture_move "$(submit $v $rec "{\"gender\":\"woman\",\"role\":\"student\",\"race\":$race}")" 2024-01-15
done
for i in $(seq 1 12); do
	if [ "$i" -le 6 ]; then v=3 rec=6; else v=2 rec=9; fi
	fixture_move "$(submit $v $rec '{"gender":"man","role":"student","race":["white"]}')" 2024-02-15
done
for i in 1 2 3; do
	fixture_move "$(submit 4 7 '{"gender":"nonbinary","role":"educator","race":["black"]}')" 2024-03-15
done
for i in $(seq 1 10); do
	fixture_move "$(submit 3 5 '{"gender":"prefer_not","role":"family"}')" 2024-03-20
done
[ "$(sql "select count(*) from response")" = 37 ] || bail "fixture: not 37 responses"
