"""What a memo's entries read, and one table of what each read answered, so that a
regeneration asks each read once and reads back only the entries one of whose reads
changed (op_memo.py, convert_memo.py).

An entry keeps its reads as tables, one per kind of read ({read: answer}), marshalled, with
a digest of those bytes and a signature: a 4-byte hash of each read. The memo's entries were
all checked or made against one run's answers, so they agree, and one table for the memo
(`Table.made`, as the memo is written) holds each read with its answer, and the digest of
each entry's reads it was made from. The next run asks each read of the table
(`Table.ask`); an entry the table was made from whose signature holds none of the reads that
changed is as it was, its reads unread (they are most of the objects a memo holds). Any
other entry is checked whole, as before there was a table: a table left behind by an
interrupted write, or two reads sharing a hash, cost time, never correctness.
"""

from __future__ import annotations

import array
import hashlib
import marshal
import sys
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from generator import cache

Tables = tuple[dict[Any, Any], ...]  # one per kind of read: {read: answer}
# The tables of a memo's entries, and the digest of the reads of each entry they were made from.
Answers = tuple[Tables, dict[str, bytes]]
Kept = tuple[bytes, bytes, bytes]  # an entry's reads: marshalled, the digest of those bytes, the signature


def kept(reads: Tables) -> Kept:
    data = marshal.dumps(reads)
    return data, hashlib.sha1(data).digest()[:8], _signature(reads)


def reads_of(found: Kept) -> Tables:
    tables = marshal.loads(found[0])
    if not isinstance(tables, tuple):
        raise TypeError("not the tables of an entry's reads")
    return tables


def _signature(reads: Tables) -> bytes:
    """The hash of each read (`_hash`), 4 bytes each, little-endian."""
    found = array.array("I", (_hash(kind, read) for kind, table in enumerate(reads) for read in table))
    if sys.byteorder == "big":
        found.byteswap()
    return found.tobytes()


def _hash(kind: int, read: object) -> int:
    return zlib.crc32(repr((kind, read)).encode("utf-8", "surrogatepass"))


def _native(hash_: int) -> int:
    """A read's hash as a signature holds it, read on this machine (`unchanged`)."""
    return hash_ if sys.byteorder == "little" else int.from_bytes(hash_.to_bytes(4, "little"), "big")


class Table:
    """A memo's table: the one the last run wrote (`old`), what each of its reads answers
    now (`now`, one dict per kind, which the memo's own checks go on filling), and the
    entries it told unchanged in this run."""

    def __init__(self, found: Any, kinds: int) -> None:
        self.kinds = kinds
        self.old: Answers | None = found if is_answers(found, kinds) else None
        self.now: Tables = tuple({} for _ in range(kinds))
        self.told: set[str] = set()
        # The reads that changed (`ask`): while they are few, as the bytes a signature holds
        # them in (an edit changes one or two reads); else as `_native` gives their hashes.
        # None until asked: no entry is told unchanged before.
        self._changes: list[bytes] | set[int] | None = None

    def ask(self, asks: tuple[Callable[[Any], Any], ...]) -> None:
        """Ask each read of the old table again (`asks`: one function per kind, giving a
        read's answer now). A read whose function raises counts as changed: the entries that
        made it ask it again."""
        if self.old is None:
            return
        changes = set()
        for kind, (recorded, ask, now) in enumerate(zip(self.old[0], asks, self.now, strict=True)):
            for read, answer in recorded.items():
                try:
                    now[read] = ask(read)
                    same = answer is not None and now[read] == answer  # (None: two entries disagreed)
                except (AttributeError, KeyError, TypeError, ValueError):
                    same = False
                if not same:
                    changes.add(_hash(kind, read))
        # (a needle found across two hashes only sends an entry to be checked whole)
        self._changes = [h.to_bytes(4, "little") for h in changes] if len(changes) <= 16 else {_native(h) for h in changes}

    def unchanged(self, key: str, found: Kept) -> bool:
        """Whether the entry `key`, with these reads, is known to be as it was without reading
        them back: the old table was made from them, and none of them changed."""
        changes, sig = self._changes, found[2]
        if self.old is None or changes is None or self.old[1].get(key) != found[1]:
            return False
        if isinstance(changes, list):
            for needle in changes:  # (a loop, not any() over a generator: this is asked of every entry)
                if needle in sig:
                    return False
        elif not changes.isdisjoint(memoryview(sig).cast("I")):
            return False
        self.told.add(key)
        return True

    def write(self, entry: str, entries: dict[str, Any], stamp: str, at: int, unchanged: bool, whole: bool) -> None:
        """The table of a memo's `entries` into the cache (`made`), unless each entry is the
        one read (`unchanged`) and the old table holds them. (After the entries: a table
        vouching for entries not written vouches for nothing.)"""
        if self.old is None or not unchanged:
            cache.write(entry, self.made(entries, at, whole), stamp)

    def made(self, entries: dict[str, Any], at: int, whole: bool) -> Answers:
        """The table of `entries` (a memo's, each keeping its reads at `at`), to be written.
        The reads of the old table with their answers now, and those of the entries not told
        unchanged merged in (most entries were: their reads are not read back here, by the
        process that writes the memos beside the rest of the run). Reads no entry makes any
        longer stay until the table is made `whole`, from every entry: when the memo's
        entries are written whole (cache.Sharded), or with no old table."""
        if whole or self.old is None:
            return answers_of(((key, found[at]) for key, found in entries.items()), self.kinds)
        tables, vouched = answers_of(((key, found[at]) for key, found in entries.items() if key not in self.told), self.kinds, self.now)
        return tables, vouched | {key: entries[key][at][1] for key in self.told if key in entries}


class Memo(cache.Sharded):
    """A memo whose entries keep their reads (`kept`) at `AT`, with its table in a file beside
    its shards, written after them."""

    AT = 0
    KINDS = 1

    def __init__(self, name: str, stamp: str) -> None:
        super().__init__(name, stamp)
        self._answers_entry = f"{name}.answers"
        self.answers = Table(cache.read(self._answers_entry, stamp), self.KINDS)

    def write(self) -> bool:
        unchanged = self.unchanged()
        whole = self._write(unchanged)
        self.answers.write(self._answers_entry, self.new, self.stamp, self.AT, unchanged, whole)
        return whole

    def release(self) -> None:
        super().release()
        self.answers = Table(None, self.KINDS)


def answers_of(entries: Iterable[tuple[str, Kept]], kinds: int, start: Tables | None = None) -> Answers:
    """The table of these entries' reads (over `start`'s, the answers of other reads now). A
    read two of them answer differently (no run made them so) answers None, which no read
    gives now: it counts as changed."""
    tables: Tables = start if start is not None else tuple({} for _ in range(kinds))
    vouched: dict[str, bytes] = {}
    for key, found in entries:
        try:
            for table, reads in zip(tables, reads_of(found), strict=True):
                for read, answer in reads.items():
                    if table.setdefault(read, answer) != answer:
                        table[read] = None
        except (EOFError, TypeError, ValueError, AttributeError):  # reads of another shape: not vouched for
            continue
        vouched[key] = found[1]
    return tables, vouched


def is_answers(found: Any, kinds: int) -> bool:
    return isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], tuple) and len(found[0]) == kinds and all(isinstance(t, dict) for t in found[0]) and isinstance(found[1], dict)
