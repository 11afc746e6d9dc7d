#!/bin/bash
# Deadlines and honest readiness, end to end against a real PostgreSQL:
# `belong event close` takes effect from the very next request; a stalled
# server (its backends stopped with SIGSTOP) gets the client an answer
# within the deadline and its connections replaced; /readyz says 503 while
# no connection can answer; after the server comes back, submissions are
# stored again at once.
. "$(dirname "$0")/lib.sh"

# Processes this test stopped are continued however it ends.
STOPPED=
CLIENTS_PID=
trap 'if [ -n "$STOPPED" ]; then kill -CONT $STOPPED 2>/dev/null; fi
	if [ -n "$CLIENTS_PID" ]; then kill "$CLIENTS_PID" 2>/dev/null; fi
	cleanup' EXIT

start_pg
migrate
sql "insert into event (slug, title, instrument_id)
	select 'deadline-day', 'Deadline day', id from instrument where key = 'pulse' and version = 1" >/dev/null
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
QT=1000
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" \
	-o query_timeout_ms=$QT -o connect_timeout_ms=1000 \
	-o rate_burst=100000 -o rate_per_second=100000
API=/api/v1/events/deadline-day

ready() { [ "$(http_status GET /readyz)" = 200 ]; }
not_ready() { [ "$(http_status GET /readyz)" = 503 ]; }
# The server processes serving belongd's connections.
backends() {
	sql "select pid from pg_stat_activity where application_name = 'belongd' order by pid" |
		tr '\n' ' '
}
# post [MAX_SECONDS]: a fresh response id and its form token from the
# API, then a JSON submission; prints the status (000: no answer).
post() {
	local id token
	curl -s -o "$T/event" --max-time "${1:-30}" "$BELONGD_URL$API"
	id=$(grep -o '"id":"[0-9a-f-]\{36\}"' "$T/event" | cut -d'"' -f4)
	token=$(grep -o '"token":"[^"]*"' "$T/event" | cut -d'"' -f4)
	printf '{"id":"%s","token":"%s","lang":"en","answers":{"belong":4,"welcome":5,"voice":3,"future":4,"recommend":9}}' \
		"$id" "$token" >"$T/req"
	curl -s -o "$T/body" -w '%{http_code}' --max-time "${1:-30}" \
		-H 'Content-Type: application/json' --data-binary @"$T/req" \
		"$BELONGD_URL$API/responses"
}
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

wait_for ready || bail "belongd never became ready"

# --- close and reopen take effect at once --------------------------------------
# The catalog keeps an event for two seconds; only the notification can
# make the very next request see the change.
is "$(http_status GET /e/deadline-day)" 200 "form: open"
for round in 1 2 3; do
	"$BELONG" event close deadline-day >/dev/null
	is "$(http_status GET /e/deadline-day)" 410 "round $round: closed; the very next request is 410"
	"$BELONG" event reopen deadline-day >/dev/null
	is "$(http_status GET /e/deadline-day)" 200 "round $round: reopened; the very next request is 200"
done

# --- a stalled server ------------------------------------------------------------
is "$(post)" 201 "a submission is stored"
old=$(backends)
[ -n "$old" ] || bail "no belongd connection in pg_stat_activity"
STOPPED=$old
kill -STOP $old
start=$(date +%s%N)
# Answered within the deadline (a retry on a second stalled connection
# doubles it): the bound is generous, the time is only reported.
code=$(post $((4 * QT / 1000 + 10)))
diag "stalled server: answered $code after $(ms_since "$start") ms (query_timeout_ms $QT)"
like "$code" '^(201|202|503)$' "stalled server: the client is answered (stored elsewhere, spooled or 503)"
kill -CONT $old
STOPPED=
wait_for ready
ok $? "after the stall: ready"
# Both connections open again, the stalled one on a new backend (an idle
# one resumed in time may keep its own).
replaced() {
	local now kept=0 n=0
	now=$(backends)
	for p in $now; do
		n=$((n + 1))
		case " $old " in *" $p "*) kept=$((kept + 1)) ;; esac
	done
	[ "$n" -eq 2 ] && [ "$kept" -lt 2 ]
}
wait_for replaced
ok $? "the stalled connection was replaced"
is "$(post)" 201 "after the stall: stored"

# --- readiness while no connection can answer ----------------------------------
# The postmaster stopped too: new connections cannot open either.
postmaster=$(head -1 "$T/pg/cluster/data/postmaster.pid")
old=$(backends)
STOPPED="$postmaster $old"
kill -STOP $STOPPED
wait_for not_ready
ok $? "readyz: 503 while no connection can answer"
kill -CONT $STOPPED
STOPPED=
wait_for ready
ok $? "readyz: 200 once the server answers again"

# --- back soon after the server ---------------------------------------------------
"$PGTMP" stop "$T/pg"
# Clients keep coming while the server is down (long enough for the
# reconnection backoff to reach its longest), each answered at once, and
# while it starts again.
for _ in $(seq 1 20); do
	post 10 >/dev/null
	sleep 0.2
done
while :; do
	curl -s -o /dev/null --max-time 10 "$BELONGD_URL$API"
	sleep 0.1
done &
CLIENTS_PID=$!
"$PGTMP" start "$T/pg" >/dev/null || bail "cannot restart PostgreSQL"
stored=1
for _ in $(seq 1 200); do
	if [ "$(post 10)" = 201 ]; then
		stored=0
		break
	fi
	sleep 0.05
done
ok $stored "after the server is back, submissions are stored again"
# From the two logs: when PostgreSQL was ready, when belongd's first
# connection was up again.
ready_at=$(grep 'ready to accept connections' "$T/pg/cluster/server.log" | tail -1 | cut -d' ' -f1-3)
up_at=$(grep 'database connection [0-9]* is up' "$T/belongd.log" | tail -2 | head -1 | cut -d' ' -f1)
if [ -n "$ready_at" ] && [ -n "$up_at" ]; then
	diag "connection open again $(( $(date -d "$up_at" +%s%3N) - $(date -d "$ready_at" +%s%3N) )) ms after PostgreSQL was ready"
fi
kill "$CLIENTS_PID"
wait "$CLIENTS_PID" 2>/dev/null
CLIENTS_PID=

stop_belongd
is "$BELONGD_STATUS" 0 "belongd exits 0"
done_testing
