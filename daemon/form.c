#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>

#include "about.h"
#include "form.h"
#include "instrument.h"
#include "lang.h"
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

/*
 * One column, system fonts, 44px targets, #1a1a1a on white (17:1), links
 * and focus in dark blue (#0b3d91, 10:1), errors in #a00000 (8:1) and
 * always with the word "Error:" and a bar, never by colour alone.
 */
static const char form_css[] =
    "*{box-sizing:border-box}"
    "html{-webkit-text-size-adjust:100%}"
    "body{margin:0;background:#fff;color:#1a1a1a;"
    "font:1.0625rem/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}"
    "main{max-width:40rem;margin:0 auto;padding:.75rem 1rem 2rem}"
    "h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .5rem}"
    "h2{font-size:1.25rem;line-height:1.3;margin:0 0 .5rem}"
    "a{color:#0b3d91}"
    ":focus,:focus-visible{outline:3px solid #0b3d91;outline-offset:2px}"
    ".lang{text-align:right;margin:0}"
    ".lang a{display:inline-block;padding:.6rem .25rem;min-height:44px}"
    ".ev{margin:0;color:#404040}"
    "fieldset,.q{border:0;margin:0 0 1.5rem;padding:0;min-width:0}"
    "legend,.q>label{display:block;font-weight:600;padding:0;"
    "margin-bottom:.25rem}"
    ".req{font-weight:400;color:#404040}"
    ".hint{margin:0 0 .25rem;color:#404040}"
    ".o{display:flex;align-items:center;min-height:44px}"
    ".o input{flex:none;width:1.5rem;height:1.5rem;margin:0 .75rem 0 0;"
    "accent-color:#0b3d91}"
    ".o label{flex:1;padding:.5rem 0}"
    ".s{display:flex;flex-wrap:wrap}"
    ".s .o{flex:0 0 4.5rem}"
    "textarea,input[type=text],input[type=email]{display:block;width:100%;"
    "font:inherit;color:inherit;background:#fff;padding:.5rem;"
    "min-height:44px;border:2px solid #555;border-radius:4px}"
    ".t{margin-top:.5rem}"
    "button{font:inherit;font-weight:600;color:#fff;background:#0b3d91;"
    "border:0;border-radius:6px;padding:.75rem 1.5rem;min-height:48px;"
    "width:100%;margin-top:.5rem;cursor:pointer}"
    ".err{color:#a00000;font-weight:600;margin:0 0 .25rem}"
    ".bad{border-left:4px solid #a00000;padding-left:.75rem}"
    "#errors{border:3px solid #a00000;padding:.75rem 1rem;margin:1rem 0}"
    "#errors ul{margin:0;padding-left:1.25rem}"
    "#errors li{padding:.4rem 0}"
    "summary{min-height:44px;padding:.5rem 0;cursor:pointer}"
    "summary h2{display:inline;margin:0}"
    "details{margin:0 0 1.5rem}"
    ".hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;"
    "overflow:hidden}";

/*
 * Where a page is written.  A page is a few hundred small appends;
 * checking each would bury the markup, so, like stdio's ferror, the first
 * failure sticks, later appends are skipped, and the public functions
 * turn it into their -1.
 */
struct form_out {
	struct evbuffer *buf;
	bool failed;
};

/* Flags of one radio or checkbox. */
#define FORM_CHECKED	0x1
#define FORM_REQUIRED	0x2
#define FORM_INVALID	0x4

static void
form_add(struct form_out *o, const char *s, size_t len)
{
	if (!o->failed && len > 0 && evbuffer_add(o->buf, s, len) != 0)
		o->failed = true;
}

static void
form_puts(struct form_out *o, const char *s)
{
	form_add(o, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
form_printf(struct form_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->failed)
		return;
	va_start(ap, fmt);
	if (evbuffer_add_vprintf(o->buf, fmt, ap) < 0)
		o->failed = true;
	va_end(ap);
}

/* Runs of plain bytes go out in one append; UTF-8 passes through. */
static void
form_esc(struct form_out *o, const char *s)
{
	const char *run;

	if (s == NULL)
		return;
	for (run = s; *s != '\0'; s++) {
		const char *ent;

		switch (*s) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		form_add(o, run, (size_t)(s - run));
		form_puts(o, ent);
		run = s + 1;
	}
	form_add(o, run, (size_t)(s - run));
}

int
form_escape(struct evbuffer *out, const char *s)
{
	struct form_out o = { out, false };

	form_esc(&o, s);
	return o.failed ? -1 : 0;
}

static enum lang
form_lang(enum lang lang)
{
	return (unsigned)lang < LANG_COUNT ? lang : LANG_EN;
}

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

/* Everything up to the <title>, which the caller writes. */
static void
form_open(struct form_out *o, enum lang lang)
{
	form_printf(o, "<!doctype html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n", lang_code(lang));
}

/* From the end of the <title> to the opening of <main>. */
static void
form_body(struct form_out *o)
{
	form_puts(o, "<style>");
	form_puts(o, form_css);
	form_puts(o, "</style>\n</head>\n<body>\n<main>\n");
}

static void
form_close(struct form_out *o)
{
	form_puts(o, "</main>\n</body>\n</html>\n");
}

/* <title>head — user</title>, either part optional; head is ours, user is
 * escaped. */
static void
form_title(struct form_out *o, const char *head, const char *user)
{
	form_puts(o, "<title>");
	if (head != NULL)
		form_puts(o, head);
	if (head != NULL && user != NULL && *user != '\0')
		form_puts(o, " — ");
	form_esc(o, user);
	form_puts(o, "</title>\n");
}

static void
form_option(struct form_out *o, const char *type, const char *id,
    const char *name, const char *value, const char *label, unsigned flags)
{
	form_printf(o, "<div class=\"o\"><input type=\"%s\" id=\"", type);
	form_esc(o, id);
	form_puts(o, "\" name=\"");
	form_esc(o, name);
	form_puts(o, "\" value=\"");
	form_esc(o, value);
	form_puts(o, "\"");
	if (flags & FORM_CHECKED)
		form_puts(o, " checked");
	if (flags & FORM_REQUIRED)
		form_puts(o, " required");
	if (flags & FORM_INVALID)
		form_puts(o, " aria-invalid=\"true\"");
	form_puts(o, "><label for=\"");
	form_esc(o, id);
	form_puts(o, "\">");
	form_esc(o, label);
	form_puts(o, "</label></div>\n");
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
form_error_text(struct form_out *o, const struct form_page *pg,
    const struct submission_error *e)
{
	char buf[512];
	const char *m;

	m = submission_error_text(e, pg->ins, pg->lang, buf, sizeof buf);
	form_esc(o, m != NULL ? m : e->message);
}

/* The messages next to an item, in one element its controls point at. */
static void
form_error_here(struct form_out *o, const struct form_page *pg,
    const char *id, int item, int about)
{
	if (!form_has_error(pg, item, about))
		return;
	form_puts(o, "<p class=\"err\" id=\"");
	form_esc(o, id);
	form_printf(o, "-err\">%s", form_strings[pg->lang].error_word);
	for (int i = 0; i < pg->errors->n && i < SUBMISSION_MAX_ERRORS; i++) {
		if (!form_error_is(&pg->errors->e[i], item, about))
			continue;
		form_puts(o, " ");
		form_error_text(o, pg, &pg->errors->e[i]);
	}
	form_puts(o, "</p>\n");
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
	return false;
}

/* Where an error sits on the page: the form as a whole first, then the
 * items, then the about block. */
static int
form_error_rank(const struct form_page *pg, const struct submission_error *e)
{
	if (e->item >= 0 && e->item < pg->ins->nitems)
		return 1 + e->item;
	if (e->item < 0 && e->about >= 0 && e->about < ABOUT_COUNT)
		return 1 + pg->ins->nitems + e->about;
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
	return NULL;
}

/*
 * A summary line: the question, then a link to it with the problem; or,
 * for the form as a whole (a bad id or token), just the words.  The
 * messages are generic ("Please answer this question."), so without the
 * question beside it every link would read the same (WCAG 2.4.4).
 */
static void
form_error_line(struct form_out *o, const struct form_page *pg,
    const struct submission_error *e)
{
	char anchor[128];
	const char *q;

	if (!form_error_anchor(pg, e, anchor, sizeof anchor)) {
		form_puts(o, "<li>");
		form_error_text(o, pg, e);
		form_puts(o, "</li>\n");
		return;
	}
	form_puts(o, "<li>");
	if ((q = form_error_question(pg, e)) != NULL && *q != '\0') {
		form_esc(o, q);
		form_puts(o, " ");
	}
	form_puts(o, "<a href=\"#");
	form_esc(o, anchor);
	form_puts(o, "\">");
	form_error_text(o, pg, e);
	form_puts(o, "</a></li>\n");
}

/*
 * The summary comes first so that a screen reader meets it on load
 * (role="alert", and autofocus where the browser honours it on a div).
 * It lists the problems in the order the page shows them.
 */
static void
form_error_summary(struct form_out *o, const struct form_page *pg)
{
	const struct form_strings *st = &form_strings[pg->lang];
	int n = pg->errors->n < SUBMISSION_MAX_ERRORS ?
	    pg->errors->n : SUBMISSION_MAX_ERRORS;
	int ranks = 1 + pg->ins->nitems + ABOUT_COUNT;

	form_puts(o, "<div role=\"alert\" id=\"errors\" tabindex=\"-1\" "
	    "autofocus>\n<h2>");
	if (n == 1)
		form_puts(o, st->errors_one);
	else
		form_printf(o, "%s%d%s", st->errors_pre, n, st->errors_post);
	form_puts(o, "</h2>\n<ul>\n");
	for (int r = 0; r < ranks; r++) {
		for (int i = 0; i < n; i++)
			if (form_error_rank(pg, &pg->errors->e[i]) == r)
				form_error_line(o, pg, &pg->errors->e[i]);
	}
	form_puts(o, "</ul>\n</div>\n");
}

/* <fieldset id=ID ...><legend>; the hint and error ids it points at are
 * ID-hint and ID-err. */
static void
form_fieldset(struct form_out *o, const char *id, const char *legend,
    const char *required, bool hint, bool bad)
{
	form_puts(o, "<fieldset id=\"");
	form_esc(o, id);
	form_puts(o, "\"");
	if (bad)
		form_puts(o, " class=\"bad\"");
	if (hint || bad) {
		form_puts(o, " aria-describedby=\"");
		if (hint) {
			form_esc(o, id);
			form_puts(o, "-hint");
		}
		if (hint && bad)
			form_puts(o, " ");
		if (bad) {
			form_esc(o, id);
			form_puts(o, "-err");
		}
		form_puts(o, "\"");
	}
	form_puts(o, "><legend>");
	form_esc(o, legend);
	if (required != NULL) {
		form_puts(o, " <span class=\"req\">");
		form_puts(o, required);
		form_puts(o, "</span>");
	}
	form_puts(o, "</legend>\n");
}

static void
form_quote_ok(struct form_out *o, const struct form_page *pg)
{
	bool on = pg->prefill != NULL && pg->prefill->quote_ok;

	form_option(o, "checkbox", "quote-ok", "quote_ok", "1",
	    form_strings[pg->lang].quote_ok, on ? FORM_CHECKED : 0);
}

static void
form_text_item(struct form_out *o, const struct form_page *pg, int i,
    const char *id, const char *name, bool *quote_done)
{
	const struct form_strings *st = &form_strings[pg->lang];
	const struct item *it = &pg->ins->items[i];
	bool bad = form_has_error(pg, i, -1);

	form_printf(o, "<div class=\"q%s\"><label for=\"", bad ? " bad" : "");
	form_esc(o, id);
	form_puts(o, "\">");
	form_esc(o, form_text(it->text, pg->lang));
	if (it->required)
		form_printf(o, " <span class=\"req\">%s</span>", st->required);
	form_puts(o, "</label>\n<p class=\"hint\" id=\"");
	form_esc(o, id);
	form_printf(o, "-hint\">%s%d%s</p>\n", st->max_pre, it->max_length,
	    st->max_post);
	form_error_here(o, pg, id, i, -1);
	form_puts(o, "<textarea id=\"");
	form_esc(o, id);
	form_puts(o, "\" name=\"");
	form_esc(o, name);
	/* maxlength counts UTF-16 units, never more than our code points:
	 * the browser can only be stricter than the server. */
	form_printf(o, "\" rows=\"4\" maxlength=\"%d\" aria-describedby=\"",
	    it->max_length);
	form_esc(o, id);
	form_puts(o, "-hint");
	if (bad) {
		form_puts(o, " ");
		form_esc(o, id);
		form_puts(o, "-err\" aria-invalid=\"true");
	}
	form_puts(o, "\"");
	if (it->required)
		form_puts(o, " required");
	/* The parser drops one newline after the tag; this one, not the
	 * answer's own. */
	form_puts(o, ">\n");
	if (pg->prefill != NULL)
		form_esc(o, pg->prefill->text[i]);
	form_puts(o, "</textarea>\n");
	/* The first text item is the comment the quote consent is about. */
	if (!*quote_done) {
		form_quote_ok(o, pg);
		*quote_done = true;
	}
	form_puts(o, "</div>\n");
}

static void
form_item(struct form_out *o, const struct form_page *pg, int i,
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
	form_fieldset(o, id, form_text(it->text, pg->lang),
	    it->required ? st->required : NULL, it->type == ITEM_SCALE0_10,
	    flags & FORM_INVALID);
	if (it->type == ITEM_SCALE0_10) {
		form_puts(o, "<p class=\"hint\" id=\"");
		form_esc(o, id);
		form_printf(o, "-hint\">%s<br>%s</p>\n", st->scale_low,
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
		form_puts(o, "<div class=\"s\">\n");
		for (int k = 0; k <= 10; k++) {
			snprintf(oid, sizeof oid, "%s-%d", id, k);
			snprintf(v, sizeof v, "%d", k);
			form_option(o, "radio", oid, name, v, v,
			    flags | (value == k ? FORM_CHECKED : 0));
		}
		form_puts(o, "</div>\n");
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
	form_puts(o, "</fieldset>\n");
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
form_about_question(struct form_out *o, const struct form_page *pg,
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
		form_puts(o, "<div class=\"t\"><label for=\"");
		form_esc(o, oid);
		form_printf(o, "\">%s</label><input type=\"text\" id=\"",
		    st->self_described);
		form_esc(o, oid);
		form_puts(o, "\" name=\"about_");
		form_esc(o, q->text_field);
		form_printf(o, "\" maxlength=\"%d\" value=\"", ABOUT_TEXT_MAX);
		form_esc(o, form_about_text(pg->prefill, f));
		form_printf(o, "\"%s></div>\n", flags & FORM_INVALID ?
		    " aria-invalid=\"true\"" : "");
	}
	form_puts(o, "</fieldset>\n");
}

/* Collapsed so that the survey looks as short as it is; open when it
 * holds something the person should see again. */
static void
form_about(struct form_out *o, const struct form_page *pg)
{
	const struct form_strings *st = &form_strings[pg->lang];
	bool any = false;

	for (int f = 0; f < ABOUT_COUNT; f++)
		any = any || pg->ins->about[f];
	if (!any)
		return;
	form_printf(o, "<details id=\"about\"%s><summary><h2>%s</h2></summary>\n"
	    "<p class=\"hint\">%s</p>\n", form_about_answered(pg) ? " open" : "",
	    st->about, st->about_note);
	for (int f = 0; f < ABOUT_COUNT; f++)
		if (pg->ins->about[f])
			form_about_question(o, pg, (enum about_field)f);
	form_puts(o, "</details>\n");
}

static void
form_hidden(struct form_out *o, const char *name, const char *value)
{
	form_printf(o, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	form_esc(o, value);
	form_puts(o, "\">\n");
}

/* Links to the page in the instrument's other languages. */
static void
form_lang_switch(struct form_out *o, const struct form_page *pg)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		if (l == (int)pg->lang || !pg->ins->languages[l])
			continue;
		form_printf(o, "<p class=\"lang\"><a href=\"?lang=%s\" "
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
	struct form_out o = { out, false };
	struct form_page pg = *page;
	const struct form_strings *st;
	const char *title;
	bool quote_done = false;

	pg.lang = form_lang(page->lang);
	st = &form_strings[pg.lang];
	if (pg.errors != NULL && pg.errors->n <= 0)
		pg.errors = NULL;
	title = pg.event != NULL ? pg.event->title : NULL;

	form_open(&o, pg.lang);
	/* The title is read first: say at once that something needs fixing. */
	form_puts(&o, "<title>");
	if (pg.errors != NULL)
		form_printf(&o, "%s ", st->error_word);
	form_esc(&o, title);
	form_puts(&o, "</title>\n");
	form_body(&o);
	form_lang_switch(&o, &pg);
	form_puts(&o, "<h1>");
	form_esc(&o, title);
	form_printf(&o, "</h1>\n<p>%s</p>\n", st->intro);
	if (pg.errors != NULL)
		form_error_summary(&o, &pg);
	form_puts(&o, "<form method=\"post\" action=\"/e/");
	form_esc(&o, pg.event != NULL ? pg.event->slug : NULL);
	form_puts(&o, "\" novalidate>\n");
	form_hidden(&o, "id", pg.response_id);
	form_hidden(&o, "token", pg.token);
	form_hidden(&o, "lang", lang_code(pg.lang));
	for (int i = 0; i < pg.ins->nitems; i++)
		form_item(&o, &pg, i, &quote_done);
	form_about(&o, &pg);
	/* Off-screen rather than display:none, which some bots skip; hidden
	 * from assistive tech and out of the tab order. */
	form_printf(&o, "<div class=\"hp\" aria-hidden=\"true\"><label "
	    "for=\"%s\">%s</label><input type=\"text\" id=\"%s\" name=\"%s\" "
	    "value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>\n",
	    SUBMISSION_HONEYPOT, st->honeypot, SUBMISSION_HONEYPOT,
	    SUBMISSION_HONEYPOT);
	form_printf(&o, "<button type=\"submit\">%s</button>\n</form>\n",
	    st->send);
	form_close(&o);
	return o.failed ? -1 : 0;
}

int
form_render_thanks(struct evbuffer *out, const struct form_event *event,
    enum lang lang, const char *token, bool entered)
{
	struct form_out o = { out, false };
	const struct form_strings *st;

	lang = form_lang(lang);
	st = &form_strings[lang];
	form_open(&o, lang);
	form_title(&o, st->thanks, event != NULL ? event->title : NULL);
	form_body(&o);
	if (event != NULL) {
		form_puts(&o, "<p class=\"ev\">");
		form_esc(&o, event->title);
		form_puts(&o, "</p>\n");
	}
	form_printf(&o, "<h1>%s</h1>\n<p>%s</p>\n", st->thanks, st->thanks_body);
	if (entered) {
		form_printf(&o, "<p role=\"status\"><strong>%s</strong></p>\n",
		    st->draw_entered);
	} else if (event != NULL && event->draw_prize != NULL) {
		form_printf(&o, "<h2>%s</h2>\n<form method=\"post\" "
		    "action=\"/e/", st->draw);
		form_esc(&o, event->slug);
		form_printf(&o, "/draw\">\n<p id=\"draw-hint\">%s",
		    st->draw_pre);
		form_esc(&o, event->draw_prize);
		form_printf(&o, "%s</p>\n<label for=\"email\">%s</label>\n"
		    "<input type=\"email\" id=\"email\" name=\"email\" "
		    "autocomplete=\"email\" maxlength=\"254\" "
		    "aria-describedby=\"draw-hint\">\n", st->draw_post,
		    st->email);
		form_hidden(&o, "token", token);
		form_hidden(&o, "lang", lang_code(lang));
		form_printf(&o, "<button type=\"submit\">%s</button>\n</form>\n",
		    st->draw_button);
	}
	if (event != NULL) {
		/* The form reuses the id of the answer just given (so Back and
		 * Send count once); another person needs a fresh one. */
		form_puts(&o, "<p><a href=\"/e/");
		form_esc(&o, event->slug);
		form_printf(&o, "?again=1&amp;lang=%s\">%s</a></p>\n",
		    lang_code(lang), st->again);
	}
	form_close(&o);
	return o.failed ? -1 : 0;
}

int
form_render_message(struct evbuffer *out, enum form_message kind,
    enum lang lang, const struct form_event *event)
{
	struct form_out o = { out, false };
	const struct form_strings *st;

	lang = form_lang(lang);
	st = &form_strings[lang];
	if ((unsigned)kind >= FORM_MESSAGE_COUNT)
		kind = FORM_ERROR;
	form_open(&o, lang);
	form_title(&o, st->msg[kind].title, event != NULL ? event->title : NULL);
	form_body(&o);
	if (event != NULL) {
		form_puts(&o, "<p class=\"ev\">");
		form_esc(&o, event->title);
		form_puts(&o, "</p>\n");
	}
	form_printf(&o, "<h1>%s</h1>\n<p>%s</p>\n", st->msg[kind].title,
	    st->msg[kind].body);
	if (event != NULL && st->msg[kind].link) {
		form_puts(&o, "<p><a href=\"/e/");
		form_esc(&o, event->slug);
		form_printf(&o, "?lang=%s\">%s</a></p>\n", lang_code(lang),
		    st->survey_link);
	}
	form_close(&o);
	return o.failed ? -1 : 0;
}
