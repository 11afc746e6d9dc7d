#!/bin/sh
# belong as a Unix tool, and `belong db migrate|status` against a real
# PostgreSQL.
. "$(dirname "$0")/lib.sh"

out=$("$BELONG" --version); ok $? "belong --version exits 0"
like "$out" '^belong [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"
"$BELONG" --help >"$T/out" 2>&1; ok $? "belong --help exits 0"
like "$(cat "$T/out")" '^usage: belong' "--help prints usage"

for args in "nosuch" "--bogus" "db" "db frob" "db migrate extra" "db migrate --what" ""; do
	# shellcheck disable=SC2086
	"$BELONG" $args >"$T/out" 2>"$T/err"
	is "$?" 2 "belong $args: exit 2"
	# An unknown command or subcommand ("nosuch", "db frob") gets one line
	# and where to look instead of the whole usage (messages.sh).
	like "$(cat "$T/err")" "usage: belong|^Run 'belong help" "belong $args: usage on stderr"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "belong $args: nothing on stdout"
done

# A database that cannot be reached: one clear line, exit 1.
"$BELONG" --dsn "host=$T/nowhere port=1 connect_timeout=2" db migrate >"$T/out" 2>"$T/err"
is "$?" 1 "unreachable database: exit 1"
is "$(wc -l <"$T/err" | tr -d ' ')" 1 "unreachable database: one line"
like "$(cat "$T/err")" '^belong: cannot connect to database: .*No such file' \
	"unreachable database: says why"
BELONG_DSN="host=$T/nowhere port=1" "$BELONG" db status >/dev/null 2>"$T/err"
is "$?" 1 "BELONG_DSN is used (unreachable: exit 1)"
"$BELONG" --dsn "not a dsn" db status >/dev/null 2>"$T/err"
is "$?" 1 "malformed DSN: exit 1"
like "$(cat "$T/err")" '^belong: cannot connect to database: ' "malformed DSN: one clear line"

start_pg

out=$("$BELONG" db status); ok $? "db status on an empty database"
like "$out" '001_init\.sql' "status lists 001_init.sql"
# Every numbered file of sql/ is built in, in order.
N=$(ls "$SRCDIR"/sql/[0-9]*.sql | wc -l)
want_applied=$(cd "$SRCDIR/sql" && ls [0-9]*.sql | sed 's/^/applied /')
like "$out" "^$N pending\$" "status: all $N pending"

out=$("$BELONG" db migrate); ok $? "db migrate exits 0"
is "$out" "$want_applied" "db migrate applies every file, in order"
out=$("$BELONG" db migrate); ok $? "second db migrate exits 0"
is "$out" "database is up to date" "second db migrate applies nothing"
is "$(sql 'select count(*) from schema_migrations')" "$N" "every migration recorded"
is "$(sql 'select distinct length(checksum) from schema_migrations')" 64 "checksums are SHA-256 hex"
like "$("$BELONG" db status)" '^0 pending$' "status: 0 pending"

# The data model and the default instrument.
for t in instrument event response answer answer_text draw_entry draw_winner \
	board_member board_session board_item board_item_event benchmark; do
	is "$(sql "select to_regclass('$t') is not null")" t "table $t exists"
done
is "$(sql "select jsonb_array_length(definition->'items') from instrument where key = 'pulse' and version = 1")" 6 \
	"pulse has six items"
is "$(sql "select count(*) from instrument, jsonb_array_elements(definition->'items') i
	where key = 'pulse' and version = 1 and i->'text'->>'es' <> '' and i->'text'->>'en' <> ''")" 6 \
	"every pulse item has English and Spanish text"
is "$(sql "select string_agg(i->>'id', ',') from instrument, jsonb_array_elements(definition->'items') i where key = 'pulse' and version = 1")" \
	"belong,welcome,voice,future,recommend,change" "pulse items in order"

# libpq's own PG* variables, without --dsn or BELONG_DSN.
pghost=$(printf '%s\n' "$PG_DSN" | sed 's/.*host=\([^ ]*\).*/\1/')
out=$(env -u BELONG_DSN PGHOST="$pghost" PGPORT=5432 PGUSER="$(printf '%s\n' "$PG_DSN" | sed 's/.*user=\([^ ]*\).*/\1/')" \
	PGDATABASE=belong "$BELONG" db migrate)
is "$out" "database is up to date" "PG* variables are used"

# Schema rules hold even for writers other than belongd.
sql "insert into event (slug, title, instrument_id) select 'demo-day', 'Demo', id from instrument where key = 'pulse' and version = 1" >/dev/null
sql "insert into response (event_id, id, lang, instrument_id, gender) select e.id, gen_random_uuid(), 'en', e.instrument_id, 'robot' from event e" \
	>/dev/null 2>&1
is "$?" 1 "an unknown gender code is refused by the schema"
sql "insert into event (slug, title, instrument_id) select 'Bad Slug!', 'x', id from instrument" >/dev/null 2>&1
is "$?" 1 "a malformed slug is refused by the schema"
is "$(sql 'select count(*) from response')" 0 "nothing stored by refused inserts"

# An applied migration that changed: refuse, apply nothing, say which.
sql "update schema_migrations set checksum = repeat('0', 64) where version = 1" >/dev/null
"$BELONG" db migrate >"$T/out" 2>"$T/err"
is "$?" 1 "changed migration: migrate exits 1"
like "$(cat "$T/err")" '^belong: migrate: migration 001_init\.sql was changed after it was applied' \
	"changed migration: clear message"
"$BELONG" db status >"$T/out" 2>"$T/err"
is "$?" 1 "changed migration: status exits 1"
like "$(cat "$T/out")" 'CHANGED' "status marks it CHANGED"

# A migration recorded by a newer belong is listed, not touched.
sum=$(sha256sum "$SRCDIR/sql/001_init.sql" | cut -d' ' -f1)
sql "update schema_migrations set checksum = '$sum' where version = 1" >/dev/null
is "$("$BELONG" db migrate)" "database is up to date" "checksum is the SHA-256 of the file"
sql "insert into schema_migrations (version, name, checksum) values (999, '999_future.sql', 'x')" >/dev/null
"$BELONG" db status >"$T/out" 2>&1
like "$(cat "$T/out")" '^999 +unknown' "a newer migration is listed as unknown"

done_testing
