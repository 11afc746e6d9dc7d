#ifndef BELONG_REPORT_OUT_H
#define BELONG_REPORT_OUT_H

#include "output.h"
#include "report_opts.h"
#include "report_query.h"

/*
 * The output of report, trend and reach: the rows through the output
 * writer (with suppression, OUTPUT_SUPPRESSION), plus what a reader must
 * know to read them (notes: race counting, suppression; the design).
 *
 *   table  the rows, then the design and each note as a "note: ..." line
 *   csv    the rows only (RFC 4180); the design and the notes go to stderr
 *   markdown, latex  the paper layout, for a white paper: columns value,
 *          lo and hi as one cell "estimate [lo, hi]" ("72.41 [68.90,
 *          75.92]"), the group by its label in words (the slug column
 *          left out; a group without a label by its slug), every other
 *          column kept; above the table a caption naming the command, the
 *          selection (filters), the design, the min-n and the groups with
 *          suppressed cells ("Table: ..." as pandoc reads it; a LaTeX table
 *          float with \caption); below it the notes (markdown: "*Note.*"
 *          paragraphs; LaTeX: a footnote-size minipage inside the float).
 *          The rows are held until rout_end, since the caption names the
 *          suppressed groups.
 *   json   one object: {"command": ..., "by": ..., "min_n": ...,
 *          "interval": ..., "indicator": ..., "region": ...,
 *          "design": ... (only when rout_design was called),
 *          "filters": {"events": [...], "from": ..., "to": ..., "role": ...},
 *          "items": [{"id": ..., "type": ..., "text": {"en": ..., ...}}],
 *          "rows": [...], "notes": [...]}, and "suppressed": true after
 *          the notes when the whole selection is (rout_refuse)
 *          ("items": the items of report and trend, so that a reader can
 *          put each item's question beside its figures; reach has none)
 */
struct rout;

/* Start; cols must outlive the writer; items may be NULL. */
struct rout *rout_begin(const struct ropts *o, const struct rq_items *items,
    const struct output_column *cols, int ncols);
void rout_row(struct rout *r, const char *const *cells);
void rout_note(struct rout *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The notes every report command may need: how race groups count (when
 * o->by is race), and that small cells are suppressed. */
void rout_note_race(struct rout *r, const struct ropts *o);
void rout_note_suppressed(struct rout *r, const struct ropts *o);
/* Name the design the figures were computed with ("cluster: 8 events as
 * clusters, design effect of the index 2.31", "srs: one event"); text is
 * copied.  Call it before the first row: JSON has it in its head, the
 * table as the first note, markdown and LaTeX in the caption.  (Called
 * later, JSON gets it after "notes".)  A second call replaces the text. */
void rout_design(struct rout *r, const char *text);
/* The selection is suppressed (disclosure.h): say so on stderr, and in
 * the output as a line (table), nothing (csv: the header only) or
 * "suppressed": true (json); print no row. */
void rout_refuse(struct rout *r);
/* Finish and free; returns the exit status (1 if writing failed). */
int rout_end(struct rout *r);

/* v with the given decimals into buf (at least 32 bytes); NULL for NAN.
 * "-0.00" prints as "0.00", so that formats and runs agree. */
const char *rout_num(char *buf, double v, int decimals);

#endif
