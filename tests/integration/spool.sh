#!/bin/bash
# The durable spool: with PostgreSQL stopped, or a transaction stuck past
# spool_after_ms, submissions are written to spool_dir, fsync'd and
# answered (API 202 "queued", the form its thank-you page); after a
# SIGKILL and a restart they are replayed, each stored exactly once; a
# torn tail and a damaged segment are survived; a full spool answers 503.
. "$(dirname "$0")/lib.sh"

start_pg
migrate
sql "insert into event (slug, title, instrument_id)
	select 'spool-day', 'Spool day', id from instrument where key = 'pulse' and version = 1" >/dev/null
EV=$(sql "select id from event where slug = 'spool-day'")
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
: >"$T/tokens"
SPOOL=$T/spool
API=/api/v1/events/spool-day
OPTS=(--dsn "$PG_DSN" --secret-file "$T/secret" -o rate_burst=100000
	-o rate_per_second=100000)

# fresh: a response id and its form token from the API (no database
# needed), in ID and TOKEN; tokens of ids sent again are kept in $T/tokens.
fresh() {
	local ev
	ev=$(curl -s "$BELONGD_URL$API")
	ID=$(printf '%s' "$ev" | sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p')
	TOKEN=$(printf '%s' "$ev" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
	echo "$ID $TOKEN" >>"$T/tokens"
}
token_of() { awk -v id="$1" '$1 == id { print $2 }' "$T/tokens"; }
# post_json ID: POST a valid response; prints the status, body in $T/body,
# headers in $T/headers.
post_json() {
	printf '{"id":"%s","token":"%s","lang":"en","answers":{"belong":4,"welcome":5,"voice":3,"future":4,"recommend":9}}' \
		"$1" "$(token_of "$1")" >"$T/req"
	curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary @"$T/req" "$BELONGD_URL$API/responses"
}
# post_form ID: POST the HTML form; prints the status, headers in $T/headers.
post_form() {
	curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' --data-urlencode "id=$1" \
		--data-urlencode "token=$(token_of "$1")" -d lang=es -d q_belong=5 -d q_welcome=5 \
		-d q_voice=4 -d q_future=5 -d q_recommend=10 "$BELONGD_URL/e/spool-day"
}
metric() {	# metric NAME: its value in /metrics
	curl -s "$BELONGD_URL/metrics" | awk -v n="$1" '$1 == n { print $2 }'
}
# eventually CMD...: CMD succeeds within a minute (polled, so a loaded
# machine only makes it slower).
eventually() {
	for _ in $(seq 1 600); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
db_up() { [ "$(metric belongd_db_connections_up)" -gt 0 ] 2>/dev/null; }
db_down() { [ "$(metric belongd_db_connections_up)" = 0 ]; }
stored() {	# stored FILE: how many of the ids in FILE are in response
	sql "select count(*) from response where event_id = $EV and id::text in
		($(sed "s/.*/'&'/" "$1" | paste -sd, -))"
}
all_stored() { [ "$(stored "$1")" = "$(wc -l <"$1")" ]; }
spool_empty() {
	[ "$(metric belongd_spool_records)" = 0 ] &&
		[ "$(find "$SPOOL" -name '*.seg' | wc -l)" = 0 ]
}

# --- PostgreSQL stopped: the spool answers ----------------------------------------
start_belongd "${OPTS[@]}" -o spool_dir="$SPOOL" -o spool_after_ms=200
eventually db_up || bail "belongd did not connect"
fresh
is "$(post_json "$ID")" 201 "database up: 201 as before"
is "$(stat -c %a "$SPOOL")" 700 "spool_dir created 0700"

"$PGTMP" stop "$T/pg" || bail "cannot stop PostgreSQL"
ok "$(eventually db_down; echo $?)" "belongd notices the database is gone"
is "$(http_status GET /readyz)" 200 "/readyz: ready while the spool has room"

: >"$T/queued"
codes=
for i in $(seq 1 30); do
	fresh
	code=$(post_json "$ID")
	[ "$code" = 202 ] && grep -q "^{\"id\":\"$ID\",\"status\":\"queued\"}\$" "$T/body" &&
		echo "$ID" >>"$T/queued"
	codes="$codes $code"
done
is "$(wc -l <"$T/queued")" 30 "30 API submissions, database stopped: 202 {\"id\":...,\"status\":\"queued\"}"
[ "$(wc -l <"$T/queued")" = 30 ] || diag "codes:$codes" "$(tail -5 "$T/belongd.log")"
fresh
FORM_ID=$ID
is "$(post_form "$FORM_ID")" 303 "the form, database stopped: 303"
like "$(cat "$T/headers")" 'Location: /e/spool-day/thanks\?lang=es' "...to the thank-you page"
echo "$FORM_ID" >>"$T/queued"
# Spooled twice while the database is away: stored once.
TWICE=$(head -1 "$T/queued")
is "$(post_json "$TWICE")" 202 "the same id again, still stopped: 202"
# Spooled now, committed directly later (by another belongd): stored once.
fresh
LATER=$ID
is "$(post_json "$LATER")" 202 "an id to be committed directly as well: 202"
echo "$LATER" >>"$T/queued"

segs=$(find "$SPOOL" -name '*.seg')
ok "$([ -n "$segs" ]; echo $?)" "segment files in spool_dir"
is "$(stat -c %a $segs | sort -u | tr '\n' ' ')" "600 " "segment files are 0600"
is "$(metric belongd_spool_records)" 33 "/metrics: 33 records spooled"
is "$(metric belongd_spool_bytes)" "$(cat $segs | wc -c)" "/metrics: spool bytes = the files' size"
like "$(metric belongd_spool_oldest_seconds)" '^[0-9]+\.[0-9]+$' "/metrics: the oldest record's age"
like "$(curl -s "$BELONGD_URL/metrics")" 'belongd_submissions_total\{result="queued"\} 33' \
	"/metrics: 33 submissions queued"

# --- SIGKILL; a torn tail; a damaged segment ---------------------------------------
kill -KILL "$BELONGD_PID"
{ wait "$BELONGD_PID"; } 2>/dev/null
BELONGD_PID=
newest=$(ls "$SPOOL"/*.seg | sort | tail -1)
oldest=$(ls "$SPOOL"/*.seg | sort | head -1)
size=$(stat -c %s "$newest")
# A write cut short by the crash: half a record, never acknowledged.
printf 'BSR1\200\001\000\000\000\000' >>"$newest"
# A copy of a segment under an older name with one byte of its first row
# damaged: moved aside, its intact rows (all stored already) replayed.
cp "$oldest" "$SPOOL/0000000000000000.seg"
printf 'X' | dd of="$SPOOL/0000000000000000.seg" bs=1 seek=30 conv=notrunc 2>/dev/null

"$PGTMP" start "$T/pg" >/dev/null || bail "cannot start PostgreSQL"
# Another belongd, without a spool, commits LATER first: 201.
start_belongd "${OPTS[@]}"
eventually db_up || bail "belongd did not connect"
is "$(post_json "$LATER")" 201 "spooled id committed directly first: 201"
stop_belongd

start_belongd "${OPTS[@]}" -o spool_dir="$SPOOL" -o spool_after_ms=200
ok "$(eventually all_stored "$T/queued"; echo $?)" "after the restart every queued id is stored"
is "$(sql "select count(*) from response where event_id = $EV")" 33 "each exactly once (33 rows)"
is "$(sql "select count(*) from answer where event_id = $EV")" 165 "with their answers, once (5 each)"
is "$(sql "select lang from response where id = '$FORM_ID'")" es "the form's answer, in Spanish"
ok "$(eventually spool_empty; echo $?)" "segments deleted once replayed"
is "$(stat -c %s "$newest" 2>/dev/null || echo gone)" gone "...the torn one too"
like "$(cat "$T/belongd.log")" "cut off a torn last record" "the torn tail is logged"
ok "$([ -f "$SPOOL/0000000000000000.corrupt" ]; echo $?)" "the damaged segment is moved aside"
like "$(cat "$T/belongd.log")" "0000000000000000.seg has a damaged record" "...with a log line"
ok "$(kill -0 "$BELONGD_PID"; echo $?)" "belongd keeps running"
like "$(metric belongd_spool_replayed_total)" '^[0-9]+$' "/metrics: replayed rows"
ok "$([ "$(metric belongd_spool_replayed_total)" -ge 33 ]; echo $?)" "...at least the 33 spooled"
is "$(post_json "$TWICE")" 200 "a replayed id sent again: 200"
[ "$size" -gt 0 ] || diag "newest segment was empty"

# --- a transaction stuck past spool_after_ms ------------------------------------------
mkfifo "$T/lock"
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" <"$T/lock" >/dev/null 2>&1 &
LOCKER=$!
exec 3>"$T/lock"
echo "begin; lock table response in access exclusive mode;" >&3
locked() {
	[ "$(sql "select count(*) from pg_locks l join pg_class c on c.oid = l.relation
		where c.relname = 'response' and l.mode = 'AccessExclusiveLock' and l.granted")" = 1 ]
}
eventually locked || bail "cannot lock the response table"
: >"$T/stuck"
for i in 1 2 3; do
	fresh
	[ "$(post_json "$ID")" = 202 ] && echo "$ID" >>"$T/stuck"
done
is "$(wc -l <"$T/stuck")" 3 "a transaction stuck past spool_after_ms: 202 queued"
echo "commit;" >&3
exec 3>&-
wait "$LOCKER"
ok "$(eventually all_stored "$T/stuck"; echo $?)" "...then stored"
ok "$(eventually spool_empty; echo $?)" "...and the spool drained"
is "$(sql "select count(*) from answer a join response r on r.event_id = a.event_id and r.id = a.response_id
	where r.id::text in ($(sed "s/.*/'&'/" "$T/stuck" | paste -sd, -))")" 15 \
	"committed by the stuck statement and replayed: stored once"
stop_belongd
is "$BELONGD_STATUS" 0 "SIGTERM: exit 0"

# --- a full spool: 503 with Retry-After -------------------------------------------------
start_belongd "${OPTS[@]}" -o spool_dir="$SPOOL" -o spool_max_bytes=4096
eventually db_up || bail "belongd did not connect"
# The event is known before the database goes: submissions can be checked.
is "$(http_status GET "$API")" 200 "the event, read while the database is up"
"$PGTMP" stop "$T/pg" || bail "cannot stop PostgreSQL"
ok "$(eventually db_down; echo $?)" "database stopped again"
: >"$T/full"
code=202
n=0
while [ "$code" = 202 ] && [ "$n" -lt 100 ]; do
	fresh
	code=$(post_json "$ID")
	[ "$code" = 202 ] && echo "$ID" >>"$T/full"
	n=$((n + 1))
done
is "$code" 503 "spool full: 503"
like "$(cat "$T/headers")" 'Retry-After: [0-9]+' "...with Retry-After"
ok "$([ "$(wc -l <"$T/full")" -ge 5 ]; echo $?)" "...after some were spooled ($(wc -l <"$T/full"))"
is "$(http_status GET /readyz)" 503 "/readyz: 503 with the database down and the spool full"
"$PGTMP" start "$T/pg" >/dev/null || bail "cannot start PostgreSQL"
ok "$(eventually all_stored "$T/full"; echo $?)" "the database back: the spooled ones stored"
ok "$(eventually spool_empty; echo $?)" "...and the spool drained"
is "$(http_status GET /readyz)" 200 "/readyz: 200 again"
stop_belongd
is "$BELONGD_STATUS" 0 "SIGTERM: exit 0"

done_testing
