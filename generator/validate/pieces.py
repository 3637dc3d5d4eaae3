"""The document against the OpenAPI meta-schema, unit by unit and shape by shape.

Checking a large document whole is slow for the sheer number of its path items, operations,
parameters and responses, most of which look alike. So the check is cut where the
meta-schema accepts a Reference object (`{"$ref": ...}`): a place where a piece of the
document can stand in as `{"$ref": "#"}` without the rest noticing.

- Units: the path items (and 3.1 webhooks) and the components entries. Each is independent
  of the others: the meta-schema checks it alone, at its own place. The skeleton (the
  document with every unit stood in) is checked whole: it is small.
- Pieces: inside a unit, every parameter, request body, response, header, example, link,
  callback and schema (3.0: the meta-schema checks schemas too) is a piece; whether a piece
  is valid depends only on its shape: its JSON with its own pieces stood in and free text
  (descriptions, extensions, examples...) blanked. Each distinct shape is checked once,
  against the meta-schema's definition for that kind of piece, and remembered across runs.
- A unit whose pieces all have valid shapes is valid. Otherwise the unit is checked again,
  whole, against the meta-schema at its place, so that its findings (which jsonschema
  reports per unit: an error inside a response is reported through the response's oneOf)
  are exactly those of a check of the whole document.

The cut is sound because nothing in the meta-schemas looks at a piece except the definition
at its place, which accepts the stand-in too; the one exception, 3.0's unique `parameters`,
stands pieces in as distinct references, and a list with repeats is not cut.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from generator.pointers import MISSING, Parts
from generator.validate.memo import Memo
from generator.validate.messages import error_findings
from generator.validate.meta import document_schema, document_validator
from generator.validate.quick import Draft4, Unsure, format_holds
from generator.validate.quick2020 import Draft202012, document_formats

STAND_IN = {"$ref": "#"}
Place = tuple[str, ...]  # a subschema of the document schema, by its keys


@dataclass(frozen=True)
class Each:
    """Each value of a map, or each item of a list."""

    kind: str
    items: bool = False  # a list, not a map
    unique: bool = False  # the meta-schema wants the list's items unique


# What holds pieces, by kind: property name (or, in /slashes/, a pattern) -> the kind there.
# Kinds in PIECES are places that accept a Reference; the others are parts of their piece.
_METHODS = "/^(get|put|post|delete|options|head|patch|trace)$/"
_OAS30: dict[str, dict[str, str | Each]] = {
    "PathItem": {"parameters": Each("Parameter", items=True, unique=True), _METHODS: "Operation"},
    "Operation": {
        "parameters": Each("Parameter", items=True, unique=True),
        "requestBody": "RequestBody",
        "responses": "Responses",
        "callbacks": Each("Callback"),
        "externalDocs": "ExternalDocs",
    },
    "Responses": {"default": "Response", r"/^[1-5](?:\d{2}|XX)$/": "Response"},
    "Parameter": {"schema": "Schema", "content": Each("MediaType"), "examples": Each("Example")},
    "Header": {"schema": "Schema", "content": Each("MediaType"), "examples": Each("Example")},
    "MediaType": {"schema": "Schema", "examples": Each("Example"), "encoding": Each("Encoding")},
    "Encoding": {"headers": Each("Header")},
    "RequestBody": {"content": Each("MediaType")},
    "Response": {"headers": Each("Header"), "content": Each("MediaType"), "links": Each("Link")},
    "Callback": {"/^(?!x-)/": "PathItem"},  # its extensions are not path items
    "Schema": {
        "not": "Schema", "items": "Schema", "additionalProperties": "Schema", "properties": Each("Schema"),
        "allOf": Each("Schema", items=True), "anyOf": Each("Schema", items=True), "oneOf": Each("Schema", items=True),
        "externalDocs": "ExternalDocs",
    },
    "Example": {}, "Link": {}, "SecurityScheme": {}, "ExternalDocs": {},
}  # fmt: skip
_PIECES30 = frozenset({"Parameter", "Header", "RequestBody", "Response", "Callback", "Example", "Link", "Schema", "SecurityScheme"})

_OAS31: dict[str, dict[str, str | Each]] = {
    "PathItem": {"parameters": Each("Parameter", items=True), **{m: "Operation" for m in _METHODS[3:-3].split("|")}},
    "Operation": {**_OAS30["Operation"], "parameters": Each("Parameter", items=True)},
    "Responses": {"default": "Response", "/^[1-5](?:[0-9]{2}|XX)$/": "Response"},
    # A parameter's or header's examples are checked only beside a schema: not cut.
    "Parameter": {"schema": "Schema", "content": Each("MediaType")},
    "Header": {"schema": "Schema", "content": Each("MediaType")},
    "MediaType": _OAS30["MediaType"],
    "Encoding": _OAS30["Encoding"],
    "RequestBody": _OAS30["RequestBody"],
    "Response": _OAS30["Response"],
    "Callback": {"/^/": "PathItem"},  # every entry, extensions included
    "Schema": {},  # 3.1's document schema only wants an object or a boolean
    "Example": {}, "Link": {}, "SecurityScheme": {}, "ExternalDocs": {},
}  # fmt: skip
_PIECES31 = _PIECES30 | {"PathItem"}
_DEFS31 = {
    "PathItem": "path-item", "Parameter": "parameter", "Header": "header", "RequestBody": "request-body",
    "Response": "response", "Callback": "callbacks", "Example": "example", "Link": "link", "SecurityScheme": "security-scheme",
}  # fmt: skip
_COMPONENTS = {
    "schemas": "Schema", "responses": "Response", "parameters": "Parameter", "examples": "Example",
    "requestBodies": "RequestBody", "headers": "Header", "securitySchemes": "SecurityScheme", "links": "Link",
    "callbacks": "Callback", "pathItems": "PathItem",
}  # fmt: skip

# Struct members the meta-schemas take as any string, or as anything: blanked out of a shape.
_FREE_TEXT = frozenset({"description", "summary", "title", "operationId"})
_FREE_VALUE = frozenset({"example"})


class _Invalid(Exception):
    """A piece of the unit has a shape the meta-schema refuses."""


class DocumentCheck:
    """The check of one OpenAPI version's documents (see the module's docstring)."""

    def __init__(self, version: str) -> None:
        self.v31 = version == "3.1"
        self.version = version
        self.schema = document_schema(version)
        # quick.py vouches for what passes, without jsonschema
        self.quick = Draft202012(self.schema, formats=document_formats) if self.v31 else Draft4(self.schema)
        self.pieces = _PIECES31 if self.v31 else _PIECES30
        self.rules = {kind: _compiled(rules) for kind, rules in (_OAS31 if self.v31 else _OAS30).items()}
        self._validators: dict[str, Any] = {}
        self._schemas: dict[str, Any] = {}  # the parts of the meta-schema checked, by key
        self._conforms: dict[tuple[str, str], bool] = {}

    def units(self, data: dict[str, Any]) -> dict[Parts, tuple[str, Place]]:
        """Where each unit is -> its kind and the place of its schema in the meta-schema."""
        out: dict[Parts, tuple[str, Place]] = {}
        meta = self.schema
        paths = data.get("paths")
        if isinstance(paths, dict):
            out.update(self._entries(paths, ("paths",), "PathItem", ("$defs", "paths") if self.v31 else ("definitions", "Paths")))
        webhooks = data.get("webhooks") if self.v31 else None
        if isinstance(webhooks, dict):
            out.update(self._entries(webhooks, ("webhooks",), "PathItem", ("properties", "webhooks")))
        components: Any = data.get("components")
        for group, kind in _COMPONENTS.items() if isinstance(components, dict) else ():
            place = ("$defs", "components", "properties", group) if self.v31 else ("definitions", "Components", "properties", group)
            if isinstance(components.get(group), dict) and _lookup(meta, place) is not None:
                out.update(self._entries(components[group], ("components", group), kind, place))
        return out

    def _entries(self, entries: dict[Any, Any], where: Parts, kind: str, place: Place) -> dict[Parts, tuple[str, Place]]:
        """The entries that the map's schema checks each alone, against one subschema."""
        schema = _lookup(self.schema, place)
        patterns = schema.get("patternProperties", {})
        additional = schema.get("additionalProperties") if "properties" not in schema else None
        out: dict[Parts, tuple[str, Place]] = {}
        for name, node in entries.items():
            if not isinstance(node, dict) or not isinstance(name, str):
                continue
            matching = [p for p in patterns if re.search(p, name)]
            if len(matching) == 1 and patterns[matching[0]]:  # not an extension's `{}`
                out[(*where, name)] = (kind, (*place, "patternProperties", matching[0]))
            elif not matching and isinstance(additional, dict) and additional:
                out[(*where, name)] = (kind, (*place, "additionalProperties"))
        return out

    def skeleton_findings(self, data: dict[str, Any], units: dict[Parts, Any]) -> list[tuple[Parts, str, bool]]:
        """The document without its units, checked whole. A unit's name is fine where the
        map's pattern chose it; 3.1's component names have a pattern of their own, so there
        the unit stays, as a stand-in."""
        skeleton = _without(data, units, lambda where: self.v31 and where[0] == "components")
        if isinstance(skeleton.get("tags"), list) and _distinct(skeleton["tags"]):
            key, schema = "distinct tags", self._tags_not_compared  # comparing is slow
        else:
            key, schema = "", lambda: self.schema
        if self._holds(key, schema, skeleton):
            return []
        validator = self._validator(key, schema) if key else self.validator
        return error_findings(validator.iter_errors(skeleton), self.v31)

    def _tags_not_compared(self) -> dict[str, Any]:
        root = self.schema
        tags = {key: value for key, value in root["properties"]["tags"].items() if key != "uniqueItems"}
        return {**root, "properties": {**root["properties"], "tags": tags}}

    # -- a unit ------------------------------------------------------------------------------

    def unit_findings(self, node: Any, where: Parts, kind: str, place: Place, memo: Memo) -> list[tuple[Parts, str, bool]]:
        """[] when every piece of the unit has a valid shape; else the unit checked whole
        (findings relative to the unit)."""
        try:
            self._piece(node, kind, memo)
            return []
        except _Invalid:
            pass
        errors = list(self._validator("/".join(place), lambda: _lookup(self.schema, place)).iter_errors(node))
        for error in errors:  # at the unit's place: the paths (and hints) a whole check gives
            error.path.extendleft(reversed(where))
        return [(parts[len(where) :], message, fatal) for parts, message, fatal in error_findings(errors, self.v31)]

    def _piece(self, node: dict[str, Any], kind: str, memo: Memo) -> dict[str, Any]:
        """Check the piece's shape (and its pieces'); its stand-in. Raises _Invalid."""
        if kind == "Schema" and self.v31:
            return STAND_IN  # a mapping: all that 3.1's document schema asks of a schema
        shape = self._struct(node, kind, memo) if "$ref" not in node else {k: self._blank(k, v, kind) for k, v in node.items()}
        key = f"{self.version} {kind} {shape!r}"  # as unambiguous as JSON, and quicker
        valid = memo.get("piece", key)
        if valid is MISSING:
            schema = partial(self._kind_schema, kind)
            valid = self._holds(kind, schema, shape) or self._validator(kind, schema).is_valid(shape)
            memo.put("piece", key, valid)
        if not valid:
            raise _Invalid
        return STAND_IN

    def _struct(self, node: dict[str, Any], kind: str, memo: Memo) -> dict[str, Any]:
        exact, patterns = self.rules[kind]
        out: dict[str, Any] = {}
        for key, value in node.items():
            rule = exact.get(key)
            if rule is None and patterns and isinstance(key, str):
                rule = next((k for p, k in patterns if p.search(key)), None)
            if rule is None:
                out[key] = self._blank(key, value, kind)
            elif isinstance(rule, Each):
                out[key] = self._each(value, rule, memo)
            else:
                out[key] = self._child(value, rule, memo)
        return out

    def _child(self, node: Any, kind: str, memo: Memo) -> Any:
        if not isinstance(node, dict):
            return node  # not cut: the parent's check says what is wrong
        return self._piece(node, kind, memo) if kind in self.pieces else self._struct(node, kind, memo)

    def _each(self, value: Any, rule: Each, memo: Memo) -> Any:
        """A map's or a list's shape. Stood-in entries count only as none, one or more (no
        map or list of pieces in the meta-schemas wants a size beyond that)."""
        if rule.items:
            if not isinstance(value, list):
                return value
            if rule.unique and not self._unique(value):
                raise _Invalid
            items = [self._child(item, rule.kind, memo) for item in value]
            cut = all(item is STAND_IN for item in items)
            if rule.unique:  # distinct stand-ins, as the items are
                items = [{"$ref": f"#/{i}"} if item is STAND_IN else item for i, item in enumerate(items)]
            return items[:2] if cut else items
        if not isinstance(value, dict):
            return value
        out = {name: self._child(node, rule.kind, memo) for name, node in value.items()}
        if all(node is STAND_IN for node in out.values()):
            return {str(i): STAND_IN for i in range(min(len(out), 2))}
        return out

    def _unique(self, items: list[Any]) -> bool:
        return _distinct(items) or bool(self._validator("unique", lambda: {"uniqueItems": True}).is_valid(items))

    def _blank(self, key: Any, value: Any, kind: str) -> Any:
        """A struct member's shape: text and values the meta-schema takes whatever they are, blanked."""
        if not isinstance(key, str):
            return value
        if key.startswith("x-") or key in _FREE_VALUE or (kind == "Example" and key == "value"):
            return None
        if key in _FREE_TEXT and isinstance(value, str):
            return ""
        if key == "$ref" and isinstance(value, str):
            return "#" if self._format(value, "uri-reference") else value
        if kind == "Operation" and key == "tags" and isinstance(value, list) and all(isinstance(t, str) for t in value):
            return value[:1] and [""]  # any strings, any number of them
        if kind == "ExternalDocs" and key == "url" and isinstance(value, str):
            return "" if self._format(value, "uri" if self.v31 else "uri-reference") else value
        if kind == "Parameter" and key == "name" and isinstance(value, str) and not self.v31:
            return ""  # 3.1 wants a path parameter's name without `/`, `#` or `?`
        if kind == "Schema":  # 3.0: the document schema checks schemas too
            if key == "default":
                return None
            if key == "format" and isinstance(value, str):
                return ""
            if key == "discriminator" and isinstance(value, dict):
                return _discriminator(value)
            if key == "enum" and isinstance(value, list):  # any items, at least one
                return value[:1] and [None]
            if key == "required" and isinstance(value, list):  # unique strings: only their repeats count
                return _uniqueness(value)
            if key == "pattern" and isinstance(value, str):
                return "" if self._format(value, "regex") else value
        return value

    def _format(self, value: str, format: str) -> bool:
        if (value, format) not in self._conforms:
            try:
                conforms = format_holds(value, format)
            except Unsure:
                checker = self.validator.format_checker
                conforms = checker is None or bool(checker.conforms(value, format))
            self._conforms[(value, format)] = conforms
        return self._conforms[(value, format)]

    @property
    def validator(self) -> Any:
        """jsonschema's, made when first needed: a tenth of a second to import and build."""
        return document_validator(self.version)

    def _validator(self, key: str, schema: Any) -> Any:
        """The document validator made to check a part of the meta-schema (its references
        resolved as they are inside it)."""
        if key not in self._validators:
            self._validators[key] = self.validator.evolve(schema=schema())
        return self._validators[key]

    def _holds(self, key: str, schema: Any, instance: Any) -> bool:
        """Whether quick.py vouches for `instance` against that part of the meta-schema."""
        if key not in self._schemas:
            self._schemas[key] = schema()
        return self.quick.holds(self._schemas[key], instance)

    def _kind_schema(self, kind: str) -> dict[str, Any]:
        if self.v31:
            return {"$ref": f"#/$defs/{_DEFS31[kind]}-or-reference"}
        if kind in self.pieces:  # oneOf in this order or another: the same validity
            return {"oneOf": [{"$ref": f"#/definitions/{kind}"}, {"$ref": "#/definitions/Reference"}]}
        return {"$ref": f"#/definitions/{kind}"}


@lru_cache(maxsize=None)
def document_check(version: str) -> DocumentCheck:
    return DocumentCheck(version)


def _compiled(rules: dict[str, str | Each]) -> tuple[dict[str, str | Each], list[tuple[re.Pattern[str], str | Each]]]:
    exact = {key: rule for key, rule in rules.items() if not key.startswith("/")}
    patterns = [(re.compile(key[1:-1]), rule) for key, rule in rules.items() if key.startswith("/")]
    return exact, patterns


def _lookup(schema: Any, place: Place) -> Any:
    node: Any = schema
    for part in place:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _uniqueness(items: list[Any]) -> list[Any]:
    firsts: dict[str, int] = {}
    return [str(firsts.setdefault(item, len(firsts))) if isinstance(item, str) else item for item in items]


def _discriminator(value: dict[str, Any]) -> dict[str, Any]:
    """3.0: a property name, and a mapping of names to strings; both any strings."""
    shape = dict(value)
    if isinstance(shape.get("propertyName"), str):
        shape["propertyName"] = ""
    mapping = shape.get("mapping")
    if isinstance(mapping, dict) and all(isinstance(target, str) for target in mapping.values()):
        shape["mapping"] = {}
    return shape


def _without(data: dict[str, Any], units: dict[Parts, Any], stays: Any) -> dict[str, Any]:
    """The document without the units (or with a stand-in where `stays`): copies along the way."""
    copies: dict[Parts, dict[Any, Any]] = {(): dict(data)}
    for where in units:
        parent = copies[()]
        for depth in range(1, len(where)):
            if where[:depth] not in copies:
                copies[where[:depth]] = parent[where[depth - 1]] = dict(parent[where[depth - 1]])
            parent = copies[where[:depth]]
        if stays(where):
            parent[where[-1]] = STAND_IN
        else:
            del parent[where[-1]]
    return copies[()]


def _distinct(items: list[Any]) -> bool:
    """True only if no two items are equal as `uniqueItems` compares them (quickly: by their
    text members, else by their JSON, where 1 and 1.0 are one number); False when unsure."""
    if all(isinstance(item, dict) for item in items):
        texts = {tuple(sorted((str(k), v) for k, v in item.items() if isinstance(v, str))) for item in items}
        if len(texts) == len(items):
            return True
    try:
        return len({json.dumps(_number_as_int(item), sort_keys=True) for item in items}) == len(items)
    except (TypeError, ValueError):
        return False


def _number_as_int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _number_as_int(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_number_as_int(item) for item in value]
    return value
