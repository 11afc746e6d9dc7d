/*
 * Report output (report_out.h): the writer's rows inside a JSON object
 * that says what was asked, and the notes a reader needs.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cmdutil.h"
#include "disclosure.h"
#include "lang.h"
#include "log.h"
#include "report_out.h"
#include "xalloc.h"

#define ROUT_MAX_NOTES 8

struct rout {
	const struct ropts *o;
	struct output *w;
	bool refused;
	char *notes[ROUT_MAX_NOTES];
	int nnotes;
};

static void
add_string(cJSON *obj, const char *name, const char *v)
{
	if ((v != NULL ? cJSON_AddStringToObject(obj, name, v) :
	    cJSON_AddNullToObject(obj, name)) == NULL)
		fatal("out of memory");
}

/* Each item's id, type and question in every language it has. */
static cJSON *
json_items(const struct rq_items *items)
{
	cJSON *a = cJSON_CreateArray();

	if (a == NULL)
		fatal("out of memory");
	for (int i = 0; items != NULL && i < items->n; i++) {
		const struct item *it = items->v[i];
		cJSON *obj = cJSON_CreateObject(), *text = cJSON_CreateObject();

		if (obj == NULL || text == NULL)
			fatal("out of memory");
		add_string(obj, "id", it->id);
		add_string(obj, "type", instrument_type_name(it->type));
		for (int l = 0; l < LANG_COUNT; l++)
			if (it->text[l] != NULL)
				add_string(text, lang_code((enum lang)l), it->text[l]);
		cJSON_AddItemToObject(obj, "text", text);
		cJSON_AddItemToArray(a, obj);
	}
	return a;
}

/* The JSON object's members before "rows", without the closing brace. */
static void
json_head(const struct ropts *o, const struct rq_items *items)
{
	cJSON *obj = cJSON_CreateObject(), *f, *ev;
	char *text;

	if (obj == NULL || (f = cJSON_CreateObject()) == NULL ||
	    (ev = cJSON_CreateArray()) == NULL)
		fatal("out of memory");
	add_string(obj, "command", o->cmd);
	add_string(obj, "by", o->by != NULL ? o->by->name : NULL);
	if (cJSON_AddNumberToObject(obj, "min_n", (double)o->min_n) == NULL)
		fatal("out of memory");
	add_string(obj, "interval", o->interval);
	add_string(obj, "indicator", o->interval != NULL ?
	    (o->indicator != NULL ? o->indicator : "belonging") : NULL);
	add_string(obj, "region", o->region);
	for (int i = 0; i < o->nevents; i++)
		cJSON_AddItemToArray(ev, cJSON_CreateString(o->events[i]));
	cJSON_AddItemToObject(f, "events", ev);
	add_string(f, "from", o->from);
	add_string(f, "to", o->to);
	add_string(f, "role", o->role);
	cJSON_AddItemToObject(obj, "filters", f);
	if (items != NULL)
		cJSON_AddItemToObject(obj, "items", json_items(items));
	if ((text = cJSON_PrintUnformatted(obj)) == NULL)
		fatal("out of memory");
	text[strlen(text) - 1] = '\0';		/* the closing brace */
	printf("%s,\"rows\":", text);
	cJSON_free(text);
	cJSON_Delete(obj);
}

struct rout *
rout_begin(const struct ropts *o, const struct rq_items *items,
    const struct output_column *cols, int ncols)
{
	struct rout *r = xcalloc(1, sizeof *r);

	r->o = o;
	if (o->format == OUTPUT_JSON)
		json_head(o, items);
	r->w = output_begin(stdout, o->format, cols, ncols, OUTPUT_SUPPRESSION);
	return r;
}

void
rout_row(struct rout *r, const char *const *cells)
{
	output_row(r->w, cells);
}

void
rout_note(struct rout *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (r->nnotes == ROUT_MAX_NOTES)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	r->notes[r->nnotes++] = s;
}

void
rout_note_race(struct rout *r, const struct ropts *o)
{
	if (o->by != NULL && strcmp(o->by->name, "race") == 0)
		rout_note(r, "race is multi-select: each respondent counts in every "
		    "group chosen (alone or in combination) and, choosing two or more, "
		    "also in two_or_more, so groups overlap and do not add up to everyone");
}

void
rout_note_suppressed(struct rout *r, const struct ropts *o)
{
	rout_note(r, "cells of fewer than %ld are suppressed, and others with them "
	    "wherever a total would give one away (see PRIVACY in belong(1))",
	    o->min_n);
}

void
rout_refuse(struct rout *r)
{
	char *msg = xasprintf(DISCLOSURE_REFUSAL, r->o->min_n);

	r->refused = true;
	fprintf(stderr, "belong: %s: %s\n", r->o->cmd, msg);
	if (r->o->format == OUTPUT_TABLE) {
		/* that line and nothing else: not even the table's header */
		output_abandon(r->w);
		r->w = NULL;
		printf("%s\n", msg);
	} else
		rout_note(r, "%s", msg);
	free(msg);
}

/* "note: " and the text, wrapped at spaces to fit OUTPUT_WIDTH. */
static void
note_wrapped(const char *s)
{
	const char *prefix = "note: ";
	size_t width = OUTPUT_WIDTH - strlen(prefix);

	while (strlen(s) > width) {
		size_t cut = width;

		while (cut > 0 && s[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = width;
		printf("%s%.*s\n", prefix, (int)cut, s);
		s += cut + (s[cut] == ' ');
		prefix = "      ";
	}
	printf("%s%s\n", prefix, s);
}

int
rout_end(struct rout *r)
{
	int rc = r->w != NULL ? cmdutil_output_end(r->w) : 0;

	if (r->o->format == OUTPUT_JSON) {
		cJSON *a = cJSON_CreateArray();
		char *text;

		for (int i = 0; i < r->nnotes; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(r->notes[i]));
		if (a == NULL || (text = cJSON_PrintUnformatted(a)) == NULL)
			fatal("out of memory");
		printf(",\"notes\":%s%s}\n", text, r->refused ? ",\"suppressed\":true" : "");
		cJSON_free(text);
		cJSON_Delete(a);
	}
	for (int i = 0; i < r->nnotes; i++) {
		if (r->refused)
			;	/* said once, by rout_refuse */
		else if (r->o->format == OUTPUT_TABLE)
			note_wrapped(r->notes[i]);
		else if (r->o->format == OUTPUT_CSV)
			fprintf(stderr, "belong: %s: note: %s\n", r->o->cmd, r->notes[i]);
		free(r->notes[i]);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = 1;
	free(r);
	return rc;
}

const char *
rout_num(char *buf, double v, int decimals)
{
	if (isnan(v) || isinf(v))
		return NULL;
	snprintf(buf, 32, "%.*f", decimals, v);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}
