"""Taking hold of the output folder before a run reads or writes it.

- One run at a time: `generate` holds an exclusive lock on the folder (`flock` on the folder
  itself, so no lock file is left anywhere), `check` a shared one; a run that finds it taken
  says so and waits.
- What a killed run left half-done is undone first (see transaction.py).
- The folder must be clientsmith's: absent, empty, or holding its manifest. A path that is a
  file, a symbolic link, or a folder with other things in it and no manifest stops the run
  (exit 2) with nothing touched.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from generator import cache
from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.write import transaction
from generator.write.manifest import MANIFEST, Manifest, parse
from generator.write.stamps import Stamps
from generator.write.tree import Tree

try:
    import fcntl
except ImportError:  # Windows: no locking
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Claimed:
    root: Path
    tree: Tree
    previous: Manifest
    notes: list[Diagnostic]


@contextmanager
def claim(output: Path, exclusive: bool, waiting: Callable[[], None]) -> Iterator[Claimed]:
    """The output folder, locked, checked and recovered. For `generate` (exclusive) a missing
    folder is made now, and removed again if the run fails while it is still empty."""
    created: list[Path] = []
    descriptor: int | None = None
    try:
        while descriptor is None:
            kind = _kind(output)
            if kind == "absent" and not exclusive:  # check, and no folder: nothing to lock or read
                yield Claimed(output, Tree(output), Manifest(), [])
                return
            if kind == "absent":
                created += _make(output)
                continue
            if kind != "folder":
                raise _not_ours(output)
            descriptor = _lock(output, exclusive, waiting)
        notes = transaction.recover(output) if exclusive else []
        previous, more, seen = _previous(output)
        yield Claimed(output, Tree(output, _stamps(output, seen)), previous, notes + more)
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


def _stamps(output: Path, seen: dict[str, os.stat_result]) -> Stamps | None:
    """The folder's stamps (none without a cache), with its files' `lstat` and the manifest's
    ctime as found."""
    if cache.directory() is None:
        return None
    manifest = Tree(output).file_stat(MANIFEST)
    return Stamps(output, seen, manifest.st_ctime_ns if manifest is not None else None)


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


def _previous(output: Path) -> tuple[Manifest, list[Diagnostic], dict[str, os.stat_result]]:
    """The last run's manifest, its refused entries as warnings, and the `lstat` of each of
    its files found as a regular file; exit 2 if the folder is not clientsmith's."""
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
        return Manifest(), [], {}
    data = tree.read(MANIFEST)
    try:
        if data is None:
            raise ValueError("not a regular file")
        manifest, refused = parse(data.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError included
        message = (
            f"cannot be read as clientsmith's manifest ({exc}): restore it (git checkout), or give a "
            "new or empty folder as the output; nothing was changed"
        )
        raise GenerationError([Diagnostic(message, Location(str(path)))]) from None
    seen: dict[str, os.stat_result] = {}
    for entry in sorted(manifest.written):
        found = tree.lstat(entry)
        if found == "absent":
            continue
        if isinstance(found, str) or not stat.S_ISREG(found.st_mode):
            refused[entry] = "not a regular file (a link, a folder, or a path through a link); never followed"
        else:
            seen[entry] = found
    notes = [Diagnostic(f"entry {entry!r} ignored: {why}", Location(str(path)), "warning") for entry, why in refused.items()]
    kept = {entry: digest for entry, digest in manifest.written.items() if entry not in refused}
    return replace(manifest, written=kept, raw={e: manifest.raw[e] for e in kept}), notes, seen
