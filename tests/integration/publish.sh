#!/bin/sh
# belong publish: the public page's files, every figure on it equal to the
# CLI's own JSON (tests/integration/publish_check.py parses the HTML with
# python3's html.parser), no suppressed value anywhere in HTML or SVG,
# hostile titles and board text escaped, nothing that runs or loads from
# elsewhere, the board's private replies left out, and bad options refused.
#
# The fixture, dated from today: the period is the six whole months
# before this one and this one so far, the baseline the twelve before.
#   fair-a    an event in month 1, attendance 120: 24-32 respondents a
#             month in months 0-5 (women and men, values 2-5 in turn, not
#             first-timers), and 3 self-described in month 2
#   fair-b    month 2, no attendance: 20 women, 13 of them first-timers:
#             under --min-n 15, the new-reach commitment is suppressed
#   base-fair the baseline year's, attendance 80: 40 respondents
#   tst       a test event, attendance 999: never counted
. "$(dirname "$0")/lib.sh"

run() {	# run ARGS...: belong, stdout in $T/out, stderr in $T/err, status in $rc
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
ESC=$(printf '\033')

start_pg
migrate

sql "
create temp table d as select
    (date_trunc('month', current_date) - interval '6 months')::date as s;
insert into event (slug, title, instrument_id, kind, partner, starts_on, attendance, test)
select v.slug, v.slug, (select id from instrument where key = 'pulse' order by version desc limit 1),
    'event', 'Acme', (select s from d) + v.mon * interval '1 month' + interval '9 days', v.att, v.test
from (values ('fair-a', 1, 120, false), ('fair-b', 2, null, false),
    ('base-fair', -9, 80, false), ('tst', 1, 999, true)) v (slug, mon, att, test);
create temp table fx (event text, mon int, v int[], gender text, ft int);
insert into fx select 'fair-a', m, array_fill(2 + i % 4, array[4]),
    case when i % 2 = 0 then 'woman' else 'man' end, 2
    from (values (0, 24), (1, 28), (2, 22), (3, 30), (4, 26), (5, 32)) n (m, k), generate_series(1, k) i;
insert into fx values ('fair-a', 2, array[5, 4, 4, 4], 'self', 2), ('fair-a', 2, array[3, 4, 3, 3], 'self', 2),
    ('fair-a', 2, array[3, 4, 4, 3], 'self', 2);
insert into fx select 'fair-b', 2, array_fill(2 + i % 3, array[4]), 'woman',
    case when i <= 13 then 1 else 2 end from generate_series(1, 20) i;
insert into fx select 'base-fair', -9 + i % 3, array_fill(1 + i % 4, array[4]),
    case when i % 2 = 0 then 'woman' else 'man' end from generate_series(1, 40) i;
insert into fx select 'tst', 1, array_fill(5, array[4]), 'woman' from generate_series(1, 30) i;
alter table fx add column id uuid default gen_random_uuid();
insert into response (event_id, id, submitted_at, lang, instrument_id, belonging, role, gender)
select e.id, fx.id, (select s from d) + fx.mon * interval '1 month' + interval '9 days 12 hours', 'en',
    e.instrument_id, ((fx.v[1] + fx.v[2] + fx.v[3] + fx.v[4]) / 4.0 - 1) * 25, 'student', fx.gender
from fx join event e on e.slug = fx.event;
insert into answer (event_id, response_id, item, value)
select e.id, fx.id, it.item, fx.v[it.k] from fx join event e on e.slug = fx.event,
    unnest(array['belong', 'welcome', 'voice', 'future']) with ordinality it (item, k);
insert into answer (event_id, response_id, item, value)
select e.id, fx.id, 'first_time', fx.ft from fx join event e on e.slug = fx.event where fx.ft is not null;
" >/dev/null || bail "cannot load the fixture"

S=$(sql "select (date_trunc('month', current_date) - interval '6 months')::date")
BFROM=$(sql "select ('$S'::date - interval '12 months')::date")
BTO=$(sql "select '$S'::date - 1")
DUE=$(sql "select (date_trunc('month', current_date) + interval '12 months')::date")
B="--baseline-from $BFROM --baseline-to $BTO"
HOSTILE="Reach <script>alert(1)</script> & \"all\" 'of' them"
"$BELONG" commitment add --slug att --title "$HOSTILE" --indicator attendance \
	--target 300 --due "$DUE" $B >/dev/null || bail "commitment add att"
"$BELONG" commitment add --slug bel --title "Belonging at Acme" --indicator belonging \
	--target 80 --due "$DUE" $B --events partner=Acme >/dev/null || bail "commitment add bel"
"$BELONG" commitment add --slug share --title "Girls and women" --indicator group-share \
	--group gender=woman --target 60 --due "$DUE" $B >/dev/null || bail "commitment add share"
"$BELONG" commitment add --slug newr --title "First-timers" --indicator new-reach \
	--target 200 --due "$DUE" >/dev/null || bail "commitment add newr"

# The board: one item public with a public reply and a private one, one
# item not public at all.
HAS_BOARD=no
if "$BELONG" board public --help >/dev/null 2>&1; then
	HAS_BOARD=yes
	"$BELONG" board add-member --name Ana >/dev/null || bail "board add-member"
	sql "insert into board_item (id, member_id, topic, body, share_name, created_at, status) values
		(1, 1, 'programs', 'More <b>robotics</b> & \"pizza\" <script>x</script>' || chr(27) || '[31m', true,
		    now() - interval '40 days', 'new'),
		(2, 1, 'events', 'Never-published idea QWERTY', false, now() - interval '30 days', 'new');
	     select setval('board_item_id_seq', 2);
	     insert into board_item_event (item_id, at, status)
		select id, created_at, 'new' from board_item" >/dev/null || bail "board items"
	"$BELONG" board reply 1 --status seen --note 'Private staff note XYZZY' >/dev/null &&
	"$BELONG" board reply 1 --status acted --note 'Robotics club <starts> in April' --public \
		>/dev/null && "$BELONG" board reply 2 --status seen --note 'Also private PLUGH' \
		>/dev/null || bail "board replies"
fi

# --- publish ---------------------------------------------------------------------
OUT=$T/site
run publish --out "$OUT" --lang en,es --min-n 15
is "$rc" 0 "publish runs"
[ "$rc" = 0 ] || diag "$(cat "$T/err")"
for f in index.html index.es.html style.css commitments.en.svg commitments.es.svg; do
	ok "$([ -s "$OUT/$f" ]; echo $?)" "$f written"
	like "$(cat "$T/out")" "^wrote $OUT/$f\$" "and named in what publish printed"
done
is "$(find "$OUT" -name '.*' -type f | wc -l | tr -d ' ')" 0 "no temporary file left behind"
is "$(stat -c %a "$OUT/index.html")" 644 "the page is readable by a web server"

# The JSON the page must agree with, at the same --min-n.
"$BELONG" commitment progress --format json --min-n 15 >"$T/progress.json"
"$BELONG" commitment list --format json >"$T/list.json"
"$BELONG" report --format json --min-n 15 >"$T/report.json"
"$BELONG" event list --format json >"$T/events.json"
BOARD_JSON=-
if [ "$HAS_BOARD" = yes ]; then
	"$BELONG" board public --format json >"$T/board.json"
	BOARD_JSON=$T/board.json
fi
like "$(cat "$T/progress.json")" '"slug":"newr".*"suppressed":true' \
	"the fixture has a suppressed commitment at --min-n 15"
like "$(cat "$T/progress.json")" '"slug":"bel".*"lo":[0-9]' "and one with an interval"

for lang in en es; do
	page=$OUT/index.html
	[ "$lang" = es ] && page=$OUT/index.es.html
	"$PY" "$SRCDIR/tests/integration/publish_check.py" "$page" "$lang" "$T/progress.json" \
		"$T/list.json" "$T/report.json" "$T/events.json" "$BOARD_JSON" 15 >"$T/check" ||
		bail "publish_check.py failed"
	while IFS='|' read -r desc got want; do
		is "$got" "$want" "$lang: $desc"
	done <"$T/check"
	if [ "$lang" = en ]; then
		like "$(cat "$page")" 'Share of respondents \(%\) in the group, gender: ' \
			"en: the group in words"
	else
		like "$(cat "$page")" '<td class="value"><span class="sup">suprimido</span>' \
			"es: the suppressed figure is the word suprimido"
	fi
done

# Nothing that runs, nothing from elsewhere: in the HTML, the CSS and the SVG.
is "$(cat "$OUT"/*.html "$OUT"/*.svg | grep -ci '<script')" 0 "no <script in HTML or SVG"
is "$(cat "$OUT"/*.html "$OUT"/*.svg | grep -Eci '[[:space:]]on[a-z]+[[:space:]]*=')" 0 \
	"no on*= attribute in HTML or SVG"
is "$(cat "$OUT"/*.html "$OUT"/*.svg "$OUT"/style.css |
	grep -Eoi '(src|href)[[:space:]]*=[[:space:]]*["'"'"']?[[:space:]]*([a-z]+:|//)|url\([[:space:]]*["'"'"']?[[:space:]]*([a-z]+:|//)' |
	wc -l | tr -d ' ')" 0 "no http://, https:// or // URL in src, href or url()"
is "$(grep -c '@import' "$OUT/style.css")" 0 "the stylesheet imports nothing"

# The suppressed figure: what it would have been, from the raw rows; as
# a number of its own anywhere in the text of the HTML or the SVG.
HIDDEN=$(sql "select count(*) from answer a join event e on e.id = a.event_id
	where a.item = 'first_time' and a.value = 1 and not e.test")
is "$HIDDEN" 13 "the suppressed count of first-timers would have been 13"
is "$(cat "$OUT"/*.html "$OUT"/*.svg | sed 's/<[^>]*>/ /g' |
	grep -Ec "(^|[^0-9.-])$HIDDEN([^0-9.]|\.[^0-9]|\$)")" 0 \
	"the suppressed value is nowhere in the HTML or SVG text"
is "$(grep -c "value=\"$HIDDEN\"" "$OUT"/*.html | grep -vc ':0$')" 0 \
	"nor in any <data value> of the pages"

# Hostile text: escaped, never markup; a terminal escape (in a board item:
# belong refuses one in a title) replaced.
is "$(cat "$OUT"/*.html | grep -c "$ESC")" 0 "no terminal escape on the page"
like "$(cat "$OUT/index.html")" 'Reach &lt;script&gt;alert\(1\)&lt;/script&gt; &amp; &quot;all&quot; &#39;of&#39; ' \
	"a hostile title is escaped"
if [ "$HAS_BOARD" = yes ]; then
	like "$(cat "$OUT/index.html")" 'More &lt;b&gt;robotics&lt;/b&gt; &amp; &quot;pizza&quot; &lt;script&gt;' \
		"a hostile board item is escaped"
	like "$(cat "$OUT/index.es.html")" 'Robotics club &lt;starts&gt; in April' "the public reply is there"
	is "$(cat "$OUT"/*.html | grep -c -e XYZZY -e PLUGH -e QWERTY -e Ana)" 0 \
		"no private reply, unpublished item or member name"
	like "$(cat "$OUT/index.es.html")" '<h2 id="h-board">Ustedes dijeron, nosotros hicimos</h2>' \
		"es: the board section"
else
	diag "belong board public is missing: the board section is not checked"
fi

# --title, and publishing again over the same directory.
run publish --out "$OUT" --title "Tri-County <STEM> Alliance"
is "$rc" 0 "publish again into the same directory"
like "$(cat "$OUT/index.html")" '<h1>Tri-County &lt;STEM&gt; Alliance</h1>' "--title, escaped"

# --- refusals: exit 2, a clear message, nothing written ----------------------------
refuse() {	# refuse WHY PATTERN ARGS...
	why=$1 pat=$2
	shift 2
	rm -rf "$T/no"
	run publish "$@"
	is "$rc" 2 "refuses $why (exit 2)"
	like "$(cat "$T/err")" "$pat" "says why: $why"
	ok "$([ ! -e "$T/no" ] || [ -z "$(ls -A "$T/no" 2>/dev/null)" ]; echo $?)" \
		"writes nothing: $why"
}
: >"$T/file"
run publish --out "$T/file"
is "$rc" 2 "refuses a --out that is a file (exit 2)"
like "$(cat "$T/err")" "--out: exists and is not a directory" "and says so"
is "$(stat -c %s "$T/file")" 0 "and leaves the file alone"
refuse "no --out" "--out DIR is required"
refuse "an unknown language" "--lang: must be en, es or en,es" --out "$T/no" --lang fr
refuse "a language twice" "--lang: must be en, es or en,es" --out "$T/no" --lang en,en
refuse "an empty language list" "--lang: must be en, es or en,es" --out "$T/no" --lang ,
refuse "--min-n below 5" "--min-n: " --out "$T/no" --min-n 3
refuse "--min-n not a number" "--min-n: " --out "$T/no" --min-n ten
refuse "an empty title" "--title: " --out "$T/no" --title ""
refuse "an unknown option" "publish" --out "$T/no" --colour red

done_testing
