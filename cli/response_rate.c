/*
 * Response rates (response_rate.h): per event of a selection, per partner
 * and for everyone, with the disclosure checks a published denominator
 * calls for.
 *
 * Which rates over several events may print is decided as a system of
 * linear equations: the unknowns are the responses of the suppressed
 * events that are not empty; the equations are the sums belong prints
 * over them (everyone, each partner shown), and each rate shown adds one
 * (its responses: rate x the public denominators).  A rate is shown only
 * if, with the equations already shown, it does not pin down an unknown
 * that was not pinned down before.  Everyone's rate is decided first,
 * then the partners' in their display order, always all of them, so that
 * each rate is suppressed the same way in report and reach, whatever
 * --by asks for.
 *
 * A group of an about-you question (--by role, ...) has a rate when the
 * organisers counted it at every event of the selection (belong event
 * attendance --group): its responses over the sum of those headcounts.
 * Its responses are then the group's respondents report prints already,
 * with their suppression, so the rate gives nothing more away; with an
 * event not counted it has no rate, rather than a rate over part of the
 * group's responses that the other figures could be subtracted from.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "disclosure.h"
#include "response_rate.h"
#include "xalloc.h"

/* Names of events left out of the rate listed in the note, at most. */
#define RRATE_NOTE_NAMES 20

/* An event of the selection. */
struct rr_event {
	char *slug;
	int partner;		/* index in rr->partners, or -1 */
	double n;		/* responses in the selection */
	bool sup;		/* n suppressed in the event table */
	bool has;		/* a denominator recorded or expected */
	double denom;		/* that denominator; used when > 0 */
};

/* A rate: n / denom, denom 0 when there is none. */
struct rr_fig {
	double n;
	double denom;
	bool sup;
};

struct rrate {
	const struct ropts *o;
	bool role;		/* --role: no rate at all */
	bool any;		/* an event of the selection has a denominator */
	struct rr_event *ev;
	int nev;
	char **partners;	/* the partners of the selection ("none") */
	int npart;
	struct rr_fig *pfig;	/* per partner */
	struct rr_fig all;
	bool psup_any;		/* a partner's rate suppressed by the equations */
	/* --by an about-you question: the rate of each of its groups. */
	bool about;
	char **gcode;		/* the groups, as the disclosure module has them */
	struct rr_fig *gfig;
	bool *gok;		/* counted at every event of the selection */
	int ng;
	bool gany;		/* a group has a rate */
	bool flagged;		/* an over_100 was printed */
	char buf[3][32];
};

/* The published sums over k unknowns, one row each. */
struct rr_sys {
	int k;
	int nrows;
	double *rows;		/* nrows x k */
};

static void
sys_add(struct rr_sys *s, const double *row)
{
	s->rows = xrealloc(s->rows, (size_t)(s->nrows + 1) * (size_t)s->k *
	    sizeof *s->rows + 1);
	memcpy(s->rows + (size_t)s->nrows * (size_t)s->k, row, (size_t)s->k * sizeof *row);
	s->nrows++;
}

/*
 * Which unknowns the rows pin down (det[j]): e_j lies in their span.  In
 * the reduced row echelon form that is a row with one entry, at column j
 * (a vector of the span is the sum of the rows weighted by its entries at
 * the pivots).  The entries are small integers, so the tolerance is safe.
 */
static void
sys_solve(const struct rr_sys *s, bool *det)
{
	int k = s->k, r = s->nrows, rank = 0;
	double *a = xcalloc((size_t)r * (size_t)k + 1, sizeof *a);

	if (r > 0)
		memcpy(a, s->rows, (size_t)r * (size_t)k * sizeof *a);
	for (int c = 0; c < k && rank < r; c++) {
		int best = -1;
		double bv = 1e-9;

		for (int i = rank; i < r; i++)
			if (fabs(a[i * k + c]) > bv) {
				bv = fabs(a[i * k + c]);
				best = i;
			}
		if (best < 0)
			continue;
		for (int j = 0; j < k; j++) {
			double t = a[best * k + j];

			a[best * k + j] = a[rank * k + j];
			a[rank * k + j] = t;
		}
		bv = a[rank * k + c];
		for (int j = 0; j < k; j++)
			a[rank * k + j] /= bv;
		for (int i = 0; i < r; i++) {
			double f = a[i * k + c];

			if (i == rank || f == 0)
				continue;
			for (int j = 0; j < k; j++)
				a[i * k + j] -= f * a[rank * k + j];
		}
		rank++;
	}
	for (int j = 0; j < k; j++)
		det[j] = false;
	for (int i = 0; i < rank; i++) {
		int nz = 0, at = -1;

		for (int j = 0; j < k; j++)
			if (fabs(a[i * k + j]) > 1e-9) {
				nz++;
				at = j;
			}
		if (nz == 1)
			det[at] = true;
	}
	free(a);
}

/* The row of the responses of the events of partner p (every partner
 * when p < 0), of those with a denominator only when rated.  unk[e]:
 * event e's unknown, or -1.  The caller frees. */
static double *
sys_row(const struct rr_sys *s, const struct rrate *rr, const int *unk, int p, bool rated)
{
	double *row = xcalloc((size_t)s->k + 1, sizeof *row);

	for (int e = 0; e < rr->nev; e++)
		if (unk[e] >= 0 && (p < 0 || rr->ev[e].partner == p) &&
		    (!rated || rr->ev[e].denom > 0))
			row[unk[e]] = 1;
	return row;
}

/* A sum printed already: its row joins the system. */
static void
sys_known(struct rr_sys *s, const struct rrate *rr, const int *unk, int p)
{
	double *row = sys_row(s, rr, unk, p, false);

	sys_add(s, row);
	free(row);
}

/*
 * A rate about to be printed: its row joins the system unless it pins
 * down an unknown the rows before did not.  Returns whether it joined.
 */
static bool
sys_try(struct rr_sys *s, const struct rrate *rr, const int *unk, int p)
{
	double *row = sys_row(s, rr, unk, p, true);
	bool *before = xcalloc((size_t)s->k + 1, sizeof *before);
	bool *after = xcalloc((size_t)s->k + 1, sizeof *after);
	bool ok = true;

	sys_solve(s, before);
	sys_add(s, row);
	sys_solve(s, after);
	for (int j = 0; j < s->k; j++)
		if (after[j] && !before[j])
			ok = false;
	if (!ok)
		s->nrows--;
	free(row);
	free(before);
	free(after);
	return ok;
}

static int
partner_index(const struct rrate *rr, const char *name)
{
	for (int i = 0; i < rr->npart; i++)
		if (strcmp(rr->partners[i], name) == 0)
			return i;
	return -1;
}

static int
event_index(const struct rrate *rr, const char *slug)
{
	for (int i = 0; i < rr->nev; i++)
		if (strcmp(rr->ev[i].slug, slug) == 0)
			return i;
	return -1;
}

/* The events of the selection (those of the event table), their counts
 * and suppression, their partners and denominators. */
static void
load(struct rrate *rr, struct rq *q, bool *all_sup, bool **psup)
{
	struct disclosure *de = disclosure_new(q, ropts_dim("event"), NULL, NULL, NULL);
	struct disclosure *dp = disclosure_new(q, ropts_dim("partner"), NULL, NULL, NULL);
	PGresult *res;

	*all_sup = disclosure_selection_suppressed(de);
	rr->npart = disclosure_ngroups(dp);
	rr->partners = xcalloc((size_t)rr->npart + 1, sizeof *rr->partners);
	*psup = xcalloc((size_t)rr->npart + 1, sizeof **psup);
	for (int i = 0; i < rr->npart; i++) {
		rr->partners[i] = xstrdup(disclosure_group(dp, i));
		(*psup)[i] = disclosure_get(dp, i, -1, DISCLOSURE_RESPONDENTS).sup;
	}
	rr->nev = disclosure_ngroups(de);
	rr->ev = xcalloc((size_t)rr->nev + 1, sizeof *rr->ev);
	for (int i = 0; i < rr->nev; i++) {
		struct disclosure_cell c = disclosure_get(de, i, -1, DISCLOSURE_RESPONDENTS);

		rr->ev[i].slug = xstrdup(disclosure_group(de, i));
		rr->ev[i].n = c.n;
		rr->ev[i].sup = c.sup;
		rr->ev[i].partner = -1;
	}
	/* Partners as the disclosure module names them. */
	res = cli_exec(q->conn, "select slug, coalesce(nullif(partner, ''), 'none'),\n"
	    "    coalesce(attendance, expected_attendance) from event", 0, NULL,
	    PGRES_TUPLES_OK);
	for (int i = 0; i < PQntuples(res); i++) {
		int e = event_index(rr, PQgetvalue(res, i, 0));

		if (e < 0)
			continue;
		rr->ev[e].partner = partner_index(rr, PQgetvalue(res, i, 1));
		rr->ev[e].has = !PQgetisnull(res, i, 2);
		rr->ev[e].denom = rr->ev[e].has ? strtod(PQgetvalue(res, i, 2), NULL) : 0;
	}
	PQclear(res);
	disclosure_free(de);
	disclosure_free(dp);
}

/* The rates over several events, and which of them may print. */
static void
decide(struct rrate *rr, bool all_sup, const bool *psup)
{
	struct rr_sys s = { 0, 0, NULL };
	int *unk = xcalloc((size_t)rr->nev + 1, sizeof *unk);

	/* An empty suppressed event is no unknown: it never protects. */
	for (int e = 0; e < rr->nev; e++)
		unk[e] = rr->ev[e].sup && rr->ev[e].n > 0 ? s.k++ : -1;
	rr->pfig = xcalloc((size_t)rr->npart + 1, sizeof *rr->pfig);
	for (int e = 0; e < rr->nev; e++) {
		const struct rr_event *ev = &rr->ev[e];

		if (ev->denom <= 0)
			continue;
		rr->any = true;
		rr->all.n += ev->n;
		rr->all.denom += ev->denom;
		if (ev->partner >= 0) {
			rr->pfig[ev->partner].n += ev->n;
			rr->pfig[ev->partner].denom += ev->denom;
		}
	}
	/* What is printed already: everyone, and the partners shown. */
	if (s.k > 0) {
		if (!all_sup)
			sys_known(&s, rr, unk, -1);
		for (int p = 0; p < rr->npart; p++)
			if (!psup[p])
				sys_known(&s, rr, unk, p);
	}
	rr->all.sup = all_sup || (s.k > 0 && !sys_try(&s, rr, unk, -1));
	for (int p = 0; p < rr->npart; p++) {
		bool eq = s.k > 0 && !psup[p] && !sys_try(&s, rr, unk, p);

		rr->pfig[p].sup = psup[p] || eq;
		rr->psup_any |= eq && rr->pfig[p].denom > 0;
	}
	free(unk);
	free(s.rows);
}

/* The rates of the groups of --by, an about-you question d. */
static void
load_groups(struct rrate *rr, struct rq *q, const struct rdim *d)
{
	struct disclosure *dg = disclosure_new(q, d, NULL, NULL, NULL);
	const char *name = d->name;
	PGresult *res;

	rr->about = true;
	rr->ng = disclosure_ngroups(dg);
	rr->gcode = xcalloc((size_t)rr->ng + 1, sizeof *rr->gcode);
	rr->gfig = xcalloc((size_t)rr->ng + 1, sizeof *rr->gfig);
	rr->gok = xcalloc((size_t)rr->ng + 1, sizeof *rr->gok);
	res = cli_exec(q->conn, "select e.slug, g.code, g.n from attendance_group g\n"
	    "join event e on e.id = g.event_id where g.dimension = $1", 1, &name,
	    PGRES_TUPLES_OK);
	for (int i = 0; i < rr->ng; i++) {
		struct disclosure_cell c = disclosure_get(dg, i, -1, DISCLOSURE_RESPONDENTS);
		int counted = 0;

		rr->gcode[i] = xstrdup(disclosure_group(dg, i));
		rr->gfig[i].n = c.n;
		rr->gfig[i].sup = c.sup;
		for (int e = 0; e < rr->nev; e++)
			for (int t = 0; t < PQntuples(res); t++)
				if (strcmp(PQgetvalue(res, t, 0), rr->ev[e].slug) == 0 &&
				    strcmp(PQgetvalue(res, t, 1), rr->gcode[i]) == 0) {
					rr->gfig[i].denom += strtod(PQgetvalue(res, t, 2), NULL);
					counted++;
					break;
				}
		rr->gok[i] = rr->nev > 0 && counted == rr->nev;
		rr->gany |= rr->gok[i] && rr->gfig[i].denom > 0;
	}
	PQclear(res);
	disclosure_free(dg);
}

struct rrate *
rrate_new(struct rq *q)
{
	struct rrate *rr = xcalloc(1, sizeof *rr);
	bool all_sup = false, *psup = NULL;

	rr->o = q->o;
	rr->role = q->o->role != NULL;
	if (rr->role)
		return rr;
	load(rr, q, &all_sup, &psup);
	decide(rr, all_sup, psup);
	free(psup);
	if (q->o->by != NULL && q->o->by->about >= 0 && q->o->by->part[0] == NULL)
		load_groups(rr, q, q->o->by);
	return rr;
}

void
rrate_free(struct rrate *rr)
{
	if (rr == NULL)
		return;
	for (int i = 0; i < rr->nev; i++)
		free(rr->ev[i].slug);
	for (int i = 0; i < rr->npart; i++)
		free(rr->partners[i]);
	for (int i = 0; i < rr->ng; i++)
		free(rr->gcode[i]);
	free(rr->gcode);
	free(rr->gfig);
	free(rr->gok);
	free(rr->ev);
	free(rr->partners);
	free(rr->pfig);
	free(rr);
}

/*
 * The rate of group grp: everyone (NULL), an event (--by event) or a
 * partner (--by partner).  *shown_denom: the denominator reach prints
 * (an event's even when 0; NAN: none).  False when the group has no rate
 * of this kind.
 */
static bool
figure(const struct rrate *rr, const char *grp, struct rr_fig *f, double *shown_denom)
{
	const struct rdim *by;

	*shown_denom = NAN;
	if (rr == NULL)
		return false;
	by = rr->o->by;
	if (rr->role)
		return false;
	if (grp != NULL && rr->about) {
		for (int i = 0; i < rr->ng; i++) {
			if (strcmp(rr->gcode[i], grp) != 0)
				continue;
			if (!rr->gok[i])
				return false;
			*f = rr->gfig[i];
			*shown_denom = f->denom;
			return true;
		}
		return false;
	}
	/* No denominator at all: no rate rows (that is public: event list). */
	if (!rr->any)
		return false;
	if (grp == NULL) {
		*f = rr->all;
		if (f->denom > 0)
			*shown_denom = f->denom;
		return true;
	}
	if (by == NULL)
		return false;
	if (strcmp(by->name, "event") == 0) {
		int e = event_index(rr, grp);

		if (e < 0)
			return false;
		f->n = rr->ev[e].n;
		f->denom = rr->ev[e].denom > 0 ? rr->ev[e].denom : 0;
		f->sup = rr->ev[e].sup;
		if (rr->ev[e].has)
			*shown_denom = rr->ev[e].denom;
		return true;
	}
	if (strcmp(by->name, "partner") == 0) {
		int p = partner_index(rr, grp);

		if (p < 0)
			return false;
		*f = rr->pfig[p];
		if (f->denom > 0)
			*shown_denom = f->denom;
		return true;
	}
	return false;
}

static int
col_of(const struct output_column *cols, int ncols, const char *name)
{
	for (int i = 0; i < ncols; i++)
		if (strcmp(cols[i].name, name) == 0)
			return i;
	return -1;
}

/* Set cell name of cells, if cols has that column. */
static void
put(const struct output_column *cols, int ncols, const char **cells, const char *name,
    const char *v)
{
	int c = col_of(cols, ncols, name);

	if (c >= 0)
		cells[c] = v;
}

/* The rate's number and flag cells: empty without a denominator, both
 * numbers "suppressed" when suppressed (the same whatever the rate). */
static void
rate_cells(struct rrate *rr, const struct rr_fig *f, const char **n, const char **rate,
    const char **flag)
{
	*n = *rate = *flag = NULL;
	if (f->denom <= 0)
		return;
	if (f->sup) {
		*n = *rate = OUTPUT_SUPPRESSED;
		return;
	}
	*n = rout_num(rr->buf[0], f->n, 0);
	*rate = rout_num(rr->buf[1], 100 * f->n / f->denom, 2);
	if (f->n > f->denom) {
		*flag = "over_100";
		rr->flagged = true;
	}
}

void
rrate_report_row(struct rrate *rr, struct rout *out, const struct output_column *cols,
    int ncols, const char *grp, const char *label)
{
	const char **cells, *n, *rate, *flag;
	struct rr_fig f;
	double shown;

	if (!figure(rr, grp, &f, &shown))
		return;
	cells = xcalloc((size_t)ncols + 1, sizeof *cells);
	rate_cells(rr, &f, &n, &rate, &flag);
	put(cols, ncols, cells, "group", grp != NULL ? grp : "all");
	put(cols, ncols, cells, "label", label);
	put(cols, ncols, cells, "indicator", "response_rate");
	put(cols, ncols, cells, "n", n);
	put(cols, ncols, cells, "value", rate);
	put(cols, ncols, cells, "flag", flag);
	rout_row(out, cells);
	free(cells);
}

void
rrate_reach_cells(struct rrate *rr, const struct output_column *cols, int ncols,
    const char *grp, const char **cells)
{
	const char *n, *rate, *flag;
	struct rr_fig f;
	double shown;

	if (!figure(rr, grp, &f, &shown))
		return;
	rate_cells(rr, &f, &n, &rate, &flag);
	/* The denominator is public (event show), so it shows even when
	 * the rate is suppressed. */
	put(cols, ncols, cells, "attendance", rout_num(rr->buf[2], shown, 0));
	put(cols, ncols, cells, "response_rate", rate);
	put(cols, ncols, cells, "rate_flag", flag);
}

void
rrate_notes(const struct rrate *rr, struct rout *out)
{
	const struct rdim *by;
	bool partner;
	char *left, *t;
	int nleft = 0;

	if (rr == NULL)
		return;
	by = rr->o->by;
	partner = by != NULL && strcmp(by->name, "partner") == 0;
	left = xstrdup("");
	if (rr->role) {
		rout_note(out, "response_rate is not given with --role: the attendance it "
		    "divides by counts everyone, not one role");
		free(left);
		return;
	}
	if (!rr->any) {
		rout_note(out, "response_rate: no event of the selection has an attendance "
		    "(belong event attendance) or an expected attendance");
		free(left);
		return;
	}
	for (int e = 0; e < rr->nev; e++) {
		if (rr->ev[e].denom > 0)
			continue;
		if (nleft < RRATE_NOTE_NAMES) {
			t = xasprintf("%s%s%s%s", left, nleft > 0 ? ", " : "", rr->ev[e].slug,
			    rr->ev[e].has ? " (attendance 0)" : "");
			free(left);
			left = t;
		}
		nleft++;
	}
	if (nleft > RRATE_NOTE_NAMES) {
		t = xasprintf("%s and %d more", left, nleft - RRATE_NOTE_NAMES);
		free(left);
		left = t;
	}
	rout_note(out, "response_rate: responses over the attendance recorded after "
	    "the event (belong event attendance), else its expected attendance; for "
	    "everyone%s, the responses of the events that have one over the sum of "
	    "theirs%s%s%s", partner ? " and a partner" : "",
	    nleft > 0 ? "; left out, having none: " : "", left,
	    rr->flagged ? "; over_100: more responses than that attendance, shown as is" :
	    "");
	free(left);
	/* Only when a group has a rate: reports without group counts stay
	 * as they were. */
	if (rr->gany)
		rout_note(out, "response_rate of a group: its responses over its "
		    "headcounts (belong event attendance --group), given only for a "
		    "group counted at every event of the selection");
	if (rr->all.denom > 0 && rr->all.sup && rr->nev > 0)
		rout_note(out, "response_rate of everyone is suppressed: with the figures "
		    "shown it would give away the responses of a suppressed event");
	if (partner && rr->psup_any)
		rout_note(out, "response_rate of a partner is suppressed where, with the "
		    "figures shown, it would give away the responses of a suppressed event");
}
