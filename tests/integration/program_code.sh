#!/bin/bash
# The anonymous matching code of a pre/post program, through belongd's
# JSON API and HTML form (belongd running as a least-privileged role):
# asked only by the events of a prepost program, in English and Spanish;
# each element stored as HMAC-SHA256 (checked against openssl), equal
# within a program and different across programs, NULL for "I don't
# know"; every malformed code refused with 422 naming the field and
# storing nothing; and no answer in clear in the database, the log, the
# error messages or the spool.
. "$(dirname "$0")/lib.sh"

start_pg
migrate
sql "insert into program (slug, title, design) values
	('robotics-club', 'Robotics club', 'prepost'),
	('garden-club', 'Garden club', 'prepost'),
	('maker-camp', 'Maker camp', 'retro');
     insert into event (slug, title, instrument_id, program_id, wave)
	select s, t, i.id, (select id from program where slug = p), w
	from instrument i, (values
		('rc-pre', 'Robotics: first day', 'robotics-club', 'pre'),
		('rc-post', 'Robotics: last day', 'robotics-club', 'post'),
		('gc-pre', 'Garden: first day', 'garden-club', 'pre'),
		('camp-end', 'Maker camp: last day', 'maker-camp', null),
		('open-day', 'Open day', null, null)) as v(s, t, p, w)
	where i.key = 'pulse' and version = 1" >/dev/null
RC=$(sql "select id from program where slug = 'robotics-club'")
GC=$(sql "select id from program where slug = 'garden-club'")
for slug in rc-pre rc-post gc-pre camp-end open-day; do
	echo "$slug $(sql "select id from event where slug = '$slug'")"
done >"$T/events"
# (read from a file: the spool test below stops the database)
ev_id() { awk -v s="$1" '$1 == s { print $2 }' "$T/events"; }

# belongd as the role `belong db grant` makes: the grants must suffice.
sql "create role belongd_app login" >/dev/null
"$BELONG" db grant belongd_app >/dev/null || bail "belong db grant failed"
APP_DSN=$(printf '%s\n' "$PG_DSN" | sed 's/user=[^ ]*/user=belongd_app/')
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
SPOOL=$T/spool
OPTS=(--dsn "$APP_DSN" --secret-file "$T/secret" -o rate_burst=100000
	-o rate_per_second=100000)
start_belongd "${OPTS[@]}" -o spool_dir="$SPOOL" -o spool_after_ms=200
wait_for eval '[ "$(http_status GET /readyz)" = 200 ]' || bail "belongd not ready"

# token EVENT_ID ID: a form token for response id ID, as belongd signs it.
token() {
	local msg="2.$1.$(date +%s).$2"
	printf '%s.%s' "$msg" "$(printf '%s' "$msg" | openssl dgst -sha256 -hmac "$(cat "$T/secret")" | awk '{print $2}')"
}
uuid() { cat /proc/sys/kernel/random/uuid; }
# mac PROGRAM ELEMENT VALUE: the hash belongd must store, in hex.
mac() {
	printf 'belong-code\0%s\0%s\0%s' "$1" "$2" "$3" |
		openssl dgst -sha256 -hmac "$(cat "$T/secret")" | awk '{print $2}'
}
# body SLUG ID CODE: a valid response to SLUG with CODE (JSON text after
# "code":, or empty for none).
body() {
	printf '{"id":"%s","token":"%s","answers":{"belong":4,"welcome":5,"voice":3,"future":4,"recommend":9}%s}' \
		"$2" "$(token "$(ev_id "$1")" "$2")" "${3:+,\"code\":$3}"
}
# post SLUG ID [CODE]: POST to the API; prints the status, the body in $T/body.
post() {
	body "$1" "$2" "${3:-}" >"$T/req"
	curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary @"$T/req" "$BELONGD_URL/api/v1/events/$1/responses"
}
counts() { sql "select (select count(*) from response) || '/' || (select count(*) from response_code)"; }
# hashes ID: the four columns of ID's row in hex ("-" for NULL).
hashes() {
	sql "select coalesce(encode(birth_month, 'hex'), '-') || ' ' ||
		coalesce(encode(guardian_initial, 'hex'), '-') || ' ' ||
		coalesce(encode(older_siblings, 'hex'), '-') || ' ' ||
		coalesce(encode(birth_town_initial, 'hex'), '-')
		from response_code where response_id = '$1'"
}

# --- the survey definition -----------------------------------------------------
is "$(http_status GET /api/v1/events/rc-pre)" 200 "GET a pre event: 200"
def=$(cat "$T/body")
names=$(printf '%s' "$def" | python3 -c 'import json,sys
c = json.load(sys.stdin)["code"]
print(" ".join(e["name"] for e in c["elements"]))')
is "$names" "birth_month guardian_initial older_siblings birth_town_initial" \
	"...lists the four code elements in order"
opts=$(printf '%s' "$def" | python3 -c 'import json,sys
c = json.load(sys.stdin)["code"]
for e in c["elements"]:
	print(e["name"], len(e["options"]), e["options"][-1]["value"], e["options"][-1]["label"]["es"], e["prompt"]["es"])
print(c["note"]["en"])')
like "$opts" '^birth_month 13 dk No sé Mes de tu cumpleaños$' "...months 1-12 and dk, prompts in Spanish"
like "$opts" "^guardian_initial 28 dk No sé Primera letra del nombre de tu madre o de quien te cuida\$" \
	"...27 letters (with Ñ) and dk"
like "$opts" '^older_siblings 7 dk ' "...0-4, 5+ and dk"
like "$opts" 'nobody can read them back' "...and why it is asked"
like "$def" '"value":"Ñ"' "...Ñ is a letter"
for slug in open-day camp-end; do
	http_status GET "/api/v1/events/$slug" >/dev/null
	ok "$(grep -q '"code"' "$T/body"; echo $((!$?)))" "GET $slug (no prepost program): no code"
done

# --- stored as hashes ------------------------------------------------------------
A=$(uuid)
is "$(post rc-pre "$A" '{"birth_month":"3","guardian_initial":"ñ","older_siblings":"0","birth_town_initial":"q"}')" 201 \
	"a code through the API: 201"
is "$(sql "select count(*) from response_code where response_id = '$A' and octet_length(birth_month) = 32
	and octet_length(guardian_initial) = 32 and octet_length(older_siblings) = 32
	and octet_length(birth_town_initial) = 32")" 1 "...one row, four 32-byte hashes"
is "$(hashes "$A")" "$(mac "$RC" birth_month 3) $(mac "$RC" guardian_initial Ñ) $(mac "$RC" older_siblings 0) $(mac "$RC" birth_town_initial Q)" \
	"...each HMAC-SHA256(secret, belong-code NUL program NUL element NUL value), letters in upper case"
is "$(sql "select event_id from response_code where response_id = '$A'")" "$(ev_id rc-pre)" "...of its event"

B=$(uuid)
is "$(post rc-post "$B" '{"birth_month":3,"guardian_initial":"Ñ","older_siblings":0,"birth_town_initial":"Q"}')" 201 \
	"the same code at the post event (numbers, upper case): 201"
is "$(hashes "$B")" "$(hashes "$A")" "...the same four hashes"
G=$(uuid)
is "$(post gc-pre "$G" '{"birth_month":"3","guardian_initial":"ñ","older_siblings":"0","birth_town_initial":"q"}')" 201 \
	"the same code in another program: 201"
is "$(sql "select count(*) from response_code a, response_code b where a.response_id = '$A' and b.response_id = '$G'
	and a.birth_month <> b.birth_month and a.guardian_initial <> b.guardian_initial
	and a.older_siblings <> b.older_siblings and a.birth_town_initial <> b.birth_town_initial")" 1 \
	"...every element's hash differs"
is "$(hashes "$G")" "$(mac "$GC" birth_month 3) $(mac "$GC" guardian_initial Ñ) $(mac "$GC" older_siblings 0) $(mac "$GC" birth_town_initial Q)" \
	"...keyed with that program's id"

D=$(uuid)
is "$(post rc-post "$D" '{"birth_month":"dk","guardian_initial":"M","older_siblings":"5+"}')" 201 "dk, one left out, 5+: 201"
is "$(hashes "$D")" "- $(mac "$RC" guardian_initial M) $(mac "$RC" older_siblings 5+) -" \
	"...NULL for dk and for the element not answered"
K=$(uuid)
is "$(post rc-pre "$K" '{"birth_month":"dk","guardian_initial":"dk","older_siblings":"dk","birth_town_initial":"dk"}')" 201 \
	"every element dk: 201"
is "$(hashes "$K")" "- - - -" "...a row of four NULLs (asked, not known)"
before=$(counts)
N=$(uuid)
is "$(post rc-pre "$N")" 201 "no code: 201"
E=$(uuid)
is "$(post rc-pre "$E" '{}')" 201 "an empty code: 201"
is "$(sql "select count(*) from response_code where response_id in ('$N', '$E')")" 0 "...neither has a code row"
is "$(counts)" "$(( ${before%/*} + 2 ))/${before#*/}" "...two responses, no code row"

# The same id twice: stored once, one code row.
is "$(post rc-post "$B" '{"birth_month":"4"}')" 200 "the same id again, another code: 200"
is "$(hashes "$B")" "$(hashes "$A")" "...the first code kept, one row"

# --- refused -----------------------------------------------------------------------
# refuse FIELD CODE DESCRIPTION: 422 naming FIELD, nothing stored.
refuse() {
	local before status
	before=$(counts)
	status=$(post rc-pre "$(uuid)" "$2")
	is "$status" 422 "$3: 422"
	like "$(cat "$T/body")" "\"field\":\"$1\"" "...names $1"
	is "$(counts)" "$before" "...stores nothing"
}
refuse code '"3"' "code a string"
refuse code '[3]' "code a list"
refuse code 'null' "code null"
refuse code.shoe_size '{"shoe_size":"40"}' "an unknown element"
refuse code.birth_month '{"birth_month":"13"}' "month 13"
refuse code.birth_month '{"birth_month":13}' "month 13 as a number"
refuse code.birth_month '{"birth_month":"0"}' "month 0"
refuse code.birth_month '{"birth_month":"1.5"}' "month \"1.5\""
refuse code.birth_month '{"birth_month":1.5}' "month 1.5"
refuse code.birth_month '{"birth_month":"03"}' "month \"03\""
refuse code.birth_month '{"birth_month":""}' "month empty"
refuse code.birth_month '{"birth_month":null}' "month null"
refuse code.birth_month '{"birth_month":true}' "month true"
refuse code.older_siblings '{"older_siblings":5}' "5 older siblings as a number (5+ is a string)"
refuse code.older_siblings '{"older_siblings":"-1"}' "-1 older siblings"
refuse code.guardian_initial '{"guardian_initial":"AB"}' "letter \"AB\""
refuse code.guardian_initial '{"guardian_initial":"1"}' "letter \"1\""
refuse code.guardian_initial '{"guardian_initial":1}' "letter 1"
refuse code.guardian_initial '{"guardian_initial":"É"}' "letter É (not A-Z or Ñ)"
refuse code.birth_town_initial '{"birth_town_initial":"DK"}' "\"DK\" (dk is lower case)"
refuse code.birth_month '{"guardian_initial":"M","birth_month":"x"}' "one bad element among good ones"
# Hostile strings: refused, and never echoed.
i=0
for v in "'); drop table response_code; --" '<script>alert(1)</script>' '$(touch /tmp/belong-pwned)' \
	'\u001b]0;pwned\u0007\u001b[31mQ' "$(head -c 2000 /dev/zero | tr '\0' 'Q')"; do
	i=$((i + 1))
	refuse code.birth_town_initial "{\"birth_town_initial\":\"$v\"}" "hostile string $i"
	ok "$(grep -Eq 'drop table|script|pwned|QQQQ' "$T/body"; echo $((!$?)))" "...not echoed"
done
before=$(counts)
X=$(uuid)
printf '{"id":"%s","token":"%s","code":{"guardian_initial":"\xff"}}' "$X" "$(token "$(ev_id rc-pre)" "$X")" >"$T/req"
is "$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$T/req" \
	"$BELONGD_URL/api/v1/events/rc-pre/responses")" 400 "invalid UTF-8 in a code: 400 (the body is refused whole)"
is "$(counts)" "$before" "...stores nothing"
X=$(uuid)
body rc-pre "$X" '{"birth_month":"3","birth_month":"4"}' >"$T/req"
is "$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$T/req" \
	"$BELONGD_URL/api/v1/events/rc-pre/responses")" 400 "an element twice: 400"
like "$(cat "$T/body")" '"field":"code.birth_month"' "...names it"
is "$(counts)" "$before" "...stores nothing"
for slug in open-day camp-end; do
	status=$(post "$slug" "$(uuid)" '{"birth_month":"3"}')
	is "$status" 422 "a code for $slug (no prepost program): 422"
	like "$(cat "$T/body")" '"field":"code"' "...names code"
	is "$(counts)" "$before" "...stores nothing"
	status=$(post "$slug" "$(uuid)" '{}')
	is "$status" 422 "an empty code for $slug: 422 too"
done
is "$(post open-day "$(uuid)")" 201 "no code for open-day: 201"

# --- the form -------------------------------------------------------------------------
is "$(http_status GET /e/rc-pre)" 200 "the form of a pre event"
form=$(cat "$T/body")
is "$(grep -c '<select id="c-[a-z_]*" name="code_[a-z_]*"' "$T/body")" 4 "...four selects"
like "$form" '<label for="c-birth_month">Month of your birthday</label>' "...each labelled (en)"
like "$form" '<fieldset id="code" aria-describedby="code-hint"><legend>Your private matching code</legend>' \
	"...in a fieldset, described by why it is asked"
like "$form" "<option value=\"dk\">I don(&#39;|')t know</option>" "...with I don't know"
like "$form" '<option value="Ñ">Ñ</option>' "...and Ñ"
http_status GET '/e/rc-post?lang=es' >/dev/null
es=$(cat "$T/body")
like "$es" '<label for="c-older_siblings">Número de hermanos y hermanas mayores</label>' "...in Spanish"
like "$es" '<option value="dk">No sé</option>' "...with No sé"
like "$es" 'nadie puede volver a leerlas' "...and why, in Spanish"
for slug in open-day camp-end; do
	http_status GET "/e/$slug" >/dev/null
	ok "$(grep -q 'code_' "$T/body"; echo $((!$?)))" "the form of $slug asks no code"
done

# form_post SLUG [CURL ARGS...]: a filled form with the id FORM_ID and its
# token (each call with a fresh FORM_ID).
form_post() {
	local slug=$1
	shift
	curl -s -o "$T/body" -w '%{http_code}' --data-urlencode "id=$FORM_ID" \
		--data-urlencode "token=$(token "$(ev_id "$slug")" "$FORM_ID")" -d q_belong=4 -d q_welcome=4 \
		-d q_voice=4 -d q_future=4 -d q_recommend=8 "$@" "$BELONGD_URL/e/$slug"
}
FORM_ID=$(uuid)
is "$(form_post rc-post -d code_birth_month=3 --data-urlencode code_guardian_initial=Ñ \
	-d code_older_siblings=0 -d code_birth_town_initial=Q)" 303 "the code through the form: 303"
is "$(hashes "$FORM_ID")" "$(hashes "$A")" "...the same hashes as through the API"
FORM_ID=$(uuid)
is "$(form_post rc-post -d code_birth_month= -d code_guardian_initial= -d code_older_siblings= \
	-d code_birth_town_initial=)" 303 "the form with every code select left empty: 303"
is "$(sql "select count(*) from response_code where response_id = '$FORM_ID'")" 0 "...no code row"
FORM_ID=$(uuid)
is "$(form_post rc-pre -d code_birth_month=dk -d code_guardian_initial=m)" 303 "dk and a lower-case letter: 303"
is "$(hashes "$FORM_ID")" "- $(mac "$RC" guardian_initial M) - -" "...NULL for dk"
# form_refuse FIELD DESCRIPTION CURL ARGS...: 422, the page marks FIELD, nothing stored.
form_refuse() {
	local field=$1 what=$2 before
	shift 2
	before=$(counts)
	FORM_ID=$(uuid)
	is "$(form_post rc-pre "$@")" 422 "form, $what: 422"
	like "$(cat "$T/body")" "<select id=\"c-$field\" name=\"code_$field\" aria-invalid=\"true\" aria-describedby=\"c-$field-err\">" \
		"...the select marked invalid"
	like "$(cat "$T/body")" "<a href=\"#c-$field\">" "...linked from the summary"
	is "$(counts)" "$before" "...stores nothing"
}
form_refuse birth_month "month 13" -d code_birth_month=13
form_refuse birth_month "month 0" -d code_birth_month=0
form_refuse guardian_initial "letter AB" -d code_guardian_initial=AB
form_refuse guardian_initial "invalid UTF-8" -d code_guardian_initial=%FF
form_refuse birth_town_initial "HTML" --data-urlencode 'code_birth_town_initial=<script>alert(1)</script>'
ok "$(grep -q 'alert(1)' "$T/body"; echo $((!$?)))" "...never echoed"
form_refuse older_siblings "a letter" -d code_older_siblings=Q -d code_birth_month=4
like "$(cat "$T/body")" '<option value="4" selected>April</option>' "...the other answers kept on the page"
before=$(counts)
FORM_ID=$(uuid)
is "$(form_post open-day -d code_birth_month=3)" 422 "form, a code for open-day: 422"
is "$(counts)" "$before" "...stores nothing"
FORM_ID=$(uuid)
is "$(form_post open-day -d code_birth_month=)" 303 "form, empty code fields for open-day: 303"

# --- the spool --------------------------------------------------------------------------
"$PGTMP" stop "$T/pg" || bail "cannot stop PostgreSQL"
db_down() {
	[ "$(curl -s "$BELONGD_URL/metrics" | awk '$1 == "belongd_db_connections_up" { print $2 }')" = 0 ]
}
wait_for db_down || bail "belongd did not notice the database stopped"
S=$(uuid)
is "$(post rc-post "$S" '{"birth_month":3,"guardian_initial":"ñ","older_siblings":"0","birth_town_initial":"q"}')" 202 \
	"database stopped: spooled, 202"
segs=$(find "$SPOOL" -name '*.seg')
ok "$([ -n "$segs" ]; echo $?)" "...into segment files"
# Every code value in the spool is a 64-digit hex hash, never the answer.
vals=$(cat $segs | grep -a -o '"code":{[^}]*}' | grep -a -o ':"[^"]*"' | sort -u)
is "$(printf '%s\n' "$vals" | grep -cv '^:"[0-9a-f]\{64\}"$')" 0 "...its code holds only hashes"
is "$(printf '%s\n' "$vals" | wc -l)" 4 "...four of them"
ok "$(cat $segs | grep -aq 'ñ\|Ñ'; echo $((!$?)))" "...no Ñ anywhere in the spool"
"$PGTMP" start "$T/pg" >/dev/null || bail "cannot start PostgreSQL"
replayed() { [ "$(sql "select count(*) from response_code where response_id = '$S'")" = 1 ]; }
for _ in $(seq 1 600); do replayed && break; sleep 0.1; done
is "$(hashes "$S")" "$(hashes "$A")" "...replayed later with the same hashes"

# --- never in clear ---------------------------------------------------------------
# Ñ was given many times, and only as a matching code; the instruments are
# left out (their Spanish texts may hold one).
pg_dump --data-only --exclude-table=instrument -d "$PG_DSN" >"$T/dump.sql" 2>"$T/dump.err"
ok $? "pg_dump --data-only"
ok "$(grep -q 'ñ\|Ñ\|drop table response_code\|alert(1)' "$T/dump.sql"; echo $((!$?)))" "the database holds no code in clear"
is "$(sed -n '/^COPY public.response_code /,/^\\\.$/p' "$T/dump.sql" | sed '1d;$d' |
	grep -cv '^[0-9]*	[0-9a-f-]*\(	\(\\N\|\\\\x[0-9a-f]\{64\}\)\)\{4\}$')" 0 "...response_code holds only hashes and NULLs"
ok "$(grep -q 'ñ\|Ñ\|drop table\|alert\|pwned\|QQQQ' "$T/belongd.log"; echo $((!$?)))" "belongd's log holds no code in clear"
like "$(psql -X -q -t -A -d "$APP_DSN" -c 'select birth_month from response_code' 2>&1)" 'permission denied' \
	"belongd's role cannot read the codes back"
stop_belongd
is "$BELONGD_STATUS" 0 "SIGTERM: exit 0"

# Without a secret file the key is random: said once, at start.
start_belongd --dsn "$APP_DSN"
wait_for eval '[ "$(http_status GET /readyz)" = 200 ]'
is "$(grep -c 'matching codes match only within one run' "$T/belongd.log")" 1 \
	"no secret_file: one warning that codes match only within one run"
stop_belongd
done_testing
