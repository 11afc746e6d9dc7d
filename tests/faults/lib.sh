# Shared by the fault tests: a private PostgreSQL and a real belongd (from
# tests/integration/lib.sh) under a load of concurrent clients
# (tests/faults/load.py) that record every answer; a script injects its
# fault between fault_begin and fault_back, then fault_finish checks that
#   - every acknowledged id (200, 201, 202) is in response, exactly once,
#     with its answers once -- after waiting for the spool to drain;
#   - no client waited past the deadline (FAULT_BOUND_MS, below);
#   - every answer is 200, 201, 202 or 503, and every request is answered
#     unless the script kills belongd (NO_ANSWER_OK=yes);
# and prints acknowledged, queued, refused, lost and the recovery time
# (from the fault's end to the first 201) as TAP diagnostics.
#
# belongd without a spool (no spool_dir option) refuses with 503 what it
# cannot store; the checks are the same.

. "$(dirname "$0")/../integration/lib.sh"

FAULTS=$SRCDIR/tests/faults
STARTED_AT=$(date +%s.%N | cut -c1-14)
SLUG=fault-day
LOAD_PID=
STOPPED=	# processes stopped with SIGSTOP, continued however the test ends
NO_ANSWER_OK=no	# yes: the script kills belongd, its clients' requests with it

fault_cleanup() {
	if [ -n "$STOPPED" ]; then
		kill -CONT $STOPPED 2>/dev/null
	fi
	if [ -n "$LOAD_PID" ]; then
		touch "$T/stop"
		kill "$LOAD_PID" 2>/dev/null
	fi
	cleanup
}
trap fault_cleanup EXIT

# has_option NAME: this belongd knows the option NAME.
has_option() { "$BELONGD" --help 2>&1 | grep -q "^  $1 "; }

# --- the deadline ---------------------------------------------------------------
# The options the tests set, and the longest a client may wait for its
# answer, derived from them: request_timeout (the time belongd gives a
# client to send its request), plus the writer's limit on a submission
# waiting for a connection (5 s, WRITER_QUEUE_TIMEOUT_S in
# daemon/writer.c, swept once a second: 6 s), plus two statement
# deadlines (a batch whose connection breaks is tried once more), one
# connection deadline, and spool_after_ms.  Each term is belongd's own;
# their sum is generous (a client is normally answered within one of
# them) so that a loaded machine or a sanitizer build stays inside it.
REQUEST_TIMEOUT_S=10
QUERY_TIMEOUT_MS=1000
CONNECT_TIMEOUT_MS=1000
SPOOL_AFTER_MS=500
FAULT_BOUND_MS=$((REQUEST_TIMEOUT_S * 1000 + 6000 + 2 * QUERY_TIMEOUT_MS + \
	CONNECT_TIMEOUT_MS + SPOOL_AFTER_MS))

# The load: clients, and how many answers make a phase.  Modest, for
# sanitizer builds on a shared machine.
LOAD_CLIENTS=${FAULT_CLIENTS:-8}
PHASE_ANSWERS=40

now() { date +%s.%N | cut -c1-14; }
# span T: seconds from the test's start to T.
span() { awk -v a="$STARTED_AT" -v b="$1" 'BEGIN { printf "%.1f", b - a }'; }
# elapsed FROM: seconds since FROM, with milliseconds.
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# wait_until SECONDS CMD...: poll CMD until it succeeds; 1 after SECONDS.
# A bound on waiting for a condition, never a check on time.
wait_until() {
	local limit=$1 start
	shift
	start=$(now)
	while ! "$@"; do
		awk -v e="$(elapsed "$start")" -v l="$limit" 'BEGIN { exit !(e < l) }' || return 1
		sleep 0.1
	done
}

metric() {	# metric NAME: its value in /metrics
	curl -s --max-time 5 "$BELONGD_URL/metrics" | awk -v n="$1" '$1 == n { print $2 }'
}
db_up() { [ "$(metric belongd_db_connections_up)" -gt 0 ] 2>/dev/null; }
db_down() { [ "$(metric belongd_db_connections_up)" = 0 ]; }

# --- set-up -----------------------------------------------------------------------
# fault_start_belongd: (re)start belongd with OPTS on a free port, and
# tell the load where it is now.
fault_start_belongd() {
	cat "$T/belongd.log" >>"$T/belongd.earlier.log" 2>/dev/null
	start_belongd "${OPTS[@]}"
	echo "$BELONGD_URL" >"$T/url.new"
	mv "$T/url.new" "$T/url"
}

fault_setup() {
	local ev
	start_pg
	# Test clusters run with synchronous_commit off: a commit would be
	# acknowledged before its WAL is written, and lost with the server.
	# Here PostgreSQL is crashed on purpose, so a commit must have
	# reached the WAL (the operating system's cache is enough: fsync
	# stays off, only processes crash).
	if ! sql "alter system set synchronous_commit = on" >/dev/null ||
	    ! sql "select pg_reload_conf()" >/dev/null; then
		bail "cannot set synchronous_commit"
	fi
	sync_commit_on() { [ "$(sql "show synchronous_commit")" = on ]; }
	wait_until 10 sync_commit_on || bail "synchronous_commit stays off"
	migrate
	sql "insert into event (slug, title, instrument_id)
		select '$SLUG', 'Fault day', id from instrument where key = 'pulse' and version = 1" >/dev/null
	EV=$(sql "select id from event where slug = '$SLUG'")
	head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
	OPTS=(--dsn "$PG_DSN" --secret-file "$T/secret" -o rate_burst=1000000
		-o rate_per_second=1000000 -o request_timeout="$REQUEST_TIMEOUT_S")
	has_option query_timeout_ms && OPTS+=(-o query_timeout_ms="$QUERY_TIMEOUT_MS")
	has_option connect_timeout_ms && OPTS+=(-o connect_timeout_ms="$CONNECT_TIMEOUT_MS")
	SPOOL=
	# FAULT_NO_SPOOL=1 runs a belongd that has a spool without one.
	if [ -z "${FAULT_NO_SPOOL:-}" ] && has_option spool_dir; then
		SPOOL=$T/spool
		OPTS+=(-o spool_dir="$SPOOL" -o spool_after_ms="$SPOOL_AFTER_MS")
	fi
	fault_start_belongd
	wait_until 30 db_up || bail "belongd did not connect to PostgreSQL"
	# Tokens are signed here; their version is the one belongd serves.
	ev=$(curl -s --max-time 10 "$BELONGD_URL/api/v1/events/$SLUG")
	TOKEN_VERSION=$(printf '%s' "$ev" | sed -n 's/.*"token":"\([0-9]*\)\..*/\1/p')
	[ -n "$TOKEN_VERSION" ] || bail "no form token from GET /api/v1/events/$SLUG: $ev"
	diag "belongd: $BELONGD ($([ -n "$SPOOL" ] && echo "spool_dir set" || echo "no spool"), $(
		has_option query_timeout_ms && echo "query deadline" || echo "no query deadline")); deadline bound ${FAULT_BOUND_MS} ms"
}

# pg_restart: start PostgreSQL again (after a crash: recovery first);
# PG_READY_AT is when it said it accepts connections again (its log's
# time; now, if the log does not say).
pg_restart() {
	local ready
	"$PGTMP" start "$T/pg" >/dev/null 2>"$T/pgstart.err" ||
		bail "cannot start PostgreSQL: $(tail -3 "$T/pgstart.err")"
	ready=$(grep 'ready to accept connections' "$T/pg/cluster/server.log" 2>/dev/null |
		tail -1 | awk '{ print $1, $2, $3 }')
	PG_READY_AT=$(date -d "$ready" +%s.%N 2>/dev/null | cut -c1-14)
	[ -n "$ready" ] && [ -n "$PG_READY_AT" ] || PG_READY_AT=$(now)
}

# --- the load ---------------------------------------------------------------------
LOAD=$T/load.out

load_start() {
	: >"$LOAD"
	rm -f "$T/stop"
	# It stops itself: after --count attempts, --seconds, or $T/stop.
	python3 "$FAULTS/load.py" --url-file "$T/url" --slug "$SLUG" --event-id "$EV" \
		--secret-file "$T/secret" --token-version "$TOKEN_VERSION" \
		--clients "$LOAD_CLIENTS" --count 8000 --seconds 50 \
		--timeout $((FAULT_BOUND_MS / 1000 + 10)) \
		--stop-file "$T/stop" --out "$LOAD" 2>"$T/load.err" &
	LOAD_PID=$!
}

load_stop() {
	touch "$T/stop"
	wait "$LOAD_PID"
	LOAD_RC=$?
	LOAD_PID=
}

# answers_since T [STATUS_RE]: requests begun at or after T that were
# answered (with a status matching STATUS_RE, default any).
answers_since() {
	awk -v t="$1" -v re="^(${2:-.*})\$" '$4 >= t && $2 ~ re { n++ } END { print n + 0 }' "$LOAD"
}
# answered_since T N [STATUS_RE]: at least N such answers.
answered_since() { [ "$(answers_since "$1" "${3:-}")" -ge "$2" ]; }
# stored_since T N: at least N answered 201 that ended at or after T.
stored_since() {
	[ "$(awk -v t="$1" '$5 >= t && $2 == "201" { n++ } END { print n + 0 }' "$LOAD")" -ge "$2" ]
}

# --- the fault --------------------------------------------------------------------
# fault_begin NAME: the load runs and has stored some; the fault starts now.
fault_begin() {
	FAULT_NAME=$1
	load_start
	local t0
	t0=$(now)
	wait_until 40 stored_since "$t0" "$PHASE_ANSWERS" ||
		bail "the load stored nothing before the fault: $(cut -d' ' -f2 "$LOAD" | sort | uniq -c | tr '\n' ' ') $(tail -3 "$T/load.err")"
	FAULT_AT=$(now)
}

# outage [SECONDS]: let the load meet the fault: PHASE_ANSWERS answers
# to requests begun since now (up to SECONDS, default 15).
outage() {
	local t
	t=$(now)
	wait_until "${1:-15}" answered_since "$t" "$PHASE_ANSWERS" ||
		diag "only $(answers_since "$t") answers in ${1:-15} s of the outage"
}

# fault_back [T]: the fault ended at T (default: now); the load goes on
# until belongd stores again.
fault_back() {
	BACK_AT=${1:-$(now)}
	wait_until 30 stored_since "$BACK_AT" "$PHASE_ANSWERS" ||
		diag "only $(awk -v t="$BACK_AT" '$5 >= t && $2 == "201"' "$LOAD" | wc -l) stored in 30 s after the fault"
}

# --- the checks -------------------------------------------------------------------
acked_missing() {
	sql "select count(*) from fault_acked a where not exists
		(select 1 from response r where r.event_id = $EV and r.id = a.id)"
}
all_acked_stored() { [ "$(acked_missing)" = 0 ]; }
spool_drained() {
	[ -z "$SPOOL" ] || [ "$(metric belongd_spool_records)" = 0 ]
}

# fault_finish: stop the load, wait for the spool to drain, check, print.
fault_finish() {
	local acked queued refused noanswer other lost twice late maxms recovery
	load_stop
	awk '$2 ~ /^20[012]$/ { print $1 }' "$LOAD" >"$T/acked"
	psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" >/dev/null <<-EOF || bail "cannot load the acknowledged ids"
		create table fault_acked (id uuid primary key);
		\copy fault_acked from '$T/acked'
	EOF
	# Everything spooled is replayed: wait for it (polling the database).
	wait_until 40 all_acked_stored
	wait_until 20 spool_drained
	DRAINED_AT=$(now)

	acked=$(wc -l <"$T/acked")
	queued=$(awk '$2 == "202"' "$LOAD" | wc -l)
	refused=$(awk '$2 == "503"' "$LOAD" | wc -l)
	noanswer=$(awk '$2 == "err" || $2 == "timeout"' "$LOAD" | wc -l)
	other=$(awk '$2 !~ /^(20[012]|503|err|timeout)$/ { print $2 }' "$LOAD" | sort | uniq -c | tr -s ' \n' '  ')
	lost=$(acked_missing)
	twice=$(sql "select count(*) from fault_acked a where
		(select count(*) from response r where r.event_id = $EV and r.id = a.id) > 1 or
		(select count(*) from answer n where n.event_id = $EV and n.response_id = a.id) > 5")
	late=$(awk -v b="$FAULT_BOUND_MS" '$3 > b || $2 == "timeout"' "$LOAD" | wc -l)
	maxms=$(awk '$3 > m { m = $3 } END { print m + 0 }' "$LOAD")
	recovery=$(awk -v t="$BACK_AT" '$2 == "201" && $5 >= t && (m == "" || $5 < m) { m = $5 }
		END { if (m == "") print "none"; else printf "%.3f s", m - t }' "$LOAD")

	ok "$([ "$acked" -gt 0 ]; echo $?)" "$FAULT_NAME: the load was acknowledged ($acked)"
	is "$lost" 0 "$FAULT_NAME: every acknowledged id is in response"
	is "$twice" 0 "$FAULT_NAME: none stored twice (one row, five answers each)"
	is "$late" 0 "$FAULT_NAME: no client waited past the deadline ($FAULT_BOUND_MS ms; longest $maxms ms)"
	if [ -n "$SPOOL" ]; then
		is "$(metric belongd_spool_records)" 0 "$FAULT_NAME: the spool is drained"
	fi
	is "$other" "" "$FAULT_NAME: every answer is 200, 201, 202 or 503"
	if [ "$NO_ANSWER_OK" != yes ]; then
		is "$noanswer" 0 "$FAULT_NAME: every request is answered"
	fi
	ok "$(kill -0 "$BELONGD_PID" 2>/dev/null; echo $?)" "$FAULT_NAME: belongd still runs"
	is "$LOAD_RC" 0 "$FAULT_NAME: the load generator ran cleanly"
	[ "$LOAD_RC" = 0 ] || diag "$(tail -5 "$T/load.err")"
	if [ "$lost" != 0 ] || [ "$twice" != 0 ]; then
		diag "$(tail -20 "$T/belongd.log")"
	fi
	diag "$(printf '%-24s %8s %8s %8s %8s %8s %10s %10s' fault sent acked queued refused lost "no answer" recovery)"
	diag "$(printf '%-24s %8s %8s %8s %8s %8s %10s %10s' "$FAULT_NAME" "$(wc -l <"$LOAD")" \
		"$acked" "$queued" "$refused" "$lost" "$noanswer" "$recovery")"
	diag "longest wait $maxms ms; seconds from the start: fault $(span "$FAULT_AT"), back $(span "$BACK_AT"), drained $(span "$DRAINED_AT")"
	stop_belongd
	is "$BELONGD_STATUS" 0 "$FAULT_NAME: belongd stops on SIGTERM, exit 0"
}
