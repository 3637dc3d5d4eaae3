"""Stage 1a: references by a schema's `$anchor` or `$id` (JSON Schema 2020-12, OpenAPI 3.1),
read as the JSON pointers that every later stage follows.

- `$ref: "#Address"` names the schema whose `$anchor` (or `$dynamicAnchor`) is `Address`,
  in the schema resource the reference is in: the document, or the nearest schema around it
  with an `$id`.
- `$ref: "https://example.com/address"` (or a relative `address`, read against the `$id`s
  around it) names the schema with that `$id`; a fragment after it is an anchor or a JSON
  pointer inside that schema.
- `$ref: "#/..."` inside a schema with an `$id` names the document's node where there is
  one (what OpenAPI documents mean), else that schema's.
Then every reference is a pointer into the document, so `$id` and `$anchor` are left out:
a validator would read `#/...` inside a schema with an `$id` against that id.

A document whose text says no `$anchor`, `$dynamicAnchor` or `$id` is passed on untouched,
without a walk; so is one where no schema says them (a property named `$id`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any
from urllib.parse import urldefrag, urljoin

from generator.diagnostics import pointer
from generator.load import Document
from generator.pointers import MISSING, lookup, parts_of
from generator.schema_keys import rewrite_schemas

Parts = tuple[str, ...]

_SAID = re.compile(r"\$(?:anchor|dynamicAnchor|id)\b")
_SAID_BYTES = re.compile(_SAID.pattern.encode())  # (graph-beta's 47 MB: 34 ms)


def resolved(doc: Document) -> Document:
    content = doc.content
    if not (_SAID_BYTES.search(content) if isinstance(content, bytes) else _SAID.search(content)):
        return doc
    found = _Found()
    rewrite_schemas(doc.data, found.note)
    if len(found.resources) == 1 and not found.anchors:
        return doc
    data = rewrite_schemas(doc.data, lambda schema, place: found.rewritten(schema, place, doc.data))
    # A reference's target now hangs on other pieces' `$id`s and anchors: no piece's memo holds.
    return dataclasses.replace(doc, data=data, digests={})


class _Found:
    """The document's schema resources and anchors, found in a walk from the outside in."""

    def __init__(self) -> None:
        self.bases: dict[Parts, str] = {(): ""}  # a schema with an `$id` -> that id, made absolute
        self.resources: dict[str, Parts] = {"": ()}  # and back
        self.anchors: dict[tuple[str, str], Parts] = {}  # (resource, name) -> its schema

    def base(self, place: Parts) -> str:
        """The `$id` of the schema resource that the node at `place` is in ('': the document's)."""
        return next(self.bases[place[:depth]] for depth in range(len(place), -1, -1) if place[:depth] in self.bases)

    def note(self, schema: Any, place: Parts) -> Any:
        if isinstance(schema, dict):
            if isinstance(schema.get("$id"), str):
                base = self.bases[place] = urldefrag(urljoin(self.base(place[:-1]), schema["$id"]))[0]
                self.resources.setdefault(base, place)
            for key in ("$anchor", "$dynamicAnchor"):
                if isinstance(schema.get(key), str):
                    self.anchors.setdefault((self.base(place), schema[key]), place)
        return schema

    def rewritten(self, schema: Any, place: Parts, data: dict[str, Any]) -> Any:
        """The schema with its `$ref` a pointer, and without `$id` and `$anchor`."""
        if not isinstance(schema, dict):
            return schema
        out = {k: v for k, v in schema.items() if k not in ("$anchor", "$id")} if "$anchor" in schema or isinstance(schema.get("$id"), str) else schema
        ref = schema.get("$ref")
        target = self._target(ref, self.base(place), data) if isinstance(ref, str) else None
        return {**out, "$ref": "#" + pointer(target)} if target is not None else out

    def _target(self, ref: str, base: str, data: dict[str, Any]) -> Parts | None:
        """The place `ref` names by an `$id` or an anchor; None where it is a plain pointer (or
        names nothing known: the stages after say so)."""
        if ref == "#":
            return self.resources[base] if base else None  # (the schema with the `$id`: recursion)
        if ref.startswith("#/"):
            parts = parts_of(ref[1:])
            if not base or parts is None or lookup(data, parts) is not MISSING:
                return None
            inside = (*self.resources[base], *map(str, parts))  # a pointer inside the schema with the `$id`
            return inside if lookup(data, inside) is not MISSING else None
        uri, fragment = urldefrag(urljoin(base, ref))
        if uri not in self.resources:
            return None
        if fragment.startswith("/") or not fragment:
            parts = parts_of(fragment)
            return (*self.resources[uri], *map(str, parts)) if parts is not None else None
        return self.anchors.get((uri, fragment))
