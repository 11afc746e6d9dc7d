#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <event2/buffer.h>

#include "board_page.h"
#include "lang.h"
#include "page.h"

#define BOARD_STATUS_COUNT 5

/* Every string the board's pages show, per language; both complete. */
struct board_strings {
	const char *name;		/* its own name, for the switch */
	const char *title;
	const char *hello;		/* followed by the member's name */
	const char *intro;
	const char *send_head;
	const char *topic;
	const char *topics[BOARD_TOPIC_COUNT];
	const char *body;
	const char *body_hint;
	const char *share;
	const char *share_hint;
	const char *send;
	const char *sent;
	const char *error_word;
	const char *errors_one, *errors_pre, *errors_post;
	const char *topic_missing;
	const char *body_missing, *body_too_long, *body_utf8;
	const char *mine;
	const char *none;
	const char *all;
	const char *status;
	const char *statuses[BOARD_STATUS_COUNT];
	const char *history;
	const char *staff_note;
	const char *name_shared, *name_hidden;
	const char *sign_out;
	const char *sign_in_again;
	struct {
		const char *title;
		const char *body;
	} msg[BOARD_MSG_COUNT];
};

/* Codes in the schema's order; the labels above follow it. */
static const char *const board_statuses[BOARD_STATUS_COUNT] = {
	"new", "seen", "discussed", "acted", "declined",
};

static const struct board_strings board_strings[LANG_COUNT] = {
	[LANG_EN] = {
		.name = "English",
		.title = "Youth advisory board",
		.hello = "Hello, ",
		.intro = "Send staff an idea or a concern at any time. Below "
		    "you can see what happened with each one.",
		.send_head = "Send an idea or a concern",
		.topic = "Topic",
		.topics = { "Programs", "Events", "Outreach", "Belonging",
		    "Something else" },
		.body = "Your message",
		.body_hint = "Up to 4,000 characters.",
		.share = "Share my name with staff",
		.share_hint = "If you leave this unticked, staff see your "
		    "message without your name.",
		.send = "Send",
		.sent = "Thank you! Your message was sent.",
		.error_word = "Error:",
		.errors_one = "Please check 1 answer",
		.errors_pre = "Please check ",
		.errors_post = " answers",
		.topic_missing = "Choose a topic.",
		.body_missing = "Write your message.",
		.body_too_long = "Your message is longer than 4,000 "
		    "characters. Please shorten it.",
		.body_utf8 = "Your message has characters we cannot read. "
		    "Please type it again.",
		.mine = "Your messages",
		.none = "You have not sent anything yet.",
		.all = "All your messages",
		.status = "Status:",
		.statuses = { "Sent", "Seen by staff", "Discussed",
		    "Acted on", "Not taken up" },
		.history = "What happened",
		.staff_note = "Staff note:",
		.name_shared = "Your name was shared with staff.",
		.name_hidden = "Sent without your name.",
		.sign_out = "Sign out",
		.sign_in_again = "Go to the board",
		.msg = {
			[BOARD_MSG_BAD_LINK] = { "This link does not work",
			    "Please ask staff for a new personal link." },
			[BOARD_MSG_SIGN_IN] = { "Please sign in",
			    "Open your personal link to sign in. If you have "
			    "just opened it, continue to the board below. If "
			    "your link no longer works, ask staff for a new "
			    "one." },
			[BOARD_MSG_SIGNED_OUT] = { "You are signed out",
			    "To come back, open your personal link again." },
			[BOARD_MSG_EXPIRED] = { "This form has expired",
			    "The page was open for a long time, or came from "
			    "somewhere else. Please go to the board and send "
			    "your message again." },
			[BOARD_MSG_NOT_FOUND] = { "We could not find that",
			    "There is nothing here for you. Your own messages "
			    "are on the board." },
			[BOARD_MSG_UNCHANGEABLE] = { "Messages cannot be changed",
			    "A message you sent stays as it is. Send a new "
			    "one to add something." },
			[BOARD_MSG_BAD_REQUEST] = { "Something was wrong with "
			    "that request",
			    "Please go to the board and try again." },
			[BOARD_MSG_RATE_LIMITED] = { "Too many tries at once",
			    "Please wait a minute and try again." },
			[BOARD_MSG_UNAVAILABLE] = { "Please try again in a "
			    "minute",
			    "We could not reach our records just now. Nothing "
			    "you sent before is lost." },
			[BOARD_MSG_ERROR] = { "Something went wrong",
			    "Sorry, something went wrong on our side. Please "
			    "try once more." },
		},
	},
	[LANG_ES] = {
		.name = "Español",
		.title = "Consejo juvenil asesor",
		.hello = "Hola, ",
		.intro = "Envía al personal una idea o una preocupación "
		    "cuando quieras. Abajo puedes ver qué pasó con cada una.",
		.send_head = "Envía una idea o una preocupación",
		.topic = "Tema",
		.topics = { "Programas", "Eventos", "Difusión", "Pertenencia",
		    "Otra cosa" },
		.body = "Tu mensaje",
		.body_hint = "Hasta 4.000 caracteres.",
		.share = "Compartir mi nombre con el personal",
		.share_hint = "Si no marcas esta casilla, el personal ve tu "
		    "mensaje sin tu nombre.",
		.send = "Enviar",
		.sent = "¡Gracias! Enviamos tu mensaje.",
		.error_word = "Error:",
		.errors_one = "Revisa 1 respuesta",
		.errors_pre = "Revisa ",
		.errors_post = " respuestas",
		.topic_missing = "Elige un tema.",
		.body_missing = "Escribe tu mensaje.",
		.body_too_long = "Tu mensaje tiene más de 4.000 caracteres. "
		    "Acórtalo, por favor.",
		.body_utf8 = "Tu mensaje tiene caracteres que no podemos leer. "
		    "Escríbelo de nuevo, por favor.",
		.mine = "Tus mensajes",
		.none = "Todavía no has enviado nada.",
		.all = "Todos tus mensajes",
		.status = "Estado:",
		.statuses = { "Enviado", "Visto por el personal",
		    "Conversado", "Puesto en práctica", "No se adoptó" },
		.history = "Qué pasó",
		.staff_note = "Nota del personal:",
		.name_shared = "Compartiste tu nombre con el personal.",
		.name_hidden = "Enviado sin tu nombre.",
		.sign_out = "Cerrar sesión",
		.sign_in_again = "Ir al consejo",
		.msg = {
			[BOARD_MSG_BAD_LINK] = { "Este enlace no funciona",
			    "Pide al personal un nuevo enlace personal." },
			[BOARD_MSG_SIGN_IN] = { "Inicia sesión",
			    "Abre tu enlace personal para entrar. Si acabas "
			    "de abrirlo, continúa al consejo aquí abajo. Si "
			    "tu enlace ya no funciona, pide uno nuevo al "
			    "personal." },
			[BOARD_MSG_SIGNED_OUT] = { "Cerraste la sesión",
			    "Para volver, abre otra vez tu enlace personal." },
			[BOARD_MSG_EXPIRED] = { "Este formulario caducó",
			    "La página estuvo abierta mucho tiempo o vino de "
			    "otro sitio. Ve al consejo y envía tu mensaje "
			    "otra vez." },
			[BOARD_MSG_NOT_FOUND] = { "No encontramos eso",
			    "Aquí no hay nada para ti. Tus mensajes están en "
			    "el consejo." },
			[BOARD_MSG_UNCHANGEABLE] = { "Los mensajes no se pueden "
			    "cambiar",
			    "Un mensaje enviado se queda como está. Envía uno "
			    "nuevo para añadir algo." },
			[BOARD_MSG_BAD_REQUEST] = { "Algo estaba mal en esa "
			    "solicitud",
			    "Ve al consejo e inténtalo otra vez." },
			[BOARD_MSG_RATE_LIMITED] = { "Demasiados intentos a la vez",
			    "Espera un minuto e inténtalo otra vez." },
			[BOARD_MSG_UNAVAILABLE] = { "Inténtalo de nuevo en un "
			    "minuto",
			    "No pudimos llegar a nuestros registros ahora "
			    "mismo. No se pierde nada de lo que enviaste." },
			[BOARD_MSG_ERROR] = { "Algo salió mal",
			    "Lo sentimos, algo salió mal de nuestro lado. "
			    "Inténtalo otra vez." },
		},
	},
};

/* Links to the same page in the other languages. */
static void
board_lang_switch(struct page *o, enum lang lang)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *c = lang_code((enum lang)l);

		if (l != (int)lang)
			page_printf(o, "<p class=\"lang\"><a href=\"/board?lang=%s\" "
			    "hreflang=\"%s\" lang=\"%s\">%s</a></p>\n", c, c, c,
			    board_strings[l].name);
	}
}

static const char *
board_body_problem(const struct board_strings *st, enum board_input_problem p)
{
	switch (p) {
	case BOARD_INPUT_OK:
		return NULL;
	case BOARD_INPUT_TOO_LONG:
		return st->body_too_long;
	case BOARD_INPUT_UTF8:
		return st->body_utf8;
	default:
		return st->body_missing;
	}
}

static void
board_error_summary(struct page *o, const struct board_strings *st,
    const struct board_page_refused *rf)
{
	const char *body = board_body_problem(st, rf->body_problem);
	int n = (rf->topic_problem != BOARD_INPUT_OK) + (body != NULL);

	page_errors_open(o, n, st->errors_one, st->errors_pre, st->errors_post);
	if (rf->topic_problem != BOARD_INPUT_OK)
		page_printf(o, "<li><a href=\"#topic\">%s</a></li>\n",
		    st->topic_missing);
	if (body != NULL)
		page_printf(o, "<li><a href=\"#body\">%s</a></li>\n", body);
	page_errors_close(o);
}

static void
board_topic_field(struct page *o, const struct board_strings *st,
    const struct board_page_refused *rf)
{
	bool bad = rf != NULL && rf->topic_problem != BOARD_INPUT_OK;

	page_printf(o, "<fieldset id=\"topic\"%s><legend>%s</legend>\n",
	    bad ? " class=\"bad\" aria-describedby=\"topic-err\"" : "",
	    st->topic);
	if (bad)
		page_printf(o, "<p class=\"err\" id=\"topic-err\">%s %s</p>\n",
		    st->error_word, st->topic_missing);
	for (int i = 0; i < BOARD_TOPIC_COUNT; i++) {
		page_printf(o, "<div class=\"o\"><input type=\"radio\" "
		    "id=\"topic-%s\" name=\"topic\" value=\"%s\" required%s%s>"
		    "<label for=\"topic-%s\">%s</label></div>\n",
		    board_input_topics[i], board_input_topics[i],
		    rf != NULL && rf->topic == i ? " checked" : "",
		    bad ? " aria-invalid=\"true\"" : "", board_input_topics[i],
		    st->topics[i]);
	}
	page_puts(o, "</fieldset>\n");
}

static void
board_body_field(struct page *o, const struct board_strings *st,
    const struct board_page_refused *rf)
{
	const char *problem = rf != NULL ?
	    board_body_problem(st, rf->body_problem) : NULL;

	page_printf(o, "<div class=\"q%s\"><label for=\"body\">%s</label>\n"
	    "<p class=\"hint\" id=\"body-hint\">%s</p>\n",
	    problem != NULL ? " bad" : "", st->body, st->body_hint);
	if (problem != NULL)
		page_printf(o, "<p class=\"err\" id=\"body-err\">%s %s</p>\n",
		    st->error_word, problem);
	/* maxlength counts UTF-16 units: the browser is only ever stricter. */
	page_printf(o, "<textarea id=\"body\" name=\"body\" rows=\"6\" "
	    "maxlength=\"%d\" required aria-describedby=\"body-hint%s\"%s>\n",
	    BOARD_BODY_MAX, problem != NULL ? " body-err" : "",
	    problem != NULL ? " aria-invalid=\"true\"" : "");
	if (rf != NULL)
		page_esc(o, rf->body);
	page_puts(o, "</textarea>\n</div>\n");
}

static void
board_form(struct page *o, const struct board_page *pg)
{
	const struct board_strings *st = &board_strings[pg->lang];
	const struct board_page_refused *rf = pg->refused;

	page_printf(o, "<h2>%s</h2>\n<form method=\"post\" "
	    "action=\"/board/items\" novalidate>\n", st->send_head);
	page_hidden(o, "form_token", pg->form_token);
	page_hidden(o, "key", pg->item_key);
	page_hidden(o, "lang", lang_code(pg->lang));
	board_topic_field(o, st, rf);
	board_body_field(o, st, rf);
	page_printf(o, "<p class=\"hint\" id=\"share-hint\">%s</p>\n"
	    "<div class=\"o\"><input type=\"checkbox\" id=\"share\" "
	    "name=\"share_name\" value=\"1\" aria-describedby=\"share-hint\"%s>"
	    "<label for=\"share\">%s</label></div>\n"
	    "<button type=\"submit\">%s</button>\n</form>\n", st->share_hint,
	    rf != NULL && rf->share_name ? " checked" : "", st->share, st->send);
}

static const char *
board_label(const char *code, const char *const *codes,
    const char *const *labels, int n)
{
	for (int i = 0; i < n; i++)
		if (code != NULL && strcmp(code, codes[i]) == 0)
			return labels[i];
	return code != NULL ? code : "";
}

static const char *
board_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A time as its date, in a <time> element that carries all of it. */
static void
board_time(struct page *o, const char *at)
{
	char day[11];

	if (at == NULL)
		return;
	snprintf(day, sizeof day, "%s", at);
	page_puts(o, "<time datetime=\"");
	page_esc(o, at);
	page_puts(o, "\">");
	page_esc(o, day);
	page_puts(o, "</time>");
}

static void
board_history(struct page *o, const struct board_strings *st,
    const cJSON *hist)
{
	const cJSON *e;

	page_printf(o, "<p>%s</p>\n<ol>\n", st->history);
	cJSON_ArrayForEach(e, hist) {
		const char *note = board_str(e, "note"), *by = board_str(e, "by");

		page_puts(o, "<li>");
		board_time(o, board_str(e, "at"));
		page_puts(o, ": ");
		page_puts(o, board_label(board_str(e, "status"), board_statuses,
		    st->statuses, BOARD_STATUS_COUNT));
		if (note != NULL && *note != '\0') {
			page_printf(o, "<br>%s <span class=\"msg\">",
			    st->staff_note);
			page_esc(o, note);
			page_puts(o, "</span>");
		}
		if (by != NULL && *by != '\0') {
			page_puts(o, " — ");
			page_esc(o, by);
		}
		page_puts(o, "</li>\n");
	}
	page_puts(o, "</ol>\n");
}

static void
board_item(struct page *o, const struct board_strings *st,
    const cJSON *item)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
	const cJSON *share = cJSON_GetObjectItemCaseSensitive(item, "share_name");
	int n = cJSON_IsNumber(id) ? id->valueint : 0;

	page_printf(o, "<article aria-labelledby=\"item-%d\">\n"
	    "<h3 id=\"item-%d\">", n, n);
	page_puts(o, board_label(board_str(item, "topic"), board_input_topics,
	    st->topics, BOARD_TOPIC_COUNT));
	page_puts(o, ", ");
	board_time(o, board_str(item, "created_at"));
	page_puts(o, "</h3>\n<p class=\"msg\">");
	page_esc(o, board_str(item, "body"));
	/* Two sentences, two paragraphs: read together they ran into one. */
	page_printf(o, "</p>\n<p class=\"status\">%s <strong>%s</strong>.</p>\n"
	    "<p class=\"shared\">%s</p>\n", st->status,
	    board_label(board_str(item, "status"), board_statuses, st->statuses,
	    BOARD_STATUS_COUNT), cJSON_IsTrue(share) ? st->name_shared :
	    st->name_hidden);
	board_history(o, st, cJSON_GetObjectItemCaseSensitive(item, "history"));
	page_puts(o, "</article>\n");
}

int
board_page_render(struct evbuffer *out, const struct board_page *page)
{
	struct page o = { out, false };
	struct board_page pg = *page;
	const struct board_strings *st;
	const cJSON *item;

	pg.lang = page_lang(page->lang);
	st = &board_strings[pg.lang];
	page_open(&o, pg.lang, pg.refused != NULL ? st->error_word : NULL,
	    st->mine, st->title);
	board_lang_switch(&o, pg.lang);
	page_printf(&o, "<h1>%s</h1>\n<p>%s", st->title, st->hello);
	page_esc(&o, pg.name);
	page_printf(&o, "</p>\n<p>%s</p>\n", st->intro);
	if (pg.sent)
		page_printf(&o, "<p role=\"status\" class=\"ok\">%s</p>\n",
		    st->sent);
	if (pg.refused != NULL)
		board_error_summary(&o, st, pg.refused);
	if (!pg.single)
		board_form(&o, &pg);
	page_printf(&o, "<section aria-labelledby=\"mine\">\n"
	    "<h2 id=\"mine\">%s</h2>\n", st->mine);
	if (cJSON_GetArraySize(pg.items) == 0)
		page_printf(&o, "<p>%s</p>\n", st->none);
	cJSON_ArrayForEach(item, pg.items)
		board_item(&o, st, item);
	if (pg.single)
		page_printf(&o, "<p><a href=\"/board?lang=%s\">%s</a></p>\n",
		    lang_code(pg.lang), st->all);
	page_puts(&o, "</section>\n<form method=\"post\" action=\"/board/logout\" "
	    "class=\"out\">\n");
	page_hidden(&o, "form_token", pg.form_token);
	page_hidden(&o, "lang", lang_code(pg.lang));
	page_printf(&o, "<button type=\"submit\">%s</button>\n</form>\n",
	    st->sign_out);
	return page_close(&o);
}

int
board_page_message(struct evbuffer *out, enum board_message kind,
    enum lang lang)
{
	struct page o = { out, false };
	const struct board_strings *st;

	lang = page_lang(lang);
	st = &board_strings[lang];
	if ((unsigned)kind >= BOARD_MSG_COUNT)
		kind = BOARD_MSG_ERROR;
	page_open(&o, lang, NULL, st->msg[kind].title, st->title);
	page_printf(&o, "<h1>%s</h1>\n<p>%s</p>\n", st->msg[kind].title,
	    st->msg[kind].body);
	/* A same-site link: after a sign-in from another site, a browser
	 * holds back the SameSite=Strict cookie on the redirect, and sends
	 * it on this click. */
	if (kind != BOARD_MSG_BAD_LINK && kind != BOARD_MSG_SIGNED_OUT)
		page_printf(&o, "<p><a href=\"/board?lang=%s\">%s</a></p>\n",
		    lang_code(lang), st->sign_in_again);
	return page_close(&o);
}
