"""quick.py for draft 2020-12: the OpenAPI 3.1 document schema, the 3.1 dialect's meta-schema
and 3.1 default values, answered as jsonschema's Draft202012Validator (and
openapi-schema-validator's OAS31Validator) answer, or not at all (Unsure).

What 2020-12 adds to draft 4 here: `$ref` beside other keywords and into other documents
(the meta-schemas refer to each other by URI), `$dynamicRef` (resolved, as jsonschema's
`referencing` does, to the outermost schema with that dynamic anchor: the one checking
started from), `unevaluatedProperties` (the properties evaluated are found as jsonschema's
`find_evaluated_property_keys_by_schema` finds them), `if`/`then`/`else`, `const`,
`prefixItems`, `propertyNames` and the dependent keywords.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Callable
from urllib.parse import urljoin

from generator.validate import quick
from generator.validate.quick import DRAFT4, Check, Draft4, Unsure, format_holds, package_folder, pointed

# Formats jsonschema has no checker for, that the OpenAPI 3.1 document schema uses.
_NO_CHECKER = frozenset({"media-range"})


def document_formats(value: Any, format: Any) -> bool:
    return True if format in _NO_CHECKER else format_holds(value, format)


class Draft202012(Draft4):
    """`root`: the schema checking starts from (what `#` and dynamic anchors refer to);
    `resources`: the other schemas its `$ref`s reach, by their `$id`."""

    ref_siblings = True

    def __init__(self, root: Any, resources: dict[str, Any] | None = None, formats: Callable[[Any, str], bool] = format_holds) -> None:
        super().__init__(root, formats)
        self.base = self.root_base = root.get("$id", "") if isinstance(root, dict) else ""
        self.resources = {**(resources or {}), self.base: root}
        self._anchors: dict[str, dict[str, tuple[Any, bool]]] = {}  # by resource
        self._resolved: dict[tuple[str, str], tuple[Any, str]] = {}

    def valid(self, schema: Any, instance: Any) -> bool:
        if isinstance(schema, bool):
            return schema
        if not isinstance(schema, dict) or type(instance) not in quick._JSON:
            raise Unsure
        if "$id" in schema and not self._is_resource(schema):
            raise Unsure  # a resource inside a resource: not modelled
        return self.each_keyword_holds(schema, instance)

    def _is_resource(self, schema: dict[str, Any]) -> bool:
        """Whether the `$id` is that of the resource being checked (its root, or a copy of it
        checked in its place: its `$ref`s then resolve into the original, as in jsonschema)."""
        return isinstance(schema["$id"], str) and urljoin(self.base, schema["$id"]) == self.base

    def follow(self, ref: Any, instance: Any) -> bool:
        """`instance` against what `ref` names, from the resource it is in."""
        target, base = self.resolve(ref)
        outer, self.base = self.base, base
        try:
            return self.valid(target, instance)
        finally:
            self.base = outer

    def resolve(self, ref: Any) -> tuple[Any, str]:
        """What a `$ref` or `$dynamicRef` names, and the resource that holds it (`referencing`
        resolves both alike: a fragment naming a dynamic anchor is resolved dynamically)."""
        if not isinstance(ref, str) or "%" in ref:
            raise Unsure
        key = (self.base, ref)
        if key not in self._resolved:
            address, _, fragment = ref.partition("#")
            base = urljoin(self.base, address) if address else self.base
            if base not in self.resources:
                raise Unsure
            if fragment and not fragment.startswith("/"):
                self._resolved[key] = self._anchor(base, fragment)
            else:
                self._resolved[key] = pointed(self.resources[base], fragment), base
        return self._resolved[key]

    def _anchor(self, base: str, name: str) -> tuple[Any, str]:
        """A dynamic anchor resolves to the outermost schema with one of that name in the
        dynamic scope: here the one checking started from, which every path enters first."""
        own = self._anchors_of(base).get(name)
        if own is None:
            raise Unsure
        anchor, dynamic = own
        if not dynamic:
            return anchor, base
        outermost = self._anchors_of(self.root_base).get(name)
        if outermost is None or not outermost[1]:
            raise Unsure
        return outermost[0], self.root_base


    def _anchors_of(self, base: str) -> dict[str, tuple[Any, bool]]:
        if base not in self._anchors:
            self._anchors[base] = _anchors(self.resources[base])
        return self._anchors[base]


def _anchors(resource: Any) -> dict[str, tuple[Any, bool]]:
    """A resource's anchors (not those of resources inside it): name -> (schema, dynamic)."""
    found: dict[str, tuple[Any, bool]] = {}

    def visit(node: Any, top: bool) -> None:
        if isinstance(node, dict):
            if not top and "$id" in node:
                return
            if isinstance(node.get("$dynamicAnchor"), str):
                found.setdefault(node["$dynamicAnchor"], (node, True))
            if isinstance(node.get("$anchor"), str):
                found.setdefault(node["$anchor"], (node, False))
            for key, value in node.items():
                if key not in ("enum", "const", "default", "examples"):
                    visit(value, False)
        elif isinstance(node, list):
            for value in node:
                visit(value, False)

    visit(resource, True)
    return found


# -- keywords ------------------------------------------------------------------------------------


def _is(kind: str, x: Any) -> bool:
    if kind == "integer":  # draft 6 on: 1.0 is an integer
        return isinstance(x, float) and x.is_integer() or quick._is(kind, x)
    return quick._is(kind, x)


def _type(v: Draft4, types: Any, x: Any, schema: dict[str, Any]) -> bool:
    return any(_is(kind, x) for kind in (types if isinstance(types, list) else [types]))


def _ref(v: Draft4, ref: Any, x: Any, schema: dict[str, Any]) -> bool:
    assert isinstance(v, Draft202012)
    return v.follow(ref, x)


def _unevaluated_properties(v: Draft4, rest: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not isinstance(x, dict):
        return True
    assert isinstance(v, Draft202012)
    seen = _evaluated(v, x, schema)
    return all(v.valid(rest, value) for name, value in x.items() if name not in seen)


def _evaluated(v: Draft202012, x: dict[str, Any], schema: Any) -> set[str]:
    """The properties of `x` that `schema` evaluates, as jsonschema's
    find_evaluated_property_keys_by_schema finds them (its quirks included: a property
    counts as evaluated by `additionalProperties` when its value is valid there, declared
    or not; `then`, `else` and dependent schemas count whether they pass or not)."""
    if isinstance(schema, bool):
        return set()
    if not isinstance(schema, dict):
        raise Unsure
    found: set[str] = set()
    for keyword in ("$ref", "$dynamicRef"):
        if keyword in schema:
            target, base = v.resolve(schema[keyword])
            outer, v.base = v.base, base
            try:
                found |= _evaluated(v, x, target)
            finally:
                v.base = outer
    properties = schema.get("properties")
    if isinstance(properties, dict):
        found |= properties.keys() & x.keys()
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        if schema.get(keyword) is not None:
            found |= {name for name, value in x.items() if v.valid(schema[keyword], value)}
    for pattern in schema.get("patternProperties", {}):
        found |= {name for name in x if quick._search(pattern, name)}
    for name, sub in schema.get("dependentSchemas", {}).items():
        if name in x:
            found |= _evaluated(v, x, sub)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(keyword, []):
            if v.valid(sub, x):
                found |= _evaluated(v, x, sub)
    if "if" in schema:
        if v.valid(schema["if"], x):
            found |= _evaluated(v, x, schema["if"])
            if "then" in schema:
                found |= _evaluated(v, x, schema["then"])
        elif "else" in schema:
            found |= _evaluated(v, x, schema["else"])
    return found


def _property_names(v: Draft4, names: Any, x: Any, schema: dict[str, Any]) -> bool:
    return not isinstance(x, dict) or all(v.valid(names, name) for name in x)


def _if(v: Draft4, condition: Any, x: Any, schema: dict[str, Any]) -> bool:
    if v.valid(condition, x):
        return "then" not in schema or v.valid(schema["then"], x)
    return "else" not in schema or v.valid(schema["else"], x)


def _const(v: Draft4, value: Any, x: Any, schema: dict[str, Any]) -> bool:
    return quick._equal(x, value)


def _prefix_items(v: Draft4, items: Any, x: Any, schema: dict[str, Any]) -> bool:
    return not isinstance(x, list) or all(v.valid(sub, each) for sub, each in zip(items, x))


def _items(v: Draft4, items: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not isinstance(x, list):
        return True
    rest = x[len(schema.get("prefixItems", [])) :]
    return all(v.valid(items, each) for each in rest)


def _dependent_required(v: Draft4, dependencies: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not isinstance(x, dict):
        return True
    return all(each in x for name, needed in dependencies.items() if name in x for each in needed)


def _dependent_schemas(v: Draft4, dependencies: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not isinstance(x, dict):
        return True
    return all(v.valid(sub, x) for name, sub in dependencies.items() if name in x)


def _bound(compare: Callable[[Any, Any], bool]) -> Check:
    def check(v: Draft4, bound: Any, x: Any, schema: dict[str, Any]) -> bool:
        return not quick._is("number", x) or compare(x, bound)

    return check


def _unmodelled(v: Draft4, value: Any, x: Any, schema: dict[str, Any]) -> bool:
    raise Unsure


DRAFT2020: dict[str, Check] = {
    **{key: DRAFT4[key] for key in (
        "additionalProperties", "allOf", "anyOf", "enum", "format", "maxItems", "maxLength",
        "maxProperties", "minItems", "minLength", "minProperties", "multipleOf", "not", "oneOf",
        "pattern", "patternProperties", "properties", "required", "uniqueItems",
    )},
    "$ref": _ref,
    "$dynamicRef": _ref,
    "type": _type,
    "const": _const,
    "if": _if,
    "items": _items,
    "prefixItems": _prefix_items,
    "propertyNames": _property_names,
    "dependentRequired": _dependent_required,
    "dependentSchemas": _dependent_schemas,
    "unevaluatedProperties": _unevaluated_properties,
    "minimum": _bound(lambda x, bound: bool(x >= bound)),
    "maximum": _bound(lambda x, bound: bool(x <= bound)),
    "exclusiveMinimum": _bound(lambda x, bound: bool(x > bound)),
    "exclusiveMaximum": _bound(lambda x, bound: bool(x < bound)),
    "contains": _unmodelled,
    "unevaluatedItems": _unmodelled,
}  # fmt: skip  # Draft202012Validator's; any other keyword it ignores, and so does this
Draft202012.keywords = DRAFT2020


class Oas31(Draft202012):
    """OpenAPI 3.1's schemas, as openapi-schema-validator's OAS31Validator checks values."""


Oas31.keywords = {**DRAFT2020, "pattern": quick._oas_pattern, "format": quick._oas_format}


# -- the meta-schemas, read from the files jsonschema and openapi-schema-validator load -----------


@lru_cache(maxsize=None)
def meta_resources() -> dict[str, Any]:
    """Draft 2020-12's meta-schemas and OpenAPI 3.1's dialect, by `$id`."""
    found: dict[str, Any] = {}
    for package, folder in (("jsonschema_specifications", "schemas/draft202012"), ("openapi_schema_validator", "schemas/oas3.1")):
        for path in sorted((package_folder(package) / folder).rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                schema = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(schema, dict) and isinstance(schema.get("$id"), str):
                    found[schema["$id"]] = schema
    return found
