#!/bin/sh
# Redraw the example charts of the README from generated demo data: 26 STEM
# nights in 2024, 77 respondents each, with gaps between groups and a slow
# rise through the year built in.  The data are made up (a seeded random
# generator, so every run draws the same charts); nothing here is a finding.
#
#   charts/examples/generate.sh [BUILDDIR]
#
# BUILDDIR holds the built cli/belong (default: the current directory).
# A private PostgreSQL is started in a fresh directory under /tmp and
# destroyed afterwards.  The single-column PDF is shown in the README as
# a PNG, rendered by pdftoppm (poppler-utils).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${1:-.}" && pwd)
BELONG=$build/cli/belong
[ -x "$BELONG" ] || { echo "generate.sh: no $BELONG (build first)" >&2; exit 1; }
command -v pdftoppm >/dev/null ||
	{ echo "generate.sh: no pdftoppm (apt-get install poppler-utils)" >&2; exit 1; }

dir=$(mktemp -d /tmp/belong-examples.XXXXXX)
chmod 755 "$dir"
trap '[ -n "${KEEP:-}" ] || { "$top/tests/pgtmp" destroy "$dir/pg" >/dev/null 2>&1; rm -rf "$dir"; }' EXIT
BELONG_DSN=$("$top/tests/pgtmp" start "$dir/pg")
export BELONG_DSN PGTZ=UTC BELONG_CHARTS_DIR="$top/charts"
"$BELONG" db migrate >/dev/null

psql -X -q -v ON_ERROR_STOP=1 -d "$BELONG_DSN" <<'EOF'
select setseed(0.2024) \g /dev/null

insert into event (slug, title, starts_on, partner, instrument_id)
select format('stem-night-%s', lpad(i::text, 2, '0')),
       format('STEM night %s', i),
       date '2024-01-04' + (i - 1) * 14,
       (array['Eastside Library', 'Riverside Middle School', 'Makers Club'])[1 + i % 3],
       (select id from instrument where key = 'pulse')
from generate_series(1, 26) i;

-- One row per respondent, with the draws that decide who they are and
-- how they felt; ordered so that the seeded draws always land alike.
create temp table person as
select e.id as event_id, e.starts_on, k,
       md5(e.id || '-' || k)::uuid as id,
       random() as u_gender, random() as u_race, random() as u_role,
       random() as u_grade, random() as u_lang,
       -- a respondent's level: roughly normal, sd about 0.5
       (random() + random() + random() + random() - 2) * 0.85 as level
from event e, generate_series(1, 77) k
order by e.id, k;

create temp table who as
select p.*,
       case when u_gender < 0.46 then 'woman' when u_gender < 0.89 then 'man'
            when u_gender < 0.95 then 'nonbinary' else 'prefer_not' end as gender,
       case when u_race < 0.42 then array['white']
            when u_race < 0.67 then array['hispanic']
            when u_race < 0.80 then array['black']
            when u_race < 0.88 then array['asian']
            when u_race < 0.93 then array['black', 'white']
            when u_race < 0.96 then array['hispanic', 'white']
            else array['prefer_not'] end as race,
       case when u_role < 0.80 then 'student' when u_role < 0.90 then 'family'
            else 'educator' end as role,
       case when u_grade < 0.35 then 'g6_8' else 'g9_12' end as grade,
       case when u_lang < 0.78 then 'en' else 'es' end as lang
from person p;

-- Group differences and a rise of about a third of a point over the year.
create temp table mood as
select w.*,
       3.55 + level
       + case gender when 'woman' then -0.15 when 'nonbinary' then -0.55
                     when 'prefer_not' then -0.35 else 0.2 end
       + case when race = array['black'] then -0.3
              when race = array['hispanic'] then -0.15
              when race = array['asian'] then 0.05
              when cardinality(race) > 1 then -0.2 else 0.05 end
       + 0.33 * (starts_on - date '2024-01-04') / 365.0 as centre
from who w;

create temp table item_answer as
select m.event_id, m.id, it.item,
       greatest(1, least(5, round(m.centre + it.shift
                                  + (random() + random() - 1) * 1.2)))::smallint as value
from mood m,
     (values ('belong', 0.0), ('welcome', 0.05), ('voice', -0.45), ('future', 0.2))
       as it(item, shift)
order by m.event_id, m.k, it.item;

insert into response (event_id, id, submitted_at, lang, instrument_id, belonging,
                      role, grade, gender, race)
select m.event_id, m.id,
       m.starts_on + time '20:15' + m.k * interval '17 seconds', m.lang,
       (select id from instrument where key = 'pulse'),
       (select avg((a.value - 1) / 4.0 * 100) from item_answer a
        where a.event_id = m.event_id and a.id = m.id),
       m.role, m.grade, m.gender, m.race
from mood m;

insert into answer (event_id, response_id, item, value)
select event_id, id, item, value from item_answer
union all
select m.event_id, m.id, 'recommend',
       greatest(0, least(10, round(2 * m.centre + 1 + (random() - 0.5) * 4)))::smallint
from mood m;
EOF

printf '%s\n' metro,race,white,0.38 metro,race,hispanic,0.31 metro,race,black,0.17 \
	metro,race,asian,0.09 metro,race,two_or_more,0.05 >"$dir/bench.csv"
"$BELONG" benchmark load "$dir/bench.csv" >/dev/null

"$BELONG" config set org_name "Demo STEM Alliance, 2024 event surveys (made-up data)" >/dev/null
sub="Demo data: 26 STEM nights in 2024"
# The default size, 7 x 4.5 in (2100 x 1350 pixels at 300 dpi).
"$BELONG" plot trend --by gender --interval month --out "$here/trend.png" \
	--title "Belonging index per month, by gender" --subtitle "$sub"
"$BELONG" plot trend --by race --interval quarter --out "$here/trend-race.png" \
	--title "Belonging index per quarter, by race and ethnicity" --subtitle "$sub"
"$BELONG" plot gaps --by race --out "$here/gaps.png" \
	--title "Belonging gap to everyone else, by race and ethnicity" --subtitle "$sub"
"$BELONG" plot reach --by race --region metro --out "$here/reach.png" \
	--title "Who we reached, beside the metro area's students" --subtitle "$sub"
"$BELONG" plot items --by gender --out "$here/items.png" \
	--title "Agreement with each survey item, by gender" --subtitle "$sub"
# A single journal column, 3.5 in wide, as a PDF; shown as a PNG.
"$BELONG" plot gaps --by gender --size 3.5x3.5in --out "$here/gaps-column.pdf" \
	--title "Belonging gap to everyone else, by gender"
pdftoppm -png -r 200 -singlefile "$here/gaps-column.pdf" "$here/gaps-column"

# A pre/post program, added after the charts above so that they stay as
# they were: 120 young people at a spring robotics club, a pre survey in
# March and a post survey in June, the same made-up matching code both
# times (the hash of their number, never a real code), the same answer
# about gender both times, and a rise that differs by gender.
psql -X -q -v ON_ERROR_STOP=1 -d "$BELONG_DSN" <<'EOF'
select setseed(0.2025) \g /dev/null
insert into program (slug, title, design)
values ('spring-robotics', 'Spring robotics club', 'prepost');
insert into event (slug, title, starts_on, instrument_id, program_id, wave)
select 'spring-robotics-' || wave, 'Spring robotics club, ' || wave, d,
       (select id from instrument where key = 'pulse'),
       (select id from program where slug = 'spring-robotics'), wave
from (values ('pre', date '2025-03-03'), ('post', date '2025-06-02')) w(wave, d);

create temp table club as
select k, random() as u_gender,
       (random() + random() + random() + random() - 2) * 0.85 as level,
       random() as u_lift
from generate_series(1, 120) k order by k;
create temp table club_who as
select c.*,
       case when u_gender < 0.45 then 'woman' when u_gender < 0.9 then 'man'
            when u_gender < 0.95 then 'nonbinary' else 'prefer_not' end as gender
from club c;
create temp table club_answer as
select e.id as event_id, md5('club-' || e.wave || '-' || c.k)::uuid as id, e.wave,
       c.k, c.gender, it.item,
       greatest(1, least(5, round(3.2 + c.level + it.shift
           + case when e.wave = 'post' then 0.25 + 0.5 * c.u_lift
                  + case c.gender when 'woman' then 0.3 else 0 end else 0 end
           + (random() + random() - 1) * 1.1)))::smallint as value
from club_who c, event e,
     (values ('belong', 0.0), ('welcome', 0.05), ('voice', -0.45), ('future', 0.2))
       as it(item, shift)
where e.slug in ('spring-robotics-pre', 'spring-robotics-post')
order by e.wave desc, c.k, it.item;

insert into response (event_id, id, submitted_at, lang, instrument_id, belonging, gender)
select a.event_id, a.id, min(e.starts_on) + time '17:30', 'en',
       (select id from instrument where key = 'pulse'),
       avg((a.value - 1) / 4.0 * 100), min(a.gender)
from club_answer a join event e on e.id = a.event_id
group by a.event_id, a.id, a.wave;
insert into answer (event_id, response_id, item, value)
select event_id, id, item, value from club_answer;
insert into response_code (event_id, response_id, birth_month, guardian_initial,
                           older_siblings, birth_town_initial)
select distinct event_id, id, sha256(convert_to(k || 'm', 'UTF8')),
       sha256(convert_to(k || 'g', 'UTF8')), sha256(convert_to(k || 's', 'UTF8')),
       sha256(convert_to(k || 't', 'UTF8'))
from club_answer;
-- The charts above extended the reports' rollup to today, and these
-- responses are of days before it: the next command adds them (the
-- nights are all of 2024).
update report_rollup set through = least(through, date '2025-01-01');
EOF
"$BELONG" plot change --program spring-robotics --by gender --out "$here/change.png" \
	--title "Belonging before and after a spring robotics club, by gender" \
	--subtitle "Demo data: 120 young people, pre and post surveys matched by code" \
	--source "Demo STEM Alliance, 2025 spring robotics club (made-up data)"
echo "generate.sh: drew $here/trend.png trend-race.png gaps.png reach.png" \
	"items.png gaps-column.pdf (and .png) change.png"
