#!/bin/bash
# Benchmark of the reports (issue 5, DESIGN.md "Performance targets"):
# 10,000,000 responses over three years and 500 events, every about-you
# field filled in a realistic mix, generated with generate_series in a
# private, durable PostgreSQL; then the times and peak RSS of
#
#   belong report --by gender                 target < 0.5 s
#   belong report --by race
#   belong trend --interval month --by race   target < 1 s
#
# (500 events: the cluster design, the default; --design srs beside them)
#   belong export responses --format csv > /dev/null
#
# each with the rollup (sql/003_rollup.sql, its monthly level
# sql/004_rollup_month.sql) and without (--no-rollup:
# plain GROUP BY over the responses), and the time to build the rollup.
# Run by hand from the build directory, never by make check:
#
#   tests/bench/report.sh [DIR]      (default /var/tmp/belong-bench-report)
#
# Generating takes several minutes; the cluster is kept in DIR so a second
# run only measures.  N=100000 tests/bench/report.sh for a quick try;
# REBUILD=no skips timing `belong rollup --rebuild` (some 12 minutes at
# 10M) and measures with the rollup as it is; PLAIN=no skips the plain
# GROUP BY runs (--no-rollup, minutes each at 10M).
# `tests/pgtmp destroy DIR` removes it.
set -eu

BUILDDIR=${BELONG_BUILDDIR:-$(pwd)}
SRCDIR=${BELONG_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BELONG=$BUILDDIR/cli/belong
N=${N:-10000000}
DIR=${1:-/var/tmp/belong-bench-report-$N}
RUNS=${RUNS:-3}
REBUILD=${REBUILD:-yes}
PLAIN=${PLAIN:-yes}

[ -x "$BELONG" ] || { echo "report.sh: run from the build directory (no $BELONG)" >&2; exit 2; }
BELONG_DSN=$("$SRCDIR/tests/pgtmp" start "$DIR" --durable)
export BELONG_DSN
psql_() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$BELONG_DSN" "$@"; }

"$BELONG" db migrate >/dev/null
have=$(psql_ -c "select count(*) from response")
if [ "$have" -ne "$N" ]; then
	echo "generating $N responses (500 events, 3 years) ..."
	start=$(date +%s)
	# Foreign keys are checked by the schema for real submissions; for
	# generated rows they would only double the time (replica role skips
	# their triggers).  Answers get their primary key after the load.
	psql_ <<SQL
truncate answer, answer_text, response, report_cell, report_cell_item,
    report_cell_month, report_cell_item_month cascade;
delete from report_rollup;
delete from event where slug like 'bench-%';
insert into event (slug, title, starts_on, partner, instrument_id)
select 'bench-' || g, 'Bench event ' || g,
       date '2023-01-01' + (g * 1096 / 500),
       case when g % 4 = 0 then null else 'Partner ' || (g % 23) end,
       (select id from instrument where key = 'pulse' and version = 1)
from generate_series(1, 500) g;
set session_replication_role = replica;
alter table answer drop constraint answer_pkey;
-- h: a cheap per-row hash; each field takes different bits of it, with
-- skewed weights so that some groups are small.
insert into response (event_id, id, submitted_at, lang, instrument_id, belonging,
    quote_ok, role, grade, gender, race, disability, firstgen, language)
select e.id, gen_random_uuid(),
       -- most on the day of the event, some in the week after
       e.starts_on + interval '9 hours' + case when h % 8 = 0
           then ((h % 10080) || ' minutes')::interval
           else ((h % 600) || ' minutes')::interval end,
       case when h % 5 = 0 then 'es' else 'en' end, e.instrument_id,
       ((h / 7) % 17) * 6.25, h % 9 = 0,
       (array['student','student','student','student','educator','family','family',
              'volunteer','other','prefer_not', null])[1 + (h / 11) % 11],
       (array['k5','g6_8','g6_8','g9_12','g9_12','college','adult','prefer_not', null])[1 + (h / 13) % 9],
       (array['woman','woman','woman','man','man','man','nonbinary','self','prefer_not', null])[1 + (h / 17) % 10],
       case (h / 19) % 20
         when 0 then null when 1 then '{prefer_not}'
         when 2 then '{asian,white}' when 3 then '{black,hispanic}' when 4 then '{aian,white}'
         when 5 then '{mena}' when 6 then '{nhpi}' when 7 then '{self}'
         when 8 then '{asian}' when 9 then '{asian}' when 10 then '{black}' when 11 then '{black}'
         when 12 then '{hispanic}' when 13 then '{hispanic}' when 14 then '{hispanic}'
         else '{white}' end::text[],
       (array['yes','no','no','no','no','prefer_not', null])[1 + (h / 23) % 7],
       (array['yes','no','no','unsure','prefer_not', null])[1 + (h / 29) % 6],
       (array['en','en','en','es','es','other','prefer_not', null])[1 + (h / 31) % 8]
from (select g, 1 + g % 500 as ev,
             (g * 2654435761::bigint) % 4294967291 as h
      from generate_series(1, $N) g) s
join event e on e.slug = 'bench-' || s.ev;
insert into answer (event_id, response_id, item, value)
select r.event_id, r.id, i.item,
       case when i.item = 'recommend' then (abs(hashtext(r.id::text)) % 11)
            else 1 + (abs(hashtext(r.id::text || i.item)) % 5) end
from response r,
     (values ('belong'), ('welcome'), ('voice'), ('future'), ('recommend')) i (item);
alter table answer add primary key (event_id, response_id, item, value);
reset session_replication_role;
vacuum analyze response;
vacuum analyze answer;
SQL
	echo "generated in $(( $(date +%s) - start )) s"
fi

# measure LABEL CMD...: the best of RUNS wall times, and the peak RSS.
measure() {
	label=$1
	shift
	best=
	rss=
	for _ in $(seq 1 "$RUNS"); do
		s=$(date +%s.%N)
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -v "$@" >/dev/null 2>"$DIR/time.err" || { cat "$DIR/time.err" >&2; exit 1; }
			r=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$DIR/time.err")
		else
			"$@" >/dev/null
			r=?
		fi
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" -eq 1 ]; then
			best=$t
			rss=$r
		fi
	done
	printf '%-58s %8.3f s  %8s KiB\n' "$label" "$best" "$rss"
}

echo "responses: $(psql_ -c "select count(*) from response")," \
	"answers: $(psql_ -c "select count(*) from answer")"
printf '%-58s %10s  %12s\n' "command" "best of $RUNS" "peak RSS"
RUNS_SAVE=$RUNS
if [ "$PLAIN" != no ]; then
	measure "report --by gender --no-rollup (plain GROUP BY)" "$BELONG" report --by gender --no-rollup
	measure "report --by race --no-rollup" "$BELONG" report --by race --no-rollup
	RUNS=1
	measure "trend --interval month --by race --no-rollup" "$BELONG" trend --interval month --by race --no-rollup
fi
RUNS=1
if [ "$REBUILD" = no ]; then
	measure "rollup (bring up to date)" "$BELONG" rollup
else
	measure "rollup --rebuild (once)" "$BELONG" rollup --rebuild
fi
RUNS=$RUNS_SAVE
measure "report --by gender (cluster)" "$BELONG" report --by gender
measure "report --by gender --design srs" "$BELONG" report --by gender --design srs
measure "report --by race (cluster)" "$BELONG" report --by race
measure "trend --interval month --by race (cluster)" "$BELONG" trend --interval month --by race
measure "trend --interval month --by race --design srs" "$BELONG" trend --interval month --by race --design srs
measure "reach --by race (cluster)" "$BELONG" reach --by race
measure "report --by gender,race (raw, cluster)" "$BELONG" report --by gender,race
measure "report --by gender --from 2024-01-01 --role student" "$BELONG" report --by gender --from 2024-01-01 --role student
RUNS=1
measure "export responses --format csv > /dev/null" "$BELONG" export responses --format csv
echo "rollup rows: $(psql_ -c "select count(*) from report_cell") cells," \
	"$(psql_ -c "select count(*) from report_cell_item") item cells; monthly level:" \
	"$(psql_ -c "select count(*) from report_cell_month") cells," \
	"$(psql_ -c "select count(*) from report_cell_item_month") item cells"
echo "cluster kept in $DIR ($SRCDIR/tests/pgtmp destroy $DIR removes it)"
