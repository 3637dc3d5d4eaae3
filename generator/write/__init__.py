"""Stage 6: put the files in the output folder, or compare them with it.

clientsmith owns only what its manifest lists (plan.py says what may change), takes the
folder before touching it (claim.py), and changes it all at once or not at all
(transaction.py). Other files in the folder, a `.git` among them, are never touched.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.write import transaction
from generator.write.claim import Claimed, claim
from generator.write.manifest import MANIFEST, Manifest, digest_bytes
from generator.write.plan import DISOWNED, Content, Plan, diff, is_current, is_unchanged, plan
from generator.write.tree import Tree

__all__ = ["MANIFEST", "Claimed", "Content", "Manifest", "WriteResult", "claim", "commit", "diff", "digest_bytes", "is_current", "is_unchanged"]


@dataclass(frozen=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int
    kept: list[Diagnostic]  # files that should have changed and were left as they are
    notes: list[Diagnostic]


def commit(folder: Claimed, files: dict[str, Content], manifest: Manifest, overwrite: bool, read_back: AbstractSet[str] = frozenset()) -> WriteResult:
    """Write `files`, with `manifest` as the next manifest where nothing is kept; the
    files `read_back` (not in `files`) were found in the folder as this run would write them."""
    changes = plan(folder.tree, folder.previous, files, manifest, overwrite, read_back)
    try:
        if changes.writes or changes.removals:
            transaction.apply(folder.root, changes)
    except OSError as exc:
        where = str(exc.filename) if exc.filename else str(folder.root)
        raise GenerationError([Diagnostic(f"cannot write the output: {exc.strerror or exc}", Location(where))]) from None
    _stamp(folder, changes)
    kept = [Diagnostic(why, Location(str(folder.root / path))) for path, why in changes.conflicts.items()]
    notes = [Diagnostic(DISOWNED, Location(str(folder.root / path)), "warning") for path in changes.disowned]
    written = len(changes.writes) - (MANIFEST in changes.writes)
    return WriteResult(written, changes.unchanged, len(changes.removals), kept, notes)


def _stamp(folder: Claimed, changes: Plan) -> None:
    """The stamps of the files whose text this run knows: those it wrote, and those it read
    and found as the manifest lists them (all but the ones kept in conflict)."""
    stamps = folder.tree.stamps
    if stamps is None:
        return
    tree = Tree(folder.root)  # (the folder as it is now)
    manifest = tree.file_stat(MANIFEST)
    known = {path: digest for path, digest in changes.manifest.written.items() if path not in changes.conflicts}
    stamps.record(known, set(changes.writes), tree.file_stat, manifest.st_ctime_ns if manifest is not None else None)
