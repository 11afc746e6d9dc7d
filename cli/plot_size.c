/*
 * belong plot --size, --dpi and --font: the physical size of a chart and
 * the scale of its type.  Numbers are read by hand, digits and at most
 * one decimal point, so that no locale, sign, exponent, "inf" or space
 * strtod would take gets through.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "plot_size.h"

#define MM_PER_IN	25.4
/* Longest number taken: "12000" or "1016.25"; more is a typo or worse. */
#define NUM_MAX		8

static const char size_form[] =
    "must be WIDTHxHEIGHT with a unit after the height: in, mm or px "
    "(no unit: px), e.g. 7x4.5in, 180x110mm, 1600x900";

/* A number of digits with at most one '.' between digits, at s[0..len). */
static bool
read_number(const char *s, size_t len, double *out, bool *whole)
{
	double v = 0, place = 1;
	bool point = false;
	size_t digits = 0;

	if (len == 0 || len > NUM_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			/* "7." and ".5" are not numbers here. */
			if (point || i == 0 || i + 1 == len)
				return false;
			point = true;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (point) {
				place /= 10;
				v += (s[i] - '0') * place;
			} else {
				v = v * 10 + (s[i] - '0');
			}
			digits++;
		} else {
			return false;
		}
	}
	*out = v;
	*whole = !point;
	return digits > 0;
}

int
plot_size_parse(const char *s, struct plot_size_req *r, char *why,
    size_t whylen)
{
	static const struct {
		const char *name;
		enum plot_size_unit unit;
	} units[] = {
		{ "in", PLOT_SIZE_IN }, { "mm", PLOT_SIZE_MM }, { "px", PLOT_SIZE_PX },
	};
	size_t len = strlen(s), wlen, hlen;
	const char *x, *h;
	bool wwhole, hwhole;

	r->unit = PLOT_SIZE_PX;
	/* The unit: the last two characters when they are letters. */
	hlen = len;
	if (len >= 2 && strchr("0123456789.", s[len - 1]) == NULL) {
		size_t i;

		for (i = 0; i < sizeof units / sizeof units[0]; i++)
			if (strcasecmp(s + len - 2, units[i].name) == 0)
				break;
		if (i == sizeof units / sizeof units[0])
			goto bad;
		r->unit = units[i].unit;
		hlen -= 2;
	}
	if ((x = strpbrk(s, "xX")) == NULL || (size_t)(x - s) >= hlen)
		goto bad;
	wlen = (size_t)(x - s);
	h = x + 1;
	hlen -= wlen + 1;
	if (!read_number(s, wlen, &r->w, &wwhole) ||
	    !read_number(h, hlen, &r->h, &hwhole)) {
		/* "7inx4.5in": say where the unit goes. */
		if (wlen > 2 && (strncasecmp(x - 2, "in", 2) == 0 ||
		    strncasecmp(x - 2, "mm", 2) == 0 || strncasecmp(x - 2, "px", 2) == 0)) {
			snprintf(why, whylen, "one unit, after the height: "
			    "e.g. 7x4.5in, not 7in x 4.5in");
			return -1;
		}
		goto bad;
	}
	if (r->unit == PLOT_SIZE_PX && (!wwhole || !hwhole)) {
		snprintf(why, whylen, "pixels are whole numbers (a size in inches "
		    "or millimetres needs its unit: 7x4.5in)");
		return -1;
	}
	if (r->w <= 0 || r->h <= 0) {
		snprintf(why, whylen, "width and height must be more than 0");
		return -1;
	}
	return 0;
bad:
	snprintf(why, whylen, "%s", size_form);
	return -1;
}

int
plot_size_parse_dpi(const char *s, double *dpi, char *why, size_t whylen)
{
	double v;
	bool whole;

	if (!read_number(s, strlen(s), &v, &whole) || !whole ||
	    v < PLOT_SIZE_MIN_DPI || v > PLOT_SIZE_MAX_DPI) {
		snprintf(why, whylen, "must be a whole number of dots an inch "
		    "from %d to %d", PLOT_SIZE_MIN_DPI, PLOT_SIZE_MAX_DPI);
		return -1;
	}
	*dpi = v;
	return 0;
}

/* Inches from a size in inches or millimetres, within the limits. */
static int
physical(const struct plot_size_req *r, double *w_in, double *h_in,
    char *why, size_t whylen)
{
	double k = r->unit == PLOT_SIZE_MM ? 1 / MM_PER_IN : 1;

	*w_in = r->w * k;
	*h_in = r->h * k;
	/* A little slack: 1016 mm is 40 in to rounding. */
	if (*w_in < PLOT_SIZE_MIN_IN - 1e-9 || *w_in > PLOT_SIZE_MAX_IN + 1e-9 ||
	    *h_in < PLOT_SIZE_MIN_IN - 1e-9 || *h_in > PLOT_SIZE_MAX_IN + 1e-9) {
		if (r->unit == PLOT_SIZE_MM)
			snprintf(why, whylen, "each side must be %.1f to %.0f mm",
			    PLOT_SIZE_MIN_IN * MM_PER_IN, PLOT_SIZE_MAX_IN * MM_PER_IN);
		else
			snprintf(why, whylen, "each side must be %.0f to %.0f in",
			    PLOT_SIZE_MIN_IN, PLOT_SIZE_MAX_IN);
		return -1;
	}
	return 0;
}

int
plot_size_resolve(const char *fmt, const struct plot_size_req *r, double dpi,
    struct plot_size *out, char *why, size_t whylen)
{
	/* 7 x 4.5 in for every format: 2100 x 1350 pixels in a PNG. */
	static const struct plot_size_req def_size = { 7, 4.5, PLOT_SIZE_IN };
	bool png = strcmp(fmt, "png") == 0;

	memset(out, 0, sizeof(*out));
	if (!png && dpi > 0) {
		snprintf(why, whylen, "is for PNG only: an SVG or a PDF is drawn "
		    "in points and has no pixels (set its size with --size 7x4.5in)");
		return -1;
	}
	if (r == NULL)
		r = &def_size;
	if (png) {
		/* Pixels asked for are a screen's (96 an inch, as CSS), so an
		 * 800 x 500 chart for a web page is 8.3 in of type, not 2.7;
		 * print sizes get 300 dpi. */
		out->dpi = dpi > 0 ? dpi : r->unit == PLOT_SIZE_PX ?
		    PLOT_SIZE_CSS_DPI : PLOT_SIZE_DEFAULT_DPI;
		if (r->unit == PLOT_SIZE_PX) {
			out->w_px = lround(r->w);
			out->h_px = lround(r->h);
		} else {
			double w_in, h_in;

			if (physical(r, &w_in, &h_in, why, whylen) != 0)
				return -1;
			out->w_px = lround(w_in * out->dpi);
			out->h_px = lround(h_in * out->dpi);
		}
		if (out->w_px < PLOT_SIZE_MIN_PX || out->w_px > PLOT_SIZE_MAX_PX ||
		    out->h_px < PLOT_SIZE_MIN_PX || out->h_px > PLOT_SIZE_MAX_PX) {
			if (r->unit == PLOT_SIZE_PX)
				snprintf(why, whylen, "a PNG must be %d to %d pixels "
				    "a side", PLOT_SIZE_MIN_PX, PLOT_SIZE_MAX_PX);
			else
				snprintf(why, whylen, "at %.0f dpi that is %ldx%ld "
				    "pixels; a PNG must be %d to %d a side (change "
				    "--dpi or the size)", out->dpi, out->w_px, out->h_px,
				    PLOT_SIZE_MIN_PX, PLOT_SIZE_MAX_PX);
			return -1;
		}
		out->w_in = (double)out->w_px / out->dpi;
		out->h_in = (double)out->h_px / out->dpi;
	} else {
		if (r->unit == PLOT_SIZE_PX) {
			struct plot_size_req in = {
				r->w / PLOT_SIZE_CSS_DPI, r->h / PLOT_SIZE_CSS_DPI,
				PLOT_SIZE_IN,
			};

			if (physical(&in, &out->w_in, &out->h_in, why, whylen) != 0) {
				snprintf(why, whylen, "in pixels (96 an inch in SVG and "
				    "PDF) each side must be %.0f to %.0f",
				    PLOT_SIZE_MIN_IN * PLOT_SIZE_CSS_DPI,
				    PLOT_SIZE_MAX_IN * PLOT_SIZE_CSS_DPI);
				return -1;
			}
		} else if (physical(r, &out->w_in, &out->h_in, why, whylen) != 0) {
			return -1;
		}
		if (strcmp(fmt, "svg") == 0) {
			out->w_px = lround(out->w_in * PLOT_SIZE_CSS_DPI);
			out->h_px = lround(out->h_in * PLOT_SIZE_CSS_DPI);
		}
	}
	/* A chart much taller than wide or wider than tall has no room for
	 * its title block or its plot: one side at most 4 times the other. */
	if (out->w_in > 4 * out->h_in || out->h_in > 4 * out->w_in) {
		snprintf(why, whylen, "one side can be at most 4 times the other");
		return -1;
	}
	/* The type scales with the width, except in a figure wider than
	 * 7 by 4.5: there the height holds the title, the axis, the footnote
	 * and the plot, and the type scales with it instead. */
	out->sc = fmin(out->w_in / PLOT_SIZE_REF_IN, out->h_in / PLOT_SIZE_REF_H_IN);
	/* Text stops shrinking at 7 pt, the least journals print: below
	 * about 5.6 in wide it is larger for the figure than at 7 in. */
	out->fs = fmax(PLOT_SIZE_BODY_PT * out->sc, PLOT_SIZE_MIN_BODY_PT);
	return 0;
}

const char *
plot_size_check_font(const char *s)
{
	static const char rule[] = "must be a font family of 1 to 64 letters, "
	    "digits, spaces and . _ + - (e.g. \"DejaVu Sans\")";
	size_t len = strlen(s);

	if (len == 0 || len > 64 || s[0] == ' ' || s[len - 1] == ' ')
		return rule;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr(" ._+-", ch) != NULL))
			return rule;
	}
	return NULL;
}
