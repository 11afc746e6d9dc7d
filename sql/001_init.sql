-- belong: the whole data model and the default "pulse" instrument.
--
-- Large tables lead their keys with event_id, so the schema can be
-- distributed by event_id (Citus) when one database machine is not enough.

-- Survey definitions.  A definition is immutable once used: a changed
-- survey is a new version, so stored answers always match their text.
create table instrument (
    id          serial primary key,
    key         text not null check (key ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    version     integer not null check (version > 0),
    definition  jsonb not null check (jsonb_typeof(definition) = 'object'),
    created_at  timestamptz not null default now(),
    unique (key, version)
);

create table event (
    id                   serial primary key,
    slug                 text not null unique
                         check (slug ~ '^[a-z0-9-]{3,64}$'),
    title                text not null check (length(title) between 1 and 200),
    starts_on            date,
    ends_on              date,
    venue                text check (length(venue) <= 200),
    partner              text check (length(partner) <= 200),
    expected_attendance  integer check (expected_attendance >= 0),
    instrument_id        integer not null references instrument (id),
    opens_at             timestamptz,
    closes_at            timestamptz,
    draw_prize           text check (length(draw_prize) <= 200),
    created_at           timestamptz not null default now(),
    check (ends_on is null or starts_on is null or ends_on >= starts_on)
);

-- One row per submitted survey.  The id is chosen by the client (form page
-- or API caller), so a retried submission is recognised and stored once.
-- No IP address, user agent, name or contact here.
--
-- The demographic columns hold the codes of the API; 'prefer_not' is an
-- answer, NULL means not answered.  belonging is the respondent's
-- belonging index (0-100: the mean of the answered likert items whose
-- construct is belonging, include, engage or inspire), computed when the
-- response is stored so that reports need not join the answers.
create table response (
    event_id      integer not null references event (id),
    id            uuid not null,
    submitted_at  timestamptz not null default now(),
    lang          text not null check (lang in ('en', 'es')),
    instrument_id integer not null references instrument (id),
    belonging     real check (belonging between 0 and 100),
    quote_ok      boolean not null default false,
    role          text check (role in ('student', 'educator', 'family',
                      'volunteer', 'other', 'prefer_not')),
    grade         text check (grade in ('k5', 'g6_8', 'g9_12', 'college',
                      'adult', 'prefer_not')),
    gender        text check (gender in ('woman', 'man', 'nonbinary', 'self',
                      'prefer_not')),
    gender_text   text check (length(gender_text) <= 60),
    race          text[] check (race <@ array['aian', 'asian', 'black',
                      'hispanic', 'mena', 'nhpi', 'white', 'self',
                      'prefer_not']
                      and cardinality(race) >= 1),
    race_text     text check (length(race_text) <= 60),
    disability    text check (disability in ('yes', 'no', 'prefer_not')),
    firstgen      text check (firstgen in ('yes', 'no', 'unsure',
                      'prefer_not')),
    language      text check (language in ('en', 'es', 'other',
                      'prefer_not')),
    primary key (event_id, id)
);

create index response_submitted_at on response (submitted_at);

-- Numeric answers: likert5 (1-5), scale0_10 (0-10), choice (1-based option
-- number), multi (one row per chosen option).
--
-- No foreign key to response: belongd inserts answers in the same
-- statement as their response, and only for responses that statement
-- stored, so every row has its response.  Checking that again for every
-- answer cost PostgreSQL about 40 % of the time it spends storing a
-- submission (measured with tests/bench/submit.sh).
create table answer (
    event_id     integer not null,
    response_id  uuid not null,
    item         text not null,
    value        smallint not null,
    primary key (event_id, response_id, item, value)
);

-- Free-text answers, kept apart so that exports can leave them out.
create table answer_text (
    event_id     integer not null,
    response_id  uuid not null,
    item         text not null,
    body         text not null,
    primary key (event_id, response_id, item),
    foreign key (event_id, response_id) references response (event_id, id)
        on delete cascade
);

-- Prize draw: entries have nothing that links them to a response (no
-- response id, no time finer than the day).
create table draw_entry (
    event_id    integer not null references event (id),
    contact     text not null check (length(contact) between 3 and 254),
    entered_on  date not null default current_date,
    primary key (event_id, contact)
);

create table draw_winner (
    event_id  integer not null references event (id),
    contact   text not null,
    drawn_at  timestamptz not null default now(),
    primary key (event_id, contact)
);

-- Youth advisory board.  Tokens are shown once and stored as SHA-256.
create table board_member (
    id            serial primary key,
    display_name  text not null check (length(display_name) between 1 and 100),
    email         text check (length(email) <= 254),
    token_hash    bytea not null unique,
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz
);

create table board_session (
    id_hash     bytea primary key,
    member_id   integer not null references board_member (id),
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null
);

create table board_item (
    id          serial primary key,
    member_id   integer not null references board_member (id),
    topic       text not null check (topic in ('programs', 'events',
                    'outreach', 'belonging', 'other')),
    body        text not null check (length(body) between 1 and 4000),
    share_name  boolean not null default false,
    created_at  timestamptz not null default now(),
    status      text not null default 'new' check (status in ('new', 'seen',
                    'discussed', 'acted', 'declined'))
);

create index board_item_member on board_item (member_id, created_at);

-- The status history of an item: appended to, never overwritten.
create table board_item_event (
    item_id  integer not null references board_item (id),
    at       timestamptz not null default now(),
    status   text not null check (status in ('new', 'seen', 'discussed',
                 'acted', 'declined')),
    note     text check (length(note) <= 4000),
    by       text check (length(by) <= 100)
);

create index board_item_event_item on board_item_event (item_id, at);

-- Population shares for representation ratios (`belong benchmark load`).
create table benchmark (
    region     text not null,
    dimension  text not null,
    grp        text not null,
    share      double precision not null check (share between 0 and 1),
    primary key (region, dimension, grp)
);

-- The default instrument: five taps and one optional comment, about 30
-- seconds, in English and Spanish.
insert into instrument (key, version, definition) values ('pulse', 1, $json$
{
  "key": "pulse",
  "version": 1,
  "languages": ["en", "es"],
  "title": {"en": "How was it?", "es": "¿Qué tal te fue?"},
  "items": [
    {"id": "belong", "type": "likert5", "construct": "belonging", "required": true,
     "text": {"en": "I felt like I belonged here.",
              "es": "Sentí que pertenecía aquí."}},
    {"id": "welcome", "type": "likert5", "construct": "include", "required": true,
     "text": {"en": "People here made me feel welcome.",
              "es": "Las personas aquí me hicieron sentir bienvenido o bienvenida."}},
    {"id": "voice", "type": "likert5", "construct": "engage", "required": true,
     "text": {"en": "My questions and ideas were listened to.",
              "es": "Escucharon mis preguntas e ideas."}},
    {"id": "future", "type": "likert5", "construct": "inspire", "required": true,
     "text": {"en": "I can see myself doing STEM in the future.",
              "es": "Me veo haciendo STEM en el futuro."}},
    {"id": "recommend", "type": "scale0_10", "construct": "celebrate", "required": true,
     "text": {"en": "How likely are you to tell a friend to come next time?",
              "es": "¿Qué tan probable es que le digas a un amigo o amiga que venga la próxima vez?"}},
    {"id": "change", "type": "text", "required": false, "max_length": 500,
     "text": {"en": "One thing we should change?",
              "es": "¿Una cosa que deberíamos cambiar?"}}
  ],
  "about": ["role", "grade", "gender", "race", "disability", "firstgen", "language"]
}
$json$);
