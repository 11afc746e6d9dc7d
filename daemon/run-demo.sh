#!/bin/sh
# make run: a private PostgreSQL under ./var (kept between runs, default
# durability), the schema migrated, a demo event, and belongd in the
# foreground on http://127.0.0.1:8080.
set -eu
builddir=$1
srcdir=$2
var=$builddir/var
mkdir -p "$var"

dsn=$("$srcdir/tests/pgtmp" start "$var/pg" --durable)
export BELONG_DSN="$dsn"
"$builddir/cli/belong" db migrate >/dev/null

# The form-token secret: made once, readable only by its owner.
if [ ! -s "$var/secret" ]; then
	(umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$var/secret")
fi

belong=$builddir/cli/belong
if ! "$belong" event show demo >/dev/null 2>&1; then
	"$belong" event add --slug demo --title "Demo STEM night" \
		--starts "$(date +%F)" --venue "Community center" \
		--partner "Demo alliance" --expected 60 --draw "a water bottle"
fi

echo "belong: PostgreSQL is in $var/pg (stop it with: tests/pgtmp stop var/pg)"
echo "belong: demo survey at http://127.0.0.1:8080/e/demo"
exec "$builddir/daemon/belongd" --listen 127.0.0.1:8080 --dsn "$dsn" \
	--secret-file "$var/secret"
