"""What a run may do to the output folder, decided before anything is touched.

The rule: a path is clientsmith's when the previous manifest lists it. clientsmith writes a
path that is absent, or its own and untouched since it wrote it; it removes a path only when
it is its own, untouched, and no longer generated. Anything else is kept as it is:
- a generated file edited by hand since (`overwrite` rewrites it);
- a file clientsmith did not write, at a path it would write (never overwritten);
- a link or folder where a file should go.
A file that already holds exactly what would be written is taken as clientsmith's.
"""

from __future__ import annotations

import difflib
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from generator.workers import Spooled
from generator.write.manifest import MANIFEST, Manifest, digest_bytes
from generator.write.tree import Tree

Content = str | bytes | Spooled  # a file's text, or its bytes (in a forked maker's spool: workers.py)

EDITED = "edited by hand since clientsmith wrote it; kept (--overwrite rewrites it)"
FOREIGN = "not written by clientsmith; kept (move it away to let clientsmith write it)"
IN_THE_WAY = "a link or folder is where this file goes; kept (move it away)"
DISOWNED = "no longer generated, but edited by hand: kept, and no longer clientsmith's"


@dataclass(frozen=True)
class Plan:
    writes: dict[str, bytes | Spooled]  # what to put at each path; the manifest comes last
    removals: list[str]
    conflicts: dict[str, str]  # a path that should change but is kept, and why
    disowned: list[str]  # no longer generated, edited by hand: left to the user
    unchanged: int
    manifest: Manifest  # the one written (or kept): the digest of each write's bytes among its files


def plan(tree: Tree, previous: Manifest, files: dict[str, Content], manifest: Manifest, overwrite: bool, read_back: AbstractSet[str] = frozenset()) -> Plan:
    """`manifest` is the next one as if every file were written; the plan's own differs
    where a file is kept. `files`: the text (or bytes) of each file but those `read_back`, which this
    run found on disk as the last run wrote them and as it would write them again (a big
    client's tens of thousands of files: their text is not read, nor carried)."""
    writes: dict[str, bytes | Spooled] = {}
    conflicts: dict[str, str] = {}
    written = dict(manifest.written)
    raw = dict(manifest.raw)
    unchanged = len(read_back)
    for path in sorted(files):
        text = files[path]
        data = text.encode("utf-8") if isinstance(text, str) else text
        kind = tree.kind(path)
        if kind == "absent":
            writes[path] = data
            continue
        ours = path in previous.written
        if ours and tree.vouched(path, previous.written[path]):  # as the last run wrote it: known without reading it
            if manifest.written.get(path) == previous.written[path]:
                unchanged += 1
            else:
                writes[path] = data
            continue
        on_disk = tree.read(path) if kind == "file" else None
        if on_disk is not None and on_disk == bytes_of(data):
            unchanged += 1
            continue
        if on_disk is not None and ours and (overwrite or digest_bytes(on_disk) == previous.written[path]):
            writes[path] = data
            continue
        conflicts[path] = IN_THE_WAY if on_disk is None else EDITED if ours else FOREIGN
        if ours and on_disk is not None:  # still ours, as last written: a later run may rewrite it
            written[path], raw[path] = previous.written[path], previous.raw.get(path, "")
        else:
            del written[path], raw[path]
    removals: list[str] = []
    disowned: list[str] = []
    for path in sorted(set(previous.written) - set(files) - read_back):
        on_disk = tree.read(path)
        if on_disk is None:
            continue
        if overwrite or digest_bytes(on_disk) == previous.written[path]:
            removals.append(path)
        else:
            disowned.append(path)
    inputs = "" if conflicts else manifest.inputs  # the folder is not what the inputs give
    final = replace(manifest, inputs=inputs, raw=raw, written=written)
    if writes or removals or final != previous or tree.kind(MANIFEST) != "file":
        writes[MANIFEST] = final.text().encode("utf-8")
    return Plan(writes, removals, conflicts, disowned, unchanged, final)


def is_current(tree: Tree, manifest: Manifest) -> bool:
    """Every file the manifest lists is on disk with the text it lists."""
    return all(is_unchanged(tree, path, manifest) for path in manifest.written)


def is_unchanged(tree: Tree, path: str, manifest: Manifest) -> bool:
    """Whether a file is on disk as the last run wrote it (not edited since, not gone): by
    its stamp when it has one, else by its text."""
    expected = manifest.written.get(path)
    if expected is None:
        return False
    if tree.vouched(path, expected):
        return True
    data = tree.read(path)
    return data is not None and digest_bytes(data) == expected


def diff(tree: Tree, previous: Manifest, files: dict[str, Content], read_back: AbstractSet[str] = frozenset()) -> list[str]:
    """A unified diff from the folder to what a run would make of it; empty when equal.

    Only generated paths and the previous run's count: other files in the folder are the
    user's. The manifest only speeds runs up (its fingerprint covers clientsmith's own
    code): a stale one is not a stale client.
    """
    lines: list[str] = []
    for path in sorted((set(files) | set(previous.written)) - read_back):  # (those are as they would be written)
        data = tree.read(path)
        before = data.decode("utf-8", "replace") if data is not None else None
        found = files.get(path)
        after = bytes_of(found).decode("utf-8") if isinstance(found, (bytes, Spooled)) else found
        if before == after:
            continue
        lines += difflib.unified_diff(
            (before or "").splitlines(keepends=True),
            (after or "").splitlines(keepends=True),
            fromfile=f"a/{path}" if before is not None else "/dev/null",
            tofile=f"b/{path}" if after is not None else "/dev/null",
        )
    return lines


def bytes_of(content: bytes | Spooled) -> bytes:
    return content.read() if isinstance(content, Spooled) else content
