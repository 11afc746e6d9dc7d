/*
 * The statistics of belong change (change_stats.h): pre, post and the
 * change of a group from its sums per cluster.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "change_stats.h"
#include "paired.h"
#include "stats.h"
#include "xalloc.h"

void
change_aggs_free(struct change_aggs *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->v[i].grp);
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

/* grp's sums over every cluster. */
static struct change_agg
change_total(const struct change_aggs *a, const char *grp)
{
	struct change_agg t = { 0 };

	for (int i = 0; i < a->n; i++) {
		const struct change_agg *v = &a->v[i];

		if (strcmp(v->grp, grp) != 0)
			continue;
		t.n += v->n;
		t.sx += v->sx;
		t.sxx += v->sxx;
		t.sy += v->sy;
		t.syy += v->syy;
		t.sxy += v->sxy;
	}
	return t;
}

/* The clusters: the events of everyone's rows of a and b, ascending. */
int
change_clusters(const struct change_aggs *a, const struct change_aggs *b, int **out)
{
	int *v = xcalloc((size_t)(a->n + (b != NULL ? b->n : 0)) + 1, sizeof *v);
	int n = 0;

	for (int s = 0; s < 2; s++) {
		const struct change_aggs *x = s == 0 ? a : b;

		for (int i = 0; x != NULL && i < x->n; i++) {
			bool seen = false;

			for (int k = 0; k < n && !seen; k++)
				seen = v[k] == x->v[i].cl;
			if (!seen)
				v[n++] = x->v[i].cl;
		}
	}
	for (int i = 1; i < n; i++)	/* a few events: insertion sort */
		for (int k = i; k > 0 && v[k - 1] > v[k]; k--) {
			int t = v[k];

			v[k] = v[k - 1];
			v[k - 1] = t;
		}
	*out = v;
	return n;
}

enum part { PART_X, PART_Y, PART_D };

/* grp's cells per cluster: its members and the sum of part. */
static void
cells(const struct change_aggs *a, const char *grp, enum part part, const int *cl,
    int ncl, struct survey_cell *v)
{
	memset(v, 0, (size_t)ncl * sizeof *v);
	for (int i = 0; a != NULL && i < a->n; i++) {
		const struct change_agg *g = &a->v[i];

		if (strcmp(g->grp, grp) != 0)
			continue;
		for (int k = 0; k < ncl; k++)
			if (cl[k] == g->cl) {
				v[k].n += g->n;
				v[k].sum += part == PART_X ? g->sx : part == PART_Y ?
				    g->sy : g->sy - g->sx;
			}
	}
}

static void
fig_init(struct change_fig *f, bool matched)
{
	f->matched = matched;
	f->n = f->n_pre = f->n_post = NAN;
	f->pre = f->pre_lo = f->pre_hi = f->post = f->post_lo = f->post_hi = NAN;
	f->chg = f->lo = f->hi = f->p = f->dz = f->dav = f->mcp = NAN;
}

/* One wave's estimate and interval from n values summing to sum (sumsq),
 * srs: a t interval, Wilson (agree), the Wald NPS interval. */
static void
wave_srs(enum change_ind ind, double n, double sum, double sumsq, double *est, double *lo,
    double *hi)
{
	struct stats_moments m;
	struct stats_ci ci;

	if (ind == CHANGE_AGREE) {
		stats_wilson(sum, n, STATS_LEVEL, &ci);
		ci.est *= 100;
		ci.lo *= 100;
		ci.hi *= 100;
	} else if (ind == CHANGE_NPS) {
		/* Scores of +-100: sum = 100 (P - D), sumsq = 10000 (P + D). */
		double pd = sum / 100, ppd = sumsq / 10000;

		stats_nps((ppd + pd) / 2, (ppd - pd) / 2, n, STATS_LEVEL, &ci);
	} else {
		stats_moments(n, sum, sumsq, &m);
		stats_mean_ci(&m, STATS_LEVEL, &ci);
	}
	*est = ci.est;
	*lo = ci.lo;
	*hi = ci.hi;
}

/* The same under the cluster design, when the domain has two clusters;
 * returns false to fall back on srs (as report does). */
static bool
wave_cluster(enum change_ind ind, const struct survey_cell *v, int ncl, double *est,
    double *lo, double *hi)
{
	struct survey_est e;
	double scale = ind == CHANGE_AGREE ? 100 : 1;

	if (ncl < 2 || survey_domain_clusters(v, ncl) < 2)
		return false;
	if (ind == CHANGE_AGREE)
		survey_prop(v, ncl, ncl, ncl - 1, STATS_LEVEL, &e);
	else
		survey_mean(v, ncl, ncl, ncl - 1, STATS_LEVEL, &e);
	*est = e.est * scale;
	*lo = e.lo * scale;
	*hi = e.hi * scale;
	return true;
}

/* A matched row: the pairs of group grp. */
void
change_matched(enum change_ind ind, bool cluster, const struct change_aggs *a,
    const char *grp, const int *cl, int ncl, struct survey_cell *v,
    struct change_fig *f)
{
	struct change_agg t = change_total(a, grp);
	struct stats_moments mpre, mpost;

	fig_init(f, true);
	f->n = f->n_pre = f->n_post = t.n;
	stats_moments(t.n, t.sx, t.sxx, &mpre);
	stats_moments(t.n, t.sy, t.syy, &mpost);
	if (!cluster || !(cells(a, grp, PART_X, cl, ncl, v),
	    wave_cluster(ind, v, ncl, &f->pre, &f->pre_lo, &f->pre_hi)))
		wave_srs(ind, t.n, t.sx, t.sxx, &f->pre, &f->pre_lo, &f->pre_hi);
	if (!cluster || !(cells(a, grp, PART_Y, cl, ncl, v),
	    wave_cluster(ind, v, ncl, &f->post, &f->post_lo, &f->post_hi)))
		wave_srs(ind, t.n, t.sy, t.syy, &f->post, &f->post_lo, &f->post_hi);
	if (ind != CHANGE_AGREE) {
		struct paired_change pc;

		paired_change(t.n, t.sy - t.sx, t.syy - 2 * t.sxy + t.sxx,
		    STATS_LEVEL, &pc);
		f->dz = pc.dz;
		f->dav = paired_dav(&mpre, &mpost);
		f->chg = pc.mean.est;
		f->lo = pc.mean.lo;
		f->hi = pc.mean.hi;
		if (pc.sd > 0)
			f->p = stats_t_p(pc.mean.est / (pc.sd / sqrt(t.n)), t.n - 1);
	} else {
		double a11 = t.sxy, b = t.sx - t.sxy, c = t.sy - t.sxy;
		struct stats_ci ci;

		paired_newcombe(a11, b, c, t.n - a11 - b - c, STATS_LEVEL, &ci);
		f->chg = ci.est * 100;
		f->lo = ci.lo * 100;
		f->hi = ci.hi * 100;
		f->p = f->mcp = paired_mcnemar_p(b, c);
	}
	if (cluster) {
		cells(a, grp, PART_D, cl, ncl, v);
		if (ncl >= 2 && survey_domain_clusters(v, ncl) >= 2) {
			struct survey_est e;
			double scale = ind == CHANGE_AGREE ? 100 : 1;

			survey_mean(v, ncl, ncl, ncl - 1, STATS_LEVEL, &e);
			f->chg = e.est * scale;
			f->lo = e.lo * scale;
			f->hi = e.hi * scale;
			f->p = e.se > 0 ? stats_t_p(e.est / e.se, ncl - 1) : NAN;
			f->mcp = NAN;	/* McNemar's test takes the pairs as independent */
		}
	}
}

/* Two-sided p of two independent proportions, the score (chi-squared)
 * test without continuity correction: R's prop.test(correct = FALSE). */
static double
prop_test_p(double k1, double n1, double k2, double n2)
{
	double p = (k1 + k2) / (n1 + n2), se;

	if (!(n1 > 0 && n2 > 0) || p <= 0 || p >= 1)
		return NAN;
	se = sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
	return 2 * gsl_cdf_ugaussian_Q(fabs(k2 / n2 - k1 / n1) / se);
}

/* An unmatched row: every pre response of grp against every post one. */
void
change_unmatched(enum change_ind ind, bool cluster, const struct change_aggs *pre,
    const struct change_aggs *post, const char *grp, const int *cl, int ncl,
    struct survey_cell *v, struct survey_cell *w, struct change_fig *f)
{
	struct change_agg a = change_total(pre, grp), b = change_total(post, grp);
	double scale = ind == CHANGE_AGREE ? 100 : 1;

	fig_init(f, false);
	f->n_pre = a.n;
	f->n_post = b.n;
	if (!cluster || !(cells(pre, grp, PART_X, cl, ncl, v),
	    wave_cluster(ind, v, ncl, &f->pre, &f->pre_lo, &f->pre_hi)))
		wave_srs(ind, a.n, a.sx, a.sxx, &f->pre, &f->pre_lo, &f->pre_hi);
	if (!cluster || !(cells(post, grp, PART_X, cl, ncl, v),
	    wave_cluster(ind, v, ncl, &f->post, &f->post_lo, &f->post_hi)))
		wave_srs(ind, b.n, b.sx, b.sxx, &f->post, &f->post_lo, &f->post_hi);
	if (cluster && ncl >= 2) {
		/* svyglm(y ~ post, d): the post cells against all of them. */
		struct survey_est e;

		cells(post, grp, PART_X, cl, ncl, v);
		cells(pre, grp, PART_X, cl, ncl, w);
		for (int k = 0; k < ncl; k++) {
			w[k].n += v[k].n;
			w[k].sum += v[k].sum;
		}
		if (survey_domain_clusters(w, ncl) >= 2 && a.n > 0 && b.n > 0) {
			survey_gap(v, w, ncl, ncl, ncl - 1, STATS_LEVEL, &e);
			f->chg = e.est * scale;
			f->lo = e.lo * scale;
			f->hi = e.hi * scale;
			f->p = e.se > 0 ? stats_t_p(e.est / e.se, ncl - 1) : NAN;
			return;
		}
	}
	if (ind == CHANGE_AGREE) {
		struct stats_ci ci;

		paired_newcombe_indep(a.sx, a.n, b.sx, b.n, STATS_LEVEL, &ci);
		f->chg = ci.est * 100;
		f->lo = ci.lo * 100;
		f->hi = ci.hi * 100;
		f->p = prop_test_p(a.sx, a.n, b.sx, b.n);
	} else {
		struct stats_moments ma, mb;
		struct stats_gap g;
		double se2;

		stats_moments(a.n, a.sx, a.sxx, &ma);
		stats_moments(b.n, b.sx, b.sxx, &mb);
		stats_welch(&mb, &ma, STATS_LEVEL, &g);
		f->chg = g.diff;
		f->lo = g.lo;
		f->hi = g.hi;
		if (ma.n >= 2 && mb.n >= 2 && (se2 = ma.var / ma.n + mb.var / mb.n) > 0)
			f->p = stats_t_p(g.diff / sqrt(se2), g.df);
	}
}

