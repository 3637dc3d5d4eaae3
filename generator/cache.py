"""A per-user cache that makes the next run faster and never changes what a run produces.

What is kept is keyed by content (a hash of the text it was computed from), so an entry is
either exactly right or not found. Files hold plain data only (marshal: no code runs when
one is read); a missing, unreadable or foreign file counts as empty.

`CLIENTSMITH_CACHE_DIR` chooses the folder (empty or `off`: no cache); the default is
`$XDG_CACHE_HOME/clientsmith`, else `~/.cache/clientsmith`.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from generator import __version__

_FORMAT = f"clientsmith {__version__} py{sys.version_info[0]}.{sys.version_info[1]} 1"


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


def read(name: str, stamp: str = "") -> Any:
    """The value last written under `name` with the same `stamp` (what made it: a version
    of clientsmith's code, options), or None."""
    folder = directory()
    if folder is None:
        return None
    try:
        stored, value = marshal.loads((folder / name).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return value if stored == _FORMAT + stamp else None


def write(name: str, value: Any, stamp: str = "") -> None:
    """Replace the entry atomically; a cache that cannot be written is no error."""
    folder = directory()
    if folder is None:
        return
    temp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps((_FORMAT + stamp, value)))
        os.replace(temp, folder / name)
        temp = None
    except (OSError, ValueError):
        pass
    finally:
        if temp is not None:  # failed, or interrupted: no half-written file left behind
            Path(temp).unlink(missing_ok=True)


class Sharded:
    """A memo: the entries of the last run (`old`) and of this one (`new`, which `write`
    keeps), under one name, with what made them (`stamp`), in shards by key: a big
    document's memo is a hundred megabytes, and an edit rewrites only the shards it changed
    (an edit of a schema that 77 of graph-beta's operations read rewrites a quarter of its
    operations' memo: with 16 shards, all of it). Empty shards are no files."""

    SHARDS = 256

    def __init__(self, name: str, stamp: str) -> None:
        self.name, self.stamp = name, stamp
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self._stored: list[dict[str, Any]] = []
        present = _listing()
        self._legacy = [f"{name}.{shard:02d}" for shard in range(16) if f"{name}.{shard:02d}" in present]  # (16 shards, before 256)
        for shard in range(self.SHARDS):
            file = self._file(shard)
            stored = read(file, stamp) if file in present else None
            self._stored.append(stored if isinstance(stored, dict) else {})
            self.old.update(self._stored[-1])

    def _file(self, shard: int) -> str:
        return f"{self.name}.{shard:03d}"

    def write(self) -> None:
        shards: list[dict[str, Any]] = [{} for _ in range(self.SHARDS)]
        for name, entry in self.new.items():
            shards[int(hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16) % self.SHARDS][name] = entry
        for shard, (found, stored) in enumerate(zip(shards, self._stored)):
            if found == stored:
                continue
            if found:
                write(self._file(shard), found, self.stamp)
            else:
                _remove(self._file(shard))
        for file in self._legacy:
            _remove(file)


def _remove(name: str) -> None:
    folder = directory()
    try:
        if folder is not None:
            (folder / name).unlink(missing_ok=True)
    except OSError:  # a cache that cannot be written is no error
        pass


def _listing() -> frozenset[str]:
    """The names of the cache's files (none without a cache, or one that cannot be read)."""
    folder = directory()
    try:
        return frozenset(os.listdir(folder)) if folder is not None else frozenset()
    except OSError:
        return frozenset()
