"""Cut a block-style YAML document into pieces that parse on their own.

A large spec is a mapping of mappings (paths -> path items, components -> schemas -> a
schema) in block style. An entry of such a mapping, cut out of the text with its
indentation, is a YAML document of its own, and parsed alone it gives the value it has in
the whole. So the loader can keep each piece's value under the hash of its text, and after
an edit parse only the pieces whose text changed.

The cut is conservative. Only a line that starts a key at the exact column of its
siblings, under a key with nothing after its colon, starts a piece; anything unusual keeps
its mapping in one piece, or the document whole. What could still run across a cut (an
alias to an anchor in another piece, a quoted string or a flow collection that goes on)
makes a piece fail to parse alone or give something other than one entry, and the loader
then parses the whole text instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTENT_LINE = re.compile(r"^( *)([^ \r\n#])", re.M)  # not blank, not only a comment
_NOT_A_KEY = frozenset("-?:,[]{}#&*!|>%@`\t")  # indicators that may start a line, but not a key we cut at
_OPEN_KEY = re.compile(r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s#'"][^\n#]*?)[ \t]*:[ \t]*(?:#[^\n]*)?\r?""")
_DOCUMENT_START = re.compile(r"---[ \t]*(?:#[^\n]*)?\r?(?:\n|$)")  # alone on its line
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")  # line breaks to YAML 1.1, besides \n and \r\n
_MIN_LINES = 300  # a mapping shorter than this stays in one piece
_MAX_DEPTH = 3  # cut inside at most this many levels of keys


Header = tuple[int, str]  # a line `key:` over a cut mapping: its 0-based number, its text


@dataclass(frozen=True)
class Piece:
    parents: tuple[Header, ...]  # the mappings the piece is an entry of, outermost first
    line: int  # 0-based line of the piece's first line in the whole text
    text: str


def cut(text: str) -> list[Piece] | None:
    """The document's pieces in order; None when it is not a block mapping to cut."""
    if any(c in text for c in _OTHER_BREAKS) or text.count("\r") != text.count("\r\n"):
        return None  # YAML breaks lines there too: our lines would not be YAML's
    starts: list[int] = []
    columns: list[int] = []
    for match in _CONTENT_LINE.finditer(text):
        starts.append(match.start())
        columns.append(len(match[1]))
    first = 1 if starts and _DOCUMENT_START.match(text, starts[0]) else 0  # (`---` over the one document)
    if len(starts) <= first or columns[first] != 0:
        return None
    cutter = _Cutter(text, starts, columns)
    if not cutter.mapping(first, len(starts), 0, (), 0):
        return None
    return cutter.pieces


class _Cutter:
    def __init__(self, text: str, starts: list[int], columns: list[int]) -> None:
        self.text = text
        self.starts = starts
        self.columns = columns
        self.pieces: list[Piece] = []
        self._line = 0  # line number at self._pos, counted forward as pieces are made
        self._pos = 0

    def mapping(self, lo: int, hi: int, column: int, parents: tuple[Header, ...], depth: int) -> bool:
        """Cut content lines [lo, hi), a block mapping whose keys are at `column`, into
        pieces; False (and nothing added) when its lines are not that."""
        columns, starts, text = self.columns, self.starts, self.text
        # (a `- ` at the keys' column is an item of a list written without indentation under
        # the key above it, as PyYAML and others write lists: part of that key's entry)
        entries = [i for i in range(lo, hi) if columns[i] == column and not self._item(i, column)]
        if not entries or entries[0] != lo or any(columns[i] < column for i in range(lo, hi)):
            return False
        for i in entries:
            first = text[starts[i] + column]
            if first in _NOT_A_KEY or text.startswith(("---", "...", "<<"), starts[i] + column):
                return False
        for n, i in enumerate(entries):
            end = entries[n + 1] if n + 1 < len(entries) else hi
            if not (depth < _MAX_DEPTH and end - i > _MIN_LINES and self._inner(i, end, column, parents, depth)):
                self._piece(parents, starts[i], starts[end] if end < len(starts) else len(text))
        return True

    def _item(self, i: int, column: int) -> bool:
        """Whether content line i starts a block list item at `column`."""
        at = self.starts[i] + column
        return self.text.startswith("-", at) and self.text[at + 1 : at + 2] in ("", " ", "\t", "\r", "\n")

    def _inner(self, i: int, end: int, column: int, parents: tuple[Header, ...], depth: int) -> bool:
        """Cut the entry starting at content line i into its own entries, if it is a key with
        nothing after the colon over a block mapping."""
        starts, text = self.starts, self.text
        line_end = text.find("\n", starts[i])
        header = text[starts[i] : line_end if line_end != -1 else len(text)]
        if not _OPEN_KEY.fullmatch(header, column):
            return False
        inner_column = self.columns[i + 1]
        line = self._line + text.count("\n", self._pos, starts[i])  # pieces before it are made
        return inner_column > column and self.mapping(i + 1, end, inner_column, (*parents, (line, header)), depth + 1)

    def _piece(self, parents: tuple[Header, ...], start: int, end: int) -> None:
        self._line += self.text.count("\n", self._pos, start)
        self._pos = start
        self.pieces.append(Piece(parents, self._line, self.text[start:end]))
