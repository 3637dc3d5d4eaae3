"""Docstring lines wrapped to the line length, as a person would wrap Markdown.

A paragraph whose lines all fit keeps the author's lines. One with a line too long for its place
is joined and wrapped again at spaces (Markdown joins a paragraph's lines anyway): breaking
only the long line would leave a few words alone on a line before the author's next one. A
code span or a link is never broken inside; a list item or an `Args:` entry continues under
its text; fenced and indented code, table rows and headings stay as they are, and so does a
word longer than the line (a URL).
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"(?:[-*+]|\d{1,3}[.)])\s+")  # a list item's bullet or number
_ENTRY = re.compile(r"\w+: ")  # `name: ` of an `Args:` entry
_KEPT_WHOLE = re.compile(r"`[^`]+`|\[[^\]]*\]\([^)]*\)")  # code spans, links
_SPACE = "\x00"  # a space inside what is kept whole, while wrapping
# A word that at the start of a line would begin a block (a list item, a heading, a quote,
# a table row, a fence) or underline the line before: ec2's `(a | b)` wrapped before `|`.
_STARTS_A_BLOCK = re.compile(r"[-+*>|]|#{1,6}|\d{1,9}[.)]|=+|-+|```.*|~~~.*")


def wrap(lines: list[str], width: int, first_width: int) -> list[str]:
    """`lines` (the docstring's, margin trimmed) with each paragraph holding a too long line
    wrapped again; `first_width` for the first line, which follows the opening quotes."""
    out: list[str] = []
    fence = ""
    in_args = False
    previous = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        end = i + 1
        if fence or stripped.startswith(("```", "~~~")):
            if not fence:
                fence = stripped[:3]
            elif stripped.startswith(fence):
                fence = ""
            out.append(line)
        elif line == "Args:":
            in_args = True
            out.append(line)
        elif not stripped or _verbatim(stripped) or (len(indent) >= 4 and not previous.strip() and not in_args):
            out.append(line)
        else:
            hanging = _hanging(stripped, indent, in_args)
            while end < len(lines) and _continues(lines[end], lines[end - 1], hanging):
                end += 1
            paragraph = lines[i:end]
            if all(len(row) <= (first_width if i + k == 0 else width) for k, row in enumerate(paragraph)):
                out += paragraph
            else:
                joined = indent + " ".join(row.strip() for row in paragraph)
                out += _broken(joined, indent, hanging, first_width if i == 0 else width, width)
        previous = lines[end - 1]
        i = end
    return out


def _verbatim(stripped: str) -> bool:
    """A table row or a heading: never wrapped, never joined."""
    return stripped.startswith(("|", "#"))


def _continues(line: str, previous: str, hanging: str) -> bool:
    """Whether `line` goes on with the paragraph whose continuation indent is `hanging`: a
    text line at that indent, after no hard break (two trailing spaces or a backslash)."""
    stripped = line.lstrip()
    return (
        bool(stripped)
        and len(line) - len(stripped) == len(hanging)
        and not previous.endswith(("  ", "\\"))
        and not _verbatim(stripped)
        and not stripped.startswith(("```", "~~~"))
        and not _MARKER.match(stripped)
        and line != "Args:"
    )


def _hanging(stripped: str, indent: str, in_args: bool) -> str:
    """The indent of a long line's continuation lines: under the text of an item or entry."""
    marker = _MARKER.match(stripped)
    if marker:
        return indent + " " * marker.end()
    if in_args and len(indent) == 2 and _ENTRY.match(stripped):
        return indent + "  "
    return indent


def _broken(line: str, indent: str, hanging: str, first_width: int, width: int) -> list[str]:
    """Greedy, at spaces; the first piece within `first_width`, the others within `width`."""
    text = _KEPT_WHOLE.sub(lambda m: m.group().replace(" ", _SPACE), line[len(indent) :])
    pieces: list[str] = []
    current, limit, empty = indent, first_width, True
    for word in text.split():
        if not empty and len(current) + 1 + len(word) > limit:
            head, _, last = current.rpartition(" ")
            if _STARTS_A_BLOCK.fullmatch(word) and head.strip() and not _MARKER.fullmatch(head.strip() + " "):  # (not a list item or a heading by a break)
                current, word = head, last + " " + word
            pieces.append(current)
            current, limit, empty = hanging + word, width, False
        else:
            current, empty = current + ("" if empty else " ") + word, False
    pieces.append(current)
    return [piece.replace(_SPACE, " ") for piece in pieces]
