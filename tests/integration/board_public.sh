#!/bin/bash
# "You said, we did": `belong board reply --public|--private` and
# `belong board public`.  Items go on and off the public list, only the
# replies marked public are shown, and no member, name, token, private
# reply or day ever reaches the output, in any format.  Refused input
# stores nothing; belongd's role cannot publish.
. "$(dirname "$0")/lib.sh"

export PGTZ=UTC		# the fixture's months are UTC months
start_pg
migrate

TOK1=$("$BELONG" board add-member --name 'Ana Secretname' --email ana@example.org | sed -n 's|.*login?t=||p')
TOK2=$("$BELONG" board add-member --name 'Ben Hiddenname' | sed -n 's|.*login?t=||p')
[ -n "$TOK1" ] && [ -n "$TOK2" ]; ok $? "two members, with their tokens"
# Item 1 has the member's name shared (staff may see it; the public never).
sql "insert into board_item (id, member_id, topic, body, share_name, created_at) values
	(1, 1, 'programs', 'More robotics, \"please\" <script>alert(1)</script>', true, '2024-03-01 10:00+00'),
	(2, 2, 'events', 'Later hours', false, '2024-03-31 23:30+00'),
	(3, 1, 'other', 'ITEM-NEVER-PUBLIC', true, '2024-04-02 00:00+00');
     select setval('board_item_id_seq', 3);
     insert into board_item_event (item_id, at, status) select id, created_at, 'new' from board_item" >/dev/null
NOW=$(date -u +%Y-%m)

state() {	# everything a reply can change
	sql "select (select count(*) from board_item_event) || ' ' ||
	    (select string_agg(id || ':' || status, ',' order by id) from board_item) || ' ' ||
	    (select coalesce(string_agg(item_id::text, ',' order by item_id), '-') from board_public_item) || ' ' ||
	    (select coalesce(string_agg(event_id::text, ',' order by event_id), '-') from board_public_reply)"
}

is "$("$BELONG" board public --format json | jq -c .)" "[]" "nothing public yet: an empty JSON array"
is "$("$BELONG" board public --format csv | tr -d '\r')" "item,month,topic,status,text,replies" \
	"...and a CSV header only"

# --- public and private replies ------------------------------------------------------
"$BELONG" board reply 1 --status seen --note 'PRIVATE-NOTE-1 about Ana' --by Kim >/dev/null
ok $? "a reply without --public or --private"
is "$("$BELONG" board public --format json | jq -c .)" "[]" "...publishes nothing"
out=$("$BELONG" board reply 1 --status acted --note 'Robotics club starts in April' --by Kim --public)
ok $? "reply --public"
is "$out" "item 1 is now acted; it and this reply are public" "...says so"
is "$("$BELONG" board public --format json | jq -c .)" \
	"[{\"item\":1,\"text\":\"More robotics, \\\"please\\\" <script>alert(1)</script>\",\"month\":\"2024-03\",\"topic\":\"programs\",\"status\":\"acted\",\"replies\":[{\"note\":\"Robotics club starts in April\",\"month\":\"$NOW\",\"status\":\"acted\"}]}]" \
	"the item as the member wrote it, its month, and only the public reply"
"$BELONG" board reply 1 --status acted --note 'STAFF-ONLY-1' >/dev/null
"$BELONG" board reply 1 --status acted --note 'Club meets on Fridays' --public >/dev/null
is "$("$BELONG" board public --format json | jq -r '.[0].replies | map(.note) | join("|")')" \
	"Robotics club starts in April|Club meets on Fridays" "two public replies, in order; the private one between them is not shown"
"$BELONG" board reply 2 --status declined --note 'No budget for late buses' --public >/dev/null
"$BELONG" board reply 2 --status seen --note 'STAFF-ONLY-2' --by Lee >/dev/null
is "$("$BELONG" board public --format json | jq -r '.[] | [.item, .status, .month, (.replies | length)] | join(",")')" \
	"$(printf '%s\n' '2,seen,2024-03,1' '1,acted,2024-03,2')" \
	"newest first; the current status; the month of the item (23:30 on March 31 is March)"
is "$("$BELONG" board public --format csv | tr -d '\r')" "$(printf '%s\n' \
	'item,month,topic,status,text,replies' \
	"2,2024-03,events,seen,Later hours,$NOW declined: No budget for late buses" \
	"1,2024-03,programs,acted,\"More robotics, \"\"please\"\" <script>alert(1)</script>\",$NOW acted: Robotics club starts in April; $NOW acted: Club meets on Fridays")" \
	"as CSV: one row an item, its public replies joined"
is "$("$BELONG" board show 1 --format json | jq -c '[.public, [.history[].public]]')" \
	"[true,[false,false,true,false,true]]" "board show tells staff what is public"
like "$("$BELONG" board show 3)" '^public +no$' "...and what is not"

# --- what never appears ------------------------------------------------------------------
for f in table csv json markdown latex; do
	"$BELONG" board public --format "$f" >"$T/public.$f"
	ok $? "board public --format $f"
	leaked=
	for s in Secretname Hiddenname ana@example.org "$TOK1" "$TOK2" PRIVATE-NOTE STAFF-ONLY Kim Lee \
		ITEM-NEVER-PUBLIC; do
		grep -q -- "$s" "$T/public.$f" && leaked="$leaked $s"
	done
	is "$leaked" "" "...no member, name, email, token, private reply, replier or private item"
	if grep -Eq '[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}:[0-9]{2}' "$T/public.$f"; then
		ok 1 "...no date finer than the month"
	else
		ok 0 "...no date finer than the month"
	fi
done
is "$(jq -r '[.[] | keys_unsorted | sort | join(",")] | unique | join(" ")' "$T/public.json")" \
	"item,month,replies,status,text,topic" "the JSON keys of an item"
is "$(jq -r '[.[].replies[] | keys_unsorted | sort | join(",")] | unique | join(" ")' "$T/public.json")" \
	"month,note,status" "...and of a reply"

# --- refused input stores nothing ------------------------------------------------------
s0=$(state)
"$BELONG" board reply 3 --status acted --note x --public --private >/dev/null 2>"$T/err"
is "$?" 2 "--public with --private: exit 2"
like "$(cat "$T/err")" 'exclude each other' "...says why"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board reply 3 --status seen --public >/dev/null 2>"$T/err"
is "$?" 2 "--public without a note: exit 2"
like "$(cat "$T/err")" 'note.*required with --public' "...says why"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board reply 3 --status seen --note '   ' --public >/dev/null 2>"$T/err"
is "$?" 2 "--public with a blank note: exit 2"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board reply 99 --status acted --note x --public >/dev/null 2>"$T/err"
is "$?" 1 "--public on an unknown item: exit 1"
like "$(cat "$T/err")" 'no item 99' "...named"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board reply 99 --status seen --private >/dev/null 2>"$T/err"
is "$?" 1 "--private on an unknown item: exit 1"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board reply 3 --status acted --note "$(printf 'a\033[2Jb')" --public >/dev/null 2>"$T/err"
is "$?" 2 "a note with a terminal escape: exit 2"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board reply 3 --status acted --note "$(printf 'safe \342\200\256txet')" --public >/dev/null 2>"$T/err"
is "$?" 2 "a note with a bidirectional override: exit 2"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board reply 3 --status acted --note "$(printf 'x\377y')" --public >/dev/null 2>"$T/err"
is "$?" 2 "a note that is not UTF-8: exit 2"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board reply 3 --status acted --note "$(head -c 4001 /dev/zero | tr '\0' n)" --public >/dev/null 2>"$T/err"
is "$?" 2 "a note of 4001 characters: exit 2"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board reply 3 --status acted --note x --public --public >/dev/null 2>"$T/err"
is "$?" 2 "--public twice: exit 2"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board reply 3 --status new --note x --public >/dev/null 2>"$T/err"
is "$?" 2 "--public with --status new: exit 2"
is "$(state)" "$s0" "...nothing stored"
"$BELONG" board public 3 >/dev/null 2>"$T/err"
is "$?" 2 "board public ITEM: exit 2"
"$BELONG" board public --format xml >/dev/null 2>"$T/err"
is "$?" 2 "board public --format xml: exit 2"
"$BELONG" board inbox --public >/dev/null 2>"$T/err"
is "$?" 2 "--public on another subcommand: exit 2"

# --- off the list and on again ------------------------------------------------------------
out=$("$BELONG" board reply 2 --status declined --note 'Taken down' --private)
ok $? "reply --private"
is "$out" "item 2 is now declined; it is no longer public" "...says so"
is "$("$BELONG" board public --format json | jq -r '[.[].item] | join(",")')" 1 "...item 2 is off the list"
is "$(sql "select count(*) from board_public_reply where item_id = 2")" 0 "...its reply marks are gone with it"
"$BELONG" board reply 2 --status seen --private >/dev/null
ok $? "--private again, with no note: harmless"
"$BELONG" board reply 2 --status acted --note 'Late bus on Thursdays' --public >/dev/null
is "$("$BELONG" board public --format json | jq -r '.[] | select(.item == 2) | [.status, (.replies | map(.note) | join("|"))] | join(",")')" \
	"acted,Late bus on Thursdays" "public again: only what was marked since"
"$BELONG" board reply 1 --status acted --note 'Still public' >/dev/null
is "$("$BELONG" board public --format json | jq -r '.[] | select(.item == 1) | .replies | length')" 2 \
	"a reply with neither flag leaves the item's publicity as it was"

# --- belongd's role cannot publish ---------------------------------------------------------
sql "create role belongd_app login" >/dev/null
"$BELONG" db grant belongd_app >/dev/null || bail "db grant failed"
APP_DSN=$(printf '%s\n' "$PG_DSN" | sed 's/user=[^ ]*/user=belongd_app/')
app_sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$APP_DSN" -c "$1" 2>&1; }
s0=$(state)
for q in "insert into board_public_item (item_id) values (3)" \
	"insert into board_public_reply (event_id, item_id) select id, item_id from board_item_event where item_id = 3 limit 1" \
	"delete from board_public_item" "delete from board_public_reply" \
	"update board_public_item set since = now()" "select item_id from board_public_item"; do
	like "$(app_sql "$q")" 'permission denied' "belongd_app cannot: $q"
done
is "$(state)" "$s0" "...nothing changed"
is "$(app_sql "insert into board_item (member_id, topic, body) values (2, 'other', 'via app') returning 1")" 1 \
	"belongd_app still stores board items"
is "$("$BELONG" board public --format json | jq -r '[.[].item] | join(",")')" "2,1" "...which are not public"
done_testing
