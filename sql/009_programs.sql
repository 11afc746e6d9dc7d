-- belong: programs, to measure change rather than a moment.  A program
-- groups events: in a pre/post program (design 'prepost') each of its
-- events is a pre or a post wave, and the same young people answer both,
-- linked only by an anonymous code they make up themselves; in a
-- retrospective program (design 'retro') one survey at the end asks each
-- question twice, "before" and "now" (instrument items with a frame), and
-- change is read within each response.
create table program (
    id          serial primary key,
    slug        text not null unique check (slug ~ '^[a-z0-9-]{3,64}$'),
    title       text not null
                check (length(title) between 1 and 200 and title !~ '[\x01-\x1f\x7f]'),
    design      text not null default 'prepost'
                check (design in ('prepost', 'retro')),
    created_at  timestamptz not null default now()
);

-- An event of a program, and for a pre/post program its wave.  A wave
-- needs a program; a retrospective program's events have none.  The
-- matching code is keyed with the program's id, so belong refuses to move
-- an event that has responses to another program or wave.
alter table event
    add column program_id integer references program (id),
    add column wave text check (wave in ('pre', 'post')),
    add constraint event_wave_needs_program
        check (wave is null or program_id is not null);
create index event_program on event (program_id) where program_id is not null;

-- The self-generated matching code of a response to a pre/post program's
-- event: each element only as HMAC-SHA256 keyed with belongd's secret,
-- over the program's id, the element's name and the answer (daemon/
-- code_hash.c), so elements compare one by one and staff with the
-- database but not the secret file cannot read them back.  NULL: "I don't
-- know", or not answered; a response without any element has no row.
-- Its own table, so that no export of responses can carry it.
create table response_code (
    event_id            integer not null,
    response_id         uuid not null,
    birth_month         bytea check (octet_length(birth_month) = 32),
    guardian_initial    bytea check (octet_length(guardian_initial) = 32),
    older_siblings      bytea check (octet_length(older_siblings) = 32),
    birth_town_initial  bytea check (octet_length(birth_town_initial) = 32),
    primary key (event_id, response_id),
    foreign key (event_id, response_id) references response (event_id, id)
        on delete cascade
);
