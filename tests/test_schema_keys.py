"""generator/schema_keys.py: the walk over a document's schemas (`rewrite_schemas`, which
skips plain values) finds the schemas `kind_at` says are schemas, no more, no less."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.load import load
from generator.schema_keys import kind_at, rewrite_schemas

# Every kind of key: schemas one, in lists and in maps, data (examples, defaults, enums,
# extensions), a discriminator, the components' and Swagger's homes of schemas.
DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "x-extension": {"schema": {"type": "string"}},
    "paths": {
        "/a": {
            "parameters": [{"name": "p", "in": "query", "schema": {"type": "array", "items": True}}],
            "post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}, "example": {"schema": 1}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"oneOf": [{"type": "integer"}, False]}}}}},
            },
        }
    },
    "components": {
        "schemas": {
            "A": {
                "type": "object",
                "properties": {"items": {"type": "string"}, "example": {"enum": [{"type": "x"}]}, "x-y": {"not": {}}},
                "additionalProperties": {"type": "integer", "default": {"properties": {}}},
                "allOf": [{"properties": {"b": {"prefixItems": [{}]}}}],
                "discriminator": {"propertyName": "kind", "mapping": {"schema": "#/components/schemas/A"}},
                "$defs": {"D": {"if": {}, "then": {}, "else": {"contains": {}}}},
                "x-vendor": {"properties": {"hidden": {}}},
            },
            "B": True,
        },
        "parameters": {"q": {"name": "q", "in": "query", "schema": {"dependentSchemas": {"a": {}}}}},
    },
    "definitions": {"S": {"patternProperties": {"^x": {"unevaluatedItems": {}}}}},
}


def _nodes(value: Any, place: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield place
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, (*place, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _nodes(item, (*place, str(i)))


def _found(document: Any) -> list[tuple[str, ...]]:
    seen: list[tuple[str, ...]] = []
    rewrite_schemas(document, lambda schema, place: seen.append(place) or schema)
    return seen


@pytest.mark.parametrize("document", [DOCUMENT, load(Path("specs/threads.yaml")).data], ids=["every-kind-of-key", "threads"])
def test_the_walk_finds_what_kind_at_calls_a_schema(document: Any) -> None:
    expected = [place for place in _nodes(document) if kind_at(place) == "schema"]
    found = _found(document)
    assert expected
    assert sorted(found) == sorted(expected)
    assert len(set(found)) == len(found)  # each once


def test_what_the_fix_leaves_alone_stays_the_same_object() -> None:
    assert rewrite_schemas(DOCUMENT, lambda schema, place: schema) is DOCUMENT
    changed = rewrite_schemas(DOCUMENT, lambda schema, place: {"type": "null"} if place[-1:] == ("B",) else schema)
    assert changed is not DOCUMENT and changed["components"]["schemas"]["B"] == {"type": "null"}
    assert changed["paths"] is DOCUMENT["paths"]  # untouched branches are shared, not copied
    assert DOCUMENT["components"]["schemas"]["B"] is True


def test_names_in_maps_of_structure_are_no_keywords() -> None:
    """`default`, `example` or `x-...` as the name of a response, header or component is
    structure (its schemas are schemas); as a keyword, data or an extension."""
    get = ("paths", "/a", "get")
    assert kind_at((*get, "responses", "default", "content", "application/json", "schema")) == "schema"
    assert kind_at((*get, "responses", "200", "headers", "x-rate-limit", "schema")) == "schema"
    assert kind_at(("components", "parameters", "example", "schema")) == "schema"
    assert kind_at(("components", "responses", "default", "content", "text/plain", "schema")) == "schema"
    assert kind_at((*get, "responses", "x-note")) is None  # (Responses take extensions)
    assert kind_at(("paths", "/content", "x-internal")) is None  # (a path item's extension, whatever the path)
    assert kind_at(("components", "schemas", "A", "default")) is None
    assert kind_at((*get, "parameters", "0", "example")) is None
