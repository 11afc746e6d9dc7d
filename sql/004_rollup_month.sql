-- belong: a monthly level of the report rollup (sql/003_rollup.sql).
--
-- A report over the whole history by one dimension read every day, role
-- and group of the daily cells: 829k item cells for gender over ten
-- million responses, half a second and more.  Most reports ask for whole
-- months and no role, so this level sums the daily cells per calendar
-- month without the role key, some twenty times fewer rows.
--
-- It holds exactly the months before the month of report_rollup.through
-- (every day of them is in the daily level), and is built from the daily
-- cells, never from responses: belong rebuilds the months a refresh
-- touched, in the same transaction.  A report reads it for the whole
-- months inside --from/--to when there is no --role and the periods are
-- not weeks; the daily level covers the days at the edges and the
-- response table the days after `through`, so results are the same.

create table report_cell_month (
    event_id   integer not null references event (id) on delete cascade,
    month      date not null,		-- its first day
    dim        text not null,
    grp        text not null,
    n          bigint not null,
    idx_n      bigint not null,
    idx_sum    double precision not null,
    idx_sumsq  double precision not null,
    primary key (event_id, month, dim, grp)
);

create table report_cell_item_month (
    event_id   integer not null references event (id) on delete cascade,
    month      date not null,
    dim        text not null,
    grp        text not null,
    item       text not null,
    n          bigint not null,
    n_ge4      bigint not null,
    n_ge9      bigint not null,
    n_le6      bigint not null,
    primary key (event_id, month, dim, grp, item)
);

create index report_cell_month_dim on report_cell_month (dim, month);
create index report_cell_item_month_dim on report_cell_item_month (dim, month);

-- The months already in the daily level; a refresh waits meanwhile.
lock table report_rollup in share row exclusive mode;

insert into report_cell_month (event_id, month, dim, grp, n, idx_n, idx_sum,
    idx_sumsq)
select c.event_id, date_trunc('month', c.day)::date, c.dim, c.grp, sum(c.n),
       sum(c.idx_n), sum(c.idx_sum), sum(c.idx_sumsq)
from report_cell c, report_rollup u
where c.day < date_trunc('month', u.through)::date
group by 1, 2, 3, 4;

insert into report_cell_item_month (event_id, month, dim, grp, item, n, n_ge4,
    n_ge9, n_le6)
select c.event_id, date_trunc('month', c.day)::date, c.dim, c.grp, c.item,
       sum(c.n), sum(c.n_ge4), sum(c.n_ge9), sum(c.n_le6)
from report_cell_item c, report_rollup u
where c.day < date_trunc('month', u.through)::date
group by 1, 2, 3, 4, 5;

analyze report_cell_month;
analyze report_cell_item_month;
