#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "about.h"
#include "hash.h"
#include "log.h"
#include "metrics.h"
#include "response_sql.h"
#include "writer.h"

/* Queued submissions older than this are answered 503 rather than wait
 * for a database that is not coming back soon (when the spool, if any,
 * has no room for them either). */
#define WRITER_QUEUE_TIMEOUT_S 5
/* The sweep looks for rows past their deadline this often at most. */
#define WRITER_SWEEP_MS 1000
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

/* One statement stores a whole batch (lib/response_sql.h). */
static const char writer_sql[] =
	"prepare belong_write (jsonb) as "
	RESPONSE_SQL_STORE("", "", "", "event_id, id");
#define WRITER_STATEMENT "belong_write"

struct pending {
	struct pending *next;
	struct writer *w;
	int event_id;
	char id[37];
	char *json;		/* the row, as a JSON object */
	size_t json_len;
	writer_done_cb done;
	void *arg;
	int attempts;
	bool alone;		/* retry without the rest of its failed batch */
	bool repeat;		/* same id as an earlier row of its batch */
	bool stored;		/* its batch inserted it */
	struct timeval queued_at;
};

/*
 * A statement in flight: live rows (whose clients wait), or rows
 * [first, first + n) of the spool segment being replayed.
 */
struct batch {
	struct batch *next;	/* live batches in flight */
	struct writer *w;
	struct pending **rows;
	int n;
	bool replay;
	int first;
	bool detached;		/* past the deadline: its rows went to the spool */
	struct writer_keys keys;
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
	struct batch *flying;	/* live batches in flight */
	struct event *sweep;
	struct spool *spool;	/* NULL: none */
	double spool_after;	/* seconds */
	long spooling;		/* rows being appended to the spool */
	struct spool_segment *replay;	/* being replayed */
	int replay_next;	/* its first row not yet committed */
	int replay_alone_until;	/* rows before this go one by one */
	bool replay_rejected;	/* the database refused one of its rows */
	bool replay_loading;
	struct batch *replay_batch;	/* in flight */
};

/* Keyed per run, so that ids chosen to collide cannot be prepared. */
static unsigned writer_seed;

static void writer_dispatch(void *arg);

static void
pending_free(struct pending *p)
{
	free(p->json);
	free(p);
}

static unsigned
writer_key_hash(int event_id, const char *id)
{
	unsigned h = hash_string(id) ^ writer_seed ^ ((unsigned)event_id * 0x9e3779b1u);

	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

int
writer_keys_init(struct writer_keys *k, int n)
{
	unsigned size = 16;

	while (size < 2u * (unsigned)n)
		size *= 2;
	k->slots = malloc(size * sizeof *k->slots);
	if (k->slots == NULL)
		return -1;
	for (unsigned i = 0; i < size; i++)
		k->slots[i].row = -1;
	k->mask = size - 1;
	k->probes = 0;
	return 0;
}

void
writer_keys_free(struct writer_keys *k)
{
	free(k->slots);
	k->slots = NULL;
}

/* The slot of this key, or the empty slot where it belongs. */
static struct writer_key *
writer_keys_slot(struct writer_keys *k, int event_id, const char *id)
{
	unsigned i = writer_key_hash(event_id, id) & k->mask;

	for (;; i = (i + 1) & k->mask) {
		struct writer_key *s = &k->slots[i];

		if (s->row < 0)
			return s;
		k->probes++;
		if (s->event_id == event_id && strcmp(s->id, id) == 0)
			return s;
	}
}

int
writer_keys_add(struct writer_keys *k, int event_id, const char *id, int row)
{
	struct writer_key *s = writer_keys_slot(k, event_id, id);

	if (s->row >= 0)
		return s->row;
	s->row = row;
	s->event_id = event_id;
	snprintf(s->id, sizeof s->id, "%s", id);
	return -1;
}

int
writer_keys_find(struct writer_keys *k, int event_id, const char *id)
{
	return writer_keys_slot(k, event_id, id)->row;
}

static void
batch_free(struct batch *b)
{
	writer_keys_free(&b->keys);
	free(b->rows);
	free(b);
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

/*
 * The matching code's hashes, in hex, as "code": {"birth_month": HEX, ...};
 * an element without a hash ("I don't know", not answered) is left out
 * and stored as NULL.  The answers themselves were never in s by now.
 */
static bool
json_add_code_hashes(cJSON *row, const struct submission *s)
{
	static const char digits[] = "0123456789abcdef";
	char hex[2 * CODE_MAC_LEN + 1];
	cJSON *code;

	if (!s->code_row)
		return true;
	if ((code = cJSON_AddObjectToObject(row, "code")) == NULL)
		return false;
	for (int e = 0; e < CODE_COUNT; e++) {
		if (!s->code_set[e])
			continue;
		for (int i = 0; i < CODE_MAC_LEN; i++) {
			hex[2 * i] = digits[s->code_mac[e][i] >> 4];
			hex[2 * i + 1] = digits[s->code_mac[e][i] & 0xf];
		}
		hex[2 * CODE_MAC_LEN] = '\0';
		if (cJSON_AddStringToObject(code, code_elements[e].name, hex) == NULL)
			return false;
	}
	return true;
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
	ok = ok && json_add_code_hashes(row, s);
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
		[WRITER_QUEUED] = OUTCOME_QUEUED,
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

/* The spool has p's row on disk (fsync'd), or could not write it. */
static void
writer_spooled(void *arg, bool ok)
{
	struct pending *p = arg;
	struct writer *w = p->w;

	w->spooling--;
	writer_finish(w, p, ok ? WRITER_QUEUED : WRITER_UNAVAILABLE);
}

/*
 * Hand p, which is in no queue or batch, to the spool with the row json;
 * p is answered once the row is on disk.  Returns 0, or -1 (no spool, or
 * no room in it) with p untouched.
 */
static int
writer_spool_row(struct writer *w, struct pending *p, const char *json,
    size_t len)
{
	if (w->spool == NULL || spool_append(w->spool, json, len, writer_spooled, p) != 0)
		return -1;
	w->spooling++;
	return 0;
}

/*
 * A batch past its deadline: answer its clients from the spool.  The
 * statement may still commit; the replay then finds those ids stored and
 * adds nothing.  A row the spool has no room for waits for the statement.
 */
static void
writer_detach(struct writer *w, struct batch *b)
{
	b->detached = true;
	for (int i = 0; i < b->n; i++) {
		struct pending *p = b->rows[i], *q;

		if (p->done == NULL || (q = calloc(1, sizeof *q)) == NULL)
			continue;
		q->w = w;
		q->event_id = p->event_id;
		memcpy(q->id, p->id, sizeof q->id);
		q->done = p->done;
		q->arg = p->arg;
		if (writer_spool_row(w, q, p->json, p->json_len) != 0) {
			free(q);
			continue;
		}
		p->done = NULL;		/* answered through q */
	}
}

static void
writer_batch_done(void *arg, PGresult *res, const char *err, bool broken)
{
	struct batch *b = arg, **bp;
	struct writer *w = b->w;
	struct pending *p;

	for (bp = &w->flying; *bp != b; bp = &(*bp)->next)
		;
	*bp = b->next;
	w->in_flight -= b->n;
	w->batches--;
	if (res != NULL) {
		metrics_batch(b->n, seconds_since(&b->sent_at));
		for (int k = 0; k < PQntuples(res); k++) {
			int i = writer_keys_find(&b->keys, atoi(PQgetvalue(res, k, 0)),
			    PQgetvalue(res, k, 1));

			if (i >= 0)
				b->rows[i]->stored = true;
		}
		for (int i = 0; i < b->n; i++) {
			p = b->rows[i];
			if (p->done == NULL)	/* answered from the spool */
				pending_free(p);
			else
				writer_finish(w, p, p->stored ? WRITER_STORED :
				    WRITER_DUPLICATE);
		}
	} else if (broken) {
		/* Put the rows back in order at the head, for the next
		 * (fresh) connection.  After a second break the outcome is
		 * still unknown: spool them (the replay is idempotent), or
		 * answer 503 without a spool. */
		log_warn("writer: batch of %d lost with its connection: %s",
		    b->n, err);
		for (int i = b->n - 1; i >= 0; i--) {
			p = b->rows[i];
			if (p->done == NULL)
				pending_free(p);
			else if (++p->attempts < WRITER_MAX_ATTEMPTS)
				writer_push_front(w, p);
			else if (writer_spool_row(w, p, p->json, p->json_len) != 0)
				writer_finish(w, p, WRITER_UNAVAILABLE);
		}
	} else if (b->n > 1) {
		/* One bad row must not sink the others: retry each alone. */
		log_warn("writer: batch of %d refused (%s); retrying rows one by one",
		    b->n, err);
		for (int i = b->n - 1; i >= 0; i--) {
			p = b->rows[i];
			if (p->done == NULL) {
				pending_free(p);
				continue;
			}
			p->alone = true;
			writer_push_front(w, p);
		}
	} else {
		log_error("writer: row refused by the database: %s", err);
		p = b->rows[0];
		if (p->done == NULL)
			pending_free(p);
		else
			writer_finish(w, p, WRITER_FAILED);
	}
	batch_free(b);
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
		b->rows[n++] = p;
		if (p->alone)
			break;
	}
	b->n = n;
	if (writer_keys_init(&b->keys, n) != 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		p = b->rows[i];
		p->stored = false;
		p->repeat = writer_keys_add(&b->keys, p->event_id, p->id, i) >= 0;
		if (!p->repeat)
			len += p->json_len + 1;
	}
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
	b->next = w->flying;
	w->flying = b;
	if (dbconn_send_prepared(c, WRITER_STATEMENT, 1, (const char *const *)&json,
	    writer_batch_done, b) != 0) {
		w->flying = b->next;
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
	batch_free(b);
	return -1;
}

static void writer_replay(struct writer *w);

/* The pool's idle callback: send what waits on every idle connection. */
static void
writer_dispatch(void *arg)
{
	struct writer *w = arg;
	struct dbconn *c;

	while (w->head != NULL && (c = dbpool_idle(w->pool)) != NULL) {
		/* A second committer only if the replay does not want the
		 * connection: under steady load it would never get one. */
		if (w->batches > 0 && (w->queued < WRITER_PARALLEL_MIN ||
		    (w->replay != NULL && w->replay_batch == NULL)))
			break;
		if (writer_send_batch(w, c) != 0)
			break;
	}
	writer_replay(w);
}

/*
 * Rows that waited too long for a connection, or all of them when no
 * connection is up, go to the spool -- or are answered 503 when there is
 * none, or no room in it for WRITER_QUEUE_TIMEOUT_S.  Batches in flight
 * past the deadline are answered from the spool.
 */
static void
writer_sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	struct writer *w = arg;
	struct pending **pp = &w->head, *p;
	bool down = dbpool_up(w->pool) == 0;
	double limit = w->spool != NULL ? w->spool_after : WRITER_QUEUE_TIMEOUT_S;
	double age;
	bool spooled;

	while ((p = *pp) != NULL) {
		age = seconds_since(&p->queued_at);
		if (age < limit && !(down && w->spool != NULL)) {
			pp = &p->next;
			continue;
		}
		spooled = writer_spool_row(w, p, p->json, p->json_len) == 0;
		if (!spooled && age < WRITER_QUEUE_TIMEOUT_S) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		w->queued--;
		if (!spooled)
			writer_finish(w, p, WRITER_UNAVAILABLE);
	}
	w->tail = pp;
	if (w->spool == NULL)
		return;
	/* The spool waits for the database: look for it often. */
	if (down && spool_replayable(w->spool))
		dbpool_want(w->pool);
	for (struct batch *b = w->flying; b != NULL; b = b->next)
		if (!b->detached && seconds_since(&b->sent_at) >= limit)
			writer_detach(w, b);
}

static void writer_replay_done(void *arg, PGresult *res, const char *err,
    bool broken);

/* The next rows of the segment being replayed, as one statement. */
static int
writer_send_replay(struct writer *w, struct dbconn *c)
{
	struct spool_segment *seg = w->replay;
	int first = w->replay_next, n = seg->n - first, event_id;
	struct batch *b;
	char id[37], *json = NULL, *at;
	size_t len = 2;

	if (first < w->replay_alone_until)
		n = 1;
	else if (n > w->max_batch)
		n = w->max_batch;
	b = calloc(1, sizeof *b);
	if (b == NULL || writer_keys_init(&b->keys, n) != 0)
		goto fail;
	b->w = w;
	b->replay = true;
	b->first = first;
	b->n = n;
	for (int i = 0; i < n; i++)
		len += seg->lens[first + i] + 1;
	json = malloc(len + 1);
	if (json == NULL)
		goto fail;
	at = json;
	*at++ = '[';
	for (int i = 0; i < n; i++) {
		const char *row = seg->rows[first + i];

		/* An id twice in one statement would insert its answers
		 * twice; rows are written by writer_row_json, event_id first.
		 * A row not in that shape goes alone if the batch fails. */
		if (sscanf(row, "{\"event_id\":%d,\"id\":\"%36[0-9a-f-]\"", &event_id,
		    id) == 2 && writer_keys_add(&b->keys, event_id, id, i) >= 0)
			continue;
		if (at > json + 1)
			*at++ = ',';
		memcpy(at, row, seg->lens[first + i]);
		at += seg->lens[first + i];
	}
	*at++ = ']';
	*at = '\0';
	gettimeofday(&b->sent_at, NULL);
	if (dbconn_send_prepared(c, WRITER_STATEMENT, 1, (const char *const *)&json,
	    writer_replay_done, b) != 0)
		goto fail;
	free(json);
	w->replay_batch = b;
	return 0;
fail:
	free(json);
	if (b != NULL)
		batch_free(b);
	return -1;
}

static void
writer_replay_done(void *arg, PGresult *res, const char *err, bool broken)
{
	struct batch *b = arg;
	struct writer *w = b->w;

	w->replay_batch = NULL;
	if (res != NULL) {
		metrics_spool_replayed(b->n);
		w->replay_next = b->first + b->n;
	} else if (broken) {
		/* Tried again on the next connection. */
		log_warn("spool: replay of %d submissions lost with its connection: %s",
		    b->n, err);
	} else if (b->n > 1) {
		log_warn("spool: replay of %d submissions refused (%s); retrying "
		    "them one by one", b->n, err);
		w->replay_alone_until = b->first + b->n;
	} else {
		log_error("spool: the database refused a spooled submission: %s", err);
		w->replay_rejected = true;
		w->replay_next = b->first + 1;
	}
	batch_free(b);
	writer_dispatch(w);
}

static void
writer_replay_loaded(void *arg, struct spool_segment *seg)
{
	struct writer *w = arg;

	w->replay_loading = false;
	w->replay = seg;
	w->replay_next = 0;
	w->replay_alone_until = 0;
	w->replay_rejected = false;
	if (seg != NULL)
		log_info("spool: replaying %d submissions (segment %016llu)", seg->n,
		    (unsigned long long)seg->seq);
	writer_dispatch(w);
}

/*
 * Replay the spool on an idle connection, one statement at a time, one
 * segment after the other; a segment is deleted once all its rows are
 * committed.  Arrivals still go straight to the database meanwhile: the
 * ids make the order irrelevant.
 */
static void
writer_replay(struct writer *w)
{
	struct dbconn *c;

	if (w->spool == NULL || w->replay_batch != NULL || w->replay_loading)
		return;
	if (w->replay != NULL && w->replay_next >= w->replay->n) {
		log_info("spool: segment %016llu replayed",
		    (unsigned long long)w->replay->seq);
		spool_segment_done(w->spool, w->replay, w->replay_rejected);
		w->replay = NULL;
	}
	if (dbpool_up(w->pool) == 0)
		return;
	if (w->replay == NULL) {
		if (spool_replayable(w->spool) &&
		    spool_load(w->spool, writer_replay_loaded, w) == 0)
			w->replay_loading = true;
		return;
	}
	if ((c = dbpool_idle(w->pool)) != NULL)
		(void)writer_send_replay(w, c);
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
	if (writer_seed == 0) {
		struct timeval now;

		gettimeofday(&now, NULL);
		writer_seed = (((unsigned)getpid() * 2654435761u) ^
		    (unsigned)now.tv_usec ^ (unsigned)now.tv_sec) | 1u;
	}
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
	struct batch *b;

	if (w == NULL)
		return;
	while ((p = w->head) != NULL) {
		w->head = p->next;
		pending_free(p);
	}
	/* The pool is freed next and calls no callback. */
	while ((b = w->flying) != NULL) {
		w->flying = b->next;
		for (int i = 0; i < b->n; i++)
			pending_free(b->rows[i]);
		batch_free(b);
	}
	if (w->replay_batch != NULL)
		batch_free(w->replay_batch);
	spool_segment_free(w->replay);
	event_free(w->sweep);
	free(w);
}

void
writer_set_spool(struct writer *w, struct spool *sp, int after_ms)
{
	int tick = after_ms / 4 < WRITER_SWEEP_MS ? after_ms / 4 : WRITER_SWEEP_MS;
	struct timeval tv;

	if (tick < 10)
		tick = 10;
	tv.tv_sec = tick / 1000;
	tv.tv_usec = (tick % 1000) * 1000;
	w->spool = sp;
	w->spool_after = after_ms / 1000.0;
	spool_set_ready(sp, writer_dispatch, w);
	event_del(w->sweep);
	event_add(w->sweep, &tv);
}

int
writer_submit(struct writer *w, int event_id, const struct instrument *ins,
    const struct submission *s, writer_done_cb done, void *arg)
{
	struct pending *p;
	bool direct = dbpool_up(w->pool) > 0 && w->queued < w->max_queue;

	if (!direct && w->spool == NULL)
		return -1;
	p = calloc(1, sizeof *p);
	if (p == NULL)
		return -1;
	p->w = w;
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
	if (!direct) {
		if (writer_spool_row(w, p, p->json, p->json_len) != 0) {
			pending_free(p);
			return -1;
		}
		return 0;
	}
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
	return w->queued + w->in_flight + w->spooling;
}

/* A typical row, for "the spool has room". */
#define WRITER_TYPICAL_ROW 1024

bool
writer_accepting(const struct writer *w)
{
	return dbpool_up(w->pool) > 0 ||
	    (w->spool != NULL && spool_room(w->spool, WRITER_TYPICAL_ROW));
}

void
writer_metrics(const struct writer *w, struct metrics_gauges *g)
{
	struct spool_stats st;

	g->spool_bytes = 0;
	g->spool_records = 0;
	g->spool_oldest_seconds = 0;
	if (w->spool == NULL)
		return;
	spool_stats(w->spool, &st);
	g->spool_bytes = st.bytes;
	g->spool_records = st.records;
	g->spool_oldest_seconds = st.oldest_age;
}
