# commitment.gp — a bullet per commitment, top to bottom in the order of
# belong commitment progress (due date, slug).  Each row is on its own
# scale, since the indicators have their own units (people, %, index
# points): from s0 (0, or the lowest figure when one is below 0) to s1
# (a tenth past the highest of value, interval, target, baseline and
# projection), drawn from 0 to 1.  In a row: a light band (the scale),
# the value so far as a bar with its 95 % interval as a whisker, the
# target as a full-height dark tick, the baseline as a grey diamond
# below the bar, the projection to the due date as a hollow circle above
# it with its interval; the status, the value, the target and the due
# month in words at the right (R, from belong).
# Data: y (the top row NC - 1), value, lo, hi, target, baseline,
# projection, projection_lo, projection_hi, s0, s1; NaN where progress
# has no figure.  A suppressed commitment has no line: its row is the
# band alone, with its label and the word at the right.
key_above = 1
load chartsdir."/common.gp"
# Rows of the same height from one commitment to four, at the top.
span = NC > 4 ? NC : 4

xn(v, a, b) = (v - a) / (b - a)
set xrange [0 : 1]
set yrange [NC - 0.4 - span : NC - 0.4]
unset xtics
unset ytics
unset grid
set border 0
# The labels at the left (QW characters of the body text at most) and
# the words at the right (RW), each with a gap; labels rather than tics,
# which gnuplot would read as formats ("60 %").
ch = fs / (W_in * 72)
set lmargin at screen 0.02 + (QW * 0.56 + 1.2) * ch
set rmargin at screen 0.97 - (RW * 0.56 + 1.2) * ch
# The key under the title, on up to two lines, the plot under it.
set key at screen 0.02, screen key_top + 0.2 * lh left top vertical \
	Left reverse samplen 1.5 spacing 1.2 width 1 maxrows 2
plot_top = key_top - 2.2 * lh
set tmargin at screen plot_top
# No axis below (each row has its own scale: the footnote says so).
set bmargin at screen foot_h + 1.6 * lh
# Each row holds its label (cat_lines lines at most) and the words at
# its right (two lines), and half a line apart.  (belong makes a chart
# without --size as tall as this asks: cli/cmd_plot.c fit_rows.)
rlines = cat_lines > 2 ? cat_lines : 2
need = span * (rlines * 1.25 + 0.5) * lh / 1.5
eval room(foot_h + 1.6 * lh, need > min_plot ? need : min_plot)

do for [i = 1 : NC] {
	set object i rectangle from first 0, first (NC - i - 0.36) \
		to first 1, first (NC - i + 0.36) fc rgb "#EBEBEB" \
		fillstyle solid 1 noborder behind
	set label 100 + i C[i] at first 0, first (NC - i) offset -1, 0 right \
		font fnt(1) textcolor rgb "#222222"
	set label 200 + i R[i] at first 1, first (NC - i) offset 1, 0 left \
		font fnt(1) textcolor rgb "#222222"
}

bh = 0.11	# half the bar's height
up = 0.22	# the projection above the bar, the baseline below it
x(col) = xn(column(col), $10, $11)
# Only the marks some row has (MARKS, belong's PLOT_MARK_* bits): gnuplot
# warns of a plot without a point, and a warning fails the chart.
has(bit) = int(MARKS / bit) % 2
p = "plot"
# Every commitment suppressed: empty rows, and one white dot below them
# (gnuplot draws no plot of keys alone).
if (!has(1)) { p = p . " '+' using (0.5):(NC - 0.35 - span) every ::0::0 with dots lc rgb '#ffffff' notitle," }
if (has(1)) { p = p . " datafile using (x(2)):1:(xn(0, $10, $11)):(x(2)):($1 - bh):($1 + bh) with boxxyerror fillstyle solid 1 noborder lc rgb '#0072B2'," }
if (has(2)) { p = p . " datafile using (x(2)):1:(x(3)):(x(4)) with xerrorbars lc rgb '#222222' lw 1.4 * sc ps 0," }
if (has(8)) { p = p . " datafile using (x(6)):($1 - up) with points pt 13 ps 0.75 * psc lc rgb '#8C8C8C'," }
if (has(4)) { p = p . " datafile using (x(5)):($1 - 0.36):(0):(0.72) with vectors nohead lw 3 * sc lc rgb '#111111'," }
if (has(32)) { p = p . " datafile using (x(7)):($1 + up):(x(8)):(x(9)) with xerrorbars lc rgb '#D55E00' lw 1.4 * sc ps 0," }
if (has(16)) { p = p . " datafile using (x(7)):($1 + up) with points pt 7 ps 0.75 * psc lc rgb '#ffffff', datafile using (x(7)):($1 + up) with points pt 6 lw 2 * sc ps 0.75 * psc lc rgb '#D55E00'," }
p = p . " keyentry with boxes fillstyle solid 1 noborder lc rgb '#0072B2' title key1," . \
	" keyentry with lines lw 3 * sc lc rgb '#111111' title key2," . \
	" keyentry with points pt 13 ps 0.75 * psc lc rgb '#8C8C8C' title key3," . \
	" keyentry with points pt 6 lw 2 * sc ps 0.75 * psc lc rgb '#D55E00' title key4"
eval p
