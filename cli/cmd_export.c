/*
 * belong export responses: de-identified rows for R, SPSS or Stata, one
 * column per item and about-you answer, with a codebook.  Rows stream
 * from the server one at a time (single-row mode), so memory does not
 * grow with them.
 *
 * De-identification: no response id, no time finer than the day, rows in
 * the order of their random ids (not of submission), free text only with
 * --include-text and with e-mail addresses, phone numbers and web
 * addresses removed, and what the reports suppress never shown: no rows
 * of a suppressed selection or event; demographic combinations (with the
 * event) rarer than --min-n, or holding a suppressed group, coarsened
 * (role and grade kept) or withheld.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "about.h"
#include "cli.h"
#include "cmd_export.h"
#include "cmdutil.h"
#include "disclosure.h"
#include "export_program.h"
#include "log.h"
#include "output.h"
#include "pgconn.h"
#include "redact.h"
#include "report_opts.h"
#include "report_query.h"
#include "xalloc.h"

#define CELL_MAX CMD_EXPORT_CELL_MAX

/* The query's fixed columns, in order. */
enum { Q_EVENT, Q_DATE, Q_LANG, Q_INSTRUMENT, Q_BELONGING, Q_ANSWERS, Q_LEVEL,
	Q_ROLE, Q_GRADE, Q_GENDER, Q_RACE, Q_DISABILITY, Q_FIRSTGEN, Q_LANGUAGE,
	Q_GENDER_TEXT, Q_RACE_TEXT, Q_QUOTE_OK, Q_TEXTS };

/* An output column: where its value comes from, and its codebook entry. */
struct xcol {
	char *name;
	const char *description;
	int q;			/* a Q_ column, or -1 */
	const struct item *item;	/* an item's column */
	int race_code;		/* race_<code>: index of the code, or -1 */
	int about;		/* an about-you column: enum about_field, or -1 */
};

struct xport {
	struct xcol *cols;
	int ncols;
	struct output_column *ocols;
	const struct rq_items *items;
	long rare, coarsened, withheld, rows;
};

void
cmd_export_usage(FILE *out)
{
	fputs("usage: belong export responses --format csv|json|markdown|latex\n"
	    "           [--event SLUG ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--role ROLE]\n"
	    "           [--include-text] [--min-n N] [--codebook FILE] [--include-test]\n"
	    "\n"
	    "  One de-identified row per response: event, day, language, instrument,\n"
	    "  belonging index, one column per item, the about-you answers (race also\n"
	    "  as 0/1 columns).  Demographic combinations rarer than --min-n (default\n"
	    "  10) keep only role and grade, or nothing; the column demographics says\n"
	    "  which.  Free text only with --include-text.  --codebook FILE writes\n"
	    "  every column and code, in the same format.  Test events (belong event\n"
	    "  add --test) are left out unless --include-test.\n"
	    "\n", out);
	export_program_usage(out);
}

static void
add_col(struct xport *x, const char *name, const char *desc, int q,
    const struct item *it, int race_code, int about)
{
	struct xcol *c;

	x->cols = xrealloc(x->cols, (size_t)(x->ncols + 1) * sizeof *x->cols);
	c = &x->cols[x->ncols++];
	/* An item called like a fixed column gets a prefix. */
	c->name = xstrdup(name);
	for (int i = 0; it != NULL && i < x->ncols - 1; i++)
		if (strcmp(x->cols[i].name, name) == 0) {
			free(c->name);
			c->name = xasprintf("item_%s", name);
		}
	c->description = desc;
	c->q = q;
	c->item = it;
	c->race_code = race_code;
	c->about = about;
}

static void
columns(struct xport *x, const struct ropts *o)
{
	const struct about_question *race = &about_questions[ABOUT_RACE];
	static const char *const about_desc[ABOUT_COUNT] = {
		"role: which best describes the respondent",
		"grade band", "gender", "race and ethnicity, codes separated by ';'",
		"has a disability", "first in family to attend college",
		"language spoken at home",
	};
	int ntext = 0;

	add_col(x, "event", "event slug", Q_EVENT, NULL, -1, -1);
	add_col(x, "date", "day of the response (YYYY-MM-DD)", Q_DATE, NULL, -1, -1);
	add_col(x, "lang", "language of the form: en, es", Q_LANG, NULL, -1, -1);
	add_col(x, "instrument", "survey definition, key@version", Q_INSTRUMENT,
	    NULL, -1, -1);
	add_col(x, "belonging", "belonging index 0-100: mean of the answered "
	    "belonging, include, engage and inspire items, (x - 1) / 4 x 100",
	    Q_BELONGING, NULL, -1, -1);
	for (int i = 0; i < x->items->n; i++) {
		const struct item *it = x->items->v[i];

		if (it->type == ITEM_TEXT) {
			if (o->include_text)
				add_col(x, it->id, it->text[LANG_EN], Q_TEXTS + ntext++, it, -1, -1);
			continue;
		}
		add_col(x, it->id, it->text[LANG_EN], -1, it, -1, -1);
	}
	for (int a = 0; a < ABOUT_COUNT; a++) {
		add_col(x, about_questions[a].name, about_desc[a], Q_ROLE + a, NULL, -1, a);
		if (a == ABOUT_GENDER && o->include_text)
			add_col(x, "gender_text", "gender, self-described (free text)",
			    Q_GENDER_TEXT, NULL, -1, -1);
		if (a != ABOUT_RACE)
			continue;
		for (int k = 0; k < race->ncodes; k++) {
			char *name = xasprintf("race_%s", race->codes[k].code);

			add_col(x, name, race->codes[k].label[LANG_EN], -1, NULL, k, -1);
			free(name);
		}
		if (o->include_text)
			add_col(x, "race_text", "race, self-described (free text)",
			    Q_RACE_TEXT, NULL, -1, -1);
	}
	if (o->include_text)
		add_col(x, "quote_ok", "the respondent allowed quoting the comment: "
		    "true, false", Q_QUOTE_OK, NULL, -1, -1);
	add_col(x, "demographics", "full; coarsened: only role and grade kept; "
	    "withheld: none kept (the combination was rarer than min-n)",
	    Q_LEVEL, NULL, -1, -1);
	x->ocols = xcalloc((size_t)x->ncols, sizeof *x->ocols);
	for (int i = 0; i < x->ncols; i++) {
		const struct item *it = x->cols[i].item;

		x->ocols[i].name = x->cols[i].name;
		x->ocols[i].type = x->cols[i].q == Q_BELONGING || x->cols[i].race_code >= 0 ||
		    (it != NULL && (it->type == ITEM_LIKERT5 || it->type == ITEM_SCALE0_10)) ?
		    OUTPUT_NUMBER : OUTPUT_TEXT;
	}
}

/* The item's value from "item=value,item=value": a number, an option's
 * code, or codes joined with ';' (multi). */
void
cmd_export_item_value(const struct item *it, const char *answers, char *buf)
{
	size_t idlen = strlen(it->id), used = 0;

	buf[0] = '\0';
	for (const char *p = answers; p != NULL && *p != '\0';) {
		const char *eq = strchr(p, '='), *end = strchr(p, ',');
		long v;

		if (eq == NULL)
			break;
		v = strtol(eq + 1, NULL, 10);
		if ((size_t)(eq - p) == idlen && strncmp(p, it->id, idlen) == 0) {
			const char *s = eq + 1;
			char num[24];

			if ((it->type == ITEM_CHOICE || it->type == ITEM_MULTI) &&
			    v >= 1 && v <= it->noptions)
				s = it->options[v - 1].code;
			else {
				snprintf(num, sizeof num, "%ld", v);
				s = num;
			}
			used += (size_t)snprintf(buf + used, CELL_MAX - used, "%s%s",
			    used > 0 ? ";" : "", s);
			if (used >= CELL_MAX)
				used = CELL_MAX - 1;
		}
		p = end != NULL ? end + 1 : NULL;
	}
}

static void
row(void *arg, PGresult *res, const char **cells, char (*bufs)[CELL_MAX])
{
	struct xport *x = arg;
	const char *level = PQgetvalue(res, 0, Q_LEVEL);
	bool coarse = strcmp(level, "coarsened") == 0, withheld = strcmp(level, "withheld") == 0;
	const char *race = PQgetisnull(res, 0, Q_RACE) ? NULL : PQgetvalue(res, 0, Q_RACE);

	if (coarse || withheld)
		x->rare++;
	x->coarsened += coarse;
	x->withheld += withheld;
	for (int i = 0; i < x->ncols; i++) {
		struct xcol *c = &x->cols[i];
		bool hidden = (c->about >= 0 || c->race_code >= 0 || c->q == Q_GENDER_TEXT ||
		    c->q == Q_RACE_TEXT) &&
		    (withheld || (coarse && c->about != ABOUT_ROLE && c->about != ABOUT_GRADE));

		cells[i] = NULL;
		if (hidden)
			continue;
		if (c->q >= 0)
			cells[i] = PQgetisnull(res, 0, c->q) ? NULL : PQgetvalue(res, 0, c->q);
		else if (c->item != NULL) {
			cmd_export_item_value(c->item, PQgetvalue(res, 0, Q_ANSWERS), bufs[i]);
			cells[i] = bufs[i][0] != '\0' ? bufs[i] : NULL;
		} else if (race != NULL && strcmp(race, "prefer_not") != 0) {
			const char *code = about_questions[ABOUT_RACE].codes[c->race_code].code;
			size_t n = strlen(code);
			bool in = false;

			for (const char *p = race; *p != '\0' && !in; p += strcspn(p, ";"),
			    p += *p == ';')
				in = strncmp(p, code, n) == 0 && (p[n] == ';' || p[n] == '\0');
			cells[i] = in ? "1" : "0";
		}
	}
}

static int
codebook(const struct xport *x, const struct ropts *o)
{
	static const struct output_column cols[] = {
		{ "column", OUTPUT_NAME },
		{ "code", OUTPUT_NAME },
		{ "label", OUTPUT_TEXT },
	};
	static const char *const likert[] = { "strongly disagree", "disagree",
		"neither agree nor disagree", "agree", "strongly agree" };
	FILE *fp = fopen(o->codebook, "w");
	struct output *w;
	char code[16];

	if (fp == NULL) {
		log_error("export: --codebook: cannot write %s", o->codebook);
		return 1;
	}
	w = output_begin(fp, o->format, cols, 3, 0);
	for (int i = 0; i < x->ncols; i++) {
		const struct xcol *c = &x->cols[i];
		const char *r[3] = { c->name, NULL, c->description };

		output_row(w, r);
		if (c->item != NULL && c->item->type == ITEM_LIKERT5)
			for (int k = 0; k < 5; k++) {
				snprintf(code, sizeof code, "%d", k + 1);
				r[1] = code;
				r[2] = likert[k];
				output_row(w, r);
			}
		if (c->item != NULL && c->item->type == ITEM_SCALE0_10) {
			r[1] = "0-10";
			r[2] = "0 not at all likely ... 10 extremely likely; NPS: 9-10 "
			    "promoters, 0-6 detractors";
			output_row(w, r);
		}
		for (int k = 0; c->item != NULL && k < c->item->noptions; k++) {
			r[1] = c->item->options[k].code;
			r[2] = c->item->options[k].text[LANG_EN];
			output_row(w, r);
		}
		if (c->about >= 0) {
			const struct about_question *q = &about_questions[c->about];

			for (int k = 0; k < q->ncodes; k++) {
				r[1] = q->codes[k].code;
				r[2] = q->codes[k].label[LANG_EN];
				output_row(w, r);
			}
			r[1] = ABOUT_PREFER_NOT;
			r[2] = about_prefer_not_label[LANG_EN];
			output_row(w, r);
			r[1] = NULL;
			r[2] = "(empty) not answered, or not kept (see demographics)";
			output_row(w, r);
		}
		if (c->race_code >= 0) {
			r[1] = "1";
			r[2] = "chosen (alone or with others)";
			output_row(w, r);
			r[1] = "0";
			r[2] = "not chosen; empty: race not answered or prefer_not";
			output_row(w, r);
		}
	}
	if (output_end(w) != 0 || fclose(fp) != 0) {
		log_error("export: --codebook: cannot write %s", o->codebook);
		return 1;
	}
	return 0;
}

long
cmd_export_stream(PGconn *conn, const char *sql, int nparams,
    const char *const *params, int ncols, cmd_export_row_fn *make_row, void *arg,
    struct output *w)
{
	const char **cells = xcalloc((size_t)ncols, sizeof *cells);
	char (*bufs)[CMD_EXPORT_CELL_MAX] = xcalloc((size_t)ncols, sizeof *bufs);
	char *msg = NULL;
	PGresult *res;
	long rows = 0;

	if (!PQsendQueryParams(conn, sql, nparams, NULL, params, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(conn))
		fatal("database error: %s", pgconn_error(PQerrorMessage(conn)));
	while ((res = PQgetResult(conn)) != NULL) {
		if (PQresultStatus(res) == PGRES_SINGLE_TUPLE) {
			make_row(arg, res, cells, bufs);
			output_row(w, cells);
			rows++;
		} else if (PQresultStatus(res) != PGRES_TUPLES_OK && msg == NULL)
			msg = pgconn_error(PQresultErrorMessage(res));
		PQclear(res);
	}
	free(cells);
	free(bufs);
	if (msg != NULL)
		fatal("database error: %s", msg);
	return rows;
}


/* The query: the fixed columns, then one text item a parameter from $7. */
#define GROUPS_OF_R CMD_EXPORT_GROUPS_OF_R

/*
 * The query: the fixed columns, then one text item a parameter from $9.
 * $6 min-n; $7 the groups the reports suppress ("dimension=code"): a
 * response in one keeps none of them, or only role and grade when those
 * are shown; $8 the events the reports suppress: their responses are left
 * out.  Combinations count the event too, since it is a column.
 */
static char *
query(const struct xport *x)
{
	char *sql = xstrdup(""), *next;
	int p = 9;

	for (int i = 0; i < x->ncols; i++) {
		if (x->cols[i].q < Q_TEXTS)
			continue;
		next = xasprintf("%s, (select " REDACT_SQL("t.body") " from answer_text t"
		    " where t.event_id = r.event_id and t.response_id = r.id"
		    " and t.item = $%d)", sql, p++);
		free(sql);
		sql = next;
	}
	next = xasprintf("with combo as (select r.event_id as ev,"
	    " coalesce(r.role, '') as ro,"
	    " coalesce(r.grade, '') as gr, coalesce(r.gender, '') as ge,"
	    " coalesce(array_to_string(r.race, ';'), '') as ra,"
	    " coalesce(r.disability, '') as di, coalesce(r.firstgen, '') as fi,"
	    " coalesce(r.language, '') as la, count(*) as n,"
	    " count(*) < $6::int or bool_or(" GROUPS_OF_R " && $7::text[]) as rare"
	    " from response r where " RQ_FILTER_R " group by 1, 2, 3, 4, 5, 6, 7, 8),"
	    " coarse as (select ev, ro, gr, sum(n) as n from combo where rare"
	    " group by 1, 2, 3)"
	    " select e.slug, to_char(r.submitted_at, 'YYYY-MM-DD'), r.lang,"
	    " i.key || '@' || i.version, to_char(r.belonging, 'FM990.00'),"
	    " (select string_agg(a.item || '=' || a.value, ',' order by a.item, a.value)"
	    " from answer a where a.event_id = r.event_id and a.response_id = r.id),"
	    " case when not c.rare then 'full' when k.n >= $6::int and not"
	    " (array['role=' || coalesce(r.role, 'not_answered'),"
	    " 'grade=' || coalesce(r.grade, 'not_answered')] && $7::text[])"
	    " then 'coarsened' else 'withheld' end,"
	    " r.role, r.grade, r.gender, array_to_string(r.race, ';'), r.disability,"
	    " r.firstgen, r.language, " REDACT_SQL("r.gender_text") ","
	    " " REDACT_SQL("r.race_text") ", r.quote_ok::text%s"
	    " from response r join event e on e.id = r.event_id"
	    " join instrument i on i.id = r.instrument_id"
	    " join combo c on c.ev = r.event_id and c.ro = coalesce(r.role, '')"
	    " and c.gr = coalesce(r.grade, '') and c.ge = coalesce(r.gender, '')"
	    " and c.ra = coalesce(array_to_string(r.race, ';'), '')"
	    " and c.di = coalesce(r.disability, '') and c.fi = coalesce(r.firstgen, '')"
	    " and c.la = coalesce(r.language, '')"
	    " left join coarse k on c.rare and k.ev = c.ev and k.ro = c.ro"
	    " and k.gr = c.gr"
	    " where " RQ_FILTER_R " and e.slug <> all ($8::text[])"
	    " order by r.event_id, r.id", sql);
	free(sql);
	return next;
}

/* Add s to the text[] literal being built in *arr ("{" ... ). */
static void
array_add(char **arr, const char *s)
{
	char *next = xasprintf("%s%s\"%s\"", *arr, (*arr)[1] != '\0' ? "," : "", s);

	free(*arr);
	*arr = next;
}

/*
 * What the reports suppress over this selection, as the query's $7 (the
 * groups, "dimension=code") and $8 (the events, by slug): so that no row gives a
 * count the reports hide.  Both are PostgreSQL array literals; codes and
 * slugs need no quoting beyond the double quotes.
 */
void
cmd_export_suppressed(struct rq *q, char **groups, char **events)
{
	struct disclosure *dc;
	struct rq_items items;
	char *arr;

	*groups = xstrdup("{");
	*events = xstrdup("{");
	for (int d = 0; d < ropts_nabout_dims; d++) {
		const struct rdim *dim = &ropts_about_dims[d];

		dc = disclosure_new(q, dim, NULL, NULL, NULL);
		for (int g = 0; g < disclosure_ngroups(dc); g++) {
			struct disclosure_cell c = disclosure_get(dc, g, -1,
			    DISCLOSURE_RESPONDENTS);

			if (c.sup && c.n > 0) {
				char *v = xasprintf("%s=%s", dim->name, disclosure_group(dc, g));

				array_add(groups, v);
				free(v);
			}
		}
		disclosure_free(dc);
	}
	/* An event's rows give every answer count of it: left out when the
	 * reports hide its respondents or any item's answers. */
	rq_items(q, false, &items);
	arr = rq_items_array(&items);
	dc = disclosure_new(q, ropts_dim("event"), NULL, &items, arr);
	for (int g = 0; g < disclosure_ngroups(dc); g++) {
		bool hide = disclosure_get(dc, g, -1, DISCLOSURE_RESPONDENTS).sup;

		for (int i = 0; i < items.n && !hide; i++) {
			struct disclosure_cell c = disclosure_get(dc, g, -1,
			    DISCLOSURE_ITEM(i));

			hide = c.sup && c.n > 0;	/* not an item it does not ask */
		}
		if (hide)
			array_add(events, disclosure_group(dc, g));	/* a slug */
	}
	disclosure_free(dc);
	free(arr);
	rq_items_free(&items);
	for (char **a = groups; a != NULL; a = a == groups ? events : NULL) {
		char *next = xasprintf("%s}", *a);

		free(*a);
		*a = next;
	}
}

int
cmd_export(int argc, char **argv, struct cli_global *g)
{
	struct ropts o;
	struct rq q;
	struct rq_items items = { 0 };
	struct xport x = { 0 };
	const char **params = NULL;
	char *sql = NULL, minbuf[24], *sup_groups = NULL, *sup_events = NULL;
	struct disclosure *dc = NULL;
	struct output *w;
	PGconn *conn = NULL;
	int rc, np = 8;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cmd_export_usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "program") == 0)
		return export_program(argc - 1, argv + 1, g);
	if (argc < 2 || strcmp(argv[1], "responses") != 0)
		return cli_usage_error(cmd_export_usage,
		    "export: expected: export responses, or export program SLUG");
	if ((rc = ropts_parse(&o, argc - 1, argv + 1, "export", ROPT_FILTERS |
	    ROPT_MIN_N | ROPT_FORMAT | ROPT_TEXT | ROPT_CODEBOOK, cmd_export_usage, g)) >= 0)
		goto done;
	if (o.format == OUTPUT_TABLE) {
		rc = cmdutil_bad_value("export: --format", "must be csv, json, markdown or latex");
		goto done;
	}
	conn = cli_connect(g);
	if ((rc = ropts_resolve_events(&o, conn)) != 0)
		goto done;
	rq_open(&q, conn, &o);
	rq_items(&q, true, &items);
	x.items = &items;
	columns(&x, &o);
	if (o.codebook != NULL && (rc = codebook(&x, &o)) != 0)
		goto done;
	w = output_begin(stdout, o.format, x.ocols, x.ncols, 0);
	/* The selection is a group like any: rows only if the reports would
	 * show it. */
	dc = disclosure_new(&q, NULL, NULL, NULL, NULL);
	if (disclosure_selection_suppressed(dc)) {
		fprintf(stderr, "belong: export: " DISCLOSURE_REFUSAL "\n", o.min_n);
		rc = cmdutil_output_end(w);
		goto done;
	}
	cmd_export_suppressed(&q, &sup_groups, &sup_events);
	sql = query(&x);
	params = xcalloc((size_t)x.ncols + 10, sizeof *params);
	/* rows, not aggregates: every response of the selection */
	ropts_params(&o, "-infinity", params);
	snprintf(minbuf, sizeof minbuf, "%ld", o.min_n);
	params[5] = minbuf;
	params[6] = sup_groups;
	params[7] = sup_events;
	for (int i = 0; i < x.ncols; i++)
		if (x.cols[i].q >= Q_TEXTS)
			params[np++] = x.cols[i].item->id;
	x.rows = cmd_export_stream(conn, sql, np, params, x.ncols, row, &x, w);
	rc = cmdutil_output_end(w);
	if (strcmp(sup_events, "{}") != 0)
		fprintf(stderr, "belong: export: the responses of events the reports "
		    "suppress are left out\n");
	if (x.rows == 0)
		fprintf(stderr, "belong: export: no responses match the filters\n");
	else
		fprintf(stderr, "belong: export: %ld rows; %ld with a demographic "
		    "combination rarer than %ld or a group the reports suppress: "
		    "%ld coarsened to role and grade, "
		    "%ld withheld\n", x.rows, x.rare, o.min_n, x.coarsened, x.withheld);
done:
	free(sql);
	free(params);
	free(sup_groups);
	free(sup_events);
	disclosure_free(dc);
	for (int i = 0; i < x.ncols; i++)
		free(x.cols[i].name);
	free(x.cols);
	free(x.ocols);
	rq_items_free(&items);
	if (conn != NULL)
		PQfinish(conn);
	ropts_free(&o);
	return rc;
}
