#!/usr/bin/env python3
"""Disclosure attack on belong's two-way tables (tests/integration/intersections.sh).

  intersections_attack.py STATS.CSV A B

runs belong (BELONG and BELONG_DSN from the environment) as a determined
reader would: report --by A,B and --by B,A, the one-way reports (--by A,
--by B), everyone, and each of them with every --role; report --by role,A,
--by role,B and --by role; reach --by A,B, A and B; in JSON, and the
two-way table in CSV and table too.  Every published number becomes a fact
about a cell (role, A, B; None: every value).  Then it bounds every
unknown cell:

  * by propagation: every line of the cube (the groups of role, of A, of B
    and their total, for every value of the other two) is an equation;
    race, which is multi-select, gives inequalities instead (a race group
    is at most its total; the race groups add up to at least those who
    answered and two_or_more more); every count is at least 0; an item's
    answers at most the respondents; tightened until nothing changes;
  * exhaustively, on each two-way table small enough: every integer
    completion of its suppressed cells that keeps the row and column sums
    is enumerated, so a cell with one possible value is found even where
    propagation alone would not find it.

Prints TAP lines (no plan), "ok - ..." or "not ok - ..." with "# " lines:
that every command worked; that a cell is never shown in one output and
suppressed in another, nor shown with two values; that the formats agree;
that no suppressed cell (1 to min-n - 1, or a complementary one) is
recovered, per attack.  The counts of disclosure_attack.py are reused:
a suppressed cell counts as recovered when the attacker's value is the
true one and the cell is not empty; a 0 that a published cell holding it
implies (nobody in the whole group agreed, so nobody in a part of it did)
is that cell's figure, not a suppressed one, and is not counted.
"""

import csv
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from disclosure_attack import ABOUT, count_of, groups_of  # noqa: E402

MIN_N = 10
INF = float("inf")
ROLES = groups_of("role")
ITEMS_LIKERT = ["belong", "welcome", "voice", "future"]
ITEMS_SCALE = ["recommend"]
# Counts: respondents, respondents with an index, answers, agreeing
# answers; net (promoters minus detractors) can be negative.
COUNTS = (["n", "idx"] + ["ans:" + i for i in ITEMS_LIKERT + ITEMS_SCALE]
          + ["agree:" + i for i in ITEMS_LIKERT])
MEASURES = COUNTS + ["net:" + i for i in ITEMS_SCALE]
DIMS = ["role"]  # then A and B


def base_of(m):
    if m in ("n", "idx"):
        return m
    return "ans:" + m.split(":", 1)[1]


# --- the truth, from the responses ---------------------------------------------

class Truth:
    def __init__(self, path):
        with open(path, newline="", encoding="utf-8") as f:
            self.rs = list(csv.DictReader(f))
        self.cache = {}

    @staticmethod
    def member(r, dim, code):
        v = r[dim]
        if v == "NA":
            return code == "not_answered"
        if dim == "race":
            codes = v.split(";")
            if code == "two_or_more":
                return len([c for c in codes if c != "prefer_not"]) >= 2
            return code in codes
        return v == code

    def get(self, key, m):
        if key not in self.cache:
            rows = [r for r in self.rs
                    if all(c is None or self.member(r, d, c)
                           for d, c in zip(DIMS, key))]
            t = {"n": len(rows),
                 "idx": sum(1 for r in rows if r["belonging"] != "NA")}
            for i in ITEMS_LIKERT + ITEMS_SCALE:
                a = [int(r[i]) for r in rows if r[i] != "NA"]
                t["ans:" + i] = len(a)
                if i in ITEMS_LIKERT:
                    t["agree:" + i] = sum(1 for x in a if x >= 4)
                else:
                    t["net:" + i] = (sum(1 for x in a if x >= 9)
                                     - sum(1 for x in a if x <= 6))
            self.cache[key] = t
        return self.cache[key][m]


# --- running belong and reading what it prints -------------------------------------

def run_all(cmds):
    def one(args):
        p = subprocess.run([os.environ["BELONG"]] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=600)
        return p.returncode, p.stdout.decode("utf-8", "replace"), \
            p.stderr.decode("utf-8", "replace")
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip([tuple(c) for c in cmds], pool.map(one, cmds)))


class Reader:
    def __init__(self):
        self.facts = {}       # (key, m) -> (value, command)
        self.suppressed = {}  # (key, m) -> command
        self.shown = set()    # keys some output has a row for
        self.problems = []    # the same cell, two stories
        self.errors = []

    def fact(self, key, m, v, cmd):
        self.shown.add(key)
        if v is None:
            return
        old = self.facts.get((key, m))
        if old is not None and old[0] != v:
            self.problems.append("%s %s: %s in %s, %s in %s" % (
                fmt(key), m, old[0], old[1], v, cmd))
        if old is None:
            self.facts[(key, m)] = (v, cmd)

    def supp(self, key, ms, cmd):
        self.shown.add(key)
        for m in ms:
            self.suppressed.setdefault((key, m), cmd)

    def check_both(self):
        for (key, m), cmd in sorted(self.suppressed.items(), key=str):
            if (key, m) in self.facts:
                v, shown_by = self.facts[(key, m)]
                self.problems.append("%s %s: suppressed by %s, shown (%s) by %s" % (
                    fmt(key), m, cmd, v, shown_by))


def fmt(key):
    out = ["%s=%s" % (d, c) for d, c in zip(DIMS, key) if c is not None]
    return ",".join(out) or "everyone"


def key_of(role, by, group):
    """The cell of a row: role from --role, the rest from the group."""
    k = {"role": role}
    if group != "all" and by is not None:
        dims = by.split(",")
        codes = group.split("+") if len(dims) == 2 else [group]
        if len(codes) != len(dims):
            raise ValueError("group %r of --by %s" % (group, by))
        for d, c in zip(dims, codes):
            k[d] = c
    return tuple(k.get(d) for d in DIMS)


def row_facts(rd, cmd, key, ind, n, value, sup):
    if ind == "respondents":
        ms = [("n", None)]
    elif ind in ("belonging", "gap"):
        ms = [("idx", None)]
    elif not ind.startswith(("agree:", "nps:")):
        # Not a group's figure (the design's clusters, response rates).
        rd.shown.add(key)
        return
    else:
        kind, item = ind.split(":", 1)
        ms = [("ans:" + item, None),
              (("agree:" if kind == "agree" else "net:") + item, "value")]
    if sup:
        # A gap is suppressed for everyone else too: not the group's cell.
        if ind != "gap":
            rd.supp(key, [m for m, _ in ms], cmd)
        else:
            rd.shown.add(key)
        return
    for m, what in ms:
        if what is None:
            rd.fact(key, m, n, cmd)
        elif m.split(":", 1)[1] in ITEMS_LIKERT + ITEMS_SCALE:
            rd.fact(key, m, count_of(value, n, 2, 100), cmd)


def read_report(rd, cmd, role, by, out):
    try:
        d = json.loads(out)
    except ValueError:
        rd.errors.append("%s: not JSON" % cmd)
        return None
    if d.get("suppressed") is True:
        rd.supp(key_of(role, None, "all"), COUNTS, cmd)
        return d
    for r in d.get("rows", []):
        key = key_of(role, by, r["group"])
        row_facts(rd, cmd, key, r["indicator"], r.get("n"), r.get("value"),
                  bool(r.get("suppressed")))
    return d


def read_reach(rd, cmd, role, by, out):
    try:
        d = json.loads(out)
    except ValueError:
        rd.errors.append("%s: not JSON" % cmd)
        return
    if d.get("suppressed") is True:
        rd.supp(key_of(role, None, "all"), ["n"], cmd)
        return
    total = None
    for r in d.get("rows", []):
        if r["group"] == "all":
            total = r.get("n")
    for r in d.get("rows", []):
        key = key_of(role, by, r["group"])
        if r.get("suppressed"):
            rd.supp(key, ["n"], cmd)
            continue
        n = r.get("n")
        if n is None and r.get("share") is not None and total:
            n = count_of(r["share"], total, 4, 1)
        rd.fact(key, "n", n, cmd)


# --- the attacker's reasoning ----------------------------------------------------------

def codes_of(dim):
    return ROLES if dim == "role" else groups_of(dim)


def all_keys():
    out = [()]
    for d in DIMS:
        out = [k + (c,) for k in out for c in codes_of(d) + [None]]
    return out


def constraints():
    """(coefficients {(key, m): c}, lo, hi): lo <= sum <= hi."""
    cons = []
    keys = all_keys()
    for m in MEASURES:
        counting = m in COUNTS
        for di, d in enumerate(DIMS):
            for key in keys:
                if key[di] is not None:
                    continue
                parent = (key, m)

                def at(c):
                    return (key[:di] + (c,) + key[di + 1:], m)
                if d != "race":
                    co = {at(c): 1 for c in codes_of(d)}
                    co[parent] = -1
                    cons.append((co, 0, 0))
                    continue
                if not counting:
                    continue
                races = ABOUT["race"]
                pn, na, two = at("prefer_not"), at("not_answered"), at("two_or_more")
                for c in races + ["two_or_more"]:
                    # One group plus the two without a code: at most all.
                    cons.append(({at(c): 1, pn: 1, na: 1, parent: -1}, -INF, 0))
                # Each who answered chose one race at least, two_or_more
                # two or more and at most eight.
                co = {at(c): 1 for c in races}
                co.update({parent: -1, pn: 1, na: 1, two: -1})
                cons.append((co, 0, INF))
                co = {at(c): 1 for c in races}
                co.update({parent: -1, pn: 1, na: 1, two: -7})
                cons.append((co, -INF, 0))
    for key in keys:
        cons.append(({(key, "idx"): 1, (key, "n"): -1}, -INF, 0))
        for i in ITEMS_LIKERT + ITEMS_SCALE:
            cons.append(({(key, "ans:" + i): 1, (key, "n"): -1}, -INF, 0))
        for i in ITEMS_LIKERT:
            cons.append(({(key, "agree:" + i): 1, (key, "ans:" + i): -1}, -INF, 0))
        for i in ITEMS_SCALE:
            cons.append(({(key, "net:" + i): 1, (key, "ans:" + i): -1}, -INF, 0))
            cons.append(({(key, "net:" + i): 1, (key, "ans:" + i): 1}, 0, INF))
    return cons


def subtract(facts, cons):
    """What subtraction alone gives: every equation with one unknown cell,
    solved, until nothing is new."""
    known = dict(facts)
    eqs = [co for co, clo, chi in cons if clo == chi == 0]
    of = {}
    for i, co in enumerate(eqs):
        for v in co:
            of.setdefault(v, []).append(i)
    work = set(range(len(eqs)))
    while work:
        co = eqs[work.pop()]
        unknown = [v for v in co if v not in known]
        if len(unknown) != 1:
            continue
        u = unknown[0]
        known[u] = -sum(c * known[v] for v, c in co.items() if v != u) // co[u]
        work.update(of[u])
    return known


def propagate(facts, cons):
    """Bounds [lo, hi] of every cell, tightened along every constraint until
    nothing changes.  Sound: the true values are always inside."""
    lo, hi = {}, {}
    for key in all_keys():
        for m in MEASURES:
            v = facts.get((key, m))
            if v is not None:
                lo[(key, m)] = hi[(key, m)] = v
            else:
                lo[(key, m)] = 0 if m in COUNTS else -INF
                hi[(key, m)] = INF
    of = {}
    for i, (co, _l, _h) in enumerate(cons):
        for v in co:
            of.setdefault(v, []).append(i)
    work = set(range(len(cons)))
    while work:
        i = work.pop()
        co, clo, chi = cons[i]
        mins = {v: min(c * lo[v], c * hi[v]) for v, c in co.items()}
        maxs = {v: max(c * lo[v], c * hi[v]) for v, c in co.items()}
        smin, smax = sum(mins.values()), sum(maxs.values())
        for v, c in co.items():
            # c x in [clo - (smax - max_v), chi - (smin - min_v)]
            rmax = smax - maxs[v] if maxs[v] != INF else \
                sum(x for u, x in maxs.items() if u != v)
            rmin = smin - mins[v] if mins[v] != -INF else \
                sum(x for u, x in mins.items() if u != v)
            a, b = clo - rmax, chi - rmin
            if c < 0:
                a, b = b / c, a / c
            else:
                a, b = a / c, b / c
            changed = False
            if a != -INF and a == a and int(-(-a // 1)) > lo[v]:
                lo[v] = int(-(-a // 1))
                changed = True
            if b != INF and b == b and int(b // 1) < hi[v]:
                hi[v] = int(b // 1)
                changed = True
            if changed:
                if lo[v] > hi[v]:
                    raise RuntimeError("no table fits the published numbers at %s %s"
                                       % (fmt(v[0]), v[1]))
                work.update(of[v])
    return lo, hi


def exhaustive(lo, hi, role, m, budget=200000):
    """The possible values of every cell of the two-way table of A and B
    (within role; None: everyone) for measure m: every integer table
    inside the bounds whose rows and columns add up to their margins (the
    margins as bounded; only when they are known).  Returns {key: set} or
    None when the table is too large to enumerate."""
    A, B = DIMS[1], DIMS[2]
    rows, cols = codes_of(A), codes_of(B)
    cell = {(a, b): ((role, a, b), m) for a in rows for b in cols}
    # Lines of partitions only: race's groups overlap.
    row_sum = {a: lo[((role, a, None), m)] for a in rows} if B != "race" else None
    col_sum = {b: lo[((role, None, b), m)] for b in cols} if A != "race" else None
    for sums, dim in ((row_sum, A), (col_sum, B)):
        if sums is None:
            continue
        for x in sums:
            k = ((role, x, None), m) if dim == A else ((role, None, x), m)
            if lo[k] != hi[k]:
                return None
    unknown = [(a, b) for a in rows for b in cols
               if lo[cell[(a, b)]] != hi[cell[(a, b)]]]
    if not unknown:
        return {}
    fixed = {ab: lo[cell[ab]] for ab in cell if ab not in unknown}
    rest_r = {a: (row_sum[a] - sum(v for (x, _), v in fixed.items() if x == a))
              if row_sum else None for a in rows}
    rest_c = {b: (col_sum[b] - sum(v for (_, y), v in fixed.items() if y == b))
              if col_sum else None for b in cols}
    # Per line, the unknown cells still to come after each position.
    left_r = {a: sum(1 for (x, _) in unknown if x == a) for a in rows}
    left_c = {b: sum(1 for (_, y) in unknown if y == b) for b in cols}
    seen = {ab: set() for ab in unknown}
    nodes = [0]
    vals = [0] * len(unknown)

    def dfs(i):
        nodes[0] += 1
        if nodes[0] > budget:
            raise OverflowError
        if i == len(unknown):
            if all(v is None or v == 0 for v in rest_r.values()) and \
                    all(v is None or v == 0 for v in rest_c.values()):
                for j, ab in enumerate(unknown):
                    seen[ab].add(vals[j])
            return
        a, b = unknown[i]
        k = cell[(a, b)]
        top = hi[k]
        if rest_r[a] is not None:
            top = min(top, rest_r[a])
        if rest_c[b] is not None:
            top = min(top, rest_c[b])
        bottom = lo[k]
        left_r[a] -= 1
        left_c[b] -= 1
        # The last unknown of a line takes what the line has left.
        if rest_r[a] is not None and left_r[a] == 0:
            bottom = max(bottom, rest_r[a])
        if rest_c[b] is not None and left_c[b] == 0:
            bottom = max(bottom, rest_c[b])
        for v in range(int(bottom), int(top) + 1):
            vals[i] = v
            if rest_r[a] is not None:
                rest_r[a] -= v
            if rest_c[b] is not None:
                rest_c[b] -= v
            dfs(i + 1)
            if rest_r[a] is not None:
                rest_r[a] += v
            if rest_c[b] is not None:
                rest_c[b] += v
        left_r[a] += 1
        left_c[b] += 1

    try:
        dfs(0)
    except OverflowError:
        return None
    return {cell[ab][0]: s for ab, s in seen.items()}


# --- the attack ---------------------------------------------------------------------------

# reach's design, from the environment (INTERSECTIONS_REACH_DESIGN, e.g.
# "--design srs"): its counts are the same in every design.
REACH_DESIGN = os.environ.get("INTERSECTIONS_REACH_DESIGN", "").split()


def main():
    stats, A, B = sys.argv[1:4]
    DIMS.extend([A, B])
    truth = Truth(stats)
    rd = Reader()
    plan = []
    pair, rpair = A + "," + B, B + "," + A
    for role in [None] + ROLES:
        sel = ["--role", role] if role else []
        for by in [None, A, B, pair, rpair]:
            plan.append(("report", role, by, ["report"] + sel + (["--by", by] if by else [])
                         + ["--format", "json"]))
        for by in [A, B, pair]:
            plan.append(("reach", role, by, ["reach"] + sel + ["--by", by] + REACH_DESIGN
                         + ["--format", "json"]))
    for by in ["role", "role," + A, "role," + B, A + ",role"]:
        plan.append(("report", None, by, ["report", "--by", by, "--format", "json"]))
    formats = [["report", "--by", pair, "--format", f] for f in ("csv", "table")] + \
        [["report", "--role", "student", "--by", pair, "--format", f]
         for f in ("json", "csv", "table")]
    results = run_all([p[3] for p in plan] + formats)
    reports = {}
    for kind, role, by, args in plan:
        rc, out, err = results[tuple(args)]
        cmd = "belong " + " ".join(args[:-2])
        if rc != 0:
            rd.errors.append("%s: exit %d: %s" % (cmd, rc, err.strip()[:200]))
            continue
        # A role argument on --by role,...: the role is the group's.
        r = role
        if kind == "report":
            reports[(role, by)] = read_report(rd, cmd, r, by, out)
        else:
            read_reach(rd, cmd, r, by, out)

    tap = []

    def ok(good, desc, diags=()):
        tap.append(("ok - " if good else "not ok - ") + desc)
        diags = [] if good else list(diags)
        for x in diags[:12]:
            tap.append("# " + x)
        if len(diags) > 12:
            tap.append("# ... and %d more" % (len(diags) - 12))

    ok(not rd.errors, "every command the reader ran worked", rd.errors)
    rd.check_both()
    ok(not rd.problems, "a cell is shown with one value everywhere, never shown "
       "in one output and suppressed in another", rd.problems)
    # The formats: the same rows, the same numbers, the same cells hidden.
    diags = []
    for sel in ([], ["--role", "student"]):
        j = results.get(tuple(["report"] + sel + ["--by", pair, "--format", "json"]))
        c = results.get(tuple(["report"] + sel + ["--by", pair, "--format", "csv"]))
        t = results.get(tuple(["report"] + sel + ["--by", pair, "--format", "table"]))
        try:
            jrows = json.loads(j[1]).get("rows", [])
        except (TypeError, ValueError):
            diags.append("%s: no JSON" % " ".join(sel))
            continue
        crows = list(csv.DictReader(c[1].splitlines()))
        if len(crows) != len(jrows):
            diags.append("%s: %d csv rows, %d json rows" % (" ".join(sel), len(crows), len(jrows)))
        for jr, cr in zip(jrows, crows):
            for col in ("group", "indicator", "n", "value", "lo", "hi", "d"):
                jv = jr.get(col)
                cv = cr.get(col, "")
                same = (jv is None and cv == "") or (jv is not None and cv != "" and (
                    str(jv) == cv or (isinstance(jv, (int, float)) and
                                      abs(float(cv) - jv) < 1e-9)))
                if not same:
                    diags.append("%s %s %s %s: json %r, csv %r" % (
                        " ".join(sel), jr.get("group"), jr.get("indicator"), col, jv, cv))
            if bool(jr.get("suppressed")) != (cr.get("suppressed") == "1"):
                diags.append("%s %s %s: suppressed differs" % (
                    " ".join(sel), jr.get("group"), jr.get("indicator")))
        # The table: after its rule, one line per row, saying "suppressed"
        # where the row is.
        lines = t[1].splitlines()
        first = next((i + 1 for i, x in enumerate(lines) if x.startswith("---")), 0)
        lines = lines[first:first + len(jrows)]
        if len(lines) != len(jrows):
            diags.append("%s table: %d rows, json %d" % (" ".join(sel), len(lines), len(jrows)))
        for jr, x in zip(jrows, lines):
            if ("suppressed" in x) != bool(jr.get("suppressed")):
                diags.append("%s table: %s %s: %r" % (
                    " ".join(sel), jr.get("group"), jr.get("indicator"), x))
    ok(not diags, "csv and table show what json shows, the same cells suppressed", diags)

    # Every combination listed, each once, whatever its n.
    d = reports.get((None, pair)) or {}
    groups = []
    for r in d.get("rows", []):
        if r["group"] != "all" and r["group"] not in groups:
            groups.append(r["group"])
    want = [a + "+" + b for a in codes_of(A) for b in codes_of(B)]
    ok(groups == want, "report --by %s lists every combination, once" % pair,
       ["got %s" % " ".join(groups)])

    # Primary suppression: no shown cell under min-n (not empty) anywhere.
    diags = ["%s %s = %s shown by %s" % (fmt(k), m, v, c)
             for (k, m), (v, c) in sorted(rd.facts.items(), key=str)
             if m in ("n", "idx") and 1 <= v < MIN_N]
    ok(not diags, "no group of fewer than %d is shown" % MIN_N, diags)

    facts = {k: v for k, (v, _c) in rd.facts.items()}
    cons = constraints()
    lo, hi = propagate(facts, cons)

    def implied_zero(key, m):
        """Whether a published cell that holds key has 0 for m: then so
        has every part of it (nobody in the group agreed, so nobody in a
        part of it did), whatever suppression does."""
        idx = [i for i, c in enumerate(key) if c is not None]
        for mask in range(1, 1 << len(idx)):
            k = list(key)
            for j, i in enumerate(idx):
                if mask & (1 << j):
                    k[i] = None
            if facts.get((tuple(k), m)) == 0:
                return True
        return False

    def leaks(bounds_of, what):
        out = []
        for (key, m), cmd in sorted(rd.suppressed.items(), key=str):
            if key not in rd.shown:
                continue
            b = truth.get(key, base_of(m))
            t = truth.get(key, m)
            if b < 1:
                continue
            vals = bounds_of(key, m)
            if vals is None or len(vals) != 1:
                continue
            v = next(iter(vals))
            if v == 0 and implied_zero(key, m):
                continue
            if v != t:
                out.append("%s %s: the attack says %s, truly %s (the attack is wrong)"
                           % (fmt(key), m, v, t))
                continue
            kind = "fewer than %d" % MIN_N if b < MIN_N else "complementary"
            out.append("%s %s = %d recovered (%s; suppressed by %s) by %s" % (
                fmt(key), m, v, kind, cmd, what))
        return out

    # Counts (respondents, with an index, answers) are what suppression
    # protects, against any reasoning; the agreeing answers and NPS of a
    # suppressed cell, against subtraction (belong(1), PRIVACY: when the
    # suppressed cells of a line leave 0 agreeing answers, each has 0).
    sub = subtract(facts, cons)

    def by_subtraction(key, m):
        return {sub[(key, m)]} if (key, m) in sub else None

    def by_bounds(key, m):
        if m not in ("n", "idx") and not m.startswith("ans:"):
            return None
        if lo[(key, m)] == hi[(key, m)]:
            return {lo[(key, m)]}
        return None

    ok(not leaks(by_subtraction, "subtraction"),
       "subtraction along every line (two-way table, margins, roles, reach) "
       "recovers no suppressed cell", leaks(by_subtraction, "subtraction"))
    ok(not leaks(by_bounds, "propagation"),
       "bounds propagated along every line recover no suppressed count",
       leaks(by_bounds, "propagation"))
    # Bounds that say more than "somewhere in the range" about a small cell:
    # a suppressed cell under min-n bounded to [x, x+1] is near enough.
    diags = []
    for (key, m), cmd in sorted(rd.suppressed.items(), key=str):
        if key not in rd.shown or m not in ("n", "idx"):
            continue
        b = truth.get(key, m)
        if 1 <= b < MIN_N and hi[(key, m)] - lo[(key, m)] < 2:
            diags.append("%s %s: bounded to [%s, %s], truly %d" % (
                fmt(key), m, lo[(key, m)], hi[(key, m)], b))
    ok(not diags, "no cell under %d is bounded to within one" % MIN_N, diags)

    done, skipped, found = 0, 0, []
    for role in [None] + ROLES:
        for m in ("n", "idx", "ans:belong", "ans:recommend"):
            poss = exhaustive(lo, hi, role, m)
            if poss is None:
                skipped += 1
                continue
            done += 1

            def by_enum(key, mm, poss=poss, m=m):
                if mm != m or key not in poss:
                    return None
                return poss[key]
            found += leaks(by_enum, "enumeration of the %s table" % (
                "everyone's" if role is None else role + "'s"))
    ok(not found, "enumeration of every two-way table (%d tables, %d too large "
       "or without known margins) recovers no suppressed cell" % (done, skipped),
       found)
    nsup = sum(1 for (k, m) in rd.suppressed if k in rd.shown
               and truth.get(k, base_of(m)) >= 1)
    tap.append("# %d suppressed cells (not empty) attacked, %d published facts"
               % (nsup, len(facts)))
    print("\n".join(tap))


if __name__ == "__main__":
    main()
