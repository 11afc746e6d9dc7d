#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <cjson/cJSON.h>

#include "about.h"
#include "log.h"
#include "metrics.h"
#include "writer.h"

/* Queued submissions older than this are answered 503 rather than wait
 * for a database that is not coming back soon. */
#define WRITER_QUEUE_TIMEOUT_S 5
/* A batch that failed because its connection broke is tried once more. */
#define WRITER_MAX_ATTEMPTS 2
/*
 * While a batch is in flight, what arrives waits to join the next one
 * rather than go alone on another idle connection -- unless this many
 * wait, when a second committer pays off.  Few large batches cost
 * PostgreSQL far less than many single rows: with 64 clients
 * (tests/bench/submit.sh) a second committer from 32 waiting gave about
 * 20,000 submissions/s, from 64 about 24,000, from 128 no more.
 */
#define WRITER_PARALLEL_MIN 64

/*
 * One statement stores a whole batch: the rows arrive as one JSON array,
 * responses are inserted with ON CONFLICT DO NOTHING, and only the rows
 * actually inserted get their answers, so a retried id adds nothing.
 */
static const char writer_sql[] =
	"prepare belong_write (jsonb) as "
	"with input as ("
	" select * from jsonb_to_recordset($1::jsonb) as x("
	"  event_id integer, id uuid, lang text, instrument_id integer,"
	"  belonging real, quote_ok boolean, role text, grade text, gender text,"
	"  gender_text text, race text[], race_text text, disability text,"
	"  firstgen text, language text, answers jsonb, texts jsonb)"
	"), stored as ("
	" insert into response (event_id, id, lang, instrument_id, belonging,"
	"  quote_ok, role, grade, gender, gender_text, race, race_text,"
	"  disability, firstgen, language)"
	" select event_id, id, lang, instrument_id, belonging, quote_ok, role,"
	"  grade, gender, gender_text, race, race_text, disability, firstgen,"
	"  language from input"
	" on conflict do nothing"
	" returning event_id, id"
	"), numbers as ("
	" insert into answer (event_id, response_id, item, value)"
	" select i.event_id, i.id, a.item, a.value"
	" from input i join stored s on s.event_id = i.event_id and s.id = i.id,"
	"  jsonb_to_recordset(i.answers) as a(item text, value smallint)"
	"), texts as ("
	" insert into answer_text (event_id, response_id, item, body)"
	" select i.event_id, i.id, t.item, t.body"
	" from input i join stored s on s.event_id = i.event_id and s.id = i.id,"
	"  jsonb_to_recordset(i.texts) as t(item text, body text)"
	")"
	" select event_id, id from stored";
#define WRITER_STATEMENT "belong_write"

struct pending {
	struct pending *next;
	int event_id;
	char id[37];
	char *json;		/* the row, as a JSON object */
	size_t json_len;
	writer_done_cb done;
	void *arg;
	int attempts;
	bool alone;		/* retry without the rest of its failed batch */
	bool repeat;		/* same id as an earlier row of its batch */
	struct timeval queued_at;
};

struct batch {
	struct writer *w;
	struct pending **rows;
	int n;
	struct timeval sent_at;
};

struct writer {
	struct event_base *base;
	struct dbpool *pool;
	int max_batch;
	int max_queue;
	struct pending *head, **tail;
	long queued;
	long in_flight;		/* rows in batches sent, not yet answered */
	int batches;		/* batches in flight */
	struct event *sweep;
};

static void writer_dispatch(void *arg);

static void
pending_free(struct pending *p)
{
	free(p->json);
	free(p);
}

static bool
json_add_code(cJSON *row, const char *name, const struct about_question *q,
    int index)
{
	const char *code;

	if (index == SUBMISSION_NOT_ANSWERED)
		return true;
	code = index == ABOUT_PREFER_NOT_INDEX ? ABOUT_PREFER_NOT : q->codes[index].code;
	return cJSON_AddStringToObject(row, name, code) != NULL;
}

/* The row as JSON for writer_sql.  Returns a malloc'd string or NULL. */
static char *
writer_row_json(int event_id, const struct instrument *ins,
    const struct submission *s)
{
	cJSON *row = cJSON_CreateObject(), *answers, *texts, *a, *race;
	char *out = NULL;
	bool ok = row != NULL;
	bool has_text = false;

	ok = ok && cJSON_AddNumberToObject(row, "event_id", event_id) != NULL;
	ok = ok && cJSON_AddStringToObject(row, "id", s->id) != NULL;
	ok = ok && cJSON_AddStringToObject(row, "lang", lang_code(s->lang)) != NULL;
	ok = ok && cJSON_AddNumberToObject(row, "instrument_id", ins->db_id) != NULL;
	if (ok && !isnan(s->belonging))
		ok = cJSON_AddNumberToObject(row, "belonging", s->belonging) != NULL;
	ok = ok && (answers = cJSON_AddArrayToObject(row, "answers")) != NULL;
	ok = ok && (texts = cJSON_AddArrayToObject(row, "texts")) != NULL;
	for (int i = 0; ok && i < ins->nitems; i++) {
		const struct item *it = &ins->items[i];

		if (it->type == ITEM_TEXT) {
			if (s->text[i] == NULL)
				continue;
			has_text = true;
			ok = (a = cJSON_CreateObject()) != NULL &&
			    cJSON_AddItemToArray(texts, a) &&
			    cJSON_AddStringToObject(a, "item", it->id) != NULL &&
			    cJSON_AddStringToObject(a, "body", s->text[i]) != NULL;
			continue;
		}
		for (int v = 0; ok && v < (it->type == ITEM_MULTI ? it->noptions : 1); v++) {
			int value;

			if (it->type == ITEM_MULTI) {
				if (!(s->chosen[i] & (1u << v)))
					continue;
				value = v + 1;
			} else if (s->value[i] == SUBMISSION_NOT_ANSWERED) {
				continue;
			} else {
				/* choice: store the 1-based option number */
				value = s->value[i] + (it->type == ITEM_CHOICE);
			}
			ok = (a = cJSON_CreateObject()) != NULL &&
			    cJSON_AddItemToArray(answers, a) &&
			    cJSON_AddStringToObject(a, "item", it->id) != NULL &&
			    cJSON_AddNumberToObject(a, "value", value) != NULL;
		}
	}
	/* Consent to quote means nothing without a comment. */
	ok = ok && cJSON_AddBoolToObject(row, "quote_ok", s->quote_ok && has_text) != NULL;
	for (int f = 0; ok && f < ABOUT_COUNT; f++) {
		const struct about_question *q = &about_questions[f];

		if (q->multi)
			continue;
		ok = json_add_code(row, q->name, q, s->about[f]);
	}
	if (ok && (s->race != 0 || s->race_prefer_not)) {
		const struct about_question *q = &about_questions[ABOUT_RACE];

		ok = (race = cJSON_AddArrayToObject(row, "race")) != NULL;
		if (ok && s->race_prefer_not)
			ok = cJSON_AddItemToArray(race, cJSON_CreateString(ABOUT_PREFER_NOT));
		for (int c = 0; ok && c < q->ncodes; c++)
			if (s->race & (1u << c))
				ok = cJSON_AddItemToArray(race,
				    cJSON_CreateString(q->codes[c].code));
	}
	if (ok && s->gender_text != NULL)
		ok = cJSON_AddStringToObject(row, "gender_text", s->gender_text) != NULL;
	if (ok && s->race_text != NULL)
		ok = cJSON_AddStringToObject(row, "race_text", s->race_text) != NULL;
	if (ok)
		out = cJSON_PrintUnformatted(row);
	cJSON_Delete(row);
	return out;
}

static void
writer_push_front(struct writer *w, struct pending *p)
{
	p->next = w->head;
	w->head = p;
	if (w->tail == &w->head)
		w->tail = &p->next;
	w->queued++;
}

static void
writer_finish(struct writer *w, struct pending *p, enum writer_result r)
{
	static const enum metrics_outcome as_metric[] = {
		[WRITER_STORED] = OUTCOME_STORED,
		[WRITER_DUPLICATE] = OUTCOME_DUPLICATE,
		[WRITER_UNAVAILABLE] = OUTCOME_UNAVAILABLE,
		[WRITER_FAILED] = OUTCOME_FAILED,
	};

	metrics_submission(as_metric[r]);
	p->done(p->arg, r);
	pending_free(p);
}

static double
seconds_since(const struct timeval *t)
{
	struct timeval now, d;

	gettimeofday(&now, NULL);
	timersub(&now, t, &d);
	return (double)d.tv_sec + (double)d.tv_usec / 1e6;
}

static void
writer_batch_done(void *arg, PGresult *res, const char *err, bool broken)
{
	struct batch *b = arg;
	struct writer *w = b->w;
	int stored_rows;

	w->in_flight -= b->n;
	w->batches--;
	if (res != NULL) {
		metrics_batch(b->n, seconds_since(&b->sent_at));
		stored_rows = PQntuples(res);
		for (int i = 0; i < b->n; i++) {
			struct pending *p = b->rows[i];
			enum writer_result r = WRITER_DUPLICATE;

			for (int k = 0; !p->repeat && k < stored_rows; k++) {
				if (strcmp(PQgetvalue(res, k, 1), p->id) == 0 &&
				    atoi(PQgetvalue(res, k, 0)) == p->event_id) {
					r = WRITER_STORED;
					break;
				}
			}
			writer_finish(w, p, r);
		}
	} else if (broken) {
		/* Put the rows back in order at the head, for the next
		 * (fresh) connection; a second break answers 503. */
		log_warn("writer: batch of %d lost with its connection: %s",
		    b->n, err);
		for (int i = b->n - 1; i >= 0; i--) {
			struct pending *p = b->rows[i];

			if (++p->attempts >= WRITER_MAX_ATTEMPTS)
				writer_finish(w, p, WRITER_UNAVAILABLE);
			else
				writer_push_front(w, p);
		}
	} else if (b->n > 1) {
		/* One bad row must not sink the others: retry each alone. */
		log_warn("writer: batch of %d refused (%s); retrying rows one by one",
		    b->n, err);
		for (int i = b->n - 1; i >= 0; i--) {
			b->rows[i]->alone = true;
			writer_push_front(w, b->rows[i]);
		}
	} else {
		log_error("writer: row refused by the database: %s", err);
		writer_finish(w, b->rows[0], WRITER_FAILED);
	}
	free(b->rows);
	free(b);
	writer_dispatch(w);
}

/* Take up to max_batch rows from the queue into one statement. */
static int
writer_send_batch(struct writer *w, struct dbconn *c)
{
	struct batch *b;
	struct pending *p;
	char *json, *at;
	size_t len = 2;
	int n = 0;

	b = calloc(1, sizeof *b);
	if (b == NULL)
		return -1;
	b->rows = calloc((size_t)w->max_batch, sizeof *b->rows);
	if (b->rows == NULL) {
		free(b);
		return -1;
	}
	b->w = w;
	while ((p = w->head) != NULL && n < w->max_batch) {
		if (n > 0 && p->alone)
			break;
		w->head = p->next;
		if (w->head == NULL)
			w->tail = &w->head;
		w->queued--;
		p->next = NULL;
		p->repeat = false;
		for (int k = 0; k < n; k++) {
			if (!b->rows[k]->repeat && b->rows[k]->event_id == p->event_id &&
			    strcmp(b->rows[k]->id, p->id) == 0) {
				p->repeat = true;
				break;
			}
		}
		if (!p->repeat)
			len += p->json_len + 1;
		b->rows[n++] = p;
		if (p->alone)
			break;
	}
	b->n = n;
	json = malloc(len + 1);
	if (json == NULL)
		goto fail;
	at = json;
	*at++ = '[';
	for (int i = 0; i < n; i++) {
		if (b->rows[i]->repeat)
			continue;
		if (at > json + 1)
			*at++ = ',';
		memcpy(at, b->rows[i]->json, b->rows[i]->json_len);
		at += b->rows[i]->json_len;
	}
	*at++ = ']';
	*at = '\0';
	gettimeofday(&b->sent_at, NULL);
	w->in_flight += n;
	w->batches++;
	if (dbconn_send_prepared(c, WRITER_STATEMENT, 1, (const char *const *)&json,
	    writer_batch_done, b) != 0) {
		w->in_flight -= n;
		w->batches--;
		free(json);
		goto fail;
	}
	free(json);
	return 0;
fail:
	/* Back to the head, in order, to try again on another connection. */
	for (int i = n - 1; i >= 0; i--)
		writer_push_front(w, b->rows[i]);
	free(b->rows);
	free(b);
	return -1;
}

/* The pool's idle callback: send what waits on every idle connection. */
static void
writer_dispatch(void *arg)
{
	struct writer *w = arg;
	struct dbconn *c;

	while (w->head != NULL && (c = dbpool_idle(w->pool)) != NULL) {
		if (w->batches > 0 && w->queued < WRITER_PARALLEL_MIN)
			break;
		if (writer_send_batch(w, c) != 0)
			break;
	}
}

/* Answer 503 to rows that waited too long for a connection. */
static void
writer_sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	struct writer *w = arg;
	struct pending **pp = &w->head, *p;

	while ((p = *pp) != NULL) {
		if (seconds_since(&p->queued_at) < WRITER_QUEUE_TIMEOUT_S) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		w->queued--;
		writer_finish(w, p, WRITER_UNAVAILABLE);
	}
	w->tail = pp;
}

struct writer *
writer_new(struct event_base *base, struct dbpool *pool, int max_batch,
    int max_queue)
{
	struct writer *w = calloc(1, sizeof *w);
	struct timeval second = { 1, 0 };

	if (w == NULL)
		return NULL;
	w->base = base;
	w->pool = pool;
	w->max_batch = max_batch;
	w->max_queue = max_queue;
	w->tail = &w->head;
	w->sweep = event_new(base, -1, EV_PERSIST, writer_sweep_cb, w);
	if (w->sweep == NULL || event_add(w->sweep, &second) != 0) {
		if (w->sweep != NULL)
			event_free(w->sweep);
		free(w);
		return NULL;
	}
	/* Parsed and planned once per connection, not once per batch. */
	dbpool_set_setup(pool, writer_sql);
	dbpool_set_idle(pool, writer_dispatch, w);
	return w;
}

void
writer_free(struct writer *w)
{
	struct pending *p;

	if (w == NULL)
		return;
	while ((p = w->head) != NULL) {
		w->head = p->next;
		pending_free(p);
	}
	event_free(w->sweep);
	free(w);
}

int
writer_submit(struct writer *w, int event_id, const struct instrument *ins,
    const struct submission *s, writer_done_cb done, void *arg)
{
	struct pending *p;

	if (dbpool_up(w->pool) == 0 || w->queued >= w->max_queue)
		return -1;
	p = calloc(1, sizeof *p);
	if (p == NULL)
		return -1;
	p->json = writer_row_json(event_id, ins, s);
	if (p->json == NULL) {
		free(p);
		return -1;
	}
	p->json_len = strlen(p->json);
	p->event_id = event_id;
	memcpy(p->id, s->id, sizeof p->id);
	p->done = done;
	p->arg = arg;
	gettimeofday(&p->queued_at, NULL);
	*w->tail = p;
	w->tail = &p->next;
	w->queued++;
	writer_dispatch(w);
	return 0;
}

long
writer_depth(const struct writer *w)
{
	return w->queued + w->in_flight;
}
