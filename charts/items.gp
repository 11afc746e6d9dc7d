# items.gp — each item's agree rate as a horizontal bar with its 95 %
# Wilson interval; with --by, one bar per group.  Data (one block per
# group, everyone first, prefer_not and not_answered last): y centre,
# value, lo, hi, half the bar's height, n, the item's row, everyone's
# value of the item (-1: none).
#
# Up to four groups and everyone: the bars of each item side by side,
# named in a column at the right.  More groups: one panel per group
# (NP), everyone's rate drawn in each as an outline over the group's
# bar, the items and the 0-100 axis shared.
load chartsdir."/common.gp"
load chartsdir."/groups.gp"

set yrange [-0.6 : NC - 0.4]
set ytics () scale 0
do for [i = 1 : NC] { set ytics add (C[i] NC - i) }
set grid xtics noytics
set style fill solid 0.85 noborder
unset key
vlabel(v) = sprintf(" %.0f%%", v)

if (NP == 1) {
	set bmargin at screen foot_h + 4.6 * lh
	# Each item's row holds its question and its bars with their values.
	row = cat_lines * lh > (NL * 0.9 + 0.4) * em_y ? cat_lines * lh : (NL * 0.9 + 0.4) * em_y
	eval room(foot_h + 4.6 * lh, NC * row > min_plot ? NC * row : min_plot)
	set xrange [0 : 108]
	set xtics 0, 20, 100
	if (NL > 1) {
		# The names in a column at the right, each after its colour.
		col_x = 0.97 - (LW * 0.58 + 1.8) * fs * ptx
		set rmargin at screen col_x - 1.2 * fs * ptx
		y = plot_top
		do for [g = 1 : NL] {
			tag = 800 + g
			set label tag L[g] at screen col_x + 0.4 * fs * ptx, \
				screen first_line(y - label_h(LN[g]) / 2, LN[g]) left front \
				point pt 5 lc rgb COL[g] ps 1.1 * psc offset char 1, 0 \
				font fnt(1) textcolor rgb "#222222"
			y = y - label_h(LN[g]) - 0.7 * em_y
		}
	}
	plot for [g = 1 : NL] datafile index (g - 1) using (0):1:(0):2:($1 - $5):($1 + $5) \
			with boxxyerror lc rgb COL[g], \
		for [g = 1 : NL] datafile index (g - 1) using 2:1:3:4 with xerrorbars \
			lc rgb "#222222" lw 1.2 * sc pt -1 ps 0, \
		for [g = 1 : NL] datafile index (g - 1) using 4:1:(vlabel($2)) \
			with labels left font fnt(0.85) textcolor rgb "#222222"
} else {
	# Small multiples: the questions at the left of each row of panels.
	area_l = PLEFT
	area_r = 0.97
	area_t = plot_top - 1.4 * line_y - label_h(maxln) - 0.35 * line_y
	area_b = foot_h + 3.8 * lh
	gap_x = 1.8 * fs * ptx
	title_marker = 0
	gap_y = label_h(maxln) + 0.35 * line_y + 0.5 * line_y
	g0 = allfirst ? 2 : 1
	eval room_k(panel_h(1), NC * 0.7 * em_y, PROWS)
	qfont = fnt(0.85)
	# Room at the right of a bar of 100 % for its value.
	xmax = panel_w(1) > 60 * ptx ? 100 / (1 - 5.5 * 0.85 * 0.58 * fs * ptx / panel_w(1)) : 100
	set xrange [0 : xmax]
	set label 710 (allfirst ? L[1] : "") at screen 0.97 - 1.6 * fs * ptx, \
		screen plot_top - 0.5 * line_y right front font fnt(1) \
		textcolor rgb "#222222"
	if (allfirst) {
		set label 713 "" at screen 0.97 - 0.8 * fs * ptx, screen plot_top - 0.5 * line_y \
			front point pt 4 lc rgb "#222222" ps 1.1 * psc lw 1.2 * sc
	}
	# The questions, numbered, when the rows are (too many panels for
	# the questions on each row).
	set label 714 qkey at screen 0.02, screen area_t - 0.6 * em_y left front \
		font qfont textcolor rgb "#222222"
	set label 712 xlabel at screen (area_l + area_r) / 2, screen area_b - 2.3 * lh \
		center front font fnt(1) textcolor rgb "#222222"
	unset xlabel
	unset ylabel
	set multiplot
	do for [g = g0 : NL] {
		i = g - g0 + 1
		set lmargin at screen panel_l(i)
		set rmargin at screen panel_l(i) + panel_w(i)
		set tmargin at screen panel_t(i)
		set bmargin at screen panel_t(i) - panel_h(i)
		eval panel_title(i, g)
		if ((i - 1) % PCOLS == 0) {
			set ytics () scale 0
			set ytics font qfont
			do for [k = 1 : NC] { set ytics add (C[k] NC - k) }
		} else {
			unset ytics
		}
		# 0, 50 and 100 where they fit; else 0 and 100.
		xt = panel_w(i) > 16 * 0.58 * fs * ptx ? 50 : 100
		if (below(i)) { set xtics 0, xt, 100 format "" } else { set xtics 0, xt, 100 format "%g" }
		plot datafile index (g - 1) using (0):7:(0):2:($7 - 0.3):($7 + 0.3) \
				with boxxyerror lc rgb COL[g], \
			for [e = 1 : allfirst] datafile index 0 using (0):7:(0):2:($7 - 0.36):($7 + 0.36) \
				with boxxyerror fs empty border lc rgb "#222222" \
				lc rgb "#222222" lw 1.2 * sc, \
			datafile index (g - 1) using 2:7:3:4 with xerrorbars \
				lc rgb "#222222" lw 1.1 * sc pt -1 ps 0, \
			for [v = 1 : (panel_w(i) > 60 * ptx)] datafile index (g - 1) \
				using ($4 > $8 ? $4 : $8):7:(vlabel($2)) \
				with labels left font fnt(0.85) textcolor rgb "#222222"
		unset label 901
		unset label 902
		unset label 903
		unset label 710
		unset label 712
		unset label 713
		unset label 714
	}
	unset multiplot
}
