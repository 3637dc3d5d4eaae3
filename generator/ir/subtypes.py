"""Subtypes of a base schema: OpenAPI's inheritance, read from the whole document.

OpenAPI's own example: `Pet` has a discriminator (`petType`), and `Dog` and `Cat` extend it
(`allOf: [$ref Pet, {...}]`) with no oneOf anywhere. A value that the document types `Pet`
is then a `Dog`, a `Cat` or a plain `Pet`, told apart by its tag. This is how Azure's
documents (and Microsoft Graph's) write every polymorphic type. The converter types each use
of such a base as the union of its subtypes and itself (schemas.py), picked by the tag: the
discriminator's mapping; for a subtype it leaves out, Azure's `x-ms-discriminator-value`,
else the subtype's component name. A value whose tag names no subtype is the base. Graph
writes a derived base's discriminator in an allOf part of its own, which counts too.

Only the subtypes that certainly become classes of their own count (an allOf that adds
something to the base, and is no union or enum), so that a use met while the family is
being made can name them all before they are made. A family of more than `MOST` subtypes
keeps the base alone (Graph's `entity` has 1,546): such a union would be read by no one, and
every module that uses it would import every subtype.
"""

from __future__ import annotations

from typing import Any

from generator.diagnostics import escape_pointer_token
from generator.ir.schemas import ANNOTATIONS, Families, is_annotation, mapped_target, restates

_PREFIX = "#/components/schemas/"
MOST = 100


def families(spec: dict[str, Any]) -> Families:
    """The document's bases that have subtypes, with them."""
    schemas = (spec.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict):
        return {}
    at = {name: "/components/schemas/" + escape_pointer_token(name) for name in schemas}
    bases = {at[name]: told for name, schema in schemas.items() if (told := _discriminator(schema)) is not None}
    if not bases:
        return {}
    children: dict[str, list[str]] = {}
    for name, schema in schemas.items():
        for parent in _parents(schema, schemas):
            children.setdefault(parent, []).append(at[name])
    order = {ptr: i for i, ptr in enumerate(at.values())}
    found: Families = {}
    for base, discriminator in bases.items():
        members = _descendants(base, children)
        if not members or len(members) > MOST:
            continue
        members.sort(key=order.__getitem__)
        found[base] = (tuple(members), _tags(members, discriminator, bases, schemas), discriminator["propertyName"])
    return found


def _discriminator(schema: Any) -> dict[str, Any] | None:
    """A base's discriminator: its own, or that of an allOf part written inline in it (Graph's
    `directoryObject`: `allOf: [$ref entity, {discriminator, properties}]`). None for a union."""
    if not isinstance(schema, dict) or "oneOf" in schema or "anyOf" in schema:
        return None
    parts = schema["allOf"] if isinstance(schema.get("allOf"), list) else []
    for place in [schema, *(p for p in parts if isinstance(p, dict) and "$ref" not in p and "oneOf" not in p and "anyOf" not in p)]:
        found = place.get("discriminator")
        if isinstance(found, dict) and isinstance(found.get("propertyName"), str):
            return found
    return None


def _parents(schema: Any, schemas: dict[str, Any]) -> list[str]:
    """The components a schema extends, when it is a class of its own that adds to them (see
    schemas.SchemaConverter._all_of): an object, no union, no enum; more than one part, or
    something beside them; no part that holds a union."""
    if not isinstance(schema, dict) or not isinstance(schema.get("allOf"), list):
        return []
    if any(k in schema for k in ("oneOf", "anyOf", "enum", "const", "$ref")) or schema.get("type", "object") != "object":
        return []
    parts = [p for p in schema["allOf"] if not is_annotation(p)]
    siblings = {k: v for k, v in schema.items() if k != "allOf" and k not in ANNOTATIONS}
    parents, targets = [], []
    for part in parts:
        if not isinstance(part, dict):
            return []
        ref = part.get("$ref")
        target = schemas.get(_unescaped(ref[len(_PREFIX) :])) if isinstance(ref, str) and ref.startswith(_PREFIX) else part
        if not isinstance(target, dict) or "oneOf" in target or "anyOf" in target:
            return []
        targets.append(target)
        if isinstance(ref, str) and ref.startswith(_PREFIX):
            parents.append(ref[1:])
    if len(parts) < 2 and (not siblings or restates(siblings, targets[0] if targets else None)):
        return []
    return parents


def _descendants(base: str, children: dict[str, list[str]]) -> list[str]:
    found: dict[str, None] = {}
    todo = list(children.get(base, ()))
    while todo:
        ptr = todo.pop()
        if ptr != base and ptr not in found:
            found[ptr] = None
            todo.extend(children.get(ptr, ()))
    return list(found)


def _tags(members: list[str], discriminator: dict[str, Any], bases: dict[str, dict[str, Any]], schemas: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Each tag value and the member it names: the mappings (the base's first, then those of
    members that are bases themselves); a member no mapping names, by its own value or its
    component name."""
    kept = set(members)
    tags: dict[str, str] = {}
    for mapping in [discriminator.get("mapping"), *(bases[m].get("mapping") for m in members if m in bases)]:
        for value, ref in mapping.items() if isinstance(mapping, dict) else ():
            if isinstance(ref, str) and mapped_target(ref) in kept:
                tags.setdefault(str(value), mapped_target(ref))
    named = set(tags.values())
    for ptr in (m for m in members if m not in named):
        own = schemas[_name(ptr)].get("x-ms-discriminator-value")
        tags.setdefault(own if isinstance(own, str) else _name(ptr), ptr)
    return tuple(tags.items())


def _name(ptr: str) -> str:
    return _unescaped(ptr.rsplit("/", 1)[-1])


def _unescaped(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")
