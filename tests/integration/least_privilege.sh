#!/bin/bash
# belongd as a least-privileged role: `belong db grant ROLE` gives it what
# the survey, the draw and the board need, and it still cannot read the
# answers, comments, draw entries or demographics it stores.
. "$(dirname "$0")/lib.sh"

start_pg
migrate
"$BELONG" event add --slug open-lab --title "Open lab" --draw "a kit" >/dev/null
sql "create role belongd_app login" >/dev/null
out=$("$BELONG" db grant belongd_app); ok $? "db grant exits 0"
is "$out" "granted belongd's privileges to belongd_app" "db grant says so"
"$BELONG" db grant belongd_app >/dev/null; ok $? "db grant twice is harmless"
"$BELONG" db grant 'x"; drop table event; --' >/dev/null 2>"$T/err"
is "$?" 1 "a role that does not exist: exit 1"
like "$(cat "$T/err")" '^belong: database error: .*role "x"; drop table event; --" does not exist' \
	"...named in the error"
is "$(sql "select count(*) from event")" 1 "...and nothing dropped"
"$BELONG" db grant >/dev/null 2>&1
is "$?" 2 "db grant without a role: exit 2"

APP_DSN=$(printf '%s\n' "$PG_DSN" | sed 's/user=[^ ]*/user=belongd_app/')
app_sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$APP_DSN" -c "$1" 2>&1; }
head -c 32 /dev/urandom >"$T/secret"
start_belongd --dsn "$APP_DSN" --secret-file "$T/secret"
ready() { [ "$(http_status GET /readyz)" = 200 ]; }
wait_for ready; ok $? "belongd as belongd_app is ready"

# The survey: API, duplicate, form, draw.
is "$(http_status GET /api/v1/events/open-lab)" 200 "the event as JSON"
TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$T/body")
ID=$(sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p' "$T/body")
BODY="{\"id\":\"$ID\",\"token\":\"$TOKEN\",\"answers\":{\"belong\":4,\"welcome\":4,\"voice\":4,\"future\":4,\"recommend\":8,\"change\":\"x\"},\"about\":{\"gender\":\"woman\"}}"
is "$(http_status POST /api/v1/events/open-lab/responses -H 'Content-Type: application/json' --data-binary "$BODY")" 201 \
	"a submission is stored"
is "$(http_status POST /api/v1/events/open-lab/responses -H 'Content-Type: application/json' --data-binary "$BODY")" 200 \
	"...and recognised the second time"
is "$(sql "select count(*) from response where id = '$ID'")" 1 "one row"
is "$(http_status GET /e/open-lab)" 200 "the form"
FT=$(sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)
FID=$(sed -n 's/.*name="id" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)
is "$(http_status POST /e/open-lab --data-urlencode "id=$FID" --data-urlencode "token=$FT" -d q_belong=5 \
	-d q_welcome=5 -d q_voice=5 -d q_future=5 -d q_recommend=10)" 303 "a form submission"
is "$(sql "select count(*) from response where id = '$FID'")" 1 "...stored"
is "$(http_status POST /e/open-lab/draw --data-urlencode "token=$FT" -d email=a@example.org)" 303 "a draw entry"
is "$(sql "select count(*) from draw_entry")" 1 "...stored"

# The board: sign in, send an item, see it, sign out.
LINK=$("$BELONG" board add-member --name "Ana" --base-url "$BELONGD_URL" | grep -o 't=[0-9a-f]*' | cut -c3-)
code=$(curl -s -o /dev/null -D "$T/h" -w '%{http_code}' "$BELONGD_URL/board/login?t=$LINK")
is "$code" 303 "board sign-in"
SID=$(sed -n 's/^Set-Cookie: belong_board=\([0-9a-f]*\);.*/\1/p' "$T/h" | tr -d '\r')
is "$(http_status GET /board -H "Cookie: belong_board=$SID")" 200 "the board page"
BT=$(sed -n 's/.*name="form_token" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
is "$(http_status POST /board/items -H "Cookie: belong_board=$SID" --data-urlencode topic=events \
	--data-urlencode 'body=More labs' --data-urlencode "form_token=$BT")" 303 "a board item"
is "$(http_status GET /board -H "Cookie: belong_board=$SID")" 200 "the board page again"
like "$(cat "$T/body")" 'More labs' "...lists the item"
is "$(http_status POST /board/logout -H "Cookie: belong_board=$SID" --data-urlencode "form_token=$BT")" 303 "sign out"

# What the role cannot do.
for q in "select value from answer" "select body from answer_text" "select gender from response" \
	"select contact from draw_entry" "select share from benchmark" "delete from response" \
	"update event set closes_at = now()" "insert into event (slug, title, instrument_id) values ('x-y-z', 'x', 1)" \
	"insert into setting (key, value) values ('org_name', 'x')"; do
	like "$(app_sql "$q")" 'permission denied' "belongd_app cannot: $q"
done
stop_belongd
is "$BELONGD_STATUS" 0 "SIGTERM: exit 0"
done_testing
