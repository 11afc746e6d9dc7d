#!/bin/sh
# belongd as a daemon: flags, --check-config, /healthz and /readyz against a
# real PostgreSQL that goes away and comes back, SIGHUP, SIGTERM.
. "$(dirname "$0")/lib.sh"

out=$("$BELONGD" --version); ok $? "belongd --version exits 0"
like "$out" '^belongd [0-9.]+$' "--version prints the version"
"$BELONGD" --help >"$T/out"; ok $? "belongd --help exits 0"
like "$(cat "$T/out")" 'request_timeout' "--help lists the options"
for args in "--bogus" "extra" "-o novalue"; do
	# shellcheck disable=SC2086
	"$BELONGD" $args >/dev/null 2>"$T/err"
	is "$?" 2 "belongd $args: exit 2"
	like "$(cat "$T/err")" 'usage: belongd' "belongd $args: usage on stderr"
done

out=$("$BELONGD" -c "$SRCDIR/daemon/belongd.conf.sample" --check-config)
ok $? "--check-config accepts the sample config"
like "$out" 'configuration OK' "--check-config says OK"
printf 'listen = 127.0.0.1:9\ndsn = password=secret\n' >"$T/pw.conf"
out=$("$BELONGD" -c "$T/pw.conf" --check-config)
like "$out" '^dsn = \(set\)$' "--check-config masks the DSN"
printf 'pool_size = 2\nmax_body_bytes = lots\n' >"$T/bad.conf"
"$BELONGD" -c "$T/bad.conf" --check-config >/dev/null 2>"$T/err"
is "$?" 1 "--check-config refuses a bad value"
like "$(cat "$T/err")" 'bad\.conf:2: max_body_bytes must be an integer' "the error names file and line"
"$BELONGD" -c "$T/missing.conf" --check-config >/dev/null 2>"$T/err"
is "$?" 1 "--check-config: missing file exits 1"
"$BELONGD" -o pool_size=1000 --check-config >/dev/null 2>"$T/err"
is "$?" 1 "-o with an out-of-range value exits 1"

# No database yet: alive, not ready.
start_belongd --dsn "host=$T/nowhere port=1"
is "$(http_status GET /healthz)" 200 "healthz is 200 without a database"
is "$(http_status GET /readyz)" 503 "readyz is 503 without a database"
like "$(curl -s -D - -o /dev/null "$BELONGD_URL/readyz")" 'Retry-After: 5' "503 carries Retry-After"
stop_belongd
is "$BELONGD_STATUS" 0 "SIGTERM: exit 0"

start_pg
migrate
printf 'log_level = info\n' >"$T/d.conf"
start_belongd -c "$T/d.conf" --dsn "$PG_DSN"
is "$(http_status GET /healthz)" 200 "healthz is 200"
ready() { [ "$(http_status GET /readyz)" = 200 ]; }
wait_for ready; ok $? "readyz becomes 200 once connected"
is "$(http_status GET /nosuch)" 404 "unknown path: 404"
like "$(cat "$T/body")" '^\{"error":\{"code":"not_found","message":"[^"]+"\}\}$' "404 is a JSON error"
is "$(http_status POST /healthz -d x)" 405 "POST /healthz: 405"
like "$(curl -s -D - -o /dev/null -X DELETE "$BELONGD_URL/readyz")" 'Allow: GET, HEAD' "405 names the allowed methods"
is "$(http_status GET "/healthz?x=<script>")" 200 "a query string is ignored"
is "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 9000 /dev/zero | tr '\0' a)" "$BELONGD_URL/healthz")" 400 \
	"headers over max_header_bytes: 400"
is "$(http_status GET /healthz)" 200 "still serving after an oversize header"

# PostgreSQL goes away and comes back: readyz follows, belongd reconnects.
"$PGTMP" stop "$T/pg"
notready() { [ "$(http_status GET /readyz)" = 503 ]; }
wait_for notready; ok $? "readyz is 503 after PostgreSQL stops"
"$PGTMP" start "$T/pg" >/dev/null
wait_for ready; ok $? "readyz is 200 again after PostgreSQL restarts"
like "$(cat "$T/belongd.log")" 'database connection 0: .*retrying in' "the lost connection is logged"

# SIGHUP: a valid file is applied; an invalid one is refused and the
# running configuration kept.
printf 'log_level = debug\naccess_log = on\npool_size = 3\n' >"$T/d.conf"
kill -HUP "$BELONGD_PID"
logged() { grep -q "$1" "$T/belongd.log"; }
wait_for logged 'configuration reloaded'; ok $? "SIGHUP reloads"
like "$(cat "$T/belongd.log")" 'option pool_size changed but cannot be reloaded' \
	"a non-reloadable change is named"
http_status GET /healthz >/dev/null
wait_for logged 'GET /healthz 200'; ok $? "access_log on takes effect"
curl -s -o /dev/null "$BELONGD_URL/healthz?t=SECRETTOKEN"
sleep 0.2
! grep -q SECRETTOKEN "$T/belongd.log"; ok $? "the access log never holds a query string"
printf 'log_level = shouting\n' >"$T/d.conf"
kill -HUP "$BELONGD_PID"
wait_for logged 'keeping the running configuration'; ok $? "an invalid reload is refused"
is "$(http_status GET /healthz)" 200 "still serving after a refused reload"

stop_belongd
is "$BELONGD_STATUS" 0 "SIGTERM: exit 0"
like "$(tail -1 "$T/belongd.log")" 'stopped' "the log says stopped"

# The systemd unit, with this build's paths: systemd's own checker accepts
# it, and the command it runs first accepts a configuration.
sed -e "s|@sbindir@|$(dirname "$BELONGD")|g" -e "s|@sysconfdir@|$T|g" \
	"$SRCDIR/daemon/belongd.service.in" >"$T/belongd.service"
mkdir -p "$T/belong"
cp "$SRCDIR/daemon/belongd.conf.sample" "$T/belong/belongd.conf"
pre=$(sed -n 's/^ExecStartPre=//p' "$T/belongd.service")
like "$($pre)" 'configuration OK' "belongd.service: ExecStartPre checks the configuration"
if command -v systemd-analyze >/dev/null 2>&1; then
	systemd-analyze verify --man=no "$T/belongd.service" >"$T/err" 2>&1
	ok $? "belongd.service: systemd-analyze verify accepts it"
	[ -s "$T/err" ] && sed 's/^/# /' "$T/err"
else
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N # SKIP systemd-analyze not installed"
fi

done_testing
