"""Every string from the spec reaches generated code through this module, never raw."""

from __future__ import annotations

import re

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
    from black.strings import normalize_string_quotes  # here: a run that needs none skips black's import

    return normalize_string_quotes(text)


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
    if "\n" not in body:
        return f'"""{body}"""'
    from black.strings import fix_multiline_docstring

    return f'"""{fix_multiline_docstring(body, indent)}\n{indent}"""'


def comment(text: str) -> str:
    """A one-line comment body: newlines would end the comment and start code."""
    return " ".join(_CONTROL.sub("", text).split())
