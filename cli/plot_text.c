/*
 * The words around a chart's numbers, in the chart's language.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_text.h"
#include "xalloc.h"

#define ES(c) ((c)->lang == LANG_ES)

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

static char *
default_title(const struct plot_chart *c)
{
	const char *ind = c->indicator ? c->indicator : "belonging";
	char *what, *t;

	switch (c->kind) {
	case PLOT_TREND:
		if (strncmp(ind, "agree:", 6) == 0)
			what = xasprintf(ES(c) ? "Acuerdo con «%s»" : "Agreement with \"%s\"",
			    ind + 6);
		else if (strncmp(ind, "nps:", 4) == 0)
			what = xasprintf(ES(c) ? "NPS de «%s»" : "Net promoter score of \"%s\"",
			    ind + 4);
		else if (strcmp(ind, "n") == 0)
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

static char *
footnote(const struct plot_text_in *in, const struct plot_chart *c)
{
	char *buf = NULL, a[64], b[64];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *first = in->from, *last = in->to;

	if (f == NULL) {
		perror("belong: plot");
		exit(1);
	}
	fputs(ES(c) ? "Fuente: respuestas a la encuesta de belong, " :
	    "Source: belong survey responses, ", f);
	if (in->nevents == 0)
		fputs(ES(c) ? "todos los eventos" : "all events", f);
	for (int i = 0; i < in->nevents; i++)
		fprintf(f, "%s%s", i == 0 ? (ES(c) ? (in->nevents > 1 ? "eventos " :
		    "evento ") : (in->nevents > 1 ? "events " : "event ")) : ", ",
		    in->events[i]);
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
	if (c->total_n >= 0)
		fprintf(f, ". n = %ld", c->total_n);
	if (c->kind != PLOT_REACH)
		fputs(ES(c) ? ". Intervalos de confianza de 95 %." :
		    ". 95% confidence intervals.", f);
	else
		fputs(".", f);
	fputc('\n', f);
	if (c->min_n > 0)
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
	if (fclose(f) != 0) {
		perror("belong: plot");
		exit(1);
	}
	/* About 0.55 em a character in the footnote's font (0.75 of fs). */
	plot_text_wrap(buf, (size_t)((double)in->w * 0.94 / (in->fs * 0.75 * 0.55)));
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

void
plot_text_build(struct plot_text *t, const struct plot_text_in *in,
    const struct plot_chart *c)
{
	memset(t, 0, sizeof(*t));
	t->title = in->title ? clean(in->title) : default_title(c);
	t->subtitle = in->subtitle ? clean(in->subtitle) : NULL;
	axis_labels(t, c);
	t->footnote = footnote(in, c);
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
	free(t->footnote);
	memset(t, 0, sizeof(*t));
}
