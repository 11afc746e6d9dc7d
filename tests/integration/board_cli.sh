#!/bin/bash
# `belong board` against a real PostgreSQL: members and their links,
# inbox, replies appended to the history, and the report's figures
# against a fixture whose medians were worked out by hand.
. "$(dirname "$0")/lib.sh"

export PGTZ=UTC		# the fixture's days are UTC days
start_pg
migrate

# --- members and links ----------------------------------------------------------
out=$(BELONG_BASE_URL= "$BELONG" board add-member --name 'Ana Ruiz' --email ana@example.org)
ok $? "add-member exits 0"
like "$out" '^added board member 1$' "add-member names the id"
like "$out" '^http://127\.0\.0\.1:8080/board/login\?t=[0-9a-f]{32}$' "the link, with the default base URL"
TOK=$(printf '%s\n' "$out" | sed -n 's|.*login?t=||p')
is "$(sql "select encode(token_hash, 'hex') = encode(sha256('$TOK'), 'hex'), email from board_member where id = 1")" \
	"t|ana@example.org" "only the SHA-256 is stored"
is "$(sql "select count(*) from board_member where encode(token_hash, 'escape') like '%$TOK%'")" 0 "the token itself is nowhere"
out=$(BELONG_BASE_URL=https://board.example.org/ "$BELONG" board add-member --name Ben)
like "$out" '^https://board\.example\.org/board/login\?t=[0-9a-f]{32}$' "BELONG_BASE_URL, trailing slash dropped"
out=$(BELONG_BASE_URL=https://x.example "$BELONG" board add-member --name Cy --base-url http://10.0.0.5:8080)
like "$out" '^http://10\.0\.0\.5:8080/board/login' "--base-url wins over the environment"
"$BELONG" board add-member --name Dee >/dev/null
t1=$(sql "select encode(token_hash, 'hex') from board_member where id = 1")
t2=$(sql "select encode(token_hash, 'hex') from board_member where id = 2")
[ "$t1" != "$t2" ]; ok $? "every member gets their own token"

"$BELONG" board add-member >/dev/null 2>"$T/err"
is "$?" 2 "add-member without --name: exit 2"
"$BELONG" board add-member --name '' >/dev/null 2>"$T/err"
is "$?" 2 "an empty name: exit 2"
"$BELONG" board add-member --name "$(head -c 101 /dev/zero | tr '\0' n)" >/dev/null 2>"$T/err"
is "$?" 2 "a name of 101 characters: exit 2"
"$BELONG" board add-member --name X --email nope >/dev/null 2>"$T/err"
is "$?" 2 "an email without @: exit 2"
"$BELONG" board add-member --name X --base-url 'javascript:alert(1)' >/dev/null 2>"$T/err"
is "$?" 2 "a base URL that is not http(s): exit 2"
is "$(sql "select count(*) from board_member")" 4 "nothing added by the refused commands"

out=$("$BELONG" board relink 1)
ok $? "relink exits 0"
like "$out" 'login\?t=[0-9a-f]{32}$' "relink prints a new link"
NEW=$(printf '%s\n' "$out" | sed -n 's|.*login?t=||p')
is "$(sql "select encode(token_hash, 'hex') from board_member where id = 1")" \
	"$(printf '%s' "$NEW" | sha256sum | cut -d' ' -f1)" "...and stores its hash in place of the old"
sql "insert into board_session (id_hash, member_id, expires_at) values ('\\x01', 1, now() + interval '1 hour')" >/dev/null
"$BELONG" board relink 1 >/dev/null
is "$(sql "select count(*) from board_session where member_id = 1")" 0 "relink ends the member's sessions"
"$BELONG" board relink 99 >/dev/null 2>"$T/err"
is "$?" 1 "relink of no such member: exit 1"
"$BELONG" board relink abc >/dev/null 2>"$T/err"
is "$?" 2 "relink of a non-number: exit 2"
sql "insert into board_session (id_hash, member_id, expires_at) values ('\\x02', 4, now() + interval '1 hour')" >/dev/null
"$BELONG" board revoke 4 >"$T/out"
ok $? "revoke exits 0"
is "$(sql "select revoked_at is not null from board_member where id = 4; select count(*) from board_session where member_id = 4")" \
	"$(printf 't\n0')" "revoke marks the member and ends their sessions"
"$BELONG" board revoke 4 >"$T/out"
like "$(cat "$T/out")" 'already revoked' "revoke twice: says so"
"$BELONG" board relink 4 >/dev/null 2>"$T/err"
is "$?" 1 "relink of a revoked member: exit 1"
"$BELONG" board revoke 99 2>/dev/null
is "$?" 1 "revoke of no such member: exit 1"
is "$("$BELONG" board members --format csv | tr -d '\r')" "$(printf '%s\n' \
	'id,name,email,added,revoked,items' \
	"1,Ana Ruiz,ana@example.org,$(date -u +%F),,0" \
	"2,Ben,,$(date -u +%F),,0" "3,Cy,,$(date -u +%F),,0" "4,Dee,,$(date -u +%F),$(date -u +%F),0")" \
	"members as CSV"

# --- the fixture -------------------------------------------------------------------------
# Six items; first replies after 1, 3.5, 0.25, 10 and 1 days.
sql "insert into board_item (id, member_id, topic, body, share_name, created_at, status) values
	(1, 1, 'programs', 'More robotics', true, '2024-03-01 10:00+00', 'acted'),
	(2, 2, 'programs', 'Later hours', false, '2024-03-02 00:00+00', 'discussed'),
	(3, 1, 'events', 'A fair in June', false, '2024-03-03 00:00+00', 'new'),
	(4, 3, 'events', 'Pizza, please', true, '2024-03-04 00:00+00', 'declined'),
	(5, 2, 'belonging', 'Mentors who look like us', true, '2024-03-05 00:00+00', 'acted'),
	(6, 1, 'other', 'Thanks!', false, '2024-04-10 00:00+00', 'seen');
     select setval('board_item_id_seq', 6);
     insert into board_item_event (item_id, at, status, note, by)
	select id, created_at, 'new', null, null from board_item;
     insert into board_item_event (item_id, at, status, note, by) values
	(1, '2024-03-02 10:00+00', 'seen', null, 'Kim'),
	(1, '2024-03-10 00:00+00', 'acted', 'Robotics club starts in April', 'Kim'),
	(2, '2024-03-05 12:00+00', 'discussed', 'On the agenda', null),
	(4, '2024-03-04 06:00+00', 'declined', 'No budget for food', 'Lee'),
	(5, '2024-03-15 00:00+00', 'seen', null, null),
	(5, '2024-03-20 00:00+00', 'acted', 'Mentor night, May 3', 'Kim'),
	(6, '2024-04-11 00:00+00', 'seen', null, null)" >/dev/null

# By hand.  All six: replied 5 of 6 = 83.3 %; first-reply days 0.25, 1,
# 1, 3.5, 10: median 1.0; acted 2 of 6 = 33.3 %.  programs: 1 and 3.5,
# median 2.25 -> 2.3; events: 0.25 -> 0.3 (rounded half away from 0);
# outreach: no items, no shares, no median.
is "$("$BELONG" board report --format csv | tr -d '\r')" "$(printf '%s\n' \
	'topic,items,new,seen,discussed,acted,declined,replied,replied_pct,median_days_to_reply,acted_pct' \
	'programs,2,0,0,1,1,0,2,100.0,2.3,50.0' \
	'events,2,1,0,0,0,1,1,50.0,0.3,0.0' \
	'outreach,0,0,0,0,0,0,0,,,' \
	'belonging,1,0,0,0,1,0,1,100.0,10.0,100.0' \
	'other,1,0,1,0,0,0,1,100.0,1.0,0.0' \
	'all,6,1,1,1,2,1,5,83.3,1.0,33.3')" "report: the hand-computed figures"
# March only (--to included): items 1-5; replies after 0.25, 1, 3.5, 10
# days: median (1 + 3.5) / 2 = 2.25 -> 2.3; replied 4 of 5 = 80 %;
# acted 2 of 5 = 40 %.
is "$("$BELONG" board report --from 2024-03-01 --to 2024-03-31 --format csv | tr -d '\r' | tail -n 1)" \
	'all,5,1,0,1,2,1,4,80.0,2.3,40.0' "report --from --to: March only"
is "$("$BELONG" board report --from 2024-03-05 --to 2024-03-05 --format csv | tr -d '\r' | tail -n 1)" \
	'all,1,0,0,0,1,0,1,100.0,10.0,100.0' "report on one day includes that day"
is "$("$BELONG" board report --format json | jq -r '.[5].median_days_to_reply, .[2].median_days_to_reply')" \
	"$(printf '1\nnull')" "report as JSON: numbers, and null where there is none"
"$BELONG" board report --from 2024-03-31 --to 2024-03-01 >/dev/null 2>"$T/err"
is "$?" 2 "report --to before --from: exit 2"
"$BELONG" board report --from 2024-02-30 >/dev/null 2>"$T/err"
is "$?" 2 "report with a date that does not exist: exit 2"

# --- inbox, show, reply -----------------------------------------------------------------
is "$("$BELONG" board inbox --status acted --format csv | tr -d '\r' | cut -d, -f1,3,4,5)" \
	"$(printf '%s\n' 'item,topic,status,from' '5,belonging,acted,Ben' '1,programs,acted,Ana Ruiz')" \
	"inbox --status: newest first, names only where shared"
is "$("$BELONG" board inbox --topic events --format csv | tr -d '\r' | cut -d, -f1,5)" \
	"$(printf '%s\n' 'item,from' '4,Cy' '3,')" "inbox --topic; item 3 was sent without a name"
"$BELONG" board inbox --status done >/dev/null 2>&1
is "$?" 2 "inbox --status with an unknown status: exit 2"
"$BELONG" board inbox --topic gossip >/dev/null 2>&1
is "$?" 2 "inbox --topic with an unknown topic: exit 2"
out=$("$BELONG" board show 2)
like "$out" '^from *$' "show: no name on an item sent without one"
like "$out" 'On the agenda' "show: the history"
is "$("$BELONG" board show 1 --format json | jq -r '[.history[].status] | join(",")')" "new,seen,acted" \
	"show as JSON: the history in order"
"$BELONG" board show 99 >/dev/null 2>&1
is "$?" 1 "show of no such item: exit 1"

ev() { sql "select count(*) from board_item_event"; }
e0=$(ev)
"$BELONG" board reply 3 --status acted >/dev/null 2>"$T/err"
is "$?" 2 "reply --status acted without a note: exit 2"
"$BELONG" board reply 3 --status declined --note '  ' >/dev/null 2>"$T/err"
is "$?" 2 "reply --status declined with a blank note: exit 2"
"$BELONG" board reply 3 --status new >/dev/null 2>"$T/err"
is "$?" 2 "reply --status new: exit 2"
"$BELONG" board reply 3 --status done --note x >/dev/null 2>"$T/err"
is "$?" 2 "reply with an unknown status: exit 2"
"$BELONG" board reply 99 --status seen >/dev/null 2>"$T/err"
is "$?" 1 "reply to no such item: exit 1"
is "$(ev)|$(sql "select status from board_item where id = 3")" "$e0|new" "refused replies change nothing"
"$BELONG" board reply 3 --status seen >/dev/null
ok $? "reply --status seen (no note needed)"
"$BELONG" board reply 3 --status acted --note "June fair booked; <b>thanks</b> & see you" --by Kim >/dev/null
ok $? "reply --status acted --note --by"
is "$(sql "select status from board_item where id = 3")" acted "the item's status follows"
is "$(sql "select string_agg(status || ':' || coalesce(note, '') || ':' || coalesce(by, ''), '|' order by at, id)
	from board_item_event where item_id = 3")" "new::|seen::|acted:June fair booked; <b>thanks</b> & see you:Kim" \
	"the history is appended to, never overwritten"

# --- export ---------------------------------------------------------------------------------
"$BELONG" board export >"$T/export.csv"
ok $? "export exits 0"
is "$(head -n 1 "$T/export.csv" | tr -d '\r')" 'item,sent,topic,status,name,body,first_reply,replies' "export: CSV by default"
is "$(grep -c '^[0-9],' "$T/export.csv")" 6 "export: one row per item"
like "$(grep '^1,' "$T/export.csv")" '^1,2024-03-01,programs,acted,Ana Ruiz,More robotics,2024-03-02,2024-03-02 seen \(Kim\); 2024-03-10 acted: Robotics club starts in April \(Kim\).$' \
	"export: a shared name, the first reply and the replies"
like "$(grep '^2,' "$T/export.csv")" '^2,2024-03-02,programs,discussed,,Later hours,' "export: no name where not shared"
if grep -q 'Ben.*Later hours\|Ana Ruiz.*A fair in June' "$T/export.csv"; then ok 1 "export: no unshared name anywhere"; \
	else ok 0 "export: no unshared name anywhere"; fi
is "$("$BELONG" board export --from 2024-04-01 --format json | jq -r '.[].item')" 6 "export --from, as JSON"

"$BELONG" board frobnicate >/dev/null 2>&1
is "$?" 2 "an unknown board subcommand: exit 2"
"$BELONG" board --help | grep -q 'add-member'
ok $? "board --help"
done_testing
