"""Stage 5: black, in-process, over the Python files that changed.

black takes most of a run on a large spec, so a file whose unformatted text is the same as
last time (the manifest remembers its hash) keeps its formatted text from disk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import black

from generator.diagnostics import Diagnostic, GenerationError, Location

MODE = black.Mode(target_versions={black.TargetVersion.PY310})


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def format_files(
    raw: dict[str, str],
    previous: dict[str, str],
    read_existing: Callable[[str], str | None],
) -> tuple[dict[str, str], dict[str, str]]:
    """Formatted files, and the raw-text hash of each (for the next run's manifest).

    `previous` maps a path to the raw hash recorded when its file on disk was formatted.
    """
    out: dict[str, str] = {}
    hashes: dict[str, str] = {}
    for path, text in raw.items():
        hashes[path] = digest(text)
        if not path.endswith(".py"):
            out[path] = text
            continue
        if previous.get(path) == hashes[path]:
            existing = read_existing(path)
            if existing is not None:
                out[path] = existing
                continue
        out[path] = format_source(path, text)
    return out, hashes


def format_source(path: str, text: str) -> str:
    try:
        return black.format_str(text, mode=MODE)
    except Exception as exc:  # a template produced invalid Python: a bug, said plainly
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GenerationError([Diagnostic(f"generated code does not parse ({first})", Location(path))]) from None
