/*
 * Figures over overlapping populations, decided together
 * (disclosure_overlap.h).  One query gives every atom, as the string of
 * '0' and '1' of the figures each response counts in, and its size; the
 * rest is done here on those few rows.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "disclosure_overlap.h"
#include "xalloc.h"

#define DOV_NPARAMS 6	/* per figure: events, from, to, group, role, item */

struct atom {
	char *sig;	/* one '0' or '1' per figure */
	double n;
};

/* The condition that response r (of event e) counts in figure i, whose
 * parameters start at $base. */
static char *
condition(const struct dov_figure *f, int base)
{
	static const char *const measure[] = {
		[DOV_RESPONDENTS] = "true",
		[DOV_BELONGING] = "r.belonging is not null",
		[DOV_FIRST_TIME_YES] = "exists (select 1 from answer a, instrument i,"
		    " jsonb_array_elements(i.definition->'items') it,"
		    " jsonb_array_elements(it->'options') with ordinality x (opt, ord)"
		    " where a.event_id = r.event_id and a.response_id = r.id"
		    " and a.item = 'first_time' and i.id = r.instrument_id"
		    " and it->>'id' = 'first_time' and x.opt->>'code' = 'yes'"
		    " and a.value = x.ord)",
	};
	char *grp, *meas, *c;

	/* The group as report's raw query reads it: over this response
	 * and its event. */
	grp = f->dim == NULL ? xstrdup("true") :
	    xasprintf("%sexists (select 1 from (select r.*) r, (select e.*) e%s"
	    " where %s = $%d)", f->not_group ? "not " : "", f->dim->raw_from,
	    f->dim->raw_grp, base + 3);
	meas = f->measure == DOV_ITEM ? xasprintf("exists (select 1 from answer a"
	    " where a.event_id = r.event_id and a.response_id = r.id and a.item = $%d)",
	    base + 5) : xstrdup(measure[f->measure]);
	c = xasprintf("case when ($%d::int[] is null or r.event_id = any ($%d::int[]))"
	    " and ($%d::date is null or r.submitted_at >= $%d::date)"
	    " and ($%d::date is null or r.submitted_at < $%d::date + 1)"
	    " and ($%d::text is null or coalesce(r.role, 'not_answered') = $%d)"
	    " and %s and %s"
	    /* always true: every parameter is used, so each has a type */
	    " and coalesce($%d::text, $%d::text, '') is not null"
	    " then '1' else '0' end",
	    base, base, base + 1, base + 1, base + 2, base + 2, base + 4, base + 4,
	    grp, meas, base + 3, base + 5);
	free(grp);
	free(meas);
	return c;
}

/* The atoms: each set of figures some responses count in, and how many. */
static struct atom *
atoms_read(PGconn *conn, const struct dov_figure *f, int n, int *natoms)
{
	const char **params = xcalloc((size_t)n * DOV_NPARAMS, sizeof *params);
	char *sig = xstrdup("''"), *sql;
	struct atom *a;
	PGresult *res;

	for (int i = 0; i < n; i++) {
		char *c = condition(&f[i], i * DOV_NPARAMS + 1), *s;

		s = xasprintf("%s || %s", sig, c);
		free(sig);
		free(c);
		sig = s;
		params[i * DOV_NPARAMS + 0] = f[i].event_ids;
		params[i * DOV_NPARAMS + 1] = f[i].from;
		params[i * DOV_NPARAMS + 2] = f[i].to;
		params[i * DOV_NPARAMS + 3] = f[i].code;
		params[i * DOV_NPARAMS + 4] = f[i].role;
		params[i * DOV_NPARAMS + 5] = f[i].item;
	}
	sql = xasprintf("select sig, count(*) from (select %s as sig\n"
	    "    from response r join event e on e.id = r.event_id\n"
	    "    where not e.test) s\n"
	    "where strpos(sig, '1') > 0 group by sig", sig);
	res = cli_exec(conn, sql, n * DOV_NPARAMS, params, PGRES_TUPLES_OK);
	*natoms = PQntuples(res);
	a = xcalloc((size_t)*natoms + 1, sizeof *a);
	for (int k = 0; k < *natoms; k++) {
		a[k].sig = xstrdup(PQgetvalue(res, k, 0));
		a[k].n = atof(PQgetvalue(res, k, 1));
	}
	PQclear(res);
	free(sql);
	free(sig);
	free(params);
	return a;
}

/*
 * The atoms as they are with the withheld figures left out: responses
 * that differ only in those count together.  Returns their number, in
 * cur (sig strings owned by cur).
 */
static int
atoms_merge(const struct atom *a, int na, const struct dov_figure *f, int n,
    struct atom *cur)
{
	int m = 0;

	for (int k = 0; k < na; k++) {
		char *s = xstrdup(a[k].sig);
		int j;

		for (int i = 0; i < n; i++)
			if (f[i].sup)
				s[i] = '0';
		if (strchr(s, '1') == NULL) {
			free(s);
			continue;
		}
		for (j = 0; j < m && strcmp(cur[j].sig, s) != 0; j++)
			;
		if (j < m) {
			cur[j].n += a[k].n;
			free(s);
		} else {
			cur[m].sig = s;
			cur[m++].n = a[k].n;
		}
	}
	return m;
}

/*
 * The figures to withhold for the small atom cur[j], marked in take;
 * returns how many.  Best those that alone tell it from its nearest atom
 * (the fewest, then the largest atom): leaving them out merges the two.
 * Else the smallest figure that counts it; else (only figures printed
 * anyway count it: those minus the others inside them give it away) the
 * smallest that overlaps one of those.
 */
static int
choose(const struct atom *cur, int m, int j, const struct atom *a, int na,
    const struct dov_figure *f, int n, const double *pop, bool *take)
{
	const char *s = cur[j].sig;
	int best = -1, bestd = n + 1, pick = -1;

	for (int k = 0; k < m; k++) {
		int d = 0;
		bool fixed = false;

		if (k == j)
			continue;
		for (int i = 0; i < n; i++)
			if (cur[k].sig[i] != s[i]) {
				d++;
				fixed |= f[i].fixed;
			}
		if (!fixed && (d < bestd || (d == bestd && cur[k].n > cur[best].n))) {
			best = k;
			bestd = d;
		}
	}
	if (best >= 0) {
		for (int i = 0; i < n; i++)
			take[i] = cur[best].sig[i] != s[i];
		return bestd;
	}
	for (int i = 0; i < n; i++)
		if (s[i] == '1' && !f[i].fixed && (pick < 0 || pop[i] < pop[pick]))
			pick = i;
	for (int k2 = 0; k2 < n && pick < 0; k2++) {
		bool overlaps = false;

		if (f[k2].fixed || f[k2].sup)
			continue;
		for (int k = 0; k < na && !overlaps; k++)
			for (int i = 0; i < n && !overlaps; i++)
				overlaps = s[i] == '1' && a[k].sig[i] == '1' &&
				    a[k].sig[k2] == '1';
		if (overlaps)
			pick = k2;
	}
	if (pick < 0)
		return 0;
	memset(take, 0, (size_t)n * sizeof *take);
	take[pick] = true;
	return 1;
}

int
disclosure_overlap(PGconn *conn, struct dov_figure *f, int n, double min_n)
{
	struct atom *a, *cur;
	double *pop;
	bool *take;
	int na, withheld = 0;
	bool again = true;

	if (n == 0)
		return 0;
	a = atoms_read(conn, f, n, &na);
	cur = xcalloc((size_t)na + 1, sizeof *cur);
	pop = xcalloc((size_t)n, sizeof *pop);
	take = xcalloc((size_t)n, sizeof *take);
	for (int k = 0; k < na; k++)
		for (int i = 0; i < n; i++)
			if (a[k].sig[i] == '1')
				pop[i] += a[k].n;
	while (again) {
		int m = atoms_merge(a, na, f, n, cur);

		again = false;
		for (int j = 0; j < m && !again; j++) {
			if (cur[j].n >= min_n ||
			    choose(cur, m, j, a, na, f, n, pop, take) == 0)
				continue;
			for (int i = 0; i < n; i++)
				if (take[i]) {
					f[i].sup = true;
					withheld++;
				}
			again = true;
		}
		for (int j = 0; j < m; j++)
			free(cur[j].sig);
	}
	for (int k = 0; k < na; k++)
		free(a[k].sig);
	free(a);
	free(cur);
	free(pop);
	free(take);
	return withheld;
}
