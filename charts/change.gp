# change.gp — a dumbbell per group: its pre (or "before the program")
# and post (or "now") value, each with its 95 % interval, joined by a
# line; the change printed at the right.  Everyone at the top, the
# groups in the report's order, prefer_not and not_answered at the
# bottom, each in its colour (belong's, as on the other charts).
# Data: y (the top row NC - 1), pre, pre_lo, pre_hi, post, post_lo,
# post_hi, change, n (matched pairs), colour.  Suppressed groups are not
# in the file: belong names them in the footnote.
key_above = 1
load chartsdir."/common.gp"

stats datafile using ($3 < $6 ? $3 : $6) nooutput
xlo = STATS_min
stats datafile using ($4 > $7 ? $4 : $7) nooutput
xhi = STATS_max
# Room at the right of the highest interval for the change.
pad = (xhi - xlo) * 0.08 + 1
set xrange [xlo - pad : xhi + 2.5 * pad]
set yrange [-0.7 : NC - 0.3]
set ytics () scale 0
do for [i = 1 : NC] { set ytics add (C[i] NC - i) }
set grid xtics noytics
set bmargin at screen foot_h + 4.6 * lh
# Each group's row holds its label, of cat_lines lines at most.
need = NC * cat_lines * lh / 1.5
eval room(foot_h + 4.6 * lh, need > min_plot ? need : min_plot)
set lmargin
set key at screen 0.97, screen key_top + 0.2 * lh right bottom horizontal \
	samplen 1 spacing 1.2 width 2

# The pre point a little above the row's middle and the post point a
# little below, so that their intervals never hide each other.
off = 0.14
plot datafile using 2:($1 + off):($5 - $2):(-2 * off):10 with vectors \
		nohead lc rgb variable lw 2.4 * sc, \
	datafile using 2:($1 + off):3:4:10 with xerrorbars lc rgb variable \
		lw 1.4 * sc ps 0, \
	datafile using 5:($1 - off):6:7:10 with xerrorbars lc rgb variable \
		lw 1.4 * sc ps 0, \
	datafile using 2:($1 + off) with points pt 7 lc rgb "#ffffff" \
		ps 0.9 * psc, \
	datafile using 2:($1 + off):10 with points pt 6 lc rgb variable \
		lw 2.2 * sc ps 0.9 * psc, \
	datafile using 5:($1 - off):10 with points pt 7 lc rgb variable \
		ps 0.9 * psc, \
	keyentry with points pt 6 lw 2.2 * sc ps 0.9 * psc lc rgb "#444444" \
		title key1, \
	keyentry with points pt 7 ps 0.9 * psc lc rgb "#444444" title key2, \
	datafile using ($4 > $7 ? $4 : $7):1:(gprintf("%+.1f", $8)) with labels \
		left offset 0.6, 0 font fnt(0.9) textcolor rgb "#222222"
