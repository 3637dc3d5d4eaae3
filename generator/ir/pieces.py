"""The pieces of a document (a path item, a component, each other top-level entry: where the
loader cut it, load.py) as units of what changed between two runs."""

from __future__ import annotations

from typing import Any

from generator import cache
from generator.load import Document, value_digest
from generator.pointers import MISSING, lookup, parts_of


def trusted(doc: Document) -> bool:
    """Whether the document's pieces tell what changed: it has them (the cache is on), and
    its content is its text's (not bundled from several files, not upgraded from Swagger 2.0)."""
    return bool(doc.digests) and not doc.origins


def holding(digests: dict[tuple[str, ...], str], pointer: str) -> tuple[str, ...]:
    """The piece a node is in: the longest start of its pointer that the loader cut; () for
    the rest of the document (what holds no piece)."""
    parts: list[object] = list(parts_of(pointer) or ())
    for depth in range(min(len(parts), 3), 0, -1):
        where = tuple(str(p) for p in parts[:depth])
        if where in digests:
            return where
    return ()


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

    @classmethod
    def of(cls, doc: Document, original: Any) -> Pieces | None:
        return cls(doc, original) if trusted(doc) and original is not None else None

    def piece(self, pointer: str) -> tuple[str, ...]:
        found = self._holders.get(pointer)
        if found is None:
            found = self._holders[pointer] = holding(self.digests, pointer)
        return found

    def version(self, where: tuple[str, ...]) -> str:
        found = self._found.get(where)
        if found is None:
            if not where:
                found = cache.key(*sorted(f"{'/'.join(k)}={v}" for k, v in self.digests.items()))
            else:
                before, after = lookup(self.original, where), lookup(self.data, where)
                text = self.digests.get(where, "missing")
                if before is after:
                    found = text
                else:  # by its text too: a $ref into a part repair dropped reads the text's (RefResolver)
                    found = f"repaired {text} {'missing' if after is MISSING else value_digest(after)}"
            self._found[where] = found
        return found
