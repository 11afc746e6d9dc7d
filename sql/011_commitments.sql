-- belong: commitments, the specific and measurable targets an alliance
-- makes ("reach 500 educators through trainings by June"), each tracked by
-- `belong commitment progress` from the same figures the reports print.
--
-- indicator: attendance, respondents, new-reach, group-share, belonging,
-- gap, educators, agree:ITEM or sites:LEVEL (belong checks the item and
-- the level).  target is in the indicator's unit: people or sites, or a
-- percentage or index from 0 to 100; a gap's target is its size |gap|.
-- The baseline period, when given, ends before the commitment's own
-- period, which runs from the day after it (else from created_at) to due.
-- selection narrows the events: {"kind": ..., "partner": ..., "site":
-- CODE, "program": SLUG}, each optional; site and program are kept by
-- code and slug as given, and checked to exist when the commitment is made.
create table commitment (
    id             serial primary key,
    slug           text not null unique check (slug ~ '^[a-z0-9-]{3,64}$'),
    title          text not null
                   check (length(title) between 1 and 200 and title !~ '[\x01-\x1f\x7f]'),
    indicator      text not null check (indicator ~ '^(attendance|respondents|new-reach|'
                       'group-share|belonging|gap|educators|agree:.{1,64}|'
                       'sites:(state|district|school|program))$'),
    target         double precision not null check (target >= 0 and target < 'infinity'),
    due            date not null,
    baseline_from  date,
    baseline_to    date,
    grp_dimension  text,
    grp_code       text,
    selection      jsonb not null default '{}' check (jsonb_typeof(selection) = 'object'),
    created_at     timestamptz not null default now(),
    closed_at      timestamptz,
    check ((baseline_from is null) = (baseline_to is null)),
    check (baseline_from <= baseline_to),
    check (baseline_to < due),
    check ((grp_dimension is null) = (grp_code is null))
);
