"""A quick "valid" for draft 4 schemas, without jsonschema.

Importing jsonschema and building its validators takes about a tenth of a second: on a small
document, a third of the run. Yet nearly every check passes. This module interprets draft 4
(the OpenAPI 3.0 document schema, draft 4's meta-schema) as jsonschema's Draft4Validator
does, and says "valid" only when that is certain. A value that fails, or that meets what is
not modelled here (a format whose checker depends on what is installed, a remote `$ref`, a
number that `multipleOf` would need floats for), is "not sure": the caller asks jsonschema,
which also says what is wrong. So a finding is always jsonschema's; this only spares it the
checks that pass.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Callable


class Unsure(Exception):
    """This module cannot answer exactly: jsonschema must."""


@lru_cache(maxsize=None)
def installed(*modules: str) -> bool:
    """Whether any of the modules could be imported (found, not loaded)."""
    return any(find_spec(module) is not None for module in modules)


def package_folder(name: str) -> Path:
    """Where an installed package's files are, without importing it."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{name} is not installed")
    return Path(spec.submodule_search_locations[0])


# The formats whose checker jsonschema has only with one of these libraries (jsonschema/_format.py).
_CHECKED_BY = {
    "uri": ("rfc3987", "rfc3986_validator"),
    "uri-reference": ("rfc3987", "rfc3986_validator"),
    "iri": ("rfc3987", "rfc3987_syntax"),
    "iri-reference": ("rfc3987", "rfc3987_syntax"),
}


def uri_checked() -> bool:
    """Whether jsonschema checks `uri` and `uri-reference`. A library found but broken counts:
    a "not sure" too many is safe."""
    return installed(*_CHECKED_BY["uri"])


def format_holds(value: Any, format: Any, ecma_regex: bool = False) -> bool:
    """jsonschema's check of a format, for those the OpenAPI and draft 4 schemas use.
    `ecma_regex`: the checker is openapi-schema-validator's, whose `regex` is ECMA 262 when
    the `regress` library is installed."""
    libraries = _CHECKED_BY.get(format) if isinstance(format, str) else None
    if libraries is not None:
        if installed(*libraries):
            raise Unsure  # that library's grammar is not modelled here
        return True  # no checker: any value passes
    if format == "email":
        return not isinstance(value, str) or "@" in value
    if format != "regex" or (ecma_regex and installed("regress")):
        raise Unsure
    if not isinstance(value, str):
        return True
    try:
        re.compile(value)
    except re.error:
        return False
    except Exception:  # noqa: BLE001 - what jsonschema would make of it is its own affair
        raise Unsure from None
    return True


class Draft4:
    """Draft 4 validity, answered exactly or not at all (Unsure). `root`: what `#` refers to."""

    keywords: dict[str, Check]
    ref_siblings = False  # draft 4 ignores what is beside a `$ref`

    def __init__(self, root: Any, formats: Callable[[Any, str], bool] = format_holds) -> None:
        self.root = root
        self.root_id = root.get("id") if isinstance(root, dict) else None
        self.formats = formats
        self._targets: dict[str, Any] = {}

    def holds(self, schema: Any, instance: Any) -> bool:
        """True when `instance` is valid for certain; False when it is not, or not sure."""
        try:
            return self.valid(schema, instance)
        except Exception:  # noqa: BLE001 - Unsure, or a schema this was not made for
            return False

    def valid(self, schema: Any, instance: Any) -> bool:
        if not isinstance(schema, dict) or type(instance) not in _JSON:
            raise Unsure  # (no boolean schemas in draft 4; a YAML date is no JSON value)
        if "id" in schema and schema["id"] != self.root_id and isinstance(schema["id"], str):
            raise Unsure  # a base URI of its own for the `$ref`s inside
        if "$ref" in schema and not self.ref_siblings:
            return self.valid(self._target(schema["$ref"]), instance)
        return self.each_keyword_holds(schema, instance)

    def each_keyword_holds(self, schema: dict[str, Any], instance: Any) -> bool:
        keywords = self.keywords
        for keyword, value in schema.items():
            check = keywords.get(keyword)
            if check is not None and not check(self, value, instance, schema):
                return False
        return True

    def _target(self, ref: Any) -> Any:
        if ref not in self._targets:
            if not isinstance(ref, str) or not ref.startswith("#") or "%" in ref:
                raise Unsure  # another document's, or an escaped pointer: not modelled
            self._targets[ref] = pointed(self.root, ref[1:])
        return self._targets[ref]


def pointed(node: Any, pointer: str) -> Any:
    """The node a JSON pointer (`/a/b`, or `` for the whole) names in `node`."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise Unsure
    return node


# -- the keywords, as jsonschema's _keywords and _legacy_keywords check them ---------------------

_JSON = frozenset({dict, list, str, int, float, bool, type(None)})

Check = Callable[[Draft4, Any, Any, dict[str, Any]], bool]

_TYPES: dict[str, Callable[[Any], bool]] = {
    "array": lambda x: isinstance(x, list),
    "boolean": lambda x: isinstance(x, bool),
    "integer": lambda x: isinstance(x, int) and not isinstance(x, bool),  # draft 4: not 1.0
    "null": lambda x: x is None,
    "number": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool),
    "object": lambda x: isinstance(x, dict),
    "string": lambda x: isinstance(x, str),
}


def _is(kind: str, instance: Any) -> bool:
    test = _TYPES.get(kind) if isinstance(kind, str) else None
    if test is None:
        raise Unsure  # jsonschema raises UnknownType
    return test(instance)


def _type(v: Draft4, types: Any, x: Any, schema: dict[str, Any]) -> bool:
    return any(_is(kind, x) for kind in (types if isinstance(types, list) else [types]))


def _properties(v: Draft4, properties: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not isinstance(x, dict):
        return True
    return all(v.valid(sub, x[name]) for name, sub in properties.items() if name in x)


def _pattern_properties(v: Draft4, patterns: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not isinstance(x, dict):
        return True
    return all(v.valid(sub, value) for pattern, sub in patterns.items() for name, value in x.items() if _search(pattern, name))


def _additional_properties(v: Draft4, extra: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not isinstance(x, dict):
        return True
    known = schema.get("properties", {})
    patterns = "|".join(schema.get("patternProperties", {}))  # as find_additional_properties joins them
    extras = [name for name in x if name not in known and not (patterns and _search(patterns, name))]
    if isinstance(extra, dict):
        return all(v.valid(extra, x[name]) for name in extras)
    return bool(extra) or not extras


def _required(v: Draft4, names: Any, x: Any, schema: dict[str, Any]) -> bool:
    return not isinstance(x, dict) or all(name in x for name in names)


def _dependencies(v: Draft4, dependencies: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not isinstance(x, dict):
        return True
    for name, dependency in dependencies.items():
        if name not in x:
            continue
        if isinstance(dependency, list):
            if not all(each in x for each in dependency):
                return False
        elif not v.valid(dependency, x):
            return False
    return True


def _items(v: Draft4, items: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not isinstance(x, list):
        return True
    if isinstance(items, dict):
        return all(v.valid(items, each) for each in x)
    return all(v.valid(sub, each) for sub, each in zip(items, x))


def _additional_items(v: Draft4, extra: Any, x: Any, schema: dict[str, Any]) -> bool:
    items = schema.get("items", {})
    if not isinstance(x, list) or isinstance(items, dict):
        return True
    if isinstance(extra, dict):
        return all(v.valid(extra, each) for each in x[len(items) :])
    return bool(extra) or len(x) <= len(items)


def _all_of(v: Draft4, subs: Any, x: Any, schema: dict[str, Any]) -> bool:
    return all(v.valid(sub, x) for sub in subs)


def _any_of(v: Draft4, subs: Any, x: Any, schema: dict[str, Any]) -> bool:
    unsure = False
    for sub in subs:
        try:
            if v.valid(sub, x):
                return True
        except Unsure:
            unsure = True
    if unsure:
        raise Unsure
    return False


def _one_of(v: Draft4, subs: Any, x: Any, schema: dict[str, Any]) -> bool:
    return sum(1 for sub in subs if v.valid(sub, x)) == 1


def _not(v: Draft4, sub: Any, x: Any, schema: dict[str, Any]) -> bool:
    return not v.valid(sub, x)


def _enum(v: Draft4, values: Any, x: Any, schema: dict[str, Any]) -> bool:
    return any(_equal(each, x) for each in values)


def _format(v: Draft4, format: Any, x: Any, schema: dict[str, Any]) -> bool:
    return v.formats(x, format)


def _pattern(v: Draft4, pattern: Any, x: Any, schema: dict[str, Any]) -> bool:
    return not isinstance(x, str) or _search(pattern, x)


def _minimum(v: Draft4, bound: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not _is("number", x):
        return True
    return bool(x > bound if schema.get("exclusiveMinimum", False) else x >= bound)


def _maximum(v: Draft4, bound: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not _is("number", x):
        return True
    return bool(x < bound if schema.get("exclusiveMaximum", False) else x <= bound)


def _multiple_of(v: Draft4, factor: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not _is("number", x):
        return True
    if isinstance(factor, int) and isinstance(x, int) and not isinstance(factor, bool) and factor:
        return x % factor == 0
    raise Unsure  # jsonschema's float arithmetic


def _unique_items(v: Draft4, unique: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not unique or not isinstance(x, list):
        return True
    try:
        keys = {json.dumps(_canonical(each), sort_keys=True) for each in x}
    except (TypeError, ValueError):
        raise Unsure from None
    if len(keys) == len(x):
        return True
    raise Unsure  # equal as text here need not be equal there (NaN): jsonschema decides


def _size(kind: str, below: bool) -> Check:
    def check(v: Draft4, bound: Any, x: Any, schema: dict[str, Any]) -> bool:
        if not _is(kind, x):
            return True
        return bool(len(x) <= bound if below else len(x) >= bound)

    return check


DRAFT4: dict[str, Check] = {
    "additionalItems": _additional_items,
    "additionalProperties": _additional_properties,
    "allOf": _all_of,
    "anyOf": _any_of,
    "dependencies": _dependencies,
    "enum": _enum,
    "format": _format,
    "items": _items,
    "maxItems": _size("array", True),
    "maxLength": _size("string", True),
    "maxProperties": _size("object", True),
    "maximum": _maximum,
    "minItems": _size("array", False),
    "minLength": _size("string", False),
    "minProperties": _size("object", False),
    "minimum": _minimum,
    "multipleOf": _multiple_of,
    "not": _not,
    "oneOf": _one_of,
    "pattern": _pattern,
    "patternProperties": _pattern_properties,
    "properties": _properties,
    "required": _required,
    "type": _type,
    "uniqueItems": _unique_items,
}  # Draft4Validator's; any other keyword it ignores, and so does this
Draft4.keywords = DRAFT4


def _ref(v: Draft4, ref: Any, x: Any, schema: dict[str, Any]) -> bool:
    return v.valid(v._target(ref), x)


def _oas_type(v: Draft4, kind: Any, x: Any, schema: dict[str, Any]) -> bool:
    if x is None:  # OpenAPI 3.0.3: null is a value only where the same schema says nullable
        return schema.get("nullable") is True
    if kind == "null":
        raise Unsure  # no such type in 3.0: the validator fails on it
    return _is(kind, x)


def _oas_format(v: Draft4, format: Any, x: Any, schema: dict[str, Any]) -> bool:
    """openapi-schema-validator's 3.0 checker: jsonschema's formats and OpenAPI's."""
    if x is None or format in ("float", "double", "password", "binary"):
        return True  # (a float format passes any number, and anything that is none)
    if format in ("int32", "int64"):
        bits = 31 if format == "int32" else 63
        return not isinstance(x, int) or isinstance(x, bool) or -(1 << bits) <= x < 1 << bits
    return format_holds(x, format, ecma_regex=True)


def _oas_pattern(v: Draft4, pattern: Any, x: Any, schema: dict[str, Any]) -> bool:
    if installed("regress"):
        raise Unsure  # ECMA 262's regular expressions
    return _pattern(v, pattern, x, schema)


def _oas_items(v: Draft4, items: Any, x: Any, schema: dict[str, Any]) -> bool:
    return not isinstance(x, list) or all(v.valid(items, each) for each in x)


def _oas_required(v: Draft4, names: Any, x: Any, schema: dict[str, Any]) -> bool:
    """A property only the server writes, or only the client, may be missing."""
    if not isinstance(x, dict):
        return True
    properties = schema.get("properties", {})
    for name in names:
        if name not in x:
            sub = properties.get(name)
            if not (sub and (sub.get("readOnly", False) or sub.get("writeOnly", False))):
                return False
    return True


def _oas_additional_properties(v: Draft4, extra: Any, x: Any, schema: dict[str, Any]) -> bool:
    if not isinstance(extra, (dict, bool)):
        return True
    return _additional_properties(v, extra, x, schema)


def _no_discriminator(check: Check) -> Check:
    def checked(v: Draft4, subs: Any, x: Any, schema: dict[str, Any]) -> bool:
        if "discriminator" in schema:
            raise Unsure  # the member is chosen by the discriminator: not modelled
        return check(v, subs, x, schema)

    return checked


class Oas30(Draft4):
    """OpenAPI 3.0's schemas, as openapi-schema-validator's OAS30Validator checks values:
    draft 4's keywords, some of them adjusted, some dropped (patternProperties,
    dependencies), and the keywords beside a `$ref` applied too."""

    ref_siblings = True


Oas30.keywords = {
    **{key: DRAFT4[key] for key in (
        "multipleOf", "maximum", "minimum", "maxLength", "minLength", "maxItems", "minItems",
        "uniqueItems", "maxProperties", "minProperties", "enum", "not", "properties",
    )},
    "pattern": _oas_pattern,
    "type": _oas_type,
    "allOf": _no_discriminator(_all_of),
    "oneOf": _no_discriminator(_one_of),
    "anyOf": _no_discriminator(_any_of),
    "items": _oas_items,
    "required": _oas_required,
    "additionalProperties": _oas_additional_properties,
    "format": _oas_format,
    "$ref": _ref,
}  # fmt: skip


def _search(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except Exception:  # noqa: BLE001 - a broken pattern: jsonschema's to report
        raise Unsure from None


def _equal(one: Any, two: Any) -> bool:
    """jsonschema's `equal`: as ==, but a boolean is no number, in lists and maps too."""
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return one is two
    if isinstance(one, (list, dict)) or isinstance(two, (list, dict)):
        return False
    return bool(one == two)


def _canonical(value: Any) -> Any:
    """A value whose JSON is the same for any two values jsonschema finds equal."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return ["float", repr(value)]
        return int(value) if value.is_integer() else value
    if isinstance(value, list):
        return [_canonical(each) for each in value]
    if isinstance(value, dict):
        return {key: _canonical(each) for key, each in value.items()}
    return value
