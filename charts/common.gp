# common.gp — what every belong chart shares: the terminal for the format,
# the fonts, the Okabe–Ito palette, the title block and the footnote.
#
# belong plot sets, with gnuplot -e, before the chart's template runs:
#   fmt (png, svg, pdf), outfile, datafile, chartsdir, W, H (pixels), fs
#   (font size), title, subtitle, title_lines, subtitle_lines, xlabel,
#   ylabel, key1, key2, footnote, footnote_lines, cat_lines (the most
#   lines of a category label), the arrays L (series
#   labels) and C (categories: periods, groups or items) with NL and NC
#   elements in use, xstep, allfirst (L[1] is everyone) and has_bench.
# Every text among them comes from belong as a quoted string, and is
# printed without enhanced-text markup: it is shown as it is, never run.

set encoding utf8
fontname = "DejaVu Sans"
fnt(scale) = sprintf("%s,%g", fontname, fs * scale)
if (fmt eq "png") {
	set terminal pngcairo size W, H noenhanced font fnt(1) \
		linewidth 1.4 background "#ffffff"
} else {
	if (fmt eq "svg") {
		set terminal svg size W, H noenhanced font fnt(1) \
			linewidth 1.4 background "#ffffff"
	} else {
		# Inches at 100 pixels each, so the points shrink to match.
		set terminal pdfcairo size (W / 100.0), (H / 100.0) noenhanced \
			font fnt(0.72) linewidth 1.4
	}
}
set output outfile
set datafile separator "\t"
set datafile missing "NaN"

# Okabe & Ito (2008), safe for every common colour-vision deficiency;
# everyone (the whole selection) in near-black when it is a line of its own.
array OI[7] = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", \
	"#56B4E9", "#F0E442"]
array PT[7] = [7, 5, 9, 13, 11, 15, 4]
col(i) = (allfirst && i == 1) ? "#222222" : OI[((i - 1 - allfirst) % 7) + 1]
ptype(i) = PT[((i - 1) % 7) + 1]

# The title block at the top left, the footnote at the bottom left; the
# plot between them.  lh: one line of the base font, as a screen fraction.
lh = fs * 1.5 / H
title_top = 1 - 0.9 * lh
set label 901 title at screen 0.02, screen title_top left front \
	font sprintf("%s Bold,%g", fontname, fs * 1.4) textcolor rgb "#111111"
sub_top = title_top - title_lines * 1.45 * lh
if (subtitle_lines > 0) {
	set label 902 subtitle at screen 0.02, screen sub_top - 0.15 * lh left \
		front font fnt(1.05) textcolor rgb "#444444"
}
plot_top = sub_top - subtitle_lines * 1.1 * lh - 0.9 * lh
foot_h = footnote_lines * 0.8 * lh
set label 903 footnote at screen 0.02, screen foot_h + 0.5 * lh left front \
	font fnt(0.75) textcolor rgb "#444444"
set tmargin at screen plot_top
set rmargin at screen 0.97

set border 3 lc rgb "#444444"
set tics nomirror out textcolor rgb "#222222"
set grid lc rgb "#dddddd" lw 0.8
set xlabel xlabel textcolor rgb "#222222"
set ylabel ylabel textcolor rgb "#222222"
set key noautotitle textcolor rgb "#222222"
