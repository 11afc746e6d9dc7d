#!/bin/bash
# A new user's first hour, as a script: a fresh clone of the committed
# tree, ./autogen.sh && ./configure && make, `make run` in the background,
# the export line it prints pasted into a shell, `belong event list`,
# answers through the API, a chart drawn from the build tree (no
# BELONG_CHARTS_DIR, nothing installed), belongd and PostgreSQL stopped,
# and `git status` clean afterwards.
#
# FIRST_HOUR_SRC=DIR takes the tracked and the new (not ignored) files of
# the checkout DIR as they are on disk instead of a clone of its commits,
# to try changes not committed yet.
. "$(dirname "$0")/lib.sh"

command -v git >/dev/null 2>&1 || { echo "1..0 # SKIP git not installed"; exit 0; }
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq not installed"; exit 0; }
# The first hour builds and runs a clone of its own, never the build under
# test: a sanitizer build (CI's second pass) would only repeat it.
case $("$BELONG_BUILDDIR/config.status" --config 2>/dev/null) in
*enable-sanitizers*)
	echo "1..0 # SKIP the first hour builds its own clone; it runs in the plain build"
	exit 0 ;;
esac
# The first hour starts from a checkout; a tarball has no autogen.sh
# step and no git status to keep clean.
SRC=${FIRST_HOUR_SRC:-$SRCDIR}
top=$(git -C "$SRC" rev-parse --show-toplevel 2>/dev/null) || top=
if [ -z "$top" ] || [ "$(cd "$top" && pwd -P)" != "$(cd "$SRC" && pwd -P)" ] ||
	! git -C "$SRC" rev-parse --verify -q HEAD >/dev/null; then
	echo "1..0 # SKIP $SRC is not a git checkout (run from a release tarball?)"
	exit 0
fi

CLONE=$T/clone
RUN_PID=
BELONGD=

# The user's shell: nothing of make check's build, database or charts.
unset MAKEFLAGS MFLAGS MAKELEVEL BELONG_DSN BELONG_CHARTS_DIR PGHOST PGDATABASE \
	PGUSER PGPORT PGSERVICE GNUPLOT CFLAGS CPPFLAGS LDFLAGS

first_hour_cleanup() {
	if [ -n "$BELONGD" ] && kill -0 "$BELONGD" 2>/dev/null; then
		kill -KILL "$BELONGD" 2>/dev/null
	fi
	if [ -n "$RUN_PID" ]; then
		wait "$RUN_PID" 2>/dev/null
	fi
	if [ -x "$CLONE/tests/pgtmp" ] && [ -e "$CLONE/var/pg" ]; then
		"$CLONE/tests/pgtmp" destroy "$CLONE/var/pg" >/dev/null 2>&1
	fi
	cleanup
}
trap first_hour_cleanup EXIT

# --- the checkout ---------------------------------------------------------------------
if [ -z "${FIRST_HOUR_SRC:-}" ]; then
	git clone --quiet "$SRC" "$CLONE" 2>"$T/clone.log" || { cat "$T/clone.log"; bail "git clone failed"; }
	ok 0 "a fresh clone of the committed tree"
else
	# The files git would commit, as they are now, committed in a new
	# repository so that git status means the same as in a clone.
	mkdir -p "$CLONE"
	(cd "$SRC" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		xargs -0 cp --parents -t "$CLONE") || bail "cannot copy $SRC"
	(cd "$CLONE" && git init -q && git add -A &&
		git -c user.name=belong -c user.email=belong@localhost commit -q -m snapshot) ||
		bail "cannot snapshot $SRC"
	ok 0 "a copy of the working tree of $SRC (FIRST_HOUR_SRC)"
fi

# --- build, as the README says (without --deps: the packages are there) ----------------
if (cd "$CLONE" && ./autogen.sh && ./configure && make -j2) >"$T/build.log" 2>&1; then
	ok 0 "./autogen.sh && ./configure && make"
else
	tail -n 40 "$T/build.log" | sed 's/^/# /'
	bail "the build failed"
fi
[ -x "$CLONE/cli/belong" ] && [ -x "$CLONE/daemon/belongd" ]
ok $? "...builds belong and belongd"

# --- make run ---------------------------------------------------------------------------
# descendants PID: PID's children, theirs, and so on.
descendants() {
	local c
	for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		echo "$c"
		descendants "$c"
	done
}
# A port free now; another process may take it before belongd does,
# so a start that finds it in use is tried again on another.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
up=1
for _ in 1 2 3; do
	PORT=$(free_port) || bail "cannot find a free port"
	URL=http://127.0.0.1:$PORT
	(cd "$CLONE" && exec make run BELONG_RUN_PORT="$PORT") >"$T/run.out" 2>&1 &
	RUN_PID=$!
	# make run builds nothing more, starts PostgreSQL, migrates, adds the
	# demo, then belongd says where it listens: wait for that line while
	# make run lives, then for /readyz.
	for _ in $(seq 1 3000); do
		grep -q 'listening on http://' "$T/run.out" && break
		kill -0 "$RUN_PID" 2>/dev/null || break
		sleep 0.1
	done
	if grep -q "listening on $URL\$" "$T/run.out"; then
		for _ in $(seq 1 100); do
			if curl -sf -o /dev/null "$URL/readyz"; then
				up=0
				break
			fi
			kill -0 "$RUN_PID" 2>/dev/null || break
			sleep 0.1
		done
	fi
	[ "$up" -eq 0 ] && break
	if kill -0 "$RUN_PID" 2>/dev/null; then
		# shellcheck disable=SC2046 # one pid a word
		kill -TERM $(descendants "$RUN_PID") 2>/dev/null
	fi
	wait "$RUN_PID" 2>/dev/null
	RUN_PID=
	grep -q 'already in use' "$T/run.out" || break
	diag "port $PORT was taken, trying another"
done
if [ "$up" -ne 0 ]; then
	sed 's/^/# /' "$T/run.out"
	bail "make run did not come up"
fi
ok 0 "make run: belongd is ready on port $PORT"
for p in $(descendants "$RUN_PID"); do
	[ "$(ps -o comm= -p "$p" 2>/dev/null)" = belongd ] && BELONGD=$p
done
[ -n "$BELONGD" ]
ok $? "...belongd runs under make run"

is "$(grep -c "^belong: demo survey at $URL/e/demo" "$T/run.out")" 1 "make run prints the survey's address"
line=$(sed -n 's/^belong: for the CLI, in another terminal:  //p' "$T/run.out")
like "$line" "^export BELONG_DSN='host=/[^']* dbname=belong'$" "...then the export line for the CLI"
like "$(sed -n 's/^belong: then try:  //p' "$T/run.out")" '^\./cli/belong event list$' "...and a command to try"
# The line is pasted into the user's shell.
eval "$line"
[ -n "${BELONG_DSN:-}" ]
ok $? "the export line sets BELONG_DSN"

# --- the CLI ------------------------------------------------------------------------------
cd "$CLONE" || bail "no clone"
out=$(./cli/belong event list --format csv 2>"$T/err")
is "$?" 0 "./cli/belong event list: exit 0"
is "$(cat "$T/err")" "" "...nothing on stderr"
out=$(printf '%s\n' "$out" | tr -d '\r')	# CSV lines end in CRLF
col=$(printf '%s\n' "$out" | head -n 1 | tr ',' '\n' | grep -nx test | cut -d: -f1)
like "$col" '^[0-9]+$' "...with a test column"
is "$(printf '%s\n' "$out" | awk -F, -v c="${col:-0}" '$1 == "demo" { print $c }')" "yes" \
	"...listing demo as a test event"

# --- answers through the API --------------------------------------------------------------
stored=0
for i in $(seq 0 11); do
	curl -s "$URL/api/v1/events/demo" >"$T/get.json"
	id=$(jq -r .id "$T/get.json")
	token=$(jq -r .token "$T/get.json")
	b=$((i % 5 + 1))
	body=$(jq -n --arg id "$id" --arg token "$token" --argjson b "$b" \
		'{id: $id, token: $token, lang: "en",
		  answers: {belong: $b, welcome: 5, voice: 4, future: $b, recommend: 9},
		  about: {role: "student"}}')
	code=$(curl -s -o "$T/post.json" -w '%{http_code}' -H 'Content-Type: application/json' \
		-d "$body" "$URL/api/v1/events/demo/responses")
	[ "$code" = 201 ] && stored=$((stored + 1))
done
is "$stored" 12 "12 answers to the demo survey through the API: 201 each"
is "$(psql -X -q -t -A -d "$BELONG_DSN" -c "select count(*) from response r join event e on e.id = r.event_id where e.slug = 'demo'")" \
	12 "...all stored"

# --- a chart from the build tree -------------------------------------------------------------
if command -v gnuplot >/dev/null 2>&1; then
	./cli/belong plot items --event demo --include-test --out "$T/items.png" 2>"$T/err"
	is "$?" 0 "plot items from the build tree, without BELONG_CHARTS_DIR: exit 0"
	is "$(cat "$T/err")" "" "...nothing on stderr"
	is "$(head -c 8 "$T/items.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a "...a PNG"
	./cli/belong plot items --event demo --out "$T/no.png" 2>"$T/err"
	is "$?" 1 "without --include-test: exit 1"
	like "$(cat "$T/err")" 'demo is a test event' "...the demo is a test event"
	# With the source tree's templates gone too, the message says where
	# it looked (unless a belong installed here has its own).
	installed=/usr/local/share/belong/charts	# ./configure's default prefix
	if [ ! -e "$installed/common.gp" ]; then
		mv charts "$T/charts.away"
		./cli/belong plot items --event demo --include-test --out "$T/none.png" 2>"$T/err"
		is "$?" 1 "no templates anywhere: exit 1"
		like "$(cat "$T/err")" "in $installed \\(installed\\) nor in $(pwd -P)/charts \\(the source tree\\)" \
			"...naming the installed directory and the source tree"
		mv "$T/charts.away" charts
	else
		for _ in 1 2; do ok 0 "# SKIP belong is installed in $installed"; done
	fi
else
	for _ in 1 2 3 4 5 6 7; do ok 0 "# SKIP gnuplot not installed"; done
fi

# --- stop -----------------------------------------------------------------------------------------
kill -TERM "$BELONGD"
wait "$RUN_PID"
is "$?" 0 "belongd stops on SIGTERM, make run with it"
RUN_PID=
BELONGD=
./tests/pgtmp stop var/pg
ok $? "tests/pgtmp stop var/pg"
./tests/pgtmp status var/pg >/dev/null 2>&1
is "$?" 3 "...PostgreSQL is stopped"

# --- nothing left behind for git ------------------------------------------------------------------
git status --porcelain --untracked-files=all >"$T/status" 2>&1
is "$(cat "$T/status")" "" "git status after build, make run and plot: nothing (var/ ignored)"

done_testing
