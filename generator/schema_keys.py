"""Where the schemas of an OpenAPI document are: which keys hold a schema, a list or a map of
schemas, and which hold plain data (examples, defaults, extensions) that is never read as
one. Shared by the stages that walk a document without knowing its meaning in full."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from generator.pointers import MISSING, local_target

SCHEMA_ONE = frozenset(
    {"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
     "unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema"}
)  # fmt: skip
SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
SCHEMA_MAP = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
VALUES = frozenset({"example", "examples", "default", "enum", "const", "value"})

Kind = Literal["schema", "schema-list", "schema-map", "discriminator", "other"]
HOMES = (("components", "schemas"), ("definitions",))  # OpenAPI 3, Swagger 2.0
_NAMED = frozenset({"headers", "content", "callbacks", "links", "encoding"})  # maps of structure by name


def child_kind(kind: Kind, key: str, place: tuple[str, ...]) -> Kind | None:
    """What the value under `key` is, in a node of `kind` at `place` (a schema, a list or a
    map of them, a discriminator, other OpenAPI structure); None for data."""
    if kind in ("schema-list", "schema-map"):
        return "schema"
    if kind == "other" and _names(key, place):
        return "other"
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


def _names(key: str, place: tuple[str, ...]) -> bool:
    """Whether `key` names an entry of a map of named structure, where it is no keyword: a
    response `default`, a header `x-rate-limit`, a component parameter `example`."""
    if len(place) == 2 and place[0] == "components":
        return True
    if not place or place[-2:-1] in (("paths",), ("webhooks",)):  # (a path `/content`)
        return False
    return place[-1] in _NAMED or (place[-1] == "responses" and not key.startswith("x-"))  # (Responses take extensions)


def kind_at(place: tuple[str, ...]) -> Kind | None:
    """What the node at `place` is (see child_kind); None for data."""
    kind: Kind | None = "other"
    for depth, part in enumerate(place):
        kind = child_kind(kind, part, place[:depth]) if kind is not None else None
    return kind


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


def unit_of(parts: tuple[object, ...]) -> tuple[str, ...]:
    """The unit a place is in, or would be in (a path item, a webhook, a component), as the
    memos of validation and of the mock's document name them; for any other place, its
    top-level entry."""
    return tuple(map(str, parts[: unit_depth(parts[0])]))


def unit_depth(top: object) -> int:
    return 3 if top == "components" else 2 if top in ("paths", "webhooks") else 1


COMPONENT_REF = "#/components/schemas/"


def component_of(schema: Any) -> str | None:
    """The name of the component schema that `schema`, a `$ref`, points to (else None)."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(ref, str) or not ref.startswith(COMPONENT_REF):
        return None
    return ref[len(COMPONENT_REF) :].replace("~1", "/").replace("~0", "~")


def names_a_schema(target: Any, data: dict[str, Any]) -> bool:
    """Whether a discriminator mapping's value names a schema of the document: by its name
    in `components.schemas`, or by a reference inside the document."""
    if not isinstance(target, str):
        return False
    if target.startswith("#"):
        return local_target(data, target) is not MISSING
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return isinstance(schemas, dict) and target in schemas


def implied_type(schema: dict[str, Any]) -> str | None:
    """The type a schema's keywords imply where `type` is left out, read alike by the model,
    its example values and the mock's document: an object where it names properties, even
    beside `items` (wealthreader's error codes, whose `items` is a stray list of lists),
    else a list where it has `items`."""
    if "properties" in schema or "additionalProperties" in schema or "patternProperties" in schema:
        return "object"
    return "array" if "items" in schema else None


def says_null(schema: Any) -> bool:
    """Whether the schema itself names null among its values (`nullable`, or a type list)."""
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return schema.get("nullable") is True or isinstance(kind, list) and "null" in kind


def null_is_valid(schema: Any) -> bool:
    """Whether a validator takes null for `schema`: not `allOf: [...], nullable: true`, whose
    parts refuse it (the IR reads that as nullable all the same)."""
    return says_null(schema) and "allOf" not in schema


def rewrite_schemas(node: Any, fix: Callable[[Any, tuple[str, ...]], Any], kind: Kind = "other", place: tuple[str, ...] = ()) -> Any:
    """`node` with `fix(schema, place)` applied to every schema in it, outermost first (the walk
    goes on into what `fix` returns). Copy on write: what `fix` leaves alone stays the same
    object, so an untouched document is returned as it is. Plain values (strings, numbers)
    are not visited unless they stand where a schema does (`items: true`)."""
    if kind == "schema":
        node = fix(node, place)
    if isinstance(node, list):
        item: Kind = "schema" if kind == "schema-list" else kind
        out_list: list[Any] | None = None
        for i, value in enumerate(node):
            if item != "schema" and not isinstance(value, (dict, list)):
                continue
            new = rewrite_schemas(value, fix, item, (*place, str(i)))
            if new is not value:
                out_list = list(node) if out_list is None else out_list
                out_list[i] = new
        return node if out_list is None else out_list
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] | None = None
    for key, value in node.items():
        child = child_kind(kind, key, place)
        if child is None or child == "discriminator" or (child != "schema" and not isinstance(value, (dict, list))):
            continue
        new = rewrite_schemas(value, fix, child, (*place, key))
        if new is not value:
            out = dict(node) if out is None else out
            out[key] = new
    return node if out is None else out
