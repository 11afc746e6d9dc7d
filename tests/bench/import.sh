#!/bin/bash
# Benchmark of belong import responses: N generated rows (default
# 100,000) in the format of belong export responses --include-text, over
# DAYS days of 2023 (default 336, twelve months of 28 days), every
# about-you field at random (nearly every response a combination of its
# own: the rollup's worst case) and a comment on some; imported
# into a fresh event of a private, durable PostgreSQL whose rollup was
# built first, so that the import also rebuilds the rollup for every day
# it touches.  Prints the time and the rate in rows/s.  Run by hand from
# the build directory, never by make check:
#
#   tests/bench/import.sh [DIR]      (default /var/tmp/belong-bench-import)
#
# RUNS (default 3) imports, each into its own event; the cluster is kept
# in DIR; `tests/pgtmp destroy DIR` removes it.
set -eu

BUILDDIR=${BELONG_BUILDDIR:-$(pwd)}
SRCDIR=${BELONG_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BELONG=$BUILDDIR/cli/belong
N=${N:-100000}
RUNS=${RUNS:-3}
DAYS=${DAYS:-336}
DIR=${1:-/var/tmp/belong-bench-import}

[ -x "$BELONG" ] || { echo "import.sh: run from the build directory (no $BELONG)" >&2; exit 2; }
BELONG_DSN=$("$SRCDIR/tests/pgtmp" start "$DIR" --durable)
export BELONG_DSN
"$BELONG" db migrate >/dev/null
"$BELONG" rollup >/dev/null

FILE=$(mktemp /tmp/belong-bench-import.XXXXXX.csv)
trap 'rm -f "$FILE"' EXIT
awk -v n="$N" -v days="$DAYS" 'BEGIN {
	srand(42)
	split("student educator family volunteer other prefer_not", role, " ")
	split("k5 g6_8 g9_12 college adult", grade, " ")
	split("woman man nonbinary prefer_not", gender, " ")
	split("asian black hispanic white asian;white aian nhpi mena", race, " ")
	print "date,lang,belong,welcome,voice,future,recommend,change,role,grade,gender,race,disability,firstgen,language,quote_ok"
	for (i = 0; i < n; i++) {
		d = int(rand() * days)
		m = 1; while (d >= 28) { d -= 28; m++ }
		if (m > 12) m = 12
		v = int(rand() * 5) + 1
		printf "2023-%02d-%02d,%s,%d,%d,%d,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
		    m, d + 1, rand() < 0.2 ? "es" : "en", v, (v % 5) + 1, int(rand() * 5) + 1,
		    v, int(rand() * 11),
		    rand() < 0.1 ? "\"More robots, please; and snacks, \"\"lots\"\"\"" : "",
		    role[int(rand() * 6) + 1], grade[int(rand() * 5) + 1],
		    gender[int(rand() * 4) + 1], race[int(rand() * 8) + 1],
		    rand() < 0.5 ? "no" : "yes", rand() < 0.5 ? "yes" : "unsure",
		    rand() < 0.5 ? "en" : "es", rand() < 0.5 ? "true" : "false"
	}
}' >"$FILE"
echo "import.sh: $N rows, $(du -h "$FILE" | cut -f1)"

for run in $(seq 1 "$RUNS"); do
	slug=bench-$(date +%s)-$run
	"$BELONG" event add --slug "$slug" --title "Import benchmark" >/dev/null
	start=$(date +%s.%N)
	"$BELONG" import responses "$FILE" --event "$slug"
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" -v n="$N" \
		'BEGIN { printf "run %d: %.2f s, %.0f rows/s\n", '"$run"', e - s, n / (e - s) }'
done
