#!/bin/bash
# The topology of doc/deploy.md "Two machines", on one: HAProxy in front
# of two belongd; PostgreSQL primary and synchronous standby managed by
# pg_auto_failover; belongd's DSN names both nodes with
# target_session_attrs=read-write.  Under a load of clients recording
# every answer through HAProxy:
#   1. X-Forwarded-For: belongd's rate limit sees the client's address,
#      not HAProxy's;
#   2. belongd 1 killed with SIGKILL: HAProxy routes around it;
#   3. the primary lost (its pg_autoctl and PostgreSQL killed with
#      SIGKILL): the standby is promoted, belongd reconnects, submissions
#      go on (spooled or refused meanwhile);
#   4. the old primary rejoins as the standby; every acknowledged id is in
#      the new primary exactly once;
#   5. belong report against the standby prints what it prints against
#      the primary once the standby has replayed everything, and the
#      rollup refresh is skipped there without an error.
# Then the table: acknowledged, queued, refused, lost, failover time.
. "$(dirname "$0")/lib.sh"

SLUG=cluster-day
now() { date +%s.%N | cut -c1-14; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

formation_start
diag "formation up after $SECONDS s"
PRIMARY=$(formation_state | awk -F'|' '{ gsub(/ /, "") } $7 == "primary" { print $1 }')
STANDBY=node1
[ "$PRIMARY" = node1 ] && STANDBY=node2
is "$(node_state "$STANDBY")" secondary "formation: $PRIMARY primary, $STANDBY its standby"
is "$(node_sql "$PRIMARY" "show synchronous_commit")" on "primary: synchronous_commit on"
like "$(node_sql "$PRIMARY" "show synchronous_standby_names")" "pgautofailover_standby" \
	"primary: a commit waits for the standby (synchronous_standby_names)"
retry 100 test "$(node_sql "$PRIMARY" "select sync_state from pg_stat_replication")" != async
like "$(node_sql "$PRIMARY" "select sync_state from pg_stat_replication")" '^(sync|quorum)$' \
	"primary: the standby replicates synchronously"

"$BELONG" db migrate --dsn "$DSN" >/dev/null || bail "belong db migrate failed"
PG_DSN=$DSN
sql "insert into event (slug, title, instrument_id)
	select '$SLUG', 'Cluster day', id from instrument where key = 'pulse' and version = 1" >/dev/null
EV=$(sql "select id from event where slug = '$SLUG'")
# Earlier responses for the reports of step 5: three months ago, in two
# groups, belonging and answers varying.
sql "insert into event (slug, title, instrument_id, starts_on)
	select 'spring-fair', 'Spring fair', id, current_date - 90 from instrument
	where key = 'pulse' and version = 1;
create temp table fx as select gen_random_uuid() id, i, 1 + i % 5 v,
	case when i % 3 = 0 then 'woman' when i % 3 = 1 then 'man' else null end gender
	from generate_series(1, 240) i;
insert into response (event_id, id, submitted_at, lang, instrument_id, belonging, role, gender)
	select e.id, fx.id, current_date - 90 + (fx.i % 7) * interval '1 day', 'en',
	e.instrument_id, (fx.v - 1) * 25, 'student', fx.gender
	from fx, event e where e.slug = 'spring-fair';
insert into answer (event_id, response_id, item, value)
	select e.id, fx.id, it, fx.v from fx, event e,
	unnest(array['belong', 'welcome', 'voice', 'future']) it where e.slug = 'spring-fair'" \
	>/dev/null || bail "cannot load the earlier responses"

# --- belongd x 2 and HAProxy ---------------------------------------------------------
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
# The rate limit in the file, so that step 1's low limit can be raised
# with SIGHUP (-o would override the file).
printf 'rate_burst = 5\nrate_per_second = 1\n' >"$T/belongd.conf"
B1=$(free_port) B2=$(free_port) HP=$(free_port)
BELONGD_OPTS=(--secret-file "$T/secret" -o trusted_proxies=127.0.0.1,::1
	-o spool_after_ms=500 -o query_timeout_ms=1000 -o connect_timeout_ms=1000)
belongd_start 1 "$B1" "${BELONGD_OPTS[@]}"
belongd_start 2 "$B2" "${BELONGD_OPTS[@]}"
haproxy_start "$HP" "127.0.0.1:$B1" "127.0.0.1:$B2"
both_up() {
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$HAPROXY_URL/readyz")" = 200 ] &&
	[ "$(belongd_metric "$B1" belongd_db_connections_up)" -gt 0 ] 2>/dev/null &&
	[ "$(belongd_metric "$B2" belongd_db_connections_up)" -gt 0 ] 2>/dev/null
}
retry 150 both_up
ok $? "HAProxy answers /readyz; both belongd are connected"

# load FILE URL ARGS...: tests/faults/load.py against URL, answers in FILE.
load() {
	local out=$1 url=$2
	shift 2
	echo "$url" >"$T/url.$out"
	python3 "$SRCDIR/tests/faults/load.py" --url-file "$T/url.$out" --slug "$SLUG" \
		--event-id "$EV" --secret-file "$T/secret" --stop-file "$T/stop" \
		--out "$T/$out" "$@"
}
status_count() { awk -v s="$2" '$2 == s' "$T/$1" | wc -l; }

# --- 1. the client's address, not HAProxy's ------------------------------------------
# One client over IPv6 sends more than both belongd's burst; HAProxy
# connects to belongd from 127.0.0.1 and names the client (::1) in
# X-Forwarded-For.  Then one request over IPv4: its own bucket is full.
# Were the limit keyed on the peer, HAProxy's address, it would be empty.
load v6 "http://[::1]:$HP" --clients 1 --count 30 --pause 0 --seconds 60 2>"$T/v6.err"
ok "$([ "$(status_count v6 429)" -gt 0 ] && [ "$(status_count v6 201)" -gt 0 ]; echo $?)" \
	"rate limit: the IPv6 client is limited ($(status_count v6 201) x 201, $(status_count v6 429) x 429)"
load v4 "http://127.0.0.1:$HP" --clients 1 --count 1 --seconds 60 2>"$T/v4.err"
is "$(cut -d' ' -f2 "$T/v4")" 201 "rate limit: the IPv4 client is not (its own bucket, from X-Forwarded-For)"
awk '$2 == 429 { print "\x27" $1 "\x27" }' "$T/v6" | paste -sd, >"$T/v6.refused"
is "$(sql "select count(*) from response where id in ($(cat "$T/v6.refused"))")" 0 \
	"rate limit: no 429 is stored"

printf 'rate_burst = 1000000\nrate_per_second = 1000000\n' >"$T/belongd.conf"
kill -HUP "$BELONGD_1" "$BELONGD_2"
reloaded() { grep -q "configuration reloaded" "$T/belongd1.log" && grep -q "configuration reloaded" "$T/belongd2.log"; }
wait_for reloaded || bail "belongd did not reload its configuration"

# --- 2. belongd 1 lost -------------------------------------------------------------------
t_start=$(now)
: >"$T/answers"
load answers "$HAPROXY_URL" --clients 8 --count 20000 --seconds 150 --timeout 30 2>"$T/load.err" &
LOAD_PID=$!
PIDS_RUN="$PIDS_RUN $LOAD_PID"
answered_after() { awk -v t="$1" -v s="^(${3:-20[012]})\$" '$5 >= t && $2 ~ s' "$T/answers" | wc -l; }
at_least() { [ "$(answered_after "$1" "" "${3:-}")" -ge "$2" ]; }
acked_since() { [ "$(answered_after "$1")" -ge "$2" ]; }
retry 300 acked_since "$t_start" 100 || bail "the load is not acknowledged: $(tail -3 "$T/load.err")"
kill -KILL "$BELONGD_1"
{ wait "$BELONGD_1"; } 2>/dev/null
t_b1=$(now)
retry 300 acked_since "$t_b1" 200
ok $? "belongd 1 killed: HAProxy routes around it ($(answered_after "$t_b1") acknowledged since)"
# As its service manager would, start it again, on its spool; it is back
# once HAProxy sends it submissions and it stores them.  (One started
# while the database is away knows no event yet: it refuses with 503.)
belongd_start 1 "$B1" "${BELONGD_OPTS[@]}"
b1_stores() { [ "$(belongd_metric "$B1" 'belongd_submissions_total{result="stored"}')" -gt 20 ] 2>/dev/null; }
retry 300 b1_stores
ok $? "belongd 1 started again: HAProxy sends it submissions, it stores them"

# --- 3. the primary lost ------------------------------------------------------------------
node_kill "$PRIMARY"
t_pg=$(now)
OLD=$PRIMARY PRIMARY=$STANDBY STANDBY=$OLD
retry 450 node_read_write "$PRIMARY"
ok $? "primary lost: $PRIMARY is promoted, read-write"
FAILOVER_S=$(since "$t_pg")
stored_after() { [ "$(answered_after "$1" "" 201)" -ge "$2" ]; }
retry 300 stored_after "$t_pg" 100
ok $? "primary lost: belongd reconnects and stores again (201)"
FIRST_201=$(awk -v t="$t_pg" '$2 == 201 && $5 >= t && (m == "" || $5 < m) { m = $5 }
	END { if (m == "") print "none"; else printf "%.1f", m - t }' "$T/answers")
touch "$T/stop"
wait "$LOAD_PID"
is "$?" 0 "the load ran cleanly"

# --- 4. the old primary rejoins; every acknowledged id is stored once ----------------------
autoctl_run "$STANDBY"
retry 600 formation_is primary secondary
ok $? "$STANDBY rejoins as the standby"
spool_empty() {
	[ "$(belongd_metric "$B1" belongd_spool_records)" = 0 ] &&
	[ "$(belongd_metric "$B2" belongd_spool_records)" = 0 ]
}
retry 300 spool_empty
ok $? "both belongd's spools drained"
# Step 1's acknowledged ids are of the same event.
cat "$T/v6" "$T/v4" "$T/answers" | awk '$2 ~ /^20[012]$/ { print $1 }' >"$T/acked"
psql -X -q -v ON_ERROR_STOP=1 -d "$DSN" >/dev/null <<EOF || bail "cannot load the acknowledged ids"
create table cluster_acked (id uuid primary key);
\copy cluster_acked from '$T/acked'
EOF
ACKED=$(awk '$2 ~ /^20[012]$/' "$T/answers" | wc -l)
QUEUED=$(status_count answers 202)
REFUSED=$(awk '$2 ~ /^(429|502|503)$/' "$T/answers" | wc -l)
NOANSWER=$(awk '$2 == "err" || $2 == "timeout"' "$T/answers" | wc -l)
OTHER=$(awk '$2 !~ /^(20[012]|429|502|503|err|timeout)$/ { print $2 }' "$T/answers" | sort | uniq -c | tr -s ' \n' '  ')
LOST=$(sql "select count(*) from cluster_acked a where not exists
	(select 1 from response r where r.event_id = $EV and r.id = a.id)")
TWICE=$(sql "select count(*) from cluster_acked a where
	(select count(*) from response r where r.event_id = $EV and r.id = a.id) > 1 or
	(select count(*) from answer n where n.event_id = $EV and n.response_id = a.id) > 5")
ok "$([ "$ACKED" -gt 0 ]; echo $?)" "the load was acknowledged ($ACKED)"
is "$LOST" 0 "every acknowledged id is in the new primary"
is "$TWICE" 0 "none stored twice (one row, five answers each)"
is "$OTHER" "" "every answer is 200, 201, 202, 429, 502 or 503, or none"
# A request whose answer never came (or came as HAProxy's 502 when its
# belongd died mid-request) may have been stored: never acknowledged,
# never promised, but it is the only kind of row the load may add.
UNACKED=$(sql "select count(*) from response r where event_id = $EV and not exists
	(select 1 from cluster_acked a where a.id = r.id)")
BROKEN=$(awk '$2 ~ /^(502|err|timeout)$/' "$T/answers" | wc -l)
ok "$([ "$UNACKED" -le "$BROKEN" ]; echo $?)" \
	"rows not acknowledged ($UNACKED) are at most the requests left unanswered ($BROKEN)"

# --- 5. analysts on the standby -----------------------------------------------------------
# The rollup is refreshed on the primary (report does it); the standby
# then has it once it has replayed the primary's WAL.
"$BELONG" --dsn "$DSN" rollup >/dev/null || bail "belong rollup on the primary failed"
LSN=$(node_sql "$PRIMARY" "select pg_current_wal_lsn()")
replayed() {
	[ "$(node_sql "$STANDBY" "select pg_last_wal_replay_lsn() >= '$LSN'::pg_lsn")" = t ]
}
retry 300 replayed || bail "the standby did not replay up to $LSN"
for args in "" "--by gender" "--by gender --format json" "--event spring-fair --by gender"; do
	# shellcheck disable=SC2086 # args is a list of words
	"$BELONG" --dsn "$(node_dsn "$PRIMARY")" report $args >"$T/report.primary" 2>"$T/report.primary.err"
	rp=$?
	# shellcheck disable=SC2086
	"$BELONG" --dsn "$(node_dsn "$STANDBY")" report $args >"$T/report.standby" 2>"$T/report.standby.err"
	rs=$?
	is "$rp/$rs" 0/0 "report ${args:-(all)}: exit 0 on the primary and on the standby"
	is "$(cat "$T/report.standby.err")" "" "report ${args:-(all)} on the standby: nothing on stderr"
	ok "$(cmp -s "$T/report.primary" "$T/report.standby"; echo $?)" \
		"report ${args:-(all)}: the standby's figures are the primary's"
done
like "$(cat "$T/report.standby")" "woman" "the reports compared hold figures by gender"
through=$(node_sql "$STANDBY" "select through from report_rollup")
"$BELONG" --dsn "$(node_dsn "$STANDBY")" rollup >"$T/rollup.out" 2>"$T/rollup.err"
is "$?" 0 "rollup on the standby: exit 0"
like "$(cat "$T/rollup.err")" "standby" "rollup on the standby: says the refresh happens on the primary"
is "$(node_sql "$STANDBY" "select through from report_rollup")" "$through" \
	"rollup on the standby: the rollup is as the primary left it"

# --- the table ---------------------------------------------------------------------------
diag "the test ran $SECONDS s"
diag "$(printf '%-8s %6s %12s %7s %8s %10s %5s %9s %10s' "" sent acknowledged queued refused "no answer" "lost" "failover" "first 201")"
diag "$(printf '%-8s %6s %12s %7s %8s %10s %5s %9s %10s' cluster "$(wc -l <"$T/answers")" "$ACKED" \
	"$QUEUED" "$REFUSED" "$NOANSWER" "$LOST" "$FAILOVER_S s" "$FIRST_201 s")"
diag "failover: from the primary's SIGKILL to the standby read-write; first 201: to the first submission stored again"
diag "seconds from the start: belongd 1 killed $(awk -v a="$t_start" -v b="$t_b1" 'BEGIN { printf "%.1f", b - a }'), primary killed $(awk -v a="$t_start" -v b="$t_pg" 'BEGIN { printf "%.1f", b - a }')"
for st in 202 502 503; do
	diag "$st: $(awk -v s=$st -v a="$t_start" '$2 == s { t = $4 - a; if (n == 0 || t < lo) lo = t; if (t > hi) hi = t; n++ }
		END { if (n) printf "%d, begun %.1f to %.1f s", n, lo, hi; else print 0 }' "$T/answers")"
done
diag "answers: $(cut -d' ' -f2 "$T/answers" | sort | uniq -c | tr -s ' \n' '  ')"
done_testing
