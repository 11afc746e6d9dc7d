/*
 * Linked-table suppression (suppress.h).  Tables are small (groups x
 * periods x filters: thousands of cells), so each pass walks every line;
 * passes repeat until nothing changes, and each pass that changes
 * something suppresses one more cell, so the loop ends.
 */
#include "config.h"

#include <stdlib.h>

#include "suppress.h"
#include "xalloc.h"

enum { CELL_SUP = 0x1, CELL_FIXED = 0x2, CELL_FORCED = 0x4, CELL_COMP = 0x8 };

struct suppress {
	double *n;
	unsigned char *flags;
	int ncells, capcells;
	int *members;		/* the lines' cells, one line after another */
	int nmembers, capmembers;
	int *line_end;		/* line i is members[line_end[i - 1] .. line_end[i]) */
	int nlines, caplines;
};

struct suppress *
suppress_new(void)
{
	return xcalloc(1, sizeof(struct suppress));
}

void
suppress_free(struct suppress *t)
{
	if (t == NULL)
		return;
	free(t->n);
	free(t->flags);
	free(t->members);
	free(t->line_end);
	free(t);
}

static int
add(struct suppress *t, double n, unsigned char flags)
{
	if (t->ncells == t->capcells) {
		t->capcells = t->capcells * 2 + 16;
		t->n = xrealloc(t->n, (size_t)t->capcells * sizeof *t->n);
		t->flags = xrealloc(t->flags, (size_t)t->capcells);
	}
	t->n[t->ncells] = n;
	t->flags[t->ncells] = flags;
	return t->ncells++;
}

int
suppress_cell(struct suppress *t, double n)
{
	return add(t, n, 0);
}

int
suppress_fixed(struct suppress *t, double n, bool sup)
{
	return add(t, n, CELL_FIXED | (sup ? CELL_SUP : 0));
}

void
suppress_force(struct suppress *t, int cell)
{
	if ((t->flags[cell] & CELL_FIXED) == 0)
		t->flags[cell] |= CELL_FORCED;
}

void
suppress_line(struct suppress *t, const int *cells, int k)
{
	if (t->nmembers + k > t->capmembers) {
		t->capmembers = (t->nmembers + k) * 2 + 16;
		t->members = xrealloc(t->members, (size_t)t->capmembers * sizeof *t->members);
	}
	if (t->nlines == t->caplines) {
		t->caplines = t->caplines * 2 + 16;
		t->line_end = xrealloc(t->line_end, (size_t)t->caplines * sizeof *t->line_end);
	}
	for (int i = 0; i < k; i++)
		t->members[t->nmembers++] = cells[i];
	t->line_end[t->nlines++] = t->nmembers;
}

/* Suppressed and not a known zero: what protects another cell. */
static bool
hides(const struct suppress *t, int c)
{
	return (t->flags[c] & CELL_SUP) && t->n[c] > 0;
}

/* The cells of line l: members[lo(l) .. hi(l)). */
#define LINE_LO(t, l) ((l) > 0 ? (t)->line_end[(l) - 1] : 0)
#define LINE_HI(t, l) ((t)->line_end[l])

/* Each cell's lines, built once per run: line_of[cell_end[c - 1] ..
 * cell_end[c]) are the lines through c. */
struct index {
	int *line_of;
	int *cell_end;
};

static void
index_build(const struct suppress *t, struct index *ix)
{
	int *count = xcalloc((size_t)t->ncells + 1, sizeof *count);

	ix->cell_end = xcalloc((size_t)t->ncells + 1, sizeof *ix->cell_end);
	ix->line_of = xcalloc((size_t)t->nmembers + 1, sizeof *ix->line_of);
	for (int i = 0; i < t->nmembers; i++)
		count[t->members[i]]++;
	for (int c = 0; c < t->ncells; c++)
		ix->cell_end[c] = (c > 0 ? ix->cell_end[c - 1] : 0) + count[c];
	for (int l = 0; l < t->nlines; l++)
		for (int j = LINE_LO(t, l); j < LINE_HI(t, l); j++) {
			int c = t->members[j];

			ix->line_of[ix->cell_end[c] - count[c]--] = l;
		}
	free(count);
}

static void
index_free(struct index *ix)
{
	free(ix->line_of);
	free(ix->cell_end);
}

/*
 * Whether some other line than skip gives cell away already: every other
 * cell of it is shown or empty.  Suppressing such a cell protects nothing
 * (a column with one event that asks an item equals its published total).
 */
static bool
determined(const struct suppress *t, const struct index *ix, int cell, int skip)
{
	for (int i = cell > 0 ? ix->cell_end[cell - 1] : 0; i < ix->cell_end[cell]; i++) {
		int l = ix->line_of[i];
		bool open = false;

		if (l == skip)
			continue;
		for (int j = LINE_LO(t, l); j < LINE_HI(t, l) && !open; j++) {
			int c = t->members[j];

			open = c != cell && t->n[c] > 0 &&
			    ((t->flags[c] & CELL_SUP) || !(t->flags[c] & CELL_FIXED));
		}
		if (!open)
			return true;
	}
	return false;
}

/*
 * The hidden cells of line l that protect each other (hiding, and not
 * given away by another line), leaving out cell skip; counted up to 2,
 * which is all that matters.
 */
static int
protecting(const struct suppress *t, const struct index *ix, int l, int skip)
{
	int k = 0;

	for (int i = LINE_LO(t, l); i < LINE_HI(t, l) && k < 2; i++) {
		int c = t->members[i];

		k += c != skip && hides(t, c) && !determined(t, ix, c, l);
	}
	return k;
}

/*
 * If line l has exactly one protecting cell, suppress the smallest
 * non-zero shown cell that is not fixed (the first of equals), preferring
 * one that no other line gives away.  Returns whether a cell was
 * suppressed.
 */
static bool
protect_line(struct suppress *t, const struct index *ix, int l)
{
	int pick = -1, fallback = -1;

	if (protecting(t, ix, l, -1) != 1)
		return false;
	for (int i = LINE_LO(t, l); i < LINE_HI(t, l); i++) {
		int c = t->members[i];

		if ((t->flags[c] & (CELL_SUP | CELL_FIXED)) || t->n[c] <= 0)
			continue;
		if (fallback < 0 || t->n[c] < t->n[fallback])
			fallback = c;
		if ((pick < 0 || t->n[c] < t->n[pick]) && !determined(t, ix, c, l))
			pick = c;
	}
	if (pick < 0)
		pick = fallback;
	if (pick < 0)
		return false;	/* only fixed cells could protect it: see suppress.h */
	t->flags[pick] |= CELL_SUP | CELL_COMP;
	return true;
}

/* Whether every line through cell would still be safe without it. */
static bool
removable(const struct suppress *t, const struct index *ix, int cell)
{
	for (int i = cell > 0 ? ix->cell_end[cell - 1] : 0; i < ix->cell_end[cell]; i++)
		if (protecting(t, ix, ix->line_of[i], cell) == 1)
			return false;
	return true;
}

static const struct suppress *sort_table;

/* Larger first; of equals, the later first (the earlier was chosen first). */
static int
cmp_larger(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	double nx = sort_table->n[x], ny = sort_table->n[y];

	return nx != ny ? (nx > ny ? -1 : 1) : (x > y ? -1 : 1);
}

/*
 * Lines are taken in a fixed order, so a complementary cell chosen early
 * may turn out not to be needed once later lines chose theirs.  Give back
 * each one, largest first, whose lines all stay safe without it.
 */
static void
give_back(struct suppress *t, const struct index *ix)
{
	int *comp = xcalloc((size_t)t->ncells + 1, sizeof *comp), ncomp = 0;

	for (int c = 0; c < t->ncells; c++)
		if (t->flags[c] & CELL_COMP)
			comp[ncomp++] = c;
	sort_table = t;
	qsort(comp, (size_t)ncomp, sizeof *comp, cmp_larger);
	for (int i = 0; i < ncomp; i++)
		if (removable(t, ix, comp[i]))
			t->flags[comp[i]] &= (unsigned char)~(CELL_SUP | CELL_COMP);
	free(comp);
}

/* Protect every line until none has exactly one protecting cell. */
static void
protect_all(struct suppress *t, const struct index *ix)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (int l = 0; l < t->nlines; l++)
			changed |= protect_line(t, ix, l);
	}
}

int
suppress_run(struct suppress *t, double min_n)
{
	struct index ix;
	bool changed;
	int count = 0;

	for (int c = 0; c < t->ncells; c++)
		if ((t->flags[c] & CELL_FIXED) == 0 &&
		    ((t->flags[c] & CELL_FORCED) || t->n[c] < min_n))
			t->flags[c] |= CELL_SUP;
	index_build(t, &ix);
	do {
		protect_all(t, &ix);
		give_back(t, &ix);
		/* A cell suppressed only because its margin or its respondents
		 * are, that another line gives away all the same, hides
		 * nothing: show it (an item only one event asks, by event). */
		changed = false;
		for (int c = 0; c < t->ncells; c++)
			if ((t->flags[c] & (CELL_FORCED | CELL_FIXED)) == CELL_FORCED &&
			    t->n[c] >= min_n && determined(t, &ix, c, -1)) {
				t->flags[c] &= (unsigned char)~(CELL_SUP | CELL_FORCED);
				changed = true;
			}
	} while (changed);
	/* Giving back may have left a cell given away by a line that it
	 * was not on: protecting again only adds, so this settles it. */
	protect_all(t, &ix);
	index_free(&ix);
	for (int c = 0; c < t->ncells; c++)
		count += (t->flags[c] & (CELL_SUP | CELL_FIXED)) == CELL_SUP;
	return count;
}

bool
suppress_is(const struct suppress *t, int cell)
{
	return (t->flags[cell] & CELL_SUP) != 0;
}
