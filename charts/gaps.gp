# gaps.gp — a forest plot: each group's belonging gap to everyone else
# with its 95 % interval, a line at 0, groups sorted by gap.  Data: y
# position, gap, lo, hi, flag (1: the report's adjusted p is below 0.05), n,
# the group's colour (belong's: as on the other charts; prefer_not and
# not_answered in greys, at the bottom).
key_above = 1
load chartsdir."/common.gp"

stats datafile using 3 nooutput
xlo = STATS_min < 0 ? STATS_min : 0
stats datafile using 4 nooutput
xhi = STATS_max > 0 ? STATS_max : 0
stats datafile using 5 nooutput
nflag = STATS_sum
# Room at the right of the highest interval for its value.
pad = (xhi - xlo) * 0.08 + 1
set xrange [xlo - pad : xhi + 2.5 * pad]
set yrange [-0.7 : NC - 0.3]
set ytics () scale 0
do for [i = 1 : NC] { set ytics add (C[i] i - 1) }
set grid xtics noytics
set bmargin at screen foot_h + 4.6 * lh
# Each group's row holds its label, of cat_lines lines at most.
need = NC * cat_lines * lh / 1.5
eval room(foot_h + 4.6 * lh, need > min_plot ? need : min_plot)
set lmargin
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead lw 1.5 * sc \
	lc rgb "#555555" dt 2 back
set key at screen 0.97, screen key_top + 0.2 * lh right bottom horizontal \
	samplen 1 spacing 1.2 width 2

# Filled where the report flags the gap (adjusted p below 0.05), open
# where it does not; each group in its colour.
plot datafile using 2:1:3:4:7 with xerrorbars lc rgb variable \
		lw 2.2 * sc ps 0, \
	datafile using 2:1:($5 == 1 ? 7 : 6):7 with points \
		pt variable lc rgb variable lw 2.2 * sc ps 0.9 * psc, \
	keyentry with points pt 7 ps 0.9 * psc lc rgb "#444444" title (nflag > 0 ? key1 : ""), \
	keyentry with points pt 6 lw 2.2 * sc ps 0.9 * psc lc rgb "#444444" \
		title (nflag < NC ? key2 : ""), \
	datafile using 4:1:(gprintf("%+.1f", $2)) with labels left offset 0.6, 0 \
		font fnt(0.9) textcolor rgb "#222222"
