"""HTML in the document's descriptions, read as the Markdown a docstring shows as text.

OpenAPI's descriptions are CommonMark, which lets HTML stand in for Markdown, and about a
sixth of the APIs.guru directory writes its descriptions in it: AWS's `<p>`, `<code>` and
`<ul><li>` on one line, `<a href>`, `<br>`, `<b>`. In a docstring those tags are noise
around the text. Here each tag of text layout becomes what Markdown writes for it:
paragraphs, list items, code spans, links, fenced `<pre>` blocks, table rows; and an
entity (`&lt;`) becomes its character.

Only lower-case tags of text layout are read, and AWS's `<note>`, `<important>` and
`<fullname>` where they are closed. Any other `<word>` is a placeholder of the text
(`Bearer <token>`, `<Code>` of an XML answer) and stays. Markdown's own code spans, fenced
and indented blocks keep their text, tags and entities included. Text outside every HTML
block keeps its lines, so a description in Markdown with a link or a `<br>` in it stays as
it was around them. A description without a tag or an entity of these is returned as it is.
"""

from __future__ import annotations

import functools
import re
import textwrap
from dataclasses import dataclass
from typing import Any

_BLOCKS = frozenset({"p", "div", "blockquote", "fullname", "dl", "center", "section", "article", "header", "footer"})
_LISTS = frozenset({"ul", "ol"})
_CODE = frozenset({"code", "tt", "kbd", "samp", "var"})
_STRONG = frozenset({"b", "strong"})
_EMPHASIS = frozenset({"i", "em"})
_DROPPED = frozenset({"span", "u", "small", "sup", "sub", "font", "abbr", "cite", "s", "del", "ins", "mark", "big", "nobr", "wbr"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TABLE = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"})
_LABELS = {"note": "Note:", "important": "Important:"}
_OTHERS = frozenset({"li", "dt", "dd", "br", "hr", "a", "img"})
_LAYOUT = _BLOCKS | _LISTS | _CODE | _STRONG | _EMPHASIS | _DROPPED | _HEADINGS | _TABLE | _OTHERS | set(_LABELS)
_ONLY_CLOSED = frozenset({"fullname", *_LABELS})  # AWS's own: read only where `</name>` follows

_TOKEN_PATTERNS = (
    r"(?P<fence>^[ ]{0,3}(?P<mark>```|~~~)[^\n]*\n.*?(?:^[ ]{0,3}(?P=mark)[^\n]*$|\Z))",
    r"(?P<span>(?P<ticks>`+)(?!`)(?-s:.+?)(?<!`)(?P=ticks)(?!`))",
    r"(?P<indented>(?:\A|(?<=\n\n))(?:[ ]{4}|\t)[^\n]*(?:\n(?:(?:[ ]{4}|\t)[^\n]*|[ \t]*(?=\n)))*)",
    r"(?P<pre><pre\b[^<>]*>(?P<code>.*?)(?:</pre\s*>|\Z))",
    r"(?P<comment><!--.*?(?:-->|\Z))",
    r"(?P<tag><(?P<close>/?)(?P<name>[a-z][a-z0-9]*)(?P<attrs>(?:\s[^<>]*)?)/?>)",
    r"(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});)",
)
_FIRST = r"(?=[`<&~ \t])"  # (what every token starts with: the search moves on faster elsewhere)


@functools.cache  # (compiled when a description first has markup: most runs need it never)
def _tokens(in_html: bool) -> re.Pattern[str]:
    """The tokens; within an HTML block, indented lines are its own layout, no Markdown code."""
    patterns = [p for p in _TOKEN_PATTERNS if not (in_html and "indented" in p)]
    return re.compile(_FIRST + "(?:" + "|".join(patterns) + ")", re.DOTALL | re.MULTILINE)


def _unescape(text: str) -> str:
    from html import unescape  # (its table of entities costs 5 ms to import: only when one is met)

    return unescape(text)

_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MARKUP = re.compile(r"<[a-z/!]|&#?[a-zA-Z0-9]+;")


def doc_text(value: Any) -> str | None:
    """A description, summary or title of the document, its HTML as Markdown and its ends
    trimmed; None for none, or for a value that is not text."""
    return (markdown(value).strip() or None) if isinstance(value, str) else None


@functools.lru_cache(maxsize=8192)  # (AWS's documents repeat a parameter's text in each operation)
def markdown(text: str) -> str:
    """`text` with its HTML of text layout as Markdown; the same text when it has none."""
    if not _MARKUP.search(text) or not any(_read(m, text) for m in _tokens(False).finditer(text)):
        return text
    return _Writer(text).written()


def _read(m: re.Match[str], text: str) -> bool:
    """Whether a token is HTML this module reads (else it stays as written)."""
    if m["entity"] or m["pre"] or m["comment"]:
        return True
    name = m["name"]
    if name is None or name not in _LAYOUT:
        return False
    return name not in _ONLY_CLOSED or f"</{name}>" in text


@dataclass(frozen=True)
class _Break:
    """A line end to come: `lines` of them (2 for a blank line), then the next line's indent."""

    lines: int
    indent: str
    hard: bool = False  # `<br>`: two in a row make a blank line
    forced: bool = False  # a list item's or a table row's own line, even after a bullet


@dataclass(frozen=True)
class _Lead:
    """A bullet or a label: a break right after it (`<li><p>`) is not one."""

    text: str


class _Writer:
    """One description's Markdown, written token by token, line ends settled at the end."""

    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.out: list[str | _Break | _Lead] = []
        self.lists: list[list[int]] = []  # each open list: its next number, or [0] for bullets
        self.indent = ""  # where the lines of the current list item go on
        self.blocks = 0  # HTML blocks open: whitespace in them (and in lists and tables) is one space
        self.links: list[tuple[str, int]] = []  # each open `<a>`: its href, where its text starts
        self.rows = 0  # rows of the current table, and the cells of its first
        self.cells = 0

    def written(self) -> str:
        at = 0
        while m := _tokens(bool(self.blocks or self.lists or self.rows)).search(self.text, at):
            if m.start() > at:
                self._text(self.text[at : m.start()])
            at = m.end()
            if m["fence"] or m["span"] or m.groupdict().get("indented"):
                self.out.append(m.group())
            elif m["pre"]:
                self._pre(m["code"])
            elif m["entity"]:
                self._text(_unescape(m["entity"]))
            elif m["tag"] and _read(m, self.text):
                self._tag(m["name"], bool(m["close"]), m["attrs"] or "")
            elif not m["comment"]:
                self._text(m.group())
        if at < len(self.text):
            self._text(self.text[at:])
        lines = [line.rstrip() for line in _settled(self.out).replace("\xa0", " ").split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()

    def _text(self, text: str) -> None:
        self.out.append(re.sub(r"\s+", " ", text) if self.blocks or self.lists or self.rows else text)

    def _break(self, lines: int, **how: bool) -> None:
        self.out.append(_Break(lines, self.indent, **how))

    def _pre(self, code: str) -> None:
        code = textwrap.dedent(_unescape(re.sub(r"<[^<>]*>", "", code))).strip("\n")  # (the HTML's own indent)
        self._break(2)
        self.out.append(("\n" + self.indent).join(["```", *code.split("\n"), "```"]))
        self._break(2)

    def _tag(self, name: str, close: bool, attrs: str) -> None:
        opens = -1 if close else 1
        if name in _BLOCKS or name in _LABELS or name in _HEADINGS:
            self.blocks = max(self.blocks + opens, 0)
            self._break(2)
            lead = _LABELS.get(name) or ("#" * int(name[1]) if name in _HEADINGS else "")
            if lead and not close:
                self.out.append(_Lead(lead + " "))
        elif name in _LISTS:
            if close and self.lists:
                self.lists.pop()
                self.indent = "  " * len(self.lists)
            elif not close:
                self.lists.append([1 if name == "ol" else 0])
            self._break(1 if self.lists and (close or len(self.lists) > 1) else 2)
        elif name in ("li", "dt") and not close:
            self._item()
        elif name == "dd" and not close:
            self._break(1)
            self.out.append(_Lead("  "))
        elif name == "br":
            self._break(1, hard=True)
        elif name == "hr":
            self._break(2)
        elif name == "img":
            alt = _ALT.search(attrs)
            self._text(alt[1] or alt[2] or "" if alt else "")
        elif name in _TABLE:
            self._table(name, close)
        elif name in _CODE:
            self.out.append("`")
        elif name in _STRONG:
            self.out.append("**")
        elif name in _EMPHASIS:
            self.out.append("*")
        elif name == "a":
            self._anchor(close, attrs)

    def _item(self) -> None:
        outer = "  " * max(len(self.lists) - 1, 0)
        number = self.lists[-1] if self.lists else [0]
        bullet = f"{number[0]}. " if number[0] else "- "
        number[0] += bool(number[0])
        self.indent = outer
        self._break(1, forced=True)
        self.out.append(_Lead(bullet))
        self.indent = outer + " " * len(bullet)

    def _table(self, name: str, close: bool) -> None:
        if name == "table":
            self.rows, self.cells = 0, 0
            self._break(2)
        elif name == "tr" and not close:
            self.rows += 1
            self._break(1, forced=True)
            self.out.append("|")
        elif name == "tr" and self.rows == 1:
            self._break(1, forced=True)
            self.out.append("|---" * max(self.cells, 1) + "|")
        elif name in ("td", "th"):
            self.out.append(" |" if close else " ")
            self.cells += close and self.rows == 1

    def _anchor(self, close: bool, attrs: str) -> None:
        if not close:
            found = _HREF.search(attrs)
            href = next((g for g in found.groups() if g is not None), "") if found else ""
            self.links.append((_unescape(href).strip(), len(self.out)))
            return
        if not self.links:
            return
        href, at = self.links.pop()
        if not all(isinstance(p, str) for p in self.out[at:]):
            return
        label = " ".join("".join(p for p in self.out[at:] if isinstance(p, str)).split())
        if not href.startswith(("http://", "https://", "mailto:")) or not label or href == label:
            return
        fits = not {"[", "]"} & set(label) and not {" ", "(", ")"} & set(href)
        self.out[at:] = [f"[{label}]({href})" if fits else f"{label} ({href})"]


def _settled(out: list[str | _Break | _Lead]) -> str:
    """The pieces joined, each run of breaks one line end (the most lines any of them asks;
    none before the first text, after the last, or after a bullet alone on its line), and the
    spaces around a line end dropped."""
    pieces: list[str] = []
    pending: _Break | None = None
    bare = True  # only a bullet or a label (or nothing) since the last line end
    for piece in out:
        if isinstance(piece, _Break):
            if bare and not piece.forced and pieces:
                continue
            pending = piece if pending is None else _merged(pending, piece)
            continue
        text = piece.text if isinstance(piece, _Lead) else piece
        if bare or pending is not None:
            text = text.lstrip(" \t\n")
        if not text:
            continue
        if pending is not None and pieces:
            _end_line(pieces, pending)
            bare = True
        pending = None
        pieces.append(text)
        bare = bare and isinstance(piece, _Lead)
    return "".join(pieces)


def _end_line(pieces: list[str], end: _Break) -> None:
    """The spaces at the end of `pieces` dropped, and the line ends of `end` put after them
    (or as many as were there)."""
    ends = 0
    while pieces:
        last = pieces.pop()
        kept = last.rstrip(" \t\n")
        ends += last.count("\n", len(kept))
        if kept:
            pieces.append(kept)
            break
    pieces.append("\n" * max(end.lines, min(ends, 2)) + end.indent)


def _merged(first: _Break, then: _Break) -> _Break:
    """Two breaks in a row as one. The next item of a list ends its paragraph (`</p></li><li>`)
    with a line end only, so that a list stays tight."""
    if then.forced and first.indent:
        lines = then.lines
    elif first.hard and then.hard:
        lines = min(first.lines + then.lines, 2)
    else:
        lines = max(first.lines, then.lines)
    return _Break(lines, then.indent, then.hard, first.forced or then.forced)
