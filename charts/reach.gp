# reach.gp — each group's share of respondents beside its share of the
# benchmark population.  Data: x position, share %, benchmark % (NaN: none).
# COLI[x + 1]: the bar's colour (belong's: prefer_not and not_answered in
# greys, last).
key_above = 1
load chartsdir."/common.gp"

set bmargin at screen foot_h + (2.6 + 1.1 * cat_lines) * lh
eval room(foot_h + (2.6 + 1.1 * cat_lines) * lh, min_plot)
set xrange [-0.6 : NC - 0.4]
set yrange [0 : *]
set offsets 0, 0, graph 0.08, 0
set xtics () scale 0
do for [i = 1 : NC] { set xtics add (C[i] i - 1) }
set grid ytics noxtics
set style fill solid 0.9 noborder
bw = has_bench ? 0.38 : 0.6
set boxwidth bw
dx = has_bench ? 0.2 : 0
set key at screen 0.97, screen key_top + 0.2 * lh right bottom horizontal \
	samplen 1.5 spacing 1.2 width 2

vlabel(v) = sprintf("%.0f%%", v)
if (has_bench) {
	plot datafile using ($1 - dx):2:(COLI[int($1) + 1]) with boxes lc rgb variable \
			notitle, \
		keyentry with boxes lc rgb OI[1] title key1, \
		datafile using ($1 + dx):3 with boxes lc rgb OI[2] title key2, \
		datafile using ($1 - dx):2:(vlabel($2)) with labels offset 0, 0.8 \
			font fnt(0.85) textcolor rgb "#222222", \
		datafile using ($1 + dx):3:(vlabel($3)) with labels offset 0, 0.8 \
			font fnt(0.85) textcolor rgb "#222222"
} else {
	plot datafile using ($1 - dx):2:(COLI[int($1) + 1]) with boxes lc rgb variable \
			notitle, \
		keyentry with boxes lc rgb OI[1] title key1, \
		datafile using ($1 - dx):2:(vlabel($2)) with labels offset 0, 0.8 \
			font fnt(0.85) textcolor rgb "#222222"
}
