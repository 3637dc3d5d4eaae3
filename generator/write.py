"""Stage 6: put the files in the output folder all at once, or compare them with it.

The new tree is written beside the old one and swapped in with renames, so a run that fails
part-way leaves the previous output as it was.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".clientsmith.json"


@dataclass(frozen=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int


@dataclass(frozen=True)
class Manifest:
    """What the last run wrote: its inputs' fingerprint, and per file the hash of the text
    before formatting (to skip black when it has not changed) and of the text written."""

    inputs: str = ""
    operations: int = 0
    models: int = 0
    raw: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        files = {path: [self.raw.get(path, ""), self.written[path]] for path in sorted(self.written)}
        body = {"generator": "clientsmith", "inputs": self.inputs, "operations": self.operations, "models": self.models, "files": files}
        return json.dumps(body, indent=1) + "\n"


def read_manifest(output: Path) -> Manifest:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        files = {str(k): (str(v[0]), str(v[1])) for k, v in data.get("files", {}).items()}
        return Manifest(
            str(data.get("inputs", "")),
            int(data.get("operations", 0)),
            int(data.get("models", 0)),
            {k: raw for k, (raw, _) in files.items()},
            {k: out for k, (_, out) in files.items()},
        )
    except (OSError, ValueError, AttributeError, TypeError, IndexError):
        return Manifest()


def is_current(output: Path, manifest: Manifest) -> bool:
    """The folder holds exactly the files the manifest lists, each with the text it lists."""
    on_disk = existing_files(output)
    if set(on_disk) != set(manifest.written) | {MANIFEST}:
        return False
    for rel, expected in manifest.written.items():
        try:
            if digest_bytes(on_disk[rel].read_bytes()) != expected:
                return False
        except OSError:
            return False
    return True


def read_unchanged(output: Path, rel: str, manifest: Manifest) -> str | None:
    """A file's text as the last run wrote it; None when it was edited since (or is gone)."""
    try:
        data = (output / rel).read_bytes()
    except OSError:
        return None
    return data.decode("utf-8") if digest_bytes(data) == manifest.written.get(rel) else None


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def existing_files(output: Path) -> dict[str, Path]:
    if not output.is_dir():
        return {}
    return {p.relative_to(output).as_posix(): p for p in output.rglob("*") if p.is_file() and "__pycache__" not in p.parts and ".pytest_cache" not in p.parts and ".mypy_cache" not in p.parts}


def read_text(output: Path, rel: str) -> str | None:
    try:
        return (output / rel).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_tree(output: Path, files: dict[str, str]) -> WriteResult:
    old = existing_files(output)
    same = {rel for rel, text in files.items() if rel in old and read_text(output, rel) == text}
    removed = len(set(old) - set(files))
    written = len(files) - len(same)
    if written == 0 and removed == 0:
        return WriteResult(0, len(same), 0)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        for rel, text in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel not in same or not _link(old[rel], target):
                target.write_text(text, encoding="utf-8", newline="\n")
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteResult(written, len(same), removed)


def _link(source: Path, target: Path) -> bool:
    """An unchanged file joins the new tree as a hard link: no copy, same bytes."""
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        os.replace(staging, output)
        return
    backup = output.parent / f".{output.name}.old-{os.getpid()}"
    os.replace(output, backup)
    try:
        os.replace(staging, output)
    except BaseException:
        os.replace(backup, output)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def diff_tree(output: Path, files: dict[str, str]) -> list[str]:
    """A unified diff from what is on disk to what would be written; empty when equal."""
    lines: list[str] = []
    old = existing_files(output)
    # The manifest only speeds runs up (its fingerprint covers clientsmith's own code): a
    # stale one is not a stale client.
    for rel in sorted((set(old) | set(files)) - {MANIFEST}):
        before = read_text(output, rel) if rel in old else ""
        after = files.get(rel, "")
        if before == after and (rel in old) == (rel in files):
            continue
        lines += difflib.unified_diff(
            (before or "").splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{rel}" if rel in old else "/dev/null",
            tofile=f"b/{rel}" if rel in files else "/dev/null",
        )
    return lines
