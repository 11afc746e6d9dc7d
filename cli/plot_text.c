/*
 * The words around a chart's numbers, in the chart's language.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_text.h"
#include "xalloc.h"

#define ES(c) ((c)->lang == LANG_ES)

static char *clean(const char *s);

void
plot_text_count(char *buf, size_t size, double n, enum lang lang)
{
	char digits[32], out[64];
	const char *sep = lang == LANG_ES ? "\xc2\xa0" : ",";
	size_t nd, o = 0;
	bool neg = n < 0;

	snprintf(digits, sizeof digits, "%.0f", fabs(n));
	nd = strlen(digits);
	if (neg)
		out[o++] = '-';
	for (size_t i = 0; i < nd && o + 4 < sizeof out; i++) {
		/* RAE: a four-digit number is written without a space. */
		if (i > 0 && (nd - i) % 3 == 0 && (lang != LANG_ES || nd > 4)) {
			memcpy(out + o, sep, strlen(sep));
			o += strlen(sep);
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
}

static const char *
jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* An event's title in lang from `event list --format json`, or NULL. */
static const char *
event_title(const cJSON *events, const char *slug, enum lang lang)
{
	const cJSON *e;
	const char *t;

	cJSON_ArrayForEach(e, events) {
		const char *s = jstr(e, "slug");

		if (s == NULL || strcmp(s, slug) != 0)
			continue;
		if (lang == LANG_ES && (t = jstr(e, "title_es")) != NULL && *t != '\0')
			return t;
		t = jstr(e, "title");
		return t != NULL && *t != '\0' ? t : NULL;
	}
	return NULL;
}

char *
plot_text_event_labels(const char *json, const char *events_json, enum lang lang)
{
	cJSON *root = NULL, *events = NULL, *row;
	const char *by;
	char *r = NULL;

	if (json == NULL || events_json == NULL ||
	    (root = cJSON_Parse(json)) == NULL ||
	    (by = jstr(root, "by")) == NULL || strcmp(by, "event") != 0 ||
	    (events = cJSON_Parse(events_json)) == NULL)
		goto done;
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(root, "rows")) {
		const char *g = jstr(row, "group"), *t;
		cJSON *label;

		if (g == NULL || (t = event_title(events, g, lang)) == NULL)
			continue;
		if ((label = cJSON_CreateString(t)) == NULL)
			goto done;
		if (cJSON_HasObjectItem(row, "label"))
			cJSON_ReplaceItemInObjectCaseSensitive(row, "label", label);
		else
			cJSON_AddItemToObject(row, "label", label);
	}
	r = cJSON_PrintUnformatted(root);
done:
	cJSON_Delete(root);
	cJSON_Delete(events);
	return r;
}

char *
plot_text_commitment_titles(const char *json, const char *list_json)
{
	cJSON *root = NULL, *list = NULL, *rows, *row, *obj = NULL;
	char *r = NULL;

	if (json == NULL || list_json == NULL ||
	    (root = cJSON_Parse(json)) == NULL ||
	    (list = cJSON_Parse(list_json)) == NULL)
		goto done;
	rows = cJSON_IsArray(root) ? root :
	    cJSON_GetObjectItemCaseSensitive(root, "rows");
	if (!cJSON_IsArray(rows))
		goto done;
	cJSON_ArrayForEach(row, rows) {
		const char *slug = jstr(row, "slug");
		const cJSON *c;

		if (slug == NULL || jstr(row, "title") != NULL)
			continue;
		cJSON_ArrayForEach(c, list) {
			const char *s = jstr(c, "slug"), *t = jstr(c, "title");
			cJSON *title;

			if (s == NULL || t == NULL || strcmp(s, slug) != 0)
				continue;
			if ((title = cJSON_CreateString(t)) == NULL)
				goto done;
			if (cJSON_HasObjectItem(row, "title"))
				cJSON_ReplaceItemInObjectCaseSensitive(row, "title", title);
			else
				cJSON_AddItemToObject(row, "title", title);
			break;
		}
	}
	if (rows == root) {
		if ((obj = cJSON_CreateObject()) == NULL)
			goto done;
		cJSON_AddItemToObject(obj, "rows", root);
		root = obj;
	}
	r = cJSON_PrintUnformatted(root);
done:
	cJSON_Delete(root);
	cJSON_Delete(list);
	return r;
}

char *
plot_text_indicator(const char *ind, const char *group, enum lang lang)
{
	static const struct { const char *name, *w[LANG_COUNT]; } simple[] = {
		{ "attendance", { "People reached (attendance)",
		    "Personas alcanzadas (asistencia)" } },
		{ "respondents", { "Respondents", "Personas que respondieron" } },
		{ "new-reach", { "First-time respondents",
		    "Participantes por primera vez" } },
		{ "educators", { "Educators reached", "Educadores alcanzados" } },
		{ "sites:state", { "States reached", "Estados alcanzados" } },
		{ "sites:district", { "Districts reached",
		    "Distritos alcanzados" } },
		{ "sites:school", { "Schools reached", "Escuelas alcanzadas" } },
		{ "sites:program", { "Program sites reached",
		    "Sedes de programas alcanzadas" } },
	};
	const char *g = NULL;
	char dim[64];
	bool es = lang == LANG_ES;

	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (strcmp(simple[i].name, ind) == 0)
			return xstrdup(simple[i].w[lang]);
	if (group != NULL && strchr(group, '=') != NULL) {
		size_t n = (size_t)(strchr(group, '=') - group);

		snprintf(dim, sizeof dim, "%.*s", (int)(n < sizeof dim ? n : 0), group);
		g = plot_group_label(dim, strchr(group, '=') + 1,
		    strchr(group, '=') + 1, lang);
	}
	if (strcmp(ind, "group-share") == 0)
		return xasprintf(es ? "%% de participantes: %s" :
		    "%% of respondents: %s", g ? g : "?");
	if (strcmp(ind, "belonging") == 0)
		return g ? xasprintf(es ? "Índice de pertenencia: %s" :
		    "Belonging index: %s", g) : xstrdup(es ? "Índice de pertenencia" :
		    "Belonging index");
	if (strcmp(ind, "gap") == 0)
		return xasprintf(es ? "Brecha de pertenencia: %s" :
		    "Belonging gap: %s", g ? g : "?");
	if (strncmp(ind, "agree:", 6) == 0)
		return xasprintf(es ? "Acuerdo con «%s»" :
		    "Agreement with \u201c%s\u201d", ind + 6);
	return xstrdup(ind);
}

const char *
plot_text_status(const char *status, enum lang lang)
{
	static const struct { const char *name, *w[LANG_COUNT]; } words[] = {
		{ "met", { "met", "cumplido" } },
		{ "on track", { "on track", "en camino" } },
		{ "at risk", { "at risk", "en riesgo" } },
		{ "off track", { "off track", "retrasado" } },
		{ "not enough data", { "not enough data", "datos insuficientes" } },
		{ "suppressed", { "suppressed", "suprimido" } },
	};

	for (size_t i = 0; status != NULL && i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i].name, status) == 0)
			return words[i].w[lang];
	return status != NULL ? status : "";
}

/* The question of item id in lang, else in English, else NULL: from the
 * JSON's "items" (as plot_data does for the items chart). */
static char *
question(const cJSON *root, const char *id, enum lang lang)
{
	const cJSON *it;
	char *q = NULL;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "items")) {
		const cJSON *text = cJSON_GetObjectItemCaseSensitive(it, "text");
		const char *itid = jstr(it, "id"), *t;

		if (itid == NULL || strcmp(itid, id) != 0)
			continue;
		if ((t = jstr(text, lang_code(lang))) == NULL || *t == '\0')
			t = jstr(text, "en");
		if (t != NULL && *t != '\0') {
			size_t n = strlen(t);

			/* Inside quotes, a statement's full stop is the title's. */
			q = xstrdup(t);
			if (n > 1 && q[n - 1] == '.')
				q[n - 1] = '\0';
		}
		break;
	}
	return q;
}

/* "month" -> "per month" / "por mes"; the axis: "Month" / "Mes". */
static const char *
interval_word(const char *interval, enum lang lang, bool axis)
{
	static const struct { const char *name, *en[2], *es[2]; } w[] = {
		{ "week", { "per week", "Week" }, { "por semana", "Semana" } },
		{ "month", { "per month", "Month" }, { "por mes", "Mes" } },
		{ "quarter", { "per quarter", "Quarter" }, { "por trimestre", "Trimestre" } },
		{ "year", { "per year", "Year" }, { "por año", "Año" } },
	};

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (interval != NULL && strcmp(w[i].name, interval) == 0)
			return lang == LANG_ES ? w[i].es[axis] : w[i].en[axis];
	return axis ? (lang == LANG_ES ? "Periodo" : "Period") : "";
}

/* belong change's: "Change in the belonging index, before and after the
 * program"; an item's names its question as a trend's does. */
static char *
change_title(const cJSON *root, const struct plot_chart *c, const char *ind)
{
	bool retro = c->design != NULL && strcmp(c->design, "retro") == 0;
	const char *when = retro ? (ES(c) ? "antes del programa y ahora" :
	    "before the program and now") : (ES(c) ? "antes y después del "
	    "programa" : "before and after the program");
	char *q = NULL, *t;

	if (strncmp(ind, "agree:", 6) == 0 || strncmp(ind, "nps:", 4) == 0) {
		const char *id = strchr(ind, ':') + 1;

		q = question(root, id, c->lang);
		if (ind[0] == 'a')
			t = xasprintf(ES(c) ? "Cambio en el acuerdo con «%s», %s" :
			    "Change in agreement with \u201c%s\u201d, %s",
			    q ? q : id, when);
		else
			t = xasprintf(ES(c) ? "Cambio en el NPS de «%s», %s" :
			    "Change in the net promoter score of \u201c%s\u201d, %s",
			    q ? q : id, when);
		free(q);
		return t;
	}
	return xasprintf(ES(c) ? "Cambio en el índice de pertenencia, %s" :
	    "Change in the belonging index, %s", when);
}

/* The chart's title; a trend of one item names its question (the id
 * only when the JSON has no text for it). */
static char *
default_title(const cJSON *root, const struct plot_chart *c)
{
	const char *ind = c->indicator ? c->indicator : "belonging";
	char *what, *t, *q = NULL;

	switch (c->kind) {
	case PLOT_TREND:
		if (strncmp(ind, "agree:", 6) == 0 || strncmp(ind, "nps:", 4) == 0) {
			bool agree = ind[0] == 'a';
			const char *id = strchr(ind, ':') + 1;

			q = question(root, id, c->lang);
			if (agree)
				what = xasprintf(ES(c) ? "Acuerdo con «%s»" :
				    "Agreement with \u201c%s\u201d", q ? q : id);
			else
				what = xasprintf(ES(c) ? "Índice de recomendación neta (NPS) "
				    "de «%s»" : "Net promoter score of \u201c%s\u201d",
				    q ? q : id);
			free(q);
		} else if (strcmp(ind, "n") == 0)
			what = xstrdup(ES(c) ? "Personas que respondieron" : "Respondents");
		else
			what = xstrdup(ES(c) ? "Índice de pertenencia" : "Belonging index");
		t = xasprintf("%s %s", what, interval_word(c->interval, c->lang, false));
		free(what);
		break;
	case PLOT_GAPS:
		t = xstrdup(ES(c) ? "Brecha de pertenencia de cada grupo frente al resto" :
		    "Belonging gap of each group to everyone else");
		break;
	case PLOT_REACH:
		t = xstrdup(ES(c) ? "Quién respondió, frente a la población de referencia" :
		    "Who responded, compared with the benchmark population");
		break;
	case PLOT_CHANGE:
		t = change_title(root, c, ind);
		break;
	case PLOT_COMMITMENT:
		t = xstrdup(ES(c) ? "Avance de los compromisos hacia sus metas" :
		    "Progress of the commitments toward their targets");
		break;
	default:
		t = xstrdup(ES(c) ? "Acuerdo con cada pregunta de la encuesta" :
		    "Agreement with each survey item");
		break;
	}
	if (c->by != NULL) {
		what = t;
		t = xasprintf(ES(c) ? "%s, por %s" : "%s, by %s", what,
		    plot_dim_name(c->by, c->lang));
		free(what);
	}
	return t;
}

static void
axis_labels(struct plot_text *t, const struct plot_chart *c)
{
	const char *ind = c->indicator ? c->indicator : "belonging";

	switch (c->kind) {
	case PLOT_TREND:
		t->xlabel = xstrdup(interval_word(c->interval, c->lang, true));
		if (strncmp(ind, "agree:", 6) == 0)
			t->ylabel = xstrdup(ES(c) ? "De acuerdo o muy de acuerdo (%), "
			    "intervalo de 95 %" : "Agree or strongly agree (%), "
			    "95% interval");
		else if (strncmp(ind, "nps:", 4) == 0)
			t->ylabel = xstrdup(ES(c) ? "NPS (−100 a 100), intervalo de 95 %" :
			    "Net promoter score (−100 to 100), 95% interval");
		else if (strcmp(ind, "n") == 0)
			t->ylabel = xstrdup(ES(c) ? "Personas que respondieron" :
			    "Respondents");
		else
			t->ylabel = xstrdup(ES(c) ? "Índice de pertenencia (0–100), "
			    "intervalo de 95 %" : "Belonging index (0–100), 95% interval");
		t->key1 = xstrdup("");
		t->key2 = xstrdup("");
		break;
	case PLOT_GAPS:
		/* The interval is the report's (Welch, or the cluster design's);
		 * the flag is its adjusted p (belong report --adjust). */
		t->xlabel = xstrdup(ES(c) ? "Puntos del índice de pertenencia: el grupo "
		    "menos el resto, intervalo de 95 %" :
		    "Belonging index points: the group minus everyone else, "
		    "95% interval");
		t->ylabel = xstrdup("");
		t->key1 = xstrdup(ES(c) ? "p ajustado menor que 0,05" :
		    "Adjusted p below 0.05");
		t->key2 = xstrdup(ES(c) ? "p ajustado de 0,05 o más" :
		    "Adjusted p 0.05 or more");
		break;
	case PLOT_CHANGE: {
		bool retro = c->design != NULL && strcmp(c->design, "retro") == 0;

		if (strncmp(ind, "agree:", 6) == 0)
			t->xlabel = xstrdup(ES(c) ? "De acuerdo o muy de acuerdo (%), "
			    "intervalo de 95 %" : "Agree or strongly agree (%), "
			    "95% interval");
		else if (strncmp(ind, "nps:", 4) == 0)
			t->xlabel = xstrdup(ES(c) ? "NPS (−100 a 100), intervalo de "
			    "95 %" : "Net promoter score (−100 to 100), 95% interval");
		else
			t->xlabel = xstrdup(ES(c) ? "Índice de pertenencia (0–100), "
			    "intervalo de 95 %" : "Belonging index (0–100), "
			    "95% interval");
		t->ylabel = xstrdup("");
		t->key1 = xstrdup(retro ? (ES(c) ? "Antes del programa" :
		    "Before the program") : (ES(c) ? "Antes (encuesta previa)" :
		    "Before (pre survey)"));
		t->key2 = xstrdup(retro ? (ES(c) ? "Ahora" : "Now") :
		    (ES(c) ? "Después (encuesta posterior)" :
		    "After (post survey)"));
		break;
	}
	case PLOT_COMMITMENT:
		/* Each row in its own unit: no axis; the footnote says so. */
		t->xlabel = xstrdup("");
		t->ylabel = xstrdup("");
		t->key1 = xstrdup(ES(c) ? "Valor actual (intervalo de 95 %)" :
		    "Value so far (95% interval)");
		t->key2 = xstrdup(ES(c) ? "Meta" : "Target");
		t->key3 = xstrdup(ES(c) ? "Línea de base" : "Baseline");
		t->key4 = xstrdup(ES(c) ? "Proyección al plazo (95 %)" :
		    "Projection to the due date (95%)");
		break;
	case PLOT_REACH:
		t->xlabel = xstrdup("");
		if (c->share_known)
			t->ylabel = xstrdup(ES(c) ? "% de quienes respondieron la pregunta" :
			    "% of those who answered the question");
		else
			t->ylabel = xstrdup(ES(c) ? "% de quienes respondieron la encuesta" :
			    "% of all respondents");
		t->key1 = xstrdup(ES(c) ? "Participantes" : "Respondents");
		if (c->region != NULL)
			t->key2 = xasprintf(ES(c) ? "Referencia: %s" : "Benchmark: %s",
			    c->region);
		else
			t->key2 = xstrdup(ES(c) ? "Referencia" : "Benchmark");
		break;
	default:
		t->xlabel = xstrdup(ES(c) ? "De acuerdo o muy de acuerdo (%), intervalo "
		    "de Wilson de 95 %" : "Agree or strongly agree (%), 95% Wilson "
		    "interval");
		t->ylabel = xstrdup("");
		t->key1 = xstrdup("");
		t->key2 = xstrdup("");
		break;
	}
}

void
plot_text_wrap(char *s, size_t width)
{
	char *line = s, *space = NULL;
	size_t chars = 0;

	for (char *p = s; *p; p++) {
		if (*p == '\n') {
			line = p + 1;
			space = NULL;
			chars = 0;
			continue;
		}
		if (*p == ' ')
			space = p;
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
		if (chars > width && space != NULL) {
			*space = '\n';
			chars = 0;
			for (char *q = space + 1; q <= p; q++)
				chars += ((unsigned char)*q & 0xc0) != 0x80;
			line = space + 1;
			space = NULL;
		}
	}
	(void)line;
}

/* belong change's pairs and design, for the footnote: ". Matched pairs:
 * n = 1,234. Design: ..." */
static void
change_design(FILE *f, const struct plot_chart *c)
{
	bool retro = c->design != NULL && strcmp(c->design, "retro") == 0;
	char a[64];

	if (c->total_n >= 0) {
		plot_text_count(a, sizeof(a), (double)c->total_n, c->lang);
		if (retro)
			fprintf(f, ES(c) ? ". Respuestas con las dos columnas: "
			    "n\u00a0=\u00a0%s" : ". Responses with both columns: "
			    "n\u00a0=\u00a0%s", a);
		else
			fprintf(f, ES(c) ? ". Pares emparejados: n\u00a0=\u00a0%s" :
			    ". Matched pairs: n\u00a0=\u00a0%s", a);
	}
	if (retro)
		fputs(ES(c) ? ". Diseño: pre/post retrospectivo (antes y ahora, "
		    "en una sola encuesta)" : ". Design: retrospective pre/post "
		    "(before and now, in one survey)", f);
	else
		fputs(ES(c) ? ". Diseño: encuestas previa y posterior emparejadas "
		    "por un código anónimo" : ". Design: pre and post surveys "
		    "matched by an anonymous code", f);
	if (c->variance != NULL && strcmp(c->variance, "cluster") == 0)
		fputs(ES(c) ? ", los eventos como conglomerados" :
		    ", events as clusters", f);
}

static char *
footnote(const struct plot_text_in *in, const struct plot_chart *c,
    const cJSON *events, const char *design, const char *notes)
{
	char *buf = NULL, a[64], b[64];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *first = in->from, *last = in->to;

	if (f == NULL) {
		perror("belong: plot");
		exit(1);
	}
	/* The source first: who collected the responses. */
	if (in->source != NULL && *in->source != '\0') {
		char *src = clean(in->source);

		for (char *p = src; *p; p++)
			if (*p == '\n')
				*p = ' ';
		fprintf(f, ES(c) ? "Fuente: %s; " : "Source: %s; ", src);
		free(src);
	} else if (c->kind == PLOT_COMMITMENT)
		fputs(ES(c) ? "Fuente: respuestas a la encuesta y asistencia "
		    "registrada en belong; " : "Source: belong survey responses "
		    "and recorded attendance; ", f);
	else
		fputs(ES(c) ? "Fuente: respuestas a la encuesta de belong; " :
		    "Source: belong survey responses; ", f);
	if (c->kind == PLOT_COMMITMENT && in->commitment != NULL) {
		char *slug = clean(in->commitment);

		fprintf(f, ES(c) ? "compromiso %s" : "commitment %s", slug);
		free(slug);
	} else if (c->kind == PLOT_COMMITMENT) {
		fputs(ES(c) ? "compromisos abiertos" : "open commitments", f);
	} else if (c->kind == PLOT_CHANGE) {
		char *prog = clean(c->program != NULL ? c->program : "?");

		fprintf(f, ES(c) ? "programa %s" : "program %s", prog);
		free(prog);
	} else if (in->nevents == 0)
		fputs(ES(c) ? "todos los eventos" : "all events", f);
	for (int i = 0; i < in->nevents; i++) {
		const char *title = event_title(events, in->events[i], c->lang);
		char *shown = title ? clean(title) : NULL;

		fprintf(f, "%s%s", i == 0 ? (ES(c) ? (in->nevents > 1 ? "eventos " :
		    "evento ") : (in->nevents > 1 ? "events " : "event ")) : ", ",
		    shown ? shown : in->events[i]);
		free(shown);
	}
	if (in->role != NULL)
		fprintf(f, ES(c) ? "; rol: %s" : "; role: %s",
		    plot_group_label("role", in->role, in->role, c->lang));
	/* Dates: the filters as given, else the months with responses. */
	if (first == NULL && in->first != NULL) {
		plot_period_label(a, sizeof(a), in->first,
		    c->kind == PLOT_TREND ? c->interval : "month", c->lang);
		first = a;
	}
	if (last == NULL && in->last != NULL) {
		plot_period_label(b, sizeof(b), in->last,
		    c->kind == PLOT_TREND ? c->interval : "month", c->lang);
		last = b;
	}
	if (first != NULL && last != NULL)
		fprintf(f, ". %s – %s", first, last);
	else if (first != NULL)
		fprintf(f, ES(c) ? ". Desde %s" : ". From %s", first);
	else if (last != NULL)
		fprintf(f, ES(c) ? ". Hasta %s" : ". Until %s", last);
	if (c->kind == PLOT_CHANGE) {
		change_design(f, c);
	} else if (c->total_n >= 0) {
		plot_text_count(a, sizeof(a), (double)c->total_n, c->lang);
		fprintf(f, ". n\u00a0=\u00a0%s", a);
	}
	/* (change's "design" is prepost or retro: change_design said it.) */
	if (design != NULL && strncmp(design, "cluster", 7) == 0)
		fputs(ES(c) ? ". Diseño: los eventos como conglomerados" :
		    ". Design: events as clusters", f);
	else if (design != NULL && strncmp(design, "srs", 3) == 0)
		fputs(ES(c) ? ". Diseño: muestra aleatoria simple" :
		    ". Design: simple random sample", f);
	if (c->kind == PLOT_COMMITMENT)
		fputs(ES(c) ? ". Cada compromiso en su propia escala, de 0 (o su "
		    "cifra más baja) a poco más de la más alta. Intervalos de "
		    "confianza de 95 %; la proyección, por mínimos cuadrados sobre "
		    "las cifras mensuales hasta hoy." : ". Each commitment on its own "
		    "scale, from 0 (or its lowest figure) to just past its highest. "
		    "95% confidence intervals; the projection by least squares over "
		    "the monthly figures so far.", f);
	else if (c->kind != PLOT_REACH)
		fputs(ES(c) ? ". Intervalos de confianza de 95 %." :
		    ". 95% confidence intervals.", f);
	else
		fputs(".", f);
	fputc('\n', f);
	if (c->min_n > 0 && c->kind == PLOT_COMMITMENT)
		fprintf(f, ES(c) ? "Se suprimen las cifras de grupos de menos de "
		    "%ld personas" : "Figures from groups of fewer than %ld are "
		    "suppressed", c->min_n);
	else if (c->min_n > 0 && c->kind == PLOT_CHANGE)
		fprintf(f, ES(c) ? "Se suprimen los grupos de menos de %ld pares" :
		    "Groups of fewer than %ld pairs are suppressed", c->min_n);
	else if (c->min_n > 0)
		fprintf(f, ES(c) ? "Se suprimen los grupos de menos de %ld personas" :
		    "Groups of fewer than %ld are suppressed", c->min_n);
	else
		fputs(ES(c) ? "Se suprimen los grupos pequeños" :
		    "Small groups are suppressed", f);
	if (c->suppressed.n == 0)
		fputs(ES(c) ? "; ninguno aquí." : "; none here.", f);
	for (int i = 0; i < c->suppressed.n; i++)
		fprintf(f, "%s%s", i == 0 ? (ES(c) ? "; suprimidos aquí: " :
		    "; suppressed here: ") : ", ", c->suppressed.v[i]);
	if (c->suppressed.n > 0)
		fputc('.', f);
	if (c->overlap)
		fputs(ES(c) ? "\nRaza y etnia admite varias respuestas: cada persona "
		    "cuenta en cada grupo elegido y, con dos o más, también en «Dos o "
		    "más»; los grupos se superponen." : "\nRace and ethnicity is "
		    "multi-select: a respondent counts in every group chosen and, with "
		    "two or more, in \"Two or more\" too; groups overlap.", f);
	if (c->kind == PLOT_REACH && c->share_known)
		fputs(ES(c) ? "\nPorcentajes de quienes respondieron la pregunta (sin "
		    "«Prefiero no decirlo» ni «Sin respuesta»)." : "\nShares of those "
		    "who answered the question (without \"prefer not to say\" and "
		    "\"not answered\").", f);
	else if (c->kind == PLOT_REACH)
		fputs(ES(c) ? "\nPorcentajes de todas las respuestas: el de quienes "
		    "respondieron la pregunta revelaría un grupo suprimido." :
		    "\nShares of all respondents: shares of those who answered the "
		    "question would give a suppressed group away.", f);
	if (notes != NULL)
		fprintf(f, "\n%s", notes);
	if (fclose(f) != 0) {
		perror("belong: plot");
		exit(1);
	}
	/* About 0.58 em a character in the footnote's font (7 pt to the
	 * body's 8.5): DejaVu Sans's digits and capitals are wider than
	 * 0.55, and a footnote must not run off the page. */
	plot_text_wrap(buf, (size_t)((double)in->w * 0.94 /
	    (in->fs * (7.0 / 8.5) * 0.58)));
	return buf;
}

/* User text: kept as given, except control characters other than a
 * newline, which become spaces. */
static char *
clean(const char *s)
{
	char *r = xstrdup(s);

	for (char *p = r; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f)
			*p = ' ';
	return r;
}

/* A value drawn: a finite number, not suppressed.  Which rows a chart
 * draws from are as in plot_data.c. */
static bool
drawn_value(const struct plot_chart *c, const cJSON *row, double *v)
{
	const char *g = jstr(row, "group"), *ind = jstr(row, "indicator");
	const char *key = "value";
	const cJSON *x;

	if (g == NULL || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(row,
	    "suppressed")))
		return false;
	switch (c->kind) {
	case PLOT_TREND:
		if (jstr(row, "period") == NULL || strcmp(jstr(row, "period"), "slope") == 0)
			return false;
		break;
	case PLOT_GAPS:
		if (strcmp(g, "all") == 0 || ind == NULL || strcmp(ind, "gap") != 0)
			return false;
		break;
	case PLOT_ITEMS:
		if (ind == NULL || strncmp(ind, "agree:", 6) != 0)
			return false;
		break;
	case PLOT_CHANGE:
		/* Pre and post differ by design; nothing here misleads. */
		return false;
	case PLOT_COMMITMENT:
		/* Each in its own unit: equal values mean nothing. */
		return false;
	default:
		if (strcmp(g, "all") == 0 || (c->share_known &&
		    (strcmp(g, "prefer_not") == 0 || strcmp(g, "not_answered") == 0)))
			return false;
		key = c->share_known ? "share_known" : "share";
		break;
	}
	x = cJSON_GetObjectItemCaseSensitive(row, key);
	if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble))
		return false;
	*v = x->valuedouble;
	return true;
}

struct odd_group {
	const char *code, *label, *period;
	int periods;		/* with a value */
};

/*
 * What would mislead without a word: a trend of one period, a group with
 * a value in one period only (a point, no line), every value the same.
 * One line each for stderr into *warnings (English, as belong's other
 * messages), and the words for the footnote in the chart's language into
 * *notes; NULL when there is nothing to say.  The caller frees both.
 */
static void
oddities(const cJSON *root, const struct plot_chart *c, char **warnings,
    char **notes)
{
	const cJSON *row;
	struct odd_group *gs = NULL;
	const char **periods = NULL;
	char *wbuf = NULL, *nbuf = NULL, pl[64];
	size_t wlen = 0, nlen = 0;
	FILE *w = open_memstream(&wbuf, &wlen), *n = open_memstream(&nbuf, &nlen);
	int ng = 0, np = 0, nvalues = 0, lonely = 0;
	double lo = INFINITY, hi = -INFINITY, v;

	if (w == NULL || n == NULL) {
		perror("belong: plot");
		exit(1);
	}
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(root, "rows")) {
		const char *g = jstr(row, "group"), *p = jstr(row, "period");
		bool drawn = drawn_value(c, row, &v);
		int i;

		if (drawn && c->kind != PLOT_REACH) {
			nvalues++;
			lo = fmin(lo, v);
			hi = fmax(hi, v);
		}
		/* A group drawn in one period only is a point, whether its
		 * other periods are empty or suppressed. */
		if (c->kind != PLOT_TREND || !drawn)
			continue;
		for (i = 0; i < ng && strcmp(gs[i].code, g) != 0; i++)
			;
		if (i == ng) {
			gs = xrealloc(gs, (size_t)(ng + 1) * sizeof(*gs));
			gs[ng].code = g;
			gs[ng].label = plot_group_label(c->by, g, jstr(row, "label"),
			    c->lang);
			gs[ng].period = NULL;
			gs[ng++].periods = 0;
		}
		gs[i].periods++;
		gs[i].period = p;
		for (i = 0; i < np && strcmp(periods[i], p) != 0; i++)
			;
		if (i == np) {
			periods = xrealloc(periods, (size_t)(np + 1) * sizeof(*periods));
			periods[np++] = p;
		}
	}
	if (np == 1) {
		plot_period_label(pl, sizeof(pl), periods[0], c->interval, LANG_EN);
		fprintf(w, "belong: plot: warning: the trend has one period only "
		    "(%s): there is no change over time to see\n", pl);
		plot_period_label(pl, sizeof(pl), periods[0], c->interval, c->lang);
		fprintf(n, ES(c) ? "Un solo periodo (%s): no hay cambio en el tiempo "
		    "que ver." : "One period only (%s): there is no change over time "
		    "to see.", pl);
	} else {
		for (int i = 0; i < ng; i++) {
			char *label;

			if (gs[i].periods != 1)
				continue;
			label = clean(gs[i].label);
			plot_period_label(pl, sizeof(pl), gs[i].period, c->interval,
			    LANG_EN);
			fprintf(w, "belong: plot: warning: %s has a value in one period "
			    "only (%s): drawn as a point, not a line\n", label, pl);
			fprintf(n, "%s%s", lonely++ == 0 ? (ES(c) ? "Con valor en un solo "
			    "periodo (un punto, sin línea): " : "With a value in one "
			    "period only (a point, no line): ") : ", ", label);
			free(label);
		}
		if (lonely > 0)
			fputc('.', n);
	}
	/* (Equal shares of reach are a finding, not an oddity: nvalues
	 * counts no share.) */
	if (nvalues >= 2 &&
	    hi - lo <= 1e-9 * fmax(1, fabs(hi))) {
		fprintf(w, "belong: plot: warning: every value drawn is the same "
		    "(%.4g)\n", hi);
		fprintf(n, "%s%s", ftell(n) > 0 ? " " : "",
		    ES(c) ? "Todos los valores son iguales." :
		    "Every value is the same.");
	}
	fclose(w);
	fclose(n);
	*warnings = wlen > 0 ? wbuf : NULL;
	*notes = nlen > 0 ? nbuf : NULL;
	if (wlen == 0)
		free(wbuf);
	if (nlen == 0)
		free(nbuf);
	free(gs);
	free(periods);
}

/* A default title wrapped to the width in the title's type (about 1.24
 * times the body text). */
static void
wrap_title(char *t, const struct plot_text_in *in)
{
	double chars = (double)in->w * 0.94 / (in->fs * 1.24 * 0.55);

	plot_text_wrap(t, chars < 20 ? 20 : (size_t)chars);
}

void
plot_text_build(struct plot_text *t, const struct plot_text_in *in,
    const struct plot_chart *c)
{
	cJSON *root = in->json ? cJSON_Parse(in->json) : NULL;
	cJSON *events = in->events_json ? cJSON_Parse(in->events_json) : NULL;
	const char *design = jstr(root, "design");
	char *notes = NULL;

	memset(t, 0, sizeof(*t));
	if (in->title != NULL)
		t->title = clean(in->title);
	else {
		t->title = default_title(root, c);
		wrap_title(t->title, in);
	}
	t->subtitle = in->subtitle ? clean(in->subtitle) : NULL;
	axis_labels(t, c);
	oddities(root, c, &t->warnings, &notes);
	t->footnote = footnote(in, c, events, design, notes);
	free(notes);
	cJSON_Delete(root);
	cJSON_Delete(events);
}

void
plot_text_free(struct plot_text *t)
{
	free(t->title);
	free(t->subtitle);
	free(t->xlabel);
	free(t->ylabel);
	free(t->key1);
	free(t->key2);
	free(t->key3);
	free(t->key4);
	free(t->footnote);
	free(t->warnings);
	memset(t, 0, sizeof(*t));
}
