"""What validation found, remembered by content across runs (in the cache, generator/cache.py)."""

from __future__ import annotations

import json
from typing import Any

from generator import cache
from generator.load import Document
from generator.pointers import MISSING, Parts, lookup, parts_of
from generator.schema_keys import unit_depth, unit_of


class Memo:
    """What runs before found, by content, so that a document read in pieces (load.py) is
    checked again only where its text changed. Kinds of entry:
      unit: the OpenAPI meta-schema's findings inside a path item or a component (by the hash
            of its pieces' text);
      shape: whether a schema node of this shape passes its meta-schema (see MetaChecker);
      node: the findings of a schema node whose shape does not pass (by its JSON);
      default: the findings of a `default` against its schema (by the JSON of the schema and
            of all that its `$ref`s reach, see closure_key);
      piece: whether a piece of a unit of this shape passes the OpenAPI meta-schema (pieces.py);
      walk: what the walk of a unit found (walk.py), with the places it looked up, by the
            content key of the units that hold them.
    A run writes back only the entries it used."""

    KINDS = ("unit", "shape", "node", "default", "piece", "walk")

    def __init__(self, name: str, stored: Any) -> None:
        self.name = name
        stored = stored if isinstance(stored, dict) else {}
        self.old: dict[str, dict[str, Any]] = {k: stored[k] if isinstance(stored.get(k), dict) else {} for k in self.KINDS}
        self.new: dict[str, dict[str, Any]] = {k: {} for k in self.KINDS}

    @classmethod
    def of(cls, doc: Document) -> Memo:
        """The memo of a document read in pieces; an empty one that is never written otherwise."""
        name = doc.cache_group + "/check" if doc.cache_group else ""
        return cls(name, cache.read(name) if name else None)

    def get(self, kind: str, key: str) -> Any:
        found = self.new[kind].get(key, MISSING)
        if found is MISSING:
            found = self.old[kind].get(key, MISSING)
            if not isinstance(found, bool if kind in ("shape", "piece") else list):
                return MISSING  # absent, or not what this kind holds
            self.new[kind][key] = found
        return found

    def put(self, kind: str, key: str, value: Any) -> None:
        self.new[kind][key] = value

    def write(self) -> None:
        if self.name and self.new != self.old:
            cache.write(self.name, self.new)


def unit_keys(doc: Document) -> tuple[dict[Parts, str], str]:
    """Path items and components that the document's pieces hold whole -> their content key;
    and the key of the rest (the skeleton: other pieces, and where the units are)."""
    units: dict[Parts, list[str]] = {}
    rest: list[str] = []
    for where, digest in doc.digests.items():
        depth = unit_depth(where[0])
        if depth > 1 and len(where) >= depth:
            units.setdefault(where[:depth], []).append(digest)
        else:
            rest.append(digest)
    keys = {where: cache.key(*map(str, where), *digests) for where, digests in units.items()}
    skeleton = cache.key("skeleton", *rest, *("/".join(map(str, where)) for where in keys)) if doc.digests else ""
    return keys, skeleton


def closure_key(node: Any, data: dict[str, Any], reads: set[tuple[str, ...]] | None = None) -> str | None:
    """JSON of the node and of every node its `$ref`s reach, transitively; None if unsure.
    `reads` learns the units of the places looked up (unit_of)."""
    seen: dict[str, Any] = {}
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref not in seen:
                target = parts_of(ref[1:]) if ref.startswith("#") else None
                if target and reads is not None:
                    reads.add(unit_of(target))
                found = lookup(data, target) if target is not None else MISSING
                if found is MISSING:
                    return None
                seen[ref] = found
                stack.append(found)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    try:
        return json.dumps([node, sorted(seen.items())], sort_keys=True)
    except (TypeError, ValueError):
        return None
