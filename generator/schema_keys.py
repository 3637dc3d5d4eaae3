"""Where the schemas of an OpenAPI document are: which keys hold a schema, a list or a map of
schemas, and which hold plain data (examples, defaults, extensions) that is never read as
one. Shared by the stages that walk a document without knowing its meaning in full."""

from __future__ import annotations

from typing import Literal

SCHEMA_ONE = frozenset(
    {"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
     "unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema"}
)  # fmt: skip
SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
SCHEMA_MAP = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
VALUES = frozenset({"example", "examples", "default", "enum", "const", "value"})

Kind = Literal["schema", "schema-list", "schema-map", "discriminator", "other"]
HOMES = (("components", "schemas"), ("definitions",))  # OpenAPI 3, Swagger 2.0


def child_kind(kind: Kind, key: str, place: tuple[str, ...]) -> Kind | None:
    """What the value under `key` is, in a node of `kind` at `place` (a schema, a list or a
    map of them, a discriminator, other OpenAPI structure); None for data."""
    if kind in ("schema-list", "schema-map"):
        return "schema"
    if key in VALUES or key.startswith("x-") or kind == "discriminator":
        return None
    if kind == "schema":
        if key in SCHEMA_ONE:
            return "schema"
        if key in SCHEMA_LIST:
            return "schema-list"
        if key in SCHEMA_MAP:
            return "schema-map"
        return "discriminator" if key == "discriminator" else None
    if key == "schema":
        return "schema"
    return "schema-map" if (*place, key) in HOMES else "other"


def in_schema(parts: tuple[object, ...] | list[object]) -> bool:
    """Whether the node at `parts` is a schema or lies inside one."""
    kind: Kind | None = "other"
    place: tuple[str, ...] = ()
    for part in parts:
        kind = child_kind(kind, str(part), place) if kind is not None else None
        if kind == "schema":
            return True
        if kind is None:
            return False
        place = (*place, str(part))
    return False
