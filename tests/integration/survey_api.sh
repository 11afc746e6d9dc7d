#!/bin/bash
# The survey through belongd's JSON API and HTML form, against a real
# PostgreSQL: every answer path, every kind of bad input, each checked for
# its status and for what the database holds afterwards.
. "$(dirname "$0")/lib.sh"

start_pg
migrate
sql "insert into event (slug, title, instrument_id, draw_prize)
	select 'spring-fair', 'Spring <STEM> Fair', id, 'a water bottle' from instrument where key = 'pulse' and version = 1;
     insert into event (slug, title, instrument_id)
	select 'other-day', 'Other day', id from instrument where key = 'pulse' and version = 1;
     insert into event (slug, title, instrument_id, closes_at)
	select 'closed-day', 'Closed day', id, now() - interval '1 day' from instrument where key = 'pulse' and version = 1" >/dev/null
EV=$(sql "select id from event where slug = 'spring-fair'")
OTHER=$(sql "select id from event where slug = 'other-day'")
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" -o token_lifetime_hours=1
API=/api/v1/events/spring-fair

rows() { sql "select count(*) from response"; }
# token EVENT_ID ISSUED [ID]: a token signed with the daemon's secret for
# the response id ID (one that is not a uuid is signed as none, "-").
token() {
	local id msg
	id=$(printf '%s' "${3:--}" | tr A-F a-f)
	case $id in ????????-????-????-????-????????????) ;; *) id=- ;; esac
	msg="2.$1.$2.$id"
	printf '%s.%s' "$msg" "$(printf '%s' "$msg" | openssl dgst -sha256 -hmac "$(cat "$T/secret")" | awk '{print $2}')"
}
uuid() { cat /proc/sys/kernel/random/uuid; }
# TOKEN goes with TID, an id only refused requests use.
TID=$(uuid)
TOKEN=$(token "$EV" "$(date +%s)" "$TID")
# post_json BODY: POST to the API; prints the status, body in $T/body.
post_json() {
	printf '%s' "$1" >"$T/req"
	curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary @"$T/req" "$BELONGD_URL$API/responses"
}
# valid ID [EXTRA]: a complete, valid JSON response.
valid() {
	printf '{"id":"%s","token":"%s","lang":"en","answers":{"belong":4,"welcome":5,"voice":3,"future":4,"recommend":9%s}%s}' \
		"$1" "$(token "$EV" "$(date +%s)" "$1")" "${2:-}" "${3:-}"
}

# --- GET the event -----------------------------------------------------------
is "$(http_status GET "$API")" 200 "GET event: 200"
ev_json=$(cat "$T/body")
like "$ev_json" '"title":"Spring <STEM> Fair"' "GET event: title"
like "$ev_json" '"open":true' "GET event: open"
like "$ev_json" '"token":"2\.[0-9]+\.[0-9]+\.[0-9a-f-]{36}\.[0-9a-f]{64}"' "GET event: a form token"
GID=$(printf '%s' "$ev_json" | sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p')
like "$ev_json" "\"token\":\"2\\.[0-9]+\\.[0-9]+\\.$GID\\." "GET event: the token is bound to the id it comes with"
like "$ev_json" '"id":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"' "GET event: a fresh v4 id"
like "$ev_json" '"es": ?"Sentí que pertenecía aquí."' "GET event: the instrument in Spanish too"
is "$(http_status GET /api/v1/events/no-such-event)" 404 "GET unknown event: 404"
like "$(cat "$T/body")" '"code":"not_found"' "GET unknown event: JSON error"
is "$(http_status GET /api/v1/events/Bad_Slug)" 404 "GET malformed slug: 404"

# --- a valid submission, then the same again --------------------------------
ID=$(uuid)
is "$(post_json "$(valid "$ID" ',"change":"More robots, please!"' ',"quote_ok":true,"about":{"role":"student","race":["asian","white"],"gender":"self","gender_text":"genderqueer"}')")" 201 \
	"valid submission: 201"
is "$(cat "$T/body")" "{\"id\":\"$ID\",\"status\":\"stored\"}" "201 body names the id"
is "$(sql "select belonging, quote_ok, role, array_to_string(race, ','), gender, gender_text, lang from response where id = '$ID'")" \
	"75|t|student|asian,white|self|genderqueer|en" "stored: index (4,5,3,4 -> 75), consent, about"
is "$(sql "select string_agg(item || '=' || value, ',' order by item) from answer where response_id = '$ID'")" \
	"belong=4,future=4,recommend=9,voice=3,welcome=5" "stored: the numeric answers"
is "$(sql "select body from answer_text where response_id = '$ID'")" "More robots, please!" "stored: the comment"
is "$(post_json "$(valid "$ID" ',"change":"Different text"')")" 200 "same id again: 200"
is "$(cat "$T/body")" "{\"id\":\"$ID\",\"status\":\"stored\"}" "200 body is the same"
is "$(rows)" 1 "same id again: still one row"
is "$(sql "select body from answer_text where response_id = '$ID'")" "More robots, please!" "the first answer is kept"
UPPER=$(uuid | tr a-f A-F)
is "$(post_json "$(valid "$UPPER")")" 201 "an upper-case uuid is accepted"
is "$(post_json "$(valid "$(printf '%s' "$UPPER" | tr A-F a-f)")")" 200 "...and is the same id in lower case"
is "$(rows)" 2 "two rows"

# Concurrent duplicates: one 201, the rest 200, one row.
DUP=$(uuid)
valid "$DUP" >"$T/dup"
pids=()
for i in $(seq 1 20); do
	curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
		--data-binary @"$T/dup" "$BELONGD_URL$API/responses" >>"$T/codes" &
	pids+=($!)
done
wait "${pids[@]}"
is "$(sort "$T/codes" | uniq -c | awk '{print $2 ":" $1}' | tr '\n' ' ')" "200:19 201:1 " \
	"20 concurrent copies: one 201, nineteen 200"
is "$(sql "select count(*) from response where id = '$DUP'")" 1 "20 concurrent copies: one row"
is "$(sql "select count(*) from answer where response_id = '$DUP'")" 5 "20 concurrent copies: one set of answers"

# --- bad input: status, error, nothing stored --------------------------------
before=$(rows)
check_bad() {	# check_bad STATUS FIELD_PATTERN DESCRIPTION BODY
	local got
	got=$(post_json "$4")
	is "$got" "$1" "$3: $1"
	like "$(cat "$T/body")" "$2" "$3: the error says what"
	is "$(rows)" "$before" "$3: nothing stored"
}
check_bad 400 '"code":"malformed"' "malformed JSON" '{"id": "x",'
check_bad 400 '"code":"malformed"' "a JSON array" '[1,2,3]'
check_bad 400 '"code":"malformed"' "a JSON string" '"hello"'
check_bad 400 '"code":"malformed"' "deep nesting" "$(printf '%0.s[' $(seq 1 5000))"
check_bad 400 '"code":"malformed"' "answers not an object" "{\"id\":\"$TID\",\"token\":\"$TOKEN\",\"answers\":[4,5]}"
check_bad 422 '"field":"answers.belong"' "missing required item" \
	"{\"id\":\"$TID\",\"token\":\"$TOKEN\",\"answers\":{\"welcome\":5,\"voice\":3,\"future\":4,\"recommend\":9}}"
check_bad 422 '"message":"answers.belong must be an integer from 1 to 5","field":"answers.belong"' "likert 6" \
	"{\"id\":\"$TID\",\"token\":\"$TOKEN\",\"answers\":{\"belong\":6,\"welcome\":5,\"voice\":3,\"future\":4,\"recommend\":9}}"
check_bad 422 'answers.belong must be an integer from 1 to 5' "likert \"4\" (a string)" \
	"{\"id\":\"$TID\",\"token\":\"$TOKEN\",\"answers\":{\"belong\":\"4\",\"welcome\":5,\"voice\":3,\"future\":4,\"recommend\":9}}"
check_bad 422 'answers.belong must be an integer from 1 to 5' "likert 4.5" \
	"{\"id\":\"$TID\",\"token\":\"$TOKEN\",\"answers\":{\"belong\":4.5,\"welcome\":5,\"voice\":3,\"future\":4,\"recommend\":9}}"
check_bad 422 'answers.recommend must be an integer from 0 to 10' "scale 11" \
	"$(valid "$(uuid)" | sed 's/"recommend":9/"recommend":11/')"
check_bad 422 '"field":"answers.nope"' "unknown item" "$(valid "$(uuid)" ',"nope":3')"
check_bad 422 '"field":"about.shoe_size"' "unknown about field" "$(valid "$(uuid)" '' ',"about":{"shoe_size":"42"}')"
check_bad 422 '"field":"about.role"' "unknown about option" "$(valid "$(uuid)" '' ',"about":{"role":"wizard"}')"
check_bad 422 '"field":"about.race"' "prefer_not with a race" "$(valid "$(uuid)" '' ',"about":{"race":["prefer_not","asian"]}')"
check_bad 422 '"field":"answers.change"' "comment of 501 characters" "$(valid "$(uuid)" ",\"change\":\"$(head -c 501 /dev/zero | tr '\0' a)\"")"
check_bad 422 '"field":"id"' "an id that is not a uuid" "$(valid "not-a-uuid")"
check_bad 422 '"field":"id"' "an id with SQL in it" "$(valid "1'; drop table response; --")"
printf '{"id":"%s","token":"%s","answers":{"belong":4,"welcome":5,"voice":3,"future":4,"recommend":9,"change":"bad \xc3\x28 utf8"}}' "$TID" "$TOKEN" >"$T/req"
is "$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$T/req" "$BELONGD_URL$API/responses")" 400 \
	"invalid UTF-8 in the comment: 400"
is "$(rows)" "$before" "invalid UTF-8: nothing stored"
is "$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "$(valid "$(uuid)")" "$BELONGD_URL$API/responses")" 415 \
	"wrong content type: 415"
is "$(curl -s -o "$T/body" -w '%{http_code}' --data-binary "$(valid "$(uuid)")" "$BELONGD_URL$API/responses")" 415 \
	"urlencoded to the JSON route: 415"
head -c 20000 /dev/zero | tr '\0' ' ' >"$T/big"
code=$(timeout 10 curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$T/big" "$BELONGD_URL$API/responses")
ok $? "a body over the limit does not leave the connection hanging"
is "$code" 413 "a body over the limit: 413"
is "$(rows)" "$before" "over the limit: nothing stored"
is "$(http_status POST /api/v1/events/no-such/responses -H 'Content-Type: application/json' --data-binary "$(valid "$(uuid)")")" 404 \
	"unknown event: 404"
is "$(http_status POST /api/v1/events/closed-day/responses -H 'Content-Type: application/json' --data-binary "$(valid "$(uuid)")")" 410 \
	"closed event: 410"
like "$(cat "$T/body")" '"code":"closed"' "closed event: says closed"
# with_token TOKEN: the valid response with id TID, carrying TOKEN.
with_token() { valid "$TID" | sed "s/\"token\":\"[^\"]*\"/\"token\":\"$1\"/"; }
check_bad 403 '"field":"token"' "forged token" "$(with_token "2.$EV.$(date +%s).$TID.$(printf '%064d' 0)")"
check_bad 403 'expired' "expired token (2 hours old)" "$(with_token "$(token "$EV" $(( $(date +%s) - 7200 )) "$TID")")"
check_bad 403 'another event' "another event's token" "$(with_token "$(token "$OTHER" "$(date +%s)" "$TID")")"
check_bad 403 'another id' "a token replayed for another id" \
	"$(valid "$(uuid)" | sed "s/\"token\":\"[^\"]*\"/\"token\":\"$TOKEN\"/")"
check_bad 403 '"field":"token"' "a token for no response" "$(with_token "$(token "$EV" "$(date +%s)" -)")"
check_bad 403 '"field":"token"' "no token" "{\"id\":\"$(uuid)\",\"answers\":{\"belong\":4,\"welcome\":5,\"voice\":3,\"future\":4,\"recommend\":9}}"

# Hostile text is stored verbatim.
HOSTILE="'); drop table response; -- <script>alert(\"x\")</script> \$(touch $T/pwned) \`id\` é 😀"
HID=$(uuid)
body=$(valid "$HID" ",\"change\":$(printf '%s' "$HOSTILE" | sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$/"/')")
is "$(post_json "$body")" 201 "SQL, HTML, shell and emoji in the comment: 201"
is "$(sql "select body from answer_text where response_id = '$HID'")" "$HOSTILE" "stored verbatim"
[ ! -e "$T/pwned" ]; ok $? "nothing was executed"

# --- the HTML form -------------------------------------------------------------
is "$(http_status GET /e/spring-fair)" 200 "form: 200"
form=$(cat "$T/body")
like "$form" '<html lang="en"' "form: English by default"
like "$form" 'Spring &lt;STEM&gt; Fair' "form: the title escaped"
! printf '%s' "$form" | grep -q '<STEM>'; ok $? "form: the raw title never appears"
! printf '%s' "$form" | grep -qi '<script'; ok $? "form: no script"
is "$(http_status GET '/e/spring-fair?lang=es')" 200 "form in Spanish: 200"
like "$(cat "$T/body")" '<html lang="es"' "form: ?lang=es"
is "$(http_status GET /e/spring-fair -H 'Accept-Language: es-MX,es;q=0.9,en;q=0.5')" 200 "Accept-Language es: 200"
like "$(cat "$T/body")" '<html lang="es"' "form: Accept-Language es"
is "$(http_status GET '/e/spring-fair?lang=fr' -H 'Accept-Language: fr')" 200 "French asked for: 200"
like "$(cat "$T/body")" '<html lang="en"' "form: unknown language falls back to English"
is "$(http_status GET /e/no-such-event)" 404 "form of an unknown event: 404"
like "$(cat "$T/body")" '<html lang=' "404 is a page"
is "$(http_status GET /e/closed-day)" 410 "form of a closed event: 410"
is "$(http_status GET '/e/../../etc/passwd')" 404 "path traversal: 404"

FTOKEN=$(printf '%s' "$form" | sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' | head -1)
FID=$(printf '%s' "$form" | sed -n 's/.*name="id" value="\([^"]*\)".*/\1/p' | head -1)
like "$FID" '^[0-9a-f-]{36}$' "form: carries a response id"
# post_form DATA...: POST the form; prints status, headers in $T/headers.
post_form() {
	curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$@" "$BELONGD_URL/e/spring-fair"
}
before=$(rows)
is "$(post_form --data-urlencode "id=$FID" --data-urlencode "token=$FTOKEN" -d lang=en -d q_belong=5 -d q_welcome=5 \
	-d q_voice=4 -d q_future=5 -d q_recommend=10 --data-urlencode 'q_change=¡Más robots!' -d quote_ok=1 \
	-d about_role=student -d about_race=black -d about_race=hispanic -d about_grade=prefer_not)" 303 "form submission: 303"
like "$(cat "$T/headers")" 'Location: /e/spring-fair/thanks\?lang=en' "303 to the thank-you page"
is "$(sql "select belonging, role, array_to_string(race, ','), grade, quote_ok from response where id = '$FID'")" \
	"93.75|student|black,hispanic|prefer_not|t" "form: stored, index (5,5,4,5 -> 93.75)"
is "$(sql "select body from answer_text where response_id = '$FID'")" "¡Más robots!" "form: the comment, accents kept"
is "$(post_form --data-urlencode "id=$FID" --data-urlencode "token=$FTOKEN" -d lang=en -d q_belong=1 -d q_welcome=1 \
	-d q_voice=1 -d q_future=1 -d q_recommend=0)" 303 "form submitted twice: 303 again"
is "$(rows)" $((before + 1)) "form submitted twice: one row"
like "$(cat "$T/headers")" "Set-Cookie: belong_answered=$FID; Path=/e/spring-fair; Max-Age=3600; HttpOnly; SameSite=Lax" \
	"a stored answer sets the answered cookie"
is "$(http_status GET /e/spring-fair -H "Cookie: x=1; belong_answered=$FID")" 200 "the form again, answered: 200"
like "$(cat "$T/body")" "name=\"id\" value=\"$FID\"" "the form again carries the same id (Back + Send counts once)"
is "$(http_status GET '/e/spring-fair?again=1' -H "Cookie: belong_answered=$FID")" 200 "?again=1: 200"
! grep -q "value=\"$FID\"" "$T/body"; ok $? "?again=1: a fresh id for the next person"
is "$(http_status GET /e/spring-fair -H "Cookie: belong_answered=1' or '1'='1")" 200 "a forged answered cookie: 200"
! grep -q "1' or" "$T/body"; ok $? "a malformed answered cookie is ignored"
is "$(sql "select belonging from response where id = '$FID'")" 93.75 "the second tap changed nothing"

# A validation error: 422, the page again with the answers kept and the errors shown.
EID=$(uuid)
is "$(post_form --data-urlencode "id=$EID" --data-urlencode "token=$(token "$EV" "$(date +%s)" "$EID")" -d lang=es -d q_welcome=2 \
	-d q_voice=4 -d q_future=5 -d q_recommend=7 --data-urlencode 'q_change=<script>alert(1)</script>')" 422 \
	"form missing an item: 422"
page=$(cat "$T/body")
like "$page" '<html lang="es"' "the error page keeps the language"
like "$page" 'role="alert"' "errors summarised at the top"
like "$page" 'href="#q-belong"' "the summary links to the item"
like "$page" 'value="2"[^>]*checked|checked[^>]*value="2"' "the answers are kept"
like "$page" '&lt;script&gt;alert\(1\)&lt;/script&gt;' "the comment is kept, escaped"
! printf '%s' "$page" | grep -q '<script>alert'; ok $? "the comment is never raw HTML"
is "$(sql "select count(*) from response where id = '$EID'")" 0 "form with an error: nothing stored"
is "$(post_form --data-urlencode "id=$(uuid)" -d token=forged -d q_belong=5 -d q_welcome=5 -d q_voice=4 -d q_future=5 -d q_recommend=10)" 403 \
	"form with a forged token: 403"
is "$(post_form -H 'Content-Type: text/plain' --data-binary 'q_belong=5')" 415 "form as text/plain: 415"
before=$(rows)
is "$(post_form --data-urlencode "id=$(uuid)" --data-urlencode "token=$FTOKEN" -d q_belong=5 -d q_welcome=5 -d q_voice=4 \
	-d q_future=5 -d q_recommend=10 -d website=http://spam.example)" 303 "honeypot filled: looks like success"
is "$(rows)" "$before" "honeypot filled: nothing stored"
like "$(curl -s "$BELONGD_URL/metrics")" 'belongd_submissions_total\{result="honeypot"\} 1' "honeypot counted in metrics"
printf 'id=%s&token=%s&q_belong=5&q_welcome=5&q_voice=4&q_future=5&q_recommend=10&q_change=%%C0%%80bad' "$TID" "$TOKEN" >"$T/req"
is "$(post_form --data-binary @"$T/req")" 422 "form with invalid UTF-8: 422"
is "$(rows)" "$before" "form with invalid UTF-8: nothing stored"

# --- the prize draw ----------------------------------------------------------
is "$(http_status GET '/e/spring-fair/thanks?lang=en')" 200 "thank-you page: 200"
thanks=$(cat "$T/body")
like "$thanks" 'name="email"' "the thank-you page offers the draw"
like "$thanks" 'href="/e/spring-fair\?again=1&amp;lang=en"' "the thank-you page offers a new survey for the next person"
DTOKEN=$(printf '%s' "$thanks" | sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' | head -1)
draw() { curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$@" "$BELONGD_URL/e/spring-fair/draw"; }
is "$(draw --data-urlencode "token=$DTOKEN" -d lang=en --data-urlencode 'email=Ana@Example.org')" 303 "draw entry: 303"
like "$(cat "$T/headers")" 'entered=1' "draw entry: back to thanks, entered"
is "$(draw --data-urlencode "token=$DTOKEN" --data-urlencode 'email= ana@example.ORG ')" 303 "same address again: 303"
is "$(sql "select string_agg(contact, ',') from draw_entry")" "ana@example.org" "one entry per address"
is "$(sql "select entered_on = current_date from draw_entry")" t "the entry holds only the day"
is "$(draw --data-urlencode "token=$DTOKEN" --data-urlencode "email=x'; drop table draw_entry; --")" 422 "a malformed address: 422"
is "$(draw --data-urlencode "token=nope" --data-urlencode "email=b@example.org")" 403 "draw with a forged token: 403"
is "$(sql "select count(*) from draw_entry")" 1 "nothing else entered"
is "$(http_status GET '/e/other-day/thanks')" 200 "thanks without a draw: 200"
! grep -q 'name="email"' "$T/body"; ok $? "no draw, no email field"

# --- metrics -----------------------------------------------------------------
metrics=$(curl -s "$BELONGD_URL/metrics")
like "$metrics" 'belongd_submissions_total\{result="stored"\} [1-9]' "metrics: stored"
like "$metrics" 'belongd_submissions_total\{result="duplicate"\} [1-9]' "metrics: duplicates"
like "$metrics" 'belongd_http_requests_total\{route="api_responses",status="422"\} [1-9]' "metrics: requests by route and status"
like "$metrics" 'belongd_batch_size_count [1-9]' "metrics: batches"
like "$metrics" 'belongd_write_seconds_bucket\{le="\+Inf"\} [1-9]' "metrics: write latency histogram"
like "$metrics" 'belongd_db_connections_up 2' "metrics: connections up"

# --- the database goes away --------------------------------------------------
"$PGTMP" stop "$T/pg"
notready() { [ "$(http_status GET /readyz)" = 503 ]; }
wait_for notready
is "$(post_json "$(valid "$(uuid)")")" 503 "database down: 503"
like "$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' --data-binary "$(valid "$(uuid)")" "$BELONGD_URL$API/responses")" \
	'Retry-After: 5' "503 carries Retry-After"
"$PGTMP" start "$T/pg" >/dev/null
ready() { [ "$(http_status GET /readyz)" = 200 ]; }
wait_for ready
LATE=$(uuid)
is "$(post_json "$(valid "$LATE")")" 201 "database back: 201"
is "$(sql "select count(*) from response where id = '$LATE'")" 1 "database back: stored"

stop_belongd
is "$BELONGD_STATUS" 0 "SIGTERM: exit 0"
done_testing
