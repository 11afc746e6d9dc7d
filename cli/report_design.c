/*
 * The design of the report commands (report_design.h): which events are
 * the clusters, and each cluster's part of a figure, from the aggregates
 * per event.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report_design.h"
#include "xalloc.h"

/* Whether event id is one of o's --event ids ("{1,2}"; NULL: all). */
static bool
selected(const struct ropts *o, int id)
{
	const char *s = o->event_ids;

	if (s == NULL)
		return true;
	while (*s != '\0') {
		char *end;
		long v;

		if (*s < '0' || *s > '9') {
			s++;
			continue;
		}
		v = strtol(s, &end, 10);
		if (v == id)
			return true;
		s = end;
	}
	return false;
}

void
rdesign_filter(const struct ropts *o, struct rq_cells *c)
{
	int k = 0;

	for (int i = 0; i < c->n; i++) {
		if (selected(o, c->v[i].event_id))
			c->v[k++] = c->v[i];
		else {
			free(c->v[i].grp);
			free(c->v[i].role);
		}
	}
	c->n = k;
}

void
rdesign_ifilter(const struct ropts *o, struct rq_icells *c)
{
	int k = 0;

	for (int i = 0; i < c->n; i++) {
		if (selected(o, c->v[i].event_id))
			c->v[k++] = c->v[i];
		else {
			free(c->v[i].grp);
			free(c->v[i].item);
			free(c->v[i].role);
		}
	}
	c->n = k;
}

/* The rows come ordered by period, group (and item), then event: the
 * rows to sum are next to each other. */
void
rdesign_collapse(const struct rq_cells *in, struct rq_cells *out)
{
	out->v = xcalloc((size_t)in->n + 1, sizeof *out->v);
	out->n = 0;
	for (int i = 0; i < in->n; i++) {
		const struct rq_cell *c = &in->v[i];
		struct rq_cell *o = out->n > 0 ? &out->v[out->n - 1] : NULL;

		if (o == NULL || strcmp(o->period, c->period) != 0 ||
		    strcmp(o->grp, c->grp) != 0) {
			o = &out->v[out->n++];
			memcpy(o->period, c->period, sizeof o->period);
			o->grp = xstrdup(c->grp);
			o->role = xstrdup("");
		}
		o->n += c->n;
		o->idx_n += c->idx_n;
		o->idx_sum += c->idx_sum;
		o->idx_sumsq += c->idx_sumsq;
	}
}

void
rdesign_icollapse(const struct rq_icells *in, struct rq_icells *out)
{
	out->v = xcalloc((size_t)in->n + 1, sizeof *out->v);
	out->n = 0;
	for (int i = 0; i < in->n; i++) {
		const struct rq_icell *c = &in->v[i];
		struct rq_icell *o = out->n > 0 ? &out->v[out->n - 1] : NULL;

		if (o == NULL || strcmp(o->period, c->period) != 0 ||
		    strcmp(o->grp, c->grp) != 0 || strcmp(o->item, c->item) != 0) {
			o = &out->v[out->n++];
			memcpy(o->period, c->period, sizeof o->period);
			o->grp = xstrdup(c->grp);
			o->item = xstrdup(c->item);
			o->role = xstrdup("");
		}
		o->n += c->n;
		o->ge4 += c->ge4;
		o->ge9 += c->ge9;
		o->le6 += c->le6;
		o->yes += c->yes;
	}
}

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

void
rdesign_choose(struct rdesign *d, struct ropts *o, struct rq *q,
    const char *interval, const struct rq_cells *tot)
{
	memset(d, 0, sizeof *d);
	if (o->role != NULL) {
		rq_cells(q, &ropts_total, interval, RQ_KEY_EVENT | RQ_KEY_ROLE,
		    &d->anyrole);
		rdesign_filter(o, &d->anyrole);
		d->has_anyrole = true;
	}
	tot = rdesign_respondents(d, tot);
	d->events = xcalloc((size_t)tot->n + 1, sizeof *d->events);
	for (int i = 0; i < tot->n; i++) {
		bool seen = false;

		if (tot->v[i].n <= 0)
			continue;
		for (int k = 0; k < d->nclusters && !seen; k++)
			seen = d->events[k] == tot->v[i].event_id;
		if (!seen)
			d->events[d->nclusters++] = tot->v[i].event_id;
	}
	qsort(d->events, (size_t)d->nclusters, sizeof *d->events, int_cmp);
	if (o->design == NULL)
		o->design = d->nclusters >= 2 ? "cluster" : "srs";
	d->cluster = strcmp(o->design, "cluster") == 0;
	d->adjust = o->adjust == NULL || strcmp(o->adjust, "holm") == 0 ?
	    STATS_ADJUST_HOLM : strcmp(o->adjust, "bh") == 0 ? STATS_ADJUST_BH :
	    STATS_ADJUST_NONE;
}

const struct rq_cells *
rdesign_respondents(const struct rdesign *d, const struct rq_cells *tot)
{
	return d->has_anyrole ? &d->anyrole : tot;
}

void
rdesign_free(struct rdesign *d)
{
	rq_cells_free(&d->anyrole);
	d->has_anyrole = false;
	free(d->events);
	d->events = NULL;
	d->nclusters = 0;
}

int
rdesign_cluster(const struct rdesign *d, int event_id)
{
	const int *p = d->nclusters > 0 ? bsearch(&event_id, d->events,
	    (size_t)d->nclusters, sizeof *d->events, int_cmp) : NULL;

	return p != NULL ? (int)(p - d->events) : -1;
}

/* Which part of a cell a cluster's figure takes. */
enum part { PART_INDEX, PART_COUNT, PART_AGREE, PART_NPS, PART_YES };

static void
cells_of(const struct rdesign *d, const struct rq_cells *cs, const char *period,
    const char *grp, enum part part, struct survey_cell *v)
{
	memset(v, 0, (size_t)d->nclusters * sizeof *v);
	for (int i = 0; i < cs->n; i++) {
		const struct rq_cell *c = &cs->v[i];
		int k;

		if (strcmp(c->period, period) != 0 || strcmp(c->grp, grp) != 0 ||
		    (k = rdesign_cluster(d, c->event_id)) < 0)
			continue;
		v[k].n += part == PART_INDEX ? c->idx_n : c->n;
		v[k].sum += part == PART_INDEX ? c->idx_sum : c->n;
	}
}

static void
icells_of(const struct rdesign *d, const struct rq_icells *cs, const char *period,
    const char *grp, const char *item, enum part part, struct survey_cell *v)
{
	memset(v, 0, (size_t)d->nclusters * sizeof *v);
	for (int i = 0; i < cs->n; i++) {
		const struct rq_icell *c = &cs->v[i];
		int k;

		if (strcmp(c->period, period) != 0 || strcmp(c->grp, grp) != 0 ||
		    strcmp(c->item, item) != 0 || (k = rdesign_cluster(d, c->event_id)) < 0)
			continue;
		v[k].n += c->n;
		v[k].sum += part == PART_AGREE ? c->ge4 : part == PART_YES ? c->yes :
		    c->ge9 - c->le6;
	}
}

void
rdesign_index(const struct rdesign *d, const struct rq_cells *cs,
    const char *period, const char *grp, struct survey_cell *v)
{
	cells_of(d, cs, period, grp, PART_INDEX, v);
}

void
rdesign_count(const struct rdesign *d, const struct rq_cells *cs,
    const char *period, const char *grp, struct survey_cell *v)
{
	cells_of(d, cs, period, grp, PART_COUNT, v);
}

void
rdesign_agree(const struct rdesign *d, const struct rq_icells *cs,
    const char *period, const char *grp, const char *item, struct survey_cell *v)
{
	icells_of(d, cs, period, grp, item, PART_AGREE, v);
}

void
rdesign_yes(const struct rdesign *d, const struct rq_icells *cs,
    const char *period, const char *grp, struct survey_cell *v)
{
	icells_of(d, cs, period, grp, "first_time", PART_YES, v);
}

void
rdesign_nps(const struct rdesign *d, const struct rq_icells *cs,
    const char *period, const char *grp, const char *item, struct survey_cell *v)
{
	icells_of(d, cs, period, grp, item, PART_NPS, v);
}
