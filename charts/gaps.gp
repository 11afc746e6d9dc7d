# gaps.gp — a forest plot: each group's belonging gap to everyone else
# with its 95 % interval, a line at 0, groups sorted by gap.  Data: y
# position, gap, lo, hi, flag (1: the report's adjusted p is below 0.05), n.
load chartsdir."/common.gp"

stats datafile using 3 nooutput
xlo = STATS_min < 0 ? STATS_min : 0
stats datafile using 4 nooutput
xhi = STATS_max > 0 ? STATS_max : 0
stats datafile using 5 nooutput
nflag = STATS_sum
pad = (xhi - xlo) * 0.08 + 1
set xrange [xlo - pad : xhi + pad]
set yrange [-0.7 : NC - 0.3]
set ytics () scale 0
do for [i = 1 : NC] { set ytics add (C[i] i - 1) }
set grid xtics noytics
set bmargin at screen foot_h + 4.6 * lh
set lmargin
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead lw 1.5 \
	lc rgb "#555555" dt 2 back
set key at screen 0.97, screen plot_top + 0.2 * lh right bottom horizontal \
	samplen 1 spacing 1.2 width 2

# Filled where the report flags the gap (adjusted p below 0.05), open
# where it does not.
pcol(f) = f == 1 ? 0xD55E00 : 0x0072B2
plot datafile using 2:1:3:4:(pcol($5)) with xerrorbars lc rgb variable \
		lw 2.2 ps 0, \
	datafile using 2:1:($5 == 1 ? 7 : 6):(pcol($5)) with points \
		pt variable lc rgb variable ps 2.2, \
	keyentry with points pt 7 ps 2.2 lc rgb OI[4] title (nflag > 0 ? key1 : ""), \
	keyentry with points pt 6 ps 2.2 lc rgb OI[1] title (nflag < NC ? key2 : ""), \
	datafile using 2:1:(sprintf("%+.1f", $2)) with labels offset 0, 1.1 \
		font fnt(0.85) textcolor rgb "#222222"
