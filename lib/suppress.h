#ifndef BELONG_SUPPRESS_H
#define BELONG_SUPPRESS_H

#include <stdbool.h>

/*
 * Small-cell suppression of linked tables: primary suppression of every
 * cell under min_n, then complementary suppression until no line can be
 * solved for a suppressed cell by subtraction.
 *
 * A table is a set of cells (counts) and lines.  A line is a set of cells
 * tied by one published equation: the groups of a dimension and their
 * total, the periods of a group and the group's total, a partner and its
 * events.  A line with exactly one suppressed cell that is not zero gives
 * that cell away (the total minus the others), so the smallest non-zero
 * shown cell of the line is suppressed too, and so on until every line has
 * none or at least two.  Known zeros never count as the second cell: a
 * line of one small cell and a suppressed empty one still gets another.
 *
 * Fixed cells belong to a table already decided (the margins, published
 * by another command): they take part in the lines with their state but
 * are never chosen.  Forced cells are suppressed whatever their count
 * (a cell inside a suppressed margin).
 */
struct suppress;

/* An empty table; exits on out of memory (the CLI's allocators). */
struct suppress *suppress_new(void);
void suppress_free(struct suppress *t);

/* Add a cell of count n; returns its index (0, 1, ...). */
int suppress_cell(struct suppress *t, double n);
/* Add a fixed cell, suppressed or shown as decided elsewhere. */
int suppress_fixed(struct suppress *t, double n, bool sup);
/* Suppress cell whatever its count. */
void suppress_force(struct suppress *t, int cell);
/* Add a line of k cells (indexes from suppress_cell/suppress_fixed). */
void suppress_line(struct suppress *t, const int *cells, int k);

/*
 * Decide: cells under min_n (0 included) are suppressed, then the
 * complementary ones.  Returns how many cells that are not fixed are
 * suppressed.
 */
int suppress_run(struct suppress *t, double min_n);

/* Whether cell is suppressed (after suppress_run). */
bool suppress_is(const struct suppress *t, int cell);

#endif
