# items.gp — each item's agree rate as a horizontal bar with its 95 %
# Wilson interval; with --by, one bar per group.  Data (one block per
# group): y centre, value, lo, hi, half the bar's height, n.
load chartsdir."/common.gp"

set bmargin at screen foot_h + 4.6 * lh
set xrange [0 : 108]
set xtics 0, 20, 100
set yrange [-0.6 : NC - 0.4]
set ytics () scale 0
do for [i = 1 : NC] { set ytics add (C[i] NC - i) }
set grid xtics noytics
set style fill solid 0.85 noborder
if (NL > 1) {
	set rmargin at screen 0.80
	set key at screen 0.815, screen plot_top left top vertical Left reverse \
		samplen 1.5 spacing 1.3
} else {
	unset key
}

plot for [g = 1 : NL] datafile index (g - 1) using (0):1:(0):2:($1 - $5):($1 + $5) \
		with boxxyerror lc rgb (NL > 1 ? col(g) : OI[1]) title L[g], \
	for [g = 1 : NL] datafile index (g - 1) using 2:1:3:4 with xerrorbars \
		lc rgb "#222222" lw 1.5 pt -1 ps 0, \
	for [g = 1 : NL] datafile index (g - 1) using 4:1:(sprintf(" %.0f%%", $2)) \
		with labels left font fnt(0.8) textcolor rgb "#222222"
