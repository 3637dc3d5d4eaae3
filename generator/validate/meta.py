"""The validators, built once and only when needed: the OpenAPI schema of documents, the
meta-schemas of schemas; and what a schema node's check depends on (its shape)."""

from __future__ import annotations

import json
from functools import lru_cache, partial
from typing import Any

from generator.validate.memo import Memo
from generator.validate.quick import Draft4, format_holds, package_folder, uri_checked
from generator.validate.quick2020 import Draft202012, meta_resources
from generator.validate.messages import error_findings
from generator.pointers import MISSING, Parts


@lru_cache(maxsize=None)
def oas_validators() -> Any:
    """openapi-schema-validator's validators module, loaded without its package's __init__:
    that one imports the library's settings machinery (pydantic-settings) for shortcuts we
    do not use, a sixth of a small run. A bare stand-in holds the package's place while the
    module loads; a later `import openapi_schema_validator` runs the real __init__, which
    finds the module already loaded."""
    import sys
    from importlib import import_module
    from importlib.util import find_spec, module_from_spec

    name = "openapi_schema_validator"
    if name in sys.modules:
        return import_module(f"{name}.validators")
    spec = find_spec(name)
    if spec is None:
        raise ImportError("openapi-schema-validator is not installed")
    stand_in = module_from_spec(spec)
    sys.modules[name] = stand_in
    try:
        return import_module(f"{name}.validators")
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


@lru_cache(maxsize=None)
def meta_registry() -> Any:
    """Every JSON Schema and OpenAPI meta-schema, crawled."""
    oas_validators()
    from openapi_schema_validator._specifications import REGISTRY  # loaded by the validators

    return REGISTRY.crawl()


def precrawled(cls: Any, schema: Any, format_checker: Any, base: Any = None) -> Any:
    """A validator for `schema` whose registry is crawled once, not at every dynamic lookup."""
    from referencing.jsonschema import specification_with

    uri = str(schema.get("$id", "")) if isinstance(schema, dict) else ""
    spec: Any = specification_with(str(schema.get("$schema", "")), default=None) if isinstance(schema, dict) else None  # type: ignore[arg-type]
    if spec is None:
        return cls(schema, format_checker=format_checker)
    registry = (base if base is not None else meta_registry()).with_resource(uri, spec.create_resource(schema)).crawl()
    return cls(schema, _resolver=registry.resolver(base_uri=uri), format_checker=format_checker)


@lru_cache(maxsize=None)
def document_schema(version: str) -> Any:
    """openapi-spec-validator's schema of OpenAPI documents, read from its file: importing
    the package would load its settings machinery (pydantic), a tenth of a second."""
    path = package_folder("openapi_spec_validator") / "resources" / "schemas" / f"v{version}" / "schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def document_validator(version: str) -> Any:
    """jsonschema's validator of `document_schema(version)`."""
    from jsonschema.validators import validator_for
    from jsonschema_specifications import REGISTRY  # the drafts: all the document schema refers to

    schema = document_schema(version)
    cls = validator_for(schema)
    return precrawled(cls, schema, cls.FORMAT_CHECKER, REGISTRY)


@lru_cache(maxsize=None)
def _shallow_draft4() -> Any:
    """Draft 4's meta-schema (as jsonschema has it), a subschema's place wanting only an object."""
    path = package_folder("jsonschema_specifications") / "schemas" / "draft4" / "metaschema.json"
    return _without_recursion(json.loads(path.read_text(encoding="utf-8")), "urn:clientsmith:shallow-draft4")


class MetaChecker:
    """One schema node against its dialect's meta-schema.

    Shallow where the meta-schema allows it: the node's own keywords are checked, its
    subschemas only for being schemas (the walk checks each at its own place). Whether a node
    is valid depends only on its shape (what is left when texts, names and subschemas are
    blanked out), so each shape is checked once, and remembered across runs: that is what
    makes a large document fast. Only an invalid node is checked again, as itself, for its
    errors. Otherwise (an uncommon dialect) the node's whole subtree is checked at once. The
    validator itself is built only when a node needs it.
    """

    def __init__(self, name: str, build: Any, ref_checked: bool, shallow: bool, v31: bool, quick: Draft4 | None = None) -> None:
        self.name = name
        self.build = build
        self.ref_checked = ref_checked
        self.shallow = shallow
        self.v31 = v31
        self.quick = quick  # says "valid" without the validator, when it can

    @property
    def validator(self) -> Any:
        if callable(self.build):
            self.build = self.build()
        return self.build

    def errors(self, schema: Any, memo: Memo) -> list[tuple[Parts, str, bool]]:
        key = shape_key(schema, self.v31, self.ref_checked) if self.shallow else None
        if key is None:
            return error_findings(self.validator.iter_errors(schema), self.v31)
        key = f"{self.name} {key}"
        valid = memo.get("shape", key)
        if valid is MISSING:
            quick = self.quick
            valid = (quick is not None and quick.holds(quick.root, schema)) or next(self.validator.iter_errors(schema), None) is None
            memo.put("shape", key, valid)
        if valid:
            return []
        try:
            node_key = f"{self.name} {json.dumps(schema, sort_keys=True)}"
        except (TypeError, ValueError):
            return error_findings(self.validator.iter_errors(schema), self.v31)
        found = memo.get("node", node_key)
        if found is MISSING:
            found = error_findings(self.validator.iter_errors(schema), self.v31)
            memo.put("node", node_key, found)
        return [(tuple(rel), message, fatal) for rel, message, fatal in found]


_OAS31_BASE_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"  # openapi_schema_validator's


@lru_cache(maxsize=None)
def meta_checker(version: str, dialect: str | None) -> MetaChecker | None:
    """The checker for a version and dialect; the usual ones are made without importing the
    validators (about 0.2 s), which only a node whose shape is new needs (and for 3.0, only
    one that quick.py cannot vouch for)."""
    ref_checked = uri_checked()  # (the OpenAPI formats add no `uri` check to jsonschema's)
    if version == "3.0":

        def draft4() -> Any:
            from jsonschema.validators import Draft4Validator

            # OAS30Validator.check_schema: draft 4's meta-schema with the OpenAPI 3.0 formats.
            return precrawled(Draft4Validator, _shallow_draft4(), oas_validators().OAS30Validator.FORMAT_CHECKER)

        quick = Draft4(_shallow_draft4(), partial(format_holds, ecma_regex=True))
        return MetaChecker("3.0", draft4, ref_checked, True, False, quick)
    dialect = dialect or _OAS31_BASE_DIALECT
    if dialect == _OAS31_BASE_DIALECT:  # a draft 2020-12 meta-schema (see _shallow_2020)
        quick = Draft202012(_shallow_wrapper(dialect), meta_resources(), partial(format_holds, ecma_regex=True))
        return MetaChecker(f"3.1 {dialect}", lambda: _shallow_2020(dialect), ref_checked, True, True, quick)
    from jsonschema.validators import validator_for

    OAS31Validator = oas_validators().OAS31Validator
    cls = validator_for({"$schema": dialect}, default=None)
    if cls is None:
        return None
    meta = cls.META_SCHEMA
    if isinstance(meta, dict) and meta.get("$dynamicAnchor") == "meta":
        return MetaChecker(f"3.1 {dialect}", lambda: _shallow_2020(dialect), ref_checked, True, True)
    meta_cls = validator_for(meta, default=cls)
    return MetaChecker(f"3.1 {dialect}", lambda: precrawled(meta_cls, meta, OAS31Validator.FORMAT_CHECKER), ref_checked, False, True)


def _shallow_2020(dialect: str) -> Any:
    """Draft 2020-12 meta-schemas reach subschemas through `$dynamicRef: "#meta"`, which
    resolves to the outermost `meta` anchor: this wrapper's, which only wants a schema."""
    from jsonschema.validators import validator_for

    OAS31Validator = oas_validators().OAS31Validator
    cls = validator_for({"$schema": dialect})
    wrapper = _shallow_wrapper(cls.META_SCHEMA.get("$id", dialect))
    return precrawled(validator_for(wrapper), wrapper, OAS31Validator.FORMAT_CHECKER)


def _shallow_wrapper(meta_id: str) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:clientsmith:shallow",
        "$ref": meta_id,
        "$defs": {"subschema": {"$dynamicAnchor": "meta", "type": ["object", "boolean"]}},
    }


def _without_recursion(meta: Any, new_id: str) -> Any:
    """A `$ref: "#"` meta-schema whose subschema places only want an object."""

    def copy(node: Any) -> Any:
        if isinstance(node, dict):
            return {"type": "object"} if node == {"$ref": "#"} else {k: copy(v) for k, v in node.items()}
        if isinstance(node, list):
            return [copy(v) for v in node]
        return node

    return {**copy(meta), "id": new_id}


# What the meta-schemas take as anything (or any string): blanked out of a node's shape.
_FREE_TEXT = frozenset({"description", "title", "$comment"})
_FREE_VALUE = frozenset({"default", "example", "const"})
# Maps of subschemas whose names the meta-schemas don't look at (patternProperties' are regexes).
_NAMELESS = frozenset({"properties", "$defs", "definitions", "dependentSchemas", "dependencies"})


def shape_key(schema: Any, v31: bool, ref_checked: bool) -> str | None:
    """The part of a schema node its (shallow) meta-schema check depends on, as a key."""
    if not isinstance(schema, dict):
        return json.dumps(schema)
    shape: dict[str, Any] = {}
    singles, lists, maps = KEYWORDS_31 if v31 else KEYWORDS_30
    for key, value in schema.items():
        if key in _FREE_TEXT and isinstance(value, str):
            value = ""
        elif key in _FREE_VALUE or (isinstance(key, str) and key.startswith("x-")):
            value = None
        elif key == "$ref" and isinstance(value, str) and not ref_checked:
            value = "#"
        elif key == "required" and isinstance(value, list):
            value = _uniqueness(value)  # strings, unique: only their pattern of repeats counts
        elif v31 and key in ("enum", "examples") and isinstance(value, list):
            value = []
        elif key in singles:
            value = _placeholder(value) if not isinstance(value, list) else [_placeholder(v) for v in value]
        elif key in lists and isinstance(value, list):
            value = [_placeholder(v) for v in value]
        elif key in maps and isinstance(value, dict):
            if key in _NAMELESS:
                value = sorted((json.dumps(_placeholder(v), default=repr) for v in value.values()))
                value = {str(i): json.loads(v) for i, v in enumerate(value)}
            else:
                value = {k: _placeholder(v) for k, v in value.items()}
        shape[key] = value
    try:
        return json.dumps(shape, sort_keys=True, default=repr)
    except (TypeError, ValueError):
        return None


def _uniqueness(items: list[Any]) -> list[Any]:
    firsts: dict[str, int] = {}
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            out.append(str(firsts.setdefault(item, len(firsts))))
        else:
            out.append(item)
    return out


def _placeholder(value: Any) -> Any:
    return {} if isinstance(value, dict) else value


def subschemas(node: dict[str, Any], here: Parts, meta: bool, v31: bool) -> list[tuple[Any, Parts, bool]]:
    singles, lists, maps = KEYWORDS_31 if v31 else KEYWORDS_30
    out: list[tuple[Any, Parts, bool]] = []
    for key, value in node.items():
        if key in singles:
            if isinstance(value, (dict, bool)):
                out.append((value, (*here, key), meta))
            elif key == "items" and isinstance(value, list):  # draft 4's tuple form
                out += [(v, (*here, key, i), meta) for i, v in enumerate(value)]
        elif key in lists and isinstance(value, list):
            out += [(v, (*here, key, i), meta) for i, v in enumerate(value)]
        elif key in maps and isinstance(value, dict):
            out += [(v, (*here, key, name), meta) for name, v in value.items() if key != "dependencies" or isinstance(v, (dict, bool))]
    return out


# Where a schema holds schemas (as the meta-schemas say): one, a list, a map of them.
KEYWORDS_30 = (
    frozenset({"items", "additionalItems", "additionalProperties", "not"}),
    frozenset({"allOf", "anyOf", "oneOf"}),
    frozenset({"properties", "patternProperties", "definitions", "dependencies"}),
)
KEYWORDS_31 = (
    frozenset({
        "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema", "additionalItems",
    }),
    frozenset({"allOf", "anyOf", "oneOf", "prefixItems"}),
    frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}),
)
