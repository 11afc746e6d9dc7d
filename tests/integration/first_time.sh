#!/bin/bash
# "How many respondents were new": report's first_time row (pulse 2's
# optional yes / no / not sure question), from answers sent through
# belongd's API.  The figures against an independent computation (Wilson
# by hand; the cluster design's Korn-Graubard interval as R's svyciprop
# defines it, with scipy), a small yes count suppressed with its
# complement so the totals do not give it back, every output format, and
# pulse 1 events, which report without the row.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3	# with scipy (python3 on PATH may lack it)
start_pg
migrate
for e in a b c; do
	"$BELONG" event add --slug "fair-$e" --title "Fair $e" >/dev/null || bail "event add fair-$e"
done
is "$(sql "select string_agg(i.version::text, ',' order by e.slug) from event e join instrument i on i.id = e.instrument_id")" \
	"2,2,2" "the fairs ask pulse 2"
sql "insert into event (slug, title, instrument_id) select 'old-fair', 'Old fair', id from instrument
	where key = 'pulse' and version = 1" >/dev/null

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret"

# The fixture, one letter a response: y yes, n no, s not sure, - skipped.
# Worked out by hand: woman 30 respondents, 28 answered, 15 yes, 13 not;
# man 23, 22, 11, 11; nonbinary 10, 10, 2, 8 (a yes count under 10);
# everyone 63, 60, 28, 32; fair-a 20, 19, 12, 7; fair-c 13, 11, 5, 6.
# old-fair (pulse 1) has 10 respondents who were not asked.
cat >"$T/spec" <<'EOF'
fair-a woman yyyyyynns-
fair-a man yyyyyynnnn
fair-b woman yyyynnnsss
fair-b man yyyyynnnn-
fair-b nonbinary yynnnnnnnn
fair-c woman yyyyynnnn-
fair-c man nnn
EOF
# Every response as belongd's API takes it (a form token: HMAC-SHA-256
# of "2.EVENT.TIME.ID" with the secret), sent by one curl, in parallel.
sql "select slug || ' ' || id from event" >"$T/events"
python3 - "$T" "$BELONGD_URL" <<'PY'
import hmac, hashlib, sys, time, uuid
t, url = sys.argv[1], sys.argv[2]
secret = open(t + "/secret").read().strip().encode()
ids = dict(l.split() for l in open(t + "/events"))
rows = [l.split() for l in open(t + "/spec")] + [["old-fair", "woman", "-" * 10]]
code = {"y": "yes", "n": "no", "s": "not_sure"}
with open(t + "/curl.cfg", "w") as cfg:
    k = 0
    for ev, gender, answers in rows:
        for a in answers:
            rid = str(uuid.uuid4())
            msg = "2.%s.%d.%s" % (ids[ev], int(time.time()), rid)
            tok = msg + "." + hmac.new(secret, msg.encode(), hashlib.sha256).hexdigest()
            extra = ',"first_time":"%s"' % code[a] if a in code else ""
            k += 1
            open("%s/req.%d" % (t, k), "w").write(
                '{"id":"%s","token":"%s","lang":"en","answers":{"belong":4,"welcome":5,'
                '"voice":3,"future":4,"recommend":9%s},"about":{"gender":"%s"}}' % (rid, tok, extra, gender))
            cfg.write('%surl = "%s/api/v1/events/%s/responses"\nheader = "Content-Type: application/json"\n'
                      'data-binary = "@%s/req.%d"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n'
                      % ("next\n" if k > 1 else "", url, ev, t, k))
PY
is "$(curl -s --parallel --parallel-max 8 -K "$T/curl.cfg" 2>"$T/curl.err" | sort | uniq -c | awk '{print $2 "x" $1}')" "201x73" \
	"73 responses through the API: 201"
stop_belongd
is "$(sql "select count(*) filter (where value = 1) || ' ' || count(*) from answer where item = 'first_time'")" \
	"28 60" "stored: 28 yes of 60 answers"

# The expected figures from the spec alone, in one run: Wilson's
# interval, and under the cluster design (every event of the selection a
# cluster, those with no answer too) the linearization variance of the
# ratio and svyciprop(method = "beta"): n_eff = p (1 - p) / var, times
# (qt(.025, n - 1) / qt(.025, clusters - 1))^2, Clopper-Pearson bounds.
declare -A EXPECT
while read -r key val; do EXPECT[$key]=$val; done < <("$PY" - "$T/spec" <<'PY'
import sys
from math import sqrt
from scipy.stats import beta, norm, t
spec = [l.split() for l in open(sys.argv[1])]
def fig(design, who, events, extra):
    cells = {ev: [0, 0] for ev in extra}
    for ev, g, a in spec:
        if ev in events and who in ("all", g):
            c = cells.setdefault(ev, [0, 0])
            c[0] += sum(x in "yns" for x in a)
            c[1] += a.count("y")
    n = sum(c[0] for c in cells.values()); y = sum(c[1] for c in cells.values())
    p = y / n
    if design == "srs":
        z = norm.ppf(0.975)
        m = (p + z * z / (2 * n)) / (1 + z * z / n)
        h = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        lo, hi = m - h, m + h
    else:
        k = len(cells)
        var = k / (k - 1) * sum(((c[1] - p * c[0]) / n) ** 2 for c in cells.values())
        neff = p * (1 - p) / var * (t.ppf(0.025, n - 1) / t.ppf(0.025, k - 1)) ** 2
        lo = beta.ppf(0.025, neff * p, neff * (1 - p) + 1)
        hi = beta.ppf(0.975, neff * p + 1, neff * (1 - p))
    return "%d,%.2f,%.2f,%.2f,0" % (n, 100 * p, 100 * lo, 100 * hi)
fairs = ("fair-a", "fair-b", "fair-c")
# Every event, old-fair included: its respondents are a cluster of the
# design with no answer to first_time.
for who in ("all", "woman", "man"):
    print("cluster:" + who, fig("cluster", who, fairs, ["old-fair"]))
    print("srs:" + who, fig("srs", who, fairs, []))
print("srs:fair-a", fig("srs", "all", ("fair-a",), []))
PY
)
# row FILE GROUP: the first_time row of a CSV report: n to hi, suppressed.
row() { tr -d '\r' <"$1" | awk -F, -v g="$2" '$1 == g && $3 == "first_time" { print $4 "," $5 "," $6 "," $7 "," $11 }'; }
SUP=",,,,1"

"$BELONG" report --format csv >"$T/all.csv" 2>"$T/err"
ok $? "report: exit 0"
like "$(cat "$T/err")" 'design: cluster: 4 events' "...under the cluster design (the pulse 1 event a cluster too)"
is "$(row "$T/all.csv" all)" "${EXPECT[cluster:all]}" \
	"everyone: 60 answered, 46.67 % yes, the design's interval as svyciprop's"
"$BELONG" report --design srs --format csv >"$T/srs.csv"
is "$(row "$T/srs.csv" all)" "${EXPECT[srs:all]}" "--design srs: Wilson's interval"
"$BELONG" report --event fair-a --format csv >"$T/a.csv"
is "$(row "$T/a.csv" all)" "$SUP" "one event, 12 yes and 7 others of 19: the others under 10, suppressed"
like "$(tr -d '\r' <"$T/a.csv" | grep '^all,.*,respondents,')" '^all,Everyone,respondents,20,' "...the event's other rows shown"
"$BELONG" report --event fair-a --min-n 5 --format csv >"$T/a5.csv"
# Wilson by hand: p = 12/19 = 0.631579, z = 1.959964, z^2/n = 0.202182;
# centre (p + z^2/2n) / (1 + z^2/n) = 0.732670 / 1.202182 = 0.609451;
# half-width z sqrt(p(1 - p)/n + z^2/4n^2) / (1 + z^2/n)
# = 1.959964 x sqrt(0.012247 + 0.002660) / 1.202182 = 0.199056.
is "$(row "$T/a5.csv" all)" "19,63.16,41.04,80.85,0" "--min-n 5: shown, Wilson's interval as worked out by hand (srs: one event)"
is "${EXPECT[srs:fair-a]}" "19,63.16,41.04,80.85,0" "...and as scipy computes it"

# --- by group: suppression and its complement --------------------------------------
"$BELONG" report --by gender --format csv >"$T/g.csv"
is "$(row "$T/g.csv" woman)" "${EXPECT[cluster:woman]}" "woman: 28 answered, 15 yes, the design's interval"
is "$(row "$T/g.csv" nonbinary)" "$SUP" "nonbinary: 2 yes (under 10): suppressed"
is "$(row "$T/g.csv" man)" "$SUP" \
	"man: suppressed as the complement (the smallest other group)"
like "$(tr -d '\r' <"$T/g.csv" | awk -F, '$1 == "nonbinary" && $3 == "respondents"')" '^nonbinary,.*,respondents,10,' \
	"...while nonbinary's other rows are as before"
is "$(row "$T/g.csv" not_answered)" "$SUP" "a group with no answers: suppressed, as its other rows"
"$BELONG" report --by gender --design srs --format csv >"$T/gs.csv"
is "$(row "$T/gs.csv" woman)" "${EXPECT[srs:woman]}" "woman under srs: Wilson's interval"

# The attack: everything printed, put together, must not give the
# nonbinary yes count (2) or its other count (8) back.
"$BELONG" report --by gender --format json >"$T/g.json"
is "$(python3 - "$T/g.json" <<'PY'
import json, sys
rows = [r for r in json.load(open(sys.argv[1]))["rows"] if r["indicator"] == "first_time"]
tot = next(r for r in rows if r["group"] == "all")
yes = round(tot["n"] * tot["value"] / 100); other = tot["n"] - yes
shown = [r for r in rows if r["group"] != "all" and not r["suppressed"]]
hidden = [r["group"] for r in rows if r["group"] != "all" and r["suppressed"]]
ry = yes - sum(round(r["n"] * r["value"] / 100) for r in shown)
ro = other - sum(r["n"] - round(r["n"] * r["value"] / 100) for r in shown)
print(" ".join(sorted(hidden)), ry != 2 and ro != 8, ry, ro)
PY
)" "man nonbinary not_answered prefer_not self True 13 19" \
	"total minus the groups shown: 13 yes and 19 others, of man and nonbinary together, not nonbinary's 2 and 8"
"$BELONG" report --event fair-b --by gender --format csv >"$T/b.csv"
is "$(tr -d '\r' <"$T/b.csv" | awk -F, '$3 == "first_time" && $11 == 0 { print $1 }')" "" \
	"fair-b by gender: every group's yes or other count is under 10, so none is shown"
# The events are one line with everyone: fair-a's 7 others and fair-c's
# 5 yes are under 10; total minus fair-a and fair-b would give fair-c's
# yes count, so fair-b (11 yes, the smallest other) is hidden with it.
for e in fair-a fair-b fair-c; do "$BELONG" report --event "$e" --format csv >"$T/e-$e.csv"; done
is "$(for e in fair-a fair-b fair-c; do row "$T/e-$e.csv" all; done | tr '\n' ' ')" "$SUP $SUP $SUP " \
	"each fair alone: first_time suppressed in all three, so the total gives none of them away"
is "$(row "$T/e-fair-b.csv" all | cut -d, -f5)|$(tr -d '\r' <"$T/e-fair-b.csv" | awk -F, '$3 == "respondents" { print $4 }')" \
	"1|30" "...while fair-b's respondents (30) are shown"

# --- every format; the JSON's shape ---------------------------------------------------
"$BELONG" report --by gender >"$T/g.txt"
like "$(grep -E '^woman .*first_time' "$T/g.txt")" "^woman +Girl.* +first_time +28 +$(row "$T/g.csv" woman | cut -d, -f2)" \
	"table: the first_time row"
like "$(grep -E '^nonbinary .*first_time' "$T/g.txt")" 'first_time +suppressed +suppressed' "table: suppressed as the other rows"
for f in markdown latex; do
	"$BELONG" report --by gender --format "$f" >"$T/g.$f"
	ok $? "report --format $f"
	like "$(cat "$T/g.$f")" 'first.?.?time' "...has first_time"
	if grep -q "$(row "$T/g.csv" woman | cut -d, -f2)" "$T/g.$f"; then
		ok 0 "...with woman's share"
	else
		ok 1 "...with woman's share"
	fi
done
is "$(jq -r '[.rows[] | select(.indicator == "first_time") | .group] | join(",")' "$T/g.json")" \
	"all,woman,man,nonbinary,self,prefer_not,not_answered" "JSON: a first_time row for everyone and each group"
is "$(jq -r '.rows[] | select(.indicator == "first_time" and .group == "all") | keys_unsorted | join(",")' "$T/g.json")" \
	"$(jq -r '.rows[] | select(.indicator == "agree:belong" and .group == "all") | keys_unsorted | join(",")' "$T/g.json")" \
	"...with the keys of the other rows"
is "$(jq -r '[.items[].id] | join(",")' "$T/g.json")" "belong,welcome,voice,future,recommend" \
	"...and the items list as before"

# --- pulse 1 events: no row -----------------------------------------------------------
"$BELONG" report --event old-fair --format csv >"$T/old.csv"
ok $? "report of a pulse 1 event: exit 0"
like "$(cat "$T/old.csv")" ',respondents,10,' "...its respondents"
is "$(grep -c first_time "$T/old.csv")" 0 "...and no first_time row"
"$BELONG" report --event old-fair --format json | jq -e '.rows | map(select(.indicator == "first_time")) | length == 0' >/dev/null
ok $? "...in JSON either"
done_testing
