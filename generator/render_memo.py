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
from pathlib import Path
from typing import Any

from generator import cache, render
from generator.ir import model
from generator.ir.op_memo import LazyOperation, LazyTypesModule, Pickled

Reused = dict[str, str]  # path -> the raw hash of the file on disk


def name(root: Path) -> str:
    """The cache entry for an output folder."""
    return cache.output_group(root) + "/render"


def keys(todo: list[render.Planned], client: bytes, pickled: Pickled) -> dict[str, str]:
    """Each part's digest of what it is rendered from; `client`: the pickled client-level
    fields; `pickled`: operations and types modules as the memos pickled them
    (OpMemo.pickled, TypesMemo.pickled). The tests of a resource (render.TestContext) are
    known by their module and what they import, without their context being made."""
    found = {}
    client = hashlib.sha1(client).digest()  # (once: it is kilobytes, and a big client has 30,000 parts)
    for path, template, context, _ in todo:
        if isinstance(context, render.TestContext):
            digest = _digest_of(context.module, pickled)
            if digest is not None:
                imported = repr(context.returns()).encode("utf-8", "surrogatepass")
                found[path] = hashlib.sha1(client + b"\0tests\0" + template.encode() + digest + imported).hexdigest()[:24]
                continue
            context = context()
        if template in render.PART_TEMPLATES:
            holds_known = template in _HOLDING_KNOWN  # (the others need no look at each object)
            known = _known_parts(context, pickled) if holds_known else None
            if known is not None:  # (no pickler to make for a context of known parts and plain data)
                found[path] = hashlib.sha1(client + b"\0known\0" + template.encode() + known).hexdigest()[:24]
            else:
                found[path] = hashlib.sha1(client + _content((template, context), pickled if holds_known else None)).hexdigest()[:24]
    return found


def _known_parts(context: dict[str, Any], pickled: Pickled) -> bytes | None:
    """The context as bytes when each of its values is a part a memo knows by a digest (a
    resource or types module: most of a big client's files), a tuple of such parts (a
    module's operations, for its tests), plain data, or a dict of such values; else None."""
    out = []
    for name, value in context.items():
        out.append(b"\0" + name.encode())
        if type(value) is tuple and all(type(item) in _KNOWN for item in value):
            digests = [digest for item in value if (digest := _digest_of(item, pickled)) is not None]
            if len(digests) != len(value):
                return None
            out.append(b"\1%d\1" % len(digests) + b"".join(digests))
        elif type(value) in _KNOWN:
            digest = _digest_of(value, pickled)
            if digest is None:
                return None
            out.append(b"\2" + digest)
        elif _plain(value):
            out.append(b"\3" + repr(value).encode("utf-8", "surrogatepass"))
        elif type(value) is dict and all(type(key) is str for key in value):
            inner = _known_parts(value, pickled)
            if inner is None:
                return None
            out.append(b"\4%d\4" % len(inner) + inner)
        else:
            return None
    return b"".join(out)


def _digest_of(value: Any, pickled: Pickled) -> bytes | None:
    found = pickled.get(id(value))
    return found[1] if found is not None and found[0] is value else None


def _plain(value: Any) -> bool:
    """Data whose repr is the same in every run: strings, numbers, and lists and tuples of them."""
    if type(value) in (str, int, bool) or value is None:
        return True
    return type(value) in (list, tuple) and all(_plain(item) for item in value)


_HOLDING_KNOWN = frozenset({"package/resource_module.py.jinja", "tests/test_resource.py.jinja", "package/types_module.py.jinja"})
_KNOWN = (model.Operation, LazyOperation, model.TypesModule, LazyTypesModule, model.ResourceModule)  # what a memo may know by a digest


class _Pickler(pickle.Pickler):
    """Without back-references: the bytes follow what a value holds, not which of its parts
    are one object in memory (a model read back from the operations' memo shares less than
    one just made; the model holds no cycles). An operation the memo pickled stands as a
    digest of those bytes: most of a big client's parts are operations, and most of them
    come from the memo. So does a types module, and a resource module whose operations are
    known (resources.py). (`reducer_override`, which the pickler asks
    of the model's objects only, not of each string and tuple as `persistent_id`.)"""

    def __init__(self, out: io.BytesIO, pickled: Pickled) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self._pickled = pickled

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) in _KNOWN:
            found = self._pickled.get(id(obj))
            if found is not None and found[0] is obj:  # (an id outlives its object)
                return _known, (found[1],)
        return NotImplemented


def _known(digest: bytes) -> None:
    """What a part known by its digest pickles as (these bytes are digested, never read)."""


def _content(value: Any, pickled: Pickled | None) -> bytes:
    """`value` pickled as _Pickler does; without `pickled`, by the plain pickler, which
    asks nothing of each object."""
    out = io.BytesIO()
    pickler = _Pickler(out, pickled) if pickled is not None else pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()


def client_bytes(api: Any) -> bytes:
    return _content(render.client_level(api), None)


def reuse(found: dict[str, str], known: dict[str, str], previous_raw: dict[str, str], unchanged: Callable[[str], bool]) -> Reused:
    """The parts whose file on disk is what their template would give again."""
    reused: Reused = {}
    for path, key in found.items():
        raw = known.get(key)
        if raw is not None and previous_raw.get(path) == raw and unchanged(path):
            reused[path] = raw
    return reused


def read(entry: str, code: str) -> dict[str, str]:
    """What the entry knows, if it was written with clientsmith's code and templates at `code`."""
    stored = cache.read(entry, code)
    return stored if isinstance(stored, dict) else {}
