-- belong: where events happen, what kind of event and for whom, who came
-- by group, and a question that tells first-timers from those who return.
--
-- A site is a state, a district, a school or a program (an out-of-school
-- program or centre).  Its parent is of a wider level, so that an event at
-- a school also reaches its district and state.
create table site (
    id          serial primary key,
    code        text not null unique
                check (code ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
    name        text not null
                check (length(name) between 1 and 200 and name !~ '[\x01-\x1f\x7f]'),
    level       text not null
                check (level in ('state', 'district', 'school', 'program')),
    parent_id   integer references site (id),
    nces_id     text check (nces_id ~ '^[0-9]{2,12}$'),
    created_at  timestamptz not null default now()
);

-- The levels in order, widest first; a parent must come before its child.
-- belong checks this too, with a clearer message; the trigger keeps the
-- rule for anyone writing to the table directly.
create function site_level_rank(level text) returns integer
    language sql immutable
    as $$ select array_position(array['state', 'district', 'school',
                                      'program'], level) $$;

create function site_parent_check() returns trigger
    language plpgsql
    as $$
declare
    parent_level text;
begin
    if new.parent_id is null then
        return new;
    end if;
    select level into parent_level from site where id = new.parent_id;
    if site_level_rank(parent_level) >= site_level_rank(new.level) then
        raise exception 'a % cannot have a % as parent', new.level,
            parent_level;
    end if;
    return new;
end
$$;

create trigger site_parent_check before insert or update on site
    for each row execute function site_parent_check();

-- An event's site, kind and audience.  Existing events have no site, are
-- of kind 'event' and have no stated audience.
alter table event
    add column site_id integer references site (id),
    add column kind text not null default 'event'
        check (kind in ('event', 'training', 'program-session')),
    add column audience text
        check (audience in ('students', 'educators', 'families', 'mixed'));
create index event_site on event (site_id) where site_id is not null;

-- Headcounts by group, when the organiser counted them: dimension is an
-- about-you dimension (role, grade, ...) and code one of its codes
-- (lib/about.h; belong validates both).  event.attendance stays the
-- headcount of everyone; `belong event attendance` replaces an event's
-- group counts together.
create table attendance_group (
    event_id   integer not null references event (id) on delete cascade,
    dimension  text not null,
    code       text not null,
    n          integer not null check (n >= 0),
    primary key (event_id, dimension, code)
);

-- The default instrument, version 2: version 1 and an optional question
-- whether this is the respondent's first event with us, so that reports
-- can count new reach.  Version 1 stays for the events that use it.
insert into instrument (key, version, definition) values ('pulse', 2, $json$
{
  "key": "pulse",
  "version": 2,
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
    {"id": "first_time", "type": "choice", "required": false,
     "text": {"en": "Is this your first time at one of our events?",
              "es": "¿Es tu primera vez en uno de nuestros eventos?"},
     "options": [
       {"code": "yes", "text": {"en": "Yes", "es": "Sí"}},
       {"code": "no", "text": {"en": "No", "es": "No"}},
       {"code": "not_sure", "text": {"en": "Not sure", "es": "No estoy seguro o segura"}}
     ]},
    {"id": "change", "type": "text", "required": false, "max_length": 500,
     "text": {"en": "One thing we should change?",
              "es": "¿Una cosa que deberíamos cambiar?"}}
  ],
  "about": ["role", "grade", "gender", "race", "disability", "firstgen", "language"]
}
$json$);
