#!/bin/sh
# Messages that say what to do: an unknown command gets one line and the
# nearest command; `belong help [COMMAND]`; a database belong has not set
# up, or an older one, says to run `belong db migrate` (and nothing is
# touched); belongd names why it cannot listen; --check-config warns about
# a missing dsn or secret_file; benchmark CSV errors show the line, the
# column, the value (escaped) and the codes allowed, and spot a
# semicolon-separated file; a draw on an event without a prize says so.
. "$(dirname "$0")/lib.sh"

# run ARGS...: belong with ARGS; sets rc, $T/out and $T/err.
run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
out() { cat "$T/out"; }
err() { cat "$T/err"; }
lines() { wc -l <"$1" | tr -d ' '; }
ESC=$(printf '\033')

# --- unknown commands and subcommands, help ------------------------------------

run evnet list
is "$rc" 2 "unknown command: exit 2"
is "$(err)" "belong: unknown command 'evnet' (did you mean 'event'?)
Run 'belong help' for the list of commands." "unknown command: one line and the nearest command"
is "$(out)" "" "unknown command: nothing on stdout"

run event lsit
is "$rc" 2 "unknown subcommand: exit 2"
is "$(err)" "belong: event: unknown subcommand 'lsit' (did you mean 'list'?)
Run 'belong help event' for its usage." "unknown subcommand: one line and the nearest"
run instrument ad
like "$(err)" "^belong: instrument: unknown subcommand 'ad' \\(did you mean 'add'\\?\\)$" \
	"unknown subcommand: a unique prefix is suggested"
run board frobnicate
is "$rc" 2 "unknown subcommand, nothing near: exit 2"
is "$(head -1 "$T/err")" "belong: board: unknown subcommand 'frobnicate'" \
	"unknown subcommand, nothing near: no guess"

run xyzzy
is "$rc" 2 "nothing near: exit 2"
is "$(head -1 "$T/err")" "belong: unknown command 'xyzzy'" "nothing near: no guess"
is "$(lines "$T/err")" 2 "nothing near: two lines, not the usage"
run repotr --by gender
is "$(head -1 "$T/err")" "belong: unknown command 'repotr' (did you mean 'report'?)" \
	"a transposition is one edit"
run hepl
is "$(head -1 "$T/err")" "belong: unknown command 'hepl' (did you mean 'help'?)" \
	"help is among the suggestions"

# A hostile command name is shown escaped: no terminal escape, no bytes
# that are not UTF-8.
run "$(printf '\033]0;owned\007\033[2J\377')"
is "$rc" 2 "hostile command name: exit 2"
is "$(grep -c "$ESC" "$T/err")" 0 "hostile command name: no escape character printed"
like "$(head -1 "$T/err")" "^belong: unknown command '\\\\x1b\\]0;owned\\\\x07\\\\x1b\\[2J\\\\xff'\$" \
	"hostile command name: shown escaped"
run "$(printf 'a%.0s' $(seq 1 5000))"
is "$rc" 2 "oversize command name: exit 2"
is "$(lines "$T/err")" 2 "oversize command name: still two lines"
like "$(head -1 "$T/err")" "^belong: unknown command 'a{60}\\.\\.\\.'\$" "oversize command name: cut short"

run help
is "$rc" 0 "help: exit 0"
like "$(head -1 "$T/out")" '^usage: belong' "help: the usage on stdout"
like "$(out)" '^  event ' "help: lists the commands"
like "$(out)" '^  help ' "help: lists itself"
"$BELONG" --help >"$T/help2"
is "$(out)" "$(cat "$T/help2")" "help is --help"
is "$(err)" "" "help: nothing on stderr"
for c in db event instrument draw report benchmark board help; do
	run help "$c"
	is "$rc" 0 "help $c: exit 0"
	if [ "$c" = help ]; then
		like "$(head -1 "$T/out")" '^usage: belong ' "help help: the command list"
	else
		like "$(head -1 "$T/out")" "^usage: belong $c" "help $c: its usage on stdout"
		"$BELONG" "$c" --help >"$T/help2"
		is "$(out)" "$(cat "$T/help2")" "help $c is $c --help"
	fi
done
run help nosuch
is "$rc" 2 "help nosuch: exit 2"
is "$(err)" "belong: unknown command 'nosuch'
Run 'belong help' for the list of commands." "help nosuch: a usage error"
is "$(out)" "" "help nosuch: nothing on stdout"
run help evnet
is "$(head -1 "$T/err")" "belong: unknown command 'evnet' (did you mean 'event'?)" \
	"help evnet: suggests event"
run help event list
is "$rc" 2 "help with two arguments: exit 2"

# --- the schema check at connection ----------------------------------------------

start_pg
tables() { sql "select count(*) from pg_tables where schemaname = 'public'"; }
for args in "event list" "instrument list" "report" "benchmark list" "board members" \
	"event add --slug new-day --title New" "export responses --format csv" "draw list a-b-c"; do
	# shellcheck disable=SC2086
	run $args
	is "$rc" 1 "unmigrated database, $args: exit 1"
	is "$(err)" "belong: the database schema is not set up (run belong db migrate)" \
		"unmigrated database, $args: says to migrate"
done
is "$(tables)" 0 "unmigrated database: nothing created"
run db status
is "$rc" 0 "unmigrated database: db status works"
like "$(out)" '^001_init\.sql|001_init\.sql' "unmigrated database: db status lists the migrations"

# An older schema: every migration but the newest, applied as belong does
# (one transaction each, recorded with its SHA-256).
N=$(ls "$SRCDIR"/sql/[0-9]*.sql | wc -l)
last=$(cd "$SRCDIR/sql" && ls [0-9]*.sql | tail -1)
sql "create table schema_migrations (version integer primary key, name text not null,
	checksum text not null, applied_at timestamptz not null default now())" >/dev/null
for f in $(cd "$SRCDIR/sql" && ls [0-9]*.sql); do
	[ "$f" = "$last" ] && break
	psql -X -q -v ON_ERROR_STOP=1 -1 -d "$PG_DSN" -f "$SRCDIR/sql/$f" >/dev/null 2>&1 ||
		bail "cannot apply $f"
	sql "insert into schema_migrations (version, name, checksum) values
		(${f%%_*}, '$f', '$(sha256sum "$SRCDIR/sql/$f" | cut -d' ' -f1)')" >/dev/null
done
before=$(tables)
for args in "event list" "report" "event add --slug new-day --title New"; do
	# shellcheck disable=SC2086
	run $args
	is "$rc" 1 "older schema, $args: exit 1"
	is "$(err)" "belong: the database schema is older than this belong: $((N - 1)) of $N migrations applied (run belong db migrate)" \
		"older schema, $args: says how old and what to do"
done
is "$(sql 'select count(*) from event')" 0 "older schema: nothing stored"
is "$(tables)" "$before" "older schema: nothing created"
run db migrate
is "$rc" 0 "older schema: db migrate works"
is "$(out)" "applied $last" "older schema: db migrate applies the newest"
run event list
is "$rc" 0 "after db migrate: event list works"
is "$(err)" "" "after db migrate: no message"

# A migration a newer belong recorded does not stop this one.
sql "insert into schema_migrations (version, name, checksum) values (999, '999_future.sql', 'x')" >/dev/null
run event list
is "$rc" 0 "a newer database: commands work"
sql "delete from schema_migrations where version = 999" >/dev/null

# --- draw on an event without a prize ---------------------------------------------

run event add --slug no-prize --title "No prize"
is "$rc" 0 "an event without a prize"
run draw no-prize --winners 3
is "$rc" 1 "draw without a prize: exit 1"
is "$(err)" "belong: event no-prize has no prize draw (set one with event add --draw PRIZE)" \
	"draw without a prize: says so and how to set one"
run event add --slug with-prize --title "Prize" --draw "a telescope"
run draw with-prize --winners 3
is "$rc" 1 "draw with a prize and no entries: exit 1"
is "$(err)" "belong: draw: no entries left to draw for event with-prize" \
	"draw with a prize and no entries: no entries left"
is "$(sql 'select count(*) from draw_winner')" 0 "draws without entries record nothing"

# --- benchmark CSV errors ---------------------------------------------------------

bench() {	# bench CONTENT(printf format): load it; sets rc, $T/err
	# shellcheck disable=SC2059
	printf "$1" >"$T/b.csv"
	run benchmark load "$T/b.csv"
}
shares() { sql "select count(*) from benchmark"; }
bench 'region,dimension,group,share\nmetro,race,white,0.6\nmetro,race,Asian,0.4\n'
is "$rc" 1 "a bad code: exit 1"
is "$(err)" "belong: benchmark: $T/b.csv: line 3, column 3: group \"Asian\" is not a code of race; allowed: aian, asian, black, hispanic, mena, nhpi, white, self, two_or_more" \
	"a bad code: line, column, value and the codes allowed"
bench 'metro,gender,woman,0.5\nmetro,gender,prefer_not,0.5\n'
like "$(err)" 'line 2, column 3: group "prefer_not" is not a code of gender; allowed: woman, man, nonbinary, self$' \
	"prefer_not is not a benchmark group"
bench 'metro,rase,white,1\n'
like "$(err)" 'line 1, column 2: dimension "rase" is not a dimension; allowed: role, grade, gender, race, disability, firstgen, language$' \
	"an unknown dimension: the dimensions allowed"
bench 'metro,race,white,0,6\n'
like "$(err)" 'line 1: 5 fields, 4 expected: region,dimension,group,share$' "a decimal comma: the field count"
bench 'metro,race,white,"0,6"\n'
like "$(err)" 'line 1, column 4: share "0,6" is not a number \(a decimal point, not a comma: 0\.25\)$' \
	"a quoted decimal comma: not a number"
bench 'metro,race,white,1.5\n'
like "$(err)" 'line 1, column 4: share "1\.5" must be from 0 to 1$' "a share out of range"
bench 'metro,race,white,0.5\n"multi\nline",race,white,1\n'
like "$(err)" 'line 2, column 1: region "multi\\x0aline" must be 1 to 100' \
	"a line break in a field: the record's first line, escaped"
bench '"reg\nion",dimension,group,share\nmetro,race,black,x\n'
like "$(err)" 'line 3, column 4: share "x" is not a number' "line numbers count the file's lines"
bench 'metro,race,white,0.5\n\nmetro,race,white,0.5\n'
like "$(err)" 'line 3: region "metro", race, white came before, on line 1$' "a duplicate: both lines"
bench 'metro,race,"white,1\n'
like "$(err)" 'line 1, column 3: a quoted field is not closed$' "an unclosed quote: its column"
is "$(shares)" 0 "bad files: nothing stored"

# Semicolons: a spreadsheet's "CSV" in a European locale.
bench 'region;dimension;group;share\nmetro;race;white;0,6\nmetro;race;black;0,4\n'
is "$rc" 1 "semicolons: exit 1"
is "$(err)" "belong: benchmark: $T/b.csv: line 1: 1 field, 4 expected: region,dimension,group,share
belong: benchmark: the file looks semicolon-separated; belong reads comma-separated CSV (save it as CSV UTF-8 with commas)" \
	"semicolons: says so and what to do"
bench 'metro;race;white;1\n'
like "$(err)" 'looks semicolon-separated' "semicolons without a header: says so"
bench 'region,dimension,group,share\nmetro;race;white;1\n'
like "$(err)" 'line 2: 1 field.*
.*looks semicolon-separated' "a semicolon line after a comma header: says so"
bench 'metro,race,purple,1\n'
is "$(grep -c 'semicolon' "$T/err")" 0 "no semicolons: no semicolon hint"
bench 'metro,race,"white;black",1\n'
is "$(grep -c 'semicolon' "$T/err")" 0 "a semicolon inside a field and commas: no hint"

# Hostile values come back escaped: terminal escapes, bytes that are not
# UTF-8, a bidirectional override, an oversize value.
bench 'metro,race,\033[31mred\033]0;owned\007\377\376,1\n'
is "$rc" 1 "hostile group: exit 1"
is "$(grep -c "$ESC" "$T/err")" 0 "hostile group: no escape character printed"
like "$(err)" 'group "\\x1b\[31mred\\x1b\]0;owned\\x07\\xff\\xfe" is not a code of race' \
	"hostile group: shown escaped"
bench 'metro,\342\200\256ecar,white,1\n'
like "$(err)" 'dimension "\\xe2\\x80\\xaeecar" is not a dimension' "a bidi override: shown escaped"
bench "metro,race,$(printf 'x%.0s' $(seq 1 200)),1\\n"
like "$(err)" 'group "x{60}\.\.\." is not a code' "an oversize value: cut short"
bench "metro,race,white,1;drop table benchmark\\n"
like "$(err)" 'share "1;drop table benchmark" is not a number' "SQL in a value: only shown"
is "$(shares)" 0 "hostile files: nothing stored"
is "$(sql "select to_regclass('benchmark') is not null")" t "hostile files: the table is still there"
bench 'region,dimension,group,share\nmetro,race,white,0.6\nmetro,race,black,0.4\n'
is "$rc" 0 "a good file still loads"
is "$(shares)" 2 "a good file: stored"

# --- belongd: listen errors --------------------------------------------------------

# try_belongd ARGS...: run belongd until it exits (it must: it cannot
# listen); if it is still running once it has had every chance, stop it.
try_belongd() {
	: >"$T/try.log"
	"$BELONGD" --dsn "$PG_DSN" "$@" >>"$T/try.log" 2>&1 &
	try_pid=$!
	for _ in $(seq 1 200); do
		kill -0 "$try_pid" 2>/dev/null || break
		grep -q 'listening on' "$T/try.log" && break
		sleep 0.05
	done
	if kill -0 "$try_pid" 2>/dev/null; then
		kill -KILL "$try_pid" 2>/dev/null
		wait "$try_pid" 2>/dev/null
		try_rc=running
	else
		wait "$try_pid"
		try_rc=$?
	fi
}

start_belongd --dsn "$PG_DSN"
addr=${BELONGD_URL#http://}
try_belongd --listen "$addr"
is "$try_rc" 1 "a busy port: the second belongd exits 1"
like "$(cat "$T/try.log")" "belongd: error: cannot listen on $addr: address already in use — is another belongd running\\?\$" \
	"a busy port: says why and what to suspect"
is "$(http_status GET /healthz)" 200 "a busy port: the first belongd still answers"
stop_belongd

try_belongd --listen 192.0.2.1:8080
is "$try_rc" 1 "an address not of this machine: exit 1"
like "$(cat "$T/try.log")" 'cannot listen on 192\.0\.2\.1:8080: cannot assign requested address — it is not an address of this machine$' \
	"an address not of this machine: says so"

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
	[ "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo 0)" -gt 1 ] &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$BELONGD"; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$BELONGD" --dsn "$PG_DSN" \
		--listen 127.0.0.1:1 >"$T/try.log" 2>&1
	is "$?" 1 "a privileged port without privileges: exit 1"
	like "$(cat "$T/try.log")" 'cannot listen on 127\.0\.0\.1:1: permission denied — ports under 1024 need privileges' \
		"a privileged port: says why"
else
	ok 0 "# SKIP a privileged port: needs root, setpriv and privileged ports"
	ok 0 "# SKIP a privileged port: message"
fi

# --- belongd --check-config --------------------------------------------------------

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
check() {	# check CONFIG-TEXT: sets check_rc, $T/cout, $T/cerr
	printf '%s' "$1" >"$T/c.conf"
	env -u BELONG_DSN "$BELONGD" -c "$T/c.conf" --check-config >"$T/cout" 2>"$T/cerr"
	check_rc=$?
}
check "dsn = host=/tmp dbname=belong
secret_file = $T/secret
"
is "$check_rc" 0 "a full config: exit 0"
is "$(cat "$T/cerr")" "" "a full config: no warning"
like "$(cat "$T/cout")" 'configuration OK' "a full config: OK"

check "dsn =
secret_file = $T/secret
"
is "$check_rc" 0 "an empty dsn: still valid (exit 0)"
is "$(cat "$T/cerr")" "warning: dsn is empty: belongd connects with libpq's PG* variables (PGHOST, PGPORT, PGDATABASE, PGUSER, ...), not \$BELONG_DSN" \
	"an empty dsn: warns, and says what is used"
like "$(cat "$T/cout")" 'configuration OK' "an empty dsn: OK on stdout"

check "secret_file = $T/secret
"
like "$(cat "$T/cerr")" "^warning: dsn is not set: belongd connects with \\\$BELONG_DSN if set, else with libpq's PG\\* variables" \
	"no dsn: warns"

check "dsn = host=/tmp
"
is "$check_rc" 0 "no secret_file: still valid (exit 0)"
like "$(cat "$T/cerr")" '^warning: secret_file is not set: belongd makes a random form-token secret at each start, so forms served before a restart cannot be submitted after it' \
	"no secret_file: warns and says what happens"

check "dsn = host=/tmp
secret_file =
"
is "$check_rc" 1 "an empty secret_file: an error (belongd cannot start with it)"
is "$(cat "$T/cerr")" "belongd: configuration error: secret_file is empty: name the file holding the form-token secret, or leave the option out for a random secret at each start" \
	"an empty secret_file: says what to do"
is "$(cat "$T/cout")" "" "an empty secret_file: no OK"

check "dsn = host=/tmp
secret_file = $T/no-such-secret
"
is "$check_rc" 1 "a missing secret file: an error"
like "$(cat "$T/cerr")" "^belongd: configuration error: secret file $T/no-such-secret: No such file or directory\$" \
	"a missing secret file: says which and why"
printf 'short' >"$T/short"
check "dsn = host=/tmp
secret_file = $T/short
"
is "$check_rc" 1 "a secret too short: an error"

# belongd itself refuses the empty secret_file the same way.
"$BELONGD" --dsn "$PG_DSN" -o secret_file= --listen 127.0.0.1:0 >/dev/null 2>"$T/cerr"
is "$?" 1 "belongd with an empty secret_file: exit 1"
like "$(cat "$T/cerr")" 'configuration error: secret_file is empty' "belongd with an empty secret_file: says so"

done_testing
