# trend.gp — the indicator per period, one line per group with its 95 %
# interval, points marked.  Data (one block per group, everyone first,
# prefer_not and not_answered last; a blank line where a period has no
# value): period index, value, lo, hi, n, and 1 where the period has no
# neighbour (its interval as a bar).
#
# Up to four groups and everyone share one panel: everyone's interval as
# a shaded band, the groups' as bars (bands of five colours over
# each other turn to mud), each line named at its end, or in a legend
# when the names would not sit beside their lines.  More groups: one
# panel per group (NP), each over a faint line of everyone, on the same
# axes.
load chartsdir."/common.gp"
load chartsdir."/groups.gp"

xlo = -0.4
xhi = NC > 1 ? NC - 0.6 : 0.6
set xrange [xlo : xhi]
set yrange [YLO : YHI]
set ytics ceil(YLO / YSTEP) * YSTEP, YSTEP
set xtics () scale 0
do for [i = 1 : NC] {
	if ((i - 1) % xstep == 0) { set xtics add (C[i] i - 1) }
}
set grid ytics noxtics
unset key

if (NP == 1) {
	bm = foot_h + (3.2 + 1.1 * cat_lines) * lh
	set bmargin at screen bm
	eval room(bm, min_plot)
	# The column at the right: a marker, then the name (none for a lone
	# line: the title names it).
	col_x = NL > 1 ? 0.97 - (LW * 0.58 + 2.4) * fs * ptx : 0.97 + 1.2 * fs * ptx
	set rmargin at screen col_x - 1.2 * fs * ptx
	sy(y) = bm + (y - YLO) / (YHI - YLO) * (plot_top - bm)
	# Direct labels: each name's first line at its line's last value,
	# the names pushed apart just enough not to overlap and kept inside
	# the plot.  CY: the middle of a name.
	target(g) = sy(EY[g]) - (LN[g] - 1) * line_y / 2.0
	array CY[NL]
	array O[NL]
	direct = 1
	do for [g = 1 : NL] {
		CY[g] = target(g)
		O[g] = g
		if (EX[g] < NC - 1) { direct = 0 }
	}
	do for [i = 1 : NL] {
		do for [j = 1 : NL - i] {
			if (CY[O[j]] > CY[O[j + 1]]) { t = O[j]; O[j] = O[j + 1]; O[j + 1] = t }
		}
	}
	gap = 0.3 * em_y
	do for [k = 2 : NL] {
		a = O[k - 1]; b = O[k]
		need = (label_h(LN[a]) + label_h(LN[b])) / 2 + gap
		if (CY[b] < CY[a] + need) { CY[b] = CY[a] + need }
	}
	top = O[NL]
	if (CY[top] + label_h(LN[top]) / 2 > plot_top) {
		CY[top] = plot_top - label_h(LN[top]) / 2
	}
	do for [k = NL - 1 : 1 : -1] {
		a = O[k]; b = O[k + 1]
		need = (label_h(LN[a]) + label_h(LN[b])) / 2 + gap
		if (CY[a] > CY[b] - need) { CY[a] = CY[b] - need }
	}
	if (CY[O[1]] - label_h(LN[O[1]]) / 2 < bm) { direct = 0 }
	# A name moved far from its line no longer names it.
	do for [g = 1 : NL] {
		if (abs(CY[g] - target(g)) > 2.5 * line_y) { direct = 0 }
	}
	if (!direct) {
		# The legend: the names from the top in the chart's order, each
		# with a piece of its line.
		y = plot_top
		do for [g = 1 : NL] {
			CY[g] = y - label_h(LN[g]) / 2
			y = y - label_h(LN[g]) - 0.7 * em_y
		}
	}
	do for [g = 1 : (NL > 1 ? NL : 0)] {
		tag = 800 + g
		set label tag L[g] at screen col_x + 1.2 * fs * ptx, \
			screen first_line(CY[g], LN[g]) left front \
			point pt PTS[g] lc rgb COL[g] ps 0.9 * psc offset char 0.9, 0 \
			font fnt(1) textcolor rgb "#222222"
		# To the marker, beside the name's first line.
		if (direct) {
			set arrow tag from first EX[g], first EY[g] \
				to screen col_x + 0.6 * fs * ptx, \
				screen first_line(CY[g], LN[g]) nohead \
				lc rgb COL[g] lw 1.2 * sc front
		} else {
			set arrow tag from screen col_x - 0.6 * fs * ptx, \
				screen first_line(CY[g], LN[g]) \
				to screen col_x + 1.2 * fs * ptx, \
				screen first_line(CY[g], LN[g]) nohead \
				lc rgb COL[g] lw 2 * sc front
		}
	}
	# Everyone's band; with no everyone, a lone group's band.
	banded(g) = (allfirst && g == 1) || (!allfirst && NL == 1)
	# Lines a little apart, so that the error bars do not hide each other.
	dx(g) = NL > 1 ? (g - (NL + 1) / 2.0) * (NL > 6 ? 0.3 / NL : 0.05) : 0
	nb = allfirst || NL == 1 ? 1 : 0
	plot for [g = 1 : nb] datafile index (g - 1) using ($1 + dx(g)):3:4 \
			with filledcurves fc rgb COL[g] fs transparent solid 0.14 noborder, \
		for [g = 1 : NL] datafile index (g - 1) \
			using ($1 + dx(g)):3:(0):(banded(g) && $6 == 0 ? 0 : $4 - $3) \
			with vectors nohead lw 1.1 * sc lc rgb COL[g], \
		for [g = 1 : NL] datafile index (g - 1) using ($1 + dx(g)):2 \
			with linespoints lw (banded(g) ? 2.4 : 1.8) * sc lc rgb COL[g] \
			pt PTS[g] ps 0.9 * psc
} else {
	# Small multiples: everyone's line in each panel, faint, for
	# reference; the value axis and the periods shared.
	area_l = PLEFT
	area_r = 0.97
	# The key of everyone's line on the value axis title's line, at the
	# right; the panels' titles below it.
	key_y = strlen(ylabel) > 0 ? ylabel_y : plot_top - 0.5 * line_y
	area_t = plot_top - (strlen(ylabel) > 0 ? 0 : 1.4 * line_y) - label_h(maxln) - 0.35 * line_y
	area_b = foot_h + (2.4 + 1.1 * cat_lines) * lh
	gap_x = 1.8 * fs * ptx
	gap_y = label_h(maxln) + 0.35 * line_y + 0.5 * line_y
	g0 = allfirst ? 2 : 1
	eval room_k(panel_h(1), 2 * lh, PROWS)
	# The key of the reference line, the axis titles: drawn once.
	set label 710 (allfirst ? L[1] : "") at screen 0.97, screen key_y \
		right front font fnt(1) textcolor rgb "#222222"
	set arrow 710 from screen 0.97 - (strlen(L[1]) * 0.58 + 3.2) * fs * ptx, \
		screen key_y to screen 0.97 - (strlen(L[1]) * 0.58 + 0.6) * fs * ptx, \
		screen key_y nohead lc rgb "#222222" lw 1.4 * sc dt 2
	set label 712 xlabel at screen (area_l + area_r) / 2, \
		screen area_b - (1.1 * cat_lines + 1.0) * lh center front font fnt(1) \
		textcolor rgb "#222222"
	if (!allfirst) { unset arrow 710 }
	unset xlabel
	set multiplot
	do for [g = g0 : NL] {
		i = g - g0 + 1
		set lmargin at screen panel_l(i)
		set rmargin at screen panel_l(i) + panel_w(i)
		set tmargin at screen panel_t(i)
		set bmargin at screen panel_t(i) - panel_h(i)
		eval panel_title(i, g)
		if ((i - 1) % PCOLS == 0) { set format y "%g" } else { set format y "" }
		if (below(i)) { unset xtics } else {
			set xtics () scale 0
			do for [k = 1 : NC] {
				if ((k - 1) % xstep == 0) { set xtics add (C[k] k - 1) }
			}
		}
		plot for [e = 1 : allfirst] datafile index 0 using 1:2 with lines \
				lw 1.2 * sc lc rgb "#222222" dt 2, \
			datafile index (g - 1) using 1:3:4 with filledcurves \
				fc rgb COL[g] fs transparent solid 0.16 noborder, \
			datafile index (g - 1) using 1:3:(0):($6 > 0 ? $4 - $3 : 0) \
				with vectors nohead lw 1.1 * sc lc rgb COL[g], \
			datafile index (g - 1) using 1:2 with linespoints \
				lw 2 * sc lc rgb COL[g] pt PTS[g] ps 0.8 * psc
		# What belongs to the whole figure is drawn once.
		unset label 901
		unset label 902
		unset label 903
		unset label 904
		unset label 710
		unset label 712
		unset arrow 710
	}
	unset multiplot
}
