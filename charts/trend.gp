# trend.gp — the indicator per period, one line per group, its 95 %
# interval as a shaded band, points marked.  Data (one block per group,
# a blank line where a period has no value): period index, value, lo, hi,
# n, and 1 where the period has no neighbour (its interval as a bar).
load chartsdir."/common.gp"

set bmargin at screen foot_h + (3.2 + 1.1 * cat_lines) * lh
set rmargin at screen 0.80
set xrange [-0.4 : (NC > 1 ? NC - 0.6 : 0.6)]
set xtics () scale 0
do for [i = 1 : NC] {
	if ((i - 1) % xstep == 0) { set xtics add (C[i] i - 1) }
}
set grid ytics noxtics
set key at screen 0.815, screen plot_top left top vertical Left reverse \
	samplen 2.5 spacing 1.3 title ""

plot for [g = 1 : NL] datafile index (g - 1) using 1:3:4 \
		with filledcurves fc rgb col(g) fs transparent solid 0.16 noborder, \
	for [g = 1 : NL] datafile index (g - 1) using 1:2 \
		with linespoints lw 2.2 lc rgb col(g) pt ptype(g) ps 1.5 title L[g], \
	for [g = 1 : NL] datafile index (g - 1) \
		using 1:2:($6 > 0 ? $3 : $2):($6 > 0 ? $4 : $2) \
		with yerrorbars lw 1.2 lc rgb col(g) ps 0
