"""Check a page belong publish wrote against the CLI's own JSON.

usage: publish_check.py PAGE LANG PROGRESS.json LIST.json REPORT.json
           EVENTS.json BOARD.json|- MIN_N

Prints one "description|got|want" line per check (publish.sh turns them
into TAP): every figure on the page (the <data value> of each cell of the
commitments table and of the headline) equal to the JSON's, suppressed
figures as the word, titles and board text equal to the database's once
unescaped, and what a static public page must not have (scripts, event
handler attributes, URLs of another origin).
"""
import json
import re
import sys
from html.parser import HTMLParser

page, lang = sys.argv[1], sys.argv[2]
progress = json.load(open(sys.argv[3]))
clist = {c["slug"]: c for c in json.load(open(sys.argv[4]))}
report = json.load(open(sys.argv[5]))
events = json.load(open(sys.argv[6]))
board = None if sys.argv[7] == "-" else json.load(open(sys.argv[7]))
min_n = sys.argv[8]
SUP = {"en": "suppressed", "es": "suprimido"}[lang]


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # open elements: (tag, attrs)
        self.row = None          # the commitment row's slug
        self.cell = None         # the cell's class
        self.cells = {}          # slug -> class -> {"data": [...], "text": ""}
        self.head = {}           # headline id -> {"data": [...], "text": ""}
        self.headid = None
        self.th_text = {}        # slug -> the row header's text
        self.in_th = False
        self.tags = []           # every start tag: (tag, attrs)
        self.html_lang = None
        self.text = []           # all text
        self.said = []           # board: the items' text
        self.did = []            # board: the replies' text
        self.cur = None          # (list, index) of board text being read

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "tr" and (a.get("id") or "").startswith("c-"):
            self.row = a["id"][2:]
            self.cells[self.row] = {}
        if tag == "th" and self.row is not None and a.get("scope") == "row":
            self.in_th = True
            self.th_text[self.row] = ""
        if tag == "td" and self.row is not None:
            self.cell = (a.get("class") or "").split()[0]
            self.cells[self.row][self.cell] = {"data": [], "text": ""}
        if tag == "div" and (a.get("id") or "").startswith("h-"):
            self.headid = a["id"]
            self.head[self.headid] = {"data": [], "text": ""}
        if tag == "data":
            tgt = self.target()
            if tgt is not None:
                tgt["data"].append(a.get("value"))
        if tag == "p" and a.get("class") == "said":
            self.said.append("")
            self.cur = (self.said, len(self.said) - 1)
        if tag == "li" and self.stack and self.stack[-1][0] == "ul" and \
                self.stack[-1][1].get("class") == "did":
            self.did.append("")
            self.cur = (self.did, len(self.did) - 1)
        if tag not in ("meta", "link", "img", "br", "input"):
            self.stack.append((tag, a))

    def target(self):
        if self.row is not None and self.cell is not None:
            return self.cells[self.row][self.cell]
        if self.headid is not None:
            return self.head[self.headid]
        return None

    def handle_endtag(self, tag):
        while self.stack:
            t, a = self.stack.pop()
            if t == tag:
                break
        if tag == "tr":
            self.row = None
        if tag == "td":
            self.cell = None
        if tag == "th":
            self.in_th = False
        if tag == "div" and self.headid is not None and \
                not any(t == "div" and (a.get("id") or "").startswith("h-")
                        for t, a in self.stack):
            self.headid = None
        if tag in ("p", "li"):
            self.cur = None

    def handle_data(self, d):
        self.text.append(d)
        tgt = self.target()
        if tgt is not None:
            tgt["text"] += d
        if self.in_th and self.row is not None:
            self.th_text[self.row] += d
        if self.cur is not None:
            lst, i = self.cur
            lst[i] += d


raw = open(page, encoding="utf-8").read()
p = Page()
p.feed(raw)
p.close()


def out(desc, got, want):
    print(f"{desc}|{got}|{want}")


def num(v):
    return None if v is None else float(v)


def same(a, b):
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9


out("html lang", p.html_lang, lang)
out("no script element", sum(1 for t, _ in p.tags if t == "script"), 0)
out("no event handler attribute",
    [f"{t} {k}" for t, at in p.tags for k, _ in at if k.lower().startswith("on")], [])
ext = [f"{t} {k}={v}" for t, at in p.tags for k, v in at
       if k in ("src", "href", "action", "srcset", "poster", "data")
       and v is not None and (re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", v, re.I))]
out("no URL with a scheme or another host in src or href", ext, [])
out("no style attribute or element with url()",
    [t for t, at in p.tags if any(k == "style" and "url(" in (v or "") for k, v in at)] +
    (["style"] if re.search(r"<style[^>]*>[^<]*url\(", raw) else []), [])
out("every img has alt text", [t for t, at in p.tags if t == "img" and
                               not (dict(at).get("alt") or "").strip()], [])
out("the page has no raw < from the database", "<script>" in raw or "<b>" in raw, False)

# The commitments table against commitment progress.
want_slugs = [r["slug"] for r in progress]
out("commitment rows", list(p.cells.keys()), want_slugs)
for r in progress:
    s = r["slug"]
    cells = p.cells.get(s, {})
    sup = r.get("suppressed") is True
    out(f"{s}: title as stored", p.th_text.get(s), clist[s]["title"])

    def check(cls, keys):
        c = cells.get(cls, {"data": [], "text": ""})
        want = [r[k] for k in keys]
        nums = [w for w in want if isinstance(w, (int, float))]
        got = [float(x) for x in c["data"]]
        if cls == "baseline" and clist[s]["baseline_from"] is None:
            out(f"{s}: {cls}: no baseline set", c["data"], [])
            return
        out(f"{s}: {cls}: figures", got, [float(x) for x in nums])
        withheld = [k for k in keys if r[k] is None or r[k] == "suppressed"]
        if sup and withheld and r[keys[0]] in (None, "suppressed"):
            out(f"{s}: {cls}: says {SUP}", SUP in c["text"], True)

    check("baseline", ["baseline"])
    check("value", ["value", "lo", "hi"] if r["lo"] is not None else ["value"])
    check("target", ["target"])
    check("progress", ["progress"])
    check("projection", ["projection", "projection_lo", "projection_hi"]
          if r["projection_lo"] is not None else ["projection"])
    out(f"{s}: due", cells.get("due", {}).get("text"), r["due"])
    if sup:
        out(f"{s}: status says {SUP}", cells.get("status", {}).get("text"), SUP)

# The headline against report and event list.
real = [e for e in events if not e["test"]]
out("headline: events", [float(x) for x in p.head["h-events"]["data"]], [float(len(real))])
reached = sum(e["attendance"] for e in real if e["attendance"] is not None)
without = sum(1 for e in real if e["attendance"] is None)
out("headline: people reached", [float(x) for x in p.head["h-reached"]["data"]],
    [float(reached)] + ([float(without)] if without else []))
rows = {r["indicator"]: r for r in report["rows"] if r["group"] == "all"}
resp = rows["respondents"]
out("headline: respondents", [float(x) for x in p.head["h-respondents"]["data"]],
    [] if resp["suppressed"] else [float(resp["n"])])
bel = rows["belonging"]
out("headline: belonging", [float(x) for x in p.head["h-belonging"]["data"]],
    [] if bel["suppressed"] else [float(bel[k]) for k in ("value", "lo", "hi")
                                  if bel[k] is not None])

# The board list: each item's text and each public reply, as stored.
if board is not None:
    said = [s.split(":", 1)[1].strip() for s in p.said]
    out("board: the public items' text", said,
        [i["text"].replace("\x1b", "\ufffd") for i in board])
    did = [d.split(")", 1)[1].strip() for d in p.did]
    out("board: the public replies", did, [x["note"] for i in board for x in i["replies"]])
else:
    out("board: no section", "h-board" in raw, False)
