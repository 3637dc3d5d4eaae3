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
import os
import tokenize
from collections.abc import Callable
from functools import partial

import black

from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.workers import Workers

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY310})
_LIMIT = MODE.line_length
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_TRIPLE = '"' * 3
_PARALLEL_FROM = 400  # snippets: below this, starting processes costs more than it saves


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
    plans: dict[str, list[tuple[int, tuple[str, ...]]] | None] = {}  # None: black on the file
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
        try:
            plans[path] = _plan(text)
        except _Fallback:
            plans[path] = None
    keys = sorted({key for plan in plans.values() if plan for _, key in plan})
    whole = sorted(path for path, plan in plans.items() if plan is None)
    memo, blacked = _run_black(keys, {path: raw[path] for path in whole})
    for path, plan in plans.items():
        try:
            out[path] = blacked[path] if plan is None else _apply(raw[path], plan, memo)
        except _Fallback:
            out[path] = _black(path, raw[path])
    _assert_parse({path: out[path] for path in plans})
    return out, hashes


def format_source(path: str, text: str, memo: dict[tuple[str, ...], list[str] | None] | None = None) -> str:
    """One file, in-process: for tests and small uses."""
    memo = {} if memo is None else memo
    try:
        plan = _plan(text)
        for _, key in plan:
            if key not in memo:
                memo[key] = _format_in_context(key)
        return _apply(text, plan, memo)
    except _Fallback:
        return _black(path, text)


# -- black, on both cores when there is much to do --------------------------------------------


def _run_black(
    keys: list[tuple[str, ...]], files: dict[str, str]
) -> tuple[dict[tuple[str, ...], list[str] | None], dict[str, str]]:
    if len(keys) + 40 * len(files) < _PARALLEL_FROM or not Workers.available:
        return _black_share(keys, files)
    # The main process takes a share itself: one fewer fork, one fewer copy of its memory.
    shares = min((os.cpu_count() or 2), 4)
    paths = sorted(files)
    work = [(keys[i::shares], {p: files[p] for p in paths[i::shares]}) for i in range(shares)]
    with Workers() as workers:
        helpers = [workers.fork(partial(_black_share, *share)) for share in work[1:]]
        memo, blacked = _black_share(*work[0])
        for helper in helpers:
            more_memo, more_blacked = helper.result()
            memo.update(more_memo)
            blacked.update(more_blacked)
    return memo, blacked


def _black_share(
    keys: list[tuple[str, ...]], files: dict[str, str]
) -> tuple[dict[tuple[str, ...], list[str] | None], dict[str, str]]:
    return {key: _try_context(key) for key in keys}, {p: _black(p, t) for p, t in files.items()}


def _try_context(key: tuple[str, ...]) -> list[str] | None:
    try:
        return _format_in_context(key)
    except _Fallback:
        return None


def _assert_parse(files: dict[str, str]) -> None:
    """Templates must give valid Python whatever the spec says; if not, that is our bug."""
    for path, text in files.items():
        try:
            compile(text, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        except SyntaxError as exc:
            raise RuntimeError(f"generated {path} does not parse (line {exc.lineno}: {exc.msg})") from None


def _black(path: str, text: str) -> str:
    try:
        return black.format_str(text, mode=MODE)
    except Exception as exc:  # a template produced invalid Python: a bug, said plainly
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GenerationError([Diagnostic(f"generated code does not parse ({first})", Location(path))]) from None


def _plan(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """The long lines of a file that black must lay out, each with its context."""
    lines = text.split("\n")
    long_lines = [i for i, line in enumerate(lines) if len(line) > _LIMIT]
    if not long_lines:
        return []
    in_strings = _multiline_string_lines(text)
    # text inside a docstring: black leaves it as it is
    return [(i, _context(lines, i)) for i in long_lines if i + 1 not in in_strings]


def _apply(text: str, plan: list[tuple[int, tuple[str, ...]]], memo: dict[tuple[str, ...], list[str] | None]) -> str:
    if not plan:
        return text
    lines = text.split("\n")
    out: list[str] = []
    start = 0
    for i, key in plan:
        formatted = memo[key]
        if formatted is None:
            raise _Fallback
        out += lines[start:i] + formatted
        start = i + 1
    out += lines[start:]
    return "\n".join(out)


def _multiline_string_lines(text: str) -> set[int]:
    """1-based numbers of the lines that a multi-line string covers.

    Generated code has multi-line strings only as docstrings, which open at the start of a
    line and close at its end (quoting escapes triple quotes inside): a line scan finds them.
    Anything else goes to the tokenizer.
    """
    covered: set[int] = set()
    opened = 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        count = line.count(_TRIPLE)
        if not count:
            if opened:
                covered.add(number)
            continue
        if opened:
            if count != 1 or not stripped.endswith(_TRIPLE):
                return _tokenized_string_lines(text)
            covered.update(range(opened, number + 1))
            opened = 0
        elif count == 1 and stripped.startswith(_TRIPLE):
            opened = number
        elif count != 2 or not (stripped.startswith(_TRIPLE) and stripped.endswith(_TRIPLE)):
            return _tokenized_string_lines(text)
    return covered if not opened else _tokenized_string_lines(text)


def _tokenized_string_lines(text: str) -> set[int]:
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
    if indent == 0:
        return ("statement", "", "0", text)
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
    """Black's lines for one long line, inside a wrapper that puts it at its depth and in
    its kind of bracket; the wrapper's own lines are checked and dropped."""
    kind, opener, indent_text, body = key
    indent = int(indent_text)
    if indent % 4:
        raise _Fallback
    inner = indent if kind in ("statement", "header", "def-close") else indent - 4
    wrapper = [" " * (4 * level) + "if _:" for level in range(inner // 4)]
    pad = " " * inner
    if kind == "statement":
        return _black_between([*wrapper, pad + body], len(wrapper), 0)
    if kind == "header":
        return _black_between([*wrapper, pad + body, pad + "    pass"], len(wrapper), 1)
    if kind == "def-close":  # `) -> Annotation:` after a parameter, then a body unless `: ...`
        tail = [] if body.endswith("...") else [pad + "    pass"]
        source = [*wrapper, pad + "def _(", pad + "    _,", pad + body, *tail]
        return _black_between(source, len(wrapper) + 2, len(tail))
    if kind == "def":
        source = [*wrapper, pad + "def _(", pad + "    " + body, pad + "): ..."]
    else:
        head = pad + "_(" if opener == "(" else pad + "_ = " + opener
        source = [*wrapper, head, pad + "    " + body, pad + _CLOSERS[opener]]
    return _black_between(source, len(wrapper) + 1, 1)


def _black_between(source: list[str], head: int, tail: int) -> list[str]:
    """Black's layout of `source` without its first `head` and last `tail` lines, which
    must come back unchanged (black may only add blank lines around them)."""
    try:
        formatted = [x for x in black.format_str("\n".join(source) + "\n", mode=MODE).split("\n") if x.strip()]
    except Exception:
        raise _Fallback from None
    if formatted[:head] != source[:head] or formatted[len(formatted) - tail :] != source[len(source) - tail :]:
        raise _Fallback
    return formatted[head : len(formatted) - tail]
