"""Where `clientsmith diff` reads its two documents: a path, `git:REV:path` (the document as a
commit has it, with its folder and the other files its refs reach), a URL or `-` (standard
input)."""

from __future__ import annotations

import io
import json
import posixpath
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from generator import fetch
from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.ir.mock_spec import restored
from generator.render import MOCK_CHANGES

_FILE_REF = re.compile(rb"""\$ref["']?\s*:\s*["']?([^"'#\s{\[][^"'#\s]*)""")  # a ref's file part


@dataclass(frozen=True)
class Source:
    path: Path  # a file to read
    label: str  # what messages call it
    temporary_root: Path | None = None  # a folder made for it, which messages name `label`
    stands_alone: bool = False  # a copy of a URL or stdin: its refs stay in its folder (bundle.py)


def source(spec: str, scratch: Path) -> Source:
    """`spec` as a readable file; what is not a plain path is written under `scratch`."""
    scratch.mkdir(parents=True, exist_ok=True)
    if spec == "-":
        return Source(fetch.from_stdin(scratch), "<stdin>", stands_alone=True)
    if fetch.is_url(spec):
        return Source(fetch.from_url(spec, scratch), spec, stands_alone=True)
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
    return Source(path, str(mock), stands_alone=True)


def _from_git(spec: str, scratch: Path) -> Source:
    """The document's folder as it is at the revision (a multi-file document needs its
    neighbours), extracted from `git archive`."""
    rev, sep, relative = spec[4:].partition(":")
    if not sep or not rev or not relative:
        raise _error(spec, "expected git:REVISION:path (the path from the repository's top)")
    top = _git(["rev-parse", "--show-toplevel"], spec).decode().strip()
    root = scratch / "git"
    wanted, taken = [str(PurePosixPath(relative).parent)], []
    while wanted:  # the folder, then the files its refs reach beyond it (`../common/types.json`)
        archive = _git(["-C", top, "archive", "--format=tar", rev, "--", *wanted], spec)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(root, filter="data")
            added = [member.name for member in tar.getmembers() if member.isfile()]
        taken += wanted
        reached = {name for name in _reached(root, added) if not any(_within(name, place) for place in taken)}
        known = _git(["-C", top, "ls-tree", "-r", "--name-only", rev, "--", *sorted(reached)], spec).decode().splitlines() if reached else []
        wanted = sorted(set(known) & reached)  # (a ref to no file is the bundle's to report)
    path = root / relative
    if not path.is_file():
        raise _error(spec, f"{relative} is not a file at {rev}")
    return Source(path, spec, root)


def _reached(root: Path, names: list[str]) -> set[str]:
    """The files (from the repository's top) that the refs of the files `names` name."""
    reached = set()
    for name in names:
        try:
            text = (root / name).read_bytes()
        except OSError:
            continue
        for found in _FILE_REF.finditer(text):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(found.group(1).decode(errors="replace"))))
            if not target.startswith("../"):
                reached.add(target)
    return reached


def _within(name: str, place: str) -> bool:
    return place == "." or name == place or name.startswith(place.rstrip("/") + "/")


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
