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

/* Role, event, period and the two of --by A,B. */
#define MAXDIMS 5
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
	char **title;		/* event: the title of each base code */
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
	/* The dimensions the groups are codes of: one, two for a pair
	 * (--by A,B, A first), or none (gdim[0] -1); part, --by's rdims. */
	int gdim[2];
	int ngdims;
	const struct rdim *part[2];
	bool partner;		/* the groups are the event dimension's partners */
	long ncells;
	unsigned char *layer;	/* per cell: the dimensions not TOTAL */
	int nmeas;
	double **n;		/* [measure][cell] */
	bool **sup;
	int *sel[MAXDIMS];	/* the codes the selection takes; NULL: TOTAL */
	int nsel[MAXDIMS];
	int *groups[2];		/* per group, its code of each gdim, in
				 * display order */
	char **names;		/* per group: the code, or "codeA+codeB" */
	char **labels;		/* per group: in words */
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
	res = cli_exec(conn, "select id, slug, coalesce(nullif(partner, ''), 'none'),"
	    " title from event where id = any ($1::int[])"
	    " or ($2::int[] is not null and id = any ($2::int[])) order by slug",
	    2, params, PGRES_TUPLES_OK);
	free(ids);
	dd->nbase = PQntuples(res);
	dd->event_id = xcalloc((size_t)dd->nbase + 1, sizeof *dd->event_id);
	dd->parent = xcalloc((size_t)dd->nbase + 1, sizeof *dd->parent);
	dd->title = xcalloc((size_t)dd->nbase + 1, sizeof *dd->title);
	for (int i = 0; i < dd->nbase; i++) {
		add_code(dd, PQgetvalue(res, i, 1));
		dd->event_id[i] = atoi(PQgetvalue(res, i, 0));
		dd->title[i] = xstrdup(PQgetvalue(res, i, 3));
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

/*
 * Which --by dimensions of the cube (DK_BY, in order) a row of
 * aggregates has a code of: none (BY_TOTAL: everyone), the first or the
 * second (its rdim's rows), or both (the pair's rows, "codeA+codeB").
 */
enum { BY_TOTAL = -1, BY_PAIR = 2 };

/* The cell of a row: its coordinates from its keys; -1 if unknown. */
static long
row_cell(const struct disclosure *dc, const char *period, const char *grp,
    const char *role, int event_id, int which)
{
	const char *by[2] = { NULL, NULL };
	char *pair = NULL;
	long cell = 0;
	int b = 0;

	if (which == BY_PAIR) {
		/* About-you codes never hold the separator: the first
		 * splits. */
		char *sep;

		pair = xstrdup(grp);
		if ((sep = strstr(pair, ROPTS_PAIR_SEP)) == NULL) {
			free(pair);
			return -1;
		}
		*sep = '\0';
		by[0] = pair;
		by[1] = sep + strlen(ROPTS_PAIR_SEP);
	} else if (which >= 0)
		by[which] = grp;
	for (int d = 0; d < dc->ndims; d++) {
		const struct ddim *dd = &dc->dims[d];
		int k;

		switch (dd->kind) {
		case DK_ROLE: k = code_index(dd, role); break;
		case DK_EVENT: k = event_index(dd, event_id); break;
		case DK_PERIOD: k = code_index(dd, period); break;
		default:
			k = by[b] == NULL ? dd->ncodes : code_index(dd, by[b]);
			b++;
			break;
		}
		if (k < 0) {
			cell = -1;
			break;
		}
		cell += k * dd->stride;
	}
	free(pair);
	return cell;
}

static void
fill(struct disclosure *dc, const struct rq_cells *cs, int which)
{
	for (int i = 0; i < cs->n; i++) {
		const struct rq_cell *c = &cs->v[i];
		long cell = row_cell(dc, c->period, c->grp, c->role, c->event_id, which);

		if (cell < 0)
			continue;
		dc->n[DISCLOSURE_RESPONDENTS][cell] += c->n;
		dc->n[DISCLOSURE_BELONGING][cell] += c->idx_n;
	}
}

static void
ifill(struct disclosure *dc, const struct rq_icells *ic, const struct rq_items *items,
    int which)
{
	for (int i = 0; i < ic->n; i++) {
		const struct rq_icell *c = &ic->v[i];
		long cell = row_cell(dc, c->period, c->grp, c->role, c->event_id, which);

		for (int k = 0; cell >= 0 && k < items->n; k++)
			if (strcmp(items->v[k]->id, c->item) == 0)
				dc->n[DISCLOSURE_ITEM(k)][cell] += c->n;
	}
}

/* first_time's answers: yes into measure m, the others into m + 1. */
static void
ffill(struct disclosure *dc, const struct rq_icells *fc, int m, int which)
{
	for (int i = 0; i < fc->n; i++) {
		const struct rq_icell *c = &fc->v[i];
		long cell = row_cell(dc, c->period, c->grp, c->role, c->event_id, which);

		if (cell < 0)
			continue;
		dc->n[m][cell] += c->yes;
		dc->n[m + 1][cell] += c->n - c->yes;
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
		} else if (dd->kind == DK_EVENT && o->nevents > 0) {
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

/* The codes of group dimension gi to list: those of the selection only
 * when it filters that dimension, sorted as reports show them.  Returns
 * how many; the caller frees *out. */
static int
group_codes(const struct disclosure *dc, int gi, int **out)
{
	int gd = dc->gdim[gi], lo = 0, hi, n = 0;
	const struct ddim *dd = &dc->dims[gd];
	int *v;

	hi = dd->ncodes;
	if (dd->kind == DK_EVENT) {
		lo = dc->partner ? dd->nbase : 0;
		hi = dc->partner ? dd->ncodes : dd->nbase;
	}
	v = xcalloc((size_t)(hi - lo) + 1, sizeof *v);
	for (int k = lo; k < hi; k++) {
		bool in = dd->kind != DK_EVENT || dc->sel[gd] == NULL;

		for (int i = 0; !in && i < dc->nsel[gd]; i++) {
			int e = dc->sel[gd][i];

			in = e == k || (dc->partner && dd->parent[e] == k);
		}
		if (in)
			v[n++] = k;
	}
	group_sort_dim = dc->part[gi];
	sort_ddim = dd;
	qsort(v, (size_t)n, sizeof *v, cmp_group);
	*out = v;
	return n;
}

/* Code k of group dimension gi in words: an event's title, else the
 * label of the code (a partner's name is its code).  Caller frees. */
static char *
code_label(const struct disclosure *dc, int gi, int k)
{
	const struct ddim *dd = &dc->dims[dc->gdim[gi]];
	const char *l;

	if (dd->kind == DK_EVENT && !dc->partner && k < dd->nbase)
		return xstrdup(dd->title[k]);
	l = ropts_group_label(dc->part[gi], dd->codes[k]);
	return xstrdup(l != NULL ? l : dd->codes[k]);
}

/*
 * The groups to list: the codes of the group dimension, or every pair of
 * codes of the two (A's order first, then B's), with their names and
 * labels.
 */
static void
groups(struct disclosure *dc)
{
	int *codes[2] = { NULL, NULL }, ncodes[2] = { 1, 1 }, n;

	if (dc->ngdims == 0)
		return;
	for (int i = 0; i < dc->ngdims; i++)
		ncodes[i] = group_codes(dc, i, &codes[i]);
	n = ncodes[0] * ncodes[1];
	for (int i = 0; i < 2; i++)
		dc->groups[i] = xcalloc((size_t)n + 1, sizeof **dc->groups);
	dc->names = xcalloc((size_t)n + 1, sizeof *dc->names);
	dc->labels = xcalloc((size_t)n + 1, sizeof *dc->labels);
	for (int a = 0; a < ncodes[0]; a++)
		for (int b = 0; b < ncodes[1]; b++) {
			int g = dc->ngroups++;
			const struct ddim *da = &dc->dims[dc->gdim[0]];
			char *la = code_label(dc, 0, codes[0][a]);

			dc->groups[0][g] = codes[0][a];
			if (dc->ngdims == 1) {
				dc->names[g] = xstrdup(da->codes[codes[0][a]]);
				dc->labels[g] = la;
				continue;
			}
			{
				const struct ddim *db = &dc->dims[dc->gdim[1]];
				char *lb = code_label(dc, 1, codes[1][b]);

				dc->groups[1][g] = codes[1][b];
				dc->names[g] = xasprintf("%s" ROPTS_PAIR_SEP
				    "%s", da->codes[codes[0][a]],
				    db->codes[codes[1][b]]);
				dc->labels[g] = xasprintf("%s \xc3\x97 %s", la, lb);
				free(la);
				free(lb);
			}
		}
	free(codes[0]);
	free(codes[1]);
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
	/* gc, gic: the rows of byd[0], byd[1], and of the pair of both. */
	struct rq_cells tc = { 0 }, gc[3] = { { 0 }, { 0 }, { 0 } };
	struct rq_icells tic = { 0 }, gic[3] = { { 0 }, { 0 }, { 0 } };
	struct rq_icells tfc = { 0 }, gfc[3] = { { 0 }, { 0 }, { 0 } };
	const struct rdim *byd[2] = { NULL, NULL };
	int nitems = items != NULL ? items->n : 0;
	bool role = o->role != NULL, event = o->nevents > 0;
	int nbyd = 0;
	unsigned keys;

	dc->min_n = (double)o->min_n;
	dc->gdim[0] = dc->gdim[1] = -1;
	/* A pair's dimensions are the cube's: role and event (and partner)
	 * as for --role and --event, about-you questions as DK_BY, so its
	 * one-way tables are decided as --by A and --by B decide them. */
	if (d != NULL && d->part[0] != NULL) {
		dc->part[0] = d->part[0];
		dc->part[1] = d->part[1];
		dc->ngdims = 2;
	} else if (d != NULL) {
		dc->part[0] = d;
		dc->ngdims = 1;
	}
	for (int i = 0; i < dc->ngdims; i++) {
		if (dc->part[i]->about == ABOUT_ROLE)
			role = true;
		else if (dc->part[i]->about < 0)
			event = true;
		else
			byd[nbyd++] = dc->part[i];
	}
	keys = (role ? RQ_KEY_ROLE : 0) | (event ? RQ_KEY_EVENT : 0);
	rq_cells(q, &ropts_total, interval, keys, &tc);
	for (int i = 0; i < nbyd; i++)
		rq_cells(q, byd[i], interval, keys, &gc[i]);
	/* Two about-you questions: d is their pair, in the same order. */
	if (nbyd == 2)
		rq_cells(q, d, interval, keys, &gc[BY_PAIR]);
	if (items != NULL && items->n > 0) {
		rq_icells(q, &ropts_total, interval, arr, keys, &tic);
		for (int i = 0; i < nbyd; i++)
			rq_icells(q, byd[i], interval, arr, keys, &gic[i]);
		if (nbyd == 2)
			rq_icells(q, d, interval, arr, keys, &gic[BY_PAIR]);
	}
	if (o->first_time) {
		rq_first_cells(q, &ropts_total, interval, keys, &tfc);
		for (int i = 0; i < nbyd; i++)
			rq_first_cells(q, byd[i], interval, keys, &gfc[i]);
		if (nbyd == 2)
			rq_first_cells(q, d, interval, keys, &gfc[BY_PAIR]);
	}

	if (role) {
		struct ddim *dd = new_dim(dc, DK_ROLE);

		about_codes(dd, ABOUT_ROLE);
		for (int i = 0; i < tc.n; i++)
			add_code(dd, tc.v[i].role);
		dd->nbase = dd->ncodes;
		add_range_line(dd, 0, dd->ncodes);
		for (int i = 0; i < dc->ngdims; i++)
			if (dc->part[i]->about == ABOUT_ROLE)
				dc->gdim[i] = dc->ndims - 1;
	}
	if (event) {
		struct ddim *dd = new_dim(dc, DK_EVENT);

		/* Without --event, event_ids may list every real event:
		 * the cube's total is then the selection already. */
		event_codes(dd, q->conn, &tc, o->nevents > 0 ? o->event_ids : NULL);
		for (int i = 0; i < dc->ngdims; i++)
			if (dc->part[i]->about < 0) {
				dc->gdim[i] = dc->ndims - 1;
				dc->partner = strcmp(dc->part[i]->name, "partner") == 0;
			}
	}
	if (interval != NULL) {
		struct ddim *dd = new_dim(dc, DK_PERIOD);

		period_codes(dd, &tc);
		dd->nbase = dd->ncodes;
		add_range_line(dd, 0, dd->ncodes);
	}
	for (int b = 0; b < nbyd; b++) {
		struct ddim *dd = new_dim(dc, DK_BY);

		about_codes(dd, (enum about_field)byd[b]->about);
		for (int i = 0; i < gc[b].n; i++)
			add_code(dd, gc[b].v[i].grp);
		dd->nbase = dd->ncodes;
		add_range_line(dd, 0, dd->ncodes);
		for (int i = 0; i < dc->ngdims; i++)
			if (dc->part[i] == byd[b])
				dc->gdim[i] = dc->ndims - 1;
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
	dc->nmeas = 2 + nitems + (o->first_time ? 2 : 0);
	dc->n = xcalloc((size_t)dc->nmeas, sizeof *dc->n);
	dc->sup = xcalloc((size_t)dc->nmeas, sizeof *dc->sup);
	for (int m = 0; m < dc->nmeas; m++) {
		dc->n[m] = xcalloc((size_t)dc->ncells, sizeof **dc->n);
		dc->sup[m] = xcalloc((size_t)dc->ncells, sizeof **dc->sup);
	}
	fill(dc, &tc, BY_TOTAL);
	for (int i = 0; i < 3; i++)
		fill(dc, &gc[i], i);
	if (items != NULL) {
		ifill(dc, &tic, items, BY_TOTAL);
		for (int i = 0; i < 3; i++)
			ifill(dc, &gic[i], items, i);
	}
	if (o->first_time) {
		ffill(dc, &tfc, DISCLOSURE_FIRST_YES(nitems), BY_TOTAL);
		for (int i = 0; i < 3; i++)
			ffill(dc, &gfc[i], DISCLOSURE_FIRST_YES(nitems), i);
	}
	for (int m = 0; m < dc->nmeas; m++)
		margins(dc, dc->n[m]);
	decide(dc);
	selection(dc, o);
	groups(dc);
	rq_cells_free(&tc);
	rq_icells_free(&tic);
	rq_icells_free(&tfc);
	for (int i = 0; i < 3; i++) {
		rq_cells_free(&gc[i]);
		rq_icells_free(&gic[i]);
		rq_icells_free(&gfc[i]);
	}
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
		for (int i = 0; dd->title != NULL && i < dd->nbase; i++)
			free(dd->title[i]);
		free(dd->title);
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
	for (int g = 0; g < dc->ngroups; g++) {
		free(dc->names[g]);
		free(dc->labels[g]);
	}
	free(dc->names);
	free(dc->labels);
	free(dc->groups[0]);
	free(dc->groups[1]);
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
	return dc->names[g];
}

const char *
disclosure_group_label(const struct disclosure *dc, int g)
{
	return dc->labels[g];
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

		int gi = g < 0 ? -1 : d == dc->gdim[0] ? 0 :
		    d == dc->gdim[1] ? 1 : -1;

		list[d] = xcalloc((size_t)dd->ncodes + 1, sizeof **list);
		nlist[d] = 0;
		if (gi >= 0) {
			int k = dc->groups[gi][g];
			bool partner = dc->partner && dd->kind == DK_EVENT;

			if (sel == NULL)
				list[d][nlist[d]++] = k;
			for (int i = 0; sel != NULL && i < nsel; i++)
				if (sel[i] == k || (partner && dd->parent[sel[i]] == k))
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

/* Fewer than min_n but not none: a difference that gives people away. */
static bool
few(double n, double min_n)
{
	return n > 0 && n < min_n;
}

void
disclosure_pairs_decide(double min_n, int ngroups,
    const struct disclosure_pairs *sets, int nsets, const bool *forced, bool *sup)
{
	bool changed = true, all = false;

	for (int g = 0; g <= ngroups; g++) {
		sup[g] = forced[g];
		for (int s = 0; s < nsets; s++)
			sup[g] |= sets[s].pairs[g] < min_n ||
			    few(sets[s].pre_only[g], min_n) ||
			    few(sets[s].post_only[g], min_n);
	}
	all = sup[ngroups];
	while (changed && !all) {
		changed = false;
		for (int s = 0; s < nsets && !all; s++) {
			const struct disclosure_pairs *t = &sets[s];
			int hidden = 0, pick = -1;

			for (int g = 0; g < ngroups; g++) {
				bool counts = t->pairs[g] > 0 && !t->known[g];

				if (sup[g] && counts)
					hidden++;
				else if (!sup[g] && counts &&
				    (pick < 0 || t->pairs[g] < t->pairs[pick]))
					pick = g;
			}
			if (hidden != 1)
				continue;
			if (pick < 0)
				all = true;
			else
				sup[pick] = changed = true;
		}
	}
	if (all)
		for (int g = 0; g <= ngroups; g++)
			sup[g] = true;
}
