"""Every string from the spec reaches generated code through this module, never raw."""

from __future__ import annotations

import functools
import re

from generator.docwrap import wrap
from generator.format import LINE_LENGTH

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def literal(value: object) -> str:
    """A Python literal for a JSON value; `repr` cannot be injected into.

    Strings get black's own quote choice, so that black has nothing to change in them.
    """
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bytes):
        return _black_quotes(repr(value))
    if isinstance(value, (int, float, bool)) or value is None:
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(str(value))


def _string(value: str) -> str:
    # Without a double quote inside, black's choice is plain: double quotes around repr's
    # body (repr only picks double quotes itself when the text holds a single quote).
    if '"' not in value:
        text = repr(value)
        return text if text[0] == '"' else f'"{text[1:-1]}"'
    return _black_quotes(repr(value))


def _black_quotes(text: str) -> str:
    """black's choice of quotes for a repr() (of str or bytes): double quotes, unless they
    take more backslashes (each `"` escaped) than the single ones did (each `'`). repr puts
    double quotes only around text without any, which black keeps as they are."""
    start = 1 if text[0] == "b" else 0
    if text[start] == '"':
        return text
    body = text[start + 1 : -1]
    singles = doubles = 0
    out: list[str] = []
    i = 0
    while i < len(body):  # repr's body: plain characters and backslash pairs
        char = body[i]
        if char == "\\":
            pair = body[i : i + 2]
            if pair == "\\'":
                singles += 1
                out.append("'")
            else:
                out.append(pair)
            i += 2
            continue
        if char == '"':
            doubles += 1
            out.append('\\"')
        else:
            out.append(char)
        i += 1
    return text if doubles > singles else text[:start] + '"' + "".join(out) + '"'


def docstring_text(text: str | None) -> str:
    """Text that is safe inside a triple-quoted docstring, or '' when there is none."""
    if not text:
        return ""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = [line.rstrip() for line in text.strip().split("\n")]
    text = "\n".join(lines)
    if text.endswith('"'):
        text += " "
    return text


@functools.lru_cache(maxsize=8192)  # the same text in sync and async methods, in a model and its params
def docstring(text: str | None, indent: str = "") -> str:
    """A complete docstring literal (with quotes), indented for its block; '' when empty.

    Laid out as black lays docstrings out (its own function does the indentation), so
    that black has nothing left to change.
    """
    body = docstring_text(text)
    if not body:
        return ""
    if body.startswith('"'):
        body = " " + body
    if "\n" not in body and len(indent) + len(body) + 6 <= LINE_LENGTH:
        return f'"""{body}"""'
    paragraphs = _docstring_lines(body, "").split("\n")
    lines = wrap(paragraphs, LINE_LENGTH - len(indent), LINE_LENGTH - len(indent) - 3)
    quotes = 7 if lines[0].endswith('"') else 6  # (and a space between four quotes in a row)
    if len(lines) == 1 and len(indent) + len(lines[0]) + quotes > LINE_LENGTH:
        # black keeps the quotes of a one-line docstring on its line: leave them room
        lines = wrap(paragraphs, LINE_LENGTH - len(indent), LINE_LENGTH - len(indent) - quotes)
    single = lines[0] + " " if lines[0].endswith('"') else lines[0]  # not four quotes in a row
    if len(lines) == 1:  # (over the limit only when one word is)
        return f'"""{single}"""'
    body = "\n".join([lines[0], *(indent + line if line else "" for line in lines[1:])])
    return f'"""{body}\n{indent}"""'


def _docstring_lines(body: str, indent: str) -> str:
    """PEP 257's trim, as black applies it: the common margin of the lines after the first
    removed (leading tabs as four columns), then the block's indent put before each."""
    lines = []
    for line in body.split("\n"):
        stripped = line.lstrip()
        lines.append(line if not stripped or stripped == line else line[: len(line) - len(stripped)].expandtabs(4) + stripped)
    margins = [len(line) - len(line.lstrip()) for line in lines[1:] if line.lstrip()]
    trimmed = [lines[0].strip()]
    if margins:
        margin = min(margins)
        for i, line in enumerate(lines[1:], 1):
            kept = line[margin:].rstrip()
            trimmed.append(indent + kept if kept or i == len(lines) - 1 else "")
    return "\n".join(trimmed)


def comment(text: str) -> str:
    """A one-line comment body: newlines would end the comment and start code."""
    return " ".join(_CONTROL.sub("", text).split())
