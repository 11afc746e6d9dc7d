#!/bin/bash
# belongd under abuse: the per-address rate limit, a client that sends its
# headers a byte at a time, a thousand connections at once, and a stop in
# the middle of submissions.  Each checks the database afterwards.
. "$(dirname "$0")/lib.sh"

start_pg
migrate
sql "insert into event (slug, title, instrument_id) select 'lab-day', 'Lab day', id from instrument where key = 'pulse'" >/dev/null
EV=$(sql "select id from event where slug = 'lab-day'")
head -c 32 /dev/urandom >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" -o rate_burst=5 -o rate_per_second=1 -o request_timeout=2
TOKEN=$(curl -s "$BELONGD_URL/api/v1/events/lab-day" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
uuid() { cat /proc/sys/kernel/random/uuid; }
post() {
	curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary "{\"id\":\"$1\",\"token\":\"$TOKEN\",\"answers\":{\"belong\":4,\"welcome\":4,\"voice\":4,\"future\":4,\"recommend\":8}}" \
		"$BELONGD_URL/api/v1/events/lab-day/responses"
}

# Rate limit: a burst of 5 from one address, then 429 with Retry-After.
codes=""
for i in 1 2 3 4 5 6; do codes="$codes $(post "$(uuid)")"; done
is "$codes" " 201 201 201 201 201 429" "a burst of 5 then 429"
like "$(cat "$T/headers")" 'Retry-After: [0-9]+' "429 carries Retry-After"
like "$(cat "$T/body")" '"code":"rate_limited"' "429 says rate_limited"
is "$(sql 'select count(*) from response')" 5 "the refused one is not stored"
sleep 1.2
is "$(post "$(uuid)")" 201 "a token comes back after a second"
is "$(http_status GET /healthz)" 200 "reading is not rate limited"

# A slow client: a header byte every half second, for up to 30 s, against
# request_timeout=2.  Each byte resets evhttp's inactivity timer; belongd's
# request deadline must cut the connection anyway, so writes start failing
# long before the 60th byte.  (A count of bytes, not a measured time.)
(
	trap '' PIPE
	exec 3<>/dev/tcp/127.0.0.1/"${BELONGD_URL##*:}"
	sent=0
	for i in $(seq 1 60); do
		printf 'X' >&3 2>/dev/null || break
		sent=$((sent + 1))
		sleep 0.5
	done
	echo "$sent" >"$T/slow_sent"
) &
slow=$!
sleep 0.3
is "$(http_status GET /healthz)" 200 "others are served while a slow client dribbles"
wait "$slow"
sent=$(cat "$T/slow_sent")
diag "the slow client sent $sent bytes before belongd closed the connection"
[ "$sent" -lt 60 ]; ok $? "the slow client is cut off by the request deadline"

# Keep-alive: answers announce the deadline, so a client can stop reusing
# an idle connection before belongd closes it.  A request that arrives
# while belongd's loop is held up (stopped for 2.5 s, past the 2 s deadline)
# is answered when it runs again, not dropped with the connection.
like "$(curl -s -D - -o /dev/null "$BELONGD_URL/healthz")" 'Keep-Alive: timeout=2' \
	"answers carry Keep-Alive: timeout=2 (request_timeout)"
(
	exec 3<>/dev/tcp/127.0.0.1/"${BELONGD_URL##*:}"
	req='GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'
	printf "$req" >&3
	IFS= read -r -t 5 line <&3 && echo "$line" >"$T/ka1"
	kill -STOP "$BELONGD_PID"
	sleep 2.5
	printf "$req" >&3
	# Go on once the request waits in belongd's socket (/proc/net/tcp:
	# its connection, established, with bytes in rx_queue).
	for _ in $(seq 1 50); do
		awk -v p=":$(printf '%04X' "${BELONGD_URL##*:}")" \
			'substr($2, length($2) - 4) == p && $4 == "01" && $5 !~ /:00000000$/ { f = 1 }
			END { exit !f }' /proc/net/tcp && { : >"$T/ka_queued"; break; }
		sleep 0.1
	done
	kill -CONT "$BELONGD_PID"
	# The rest of the first answer, then the second's status line.
	while IFS= read -r -t 5 line <&3; do
		case $line in HTTP/*) echo "$line" >"$T/ka2"; break ;; esac
	done
)
like "$(cat "$T/ka1" 2>/dev/null)" '^HTTP/1.1 200' "keep-alive: the first request is answered"
[ -f "$T/ka_queued" ]; ok $? "keep-alive: the second request waited in belongd's socket"
like "$(cat "$T/ka2" 2>/dev/null)" '^HTTP/1.1 200' \
	"keep-alive: a request sent as the deadline passed is answered, not dropped"

# A thousand connections at once: served or refused cleanly, no crash.
port=${BELONGD_URL##*:}
fds=()
for i in $(seq 1 1000); do
	exec {fd}<>/dev/tcp/127.0.0.1/"$port" 2>/dev/null && fds+=("$fd")
done
diag "${#fds[@]} connections open"
[ "${#fds[@]}" -ge 900 ]; ok $? "a thousand connections are accepted"
is "$(http_status GET /healthz)" 200 "still serving with a thousand connections open"
for fd in "${fds[@]}"; do exec {fd}>&-; done
kill -0 "$BELONGD_PID"; ok $? "belongd is alive"

# Beyond max_connections: refused cleanly with 503, served again once
# the others close.
stop_belongd
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" -o max_connections=20
port=${BELONGD_URL##*:}
fds=()
for i in $(seq 1 25); do
	exec {fd}<>/dev/tcp/127.0.0.1/"$port" && fds+=("$fd")
done
# The 25 are accepted in the background: ask until they are all counted.
busy() { [ "$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$BELONGD_URL/healthz")" = 503 ]; }
wait_for busy; ok $? "a connection beyond max_connections: 503"
like "$(cat "$T/headers")" 'Retry-After: 5' "...with Retry-After"
like "$(cat "$T/body")" '"code":"busy"' "...and says busy"
for fd in "${fds[@]}"; do exec {fd}>&-; done
served() { [ "$(http_status GET /healthz)" = 200 ]; }
wait_for served; ok $? "served again once the others close"

# Stop in the middle of submissions: every acknowledged answer is stored.
stop_belongd
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret"
TOKEN=$(curl -s "$BELONGD_URL/api/v1/events/lab-day" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
: >"$T/acked"
pids=()
for i in $(seq 1 40); do
	(
		id=$(uuid)
		code=$(post "$id")
		case "$code" in 200|201) echo "$id" >>"$T/acked" ;; esac
	) &
	pids+=($!)
done
some_stored() { [ "$(sql 'select count(*) from response')" -ge 12 ]; }
wait_for some_stored
kill -TERM "$BELONGD_PID"
wait "$BELONGD_PID"
is "$?" 0 "SIGTERM with submissions in flight: exit 0"
BELONGD_PID=
wait "${pids[@]}"
acked=$(wc -l <"$T/acked")
diag "$acked of 40 acknowledged before the stop"
stored=0
while read -r id; do
	stored=$((stored + $(sql "select count(*) from response where id = '$id'")))
done <"$T/acked"
is "$stored" "$acked" "every acknowledged submission is in the database"

done_testing
