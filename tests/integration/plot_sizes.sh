#!/bin/bash
# belong plot --size, --dpi and --font: each format at its default size, at
# a physical size in inches and in millimetres, and in pixels, checked
# where a reader looks for the size: the PDF's MediaBox (points), the
# SVG's width and height (CSS pixels, 96 an inch), the PNG's IHDR
# (pixels) and pHYs (pixels a metre, with a good CRC); the type in points
# scaled with the width; bad values refused with exit 2 and nothing
# written.
. "$(dirname "$0")/lib.sh"

command -v gnuplot >/dev/null || { echo "1..0 # SKIP gnuplot not installed"; exit 0; }
. "$(dirname "$0")/report_fixture.sh"
export BELONG_CHARTS_DIR="$SRCDIR/charts"
unset GNUPLOT
printf 'metro,race,white,0.6\nmetro,race,hispanic,0.25\nmetro,race,black,0.1\nmetro,race,asian,0.05\n' >"$T/bench.csv"
"$BELONG" benchmark load "$T/bench.csv" >/dev/null 2>&1 || bail "benchmark load failed"

run() {
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# png_info FILE: "W H" from IHDR, then the dpi from pHYs (or "no pHYs"),
# and "pHYs after IHDR" when it is the second chunk; "bad CRC TYPE" for
# any chunk whose CRC does not match.
png_info() {
	python3 - "$1" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
i, chunks, out = 8, [], []
while i < len(d):
    n, t = struct.unpack('>I4s', d[i:i + 8])
    body = d[i + 8:i + 8 + n]
    if zlib.crc32(t + body) & 0xffffffff != struct.unpack('>I', d[i + 8 + n:i + 12 + n])[0]:
        out.append('bad CRC ' + t.decode())
    chunks.append((t.decode(), body))
    i += 12 + n
w, h = struct.unpack('>II', chunks[0][1][:8])
out.insert(0, '%d %d' % (w, h))
phys = [b for t, b in chunks if t == 'pHYs']
if len(phys) != 1:
    out.append('%d pHYs' % len(phys))
else:
    x, y, unit = struct.unpack('>IIB', phys[0])
    out.append('%d %d unit %d = %.0f dpi' % (x, y, unit, x * 0.0254))
    if chunks[1][0] == 'pHYs':
        out.append('pHYs after IHDR')
print(', '.join(out))
PY
}
# The MediaBox cairo writes in the page dictionary, in points.
mediabox() { grep -ao '/MediaBox *\[[^]]*\]' "$1" | head -1 | tr -s ' '; }
svg_size() { grep -o '^ width="[^"]*" height="[^"]*"' "$1" | head -1 | sed 's/^ //'; }
# The distinct font sizes of an SVG's text, largest first.
svg_fonts() { grep -o 'font-size="[0-9.]*"' "$1" | sort -u | sed 's/.*="\(.*\)"/\1/' | sort -rn | tr '\n' ' '; }

# --- defaults: PDF and SVG 7 x 4.5 in, PNG 2100 x 1350 at 300 dpi -------------
run plot gaps --by gender --out "$T/d.pdf"
is "$rc" 0 "default pdf: exit 0"
is "$(mediabox "$T/d.pdf")" "/MediaBox [ 0 0 504 324 ]" "default pdf: 7 x 4.5 in (504 x 324 pt)"
run plot gaps --by gender --out "$T/d.svg"
is "$(svg_size "$T/d.svg")" 'width="672" height="432"' "default svg: 7 x 4.5 in at 96 CSS pixels an inch"
# At 7 in wide: title 10.5 pt, subtitle 9, labels and ticks 8.5, value
# labels 0.9 of that, footnote 7 (in CSS pixels: pt * 96 / 72).
is "$(svg_fonts "$T/d.svg")" "14.00 11.33 10.20 9.33 " "default svg: type of 10.5, 8.5, 7.65 and 7 pt"
run plot gaps --by gender --out "$T/d.png"
is "$(png_info "$T/d.png")" "2100 1350, 11811 11811 unit 1 = 300 dpi, pHYs after IHDR" \
	"default png: 2100 x 1350 pixels, pHYs of 300 dpi right after IHDR"
is "$(cat "$T/err")" "" "default png: nothing on stderr"

# --- physical sizes: a single column, 3.5 x 3.5 in; and 180 x 110 mm ------------
run plot reach --by race --region metro --size 3.5x3.5in --out "$T/c.pdf"
is "$rc" 0 "3.5 in pdf: exit 0"
is "$(mediabox "$T/c.pdf")" "/MediaBox [ 0 0 252 252 ]" "3.5 x 3.5 in pdf: 252 x 252 pt"
run plot reach --by race --region metro --size 3.5x3.5in --out "$T/c.svg"
is "$(svg_size "$T/c.svg")" 'width="336" height="336"' "3.5 x 3.5 in svg: 336 x 336 pixels"
# Half the width, but the type no smaller than 7 pt for the body text.
like "$(svg_fonts "$T/c.svg")" '^11\.53 9\.33 .*7\.69 $' "3.5 in svg: title 8.6 pt, body 7 (the least), footnote 5.8"
run plot reach --by race --region metro --size 3.5x3.5in --out "$T/c.png"
is "$(png_info "$T/c.png")" "1050 1050, 11811 11811 unit 1 = 300 dpi, pHYs after IHDR" \
	"3.5 x 3.5 in png: 1050 x 1050 pixels at 300 dpi"
run plot reach --by race --region metro --size 3.5x3.5in --dpi 600 --out "$T/c6.png"
is "$(png_info "$T/c6.png")" "2100 2100, 23622 23622 unit 1 = 600 dpi, pHYs after IHDR" \
	"3.5 x 3.5 in png at --dpi 600: 2100 x 2100 pixels, 600 dpi"

run plot gaps --by race --size 180x110mm --out "$T/m.pdf"
is "$rc" 0 "180 x 110 mm pdf: exit 0"
is "$(mediabox "$T/m.pdf")" "/MediaBox [ 0 0 510 312 ]" "180 x 110 mm pdf: 510.2 x 311.8 pt, to whole points"
run plot gaps --by race --size 180x110mm --out "$T/m.svg"
is "$(svg_size "$T/m.svg")" 'width="680" height="416"' "180 x 110 mm svg: 680 x 416 pixels"
run plot gaps --by race --size 180x110mm --out "$T/m.png"
is "$(png_info "$T/m.png")" "2126 1299, 11811 11811 unit 1 = 300 dpi, pHYs after IHDR" \
	"180 x 110 mm png: 2126 x 1299 pixels at 300 dpi"

# --- pixels: a PNG keeps them (at 96 dpi unless --dpi); an SVG or a PDF takes 96 an inch ---------------------
run plot reach --by race --region metro --size 1600x900 --out "$T/p.png"
is "$rc" 0 "1600x900 png: exit 0"
is "$(png_info "$T/p.png")" "1600 900, 3780 3780 unit 1 = 96 dpi, pHYs after IHDR" \
	"1600x900 png: those pixels, at a screen's 96 dpi"
run plot reach --by race --region metro --size 1600x900px --dpi 150 --out "$T/p150.png"
is "$(png_info "$T/p150.png")" "1600 900, 5906 5906 unit 1 = 150 dpi, pHYs after IHDR" \
	"1600x900px png at --dpi 150: 150 dpi"
run plot reach --by race --region metro --size 1600x900 --out "$T/p.svg"
is "$(svg_size "$T/p.svg")" 'width="1600" height="900"' "1600x900 svg: those pixels"
run plot reach --by race --region metro --size 960x540px --out "$T/p.pdf"
is "$(mediabox "$T/p.pdf")" "/MediaBox [ 0 0 720 405 ]" "960x540 pdf: 10 x 5.625 in"

# --- --font: a family fontconfig knows or falls back from ---------------------------
run plot gaps --by gender --font "Liberation Serif" --out "$T/f.svg"
is "$rc" 0 "--font: exit 0"
like "$(cat "$T/f.svg")" 'font-family="Liberation Serif"' "--font: the family in the SVG"
is "$(grep -c 'font-family="DejaVu Sans"' "$T/f.svg")" 0 "--font: no text left in the default family"
run plot gaps --by gender --font "No Such Family" --out "$T/f2.png"
is "$rc" 0 "--font unknown to fontconfig: drawn in its fallback, exit 0"
is "$(cat "$T/err")" "" "--font unknown: nothing on stderr"

# --- bad values: exit 2, a message, nothing written (no gnuplot run) ----------------
n=0
while IFS='|' read -r out what args; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	run plot gaps --by gender $args --out "$T/bad$n.$out"
	is "$rc" 2 "$args ($out): exit 2"
	like "$(cat "$T/err")" "^belong: plot: --$what: " "$args ($out): says what is wrong with --$what"
	is "$(find "$T" -maxdepth 1 -name "bad$n.*" | wc -l)" 0 "$args ($out): nothing written"
done <<'EOF'
png|size|--size 7x4.5cm
png|size|--size 7inx4.5in
png|size|--size 1600.5x900
png|size|--size 0x0
png|size|--size -7x4in
png|size|--size 1e3x900
png|size|--size 12001x900
png|size|--size 40x30in --dpi 1200
pdf|size|--size 41x20in
pdf|size|--size 20x1000mm
svg|size|--size 8x1.5in
svg|size|--size 4000x3000
png|dpi|--dpi 50
png|dpi|--dpi 300.5
svg|dpi|--dpi 300
pdf|dpi|--size 7x4.5in --dpi 150
png|font|--font DejaVu,Sans
svg|font|--font x"onload="y
EOF
run plot gaps --by gender --font "$(printf 'Deja\nVu')" --out "$T/badnl.svg"
is "$rc" 2 "--font with a newline: exit 2"
like "$(cat "$T/err")" "^belong: plot: --font: must be a font family" "--font with a newline: says why"
run plot gaps --by gender --size $'7x4.5in\n' --out "$T/badnl.pdf"
is "$rc" 2 "--size with a newline: exit 2"
like "$(cat "$T/err")" "e\.g\. 7x4\.5in, 180x110mm, 1600x900" "--size: the message shows the forms"
is "$(find "$T" -maxdepth 1 \( -name 'badnl*' -o -name '*.tmp-*' \) | wc -l)" 0 \
	"nothing written, no temporary file left"

done_testing
