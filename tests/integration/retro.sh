#!/bin/bash
# Retrospective pre/post items (instrument "frame" and "pair"): the
# example instrument loads, the survey definition carries frame and pair,
# the form shows each pair as a question with a "Before the program" and
# a "Now" fieldset, both answers are stored, and response.belonging is
# the index of the "now" answers only.
. "$(dirname "$0")/lib.sh"

start_pg
migrate
RETRO=$SRCDIR/doc/instrument-retro.json
"$BELONG" instrument add "$RETRO" >"$T/out" 2>&1
ok $? "instrument add: the retrospective example loads"
"$BELONG" event add --slug looking-back --title "Looking back" --instrument retro >/dev/null 2>&1
ok $? "an event with the retrospective instrument"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret"
API=/api/v1/events/looking-back

# A pair that is not whole is refused, naming the item.
sed 's/"frame": "before", "pair": "voice"/"frame": "before", "pair": "voices"/' "$RETRO" |
	sed 's/"key": "retro"/"key": "retro-bad"/' >"$T/bad.json"
"$BELONG" instrument add "$T/bad.json" >"$T/out" 2>&1
is "$?" 1 "instrument add: a pair without its now item exits 1"
like "$(cat "$T/out")" 'item "voice_before": pair "voices" has no "now" item' \
	"instrument add: the error names the item"

# --- the survey definition -----------------------------------------------------
is "$(http_status GET "$API")" 200 "GET event: 200"
ev_json=$(cat "$T/body")
is "$(printf '%s' "$ev_json" | python3 -c '
import json, sys
for it in json.load(sys.stdin)["instrument"]["items"]:
    print(it["id"], it.get("frame", "-"), it.get("pair", "-"))' | tr '\n' ' ')" \
	"belong_before before belong belong_now now belong welcome_before before welcome welcome_now now welcome voice_before before voice voice_now now voice future_before before future future_now now future recommend - - change - - " \
	"definition: frame and pair of every item"
TOKEN=$(printf '%s' "$ev_json" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
JID=$(printf '%s' "$ev_json" | sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p')

# --- the JSON API: both answers stored, the index of "now" only ------------------
printf '{"id":"%s","token":"%s","lang":"en","answers":{"belong_before":1,"belong_now":5,"welcome_before":2,"welcome_now":4,"voice_before":1,"voice_now":4,"future_before":2,"future_now":5,"recommend":8}}' \
	"$JID" "$TOKEN" >"$T/req"
is "$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
	--data-binary @"$T/req" "$BELONGD_URL$API/responses")" 201 "API: a retrospective response, 201"
stored() { [ "$(sql "select count(*) from response where id = '$1'")" = 1 ]; }
wait_for stored "$JID"; ok $? "API: stored"
is "$(sql "select string_agg(item || '=' || value, ',' order by item) from answer where response_id = '$JID'")" \
	"belong_before=1,belong_now=5,future_before=2,future_now=5,recommend=8,voice_before=1,voice_now=4,welcome_before=2,welcome_now=4" \
	"API: both answers of every pair stored"
# now 5,4,4,5 -> mean 4.5 -> 87.5; with the before answers it would be 50.
is "$(sql "select belonging from response where id = '$JID'")" 87.5 \
	"API: response.belonging leaves the before answers out (5,4,4,5 -> 87.5)"

# --- the form --------------------------------------------------------------------
is "$(http_status GET /e/looking-back)" 200 "form: 200"
form=$(cat "$T/body")
like "$form" '<fieldset class="pair" id="p-belong"><legend>I feel like I belong in STEM\.</legend>' \
	"form: a pair is a fieldset whose legend is the question"
like "$(printf '%s' "$form" | tr -d '\n')" '<div class="cols"><fieldset id="q-belong_before"><legend>Before the program <span class="req">\(required\)</span></legend>.*name="q_belong_before" value="1".*</fieldset><fieldset id="q-belong_now"><legend>Now <span class="req">\(required\)</span></legend>' \
	"form: the before column, then the now column, each a fieldset with its legend"
is "$(printf '%s' "$form" | grep -c 'class="pair"')" 4 "form: four pairs"
is "$(printf '%s' "$form" | grep -c 'name="q_belong_before"')" 5 "form: five choices before"
is "$(printf '%s' "$form" | grep -c 'name="q_belong_now"')" 5 "form: five choices now"
! printf '%s' "$form" | grep -q 'Before the program: I feel'; ok $? \
	"form: the before item's own text is not repeated"
is "$(http_status GET '/e/looking-back?lang=es')" 200 "form in Spanish: 200"
like "$(cat "$T/body")" '<legend>Antes del programa <span class="req">\(obligatoria\)</span></legend>' \
	"form in Spanish: Antes del programa"
like "$(cat "$T/body")" '<legend>Ahora <span class="req">\(obligatoria\)</span></legend>' \
	"form in Spanish: Ahora"
like "$(cat "$T/body")" '<legend>Siento que pertenezco en STEM\.</legend>' \
	"form in Spanish: the question"

FTOKEN=$(printf '%s' "$form" | sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' | head -1)
FID=$(printf '%s' "$form" | sed -n 's/.*name="id" value="\([^"]*\)".*/\1/p' | head -1)
# A missing before answer: the error points at the before column.
is "$(curl -s -o "$T/body" -w '%{http_code}' --data-urlencode "id=$FID" --data-urlencode "token=$FTOKEN" \
	-d lang=en -d q_belong_now=3 -d q_welcome_before=3 -d q_welcome_now=3 -d q_voice_before=3 \
	-d q_voice_now=3 -d q_future_before=3 -d q_future_now=3 -d q_recommend=5 \
	"$BELONGD_URL/e/looking-back")" 422 "form: a before answer missing, 422"
like "$(cat "$T/body")" '<fieldset id="q-belong_before" class="bad" aria-describedby="q-belong_before-err">' \
	"form: the before column is marked and described by its error"
like "$(cat "$T/body")" 'href="#q-belong_before"' "form: the summary links to the before column"
is "$(curl -s -o "$T/body" -w '%{http_code}' --data-urlencode "id=$FID" --data-urlencode "token=$FTOKEN" \
	-d lang=en -d q_belong_before=2 -d q_belong_now=3 -d q_welcome_before=2 -d q_welcome_now=3 \
	-d q_voice_before=2 -d q_voice_now=4 -d q_future_before=1 -d q_future_now=2 -d q_recommend=5 \
	"$BELONGD_URL/e/looking-back")" 303 "form: a retrospective response, 303"
wait_for stored "$FID"; ok $? "form: stored"
is "$(sql "select string_agg(item || '=' || value, ',' order by item) from answer where response_id = '$FID'")" \
	"belong_before=2,belong_now=3,future_before=1,future_now=2,recommend=5,voice_before=2,voice_now=4,welcome_before=2,welcome_now=3" \
	"form: both answers of every pair stored"
# now 3,3,4,2 -> 3 -> 50.
is "$(sql "select belonging from response where id = '$FID'")" 50 \
	"form: response.belonging of the now answers (3,3,4,2 -> 50)"

done_testing
