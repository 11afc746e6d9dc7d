#ifndef BELONG_RESPONSE_SQL_H
#define BELONG_RESPONSE_SQL_H

/*
 * The statement that stores a batch of responses, shared by belongd's
 * writer and belong import so that both store exactly the same columns:
 * the rows arrive as one JSON array ($1), responses are inserted with ON
 * CONFLICT DO NOTHING, and only the rows actually inserted get their
 * answers, so a retried or re-imported id adds nothing.  A row's "code"
 * (belongd's only: the hex HMACs of the matching code, daemon/code_hash.c)
 * goes to response_code, likewise only for a response inserted.
 *
 * FIELDS, COLUMNS and VALUES add input fields, response columns and their
 * values (import's day: ", day date", ", submitted_at", ", day + ..."),
 * each empty or starting with a comma; RESULT is what the statement
 * returns of the rows it stored.
 */
#define RESPONSE_SQL_STORE(FIELDS, COLUMNS, VALUES, RESULT) \
	"with input as (" \
	" select * from jsonb_to_recordset($1::jsonb) as x(" \
	"  event_id integer, id uuid" FIELDS ", lang text, instrument_id integer," \
	"  belonging real, quote_ok boolean, role text, grade text, gender text," \
	"  gender_text text, race text[], race_text text, disability text," \
	"  firstgen text, language text, answers jsonb, texts jsonb, code jsonb)" \
	"), stored as (" \
	" insert into response (event_id, id" COLUMNS ", lang, instrument_id," \
	"  belonging, quote_ok, role, grade, gender, gender_text, race, race_text," \
	"  disability, firstgen, language)" \
	" select event_id, id" VALUES ", lang, instrument_id, belonging," \
	"  quote_ok, role, grade, gender, gender_text, race, race_text, disability," \
	"  firstgen, language from input" \
	" on conflict do nothing" \
	" returning event_id, id" \
	"), numbers as (" \
	" insert into answer (event_id, response_id, item, value)" \
	" select i.event_id, i.id, a.item, a.value" \
	" from input i join stored s on s.event_id = i.event_id and s.id = i.id," \
	"  jsonb_to_recordset(i.answers) as a(item text, value smallint)" \
	"), texts as (" \
	" insert into answer_text (event_id, response_id, item, body)" \
	" select i.event_id, i.id, t.item, t.body" \
	" from input i join stored s on s.event_id = i.event_id and s.id = i.id," \
	"  jsonb_to_recordset(i.texts) as t(item text, body text)" \
	"), codes as (" \
	" insert into response_code (event_id, response_id, birth_month," \
	"  guardian_initial, older_siblings, birth_town_initial)" \
	" select i.event_id, i.id, decode(k.birth_month, 'hex')," \
	"  decode(k.guardian_initial, 'hex'), decode(k.older_siblings, 'hex')," \
	"  decode(k.birth_town_initial, 'hex')" \
	" from input i join stored s on s.event_id = i.event_id and s.id = i.id," \
	"  jsonb_to_record(i.code) as k(birth_month text, guardian_initial text," \
	"  older_siblings text, birth_town_initial text)" \
	" where jsonb_typeof(i.code) = 'object'" \
	")" \
	" select " RESULT " from stored"

#endif
