#!/bin/sh
# belong program (add, list, show, match), event --program/--wave and
# export program against a real PostgreSQL: every bad input exits 2 with
# nothing written; matching counts on a small fixture of codes (exact, a
# typo in one element, "I don't know", two people sharing a code, pre
# only, post only, no code, a test event); the export's rows, with no
# code, no id and no event in them.
#
# The codes are made-up 32-byte values inserted by SQL (the hashing is
# belongd's; these tests are about what the CLI does with the hashes).
. "$(dirname "$0")/lib.sh"

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
out() { cat "$T/out"; }
err() { cat "$T/err"; }
nprograms() { sql "select count(*) from program"; }
PWNED=$T/pwned
HOSTILE_SQL="'; drop table program; --"
HOSTILE_HTML='<script>alert("x")</script> & <b>bold</b>'
HOSTILE_SHELL='$(touch '"$PWNED"') `touch '"$PWNED"'` ; touch '"$PWNED"
ESC=$(printf 'red \033[31mtext')
BAD_UTF8=$(printf 'caf\303\050')
LONG201=$(printf '%0201d' 0)
LONG200=$(printf '%0200d' 0)

start_pg
migrate

# --- program add: bad input, exit 2, nothing written ------------------------

for args in "program" "program frob" "program add" "program add --slug abc" \
	"program add --title x" "program add --slug abc --title x extra" \
	"program add --bogus" "program list extra" "program show" \
	"program show a-b-c d-e-f" "program match" "program add --slug abc --slug abd --title x"; do
	# shellcheck disable=SC2086
	run $args
	is "$rc" 2 "belong $args: exit 2"
	like "$(err)" '^belong: |usage: belong' "belong $args: says why on stderr"
	is "$(out)" "" "belong $args: nothing on stdout"
done
run program --help
is "$rc" 0 "program --help: exit 0"
like "$(out)" '^usage: belong program add' "program --help: usage on stdout"
run --help
like "$(out)" '^  program ' "belong --help lists program"

bad_add() {	# bad_add DESCRIPTION PATTERN ARGS...: exit 2, message, no program
	desc=$1 pat=$2
	shift 2
	run program add "$@"
	is "$rc" 2 "program add $desc: exit 2"
	like "$(err)" "$pat" "program add $desc: says why"
	is "$(nprograms)" 0 "program add $desc: nothing written"
}
bad_add "SQL in the slug" '^belong: program add: --slug: must be 3 to 64' \
	--slug "$HOSTILE_SQL" --title x
bad_add "an upper-case slug" '--slug: must be' --slug Camp --title x
bad_add "a two-letter slug" '--slug: must be' --slug ab --title x
bad_add "slug none" '--slug: must not be "none"' --slug none --title x
bad_add "an empty title" '--title: ' --slug camp --title ""
bad_add "a title of 201 characters" '--title: ' --slug camp --title "$LONG201"
bad_add "a terminal escape in the title" '--title: ' --slug camp --title "$ESC"
bad_add "invalid UTF-8 in the title" '--title: ' --slug camp --title "$BAD_UTF8"
bad_add "an unknown design" '--design: must be prepost or retro' \
	--slug camp --title x --design both
bad_add "SQL as the design" '--design: must be prepost or retro' \
	--slug camp --title x --design "$HOSTILE_SQL"
ok "$([ ! -e "$PWNED" ]; echo $?)" "program add: no shell ran"

# --- program add, list, show ------------------------------------------------

run program add --slug camp --title "$HOSTILE_HTML"
is "$rc" 0 "program add: exit 0"
is "$(out)" "added prepost program camp" "program add: says what it added (prepost by default)"
run program add --slug camp --title "Another" --design retro
is "$rc" 1 "program add twice: exit 1"
is "$(err)" 'belong: program add: a program with slug "camp" already exists (see `belong program list`)' \
	"program add twice: says so"
is "$(sql "select count(*), min(title), min(design) from program")" "1|$HOSTILE_HTML|prepost" \
	"program add twice: the first one unchanged"
run program add --slug shell-prog --title "$HOSTILE_SHELL" --design retro
is "$rc" 0 "program add --design retro: exit 0"
run program add --slug long-title --title "$LONG200"
is "$rc" 0 "program add: a title of 200 characters is fine"
is "$(sql "select title from program where slug = 'shell-prog'")" "$HOSTILE_SHELL" \
	"program add: shell text stored as text"
ok "$([ ! -e "$PWNED" ]; echo $?)" "program add: no shell ran"

# --- event add/set --program --wave ------------------------------------------

nevents() { sql "select count(*) from event"; }
bad_event() {	# bad_event DESCRIPTION PATTERN ARGS...
	desc=$1 pat=$2
	shift 2
	run event add --slug bad-event --title x "$@"
	is "$rc" 2 "event add $desc: exit 2"
	like "$(err)" "$pat" "event add $desc: says why"
	is "$(nevents)" 0 "event add $desc: nothing written"
}
bad_event "an unknown program" '--program: no program with slug "nope"' --program nope --wave pre
bad_event "SQL as the program" '--program: must be 3 to 64' --program "$HOSTILE_SQL" --wave pre
bad_event "an unknown wave" '--wave: must be pre or post' --program camp --wave middle
bad_event "--wave without --program" '--wave needs --program' --wave pre
bad_event "a prepost program without --wave" 'program camp is pre/post: give --wave' --program camp
bad_event "a retro program with --wave" 'program shell-prog is retrospective' \
	--program shell-prog --wave pre
bad_event "--program given twice" 'given twice' --program camp --program camp --wave pre

run event add --slug camp-pre-a --title "Pre A" --program camp --wave pre
is "$rc" 0 "event add --program --wave: exit 0"
is "$(out)" "added event camp-pre-a (instrument pulse@2, program camp, wave pre)" \
	"event add --program --wave: says so"
for e in camp-pre-b:pre camp-post-a:post camp-post-b:post; do
	"$BELONG" event add --slug "${e%:*}" --title "${e%:*}" --program camp \
		--wave "${e#*:}" >/dev/null || bail "event add ${e%:*}"
done
"$BELONG" event add --slug camp-pre-test --title "Try out" --program camp --wave pre \
	--test >/dev/null || bail "event add camp-pre-test"
"$BELONG" event add --slug retro-day --title "Retro" --program shell-prog >/dev/null ||
	bail "event add retro-day"
"$BELONG" event add --slug loose --title "Loose" >/dev/null || bail "event add loose"
is "$(sql "select e.slug, p.slug, coalesce(e.wave, '-') from event e
	left join program p on p.id = e.program_id order by e.slug" | tr '\n' ' ')" \
	"camp-post-a|camp|post camp-post-b|camp|post camp-pre-a|camp|pre camp-pre-b|camp|pre camp-pre-test|camp|pre loose||- retro-day|shell-prog|- " \
	"event add: programs and waves stored"

run event list --format json
is "$(python3 -c 'import json,sys
d = {e["slug"]: e for e in json.load(sys.stdin)}
print(d["camp-post-b"]["program"], d["camp-post-b"]["wave"], d["loose"]["program"], d["retro-day"]["wave"])' <"$T/out")" \
	"camp post None None" "event list --format json: program and wave, null when none"
run event show camp-pre-b
like "$(out)" '^program +camp$' "event show: program"
like "$(out)" '^wave +pre$' "event show: wave"

# set: an event without responses moves; --program none takes it out.
run event set loose --program camp --wave post
is "$rc" 0 "event set --program --wave: exit 0"
is "$(out)" "event loose: program camp, wave post" "event set --program --wave: says so"
run event set loose --wave pre
is "$(out)" "event loose: program camp, wave pre" "event set --wave: moves within the program"
run event set loose --program shell-prog
is "$(sql "select p.slug, coalesce(e.wave, '-') from event e join program p on p.id = e.program_id
	where e.slug = 'loose'")" "shell-prog|-" "event set --program: to a retro program, no wave"
for args in "--program none --wave pre" "--program camp" "--wave sideways" \
	"--program nope --wave pre" "--wave pre"; do
	# shellcheck disable=SC2086
	run event set loose $args
	is "$rc" 2 "event set $args: exit 2"
	like "$(err)" '^belong: event set: ' "event set $args: says why"
done
is "$(sql "select p.slug, coalesce(e.wave, '-') from event e join program p on p.id = e.program_id
	where e.slug = 'loose'")" "shell-prog|-" "event set: bad input changes nothing"
run event set loose --program none
is "$rc" 0 "event set --program none: exit 0"
is "$(out)" "event loose: in no program" "event set --program none: says so"
is "$(sql "select program_id is null and wave is null from event where slug = 'loose'")" "t" \
	"event set --program none: stored"
run event set loose --wave pre
is "$rc" 2 "event set --wave on an event in no program: exit 2"

# --- the fixture ------------------------------------------------------------
#
# person     pre event    post event   code pre -> post
# p01..p12   pre-a/b      post-a/b     the same four elements: exact
# typo       pre-a        post-b       one element differs: near (diff 1)
# dk         pre-b        post-a       "I don't know" both times: near (diff 1)
# twin1/2    pre-a, pre-b post-a/b     the same code for two people: ambiguous
# preonly    pre-a        -            unmatched pre
# postonly   -            post-b       unmatched post
# nocode     pre-b        post-a       gave no code: no response_code row
# tester     pre-test     post-a       a test event: matched only with --include-test

python3 - >"$T/fixture.sql" <<'EOF'
import uuid
rows = []
def h(v):
    return "NULL" if v is None else "decode(md5('%s') || md5('%s#'), 'hex')" % (v, v)
n = 0
def resp(event, person, code, val, gender=None):
    global n
    n += 1
    rid = str(uuid.UUID(int=(n * 2654435761) % (1 << 128) | (1 << 78)))
    idx = (val - 1) / 4 * 100
    g = "NULL" if gender is None else "'%s'" % gender
    rows.append("insert into response (event_id, id, lang, instrument_id, belonging,"
        " role, grade, gender) select id, '%s', 'en', instrument_id, %s, 'student',"
        " 'g6_8', %s from event where slug = '%s';" % (rid, idx, g, event))
    for item in ("belong", "welcome", "voice", "future"):
        rows.append("insert into answer select id, '%s', '%s', %d from event"
            " where slug = '%s';" % (rid, item, val, event))
    rows.append("insert into answer select id, '%s', 'recommend', %d from event"
        " where slug = '%s';" % (rid, 2 * val, event))
    if code is not None:
        rows.append("insert into response_code select id, '%s', %s from event"
            " where slug = '%s';" % (rid, ", ".join(h(c) for c in code), event))
def code(p, dk=False, typo=False):
    return ["bm:" + p, None if dk else "gi:" + p, "os:" + p,
            "bt:" + p + ("x" if typo else "")]
genders = ["woman"] * 8 + ["man"] * 4
for i in range(1, 13):
    p = "p%02d" % i
    resp("camp-pre-" + "ab"[i % 2], p, code(p), 1 + i % 5)
    resp("camp-post-" + "ab"[(i // 2) % 2], p, code(p), 1 + (i + 2) % 5, genders[i - 1])
resp("camp-pre-a", "typo", code("typo"), 2)
resp("camp-post-b", "typo", code("typo", typo=True), 5, "nonbinary")
resp("camp-pre-b", "dk", code("dk", dk=True), 3)
resp("camp-post-a", "dk", code("dk", dk=True), 1)
for t, e in (("a", "a"), ("b", "b")):
    resp("camp-pre-" + e, "twin", code("twin"), 4)
    resp("camp-post-" + e, "twin", code("twin"), 4, "woman")
resp("camp-pre-a", "preonly", code("preonly"), 5)
resp("camp-post-b", "postonly", code("postonly"), 5, "man")
resp("camp-pre-b", "nocode", None, 1)
resp("camp-post-a", "nocode", None, 1, "man")
resp("camp-pre-test", "tester", code("tester"), 2)
resp("camp-post-a", "tester", code("tester"), 3, "woman")
print("\n".join(rows))
EOF
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DSN" -f "$T/fixture.sql" >/dev/null || bail "fixture"
is "$(sql "select count(*) from response")" 38 "fixture: 38 responses"

# --- program list / show ----------------------------------------------------

run program list
is "$rc" 0 "program list: exit 0"
like "$(out)" '^camp +<script>.* +prepost +5 +3 +2 +38 +' "program list: events and responses"
like "$(out)" '^shell-prog +.* +retro +1 +0 +0 +0 +' "program list: a retro program"
run program list --format json
is "$(python3 -c 'import json,sys
d = {p["slug"]: p for p in json.load(sys.stdin)}
print(d["camp"]["title"], d["camp"]["events"], d["camp"]["responses"], d["shell-prog"]["design"])' <"$T/out")" \
	"$HOSTILE_HTML 5 38 retro" "program list --format json: fields round-trip"
run program show camp
is "$rc" 0 "program show: exit 0"
is "$(head -1 "$T/out")" "program camp (prepost): $HOSTILE_HTML" "program show: the program first"
like "$(out)" '^camp-pre-a +Pre A +pre +open +no +9$' "program show: a pre event and its responses"
like "$(out)" '^camp-pre-test +Try out +pre +open +yes +1$' "program show: the test event, marked"
like "$(out)" '^camp-post-b +camp-post-b +post +open +no +9$' "program show: a post event"
run program show camp --format csv
is "$(python3 -c 'import csv,sys
r = list(csv.DictReader(open(sys.argv[1], newline="")))
print(len(r), ",".join(x["event"] + ":" + x["wave"] + ":" + x["responses"] for x in r))' "$T/out")" \
	"5 camp-pre-a:pre:9,camp-pre-b:pre:9,camp-pre-test:pre:1,camp-post-a:post:10,camp-post-b:post:9" \
	"program show --format csv: every event, pre first"
run program show nope-nope
is "$rc" 1 "program show an unknown program: exit 1"
is "$(err)" 'belong: program show: no program with slug "nope-nope"' "program show unknown: says so"
run program show "$HOSTILE_SQL"
is "$rc" 2 "program show with SQL: exit 2"

# --- event set refuses to move an event with responses -----------------------

run event set camp-pre-a --wave post
is "$rc" 1 "event set --wave on an event with responses: exit 1"
like "$(err)" 'camp-pre-a has 9 response\(s\): it cannot move to another program or wave' \
	"event set: says why it refuses"
run event set camp-pre-a --program none
is "$rc" 1 "event set --program none on an event with responses: exit 1"
run event set camp-pre-a --program shell-prog
is "$rc" 1 "event set --program elsewhere on an event with responses: exit 1"
is "$(sql "select p.slug, e.wave from event e join program p on p.id = e.program_id
	where e.slug = 'camp-pre-a'")" "camp|pre" "event set: the event stays where it was"
run event set camp-pre-a --program camp --wave pre --title-es "Antes A"
is "$rc" 0 "event set to the same program and wave, with responses: exit 0"
is "$(sql "select title_es from event where slug = 'camp-pre-a'")" "Antes A" \
	"event set: the other values still set"

# --- program match -----------------------------------------------------------

for args in "--max-diff 4" "--max-diff -1" "--max-diff abc" "--max-diff 1.5" \
	"--max-diff ''" "--format markdown" "--format xml" "--bogus"; do
	eval "run program match camp $args"
	is "$rc" 2 "program match $args: exit 2"
	like "$(err)" '^belong: ' "program match $args: says why"
done
run program match nope-nope
is "$rc" 1 "program match an unknown program: exit 1"
is "$(err)" 'belong: program match: no program with slug "nope-nope"' "program match unknown: says so"
run program match shell-prog
is "$rc" 1 "program match a retro program: exit 1"
like "$(err)" 'retrospective' "program match retro: says why"

run program match camp
is "$rc" 0 "program match: exit 0"
like "$(out)" '^kind +pre_event +pre_response +post_event +post_response +diff$' "program match: header"
is "$(tail -2 "$T/out")" "program camp: 18 pre, 19 post responses (no code: 1 pre, 1 post); max-diff 1
14 pairs (12 exact, 2 near); unmatched: 4 pre (2 ambiguous), 5 post (2 ambiguous); match rate 77.8 %" \
	"program match: the counts"
is "$(grep -cE '^exact ' "$T/out")" 12 "program match: 12 exact rows"
is "$(grep -cE '^near .* 1$' "$T/out")" 2 "program match: 2 near rows, diff 1"
is "$(grep -cE '^ambiguous_pre ' "$T/out") $(grep -cE '^ambiguous_post ' "$T/out")" "2 2" \
	"program match: the two sharing a code are listed as ambiguous on each side"
is "$(grep -cE '^unmatched_pre ' "$T/out") $(grep -cE '^unmatched_post ' "$T/out")" "1 2" \
	"program match: pre only; post only and the tester's post"
is "$(grep -cE '^no_code_pre ' "$T/out") $(grep -cE '^no_code_post ' "$T/out")" "1 1" \
	"program match: no code, each side"

run program match camp --format json
is "$rc" 0 "program match --format json: exit 0"
is "$(python3 -c 'import json,sys
d = json.load(sys.stdin)
m = d["matching"]
print(d["program"], d["design"], m["max_diff"], m["pre"], m["post"], m["pairs"], m["exact"], m["near"],
      m["unmatched_pre"], m["unmatched_post"], m["ambiguous_pre"], m["ambiguous_post"],
      m["no_code_pre"], m["no_code_post"], round(m["rate"], 4), len(d["rows"]),
      sorted(set(r["kind"] for r in d["rows"])))' <"$T/out")" \
	"camp prepost 1 18 19 14 12 2 4 5 2 2 1 1 0.7778 23 ['ambiguous_post', 'ambiguous_pre', 'exact', 'near', 'no_code_post', 'no_code_pre', 'unmatched_post', 'unmatched_pre']" \
	"program match --format json: the counts and rows"

run program match camp --max-diff 0 --format json
is "$(python3 -c 'import json,sys
m = json.load(sys.stdin)["matching"]
print(m["pairs"], m["exact"], m["near"], m["unmatched_pre"], m["ambiguous_pre"], m["unmatched_post"], m["ambiguous_post"])' <"$T/out")" \
	"12 12 0 6 2 7 2" "program match --max-diff 0: the typo and the don't-know stay apart"
run program match camp --include-test --format json
is "$(python3 -c 'import json,sys
m = json.load(sys.stdin)["matching"]
print(m["pre"], m["post"], m["pairs"], m["exact"], m["unmatched_post"], round(m["rate"], 4))' <"$T/out")" \
	"19 19 15 13 4 0.7895" "program match --include-test: the test event's response matched"
run program match camp --format csv
is "$rc" 0 "program match --format csv: exit 0"
is "$(python3 -c 'import csv,sys
r = list(csv.DictReader(open(sys.argv[1], newline="")))
print(len(r), sum(1 for x in r if x["kind"] == "exact"))' "$T/out")" "23 12" \
	"program match --format csv: one table"
like "$(err)" '^14 pairs \(12 exact, 2 near\)' "program match --format csv: the counts on stderr"

# --- export program ----------------------------------------------------------

for args in "--format table" "--max-diff 9" "--min-n 2" "--bogus" "a-b-c d-e-f"; do
	# shellcheck disable=SC2086
	run export program camp $args
	is "$rc" 2 "export program $args: exit 2"
done
run export program
is "$rc" 2 "export program without SLUG: exit 2"
run export program nope-nope
is "$rc" 1 "export program an unknown program: exit 1"
run export program shell-prog
is "$rc" 1 "export program a retro program: exit 1"

# With the default min-n of 10 the reports suppress the events (9 or 10
# respondents each) and so the selection: no row.
run export program camp
is "$rc" 0 "export program (min-n 10): exit 0"
is "$(wc -l <"$T/out" | tr -d ' ')" 1 "export program (min-n 10): the header only"
like "$(err)" '^belong: export program: suppressed: ' "export program (min-n 10): says why"
# Fewer than min-n pairs: no row either (--max-diff 0 --min-n 13: 12 pairs).
run export program camp --min-n 13 --max-diff 0
like "$(err)" '^belong: export program: suppressed: ' "export program (12 pairs, min-n 13): refused"
is "$(wc -l <"$T/out" | tr -d ' ')" 1 "export program (12 pairs, min-n 13): the header only"

run export program camp --min-n 5
is "$rc" 0 "export program --min-n 5: exit 0"
is "$(head -1 "$T/out" | tr -d '\r')" \
	"match,pre_belonging,post_belonging,pre_belong,post_belong,pre_welcome,post_welcome,pre_voice,post_voice,pre_future,post_future,pre_recommend,post_recommend,pre_first_time,post_first_time,role,grade,gender,race,race_aian,race_asian,race_black,race_hispanic,race_mena,race_nhpi,race_white,race_self,disability,firstgen,language,demographics" \
	"export program: the columns, pre and post side by side"
# Each person's answers: pre v on every likert item and 2v on recommend.
python3 - "$T/out" >"$T/rows" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
for r in sorted(rows, key=lambda r: (r["match"], r["pre_belong"], r["post_belong"], r["gender"])):
    print(r["match"], r["pre_belong"], r["post_belong"], r["pre_recommend"], r["post_recommend"],
          r["pre_belonging"], r["post_belonging"], r["gender"] or "-", r["demographics"])
EOF
python3 - >"$T/want" <<'EOF'
genders = ["woman"] * 8 + ["man"] * 4
want = []
for i in range(1, 13):
    a, b = 1 + i % 5, 1 + (i + 2) % 5
    want.append(("exact", a, b, genders[i - 1]))
want += [("near", 2, 5, "nonbinary"), ("near", 3, 1, "-")]
# min-n 5: 8 women, a full combination; men (4), nonbinary (1) and not
# answered (1) are rarer, together 6: coarsened to role and grade.
out = []
for m, a, b, g in want:
    full = g == "woman"
    out.append((m, str(a), str(b), str(2 * a), str(2 * b), "%.2f" % ((a - 1) / 4 * 100),
                "%.2f" % ((b - 1) / 4 * 100), g if full else "-", "full" if full else "coarsened"))
for r in sorted(out, key=lambda r: (r[0], r[1], r[2], r[7])):
    print(*r)
EOF
is "$(cat "$T/rows")" "$(cat "$T/want")" "export program: one row per pair, pre and post answers side by side"
like "$(err)" 'export program: 14 pairs of 18 pre and 19 post responses' "export program: says how many"
# Nothing that identifies a response, an event or a code.
for pat in '[0-9a-f]{8}-[0-9a-f]{4}-' 'camp-p' '\\x' '[0-9a-f]{32}'; do
	ok "$(grep -Eq -- "$pat" "$T/out"; [ $? -eq 1 ]; echo $?)" "export program: no '$pat'"
done
for v in $(sql "select encode(birth_month, 'hex') || ' ' || encode(older_siblings, 'hex')
	from response_code limit 5"); do
	ok "$(grep -qi "$v" "$T/out"; [ $? -eq 1 ]; echo $?)" "export program: no code element in it"
done
run export program camp --min-n 5 --format json
is "$rc" 0 "export program --format json: exit 0"
is "$(python3 -c 'import json,sys
d = json.load(sys.stdin)
print(len(d), sorted(set(k for r in d for k in r if "id" in k or "event" in k or "code" in k)))' <"$T/out")" \
	"14 []" "export program --format json: 14 rows, no id, event or code field"
run export program camp --min-n 5 --max-diff 0
is "$(($(wc -l <"$T/out") - 1))" 12 "export program --max-diff 0: the exact pairs only"

done_testing
