"""A per-user cache that makes the next run faster and never changes what a run produces.

What is kept is keyed by content (a hash of the text it was computed from), so an entry is
either exactly right or not found. Files hold plain data only (marshal: no code runs when
one is read); a missing, unreadable or foreign file counts as empty.

`CLIENTSMITH_CACHE_DIR` chooses the folder (empty or `off`: no cache); the default is
`$XDG_CACHE_HOME/clientsmith`, else `~/.cache/clientsmith`.

The entries about one document, or about one output folder, are a folder of their own under
`memos/` (`group`): a run lists and touches only its own, however many documents the cache
has seen (a flat folder of 340,000 files after 1,400 documents cost every run a second), and
`prune` keeps the cache's size bounded by dropping the folders used least recently.
"""

from __future__ import annotations

import copyreg
import hashlib
import marshal
import mmap
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from collections.abc import Callable
from functools import cache, partial
from typing import Any

from generator import __version__


@cache
def _format() -> str:
    """What every entry is stamped with: the version, the Python, and the code that made it,
    so that a checkout or an install of other code under the same version number never
    reads what this code did not write."""
    package = Path(__file__).resolve().parent
    return f"clientsmith {__version__} py{sys.version_info[0]}.{sys.version_info[1]} 1 {code_stamp(package, package.parent / 'templates')}"


def code_stamp(*folders: Path) -> str:
    """The code's files (Python, templates, the translated templates) by name, size and
    time: a stat each, about a millisecond for the whole package."""
    seen = hashlib.sha1()
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".json", ".jinja")):
                    stat = os.stat(os.path.join(root, name))
                    seen.update(f"{os.path.relpath(root, folder)}/{name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return seen.hexdigest()


def directory() -> Path | None:
    chosen = os.environ.get("CLIENTSMITH_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen and chosen != "off" else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home to be found: no cache
            return None
    return Path(base) / "clientsmith"


def subfolder(name: str) -> Path | None:
    """A folder of the cache for a library's own cache files (made now); None without one."""
    folder = directory()
    if folder is None:
        return None
    try:
        (folder / name).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / name


def key(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:24]


MEMOS = "memos"
MAX_AGE = 30 * 24 * 3600  # seconds: a group unused for longer goes
MAX_BYTES = 2_000_000_000  # beyond this, the groups used least recently go (graph-beta's: 410 MB)
_KEPT_FOR = 3600  # seconds: a group used within this is never dropped (a run may be using it)
_PRUNED = "pruned"  # a file whose time is that of the last prune: one an hour at most
_GROUP = re.compile(r"[0-9a-f]{24}")
# Entries of the flat layout before the groups: dropped by `prune`, nothing else in the root.
_FLAT = re.compile(r"\.?(?:(?:check-|repair-|ops-|conv-|types-|mock-|mockunits-)?spec|render|stamps|warnings)-[0-9a-f]{24}(?:\..*)?")


def group(*parts: str) -> str:
    """The folder of the entries about one thing (a document, an output folder: `parts`
    name it), relative to the cache; an entry's name is `group(...) + "/" + its own`."""
    return f"{MEMOS}/{key(*parts)}"


def output_group(root: Path) -> str:
    """The group of the entries about the output folder `root` (stamps, render memo, warnings)."""
    return group("output", str(root.resolve()))


def read(name: str, stamp: str = "", bodies: tuple[int, ...] = ()) -> Any:
    """The value last written under `name` with the same `stamp` (what made it: a version
    of clientsmith's code, options), or None. `bodies`: as `write` was given them."""
    folder = directory()
    if folder is None:
        return None
    touch(name.rpartition("/")[0])
    try:
        stored, value = _read_split(folder / name, bodies) if bodies else marshal.loads((folder / name).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return value if stored == _format() + stamp else None


def write(name: str, value: Any, stamp: str = "", bodies: tuple[int, ...] = ()) -> None:
    """Replace the entry atomically; a cache that cannot be written is no error. `bodies`:
    `value` is a dict of entries (tuples), and the bytes at these places in each are read
    as views of the file, mapped (`_read_split`)."""
    _replace(name, partial(_split, value, stamp, bodies) if bodies else lambda: [marshal.dumps((_format() + stamp, value))])


def _replace(name: str, parts: Callable[[], list[bytes | memoryview]]) -> None:
    """The file of entry `name` replaced by `parts()`, atomically, if the cache can be written."""
    folder = directory()
    if folder is None:
        return
    temp = None
    try:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as out:
            out.writelines(parts())
        os.replace(temp, path)
        temp = None
    except (OSError, ValueError):
        pass
    finally:
        if temp is not None:  # failed, or interrupted: no half-written file left behind
            Path(temp).unlink(missing_ok=True)


# A file of entries whose bodies (Sharded.BODIES) follow them: this mark, the size of the
# entries' part and of the bodies' (8 bytes each, little-endian), the entries with each body
# as (..., offset, size) in the bodies' part, marshalled, and the bodies.
_SPLIT = b"CSB1"


def _split(entries: dict[Any, Any], stamp: str, bodies: tuple[int, ...]) -> list[bytes | memoryview]:
    """The parts of a file of `entries` whose bodies follow them."""
    found: list[bytes | memoryview] = []
    at = 0
    heads = {}
    for key, entry in entries.items():
        for i in bodies:
            body = entry[i] if type(entry) is tuple and len(entry) > i else None
            if isinstance(body, (bytes, memoryview)):  # (else an entry of another shape: kept as it is)
                entry = (*entry[:i], (..., at, len(body)), *entry[i + 1 :])
                found.append(body)
                at += len(body)
        heads[key] = entry
    head = marshal.dumps((_format() + stamp, heads))
    return [_SPLIT, len(head).to_bytes(8, "little"), at.to_bytes(8, "little"), head, *found]


def _read_split(path: Path, bodies: tuple[int, ...]) -> tuple[Any, Any]:
    """What `_split` wrote (what made it, and the entries), each body a view of the file,
    mapped: read from the disk when it is used (most are not), and never copied into this
    process's memory."""
    with open(path, "rb") as file:
        view = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    size, rest = int.from_bytes(view[4:12], "little"), int.from_bytes(view[12:20], "little")
    if view[:4] != _SPLIT or len(view) != 20 + size + rest:  # (not such a file, or one cut short)
        raise ValueError("not a file of entries and their bodies")
    stored, entries = marshal.loads(view[20 : 20 + size])
    if not isinstance(entries, dict):
        raise ValueError("not a file of entries")
    base = 20 + size
    for key, entry in entries.items():
        for i in bodies:
            mark = entry[i] if type(entry) is tuple and len(entry) > i else None
            if type(mark) is tuple and len(mark) == 3 and mark[0] is ...:
                entry = (*entry[:i], view[base + mark[1] : base + mark[1] + mark[2]], *entry[i + 1 :])
        entries[key] = entry
    return stored, entries


# A body read as a view of its file pickles as its bytes (a lazy part of the model holds one
# until it is decoded, and a lazy part may be pickled whole).
def _pickled_view(view: memoryview) -> Any:
    return bytes, (view.tobytes(),)


copyreg.pickle(memoryview, _pickled_view)


def holds(asked: dict[Any, Any], answers: dict[Any, Any], answer: Callable[[Any], Any]) -> bool:
    """Whether each read a memo entry recorded (what it asked -> what it got) gives the same
    `answer` now. `answers` keeps those given so far in this run: most entries ask what
    entries before them asked, and are then compared whole, by the dictionaries' own code."""
    if asked.items() <= answers.items():
        return True
    for key, value in asked.items():
        found = answers.get(key, _ABSENT)
        if found is _ABSENT:
            found = answers[key] = answer(key)
        if found != value:
            return False
    return True


class Sharded:
    """A memo: the entries of the last run (`old`) and of this one (`new`, which `write`
    keeps), under one name, with what made them (`stamp`). A big document's memo is a
    hundred megabytes, and an edit changes a few hundred of its entries: what changed since
    the shards were written goes into one more file, the delta, read over them, and the
    shards are written again (those whose entries changed) only when the delta has grown
    past a share of the memo. (Rewriting the shards that hold graph-beta's 330 operations
    that read the component an edit reached rewrote 187 of 256: 93 MB.) Empty shards are
    no files. Every memo's entries are checked against what they were made from when they
    are read, so a delta or shard left over from an interrupted write costs time, not
    correctness. An entry is changed when it is neither the object read (most are) nor equal
    to it.
    A memo of fewer than `SPLIT_FROM` entries, or of one shard, is one file of its own name:
    a small document's memos in 256 files each made its first run 25% slower (gitlab: 916
    files written, 0.1 s)."""

    SHARDS = 256
    SPLIT_FROM = 2048  # entries: a memo of fewer is one file
    FOLD = 16  # the delta is folded into the shards when it holds more than 1/FOLD of the entries
    # Where in an entry (a tuple) bytes are that a regeneration reads for few entries (a
    # pickled part of the model): after the entries in their file, and read as views of it,
    # mapped (80 MB of graph-beta's operations memo of 171 MB).
    BODIES: tuple[int, ...] = ()

    def __init__(self, name: str, stamp: str) -> None:
        self.name, self.stamp = name, stamp
        self.old: dict[Any, Any] = {}  # (keys are names, but for a memo of one shard)
        self.new: dict[Any, Any] = {}
        self._stored: dict[str, dict[Any, Any]] = {}  # file -> its entries, as read or written
        present = _listing(name)
        for file in (name, *(self._shard_file(shard) for shard in range(self.SHARDS) if self.SHARDS > 1)):
            stored = read(file, stamp, self.BODIES) if file in present else None
            if isinstance(stored, dict):
                self._stored[file] = stored
                self.old.update(stored)
        self._base = dict(self.old)
        delta = read(self._delta_file(), stamp) if self._delta_file() in present else None
        self._has_delta = delta is not None
        if isinstance(delta, tuple) and len(delta) == 2 and isinstance(delta[0], dict) and isinstance(delta[1], list):
            self.old.update(delta[0])
            for key in delta[1]:
                self.old.pop(key, None)

    def _shard_file(self, shard: int) -> str:
        return f"{self.name}.{shard:03d}"

    def _delta_file(self) -> str:
        return f"{self.name}.delta"

    def unchanged(self) -> bool:
        """Whether every entry is the one read: nothing to write."""
        old, new = self.old, self.new
        return len(old) == len(new) and all((found := old.get(key, _ABSENT)) is entry or found == entry for key, entry in new.items())

    def write(self) -> bool:
        """Whether the entries were written whole (the shards), not as a delta or not at all."""
        return self._write(self.unchanged())

    def release(self) -> None:
        """The entries dropped, written by another process (the memos' writer, forked): their
        memory goes to what this one makes next. Not to be written after."""
        self.old, self.new, self._stored, self._base = {}, {}, {}, {}

    def _write(self, unchanged: bool) -> bool:
        """`write`, told what `unchanged()` gives (a pass over tens of thousands of entries)."""
        new, base = self.new, self._base
        if unchanged:
            return False
        changed = {key: entry for key, entry in new.items() if (found := base.get(key, _ABSENT)) is not entry and found != entry}
        removed = [key for key in base if key not in new]
        self.old = dict(new)  # (what a later write starts from: the stamps are written again in one run)
        if (len(changed) + len(removed)) * self.FOLD <= len(new):
            write(self._delta_file(), (changed, removed), self.stamp)
            self._has_delta = True
            return False
        if self._has_delta:
            remove(self._delta_file())  # (first: shards written after it would read older entries over them)
        files = self._split(new)
        for file, found in files.items():
            if self._stored.get(file) != found:
                write(file, found, self.stamp, self.BODIES)
        for file in self._stored.keys() - files.keys():  # (emptied, or of the other layout)
            remove(file)
        self._stored, self._base, self._has_delta = files, dict(new), False
        return True

    def _split(self, entries: dict[Any, Any]) -> dict[str, dict[Any, Any]]:
        """The entries by file; no file for no entries. (One file needs no hash of each key,
        which may then be any value marshal writes.)"""
        if self.SHARDS == 1 or len(entries) < self.SPLIT_FROM:
            return {self.name: dict(entries)} if entries else {}
        shards: dict[str, dict[Any, Any]] = {}
        for name, entry in entries.items():
            shard = int(hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16) % self.SHARDS
            shards.setdefault(self._shard_file(shard), {})[name] = entry
        return shards


_ABSENT = object()


def remove(name: str) -> None:
    """The entry gone, if it was there (a cache that cannot be written is no error)."""
    folder = directory()
    try:
        if folder is not None:
            (folder / name).unlink(missing_ok=True)
    except OSError:  # a cache that cannot be written is no error
        pass


def _listing(name: str) -> frozenset[str]:
    """The names of the files beside the entry `name`, as entry names (none without a
    cache, or one that cannot be read): those of its group only."""
    folder = directory()
    if folder is None:
        return frozenset()
    parent, _, _ = name.rpartition("/")
    touch(parent)
    try:
        return frozenset(f"{parent}/{file}" if parent else file for file in os.listdir(folder / parent))
    except OSError:
        return frozenset()


_touched: set[str] = set()


def touch(group: str) -> None:
    """`group` marked as used now (once a run): `prune` goes by that time."""
    folder = directory()
    if folder is None or not group.startswith(MEMOS + "/") or group in _touched:
        return
    _touched.add(group)
    try:
        os.utime(folder / group)
    except OSError:  # not made yet, or a cache that cannot be written
        pass


def prune(now: float | None = None) -> None:
    """Drop the groups unused for `MAX_AGE`, then those used least recently until the rest
    fit in `MAX_BYTES` (never one used within the last hour), and the entries of the flat
    layout that came before the groups. At most once an hour: it reads the size of every
    file in the cache. Nothing else in the cache's folder is touched."""
    folder = directory()
    if folder is None:
        return
    now = time.time() if now is None else now
    marker = folder / _PRUNED
    try:
        if now - marker.stat().st_mtime < _KEPT_FOR:
            return
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        marker.touch()
        os.utime(marker, (now, now))
        for entry in os.scandir(folder):
            if entry.is_file(follow_symlinks=False) and _FLAT.fullmatch(entry.name):
                os.unlink(entry.path)
        groups = [(entry.stat().st_mtime, entry.path) for entry in os.scandir(folder / MEMOS) if entry.is_dir(follow_symlinks=False) and _GROUP.fullmatch(entry.name)]
    except OSError:  # no groups yet, or a cache that cannot be read: nothing to do
        return
    total = 0
    for used, path in sorted(groups, reverse=True):  # the most recent first
        size = _size(path)
        if now - used > _KEPT_FOR and (now - used > MAX_AGE or total + size > MAX_BYTES):
            shutil.rmtree(path, ignore_errors=True)
        else:
            total += size


def _size(path: str) -> int:
    try:
        return sum(entry.stat(follow_symlinks=False).st_size for entry in os.scandir(path))
    except OSError:
        return 0
