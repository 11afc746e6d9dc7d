#!/bin/bash
# belong plot: the four charts in the three formats from the responses of
# report_fixture.sh, drawn by the real gnuplot; suppressed groups left
# out; hostile titles and labels shown as text and never run; gnuplot's
# warnings and its absence reported.
. "$(dirname "$0")/lib.sh"

GP=$(command -v gnuplot) || { echo "1..0 # SKIP gnuplot not installed"; exit 0; }
. "$(dirname "$0")/report_fixture.sh"
export BELONG_CHARTS_DIR="$SRCDIR/charts"
unset GNUPLOT

printf 'metro,race,white,0.6\nmetro,race,hispanic,0.25\nmetro,race,black,0.1\nmetro,race,asian,0.05\nmetro,gender,woman,0.5\nmetro,gender,man,0.45\nmetro,gender,nonbinary,0.05\n' >"$T/bench.csv"
"$BELONG" benchmark load "$T/bench.csv" >/dev/null 2>&1 || bail "benchmark load failed"

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
magic() { head -c "$2" "$1" | od -An -c | tr -d ' \n'; }
# An SVG's text lines joined by spaces: the footnote wraps at the same
# share of the width whatever the size, its type scaling with it.
svg_text() { sed -n 's/^[[:space:]]*<text>\(.*\)<\/text>$/\1/p' "$1" | tr '\n' ' '; }
# png_size FILE: "W H" from the IHDR chunk (bytes 16-23, big-endian).
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}
extra() {	# the options each chart needs besides --by gender
	case $1 in
	reach) echo "--region metro" ;;
	trend) echo "--interval month" ;;
	esac
}

# --- every chart in every format ---------------------------------------------------
for kind in trend gaps reach items; do
	for fmt in png svg pdf; do
		f="$T/$kind.$fmt"
		# shellcheck disable=SC2046
		run plot "$kind" --by gender $(extra $kind) --size 800x500 --out "$f"
		is "$rc" 0 "$kind $fmt: exit 0"
		# (The trend's groups each have one month: belong says so,
		# plot_words.sh checks how.)
		is "$(grep -v '^belong: plot: warning: .* in one period only' "$T/err")" "" \
			"$kind $fmt: no warning from gnuplot or belong"
		case $fmt in
		png) is "$(magic "$f" 4)" '211PNG' "$kind png: PNG signature"
		     is "$(png_size "$f")" "800 500" "$kind png: --size 800x500 (pixels)" ;;
		svg) like "$(head -c 2000 "$f")" '<svg' "$kind svg: an SVG document" ;;
		pdf) is "$(magic "$f" 4)" '%PDF' "$kind pdf: PDF signature" ;;
		esac
	done
done
run plot trend --by gender --out "$T/default.png"
is "$(png_size "$T/default.png")" "2100 1350" "png: 2100x1350 (7 x 4.5 in at 300 dpi) by default"
is "$(ls "$T" | grep -c 'tmp-')" 0 "no temporary output left behind"

# --- suppression: nonbinary (3) and prefer_not (10, complementary) -------------------
for kind in trend gaps items; do
	run plot "$kind" --by gender --out "$T/s-$kind.svg" --data "$T/s-$kind.dat"
	is "$rc" 0 "$kind: exit 0 with suppressed groups"
	is "$(grep -Ec '^# group (nonbinary|prefer_not)' "$T/s-$kind.dat")" 0 \
		"$kind: suppressed groups not in the data file"
	# The footnote names them, once; no key, tic or point does.
	is "$(grep -o 'Non-binary' "$T/s-$kind.svg" | wc -l)" 1 "$kind: Non-binary only in the footnote"
	# (every code is listed, so the empty Self-described and Not answered
	# are suppressed groups too)
	like "$(svg_text "$T/s-$kind.svg" | grep -o 'suppressed here: .*')" 'Non-binary, Self-described, Prefer not to say' \
		"$kind: the footnote lists the suppressed groups"
done
# A group's periods without a value break its line with one blank line,
# never two (that would shift every later group to the wrong label).
blocks() { awk '/^$/ { e++; next } { if (e >= 2) b++; e = 0 } /^# group/ { print b + 0 ":" $3 }' "$1" | tr '\n' ' '; }
run plot trend --by gender --min-n 5 --out "$T/b.png" --data "$T/b.dat"
is "$(blocks "$T/b.dat")" "0:all 1:woman 2:man " "trend: one data block per group, in label order"
is "$(grep -vc '^#' "$T/s-gaps.dat")" 2 "gaps: two rows, woman and man"
is "$(grep -v '^#' "$T/s-gaps.dat" | cut -f2 | sort -n | tr '\n' ' ')" "-33.5 40.5 " \
	"gaps: the report's gaps, sorted"
# "n = 12" with no-break spaces: never wrapped apart
nb=$(printf '\302\240')
like "$(cat "$T/s-gaps.svg")" "Girl or woman \\(n${nb}=${nb}12\\)" "gaps: n beside the label"
like "$(cat "$T/s-trend.svg")" "n${nb}=${nb}37" "footnote: total n"
like "$(cat "$T/s-trend.svg")" 'Jan 2024 – Mar 2024' "footnote: date range"
like "$(cat "$T/s-trend.svg")" 'fewer than 10 are suppressed' "footnote: min-n"
# reach --by race --min-n 5: black (3) and asian (complementary) out.
run plot reach --by race --region metro --min-n 5 --out "$T/r.svg" --data "$T/r.dat"
is "$rc" 0 "reach race: exit 0"
is "$(grep -Ec '^# group (black|asian)$' "$T/r.dat")" 0 "reach: suppressed groups not in the data file"
like "$(grep -A1 '^# group white$' "$T/r.dat" | tail -1)" '^[0-9]+	62\.96	60$' "reach: white 17 / 27 beside 0.6"
like "$(grep -A1 '^# group hispanic$' "$T/r.dat" | tail -1)" '^[0-9]+	25\.93	25$' "reach: hispanic 7 / 27 beside 0.25"
like "$(grep -A1 '^# group two_or_more$' "$T/r.dat" | tail -1)" '^[0-9]+	18\.52	NaN$' \
	"reach: two or more 5 / 27 drawn too, no benchmark for it"
like "$(cat "$T/r.svg")" 'Race and ethnicity is multi-select' "reach race: says groups overlap"
# --- the attack: a chart gives no count its numbers' command hides ---------------
# Every count a chart prints (the n of its labels and footnote, in words,
# and the n column of its data file) must be one that report, trend or
# reach prints unsuppressed for the same selection: then the chart adds
# no fact to what the disclosure attack suite already combines, whatever
# its size, panels or language.
# counts_ok CHART.svg CHART.dat NCOL SOURCE.json: the chart's counts not
# among the source's unsuppressed n (empty: none).
counts_ok() {
	python3 - "$@" <<'PY'
import json, re, sys
svg, dat, col, src = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
shown = {r["n"] for r in json.load(open(src))["rows"]
         if not r["suppressed"] and r.get("n") is not None}
text = " ".join(re.findall(r">([^<]*)<", open(svg, encoding="utf-8").read()))
got = {int(re.sub(r"[^0-9]", "", m))
       for m in re.findall(r"n\u00a0=\u00a0([0-9][0-9,\u00a0]*)", text)}
for line in open(dat):
    f = line.rstrip("\n").split("\t")
    if col and not line.startswith("#") and len(f) >= col and f[col - 1] not in ("", "NaN"):
        got.add(int(float(f[col - 1])))
print(" ".join(str(n) for n in sorted(got - shown)) if got else "nothing read")
PY
}
for spec in trend:gender:5 trend:race:5 gaps:gender:6 gaps:race:6 items:gender:6 items:race:6 reach:race:0; do
	IFS=: read -r kind by col <<<"$spec"
	src=report; case $kind in trend) src=trend ;; reach) src=reach ;; esac
	# shellcheck disable=SC2046
	"$BELONG" $src --by "$by" $(extra "$kind") --format json >"$T/a.json" 2>/dev/null
	for lang in en es; do
		# shellcheck disable=SC2046
		run plot "$kind" --by "$by" $(extra "$kind") --lang $lang --out "$T/a.svg" --data "$T/a.dat"
		is "$rc" 0 "attack $kind --by $by ($lang): exit 0"
		is "$(counts_ok "$T/a.svg" "$T/a.dat" "$col" "$T/a.json")" "" \
			"attack $kind --by $by ($lang): every count drawn is one $src prints"
	done
done
# The check can fail: against a source that printed nothing unsuppressed,
# the last chart's counts are all extra.
echo '{"rows":[]}' >"$T/none.json"
like "$(counts_ok "$T/a.svg" "$T/a.dat" 0 "$T/none.json")" '^[0-9 ]+$' "attack: counts the source hides are caught"

# A benchmark group nobody came from (mena: 0) is suppressed, so left
# out too, named in the footnote, not drawn as a bar of 0.
printf 'town,race,white,0.6\ntown,race,hispanic,0.25\ntown,race,asian,0.1\ntown,race,mena,0.05\n' >"$T/town.csv"
"$BELONG" benchmark load "$T/town.csv" >/dev/null 2>&1 || bail "benchmark load failed"
run plot reach --by race --region town --min-n 5 --out "$T/t.svg" --data "$T/t.dat"
is "$rc" 0 "reach, a group of 0: exit 0"
is "$(grep -Ec '^# group (mena|black)$' "$T/t.dat")" 0 "reach: the group of 0 not in the data file"
# Groups of 0 protect nothing: black (3) takes asian (5) with it.
is "$(grep -c '^# group asian$' "$T/t.dat")" 0 "reach: asian (5) suppressed as black's complement"
like "$(svg_text "$T/t.svg" | grep -o 'suppressed here: .*')" 'Middle Eastern or North African' \
	"reach: the footnote names the group of 0"
is "$(grep -c "n${nb}=${nb}0" "$T/t.svg")" 0 "reach: no n = 0 anywhere"

# --- filters pass through ----------------------------------------------------------
run plot trend --from 2024-02-01 --to 2024-02-29 --out "$T/f.png" --data "$T/f.dat"
is "$(grep -vc '^#\|^$' "$T/f.dat")" 1 "trend --from/--to: one period"
like "$(grep -v '^#' "$T/f.dat" | head -1)" '^0	37\.5	29\.2	45\.8	12	1$' "trend: the report's February"
run plot trend --by colour --out "$T/x.png"
is "$rc" 2 "bad --by: the report's exit 2"
like "$(cat "$T/err")" '^belong: ' "bad --by: the report says why"

# --- hostile text: shown, never run --------------------------------------------------
hostile="\`touch $T/pwned\` system(\"touch $T/pwned2\") \"q\" 'a' \\ \\\\ \$HOME @x {y}_z ^w <b>&amp;
second line"
run plot trend --title "$hostile" --subtitle "$hostile" --out "$T/h.svg"
is "$rc" 0 "hostile title: exit 0"
is "$(cat "$T/err")" "" "hostile title: no warning"
is "$(ls "$T" | grep -c pwned)" 0 "hostile title: nothing ran"
like "$(cat "$T/h.svg")" "\`touch $T/pwned\` system\\(\"touch $T/pwned2\"\\) \"q\" 'a' " "hostile title: shown literally"
like "$(cat "$T/h.svg")" '&lt;b>&amp;amp;' "hostile title: markup escaped in SVG"
like "$(cat "$T/h.svg")" '\$HOME @x \{y\}_z \^w' "hostile title: \$, @, braces, _ and ^ as text"
like "$(cat "$T/h.svg")" 'second line' "hostile title: the newline breaks the line"
# A label from the data: a partner's name.
sql "update event set partner = E'\`touch $T/pwned3\` \"p\" \\\\ \$x' where slug = 'fair-one'" >/dev/null
run plot items --by partner --out "$T/p.svg"
is "$rc" 0 "hostile partner name: exit 0"
is "$(ls "$T" | grep -c pwned)" 0 "hostile partner name: nothing ran"
# (a long name is wrapped: its lines read as one text)
like "$(svg_text "$T/p.svg")" "\`touch $T/pwned3\`" \
	"hostile partner name: shown literally"
sql "update event set partner = 'Acme' where slug = 'fair-one'" >/dev/null

# --- languages ------------------------------------------------------------------------
# Items by their question, in the chart's language, wrapped beside the bars.
run plot items --out "$T/q.svg"
like "$(cat "$T/q.svg")" '>I felt like I belonged here\.<' "items: labelled by the question"
like "$(cat "$T/q.svg")" '>My questions and ideas were<' "items: a long question wrapped"
run plot items --lang es --out "$T/q-es.svg"
like "$(cat "$T/q-es.svg")" '>Sentí que pertenecía aquí\.<' "items --lang es: the Spanish question"
run plot trend --by gender --lang es --out "$T/es.svg"
is "$rc" 0 "--lang es: exit 0"
like "$(cat "$T/es.svg")" 'Índice de pertenencia' "--lang es: Spanish title and axis"
like "$(cat "$T/es.svg")" 'Niña o mujer' "--lang es: Spanish group labels"
like "$(cat "$T/es.svg")" 'ene 2024' "--lang es: Spanish months"

# --- gnuplot missing, or warning -----------------------------------------------------------
run plot trend --gnuplot /nonexistent/gnuplot --out "$T/m.png"
is "$rc" 1 "--gnuplot missing: exit 1"
is "$(wc -l <"$T/err")" 1 "--gnuplot missing: one line"
like "$(cat "$T/err")" '^belong: plot: gnuplot not found' "--gnuplot missing: says so"
GNUPLOT=/nonexistent/gnuplot run plot trend --out "$T/m.png"
is "$rc" 1 "\$GNUPLOT missing: exit 1"
PATH=/nonexistent run plot trend --out "$T/m.png"
is "$rc" 1 "no gnuplot in PATH: exit 1"
is "$(wc -l <"$T/err")" 1 "no gnuplot in PATH: one line"
like "$(cat "$T/err")" 'install gnuplot-nox' "no gnuplot in PATH: says what to do"
is "$(ls "$T" | grep -c '^m\.png')" 0 "no gnuplot: no file"
printf '#!/bin/sh\necho "warning: something odd" >&2\nexec %s "$@"\n' "$GP" >"$T/gnuplot-warns"
chmod +x "$T/gnuplot-warns"
run plot trend --gnuplot "$T/gnuplot-warns" --out "$T/w.png"
is "$rc" 1 "a gnuplot warning fails the command"
like "$(cat "$T/err")" 'warning: something odd' "the warning is shown"
is "$(ls "$T" | grep -c '^w\.png')" 0 "a gnuplot warning: no file"
GNUPLOT="$T/gnuplot-warns" run plot trend --gnuplot "$GP" --out "$T/g.png"
is "$rc" 0 "--gnuplot before \$GNUPLOT"

# --- usage ---------------------------------------------------------------------------------
for bad in "gaps --out $T/u.png" "trend --out $T/u.gif" "trend" "trend --region metro --out $T/u.png" \
	"trend --size 10x10 --out $T/u.png" "trend --lang fr --out $T/u.png" "pie --out $T/u.png"; do
	# shellcheck disable=SC2086
	run plot $bad
	is "$rc" 2 "plot $bad: exit 2"
done
run plot trend --charts-dir "$T/nowhere" --out "$T/u.png"
is "$rc" 1 "no templates: exit 1"
like "$(cat "$T/err")" 'cannot read the chart template' "no templates: says so"
run plot trend --from 2030-01-01 --out "$T/u.png"
is "$rc" 1 "nothing to plot: exit 1"
like "$(cat "$T/err")" 'nothing to plot' "nothing to plot: says so"

done_testing
