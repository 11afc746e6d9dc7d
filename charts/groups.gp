# groups.gp — what the charts drawn per group share (trend, items): the
# geometry of small multiples and the column of labels at the right.
# Loaded after common.gp.  belong plot sets, besides common.gp's:
#   COL[i], PTS[i] each series' colour and point type, decided by belong
#                  (everyone #222222, real groups Okabe–Ito, prefer_not
#                  and not_answered in greys): never picked here by position
#   LN[i]          the lines of series label L[i] (wrapped by belong)
#   LW, QW         the longest line of a series label, of a category
#                  label, in characters
#   NP, PCOLS, PROWS  the panels (1: all groups on one) and their grid,
#                  PLEFT where they start (a fraction of the width)
#   qkey           items on panels: the questions, numbered, when the
#                  rows of the panels are numbered; else ""
#   YLO, YHI, YSTEP  trend: the value axis shared by every panel
#   EX[i], EY[i]   trend: each series' last point

# One point of the figure as a fraction of its width and of its height.
ptx = 1.0 / (W_in * 72)
pty = 1.0 / (H_in * 72)
# One line of body text in a label of several lines (gnuplot's leading).
em_y = fs * pty
line_y = 1.5 * em_y
# The height of a label of n lines, and where its first line goes
# (gnuplot centres a label's first line on its position) for the label
# to be centred on y.
label_h(n) = (n - 1) * line_y + 1.25 * em_y
first_line(y, n) = y + (n - 1) * line_y / 2.0
maxln = 1
do for [i = 1 : NL] { if (LN[i] > maxln) { maxln = LN[i] } }

# The panels: set area_l, area_r, area_t, area_b (screen), gap_x and
# gap_y; panel i (from 1) is at column (i - 1) % PCOLS, row (i - 1) / PCOLS.
panel_w(i) = (area_r - area_l - (PCOLS - 1) * gap_x) / PCOLS
panel_h(i) = (area_t - area_b - (PROWS - 1) * gap_y) / PROWS
panel_l(i) = area_l + ((i - 1) % PCOLS) * (panel_w(i) + gap_x)
panel_t(i) = area_t - int((i - 1) / PCOLS) * (panel_h(i) + gap_y)
# Whether panel i has a panel below it (then it leaves its x tics to it).
below(i) = i + PCOLS <= NP
# The panel's title: the group's name, wrapped, above the panel, with
# the group's marker before it when title_marker (a trend's lines have
# markers, an item chart's bars none).  Label 700.
title_marker = 1
panel_title(i, g) = title_marker ? \
	sprintf("set label 700 L[%d] at screen %.6f, screen %.6f left front point pt PTS[%d] lc rgb COL[%d] ps 0.9 * psc offset char 0.9, 0 font fnt(1) textcolor rgb \"#222222\"", g, panel_l(i) + 0.4 * fs * ptx, panel_t(i) + 0.35 * line_y + label_h(LN[g]) - 0.6 * em_y, g, g) : \
	sprintf("set label 700 L[%d] at screen %.6f, screen %.6f left front font fnt(1) textcolor rgb \"#222222\"", g, panel_l(i), panel_t(i) + 0.35 * line_y + label_h(LN[g]) - 0.6 * em_y)
