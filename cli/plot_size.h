#ifndef BELONG_PLOT_SIZE_H
#define BELONG_PLOT_SIZE_H

#include <stddef.h>

/*
 * The physical size of a chart and the scale of its typography.
 *
 * Every chart has a size in inches; a PNG has pixels and a dpi too.
 * --size is WIDTHxHEIGHT with a unit after the height: in, mm or px (no
 * unit: px).  A PNG given in inches or millimetres gets dpi (default
 * 300) pixels an inch; a PNG given in pixels is that many inches at its
 * dpi (default 96, a screen's).  An SVG or a PDF given in pixels takes 96 to the inch, the CSS
 * pixel, which is also the unit of an SVG's width and height.
 * Text, lines and markers are set for a 7 x 4.5 in figure (body text
 * 8.5 pt) and scale with it: scale = width / 7 in, or height / 4.5 in
 * when that is less, so a wide and short figure (a 16:9 slide) keeps as
 * much room for its plot between its title and footnote.  Body text never goes below 7 pt (title 8.6, footnote 5.8),
 * the least a journal prints: a single-column figure of 3.5 in has
 * larger type for its size than a 7 in one, as it must to be read.
 */

#define PLOT_SIZE_REF_IN	7.0	/* the width the type sizes are set for */
#define PLOT_SIZE_BODY_PT	8.5	/* labels and ticks at that width */
#define PLOT_SIZE_MIN_BODY_PT	7.0	/* ... and never below */
#define PLOT_SIZE_REF_H_IN	4.5	/* ... and the height */
#define PLOT_SIZE_CSS_DPI	96.0	/* SVG and PDF pixels; PNG pixels by default */
#define PLOT_SIZE_MIN_IN	1.0
#define PLOT_SIZE_MAX_IN	40.0
#define PLOT_SIZE_MIN_PX	200
#define PLOT_SIZE_MAX_PX	12000
#define PLOT_SIZE_MIN_DPI	72
#define PLOT_SIZE_MAX_DPI	1200
#define PLOT_SIZE_DEFAULT_DPI	300

enum plot_size_unit { PLOT_SIZE_PX, PLOT_SIZE_IN, PLOT_SIZE_MM };

/* --size as given: two numbers and their unit. */
struct plot_size_req {
	double w, h;
	enum plot_size_unit unit;
};

struct plot_size {
	double w_in, h_in;	/* the figure, inches */
	long w_px, h_px;	/* PNG: its pixels; SVG: its CSS pixels; PDF: 0 */
	double dpi;		/* PNG: pixels an inch; else 0 */
	double sc;		/* w_in / 7, at most h_in / 4.5 */
	double fs;		/* the body text, points: 8.5 * sc, at least 7 */
};

/*
 * Parse --size text s into *r.  Returns 0, or -1 with a sentence saying
 * what is wrong in why[0..whylen) (for cmdutil_bad_value).
 */
int plot_size_parse(const char *s, struct plot_size_req *r, char *why,
    size_t whylen) __attribute__((warn_unused_result));

/* Parse --dpi text s (a whole number, 72 to 1200) into *dpi; as above. */
int plot_size_parse_dpi(const char *s, double *dpi, char *why, size_t whylen)
	__attribute__((warn_unused_result));

/*
 * The size of a chart in format fmt ("png", "svg" or "pdf") from --size
 * (r, NULL for the format's default) and --dpi (dpi, 0 when not given;
 * refused for SVG and PDF).  Returns 0, or -1 with why as above when
 * the result is out of range (e.g. a PNG of 40 in at 1200 dpi).
 */
int plot_size_resolve(const char *fmt, const struct plot_size_req *r,
    double dpi, struct plot_size *out, char *why, size_t whylen)
	__attribute__((warn_unused_result));

/* Check a --font family: 1 to 64 of ASCII letters, digits, spaces and
 * ". _ + -" (no comma, which ends the family in gnuplot's "family,size",
 * nothing that needs quoting in SVG).  Returns NULL or the rule. */
const char *plot_size_check_font(const char *s);

#endif
