"""What each generated file looked like to `lstat` when its text was known to be the one the
manifest lists, so that a run need not read a file back to know it is unchanged: git's
index does the same. A big client is tens of thousands of files (graph-beta: 330 MB), and
reading and hashing them all was most of a `check` with nothing to do.

A stamp is trusted only as far as it is safe to:
- It is the file's device, inode, size, mtime and ctime. An edit changes the ctime, which no
  tool can set back; a file put in its place is another inode.
- It is taken only when the file's ctime is older than a reference timestamp of the same
  file system that was given before the file was last known to hold its text: the
  manifest's, as the last run left it (for files this run did not write), or as this run
  wrote it, last of all its files (for those it wrote). An edit after that gets a later
  ctime, even on a file system whose clock is coarse ("racily clean" files, in git's words:
  they are read again next time).
- It only ever lets a run keep a file as it is. Before a file is overwritten or removed its
  text is read and compared, as without stamps (plan.py).

Stamps live in the per-user cache (cache.py), one entry per output folder: never in the
folder, whose manifest is committed and must be the same on every machine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from generator import cache

Stamp = tuple[int, int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns


def stamp_of(stat: os.stat_result) -> Stamp:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


class Stamps:
    """The stamps of one output folder; the files' stamps as this run found them when it took
    the folder (`seen`); and the reference timestamp for those: the manifest's ctime as found
    (None: no manifest)."""

    def __init__(self, root: Path, seen: dict[str, Stamp], manifest_ctime: int | None) -> None:
        self._memo = _Kept(cache.output_group(root) + "/stamps", "")
        self.known: dict[str, tuple[str, Stamp]] = self._memo.old if manifest_ctime is not None else {}
        self.seen = seen
        self.before = manifest_ctime

    def vouch(self, path: str, digest: str) -> bool:
        """Whether the file at `path`, as found, is known to hold the text of `digest`."""
        found = self.seen.get(path)
        return found is not None and self.known.get(path) == (digest, found)

    def record(self, digests: Mapping[str, str], written: set[str], lstat: Callable[[str], os.stat_result | None], manifest_ctime: int | None) -> None:
        """Stamps for the files of `digests` (path -> the digest of its text, as this run
        knows it: written, or read or vouched for and compared), those of `written` written
        by this run before the manifest, whose ctime after it is `manifest_ctime`. The others
        are stamped as found: an edit since then gave them another ctime."""
        found: dict[str, tuple[str, Stamp]] = {}
        seen, before, known = self.seen, self.before, self.known
        for path, digest in digests.items():
            if path in written:
                stat = lstat(path)
                reference, stamp = manifest_ctime, stamp_of(stat) if stat is not None else None
            else:
                reference, stamp = before, seen.get(path)
            if stamp is not None and reference is not None and stamp[4] < reference:
                # (the entry known already, when it is this one: the memo then tells it
                # unchanged by identity; a regeneration keeps tens of thousands)
                entry, new = known.get(path), (digest, stamp)
                found[path] = entry if entry == new else new
        self._memo.new = found
        self._memo.write()
        self.known = found


class _Kept(cache.Sharded):
    """The stamps, one file, and what changed since it was written into a delta read over
    it: a regeneration after an edit changes a few files' stamps of tens of thousands
    (graph-beta: 5 MB written again each run, 0.5 kB now)."""

    SHARDS = 1
