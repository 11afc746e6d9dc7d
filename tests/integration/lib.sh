# Shared by the integration tests: TAP output, a private PostgreSQL, a real
# belongd on a free port, and cleanup that runs however the test ends.
#
# Each test script sources this file, calls the helpers, and ends with
# `done_testing`.

set -u

BUILDDIR=${BELONG_BUILDDIR:-$(pwd)}
SRCDIR=${BELONG_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BELONG=$BUILDDIR/cli/belong
BELONGD=$BUILDDIR/daemon/belongd
PGTMP=$SRCDIR/tests/pgtmp

# Leak checking stays on for the CLI and the daemon under ASan; a failed
# exit is what the tests look at.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Tables size to COLUMNS; the tests expect the default width unless they
# set it.
unset COLUMNS

T=$(mktemp -d /tmp/belong-test.XXXXXX)
# The cluster runs as another user when we are root: let it in.
chmod 755 "$T"
TAP_N=0
TAP_FAILED=0
BELONGD_PID=
PG_DSN=

cleanup() {
	if [ -n "$BELONGD_PID" ] && kill -0 "$BELONGD_PID" 2>/dev/null; then
		kill -KILL "$BELONGD_PID" 2>/dev/null
	fi
	if [ -n "$PG_DSN" ]; then
		"$PGTMP" destroy "$T/pg" >/dev/null 2>&1
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() {	# ok STATUS DESCRIPTION: pass if STATUS is 0
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

is() {	# is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
	fi
}

like() {	# like GOT PATTERN DESCRIPTION (grep -E pattern)
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:     '$1'"
		echo "#   pattern: '$2'"
	fi
}

diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

bail() {
	echo "Bail out! $*"
	exit 1
}

done_testing() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
	exit $?
}

start_pg() {
	PG_DSN=$("$PGTMP" start "$T/pg") || bail "cannot start PostgreSQL"
	export BELONG_DSN="$PG_DSN"
}

sql() {	# sql QUERY: one value per line, fields separated by |
	psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$PG_DSN" -c "$1"
}

migrate() {
	"$BELONG" db migrate >/dev/null || bail "belong db migrate failed"
}

# start_belongd [ARGS...]: run belongd on a free port; sets BELONGD_URL.
start_belongd() {
	: >"$T/belongd.log"
	"$BELONGD" --listen 127.0.0.1:0 "$@" >>"$T/belongd.log" 2>&1 &
	BELONGD_PID=$!
	for _ in $(seq 1 200); do
		addr=$(sed -n 's|.*listening on http://\([^ ]*\).*|\1|p' "$T/belongd.log")
		if [ -n "$addr" ]; then
			BELONGD_URL="http://$addr"
			return 0
		fi
		kill -0 "$BELONGD_PID" 2>/dev/null || break
		sleep 0.05
	done
	cat "$T/belongd.log" | sed 's/^/# /'
	bail "belongd did not start"
}

# stop_belongd: SIGTERM and wait; sets BELONGD_STATUS.
stop_belongd() {
	kill -TERM "$BELONGD_PID"
	wait "$BELONGD_PID"
	BELONGD_STATUS=$?
	BELONGD_PID=
}

# wait_for CMD...: retry CMD for up to 10 s.
wait_for() {
	for _ in $(seq 1 100); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# http_status METHOD PATH [CURL ARGS...]: print the status code.
http_status() {
	m=$1
	p=$2
	shift 2
	curl -s -o "$T/body" -w '%{http_code}' -X "$m" "$@" "$BELONGD_URL$p"
}
