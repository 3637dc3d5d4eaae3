"""JSON pointers into the document, as tuples of keys and indexes."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

Parts = tuple[object, ...]

MISSING: Any = object()


def parts_of(fragment: str) -> Parts | None:
    """`/components/schemas/a~1b` -> ("components", "schemas", "a/b"); '' -> (). A URI
    fragment: percent-decoded first."""
    fragment = unquote(fragment)
    if not fragment:
        return ()
    if not fragment.startswith("/"):
        return None
    return tokens(fragment)


def tokens(pointer: str) -> tuple[str, ...]:
    """The keys of a JSON pointer as written inside the document (no percent-decoding)."""
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]) if pointer else ()


def lookup(data: Any, parts: Parts) -> Any:
    node = data
    for token in parts:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and isinstance(token, str) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return MISSING
    return node


def local_target(data: Any, ref: str) -> Any:
    """What a `#/...` reference names inside the document; MISSING for anything else."""
    parts = parts_of(ref[1:]) if ref.startswith("#") else None
    return MISSING if parts is None else lookup(data, parts)
