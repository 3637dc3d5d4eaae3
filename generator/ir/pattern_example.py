"""A short string that a `pattern` matches, for the example values of generated tests.

Python's own regex parser gives the pattern's structure; a string is built from it (the
first branch, the fewest repetitions, the first character of a class) and then checked
with `re.search`, the semantics JSON Schema gives `pattern`. Anything this cannot vouch for
(look-around it ignored, back-references) gives None: the caller keeps its own value.
"""

from __future__ import annotations

import functools
import re
import warnings
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_CATEGORIES = {
    sre.CATEGORY_DIGIT: "0",
    sre.CATEGORY_NOT_DIGIT: "a",
    sre.CATEGORY_WORD: "a",
    sre.CATEGORY_NOT_WORD: "-",
    sre.CATEGORY_SPACE: " ",
    sre.CATEGORY_NOT_SPACE: "a",
}
_CANDIDATES = "aA0-_ .x1zZ9"  # tried in turn for a negated class


class _Unsupported(Exception):
    pass


@functools.lru_cache(maxsize=4096)
def parsed(pattern: str) -> Any:
    """Python's parse of a pattern (None if it has none), once per pattern: repair, the
    examples and this module all read the same patterns. Nested-set warnings kept quiet
    (repair respells those patterns)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            return sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None


@functools.lru_cache(maxsize=4096)
def backtracks(pattern: str) -> bool:
    """Whether Python's re may take exponential time on a text that the pattern does not
    match: an unbounded repetition of something that itself repeats (`([\\w .-]*)*`)."""
    tree = parsed(pattern)
    return tree is not None and _nested_repeat(tree, False)


def _nested_repeat(items: Any, inside: bool) -> bool:
    for op, av in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            unbounded = av[1] is sre.MAXREPEAT or av[1] > 16
            if unbounded and inside:
                return True
            if _nested_repeat(av[2], inside or unbounded):
                return True
        elif op is sre.SUBPATTERN and _nested_repeat(av[-1], inside):
            return True
        elif op is sre.BRANCH and any(_nested_repeat(branch, inside) for branch in av[1]):
            return True
    return False


def matching(pattern: str, min_length: int = 0, max_length: int | None = None) -> str | None:
    tree = parsed(pattern)
    try:
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    if tree is None:
        return None
    # the fewest repetitions first, then more: one more each, or enough for min_length
    multiline = bool(tree.state.flags & re.MULTILINE)
    try:
        shortest, longer = (len(_lines(_emit(tree, extra, multiline))) for extra in (0, 1))
    except (_Unsupported, RecursionError):
        return None
    # enough repetitions for min_length: as many more as the length grows by with one more
    step = -(-(min_length - shortest) // (longer - shortest)) if longer > shortest and min_length > shortest else 0
    tried = (0, 1, step, max(min_length - 1, 1), max(min_length, 1))
    for extra in (*dict.fromkeys(tried), None):
        if extra is None:  # (a search, only where the quick guesses miss)
            extra = _fewest(tree, multiline, min_length)
            if extra in tried:
                return None
        text = _lines(_emit(tree, extra, multiline))
        if compiled.search(text) and len(text) >= min_length and (max_length is None or len(text) <= max_length):
            return text
    return None


def _fewest(tree: Any, multiline: bool, min_length: int) -> int:
    """The fewest more repetitions that make the text at least min_length long. The text
    grows with them, not by a fixed step where some repetitions are bounded (`(0x)?[a-f]+`
    of 64 characters: one more gives 4, then each one more gives 1)."""
    low, high = 0, max(min_length, 1)
    while low < high:
        middle = (low + high) // 2
        if len(_lines(_emit(tree, middle, multiline))) >= min_length:
            high = middle
        else:
            low = middle + 1
    return low


# `^` and `$` in multiline mode: a line break where the text is not at a line's start or end
_LINE_START, _LINE_END = "\x00", "\x01"


def _lines(text: str) -> str:
    out: list[str] = []
    for i, char in enumerate(text):
        if char == _LINE_START:
            char = "\n" if out and out[-1] != "\n" else ""
        elif char == _LINE_END:
            rest = text[i + 1 :].lstrip(_LINE_START + _LINE_END)
            char = "" if not rest or rest[0] == "\n" else "\n"
        out.append(char)
    return "".join(out)


def _emit(items: Any, extra: int, multiline: bool = False) -> str:
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op is sre.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op is sre.ANY:
            out.append("a")
        elif op is sre.IN:
            out.append(_in(av))
        elif op is sre.CATEGORY:
            out.append(_CATEGORIES.get(av, "a"))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            low, high, sub = av
            count = low + extra if high is sre.MAXREPEAT else min(low + extra, high)
            out.append(_emit(sub, extra, multiline) * count)
        elif op is sre.SUBPATTERN:
            out.append(_emit(av[-1], extra, multiline))
        elif op is sre.BRANCH:
            out.append(_emit(av[1][0], extra, multiline))
        elif op is sre.AT and multiline and av is sre.AT_END:
            out.append(_LINE_END)
        elif op is sre.AT and multiline and av is sre.AT_BEGINNING:
            out.append(_LINE_START)
        elif op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # anchors and look-around: the check at the end decides
        else:
            raise _Unsupported(str(op))
    return "".join(out)


def _in(items: list[tuple[Any, Any]]) -> str:
    negated = bool(items) and items[0][0] is sre.NEGATE
    members = items[1:] if negated else items
    if not negated:
        op, av = members[0]
        if op is sre.LITERAL:
            return chr(av)
        if op is sre.RANGE:
            return chr(av[0])
        if op is sre.CATEGORY:
            return _CATEGORIES.get(av, "a")
        raise _Unsupported(str(op))
    for candidate in _CANDIDATES:
        if not any(_member(candidate, op, av) for op, av in members):
            return candidate
    raise _Unsupported("negated class")


def _member(char: str, op: Any, av: Any) -> bool:
    code = ord(char)
    if op is sre.LITERAL:
        return bool(code == av)
    if op is sre.RANGE:
        return bool(av[0] <= code <= av[1])
    if op is sre.CATEGORY:
        probe = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_WORD: r"\w",
                 sre.CATEGORY_NOT_WORD: r"\W", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S"}.get(av)  # fmt: skip
        return bool(probe and re.fullmatch(probe, char))
    return True  # unknown: count the character as taken
