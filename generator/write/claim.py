"""Taking hold of the output folder before a run reads or writes it.

- One run at a time: `generate` holds an exclusive lock on the folder (`flock` on the folder
  itself, so no lock file is left anywhere), `check` a shared one; a run that finds it taken
  says so and waits.
- What a killed run left half-done is undone first (see transaction.py).
- The folder must be clientsmith's: absent, empty, or holding its manifest. A path that is a
  file, a symbolic link, or a folder with other things in it and no manifest stops the run
  (exit 2) with nothing touched.
- What the manifest's files are found to be takes an `lstat` of each (graph-beta: 31,673
  files, 0.13 s). A run that has other work to do first (loading the document) has a forked
  process find them meanwhile (`Claimed.look_ahead`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

from generator import cache
from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.write import transaction
from generator.write.manifest import MANIFEST, Manifest, parse
from generator.write.stamps import Stamp, Stamps, stamp_of
from generator.write.tree import Tree
from generator.workers import Child, Workers

try:
    import fcntl
except ImportError:  # Windows: no locking
    fcntl = None  # type: ignore[assignment]


_LOOK_AHEAD_FROM = 2_000  # files: below this, finding them costs less than a fork


class Claimed:
    """The folder taken: `manifest` as read, what recovering it said (`recovered`), and what
    finding its files gives (`tree`; `previous`: the manifest without the entries refused;
    `ignored`: a warning for each of those), found when first asked for, or beside the run
    since `look_ahead`."""

    def __init__(self, root: Path, manifest: Manifest, refused: dict[str, str], recovered: list[Diagnostic], workers: Workers, stamped: bool = True) -> None:
        self.root, self.manifest, self.recovered = root, manifest, recovered
        self._refused, self._workers, self._stamped = refused, workers, stamped
        self._ctime = _manifest_ctime(root) if stamped else None
        self._pending: Child[_Found] | None = None
        self._asker = 0  # the process that looked ahead
        self._found: tuple[Tree, Manifest, list[Diagnostic]] | None = None

    def look_ahead(self) -> None:
        """Find the files in a forked process, to be asked for later."""
        if self._found is None and self._pending is None and len(self.manifest.written) >= _LOOK_AHEAD_FROM and Workers.available:
            self._pending = self._workers.fork(partial(_find, self.root, self.manifest))
            self._asker = os.getpid()

    @property
    def tree(self) -> Tree:
        return self._settled()[0]

    @property
    def previous(self) -> Manifest:
        return self._settled()[1]

    @property
    def ignored(self) -> list[Diagnostic]:
        return self._settled()[2]

    @property
    def notes(self) -> list[Diagnostic]:
        return self.recovered + self.ignored

    def _settled(self) -> tuple[Tree, Manifest, list[Diagnostic]]:
        if self._found is None:
            mine = self._pending is not None and self._asker == os.getpid()  # (a forked process finds them itself)
            seen, refused = self._pending.result() if mine else _find(self.root, self.manifest)  # type: ignore[union-attr]
            self._pending = None
            refused = self._refused | refused
            path = str(self.root / MANIFEST)
            notes = [Diagnostic(f"entry {entry!r} ignored: {why}", Location(path), "warning") for entry, why in refused.items()]
            previous = self.manifest
            if refused or previous.raw.keys() != previous.written.keys():  # (else as it is: a big client's are 30,000 entries)
                kept = {entry: digest for entry, digest in self.manifest.written.items() if entry not in refused}
                previous = replace(self.manifest, written=kept, raw={e: self.manifest.raw[e] for e in kept})
            stamps = Stamps(self.root, seen, self._ctime) if self._stamped and cache.directory() is not None else None
            self._found = (Tree(self.root, stamps), previous, notes)
        return self._found


@contextmanager
def claim(output: Path, exclusive: bool, waiting: Callable[[], None]) -> Iterator[Claimed]:
    """The output folder, locked, checked and recovered. For `generate` (exclusive) a missing
    folder is made now, and removed again if the run fails while it is still empty."""
    created: list[Path] = []
    descriptor: int | None = None
    try:
        with Workers() as workers:  # (a look ahead still running as the run ends is stopped)
            while descriptor is None:
                kind = _kind(output)
                if kind == "absent" and not exclusive:  # check, and no folder: nothing to lock or read
                    yield Claimed(output, Manifest(), {}, [], workers, stamped=False)
                    return
                if kind == "absent":
                    created += _make(output)
                    continue
                if kind != "folder":
                    raise _not_ours(output)
                descriptor = _lock(output, exclusive, waiting)
            notes = transaction.recover(output) if exclusive else []
            previous, refused = _previous(output)
            yield Claimed(output, previous, refused, notes, workers)
    except BaseException:
        for folder in reversed(created):  # the run failed: the folders it made go, if empty
            try:
                folder.rmdir()
            except OSError:
                break
        raise
    finally:
        if descriptor is not None:
            os.close(descriptor)


def _manifest_ctime(output: Path) -> int | None:
    """The manifest's ctime as the run finds it (the stamps' reference: stamps.py)."""
    manifest = Tree(output).file_stat(MANIFEST)
    return manifest.st_ctime_ns if manifest is not None else None


def _kind(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "absent"
    return "link" if stat.S_ISLNK(mode) else "folder" if stat.S_ISDIR(mode) else "other"


def _make(output: Path) -> list[Path]:
    missing = [p for p in (output, *output.parents) if not p.exists()][::-1]
    made = []
    try:
        for folder in missing:
            folder.mkdir()
            made.append(folder)
    except FileExistsError:
        pass  # another run made it: fine, the lock decides who goes first
    except OSError as exc:
        raise GenerationError([Diagnostic(f"cannot make the output folder: {exc.strerror}", Location(str(output)))]) from None
    return made


def _lock(output: Path, exclusive: bool, waiting: Callable[[], None]) -> int | None:
    """A descriptor of the folder holding the lock; None if the folder changed meanwhile."""
    try:
        descriptor = os.open(output, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if fcntl is not None:
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            try:
                fcntl.flock(descriptor, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                waiting()
                fcntl.flock(descriptor, mode)
        held, now = os.fstat(descriptor), os.lstat(output)
        if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
            return descriptor
    except FileNotFoundError:
        pass  # removed while we waited (a failed first run cleans up after itself)
    except BaseException:
        os.close(descriptor)
        raise
    os.close(descriptor)
    return None


def _not_ours(output: Path) -> GenerationError:
    kind = _kind(output)
    if kind == "link":
        what = f"a symbolic link (to {os.readlink(output)}): give the folder itself as the output"
    else:
        what = "not a folder: give a new or empty folder as the output"
    return GenerationError([Diagnostic(f"{what}; nothing was changed", Location(str(output)))])


def _previous(output: Path) -> tuple[Manifest, dict[str, str]]:
    """The last run's manifest, and the entries it refused (path -> why); exit 2 if the
    folder is not clientsmith's."""
    path = output / MANIFEST
    tree = Tree(output)
    kind = tree.kind(MANIFEST)
    if kind == "absent":
        if any(entry.name != transaction.TRANSACTION for entry in os.scandir(output)):
            message = (
                f"not empty, and clientsmith did not write it (it holds no {MANIFEST}): give a new or "
                "empty folder as the output; nothing was changed"
            )
            raise GenerationError([Diagnostic(message, Location(str(output)))])
        return Manifest(), {}
    data = tree.read(MANIFEST)
    try:
        if data is None:
            raise ValueError("not a regular file")
        return parse(data.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError included
        message = (
            f"cannot be read as clientsmith's manifest ({exc}): restore it (git checkout), or give a "
            "new or empty folder as the output; nothing was changed"
        )
        raise GenerationError([Diagnostic(message, Location(str(path)))]) from None


_Found = tuple[dict[str, Stamp], dict[str, str]]


def _find(output: Path, manifest: Manifest) -> _Found:
    """The stamp of each of the manifest's files found as a regular file, and those refused
    (path -> why)."""
    tree = Tree(output)
    seen: dict[str, Stamp] = {}
    refused: dict[str, str] = {}
    for entry in sorted(manifest.written):
        found = tree.lstat(entry)
        if found == "absent":
            continue
        if isinstance(found, str) or not stat.S_ISREG(found.st_mode):
            refused[entry] = "not a regular file (a link, a folder, or a path through a link); never followed"
        else:
            seen[entry] = stamp_of(found)
    return seen, refused
