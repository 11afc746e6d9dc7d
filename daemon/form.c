#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <event2/buffer.h>

#include "about.h"
#include "code_hash.h"
#include "form.h"
#include "instrument.h"
#include "lang.h"
#include "page.h"
#include "submission.h"

#define FORM_MESSAGE_COUNT (FORM_ERROR + 1)

/*
 * Every string a page shows, per language.  Both languages are complete:
 * a missing entry would print "(null)" to someone on a phone.
 */
struct form_strings {
	const char *name;		/* its own name, for the switch */
	const char *intro;
	const char *required;
	const char *likert[5];
	const char *scale_low;
	const char *scale_high;
	const char *frame_before, *frame_now;	/* a retrospective pair */
	const char *max_pre, *max_post;	/* "Up to " N " characters." */
	const char *quote_ok;
	const char *about;
	const char *about_note;
	const char *self_described;
	const char *honeypot;
	const char *send;
	const char *error_word;
	const char *errors_one;
	const char *errors_pre, *errors_post;	/* "Please check " N " answers" */
	const char *thanks;
	const char *thanks_body;
	const char *draw;
	const char *draw_pre, *draw_post;	/* around the prize */
	const char *email;
	const char *draw_button;
	const char *draw_entered;
	const char *again;
	const char *survey_link;
	struct {
		const char *title;
		const char *body;
		bool link;	/* a fresh form helps; for the others "go back"
				 * keeps the answers and a new form would not */
	} msg[FORM_MESSAGE_COUNT];
};

static const struct form_strings form_strings[LANG_COUNT] = {
	[LANG_EN] = {
		.name = "English",
		.intro = "About 30 seconds. Every question about you is "
		    "optional.",
		.required = "(required)",
		.likert = { "Strongly disagree", "Disagree", "Neutral", "Agree",
		    "Strongly agree" },
		.scale_low = "0 = Not at all likely",
		.scale_high = "10 = Extremely likely",
		.frame_before = "Before the program",
		.frame_now = "Now",
		.max_pre = "Up to ",
		.max_post = " characters.",
		.quote_ok = "You may quote this in reports, without my name",
		.about = "About you (optional)",
		.about_note = "These questions help us see who we reach. "
		    "Skip any of them.",
		.self_described = "Self-described (optional)",
		.honeypot = "Leave this empty",
		.send = "Send",
		.error_word = "Error:",
		.errors_one = "Please check 1 answer",
		.errors_pre = "Please check ",
		.errors_post = " answers",
		.thanks = "Thank you!",
		.thanks_body = "Your answers are saved.",
		.draw = "Prize draw",
		.draw_pre = "Enter the draw for ",
		.draw_post = " (optional). Your email is kept apart from your "
		    "answers and deleted after the draw.",
		.email = "Email",
		.draw_button = "Enter the draw",
		.draw_entered = "You're in the draw. Good luck!",
		.again = "Someone else wants to answer on this phone? Start a new survey",
		.survey_link = "Open the survey again",
		.msg = {
			[FORM_NOT_FOUND] = { "We could not find this survey",
			    "Please check the link, or scan the QR code again.",
			    false },
			[FORM_CLOSED] = { "This survey is closed",
			    "Thank you for your interest. This survey no longer "
			    "takes answers.", false },
			[FORM_EXPIRED] = { "This form has expired",
			    "The form was open for a long time, or came from "
			    "another page. Please open the survey again and "
			    "send your answers.", true },
			[FORM_TOO_LARGE] = { "That was too much text",
			    "Your answers are longer than we can take. Please go "
			    "back, shorten your comment and press Send again.",
			    false },
			[FORM_RATE_LIMITED] = { "Too many tries at once",
			    "Please wait a minute, then go back and press Send "
			    "again. Nothing is lost.", false },
			[FORM_UNAVAILABLE] = { "Please try again in a minute",
			    "We could not save your answers just now. Please go "
			    "back and press Send again in a minute — "
			    "nothing is lost.", false },
			[FORM_ERROR] = { "Something went wrong",
			    "Sorry, something went wrong on our side. Please "
			    "open the survey again and try once more.", true },
		},
	},
	[LANG_ES] = {
		.name = "Español",
		.intro = "Unos 30 segundos. Todas las preguntas sobre ti son "
		    "opcionales.",
		.required = "(obligatoria)",
		.likert = { "Muy en desacuerdo", "En desacuerdo", "Neutral",
		    "De acuerdo", "Muy de acuerdo" },
		.scale_low = "0 = Nada probable",
		.scale_high = "10 = Muy probable",
		.frame_before = "Antes del programa",
		.frame_now = "Ahora",
		.max_pre = "Hasta ",
		.max_post = " caracteres.",
		.quote_ok = "Pueden citar esto en informes, sin mi nombre",
		.about = "Sobre ti (opcional)",
		.about_note = "Estas preguntas nos ayudan a ver a quién "
		    "llegamos. Puedes saltar cualquiera.",
		.self_described = "Con tus palabras (opcional)",
		.honeypot = "Deja esto vacío",
		.send = "Enviar",
		.error_word = "Error:",
		.errors_one = "Revisa 1 respuesta",
		.errors_pre = "Revisa ",
		.errors_post = " respuestas",
		.thanks = "¡Gracias!",
		.thanks_body = "Guardamos tus respuestas.",
		.draw = "Sorteo",
		.draw_pre = "Participa en el sorteo de ",
		.draw_post = " (opcional). Guardamos tu correo aparte de tus "
		    "respuestas y lo borramos después del sorteo.",
		.email = "Correo electrónico",
		.draw_button = "Participar",
		.draw_entered = "Ya participas en el sorteo. ¡Buena suerte!",
		.again = "¿Otra persona quiere responder en este teléfono? Empieza una encuesta nueva",
		.survey_link = "Abrir la encuesta de nuevo",
		.msg = {
			[FORM_NOT_FOUND] = { "No encontramos esta encuesta",
			    "Revisa el enlace o vuelve a escanear el "
			    "código QR.", false },
			[FORM_CLOSED] = { "Esta encuesta está cerrada",
			    "Gracias por tu interés. Esta encuesta ya no "
			    "recibe respuestas.", false },
			[FORM_EXPIRED] = { "Este formulario caducó",
			    "El formulario estuvo abierto mucho tiempo o "
			    "vino de otra página. Abre la encuesta de "
			    "nuevo y envía tus respuestas.", true },
			[FORM_TOO_LARGE] = { "Demasiado texto",
			    "Tus respuestas son más largas de lo que "
			    "podemos recibir. Vuelve atrás, acorta tu "
			    "comentario y pulsa Enviar otra vez.", false },
			[FORM_RATE_LIMITED] = { "Demasiados intentos a la vez",
			    "Espera un minuto, vuelve atrás y pulsa "
			    "Enviar otra vez. No se pierde nada.", false },
			[FORM_UNAVAILABLE] = { "Inténtalo de nuevo en un "
			    "minuto",
			    "No pudimos guardar tus respuestas ahora mismo. "
			    "Vuelve atrás y pulsa Enviar otra vez en un "
			    "minuto — no se pierde nada.", false },
			[FORM_ERROR] = { "Algo salió mal",
			    "Lo sentimos, algo salió mal de nuestro lado. "
			    "Abre la encuesta de nuevo e inténtalo otra "
			    "vez.", true },
		},
	},
};

/* Flags of one radio or checkbox. */
#define FORM_CHECKED	0x1
#define FORM_REQUIRED	0x2
#define FORM_INVALID	0x4

/* An instrument text in lang, or in the first language it has: a caller
 * that picked an undeclared language still gets a usable page. */
static const char *
form_text(char *const *text, enum lang lang)
{
	if (text[lang] != NULL)
		return text[lang];
	for (int l = 0; l < LANG_COUNT; l++)
		if (text[l] != NULL)
			return text[l];
	return "";
}

static void
form_option(struct page *o, const char *type, const char *id,
    const char *name, const char *value, const char *label, unsigned flags)
{
	page_printf(o, "<div class=\"o\"><input type=\"%s\" id=\"", type);
	page_esc(o, id);
	page_puts(o, "\" name=\"");
	page_esc(o, name);
	page_puts(o, "\" value=\"");
	page_esc(o, value);
	page_puts(o, "\"");
	if (flags & FORM_CHECKED)
		page_puts(o, " checked");
	if (flags & FORM_REQUIRED)
		page_puts(o, " required");
	if (flags & FORM_INVALID)
		page_puts(o, " aria-invalid=\"true\"");
	page_puts(o, "><label for=\"");
	page_esc(o, id);
	page_puts(o, "\">");
	page_esc(o, label);
	page_puts(o, "</label></div>\n");
}

/* Whether e is about item (when item >= 0) or else about field about. */
static bool
form_error_is(const struct submission_error *e, int item, int about)
{
	if (item >= 0)
		return e->item == item;
	return e->item < 0 && e->about == about;
}

static bool
form_has_error(const struct form_page *pg, int item, int about)
{
	if (pg->errors == NULL)
		return false;
	for (int i = 0; i < pg->errors->n && i < SUBMISSION_MAX_ERRORS; i++)
		if (form_error_is(&pg->errors->e[i], item, about))
			return true;
	return false;
}

static void
form_error_text(struct page *o, const struct form_page *pg,
    const struct submission_error *e)
{
	char buf[512];
	const char *m;

	m = submission_error_text(e, pg->ins, pg->lang, buf, sizeof buf);
	page_esc(o, m != NULL ? m : e->message);
}

/* The messages next to an item, in one element its controls point at. */
static void
form_error_here(struct page *o, const struct form_page *pg,
    const char *id, int item, int about)
{
	if (!form_has_error(pg, item, about))
		return;
	page_puts(o, "<p class=\"err\" id=\"");
	page_esc(o, id);
	page_printf(o, "-err\">%s", form_strings[pg->lang].error_word);
	for (int i = 0; i < pg->errors->n && i < SUBMISSION_MAX_ERRORS; i++) {
		if (!form_error_is(&pg->errors->e[i], item, about))
			continue;
		page_puts(o, " ");
		form_error_text(o, pg, &pg->errors->e[i]);
	}
	page_puts(o, "</p>\n");
}

/* Where a summary link goes: an item or an asked about question. */
static bool
form_error_anchor(const struct form_page *pg, const struct submission_error *e,
    char *buf, size_t len)
{
	if (e->item >= 0 && e->item < pg->ins->nitems) {
		snprintf(buf, len, "q-%s", pg->ins->items[e->item].id);
		return true;
	}
	if (e->item < 0 && e->about >= 0 && e->about < ABOUT_COUNT &&
	    pg->ins->about[e->about]) {
		snprintf(buf, len, "a-%s", about_questions[e->about].name);
		return true;
	}
	if (pg->code && submission_error_code(e) >= 0) {
		snprintf(buf, len, "c-%s",
		    code_elements[submission_error_code(e)].name);
		return true;
	}
	return false;
}

/* Where an error sits on the page: the form as a whole first, then the
 * items, then the about block. */
static int
form_error_rank(const struct form_page *pg, const struct submission_error *e)
{
	if (e->item >= 0 && e->item < pg->ins->nitems)
		return 1 + e->item;
	/* The matching code comes between the items and the about block. */
	if (e->item < 0 && e->about >= 0 && e->about < ABOUT_COUNT)
		return 1 + pg->ins->nitems + CODE_COUNT + e->about;
	if (pg->code && submission_error_code(e) >= 0)
		return 1 + pg->ins->nitems + submission_error_code(e);
	return 0;
}

/* The question an error is about, in the page's language, or NULL. */
static const char *
form_error_question(const struct form_page *pg,
    const struct submission_error *e)
{
	if (e->item >= 0 && e->item < pg->ins->nitems)
		return form_text(pg->ins->items[e->item].text, pg->lang);
	if (e->item < 0 && e->about >= 0 && e->about < ABOUT_COUNT)
		return about_questions[e->about].question[pg->lang];
	if (pg->code && submission_error_code(e) >= 0)
		return code_elements[submission_error_code(e)].prompt[pg->lang];
	return NULL;
}

/*
 * A summary line: the question, then a link to it with the problem; or,
 * for the form as a whole (a bad id or token), just the words.  The
 * messages are generic ("Please answer this question."), so without the
 * question beside it every link would read the same (WCAG 2.4.4).
 */
static void
form_error_line(struct page *o, const struct form_page *pg,
    const struct submission_error *e)
{
	char anchor[128];
	const char *q;

	if (!form_error_anchor(pg, e, anchor, sizeof anchor)) {
		page_puts(o, "<li>");
		form_error_text(o, pg, e);
		page_puts(o, "</li>\n");
		return;
	}
	page_puts(o, "<li>");
	if ((q = form_error_question(pg, e)) != NULL && *q != '\0') {
		page_esc(o, q);
		page_puts(o, " ");
	}
	page_puts(o, "<a href=\"#");
	page_esc(o, anchor);
	page_puts(o, "\">");
	form_error_text(o, pg, e);
	page_puts(o, "</a></li>\n");
}

/*
 * The summary comes first so that a screen reader meets it on load
 * (role="alert", and autofocus where the browser honours it on a div).
 * It lists the problems in the order the page shows them.
 */
static void
form_error_summary(struct page *o, const struct form_page *pg)
{
	const struct form_strings *st = &form_strings[pg->lang];
	int n = pg->errors->n < SUBMISSION_MAX_ERRORS ?
	    pg->errors->n : SUBMISSION_MAX_ERRORS;
	int ranks = 1 + pg->ins->nitems + CODE_COUNT + ABOUT_COUNT;

	page_errors_open(o, n, st->errors_one, st->errors_pre, st->errors_post);
	for (int r = 0; r < ranks; r++) {
		for (int i = 0; i < n; i++)
			if (form_error_rank(pg, &pg->errors->e[i]) == r)
				form_error_line(o, pg, &pg->errors->e[i]);
	}
	page_errors_close(o);
}

/* <fieldset id=ID ...><legend>; the hint and error ids it points at are
 * ID-hint and ID-err. */
static void
form_fieldset(struct page *o, const char *id, const char *legend,
    const char *required, bool hint, bool bad)
{
	page_puts(o, "<fieldset id=\"");
	page_esc(o, id);
	page_puts(o, "\"");
	if (bad)
		page_puts(o, " class=\"bad\"");
	if (hint || bad) {
		page_puts(o, " aria-describedby=\"");
		if (hint) {
			page_esc(o, id);
			page_puts(o, "-hint");
		}
		if (hint && bad)
			page_puts(o, " ");
		if (bad) {
			page_esc(o, id);
			page_puts(o, "-err");
		}
		page_puts(o, "\"");
	}
	page_puts(o, "><legend>");
	page_esc(o, legend);
	if (required != NULL) {
		page_puts(o, " <span class=\"req\">");
		page_puts(o, required);
		page_puts(o, "</span>");
	}
	page_puts(o, "</legend>\n");
}

static void
form_quote_ok(struct page *o, const struct form_page *pg)
{
	bool on = pg->prefill != NULL && pg->prefill->quote_ok;

	form_option(o, "checkbox", "quote-ok", "quote_ok", "1",
	    form_strings[pg->lang].quote_ok, on ? FORM_CHECKED : 0);
}

static void
form_text_item(struct page *o, const struct form_page *pg, int i,
    const char *id, const char *name, bool *quote_done)
{
	const struct form_strings *st = &form_strings[pg->lang];
	const struct item *it = &pg->ins->items[i];
	bool bad = form_has_error(pg, i, -1);

	page_printf(o, "<div class=\"q%s\"><label for=\"", bad ? " bad" : "");
	page_esc(o, id);
	page_puts(o, "\">");
	page_esc(o, form_text(it->text, pg->lang));
	if (it->required)
		page_printf(o, " <span class=\"req\">%s</span>", st->required);
	page_puts(o, "</label>\n<p class=\"hint\" id=\"");
	page_esc(o, id);
	page_printf(o, "-hint\">%s%d%s</p>\n", st->max_pre, it->max_length,
	    st->max_post);
	form_error_here(o, pg, id, i, -1);
	page_puts(o, "<textarea id=\"");
	page_esc(o, id);
	page_puts(o, "\" name=\"");
	page_esc(o, name);
	/* maxlength counts UTF-16 units, never more than our code points:
	 * the browser can only be stricter than the server. */
	page_printf(o, "\" rows=\"4\" maxlength=\"%d\" aria-describedby=\"",
	    it->max_length);
	page_esc(o, id);
	page_puts(o, "-hint");
	if (bad) {
		page_puts(o, " ");
		page_esc(o, id);
		page_puts(o, "-err\" aria-invalid=\"true");
	}
	page_puts(o, "\"");
	if (it->required)
		page_puts(o, " required");
	/* The parser drops one newline after the tag; this one, not the
	 * answer's own. */
	page_puts(o, ">\n");
	if (pg->prefill != NULL)
		page_esc(o, pg->prefill->text[i]);
	page_puts(o, "</textarea>\n");
	/* The first text item is the comment the quote consent is about. */
	if (!*quote_done) {
		form_quote_ok(o, pg);
		*quote_done = true;
	}
	page_puts(o, "</div>\n");
}

static void
form_item(struct page *o, const struct form_page *pg, int i,
    bool *quote_done)
{
	const struct form_strings *st = &form_strings[pg->lang];
	const struct item *it = &pg->ins->items[i];
	const struct submission *p = pg->prefill;
	int value = p != NULL ? p->value[i] : SUBMISSION_NOT_ANSWERED;
	unsigned flags = 0;
	char id[64], name[64], oid[80], v[16];

	snprintf(id, sizeof id, "q-%s", it->id);
	snprintf(name, sizeof name, "q_%s", it->id);
	if (it->type == ITEM_TEXT) {
		form_text_item(o, pg, i, id, name, quote_done);
		return;
	}
	if (form_has_error(pg, i, -1))
		flags |= FORM_INVALID;
	/* A checkbox marked required would mean "must tick this one". */
	if (it->required && it->type != ITEM_MULTI)
		flags |= FORM_REQUIRED;
	/* A paired item sits in its pair's group, which asks the question. */
	form_fieldset(o, id, it->frame == ITEM_FRAME_BEFORE ? st->frame_before :
	    it->frame == ITEM_FRAME_NOW ? st->frame_now :
	    form_text(it->text, pg->lang),
	    it->required ? st->required : NULL, it->type == ITEM_SCALE0_10,
	    flags & FORM_INVALID);
	if (it->type == ITEM_SCALE0_10) {
		page_puts(o, "<p class=\"hint\" id=\"");
		page_esc(o, id);
		page_printf(o, "-hint\">%s<br>%s</p>\n", st->scale_low,
		    st->scale_high);
	}
	form_error_here(o, pg, id, i, -1);
	switch (it->type) {
	case ITEM_LIKERT5:
		for (int k = 1; k <= 5; k++) {
			snprintf(oid, sizeof oid, "%s-%d", id, k);
			snprintf(v, sizeof v, "%d", k);
			form_option(o, "radio", oid, name, v, st->likert[k - 1],
			    flags | (value == k ? FORM_CHECKED : 0));
		}
		break;
	case ITEM_SCALE0_10:
		page_puts(o, "<div class=\"s\">\n");
		for (int k = 0; k <= 10; k++) {
			snprintf(oid, sizeof oid, "%s-%d", id, k);
			snprintf(v, sizeof v, "%d", k);
			form_option(o, "radio", oid, name, v, v,
			    flags | (value == k ? FORM_CHECKED : 0));
		}
		page_puts(o, "</div>\n");
		break;
	case ITEM_CHOICE:
	case ITEM_MULTI:
		/* Ids by index: option codes are free-form, item ids are not. */
		for (int k = 0; k < it->noptions; k++) {
			bool on = it->type == ITEM_CHOICE ? value == k :
			    p != NULL && k < 32 && ((p->chosen[i] >> k) & 1);

			snprintf(oid, sizeof oid, "%s-o%d", id, k);
			form_option(o, it->type == ITEM_CHOICE ? "radio" :
			    "checkbox", oid, name, it->options[k].code,
			    form_text(it->options[k].text, pg->lang),
			    flags | (on ? FORM_CHECKED : 0));
		}
		break;
	case ITEM_TEXT:
		break;
	}
	page_puts(o, "</fieldset>\n");
}

/*
 * A retrospective pair, where its first item comes: one fieldset whose
 * legend is the question (the "now" item's text), holding a "Before the
 * program" and a "Now" fieldset side by side (stacked on a phone).
 * Nested legends are read out together, so each radio is announced with
 * the question and its column.
 */
static void
form_entry(struct page *o, const struct form_page *pg, int i,
    bool *quote_done)
{
	const struct item *it = &pg->ins->items[i];
	const struct item *mate = instrument_item_partner(pg->ins, it);
	const struct item *before, *now;

	if (mate == NULL) {
		form_item(o, pg, i, quote_done);
		return;
	}
	if (mate < it)
		return;
	before = it->frame == ITEM_FRAME_BEFORE ? it : mate;
	now = it->frame == ITEM_FRAME_BEFORE ? mate : it;
	page_puts(o, "<fieldset class=\"pair\" id=\"p-");
	page_esc(o, it->pair);
	page_puts(o, "\"><legend>");
	page_esc(o, form_text(now->text, pg->lang));
	page_puts(o, "</legend>\n<div class=\"cols\">\n");
	form_item(o, pg, (int)(before - pg->ins->items), quote_done);
	form_item(o, pg, (int)(now - pg->ins->items), quote_done);
	page_puts(o, "</div>\n</fieldset>\n");
}

/* Whether an about code (an index, or ABOUT_PREFER_NOT_INDEX) is held. */
static bool
form_about_on(const struct submission *p, enum about_field f, int k)
{
	if (p == NULL)
		return false;
	if (about_questions[f].multi) {
		if (k == ABOUT_PREFER_NOT_INDEX)
			return p->race_prefer_not;
		return k < 32 && ((p->race >> k) & 1);
	}
	return p->about[f] == k;
}

static const char *
form_about_text(const struct submission *p, enum about_field f)
{
	if (p == NULL)
		return NULL;
	switch (f) {
	case ABOUT_GENDER: return p->gender_text;
	case ABOUT_RACE: return p->race_text;
	default: return NULL;
	}
}

static bool
form_about_answered(const struct form_page *pg)
{
	const struct submission *p = pg->prefill;

	for (int f = 0; f < ABOUT_COUNT; f++) {
		if (!pg->ins->about[f])
			continue;
		if (form_has_error(pg, -1, f))
			return true;
		if (p == NULL)
			continue;
		if (form_about_text(p, f) != NULL)
			return true;
		if (about_questions[f].multi ?
		    p->race != 0 || p->race_prefer_not :
		    p->about[f] != SUBMISSION_NOT_ANSWERED)
			return true;
	}
	return false;
}

static void
form_about_question(struct page *o, const struct form_page *pg,
    enum about_field f)
{
	const struct form_strings *st = &form_strings[pg->lang];
	const struct about_question *q = &about_questions[f];
	const char *type = q->multi ? "checkbox" : "radio";
	unsigned flags = form_has_error(pg, -1, f) ? FORM_INVALID : 0;
	char id[64], name[64], oid[96];

	snprintf(id, sizeof id, "a-%s", q->name);
	snprintf(name, sizeof name, "about_%s", q->name);
	form_fieldset(o, id, q->question[pg->lang], NULL, false,
	    flags & FORM_INVALID);
	form_error_here(o, pg, id, -1, f);
	for (int k = 0; k < q->ncodes; k++) {
		bool on = form_about_on(pg->prefill, f, k);

		snprintf(oid, sizeof oid, "%s-%s", id, q->codes[k].code);
		form_option(o, type, oid, name, q->codes[k].code,
		    q->codes[k].label[pg->lang], flags | (on ? FORM_CHECKED : 0));
	}
	snprintf(oid, sizeof oid, "%s-%s", id, ABOUT_PREFER_NOT);
	form_option(o, type, oid, name, ABOUT_PREFER_NOT,
	    about_prefer_not_label[pg->lang], flags |
	    (form_about_on(pg->prefill, f, ABOUT_PREFER_NOT_INDEX) ?
	    FORM_CHECKED : 0));
	if (q->text_field != NULL) {
		snprintf(oid, sizeof oid, "a-%s", q->text_field);
		page_puts(o, "<div class=\"t\"><label for=\"");
		page_esc(o, oid);
		page_printf(o, "\">%s</label><input type=\"text\" id=\"",
		    st->self_described);
		page_esc(o, oid);
		page_puts(o, "\" name=\"about_");
		page_esc(o, q->text_field);
		page_printf(o, "\" maxlength=\"%d\" value=\"", ABOUT_TEXT_MAX);
		page_esc(o, form_about_text(pg->prefill, f));
		page_printf(o, "\"%s></div>\n", flags & FORM_INVALID ?
		    " aria-invalid=\"true\"" : "");
	}
	page_puts(o, "</fieldset>\n");
}

/* Collapsed so that the survey looks as short as it is; open when it
 * holds something the person should see again. */
static void
form_about(struct page *o, const struct form_page *pg)
{
	const struct form_strings *st = &form_strings[pg->lang];
	bool any = false;

	for (int f = 0; f < ABOUT_COUNT; f++)
		any = any || pg->ins->about[f];
	if (!any)
		return;
	page_printf(o, "<details id=\"about\"%s><summary><h2>%s</h2></summary>\n"
	    "<p class=\"hint\">%s</p>\n", form_about_answered(pg) ? " open" : "",
	    st->about, st->about_note);
	for (int f = 0; f < ABOUT_COUNT; f++)
		if (pg->ins->about[f])
			form_about_question(o, pg, (enum about_field)f);
	page_puts(o, "</details>\n");
}

static bool
form_code_has_error(const struct form_page *pg, int k)
{
	for (int i = 0; pg->errors != NULL && i < pg->errors->n &&
	    i < SUBMISSION_MAX_ERRORS; i++)
		if (submission_error_code(&pg->errors->e[i]) == k)
			return true;
	return false;
}

/* The messages next to a code element, as form_error_here. */
static void
form_code_error_here(struct page *o, const struct form_page *pg,
    const char *id, int k)
{
	if (!form_code_has_error(pg, k))
		return;
	page_printf(o, "<p class=\"err\" id=\"%s-err\">%s", id,
	    form_strings[pg->lang].error_word);
	for (int i = 0; i < pg->errors->n && i < SUBMISSION_MAX_ERRORS; i++) {
		if (submission_error_code(&pg->errors->e[i]) != k)
			continue;
		page_puts(o, " ");
		form_error_text(o, pg, &pg->errors->e[i]);
	}
	page_puts(o, "</p>\n");
}

/* One element of the matching code: a labelled select. */
static void
form_code_element(struct page *o, const struct form_page *pg, int k)
{
	const struct code_element_def *d = &code_elements[k];
	int held = pg->prefill != NULL ? pg->prefill->code[k] :
	    CODE_NOT_ANSWERED;
	bool bad = form_code_has_error(pg, k);
	char id[64], name[64];

	snprintf(id, sizeof id, "c-%s", d->name);
	snprintf(name, sizeof name, CODE_FORM_PREFIX "%s", d->name);
	page_printf(o, "<div class=\"q%s\"><label for=\"%s\">",
	    bad ? " bad" : "", id);
	page_esc(o, d->prompt[pg->lang]);
	page_puts(o, "</label>\n");
	form_code_error_here(o, pg, id, k);
	page_printf(o, "<select id=\"%s\" name=\"%s\"", id, name);
	if (bad)
		page_printf(o, " aria-invalid=\"true\" aria-describedby=\"%s-err\"",
		    id);
	page_printf(o, ">\n<option value=\"\"%s>%s</option>\n",
	    held == CODE_NOT_ANSWERED ? " selected" : "",
	    code_none_label[pg->lang]);
	for (int v = 0; v < d->noptions; v++) {
		page_puts(o, "<option value=\"");
		page_esc(o, d->options[v].value);
		page_printf(o, "\"%s>", held == v + 1 ? " selected" : "");
		page_esc(o, d->options[v].label[pg->lang]);
		page_puts(o, "</option>\n");
	}
	page_printf(o, "<option value=\"%s\"%s>", CODE_DK_VALUE,
	    held == CODE_DK ? " selected" : "");
	page_esc(o, code_dk_label[pg->lang]);
	page_puts(o, "</option>\n</select></div>\n");
}

/*
 * The matching code of a pre/post program's survey: one group, with why
 * it is asked, of four selects.  Selects rather than radios: a month and
 * a letter would be 12 and 27 buttons each.
 */
static void
form_code(struct page *o, const struct form_page *pg)
{
	page_puts(o, "<fieldset id=\"code\" aria-describedby=\"code-hint\">"
	    "<legend>");
	page_esc(o, code_legend[pg->lang]);
	page_puts(o, "</legend>\n<p class=\"hint\" id=\"code-hint\">");
	page_esc(o, code_note[pg->lang]);
	page_puts(o, "</p>\n");
	for (int k = 0; k < CODE_COUNT; k++)
		form_code_element(o, pg, k);
	page_puts(o, "</fieldset>\n");
}

/* Links to the page in the instrument's other languages. */
static void
form_lang_switch(struct page *o, const struct form_page *pg)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		if (l == (int)pg->lang || !pg->ins->languages[l])
			continue;
		page_printf(o, "<p class=\"lang\"><a href=\"?lang=%s\" "
		    "hreflang=\"%s\" lang=\"%s\">%s</a></p>\n",
		    lang_code((enum lang)l), lang_code((enum lang)l),
		    lang_code((enum lang)l), form_strings[l].name);
	}
}

/*
 * The form is novalidate: the server checks and explains in the
 * person's language.  Radios of required items still carry "required",
 * so that screen readers announce it.
 */
int
form_render(struct evbuffer *out, const struct form_page *page)
{
	struct page o = { out, false };
	struct form_page pg = *page;
	const struct form_strings *st;
	const char *title;
	bool quote_done = false;

	pg.lang = page_lang(page->lang);
	st = &form_strings[pg.lang];
	if (pg.errors != NULL && pg.errors->n <= 0)
		pg.errors = NULL;
	title = pg.event != NULL ? pg.event->title : NULL;

	/* The title is read first: say at once that something needs fixing. */
	page_open(&o, pg.lang, pg.errors != NULL ? st->error_word : NULL, NULL,
	    title);
	form_lang_switch(&o, &pg);
	page_puts(&o, "<h1>");
	page_esc(&o, title);
	page_printf(&o, "</h1>\n<p>%s</p>\n", st->intro);
	if (pg.errors != NULL)
		form_error_summary(&o, &pg);
	page_puts(&o, "<form method=\"post\" action=\"/e/");
	page_esc(&o, pg.event != NULL ? pg.event->slug : NULL);
	page_puts(&o, "\" novalidate>\n");
	page_hidden(&o, "id", pg.response_id);
	page_hidden(&o, "token", pg.token);
	page_hidden(&o, "lang", lang_code(pg.lang));
	for (int i = 0; i < pg.ins->nitems; i++)
		form_entry(&o, &pg, i, &quote_done);
	if (pg.code)
		form_code(&o, &pg);
	form_about(&o, &pg);
	/* Off-screen rather than display:none, which some bots skip; hidden
	 * from assistive tech and out of the tab order. */
	page_printf(&o, "<div class=\"hp\" aria-hidden=\"true\"><label "
	    "for=\"%s\">%s</label><input type=\"text\" id=\"%s\" name=\"%s\" "
	    "value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>\n",
	    SUBMISSION_HONEYPOT, st->honeypot, SUBMISSION_HONEYPOT,
	    SUBMISSION_HONEYPOT);
	page_printf(&o, "<button type=\"submit\">%s</button>\n</form>\n",
	    st->send);
	return page_close(&o);
}

int
form_render_thanks(struct evbuffer *out, const struct form_event *event,
    enum lang lang, const char *token, bool entered)
{
	struct page o = { out, false };
	const struct form_strings *st;

	lang = page_lang(lang);
	st = &form_strings[lang];
	page_open(&o, lang, NULL, st->thanks,
	    event != NULL ? event->title : NULL);
	if (event != NULL) {
		page_puts(&o, "<p class=\"ev\">");
		page_esc(&o, event->title);
		page_puts(&o, "</p>\n");
	}
	page_printf(&o, "<h1>%s</h1>\n<p>%s</p>\n", st->thanks, st->thanks_body);
	if (entered) {
		page_printf(&o, "<p role=\"status\"><strong>%s</strong></p>\n",
		    st->draw_entered);
	} else if (event != NULL && event->draw_prize != NULL) {
		page_printf(&o, "<h2>%s</h2>\n<form method=\"post\" "
		    "action=\"/e/", st->draw);
		page_esc(&o, event->slug);
		page_printf(&o, "/draw\">\n<p id=\"draw-hint\">%s",
		    st->draw_pre);
		page_esc(&o, event->draw_prize);
		page_printf(&o, "%s</p>\n<label for=\"email\">%s</label>\n"
		    "<input type=\"email\" id=\"email\" name=\"email\" "
		    "autocomplete=\"email\" maxlength=\"254\" "
		    "aria-describedby=\"draw-hint\">\n", st->draw_post,
		    st->email);
		page_hidden(&o, "token", token);
		page_hidden(&o, "lang", lang_code(lang));
		page_printf(&o, "<button type=\"submit\">%s</button>\n</form>\n",
		    st->draw_button);
	}
	if (event != NULL) {
		/* The form reuses the id of the answer just given (so Back and
		 * Send count once); another person needs a fresh one. */
		page_puts(&o, "<p><a href=\"/e/");
		page_esc(&o, event->slug);
		page_printf(&o, "?again=1&amp;lang=%s\">%s</a></p>\n",
		    lang_code(lang), st->again);
	}
	return page_close(&o);
}

int
form_render_message(struct evbuffer *out, enum form_message kind,
    enum lang lang, const struct form_event *event)
{
	struct page o = { out, false };
	const struct form_strings *st;

	lang = page_lang(lang);
	st = &form_strings[lang];
	if ((unsigned)kind >= FORM_MESSAGE_COUNT)
		kind = FORM_ERROR;
	page_open(&o, lang, NULL, st->msg[kind].title,
	    event != NULL ? event->title : NULL);
	if (event != NULL) {
		page_puts(&o, "<p class=\"ev\">");
		page_esc(&o, event->title);
		page_puts(&o, "</p>\n");
	}
	page_printf(&o, "<h1>%s</h1>\n<p>%s</p>\n", st->msg[kind].title,
	    st->msg[kind].body);
	if (event != NULL && st->msg[kind].link) {
		page_puts(&o, "<p><a href=\"/e/");
		page_esc(&o, event->slug);
		page_printf(&o, "?lang=%s\">%s</a></p>\n", lang_code(lang),
		    st->survey_link);
	}
	return page_close(&o);
}
