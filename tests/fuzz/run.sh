#!/bin/sh
# Run libFuzzer targets: run.sh BINDIR CORPUSDIR SECONDS JOBS TARGET...
# Each target BINDIR/fuzz_TARGET runs for SECONDS on a scratch copy of its
# seed corpus CORPUSDIR/TARGET (the tree is never written), at most JOBS
# at a time.  Prints "PASS: TARGET" or "FAIL: TARGET" per target (with the
# end of its log and the crashing input's path on failure) and a total
# line; exits 1 if any target failed.
set -u
bindir=$1 corpus=$2 seconds=$3 jobs=$4
shift 4

work=$(mktemp -d "${TMPDIR:-/tmp}/belong-fuzz.XXXXXX") || exit 1
artifacts="$bindir/artifacts"
mkdir -p "$artifacts" || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# fuzz_one TARGET: run it; writes $work/TARGET.rc.
fuzz_one() {
	t=$1
	mkdir -p "$work/$t"
	cp "$corpus/$t"/* "$work/$t"/
	"$bindir/fuzz_$t" -max_total_time="$seconds" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$artifacts/$t-" \
		"$work/$t" >"$work/$t.log" 2>&1
	echo $? >"$work/$t.rc"
}

running=0
for t in "$@"; do
	if [ ! -x "$bindir/fuzz_$t" ] || [ ! -d "$corpus/$t" ]; then
		echo "fuzz: no target or seed corpus for $t" >&2
		echo 2 >"$work/$t.rc"
		continue
	fi
	fuzz_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

passed=0 failed=0
for t in "$@"; do
	rc=$(cat "$work/$t.rc" 2>/dev/null || echo 2)
	if [ "$rc" = 0 ]; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
		echo "PASS: $t (${runs:-?} inputs in ${seconds} s)"
		passed=$((passed + 1))
	else
		echo "FAIL: $t (exit $rc)"
		[ -f "$work/$t.log" ] && grep -v '^#[0-9]' "$work/$t.log" | tail -40
		ls "$artifacts/$t-"* 2>/dev/null | sed 's/^/  input: /'
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
