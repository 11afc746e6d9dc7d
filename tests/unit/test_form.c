/*
 * Unit tests of daemon/form.c: the survey pages, rendered for the real
 * pulse instrument of sql/001_init.sql, read back as text.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <event2/buffer.h>

#include "form.h"
#include "instrument.h"
#include "page.h"
#include "submission.h"
#include "testutil.h"

#define HOSTILE "<script>alert(\"x\")</script>&'"
#define HOSTILE_ESC \
	"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"

static struct instrument *pulse;

static const struct form_event event = {
	.slug = "stem-night", .title = "STEM Night", .draw_prize = NULL,
};

static int
setup(void **state)
{
	char *json = testutil_pulse_json(), *err = NULL;

	pulse = instrument_parse(json, &err);
	if (pulse == NULL)
		fail_msg("pulse: %s", err);
	free(json);
	return 0;
}

static int
teardown(void **state)
{
	instrument_free(pulse);
	return 0;
}

/* Drain a buffer into a C string the test frees. */
static char *
drain(struct evbuffer *b)
{
	size_t len = evbuffer_get_length(b);
	char *s = malloc(len + 1);

	assert_non_null(s);
	assert_int_equal(evbuffer_remove(b, s, len), (int)len);
	s[len] = '\0';
	return s;
}

static char *
render(enum lang lang, const struct form_event *ev,
    const struct submission *prefill, const struct submission_errors *errs)
{
	struct evbuffer *b = evbuffer_new();
	struct form_page pg = {
		.event = ev, .ins = pulse, .lang = lang,
		.response_id = "0b9f3c2e-8d4a-4c1b-9e7f-2a6d5c4b3a21",
		.token = "tok.en", .prefill = prefill, .errors = errs,
	};
	char *s;

	assert_non_null(b);
	assert_int_equal(form_render(b, &pg), 0);
	s = drain(b);
	evbuffer_free(b);
	return s;
}

static char *
render_message(enum form_message kind, enum lang lang,
    const struct form_event *ev)
{
	struct evbuffer *b = evbuffer_new();
	char *s;

	assert_non_null(b);
	assert_int_equal(form_render_message(b, kind, lang, ev), 0);
	s = drain(b);
	evbuffer_free(b);
	return s;
}

static char *
render_thanks(const struct form_event *ev, enum lang lang, bool entered)
{
	struct evbuffer *b = evbuffer_new();
	char *s;

	assert_non_null(b);
	assert_int_equal(form_render_thanks(b, ev, lang, "tok.en", entered), 0);
	s = drain(b);
	evbuffer_free(b);
	return s;
}

static char *
escaped(const char *s)
{
	struct evbuffer *b = evbuffer_new();
	char *r;

	assert_non_null(b);
	assert_int_equal(page_escape(b, s), 0);
	r = drain(b);
	evbuffer_free(b);
	return r;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void
assert_has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("missing: %s", needle);
}

static void
assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle) != NULL)
		fail_msg("unexpected: %s", needle);
}

/* The tag (from '<' to '>') whose attribute id is exactly id; the caller
 * frees it. */
static char *
tag_with_id(const char *html, const char *id)
{
	char key[128];
	const char *at, *start, *end;
	char *tag;

	snprintf(key, sizeof key, " id=\"%s\"", id);
	at = strstr(html, key);
	if (at == NULL)
		fail_msg("no element with id %s", id);
	assert_null(strstr(at + 1, key));	/* ids are unique */
	for (start = at; start > html && *start != '<'; start--)
		;
	end = strchr(at, '>');
	assert_non_null(end);
	tag = strndup(start, (size_t)(end - start + 1));
	assert_non_null(tag);
	return tag;
}

/* The text from the element with this id to its closing tag. */
static char *
element_with_id(const char *html, const char *id, const char *close)
{
	char key[128];
	const char *at, *end;
	char *el;

	snprintf(key, sizeof key, " id=\"%s\"", id);
	at = strstr(html, key);
	if (at == NULL)
		fail_msg("no element with id %s", id);
	end = strstr(at, close);
	assert_non_null(end);
	el = strndup(at, (size_t)(end - at));
	assert_non_null(el);
	return el;
}

/* Every visible input and textarea has an id and a label for it; returns
 * how many radios there are. */
static int
check_labels(const char *html)
{
	static const char *const tags[] = { "<input ", "<textarea " };
	int radios = 0;

	for (size_t t = 0; t < 2; t++) {
		for (const char *p = html; (p = strstr(p, tags[t])) != NULL; p++) {
			const char *end = strchr(p, '>'), *id;
			char idv[128], label[160];
			size_t len;

			assert_non_null(end);
			if (strncmp(p, "<input type=\"hidden\"", 20) == 0)
				continue;
			if (strncmp(p, "<input type=\"radio\"", 19) == 0)
				radios++;
			id = strstr(p, " id=\"");
			if (id == NULL || id > end)
				fail_msg("control without id: %.60s", p);
			id += 5;
			len = strcspn(id, "\"");
			assert_true(len > 0 && len < sizeof idv);
			memcpy(idv, id, len);
			idv[len] = '\0';
			snprintf(label, sizeof label, "<label for=\"%s\">", idv);
			if (count(html, label) != 1)
				fail_msg("%d labels for %s", count(html, label), idv);
		}
	}
	return radios;
}

/* No script, no handlers, nothing fetched or linked off the site. */
static void
check_self_contained(const char *html)
{
	assert_lacks(html, "<script");
	assert_lacks(html, "javascript:");
	assert_lacks(html, "http://");
	assert_lacks(html, "https://");
	assert_lacks(html, " src=");
	assert_lacks(html, "<link");
	assert_lacks(html, "@import");
	assert_lacks(html, "url(");
	for (const char *p = html; (p = strstr(p, " on")) != NULL; p++) {
		size_t n = strspn(p + 3, "abcdefghijklmnopqrstuvwxyz");

		if (n > 0 && p[3 + n] == '=')
			fail_msg("event handler: %.40s", p);
	}
	for (const char *p = html; (p = strstr(p, "href=\"")) != NULL; p++) {
		char c = p[6];

		assert_true(c == '#' || c == '?' || c == '/');
		assert_false(c == '/' && p[7] == '/');
	}
}

static void
check_page(const char *html, enum lang lang)
{
	char want[64];

	assert_true(strncmp(html, "<!doctype html>\n", 16) == 0);
	snprintf(want, sizeof want, "<html lang=\"%s\">", lang_code(lang));
	assert_has(html, want);
	assert_int_equal(count(html, "<html"), 1);
	assert_has(html, "<meta charset=\"utf-8\">");
	assert_has(html, "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">");
	assert_int_equal(count(html, "<title>"), 1);
	assert_lacks(html, "<title></title>");
	assert_has(html, ":focus-visible{outline:");
	assert_has(html, ":focus,");
	assert_int_equal(count(html, "<h1>"), 1);
	assert_lacks(html, "<h1></h1>");
	assert_lacks(html, "(null)");
	assert_true(html[strlen(html) - 1] == '\n');
	assert_has(html, "</html>\n");
	check_self_contained(html);
}

/* Errors on every item and about question, and one on the id. */
static void
all_errors(struct submission_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	for (int i = 0; i < pulse->nitems; i++) {
		struct submission_error *e = &errs->e[errs->n++];

		e->problem = pulse->items[i].type == ITEM_TEXT ?
		    SUBMISSION_TOO_LONG : SUBMISSION_REQUIRED;
		snprintf(e->field, sizeof e->field, "answers.%s",
		    pulse->items[i].id);
		e->item = i;
		e->about = -1;
		snprintf(e->message, sizeof e->message, "%s is wrong",
		    pulse->items[i].id);
	}
	for (int f = 0; f < ABOUT_COUNT; f++) {
		struct submission_error *e = &errs->e[errs->n++];

		e->problem = SUBMISSION_UNKNOWN;
		snprintf(e->field, sizeof e->field, "about.%s",
		    about_questions[f].name);
		e->item = -1;
		e->about = f;
		snprintf(e->message, sizeof e->message, "bad %s",
		    about_questions[f].name);
	}
	errs->e[errs->n].problem = SUBMISSION_INVALID;
	strcpy(errs->e[errs->n].field, "id");
	errs->e[errs->n].item = -1;
	errs->e[errs->n].about = -1;
	strcpy(errs->e[errs->n].message, "id must be a UUID");
	errs->n++;
	assert_true(errs->n <= SUBMISSION_MAX_ERRORS);
}

static void
test_escape(void **state)
{
	char *s;

	s = escaped("a&b<c>d\"e'f");
	assert_string_equal(s, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	free(s);
	s = escaped(HOSTILE);
	assert_string_equal(s, HOSTILE_ESC);
	free(s);
	s = escaped("plain \xc3\xb1 text");
	assert_string_equal(s, "plain \xc3\xb1 text");
	free(s);
	s = escaped("");
	assert_string_equal(s, "");
	free(s);
	s = escaped(NULL);
	assert_string_equal(s, "");
	free(s);
}

static void
test_page_structure(void **state)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		char *html = render((enum lang)l, &event, NULL, NULL);

		check_page(html, (enum lang)l);
		assert_has(html, "<h1>STEM Night</h1>");
		assert_has(html, "<title>STEM Night</title>");
		assert_has(html, "<form method=\"post\" action=\"/e/stem-night\" "
		    "novalidate>");
		assert_has(html, "<input type=\"hidden\" name=\"id\" "
		    "value=\"0b9f3c2e-8d4a-4c1b-9e7f-2a6d5c4b3a21\">");
		assert_has(html, "<input type=\"hidden\" name=\"token\" "
		    "value=\"tok.en\">");
		assert_has(html, l == LANG_EN ?
		    "<input type=\"hidden\" name=\"lang\" value=\"en\">" :
		    "<input type=\"hidden\" name=\"lang\" value=\"es\">");
		assert_has(html, l == LANG_EN ?
		    "<a href=\"?lang=es\" hreflang=\"es\" lang=\"es\">"
		    "Espa\xc3\xb1ol</a>" :
		    "<a href=\"?lang=en\" hreflang=\"en\" lang=\"en\">English</a>");
		assert_int_equal(count(html, "hreflang="), 1);
		assert_has(html, l == LANG_EN ?
		    "<p>About 30 seconds. Every question about you is optional.</p>" :
		    "<p>Unos 30 segundos.");
		assert_has(html, l == LANG_EN ? ">Send</button>" : ">Enviar</button>");
		assert_has(html, "<button type=\"submit\">");
		/* Collapsed: nothing to show again. */
		assert_has(html, "<details id=\"about\"><summary>");
		assert_has(html, l == LANG_EN ? "About you (optional)" :
		    "Sobre ti (opcional)");
		assert_lacks(html, " checked");
		assert_lacks(html, "aria-invalid");
		assert_lacks(html, "role=\"alert\"");
		free(html);
	}
}

static void
test_labels_and_fieldsets(void **state)
{
	char *html = render(LANG_EN, &event, NULL, NULL);
	char id[64], *fs, *el;
	int radios = 0;

	/* 4 likert x 5 + 11 + about: role 6, grade 6, gender 5, disability 3,
	 * firstgen 4, language 4 (race is checkboxes). */
	radios = check_labels(html);
	assert_int_equal(radios, 4 * 5 + 11 + 6 + 6 + 5 + 3 + 4 + 4);
	assert_int_equal(count(html, "type=\"checkbox\""), 9 + 1);
	assert_int_equal(count(html, "name=\"about_race\""), 9);
	for (int i = 0; i < pulse->nitems; i++) {
		const struct item *it = &pulse->items[i];
		char name[64];

		snprintf(id, sizeof id, "q-%s", it->id);
		snprintf(name, sizeof name, "name=\"q_%s\"", it->id);
		switch (it->type) {
		case ITEM_LIKERT5:
		case ITEM_SCALE0_10:
			fs = tag_with_id(html, id);
			assert_true(strncmp(fs, "<fieldset ", 10) == 0);
			free(fs);
			el = element_with_id(html, id, "</fieldset>");
			assert_has(el, "<legend>");
			assert_has(el, it->text[LANG_EN]);
			assert_true(strstr(el, "<legend>") <
			    strstr(el, it->text[LANG_EN]));
			assert_true(strstr(el, it->text[LANG_EN]) <
			    strstr(el, "</legend>"));
			assert_has(el, "<span class=\"req\">(required)</span>");
			assert_int_equal(count(el, name),
			    it->type == ITEM_LIKERT5 ? 5 : 11);
			assert_int_equal(count(el, " required"),
			    it->type == ITEM_LIKERT5 ? 5 : 11);
			if (it->type == ITEM_LIKERT5) {
				char want[256];

				snprintf(want, sizeof want, "<input type=\"radio\" "
				    "id=\"q-%s-1\" name=\"q_%s\" value=\"1\" required>"
				    "<label for=\"q-%s-1\">Strongly disagree</label>",
				    it->id, it->id, it->id);
				assert_has(el, want);
				snprintf(want, sizeof want, "value=\"5\" required>"
				    "<label for=\"q-%s-5\">Strongly agree</label>",
				    it->id);
				assert_has(el, want);
			} else {
				assert_has(el, "0 = Not at all likely");
				assert_has(el, "10 = Extremely likely");
				assert_has(el, "aria-describedby=\"q-recommend-hint\"");
				assert_has(el, "id=\"q-recommend-hint\"");
				assert_has(el, "value=\"10\"");
			}
			free(el);
			break;
		case ITEM_TEXT:
			fs = tag_with_id(html, id);
			assert_true(strncmp(fs, "<textarea ", 10) == 0);
			assert_has(fs, name);
			assert_has(fs, "maxlength=\"500\"");
			assert_lacks(fs, "required");
			free(fs);
			assert_has(html, "Up to 500 characters.");
			assert_has(html, "<input type=\"checkbox\" id=\"quote-ok\" "
			    "name=\"quote_ok\" value=\"1\">");
			assert_has(html, "You may quote this in reports, without "
			    "my name");
			/* The consent comes right after the comment. */
			assert_true(strstr(html, "</textarea>") <
			    strstr(html, "id=\"quote-ok\""));
			break;
		default:
			fail_msg("pulse has no %s item", it->id);
		}
	}
	for (int f = 0; f < ABOUT_COUNT; f++) {
		const struct about_question *q = &about_questions[f];

		snprintf(id, sizeof id, "a-%s", q->name);
		el = element_with_id(html, id, "</fieldset>");
		assert_has(el, q->question[LANG_EN]);
		assert_has(el, "value=\"prefer_not\"");
		assert_has(el, about_prefer_not_label[LANG_EN]);
		for (int k = 0; k < q->ncodes; k++)
			assert_has(el, q->codes[k].label[LANG_EN]);
		free(el);
	}
	assert_has(html, "name=\"about_gender_text\" maxlength=\"60\"");
	assert_has(html, "name=\"about_race_text\" maxlength=\"60\"");
	assert_int_equal(count(html, "Self-described (optional)</label>"), 2);
	free(html);
}

static void
test_spanish(void **state)
{
	char *es = render(LANG_ES, &event, NULL, NULL);

	assert_int_equal(check_labels(es), 4 * 5 + 11 + 6 + 6 + 5 + 3 + 4 + 4);
	for (int i = 0; i < pulse->nitems; i++) {
		char *t = escaped(pulse->items[i].text[LANG_ES]);

		assert_has(es, t);
		assert_lacks(es, pulse->items[i].text[LANG_EN]);
		free(t);
	}
	for (int f = 0; f < ABOUT_COUNT; f++)
		assert_has(es, about_questions[f].question[LANG_ES]);
	assert_has(es, ">Muy en desacuerdo</label>");
	assert_has(es, ">Muy de acuerdo</label>");
	assert_has(es, "0 = Nada probable");
	assert_has(es, "10 = Muy probable");
	assert_has(es, "(obligatoria)");
	assert_has(es, "Pueden citar esto en informes, sin mi nombre");
	assert_lacks(es, "Strongly");
	assert_lacks(es, "(required)");
	assert_lacks(es, ">Send<");
	free(es);
}

static void
test_size(void **state)
{
	struct submission_errors errs;
	struct submission p;
	char big[501], *tag;

	all_errors(&errs);
	submission_init(&p);
	memset(big, '<', 500);		/* escapes to four times its size */
	big[500] = '\0';
	p.text[5] = big;
	for (int l = 0; l < LANG_COUNT; l++) {
		char *plain = render((enum lang)l, &event, NULL, NULL);
		char *bad = render((enum lang)l, &event, &p, &errs);

		assert_true(strlen(plain) < 30000);
		assert_true(strlen(bad) < 30000);
		assert_true(strlen(bad) > strlen(plain));
		check_page(bad, (enum lang)l);
		assert_int_equal(check_labels(bad), 4 * 5 + 11 + 6 + 6 + 5 + 3 +
		    4 + 4);
		tag = tag_with_id(bad, "q-recommend");
		assert_has(tag, "aria-describedby=\"q-recommend-hint "
		    "q-recommend-err\"");
		free(tag);
		/* Every item and asked question has its message, and the
		 * summary lists all of them. */
		assert_int_equal(count(bad, "class=\"err\""),
		    pulse->nitems + ABOUT_COUNT);
		assert_int_equal(count(bad, "<li>"), errs.n);
		assert_has(bad, "<details id=\"about\" open>");
		free(plain);
		free(bad);
	}
	p.text[5] = NULL;
	submission_clear(&p);
}

static void
test_hostile_values(void **state)
{
	struct form_event ev = {
		.slug = "a\"b", .title = HOSTILE, .draw_prize = HOSTILE,
	};
	struct evbuffer *b = evbuffer_new();
	struct form_page pg = {
		.event = &ev, .ins = pulse, .lang = LANG_EN,
		.response_id = "\"><x", .token = "'><y",
	};
	struct submission p;
	char *html;

	submission_init(&p);
	p.text[5] = HOSTILE;
	p.gender_text = HOSTILE;
	pg.prefill = &p;
	assert_int_equal(form_render(b, &pg), 0);
	html = drain(b);
	check_page(html, LANG_EN);
	assert_has(html, "<h1>" HOSTILE_ESC "</h1>");
	assert_has(html, "<title>" HOSTILE_ESC "</title>");
	assert_has(html, "action=\"/e/a&quot;b\"");
	assert_has(html, "value=\"&quot;&gt;&lt;x\"");
	assert_has(html, "value=\"&#39;&gt;&lt;y\"");
	assert_has(html, ">\n" HOSTILE_ESC "</textarea>");
	assert_has(html, "name=\"about_gender_text\" maxlength=\"60\" value=\""
	    HOSTILE_ESC "\"");
	assert_int_equal(count(html, "alert("), count(html, HOSTILE_ESC));
	assert_lacks(html, "<x");
	assert_lacks(html, "<y");
	free(html);

	assert_int_equal(form_render_thanks(b, &ev, LANG_EN, "'><y", false), 0);
	html = drain(b);
	check_page(html, LANG_EN);
	assert_has(html, "Enter the draw for " HOSTILE_ESC " (optional).");
	assert_has(html, "action=\"/e/a&quot;b/draw\"");
	assert_int_equal(count(html, "alert("), count(html, HOSTILE_ESC));
	assert_lacks(html, "<y");
	free(html);

	assert_int_equal(form_render_message(b, FORM_EXPIRED, LANG_ES, &ev), 0);
	html = drain(b);
	check_page(html, LANG_ES);
	assert_has(html, HOSTILE_ESC);
	assert_int_equal(count(html, "alert("), count(html, HOSTILE_ESC));
	free(html);
	evbuffer_free(b);
	p.text[5] = NULL;
	p.gender_text = NULL;
	submission_clear(&p);
}

static void
test_prefill(void **state)
{
	struct submission p;
	char *html, *tag;
	static const char *const on[] = {
		"q-belong-4", "q-welcome-1", "q-recommend-10",
		"a-role-student", "a-grade-prefer_not", "a-race-asian",
		"a-race-white", "quote-ok",
	};

	submission_init(&p);
	p.value[0] = 4;
	p.value[1] = 1;
	p.value[4] = 10;
	p.text[5] = "More snacks & <b>time</b>";
	p.quote_ok = true;
	p.about[ABOUT_ROLE] = 0;
	p.about[ABOUT_GRADE] = ABOUT_PREFER_NOT_INDEX;
	p.race = 1u << 1 | 1u << 6;
	p.race_text = "mixed";
	html = render(LANG_EN, &event, &p, NULL);
	check_page(html, LANG_EN);
	for (size_t i = 0; i < sizeof on / sizeof on[0]; i++) {
		tag = tag_with_id(html, on[i]);
		if (strstr(tag, " checked") == NULL)
			fail_msg("%s not checked: %s", on[i], tag);
		free(tag);
	}
	/* ... and nothing else. */
	assert_int_equal(count(html, " checked"), (int)(sizeof on / sizeof on[0]));
	tag = tag_with_id(html, "q-belong-3");
	assert_lacks(tag, "checked");
	free(tag);
	assert_has(html, ">\nMore snacks &amp; &lt;b&gt;time&lt;/b&gt;</textarea>");
	assert_has(html, "name=\"about_race_text\" maxlength=\"60\" "
	    "value=\"mixed\"");
	/* An about answer to show again opens the block. */
	assert_has(html, "<details id=\"about\" open>");
	free(html);
	p.text[5] = NULL;
	p.race_text = NULL;
	submission_clear(&p);

	/* Only items: the about block stays shut. */
	submission_init(&p);
	p.value[2] = 5;
	html = render(LANG_ES, &event, &p, NULL);
	assert_int_equal(count(html, " checked"), 1);
	tag = tag_with_id(html, "q-voice-5");
	assert_has(tag, " checked");
	free(tag);
	assert_has(html, "<details id=\"about\">");
	free(html);
	submission_clear(&p);
}

static void
test_errors(void **state)
{
	struct submission_errors errs;
	struct submission_error *e;
	char buf[512], *msg, *html, *el, *tag;

	memset(&errs, 0, sizeof errs);
	e = &errs.e[errs.n++];
	e->problem = SUBMISSION_REQUIRED;
	strcpy(e->field, "answers.welcome");
	e->item = 1;
	e->about = -1;
	strcpy(e->message, "answers.welcome is required");
	e = &errs.e[errs.n++];
	e->problem = SUBMISSION_INVALID;
	strcpy(e->field, "id");
	e->item = -1;
	e->about = -1;
	strcpy(e->message, "id must be a UUID");

	for (int l = 0; l < LANG_COUNT; l++) {
		html = render((enum lang)l, &event, NULL, &errs);
		check_page(html, (enum lang)l);
		assert_has(html, "<div role=\"alert\" id=\"errors\" tabindex=\"-1\"");
		assert_has(html, l == LANG_EN ? "Please check 2 answers" :
		    "Revisa 2 respuestas");
		assert_has(html, "<title>Error: STEM Night</title>");
		/* The summary comes before the form and links to the item. */
		assert_true(strstr(html, "role=\"alert\"") < strstr(html, "<form "));
		msg = escaped(submission_error_text(&errs.e[0], pulse,
		    (enum lang)l, buf, sizeof buf));
		assert_true(strlen(msg) > 0);
		el = element_with_id(html, "errors", "</div>");
		snprintf(buf, sizeof buf, "<a href=\"#q-welcome\">%s</a>", msg);
		assert_has(el, buf);
		/* An error with no item is listed, not linked, and first: it
		 * is about the whole form. */
		assert_int_equal(count(el, "<li>"), 2);
		assert_int_equal(count(el, "<a href"), 1);
		free(msg);
		msg = escaped(submission_error_text(&errs.e[1], pulse,
		    (enum lang)l, buf, sizeof buf));
		snprintf(buf, sizeof buf, "<li>%s</li>", msg);
		assert_has(el, buf);
		assert_true(strstr(el, buf) < strstr(el, "<a href"));
		free(msg);
		msg = escaped(submission_error_text(&errs.e[0], pulse,
		    (enum lang)l, buf, sizeof buf));
		free(el);
		/* The item: described by its message, inputs invalid. */
		tag = tag_with_id(html, "q-welcome");
		assert_has(tag, "aria-describedby=\"q-welcome-err\"");
		free(tag);
		el = element_with_id(html, "q-welcome-err", "</p>");
		assert_has(el, "Error:");
		assert_has(el, msg);
		free(el);
		el = element_with_id(html, "q-welcome", "</fieldset>");
		assert_has(el, "id=\"q-welcome-err\"");
		assert_int_equal(count(el, "aria-invalid=\"true\""), 5);
		free(el);
		assert_int_equal(count(html, "aria-invalid=\"true\""), 5);
		assert_int_equal(count(html, "class=\"err\""), 1);
		tag = tag_with_id(html, "q-belong");
		assert_lacks(tag, "aria-describedby");
		free(tag);
		/* The about block has no error and no answer: still shut. */
		assert_has(html, "<details id=\"about\">");
		free(msg);
		free(html);
	}

	/* One error, in the about block and on a text item. */
	memset(&errs, 0, sizeof errs);
	errs.n = 2;
	errs.e[0].problem = SUBMISSION_UNKNOWN;
	strcpy(errs.e[0].field, "about.gender");
	errs.e[0].item = -1;
	errs.e[0].about = ABOUT_GENDER;
	strcpy(errs.e[0].message, "unknown gender");
	errs.e[1].problem = SUBMISSION_TOO_LONG;
	strcpy(errs.e[1].field, "answers.change");
	errs.e[1].item = 5;
	errs.e[1].about = -1;
	strcpy(errs.e[1].message, "too long");
	html = render(LANG_EN, &event, NULL, &errs);
	assert_has(html, "<details id=\"about\" open>");
	assert_has(html, "<a href=\"#a-gender\">");
	assert_has(html, "<a href=\"#q-change\">");
	/* In page order, whatever the order of the errors. */
	assert_true(strstr(html, "<a href=\"#q-change\">") <
	    strstr(html, "<a href=\"#a-gender\">"));
	tag = tag_with_id(html, "a-gender");
	assert_has(tag, "aria-describedby=\"a-gender-err\"");
	free(tag);
	tag = tag_with_id(html, "q-change");
	assert_has(tag, "aria-describedby=\"q-change-hint q-change-err\"");
	assert_has(tag, "aria-invalid=\"true\"");
	free(tag);
	tag = tag_with_id(html, "a-gender_text");
	assert_has(tag, "aria-invalid=\"true\"");
	free(tag);
	assert_has(html, "id=\"a-gender-err\"");
	/* 5 gender radios, the text field, the comment. */
	assert_int_equal(count(html, "aria-invalid=\"true\""), 7);
	free(html);

	errs.n = 1;
	html = render(LANG_EN, &event, NULL, &errs);
	assert_has(html, "Please check 1 answer<");
	free(html);
}

static void
test_honeypot(void **state)
{
	char *html = render(LANG_EN, &event, NULL, NULL);
	char *tag, *wrap;
	const char *div;

	tag = tag_with_id(html, SUBMISSION_HONEYPOT);
	assert_has(tag, "name=\"" SUBMISSION_HONEYPOT "\"");
	assert_has(tag, "tabindex=\"-1\"");
	assert_has(tag, "autocomplete=\"off\"");
	free(tag);
	/* Inside an aria-hidden element that the style moves off-screen. */
	div = strstr(html, "<div class=\"hp\" aria-hidden=\"true\">");
	assert_non_null(div);
	assert_true(div < strstr(html, "name=\"" SUBMISSION_HONEYPOT "\""));
	wrap = strndup(div, (size_t)(strstr(div, "</div>") - div));
	assert_has(wrap, "name=\"" SUBMISSION_HONEYPOT "\"");
	free(wrap);
	assert_has(html, ".hp{position:absolute;left:-10000px;");
	free(html);
}

static void
test_thanks(void **state)
{
	struct form_event prize = event;
	char *html;

	prize.draw_prize = "a telescope";
	for (int l = 0; l < LANG_COUNT; l++) {
		html = render_thanks(&event, (enum lang)l, false);
		check_page(html, (enum lang)l);
		assert_has(html, l == LANG_EN ? "<h1>Thank you!</h1>" :
		    "<h1>\xc2\xa1Gracias!</h1>");
		assert_has(html, "STEM Night");
		assert_lacks(html, "<form");
		assert_lacks(html, "type=\"email\"");
		free(html);

		html = render_thanks(&prize, (enum lang)l, false);
		check_page(html, (enum lang)l);
		assert_int_equal(check_labels(html), 0);
		assert_has(html, "<form method=\"post\" action=\"/e/stem-night/draw\">");
		assert_has(html, "<input type=\"email\" id=\"email\" name=\"email\" "
		    "autocomplete=\"email\" maxlength=\"254\"");
		assert_has(html, "<label for=\"email\">");
		assert_has(html, "name=\"token\" value=\"tok.en\"");
		assert_has(html, l == LANG_EN ? "name=\"lang\" value=\"en\"" :
		    "name=\"lang\" value=\"es\"");
		assert_has(html, l == LANG_EN ?
		    "Enter the draw for a telescope (optional). Your email is kept "
		    "apart from your answers and deleted after the draw." :
		    "Participa en el sorteo de a telescope (opcional).");
		assert_lacks(html, l == LANG_EN ? "Good luck" : "Buena suerte");
		free(html);

		html = render_thanks(&prize, (enum lang)l, true);
		check_page(html, (enum lang)l);
		assert_has(html, l == LANG_EN ? "You're in the draw. Good luck!" :
		    "Buena suerte!");
		assert_lacks(html, "<form");
		free(html);
	}
}

static void
test_messages(void **state)
{
	const char *titles[LANG_COUNT][FORM_ERROR + 1];

	for (int l = 0; l < LANG_COUNT; l++) {
		for (int k = FORM_NOT_FOUND; k <= FORM_ERROR; k++) {
			char *bare = render_message((enum form_message)k,
			    (enum lang)l, NULL);
			char *with = render_message((enum form_message)k,
			    (enum lang)l, &event);
			const char *h1 = strstr(bare, "<h1>");
			size_t len;

			check_page(bare, (enum lang)l);
			check_page(with, (enum lang)l);
			assert_lacks(bare, "STEM Night");
			assert_lacks(bare, "<a ");
			assert_has(with, "STEM Night");
			assert_int_equal(count(with, "STEM Night"), 2); /* title, page */
			assert_lacks(bare, "<form");
			/* A heading and a sentence. */
			assert_non_null(h1);
			h1 += 4;
			len = strcspn(h1, "<");
			assert_true(len > 5);
			assert_true(strncmp(h1 + len, "</h1>\n<p>", 9) == 0);
			assert_true(strlen(h1 + len + 9) > 40);
			titles[l][k] = strndup(h1, len);
			for (int j = 0; j < k; j++)
				assert_string_not_equal(titles[l][j], titles[l][k]);
			if (l == LANG_ES)
				assert_string_not_equal(titles[LANG_EN][k],
				    titles[LANG_ES][k]);
			free(bare);
			free(with);
		}
	}
	for (int l = 0; l < LANG_COUNT; l++)
		for (int k = FORM_NOT_FOUND; k <= FORM_ERROR; k++)
			free((char *)titles[l][k]);

	{
		char *html = render_message(FORM_CLOSED, LANG_EN, &event);

		assert_has(html, "This survey is closed");
		assert_has(html, "Thank you for your interest.");
		free(html);
		html = render_message(FORM_UNAVAILABLE, LANG_EN, &event);
		assert_has(html, "Please go back and press Send again in a minute");
		assert_has(html, "nothing is lost");
		free(html);
		html = render_message(FORM_UNAVAILABLE, LANG_ES, &event);
		assert_has(html, "no se pierde nada");
		free(html);
		html = render_message(FORM_EXPIRED, LANG_ES, &event);
		assert_has(html, "<a href=\"/e/stem-night?lang=es\">");
		free(html);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_page_structure),
		cmocka_unit_test(test_labels_and_fieldsets),
		cmocka_unit_test(test_spanish),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_hostile_values),
		cmocka_unit_test(test_prefill),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_honeypot),
		cmocka_unit_test(test_thanks),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
