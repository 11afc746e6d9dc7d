#!/bin/bash
# The advisory board through belongd: sign-in links, sessions, the page,
# items, the JSON API, and every abuse case of the issue, each checked for
# its status and for what the database holds afterwards.
. "$(dirname "$0")/lib.sh"

start_pg
migrate
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
printf 'board_login_burst = 1000\naccess_log = on\n' >"$T/belongd.conf"
start_belongd -c "$T/belongd.conf" --dsn "$PG_DSN" --secret-file "$T/secret"

# add NAME: a member; prints their token (from the link add-member shows).
add() {
	"$BELONG" board add-member --name "$1" | sed -n 's|^http.*/board/login?t=||p'
}
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
A=$(add 'Ana <b>&amp;</b>')
B=$(add 'Ben')
C=$(add 'Cy')
AID=$(sql "select id from board_member where display_name like 'Ana%'")
BID=$(sql "select id from board_member where display_name = 'Ben'")
CID=$(sql "select id from board_member where display_name = 'Cy'")
sessions() { sql "select count(*) from board_session"; }
items() { sql "select count(*) from board_item"; }

# login TOKEN: GET the sign-in link; prints the status, headers in $T/h.
login() {
	curl -s -o "$T/body" -D "$T/h" -w '%{http_code}' "$BELONGD_URL/board/login?t=$1"
}
# cookie: the session id the last login set.
cookie() { sed -n 's/^Set-Cookie: belong_board=\([0-9a-f]*\);.*/\1/p' "$T/h" | tr -d '\r'; }
# page SID [QUERY] [CURL ARGS]: GET /board; prints the status, body in $T/body.
page() {
	local sid=$1 q=${2:-}
	shift 2 2>/dev/null || shift
	curl -s -o "$T/body" -D "$T/h" -w '%{http_code}' -H "Cookie: belong_board=$sid" "$@" \
		"$BELONGD_URL/board$q"
}
# form_token: the form token of the last page.
form_token() { sed -n 's/.*name="form_token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -n 1; }
# post SID PATH DATA...: a urlencoded POST; prints the status.
post() {
	local sid=$1 path=$2
	shift 2
	curl -s -o "$T/body" -D "$T/h" -w '%{http_code}' -H "Cookie: belong_board=$sid" "$@" \
		"$BELONGD_URL$path"
}
location() { sed -n 's/^Location: //p' "$T/h" | tr -d '\r'; }

# --- sign in -------------------------------------------------------------------
like "$A" '^[0-9a-f]{32}$' "add-member prints a link with a 128-bit hex token"
is "$(sql "select encode(token_hash, 'hex') from board_member where id = $AID")" "$(sha "$A")" \
	"only the token's SHA-256 is stored"
is "$(login "$A")" 303 "a valid link: 303"
is "$(location)" "/board?lang=en" "...to /board, the token gone from the address"
SA=$(cookie)
like "$SA" '^[0-9a-f]{32}$' "...with a random session id in a cookie"
like "$(grep '^Set-Cookie' "$T/h")" 'Path=/board; Max-Age=86400; HttpOnly; SameSite=Strict' \
	"the cookie is HttpOnly, SameSite=Strict, Path=/board, 24 h"
if grep -q '^Set-Cookie.*Secure' "$T/h"; then ok 1 "no Secure flag unless cookie_secure"; else ok 0 "no Secure flag unless cookie_secure"; fi
is "$(sql "select member_id, encode(id_hash, 'hex') = '$(sha "$SA")',
	expires_at between now() + interval '23 hours 59 minutes' and now() + interval '24 hours'
	from board_session")" "$AID|t|t" "the session is stored hashed, for the member, with an expiry"
is "$(sql "select count(*) from board_session where encode(id_hash, 'hex') = '$SA'")" 0 \
	"the session id itself is not stored"
is "$(login "$B")" 303 "member B signs in"
SB=$(cookie)
is "$(login "$C")" 303 "member C signs in"
SC=$(cookie)

# --- the page --------------------------------------------------------------------
is "$(page "$SA")" 200 "GET /board with the cookie: 200"
body=$(cat "$T/body")
like "$body" '<html lang="en">' "in English by default"
like "$body" 'Hello, Ana &lt;b&gt;&amp;amp;&lt;/b&gt;' "the member's name, escaped"
like "$body" '<legend>Topic</legend>' "a topic fieldset with a legend"
like "$body" '<label for="body">Your message</label>' "the text has a label"
like "$body" 'maxlength="4000"' "the text is limited to 4000 characters"
like "$body" 'name="share_name" value="1"' "a share-my-name checkbox"
like "$body" 'You have not sent anything yet' "no items yet"
if grep -qi '<script' "$T/body"; then ok 1 "no JavaScript"; else ok 0 "no JavaScript"; fi
TA=$(form_token)
like "$TA" '^[0-9a-f]{64}$' "the page carries the session's form token"
is "$(page "$SA" "" -H 'Accept-Language: es-MX,es;q=0.9')" 200 "Accept-Language: es"
like "$(cat "$T/body")" '<html lang="es">.*|Tus mensajes' "...the page in Spanish"
like "$(cat "$T/body")" 'Compartir mi nombre con el personal' "...every string in Spanish"
is "$(page "$SA" "?lang=es" -H 'Accept-Language: en')" 200 "?lang=es wins over Accept-Language"
like "$(cat "$T/body")" 'Envía una idea' "...Spanish"
page "$SB" >/dev/null
TB=$(form_token)
page "$SC" >/dev/null
TC=$(form_token)

# --- wrong, revoked and replaced links --------------------------------------------
s0=$(sessions)
is "$(login "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')")" 401 "a wrong token: 401"
cp "$T/body" "$T/wrong"
like "$(cat "$T/body")" 'ask staff for a new personal link' "...says to ask staff for a new link"
is "$(login "$(echo "$A" | tr a-f A-F)")" 401 "the token in capitals: 401"
is "$(login 'x%27%20or%201%3D1--')" 401 "SQL as a token: 401"
cmp -s "$T/body" "$T/wrong"; ok $? "...the same page as for a well-formed wrong token (no hint)"
is "$(curl -s -o /dev/null -w '%{http_code}' "$BELONGD_URL/board/login")" 401 "no token: 401"
is "$(sessions)" "$s0" "failed sign-ins make no session"
if grep -q "$A" "$T/belongd.log"; then ok 1 "the log never holds a token"; else ok 0 "the log never holds a token"; fi
like "$(cat "$T/belongd.log")" 'GET /board/login 303' "...while it logs the sign-in"

# Replaced: relink gives a new link; the old one and its sessions stop.
A2=$("$BELONG" board relink "$AID" | sed -n 's|^http.*/board/login?t=||p')
like "$A2" '^[0-9a-f]{32}$' "relink prints a new link"
is "$(login "$A")" 401 "the replaced link: 401"
is "$(page "$SA")" 401 "a session from the replaced link: 401"
like "$(grep '^Set-Cookie' "$T/h")" 'belong_board=; Path=/board; Max-Age=0' "...and the cookie is cleared"
is "$(login "$A2")" 303 "the new link signs in"
SA=$(cookie)
page "$SA" >/dev/null
TA=$(form_token)

# Revoked: the link, the session and the API all stop.
"$BELONG" board revoke "$CID" >/dev/null
is "$(login "$C")" 401 "a revoked member's link: 401"
is "$(page "$SC")" 401 "a revoked member's session: 401"
is "$(post "$SC" /board/items --data-urlencode topic=events --data-urlencode body=hi --data-urlencode "form_token=$TC")" 401 \
	"a revoked member cannot post"
is "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $C" "$BELONGD_URL/api/v1/board/items")" 401 \
	"a revoked member's token on the API: 401"
is "$(sql "select count(*) from board_item where member_id = $CID")" 0 "nothing stored for the revoked member"

# --- items ----------------------------------------------------------------------------
is "$(post "$SA" /board/items --data-urlencode topic=programs --data-urlencode 'body=More robotics, please.' \
	-d share_name=1 --data-urlencode "form_token=$TA" -d lang=en)" 303 "a valid item: 303"
is "$(location)" "/board?lang=en" "...back to /board, nothing about the notice in the address"
like "$(grep '^Set-Cookie' "$T/h")" 'belong_board_sent=1; Path=/board; Max-Age=60; HttpOnly; SameSite=Strict' \
	"...the notice in a short-lived cookie"
is "$(sql "select member_id, topic, body, share_name, status from board_item")" \
	"$AID|programs|More robotics, please.|t|new" "...stored for the member"
is "$(sql "select status, note is null, by is null from board_item_event")" "new|t|t" \
	"...with its first history entry"
is "$(page "$SA; belong_board_sent=1")" 200 "the page after sending"
like "$(cat "$T/body")" 'role="status" class="ok">Thank you! Your message was sent.' "...confirms it"
like "$(cat "$T/body")" 'More robotics, please\.' "...and lists the item"
like "$(grep '^Set-Cookie' "$T/h")" 'belong_board_sent=; Path=/board; Max-Age=0' "...and deletes the notice's cookie"
is "$(page "$SA" '?sent=1')" 200 "?sent=1 in the address..."
if grep -q 'Thank you' "$T/body"; then ok 1 "...shows no notice"; else ok 0 "...shows no notice"; fi

# The notice as a browser sees it: once after Send, not on a reload.
JAR=$T/jar
curl -s -o /dev/null -c "$JAR" "$BELONGD_URL/board/login?t=$A2"
curl -s -o "$T/body" -b "$JAR" -c "$JAR" "$BELONGD_URL/board"
TJ=$(form_token)
is "$(curl -s -o "$T/body" -w '%{http_code} %{num_redirects}' -L -b "$JAR" -c "$JAR" \
	--data-urlencode topic=events --data-urlencode 'body=Jar item' --data-urlencode "form_token=$TJ" \
	-d lang=en "$BELONGD_URL/board/items")" "200 1" "a cookie jar: Send, then the 303 to /board"
is "$(grep -c 'Thank you! Your message was sent\.' "$T/body")" 1 "...the notice, once"
like "$(cat "$T/body")" 'Jar item' "...above the item"
if grep -q belong_board_sent "$JAR"; then ok 1 "...and the jar no longer holds the notice"; else ok 0 "...and the jar no longer holds the notice"; fi
is "$(curl -s -o "$T/body" -w '%{http_code}' -b "$JAR" -c "$JAR" "$BELONGD_URL/board?lang=en")" 200 "a reload"
if grep -q 'Thank you' "$T/body"; then ok 1 "...shows no notice"; else ok 0 "...shows no notice"; fi
like "$(cat "$T/body")" 'Jar item' "...and still the item"
is "$(curl -s -o "$T/body" -w '%{http_code} %{num_redirects}' -L -b "$JAR" -c "$JAR" \
	--data-urlencode topic=events --data-urlencode 'body=Artículo' --data-urlencode "form_token=$TJ" \
	-d lang=es "$BELONGD_URL/board/items")" "200 1" "in Spanish: Send"
is "$(grep -c '¡Gracias! Enviamos tu mensaje\.' "$T/body")" 1 "...the notice in Spanish, once"
curl -s -o "$T/body" -b "$JAR" -c "$JAR" "$BELONGD_URL/board?lang=es"
if grep -q 'Gracias' "$T/body"; then ok 1 "...not on a reload"; else ok 0 "...not on a reload"; fi
sql "delete from board_item_event where item_id in (select id from board_item where body in ('Jar item', 'Artículo'));
     delete from board_item where body in ('Jar item', 'Artículo')" >/dev/null
IA=$(sql "select id from board_item where member_id = $AID")

# The page's key: a second tap of Send, or a reload of the POST, stores once.
page "$SA" >/dev/null
KEY=$(sed -n 's/.*name="key" value="\([0-9a-f-]*\)".*/\1/p' "$T/body" | head -n 1)
like "$KEY" '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "the form carries an item key"
before=$(sql "select count(*) from board_item")
for tap in 1 2; do
	is "$(post "$SA" /board/items --data-urlencode topic=events --data-urlencode 'body=Twice tapped' \
		--data-urlencode "form_token=$TA" --data-urlencode "key=$KEY")" 303 "Send with the same key ($tap): 303"
done
is "$(sql "select count(*) from board_item")" "$((before + 1))" "the same key twice: one item"
is "$(post "$SA" /board/items --data-urlencode topic=events --data-urlencode 'body=Other key' \
	--data-urlencode "form_token=$TA" --data-urlencode "key=not-a-uuid'; --")" 303 "a malformed key is ignored: 303"
is "$(sql "select count(*) from board_item")" "$((before + 2))" "...and the item stored once, without a key"
sql "delete from board_item_event where item_id in (select id from board_item where body in ('Twice tapped', 'Other key'));
     delete from board_item where body in ('Twice tapped', 'Other key')" >/dev/null

n=$(items)
bad_post() {	# bad_post STATUS DESCRIPTION SID CURL_ARGS...
	local want=$1 what=$2 sid=$3
	shift 3
	is "$(post "$sid" /board/items "$@")" "$want" "$what: $want"
	is "$(items)" "$n" "$what: nothing stored"
}
bad_post 403 "no form token" "$SA" --data-urlencode topic=events --data-urlencode body=hello
bad_post 403 "a wrong form token" "$SA" --data-urlencode topic=events --data-urlencode body=hello \
	--data-urlencode "form_token=$(printf '%064d' 0)"
bad_post 403 "B's form token with A's cookie" "$SA" --data-urlencode topic=events --data-urlencode body=hello \
	--data-urlencode "form_token=$TB"
bad_post 403 "A's form token with B's cookie" "$SB" --data-urlencode topic=events --data-urlencode body=hello \
	--data-urlencode "form_token=$TA"
# A's cookie with its first character changed, whatever that character is.
case $SA in
0*) TAMPERED=1${SA#?} ;;
*) TAMPERED=0${SA#?} ;;
esac
[ "$TAMPERED" != "$SA" ]; ok $? "the tampered cookie differs from A's"
bad_post 403 "a tampered cookie with A's form token" "$TAMPERED" --data-urlencode topic=events \
	--data-urlencode body=hello --data-urlencode "form_token=$TA"
is "$(page "$TAMPERED")" 401 "a tampered cookie on the page: 401"
is "$(page "not-a-session")" 401 "a malformed cookie: 401"
is "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: belong_board=$SA; belong_board=$SB" "$BELONGD_URL/board")" 401 \
	"two session cookies at once: 401"
bad_post 401 "no cookie" "" --data-urlencode topic=events --data-urlencode body=hello --data-urlencode "form_token=$TA"
bad_post 422 "empty text" "$SA" --data-urlencode topic=events --data-urlencode body= --data-urlencode "form_token=$TA"
like "$(cat "$T/body")" 'role="alert"' "...the page explains in an alert"
like "$(cat "$T/body")" 'Write your message\.' "...what is wrong"
like "$(cat "$T/body")" '<title>Error: ' "...and the title says so first"
bad_post 422 "only spaces" "$SA" --data-urlencode topic=events --data-urlencode 'body=   ' --data-urlencode "form_token=$TA"
head -c 4001 /dev/zero | tr '\0' x >"$T/long"
bad_post 422 "4001 characters" "$SA" --data-urlencode topic=events --data-urlencode "body@$T/long" \
	--data-urlencode "form_token=$TA"
like "$(cat "$T/body")" 'longer than 4,000' "...says it is too long"
grep -q "$(cat "$T/long")" "$T/body"; ok $? "...and keeps the text for shortening"
bad_post 422 "an unknown topic" "$SA" --data-urlencode topic=gossip --data-urlencode body=hello \
	--data-urlencode "form_token=$TA"
like "$(cat "$T/body")" 'Choose a topic' "...says to choose a topic"
bad_post 422 "no topic" "$SA" --data-urlencode body=hello --data-urlencode "form_token=$TA"
bad_post 422 "invalid UTF-8" "$SA" --data-urlencode topic=events -d 'body=bad%C3%28utf8' \
	--data-urlencode "form_token=$TA"
bad_post 422 "a NUL in the text" "$SA" --data-urlencode topic=events -d 'body=a%00b' \
	--data-urlencode "form_token=$TA"
bad_post 400 "a malformed form" "$SA" -d 'topic=events&body=50%' --data-urlencode "form_token=$TA"
bad_post 415 "JSON to the form route" "$SA" -H 'Content-Type: application/json' -d '{"topic":"events"}'
head -c 3999 /dev/zero | tr '\0' y >"$T/max"
printf 'ñ' >>"$T/max"
is "$(post "$SA" /board/items --data-urlencode topic=other --data-urlencode "body@$T/max" \
	--data-urlencode "form_token=$TA")" 303 "4000 characters (one of them two bytes): stored"
is "$(sql "select length(body), octet_length(body) from board_item where topic = 'other'")" "4000|4001" \
	"...all of them"

# HTML and SQL: stored verbatim, shown escaped.
EVIL="<script>alert('x')</script> '); drop table board_item; -- & \"quotes\""
is "$(post "$SA" /board/items --data-urlencode topic=belonging --data-urlencode "body=$EVIL" \
	--data-urlencode "form_token=$TA")" 303 "HTML and SQL in the text: stored"
is "$(sql "select body from board_item where topic = 'belonging'")" "$EVIL" "...verbatim"
IE=$(sql "select id from board_item where topic = 'belonging'")
"$BELONG" board reply "$IE" --status acted --note "<img src=x onerror=alert(1)> we did it & more" \
	--by "Staff <i>" >/dev/null
page "$SA" >/dev/null
like "$(cat "$T/body")" '&lt;script&gt;alert\(&#39;x&#39;\)&lt;/script&gt; &#39;\); drop table board_item; -- &amp; &quot;quotes&quot;' \
	"the page shows the text escaped"
like "$(cat "$T/body")" 'Staff note: <span class="msg">&lt;img src=x onerror=alert\(1\)&gt; we did it &amp; more</span> — Staff &lt;i&gt;' \
	"a staff note and its author, escaped"
like "$(cat "$T/body")" '<strong>Acted on</strong>' "the status as words"
# Status and name: two elements, each a sentence of its own.
like "$(tr -d '\n' <"$T/body")" '<p class="status">Status: <strong>Acted on</strong>\.</p><p class="shared">Sent without your name\.</p>' \
	"the status and the name line: separate paragraphs, each ending with a full stop"
like "$(tr -d '\n' <"$T/body")" '<p class="status">Status: <strong>Sent</strong>\.</p><p class="shared">Your name was shared with staff\.</p>' \
	"...also for an item sent with the name"
if grep -Eq 'Acted on</strong> *Your|Sent</strong> *Your' "$T/body"; then ok 1 "...never run together"; else ok 0 "...never run together"; fi
page "$SA" "?lang=es" >/dev/null
like "$(tr -d '\n' <"$T/body")" '<p class="status">Estado: <strong>Puesto en práctica</strong>\.</p><p class="shared">Enviado sin tu nombre\.</p>' \
	"in Spanish: the status and the name line apart"
like "$(tr -d '\n' <"$T/body")" '<p class="status">Estado: <strong>Enviado</strong>\.</p><p class="shared">Compartiste tu nombre con el personal\.</p>' \
	"...also with the name shared"
if grep -q '<script>\|<img' "$T/body"; then ok 1 "no markup from the text or the note"; else ok 0 "no markup from the text or the note"; fi

# --- another member's items, through every route ---------------------------------------
is "$(post "$SB" /board/items --data-urlencode topic=events --data-urlencode "body=B's own" \
	--data-urlencode "form_token=$TB")" 303 "B sends an item"
IB=$(sql "select id from board_item where member_id = $BID")
snap() { sql "select id, member_id, topic, body, share_name, status from board_item order by id; select count(*) from board_item_event"; }
before=$(snap)
is "$(page "$SA" "?item=$IB")" 404 "A asks for B's item on the page: 404"
if grep -q "B's own\|B&#39;s own" "$T/body"; then ok 1 "...and sees nothing of it"; else ok 0 "...and sees nothing of it"; fi
is "$(page "$SA" "?item=$IA")" 200 "A asks for their own item: 200"
like "$(cat "$T/body")" 'More robotics' "...and sees it"
is "$(page "$SA" "?item=99999")" 404 "an item that does not exist: 404"
is "$(page "$SA" "?item=1%20or%201=1")" 404 "SQL as an item id: 404"
page "$SA" >/dev/null
if grep -q "B's own\|B&#39;s own" "$T/body"; then ok 1 "A's page lists none of B's items"; else ok 0 "A's page lists none of B's items"; fi
is "$(post "$SA" /board/items -d "id=$IB" --data-urlencode topic=events --data-urlencode body=changed \
	--data-urlencode "form_token=$TA")" 404 "A posts a change to B's item: 404"
is "$(post "$SA" /board/items -d "id=$IA" --data-urlencode topic=events --data-urlencode body=changed \
	--data-urlencode "form_token=$TA")" 409 "A posts a change to their own item: 409 (items do not change)"
is "$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $A2" \
	"$BELONGD_URL/api/v1/board/items?id=$IB")" 404 "A asks the API for B's item: 404"
like "$(cat "$T/body")" '"code":"not_found"' "...a JSON error"
is "$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $A2" -H 'Content-Type: application/json' \
	-d "{\"id\":$IB,\"topic\":\"events\",\"body\":\"changed\"}" "$BELONGD_URL/api/v1/board/items")" 404 \
	"A posts a change to B's item through the API: 404"
is "$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $A2" -H 'Content-Type: application/json' \
	-d "{\"member_id\":$BID,\"topic\":\"events\",\"body\":\"as B\"}" "$BELONGD_URL/api/v1/board/items")" 422 \
	"A posts as B (member_id) through the API: 422"
like "$(cat "$T/body")" '"field":"member_id"' "...naming the field"
is "$(snap)" "$before" "nothing changed"

# --- the JSON API -----------------------------------------------------------------------------
api() {	# api METHOD TOKEN [CURL ARGS]: prints the status, body in $T/body
	local m=$1 t=$2
	shift 2
	curl -s -o "$T/body" -D "$T/h" -w '%{http_code}' -X "$m" -H "Authorization: Bearer $t" "$@" \
		"$BELONGD_URL/api/v1/board/items"
}
is "$(api GET "$A2")" 200 "API GET with a valid token: 200"
like "$(cat "$T/body")" '^\{"items":\[' "...the member's items"
is "$(jq -r '[.items[].id] | sort | map(tostring) | join(",")' "$T/body")" \
	"$(sql "select string_agg(id::text, ',' order by id::text) from board_item where member_id = $AID")" "...all of A's and only A's"
is "$(jq -r '.items[] | select(.topic == "belonging") | .history[1].note' "$T/body")" \
	"<img src=x onerror=alert(1)> we did it & more" "...staff notes as plain JSON strings"
is "$(api GET "$A2" -G -d "id=$IA")" 200 "API GET ?id= of an own item: 200"
is "$(jq -r '.item.id' "$T/body")" "$IA" "...that item"
is "$(curl -s -o "$T/body" -D "$T/h" -w '%{http_code}' "$BELONGD_URL/api/v1/board/items")" 401 "API without a token: 401"
like "$(grep -i '^WWW-Authenticate' "$T/h")" 'Bearer' "...with WWW-Authenticate: Bearer"
is "$(api GET "$A")" 401 "API with the replaced token: 401"
is "$(api GET "$SA")" 401 "API with a session id as a token: 401"
n=$(items)
is "$(api POST "$B" -H 'Content-Type: application/json' -d '{"topic":"outreach","body":"From the app","share_name":true}')" 201 \
	"API POST: 201"
is "$(jq -r '.item.topic + "|" + .item.body + "|" + .item.status + "|" + (.item.history | length | tostring)' "$T/body")" \
	"outreach|From the app|new|1" "...answers with the item"
is "$(sql "select member_id, share_name from board_item where body = 'From the app'")" "$BID|t" "...stored for B"
n=$(items)
api_bad() {	# api_bad STATUS PATTERN DESCRIPTION CURL_ARGS...
	local want=$1 pat=$2 what=$3
	shift 3
	is "$(api POST "$B" "$@")" "$want" "API $what: $want"
	like "$(cat "$T/body")" "$pat" "API $what: says what"
	is "$(items)" "$n" "API $what: nothing stored"
}
J=(-H 'Content-Type: application/json')
api_bad 422 '"field":"body"' "empty text" "${J[@]}" -d '{"topic":"events","body":""}'
api_bad 422 '"field":"body"' "no text" "${J[@]}" -d '{"topic":"events"}'
api_bad 422 '"field":"body"' "text not a string" "${J[@]}" -d '{"topic":"events","body":42}'
api_bad 422 '"field":"body"' "4001 characters" "${J[@]}" -d "{\"topic\":\"events\",\"body\":\"$(cat "$T/long")\"}"
api_bad 422 '"field":"topic"' "an unknown topic" "${J[@]}" -d '{"topic":"Events","body":"x"}'
api_bad 422 '"field":"share_name"' "share_name not a boolean" "${J[@]}" -d '{"topic":"events","body":"x","share_name":"yes"}'
api_bad 422 '"field":"status"' "setting a status" "${J[@]}" -d '{"topic":"events","body":"x","status":"acted"}'
api_bad 400 '"code":"malformed"' "malformed JSON" "${J[@]}" -d '{"topic":'
api_bad 400 '"code":"malformed"' "a JSON array" "${J[@]}" -d '["events","x"]'
printf '{"topic":"events","body":"bad \xc3\x28 utf8"}' >"$T/req"
api_bad 400 'UTF-8' "invalid UTF-8" "${J[@]}" --data-binary @"$T/req"
api_bad 400 'UTF-8' "an escaped NUL" "${J[@]}" -d '{"topic":"events","body":"a\u0000b"}'
api_bad 415 'unsupported_media_type' "a form to the JSON route" -d 'topic=events&body=x'
is "$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $(printf '%032d' 0)" "${J[@]}" \
	-d '{"topic":"events","body":"x"}' "$BELONGD_URL/api/v1/board/items")" 401 "API POST with a wrong token: 401"
is "$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Basic $A2" "${J[@]}" \
	-d '{"topic":"events","body":"x"}' "$BELONGD_URL/api/v1/board/items")" 401 "API POST with Basic, not Bearer: 401"
is "$(items)" "$n" "API with a wrong token: nothing stored"
is "$(api POST "$B" "${J[@]}" -d "{\"topic\":\"events\",\"body\":\"$EVIL\"}" 2>/dev/null)" 400 \
	"API: unescaped quotes are malformed JSON"
is "$(api POST "$B" "${J[@]}" --data-binary "$(jq -n --arg b "$EVIL" '{topic:"events",body:$b}')")" 201 \
	"API: HTML and SQL in the text: 201"
is "$(sql "select body from board_item where member_id = $BID and topic = 'events' order by id desc limit 1")" "$EVIL" \
	"...stored verbatim"

# --- expired session, sign out ---------------------------------------------------------------
sql "update board_session set expires_at = now() - interval '1 second' where encode(id_hash, 'hex') = '$(sha "$SB")'" >/dev/null
is "$(page "$SB")" 401 "an expired session: 401"
like "$(cat "$T/body")" 'open your personal link|Open your personal link' "...says to sign in again"
n=$(items)
is "$(post "$SB" /board/items --data-urlencode topic=events --data-urlencode body=late --data-urlencode "form_token=$TB")" 401 \
	"posting with an expired session: 401"
is "$(items)" "$n" "...nothing stored"
is "$(post "$SA" /board/logout -d '')" 403 "sign out without the form token: 403"
is "$(sql "select count(*) from board_session where encode(id_hash, 'hex') = '$(sha "$SA")'")" 1 "...the session stays"
is "$(post "$SA" /board/logout --data-urlencode "form_token=$TA")" 303 "sign out: 303"
is "$(location)" "/board?signed_out=1&lang=en" "...to the signed-out page"
like "$(grep '^Set-Cookie' "$T/h")" 'belong_board=; Path=/board; Max-Age=0' "...clearing the cookie"
is "$(sql "select count(*) from board_session where encode(id_hash, 'hex') = '$(sha "$SA")'")" 0 "...and ending the session"
is "$(page "$SA")" 401 "the old cookie after signing out: 401"
is "$(curl -s -o "$T/body" -w '%{http_code}' "$BELONGD_URL/board?signed_out=1")" 200 "the signed-out page: 200"
like "$(curl -s "$BELONGD_URL/metrics")" 'route="board_login"' "/metrics counts the board routes"

# --- brute force: the sign-in bucket per address ------------------------------------------------
printf 'board_login_burst = 5\nboard_login_per_minute = 1\naccess_log = on\n' >"$T/belongd.conf"
kill -HUP "$BELONGD_PID"
wait_for grep -q 'configuration reloaded' "$T/belongd.log"
live() { sql "select count(*) from board_session where expires_at > now()"; }
s0=$(live)
: >"$T/codes"
for i in $(seq 1 12); do
	login "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" >>"$T/codes"
	echo >>"$T/codes"
done
is "$(sort "$T/codes" | uniq -c | awk '{print $2 ":" $1}' | tr '\n' ' ')" "401:5 429:7 " \
	"12 guesses: 5 answered, the rest 429"
is "$(login "$A2")" 429 "then even the right link waits"
like "$(grep -i '^Retry-After' "$T/h")" 'Retry-After: [0-9]+' "...with Retry-After"
is "$(api GET "$A2")" 429 "the API shares the bucket: 429"
is "$(live)" "$s0" "no session was made"

stop_belongd
is "$BELONGD_STATUS" 0 "belongd exits 0 after SIGTERM"
done_testing
