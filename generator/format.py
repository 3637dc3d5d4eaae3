"""Stage 5: black, in-process, and only where black would change something.

Templates and quoting already produce black's layout (its quotes, blank lines, docstrings,
exploded brackets with magic trailing commas); what is left are lines longer than black's
limit. Each such line is formatted alone by black, inside a small synthetic context that
puts it at the same depth in the same kind of bracket, and memoised: a large spec repeats
the same long annotation many times. Anything unexpected falls back to black on the file.
A file whose unformatted text is unchanged since the last run keeps its text on disk.
"""

from __future__ import annotations

import ast
import hashlib
import io
import tokenize
from collections.abc import Callable

import black

from generator.diagnostics import Diagnostic, GenerationError, Location

MODE = black.Mode(target_versions={black.TargetVersion.PY310})
_LIMIT = MODE.line_length
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


class _Fallback(Exception):
    """The fast path cannot vouch for this file: black formats it whole."""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def format_files(
    raw: dict[str, str],
    previous: dict[str, str],
    read_existing: Callable[[str], str | None],
) -> tuple[dict[str, str], dict[str, str]]:
    """Formatted files, and the raw-text hash of each (for the next run's manifest).

    `previous` maps a path to the raw hash recorded when its file on disk was formatted.
    """
    out: dict[str, str] = {}
    hashes: dict[str, str] = {}
    memo: dict[tuple[str, ...], list[str]] = {}
    for path, text in raw.items():
        hashes[path] = digest(text)
        if not path.endswith(".py"):
            out[path] = text
            continue
        if previous.get(path) == hashes[path]:
            existing = read_existing(path)
            if existing is not None:
                out[path] = existing
                continue
        out[path] = format_source(path, text, memo)
        _assert_parses(path, out[path])
    return out, hashes


def _assert_parses(path: str, text: str) -> None:
    """Templates must give valid Python whatever the spec says; if not, that is our bug."""
    try:
        compile(text, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        raise RuntimeError(f"generated {path} does not parse (line {exc.lineno}: {exc.msg})") from None


def format_source(path: str, text: str, memo: dict[tuple[str, ...], list[str]] | None = None) -> str:
    try:
        return _format_long_lines(text, {} if memo is None else memo)
    except _Fallback:
        return _black(path, text)


def _black(path: str, text: str) -> str:
    try:
        return black.format_str(text, mode=MODE)
    except Exception as exc:  # a template produced invalid Python: a bug, said plainly
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GenerationError([Diagnostic(f"generated code does not parse ({first})", Location(path))]) from None


def _format_long_lines(text: str, memo: dict[tuple[str, ...], list[str]]) -> str:
    lines = text.split("\n")
    long_lines = [i for i, line in enumerate(lines) if len(line) > _LIMIT]
    if not long_lines:
        return text
    in_strings = _multiline_string_lines(text)
    out: list[str] = []
    start = 0
    for i in long_lines:
        if i + 1 in in_strings:  # text inside a docstring: black leaves it as it is
            continue
        key = _context(lines, i)
        if key not in memo:
            memo[key] = _format_in_context(key)
        out += lines[start:i] + memo[key]
        start = i + 1
    out += lines[start:]
    return "\n".join(out)


def _multiline_string_lines(text: str) -> set[int]:
    """1-based numbers of the lines that a multi-line string token covers."""
    covered: set[int] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.STRING and tok.start[0] != tok.end[0]:
                covered.update(range(tok.start[0], tok.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        raise _Fallback from None
    return covered


def _context(lines: list[str], i: int) -> tuple[str, ...]:
    """(kind, bracket, indent, line): all that black's layout of the line depends on."""
    line = lines[i]
    indent = len(line) - len(line.lstrip(" "))
    text = line.strip()
    if text.startswith(")") and text.endswith((":", ": ...")):
        return ("def-close", "", str(indent), text)  # `) -> Annotation:` of an exploded def
    if text.startswith(("def ", "async def ", "class ")) and text.endswith(":"):
        return ("header", "", str(indent), text)
    for j in range(i - 1, -1, -1):
        above = lines[j]
        if not above.strip():
            continue
        depth = len(above) - len(above.lstrip(" "))
        if depth >= indent:
            continue
        opener = above.rstrip()[-1:]
        if opener in _CLOSERS:
            if not line.rstrip().endswith(","):
                raise _Fallback
            kind = "def" if above.lstrip().startswith(("def ", "async def ")) else "bracket"
            return (kind, opener, str(indent), line.strip())
        if opener == ":":
            return ("statement", "", str(indent), line.strip())
        raise _Fallback
    return ("statement", "", str(indent), line.strip())


def _format_in_context(key: tuple[str, ...]) -> list[str]:
    kind, opener, indent_text, body = key
    indent = int(indent_text)
    if indent % 4:
        raise _Fallback
    inner = indent if kind in ("statement", "header", "def-close") else indent - 4
    wrapper = [" " * (4 * level) + "if _:" for level in range(inner // 4)]
    pad = " " * inner
    if kind == "statement":
        source = [*wrapper, pad + body]
    elif kind == "header":
        return _format_with_body(wrapper, [pad + body], pad + "    pass")
    elif kind == "def-close":
        opener = [pad + "def _(", pad + "    _,", pad + body]
        body_line = [] if body.endswith("...") else [pad + "    pass"]
        formatted = _format_with_body(wrapper, opener, body_line[0] if body_line else None)
        if formatted[:2] != opener[:2]:
            raise _Fallback
        return formatted[2:]
    elif kind == "def":
        source = [*wrapper, pad + "def _(", pad + "    " + body, pad + "): ..."]
    else:
        source = [*wrapper, pad + "_ = " + opener if opener != "(" else pad + "_(", pad + "    " + body, pad + _CLOSERS[opener]]
    try:
        formatted = [x for x in black.format_str("\n".join(source) + "\n", mode=MODE).split("\n") if x.strip()]
    except Exception:
        raise _Fallback from None
    # black may add blank lines around the wrapper; the wrapper itself must come back as it was
    head = len(wrapper) + (0 if kind == "statement" else 1)
    tail = 0 if kind == "statement" else 1
    if formatted[:head] != source[:head] or (tail and formatted[-1] != source[-1]):
        raise _Fallback
    return formatted[head : len(formatted) - tail]


def _format_with_body(wrapper: list[str], code: list[str], body: str | None) -> list[str]:
    """Black's layout of `code` (a block header, say), given a body line it then drops."""
    source = [*wrapper, *code] + ([body] if body else [])
    try:
        formatted = [x for x in black.format_str("\n".join(source) + "\n", mode=MODE).split("\n") if x.strip()]
    except Exception:
        raise _Fallback from None
    if formatted[: len(wrapper)] != wrapper or (body and formatted[-1] != body):
        raise _Fallback
    return formatted[len(wrapper) : len(formatted) - (1 if body else 0)]
