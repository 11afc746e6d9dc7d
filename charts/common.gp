# common.gp — what every belong chart shares: the terminal for the format,
# the fonts, the Okabe–Ito palette, the title block and the footnote.
#
# belong plot sets, with gnuplot -e, before the chart's template runs:
#   fmt (png, svg, pdf), lang (en, es), outfile, datafile, chartsdir, W_in, H_in (the
#   figure, inches), W_px, H_px (a PNG's pixels; an SVG's, 96 an inch),
#   dpi (a PNG's), sc (W_in / 7, at most H_in / 3: the scale of text,
#   lines and markers), fs (the body text, points: 8.5 * sc), fontname,
#   title, subtitle, title_lines, subtitle_lines, xlabel, xlabel_lines,
#   ylabel, key1, key2, footnote, footnote_lines, cat_lines (the most
#   lines of a category label), the arrays L (series
#   labels) and C (categories: periods, groups or items) with NL and NC
#   elements in use, xstep, allfirst (L[1] is everyone) and has_bench.
# Every text among them comes from belong as a quoted string, and is
# printed without enhanced-text markup: it is shown as it is, never run.

set encoding utf8
# Type in points, at 7 in wide: title 10.5, labels and ticks fs (8.5),
# footnote 7; all times sc.  Always through fnt(k), the font at k times
# the body text, which turns points into the terminal's unit (fu).
#
# Each terminal is set so that lw 1 is 0.5 pt and ps 1 is 6 pt in every
# format; the templates multiply line widths by sc and point sizes by psc.
# What gnuplot 5.4 does, measured: pdfcairo draws a font size at 2/3 pt
# (its fontscale 0.5 of 96/72), lw 1 = 0.5 pt, ps 1 = 6 pt; pngcairo
# draws a font size at 96 dpi, lw 1 = 1 pixel, ps 1 = 6 pixels; svg
# writes font sizes and widths in CSS pixels (96 an inch) and sizes its
# points from the terminal's font (ps 1 = 0.75 of it across), so there
# they already grow with sc.  The font sizes are given in each unit
# rather than through fontscale, which svg leaves out of its margins.
if (fmt eq "png") {
	fu = dpi / 96.0
	psc = sc
	set terminal pngcairo size W_px, H_px noenhanced font \
		sprintf("%s,%g", fontname, fs * fu) linewidth (dpi / 144.0) \
		pointscale (dpi / 72.0) background "#ffffff"
} else {
	if (fmt eq "svg") {
		fu = 96 / 72.0
		psc = 6 * sc / (0.75 * fs * fu * 0.75)
		set terminal svg size W_px, H_px noenhanced font \
			sprintf("%s,%g", fontname, fs * fu) linewidth (96 / 144.0) \
			background "#ffffff"
		# Its tics and error-bar caps are 0.75 of the font size, 1.6
		# times pdfcairo's and pngcairo's (about 0.47 of it): the same.
		set tics scale 0.63
		set errorbars 0.63
	} else {
		fu = 1.5
		psc = sc
		# gnuplot cuts a PDF page to whole points: to the nearest.
		pt_in(x) = (floor(x * 72 + 0.5) + 0.01) / 72
		set terminal pdfcairo size pt_in(W_in) in, pt_in(H_in) in \
			noenhanced font sprintf("%s,%g", fontname, fs * fu) \
			linewidth 1 pointscale 1
	}
}
fnt(scale) = sprintf("%s,%g", fontname, fs * scale * fu)
set output outfile
# Numbers as the chart's language writes them (tics, and gprintf in the
# templates): a decimal comma in Spanish.
if (lang eq "es") { set decimalsign "," }
set datafile separator "\t"
set datafile missing "NaN"

# Okabe & Ito (2008), safe for every common colour-vision deficiency,
# for the colours that are not a group's (reach's respondents and
# benchmark, gaps' keys).  A group's colour and point type are belong's
# (cli/plot_layout.c: everyone near-black, real groups in this palette's
# order, prefer_not and not_answered in greys), given as the arrays COL
# and PTS, one element per series or category: no template picks them
# by position.
array OI[7] = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", \
	"#56B4E9", "#F0E442"]

# The title block at the top left, the footnote at the bottom left; the
# plot between them.  lh: one line of the body text (fs points and its
# leading) as a fraction of the height, which is H_in * 72 points.
lh = fs * 1.5 / (H_in * 72)
title_top = 1 - 0.9 * lh
set label 901 title at screen 0.02, screen title_top left front \
	font sprintf("%s Bold,%g", fontname, fs * 10.5 / 8.5 * fu) \
	textcolor rgb "#111111"
sub_top = title_top - title_lines * 1.1 * lh
if (subtitle_lines > 0) {
	set label 902 subtitle at screen 0.02, screen sub_top - 0.15 * lh left \
		front font fnt(9 / 8.5) textcolor rgb "#444444"
}
plot_top = sub_top - subtitle_lines * 0.95 * lh - 0.9 * lh
foot_h = footnote_lines * 0.75 * lh
set label 903 footnote at screen 0.02, screen foot_h + 0.5 * lh left front \
	font fnt(7 / 8.5) textcolor rgb "#444444"
# What the templates leave below the plot counts from foot_h: a title of
# the x axis of several lines (wrapped by belong) takes its room there.
foot_h = foot_h + (xlabel_lines - 1) * lh
set tmargin at screen plot_top
set rmargin at screen 0.97

set border 3 lc rgb "#444444" lw 1.2 * sc
set tics nomirror out textcolor rgb "#222222"
set grid lc rgb "#dddddd" lw 1.2 * sc
set xlabel xlabel textcolor rgb "#222222"
# The value axis's title on a line of its own above the plot, from the
# title block's left edge, never turned on its side: a short plot (a
# single column, a wide slide) is shorter than its title.  A template
# with a key above the plot sets key_above before loading this file; the
# key goes above the title's line then (key_top).  ylabel_y: the line.
if (!exists("key_above")) { key_above = 0 }
key_top = plot_top
ylabel_y = plot_top
if (strlen(ylabel) > 0) {
	ylabel_y = key_above ? plot_top - 0.55 * lh : plot_top + 0.25 * lh
	set label 904 ylabel at screen 0.02, screen ylabel_y left front font fnt(1) \
		textcolor rgb "#222222"
	plot_top = key_above ? plot_top - 1.35 * lh : plot_top - 0.55 * lh
	set tmargin at screen plot_top
}
set key noautotitle textcolor rgb "#222222"

# A plot (or each of k rows of panels) have high must be at least need
# (screen fractions): a figure too small for its words is refused with
# the height it needs (belong prints the line), never drawn as a plot of
# a few points.  Each template runs `eval room(b, need)` (the plot from
# b to plot_top) or `eval room_k(have, need, k)` once its margins are
# known.
room_k(have, need, k) = have >= need ? "" : sprintf("print \"belong: plot: " . \
	"%.3g x %.3g in is too small for this chart's words: its plot would be " . \
	"%.2f in high; make the figure at least %.3g in high\"; exit status 3", \
	W_in, H_in, have * H_in, ceil((H_in + k * (need - have) * H_in) * 4) / 4.0)
room(b, need) = room_k(plot_top - b, need, 1)
min_plot = 4 * lh
