/*
 * Disclosure control (disclosure.h): the cube of a selection's counts,
 * read once from the report aggregates, and its suppression decided table
 * by table from the margins up.
 *
 * A cell of the cube has one coordinate per dimension: a code, or TOTAL
 * (the dimension's index ncodes).  The cells whose coordinates are all
 * TOTAL except those in a set A form the table of A (its "layer"); the
 * tables of A minus one dimension are its margins.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "about.h"
#include "cli.h"
#include "disclosure.h"
#include "log.h"
#include "suppress.h"
#include "xalloc.h"

#define MAXDIMS 4
/* About 100 MB for the counts of a few measures: far beyond any real
 * selection (8 roles x 500 events x 52 weeks x 12 groups is 2.5 M). */
#define MAXCELLS 20000000L

enum dkind { DK_ROLE, DK_EVENT, DK_PERIOD, DK_BY };

struct ddim {
	enum dkind kind;
	char **codes;		/* TOTAL is ncodes */
	int ncodes;
	int nbase;		/* codes that partition (events); the rest are
				 * sums of them (partners) */
	int *event_id;		/* event: the id of each base code */
	int *parent;		/* event: each base code's partner code */
	int **lines;		/* each a list of codes, TOTAL last if in it */
	int *linelen;
	int nlines;
	int *first;		/* per code: the first line that starts with it */
	int *next;		/* per line: the next line that starts alike */
	long size, stride;	/* ncodes + 1; the cell index step */
};

struct disclosure {
	double min_n;
	struct ddim dims[MAXDIMS];
	int ndims;
	int gdim;		/* the dimension the groups are codes of, or -1 */
	bool partner;		/* the groups are the event dimension's partners */
	long ncells;
	unsigned char *layer;	/* per cell: the dimensions not TOTAL */
	int nmeas;
	double **n;		/* [measure][cell] */
	bool **sup;
	int *sel[MAXDIMS];	/* the codes the selection takes; NULL: TOTAL */
	int nsel[MAXDIMS];
	int *groups;		/* codes of gdim, in display order */
	int ngroups;
};

static int
code_index(const struct ddim *dd, const char *code)
{
	for (int i = 0; i < dd->ncodes; i++)
		if (strcmp(dd->codes[i], code) == 0)
			return i;
	return -1;
}

static int
add_code(struct ddim *dd, const char *code)
{
	int i = code_index(dd, code);

	if (i >= 0)
		return i;
	dd->codes = xrealloc(dd->codes, (size_t)(dd->ncodes + 1) * sizeof *dd->codes);
	dd->codes[dd->ncodes] = xstrdup(code);
	return dd->ncodes++;
}

static void
add_line(struct ddim *dd, const int *codes, int k)
{
	dd->lines = xrealloc(dd->lines, (size_t)(dd->nlines + 1) * sizeof *dd->lines);
	dd->linelen = xrealloc(dd->linelen, (size_t)(dd->nlines + 1) * sizeof *dd->linelen);
	dd->lines[dd->nlines] = xmalloc((size_t)(k + 1) * sizeof **dd->lines);
	memcpy(dd->lines[dd->nlines], codes, (size_t)k * sizeof *codes);
	dd->linelen[dd->nlines++] = k;
}

/* One line: codes [lo, hi) and TOTAL. */
static void
add_range_line(struct ddim *dd, int lo, int hi)
{
	int *l = xmalloc((size_t)(hi - lo + 2) * sizeof *l), k = 0;

	for (int i = lo; i < hi; i++)
		l[k++] = i;
	l[k++] = dd->ncodes;
	add_line(dd, l, k);
	free(l);
}

/* Every code of an about-you question, in the questionnaire's order, then
 * two or more (a list), prefer not to say and not answered. */
static void
about_codes(struct ddim *dd, enum about_field f)
{
	const struct about_question *q = &about_questions[f];

	for (int k = 0; k < q->ncodes; k++)
		add_code(dd, q->codes[k].code);
	if (q->multi)
		add_code(dd, "two_or_more");
	add_code(dd, ABOUT_PREFER_NOT);
	add_code(dd, "not_answered");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The periods of the rows, as codes, oldest first. */
static void
period_codes(struct ddim *dd, const struct rq_cells *cs)
{
	const char **v = xcalloc((size_t)cs->n + 1, sizeof *v);
	int n = 0;

	for (int i = 0; i < cs->n; i++)
		v[n++] = cs->v[i].period;
	qsort(v, (size_t)n, sizeof *v, cmp_str);
	for (int i = 0; i < n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			add_code(dd, v[i]);
	free(v);
}

/*
 * The events of the rows and of --event, by slug, then their partners
 * (events without one under "none"), with the lines of the hierarchy:
 * every event, every partner, and each partner's events.
 */
static void
event_codes(struct ddim *dd, PGconn *conn, const struct rq_cells *cs,
    const char *selected)
{
	size_t len = 16;
	char *ids;
	const char *params[2];
	PGresult *res;
	int npartners;

	for (int i = 0; i < cs->n; i++)
		len += 12;
	ids = xmalloc(len);
	strcpy(ids, "{");
	for (int i = 0; i < cs->n; i++)
		sprintf(ids + strlen(ids), "%s%d", i > 0 ? "," : "", cs->v[i].event_id);
	strcat(ids, "}");
	params[0] = ids;
	params[1] = selected;
	res = cli_exec(conn, "select id, slug, coalesce(nullif(partner, ''), 'none')"
	    " from event where id = any ($1::int[])"
	    " or ($2::int[] is not null and id = any ($2::int[])) order by slug",
	    2, params, PGRES_TUPLES_OK);
	free(ids);
	dd->nbase = PQntuples(res);
	dd->event_id = xcalloc((size_t)dd->nbase + 1, sizeof *dd->event_id);
	dd->parent = xcalloc((size_t)dd->nbase + 1, sizeof *dd->parent);
	for (int i = 0; i < dd->nbase; i++) {
		add_code(dd, PQgetvalue(res, i, 1));
		dd->event_id[i] = atoi(PQgetvalue(res, i, 0));
	}
	/* Partners after the events, each once (a partner may be called
	 * like an event: codes are looked up by index, never by name). */
	{
		const char **p = xcalloc((size_t)dd->nbase + 1, sizeof *p);
		int np = 0;

		for (int i = 0; i < dd->nbase; i++)
			p[np++] = PQgetvalue(res, i, 2);
		qsort(p, (size_t)np, sizeof *p, cmp_str);
		dd->codes = xrealloc(dd->codes, (size_t)(dd->nbase + np + 1) *
		    sizeof *dd->codes);
		for (int i = 0; i < np; i++)
			if (i == 0 || strcmp(p[i], p[i - 1]) != 0)
				dd->codes[dd->ncodes++] = xstrdup(p[i]);
		free(p);
	}
	for (int i = 0; i < dd->nbase; i++)
		for (int k = dd->nbase; k < dd->ncodes; k++)
			if (strcmp(dd->codes[k], PQgetvalue(res, i, 2)) == 0)
				dd->parent[i] = k;
	PQclear(res);
	npartners = dd->ncodes - dd->nbase;
	add_range_line(dd, 0, dd->nbase);
	add_range_line(dd, dd->nbase, dd->ncodes);
	for (int k = dd->nbase; k < dd->nbase + npartners; k++) {
		int *l = xmalloc((size_t)(dd->nbase + 1) * sizeof *l), m = 0;

		for (int i = 0; i < dd->nbase; i++)
			if (dd->parent[i] == k)
				l[m++] = i;
		l[m++] = k;
		add_line(dd, l, m);
		free(l);
	}
}

static int
event_index(const struct ddim *dd, int id)
{
	for (int i = 0; i < dd->nbase; i++)
		if (dd->event_id[i] == id)
			return i;
	return -1;
}

static int
coord(const struct disclosure *dc, long cell, int d)
{
	return (int)(cell / dc->dims[d].stride % dc->dims[d].size);
}

/* cell with dimension d's coordinate set to code. */
static long
with(const struct disclosure *dc, long cell, int d, int code)
{
	return cell + ((long)code - coord(dc, cell, d)) * dc->dims[d].stride;
}

/* The cell of a row: its coordinates from its keys; -1 if unknown. */
static long
row_cell(const struct disclosure *dc, const char *period, const char *grp,
    const char *role, int event_id, bool total)
{
	long cell = 0;

	for (int d = 0; d < dc->ndims; d++) {
		const struct ddim *dd = &dc->dims[d];
		int k;

		switch (dd->kind) {
		case DK_ROLE: k = code_index(dd, role); break;
		case DK_EVENT: k = event_index(dd, event_id); break;
		case DK_PERIOD: k = code_index(dd, period); break;
		default: k = total ? dd->ncodes : code_index(dd, grp); break;
		}
		if (k < 0)
			return -1;
		cell += k * dd->stride;
	}
	return cell;
}

static void
fill(struct disclosure *dc, const struct rq_cells *cs, bool total)
{
	for (int i = 0; i < cs->n; i++) {
		const struct rq_cell *c = &cs->v[i];
		long cell = row_cell(dc, c->period, c->grp, c->role, c->event_id, total);

		if (cell < 0)
			continue;
		dc->n[DISCLOSURE_RESPONDENTS][cell] += c->n;
		dc->n[DISCLOSURE_BELONGING][cell] += c->idx_n;
	}
}

static void
ifill(struct disclosure *dc, const struct rq_icells *ic, const struct rq_items *items,
    bool total)
{
	for (int i = 0; i < ic->n; i++) {
		const struct rq_icell *c = &ic->v[i];
		long cell = row_cell(dc, c->period, c->grp, c->role, c->event_id, total);

		for (int k = 0; cell >= 0 && k < items->n; k++)
			if (strcmp(items->v[k]->id, c->item) == 0)
				dc->n[DISCLOSURE_ITEM(k)][cell] += c->n;
	}
}

/*
 * The margins: sums over the codes that partition.  Partners first (from
 * their events, where every other coordinate is a code); then for each
 * dimension in turn, its TOTAL from the cells whose later dimensions are
 * codes, so every sum reads cells already complete.  The dimension of
 * --by is not summed: its TOTAL came from the database, since race
 * groups overlap.
 */
static void
margins(struct disclosure *dc, double *n)
{
	for (int d = 0; d < dc->ndims; d++) {
		const struct ddim *dd = &dc->dims[d];

		if (dd->kind != DK_EVENT)
			continue;
		for (long c = 0; c < dc->ncells; c++) {
			int k = coord(dc, c, d);
			bool base = k < dd->nbase;

			for (int e = 0; e < dc->ndims && base; e++)
				base = e == d || dc->dims[e].kind == DK_BY ||
				    coord(dc, c, e) < dc->dims[e].ncodes;
			if (base)
				n[with(dc, c, d, dd->parent[k])] += n[c];
		}
	}
	for (int d = 0; d < dc->ndims; d++) {
		const struct ddim *dd = &dc->dims[d];

		if (dd->kind == DK_BY)
			continue;
		for (long c = 0; c < dc->ncells; c++) {
			bool target = coord(dc, c, d) == dd->ncodes;
			double s = 0;

			for (int e = d + 1; e < dc->ndims && target; e++)
				target = dc->dims[e].kind == DK_BY ||
				    coord(dc, c, e) < dc->dims[e].ncodes;
			if (!target)
				continue;
			for (int k = 0; k < dd->nbase; k++)
				s += n[with(dc, c, d, k)];
			n[c] = s;
		}
	}
}

/* Decide measure m's cells of layer mask; the layers below are decided. */
static void
decide_layer(struct disclosure *dc, int m, unsigned mask, long *idx)
{
	struct suppress *t = suppress_new();
	double *n = dc->n[m];
	bool *sup = dc->sup[m];

	for (long c = 0; c < dc->ncells; c++) {
		if (dc->layer[c] != mask)
			continue;
		idx[c] = suppress_cell(t, n[c]);
		if (m != DISCLOSURE_RESPONDENTS && dc->sup[DISCLOSURE_RESPONDENTS][c])
			suppress_force(t, (int)idx[c]);
		for (int d = 0; d < dc->ndims; d++)
			if ((mask & (1u << d)) && sup[with(dc, c, d, dc->dims[d].ncodes)])
				suppress_force(t, (int)idx[c]);
	}
	for (long c = 0; c < dc->ncells; c++) {
		if (dc->layer[c] != mask)
			continue;
		for (int d = 0; d < dc->ndims; d++) {
			const struct ddim *dd = &dc->dims[d];

			if ((mask & (1u << d)) == 0)
				continue;
			for (int l = dd->first[coord(dc, c, d)]; l >= 0; l = dd->next[l]) {
				int *cells = xmalloc((size_t)dd->linelen[l] * sizeof *cells);

				for (int j = 0; j < dd->linelen[l]; j++) {
					long x = with(dc, c, d, dd->lines[l][j]);

					cells[j] = dd->lines[l][j] == dd->ncodes ?
					    suppress_fixed(t, n[x], sup[x]) : (int)idx[x];
				}
				suppress_line(t, cells, dd->linelen[l]);
				free(cells);
			}
		}
	}
	suppress_run(t, dc->min_n);
	for (long c = 0; c < dc->ncells; c++)
		if (dc->layer[c] == mask)
			sup[c] = suppress_is(t, (int)idx[c]);
	suppress_free(t);
}

static int
popcount(unsigned x)
{
	int k = 0;

	for (; x != 0; x &= x - 1)
		k++;
	return k;
}

static void
decide(struct disclosure *dc)
{
	long *idx = xcalloc((size_t)dc->ncells, sizeof *idx);

	for (long c = 0; c < dc->ncells; c++)
		for (int d = 0; d < dc->ndims; d++)
			if (coord(dc, c, d) < dc->dims[d].ncodes)
				dc->layer[c] |= (unsigned char)(1u << d);
	for (int m = 0; m < dc->nmeas; m++)
		for (int size = 0; size <= dc->ndims; size++)
			for (unsigned mask = 0; mask < (1u << dc->ndims); mask++)
				if (popcount(mask) == size)
					decide_layer(dc, m, mask, idx);
	free(idx);
}

/* The codes the selection takes in each dimension its filters narrow
 * (sel[d]); NULL for the others: their TOTAL. */
static void
selection(struct disclosure *dc, const struct ropts *o)
{
	for (int d = 0; d < dc->ndims; d++) {
		struct ddim *dd = &dc->dims[d];

		if (dd->kind == DK_ROLE && o->role != NULL) {
			dc->sel[d] = xcalloc(1, sizeof **dc->sel);
			dc->sel[d][dc->nsel[d]++] = code_index(dd, o->role);
		} else if (dd->kind == DK_EVENT && o->event_ids != NULL) {
			const char *p = o->event_ids + 1;

			dc->sel[d] = xcalloc((size_t)o->nevents + 1, sizeof **dc->sel);
			while (*p != '\0' && *p != '}') {
				int k = event_index(dd, atoi(p));
				bool dup = false;

				for (int i = 0; i < dc->nsel[d]; i++)
					dup |= dc->sel[d][i] == k;
				if (k >= 0 && !dup)
					dc->sel[d][dc->nsel[d]++] = k;
				p += strcspn(p, ",}");
				p += *p == ',';
			}
		}
	}
}

/* For qsort's comparison: the dimension and its codes being sorted. */
static const struct rdim *group_sort_dim;
static const struct ddim *sort_ddim;

static int
cmp_group(const void *a, const void *b)
{
	const char *ga = sort_ddim->codes[*(const int *)a];
	const char *gb = sort_ddim->codes[*(const int *)b];
	int ra = ropts_group_rank(group_sort_dim, ga), rb = ropts_group_rank(group_sort_dim, gb);

	return ra != rb ? (ra < rb ? -1 : 1) : strcmp(ga, gb);
}

/* The groups to list: codes of gdim, those of the selection only when it
 * filters that dimension, sorted as reports show them. */
static void
groups(struct disclosure *dc, const struct rdim *d)
{
	const struct ddim *dd;
	int lo = 0, hi;

	if (dc->gdim < 0)
		return;
	dd = &dc->dims[dc->gdim];
	hi = dd->ncodes;
	if (dd->kind == DK_EVENT) {
		lo = dc->partner ? dd->nbase : 0;
		hi = dc->partner ? dd->ncodes : dd->nbase;
	}
	dc->groups = xcalloc((size_t)(hi - lo) + 1, sizeof *dc->groups);
	for (int k = lo; k < hi; k++) {
		bool in = dd->kind != DK_EVENT || dc->sel[dc->gdim] == NULL;

		for (int i = 0; !in && i < dc->nsel[dc->gdim]; i++) {
			int e = dc->sel[dc->gdim][i];

			in = e == k || (dc->partner && dd->parent[e] == k);
		}
		if (in)
			dc->groups[dc->ngroups++] = k;
	}
	group_sort_dim = d;
	sort_ddim = dd;
	qsort(dc->groups, (size_t)dc->ngroups, sizeof *dc->groups, cmp_group);
}

static struct ddim *
new_dim(struct disclosure *dc, enum dkind kind)
{
	struct ddim *dd = &dc->dims[dc->ndims++];

	dd->kind = kind;
	return dd;
}

struct disclosure *
disclosure_new(struct rq *q, const struct rdim *d, const char *interval,
    const struct rq_items *items, const char *arr)
{
	const struct ropts *o = q->o;
	struct disclosure *dc = xcalloc(1, sizeof *dc);
	struct rq_cells tc = { 0 }, gc = { 0 };
	struct rq_icells tic = { 0 }, gic = { 0 };
	bool role = o->role != NULL || (d != NULL && strcmp(d->name, "role") == 0);
	bool event = o->nevents > 0 || (d != NULL && d->about < 0);
	const struct rdim *byd = d != NULL && d->about >= 0 && !(d->about == ABOUT_ROLE) ?
	    d : NULL;
	unsigned keys = (role ? RQ_KEY_ROLE : 0) | (event ? RQ_KEY_EVENT : 0);

	dc->min_n = (double)o->min_n;
	dc->gdim = -1;
	rq_cells(q, &ropts_total, interval, keys, &tc);
	if (byd != NULL)
		rq_cells(q, byd, interval, keys, &gc);
	if (items != NULL && items->n > 0) {
		rq_icells(q, &ropts_total, interval, arr, keys, &tic);
		if (byd != NULL)
			rq_icells(q, byd, interval, arr, keys, &gic);
	}

	if (role) {
		struct ddim *dd = new_dim(dc, DK_ROLE);

		about_codes(dd, ABOUT_ROLE);
		for (int i = 0; i < tc.n; i++)
			add_code(dd, tc.v[i].role);
		dd->nbase = dd->ncodes;
		add_range_line(dd, 0, dd->ncodes);
		if (d != NULL && d->about == ABOUT_ROLE)
			dc->gdim = dc->ndims - 1;
	}
	if (event) {
		struct ddim *dd = new_dim(dc, DK_EVENT);

		event_codes(dd, q->conn, &tc, o->event_ids);
		if (d != NULL && d->about < 0) {
			dc->gdim = dc->ndims - 1;
			dc->partner = strcmp(d->name, "partner") == 0;
		}
	}
	if (interval != NULL) {
		struct ddim *dd = new_dim(dc, DK_PERIOD);

		period_codes(dd, &tc);
		dd->nbase = dd->ncodes;
		add_range_line(dd, 0, dd->ncodes);
	}
	if (byd != NULL) {
		struct ddim *dd = new_dim(dc, DK_BY);

		about_codes(dd, (enum about_field)byd->about);
		for (int i = 0; i < gc.n; i++)
			add_code(dd, gc.v[i].grp);
		dd->nbase = dd->ncodes;
		add_range_line(dd, 0, dd->ncodes);
		dc->gdim = dc->ndims - 1;
	}

	for (int i = 0; i < dc->ndims; i++) {
		struct ddim *dd = &dc->dims[i];

		dd->first = xmalloc((size_t)(dd->ncodes + 1) * sizeof *dd->first);
		dd->next = xmalloc((size_t)(dd->nlines + 1) * sizeof *dd->next);
		for (int k = 0; k <= dd->ncodes; k++)
			dd->first[k] = -1;
		for (int l = dd->nlines - 1; l >= 0; l--) {
			dd->next[l] = dd->first[dd->lines[l][0]];
			dd->first[dd->lines[l][0]] = l;
		}
	}
	dc->ncells = 1;
	for (int i = dc->ndims - 1; i >= 0; i--) {
		dc->dims[i].size = dc->dims[i].ncodes + 1;
		dc->dims[i].stride = dc->ncells;
		dc->ncells *= dc->dims[i].size;
		if (dc->ncells > MAXCELLS)
			fatal("%s: too many cells to check for disclosure; narrow the "
			    "selection (fewer filters, a longer --interval)", o->cmd);
	}
	dc->layer = xcalloc((size_t)dc->ncells, 1);
	dc->nmeas = 2 + (items != NULL ? items->n : 0);
	dc->n = xcalloc((size_t)dc->nmeas, sizeof *dc->n);
	dc->sup = xcalloc((size_t)dc->nmeas, sizeof *dc->sup);
	for (int m = 0; m < dc->nmeas; m++) {
		dc->n[m] = xcalloc((size_t)dc->ncells, sizeof **dc->n);
		dc->sup[m] = xcalloc((size_t)dc->ncells, sizeof **dc->sup);
	}
	fill(dc, &tc, true);
	if (byd != NULL)
		fill(dc, &gc, false);
	if (items != NULL) {
		ifill(dc, &tic, items, true);
		if (byd != NULL)
			ifill(dc, &gic, items, false);
	}
	for (int m = 0; m < dc->nmeas; m++)
		margins(dc, dc->n[m]);
	decide(dc);
	selection(dc, o);
	groups(dc, d);
	rq_cells_free(&tc);
	rq_cells_free(&gc);
	rq_icells_free(&tic);
	rq_icells_free(&gic);
	return dc;
}

void
disclosure_free(struct disclosure *dc)
{
	if (dc == NULL)
		return;
	for (int d = 0; d < dc->ndims; d++) {
		struct ddim *dd = &dc->dims[d];

		for (int i = 0; i < dd->ncodes; i++)
			free(dd->codes[i]);
		for (int l = 0; l < dd->nlines; l++)
			free(dd->lines[l]);
		free(dd->codes);
		free(dd->lines);
		free(dd->linelen);
		free(dd->event_id);
		free(dd->parent);
		free(dd->first);
		free(dd->next);
		free(dc->sel[d]);
	}
	for (int m = 0; m < dc->nmeas; m++) {
		free(dc->n[m]);
		free(dc->sup[m]);
	}
	free(dc->n);
	free(dc->sup);
	free(dc->layer);
	free(dc->groups);
	free(dc);
}

int
disclosure_ngroups(const struct disclosure *dc)
{
	return dc->ngroups;
}

const char *
disclosure_group(const struct disclosure *dc, int g)
{
	return dc->dims[dc->gdim].codes[dc->groups[g]];
}

static int
period_dim(const struct disclosure *dc)
{
	for (int d = 0; d < dc->ndims; d++)
		if (dc->dims[d].kind == DK_PERIOD)
			return d;
	return -1;
}

int
disclosure_nperiods(const struct disclosure *dc)
{
	int d = period_dim(dc);

	return d < 0 ? 0 : dc->dims[d].ncodes;
}

const char *
disclosure_period(const struct disclosure *dc, int p)
{
	return dc->dims[period_dim(dc)].codes[p];
}

/* What a figure sums: its cells' counts, and which of them are hidden. */
struct parts {
	double n;
	int count;
	bool any_sup;		/* a suppressed cell */
	bool nonzero_sup;	/* a suppressed cell that is not empty */
};

/* Add the cells of the product of the code lists, from dimension d on. */
static void
sum_product(const struct disclosure *dc, int m, int d, long cell,
    int *const *list, const int *nlist, struct parts *out)
{
	if (d == dc->ndims) {
		out->n += dc->n[m][cell];
		out->any_sup |= dc->sup[m][cell];
		out->nonzero_sup |= dc->sup[m][cell] && dc->n[m][cell] > 0;
		out->count++;
		return;
	}
	for (int i = 0; i < nlist[d]; i++)
		sum_product(dc, m, d + 1, cell + list[d][i] * dc->dims[d].stride,
		    list, nlist, out);
}

struct disclosure_cell
disclosure_get(const struct disclosure *dc, int g, int p, int m)
{
	struct parts parts = { 0, 0, false, false };
	struct disclosure_cell out;
	int *list[MAXDIMS], nlist[MAXDIMS];

	for (int d = 0; d < dc->ndims; d++) {
		const struct ddim *dd = &dc->dims[d];
		int *sel = dc->sel[d], nsel = dc->nsel[d];

		list[d] = xcalloc((size_t)dd->ncodes + 1, sizeof **list);
		nlist[d] = 0;
		if (d == dc->gdim && g >= 0) {
			int k = dc->groups[g];

			if (sel == NULL)
				list[d][nlist[d]++] = k;
			for (int i = 0; sel != NULL && i < nsel; i++)
				if (sel[i] == k || (dc->partner && dd->parent[sel[i]] == k))
					list[d][nlist[d]++] = sel[i];
		} else if (dd->kind == DK_PERIOD && p >= 0)
			list[d][nlist[d]++] = p;
		else if (sel != NULL) {
			memcpy(list[d], sel, (size_t)nsel * sizeof *sel);
			nlist[d] = nsel;
		} else
			list[d][nlist[d]++] = dd->ncodes;
	}
	sum_product(dc, m, 0, 0, list, nlist, &parts);
	/* One cell is as decided.  A sum of several (--event twice) is
	 * hidden with any part that is (an empty part gives nothing away),
	 * and is a cell of its own under min_n; a sum of none is a cell of 0. */
	out.n = parts.n;
	out.sup = parts.count == 1 ? parts.any_sup :
	    parts.nonzero_sup || parts.n < dc->min_n;
	for (int d = 0; d < dc->ndims; d++)
		free(list[d]);
	return out;
}

bool
disclosure_selection_suppressed(const struct disclosure *dc)
{
	return disclosure_get(dc, -1, -1, DISCLOSURE_RESPONDENTS).sup;
}
