"""Docstring lines wrapped to the line length, as a person would wrap Markdown.

A line the document's author wrote stays a line (their structure is kept: Markdown joins the
lines of a paragraph anyway); only a line too long for its place is broken, at spaces. A
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


def wrap(lines: list[str], width: int, first_width: int) -> list[str]:
    """`lines` (the docstring's, margin trimmed) with each too long one broken; `first_width`
    for the first line, which follows the opening quotes."""
    out: list[str] = []
    fence = ""
    in_args = False
    previous = ""
    for i, line in enumerate(lines):
        limit = first_width if i == 0 else width
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if fence or stripped.startswith(("```", "~~~")):
            if not fence:
                fence = stripped[:3]
            elif stripped.startswith(fence):
                fence = ""
            out.append(line)
        elif line == "Args:":
            in_args = True
            out.append(line)
        elif len(line) <= limit or stripped.startswith(("|", "#")) or (len(indent) >= 4 and not previous.strip() and not in_args):
            out.append(line)
        else:
            out += _broken(line, indent, _hanging(stripped, indent, in_args), limit, width)
        previous = line
    return out


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
            pieces.append(current)
            current, limit, empty = hanging + word, width, False
        else:
            current, empty = current + ("" if empty else " ") + word, False
    pieces.append(current)
    return [piece.replace(_SPACE, " ") for piece in pieces]
