#!/bin/bash
# Sites, an event's site, kind and audience, attendance by group, the
# response rate of a group over its headcounts, and pulse version 2 (the
# optional first_time question) against a real PostgreSQL and belongd:
# every command with valid, malformed, oversize, hostile and duplicate
# input, each checked for its exit status, its message and what the
# database holds afterwards.
. "$(dirname "$0")/lib.sh"

run() {	# run ARGS...: belong, stdout in $T/out, stderr in $T/err, status in $rc
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
out() { cat "$T/out"; }
err() { cat "$T/err"; }
PWNED=$T/pwned
HOSTILE_SQL="'; drop table site; --"
HOSTILE_HTML='<script>alert("x")</script> & <b>bold</b>'
HOSTILE_SHELL='$(touch '"$PWNED"') `touch '"$PWNED"'` ; touch '"$PWNED"
ESC=$(printf 'red \033[31mtext')
BAD_UTF8=$(printf 'caf\303\050')
LONG201=$(printf '%0201d' 0)
LONG200=$(printf '%0200d' 0)
sites() { sql "select coalesce(string_agg(code || ':' || level || ':' || coalesce(
	(select p.code from site p where p.id = s.parent_id), '-') || ':' ||
	coalesce(nces_id, '-'), ' ' order by code), '') from site s"; }
groups() { sql "select coalesce(string_agg(dimension || '=' || code || ':' || n, ' '
	order by dimension, code), '') from attendance_group g join event e on e.id = g.event_id
	where e.slug = '$1'"; }

start_pg
migrate

# --- the schema ---------------------------------------------------------------
is "$(sql "select version || ':' || jsonb_array_length(definition->'items') from instrument
	where key = 'pulse' order by version" | tr '\n' ' ')" "1:6 2:7 " \
	"pulse versions 1 (six items) and 2 (seven)"
is "$(sql "select i->>'type', i->>'required', i->'text'->>'en', i->'text'->>'es',
	(select string_agg(o->>'code', ',') from jsonb_array_elements(i->'options') o)
	from instrument, jsonb_array_elements(definition->'items') i
	where key = 'pulse' and version = 2 and i->>'id' = 'first_time'")" \
	"choice|false|Is this your first time at one of our events?|¿Es tu primera vez en uno de nuestros eventos?|yes,no,not_sure" \
	"pulse 2: first_time is an optional choice, in English and Spanish"
is "$(sql "select string_agg(i->>'id', ',') from instrument, jsonb_array_elements(definition->'items') i
	where key = 'pulse' and version = 2")" "belong,welcome,voice,future,recommend,first_time,change" \
	"pulse 2: version 1's items, first_time before the comment"
is "$(sql "select (select definition - 'version' - 'items' from instrument where key = 'pulse' and version = 1) =
	(select definition - 'version' - 'items' from instrument where key = 'pulse' and version = 2)")" t \
	"pulse 2: the rest of the definition is version 1's"

# --- site add: valid ----------------------------------------------------------
run site add --code ca --name California --level state --nces-id 06
is "$rc" 0 "site add state: exit 0"
is "$(out)" "added state ca" "site add: says what"
run site add --code lausd --name "Los Angeles Unified" --level district --parent ca --nces-id 0622710
is "$rc" 0 "site add district in a state: exit 0"
is "$(out)" "added district lausd (in ca)" "site add --parent: says where"
run site add --code roosevelt-hs --name "Roosevelt High — Ñandú" --level school --parent lausd
is "$rc" 0 "site add school (UTF-8 name): exit 0"
run site add --code robotics-club --name "Robotics club" --level program --parent roosevelt-hs
is "$rc" 0 "site add program in a school: exit 0"
run site add --code maker-space --name "$LONG200" --level program --parent ca
is "$rc" 0 "site add: a 200-character name, a parent two levels wider"
run site add --code hostile-names --name "$HOSTILE_SQL $HOSTILE_HTML $HOSTILE_SHELL" --level program
is "$rc" 0 "site add: SQL, HTML and shell in a name are text"
is "$(sql "select name from site where code = 'hostile-names'")" "$HOSTILE_SQL $HOSTILE_HTML $HOSTILE_SHELL" \
	"...stored verbatim"
ok "$([ ! -e "$PWNED" ]; echo $?)" "...and nothing executed"
SITES=$(sites)
is "$SITES" "ca:state:-:06 hostile-names:program:-:- lausd:district:ca:0622710 maker-space:program:ca:- robotics-club:program:roosevelt-hs:- roosevelt-hs:school:lausd:-" \
	"the sites, their levels, parents and NCES ids"

# --- site add: refused, exit 2 (1 for a duplicate), nothing stored ------------
refuse() {	# refuse STATUS PATTERN DESCRIPTION ARGS...
	local want=$1 pat=$2 what=$3
	shift 3
	run "$@"
	is "$rc" "$want" "$what: exit $want"
	like "$(err)" "$pat" "$what: says why"
	is "$(out)" "" "$what: nothing on stdout"
	is "$(sites)" "$SITES" "$what: nothing stored"
}
refuse 2 'required' "no --level" site add --code xx --name X
refuse 2 'required' "no --name" site add --code xx --level state
refuse 2 'given twice' "--code twice" site add --code xx --code yy --name X --level state
refuse 2 'unknown option' "an unknown option" site add --code xx --name X --level state --bogus
refuse 2 'unexpected argument' "an extra argument" site add --code xx --name X --level state extra
refuse 2 '^belong: site add: --level: must be state, district, school or program$' "--level county" \
	site add --code xx --name X --level county
refuse 2 '^belong: site add: --code: must be 2-64' "--code of one character" site add --code x --name X --level state
refuse 2 '^belong: site add: --code: must be 2-64' "--code with capitals" site add --code CA --name X --level state
refuse 2 '^belong: site add: --code: must be 2-64' "--code starting with -" site add --code -ca --name X --level state
refuse 2 '^belong: site add: --code: must be 2-64' "--code of 65 characters" \
	site add --code "$(printf 'a%.0s' $(seq 65))" --name X --level state
for bad in "$HOSTILE_SQL" "$HOSTILE_HTML" "$HOSTILE_SHELL" "$ESC" "$BAD_UTF8" "" "é-site"; do
	refuse 2 '^belong: site add: --code: ' "--code $(printf '%q' "$bad")" site add --code "$bad" --name X --level state
done
refuse 2 '^belong: site add: --name: ' "--name of 201 characters" site add --code xx --name "$LONG201" --level state
refuse 2 '^belong: site add: --name: ' "--name empty" site add --code xx --name "" --level state
refuse 2 '^belong: site add: --name: ' "--name with a terminal escape" site add --code xx --name "$ESC" --level state
refuse 2 '^belong: site add: --name: ' "--name not UTF-8" site add --code xx --name "$BAD_UTF8" --level state
refuse 2 '^belong: site add: --nces-id: must be 2-12 digits$' "--nces-id with a letter" \
	site add --code xx --name X --level school --nces-id 06a
refuse 2 '^belong: site add: --nces-id: must be 2-12 digits$' "--nces-id of 13 digits" \
	site add --code xx --name X --level school --nces-id 1234567890123
refuse 2 '^belong: site add: --nces-id: must be 2-12 digits$' "--nces-id of SQL" \
	site add --code xx --name X --level school --nces-id "1'; drop table site; --"
refuse 2 '^belong: site add: --parent: no site with code "nowhere"' "an unknown --parent" \
	site add --code xx --name X --level school --parent nowhere
refuse 2 '^belong: site add: --parent: roosevelt-hs is a school; the parent of a district must be of a wider level' \
	"a district in a school" site add --code xx --name X --level district --parent roosevelt-hs
refuse 2 'must be of a wider level' "a state in a state" site add --code xx --name X --level state --parent ca
refuse 2 'must be of a wider level' "a school in a school" site add --code xx --name X --level school --parent roosevelt-hs
refuse 2 '^belong: site add: --parent: must be another site$' "its own parent" \
	site add --code lausd --name X --level district --parent lausd
refuse 2 '^belong: site add: --parent: ' "--parent with SQL" site add --code xx --name X --level school --parent "$HOSTILE_SQL"
refuse 1 '^belong: site add: a site with code "ca" already exists' "a duplicate code" \
	site add --code ca --name Other --level state
is "$(sql "select name from site where code = 'ca'")" California "the duplicate changed nothing"
# The schema keeps the rule for anyone writing to the table directly.
sql "insert into site (code, name, level, parent_id) select 'yy', 'Y', 'state', id from site where code = 'lausd'" \
	>/dev/null 2>"$T/sqlerr"
like "$(cat "$T/sqlerr")" 'a state cannot have a district as parent' "the schema refuses a narrower parent too"
is "$(sites)" "$SITES" "...nothing stored"

# --- site list and show --------------------------------------------------------
run site list --format csv
is "$rc" 0 "site list --format csv: exit 0"
is "$(head -1 "$T/out" | tr -d '\r')" "code,name,level,parent,nces_id,events,created_at" "site list: the columns"
is "$(tail -n +2 "$T/out" | tr -d '\r' | cut -d, -f1,3,4,5,6 | head -4 | tr '\n' ' ')" \
	"ca,state,,06,0 lausd,district,ca,0622710,0 roosevelt-hs,school,lausd,,0 hostile-names,program,,,0 " \
	"site list: widest level first, then by code"
run site list --format json
python3 -c 'import json,sys; d = json.load(sys.stdin); print(len(d), d[0]["code"], d[0]["nces_id"])' <"$T/out" >"$T/j"
is "$(cat "$T/j")" "6 ca 06" "site list --format json: every site, the NCES id as text"
run site list
is "$rc" 0 "site list: exit 0"
like "$(out)" '^roosevelt-hs +Roosevelt High' "site list: a table"
run site list --format html
is "$rc" 2 "site list --format html: exit 2"
run site show lausd --format json
is "$(python3 -c 'import json,sys; d = json.load(sys.stdin); d = d[0] if isinstance(d, list) else d; print(d["name"], d["level"], d["parent"])' <"$T/out")" \
	"Los Angeles Unified district ca" "site show --format json"
run site show hostile-names
like "$(out)" "name +$(printf '%s' "$HOSTILE_SQL" | sed 's/[][\.*^$()+?{}|]/\\&/g')" "site show: the name as text"
run site show nowhere
is "$rc" 1 "site show of an unknown site: exit 1"
is "$(err)" 'belong: site show: no site with code "nowhere"' "...says so"
run site show "$HOSTILE_SQL"
is "$rc" 2 "site show of a malformed code: exit 2"
like "$(err)" '^belong: site show: CODE: must be' "...says why"
run site show
is "$rc" 2 "site show without a code: exit 2"
run site frob
is "$rc" 2 "site frob: exit 2"

# --- event add/set --site --kind --audience --------------------------------------
run event add --slug fair-a --title "Fair A" --site roosevelt-hs --kind event --audience students
is "$rc" 0 "event add --site --kind --audience: exit 0"
is "$(out)" "added event fair-a (instrument pulse@2)" "event add: a new event takes pulse 2"
run event add --slug fair-b --title "Fair B" --site lausd
is "$rc" 0 "event add --site only: exit 0"
run event add --slug train-1 --title "Teacher training" --kind training --audience educators
is "$rc" 0 "event add --kind training --audience educators: exit 0"
events() { sql "select coalesce(string_agg(e.slug || ':' || coalesce(s.code, '-') || ':' || e.kind || ':' ||
	coalesce(e.audience, '-'), ' ' order by e.slug), '') from event e left join site s on s.id = e.site_id"; }
EVENTS=$(events)
is "$EVENTS" "fair-a:roosevelt-hs:event:students fair-b:lausd:event:- train-1:-:training:educators" \
	"the events' sites, kinds and audiences"
refuse_ev() {	# refuse_ev STATUS PATTERN DESCRIPTION ARGS...
	local want=$1 pat=$2 what=$3
	shift 3
	run "$@"
	is "$rc" "$want" "$what: exit $want"
	like "$(err)" "$pat" "$what: says why"
	is "$(events)" "$EVENTS" "$what: no event changed"
}
refuse_ev 2 '^belong: event add: --site: no site with code "nowhere"' "event add: an unknown site" \
	event add --slug fair-c --title C --site nowhere
refuse_ev 2 '^belong: event add: --kind: must be event, training or program-session$' "event add: --kind party" \
	event add --slug fair-c --title C --kind party
refuse_ev 2 '^belong: event add: --audience: must be students, educators, families or mixed$' \
	"event add: --audience aliens" event add --slug fair-c --title C --audience aliens
refuse_ev 2 '^belong: event add: --site: must be' "event add: --site with SQL" \
	event add --slug fair-c --title C --site "$HOSTILE_SQL"
refuse_ev 2 '^belong: event add: --kind: ' "event add: --kind with an escape" \
	event add --slug fair-c --title C --kind "$ESC"
refuse_ev 2 '^belong: event add: --audience: ' "event add: --audience not UTF-8" \
	event add --slug fair-c --title C --audience "$BAD_UTF8"
refuse_ev 2 '^belong: event add: --site given twice' "event add: --site twice" \
	event add --slug fair-c --title C --site ca --site lausd
refuse_ev 2 '^belong: event add: --site: no site with code "none"' "event add: --site none" \
	event add --slug fair-c --title C --site none
refuse_ev 1 'already exists' "event add: a duplicate slug with a site" \
	event add --slug fair-a --title A --site ca

run event set fair-b --site robotics-club --kind program-session --audience mixed
is "$rc" 0 "event set --site --kind --audience: exit 0"
is "$(out)" "event fair-b: site robotics-club
event fair-b: kind program-session
event fair-b: audience mixed" "event set: says what it set"
run event set train-1 --site none --audience none
is "$rc" 0 "event set --site none --audience none: exit 0"
EVENTS=$(events)
is "$EVENTS" "fair-a:roosevelt-hs:event:students fair-b:robotics-club:program-session:mixed train-1:-:training:-" \
	"event set: stored; none clears; what is not given stays"
refuse_ev 2 '^belong: event set: --site: no site with code "nowhere"' "event set: an unknown site" \
	event set fair-a --site nowhere
refuse_ev 2 '^belong: event set: --kind: ' "event set: --kind none" event set fair-a --kind none
refuse_ev 2 '^belong: event set: --audience: must be students, educators, families, mixed or none$' \
	"event set: --audience of HTML" event set fair-a --audience "$HOSTILE_HTML"
refuse_ev 1 '^belong: event set: no event with slug "no-such"' "event set: an unknown event" \
	event set no-such --kind training

run event list --format csv
python3 -c 'import csv,sys
rows = {r["slug"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
print(" ".join(rows[s]["site"] + ":" + rows[s]["kind"] + ":" + rows[s]["audience"] for s in sorted(rows)))' "$T/out" >"$T/l"
is "$(cat "$T/l")" "roosevelt-hs:event:students robotics-club:program-session:mixed :training:" \
	"event list --format csv: site, kind and audience"
run event list --format json
python3 -c 'import json,sys
d = {e["slug"]: e for e in json.load(sys.stdin)}
print(d["fair-a"]["site"], d["fair-a"]["kind"], d["fair-a"]["audience"], d["train-1"]["site"], d["train-1"]["audience"])' <"$T/out" >"$T/l"
is "$(cat "$T/l")" "roosevelt-hs event students None None" "event list --format json: null without a site or audience"
run event show fair-b
like "$(out)" '^site +robotics-club$' "event show: site"
like "$(out)" '^kind +program-session$' "event show: kind"
like "$(out)" '^audience +mixed$' "event show: audience"
run site list --format csv
is "$(grep -c '^robotics-club,.*,1,' "$T/out")" 1 "site list: counts the events at a site"

# --- event attendance --group ------------------------------------------------------
run event attendance fair-a --total 40 --group role=student:25 --group role=educator:10 --group race=black:12 --group race=hispanic:30
is "$rc" 0 "event attendance --group: exit 0"
is "$(out)" "event fair-a: attendance 40; 4 group counts" "event attendance --group: says what"
is "$(groups fair-a)" "race=black:12 race=hispanic:30 role=educator:10 role=student:25" "the group counts stored"
run event attendance fair-b --total 30 --group role=student:20 --group role=educator:8
is "$rc" 0 "event attendance fair-b: exit 0"
GA=$(groups fair-a)
GB=$(groups fair-b)
TOTALS() { sql "select string_agg(slug || ':' || coalesce(attendance::text, '-'), ' ' order by slug) from event"; }
TOT=$(TOTALS)
refuse_att() {	# refuse_att STATUS PATTERN DESCRIPTION ARGS...
	local want=$1 pat=$2 what=$3
	shift 3
	run "$@"
	is "$rc" "$want" "$what: exit $want"
	like "$(err)" "$pat" "$what: says why"
	is "$(groups fair-a) / $(groups fair-b) / $(TOTALS)" "$GA / $GB / $TOT" "$what: nothing changed"
}
refuse_att 2 'more than the --total 40' "a group over the total" \
	event attendance fair-a --total 40 --group role=student:41
refuse_att 2 'the --group counts of role add up to 45, more than the --total 40' "a question's groups over the total" \
	event attendance fair-a --total 40 --group role=student:30 --group role=educator:15
refuse_att 2 'unknown dimension "shoe"' "an unknown dimension" \
	event attendance fair-a --total 40 --group shoe=red:3
refuse_att 2 '"astronaut" is not a code of role' "an unknown code" \
	event attendance fair-a --total 40 --group role=astronaut:3
refuse_att 2 'is not a code of role' "prefer_not is not counted" \
	event attendance fair-a --total 40 --group role=prefer_not:3
refuse_att 2 'role=student given twice' "a group twice" \
	event attendance fair-a --total 40 --group role=student:3 --group role=student:4
refuse_att 2 'must be DIM=CODE:N' "no count" event attendance fair-a --total 40 --group role=student
refuse_att 2 'must be DIM=CODE:N' "no code" event attendance fair-a --total 40 --group role=:3
refuse_att 2 'must be DIM=CODE:N' "no dimension" event attendance fair-a --total 40 --group =student:3
refuse_att 2 'N must be' "a negative count" event attendance fair-a --total 40 --group role=student:-1
refuse_att 2 'N must be' "a count that is not a number" event attendance fair-a --total 40 --group "role=student:1e3"
refuse_att 2 'N must be' "a count over 2^31" event attendance fair-a --total 40 --group role=student:99999999999
refuse_att 2 'must be DIM=CODE:N' "an oversize group" event attendance fair-a --total 40 --group "role=$LONG200:3"
refuse_att 2 'must be DIM=CODE:N' "SQL as a dimension" event attendance fair-a --total 40 --group "x'; drop table attendance_group; --=student:3"
refuse_att 2 'is not a code of role' "HTML as a code" event attendance fair-a --total 40 --group "role=<b>x</b>:3"
refuse_att 2 'is not a code of role' "a terminal escape as a code" event attendance fair-a --total 40 --group "role=$ESC:3"
refuse_att 2 'is not a code of role' "invalid UTF-8 as a code" event attendance fair-a --total 40 --group "role=$BAD_UTF8:3"
ok "$(err | grep -q "$(printf '\033')"; [ $? -ne 0 ]; echo $?)" "the escape is not echoed raw"
refuse_att 2 '--total N is required' "--group without --total" event attendance fair-a --group role=student:3
refuse_att 1 'no event with slug "no-such"' "an unknown event" event attendance no-such --total 4 --group role=student:3
args=""
for i in $(seq 65); do args="$args --group role=student:1"; done
# shellcheck disable=SC2086
refuse_att 2 'more than 64 --group' "65 groups" event attendance fair-a --total 40 $args
run event attendance fair-a --total 38 --group role=student:24
is "$rc" 0 "a correction: exit 0"
is "$(out)" "event fair-a: attendance 38 (was 40); 1 group count" "...says the old total"
is "$(groups fair-a)" "role=student:24" "a correction replaces every earlier group count"
run event attendance fair-a --total 40 --group role=student:25 --group role=educator:10
is "$(groups fair-a)" "role=educator:10 role=student:25" "and again"

# --- pulse 2 through belongd, pulse 1 events still answered --------------------------------
sql "insert into event (slug, title, instrument_id) select 'old-fair', 'Old fair', id from instrument
	where key = 'pulse' and version = 1" >/dev/null
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret"
uuid() { cat /proc/sys/kernel/random/uuid; }
token() {	# token EVENT_ID ID
	local msg="2.$1.$(date +%s).$2"
	printf '%s.%s' "$msg" "$(printf '%s' "$msg" | openssl dgst -sha256 -hmac "$(cat "$T/secret")" | awk '{print $2}')"
}
evid() { sql "select id from event where slug = '$1'"; }
# post SLUG ROLE [EXTRA-ANSWERS]: one response; prints the status.
post() {
	local id
	id=$(uuid)
	printf '{"id":"%s","token":"%s","lang":"en","answers":{"belong":4,"welcome":5,"voice":3,"future":4,"recommend":9%s},"about":{"role":"%s"}}' \
		"$id" "$(token "$(evid "$1")" "$id")" "${3:-}" "$2" >"$T/req"
	curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary @"$T/req" "$BELONGD_URL/api/v1/events/$1/responses"
}
curl -s "$BELONGD_URL/api/v1/events/fair-a" >"$T/ev.json"
like "$(cat "$T/ev.json")" '"id": ?"first_time"' "the API serves pulse 2's first_time"
like "$(cat "$T/ev.json")" '"es": ?"¿Es tu primera vez en uno de nuestros eventos\?"' "...in Spanish too"
curl -s "$BELONGD_URL/e/fair-a?lang=es" >"$T/form.html"
like "$(cat "$T/form.html")" 'primera vez' "the form asks first_time"
curl -s "$BELONGD_URL/api/v1/events/old-fair" >"$T/old.json"
ok "$(grep -q first_time "$T/old.json"; [ $? -ne 0 ]; echo $?)" "a pulse 1 event does not ask it"

statuses=""
# fair-a: 10 students (6 first-timers, 2 not, 1 not sure, 1 no answer), 6 educators.
for a in yes yes yes yes yes yes no no not_sure ""; do
	statuses="$statuses $(post fair-a student "${a:+,\"first_time\":\"$a\"}")"
done
for _ in 1 2 3 4 5 6; do statuses="$statuses $(post fair-a educator)"; done
# fair-b: 7 students, 5 educators.
for _ in 1 2 3 4 5 6 7; do statuses="$statuses $(post fair-b student ',"first_time":"no"')"; done
for _ in 1 2 3 4 5; do statuses="$statuses $(post fair-b educator)"; done
is "$(echo $statuses | tr ' ' '\n' | sort | uniq -c | awk '{print $2 "x" $1}')" "201x28" "28 responses to pulse 2: 201"
is "$(sql "select value || ':' || count(*) from answer a join event e on e.id = a.event_id
	where item = 'first_time' group by value order by value" | tr '\n' ' ')" "1:6 2:9 3:1 " \
	"first_time stored (yes 6, no 9, not sure 1)"
is "$(post fair-a student ',"first_time":4')" 422 "first_time 4 (no such option): 422"
is "$(post fair-a student ',"first_time":"maybe"')" 422 "first_time maybe (no such option): 422"
is "$(post old-fair student)" 201 "a pulse 1 event still takes its answers: 201"
is "$(post old-fair student ',"first_time":"yes"')" 422 "...but not first_time: 422"
is "$(sql "select count(*) from response r join event e on e.id = r.event_id where slug = 'old-fair'")" 1 \
	"the pulse 1 event holds one response"
stop_belongd
# old-fair's one response would be given away by the fairs' figures (the
# selection's complement): it has served its purpose, so it goes.
sql "delete from answer where event_id = (select id from event where slug = 'old-fair');
     delete from response where event_id = (select id from event where slug = 'old-fair')" >/dev/null

# --- the response rate of a group over its headcounts -------------------------------------
# By hand: students 17 of 25 + 20 = 45 counted, 37.78 %; educators 11 of 10 + 8 = 18, 61.11 %.
csvrow() {	# csvrow FILE INDICATOR GROUP COLS...
	python3 - "$@" <<'PY'
import csv, sys
f, ind, grp, cols = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
for r in csv.DictReader(open(f, newline="")):
    if r["group"] == grp and r["indicator"] == ind:
        print(" ".join(r[c] for c in cols))
PY
}
run report --by role --format csv
is "$rc" 0 "report --by role: exit 0"
cp "$T/out" "$T/role.csv"
is "$(csvrow "$T/role.csv" response_rate student n value suppressed)" "17 37.78 0" "student: 17 over 45 counted"
is "$(csvrow "$T/role.csv" response_rate educator n value suppressed)" "11 61.11 0" "educator: 11 over 18 counted"
is "$(csvrow "$T/role.csv" response_rate family n value)" "" "family: not counted, no rate"
is "$(csvrow "$T/role.csv" response_rate all n value)" "28 40.00" "everyone: 28 over 70, as before"
run report --by role
like "$(out)" 'counted at every event of the selection' "the note says how a group's rate is made"
# A group's rate goes with its respondents: suppressed when they are.
run report --event fair-a --event fair-b --by role --format csv
for r in student educator; do
	is "$(csvrow "$T/out" response_rate $r n value suppressed)" \
		"$(csvrow "$T/out" respondents $r suppressed | sed 's/^1$/  1/; s/^0$/'"$(csvrow "$T/role.csv" response_rate $r n value)"' 0/')" \
		"--event both fairs: $r's rate suppressed exactly when its respondents are"
done
# An event without a group's count: that group has no rate.
"$BELONG" event attendance fair-b --total 30 --group role=student:20 >/dev/null
run report --by role --format csv
is "$(csvrow "$T/out" response_rate educator n value)" "" "educators not counted at fair-b: no rate"
is "$(csvrow "$T/out" response_rate student n value)" "17 37.78" "students still have theirs"

done_testing
