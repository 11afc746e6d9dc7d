#!/bin/sh
# submit.sh — the JSON-submission benchmark of DESIGN.md "Performance
# targets".  Run by hand, never by make check:
#
#   cd BUILDDIR && DURATION=10 ROUNDS=2 sh /path/to/tests/bench/submit.sh
#
# Builds belongd and tests/bench/bare_server, starts a private PostgreSQL
# with default durability (fsync=on, synchronous_commit=on), migrates,
# creates the event "bench", starts belongd with the rate limit raised, and
# runs wrk against the bare server and belongd taking turns (bare, belongd,
# bare, belongd, ...).  Then, belongd with PostgreSQL stopped (every
# submission goes to the spool, spool_dir) and right after PostgreSQL is
# started again (new submissions while the spool replays).  Prints, per
# round and as a summary, submissions/s,
# p50/p99 latency, belongd/bare, belongd's peak RSS, and checks that
# PostgreSQL holds as many responses as wrk counted 2xx answers (every
# acknowledged id is stored; the only extra rows are requests wrk abandoned
# in flight when it stopped, which belongd may still commit).  Exit 1 if not.
#
# Environment: BELONG_BUILDDIR (default: the current directory), DURATION
# (seconds per run, 10), ROUNDS (2), THREADS (2), CONNECTIONS (64),
# POOL_SIZE (2), BELONGD_OPTS (more "-o name=value" for belongd), WARM_WAL
# (1: pre-create WAL segments first, see below; default 0), TOKEN_RATE
# (form tokens made per second of a run, 40000: tokens are bound to
# response ids, so each request needs its own; python3 makes them).
# Installs nothing; listens on 127.0.0.1 only.

set -u

BUILDDIR=${BELONG_BUILDDIR:-$(pwd)}
BENCHDIR=$(cd "$(dirname "$0")" && pwd)
SRCDIR=$(cd "$BENCHDIR/../.." && pwd)
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-2}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
POOL_SIZE=${POOL_SIZE:-2}
BELONGD_OPTS=${BELONGD_OPTS:-}
WARM_WAL=${WARM_WAL:-0}
TOKEN_RATE=${TOKEN_RATE:-40000}
PGTMP=$SRCDIR/tests/pgtmp

die() {
	echo "submit.sh: $*" >&2
	exit 1
}

v=
for n in DURATION ROUNDS THREADS CONNECTIONS POOL_SIZE TOKEN_RATE; do
	eval "v=\$$n"
	case $v in
	''|*[!0-9]*|0) die "$n must be a positive integer, not '$v'" ;;
	esac
done
[ "$DURATION" -le 600 ] || die "DURATION is at most 600 seconds"
[ "$ROUNDS" -le 20 ] || die "ROUNDS is at most 20"

command -v wrk >/dev/null 2>&1 || die "wrk not found; install wrk (https://github.com/wg/wrk) and run again"
command -v curl >/dev/null 2>&1 || die "curl not found"
command -v psql >/dev/null 2>&1 || die "psql not found"
command -v python3 >/dev/null 2>&1 || die "python3 not found"

# --- build ------------------------------------------------------------------

[ -f "$BUILDDIR/Makefile" ] || die "no Makefile in $BUILDDIR (set BELONG_BUILDDIR)"
echo "# building in $BUILDDIR"
(cd "$BUILDDIR" && make -s >/dev/null && make -s tests/bench/bare_server >/dev/null) ||
	die "build failed"
BELONG=$BUILDDIR/cli/belong
BELONGD=$BUILDDIR/daemon/belongd
BARE=$BUILDDIR/tests/bench/bare_server

# --- cleanup, whatever happens -------------------------------------------------

T=$(mktemp -d /tmp/belong-bench.XXXXXX) || die "mktemp failed"
# The cluster runs as the postgres user when we are root: let it in.
chmod 755 "$T"
BELONGD_PID=
BARE_PID=
WRK_PID=
DRAIN_PID=
PG_DSN=

# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ -n "$WRK_PID" ]; then
		kill -TERM "$WRK_PID" 2>/dev/null	# timeout(1) passes it on to wrk
		wait "$WRK_PID" 2>/dev/null
	fi
	[ -z "$DRAIN_PID" ] || kill "$DRAIN_PID" 2>/dev/null
	for pid in $BELONGD_PID $BARE_PID; do
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	if [ -d "$T/pg" ]; then
		"$PGTMP" destroy "$T/pg" >/dev/null 2>&1
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# wait_listen LOG PID: print HOST:PORT once LOG says "listening on".
wait_listen() {
	for _ in $(seq 1 200); do
		addr=$(sed -n 's|.*listening on http://\([^ ]*\).*|\1|p' "$1" | head -1)
		if [ -n "$addr" ]; then
			echo "$addr"
			return 0
		fi
		kill -0 "$2" 2>/dev/null || break
		sleep 0.05
	done
	sed 's/^/# /' "$1" >&2
	return 1
}

sql() {
	psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$PG_DSN" -c "$1"
}

# --- PostgreSQL, schema, event ---------------------------------------------------

PG_DSN=$("$PGTMP" start "$T/pg" --durable) || die "cannot start PostgreSQL"
[ "$(sql 'show fsync')/$(sql 'show synchronous_commit')" = "on/on" ] ||
	die "PostgreSQL is not at default durability"
"$BELONG" --dsn "$PG_DSN" db migrate >/dev/null || die "belong db migrate failed"
sql "insert into event (slug, title, instrument_id)
     select 'bench', 'Bench', id from instrument where key = 'pulse' and version = 1" ||
	die "cannot create the event"
EV=$(sql "select id from event where slug = 'bench'")

# A fresh cluster has no WAL segments to recycle: every 16 MB of WAL it
# creates and zero-fills a new one, which stalls every commit for tens of
# ms.  A server in service recycles them.  WARM_WAL=1 leaves ~30 recycled
# segments behind first (same durability settings).
if [ "$WARM_WAL" = 1 ]; then
	echo "# WARM_WAL=1: pre-creating WAL segments"
	if ! { sql "checkpoint" &&
	    sql "create table bench_warm as
	         select g, repeat('x', 100) as t from generate_series(1, 4000000) g" &&
	    sql "drop table bench_warm" && sql "checkpoint"; }; then
		die "WAL warm-up failed"
	fi
fi

# --- servers ------------------------------------------------------------------------

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
# shellcheck disable=SC2086 # BELONGD_OPTS is a list of words
"$BELONGD" --listen 127.0.0.1:0 --dsn "$PG_DSN" --secret-file "$T/secret" \
	-o pool_size="$POOL_SIZE" -o rate_burst=1000000 -o rate_per_second=1000000 \
	-o spool_dir="$T/spool" \
	$BELONGD_OPTS >"$T/belongd.log" 2>&1 &
BELONGD_PID=$!
BELONGD_ADDR=$(wait_listen "$T/belongd.log" "$BELONGD_PID") || die "belongd did not start"

"$BARE" >"$T/bare.log" 2>&1 &
BARE_PID=$!
BARE_ADDR=$(wait_listen "$T/bare.log" "$BARE_PID") || die "bare_server did not start"

curl -sf "http://$BELONGD_ADDR/api/v1/events/bench" >"$T/event.json" ||
	die "GET /api/v1/events/bench failed"
TOKEN=$(sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p' "$T/event.json")
[ -n "$TOKEN" ] || die "no token in $(cat "$T/event.json")"
export TOKEN
SAMPLE_ID=$(sed -n 's/.*"id" *: *"\([0-9a-f-]\{36\}\)".*/\1/p' "$T/event.json")
mkdir "$T/tokens" || die "mkdir failed"

# make_tokens RUN: for each wrk thread of run RUN, ids and their form
# tokens (see submit.lua), checked first against the token belongd served.
make_tokens() {
	rm -f "$T"/tokens/tok-*.txt
	python3 - "$T/secret" "$EV" "$1" "$THREADS" \
	    $((DURATION * TOKEN_RATE / THREADS + 1000)) "$T/tokens" \
	    "$SAMPLE_ID" "$TOKEN" <<'PY' || die "cannot make form tokens"
import hashlib, hmac, sys, time, uuid
secret, ev, run, threads, n, out, sample_id, sample = sys.argv[1:]
key = open(secret, 'rb').read().rstrip(b'\n')[:64]
def token(issued, rid):
    msg = '2.%s.%s.%s' % (ev, issued, rid)
    return msg + '.' + hmac.new(key, msg.encode(), hashlib.sha256).hexdigest()
if token(sample.split('.')[2], sample_id) != sample:
    sys.exit('submit.sh: the form token format changed: ' + sample)
now = int(time.time())
for t in range(1, int(threads) + 1):
    with open('%s/tok-%s-%d.txt' % (out, run, t), 'w') as f:
        for _ in range(int(n)):
            rid = str(uuid.uuid4())
            f.write('%s %s\n' % (rid, token(now, rid)))
PY
}

PATH_RESP=/api/v1/events/bench/responses
echo "# belongd http://$BELONGD_ADDR (pid $BELONGD_PID, pool_size=$POOL_SIZE${BELONGD_OPTS:+ $BELONGD_OPTS})"
echo "# bare    http://$BARE_ADDR (pid $BARE_PID)"
echo "# wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency -s submit.lua, $ROUNDS rounds"

# run_wrk NAME ADDR RUN: one wrk run; sets SUBS, P50, P99 (ms), OK, BAD,
# LOST (sent, never answered).  Both servers get the same script, so the
# client does the same work (ids of 2xx answers go to $T/ids).
run_wrk() {
	out=$T/wrk-$1-$3.txt
	[ -f "$T/tokens/tok-$3-1.txt" ] || make_tokens "$3"
	# In the background, so that a signal reaches the trap at once.
	RUN=$3 IDS_DIR=$T/ids TOKENS_DIR=$T/tokens timeout $((DURATION + 30)) wrk -t"$THREADS" \
		-c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$BENCHDIR/submit.lua" \
		"http://$2$PATH_RESP" >"$out" 2>&1 &
	WRK_PID=$!
	if ! wait "$WRK_PID"; then
		WRK_PID=
		sed 's/^/# /' "$out" >&2
		die "wrk failed against $1"
	fi
	WRK_PID=
	OK=$(sed -n 's/^BENCH 2xx=\([0-9]*\) non2xx=\([0-9]*\)$/\1/p' "$out")
	BAD=$(sed -n 's/^BENCH 2xx=\([0-9]*\) non2xx=\([0-9]*\)$/\2/p' "$out")
	LOST=$(sed -n 's/^BENCH unanswered=\([0-9-]*\)$/\1/p' "$out")
	P50=$(sed -n 's/^BENCH p50_us=\([0-9]*\) p99_us=\([0-9]*\)$/\1/p' "$out")
	P99=$(sed -n 's/^BENCH p50_us=\([0-9]*\) p99_us=\([0-9]*\)$/\2/p' "$out")
	ERR=$(sed -n 's/^ *Socket errors: *//p' "$out")
	if [ -z "$OK" ] || [ -z "$BAD" ] || [ -z "$LOST" ] || [ -z "$P99" ]; then
		sed 's/^/# /' "$out" >&2
		die "cannot read wrk's output for $1"
	fi
	# Submissions/s are 2xx answers per second, not all answers.
	SUBS=$(awk -v ok="$OK" -v d="$DURATION" 'BEGIN { printf "%.0f", ok / d }')
	P50=$(awk -v u="$P50" 'BEGIN { printf "%.2f", u / 1000 }')
	P99=$(awk -v u="$P99" 'BEGIN { printf "%.2f", u / 1000 }')
	[ "$BAD" -eq 0 ] || sed -n 's/^BENCH status/#   non-2xx:/p' "$out"
	[ -z "$ERR" ] || echo "#   socket errors: $ERR"
}

# --- rounds -------------------------------------------------------------------------

mkdir "$T/ids" || die "mkdir failed"
BELONGD_OK=0
BELONGD_LOST=0
SUM_BARE=0
SUM_BELONGD=0
P50S=
P99S=
printf '%-5s %-8s %8s %8s %8s %8s\n' round server "subs/s" "p50 ms" "p99 ms" "2xx"
i=1
while [ "$i" -le "$ROUNDS" ]; do
	run_wrk bare "$BARE_ADDR" $((i * 2 - 1))
	BARE_SUBS=$SUBS
	printf '%-5s %-8s %8s %8s %8s %8s\n' "$i" bare "$SUBS" "$P50" "$P99" "$OK"
	run_wrk belongd "$BELONGD_ADDR" $((i * 2))
	BELONGD_OK=$((BELONGD_OK + OK))
	BELONGD_LOST=$((BELONGD_LOST + LOST))
	printf '%-5s %-8s %8s %8s %8s %8s  belongd/bare %s\n' "$i" belongd \
		"$SUBS" "$P50" "$P99" "$OK" \
		"$(awk -v a="$SUBS" -v b="$BARE_SUBS" 'BEGIN { printf "%.2f", b ? a / b : 0 }')"
	SUM_BARE=$((SUM_BARE + BARE_SUBS))
	SUM_BELONGD=$((SUM_BELONGD + SUBS))
	P50S="$P50S $P50"
	P99S="$P99S $P99"
	i=$((i + 1))
done
BELONGD_RUNS=$(seq 2 2 $((ROUNDS * 2)))

# --- the spool: PostgreSQL stopped, then replaying ----------------------------------

metric() {	# metric NAME: its value in belongd's /metrics
	curl -s "http://$BELONGD_ADDR/metrics" | awk -v n="$1" '$1 == n { print $2 }'
}
# until_metric NAME VALUE SECONDS: wait until NAME is VALUE; 0 if it came.
until_metric() {
	for _ in $(seq 1 $(($3 * 10))); do
		[ "$(metric "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
"$PGTMP" stop "$T/pg" >/dev/null || die "cannot stop PostgreSQL"
until_metric belongd_db_connections_up 0 30 || die "belongd still sees a database connection"
R=$((ROUNDS * 2 + 1))
make_tokens "$R"
run_wrk spool "$BELONGD_ADDR" "$R"
BELONGD_OK=$((BELONGD_OK + OK))
BELONGD_LOST=$((BELONGD_LOST + LOST))
SPOOL_SUBS=$SUBS SPOOL_P50=$P50 SPOOL_P99=$P99
SPOOLED=$(metric belongd_spool_records)
SPOOL_BYTES=$(metric belongd_spool_bytes)
printf '%-5s %-8s %8s %8s %8s %8s  PostgreSQL stopped: %s rows, %s bytes spooled\n' \
	- spool "$SUBS" "$P50" "$P99" "$OK" "$SPOOLED" "$SPOOL_BYTES"
REPLAYED0=$(metric belongd_spool_replayed_total)
make_tokens $((R + 1))
"$PGTMP" start "$T/pg" >/dev/null || die "cannot start PostgreSQL"
T0=$(date +%s.%N)
# When the spool is empty, while wrk runs or after.
(until_metric belongd_spool_records 0 600 && date +%s.%N >"$T/drained") &
DRAIN_PID=$!
run_wrk replay "$BELONGD_ADDR" $((R + 1))
BELONGD_OK=$((BELONGD_OK + OK))
BELONGD_LOST=$((BELONGD_LOST + LOST))
REPLAY_SUBS=$SUBS REPLAY_P50=$P50 REPLAY_P99=$P99
LEFT=$(metric belongd_spool_records)
wait "$DRAIN_PID"
DRAIN_PID=
[ -s "$T/drained" ] || die "the spool did not drain in 600 s"
T1=$(cat "$T/drained")
REPLAYED=$(($(metric belongd_spool_replayed_total) - REPLAYED0))
REPLAY_RATE=$(awk -v n="$REPLAYED" -v a="$T0" -v b="$T1" 'BEGIN { printf "%.0f", n / (b - a) }')
printf '%-5s %-8s %8s %8s %8s %8s  while replaying: %s rows left at its end\n' \
	- replay "$SUBS" "$P50" "$P99" "$OK" "$LEFT"
BELONGD_RUNS="$BELONGD_RUNS $R $((R + 1))"

# --- summary ------------------------------------------------------------------------

kill -0 "$BELONGD_PID" 2>/dev/null || die "belongd died during the benchmark"
RSS_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$BELONGD_PID/status")
curl -sf "http://$BELONGD_ADDR/metrics" >"$T/metrics.txt" || :

# Requests wrk abandoned when it stopped may still be committed: wait until
# the count of rows stops moving (at most 10 s).
ROWS=-1
for _ in $(seq 1 50); do
	now=$(sql "select count(*) from response") || die "cannot count responses"
	[ "$now" = "$ROWS" ] && break
	ROWS=$now
	sleep 0.2
done

# Every acknowledged id must be stored: load the ids of belongd's runs.
sql "create table bench_acked (id text not null)" || die "cannot create bench_acked"
for r in $BELONGD_RUNS; do
	for f in "$T"/ids/ids-"$r"-*.txt; do
		[ -f "$f" ] || continue
		psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" \
			-c "\\copy bench_acked from '$f'" || die "cannot load $f"
	done
done
ACKED=$(sql "select count(distinct id) from bench_acked")
MISSING=$(sql "select count(*) from bench_acked a
               where not exists (select 1 from response r where r.id::text = a.id)")

echo
echo "summary ($ROUNDS rounds of ${DURATION}s, $CONNECTIONS connections, pool_size=$POOL_SIZE${BELONGD_OPTS:+ $BELONGD_OPTS}, WARM_WAL=$WARM_WAL)"
awk -v bare="$SUM_BARE" -v bd="$SUM_BELONGD" -v n="$ROUNDS" \
    -v p50s="$P50S" -v p99s="$P99S" -v rss="$RSS_KB" 'BEGIN {
	np = split(p99s, p99, " "); split(p50s, p50, " ")
	worst = 0
	for (k = 1; k <= np; k++) if (p99[k] + 0 > worst) worst = p99[k] + 0
	ratio = bare ? bd / bare : 0
	printf "  bare     %6.0f subs/s (mean)\n", bare / n
	printf "  belongd  %6.0f subs/s (mean), worst p99 %.2f ms\n", bd / n, worst
	printf "  belongd/bare %.2f\n", ratio
	printf "  belongd peak RSS (VmHWM) %.1f MiB\n", rss / 1024
	printf "  targets: >= 10000/s %s; p99 < 25 ms %s; >= 0.50 of bare %s; RSS < 64 MiB %s\n",
	    (bd / n >= 10000 ? "met" : "MISSED"), (worst < 25 ? "met" : "MISSED"),
	    (ratio >= 0.5 ? "met" : "MISSED"), (rss < 65536 ? "met" : "MISSED")
}'
printf '  spool only (PostgreSQL stopped): %s subs/s, p50 %s ms, p99 %s ms\n' \
	"$SPOOL_SUBS" "$SPOOL_P50" "$SPOOL_P99"
printf '  while the spool replays: %s subs/s, p50 %s ms, p99 %s ms; %s spooled rows replayed in %.1f s (%s rows/s)\n' \
	"$REPLAY_SUBS" "$REPLAY_P50" "$REPLAY_P99" "$REPLAYED" \
	"$(awk -v a="$T0" -v b="$T1" 'BEGIN { print b - a }')" "$REPLAY_RATE"
if [ -s "$T/metrics.txt" ]; then
	echo "  belongd_batch_size (cumulative):"
	sed -n 's/^belongd_batch_size_\(bucket{le="[^"]*"}\|sum\|count\) /    \1 /p' \
		"$T/metrics.txt" | tr '\n' ' ' | sed 's/  */ /g; s/^/   /'
	echo
fi

# wrk stops with one request in flight per connection; belongd may commit
# those after wrk is gone.  So: every 2xx id is stored, and the rows beyond
# the 2xx answers are at most the requests wrk never saw answered.
EXTRA=$((ROWS - BELONGD_OK))
echo "  rows in response: $ROWS; 2xx counted by wrk: $BELONGD_OK (distinct ids $ACKED," \
	"not stored $MISSING); stored but unanswered: $EXTRA of $BELONGD_LOST abandoned"
fail=0
[ "$ACKED" = "$BELONGD_OK" ] || { echo "submit.sh: $BELONGD_OK 2xx but $ACKED distinct ids" >&2; fail=1; }
[ "$MISSING" = 0 ] || { echo "submit.sh: $MISSING acknowledged submissions are not stored" >&2; fail=1; }
if [ "$EXTRA" -lt 0 ] || [ "$EXTRA" -gt "$BELONGD_LOST" ]; then
	echo "submit.sh: rows ($ROWS) != 2xx ($BELONGD_OK) + stored-unanswered (0..$BELONGD_LOST)" >&2
	fail=1
fi
exit $fail
