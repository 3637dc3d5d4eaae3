"""The pieces of a document (a path item, a component, each other top-level entry: where the
loader cut it, load.py) as units of what changed between two runs."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Any

from generator import cache
from generator.load import Document, value_digest
from generator.pointers import MISSING, lookup, parts_of


def trusted(doc: Document) -> bool:
    """Whether the document's pieces tell what changed: it has them (the cache is on), and
    its content is its text's (not bundled from several files, not upgraded from Swagger 2.0)."""
    return bool(doc.digests) and not doc.origins


def holding(digests: dict[tuple[str, ...], str], pointer: str) -> tuple[str, ...]:
    """The piece a node is in: the longest start of its pointer that the loader cut (a
    YAML document's long entries are cut a level or more deeper than a component). A node
    no piece holds is made of the pieces under it, or of none when it is not in the
    document: the node itself is its piece then (`version`); () is the whole document."""
    parts = tuple(str(p) for p in parts_of(pointer) or ())
    for depth in range(len(parts), 0, -1):
        if parts[:depth] in digests:
            return parts[:depth]
    return parts


def text_version(digests: dict[tuple[str, ...], str], where: tuple[str, ...], keys: list[tuple[str, ...]] | None = None) -> str:
    """A digest of the text at `where`, a place as `holding` names them (`keys`: the
    digests' keys, sorted)."""
    return _version(digests.__getitem__, digests, where, keys if keys is not None else sorted(digests))


def _version(version: Callable[[tuple[str, ...]], str], digests: dict[tuple[str, ...], str], where: tuple[str, ...], keys: list[tuple[str, ...]]) -> str:
    """`version` of a piece; of a node no piece holds, that of the pieces under it with
    their places (of none for a node not in the document, until a piece there appears);
    of a place inside a piece (a run before named it so, before the piece appeared), the
    piece's."""
    if where in digests:
        return version(where)
    held = next((where[:depth] for depth in range(len(where) - 1, 0, -1) if where[:depth] in digests), None)
    if held is not None:
        return "in " + version(held)
    under = []
    for key in keys[bisect.bisect_left(keys, where) :]:
        if key[: len(where)] != where:
            break
        under.append(f"{'/'.join(key)}={version(key)}")
    return cache.key("under", *under)


class Pieces:
    """A version of each piece of the document the builder reads: the digest the loader gave
    the piece's text (or value), and one of its repaired value when repair changed it. None
    when the document has no pieces to go by (no cache; or made of several files, or
    upgraded from Swagger 2.0: a piece's content is not its text's)."""

    def __init__(self, doc: Document, original: Any) -> None:
        self.digests = doc.digests
        self.original = original
        self.data = doc.data
        self._found: dict[tuple[str, ...], str] = {}
        self._holders: dict[str, tuple[str, ...]] = {}  # pointer -> its piece: most units read the same few thousand
        self._keys: list[tuple[str, ...]] | None = None  # the pieces' places, sorted (text_version)

    @classmethod
    def of(cls, doc: Document, original: Any) -> Pieces | None:
        return cls(doc, original) if trusted(doc) and original is not None else None

    def piece(self, pointer: str) -> tuple[str, ...]:
        found = self._holders.get(pointer)
        if found is None:
            found = self._holders[pointer] = holding(self.digests, pointer)
        return found

    def versions(self, pointers: Iterable[str]) -> dict[tuple[str, ...], str]:
        """The version of each piece that holds one of `pointers`: what a memo entry records
        of the nodes its making read."""
        return {where: self.version(where) for where in {self.piece(p) for p in pointers}}

    def hold(self, versions: dict[tuple[str, ...], str]) -> bool:
        """Whether each piece of `versions` is at that version now: most memo entries name
        pieces whose versions were asked before, and are compared whole, by the dictionaries' own code."""
        return cache.holds(versions, self._found, self.version)

    def version(self, where: tuple[str, ...]) -> str:
        found = self._found.get(where)
        if found is None:
            if where not in self.digests:
                if self._keys is None:
                    self._keys = sorted(self.digests)
                found = _version(self.version, self.digests, where, self._keys)
            else:
                before, after = lookup(self.original, where), lookup(self.data, where)
                text = self.digests[where]
                if before is after:
                    found = text
                else:  # by its text too: a $ref into a part repair dropped reads the text's (RefResolver)
                    found = f"repaired {text} {'missing' if after is MISSING else value_digest(after)}"
            self._found[where] = found
        return found
