"""What each part's file (a resource module, a types module, its tests...) rendered to last
time, by what it was rendered from, so that a regeneration renders and formats only the
parts whose inputs changed.

A part's template sees its own context and the client-level fields of the model, nothing
else (render.PART_TEMPLATES), so its text is a function of those and of the templates: the
memo maps a digest of (template, context, client-level fields) to the hash of the text it
gave before formatting. When that hash is the one the manifest recorded for the file, and
the file is on disk as the last run wrote it, the file is that text formatted: it is kept
as it is. The memo lives in the per-user cache (cache.py), one entry per output folder,
holding the fingerprint of clientsmith's code and templates it was made with; a missing or
stale entry only costs time.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable
from typing import Any

from generator import cache, render

Reused = dict[str, tuple[str, str]]  # path -> (raw hash, the file's text on disk)


def name(output: str) -> str:
    """The cache entry for an output folder."""
    return "render-" + cache.key(output)


def keys(todo: list[render.Job], client: bytes) -> dict[str, str]:
    """Each part's digest of what it is rendered from; `client`: the pickled client-level fields."""
    found = {}
    for path, template, context, _ in todo:
        if template in render.PART_TEMPLATES:
            found[path] = hashlib.sha1(client + _content((template, context))).hexdigest()[:24]
    return found


def _content(value: Any) -> bytes:
    """`value` pickled without back-references: the bytes follow what it holds, not which of
    its parts are one object in memory (a model read back from the operations' memo shares
    less than one just made). The model holds no cycles."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()


def client_bytes(api: Any) -> bytes:
    return _content(render.client_level(api))


def reuse(found: dict[str, str], known: dict[str, str], previous_raw: dict[str, str], unchanged: Callable[[str], str | None]) -> Reused:
    """The parts whose file on disk is what their template would give again."""
    reused: Reused = {}
    for path, key in found.items():
        raw = known.get(key)
        if raw is not None and previous_raw.get(path) == raw:
            text = unchanged(path)
            if text is not None:
                reused[path] = (raw, text)
    return reused


def read(entry: str, code: str) -> dict[str, str]:
    """What the entry knows, if it was written with clientsmith's code and templates at `code`."""
    stored = cache.read(entry, code)
    return stored if isinstance(stored, dict) else {}
