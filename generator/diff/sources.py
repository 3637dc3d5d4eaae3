"""Where `clientsmith diff` reads its two documents: a path, `git:REV:path` (the document as a
commit has it, with the files beside it that it refers to), a URL or `-` (standard input)."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator import fetch
from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.ir.mock_spec import restored
from generator.render import MOCK_CHANGES


@dataclass(frozen=True)
class Source:
    path: Path  # a file to read
    label: str  # what messages call it
    temporary_root: Path | None = None  # a folder made for it, which messages name `label`


def source(spec: str, scratch: Path) -> Source:
    """`spec` as a readable file; what is not a plain path is written under `scratch`."""
    scratch.mkdir(parents=True, exist_ok=True)
    if spec == "-":
        return Source(fetch.from_stdin(scratch), "<stdin>")
    if fetch.is_url(spec):
        return Source(fetch.from_url(spec, scratch), spec)
    if spec.startswith("git:"):
        return _from_git(spec, scratch)
    return Source(Path(spec), spec)


def last_generated(output: Path, scratch: Path) -> Source:
    """The document the output folder was last generated from: its tests keep it, as the
    mock servers read it, with what that changed of the user's beside it."""
    mock = output / "tests" / "openapi.json"
    if not mock.is_file():
        raise _error(str(output), "no generated client to compare with: give the earlier document (OLD)")
    try:
        document = json.loads(mock.read_text(encoding="utf-8"))
        changes_file = output / MOCK_CHANGES
        if changes_file.is_file():
            document = restored(document, json.loads(changes_file.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise _error(str(mock), f"cannot read the last generated document: {exc}") from None
    scratch.mkdir(parents=True, exist_ok=True)
    path = scratch / "openapi.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return Source(path, str(mock), None)


def _from_git(spec: str, scratch: Path) -> Source:
    """The document's folder as it is at the revision (a multi-file document needs its
    neighbours), extracted from `git archive`."""
    rev, sep, relative = spec[4:].partition(":")
    if not sep or not rev or not relative:
        raise _error(spec, "expected git:REVISION:path (the path from the repository's top)")
    top = _git(["rev-parse", "--show-toplevel"], spec).decode().strip()
    folder = str(PurePosixPath(relative).parent)
    archive = _git(["-C", top, "archive", "--format=tar", rev, "--", folder], spec)
    root = scratch / "git"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root, filter="data")
    path = root / relative
    if not path.is_file():
        raise _error(spec, f"{relative} is not a file at {rev}")
    return Source(path, spec, root)


def _git(args: list[str], spec: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False)
    except OSError as exc:
        raise _error(spec, f"git cannot run: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise _error(spec, reason[-1] if reason else f"git {args[0]} failed")
    return done.stdout


def _error(spec: str, message: str) -> GenerationError:
    return GenerationError([Diagnostic(message, Location(spec))])
