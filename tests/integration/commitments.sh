#!/bin/sh
# belong commitment: add, list, show, close, the refusals of add (each with
# the table checked unchanged), and progress against figures computed here
# independently of belong (python3 from the raw rows psql prints: counts,
# means, Wilson and t intervals, Welch's gap, the least-squares projection).
#
# The fixture, dated from today so that it never ages: the commitment
# period is the six whole months before this one and this one so far
# (start S = the first of the month six months back), the baseline the
# twelve months before S.  Sites: state st > district dist > schools sch1,
# sch2 (and a state st2 no event reaches).
#   fair-a   event at sch1, partner Acme, in month 1, attendance 120:
#            respondents in months 0-5 (24, 28, 22, 30, 26, 32; women and
#            men alternating, values 2-5 in turn, first_time yes / no /
#            none in turn), 3 non-binary and 12 not answering gender in
#            month 2
#   fair-b   event at sch2, partner Beta, month 2, no attendance: 20
#            women students in month 2
#   train-1  training for educators at dist, month 1, attendance 25
#   train-2  training for educators at sch2, month 3, no attendance: 12
#            educators answer in month 3
#   base-fair, base-train: the baseline year's (attendance 80 and 15;
#            40 respondents at base-fair, values 1-4 in turn)
#   tst      a test event in month 1, attendance 999: never counted
. "$(dirname "$0")/lib.sh"

run() {	# run ARGS...: belong, stdout in $T/out, stderr in $T/err, status in $rc
	"$BELONG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
commitments() { sql "select count(*) from commitment"; }

start_pg
migrate

sql "
create temp table d as select
    (date_trunc('month', current_date) - interval '6 months')::date as s;
insert into site (code, name, level) values ('st', 'State', 'state'), ('st2', 'Other state', 'state');
insert into site (code, name, level, parent_id) select 'dist', 'District', 'district', id from site where code = 'st';
insert into site (code, name, level, parent_id) select c, c, 'school', id from site, (values ('sch1'), ('sch2')) v (c)
    where code = 'dist';
insert into event (slug, title, instrument_id, kind, audience, site_id, partner, starts_on, attendance, test)
select v.slug, v.slug, (select id from instrument where key = 'pulse' order by version desc limit 1),
    v.kind, v.aud, (select id from site where code = v.site), v.partner,
    (select s from d) + v.mon * interval '1 month' + interval '9 days', v.att, v.test
from (values
    ('fair-a', 'event', null, 'sch1', 'Acme', 1, 120, false),
    ('fair-b', 'event', null, 'sch2', 'Beta', 2, null, false),
    ('train-1', 'training', 'educators', 'dist', null, 1, 25, false),
    ('train-2', 'training', 'educators', 'sch2', null, 3, null, false),
    ('base-fair', 'event', null, 'sch1', 'Acme', -9, 80, false),
    ('base-train', 'training', 'educators', 'dist', null, -7, 15, false),
    ('tst', 'event', null, 'sch1', 'Acme', 1, 999, true)) v (slug, kind, aud, site, partner, mon, att, test);
create temp table fx (event text, mon int, i int, v int, gender text, role text, ft int);
insert into fx select 'fair-a', m, i, 2 + i % 4, case when i % 2 = 0 then 'woman' else 'man' end,
    'student', case i % 3 when 0 then 1 when 1 then 2 end
    from (values (0, 24), (1, 28), (2, 22), (3, 30), (4, 26), (5, 32)) n (m, k), generate_series(1, k) i;
insert into fx select 'fair-a', 2, 100 + i, 4, 'nonbinary', 'student', null from generate_series(1, 3) i;
insert into fx select 'fair-a', 2, 200 + i, 3, null, 'student', null from generate_series(1, 12) i;
insert into fx select 'fair-b', 2, i, 2 + i % 3, 'woman', 'student', 1 from generate_series(1, 20) i;
insert into fx select 'train-2', 3, i, 3 + i % 2, null, 'educator', 2 from generate_series(1, 12) i;
insert into fx select 'base-fair', -9 + i % 3, i, 1 + i % 4, case when i % 2 = 0 then 'woman' else 'man' end,
    'student', null from generate_series(1, 40) i;
insert into fx select 'tst', 1, i, 5, 'woman', 'student', 1 from generate_series(1, 30) i;
alter table fx add column id uuid default gen_random_uuid();
insert into response (event_id, id, submitted_at, lang, instrument_id, belonging, role, gender)
select e.id, fx.id, (select s from d) + fx.mon * interval '1 month' + interval '9 days 12 hours', 'en',
    e.instrument_id, (fx.v - 1) * 25, fx.role, fx.gender
from fx join event e on e.slug = fx.event;
insert into answer (event_id, response_id, item, value)
select e.id, fx.id, it, fx.v from fx join event e on e.slug = fx.event,
    unnest(array['belong', 'welcome', 'voice', 'future']) it;
insert into answer (event_id, response_id, item, value)
select e.id, fx.id, 'first_time', fx.ft from fx join event e on e.slug = fx.event where fx.ft is not null;
" >/dev/null || bail "cannot load the fixture"

TODAY=$(sql "select current_date")
S=$(sql "select (date_trunc('month', current_date) - interval '6 months')::date")
BFROM=$(sql "select ('$S'::date - interval '12 months')::date")
BTO=$(sql "select '$S'::date - 1")
DUE=$(sql "select (date_trunc('month', current_date) + interval '12 months')::date")
PAST=$(sql "select current_date - 1")
B="--baseline-from $BFROM --baseline-to $BTO"
diag "today $TODAY, period from $S, baseline $BFROM - $BTO, due $DUE"

# --- add: refusals, nothing stored -----------------------------------------

# refuse WHY STATUS PATTERN ARGS...: add with ARGS exits STATUS, says
# PATTERN, and the table is unchanged.
refuse() {
	why=$1 want=$2 pat=$3
	shift 3
	before=$(commitments)
	run commitment add --slug bad-one --title Bad "$@"
	is "$rc" "$want" "add refuses $why (exit $want)"
	like "$(cat "$T/err")" "$pat" "add says why: $why"
	is "$(commitments)" "$before" "add stores nothing: $why"
}
refuse "an unknown indicator" 2 "--indicator: must be one of" \
	--indicator reach --target 10 --due "$DUE"
refuse "an unknown item" 2 'no instrument has a likert item "nope"' \
	--indicator agree:nope --target 10 --due "$DUE"
refuse "an unknown level" 2 "sites: takes a level" \
	--indicator sites:county --target 10 --due "$DUE"
refuse "a share above 100" 2 "--target: must be a percentage or index from 0 to 100" \
	--indicator group-share --group gender=woman --target 101 --due "$DUE"
refuse "an index below 0" 2 "--target: must be a percentage or index" \
	--indicator belonging --target -1 --due "$DUE"
refuse "a negative count" 2 "--target: must be a whole number" \
	--indicator attendance --target -5 --due "$DUE"
refuse "a fractional count" 2 "--target: must be a whole number" \
	--indicator respondents --target 10.5 --due "$DUE"
refuse "a gap target with a sign" 2 "--target: is the gap's size" \
	--indicator gap --group gender=woman --target -5 --due "$DUE"
refuse "a target that is not a number" 2 "--target: must be a number" \
	--indicator respondents --target lots --due "$DUE"
refuse "a due date in the past" 2 "--due: $PAST is in the past" \
	--indicator respondents --target 10 --due "$PAST"
refuse "a date that is not one" 2 "--due: " \
	--indicator respondents --target 10 --due 2030-02-30
refuse "a baseline from after to" 2 "--baseline-from: must not be after --baseline-to" \
	--indicator respondents --target 10 --due "$DUE" --baseline-from "$BTO" --baseline-to "$BFROM"
refuse "a baseline overlapping the due date" 2 "--baseline-to: must be before --due" \
	--indicator respondents --target 10 --due "$DUE" --baseline-from "$BFROM" --baseline-to "$DUE"
refuse "a baseline not over yet" 2 "--baseline-to: the baseline must be over" \
	--indicator respondents --target 10 --due "$DUE" --baseline-from "$BFROM" --baseline-to "$TODAY"
refuse "half a baseline" 2 "go together" \
	--indicator respondents --target 10 --due "$DUE" --baseline-from "$BFROM"
refuse "an unknown site" 2 'no site with code "nowhere"' \
	--indicator respondents --target 10 --due "$DUE" --events site=nowhere
refuse "an unknown program" 2 'no program with slug "nope"' \
	--indicator respondents --target 10 --due "$DUE" --events program=nope
refuse "an unknown partner" 2 'no event has the partner "Nobody"' \
	--indicator respondents --target 10 --due "$DUE" --events partner=Nobody
refuse "an unknown kind" 2 "kind= must be" \
	--indicator respondents --target 10 --due "$DUE" --events kind=party
refuse "an unknown filter" 2 "takes the filters kind, partner, site and program" \
	--indicator respondents --target 10 --due "$DUE" --events color=red
refuse "a filter given twice" 2 "names a filter twice" \
	--indicator respondents --target 10 --due "$DUE" --events kind=event,kind=training
refuse "group-share without a group" 2 "--group: is required" \
	--indicator group-share --target 50 --due "$DUE"
refuse "an unknown dimension" 2 "--group: must name an about-you dimension" \
	--indicator belonging --group shoe=big --target 50 --due "$DUE"
refuse "an unknown code" 2 "--group: is not a code of that dimension" \
	--indicator belonging --group gender=robot --target 50 --due "$DUE"
refuse "a group on attendance" 2 "--group: is for" \
	--indicator attendance --group gender=woman --target 50 --due "$DUE"
run commitment add --slug 'Bad Slug' --title Bad --indicator respondents --target 10 --due "$DUE"
is "$rc" 2 "add refuses a bad slug"
like "$(cat "$T/err")" "--slug: " "and says why"
is "$(commitments)" 0 "and stores nothing"

# --- add, list, show, close --------------------------------------------------

add() {	# add SLUG ARGS...
	s=$1
	shift
	run commitment add --slug "$s" --title "Commitment $s" "$@"
	is "$rc $(cat "$T/out")" "0 added commitment $s" "add $s"
	[ "$rc" = 0 ] || diag "$(cat "$T/err")"
}
add att --indicator attendance --target 300 --due "$DUE" $B
add edu --indicator educators --target 100 --due "$DUE" $B
add schools --indicator sites:school --target 3 --due "$DUE"
add schools-b --indicator sites:school --target 3 --due "$DUE" $B
add districts-trained --indicator sites:district --target 2 --due "$DUE" --events kind=training $B
add states --indicator sites:state --target 2 --due "$DUE" --events site=st $B
add resp --indicator respondents --target 1000 --due "$DUE" $B
add newr --indicator new-reach --target 200 --due "$DUE" $B
add share --indicator group-share --group gender=woman --target 60 --due "$DUE" $B
add bel --indicator belonging --target 80 --due "$DUE" $B --events partner=Acme
add gap-w --indicator gap --group gender=woman --target 0 --due "$DUE" --events partner=Acme $B
add agr --indicator agree:belong --target 75 --due "$DUE" --events partner=Acme $B
add nonbin --indicator belonging --group gender=nonbinary --target 90 --due "$DUE" $B
run commitment add --slug att --title Again --indicator attendance --target 1 --due "$DUE"
is "$rc" 1 "a duplicate slug is refused (exit 1)"
like "$(cat "$T/err")" 'a commitment with slug "att" already exists' "and says so"
is "$(sql "select title from commitment where slug = 'att'")" "Commitment att" \
	"the first commitment is unchanged"

run commitment list --format csv
is "$(grep -c . "$T/out")" 14 "list: a header and 13 commitments"
like "$(grep '^states,' "$T/out")" "^states,Commitment states,sites:state,,site=st,$BFROM,$BTO,2,$DUE,open," \
	"list shows the selection"
run commitment show bel --format json
like "$(cat "$T/out")" "\"events\":\"partner=Acme\"" "show: the selection"
like "$(cat "$T/out")" "\"baseline_from\":\"$BFROM\"" "show: the baseline"
run commitment show nothing-here
is "$rc" 1 "show of an unknown commitment exits 1"
run commitment close nothing-here
is "$rc" 1 "close of an unknown commitment exits 1"

# --- progress against the independent computation --------------------------

sql "select e.slug, e.test, to_char(r.submitted_at, 'YYYY-MM-DD'), r.belonging,
	coalesce(r.gender, ''), coalesce(r.role, ''), coalesce(a.value::text, ''),
	(select value from answer b where b.event_id = r.event_id and b.response_id = r.id
	 and b.item = 'belong')
	from response r join event e on e.id = r.event_id
	left join answer a on a.event_id = r.event_id and a.response_id = r.id
	    and a.item = 'first_time'" >"$T/raw"
run commitment progress --format json
is "$rc" 0 "progress runs"
cp "$T/out" "$T/progress.json"

# check.py: prints "description|got|want" lines.
cat >"$T/check.py" <<'PY'
import datetime as dt, json, math, sys
from fractions import Fraction
from statistics import mean, variance

prog = {r["slug"]: r for r in json.load(open(sys.argv[1]))}
today = dt.date.fromisoformat(sys.argv[3])
S = dt.date.fromisoformat(sys.argv[4])
bfrom, bto = dt.date.fromisoformat(sys.argv[5]), dt.date.fromisoformat(sys.argv[6])
due = dt.date.fromisoformat(sys.argv[7])
rows = []
for line in open(sys.argv[2]):
    slug, test, day, bel, gender, role, ft, item = line.rstrip("\n").split("|")
    if test == "t":
        continue
    rows.append(dict(event=slug, day=dt.date.fromisoformat(day), bel=float(bel),
                     gender=gender, role=role, ft=ft, item=int(item)))

def tq(p, df):
    """t quantile: the density integrated (Simpson) and bisected."""
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    f = lambda x: c * (1 + x * x / df) ** (-(df + 1) / 2)
    def cdf(x):
        n = 2000
        h = x / n
        s = f(0) + f(x) + sum((4 if k % 2 else 2) * f(k * h) for k in range(1, n))
        return 0.5 + s * h / 3
    lo, hi = 0.0, 50.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if cdf(mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2

def out(desc, got, want, nd=2):
    if isinstance(want, float):
        want = f"{want:.{nd}f}"
        if want.startswith("-") and float(want) == 0:
            want = want[1:]
        if isinstance(got, (int, float)):
            got = f"{got:.{nd}f}"
    if want == "None":
        want = ""
    print(f"{desc}|{'' if got is None else got}|{want}")

def within(a, b, events=None):
    return [r for r in rows if a <= r["day"] <= b and (events is None or r["event"] in events)]

def months():
    """The monthly periods from S to today: (lo, hi)."""
    y, m = S.year, S.month
    while True:
        lo = dt.date(y, m, 1)
        if lo > today:
            return
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        hi = dt.date(y, m, 1) - dt.timedelta(days=1)
        yield max(lo, S), min(hi, today)

def ols(xs, ys, x0):
    n = len(xs)
    mx, my = mean(xs), mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    sse = sum((y - my - b * (x - mx)) ** 2 for x, y in zip(xs, ys))
    y0 = my + b * (x0 - mx)
    half = tq(0.975, n - 2) * math.sqrt(sse / (n - 2) * (1 / n + (x0 - mx) ** 2 / sxx))
    return y0, y0 - half, y0 + half

def status(cur, target, c, lo, hi, down=False):
    reach = (lambda v: v <= target) if down else (lambda v: v >= target)
    if reach(cur):
        return "met"
    if reach(c):
        return "on track"
    if reach(lo if down else hi):
        return "at risk"
    return "off track"

def check_cumulative(slug, count, target, shown=lambda a, b: True):
    r = prog[slug]
    cur = count(S, today)
    base = count(bfrom, bto)
    out(f"{slug}: value", r["value"], float(cur), 0)
    out(f"{slug}: baseline", r["baseline"], float(base), 0)
    out(f"{slug}: progress", r["progress"], float(Fraction(cur - base, target - base) * 100), 1)
    xs, ys = [], []
    for lo, hi in months():
        if shown(S, hi):
            xs.append(hi.toordinal())
            ys.append(count(S, hi))
    c, lo, hi = ols(xs, ys, due.toordinal())
    out(f"{slug}: months", r["months"], len(xs))
    out(f"{slug}: projection", r["projection"], c)
    out(f"{slug}: projection_lo", r["projection_lo"], lo)
    out(f"{slug}: projection_hi", r["projection_hi"], hi)
    out(f"{slug}: status", r["status"], status(cur, target, c, lo, hi))
    return cur, c, lo, hi

# Events, as the fixture has them (the test event left out).
att = {"fair-a": (1, 120), "fair-b": (2, None), "train-1": (1, 25), "train-2": (3, None),
       "base-fair": (-9, 80), "base-train": (-7, 15)}
def event_day(mon):
    y, m = S.year, S.month + mon
    while m < 1:
        y, m = y - 1, m + 12
    while m > 12:
        y, m = y + 1, m - 12
    return dt.date(y, m, 10)
def attendance(a, b, only=None):
    return sum(n for e, (mon, n) in att.items()
               if n is not None and a <= event_day(mon) <= b and (only is None or e in only))
check_cumulative("att", attendance, 300)
missing = sum(1 for e, (mon, n) in att.items() if n is None and S <= event_day(mon) <= today)
out("att: note", prog["att"]["note"], f"{missing} events without recorded attendance (not counted)")
trainings = {"train-1", "train-2", "base-train"}
def educators(a, b):
    heads = attendance(a, b, trainings)
    noheads = [e for e in trainings if att[e][1] is None and a <= event_day(att[e][0]) <= b]
    return heads + sum(1 for r in rows if r["event"] in noheads and r["role"] == "educator")
check_cumulative("edu", educators, 100)
check_cumulative("resp", lambda a, b: len(within(a, b)), 1000)
# new-reach: first-timers and the others who answered are each a cell
# under min-n (10) unless none.
def few(n):
    return 0 < n < 10
check_cumulative("newr", lambda a, b: sum(1 for r in within(a, b) if r["ft"] == "1"), 200,
                 lambda a, b: not few(sum(1 for r in within(a, b) if r["ft"] == "1")) and
                 not few(sum(1 for r in within(a, b) if r["ft"] == "2")))

# Sites reached: sch1, sch2 (schools), dist, st; by trainings: dist only.
out("schools: value", prog["schools"]["value"], "0")
out("schools-b: value", prog["schools-b"]["value"], "2")
out("districts-trained: value", prog["districts-trained"]["value"], "1")
out("states: value", prog["states"]["value"], "1")

z = 1.959963984540054
def wilson(k, n):
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h

def check_mean(slug, vals, base=None, target=None):
    r = prog[slug]
    m = mean(vals)
    h = tq(0.975, len(vals) - 1) * math.sqrt(variance(vals) / len(vals))
    out(f"{slug}: value", r["value"], m)
    out(f"{slug}: lo", r["lo"], m - h)
    out(f"{slug}: hi", r["hi"], m + h)
    if base is not None:
        out(f"{slug}: baseline", r["baseline"], mean(base))
        out(f"{slug}: progress", r["progress"], (m - mean(base)) / (target - mean(base)) * 100, 1)

cur = within(S, today, {"fair-a"})
check_mean("bel", [r["bel"] for r in cur], [r["bel"] for r in within(bfrom, bto, {"fair-a", "base-fair"})], 80)
# Monthly points of bel: each month's mean at the middle of its days.
xs, ys = [], []
for lo, hi in months():
    v = [r["bel"] for r in within(lo, hi, {"fair-a"})]
    if len(v) >= 10:
        xs.append((lo.toordinal() + hi.toordinal()) / 2)
        ys.append(mean(v))
c, plo, phi = ols(xs, ys, due.toordinal())
out("bel: projection", prog["bel"]["projection"], c)
out("bel: projection_hi", prog["bel"]["projection_hi"], phi)
out("bel: status", prog["bel"]["status"], status(mean(r["bel"] for r in cur), 80, c, plo, phi))

allc = within(S, today)
k = sum(1 for r in allc if r["gender"] == "woman")
lo, hi = wilson(k, len(allc))
out("share: value", prog["share"]["value"], 100 * k / len(allc))
# Two or more events: the report's design (clusters); the centre is the same.

w = [r["bel"] for r in cur if r["gender"] == "woman"]
o = [r["bel"] for r in cur if r["gender"] != "woman"]
va, vb = variance(w) / len(w), variance(o) / len(o)
df = (va + vb) ** 2 / (va ** 2 / (len(w) - 1) + vb ** 2 / (len(o) - 1))
g = mean(w) - mean(o)
h = tq(0.975, df) * math.sqrt(va + vb)
out("gap-w: value", prog["gap-w"]["value"], abs(g))
out("gap-w: lo", prog["gap-w"]["lo"], g - h if g >= 0 else -(g + h))
out("gap-w: hi", prog["gap-w"]["hi"], g + h if g >= 0 else -(g - h))

ag = sum(1 for r in cur if r["item"] >= 4)
lo, hi = wilson(ag, len(cur))
out("agr: value", prog["agr"]["value"], 100 * ag / len(cur))
out("agr: lo", prog["agr"]["lo"], 100 * lo)
out("agr: hi", prog["agr"]["hi"], 100 * hi)

# The non-binary group (3) is under min-n: nothing of it, nor what it makes.
for col in ("value", "lo", "hi", "progress", "projection"):
    out(f"nonbin: {col} withheld", prog["nonbin"][col], "None")
out("nonbin: status", prog["nonbin"]["status"], "suppressed")
out("nonbin: suppressed flag", str(prog["nonbin"]["suppressed"]), "True")
PY
python3 "$T/check.py" "$T/progress.json" "$T/raw" "$TODAY" "$S" "$BFROM" "$BTO" "$DUE" \
	>"$T/checks" 2>"$T/check.err" || { cat "$T/check.err"; bail "check.py failed"; }
while IFS='|' read -r desc got want; do
	is "$got" "$want" "progress: $desc"
done <"$T/checks"

# The cluster design applies as in belong report: the same interval.
run report --from "$S" --to "$TODAY" --by gender --format csv
rep=$(grep '^woman,' "$T/out" | grep ',respondents,' | cut -d, -f5)
got=$(python3 -c 'import json,sys; r = {x["slug"]: x for x in json.load(open(sys.argv[1]))}["share"]; print("%.2f" % r["value"])' "$T/progress.json")
is "$got" "$rep" "group-share is report's share of the group"

# --- statuses: met, on track, at risk, off track ---------------------------
# From resp's projection: targets at the current value, between it and the
# projection's centre, between the centre and the interval's top, above it.
read -r cur c hi <<EOF
$(python3 -c 'import json,sys; r = {x["slug"]: x for x in json.load(open(sys.argv[1]))}["resp"]; print(r["value"], r["projection"], r["projection_hi"])' "$T/progress.json")
EOF
t_met=$cur
t_on=$(python3 -c "import math; print(math.floor(($cur + $c) / 2))")
t_risk=$(python3 -c "import math; print(math.floor(($c + $hi) / 2))")
t_off=$(python3 -c "import math; print(math.ceil($hi) + 10)")
diag "resp: value $cur, projection $c (up to $hi); targets $t_met $t_on $t_risk $t_off"
add st-met --indicator respondents --target "$t_met" --due "$DUE" $B
add st-on --indicator respondents --target "$t_on" --due "$DUE" $B
add st-risk --indicator respondents --target "$t_risk" --due "$DUE" $B
add st-off --indicator respondents --target "$t_off" --due "$DUE" $B
for s in met:met on:"on track" risk:"at risk" off:"off track"; do
	run commitment progress "st-${s%%:*}" --format csv
	is "$(tail -n 1 "$T/out" | cut -d, -f14)" "${s#*:}" "status ${s#*:}"
done

# A gap brought down: its target is met once the gap is at most the target.
add gap-met --indicator gap --group gender=woman --target 100 --due "$DUE" --events partner=Acme $B
run commitment progress gap-met --format csv
is "$(tail -n 1 "$T/out" | cut -d, -f14)" "met" "a gap at most its target is met"

# Not enough data: a commitment made today has no months yet.
run commitment progress schools --format csv
is "$(tail -n 1 "$T/out" | cut -d, -f14)" "not enough data" \
	"a commitment without a baseline started today: not enough data"

# --- attack: two commitments whose periods differ by a few people -----------
# Three women answer on day D alone.  Commitments atk-a1 and atk-a2 count
# women (atk-b1, atk-b2 their belonging) from D and from the day after:
# each figure alone is report's for its dates and passes min-n, but a1 - a2
# would be the three, and (b1 a1 - b2 a2) / 3 their mean.  The figures are decided
# together (disclosure_overlap.h): no two printed counts of one group may
# differ by 1 to 9, nor may a mean be printed whose n can be undone so.
D=$(sql "select ('$S'::date + interval '4 months 19 days')::date")
DP=$(sql "select '$D'::date + 1")
DM=$(sql "select '$D'::date - 1")
sql "create temp table three as select e.id as event_id, gen_random_uuid() as id, e.instrument_id
    from event e, generate_series(1, 3) where e.slug = 'fair-a';
insert into response (event_id, id, submitted_at, lang, instrument_id, belonging, role, gender)
select event_id, id, '$D'::date + interval '12 hours', 'en', instrument_id, 100, 'student', 'woman'
    from three;
insert into answer (event_id, response_id, item, value)
select event_id, id, it, 5 from three, unnest(array['belong', 'welcome', 'voice', 'future']) it" >/dev/null
# Older dates than the aggregates hold: rebuilt, as after an import.
"$BELONG" rollup --rebuild >/dev/null || bail "rollup --rebuild failed"
add atk-a1 --indicator respondents --group gender=woman --target 500 --due "$DUE" \
	--baseline-from "$BFROM" --baseline-to "$DM"
add atk-a2 --indicator respondents --group gender=woman --target 500 --due "$DUE" \
	--baseline-from "$BFROM" --baseline-to "$D"
add atk-b1 --indicator belonging --group gender=woman --target 90 --due "$DUE" \
	--baseline-from "$BFROM" --baseline-to "$DM"
add atk-b2 --indicator belonging --group gender=woman --target 90 --due "$DUE" \
	--baseline-from "$BFROM" --baseline-to "$D"
run commitment progress --format json
is "$rc" 0 "attack: progress runs"
cp "$T/out" "$T/attack.json"
# Each of the four alone, as report decides it, is printed.
for s in atk-a1 atk-a2 atk-b1 atk-b2; do
	run commitment progress "$s" --format csv
	! tail -n 1 "$T/out" | grep -q suppressed
	ok $? "attack: $s alone is printed"
done
# Every pair of printed figures of the same indicator and group (baseline
# or current, of any commitment): their difference is 0 or at least 10.
python3 - "$T/attack.json" >"$T/attack" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
figs = {}
for r in rows:
    if r["indicator"] != "respondents":
        continue
    for col in ("baseline", "value"):
        v = r[col]
        if v not in (None, "suppressed"):
            figs.setdefault(r["group"] or "", []).append((r["slug"] + ":" + col, float(v)))
bad = [f"{a[0]}-{b[0]}={a[1] - b[1]:g}" for g in figs.values() for a in g for b in g
       if 0 < a[1] - b[1] < 10]
print(" ".join(bad) if bad else "none")
PY
is "$(cat "$T/attack")" "none" "attack: no two printed counts of a group differ by 1-9"
python3 - "$T/attack.json" >"$T/attack" <<'PY'
import json, sys
r = {x["slug"]: x for x in json.load(open(sys.argv[1]))}
shown = lambda s, c: r[s][c] not in (None, "suppressed")
# The three's mean needs both counts and both means of one period.
for c in ("baseline", "value"):
    if all(shown(s, c) for s in ("atk-a1", "atk-a2", "atk-b1", "atk-b2")):
        print(c, "recoverable")
        break
else:
    print("none")
PY
is "$(cat "$T/attack")" "none" "attack: the three's mean cannot be undone"

# --- formats, close -------------------------------------------------------------
export COLUMNS=200
run commitment progress nonbin
unset COLUMNS
like "$(cat "$T/out")" "nonbin +belonging +gender=nonbinary .*suppressed" \
	"table: the suppressed group prints suppressed"
run commitment progress nonbin --format markdown
like "$(cat "$T/out")" "suppressed" "markdown: suppressed"
run commitment progress --format latex
is "$rc" 2 "progress refuses latex"
run commitment progress nothing-here
is "$rc" 1 "progress of an unknown commitment exits 1"
run commitment close att
is "$rc $(cat "$T/out")" "0 closed commitment att" "close"
run commitment progress --format csv
is "$(grep -c '^att,' "$T/out")" 0 "a closed commitment leaves progress"
run commitment close att
is "$rc $(cat "$T/out")" "0 commitment att was already closed" "close again"

done_testing
