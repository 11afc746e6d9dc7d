#!/usr/bin/env python3
"""The responses the statistics tests compare with R, made and submitted
through belongd's real JSON API (stats_fixture.sh runs this).

    stats_fixture.py instrument FILE   the pulse-opt instrument: pulse's
                                       items, none required
    stats_fixture.py submit URL        submit every response; print the SQL
                                       that moves each to its day

Seeded, so every run sends the same answers.  Eight events of very
different sizes; each has its own effect on belonging (respondents of one
event are alike, so the design effect is above 1).  A respondent's items
share one latent level (so the scale is reliable, not perfectly), some
items are skipped, a quarter answer in Spanish, and every about-you
question has small groups (nonbinary, nhpi, aian, ...).
"""
import json
import random
import sys
import urllib.error
import urllib.request

SEED = 20261202

# slug, size, effect on the latent level, day of the responses (None:
# today, so the reports read them from the response table, not the rollup)
EVENTS = [
    ("ev-a", 12, -0.9, "2024-01-20"),
    ("ev-b", 25, 0.6, "2024-02-17"),
    ("ev-c", 40, -0.3, "2024-03-16"),
    ("ev-d", 55, 0.3, "2024-04-13"),
    ("ev-e", 70, 0.9, "2024-05-18"),
    ("ev-f", 90, -0.5, "2024-06-15"),
    ("ev-g", 110, 0.1, "2024-09-21"),
    ("ev-h", 120, -0.1, None),
]

LIKERT = ["belong", "welcome", "voice", "future"]
OFFSET = {"belong": 0.0, "welcome": 0.4, "voice": -0.2, "future": 0.1}


def pick(rnd, table):
    """One value of [(value, weight)], None meaning not answered."""
    x = rnd.random() * sum(w for _, w in table)
    for v, w in table:
        x -= w
        if x < 0:
            return v
    return table[-1][0]


GENDER = [("woman", 45), ("man", 41), ("nonbinary", 3), ("self", 1),
          ("prefer_not", 5), (None, 5)]
ROLE = [("student", 70), ("educator", 10), ("family", 12), ("volunteer", 5),
        (None, 3)]
DISABILITY = [("yes", 11), ("no", 78), ("prefer_not", 4), (None, 7)]
FIRSTGEN = [("yes", 30), ("no", 48), ("unsure", 10), ("prefer_not", 5),
            (None, 7)]
LANGUAGE = [("en", 58), ("es", 30), ("other", 5), ("prefer_not", 2), (None, 5)]
RACE1 = [("asian", 12), ("black", 18), ("hispanic", 30), ("white", 30),
         ("aian", 3), ("nhpi", 2), ("mena", 3), ("self", 2)]


def make_responses():
    rnd = random.Random(SEED)
    out = []
    for slug, size, effect, day in EVENTS:
        for _ in range(size):
            r = {"event": slug, "day": day, "about": {}, "answers": {}}
            role = pick(rnd, ROLE)
            about = r["about"]
            for key, table in (("gender", GENDER), ("disability", DISABILITY),
                               ("firstgen", FIRSTGEN), ("language", LANGUAGE)):
                v = pick(rnd, table)
                if v is not None:
                    about[key] = v
            if role is not None:
                about["role"] = role
                if role == "student":
                    about["grade"] = pick(rnd, [("k5", 20), ("g6_8", 40),
                                                ("g9_12", 40)])
                else:
                    about["grade"] = "adult"
            u = rnd.random()
            if u < 0.04:
                pass			# race not answered
            elif u < 0.07:
                about["race"] = ["prefer_not"]
            else:
                race = [pick(rnd, RACE1)]
                if rnd.random() < 0.12:
                    second = pick(rnd, RACE1)
                    if second != race[0]:
                        race.append(second)
                about["race"] = race
            latent = effect + rnd.gauss(0, 1)
            latent -= {"woman": 0.15, "nonbinary": 0.7}.get(about.get("gender"), 0)
            latent -= 0.4 if about.get("disability") == "yes" else 0
            latent -= 0.2 if about.get("firstgen") == "yes" else 0
            spanish = about.get("language") == "es" and rnd.random() < 0.7 \
                or rnd.random() < 0.08
            r["lang"] = "es" if spanish else "en"
            for it in LIKERT:
                if rnd.random() < 0.06:
                    continue	# skipped
                v = round(3.2 + 0.8 * latent + OFFSET[it] + rnd.gauss(0, 0.75))
                r["answers"][it] = max(1, min(5, v))
            if rnd.random() >= 0.04:
                v = round(7 + 1.6 * latent + rnd.gauss(0, 1.4))
                r["answers"]["recommend"] = max(0, min(10, v))
            out.append(r)
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


def cmd_submit(url):
    for r in make_responses():
        # Each form comes with a fresh response id and a token for it.
        st, ev = http_json("%s/api/v1/events/%s" % (url, r["event"]))
        if st != 200:
            sys.exit("GET event %s: %s %s" % (r["event"], st, ev))
        body = {"id": ev["id"], "token": ev["token"], "lang": r["lang"],
                "answers": r["answers"], "about": r["about"]}
        st, ans = http_json("%s/api/v1/events/%s/responses" % (url, r["event"]),
                            body)
        if st != 201:
            sys.exit("submission refused: %s %s" % (st, ans))
        if r["day"] is not None:
            print("update response set submitted_at = '%s 12:00' "
                  "where id = '%s';" % (r["day"], ev["id"]))


def cmd_instrument(path):
    """pulse's items and about-you questions, none of the items required."""
    items = [
        ("belong", "likert5", "belonging", "I felt like I belonged here.",
         "Sentí que pertenecía aquí."),
        ("welcome", "likert5", "include", "People here made me feel welcome.",
         "Las personas aquí me hicieron sentir bienvenido o bienvenida."),
        ("voice", "likert5", "engage", "My questions and ideas were listened to.",
         "Escucharon mis preguntas e ideas."),
        ("future", "likert5", "inspire", "I can see myself doing STEM in the future.",
         "Me veo haciendo STEM en el futuro."),
        ("recommend", "scale0_10", "celebrate",
         "How likely are you to tell a friend to come next time?",
         "¿Qué tan probable es que le digas a un amigo o amiga que venga?"),
    ]
    d = {"key": "pulse-opt", "version": 1, "languages": ["en", "es"],
         "title": {"en": "How was it?", "es": "¿Qué tal te fue?"},
         "items": [{"id": i, "type": t, "construct": c, "required": False,
                    "text": {"en": en, "es": es}} for i, t, c, en, es in items],
         "about": ["role", "grade", "gender", "race", "disability", "firstgen",
                   "language"]}
    with open(path, "w") as f:
        json.dump(d, f, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "instrument":
        cmd_instrument(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "submit":
        cmd_submit(sys.argv[2])
    else:
        sys.exit("usage: stats_fixture.py instrument FILE | submit URL")
