#!/usr/bin/env python3
"""Disclosure attacks on belong's report commands (tests/integration/disclosure.sh).

Sub-commands:

  fixture URL TRUTH SQL   make the seeded responses, send each through
                          belongd's JSON API at URL, write what was sent to
                          TRUTH (JSON) and the UPDATEs that move each to its
                          day to SQL.
  attack TRUTH DIR        run belong (BELONG, BELONG_DSN from the
                          environment) as a determined reader would: every
                          report, trend, reach, export and plot with every
                          dimension and filter; collect every published
                          number as a fact about a cell; subtract along
                          every line of linked cells until nothing new is
                          learned; print TAP lines (no plan) saying, per
                          dimension and attack class, whether a suppressed
                          cell was recovered, compared with TRUTH; and
                          whether the output's shape gives anything away.
  instrument FILE         write the "club" instrument (optional items).
  csvcheck FILE KIND DESC one TAP line: FILE, the CSV of report, trend or
                          reach (KIND), is machine-readable (class 5).

A suppressed cell counts as recovered when the attacker's value is the true
one: a cell under min-n (its respondents, or answers to an item), or a
complementary cell (min-n or more, suppressed by an output the class reads).
Only cells some report, trend or reach prints a row for are judged.

The attack classes (the issue's numbering):
  1  a filter (--role, --event, --from/--to) undoes complementary suppression
  2  trend periods against the totals of report
  3  reach (and plot reach) against report
  4  export responses with filters
  5  the shape of the output (checked directly, no subtraction)
"""

import csv
import json
import os
import random
import re
import subprocess
import sys
import urllib.error
import urllib.request
import uuid

MIN_N = 10

ABOUT = {
    "role": ["student", "educator", "family", "volunteer", "other"],
    "grade": ["k5", "g6_8", "g9_12", "college", "adult"],
    "gender": ["woman", "man", "nonbinary", "self"],
    "race": ["aian", "asian", "black", "hispanic", "mena", "nhpi", "white",
             "self"],
    "disability": ["yes", "no"],
    "firstgen": ["yes", "no", "unsure"],
    "language": ["en", "es", "other"],
}
ABOUT_DIMS = list(ABOUT)
PARTITION_DIMS = [d for d in ABOUT_DIMS if d != "race"]


def groups_of(dim):
    """Every group code of an about-you dimension, in the spec's order."""
    g = list(ABOUT[dim])
    if dim == "race":
        g.append("two_or_more")
    return g + ["prefer_not", "not_answered"]


# --- the fixture ---------------------------------------------------------------

# Events: slug, partner, instrument, days (responses spread over them), size.
# Acme has two events (the partner line of the event hierarchy); club-east
# uses the "club" instrument with optional items; popup-west is small, and
# fair-mid its complement.
EVENTS = [
    ("expo-north", "Acme", "pulse",
     ["2024-02-10", "2024-02-24", "2024-08-03", "2024-08-17"], 90),
    ("expo-south", "Acme", "pulse",
     ["2024-05-04", "2024-11-09", "2024-11-23"], 74),
    ("fair-mid", "Delta", "pulse", ["2024-03-16", "2024-10-19"], 20),
    ("club-east", "Beacon", "club",
     ["2024-01-20", "2024-04-13", "2024-07-13", "2024-10-12", "2024-12-07"],
     50),
    ("popup-west", "Cosmo", "pulse", ["2024-09-14"], 6),
]
N_TOTAL = sum(e[4] for e in EVENTS)

# Marginal counts per dimension (None: not answered).  Each list is shuffled
# on its own, so the cross cells are random but the margins are exact:
# groups of 1-9, a group of exactly 10 beside a single small one (the
# complement), prefer_not and not answered, and empty groups.
MARGINS = {
    "role": {"student": 150, "family": 40, "educator": 10, "other": 7,
             "prefer_not": 13, None: 20},
    "grade": {"k5": 5, "g6_8": 60, "g9_12": 90, "college": 10, "adult": 35,
              "prefer_not": 15, None: 25},
    "gender": {"woman": 100, "man": 95, "nonbinary": 4, "self": 2,
               "prefer_not": 14, None: 25},
    "disability": {"yes": 9, "no": 180, "prefer_not": 21, None: 30},
    "firstgen": {"yes": 60, "no": 120, "unsure": 10, "prefer_not": 8,
                 None: 42},
    "language": {"en": 170, "es": 50, "other": 6, "prefer_not": 4, None: 10},
}
# Race lists and how many chose each (two_or_more: 8 + 4 = 12).
RACE_LISTS = [
    (["white"], 80), (["hispanic"], 60), (["black"], 30), (["asian"], 20),
    (["asian", "white"], 8), (["black", "hispanic"], 4), (["aian"], 3),
    (["nhpi"], 1), (["self"], 2), (["prefer_not"], 12), (None, 20),
]

CLUB_INSTRUMENT = {
    "key": "club",
    "version": 1,
    "languages": ["en", "es"],
    "title": {"en": "Club night", "es": "Noche del club"},
    "items": [
        {"id": "belong", "type": "likert5", "construct": "belonging",
         "required": True,
         "text": {"en": "I felt like I belonged here.",
                  "es": "Sentí que pertenecía aquí."}},
        {"id": "safe", "type": "likert5", "construct": "include",
         "required": False,
         "text": {"en": "I felt safe to make mistakes.",
                  "es": "Me sentí con confianza para equivocarme."}},
        {"id": "mentor", "type": "likert5", "construct": "engage",
         "required": False,
         "text": {"en": "A mentor helped me.",
                  "es": "Un mentor o una mentora me ayudó."}},
        {"id": "rate", "type": "scale0_10", "construct": "celebrate",
         "required": False,
         "text": {"en": "How would you rate the club?",
                  "es": "¿Qué nota le das al club?"}},
        {"id": "change", "type": "text", "required": False,
         "max_length": 500,
         "text": {"en": "One thing we should change?",
                  "es": "¿Una cosa que deberíamos cambiar?"}},
    ],
    "about": ABOUT_DIMS,
}

# Comments with contact details that exports and quotes must scrub.
COMMENTS = [
    "More robots please",
    "write to me at kid.name@example.org about it",
    "call 555-123-4567 after school",
    "see https://example.net/my-page for my project",
    "Longer breaks",
]


def make_responses(seed=20240):
    rnd = random.Random(seed)
    n = N_TOTAL
    cols = {}
    for dim, m in MARGINS.items():
        vals = [v for v, k in m.items() for _ in range(k)]
        assert len(vals) == n, (dim, len(vals), n)
        rnd.shuffle(vals)
        cols[dim] = vals
    races = [r for r, k in RACE_LISTS for _ in range(k)]
    assert len(races) == n, len(races)
    rnd.shuffle(races)
    out = []
    i = 0
    for slug, partner, instr, days, size in EVENTS:
        for j in range(size):
            r = {"event": slug, "partner": partner, "instrument": instr,
                 "date": days[j % len(days)], "answers": {}}
            for dim in MARGINS:
                r[dim] = cols[dim][i]
            r["race"] = races[i]
            base = rnd.choice([2, 3, 4, 4, 5])
            def lik():
                return max(1, min(5, base + rnd.choice([-1, 0, 0, 1])))
            if instr == "pulse":
                for it in ("belong", "welcome", "voice", "future"):
                    r["answers"][it] = lik()
                r["answers"]["recommend"] = rnd.randint(0, 10)
            else:
                r["answers"]["belong"] = lik()
                if rnd.random() < 0.7:
                    r["answers"]["safe"] = lik()
                if rnd.random() < 0.5:
                    r["answers"]["mentor"] = lik()
                if rnd.random() < 0.8:
                    r["answers"]["rate"] = rnd.randint(0, 10)
            if j % 9 == 0:
                r["change"] = COMMENTS[(i // 9) % len(COMMENTS)]
            out.append(r)
            i += 1
    return out


def http_json(url, body=None):
    data = None
    headers = {}
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as f:
            return f.status, json.loads(f.read().decode())
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def cmd_fixture(url, truth_path, sql_path):
    rs = make_responses()
    for r in rs:
        # Each form comes with a fresh response id and a token for it.
        st, ev = http_json("%s/api/v1/events/%s" % (url, r["event"]))
        if st != 200:
            sys.exit("GET event %s: %s %s" % (r["event"], st, ev))
        r["id"] = ev.get("id") or str(uuid.uuid4())
        about = {}
        for dim in MARGINS:
            if r[dim] is not None:
                about[dim] = r[dim]
        if r["race"] is not None:
            about["race"] = r["race"]
        answers = dict(r["answers"])
        body = {"id": r["id"], "token": ev["token"], "lang": "en",
                "answers": answers, "about": about}
        if "change" in r:
            answers["change"] = r["change"]
            body["quote_ok"] = True
        st, ans = http_json("%s/api/v1/events/%s/responses" % (url, r["event"]),
                            body)
        if st != 201:
            sys.exit("submission refused: %s %s" % (st, ans))
    with open(truth_path, "w") as f:
        json.dump(rs, f)
    with open(sql_path, "w") as f:
        for r in rs:
            f.write("update response set submitted_at = '%s 12:00' "
                    "where id = '%s';\n" % (r["date"], r["id"]))


# --- cells and the truth ---------------------------------------------------------
#
# A cell is a frozenset of (attribute, value): "event" (a frozenset of
# slugs), "period" (first and last day), or an about-you dimension and one
# of its groups ("__known__": everyone who answered with a code).  The
# empty cell is everyone.  A fact is a cell, a measure and its value:
#   n          respondents (every instrument here requires "belong", so it
#              is also the belonging row's n)
#   ans:ITEM   answers to the item
#   agree:ITEM answers of 4 or 5 (agree rate x answers)
#   net:ITEM   promoters minus detractors (NPS x answers)

LIKERT = ["belong", "welcome", "voice", "future", "safe", "mentor"]
SCALE = ["recommend", "rate"]
ITEMS = LIKERT + SCALE
MEASURES = (["n"] + ["ans:" + i for i in ITEMS] + ["agree:" + i for i in LIKERT]
            + ["net:" + i for i in SCALE])
QUARTERS = [("2024-01-01", "2024-03-31"), ("2024-04-01", "2024-06-30"),
            ("2024-07-01", "2024-09-30"), ("2024-10-01", "2024-12-31")]
MONTH_END = {"01": "31", "02": "29", "03": "31", "04": "30", "05": "31",
             "06": "30", "07": "31", "08": "31", "09": "30", "10": "31",
             "11": "30", "12": "31"}
PARTNERS = {}
for _slug, _partner, *_rest in EVENTS:
    PARTNERS.setdefault(_partner, set()).add(_slug)
PARTNERS = {p: frozenset(s) for p, s in PARTNERS.items()}
ALL_EVENTS = [e[0] for e in EVENTS]


def base_of(m):
    return "n" if m == "n" else "ans:" + m.split(":", 1)[1]


def cell(*pairs):
    return frozenset(pairs)


def kget(k, a):
    for x, v in k:
        if x == a:
            return v
    return None


def kdel(k, a):
    return frozenset((x, v) for x, v in k if x != a)


def kset(k, a, v):
    return kdel(k, a) | {(a, v)}


def kfmt(k):
    if not k:
        return "everyone"
    out = []
    for a, v in sorted(k, key=lambda p: p[0]):
        if a == "event":
            v = "+".join(sorted(v))
        elif a == "period":
            v = "%s..%s" % v
        out.append("%s=%s" % (a, v))
    return ",".join(out)


def period_of(start, interval):
    """The (first, last) day of the period that starts on start."""
    if interval == "quarter":
        for q in QUARTERS:
            if q[0] == start:
                return q
        raise ValueError(start)
    y, m, _ = start.split("-")
    return (start, "%s-%s-%s" % (y, m, MONTH_END[m]))


def in_group(r, dim, g):
    v = r.get(dim)
    if dim == "race":
        if g == "not_answered":
            return v is None
        if g == "prefer_not":
            return v == ["prefer_not"]
        if g == "two_or_more":
            return v is not None and len(v) >= 2
        if g == "__known__":
            return v is not None and v != ["prefer_not"]
        return v is not None and g in v
    if g == "not_answered":
        return v is None
    if g == "__known__":
        return v is not None and v != "prefer_not"
    return v == g


class Truth:
    def __init__(self, rs):
        self.rs = rs
        self.cache = {}

    def rows(self, k):
        out = []
        for r in self.rs:
            ok = True
            for a, v in k:
                if a == "event":
                    ok = r["event"] in v
                elif a == "period":
                    ok = v[0] <= r["date"] <= v[1]
                else:
                    ok = in_group(r, a, v)
                if not ok:
                    break
            if ok:
                out.append(r)
        return out

    def get(self, k, m):
        if k not in self.cache:
            rows = self.rows(k)
            t = {"n": len(rows)}
            for i in ITEMS:
                a = [r["answers"][i] for r in rows if i in r["answers"]]
                t["ans:" + i] = len(a)
                if i in LIKERT:
                    t["agree:" + i] = sum(1 for x in a if x >= 4)
                else:
                    t["net:" + i] = (sum(1 for x in a if x >= 9)
                                     - sum(1 for x in a if x <= 6))
            self.cache[k] = t
        return self.cache[k][m]


# --- running belong ----------------------------------------------------------------

class Runner:
    """Runs belong.  The reader's commands do not depend on each other's
    output, so they are first listed (plan), then run two at a time
    (prefetch), then read in order."""

    def __init__(self, belong, jobs):
        self.belong = belong
        self.jobs = jobs
        self.errors = []
        self.plan = None
        self.cache = {}

    def _exec(self, args):
        p = subprocess.run([self.belong] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=600)
        return (p.returncode, p.stdout.decode("utf-8", "replace"),
                p.stderr.decode("utf-8", "replace"))

    def prefetch(self, keys):
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            for k, res in zip(keys, pool.map(self._exec, keys)):
                self.cache[k] = res

    def run(self, args, want_rc=0):
        key = tuple(args)
        if self.plan is not None and args[0] not in ("event", "instrument"):
            self.plan.append(key)
            return 1, "", ""
        rc, out, err = self.cache.pop(key, None) or self._exec(key)
        if want_rc is not None and rc != want_rc:
            self.errors.append("belong %s: exit %d: %s" % (
                " ".join(args), rc, err.strip()[:300]))
        return rc, out, err


def count_of(value, n, decimals, scale):
    """The integers c with c / n x scale rounding to value: the one, or None."""
    if value is None or n is None or n <= 0:
        return None
    half = 0.5 * 10 ** -decimals + 1e-9
    lo = (value - half) * n / scale
    hi = (value + half) * n / scale
    cands = [c for c in range(int(lo) - 1, int(hi) + 2)
             if lo <= c <= hi]
    return cands[0] if len(cands) == 1 else None


def total_of(n, share, decimals=4):
    """The integers t with n / t rounding to share: the one, or None."""
    if not n or not share:
        return None
    half = 0.5 * 10 ** -decimals + 1e-9
    hi = n / max(share - half, 1e-12)
    lo = n / (share + half)
    cands = [t for t in range(int(lo) - 1, int(hi) + 2) if lo <= t <= hi]
    return cands[0] if len(cands) == 1 else None


# --- what the reader collects ---------------------------------------------------------

class Collector:
    """Every published number as a fact about a cell, tagged with the class
    of output it came from; every suppressed cell; every shape problem."""

    def __init__(self):
        self.facts = []          # (source, cell, measure, value, command)
        self.sightings = []      # export counts that may be partial
        self.suppressed = {}     # (cell, measure) -> {source: command}
        self.shape = {}          # class -> [problem]
        self.item_events = {}    # item -> set of events that ask it
        self.labels = {}         # (dim, label) -> group
        self.reports = {}        # (selection args, by) -> parsed JSON
        self.shown = set()       # every cell some output has a row for

    def fact(self, src, k, m, v, cmd):
        if src != "export":
            self.shown.add(k)
        if v is None:
            return
        self.facts.append((src, k, m, int(v), cmd))

    def zero(self, src, k, cmd, measures=MEASURES):
        for m in measures:
            self.facts.append((src, k, m, 0, cmd + " (group not listed)"))

    def supp(self, k, measures, cmd, src):
        self.shown.add(k)
        for m in measures:
            self.suppressed.setdefault((k, m), {}).setdefault(src, cmd)

    def problem(self, cls, text):
        self.shape.setdefault(cls, []).append(text)


def row_measures(indicator):
    """The measures a report or trend row gives: (for n, for value)."""
    if indicator in ("respondents", "belonging", "gap", "n"):
        return "n", None
    kind, item = indicator.split(":", 1)
    return "ans:" + item, ("agree:" if kind == "agree" else "net:") + item


def group_cell(sel, by, g):
    if g == "all" or by is None:
        return sel
    if by == "event":
        return kset(sel, "event", frozenset([g]))
    if by == "partner":
        return kset(sel, "event", PARTNERS.get(g, frozenset(["?" + g])))
    return kset(sel, by, g)


NUMERIC = ("n", "value", "lo", "hi", "d", "share", "share_known", "ratio")


def check_suppressed_row(col, cls, cmd, row):
    if row.get("suppressed"):
        bad = [c for c in NUMERIC if row.get(c) is not None]
        if bad:
            col.problem(cls, "%s: suppressed row %s %s has numbers in %s" % (
                cmd, row.get("group"), row.get("indicator", row.get("period", "")),
                ",".join(bad)))


def parse_report(col, cmd, sel, by, d, err, src):
    """One report --format json."""
    if d.get("suppressed") is True:
        col.supp(sel, MEASURES, cmd, src)
    rows = d.get("rows", [])
    if not rows and "no responses match" in err:
        col.zero(src, sel, cmd)
    items = [it["id"] for it in d.get("items", [])]
    types = {it["id"]: it["type"] for it in d.get("items", [])}
    want = {"respondents", "belonging"}
    for i in items:
        if types[i] == "likert5":
            want.add("agree:" + i)
        elif types[i] == "scale0_10":
            want.add("nps:" + i)
    have = {}
    for r in rows:
        g = r["group"]
        if r["indicator"] == "response_rate":
            # An event's rate counts its respondents; the rates over
            # several events are attacked by response_rate.sh.
            check_suppressed_row(col, 5, cmd, r)
            if by == "event" and g != "all":
                col.fact(src, group_cell(sel, by, g), "n", r.get("n"), cmd)
            continue
        if r["indicator"] == "first_time":
            # Pulse 2's first_time (no answers in this fixture): its
            # counts are attacked by first_time.sh.
            check_suppressed_row(col, 5, cmd, r)
            continue
        if by is not None and g != "all" and r.get("label"):
            col.labels[(by, r["label"])] = g
        k = group_cell(sel, by, g)
        have.setdefault(g, set()).add(r["indicator"])
        m_n, m_v = row_measures(r["indicator"])
        check_suppressed_row(col, 5, cmd, r)
        # A gap is suppressed for "everyone else" too: not the group's cell.
        if r.get("suppressed") and r["indicator"] != "gap":
            col.supp(k, [m_n] + ([m_v] if m_v else []), cmd, src)
        n = r.get("n")
        col.fact(src, k, m_n, n, cmd)
        if m_v is not None:
            col.fact(src, k, m_v, count_of(r.get("value"), n, 2, 100), cmd)
    # Class 5: the same indicator rows for every group, whatever its n.
    for g, inds in have.items():
        w = set(want)
        if g != "all" and by is not None:
            w.add("gap")
        if inds != w:
            col.problem(5, "%s: group %s lacks rows %s%s" % (
                cmd, g, ",".join(sorted(w - inds)) or "-",
                "; has rows " + ",".join(sorted(inds - w)) if inds - w else ""))
    listed = [g for g in have if g != "all"]
    if by in ABOUT and rows:
        if listed != groups_of(by):
            col.problem(5, "%s: groups listed %s, not every code %s" % (
                cmd, " ".join(listed), " ".join(groups_of(by))))
        for g in groups_of(by):
            if g not in have:
                col.zero(src, group_cell(sel, by, g), cmd)
    if by == "event" and rows:
        for e in ALL_EVENTS:
            if e not in have:
                col.zero(src, group_cell(sel, by, e), cmd)
    if by == "partner" and rows:
        for p in PARTNERS:
            if p not in have:
                col.zero(src, group_cell(sel, by, p), cmd)
    return listed


def parse_trend(col, cmd, sel, by, interval, d):
    src = "trend"
    ind = d.get("indicator") or "belonging"
    m_n, m_v = row_measures(ind)
    rows = d.get("rows", [])
    everyone = [r["period"] for r in rows
                if r["group"] == "all" and r["period"] != "slope"]
    per_group = {}
    for r in rows:
        check_suppressed_row(col, 5, cmd, r)
        g = r["group"]
        per_group.setdefault(g, []).append(r)
        if r["period"] == "slope":
            continue
        k = group_cell(sel, by, g)
        k = kset(k, "period", period_of(r["period"], interval))
        if r.get("suppressed"):
            col.supp(k, [m_n] + ([m_v] if m_v else []), cmd, src)
        n = r.get("n")
        col.fact(src, k, m_n, n, cmd)
        if ind == "n":
            col.fact(src, k, "n", r.get("value"), cmd)
        elif m_v is not None:
            col.fact(src, k, m_v, count_of(r.get("value"), n, 2, 100), cmd)
    # Periods not listed for a group are empty: what an old reader uses
    # (for an item, of answers to it).
    zm = MEASURES if m_v is None else [m_n, m_v]
    for g, rs in per_group.items():
        if g == "all":
            continue
        shown = {r["period"] for r in rs}
        for p in everyone:
            if p not in shown:
                col.zero(src, kset(group_cell(sel, by, g), "period",
                                   period_of(p, interval)), cmd, zm)
        if [r["period"] for r in rs if r["period"] != "slope"] != everyone:
            col.problem(2, "%s: group %s lists periods %s, not Everyone's %s" % (
                cmd, g, " ".join(r["period"] for r in rs if r["period"] != "slope"),
                " ".join(everyone)))
    if by in ABOUT and rows:
        for g in groups_of(by):
            if g not in per_group:
                col.zero(src, group_cell(sel, by, g), cmd, zm)
        listed = [g for g in per_group if g != "all"]
        if listed != groups_of(by):
            col.problem(5, "%s: groups listed %s, not every code %s" % (
                cmd, " ".join(listed), " ".join(groups_of(by))))
    return everyone, per_group


def parse_reach(col, cmd, sel, by, d):
    src = "reach"
    rows = d.get("rows", [])
    total = None
    known = None
    for r in rows:
        if r["group"] == "all":
            total = r.get("n")
    # The denominator of share_known, from the clearest shown group.
    if by in PARTITION_DIMS:
        best = None
        for r in rows:
            if r["group"] != "all" and r.get("n") and r.get("share_known"):
                if best is None or r["share_known"] > best["share_known"]:
                    best = r
        if best is not None:
            known = total_of(best["n"], best["share_known"])
            col.fact(src, kset(sel, by, "__known__"), "n", known, cmd)
    listed = []
    for r in rows:
        g = r["group"]
        check_suppressed_row(col, 5, cmd, r)
        if g == "all":
            col.fact(src, sel, "n", r.get("n"), cmd)
            continue
        listed.append(g)
        if by is not None and r.get("label"):
            col.labels[(by, r["label"])] = g
        k = group_cell(sel, by, g)
        if r.get("suppressed"):
            col.supp(k, ["n"], cmd, src)
        n = r.get("n")
        if n is None and r.get("share") is not None and total:
            n = count_of(r["share"], total, 4, 1)
        if n is None and r.get("share_known") is not None and known:
            n = count_of(r["share_known"], known, 4, 1)
        col.fact(src, k, "n", n, cmd)
    if by in ABOUT and rows:
        for g in groups_of(by):
            if g not in listed:
                col.zero(src, group_cell(sel, by, g), cmd)
    return rows


SVG_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def svg_texts(svg):
    out = []
    for t in SVG_TEXT.findall(svg):
        t = re.sub(r"<[^>]*>", "", t)
        t = (t.replace("&lt;", "<").replace("&gt;", ">")
             .replace("&quot;", '"').replace("&amp;", "&"))
        out.append(t.strip())
    return out


def parse_svg(col, cmd, sel, by, svg, src):
    """The n beside each group's label, and the footnote."""
    texts = svg_texts(svg)
    for i, t in enumerate(texts):
        m = re.match(r"^\(n = (\d+)\)$", t)
        if m and i > 0:
            g = col.labels.get((by, texts[i - 1]))
            if g is not None:
                col.fact(src, group_cell(sel, by, g), "n", int(m.group(1)), cmd)
        m = re.search(r"\bn = (\d+)\.", t)
        if m and t.startswith("Source:"):
            col.fact(src, sel, "n", int(m.group(1)), cmd)
    joined = " ".join(texts)
    m = re.search(r"suppressed here: (.*?\.)(\s|$)", joined)
    rest = m.group(1) if m else ""
    for label in sorted((lab for (d, lab) in col.labels if d == by),
                        key=len, reverse=True):
        rest = rest.replace(label, "")
    if m and re.search(r"\d", rest):
        col.problem(2 if src == "trend" else 3,
                    "%s: the footnote gives numbers for suppressed groups: %s"
                    % (cmd, m.group(1)))


def parse_export(col, cmd, sel, rows):
    """Rows of export responses --format json, counted per value."""
    src = "export"
    groups = {}

    def add(k, r, exact):
        e = groups.setdefault(k, [0, exact, []])
        e[0] += 1
        e[1] = e[1] and exact
        e[2].append(r)

    # A dimension's counts are exact only when no row hides its value.
    hidden = set()
    for r in rows:
        d = r.get("demographics")
        for dim in ABOUT_DIMS:
            if d == "withheld" or (d == "coarsened" and dim not in ("role", "grade")):
                hidden.add(dim)
            elif d not in ("full", "coarsened", "withheld"):
                hidden.add(dim)
    for r in rows:
        add(sel, r, True)
        add(kset(sel, "event", frozenset([r["event"]])), r, True)
        # (the day column gives any date window: see selections())
        for dim in PARTITION_DIMS:
            v = r.get(dim)
            add(kset(sel, dim, v or "not_answered"), r, dim not in hidden)
        codes = [c for c in ABOUT["race"] if r.get("race_" + c) in (1, "1")]
        for c in codes:
            add(kset(sel, "race", c), r, "race" not in hidden)
        if len(codes) >= 2:
            add(kset(sel, "race", "two_or_more"), r, "race" not in hidden)
    for k, (n, exact, rs) in groups.items():
        vals = {"n": n}
        for i in ITEMS:
            a = [x[i] for x in rs if x.get(i) is not None]
            vals["ans:" + i] = len(a)
            if i in LIKERT:
                vals["agree:" + i] = sum(1 for x in a if x >= 4)
            else:
                vals["net:" + i] = (sum(1 for x in a if x >= 9)
                                    - sum(1 for x in a if x <= 6))
        for m, v in vals.items():
            col.sightings.append((k, m, v, vals, cmd))
            if exact:
                col.fact(src, k, m, v, cmd)


# --- the subtraction attacker ---------------------------------------------------------

class Lines:
    """Every line of linked cells a key takes part in: (parent, children,
    what), the parent being the sum of the children for every measure."""

    def __init__(self, quarters, months, known_cells):
        self.known_cells = known_cells
        self.quarters = quarters
        self.months = months
        self.cache = {}

    def of(self, k):
        if k in self.cache:
            return self.cache[k]
        out = []
        # The groups of a dimension that partitions (not race) and their total.
        for dim in PARTITION_DIMS:
            g = kget(k, dim)
            parent = kdel(k, dim) if g is not None else k
            out.append((parent, [kset(parent, dim, c) for c in groups_of(dim)],
                        dim + " groups"))
            # Those who answered with a code, for reach's share_known.
            if kset(parent, dim, "__known__") not in self.known_cells:
                continue
            out.append((kset(parent, dim, "__known__"),
                        [kset(parent, dim, c) for c in ABOUT[dim]],
                        dim + " codes"))
            out.append((parent, [kset(parent, dim, c) for c in
                                 ("__known__", "prefer_not", "not_answered")],
                        dim + " known"))
        # Events, partners and everyone.
        ev = kget(k, "event")
        base = kdel(k, "event")
        out.append((base, [kset(base, "event", frozenset([e]))
                           for e in ALL_EVENTS], "events"))
        out.append((base, [kset(base, "event", s) for s in PARTNERS.values()],
                    "partners"))
        for p, s in PARTNERS.items():
            if ev is not None and ev <= s and len(s) > 1:
                out.append((kset(base, "event", s),
                            [kset(base, "event", frozenset([e])) for e in sorted(s)],
                            "events of partner " + p))
        # Periods: quarters and their total, months and their quarter.
        per = kget(k, "period")
        base = kdel(k, "period")
        out.append((base, [kset(base, "period", q) for q in self.quarters],
                    "quarters"))
        out.append((base, [kset(base, "period", m) for m in self.months],
                    "months"))
        # Not the months of a quarter: trends at two intervals of the same
        # data are a residual risk belong(1) documents (PRIVACY: publish
        # one interval), as dates are not groups.
        self.cache[k] = out
        return out


def attack(facts, lines, item_events):
    """Subtract along every line with one unknown until nothing is new.
    Returns {(cell, measure): (value, roots)} where roots are the commands
    the value came from."""
    known = {}
    for _src, k, m, v, cmd in facts:
        if (k, m) not in known:
            known[(k, m)] = (v, frozenset([cmd]))

    def get(k, m):
        x = known.get((k, m))
        if x is not None:
            return x
        if m != "n":
            ev = kget(k, "event")
            item = m.split(":", 1)[1]
            if ev is not None and not (ev & item_events.get(item, set())):
                return (0, frozenset(["the items of each event"]))
        return None

    work = list(known)
    while work:
        k, m = work.pop()
        for parent, children, what in lines.of(k):
            if True:
                vals = [get(parent, m)] + [get(c, m) for c in children]
                unknown = [i for i, x in enumerate(vals) if x is None]
                if len(unknown) != 1:
                    continue
                i = unknown[0]
                roots = frozenset()
                for x in vals:
                    if x is not None:
                        roots |= x[1]
                if i == 0:
                    v = sum(x[0] for x in vals[1:])
                    target = parent
                else:
                    v = vals[0][0] - sum(x[0] for j, x in enumerate(vals)
                                         if j not in (0, i))
                    target = children[i - 1]
                known[(target, m)] = (v, roots | {"line: " + what})
                work.append((target, m))
    return known


# --- the attacks -------------------------------------------------------------------------

def selections():
    """Every selection the reader tries: (belong arguments, cell)."""
    out = [([], cell())]
    for r in groups_of("role"):
        out.append((["--role", r], cell(("role", r))))
    for e in ALL_EVENTS:
        out.append((["--event", e], cell(("event", frozenset([e])))))
    out.append((["--role", "student", "--event", "club-east"],
                cell(("role", "student"), ("event", frozenset(["club-east"])))))
    # Not --from/--to windows: dates are not groups (the issue names
    # --role and --event); windows published beside each other or beside
    # trend's periods are the residual risk belong(1) documents.
    return out


def dims_for(args):
    ds = list(ABOUT_DIMS)
    if "--role" in args:
        ds.remove("role")
    if "--event" not in args:
        ds += ["event"]
        if "--from" not in args:
            ds += ["partner"]
    return ds


def parse_json(runner, cmd, out):
    if runner.plan is not None:
        return {}
    try:
        return json.loads(out)
    except ValueError:
        runner.errors.append("%s: not JSON: %r" % (cmd, out[:200]))
        return {}


def collect(runner, col, tmp):
    # Which event asks which item: public, from the events' instruments.
    rc, out, err = runner.run(["event", "list", "--format", "json"])
    for ev in parse_json(runner, "belong event list", out) or []:
        key, _, version = ev["instrument"].partition("@")
        rc, out, err = runner.run(["instrument", "show", key, "--version", version])
        for it in parse_json(runner, "belong instrument show " + key, out).get("items", []):
            col.item_events.setdefault(it["id"], set()).add(ev["slug"])
    # Class 1 (and the base of 2-4): report, without and with every filter.
    unfiltered_groups = {}
    for args, sel in selections():
        for by in [None] + dims_for(args):
            a = ["report"] + args + (["--by", by] if by else []) + ["--format", "json"]
            cmd = "belong " + " ".join(a[:-2])
            rc, out, err = runner.run(a)
            d = parse_json(runner, cmd, out)
            if not d:
                continue
            col.reports[(tuple(args), by)] = d
            listed = parse_report(col, cmd, sel, by, d, err,
                                  "report" if args else "report0")
            if not args and by in ("event", "partner"):
                unfiltered_groups[by] = listed
            # Class 5: with --role, --by event lists what it lists without.
            if args[:1] == ["--role"] and len(args) == 2 and by in ("event", "partner") \
                    and d.get("rows") and listed != unfiltered_groups.get(by):
                col.problem(5, "%s: groups %s, not those without --role %s" % (
                    cmd, " ".join(listed), " ".join(unfiltered_groups.get(by, []))))
    # Class 2: trend by quarter and month, by every dimension; the agree
    # rate of optional items; plot trend.
    periods = {}
    for interval in ("quarter", "month"):
        for by in [None] + ABOUT_DIMS + ["event", "partner"]:
            # belonging's n is the respondents' (every instrument requires
            # "belong"); an optional item's answers by quarter.
            for ind in ["belonging"] + (["agree:safe"] if interval == "quarter" else []) + \
                    (["nps:rate"] if interval == "quarter" and by is None else []):
                a = ["trend", "--interval", interval, "--indicator", ind] + \
                    (["--by", by] if by else []) + ["--format", "json"]
                cmd = "belong " + " ".join(a[:-2])
                rc, out, err = runner.run(a)
                d = parse_json(runner, cmd, out)
                if not d:
                    continue
                everyone, per_group = parse_trend(col, cmd, cell(), by, interval, d)
                if by is None and ind == "belonging":
                    periods[interval] = [period_of(p, interval) for p in everyone]
                if ind != "belonging" or by is None:
                    continue
                # The slope row: the report's n for the group, suppressed
                # when the report suppresses the group.
                rep = col.reports.get(((), by))
                if not rep:
                    continue
                rn = {r["group"]: r for r in rep.get("rows", [])
                      if r["indicator"] == "respondents"}
                for g, rs in per_group.items():
                    slope = [r for r in rs if r["period"] == "slope"]
                    if g == "all" or g not in rn:
                        continue
                    if not slope:
                        col.problem(2, "%s: no slope row for %s" % (cmd, g))
                        continue
                    s, r = slope[0], rn[g]
                    if bool(s.get("suppressed")) != bool(r.get("suppressed")) or \
                            s.get("n") != r.get("n"):
                        col.problem(2, "%s: slope of %s has n %s%s, the report %s%s" % (
                            cmd, g, s.get("n"), " (suppressed)" if s.get("suppressed") else "",
                            r.get("n"), " (suppressed)" if r.get("suppressed") else ""))
    for by in ABOUT_DIMS + ["event"]:
        a = ["plot", "trend", "--interval", "quarter", "--by", by,
             "--out", os.path.join(tmp, "trend-%s.svg" % by)]
        cmd = "belong " + " ".join(a[:6])
        rc, out, err = runner.run(a)
        if rc == 0:
            with open(a[-1], encoding="utf-8", errors="replace") as f:
                parse_svg(col, cmd, cell(), by, f.read(), "trend")
    # Class 3: reach by every dimension (a benchmark with groups nobody
    # came from), unfiltered and for one event; plot reach.
    for args, sel in [([], cell()), (["--event", "club-east"],
                                     cell(("event", frozenset(["club-east"]))))]:
        for by in dims_for(args):
            a = ["reach", "--region", "metro"] + args + ["--by", by, "--format", "json"]
            cmd = "belong " + " ".join(a[:-2])
            rc, out, err = runner.run(a)
            d = parse_json(runner, cmd, out)
            if not d:
                continue
            rows = parse_reach(col, cmd, sel, by, d)
            rep = col.reports.get((tuple(args), by))
            if rep and rows:
                rs = {r["group"] for r in rep.get("rows", [])
                      if r["indicator"] == "respondents" and r.get("suppressed")}
                hs = {r["group"] for r in rows if r.get("suppressed")}
                gs = [r["group"] for r in rows if r["group"] != "all"]
                rg = [r["group"] for r in rep.get("rows", [])
                      if r["indicator"] == "respondents" and r["group"] != "all"]
                if rs != hs or gs != rg:
                    col.problem(3, "%s: suppresses %s, report %s--by %s suppresses %s%s" % (
                        cmd, " ".join(sorted(hs)) or "nothing",
                        " ".join(args + [""]), by,
                        " ".join(sorted(rs)) or "nothing",
                        "" if gs == rg else "; groups %s vs %s" % (" ".join(gs), " ".join(rg))))
    for by in ABOUT_DIMS:
        a = ["plot", "reach", "--region", "metro", "--by", by,
             "--out", os.path.join(tmp, "reach-%s.svg" % by)]
        cmd = "belong " + " ".join(a[:6])
        rc, out, err = runner.run(a)
        if rc == 0:
            with open(a[-1], encoding="utf-8", errors="replace") as f:
                parse_svg(col, cmd, cell(), by, f.read(), "reach")
    # Class 4: export responses with every filter.
    for args, sel in selections():
        a = ["export", "responses", "--format", "json"] + args
        cmd = "belong " + " ".join(a)
        rc, out, err = runner.run(a)
        out = out.strip()
        if not out:
            continue
        rows = parse_json(runner, cmd, out)
        if isinstance(rows, list):
            parse_export(col, cmd, sel, rows)
    return periods


def main_attack(truth_path, tmp):
    with open(truth_path) as f:
        truth = Truth(json.load(f))
    runner = Runner(os.environ["BELONG"],
                    int(os.environ.get("DISCLOSURE_JOBS", "2")))
    col = Collector()
    # DISCLOSURE_KEEP=FILE keeps what was collected, DISCLOSURE_LOAD=FILE
    # attacks it again without running belong (while writing the attacks).
    if os.environ.get("DISCLOSURE_LOAD"):
        import pickle
        with open(os.environ["DISCLOSURE_LOAD"], "rb") as f:
            col, periods, runner.errors = pickle.load(f)
    else:
        runner.plan = []
        collect(runner, Collector(), tmp)
        keys, runner.plan = runner.plan, None
        runner.prefetch(keys)
        periods = collect(runner, col, tmp)
    if os.environ.get("DISCLOSURE_KEEP"):
        import pickle
        with open(os.environ["DISCLOSURE_KEEP"], "wb") as f:
            pickle.dump((col, periods, runner.errors), f)
    tap = []

    def ok(good, desc, diags=()):
        tap.append(("ok - " if good else "not ok - ") + desc)
        for dline in list(diags)[:12]:
            tap.append("# " + dline)
        if len(diags) > 12:
            tap.append("# ... and %d more" % (len(diags) - 12))

    ok(not runner.errors, "every command the reader ran worked", runner.errors)
    known_cells = {k for (_s, k, _m, _v, _c) in col.facts
                   if any(v == "__known__" for _a, v in k)}
    lines = Lines(periods.get("quarter", QUARTERS), periods.get("month", []),
                  known_cells)

    # Each class: its outputs with the unfiltered reports (report0); class
    # 1 is every report, with every filter.  "all" lists only what the
    # classes alone do not give away.
    classes = [
        (1, "a filter undoes complementary suppression", {"report0", "report"}),
        (2, "trend periods against report totals", {"report0", "trend"}),
        (3, "reach and plot reach against report", {"report0", "reach"}),
        (4, "export responses with filters", {"report0", "export"}),
        ("all", "everything combined",
         {"report0", "report", "trend", "reach", "export"}),
    ]

    # A record-level export shows each answer with its day: the spec
    # protects groups there (demographics, events, filters), not item
    # answers, so item cells of a group of min-n or more are not counted
    # when the export gave them away.
    def export_items(k, m, roots):
        return (m != "n" and truth.get(k, "n") >= MIN_N
                and any(r.startswith("belong export") for r in roots))

    def leaks_of(known, srcs, extra=()):
        out = {}
        for (k, m), (v, roots) in known.items():
            if any(val == "__known__" for _a, val in k):
                continue
            t = truth.get(k, m)
            if v != t:
                continue
            b = truth.get(k, base_of(m))
            if 1 <= b < MIN_N:
                kind = "fewer than %d %s" % (
                    MIN_N, "respondents" if m == "n" else "answers")
            elif b >= MIN_N and srcs & set(col.suppressed.get((k, m), {})):
                kind = "complementary"
            else:
                continue
            if k not in col.shown or export_items(k, m, roots):
                continue
            out[(k, m)] = (v, b, kind, roots)
        for k, m, v, vals, cmd in extra:
            if k not in col.shown or export_items(k, m, [cmd]):
                continue
            t = truth.get(k, m)
            b = truth.get(k, base_of(m))
            # Rows printed: every row of the cell seen, not a part of them.
            seen_all = (vals["n"] == truth.get(k, "n")
                        and vals[base_of(m)] == b)
            if v == t and seen_all and 1 <= b < MIN_N and (k, m) not in out:
                out[(k, m)] = (v, b, "fewer than %d, rows printed" % MIN_N,
                               frozenset([cmd]))
        return out

    def dim_of(k):
        for a in ("grade", "gender", "race", "disability", "firstgen",
                  "language", "role"):
            if kget(k, a) is not None:
                return a
        if kget(k, "event") is not None:
            return "event"
        return "period"

    found_before = {}
    report_dims = ABOUT_DIMS + ["event", "period"]
    summary = []
    for cls, what, srcs in classes:
        facts = [f for f in col.facts if f[0] in srcs]
        known = attack(facts, lines, col.item_events)
        leaks = leaks_of(known, srcs, col.sightings if cls in (4, "all") else ())
        if cls == "all":
            base = {}
            for c in (1, 2, 3, 4):
                base.update(found_before.get(c, {}))
        else:
            base = {}
        found_before[cls] = leaks
        new = {x: y for x, y in leaks.items() if x not in base}
        for dim in report_dims + ["complementary"]:
            diags = []
            cells = {}
            for (k, m), leak in new.items():
                comp = leak[2] == "complementary"
                if (dim == "complementary") == comp and (comp or dim_of(k) == dim):
                    cells.setdefault(k, {})[m] = leak
            for k in sorted(cells, key=kfmt):
                ms = cells[k]
                first = ms.get("n") or ms[sorted(ms)[0]]
                v, b, kind, roots = first
                by = col.suppressed.get((k, "n")) or col.suppressed.get(
                    (k, sorted(ms)[0])) or {}
                supp = [c for x, c in sorted(by.items()) if x in srcs]
                supp = supp[0] if supp else None
                vals = ", ".join("%s %d" % (m, ms[m][0]) for m in
                                 sorted(ms, key=lambda x: (x != "n", x)))
                diags.append("%s (true n %d; %s%s): recovered %s; from: %s" % (
                    kfmt(k), truth.get(k, "n"), kind,
                    ", suppressed by " + supp if supp else "", vals,
                    "; ".join(sorted(roots)[:5]) + (" ..." if len(roots) > 5 else "")))
            if dim == "complementary":
                ok(not diags, "class %s (%s): no complementary cell published or "
                   "recovered" % (cls, what), diags)
            else:
                ok(not diags, "class %s (%s), %s: no cell under %d recovered" % (
                    cls, what, dim, MIN_N), diags)
            summary.extend("class %s: %s" % (cls, x) for x in diags)
    # Class 5 and the shape checks of 2 and 3.
    for cls, what in ((5, "suppressed rows and group lists have one shape"),
                      (2, "trend rows and slope follow the report; footnote without numbers"),
                      (3, "reach suppresses what report suppresses; footnote without numbers")):
        ok(not col.shape.get(cls), "class %s: %s" % (cls, what), col.shape.get(cls, []))
    for line in tap:
        print(line)
    with open(os.path.join(tmp, "leaks.txt"), "w") as f:
        f.write("\n".join(summary) + "\n")


CSV_NUMERIC = {
    "report": ["n", "value", "lo", "hi", "d"],
    "trend": ["n", "value", "lo", "hi"],
    "reach": ["n", "share", "share_known", "benchmark", "ratio"],
}


def main_csvcheck(path, kind, desc):
    """Class 5: a CSV that a program can read: numbers or empty, and a last
    column suppressed of 1 or 0; a suppressed row empty but for reach's
    public benchmark."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    problems = []
    if not rows:
        problems.append("no header")
        rows = [[]]
    head = rows[0]
    if not head or head[-1] != "suppressed":
        problems.append("the last column is not suppressed: %s" % ",".join(head))
    for line, r in enumerate(rows[1:], 2):
        rec = dict(zip(head, r))
        for c in CSV_NUMERIC[kind]:
            v = rec.get(c, "")
            if v != "":
                try:
                    float(v)
                except ValueError:
                    problems.append("line %d: %s is %r, not a number" % (line, c, v))
        sv = rec.get("suppressed")
        if sv not in ("0", "1"):
            problems.append("line %d: suppressed is %r, not 1 or 0" % (line, sv))
        elif sv == "1":
            full = [c for c in CSV_NUMERIC[kind]
                    if rec.get(c, "") != "" and c != "benchmark"]
            if full:
                problems.append("line %d: suppressed, yet %s given" % (
                    line, ",".join(full)))
    print(("ok - " if not problems else "not ok - ") + desc)
    for x in problems[:10]:
        print("# " + x)


if __name__ == "__main__":
    if sys.argv[1] == "fixture":
        cmd_fixture(*sys.argv[2:5])
    elif sys.argv[1] == "instrument":
        with open(sys.argv[2], "w") as f:
            json.dump(CLUB_INSTRUMENT, f, ensure_ascii=False, indent=1)
    elif sys.argv[1] == "attack":
        main_attack(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "csvcheck":
        main_csvcheck(*sys.argv[2:5])
    else:
        sys.exit("usage: disclosure_attack.py fixture|instrument|attack ...")
