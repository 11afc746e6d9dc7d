#!/bin/sh
# make run: a private PostgreSQL under ./var (kept between runs, default
# durability), the schema migrated, a demo test event, and belongd in the
# foreground on http://127.0.0.1:8080.  BELONG_RUN_PORT and BELONG_RUN_VAR
# choose another port and another directory (make run BELONG_RUN_PORT=8081).
set -eu
builddir=$(cd "$1" && pwd)
srcdir=$(cd "$2" && pwd)
port=${BELONG_RUN_PORT:-8080}
case $port in
''|*[!0-9]*) echo "belong: BELONG_RUN_PORT must be a port number, not '$port'" >&2; exit 2 ;;
esac
var=${BELONG_RUN_VAR:-$builddir/var}
mkdir -p "$var"
var=$(cd "$var" && pwd)

# shq WORD: WORD quoted for a POSIX shell, whatever it holds.
shq() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

dsn=$("$srcdir/tests/pgtmp" start "$var/pg" --durable)
# The socket directory in libpq's quotes if the path has a space.
case $dsn in
"host="*[\ \'\\]*" port="*)
	host=${dsn#host=}
	host=${host%% port=*}
	rest=${dsn#"host=$host"}
	dsn="host='$(printf '%s' "$host" | sed "s/[\\']/\\\\&/g")'$rest"
	;;
esac
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
		--partner "Demo alliance" --expected 60 --draw "a water bottle" \
		--test
else
	# A demo made by an older make run was a real event.
	"$belong" event set demo --test >/dev/null
fi

if [ "$(pwd -P)" = "$(cd "$builddir" && pwd -P)" ]; then
	cli=./cli/belong
else
	cli=$(shq "$builddir/cli/belong")
fi
echo "belong: PostgreSQL is in $var/pg (stop it with: $(shq "$srcdir/tests/pgtmp") stop $(shq "$var/pg"))"
echo "belong: demo survey at http://127.0.0.1:$port/e/demo (a test event: reports leave it out unless --include-test)"
echo "belong: for the CLI, in another terminal:  export BELONG_DSN=$(shq "$dsn")"
echo "belong: then try:  $cli event list"
exec "$builddir/daemon/belongd" --listen "127.0.0.1:$port" --dsn "$dsn" \
	--secret-file "$var/secret"
