"""A plan applied all at once, or not at all.

Everything new is first written into `.clientsmith-txn/new/` inside the output folder, then a
journal is written. The commit renames each file into place, moving what it replaces or
removes into `.clientsmith-txn/old/`, with SIGINT and SIGTERM held; deleting the journal is
the commit point. A run that fails before it puts every file back. A run killed outright
(SIGKILL, a crash) leaves the journal, and the next run puts the files back before anything
else (`recover`): the folder is the previous output again, byte for byte.

Putting back is as careful as the rest: a file is restored only over an absent path or over
the very text the journal says this run wrote, and the journal's paths pass the manifest's
checks (a journal could be committed by mistake, and then forged).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from functools import partial
from pathlib import Path

from generator import interrupts
from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.write.manifest import MANIFEST, digest_bytes, entry_problem
from generator.write.plan import Plan, bytes_of
from generator.write.tree import Tree
from generator.workers import Spooled, Workers

TRANSACTION = ".clientsmith-txn"
_STAGE_FORK_FROM = 5_000  # files: below this, one process writes them all
_JOURNAL = "journal.json"


def apply(root: Path, plan: Plan) -> None:
    txn = root / TRANSACTION
    tree = Tree(root)
    folders = {folder for path in plan.writes for folder in _parents(path)}
    created = sorted((folder for folder in folders if tree.kind(folder) == "absent"), key=len)
    os.mkdir(txn)
    committed = False
    # Paths as strings, folders made once: a big client is tens of thousands of files.
    top, new, old = f"{root}/", f"{txn}/new/", f"{txn}/old/"
    made: set[str] = set()
    try:
        _stage(new, plan.writes)
        known = plan.manifest.written  # (the digests of the generated files' bytes, made once; not the manifest's own)
        digests = {path: known.get(path) or digest_bytes(bytes_of(data)) for path, data in plan.writes.items()}
        journal: dict[str, object] = {"created": created, "files": digests | dict.fromkeys(plan.removals)}
        _put(f"{txn}/{_JOURNAL}.part", json.dumps(journal).encode("utf-8"), made)
        os.replace(txn / f"{_JOURNAL}.part", txn / _JOURNAL)
        with interrupts.held():
            try:
                # A folder new to the output comes in whole, by one rename: a cold run of a
                # big client is a few folders instead of tens of thousands of files.
                new_folders = set(created)
                whole = [folder for folder in created if folder.rpartition("/")[0] not in new_folders]
                for folder in whole:
                    os.replace(new + folder, top + folder)
                inside = tuple(folder + "/" for folder in whole)
                for path in plan.writes:  # the manifest last
                    if not path.startswith(inside):
                        _set_aside(top + path, old + path, made)
                        os.replace(new + path, top + path)
                for path in plan.removals:
                    _set_aside(top + path, old + path, made)
                os.unlink(txn / _JOURNAL)  # the commit point
                committed = True
            finally:
                if not committed:
                    _put_back(root, txn, journal)
    finally:
        shutil.rmtree(txn, ignore_errors=True)
    for path in plan.removals:
        _tidy_after_removal(root, path)


def recover(root: Path) -> list[Diagnostic]:
    """Undo what a run killed during its commit left half-done; remove its leftovers."""
    txn = root / TRANSACTION
    try:
        mode = os.lstat(txn).st_mode
    except FileNotFoundError:
        return []
    if not stat.S_ISDIR(mode):
        raise GenerationError([Diagnostic("is in the way of clientsmith's own temporary folder: remove it", Location(str(txn)))])
    notes = []
    journal = _read_journal(txn)
    if journal is not None:
        _put_back(root, txn, journal)
        notes.append(Diagnostic("a run was killed while writing; its changes were undone", Location(str(root)), "warning"))
    shutil.rmtree(txn)
    return notes


def _stage(new: str, writes: dict[str, bytes | Spooled]) -> None:
    """Every file to write, into the staging folder: on a big client (tens of thousands of
    files, most of this stage's time in the kernel) half of them by a forked process."""
    paths = list(writes)
    if len(paths) < _STAGE_FORK_FROM or not Workers.available:
        return _put_all(new, paths, writes)
    half = len(paths) // 2  # (sorted paths: the two halves make folders of their own, mostly)
    with Workers() as workers:
        helper = workers.fork(partial(_put_all, new, paths[half:], writes))
        _put_all(new, paths[:half], writes)
        helper.result()


def _put_all(new: str, paths: list[str], writes: dict[str, bytes | Spooled]) -> None:
    made: set[str] = set()
    for path in paths:
        _put(new + path, writes[path], made)


def _put(path: str, data: bytes | Spooled, made: set[str]) -> None:
    """`data` written to a new file at `path` through its descriptor: `open()`'s buffered
    file object adds half again to a small file's cost, and a big client is tens of
    thousands of them."""
    _folder_for(path, made)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
    try:
        if isinstance(data, Spooled):
            return data.send(fd)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _set_aside(path: str, aside: str, made: set[str]) -> None:
    """Move what is at `path` (if anything) to `aside`, from where a failed run puts it back."""
    if not os.path.lexists(path):
        return
    _folder_for(aside, made)
    os.replace(path, aside)


def _folder_for(path: str, made: set[str]) -> None:
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def _put_back(root: Path, txn: Path, journal: dict[str, object]) -> None:
    tree = Tree(root)
    files = journal.get("files")
    for path, new in (files.items() if isinstance(files, dict) else ()):
        if not isinstance(path, str) or (path != MANIFEST and entry_problem(path)):
            continue
        kind = tree.kind(path)
        ours = kind == "file" and new is not None and digest_bytes(tree.read(path) or b"") == new
        if kind != "absent" and not ours:
            continue  # not what this run wrote: someone else's, left alone
        aside = Tree(txn / "old").read(path)
        if aside is not None:
            os.replace(txn / "old" / path, root / path)
        elif ours:
            os.unlink(root / path)
    created = journal.get("created")
    for folder in reversed(created if isinstance(created, list) else []):
        if isinstance(folder, str) and not entry_problem(folder) and Tree(root).is_folder(folder):
            _remove_if_empty(root / folder)


def _read_journal(txn: Path) -> dict[str, object] | None:
    data = Tree(txn).read(_JOURNAL)
    if data is None:
        return None  # killed before the commit began: nothing was touched
    try:
        journal = json.loads(data)
    except ValueError:
        return None
    return journal if isinstance(journal, dict) else None


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _tidy_after_removal(root: Path, path: str) -> None:
    """Bytecode Python compiled from a removed module, then folders left empty."""
    folder, _, name = path.rpartition("/")
    if name.endswith(".py"):
        cache = root / folder / "__pycache__"
        if cache.is_dir() and not cache.is_symlink():
            for compiled in cache.iterdir():  # `module.cpython-311.pyc` and the like
                if compiled.name.startswith(name[:-3] + ".") and compiled.suffix == ".pyc" and not compiled.is_symlink():
                    compiled.unlink()
            _remove_if_empty(cache)
    for parent in reversed(_parents(path)):
        if not _remove_if_empty(root / parent):
            break


def _remove_if_empty(folder: Path) -> bool:
    try:
        folder.rmdir()
        return True
    except OSError:
        return False
