#!/bin/sh
# The staff commands against a real PostgreSQL: belong event, instrument,
# draw and quotes.  For each input: the exit status, the message, and what
# the database holds afterwards (nothing half-written).
. "$(dirname "$0")/lib.sh"

# run ARGS...: belong with stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
out() { cat "$T/out"; }
err() { cat "$T/err"; }
nevents() { sql "select count(*) from event"; }
PWNED=$T/pwned
HOSTILE_SQL="'; drop table event; --"
HOSTILE_HTML='<script>alert("x")</script> & <b>bold</b>'
HOSTILE_SHELL='$(touch '"$PWNED"') `touch '"$PWNED"'` ; touch '"$PWNED"
BAD_UTF8=$(printf 'caf\303\050')
json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)'; }

start_pg
migrate

# --- usage -------------------------------------------------------------------

for args in "event" "event frob" "event add" "event add --slug abc" "event add --title x" \
	"event add --slug abc --title x extra" "event add --bogus" "event list extra" \
	"event show" "event show a-b-c d-e-f" "event close" "event reopen" \
	"event list --format" "event close abc --format csv" \
	"instrument" "instrument frob" "instrument add" "instrument add a b" "instrument show" \
	"instrument list --version 1" \
	"draw" "draw abc" "draw --winners 2" "draw list" "draw purge" "draw purge a-b c-d" \
	"draw list abc --winners 2" "quotes extra" "quotes --bogus"; do
	# shellcheck disable=SC2086
	run $args
	is "$rc" 2 "belong $args: exit 2"
	like "$(err)" '^belong: |usage: belong' "belong $args: says why on stderr"
	is "$(out)" "" "belong $args: nothing on stdout"
done
for group in event instrument draw quotes; do
	run "$group" --help
	is "$rc" 0 "$group --help: exit 0"
	like "$(out)" "^usage: belong $group" "$group --help: usage on stdout"
done
run --help
like "$(out)" '^  event ' "belong --help lists event"
like "$(out)" '^  instrument ' "belong --help lists instrument"
like "$(out)" '^  draw ' "belong --help lists draw"
like "$(out)" '^  quotes ' "belong --help lists quotes"

# --- event add ---------------------------------------------------------------

run event add --slug robot-night --title "Robot night" --starts 2026-03-01 \
	--ends 2026-03-02 --venue "Main hall" --partner "STEM Alliance" --expected 120 \
	--draw "Lego set"
is "$rc" 0 "event add: exit 0"
is "$(out)" "added event robot-night (instrument pulse@2)" "event add: says what it added"
is "$(sql "select slug, title, starts_on, ends_on, venue, partner, expected_attendance,
	i.key, i.version, opens_at is null, closes_at is null, draw_prize
	from event e join instrument i on i.id = e.instrument_id")" \
	"robot-night|Robot night|2026-03-01|2026-03-02|Main hall|STEM Alliance|120|pulse|2|t|t|Lego set" \
	"event add: every field stored"

run event add --slug robot-night --title "Other title"
is "$rc" 1 "duplicate slug: exit 1"
is "$(err)" 'belong: event add: an event with slug "robot-night" already exists' \
	"duplicate slug: clear message"
is "$(sql "select count(*) || ' ' || min(title) from event")" "1 Robot night" \
	"duplicate slug: the first event is untouched"

# Slugs: 3-64 of a-z, 0-9, '-'.
long65=$(printf 'a%.0s' $(seq 1 65))
long64=$(printf 'b%.0s' $(seq 1 64))
for slug in "ab" "$long65" "Robot-Night" "robot night" "robot_night" "robot.night" \
	"$HOSTILE_SQL" "$HOSTILE_SHELL" "$HOSTILE_HTML" "$BAD_UTF8" "" "émile-day" \
	"robot-night
x" "-"; do
	run event add --slug "$slug" --title "A title"
	is "$rc" 2 "slug $(printf '%s' "$slug" | head -c 20 | tr '\n' ' '): exit 2"
	is "$(err)" "belong: event add: --slug: must be 3 to 64 characters, each a lowercase letter (a-z), a digit or a hyphen" \
		"slug $(printf '%s' "$slug" | head -c 20 | tr '\n' ' '): message names the rule"
done
is "$(nevents)" 1 "refused slugs: nothing stored"
run event add --slug abc --title "Three"
is "$rc" 0 "a 3-character slug is accepted"
run event add --slug "$long64" --title "Sixty-four"
is "$rc" 0 "a 64-character slug is accepted"
is "$(nevents)" 3 "both stored"

# Hostile text is data: stored as given, nothing runs.
n=0
for title in "$HOSTILE_SQL" "$HOSTILE_HTML" "$HOSTILE_SHELL"; do
	n=$((n + 1))
	run event add --slug "hostile-$n" --title "$title" --venue "$title" --partner "$title" \
		--draw "$title"
	is "$rc" 0 "hostile title $n: stored"
	is "$(sql "select count(*) from event where slug = 'hostile-$n' and title = venue
		and venue = partner and partner = draw_prize")" 1 "hostile title $n: every field the same"
	got=$(psql -X -q -t -A -d "$PG_DSN" -c "select title from event where slug = 'hostile-$n'")
	is "$got" "$title" "hostile title $n: stored byte for byte"
done
is "$(sql "select to_regclass('event') is not null")" t "the event table is still there"
ok "$([ ! -e "$PWNED" ]; echo $?)" "no shell command ran"

# Text fields: UTF-8, no control characters, 1..200 (title) or 0..200 characters.
before=$(nevents)
title200=$(printf 'é%.0s' $(seq 1 200))
title201=$(printf 'é%.0s' $(seq 1 201))
ascii201=$(printf 'x%.0s' $(seq 1 201))
run event add --slug long-title --title "$title200"
is "$rc" 0 "a title of 200 characters (400 bytes) is accepted"
is "$(sql "select length(title) || ' ' || octet_length(title) from event where slug = 'long-title'")" \
	"200 400" "the 200-character title is stored whole"
before=$(nevents)
# addt OPT VALUE SLUG: event add with VALUE for --OPT (and a title if needed).
addt() {
	if [ "$1" = title ]; then
		run event add --slug "$3" --title "$2"
	else
		run event add --slug "$3" --title ok --"$1" "$2"
	fi
}
for opt in title venue partner draw title-es; do
	for bad in "$title201" "$ascii201"; do
		addt "$opt" "$bad" too-long
		is "$rc" 2 "--$opt of 201 characters: exit 2"
		like "$(err)" "^belong: event add: --$opt: must be (1|at most) .*200 characters" \
			"--$opt of 201 characters: says the limit"
	done
	addt "$opt" "$BAD_UTF8" bad-utf8
	is "$rc" 2 "--$opt not UTF-8: exit 2"
	is "$(err)" "belong: event add: --$opt: is not valid UTF-8" "--$opt not UTF-8: says so"
	addt "$opt" "$(printf 'line one\nline two')" ctrl-char
	is "$rc" 2 "--$opt with a newline: exit 2"
	like "$(err)" "^belong: event add: --$opt: must not contain control characters" \
		"--$opt with a newline: says so"
	addt "$opt" "$(printf 'red \033[31m')" esc-char
	is "$rc" 2 "--$opt with an escape: exit 2"
	# RLO (U+202E) and RLI (U+2067): the text would read backwards.
	for bidi in '\342\200\256' '\342\201\247'; do
		addt "$opt" "$(printf "invoice $bidi""fdp.exe")" bidi-char
		is "$rc" 2 "--$opt with a bidirectional override $bidi: exit 2"
		like "$(err)" "^belong: event add: --$opt: must not contain bidirectional overrides" \
			"--$opt with a bidirectional override $bidi: says so"
	done
done
for bad in "" "   "; do
	run event add --slug blank-title --title "$bad"
	is "$rc" 2 "blank title '$bad': exit 2"
	is "$(err)" "belong: event add: --title: must be 1 to 200 characters, not only spaces" \
		"blank title '$bad': says the rule"
done
is "$(nevents)" "$before" "refused texts: nothing stored"
run event add --slug empty-venue --title "No venue" --venue ""
is "$rc" 0 "an empty --venue is accepted"
is "$(sql "select venue is null from event where slug = 'empty-venue'")" t "... and stored as NULL"

# Dates: real calendar dates, ends >= starts.
before=$(nevents)
for d in 2026-02-30 2026-13-01 2025-02-29 2026-00-10 2026-04-31 2026-3-1 01/03/2026 \
	2026-03-01x 20260301 "" "2026-03-01 " "$HOSTILE_SQL" 0000-01-01; do
	run event add --slug bad-date --title x --starts "$d"
	is "$rc" 2 "--starts '$d': exit 2"
	is "$(err)" "belong: event add: --starts: must be a real calendar date written YYYY-MM-DD" \
		"--starts '$d': says the rule"
done
run event add --slug bad-date --title x --ends 2026-02-29
is "$rc" 2 "--ends 2026-02-29 (not a leap year): exit 2"
run event add --slug backwards --title x --starts 2026-03-02 --ends 2026-03-01
is "$rc" 2 "ends before starts: exit 2"
is "$(err)" "belong: event add: --ends: must not be before --starts" "ends before starts: says so"
is "$(nevents)" "$before" "refused dates: nothing stored"
run event add --slug leap-day --title x --starts 2024-02-29 --ends 2024-02-29
is "$rc" 0 "2024-02-29, one-day event: accepted"
is "$(sql "select starts_on || ' ' || ends_on from event where slug = 'leap-day'")" \
	"2024-02-29 2024-02-29" "leap day stored"

# --expected: a whole number 0..2147483647.
before=$(nevents)
for n in -1 abc 1.5 2147483648 99999999999999999999 +5 " 5" "" 5x 0x10 "1 000"; do
	run event add --slug bad-expected --title x --expected "$n"
	is "$rc" 2 "--expected '$n': exit 2"
	is "$(err)" "belong: event add: --expected: must be a whole number from 0 to 2147483647" \
		"--expected '$n': says the range"
done
is "$(nevents)" "$before" "refused --expected: nothing stored"
run event add --slug max-expected --title x --expected 2147483647
is "$rc" 0 "--expected 2147483647: accepted"
run event add --slug zero-expected --title x --expected 0
is "$(sql "select expected_attendance from event where slug = 'zero-expected'")" 0 "--expected 0 stored"

# --instrument: a key; the newest version; an unknown key is an error.
before=$(nevents)
run event add --slug no-instrument --title x --instrument nosuch
is "$rc" 1 "unknown instrument: exit 1"
is "$(err)" 'belong: event add: no instrument with key "nosuch" (see `belong instrument list`)' \
	"unknown instrument: says which"
for key in "Pulse" "$HOSTILE_SQL" "" "_x"; do
	run event add --slug bad-key --title x --instrument "$key"
	is "$rc" 2 "--instrument '$key': exit 2"
	like "$(err)" '^belong: event add: --instrument: must be 1 to 64 characters' \
		"--instrument '$key': says the rule"
done
is "$(nevents)" "$before" "refused instruments: nothing stored"

# --opens/--closes.
for t in "2026-04-01 25:00" "2026-04-01T10:60" tomorrow "2026-04-01T10" "2026-04-01T10:00+1" \
	"2026-04-01T10:00 UTC" "2026-02-30T10:00" "$HOSTILE_SQL"; do
	run event add --slug bad-time --title x --opens "$t"
	is "$rc" 2 "--opens '$t': exit 2"
	like "$(err)" '^belong: event add: --opens: must be YYYY-MM-DD' "--opens '$t': says the format"
done
run event add --slug bad-time --title x --opens 2026-04-02T10:00Z --closes 2026-04-02T09:00Z
is "$rc" 2 "closes before opens: exit 2"
is "$(err)" "belong: event add: --closes: must not be before --opens" "closes before opens: says so"
run event add --slug bad-time --title x --opens "2026-04-02T10:00+02:00" --closes 2026-04-02T09:00Z
is "$rc" 0 "closes after opens once the zones are counted: accepted"
is "$(sql "select extract(epoch from closes_at - opens_at)::int from event where slug = 'bad-time'")" 3600 \
	"opens and closes stored with their zones"
run event add --slug twice --title x --title y
is "$rc" 2 "an option given twice: exit 2"
like "$(err)" '^belong: event add: --title given twice' "an option given twice: says which"
is "$(sql "select count(*) from event where slug = 'twice'")" 0 "an option given twice: nothing stored"

# --title-es: the Spanish title of the charts; checked as --title is.
run event add --slug feria --title "Science fair" --title-es "Feria de ciencias"
is "$rc" 0 "event add --title-es: exit 0"
is "$(sql "select title || '|' || title_es from event where slug = 'feria'")" \
	"Science fair|Feria de ciencias" "event add --title-es: stored beside the title"
run event add --slug feria-none --title "No Spanish" --title-es ""
is "$rc" 0 "event add --title-es '': exit 0"
is "$(sql "select title_es is null from event where slug = 'feria-none'")" t "...stored as none (NULL)"
run event add --slug blank-es --title x --title-es "   "
is "$rc" 2 "--title-es of spaces only: exit 2"
is "$(err)" "belong: event add: --title-es: must be 1 to 200 characters, not only spaces" "...says the rule"
n=0
for title in "$HOSTILE_SQL" "$HOSTILE_HTML" "$HOSTILE_SHELL"; do
	n=$((n + 1))
	run event set feria-none --title-es "$title"
	is "$rc" 0 "event set --title-es hostile $n: exit 0"
	got=$(psql -X -q -t -A -d "$PG_DSN" -c "select title_es from event where slug = 'feria-none'")
	is "$got" "$title" "event set --title-es hostile $n: stored byte for byte"
done
is "$(sql "select to_regclass('event') is not null")" t "the event table is still there"
ok "$([ ! -e "$PWNED" ]; echo $?)" "no shell command ran"
run event set feria --title-es "Feria de ciencias 2026"
is "$rc" 0 "event set --title-es: exit 0"
is "$(out)" "event feria: Spanish title set" "...says so"
is "$(sql "select title_es || '|' || test from event where slug = 'feria'")" "Feria de ciencias 2026|false" \
	"...stored, and the rest untouched"
for bad in "$title201" "$BAD_UTF8" "$(printf 'a\033[2Jb')" "$(printf 'a\nb')" \
	"$(printf 'x \342\200\256y')" "   "; do
	run event set feria --title-es "$bad"
	is "$rc" 2 "event set --title-es invalid: exit 2"
	like "$(err)" '^belong: event set: --title-es: (must|is not valid UTF-8)' "...naming the rule"
done
is "$(sql "select title_es from event where slug = 'feria'")" "Feria de ciencias 2026" \
	"refused Spanish titles: the stored one unchanged"
run event set feria --title-es a --title-es b
is "$rc" 2 "event set --title-es twice: exit 2"
run event set no-such-event --title-es "Nada"
is "$rc" 1 "event set --title-es of an unknown event: exit 1"
run event set feria --test --title-es "Feria (prueba)"
is "$rc" 0 "event set --test --title-es: exit 0"
is "$(sql "select title_es || '|' || test from event where slug = 'feria'")" "Feria (prueba)|true" \
	"...both stored in one go"
run event set feria --no-test --title-es ""
is "$rc" 0 "event set --title-es '': exit 0"
is "$(out)" "$(printf 'event feria: a real event, in every report\nevent feria: no Spanish title')" "...says both"
is "$(sql "select coalesce(title_es, 'NULL') || '|' || test from event where slug = 'feria'")" "NULL|false" \
	"...removes the Spanish title"
run event set feria
is "$rc" 2 "event set with nothing to set: exit 2"
like "$(err)" 'nothing to set .*--title-es' "...names --title-es among the choices"
run event set feria --title-es "Feria de ciencias"

# --- event list / show ---------------------------------------------------------

sql "insert into response (event_id, id, lang, instrument_id)
	select id, gen_random_uuid(), 'en', instrument_id from event, generate_series(1, 3)
	where slug = 'robot-night'" >/dev/null
run event list
is "$rc" 0 "event list: exit 0"
like "$(out)" '^slug +title +starts +ends +venue +status +test +expected +attendance +responses$' "event list: header"
# (A 64-character slug is listed too, so the title and venue are cut.)
like "$(out)" '^robot-night +Robo(t night|[^ ]*…) +2026-03-01 +2026-03-02 +Main[^ ]* +open +no +120 +3$' \
	"event list: a row with its response count"
maxw=$(python3 -c 'import sys; print(max(len(l) for l in sys.stdin.read().splitlines()))' <"$T/out")
ok "$([ "$maxw" -le 100 ]; echo $?)" "event list: table fits 100 columns (widest: $maxw)"
like "$(out)" "^long-title +éééé+…  " "event list: a long title is cut with …"

run event list --format json
is "$rc" 0 "event list --format json: exit 0"
out | json_ok; ok $? "event list --format json: valid JSON"
is "$(python3 -c 'import json,sys
d = {e["slug"]: e for e in json.load(sys.stdin)}
r = d["robot-night"]
print(r["title"], r["expected"], r["responses"], r["instrument"], r["status"], r["draw_prize"],
      r["starts"], r["ends"], r["partner"], repr(d["abc"]["expected"]), type(r["expected"]).__name__,
      d["hostile-1"]["title"])' <"$T/out")" \
	"Robot night 120 3 pulse@2 open Lego set 2026-03-01 2026-03-02 STEM Alliance None int $HOSTILE_SQL" \
	"event list --format json: fields, numbers as numbers, null as null"
is "$(python3 -c 'import json,sys
d = {e["slug"]: e for e in json.load(sys.stdin)}
print(d["feria"]["title_es"], "|", d["robot-night"]["title_es"], "|", d["feria-none"]["title_es"])' <"$T/out")" \
	"Feria de ciencias | None | $HOSTILE_SHELL" "event list --format json: title_es, null when none"
is "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <"$T/out")" "$(nevents)" \
	"event list --format json: every event"

run event list --format csv
is "$rc" 0 "event list --format csv: exit 0"
is "$(head -1 "$T/out")" "$(printf 'slug,title,starts,ends,venue,partner,expected,attendance,instrument,status,draw_prize,responses,test,title_es,program,wave,site,kind,audience\r')" \
	"event list --format csv: header, CRLF"
is "$(python3 -c 'import csv,sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
r = [x for x in rows if x["slug"] == "robot-night"][0]
h = [x for x in rows if x["slug"] == "hostile-2"][0]
print(len(rows), r["responses"], r["venue"], h["title"])' "$T/out")" \
	"$(nevents) 3 Main hall $HOSTILE_HTML" "event list --format csv: parsable, values round-trip"
run event list --format xml
is "$rc" 2 "--format xml: exit 2"
is "$(err)" "belong: --format: must be table, csv, json, markdown or latex" "--format xml: says the choices"

run event show robot-night
is "$rc" 0 "event show: exit 0"
like "$(out)" '^title +Robot night$' "event show: title"
like "$(out)" '^draw_prize +Lego set$' "event show: draw prize"
like "$(out)" '^responses +3$' "event show: responses"
like "$(out)" '^instrument +pulse@2$' "event show: instrument"
like "$(out)" '^title_es *$' "event show: no Spanish title"
run event show feria
like "$(out)" '^title_es +Feria de ciencias$' "event show: the Spanish title"
run event show feria --format json
is "$(python3 -c 'import json,sys; d = json.load(sys.stdin); print(d["title"], "|", d["title_es"], "|", d["slug"])' <"$T/out")" \
	"Science fair | Feria de ciencias | feria" "event show --format json: title_es beside title"
run event show robot-night --format json
out | json_ok; ok $? "event show --format json: valid JSON"
is "$(python3 -c 'import json,sys; d = json.load(sys.stdin); print(d["slug"], d["closes_at"], d["expected"])' <"$T/out")" \
	"robot-night None 120" "event show --format json: one object"
run event show robot-night --format csv
is "$(wc -l <"$T/out" | tr -d ' ')" 2 "event show --format csv: header and one row"
run event show no-such-event
is "$rc" 1 "event show of an unknown slug: exit 1"
is "$(err)" 'belong: event show: no event with slug "no-such-event"' "event show unknown: says which"
run event show "$HOSTILE_SQL"
is "$rc" 2 "event show of a malformed slug: exit 2"

# --- close / reopen ------------------------------------------------------------

run event close robot-night
is "$rc" 0 "event close: exit 0"
is "$(out)" "closed event robot-night" "event close: says so"
is "$(sql "select closes_at <= now() from event where slug = 'robot-night'")" t "closes_at set to now"
like "$("$BELONG" event list)" '^robot-night .* closed +no +120 +3$' "event list: status closed"
closed_at=$(sql "select closes_at from event where slug = 'robot-night'")
run event close robot-night
is "$rc" 0 "closing a closed event: exit 0"
is "$(out)" "event robot-night was already closed" "closing a closed event: says so"
is "$(sql "select closes_at from event where slug = 'robot-night'")" "$closed_at" \
	"closing again keeps the first closing time"
run event close no-such-event
is "$rc" 1 "close of an unknown slug: exit 1"
like "$(err)" 'no event with slug "no-such-event"' "close unknown: says which"
run event reopen robot-night
is "$rc" 0 "event reopen: exit 0"
is "$(sql "select closes_at is null from event where slug = 'robot-night'")" t "reopen clears closes_at"
like "$("$BELONG" event list)" '^robot-night .* open +no +120 +3$' "event list: open again"

# An opening time in the future: "not yet open" (cut to fit 100 columns
# beside the 64-character slug); reopen opens it now.
run event add --slug later-on --title "Later" --opens 2999-01-01T00:00Z
like "$("$BELONG" event list)" '^later-on .* not yet o(pen|…)' "event list: not yet open"
run event reopen later-on
is "$(sql "select opens_at is null from event where slug = 'later-on'")" t \
	"reopen clears an opening time in the future"
run event add --slug earlier --title "Earlier" --opens 2020-01-01T00:00Z --closes 2020-02-01T00:00Z
like "$("$BELONG" event show earlier)" '^status +closed$' "past closing time: closed"
run event reopen earlier
is "$(sql "select opens_at || ' ' || (closes_at is null) from event where slug = 'earlier'")" \
	"2020-01-01 00:00:00+00 true" "reopen keeps an opening time in the past"
run event reopen no-such-event
is "$rc" 1 "reopen of an unknown slug: exit 1"

# --- instrument ----------------------------------------------------------------

"$BELONG" instrument show pulse >"$T/pulse1.json"; ok $? "instrument show pulse: exit 0"
json_ok <"$T/pulse1.json"; ok $? "instrument show: valid JSON"
is "$(python3 -c 'import json,sys; d = json.load(sys.stdin); print(d["key"], d["version"], len(d["items"]))' <"$T/pulse1.json")" \
	"pulse 2 7" "instrument show: the definition"
like "$(sed -n 2p "$T/pulse1.json")" '^    "' "instrument show: pretty-printed"

mkdef() {	# mkdef OUT PYTHON-STATEMENTS-ON-d
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)' "$T/pulse1.json" "$1" "$2"
}
ninstr() { sql "select count(*) from instrument"; }
mkdef "$T/pulse2.json" 'd["version"] = 3; d["title"]["en"] = "How did it go?"'
run instrument add "$T/pulse2.json"
is "$rc" 0 "instrument add: exit 0"
is "$(out)" "added instrument pulse@3" "instrument add: says what"
is "$(sql "select definition->'title'->>'en' from instrument where key = 'pulse' and version = 3")" \
	"How did it go?" "instrument add: stored under its key and version"
run instrument add "$T/pulse2.json"
is "$rc" 1 "instrument add duplicate: exit 1"
is "$(err)" "belong: $T/pulse2.json: instrument \"pulse\" version 3 already exists; a changed survey needs a new version" \
	"instrument add duplicate: clear message"
is "$(ninstr)" 3 "duplicate: nothing stored"
like "$("$BELONG" instrument show pulse)" '"How did it go\?"' "instrument show: the newest version"
like "$("$BELONG" instrument show pulse --version 1)" '"How was it\?"' "instrument show --version 1"
run event add --slug on-pulse-2 --title x
is "$(out)" "added event on-pulse-2 (instrument pulse@3)" "event add takes the newest version"
run event add --slug on-custom --title x --instrument pulse
is "$(sql "select i.version from event e join instrument i on i.id = e.instrument_id where slug = 'on-custom'")" \
	3 "--instrument pulse: version 3"

# Invalid definitions: exit 1, naming the file and the item; nothing stored.
mkdef "$T/no-es.json" 'd["version"] = 4; del d["items"][0]["text"]["es"]'
mkdef "$T/bad-type.json" 'd["version"] = 4; d["items"][1]["type"] = "likert7"'
mkdef "$T/dup-item.json" 'd["version"] = 4; d["items"][2]["id"] = "belong"'
mkdef "$T/bad-key.json" 'd["version"] = 4; d["key"] = "'"'"'; drop table instrument; --"'
mkdef "$T/bad-version.json" 'd["version"] = -1'
printf '{"key": "x", "version": 1,' >"$T/truncated.json"
printf '{"key": "caf\303\050", "version": 1}' >"$T/bad-utf8.json"
printf '{"key": "x"}\000{}' >"$T/nul.json"
printf '{"key": "pulse", "version": 9, "key": "evil"}' >"$T/dup-member.json"
printf '{"key": "x"} trailing' >"$T/trailing.json"
: >"$T/empty.json"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$T/huge.json"
for f in no-es:'item "belong": text missing for language "es"' \
	bad-type:'item "welcome": unknown type' \
	dup-item:'duplicate item id "belong"' \
	bad-key:'key' \
	bad-version:'version' \
	truncated:'not valid JSON' \
	bad-utf8:'not UTF-8 text' \
	nul:'not UTF-8 text' \
	dup-member:'member "key" appears twice' \
	trailing:'not valid JSON' \
	empty:'not valid JSON' \
	huge:'larger than 1048576 bytes' \
	missing:'No such file or directory'; do
	name=${f%%:*}
	msg=${f#*:}
	run instrument add "$T/$name.json"
	is "$rc" 1 "instrument add $name: exit 1"
	like "$(err)" "^belong: $T/$name\.json: .*$(printf '%s' "$msg" | sed 's/[][\.*^$()+?{}|]/\\&/g')" \
		"instrument add $name: names the file and the problem"
	is "$(out)" "" "instrument add $name: nothing on stdout"
done
is "$(ninstr)" 3 "invalid definitions: nothing stored"
is "$(sql "select to_regclass('instrument') is not null")" t "the instrument table is still there"
mkdef "$T/stdin.json" 'd["key"] = "pulse-short"; d["version"] = 1; d["items"] = d["items"][:2]'
"$BELONG" instrument add - <"$T/stdin.json" >"$T/out" 2>"$T/err"
is "$?" 0 "instrument add - reads stdin"
is "$(out)" "added instrument pulse-short@1" "... and stores it"

run instrument list --format csv
is "$(python3 -c 'import csv,sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
print(";".join(r["key"] + "@" + r["version"] + ":" + r["items"] + ":" + r["events"] for r in rows))' "$T/out")" \
	"pulse@1:6:$(sql "select count(*) from event e join instrument i on i.id = e.instrument_id where i.version = 1");pulse@2:7:$(sql "select count(*) from event e join instrument i on i.id = e.instrument_id where i.version = 2");pulse@3:7:2;pulse-short@1:2:0" \
	"instrument list --format csv: versions, items and events"
run instrument list --format json
out | json_ok; ok $? "instrument list --format json: valid JSON"
run instrument list
like "$(out)" '^pulse +3 +7 +en,es +How did it go\? +2 ' "instrument list: table row"
for v in 0 -1 abc 1.0 99999999999; do
	run instrument show pulse --version "$v"
	is "$rc" 2 "instrument show --version '$v': exit 2"
	like "$(err)" 'must be a whole number from 1 to 2147483647' "--version '$v': says the range"
done
run instrument show pulse --version 7
is "$rc" 1 "instrument show of a missing version: exit 1"
is "$(err)" 'belong: instrument show: no version 7 of instrument "pulse"' "... says which"
run instrument show nosuch
is "$rc" 1 "instrument show of an unknown key: exit 1"
run instrument show "$HOSTILE_SQL"
is "$rc" 2 "instrument show of a malformed key: exit 2"

# --- draw ----------------------------------------------------------------------

run event add --slug draw-day --title "Draw day" --draw "Telescope"
run event add --slug other-day --title "Other day"
sql "insert into draw_entry (event_id, contact)
	select id, 'person' || i || '@example.org' from event, generate_series(1, 20) i
	where slug = 'draw-day'" >/dev/null
sql "insert into draw_entry (event_id, contact)
	select id, 'other' || i || '@example.org' from event, generate_series(1, 3) i
	where slug = 'other-day'" >/dev/null
winners() { sql "select count(*) from draw_winner w join event e on e.id = w.event_id where e.slug = '$1'"; }
all=""
for round in 1 2 3; do
	run draw draw-day --winners 5
	is "$rc" 0 "draw round $round: exit 0"
	is "$(out | wc -l | tr -d ' ')" 5 "draw round $round: five contacts"
	is "$(out | sort -u | wc -l | tr -d ' ')" 5 "draw round $round: five different contacts"
	is "$(winners draw-day)" $((round * 5)) "draw round $round: $((round * 5)) winners recorded"
	is "$( (printf '%s\n' "$all"; out) | grep -c .)" "$( (printf '%s\n' "$all"; out) | grep . | sort -u | wc -l | tr -d ' ')" \
		"draw round $round: nobody drawn twice"
	is "$(out | grep -cv '^person[0-9]*@example\.org$')" 0 "draw round $round: only this event's entries"
	all=$(printf '%s\n%s' "$all" "$(out)")
done
is "$(sql "select string_agg(contact, ' ' order by contact) from draw_winner")" \
	"$(printf '%s\n' "$all" | grep . | sort | tr '\n' ' ' | sed 's/ $//')" \
	"printed winners are the recorded ones"
run draw draw-day --winners 10
is "$rc" 0 "draw of 10 with 5 left: exit 0"
is "$(out | wc -l | tr -d ' ')" 5 "draw of 10 with 5 left: the 5 remaining"
like "$(err)" 'only 5 entries were left for event draw-day: drew them all' "draw with too few: says so"
is "$(winners draw-day)" 20 "every entry has been drawn"
is "$(sql "select count(distinct contact) from draw_winner")" 20 "twenty different winners"
run draw draw-day --winners 1
is "$rc" 1 "draw with none left: exit 1"
is "$(err)" "belong: draw: no entries left to draw for event draw-day" "draw with none left: says so"
is "$(winners draw-day)" 20 "draw with none left: nothing recorded"
is "$(winners other-day)" 0 "the other event's entries were not drawn"
run draw --winners 3 other-day
is "$(out | grep -c '^other[123]@example\.org$')" 3 "options before the slug work too"

for n in 0 -1 abc 1.5 1000001 ""; do
	run draw draw-day --winners "$n"
	is "$rc" 2 "--winners '$n': exit 2"
	like "$(err)" 'draw: --winners: must be a whole number from 1 to 1000000' "--winners '$n': says the range"
done
run draw no-such-event --winners 1
is "$rc" 1 "draw of an unknown event: exit 1"
is "$(err)" 'belong: draw: no event with slug "no-such-event"' "draw unknown: says which"
run draw "$HOSTILE_SQL" --winners 1
is "$rc" 2 "draw of a malformed slug: exit 2"

run draw list draw-day --format csv
is "$rc" 0 "draw list: exit 0"
is "$(python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], newline="")))))' "$T/out")" 20 \
	"draw list --format csv: the 20 winners"
run draw list draw-day --format json
is "$(python3 -c 'import json,sys; print(len({w["contact"] for w in json.load(sys.stdin)}))' <"$T/out")" 20 \
	"draw list --format json: the 20 winners"
run draw list draw-day
like "$(out)" '^person[0-9]+@example\.org +20[0-9-]+ ' "draw list: table"
run draw list no-such-event
is "$rc" 1 "draw list of an unknown event: exit 1"

# A contact with a newline cannot split the one-per-line output.
run event add --slug odd-contact --title x
sql "insert into draw_entry (event_id, contact) select id, E'a\nb@x.org' from event where slug = 'odd-contact'" >/dev/null
run draw odd-contact --winners 1
is "$(out)" "a?b@x.org" "a control character in a contact prints as ?"

run draw purge draw-day
is "$rc" 0 "draw purge: exit 0"
is "$(out)" "deleted 20 draw entries of event draw-day" "draw purge: says how many"
is "$(sql "select count(*) from draw_entry d join event e on e.id = d.event_id where e.slug = 'draw-day'")" 0 \
	"draw purge: the event's entries are gone"
is "$(sql "select count(*) from draw_entry d join event e on e.id = d.event_id where e.slug = 'other-day'")" 3 \
	"draw purge: other events' entries stay"
is "$(winners draw-day)" 20 "draw purge: the winners stay recorded"
run draw purge draw-day
is "$(out)" "deleted 0 draw entries of event draw-day" "draw purge again: none left"
run draw purge no-such-event
is "$rc" 1 "draw purge of an unknown event: exit 1"

# Every entry can win: 200 draws of one among four, each a winner >= 20
# times (expected 50; failing by chance has probability below 1e-5).
run event add --slug fair-draw --title x
sql "insert into draw_entry (event_id, contact) select id, 'e' || i || '@x.org'
	from event, generate_series(1, 4) i where slug = 'fair-draw'" >/dev/null
: >"$T/picks"
for _ in $(seq 1 200); do
	"$BELONG" draw fair-draw --winners 1 >>"$T/picks" 2>/dev/null
	sql "delete from draw_winner w using event e where e.id = w.event_id and e.slug = 'fair-draw'" >/dev/null
done
is "$(sort -u "$T/picks" | wc -l | tr -d ' ')" 4 "fair draw: every entry won sometimes"
is "$(wc -l <"$T/picks" | tr -d ' ')" 200 "fair draw: 200 draws"
is "$(sort "$T/picks" | uniq -c | awk '$1 >= 20' | wc -l | tr -d ' ')" 4 \
	"fair draw: each of the four entries won at least 20 of 200 times"

# --- quotes ----------------------------------------------------------------------

run event add --slug q-one --title "Quotes one"
run event add --slug q-two --title "Quotes two"
respond() {	# respond SLUG DAY QUOTE_OK [COMMENT]
	id=$(sql "select gen_random_uuid()")
	sql "insert into response (event_id, id, submitted_at, lang, instrument_id, quote_ok,
		role, gender, race)
		select id, '$id', '$2 12:00+00', 'en', instrument_id, $3, 'student', 'woman', '{hispanic}'
		from event where slug = '$1'" >/dev/null
	if [ $# -ge 4 ]; then
		# psql quotes the comment (:'body'), whatever it holds.
		echo "insert into answer_text (event_id, response_id, item, body)
			select id, :'id', 'change', :'body' from event where slug = :'slug'" |
		psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" -v id="$id" -v body="$4" \
			-v slug="$1" >/dev/null || bail "cannot insert a comment"
	fi
}
respond q-one 2026-03-01 true 'Loved the robots, "really"'
respond q-one 2026-03-01 false 'SECRET-ONE do not quote'
respond q-one 2026-03-02 true
respond q-two 2026-03-05 true '=HYPERLINK("http://evil","x")'
respond q-two 2026-03-06 true "$(printf 'more snacks,\nplease')"
respond q-two 2026-03-06 false 'SECRET-TWO private'
respond q-two 2026-03-07 true "$HOSTILE_SQL"
# Twelve respondents in each: quotes name the event and the day only for
# events the reports show (see below for a small one).  robot-night (3)
# is suppressed, and takes the smallest other event with it: q-filler (10).
for i in 1 2 3 4 5 6 7 8 9; do respond q-one 2026-03-02 false; done
for i in 1 2 3 4 5 6 7 8; do respond q-two 2026-03-07 false; done
run event add --slug q-filler --title "Quotes filler"
for i in 1 2 3 4 5 6 7 8 9 10; do respond q-filler 2026-03-07 false; done
uuids=$(sql "select string_agg(id::text, '|') from response")

for fmt in table csv json; do
	run quotes --format "$fmt"
	is "$rc" 0 "quotes --format $fmt: exit 0"
	is "$(out | grep -c 'SECRET')" 0 "quotes --format $fmt: no comment without consent"
	is "$(out | grep -Ec "woman|student|hispanic|$uuids")" 0 \
		"quotes --format $fmt: nothing else about the respondent"
	like "$(out)" 'Loved the robots' "quotes --format $fmt: a consented comment"
done
run quotes --format json
is "$(python3 -c 'import json,sys
q = json.load(sys.stdin)
print(len(q), sorted(q[0].keys()), q[0]["event"], q[0]["date"], q[0]["quote"], q[2]["quote"] == "more snacks,\nplease")' <"$T/out")" \
	"4 ['date', 'event', 'item', 'quote'] q-one 2026-03-01 Loved the robots, \"really\" True" \
	"quotes --format json: valid, four consented quotes, event and day only"
run quotes --format csv
is "$(python3 -c 'import csv,sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
print(len(rows), rows[0], rows[2][3], rows[3][3] == "more snacks,\\nplease", rows[4][3])' "$T/out")" \
	"5 ['event', 'date', 'item', 'quote'] '=HYPERLINK(\"[removed] True $HOSTILE_SQL" \
	"quotes --format csv: parsable; a formula is defused with ' (its address removed); a newline shows as \\n"
is "$(grep -c "$(printf '\r$')" "$T/out")" 5 "quotes --format csv: CRLF line ends"
run quotes
like "$(out)" '^q-two +2026-03-06 +change +more snacks,\\nplease$' "quotes table: a newline prints as \\n"

run quotes --event q-one
is "$(out | tail -n +3 | wc -l | tr -d ' ')" 1 "quotes --event q-one: one quote"
run quotes --event q-one --event q-two --format json
is "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <"$T/out")" 4 \
	"quotes --event twice: both events"
# In those two days q-two has 3 respondents: the reports of that window
# suppress it, so its two quotes come without event and day.
run quotes --from 2026-03-05 --to 2026-03-06 --format json
is "$(python3 -c 'import json,sys; print(" | ".join("%s %s %s" % (q["event"], q["date"], q["quote"][:10]) for q in json.load(sys.stdin)))' <"$T/out")" \
	"None None =HYPERLINK | None None more snack" "quotes --from --to: both days included, the small window anonymous"
run quotes --from 2026-03-08
is "$(out | tail -n +3 | wc -l | tr -d ' ')" 0 "quotes after the last comment: none"
sql "update response set quote_ok = false where id in (select response_id from answer_text where body like 'Loved%')" >/dev/null
run quotes --event q-one --format json
is "$(out)" "[]" "consent withdrawn: the quote is gone"

run quotes --from 2026-03-06 --to 2026-03-05
is "$rc" 2 "quotes --to before --from: exit 2"
is "$(err)" "belong: quotes: --to: must not be before --from" "... says so"
for d in 2026-02-30 yesterday "$HOSTILE_SQL"; do
	run quotes --from "$d"
	is "$rc" 2 "quotes --from '$d': exit 2"
	like "$(err)" 'quotes: --from: must be a real calendar date' "quotes --from '$d': says the rule"
done
run quotes --event no-such-event
is "$rc" 2 "quotes --event unknown: exit 2"
is "$(err)" 'belong: quotes: --event: no event with slug "no-such-event"' "quotes --event unknown: says which"

# A small event (2 respondents): its consented comment is printed without
# event and day, and with what could reach its author removed; selecting
# the event itself is selecting a suppressed group.
run event add --slug q-three --title "Quotes three"
respond q-three 2026-03-08 true 'Call me at +1 (555) 123-4567 or kid.one@example.com, see www.example.org or https://x.example/p?q=1 - loved it'
respond q-three 2026-03-08 false
run quotes --format json
is "$(python3 -c 'import json,sys
q = [x for x in json.load(sys.stdin) if "loved it" in x["quote"]][0]
print(q["event"], q["date"], q["quote"])' <"$T/out")" \
	"None None Call me at [removed] or [removed], see [removed] or [removed] - loved it" \
	"quotes: a small event's comment without event and day, contacts removed"
like "$(err)" 'without their event and day' "quotes: says so"
run quotes --event q-three
is "$rc" 0 "quotes --event small: exit 0"
like "$(err)" 'suppressed: this selection has fewer than 10' "quotes --event small: suppressed"
is "$(out | grep -c 'loved it')" 0 "quotes --event small: no comment"
run quotes --event "$HOSTILE_SQL"
is "$rc" 2 "quotes --event malformed: exit 2"
run quotes --event "a,b,c"
is "$rc" 2 "quotes --event with commas: exit 2"
run quotes --format yaml
is "$rc" 2 "quotes --format yaml: exit 2"

is "$(sql "select count(*) from pg_tables where schemaname = 'public' and tablename in
	('event', 'instrument', 'response', 'answer_text', 'draw_entry', 'draw_winner')")" 6 \
	"every table is still there at the end"
ok "$([ ! -e "$PWNED" ]; echo $?)" "no shell command ran, anywhere"

done_testing
