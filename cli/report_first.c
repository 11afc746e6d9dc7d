/*
 * report's first_time figure (report_first.h): the share of respondents
 * at their first event, from the answers to pulse 2's first_time.
 */
#include "config.h"

#include <string.h>

#include "report_first.h"

bool
rfirst_asked(const struct rq_items *all)
{
	for (int i = 0; i < all->n; i++)
		if (strcmp(all->v[i]->id, "first_time") == 0 &&
		    all->v[i]->type == ITEM_CHOICE)
			return true;
	return false;
}

/* Per event (the design's clusters), then summed over the events, as
 * report reads the items. */
static void
load(struct rq *q, const struct ropts *o, const struct rdim *d,
    struct rq_icells *x, struct rq_icells *sum)
{
	rq_first_cells(q, d, NULL, RQ_KEY_EVENT, x);
	rdesign_ifilter(o, x);
	rdesign_icollapse(x, sum);
}

void
rfirst_load(struct rfirst *f, struct rq *q, const struct ropts *o)
{
	memset(f, 0, sizeof *f);
	load(q, o, &ropts_total, &f->xtot, &f->tot);
	if (o->by != NULL)
		load(q, o, o->by, &f->xgs, &f->gs);
}

void
rfirst_free(struct rfirst *f)
{
	rq_icells_free(&f->xtot);
	rq_icells_free(&f->xgs);
	rq_icells_free(&f->tot);
	rq_icells_free(&f->gs);
}

void
rfirst_figure(const struct rfirst *f, const struct rdesign *d,
    const struct disclosure *dc, int nitems, int g, const char *key,
    struct survey_cell *v, struct rfirst_fig *out)
{
	const struct rq_icells *cs = g < 0 ? &f->tot : &f->gs;
	const struct rq_icell *c = rq_icell_find(cs, "", key, "first_time");
	double n = c != NULL ? c->n : 0, yes = c != NULL ? c->yes : 0;
	int nc = d->nclusters;

	out->n = n;
	/* As the agree rates: the design's interval when the domain's
	 * answers come from two events or more, else Wilson's. */
	if (d->cluster)
		rdesign_yes(d, g < 0 ? &f->xtot : &f->xgs, "", key, v);
	if (d->cluster && survey_domain_clusters(v, nc) >= 2) {
		struct survey_est e;

		survey_prop(v, nc, nc, nc - 1, STATS_LEVEL, &e);
		out->ci.est = e.est;
		out->ci.lo = e.lo;
		out->ci.hi = e.hi;
	} else
		stats_wilson(yes, n, STATS_LEVEL, &out->ci);
	out->sup = disclosure_get(dc, g, -1, DISCLOSURE_FIRST_YES(nitems)).sup ||
	    disclosure_get(dc, g, -1, DISCLOSURE_FIRST_OTHER(nitems)).sup;
}
