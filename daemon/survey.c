#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "app.h"
#include "form.h"
#include "log.h"
#include "metrics.h"
#include "submission.h"
#include "survey.h"
#include "utf8.h"

#define HTML "text/html; charset=utf-8"
/*
 * After an answer is stored, this cookie (scoped to the survey's path)
 * holds its response id, and the form served again on that phone carries
 * the same id: Back then Send, or a reload of the form, counts once.  The
 * thank-you page links to ?again=1 for the next person on the same phone.
 * The cookie is never stored with the response.
 */
#define ANSWERED_COOKIE "belong_answered"
#define RETRY_AFTER_S "5"
#define EMAIL_MAX 254

/* A form submission (or draw entry) waiting for its event, then its
 * commit; its body is the request's (r->body). */
struct survey_post {
	struct http_req *r;
	struct catalog_event *ev;
	struct submission sub;
	enum lang lang;
	char *email;		/* draw entries */
};

/* ?lang= first, then Accept-Language, then English. */
static enum lang
survey_lang(const struct http_req *r)
{
	char *q = http_query_param(r, "lang");
	enum lang lang;

	if (q != NULL && lang_parse(q, &lang) == 0) {
		free(q);
		return lang;
	}
	free(q);
	return lang_from_accept(evhttp_find_header(
	    evhttp_request_get_input_headers(r->req), "Accept-Language"));
}

static void
survey_event_view(const struct catalog_event *ev, struct form_event *fe)
{
	fe->slug = ev->slug;
	fe->title = ev->title;
	fe->draw_prize = ev->draw_prize;
}

/* A short page in the respondent's language. */
static void
survey_message(struct http_req *r, int status, enum form_message kind,
    enum lang lang, const struct catalog_event *ev)
{
	struct evbuffer *buf = evbuffer_new();
	struct form_event fe;

	if (ev != NULL)
		survey_event_view(ev, &fe);
	/* (A 429's Retry-After is set by the rate limit, to its wait.) */
	if (status == 503)
		http_header(r, "Retry-After", RETRY_AFTER_S);
	if (buf == NULL || form_render_message(buf, kind, lang,
	    ev != NULL ? &fe : NULL) != 0) {
		if (buf != NULL)
			evbuffer_free(buf);
		http_reply_text(r, 500, "text/plain; charset=utf-8", "internal error\n");
		return;
	}
	http_reply(r, status, HTML, buf);
	evbuffer_free(buf);
}

static void
survey_not_found(struct http_req *r)
{
	survey_message(r, 404, FORM_NOT_FOUND, survey_lang(r), NULL);
}

/* The page for a refusal made before the handler (http_refuse). */
static void
survey_refused(struct http_req *r, int status)
{
	enum form_message kind = status == 404 ? FORM_NOT_FOUND :
	    status == 429 ? FORM_RATE_LIMITED : status == 503 ?
	    FORM_UNAVAILABLE : FORM_ERROR;

	survey_message(r, status, kind, survey_lang(r), NULL);
}

/* Answer a lookup that found no open event; true if it answered. */
static bool
survey_event_problem(struct http_req *r, const struct catalog_event *ev,
    enum catalog_status status, enum lang lang)
{
	if (status == CATALOG_NOT_FOUND) {
		survey_message(r, 404, FORM_NOT_FOUND, lang, NULL);
		return true;
	}
	if (status != CATALOG_FOUND) {
		survey_message(r, 503, FORM_UNAVAILABLE, lang, NULL);
		return true;
	}
	if (!catalog_event_open(ev, time(NULL))) {
		survey_message(r, 410, FORM_CLOSED, lang, ev);
		return true;
	}
	return false;
}

/*
 * The response id in the request's answered cookie, if any and well
 * formed, into id (37 bytes); returns whether there was one.
 */
static bool
survey_answered_id(const struct http_req *r, char id[37])
{
	const char *cookies = evhttp_find_header(
	    evhttp_request_get_input_headers(r->req), "Cookie");
	const char *p = cookies;
	size_t n = strlen(ANSWERED_COOKIE);

	while (p != NULL && (p = strstr(p, ANSWERED_COOKIE "=")) != NULL) {
		if (p == cookies || p[-1] == ' ' || p[-1] == ';') {
			p += n + 1;
			if (strspn(p, "0123456789abcdef-") == 36 &&
			    (p[36] == '\0' || p[36] == ';')) {
				memcpy(id, p, 36);
				id[36] = '\0';
				return true;
			}
			return false;
		}
		p += n;
	}
	return false;
}

/* Render the form: blank (prefill NULL) or again with answers and errors;
 * reuse_id, if not NULL, is the response id to carry. */
static void
survey_render_form(struct http_req *r, int status, const struct catalog_event *ev,
    enum lang lang, const struct submission *prefill,
    const struct submission_errors *errs, const char *reuse_id)
{
	struct evbuffer *buf = evbuffer_new();
	char token[TOKEN_MAX], id[37];
	struct form_event fe;
	struct form_page page;

	survey_event_view(ev, &fe);
	if (prefill != NULL && prefill->id[0] != '\0')
		memcpy(id, prefill->id, sizeof id);
	else if (reuse_id != NULL)
		memcpy(id, reuse_id, sizeof id);
	else if (submission_new_id(id) != 0)
		goto fail;
	/* The token is good for this id only (token.h). */
	token_issue(&r->app->key, ev->id, id, time(NULL), token);
	memset(&page, 0, sizeof page);
	page.event = &fe;
	page.ins = ev->ins;
	page.lang = lang;
	page.response_id = id;
	page.token = token;
	page.prefill = prefill;
	page.errors = errs;
	page.code = ev->asks_code;
	if (buf == NULL || form_render(buf, &page) != 0)
		goto fail;
	http_reply(r, status, HTML, buf);
	evbuffer_free(buf);
	return;
fail:
	if (buf != NULL)
		evbuffer_free(buf);
	survey_message(r, 503, FORM_UNAVAILABLE, lang, ev);
}

static void
survey_form_found(void *arg, struct catalog_event *ev, enum catalog_status status)
{
	struct http_req *r = arg;
	enum lang lang = survey_lang(r);
	char *again = http_query_param(r, "again");
	char answered[37];
	bool reuse;

	reuse = again == NULL && survey_answered_id(r, answered);
	free(again);
	if (!survey_event_problem(r, ev, status, lang))
		survey_render_form(r, 200, ev, lang, NULL, NULL,
		    reuse ? answered : NULL);
	catalog_event_unref(ev);
}

static void
survey_form(struct http_req *r)
{
	catalog_get(r->app->catalog, r->slug, survey_form_found, r);
}

static void
survey_redirect_thanks(struct http_req *r, enum lang lang, bool entered)
{
	char location[128];

	snprintf(location, sizeof location, "/e/%s/thanks?lang=%s%s", r->slug,
	    lang_code(lang), entered ? "&entered=1" : "");
	http_redirect(r, location);
}

static void
survey_post_free(struct survey_post *sp)
{
	catalog_event_unref(sp->ev);
	submission_clear(&sp->sub);
	free(sp->email);
	free(sp);
}

static void
survey_written(void *arg, enum writer_result result)
{
	struct survey_post *sp = arg;
	char cookie[192];

	switch (result) {
	case WRITER_STORED:
	case WRITER_DUPLICATE:
	case WRITER_QUEUED:
		/* A second tap of Send shows the same thanks, stores nothing. */
		snprintf(cookie, sizeof cookie, ANSWERED_COOKIE "=%s; Path=/e/%s; "
		    "Max-Age=%ld; HttpOnly; SameSite=Lax", sp->sub.id, sp->r->slug,
		    sp->r->app->cfg->token_lifetime_hours * 3600);
		http_header(sp->r, "Set-Cookie", cookie);
		survey_redirect_thanks(sp->r, sp->sub.lang, false);
		break;
	case WRITER_UNAVAILABLE:
		survey_message(sp->r, 503, FORM_UNAVAILABLE, sp->sub.lang, sp->ev);
		break;
	case WRITER_FAILED:
		survey_message(sp->r, 500, FORM_ERROR, sp->sub.lang, sp->ev);
		break;
	}
	survey_post_free(sp);
}

static void
survey_submit_found(void *arg, struct catalog_event *ev, enum catalog_status status)
{
	struct survey_post *sp = arg;
	struct http_req *r = sp->r;
	struct submission_errors errs;
	enum token_result t;

	sp->ev = ev;
	if (survey_event_problem(r, ev, status, sp->lang)) {
		metrics_submission(OUTCOME_REFUSED);
		survey_post_free(sp);
		return;
	}
	errs.n = 0;
	(void)submission_from_form(&sp->sub, r->body, r->body_len, ev->ins, &errs);
	if (sp->sub.honeypot) {
		/* Look like success to the bot; keep nothing. */
		metrics_submission(OUTCOME_HONEYPOT);
		survey_redirect_thanks(r, sp->sub.lang, false);
		survey_post_free(sp);
		return;
	}
	/* Without a well-formed id the 422 below answers; none is stored. */
	t = token_check(&r->app->key, sp->sub.token, ev->id,
	    sp->sub.id[0] != '\0' ? sp->sub.id : NULL, time(NULL),
	    r->app->cfg->token_lifetime_hours * 3600);
	if (t != TOKEN_OK) {
		metrics_submission(OUTCOME_REFUSED);
		survey_message(r, 403, FORM_EXPIRED, sp->sub.lang, ev);
		survey_post_free(sp);
		return;
	}
	/* From here on only the code's hashes are kept, unless the form is
	 * shown again. */
	if (submission_seal_code(&sp->sub, ev->asks_code ? ev->program_id : 0,
	    &r->app->key, &errs) != 0) {
		metrics_submission(OUTCOME_FAILED);
		survey_message(r, 500, FORM_ERROR, sp->sub.lang, ev);
		survey_post_free(sp);
		return;
	}
	if (errs.n > 0) {
		metrics_submission(OUTCOME_INVALID);
		survey_render_form(r, 422, ev, sp->sub.lang, &sp->sub, &errs, NULL);
		survey_post_free(sp);
		return;
	}
	if (writer_submit(r->app->writer, ev->id, ev->ins, &sp->sub,
	    survey_written, sp) != 0) {
		metrics_submission(OUTCOME_UNAVAILABLE);
		survey_message(r, 503, FORM_UNAVAILABLE, sp->sub.lang, ev);
		survey_post_free(sp);
	}
}

/*
 * A post of the survey, once the rate limit, content type and body have
 * been checked (the route's flags).  Returns it, or NULL after answering.
 */
static struct survey_post *
survey_post_begin(struct http_req *r)
{
	enum lang lang = survey_lang(r);
	struct survey_post *sp;

	sp = calloc(1, sizeof *sp);
	if (sp == NULL) {
		survey_message(r, 503, FORM_UNAVAILABLE, lang, NULL);
		return NULL;
	}
	sp->r = r;
	sp->lang = lang;
	submission_init(&sp->sub);
	sp->sub.lang = lang;
	return sp;
}

static void
survey_submit(struct http_req *r)
{
	struct survey_post *sp = survey_post_begin(r);

	if (sp != NULL)
		catalog_get(r->app->catalog, r->slug, survey_submit_found, sp);
}

static void
survey_thanks_found(void *arg, struct catalog_event *ev, enum catalog_status status)
{
	struct http_req *r = arg;
	enum lang lang = survey_lang(r);
	struct evbuffer *buf;
	struct form_event fe;
	char token[TOKEN_MAX];
	char *entered;

	if (status != CATALOG_FOUND) {
		survey_message(r, status == CATALOG_NOT_FOUND ? 404 : 503,
		    status == CATALOG_NOT_FOUND ? FORM_NOT_FOUND : FORM_UNAVAILABLE,
		    lang, NULL);
		return;
	}
	survey_event_view(ev, &fe);
	token_issue(&r->app->key, ev->id, TOKEN_NO_ID, time(NULL), token);
	entered = http_query_param(r, "entered");
	buf = evbuffer_new();
	if (buf == NULL || form_render_thanks(buf, &fe, lang, token,
	    entered != NULL && strcmp(entered, "1") == 0) != 0) {
		if (buf != NULL)
			evbuffer_free(buf);
		survey_message(r, 503, FORM_UNAVAILABLE, lang, NULL);
	} else {
		http_reply(r, 200, HTML, buf);
		evbuffer_free(buf);
	}
	free(entered);
	catalog_event_unref(ev);
}

static void
survey_thanks(struct http_req *r)
{
	catalog_get(r->app->catalog, r->slug, survey_thanks_found, r);
}

/* A plausible address: one @, something either side, a dot after it, no
 * spaces or controls, valid UTF-8.  Whether it works is the draw's problem. */
static bool
survey_email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	size_t len = strlen(s);

	if (len < 3 || len > EMAIL_MAX || !utf8_valid(s, len) || at == NULL ||
	    at == s || strchr(at + 1, '@') != NULL || strchr(at + 1, '.') == NULL ||
	    at[1] == '\0' || s[len - 1] == '.')
		return false;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f || *s == '<' || *s == '>')
			return false;
	return true;
}

static void
survey_draw_stored(void *arg, PGresult *res, const char *err, bool broken)
{
	struct survey_post *sp = arg;

	if (res == NULL) {
		log_warn("draw entry not stored: %s", err);
		survey_message(sp->r, 503, FORM_UNAVAILABLE, sp->lang, sp->ev);
	} else {
		survey_redirect_thanks(sp->r, sp->lang, true);
	}
	survey_post_free(sp);
}

static void
survey_draw_found(void *arg, struct catalog_event *ev, enum catalog_status status)
{
	struct survey_post *sp = arg;
	struct http_req *r = sp->r;
	struct evkeyvalq fields;
	const char *email, *token, *lang;
	char event_id[16];
	const char *params[2];
	bool ok;

	sp->ev = ev;
	if (survey_event_problem(r, ev, status, sp->lang)) {
		survey_post_free(sp);
		return;
	}
	if (ev->draw_prize == NULL) {
		survey_message(r, 404, FORM_NOT_FOUND, sp->lang, NULL);
		survey_post_free(sp);
		return;
	}
	TAILQ_INIT(&fields);
	ok = evhttp_parse_query_str(r->body, &fields) == 0;
	email = ok ? evhttp_find_header(&fields, "email") : NULL;
	token = ok ? evhttp_find_header(&fields, "token") : NULL;
	lang = ok ? evhttp_find_header(&fields, "lang") : NULL;
	if (lang != NULL)
		(void)lang_parse(lang, &sp->lang);
	/* Any token of the event's forms: an entry is not a response. */
	if (token == NULL || token_check(&r->app->key, token, ev->id, NULL, time(NULL),
	    r->app->cfg->token_lifetime_hours * 3600) != TOKEN_OK) {
		survey_message(r, 403, FORM_EXPIRED, sp->lang, ev);
		goto done;
	}
	if (email != NULL) {
		/* Trimmed and lower-cased, so one address enters once. */
		while (*email == ' ')
			email++;
		sp->email = strdup(email);
	}
	if (sp->email != NULL) {
		for (char *p = sp->email; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		for (size_t n = strlen(sp->email); n > 0 && sp->email[n - 1] == ' ';)
			sp->email[--n] = '\0';
	}
	if (sp->email == NULL || !survey_email_valid(sp->email)) {
		survey_message(r, 422, FORM_ERROR, sp->lang, ev);
		goto done;
	}
	snprintf(event_id, sizeof event_id, "%d", ev->id);
	params[0] = event_id;
	params[1] = sp->email;
	if (dbpool_query(r->app->pool, "insert into draw_entry (event_id, contact)"
	    " values ($1, $2) on conflict do nothing", 2, params,
	    survey_draw_stored, sp) != 0) {
		survey_message(r, 503, FORM_UNAVAILABLE, sp->lang, ev);
		goto done;
	}
	evhttp_clear_headers(&fields);
	return;
done:
	evhttp_clear_headers(&fields);
	survey_post_free(sp);
}

static void
survey_draw(struct http_req *r)
{
	struct survey_post *sp = survey_post_begin(r);

	if (sp != NULL)
		catalog_get(r->app->catalog, r->slug, survey_draw_found, sp);
}

const struct http_route survey_form_route = {
	"/e/", "", ROUTE_FORM, survey_form, survey_submit,
	HTTP_POST_FORM | HTTP_LIMIT_POST | HTTP_SUBMISSION, survey_refused,
};
const struct http_route survey_thanks_route = {
	"/e/", "/thanks", ROUTE_THANKS, survey_thanks, NULL, 0, survey_refused,
};
const struct http_route survey_draw_route = {
	"/e/", "/draw", ROUTE_DRAW, NULL, survey_draw,
	HTTP_POST_FORM | HTTP_LIMIT_POST | HTTP_SUBMISSION, survey_refused,
};
/* Anything else under /e/: the survey's own "no such survey" page. */
const struct http_route survey_other_route = {
	"/e/", NULL, ROUTE_OTHER, survey_not_found, survey_not_found,
	HTTP_PREFIX, survey_refused,
};
