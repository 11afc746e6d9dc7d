#!/bin/sh
# Text that respondents and board members wrote, printed by the staff
# commands: in a table or CSV no control character, DEL or bidirectional
# override reaches the terminal (each shows as a visible escape); JSON
# writes them as \uXXXX and gives the text back whole.  And event add
# refuses such characters in what staff type.
. "$(dirname "$0")/lib.sh"

# What a hostile comment could hold: a title-setting OSC and a screen
# clear (ESC), BEL, an RLO that would show "lave" as "eval", an
# isolate, the C1 CSI (U+009B), DEL, and a CR that would overwrite.
# (No address or number: quotes would remove those.)
EVIL=$(printf 'hi \033]2;pwned\007 \033[2J \342\200\256lave\342\200\254 \342\201\246iso\342\201\251 \302\2331m del\177 cr\rX')
export EVIL

# clean FILE: valid UTF-8 with no C0 control but LF (and CR before LF),
# no DEL, no C1 control, no bidirectional override or isolate.
clean() {
	python3 - "$1" <<'PY'
import sys
t = open(sys.argv[1], 'rb').read().decode('utf-8')
bad = [c for i, c in enumerate(t)
       if (ord(c) < 0x20 and c != '\n' and not (c == '\r' and t[i + 1:i + 2] == '\n'))
       or 0x7f <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
sys.exit(1 if bad else 0)
PY
}
# json_has FILE: whether some string in the JSON document FILE is $EVIL.
json_has() {
	python3 - "$1" <<'PY'
import json, os, sys
want = os.environ['EVIL']
def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
sys.exit(0 if want in strings(json.load(open(sys.argv[1]))) else 1)
PY
}
# check WHAT ARGS...: run belong ARGS; exit 0, and clean output.
check() {
	what=$1
	shift
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	is "$?" 0 "$what: exit 0"
	clean "$T/out"
	ok $? "$what: no control character or bidirectional override"
}
ESCAPED='\\u001b\]2;pwned\\u0007 \\u001b\[2J \\u202elave\\u202c \\u2066iso\\u2069 \\u009b1m del\\u007f cr\\rX'

start_pg
migrate
"$BELONG" event add --slug esc-event --title "Robotics night" >/dev/null || bail "event add failed"
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" -v evil="$EVIL" >/dev/null <<'SQL' || bail "fixture failed"
-- A title stored before belong checked titles (or by another tool).
insert into event (slug, title, venue, instrument_id)
	select 'old-event', :'evil', :'evil', id from instrument where key = 'pulse' and version = 1;
insert into response (event_id, id, submitted_at, lang, instrument_id, quote_ok)
	select e.id, gen_random_uuid(), '2026-03-01 12:00+00', 'en', e.instrument_id, true
	from event e where slug = 'esc-event';
insert into answer_text (event_id, response_id, item, body)
	select event_id, id, 'change', :'evil' from response;
insert into board_member (display_name, token_hash) values (:'evil', '\x01');
insert into board_item (member_id, topic, body, share_name, created_at)
	select id, 'other', :'evil', true, '2026-03-02 10:00+00' from board_member;
insert into board_item_event (item_id, at, status, note, by)
	select id, '2026-03-03 10:00+00', 'seen', :'evil', 'Kim' from board_item;
SQL

for fmt in table csv json; do
	check "quotes --format $fmt" quotes --min-n 5 --format "$fmt"
	case $fmt in
	csv) like "$(cat "$T/out")" "$ESCAPED" "quotes --format csv: visible escapes" ;;
	json) json_has "$T/out"; ok $? "quotes --format json: the comment comes back whole" ;;
	esac
	check "event list --format $fmt" event list --format "$fmt"
	check "event show --format $fmt" event show old-event --format "$fmt"
	case $fmt in
	table) like "$(cat "$T/out")" "^title +hi $ESCAPED\$" "event show: the title with visible escapes" ;;
	json) json_has "$T/out"; ok $? "event show --format json: the title comes back whole" ;;
	esac
	check "board members --format $fmt" board members --format "$fmt"
	check "board inbox --format $fmt" board inbox --format "$fmt"
	check "board export --format $fmt" board export --format "$fmt"
	case $fmt in
	csv) like "$(cat "$T/out")" "$ESCAPED" "board export --format csv: visible escapes" ;;
	json) json_has "$T/out"; ok $? "board export --format json: the item comes back whole" ;;
	esac
done
for fmt in table json; do
	check "board show --format $fmt" board show 1 --format "$fmt"
done
json_has "$T/out"
ok $? "board show --format json: the item comes back whole"
like "$(grep -c 'u202e' "$T/out")" '^[1-9]' "board show --format json: the override as \\u202e"

# What staff type: event add refuses every kind of character above.
for bad in "$(printf 'a\033[2Jb')" "$(printf 'a\302\233b')" "$(printf 'a\177b')" \
	"$(printf 'a\342\200\256b')" "$(printf 'a\342\200\252b')" "$(printf 'a\342\201\251b')"; do
	"$BELONG" event add --slug refused --title "$bad" >/dev/null 2>"$T/err"
	is "$?" 2 "event add refuses a title with $(printf '%s' "$bad" | od -An -c | tr -s ' ')"
	like "$(cat "$T/err")" '^belong: event add: --title: must not contain' "... and says why"
done
is "$(sql "select count(*) from event where slug = 'refused'")" 0 "refused titles: nothing stored"
"$BELONG" event add --slug fine-event --title "$(printf 'Caf\303\251 \342\200\217ok \360\237\244\226')" >/dev/null
is "$?" 0 "event add takes other Unicode (accents, RLM, emoji)"

done_testing
