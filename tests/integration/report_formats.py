#!/usr/bin/env python3
"""Read back the markdown or LaTeX table of a report, trend or reach and
compare it, cell by cell, with the same command's --format json.

usage: report_formats.py markdown|latex JSON OUTPUT

The paper layout (report_out.h): value, lo and hi as one cell
"value [lo, hi]", the label in words in place of the slug (the slug when
there is no label), every other column as it is; a suppressed cell reads
"suppressed", never a number.  LaTeX is also checked for structure: every
environment closed in order, braces balanced, one table float with its
caption above one booktabs tabular, no special character left bare.

Prints the caption (read back) on the first line, "rows N" on the
second, then each row read back, its cells separated by tabs; exits 1
with a message on stderr at the first difference.
"""
import json
import re
import sys

PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
LATEX_ESCAPES = [
    ("\\textbackslash{}", "\\"), ("\\textasciitilde{}", "~"),
    ("\\textasciicircum{}", "^"), ("\\textless{}", "<"),
    ("\\textgreater{}", ">"), ("\\textbar{}", "|"),
    ("\\#", "#"), ("\\$", "$"), ("\\%", "%"), ("\\&", "&"), ("\\_", "_"),
    ("\\{", "{"), ("\\}", "}"), ("$-$", "-"), ("{}", ""),
]


class Num(str):
    """A JSON number, kept as printed (100.00 stays 100.00)."""


def fail(msg):
    sys.stderr.write("report_formats.py: %s\n" % msg)
    sys.exit(1)


def md_unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in PUNCT:
            i += 1
        out.append(s[i])
        i += 1
    return "".join(out)


def md_split(line):
    """The cells of a pipe-table line: a pipe after a backslash is text."""
    if not line.startswith("|") or not line.endswith("|"):
        fail("not a table line: %r" % line)
    cells, cur, i = [], [], 1
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line):
            cur.append(line[i:i + 2])
            i += 2
            continue
        if c == "|":
            cells.append(md_unescape("".join(cur).strip()))
            cur = []
        else:
            cur.append(c)
        i += 1
    return cells


def read_markdown(text):
    lines = text.split("\n")
    if not lines[0].startswith("Table: ") or lines[1] != "":
        fail("no caption line above the table")
    caption = md_unescape(lines[0][len("Table: "):])
    rows = []
    i = 2
    while i < len(lines) and lines[i].startswith("|"):
        rows.append(md_split(lines[i]))
        i += 1
    if len(rows) < 2:
        fail("no header and separator")
    header, sep, body = rows[0], rows[1], rows[2:]
    for s in sep:
        if not re.fullmatch(r":-+|-+:", s):
            fail("bad separator cell %r" % s)
    for r in body:
        if len(r) != len(header):
            fail("row of %d cells under %d columns: %r" % (len(r), len(header), r))
    rest = [l for l in lines[i:] if l != ""]
    for l in rest:
        if not l.startswith("*Note.* "):
            fail("after the table, not a note: %r" % l)
    align = ["r" if s.endswith(":") else "l" for s in sep]
    return caption, header, align, body


def latex_read(s):
    out, i = [], 0
    while i < len(s):
        for esc, plain in LATEX_ESCAPES:
            if s.startswith(esc, i):
                out.append(plain)
                i += len(esc)
                break
        else:
            if s[i] in "\\#$%&_{}~^":
                fail("bare %r in a cell: %r" % (s[i], s))
            out.append(s[i])
            i += 1
    return "".join(out)


def check_structure(text):
    """Environments closed in order; braces balanced (\\{ \\} aside)."""
    stack = []
    for m in re.finditer(r"\\(begin|end)\{([^}]*)\}", text):
        # \textbackslash{}end\{x\} does not match: no backslash before "end"
        if m.group(1) == "begin":
            stack.append(m.group(2))
        elif not stack or stack.pop() != m.group(2):
            fail("\\end{%s} closes nothing open" % m.group(2))
    if stack:
        fail("not closed: %s" % stack)
    depth = 0
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in "{}\\":
            i += 2
            continue
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth < 0:
                fail("a } closes nothing")
        i += 1
    if depth != 0:
        fail("braces do not balance")
    if len(re.findall(r"(?<!\\)\$", text)) % 2 != 0:
        fail("an unpaired $")


def read_latex(text):
    check_structure(text)
    lines = text.rstrip("\n").split("\n")
    want = ["\\begin{table}[htbp]", "\\centering"]
    if lines[:2] != want:
        fail("does not begin with a table float: %r" % lines[:2])
    m = re.fullmatch(r"\\caption\{(.*)\}", lines[2])
    if not m:
        fail("no caption above the tabular: %r" % lines[2])
    caption = latex_read(m.group(1))
    m = re.fullmatch(r"\\begin\{tabular\}\{([lr]+)\}", lines[3])
    if not m or lines[4] != "\\toprule" or lines[6] != "\\midrule":
        fail("not a booktabs tabular: %r" % lines[3:7])
    align = list(m.group(1))
    end = lines.index("\\bottomrule")
    if lines[end + 1] != "\\end{tabular}" or lines[-1] != "\\end{table}":
        fail("tabular or table not closed where expected")
    if text.count("\\begin{tabular}") != 1 or text.count("\\end{tabular}") != 1:
        fail("more than one tabular")
    rows = []
    for line in [lines[5]] + lines[7:end]:
        if not line.endswith(" \\\\"):
            fail("row does not end in \\\\: %r" % line)
        cells = line[:-3].split(" & ")
        if len(cells) != len(align):
            fail("row of %d cells under %d columns: %r" % (len(cells), len(align), line))
        for c in cells:
            if c.lstrip(" ").startswith(("[", "*")):
                fail("a cell gives \\\\ an argument: %r" % c)
        rows.append([latex_read(c) for c in cells])
    for line in lines[end + 2:-1]:
        if not (line.startswith("\\textit{Note.} ") or line in (
                "\\par\\smallskip", "\\begin{minipage}{\\linewidth}",
                "\\footnotesize", "\\end{minipage}")):
            fail("after the tabular: %r" % line)
    return caption, rows[0], align, rows[1:]


def shown(s):
    """Text as every format but JSON shows it (output.h): controls, DEL,
    C1 and the bidirectional overrides and isolates as visible escapes."""
    out = []
    for ch in s:
        cp = ord(ch)
        if ch in "\t\n\r":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r"}[ch])
        elif cp < 0x20 or 0x7f <= cp <= 0x9f or 0x202a <= cp <= 0x202e or \
                0x2066 <= cp <= 0x2069:
            out.append("\\u%04x" % cp)
        else:
            out.append(ch)
    return "".join(out)


def interval_of(cols, c):
    """The columns of c's interval (report_out.c's interval_of), or None."""
    if c == "n":
        return None
    if c == "value" or ("lo" in cols and cols.index(c) + 1 == cols.index("lo")
                        and "value" not in cols):
        lo, hi = "lo", "hi"
    else:
        lo, hi = c + "_lo", c + "_hi"
    return (lo, hi) if lo in cols and hi in cols else None


def expected(doc, numeric):
    """The paper's header and rows made from the JSON rows."""
    rows = doc["rows"]
    if not rows:
        fail("no rows in the JSON")
    cols = [k for k in rows[0] if k != "suppressed"]
    words = "group" in cols and "label" in cols
    used = {"group"} if words else set()
    ivals = {}
    for c in cols:
        iv = interval_of(cols, c) if c in numeric else None
        if iv:
            ivals[c] = iv
            used.update(iv)
    header, src = [], []
    for c in cols:
        if c in used:
            continue
        if words and c == "label":
            header.append("group")
        elif c in ivals:
            header.append(("estimate" if c == "value" else c) + " [95% CI]")
        else:
            header.append(c)
        src.append(c)
    out = []
    for r in rows:
        cells = []
        for c in src:
            if c in ivals:
                v, lo, hi = r[c], r[ivals[c][0]], r[ivals[c][1]]
                if v is not None and lo is not None and hi is not None:
                    cells.append("%s [%s, %s]" % (v, lo, hi))
                else:
                    cells.append(v)
            elif c == "label" and words and not r["label"]:
                cells.append(r["group"])
            else:
                cells.append(r[c])
        out.append((cells, r.get("suppressed", False)))
    return header, src, out


def main():
    fmt, jpath, opath = sys.argv[1:4]
    with open(jpath, encoding="utf-8") as f:
        # numbers as printed, so that 100.00 stays 100.00
        doc = json.load(f, parse_float=Num, parse_int=Num)
    with open(opath, encoding="utf-8") as f:
        text = f.read()
    if fmt == "markdown":
        caption, header, align, body = read_markdown(text)
    else:
        caption, header, align, body = read_latex(text)
    # The number columns: those right-aligned in the output, which must
    # be JSON numbers or null wherever they are.
    numeric = set()
    for r in doc["rows"]:
        for k, v in r.items():
            if isinstance(v, Num):
                numeric.add(k)
    want_header, src, want = expected(doc, numeric)
    if header != want_header:
        fail("header %r, want %r" % (header, want_header))
    if len(body) != len(want):
        fail("%d rows, want %d" % (len(body), len(want)))
    for k, c in enumerate(src):
        if c in numeric and align[k] != "r":
            fail("column %s not right-aligned" % c)
    for got, (cells, sup) in zip(body, want):
        for k, (g, w) in enumerate(zip(got, cells)):
            if w is None and sup and g in ("", "suppressed"):
                continue
            if shown(w if w is not None else "") != g:
                fail("column %s: %r, want %r (row %r)" % (header[k], g, w, got))
        if sup and "suppressed" not in got:
            fail("a suppressed row does not say so: %r" % got)
    print(caption)
    print("rows %d" % len(body))
    for got in body:
        print("\t".join(got))


main()
