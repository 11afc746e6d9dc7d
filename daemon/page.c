#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include <event2/buffer.h>

#include "lang.h"
#include "page.h"

/*
 * One column, system fonts, 44px targets, #1a1a1a on white (17:1), links
 * and focus in dark blue (#0b3d91, 10:1), errors in #a00000 (8:1) and
 * always with the word "Error:" and a bar, never by colour alone.  The
 * survey and the board share every rule; each uses only its own classes
 * (the survey .ev .req .s .t .hp .pair .cols, details; the board .ok
 * .out .msg, section, article, h3, ol).
 */
static const char page_css[] =
    "*{box-sizing:border-box}"
    "html{-webkit-text-size-adjust:100%}"
    "body{margin:0;background:#fff;color:#1a1a1a;"
    "font:1.0625rem/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}"
    "main{max-width:40rem;margin:0 auto;padding:.75rem 1rem 2rem}"
    "h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .5rem}"
    "h2{font-size:1.25rem;line-height:1.3;margin:0 0 .5rem}"
    "h3{font-size:1.0625rem;margin:0}"
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
    ".pair>legend{margin-bottom:.5rem}"
    "@media (min-width:36rem){.cols{display:flex;gap:1.5rem}"
    ".cols>fieldset{flex:1 1 0}}"
    "textarea,select,input[type=text],input[type=email]{display:block;width:100%;"
    "font:inherit;color:inherit;background:#fff;padding:.5rem;"
    "min-height:44px;border:2px solid #555;border-radius:4px}"
    ".t{margin-top:.5rem}"
    "button{font:inherit;font-weight:600;color:#fff;background:#0b3d91;"
    "border:0;border-radius:6px;padding:.75rem 1.5rem;min-height:48px;"
    "width:100%;margin-top:.5rem;cursor:pointer}"
    ".out button{background:#fff;color:#0b3d91;border:2px solid #0b3d91}"
    ".err{color:#a00000;font-weight:600;margin:0 0 .25rem}"
    ".bad{border-left:4px solid #a00000;padding-left:.75rem}"
    "#errors{border:3px solid #a00000;padding:.75rem 1rem;margin:1rem 0}"
    "#errors ul{margin:0;padding-left:1.25rem}"
    "#errors li{padding:.4rem 0}"
    "summary{min-height:44px;padding:.5rem 0;cursor:pointer}"
    "summary h2{display:inline;margin:0}"
    "details{margin:0 0 1.5rem}"
    ".hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;"
    "overflow:hidden}"
    ".ok{border-left:4px solid #0b3d91;padding:.5rem .75rem;font-weight:600}"
    "section{margin-top:1.5rem}"
    "article{border-top:1px solid #767676;padding:.75rem 0}"
    ".msg{white-space:pre-wrap;overflow-wrap:anywhere}"
    "ol{padding-left:1.25rem;margin:.25rem 0}";

static void
page_add(struct page *p, const char *s, size_t len)
{
	if (!p->failed && len > 0 && evbuffer_add(p->buf, s, len) != 0)
		p->failed = true;
}

void
page_puts(struct page *p, const char *s)
{
	page_add(p, s, strlen(s));
}

void
page_printf(struct page *p, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	va_start(ap, fmt);
	if (evbuffer_add_vprintf(p->buf, fmt, ap) < 0)
		p->failed = true;
	va_end(ap);
}

/* Runs of plain bytes go out in one append; UTF-8 passes through. */
void
page_esc(struct page *p, const char *s)
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
		page_add(p, run, (size_t)(s - run));
		page_puts(p, ent);
		run = s + 1;
	}
	page_add(p, run, (size_t)(s - run));
}

void
page_hidden(struct page *p, const char *name, const char *value)
{
	page_printf(p, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	page_esc(p, value);
	page_puts(p, "\">\n");
}

void
page_errors_open(struct page *p, int n, const char *one, const char *pre,
    const char *post)
{
	page_puts(p, "<div role=\"alert\" id=\"errors\" tabindex=\"-1\" "
	    "autofocus>\n<h2>");
	if (n == 1)
		page_puts(p, one);
	else
		page_printf(p, "%s%d%s", pre, n, post);
	page_puts(p, "</h2>\n<ul>\n");
}

void
page_errors_close(struct page *p)
{
	page_puts(p, "</ul>\n</div>\n");
}

int
page_escape(struct evbuffer *out, const char *s)
{
	struct page p = { out, false };

	page_esc(&p, s);
	return p.failed ? -1 : 0;
}

enum lang
page_lang(enum lang lang)
{
	return (unsigned)lang < LANG_COUNT ? lang : LANG_EN;
}

void
page_open(struct page *p, enum lang lang, const char *error,
    const char *head, const char *tail)
{
	page_printf(p, "<!doctype html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>", lang_code(page_lang(lang)));
	if (error != NULL)
		page_printf(p, "%s ", error);
	if (head != NULL)
		page_puts(p, head);
	if (head != NULL && tail != NULL && *tail != '\0')
		page_puts(p, " — ");
	page_esc(p, tail);
	page_puts(p, "</title>\n<style>");
	page_puts(p, page_css);
	page_puts(p, "</style>\n</head>\n<body>\n<main>\n");
}

int
page_close(struct page *p)
{
	page_puts(p, "</main>\n</body>\n</html>\n");
	return p->failed ? -1 : 0;
}
