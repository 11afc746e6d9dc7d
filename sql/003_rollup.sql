-- belong: the report rollup.  Reports read per-day aggregates instead of
-- every response: a GROUP BY over ten million responses takes seconds, the
-- same over the rollup a few milliseconds.
--
-- The rollup holds the settled days, those before report_rollup.through;
-- reports add the responses from that day on straight from the response
-- table (a range of its submitted_at index), so a report is exact whether
-- the rollup is fresh, stale or empty.  belong (report, trend, reach,
-- rollup) extends it incrementally, one transaction, up to the day before
-- yesterday in report_rollup.zone: belongd stamps submitted_at when its
-- transaction starts, so by then every such row is committed.  belongd
-- itself never touches it, and on a read replica the refresh is skipped.
-- Responses stored or changed later with an older submitted_at (an
-- import, a purge) need `belong rollup --rebuild`.
--
-- Keys lead with event_id, like the tables they summarise.

-- Per event, day (in report_rollup.zone), role of the respondent, and
-- group of one about-you question: dim '' grp '' is everyone; dim 'race'
-- counts a respondent in each group chosen and in 'two_or_more'; groups
-- are the codes, 'prefer_not' and 'not_answered'.
create table report_cell (
    event_id   integer not null references event (id) on delete cascade,
    day        date not null,
    role       text not null,
    dim        text not null,
    grp        text not null,
    n          bigint not null,		-- respondents
    idx_n      bigint not null,		-- of them with a belonging index
    idx_sum    double precision not null,
    idx_sumsq  double precision not null,
    primary key (event_id, day, role, dim, grp)
);

-- The same cells per likert5 or scale0_10 item: answers, answers of 4 or
-- more (agree), 9 or more (promoters), 6 or less (detractors).
create table report_cell_item (
    event_id   integer not null references event (id) on delete cascade,
    day        date not null,
    role       text not null,
    dim        text not null,
    grp        text not null,
    item       text not null,
    n          bigint not null,
    n_ge4      bigint not null,
    n_ge9      bigint not null,
    n_le6      bigint not null,
    primary key (event_id, day, role, dim, grp, item)
);

-- A report reads one dimension: the rows of a dimension are inserted
-- together, so this index reads them nearly in order.
create index report_cell_dim on report_cell (dim, day);
create index report_cell_item_dim on report_cell_item (dim, day);

-- One row: the days before `through` are in the rollup (null: none yet);
-- days are dates in `zone`, the session time zone when it was first built,
-- which belong then uses for every report so that days mean one thing.
create table report_rollup (
    one      boolean primary key default true check (one),
    through  date,
    zone     text not null
);
