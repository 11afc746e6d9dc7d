"""Try to recover a cell belong change suppresses, by combining what
change prints (--by gender at every --max-diff, the unmatched rows) with
what report prints for the same responses (each wave's events by gender).
The attacker here knows more than a real one: the fixture's plan says
which groups have pairs and who answered what, so "recovered" means the
numbers printed pin down a suppressed group's figure exactly.

  python3 change_attack.py DIR MIN_N

DIR holds plan.csv, ch0.json .. ch3.json (change --by gender --format
json --max-diff K), rep_pre.csv and rep_post.csv (report --by gender
--format csv over each wave's events).  Prints one line per attack tried
and exits 1 if any succeeded.
"""
import csv
import json
import sys

d, min_n = sys.argv[1], float(sys.argv[2])
plan = list(csv.DictReader(open(d + "/plan.csv", newline="")))
ch = [json.load(open("%s/ch%d.json" % (d, k))) for k in range(4)]
rep = {}
for wave in ("pre", "post"):
    rep[wave] = {r["group"]: r for r in csv.DictReader(open("%s/rep_%s.csv" % (d, wave),
                                                             newline=""))
                 if r["indicator"] == "belonging"}


def index(r):
    return ((int(r["b"]) + int(r["w"]) + int(r["v"]) + int(r["f"])) / 4 - 1) / 4 * 100


# The truth: each group's pairs at each --max-diff, and their post sums.
truth = {}
for k in range(4):
    col = "m0" if k == 0 else "m1"
    for r in plan:
        if r["wave"] == "post" and r[col] == "1":
            t = truth.setdefault((k, r["gender"]), [0, 0.0])
            t[0] += 1
            t[1] += index(r)
failed = False


def verdict(ok, what):
    global failed
    print("%s: %s" % ("safe" if ok else "RECOVERED", what))
    failed |= not ok


def num(v):
    return float(v) if v not in ("", None) else None


for k in range(4):
    rows = [r for r in ch[k]["rows"] if r["comparison"] == "matched"]
    everyone = rows[0]
    groups = rows[1:]
    # A: everyone minus the groups shown, minus what report shows of the
    # suppressed ones (as if all their post responses were paired).
    # Everyone suppressed: every row is, nothing to subtract from.
    if everyone["suppressed"]:
        verdict(all(g["suppressed"] for g in groups),
                "max-diff %d: everyone suppressed, and every group" % k)
        n, s = float("nan"), float("nan")
    else:
        n = everyone["n"]
        s = everyone["post"] * everyone["n"]
    for g in groups:
        if not g["suppressed"]:
            n -= g["n"]
            s -= g["post"] * g["n"]
        elif g["group"] in rep["post"] and rep["post"][g["group"]]["suppressed"] == "0":
            n -= num(rep["post"][g["group"]]["n"])
            s -= num(rep["post"][g["group"]]["value"]) * num(rep["post"][g["group"]]["n"])
    for g in groups:
        t = truth.get((k, g["group"]))
        if g["suppressed"] and t and t[0] > 0:
            hit = abs(n - t[0]) < 0.5 and abs(s - t[1]) < 0.01 * max(n, 1)
            verdict(not hit, "max-diff %d: %s's pairs from everyone minus the rest"
                    % (k, g["group"]))
    # B: report's figures minus the pairs': the few outside the pairs.
    for g in rows:
        if g["suppressed"]:
            continue
        for wave in ("pre", "post"):
            r = rep[wave].get(g["group"])
            if r is None or r["suppressed"] == "1":
                continue
            u = num(r["n"]) - g["n"]
            verdict(u == 0 or u >= min_n, "max-diff %d: %s: %g %s responses outside "
                    "the pairs" % (k, g["group"], u, wave))
    # C: a row suppressed at one --max-diff and shown at another (the
    # difference of its pair sets would be a group of its own).
    for i, g in enumerate(rows):
        shown = [c["rows"][i]["suppressed"] for c in ch]
        verdict(len(set(shown)) == 1, "max-diff %d: %s suppressed alike at every "
                "--max-diff" % (k, g["group"]))
    # D: the unmatched rows print nothing report does not.
    for g in ch[k]["rows"]:
        if g["comparison"] != "unmatched" or g["suppressed"]:
            continue
        for wave, col in (("pre", "pre"), ("post", "post")):
            r = rep[wave].get(g["group"])
            ok = r is not None and r["suppressed"] == "0" and \
                num(r["n"]) == g["n_" + wave] and abs(num(r["value"]) - g[col]) < 0.006
            verdict(ok, "max-diff %d: unmatched %s %s is report's" % (k, g["group"], wave))
sys.exit(1 if failed else 0)
