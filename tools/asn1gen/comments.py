"""The `--` and `/* */` comments of ASN.1 source, keyed by what they describe.

asn1tools drops comments, so this small scanner reads the source again. It knows just
enough ASN.1 to place a comment: strings, nested `/* */`, `--` to the end of the line or
to the next `--`, braces, commas and `[[ ]]`. `docs(text)` returns a dict from a path to
the comment's text:

- `(Type,)`: the comment lines directly above `Type ::= ...` (no blank line between),
  and a comment trailing on a line of the assignment outside braces;
- `(Type, member, ...)`: a member, alternative, enumerated value or named bit (nested
  for inline types): comment lines directly above it, and a comment trailing its line
  (with own-line comments continuing it at the same column).

Banner lines (only `=` or `-`) are dropped.
"""
import re

_WORD = re.compile(r"&?[A-Za-z0-9](?:[A-Za-z0-9_]|-(?!-))*")
_PUNCT = ("::=", "[[", "]]", "...", "..")


class _Tok:
    """A token: `kind` is "word", "punct" or "comment"; `own` marks a comment alone on its
    line, `col` its column."""

    def __init__(self, kind, text, line, col, own=False):
        self.kind, self.text, self.line, self.col, self.own = kind, text, line, col, own


def _tokens(text):
    """The tokens of `text`, comments included (strings are skipped)."""
    out, i, line, line_start, n = [], 0, 1, 0, len(text)
    seen_code = False  # a non-comment token earlier on this line
    while i < n:
        c = text[i]
        if c == "\n":
            line, line_start, seen_code, i = line + 1, i + 1, False, i + 1
        elif c.isspace():
            i += 1
        elif text.startswith("--", i):
            end = text.find("\n", i + 2)
            end = n if end < 0 else end
            close = text.find("--", i + 2, end)
            stop = end if close < 0 else close
            out.append(_Tok("comment", text[i + 2:stop].strip(), line, i - line_start, own=not seen_code))
            i = stop if close < 0 else close + 2
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            body = text[i + 2:j - 2]
            out.append(_Tok("comment", "\n".join(x.strip(" *\t") for x in body.splitlines()).strip(), line,
                            i - line_start, own=not seen_code))
            line += body.count("\n")
            i = j
        elif c == '"':
            j = i + 1
            while j < n and not (text[j] == '"' and not text.startswith('""', j)):
                j += 2 if text.startswith('""', j) else 1
            line += text.count("\n", i, j)
            i, seen_code = j + 1, True
        else:
            m = _WORD.match(text, i)
            if m:
                out.append(_Tok("word", m.group(), line, i - line_start))
                i = m.end()
            else:
                p = next((p for p in _PUNCT if text.startswith(p, i)), c)
                out.append(_Tok("punct", p, line, i - line_start))
                i += len(p)
            seen_code = True
    return out


def _clean(lines):
    """Comment lines without banners, joined."""
    return "\n".join(x for x in lines if x and not re.fullmatch(r"[=\-*]+", x)).strip()


class _Frame:
    """A brace level: `path` of its owner; `item` the path of the current item in it."""

    def __init__(self, path):
        self.path, self.item, self.start = path, None, True


def docs(text):
    """The comments of the ASN.1 source `text`, keyed by path (see the module doc)."""
    toks = _tokens(text)
    found = {}
    frames = []
    current = None  # the type assignment being read (outside braces)
    pending = []  # own-line comments waiting for the next item or assignment
    last = None  # (path, line, col) of the last trailing comment, for continuations

    def add(path, line):
        if path is not None:
            found.setdefault(path, []).append(line)

    def take_pending(line):
        """The pending comments directly above `line` (contiguous, no blank line)."""
        run, want = [], line - 1
        for c in reversed(pending):
            if c.line + c.text.count("\n") != want:
                break
            run.insert(0, c.text)
            want = c.line - 1
        pending.clear()
        return run

    prev = None
    for k, t in enumerate(toks):
        if t.kind == "comment":
            if not t.own:
                owner = (frames[-1].item or frames[-1].path) if frames else current
                add(owner, t.text)
                last = (owner, t.line, t.col)
            elif last and t.line == last[1] + 1 and t.col == last[2]:
                add(last[0], t.text)
                last = (last[0], t.line, t.col)
            else:
                pending.append(t)
                last = None
            continue
        if not frames and (prev is None or prev.line != t.line):
            # A line outside braces: a new assignment if it holds `::=`.
            rest = [x for x in toks[k:] if x.line == t.line and x.kind != "comment"]
            if any(x.text == "::=" for x in rest):
                is_type = (t.kind == "word" and t.text[:1].isupper() and len(rest) > 1 and rest[1].text == "::=")
                current = (t.text,) if is_type else None
                for line in take_pending(t.line):
                    add(current, line)
        if t.text == "{":
            owner = (frames[-1].item or frames[-1].path) if frames else current
            frames.append(_Frame(owner))
        elif t.text == "}" and frames:
            frames.pop()
            pending.clear()
        elif frames and t.text == ",":
            frames[-1].start = True
        elif frames and frames[-1].start and t.text != "[[":
            f = frames[-1]
            f.start = False
            f.item = f.path + (t.text,) if t.kind == "word" and f.path is not None else None
            for line in take_pending(t.line):
                add(f.item, line)
        prev = t
    return {p: _clean(lines) for p, lines in found.items() if _clean(lines)}
