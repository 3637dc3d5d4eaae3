"""A JSON document's parse, kept for the next run, so that after an edit inside one piece
only that piece is parsed again.

A JSON document is cut where `load.value_digests` cuts it (a path item, a component, each
other top-level entry). A run that parses the whole text keeps, in the cache, the text, where
each piece's value is in it (in bytes), each piece's digest, and the parse. The next run
compares its text with the kept one from both ends: when what differs lies inside one
piece's value, that value alone is parsed again (by the scanner json.loads uses) and put in
place of the old one, and every other piece is the kept parse's. The text around the piece
is the same, and a JSON value ends where its text says, so a whole parse would read the
same value there and the same everything else: the result is what json.loads gives (graph-
beta: 47 MB, 0.25 s to parse and 0.14 s to digest, against 0.16 s to read back). Any other
edit (a key renamed, a piece added, two pieces apart) parses the whole text, as without a
cache.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from typing import Any

from generator import cache

_ENTRY = "json"  # in the document's group of the cache
_STAMP = "json-pieces 1"
_WS = re.compile(r"[ \t\n\r]*")
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # (json.loads's own)
_string: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

Span = tuple[tuple[str, ...], int, int]  # a piece, and where its value's text starts and ends (bytes)


class _NotCut(Exception):
    """The text is not one the pieces can be found in (a repeated key, not an object)."""


def patched(raw: bytes, group: str, digest: Callable[[Any], str]) -> tuple[dict[str, Any], dict[tuple[str, ...], str], Callable[[], None]] | None:
    """The data of the JSON text `raw` and its pieces' digests (`digest` makes one), from the
    parse kept for its document's `group`, with the one piece that changed parsed again;
    and what keeps this parse for the next run. None when there is no such parse, or the
    edit is not inside one piece."""
    found = cache.read(f"{group}/{_ENTRY}", _STAMP, bodies=(0,))
    try:
        old, spans, digests, data = found["parse"]
        if not isinstance(old, memoryview) or not isinstance(spans, list) or not isinstance(digests, dict) or not isinstance(data, dict):
            return None
    except (KeyError, TypeError, ValueError):  # none, or an entry of another shape
        return None
    start = _common_prefix(raw, old)
    if start == len(raw) == len(old):  # the same text (other options or code)
        return data, digests, lambda: None
    end = len(old) - _common_suffix(raw, old, min(len(raw), len(old)) - start)
    i = bisect.bisect_right(spans, start, key=lambda span: span[1]) - 1
    if i < 0:
        return None
    parts, first, last = spans[i]
    delta = len(raw) - len(old)
    if not first <= start <= end <= last:  # (not inside one piece's value)
        return None
    try:
        text = raw[first : last + delta].decode("utf-8")
        value, stop = _scan(text, 0)
    except (UnicodeDecodeError, StopIteration, ValueError, RecursionError):
        return None
    if stop != len(text):
        return None
    node = data
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value
    digests = {**digests, parts: digest(value)}

    def keep() -> None:
        moved = [(p, a + delta if a >= last else a, b + delta if b >= last else b) for p, a, b in spans]
        moved[i] = (parts, first, last + delta)
        # The kept parse's strings were read back shared (marshal's references); the new
        # piece's only among themselves (a whole pass: graph-beta 0.5 s, for a few strings).
        if isinstance(value, (dict, list)):
            _shared(value)
        _write(group, raw, moved, digests, data)

    return data, digests, keep


def keeper(raw: bytes, group: str, data: dict[str, Any], digests: dict[tuple[str, ...], str]) -> Callable[[], None]:
    """What keeps a whole parse of the text `raw` for the next run: a pass over the text to
    find its pieces, then the cache written (graph-beta: half a second, best run beside)."""

    def keep() -> None:
        try:
            found = spans(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return
        if found is not None and {parts for parts, _, _ in found} == digests.keys():
            _shared(data)
            _write(group, raw, found, digests, data)

    return keep


def _write(group: str, raw: bytes, spans: list[Span], digests: dict[tuple[str, ...], str], data: dict[str, Any]) -> None:
    cache.write(f"{group}/{_ENTRY}", {"parse": (raw, spans, digests, data)}, _STAMP, bodies=(0,))


def _shared(data: Any) -> None:
    """Equal strings of the data made one object (the first met), so that marshal writes the
    others as references to it, and reading them back makes no new string: a document repeats
    its values (`"type": "string"`, descriptions) as json.loads makes them anew each time.
    (graph-beta: 40 MB of parse marshalled in 18 MB, read back in 0.12-0.16 s against 0.21 s.)
    The data is the same: a string is a value, whichever object holds it."""
    seen: dict[str, str] = {}
    one = seen.setdefault
    todo = [data]
    while todo:
        node = todo.pop()
        for key, value in node.items() if type(node) is dict else enumerate(node):
            if type(value) is str:
                node[key] = one(value, value)
            elif type(value) is dict or type(value) is list:
                todo.append(value)


def spans(text: str) -> list[Span] | None:
    """The pieces of a JSON document's text, in order, as value_digests cuts them, each with
    where its value is in the text's UTF-8 bytes; None when the text is not an object, or
    repeats a key where the cut goes (a whole parse keeps the last value at the first place)."""
    cutter = _Cutter(text)
    try:
        at = _skip(text, 0)
        if not text.startswith("{", at):
            return None
        stop = cutter.entries(at, cutter.top)
    except (_NotCut, StopIteration, ValueError, IndexError, RecursionError):
        return None
    if _skip(text, stop) != len(text):
        return None
    return cutter.found if text.isascii() else _in_bytes(text, cutter.found)


class _Cutter:
    """Walks the mappings a document is cut in (each entry's value skipped by the scanner,
    or walked when the cut goes inside it), noting each piece's place (in characters)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[Span] = []

    def top(self, key: str, at: int) -> int:
        text = self.text
        if key in ("paths", "webhooks") and text.startswith("{", at):
            return self.entries(at, lambda name, i: self.piece((key, name), i))
        if key == "components" and text.startswith("{", at):
            mark = len(self.found)
            mappings: list[bool] = []

            def section(kind: str, i: int) -> int:
                mappings.append(text.startswith("{", i))
                if mappings[-1]:
                    return self.entries(i, lambda name, j: self.piece((key, kind, name), j))
                return _scan(text, i)[1]

            stop = self.entries(at, section)
            if all(mappings):
                return stop
            del self.found[mark:]  # (a section that is no mapping: one piece, as value_digests cuts it)
        return self.piece((key,), at)

    def piece(self, parts: tuple[str, ...], at: int) -> int:
        stop = _scan(self.text, at)[1]
        self.found.append((parts, at, stop))
        return stop

    def entries(self, at: int, value: Callable[[str, int], int]) -> int:
        """The object whose `{` is at `at`: `value(key, where its value starts)` for each entry
        (giving where the value ends); where the object ends."""
        text, seen = self.text, set()
        at = _skip(text, at + 1)
        if text.startswith("}", at):
            return at + 1
        while True:
            if not text.startswith('"', at):
                raise _NotCut
            key, at = _string(text, at + 1)
            if key in seen:
                raise _NotCut
            seen.add(key)
            at = _skip(text, at)
            if not text.startswith(":", at):
                raise _NotCut
            at = _skip(text, value(key, _skip(text, at + 1)))
            if text.startswith("}", at):
                return at + 1
            if not text.startswith(",", at):
                raise _NotCut
            at = _skip(text, at + 1)


def _skip(text: str, at: int) -> int:
    """Past the whitespace at `at`."""
    return _WS.match(text, at).end()  # type: ignore[union-attr]


def _in_bytes(text: str, found: list[Span]) -> list[Span]:
    """The places, in characters of `text`, as places in its UTF-8 bytes."""
    marks = sorted({at for _, first, last in found for at in (first, last)})
    where, done, size = {}, 0, 0
    for mark in marks:
        size += len(text[done:mark].encode("utf-8", "surrogatepass"))
        where[mark], done = size, mark
    return [(parts, where[first], where[last]) for parts, first, last in found]


def _common_prefix(new: bytes, old: memoryview) -> int:
    """How many bytes the two texts begin with alike (by halves: each comparison a memcmp)."""
    size = min(len(new), len(old))
    if new.startswith(old[:size]):
        return size
    lo, hi = 0, size  # new[:lo] == old[:lo], new[:hi] != old[:hi]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if new.startswith(old[lo:mid], lo):
            lo = mid
        else:
            hi = mid
    return lo


def _common_suffix(new: bytes, old: memoryview, most: int) -> int:
    """How many bytes (at most `most`) the two texts end with alike."""
    n, o = len(new), len(old)
    if new.endswith(old[o - most :]):
        return most
    lo, hi = 0, most
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if new.endswith(old[o - mid : o - lo], 0, n - lo):
            lo = mid
        else:
            hi = mid
    return lo
