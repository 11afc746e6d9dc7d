#!/bin/sh
# belong config: the organization's settings in the database.  Known keys
# only; values checked before they reach SQL; hostile values stored as
# text and printed back whole, never run.
. "$(dirname "$0")/lib.sh"

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
out() { cat "$T/out"; }
err() { cat "$T/err"; }
nsettings() { sql "select count(*) from setting"; }

start_pg
migrate

# --- usage and unknown keys ---------------------------------------------------
run config
is "$rc" 2 "config without a subcommand: exit 2"
run config frob
is "$rc" 2 "config frob: exit 2"
like "$(err)" 'unknown' "...says so"
run config set org_name
is "$rc" 2 "config set without VALUE: exit 2"
like "$(err)" '^belong: config set: missing VALUE' "...names what is missing"
run config set org_name a b
is "$rc" 2 "config set with an extra argument: exit 2"
run config get
is "$rc" 2 "config get without KEY: exit 2"
run config set colour blue
is "$rc" 2 "an unknown key: exit 2"
is "$(err)" 'belong: config set: unknown key "colour" (known keys: org_name)' "...naming the known keys"
run config get "$(printf 'x\033]0;owned\007')"
is "$rc" 2 "get of a hostile unknown key: exit 2"
is "$(tr -dc '\033\007' <"$T/err" | wc -c)" 0 "...and no raw control character reaches the terminal"
run config list --format xml
is "$rc" 2 "list --format xml: exit 2"
run config --help
is "$rc" 0 "config --help: exit 0"
like "$(out)" 'org_name' "...lists the known keys"
run --help
like "$(out)" '^  config ' "belong --help lists config"
run conifg
like "$(err)" 'config' "a typo of config is suggested"
is "$(nsettings)" 0 "nothing stored by any of them"

# --- set, get, unset ------------------------------------------------------------
run config get org_name
is "$rc" 1 "get of a key not set: exit 1"
is "$(out)$(err)" "" "...and prints nothing"
run config set org_name "KC STEM Alliance"
is "$rc" 0 "set: exit 0"
is "$(out)" "org_name set" "...says so"
run config get org_name
is "$rc" 0 "get: exit 0"
is "$(out)" "KC STEM Alliance" "...prints the value"
run config set org_name "KC STEM Alliance, 2026"
run config get org_name
is "$(out)" "KC STEM Alliance, 2026" "set again replaces the value"
is "$(nsettings)" 1 "...one row"
run config list
is "$rc" 0 "list: exit 0"
like "$(out)" '^key +value +updated_at$' "list: header"
like "$(out)" '^org_name +KC STEM Alliance, 2026 +[0-9]{4}-' "list: the key, its value and when"
run config list --format json
is "$rc" 0 "list --format json: exit 0"
is "$(python3 -c 'import json,sys; d = json.load(sys.stdin); print(d[0]["key"], "|", d[0]["value"])' <"$T/out")" \
	"org_name | KC STEM Alliance, 2026" "list --format json: key and value"
run config unset org_name
is "$rc" 0 "unset: exit 0"
is "$(out)" "org_name unset" "...says so"
run config unset org_name
is "$rc" 0 "unset twice: exit 0"
is "$(out)" "org_name was not set" "...says it was not set"
run config get org_name
is "$rc" 1 "get after unset: exit 1"
run config list --format json
is "$(python3 -c 'import json,sys; d = json.load(sys.stdin); print(d[0]["key"], d[0]["value"])' <"$T/out")" \
	"org_name None" "list shows a known key not set as null"

# --- hostile and invalid values --------------------------------------------------
PWNED=$T/pwned
for v in "'; drop table setting; --" '<script>alert(1)</script> & <b>x</b>' \
	'$(touch '"$PWNED"') `touch '"$PWNED"'`' '"; system("touch '"$PWNED"'"); "' \
	'-starts with a dash' 'Señal — 100 %'; do
	if [ "${v#-}" != "$v" ]; then run config set org_name -- "$v"; else run config set org_name "$v"; fi
	is "$rc" 0 "set $v: exit 0"
	run config get org_name
	is "$(out)" "$v" "...comes back whole"
done
is "$(sql "select count(*) from setting")" 1 "the table is still there, one row"
[ ! -e "$PWNED" ]; ok $? "nothing ran"
run config set org_name "Good"
for bad in "$(printf 'a\033[2Jb')" "$(printf 'line\nbreak')" "$(printf 'tab\there')" \
	"$(printf 'caf\303\050')" "$(printf 'bidi \342\200\256x')" "" "   " \
	"$(python3 -c 'print("é" * 201)')"; do
	i=$((${i:-0} + 1))
	run config set org_name "$bad"
	is "$rc" 2 "invalid value $i (escape, newline, tab, bad UTF-8, bidi, empty, blank, 201): exit 2"
	like "$(err)" '^belong: config set: org_name: (must|is not valid UTF-8)' "...naming the rule"
done
is "$(sql "select value from setting")" "Good" "...and the value is unchanged"
run config set org_name "$(python3 -c 'print("é" * 200)')"
is "$rc" 0 "200 characters (400 bytes): accepted"
is "$(sql "select length(value) from setting where key = 'org_name'")" 200 "...stored whole"
done_testing
