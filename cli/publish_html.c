/*
 * The public page (publish_html.h).  Text from the database — titles,
 * board items, replies — is hostile until escaped, and goes through
 * publish_html_escape only; figures are the CLI's JSON numbers, printed
 * inside <data value> so a reader (or a test) can check each one, and a
 * suppressed figure is a word, never a number.  Numbers are written the
 * same way in both languages (a point before the decimals), as the
 * CLI's own output is.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "plot_data.h"
#include "publish_html.h"
#include "utf8.h"

/* The words of the page, one per language. */
#define W(lang, en, es) ((lang) == LANG_ES ? (es) : (en))

const char *
publish_html_name(enum lang lang)
{
	return lang == LANG_ES ? "index.es.html" : "index.html";
}

/* The length of the UTF-8 sequence lead byte c starts, 0 if none. */
static size_t
seq_len(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

void
publish_html_escape(FILE *f, const char *s)
{
	static const char repl[] = "\xef\xbf\xbd";	/* U+FFFD */
	size_t len = s != NULL ? strlen(s) : 0;

	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t n;

		switch (c) {
		case '&': fputs("&amp;", f); i++; continue;
		case '<': fputs("&lt;", f); i++; continue;
		case '>': fputs("&gt;", f); i++; continue;
		case '"': fputs("&quot;", f); i++; continue;
		case '\'': fputs("&#39;", f); i++; continue;
		default: break;
		}
		if (c < 0x80) {
			/* A control character (ESC of a terminal escape) is
			 * an HTML parse error and means nothing to a reader. */
			if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
				fputs(repl, f);
			else
				fputc(c, f);
			i++;
			continue;
		}
		n = seq_len(c);
		if (n == 0 || i + n > len || !utf8_valid(s + i, n) ||
		    (c == 0xc2 && (unsigned char)s[i + 1] < 0xa0)) {
			/* Not UTF-8, or a C1 control: one byte replaced. */
			fputs(repl, f);
			i++;
			continue;
		}
		fwrite(s + i, 1, n, f);
		i += n;
	}
}

/* A JSON member's string, or NULL. */
static const char *
jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A number as the CLI prints it: at most two decimals, no trailing
 * zeros, no "-0". */
static void
num_text(char *buf, size_t size, double v)
{
	char *p;

	snprintf(buf, size, "%.2f", v);
	if ((p = strchr(buf, '.')) != NULL) {
		char *e = buf + strlen(buf) - 1;

		while (e > p && *e == '0')
			*e-- = '\0';
		if (e == p)
			*e = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
}

/* A number in a <data> element: the value a machine reads, the text a
 * person does. */
static void
data_num(FILE *f, double v, const char *unit)
{
	char buf[64];

	num_text(buf, sizeof buf, v);
	fprintf(f, "<data value=\"%s\">%s%s</data>", buf, buf, unit);
}

/* A figure that may be missing; the dash is read out as words. */
static void
none(FILE *f, enum lang lang)
{
	fprintf(f, "<span aria-hidden=\"true\">&#8212;</span><span class=\"vh\">%s</span>",
	    W(lang, "not available", "no disponible"));
}

static void
suppressed(FILE *f, enum lang lang)
{
	fprintf(f, "<span class=\"sup\">%s</span>", W(lang, "suppressed", "suprimido"));
}

/* JSON member name of o as a figure: a number, "suppressed", or none.
 * In a row marked suppressed, a figure withheld (null) is suppressed. */
static void
figure(FILE *f, const cJSON *o, const char *name, const char *unit, enum lang lang)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	bool sup = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "suppressed"));

	if (cJSON_IsNumber(v) && isfinite(v->valuedouble))
		data_num(f, v->valuedouble, unit);
	else if ((cJSON_IsString(v) && strcmp(v->valuestring, OUTPUT_SUPPRESSED) == 0) ||
	    (sup && !cJSON_IsString(v)))
		suppressed(f, lang);
	else
		none(f, lang);
}

/* The interval of lo and hi after a figure, when both are numbers. */
static void
interval(FILE *f, const cJSON *o, const char *lo, const char *hi, enum lang lang)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, lo);
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(o, hi);

	if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b))
		return;
	fprintf(f, " <span class=\"ci\">(%s ", W(lang, "95&#160;% CI", "IC 95&#160;%"));
	data_num(f, a->valuedouble, "");
	fputs(W(lang, " to ", " a "), f);
	data_num(f, b->valuedouble, "");
	fputs(")</span>", f);
}

/* An item's question in lang from the report's "items", else its id. */
static const char *
item_text(const cJSON *report, const char *id, enum lang lang)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(report, "items")) {
		const char *t;

		if (jstr(it, "id") == NULL || strcmp(jstr(it, "id"), id) != 0)
			continue;
		t = jstr(cJSON_GetObjectItemCaseSensitive(it, "text"), lang_code(lang));
		return t != NULL ? t : id;
	}
	return id;
}

/* The indicator of a progress row in words. */
static void
indicator_words(FILE *f, const cJSON *row, const cJSON *report, enum lang lang)
{
	const char *ind = jstr(row, "indicator"), *grp = jstr(row, "group");
	char dim[64] = "", code[64] = "";

	if (ind == NULL)
		ind = "";
	if (grp != NULL && strchr(grp, '=') != NULL) {
		snprintf(dim, sizeof dim, "%.*s", (int)(strchr(grp, '=') - grp), grp);
		snprintf(code, sizeof code, "%s", strchr(grp, '=') + 1);
	}
	if (strcmp(ind, "attendance") == 0)
		fputs(W(lang, "People reached (attendance)",
		    "Personas alcanzadas (asistencia)"), f);
	else if (strcmp(ind, "respondents") == 0)
		fputs(W(lang, "Survey respondents", "Personas que respondieron la encuesta"), f);
	else if (strcmp(ind, "new-reach") == 0)
		fputs(W(lang, "First-time participants", "Participantes por primera vez"), f);
	else if (strcmp(ind, "educators") == 0)
		fputs(W(lang, "Educators reached through trainings",
		    "Educadores alcanzados en capacitaciones"), f);
	else if (strcmp(ind, "group-share") == 0)
		fputs(W(lang, "Share of respondents (%) in the group",
		    "Proporción de quienes respondieron (%) en el grupo"), f);
	else if (strcmp(ind, "belonging") == 0)
		fputs(W(lang, "Belonging index (0 to 100)",
		    "Índice de pertenencia (0 a 100)"), f);
	else if (strcmp(ind, "gap") == 0)
		fputs(W(lang, "Belonging gap to everyone else (points; closer to 0 is better)",
		    "Diferencia de pertenencia con el resto (puntos; más cerca de 0 es mejor)"), f);
	else if (strncmp(ind, "agree:", 6) == 0) {
		fputs(W(lang, "Agree (%): ", "De acuerdo (%): "), f);
		fputs("&#8220;", f);
		publish_html_escape(f, item_text(report, ind + 6, lang));
		fputs("&#8221;", f);
	} else if (strncmp(ind, "sites:", 6) == 0) {
		const char *lv = ind + 6;

		fputs(strcmp(lv, "state") == 0 ? W(lang, "States reached", "Estados alcanzados") :
		    strcmp(lv, "district") == 0 ? W(lang, "Districts reached", "Distritos alcanzados") :
		    strcmp(lv, "school") == 0 ? W(lang, "Schools reached", "Escuelas alcanzadas") :
		    strcmp(lv, "program") == 0 ? W(lang, "Programs reached", "Programas alcanzados") :
		    W(lang, "Sites reached", "Sitios alcanzados"), f);
	} else
		publish_html_escape(f, ind);
	if (dim[0] != '\0') {
		fputs(", ", f);
		publish_html_escape(f, plot_dim_name(dim, lang));
		fputs(": ", f);
		publish_html_escape(f, plot_group_label(dim, code, code, lang));
	}
}

static const char *
status_words(const char *s, enum lang lang)
{
	if (s == NULL)
		return W(lang, "not available", "no disponible");
	if (strcmp(s, "met") == 0)
		return W(lang, "Met", "Cumplido");
	if (strcmp(s, "on track") == 0)
		return W(lang, "On track", "En camino");
	if (strcmp(s, "at risk") == 0)
		return W(lang, "At risk", "En riesgo");
	if (strcmp(s, "off track") == 0)
		return W(lang, "Off track", "Fuera de rumbo");
	if (strcmp(s, OUTPUT_SUPPRESSED) == 0)
		return W(lang, "suppressed", "suprimido");
	return W(lang, "Not enough data yet", "Aún sin datos suficientes");
}

/* The class of a status, for its colour (the word says it too). */
static const char *
status_class(const char *s)
{
	if (s == NULL)
		return "none";
	if (strcmp(s, "met") == 0)
		return "met";
	if (strcmp(s, "on track") == 0)
		return "on";
	if (strcmp(s, "at risk") == 0)
		return "risk";
	if (strcmp(s, "off track") == 0)
		return "off";
	return "none";
}

/* The title of commitment slug from the list, else the slug. */
static const char *
title_of(const cJSON *list, const char *slug)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, list) {
		const char *s = jstr(c, "slug"), *t = jstr(c, "title");

		if (s != NULL && slug != NULL && strcmp(s, slug) == 0 && t != NULL)
			return t;
	}
	return slug != NULL ? slug : "";
}

/* Whether commitment slug has a baseline period. */
static bool
has_baseline(const cJSON *list, const char *slug)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, list) {
		const char *s = jstr(c, "slug");

		if (s != NULL && slug != NULL && strcmp(s, slug) == 0)
			return jstr(c, "baseline_from") != NULL;
	}
	return true;
}

/* "2026-03" as "March 2026" / "marzo de 2026" in a <time>. */
static void
month(FILE *f, const char *ym, enum lang lang)
{
	static const char *const names[LANG_COUNT][12] = {
		{ "January", "February", "March", "April", "May", "June", "July",
		    "August", "September", "October", "November", "December" },
		{ "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
		    "agosto", "septiembre", "octubre", "noviembre", "diciembre" },
	};
	int y, m;
	char rest;

	if (ym == NULL || sscanf(ym, "%4d-%2d%c", &y, &m, &rest) != 2 || m < 1 || m > 12) {
		publish_html_escape(f, ym != NULL ? ym : "");
		return;
	}
	fprintf(f, "<time datetime=\"%04d-%02d\">%s%s%d</time>", y, m,
	    names[lang][m - 1], W(lang, " ", " de "), y);
}

static const char *
topic_words(const char *t, enum lang lang)
{
	if (t == NULL)
		return "";
	if (strcmp(t, "programs") == 0)
		return W(lang, "Programs", "Programas");
	if (strcmp(t, "events") == 0)
		return W(lang, "Events", "Eventos");
	if (strcmp(t, "outreach") == 0)
		return W(lang, "Outreach", "Difusión");
	if (strcmp(t, "belonging") == 0)
		return W(lang, "Belonging", "Pertenencia");
	if (strcmp(t, "other") == 0)
		return W(lang, "Other", "Otro");
	return t;
}

static const char *
board_status_words(const char *s, enum lang lang)
{
	if (s == NULL)
		return "";
	if (strcmp(s, "new") == 0)
		return W(lang, "Received", "Recibido");
	if (strcmp(s, "seen") == 0)
		return W(lang, "Seen", "Visto");
	if (strcmp(s, "discussed") == 0)
		return W(lang, "Discussed", "Conversado");
	if (strcmp(s, "acted") == 0)
		return W(lang, "Acted on", "Hecho");
	if (strcmp(s, "declined") == 0)
		return W(lang, "Declined", "No se hará");
	return s;
}

/* The report's overall row of indicator ind, or NULL. */
static const cJSON *
overall(const cJSON *report, const char *ind)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(report, "rows")) {
		const char *g = jstr(r, "group"), *i = jstr(r, "indicator");

		if (g != NULL && i != NULL && strcmp(g, "all") == 0 && strcmp(i, ind) == 0)
			return r;
	}
	return NULL;
}

/* Headline figures over all time: events and attendance from the event
 * list (test events left out, as every report does), respondents and
 * the belonging index from the report's overall rows. */
static void
headline(FILE *f, const struct publish_page *p, enum lang lang)
{
	const cJSON *e, *r;
	double events = 0, reached = 0, without = 0;

	cJSON_ArrayForEach(e, p->events) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "attendance");

		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "test")))
			continue;
		events++;
		if (cJSON_IsNumber(a))
			reached += a->valuedouble;
		else
			without++;
	}
	fprintf(f, "<section aria-labelledby=\"h-glance\">\n<h2 id=\"h-glance\">%s</h2>\n"
	    "<dl class=\"glance\">\n", W(lang, "At a glance, since we began",
	    "De un vistazo, desde el comienzo"));
	fprintf(f, "<div id=\"h-events\"><dt>%s</dt><dd>", W(lang, "Events", "Eventos"));
	data_num(f, events, "");
	fputs("</dd></div>\n", f);
	fprintf(f, "<div id=\"h-reached\"><dt>%s</dt><dd>",
	    W(lang, "People reached (recorded attendance)",
	    "Personas alcanzadas (asistencia registrada)"));
	data_num(f, reached, "");
	if (without > 0) {
		fputs(" <span class=\"note\">(", f);
		data_num(f, without, "");
		fputs(W(lang, without == 1 ? " event has no recorded attendance)" :
		    " events have no recorded attendance)",
		    without == 1 ? " evento sin asistencia registrada)" :
		    " eventos sin asistencia registrada)"), f);
		fputs("</span>", f);
	}
	fputs("</dd></div>\n", f);
	fprintf(f, "<div id=\"h-respondents\"><dt>%s</dt><dd>",
	    W(lang, "Survey respondents", "Personas que respondieron la encuesta"));
	r = overall(p->report, "respondents");
	if (r != NULL && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "suppressed")))
		suppressed(f, lang);
	else
		figure(f, r, "n", "", lang);
	fputs("</dd></div>\n", f);
	fprintf(f, "<div id=\"h-belonging\"><dt>%s</dt><dd>",
	    W(lang, "Belonging index (0 to 100)", "Índice de pertenencia (0 a 100)"));
	r = overall(p->report, "belonging");
	if (r != NULL && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "suppressed")))
		suppressed(f, lang);
	else {
		figure(f, r, "value", "", lang);
		interval(f, r, "lo", "hi", lang);
	}
	fputs("</dd></div>\n</dl>\n</section>\n", f);
}

static void
commitments(FILE *f, const struct publish_page *p, enum lang lang)
{
	static const char *const head[][LANG_COUNT] = {
		{ "Commitment", "Compromiso" },
		{ "Measure", "Medida" },
		{ "Baseline", "Línea de base" },
		{ "Now (95&#160;% CI)", "Ahora (IC 95&#160;%)" },
		{ "Target", "Meta" },
		{ "Due", "Fecha límite" },
		{ "Progress", "Avance" },
		{ "Projected by the due date (95&#160;% CI)",
		    "Proyección a la fecha límite (IC 95&#160;%)" },
		{ "Status", "Estado" },
	};
	const cJSON *row;

	fprintf(f, "<section aria-labelledby=\"h-commit\">\n<h2 id=\"h-commit\">%s</h2>\n",
	    W(lang, "Our commitments", "Nuestros compromisos"));
	if (cJSON_GetArraySize(p->progress) == 0) {
		fprintf(f, "<p>%s</p>\n</section>\n", W(lang, "No open commitments yet.",
		    "Todavía no hay compromisos abiertos."));
		return;
	}
	if (p->chart[lang]) {
		fprintf(f, "<figure>\n<img src=\"commitments.%s.svg\" alt=\"%s\">\n"
		    "<figcaption>%s</figcaption>\n</figure>\n", lang_code(lang),
		    W(lang, "Chart: each commitment's current value against its "
		    "target. The same figures are in the table below.",
		    "Gráfico: el valor actual de cada compromiso frente a su meta. "
		    "Las mismas cifras están en la tabla de abajo."),
		    W(lang, "Progress of each commitment toward its target.",
		    "Avance de cada compromiso hacia su meta."));
	}
	fprintf(f, "<div class=\"scroll\" role=\"region\" aria-labelledby=\"cap-commit\" "
	    "tabindex=\"0\">\n<table id=\"commitments\">\n<caption id=\"cap-commit\">%s"
	    "</caption>\n<thead><tr>", W(lang, "Commitments and their progress",
	    "Compromisos y su avance"));
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		fprintf(f, "<th scope=\"col\">%s</th>", head[i][lang]);
	fputs("</tr></thead>\n<tbody>\n", f);
	cJSON_ArrayForEach(row, p->progress) {
		const char *slug = jstr(row, "slug"), *st = jstr(row, "status");
		const char *due = jstr(row, "due");
		bool sup = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(row, "suppressed"));

		fputs("<tr id=\"c-", f);
		publish_html_escape(f, slug != NULL ? slug : "");
		fputs("\"><th scope=\"row\">", f);
		publish_html_escape(f, title_of(p->list, slug));
		fputs("</th><td class=\"indicator\">", f);
		indicator_words(f, row, p->report, lang);
		fputs("</td><td class=\"baseline\">", f);
		if (has_baseline(p->list, slug))
			figure(f, row, "baseline", "", lang);
		else
			fputs(W(lang, "none set", "sin definir"), f);
		fputs("</td><td class=\"value\">", f);
		figure(f, row, "value", "", lang);
		interval(f, row, "lo", "hi", lang);
		fputs("</td><td class=\"target\">", f);
		figure(f, row, "target", "", lang);
		fputs("</td><td class=\"due\">", f);
		if (due != NULL) {
			fputs("<time datetime=\"", f);
			publish_html_escape(f, due);
			fputs("\">", f);
			publish_html_escape(f, due);
			fputs("</time>", f);
		} else
			none(f, lang);
		fputs("</td><td class=\"progress\">", f);
		figure(f, row, "progress", "&#160;%", lang);
		fputs("</td><td class=\"projection\">", f);
		figure(f, row, "projection", "", lang);
		interval(f, row, "projection_lo", "projection_hi", lang);
		fprintf(f, "</td><td class=\"status st-%s\">%s</td></tr>\n",
		    sup ? "none" : status_class(st), sup ? W(lang, "suppressed", "suprimido") :
		    status_words(st, lang));
	}
	fputs("</tbody>\n</table>\n</div>\n", f);
	fprintf(f, "<p class=\"note\">%s", W(lang,
	    "Progress: how far the figure has come from the baseline toward the "
	    "target, in percent. "
	    "The projection extends the trend of the months so far to the due date. "
	    "A figure about fewer than ", "Avance: cuánto ha recorrido la cifra "
	    "desde la línea de base hacia la meta, en porcentaje. La proyección prolonga "
	    "la tendencia de los meses transcurridos hasta la fecha límite. "
	    "Una cifra sobre menos de "));
	data_num(f, (double)p->min_n, "");
	fprintf(f, "%s</p>\n</section>\n", W(lang,
	    " people is suppressed, and so is any figure that would give it away.",
	    " personas se suprime, y también toda cifra que permitiría deducirla."));
}

static void
board(FILE *f, const struct publish_page *p, enum lang lang)
{
	const cJSON *it;

	fprintf(f, "<section aria-labelledby=\"h-board\">\n<h2 id=\"h-board\">%s</h2>\n"
	    "<p>%s</p>\n", W(lang, "You said, we did", "Ustedes dijeron, nosotros hicimos"),
	    W(lang, "What our youth advisory board asked of us, and what we did about it.",
	    "Lo que nuestro consejo asesor juvenil nos pidió y lo que hicimos al respecto."));
	if (cJSON_GetArraySize(p->board) == 0) {
		fprintf(f, "<p>%s</p>\n</section>\n", W(lang, "Nothing published yet.",
		    "Todavía no hay nada publicado."));
		return;
	}
	fputs("<ul class=\"board\">\n", f);
	cJSON_ArrayForEach(it, p->board) {
		const cJSON *r;

		fputs("<li><article>\n<h3>", f);
		publish_html_escape(f, topic_words(jstr(it, "topic"), lang));
		fputs(", ", f);
		month(f, jstr(it, "month"), lang);
		fprintf(f, "</h3>\n<p class=\"said\"><strong>%s</strong> ",
		    W(lang, "You said:", "Dijeron:"));
		publish_html_escape(f, jstr(it, "text"));
		fprintf(f, "</p>\n<p class=\"state\">%s ", W(lang, "Status:", "Estado:"));
		publish_html_escape(f, board_status_words(jstr(it, "status"), lang));
		fputs("</p>\n", f);
		if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(it, "replies")) > 0) {
			fputs("<ul class=\"did\">\n", f);
			cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(it, "replies")) {
				fprintf(f, "<li><strong>%s</strong> (", W(lang, "We did:",
				    "Hicimos:"));
				month(f, jstr(r, "month"), lang);
				fputs(", ", f);
				publish_html_escape(f, board_status_words(jstr(r, "status"), lang));
				fputs(") ", f);
				publish_html_escape(f, jstr(r, "note"));
				fputs("</li>\n", f);
			}
			fputs("</ul>\n", f);
		}
		fputs("</article></li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
}

void
publish_html_page(FILE *f, const struct publish_page *p, enum lang lang)
{
	const char *title = p->title != NULL ? p->title :
	    W(lang, "Our commitments and progress", "Nuestros compromisos y su avance");

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>", lang_code(lang));
	publish_html_escape(f, title);
	fprintf(f, "</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n"
	    "<a class=\"skip\" href=\"#main\">%s</a>\n<header>\n<h1>",
	    W(lang, "Skip to the content", "Ir al contenido"));
	publish_html_escape(f, title);
	fputs("</h1>\n", f);
	for (int l = 0; l < LANG_COUNT; l++) {
		if (l == (int)lang || !p->page[l])
			continue;
		fprintf(f, "<nav aria-label=\"%s\"><a href=\"%s\" hreflang=\"%s\" lang=\"%s\">%s</a>"
		    "</nav>\n", W(lang, "Language", "Idioma"), publish_html_name((enum lang)l),
		    lang_code((enum lang)l), lang_code((enum lang)l),
		    l == LANG_ES ? "Español" : "English");
	}
	fputs("</header>\n<main id=\"main\">\n", f);
	headline(f, p, lang);
	commitments(f, p, lang);
	if (p->board != NULL)
		board(f, p, lang);
	fprintf(f, "</main>\n<footer>\n<p>%s ", W(lang, "Published", "Publicado el"));
	fprintf(f, "<time datetime=\"%s\">%s</time>. %s</p>\n</footer>\n</body>\n</html>\n",
	    p->generated, p->generated, W(lang,
	    "Intervals are 95&#160;% confidence intervals. Test events are not counted. "
	    "Nothing on this page identifies anyone.",
	    "Los intervalos son intervalos de confianza del 95&#160;%. Los eventos de "
	    "prueba no se cuentan. Las cifras se escriben con punto decimal. Nada en "
	    "esta página identifica a nadie."));
}

void
publish_html_css(FILE *f)
{
	/* Colours: every text colour has a contrast of at least 7:1 on its
	 * background (WCAG AA asks 4.5:1). */
	fputs("html { font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a;\n"
	    "  background: #ffffff; }\n"
	    "body { margin: 0 auto; max-width: 72rem; padding: 0 1rem 2rem; }\n"
	    "a { color: #0a4a82; }\n"
	    "a:focus, .scroll:focus { outline: 3px solid #0a4a82; outline-offset: 2px; }\n"
	    ".skip { position: absolute; left: -999px; top: 0; background: #ffffff;\n"
	    "  padding: .5rem; }\n"
	    ".skip:focus { left: 1rem; }\n"
	    ".vh { position: absolute; width: 1px; height: 1px; overflow: hidden;\n"
	    "  clip: rect(0 0 0 0); white-space: nowrap; }\n"
	    "header { border-bottom: 2px solid #0a4a82; margin-bottom: 1rem; }\n"
	    "h1 { font-size: 1.75rem; margin: 1rem 0 .5rem; overflow-wrap: anywhere; }\n"
	    "h2 { font-size: 1.35rem; margin-top: 2rem; }\n"
	    "h3 { font-size: 1.1rem; margin: 0 0 .25rem; }\n"
	    "nav { margin-bottom: .5rem; }\n"
	    ".glance { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));\n"
	    "  gap: 1rem; margin: 0; }\n"
	    ".glance div { border: 1px solid #595959; border-radius: 4px; padding: .75rem; }\n"
	    ".glance dt { font-weight: bold; }\n"
	    ".glance dd { margin: 0; font-size: 1.25rem; }\n"
	    ".note, .ci { font-size: .95rem; }\n"
	    "figure { margin: 1rem 0; }\n"
	    "img { max-width: 100%; height: auto; }\n"
	    ".scroll { overflow-x: auto; }\n"
	    "table { border-collapse: collapse; min-width: 48rem; }\n"
	    "caption { text-align: left; font-weight: bold; padding: .25rem 0; }\n"
	    "th, td { border: 1px solid #595959; padding: .4rem .5rem; text-align: left;\n"
	    "  vertical-align: top; overflow-wrap: break-word; }\n"
	    "thead th { background: #e8eef5; }\n"
	    ".st-met { color: #0a5a2c; font-weight: bold; }\n"
	    ".st-on { color: #0a4a82; font-weight: bold; }\n"
	    ".st-risk { color: #6b3f00; font-weight: bold; }\n"
	    ".st-off { color: #9b1a1a; font-weight: bold; }\n"
	    ".sup { font-style: italic; }\n"
	    ".board { list-style: none; padding: 0; }\n"
	    ".board > li { border-left: 4px solid #0a4a82; padding: .25rem 0 .25rem 1rem;\n"
	    "  margin-bottom: 1rem; overflow-wrap: anywhere; }\n"
	    ".did { padding-left: 1.25rem; }\n"
	    "footer { margin-top: 2rem; border-top: 1px solid #595959; font-size: .95rem; }\n", f);
}
