#!/usr/bin/env python3
"""Disclosure attacks on belong reliability (tests/integration/reliability.sh).

    reliability_attack.py MIN_N

runs belong (BELONG, BELONG_DSN from the environment) as a determined
reader would, on the shared fixture (stats_fixture.sh): reliability with
every dimension, with every --role and --event, and report with the same
dimensions; reads the truth (every response's answers) from PostgreSQL
with psql; and prints TAP lines (no plan), one per attack, saying whether
a suppressed group's complete cases or alpha were recovered:

  shape      every figure of a suppressed group is hidden
  subtract   everyone's n minus the shown groups' n (per dimension, and for
             the survey languages) is never one hidden group's n: each line
             hides no group or at least two that are not empty
  hierarchy  a partner's n minus its shown events' n, likewise
  report     a group report --by hides is hidden here too, so report's
             respondents and these complete cases never combine
  alpha      the n-weighted residual of alpha (everyone's alpha times n
             minus the shown groups') is not a hidden group's alpha
  filter     the same subtraction over the values of --role and --event:
             everyone's n without the filter minus the n each filter shows
"""

import json
import os
import subprocess
import sys

ITEMS = ["belong", "welcome", "voice", "future"]
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
DIMS = list(ABOUT) + ["event", "partner"]
BELONG = os.environ["BELONG"]


def tap(good, what):
    print("%s - %s" % ("ok" if good else "not ok", what))
    sys.stdout.flush()


def psql(query):
    out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-F", "\t", "-v",
                          "ON_ERROR_STOP=1", "-d", os.environ["BELONG_DSN"],
                          "-c", query], check=True, capture_output=True,
                         text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line != ""]


def truth():
    """The complete cases: one dict per respondent who answered every item."""
    cols = ["slug", "partner", "lang", "role", "grade", "gender", "race",
            "disability", "firstgen", "language"]
    rows = psql(
        "select e.slug, coalesce(nullif(e.partner, ''), 'none'), r.lang,"
        " coalesce(r.role, ''), coalesce(r.grade, ''), coalesce(r.gender, ''),"
        " coalesce(array_to_string(r.race, ';'), ''),"
        " coalesce(r.disability, ''), coalesce(r.firstgen, ''),"
        " coalesce(r.language, ''),"
        + ", ".join("(select max(a.value) from answer a where a.event_id ="
                    " r.event_id and a.response_id = r.id and a.item = '%s')"
                    % i for i in ITEMS)
        + " from response r join event e on e.id = r.event_id")
    people = []
    for row in rows:
        if any(v == "" for v in row[len(cols):]):
            continue
        p = dict(zip(cols, row[:len(cols)]))
        p["x"] = [float(v) for v in row[len(cols):]]
        people.append(p)
    return people


def groups_of(p, dim):
    """The groups of dim a respondent counts in (race: several)."""
    if dim == "event":
        return [p["slug"]]
    if dim == "lang":
        return [p["lang"]]
    if dim == "race":
        if p["race"] == "":
            return ["not_answered"]
        codes = p["race"].split(";")
        real = [c for c in codes if c != "prefer_not"]
        return codes + (["two_or_more"] if len(real) >= 2 else [])
    v = p[dim]
    return [v if v != "" else "not_answered"]


def alpha(xs):
    """Cronbach's alpha of the rows xs (k items), or None."""
    n, k = len(xs), len(ITEMS)
    if n < 2:
        return None
    mean = [sum(x[i] for x in xs) / n for i in range(k)]
    cov = [[sum((x[i] - mean[i]) * (x[j] - mean[j]) for x in xs) / (n - 1)
            for j in range(k)] for i in range(k)]
    total = sum(sum(r) for r in cov)
    if any(cov[i][i] == 0 for i in range(k)) or total <= 0:
        return None
    return k / (k - 1) * (1 - sum(cov[i][i] for i in range(k)) / total)


def run(*args):
    out = subprocess.run([BELONG] + list(args) + ["--format", "json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("belong %s: %s" % (" ".join(args), out.stderr))
    return json.loads(out.stdout)


def scale_rows(doc, dim):
    """{group: scale row} of one dimension of reliability's output."""
    return {r["group"]: r for r in doc.get("rows", [])
            if r["dimension"] == dim and r["item"] is None}


def hidden_all(doc, dim, grp):
    rows = [r for r in doc["rows"] if r["dimension"] == dim and r["group"] == grp]
    return all(r[c] is None for r in rows
               for c in ("n", "alpha", "lo", "hi", "r_drop", "alpha_if_dropped"))


def attack_line(what, total_n, shown, hidden, true_n, partition=True):
    """The subtraction attack on one line; true_n: group -> true n.  Race
    groups overlap (partition false): their residual is no sum at all, and
    only the count of hidden groups is judged."""
    residual = total_n - sum(shown.values())
    nonzero = [g for g in hidden if true_n.get(g, 0) > 0]
    tap(len(nonzero) != 1, "subtract %s: %d hidden groups are not empty "
        "(never exactly one)" % (what, len(nonzero)))
    if partition:
        tap(all(residual != true_n.get(g, 0) for g in nonzero),
            "subtract %s: everyone minus the shown groups (%d) is no hidden "
            "group's n" % (what, residual))


def main():
    min_n = sys.argv[1]
    people = truth()
    everyone_n = len(people)
    docs = {}
    for dim in DIMS:
        doc = run("reliability", "--by", dim, "--min-n", min_n)
        docs[dim] = doc
        all_row = scale_rows(doc, "all")["all"]
        tap(all_row["n"] == everyone_n, "%s: everyone's complete cases" % dim)
        for d in (dim, "lang"):
            rows = scale_rows(doc, d)
            true_n, members = {}, {}
            for p in people:
                for g in groups_of(p, d):
                    true_n[g] = true_n.get(g, 0) + 1
                    members.setdefault(g, []).append(p["x"])
            shown = {g: r["n"] for g, r in rows.items() if not r["suppressed"]}
            hidden = [g for g, r in rows.items() if r["suppressed"]]
            what = "--by %s, %s" % (dim, "groups" if d == dim else "languages")
            tap(all(hidden_all(doc, d, g) for g in hidden),
                "shape %s: every figure of a hidden group is hidden" % what)
            tap(all(true_n.get(g, 0) >= int(min_n) for g in shown),
                "%s: every shown group has min-n complete cases" % what)
            attack_line(what, everyone_n, shown, hidden, true_n, d != "race")
            # alpha as if it were an n-weighted average
            if hidden and sum(true_n.get(g, 0) for g in hidden) > 0:
                rest = sum(true_n.get(g, 0) for g in hidden)
                guess = (all_row["alpha"] * everyone_n -
                         sum(rows[g]["alpha"] * rows[g]["n"] for g in shown
                             if rows[g]["alpha"] is not None)) / rest
                wrong = True
                for g in hidden:
                    a = alpha(members.get(g, []))
                    if a is not None and abs(a - guess) < 0.0005:
                        wrong = False
                tap(wrong, "alpha %s: the weighted residual %.3f is no hidden "
                    "group's alpha" % (what, guess))
    # events within partners
    ev, pa = scale_rows(docs["event"], "event"), scale_rows(docs["partner"], "partner")
    for partner, prow in pa.items():
        if prow["suppressed"]:
            continue
        true_n = {}
        for p in people:
            if p["partner"] == partner:
                true_n[p["slug"]] = true_n.get(p["slug"], 0) + 1
        mine = {g: r for g, r in ev.items() if g in true_n}
        attack_line("hierarchy: partner %s" % partner, prow["n"],
                    {g: r["n"] for g, r in mine.items() if not r["suppressed"]},
                    [g for g, r in mine.items() if r["suppressed"]], true_n)
    # report's hidden groups
    for dim in DIMS:
        rep = run("report", "--by", dim, "--min-n", min_n)
        rep_hidden = {r["group"] for r in rep["rows"]
                      if r["indicator"] == "respondents" and r["suppressed"]}
        mine = {g for g, r in scale_rows(docs[dim], dim).items() if r["suppressed"]}
        tap(rep_hidden <= mine, "report --by %s: what report hides (%s) is "
            "hidden here too" % (dim, ",".join(sorted(rep_hidden)) or "none"))
    # filters: --role and --event as groups of everyone
    for dim, values in (("role", ABOUT["role"] + ["prefer_not", "not_answered"]),
                        ("event", sorted({p["slug"] for p in people}))):
        shown, hidden, true_n = {}, [], {}
        for p in people:
            for g in groups_of(p, dim):
                true_n[g] = true_n.get(g, 0) + 1
        for v in values:
            doc = run("reliability", "--%s" % dim, v, "--min-n", min_n)
            row = scale_rows(doc, "all").get("all")
            if doc.get("suppressed") or row is None or row["suppressed"]:
                hidden.append(v)
            else:
                shown[v] = row["n"]
        attack_line("filter --%s" % dim, everyone_n, shown, hidden, true_n)


if __name__ == "__main__":
    main()
