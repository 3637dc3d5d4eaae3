"""Stage 2: check the document against the OpenAPI schema and the rules JSON Schema can't say.

Findings are warnings unless the run is strict: real documents, OpenAI's included, carry
small defects that do not stop a client from being generated.

The checks are openapi-spec-validator's (the document against the OpenAPI meta-schema, every
schema against its dialect's meta-schema, `default` values against their schema, unique
operationIds, tags and parameters, declared path parameters), but the walk is ours: the
library reports a problem found inside a schema or a `default` with a path relative to that
schema, so the finding could not say where it is. Here every node is visited at its own place
in the document (a `$ref` is followed to its target's pointer, each target checked once), so
every finding carries the absolute JSON pointer and therefore the line. Walking ourselves is
also faster: the meta-schema validators are built once, with their references resolved up
front, instead of once per schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from generator.diagnostics import Diagnostic, pointer
from generator.load import Document

Parts = tuple[object, ...]

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_DOC_URI = "urn:clientsmith:document"

# Schema keywords whose value is a schema, a list of schemas, or a map of names to schemas.
_ONE_SCHEMA = (
    "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
    "unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema",
)
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def validate(doc: Document, *, strict: bool = False) -> list[Diagnostic]:
    severity = "error" if strict else "warning"
    data = doc.data
    if "swagger" in data and "openapi" not in data:
        found = f"Swagger {data['swagger']}" if isinstance(data["swagger"], (str, int, float)) else "a Swagger document"
        message = f"{found} is not supported: convert the document to OpenAPI 3 first"
        return [Diagnostic(message, doc.location(["swagger"]))]
    version = str(data.get("openapi", "")) if isinstance(data.get("openapi"), (str, int, float)) else ""
    if not version.startswith(("3.0", "3.1")):
        found = f"openapi: {version}" if version else "no 'openapi' field"
        return [Diagnostic(f"not an OpenAPI 3.0/3.1 document ({found})", doc.location(["openapi"] if "openapi" in data else []))]
    try:
        problems = _Checker(data, version).run()
    except Exception as exc:  # a bug of ours or of the validator: say so, don't stop the run
        first = str(exc).splitlines()[0] if str(exc) else ""
        problems = [((), f"spec validation could not finish ({type(exc).__name__}: {first})")]
    seen: set[tuple[str, str]] = set()
    findings: list[tuple[int, str, Diagnostic]] = []
    for parts, message in problems:
        key = (pointer(parts), message)
        if key in seen:
            continue
        seen.add(key)
        location = doc.location(parts)
        findings.append((location.line or 0, location.pointer, Diagnostic(message, location, severity)))
    findings.sort(key=lambda f: (f[0], f[1]))
    return [f[2] for f in findings]


class _Checker:
    def __init__(self, data: dict[str, Any], version: str) -> None:
        self.data = data
        self.v31 = version.startswith("3.1")
        self.problems: list[tuple[Parts, str]] = []
        self.visited: set[Parts] = set()  # schema nodes walked (by their own place)
        self.meta_checked: set[Parts] = set()
        self.operation_ids: dict[str, str] = {}
        self._doc_resolver: Any = None

    def add(self, parts: Parts, message: str) -> None:
        self.problems.append((parts, message))

    def run(self) -> list[tuple[Parts, str]]:
        self._document()
        data = self.data
        if isinstance(data.get("tags"), list):
            self._tags(data["tags"])
        paths = data.get("paths")
        if isinstance(paths, dict):
            for url, item in paths.items():
                self._path_item(item, ("paths", url), url)
        webhooks = data.get("webhooks") if self.v31 else None
        if isinstance(webhooks, dict):
            for name, item in webhooks.items():
                self._path_item(item, ("webhooks", name), None)
        components = data.get("components")
        if isinstance(components, dict):
            self._components(components)
        return self.problems

    # -- the document against the OpenAPI meta-schema -------------------------------------

    def _document(self) -> None:
        validator = _document_validator("3.1" if self.v31 else "3.0")
        for err in validator.iter_errors(self.data):
            self._report(err, ())

    def _report(self, err: Any, base: Parts, prefix: str = "") -> None:
        leaf, message = _explain(err)
        parts = (*base, *leaf.absolute_path)
        self.add(parts, prefix + message + _hint(parts, leaf, self.v31))

    # -- references -----------------------------------------------------------------------

    def _deref(self, node: Any, parts: Parts) -> tuple[Any, Parts] | None:
        """Follow a chain of `$ref`s to the node it names; None (reported) when it can't."""
        chain: list[Parts] = []
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            here = (*parts, "$ref")
            if not isinstance(ref, str):
                self.add(here, f"$ref must be a string, not {_short(ref)}")
                return None
            if not ref.startswith("#"):
                self.add(here, f"unsupported $ref {ref!r}: only references inside the document are supported")
                return None
            target = _parts_of(ref[1:])
            if target is None:
                self.add(here, f"invalid $ref {ref!r}: not a JSON pointer")
                return None
            if target in chain or target == parts:
                cycle = " -> ".join(pointer(p) for p in [*chain, target])
                self.add(here, f"cyclic $ref: {cycle}")
                return None
            chain.append(target)
            found = _lookup(self.data, target)
            if found is _MISSING:
                self.add(here, f"dangling $ref '{ref}': no such node")
                return None
            node, parts = found, target
        return node, parts

    # -- structure ------------------------------------------------------------------------

    def _tags(self, tags: list[Any]) -> None:
        seen: set[str] = set()
        for i, tag in enumerate(tags):
            name = tag.get("name") if isinstance(tag, dict) else None
            if isinstance(name, str):
                if name in seen:
                    self.add(("tags", i, "name"), f"duplicate tag name {name!r}")
                seen.add(name)

    def _path_item(self, item: Any, parts: Parts, url: str | None) -> None:
        resolved = self._deref(item, parts)
        if resolved is None or not isinstance(resolved[0], dict):
            return
        item, item_parts = resolved
        shared = self._parameters(item.get("parameters"), (*item_parts, "parameters"))
        for method in _OPERATIONS:
            op = item.get(method)
            if isinstance(op, dict):
                self._operation(op, (*item_parts, method), method, url, shared)

    def _operation(self, op: dict[str, Any], parts: Parts, method: str, url: str | None, shared: list[tuple[dict[str, Any], Parts]]) -> None:
        where = f"{method.upper()} {url}" if url is not None else f"{method.upper()} {parts[1]}"
        op_id = op.get("operationId")
        if isinstance(op_id, str):
            if op_id in self.operation_ids:
                self.add((*parts, "operationId"), f"duplicate operationId {op_id!r} (also {self.operation_ids[op_id]})")
            else:
                self.operation_ids[op_id] = where
        own = self._parameters(op.get("parameters"), (*parts, "parameters"))
        if url is not None:
            self._path_parameters(url, parts, own, shared)
        body = op.get("requestBody")
        if body is not None:
            resolved = self._deref(body, (*parts, "requestBody"))
            if resolved is not None and isinstance(resolved[0], dict):
                self._content(resolved[0].get("content"), (*resolved[1], "content"))
        responses = op.get("responses")
        if isinstance(responses, dict):
            for code, response in responses.items():
                self._response(response, (*parts, "responses", code))

    def _parameters(self, params: Any, parts: Parts) -> list[tuple[dict[str, Any], Parts]]:
        out: list[tuple[dict[str, Any], Parts]] = []
        if not isinstance(params, list):
            return out
        seen: set[tuple[str, str]] = set()
        for i, raw in enumerate(params):
            resolved = self._deref(raw, (*parts, i))
            if resolved is None or not isinstance(resolved[0], dict):
                continue
            param, param_parts = resolved
            self._parameter(param, param_parts)
            name, where = param.get("name"), param.get("in")
            if isinstance(name, str) and isinstance(where, str):
                if (name, where) in seen:
                    self.add((*parts, i), f"duplicate parameter {name!r} in {where}")
                seen.add((name, where))
                out.append((param, (*parts, i)))
        return out

    def _parameter(self, param: dict[str, Any], parts: Parts) -> None:
        if "schema" in param:
            self._root_schema(param["schema"], (*parts, "schema"))
        self._content(param.get("content"), (*parts, "content"))

    def _path_parameters(self, url: str, parts: Parts, own: list[tuple[dict[str, Any], Parts]], shared: list[tuple[dict[str, Any], Parts]]) -> None:
        in_url = _PATH_PARAM.findall(url)
        declared: dict[str, Parts] = {}
        for param, param_parts in [*shared, *own]:
            if param.get("in") == "path":
                declared[str(param.get("name"))] = param_parts
        method = str(parts[-1]).upper()
        for name in in_url:
            if name not in declared:
                self.add(parts, f"path parameter {name!r} of {method} {url} is not declared in its parameters")
        for name, param_parts in declared.items():
            if name not in in_url:
                self.add((*param_parts, "name"), f"path parameter {name!r} does not appear in the path {url!r}")

    def _response(self, response: Any, parts: Parts) -> None:
        resolved = self._deref(response, parts)
        if resolved is None or not isinstance(resolved[0], dict):
            return
        response, parts = resolved
        self._content(response.get("content"), (*parts, "content"))
        headers = response.get("headers")
        if isinstance(headers, dict):
            for name, header in headers.items():
                self._header(header, (*parts, "headers", name))

    def _header(self, header: Any, parts: Parts) -> None:
        resolved = self._deref(header, parts)
        if resolved is not None and isinstance(resolved[0], dict):
            self._parameter(resolved[0], resolved[1])

    def _content(self, content: Any, parts: Parts) -> None:
        if not isinstance(content, dict):
            return
        for media, media_type in content.items():
            if isinstance(media_type, dict) and "schema" in media_type:
                self._root_schema(media_type["schema"], (*parts, media, "schema"))

    def _components(self, components: dict[str, Any]) -> None:
        schemas = components.get("schemas")
        if isinstance(schemas, dict):
            for name, schema in schemas.items():
                self._root_schema(schema, ("components", "schemas", name))
        for kind, check in (("parameters", self._parameter), ("headers", self._parameter)):
            group = components.get(kind)
            if isinstance(group, dict):
                for name, node in group.items():
                    resolved = self._deref(node, ("components", kind, name))
                    if resolved is not None and isinstance(resolved[0], dict):
                        check(resolved[0], resolved[1])
        for kind in ("requestBodies", "responses"):
            group = components.get(kind)
            if isinstance(group, dict):
                for name, node in group.items():
                    if kind == "responses":
                        self._response(node, ("components", kind, name))
                    else:
                        resolved = self._deref(node, ("components", kind, name))
                        if resolved is not None and isinstance(resolved[0], dict):
                            self._content(resolved[0].get("content"), (*resolved[1], "content"))

    # -- schemas --------------------------------------------------------------------------

    def _root_schema(self, schema: Any, parts: Parts) -> None:
        """A schema where the document uses one: checked whole against its meta-schema."""
        resolved = self._deref(schema, parts) if _is_ref_only(schema) else (schema, parts)
        if resolved is None:
            return
        schema, parts = resolved
        if parts in self.visited:
            return
        if parts not in self.meta_checked:
            self.meta_checked.add(parts)
            if not self._meta_check(schema, parts):
                self.visited.add(parts)
                return
        self._required_defined(schema, parts)
        self._schema(schema, parts)

    def _meta_check(self, schema: Any, parts: Parts) -> bool:
        """Report the schema's meta-schema errors; False when it is too broken to walk."""
        if not isinstance(schema, (dict, bool)):
            return False  # the document's own meta-schema reported it
        dialect = None
        if self.v31:
            dialect = schema.get("$schema") if isinstance(schema, dict) and "$schema" in schema else self.data.get("jsonSchemaDialect")
            if dialect is not None and not isinstance(dialect, str):
                self.add((*parts, "$schema"), f"unknown JSON Schema dialect {_short(dialect)}")
                return False
        validator = _schema_meta_validator("3.1" if self.v31 else "3.0", dialect)
        if validator is None:
            where = (*parts, "$schema") if isinstance(schema, dict) and "$schema" in schema else ("jsonSchemaDialect",)
            self.add(where, f"unknown JSON Schema dialect {dialect!r}")
            return False
        ok = True
        for err in validator.iter_errors(schema):
            self._report(err, parts)
            ok = False
        return ok or isinstance(schema, dict)

    def _schema(self, schema: Any, parts: Parts) -> None:
        """Every subschema, at its own place: `default` values against their schema."""
        stack: list[tuple[Any, Parts]] = [(schema, parts)]
        while stack:
            node, here = stack.pop()
            if isinstance(node, dict) and "$ref" in node:
                resolved = self._deref(node, here)
                if resolved is not None and resolved[1] not in self.visited:
                    if resolved[1] not in self.meta_checked:
                        self.meta_checked.add(resolved[1])
                        if not self._meta_check(*resolved):
                            continue
                    stack.append(resolved)
                if len(node) == 1 or not self.v31:
                    continue  # 3.0 ignores a $ref's siblings
            if here in self.visited or not isinstance(node, dict):
                continue
            self.visited.add(here)
            if "default" in node:
                self._default(node, here)
            children: list[tuple[Any, Parts]] = []
            for key in _ONE_SCHEMA:
                value = node.get(key)
                if isinstance(value, (dict, bool)):
                    children.append((value, (*here, key)))
                elif key == "items" and isinstance(value, list):
                    children += [(v, (*here, key, i)) for i, v in enumerate(value)]
            for key in _SCHEMA_LISTS:
                value = node.get(key)
                if isinstance(value, list):
                    children += [(v, (*here, key, i)) for i, v in enumerate(value)]
            for key in _SCHEMA_MAPS:
                value = node.get(key)
                if isinstance(value, dict):
                    children += [(v, (*here, key, name)) for name, v in value.items()]
            stack.extend(reversed(children))

    def _default(self, schema: dict[str, Any], parts: Parts) -> None:
        value = schema["default"]
        if value is None and schema.get("nullable") is True:
            return
        validator = self._value_validator(schema)
        try:
            errors = list(validator.iter_errors(value))
        except Exception:  # noqa: S112 - an unresolvable $ref in the schema: reported by the walk
            return
        for err in errors:
            self._report(err, (*parts, "default"), "invalid default value: ")

    def _value_validator(self, schema: dict[str, Any]) -> Any:
        from openapi_schema_validator import OAS30Validator, OAS31Validator
        from referencing import Registry
        from referencing.jsonschema import DRAFT4, DRAFT202012

        cls = OAS31Validator if self.v31 else OAS30Validator
        if self._doc_resolver is None:
            spec = DRAFT202012 if self.v31 else DRAFT4
            registry: Any = Registry().with_resource(_DOC_URI, spec.create_resource(self.data))
            self._doc_resolver = _SPECIFICATIONS().combine(registry).resolver(base_uri=_DOC_URI)
        return cls(schema, _resolver=self._doc_resolver, format_checker=cls.FORMAT_CHECKER)

    def _required_defined(self, schema: Any, parts: Parts) -> None:
        """`required` beside an `allOf` names properties that some part defines."""
        if not isinstance(schema, dict) or "allOf" not in schema:
            return
        required = schema.get("required")
        if not isinstance(required, list):
            return
        known = self._properties(schema, parts, set())
        for i, name in enumerate(required):
            if isinstance(name, str) and name not in known:
                self.add((*parts, "required", i), f"required property {name!r} is not defined by the schema or its allOf parts")

    def _properties(self, schema: Any, parts: Parts, seen: set[Parts]) -> set[str]:
        if isinstance(schema, dict) and "$ref" in schema:
            target = _parts_of(schema["$ref"][1:]) if isinstance(schema["$ref"], str) and schema["$ref"].startswith("#") else None
            found = _lookup(self.data, target) if target is not None else _MISSING
            if target is None or found is _MISSING or target in seen:
                return set()
            seen.add(target)
            schema, parts = found, target
        if not isinstance(schema, dict):
            return set()
        props = set(schema.get("properties") or {}) if isinstance(schema.get("properties"), dict) else set()
        for key in ("allOf", "anyOf", "oneOf"):
            for i, sub in enumerate(schema.get(key) or [] if isinstance(schema.get(key), list) else []):
                props |= self._properties(sub, (*parts, key, i), seen)
        for key in ("items", "not"):
            if key in schema:
                props |= self._properties(schema[key], (*parts, key), seen)
        return props


# -- validators, built once -----------------------------------------------------------------


@lru_cache(maxsize=None)
def _SPECIFICATIONS() -> Any:  # noqa: N802 - a constant, built on first use
    from openapi_schema_validator._specifications import REGISTRY as OPENAPI_SPECIFICATIONS
    from referencing.jsonschema import EMPTY_REGISTRY

    return EMPTY_REGISTRY.combine(OPENAPI_SPECIFICATIONS).crawl()


def _precrawled(cls: Any, schema: Any, format_checker: Any) -> Any:
    """A validator for `schema` whose registry is crawled once, not at every dynamic lookup."""
    from referencing.jsonschema import specification_with

    uri = str(schema.get("$id", "")) if isinstance(schema, dict) else ""
    spec = specification_with(str(schema.get("$schema", "")), default=None) if isinstance(schema, dict) else None
    if spec is None:
        return cls(schema, format_checker=format_checker)
    registry = _SPECIFICATIONS().with_resource(uri, spec.create_resource(schema)).crawl()
    return cls(schema, _resolver=registry.resolver(base_uri=uri), format_checker=format_checker)


@lru_cache(maxsize=None)
def _document_validator(version: str) -> Any:
    from jsonschema.validators import validator_for
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    schema = dict(schema_v31 if version == "3.1" else schema_v30)
    cls = validator_for(schema)
    return _precrawled(cls, schema, cls.FORMAT_CHECKER)


@lru_cache(maxsize=None)
def _schema_meta_validator(version: str, dialect: str | None) -> Any:
    from jsonschema.validators import validator_for
    from openapi_schema_validator import OAS30Validator, OAS31Validator
    from openapi_schema_validator._dialects import OAS31_BASE_DIALECT_ID

    if version == "3.0":
        cls: Any = OAS30Validator
    else:
        cls = validator_for({"$schema": dialect or OAS31_BASE_DIALECT_ID}, default=None)
        if cls is None:
            return None
    meta = cls.META_SCHEMA
    meta_cls = validator_for(meta, default=cls)
    checker = OAS31Validator.FORMAT_CHECKER if version == "3.1" else meta_cls.FORMAT_CHECKER
    return _precrawled(meta_cls, meta, checker)


# -- messages -------------------------------------------------------------------------------


def _explain(err: Any) -> tuple[Any, str]:
    """The most useful error inside `err` (oneOf/anyOf nest them) and a one-line message."""
    while err.context:
        context = list(err.context)
        # The 3.0 meta-schema's Reference branch: irrelevant when the node has no $ref.
        useful = [e for e in context if not (e.validator == "required" and e.validator_value == ["$ref"])] or context
        matching = [e for e in useful if _matches_type(e)] or useful
        deepest = max(len(e.absolute_path) for e in matching)
        at_deepest = [e for e in matching if len(e.absolute_path) == deepest]
        if len(at_deepest) > 1 and all(e.validator == "type" and not e.context for e in at_deepest):
            types: list[str] = []
            for e in at_deepest:
                types += [t for t in (e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]) if t not in types]
            names = ", ".join(repr(t) for t in types)
            return at_deepest[0], f"{_short(at_deepest[0].instance)} is not of type {names}"
        if deepest == len(err.absolute_path) and len(at_deepest) > 1 and not any(e.context for e in at_deepest):
            break  # every branch fails right here, for different reasons: say so once
        err = at_deepest[0]
    return err, _message(err)


def _matches_type(err: Any) -> bool:
    try:
        return bool(err._matches_type())
    except Exception:
        return True


def _message(err: Any) -> str:
    kind, instance = err.validator, err.instance
    if kind == "uniqueItems" and isinstance(instance, list):
        dups = _duplicates(instance)
        what = "required list" if err.absolute_path and err.absolute_path[-1] == "required" else "list"
        noun = "entry" if len(dups) == 1 else "entries"
        return f"duplicate {noun} in {what}: {', '.join(_short(d) for d in dups)}"
    if kind in ("oneOf", "anyOf") and not err.context:
        pass
    message = str(err.message)
    full = repr(instance)
    if message.startswith(full) and len(full) > 60:
        message = _short(instance) + message[len(full) :]
    elif len(message) > 200:
        message = message[:197] + "..."
    if kind == "oneOf" and "is valid under each of" in message:
        message = f"{_short(instance)} matches more than one of the oneOf schemas"
    return message


def _hint(parts: Parts, err: Any, v31: bool) -> str:
    last = parts[-1] if parts else None
    if v31 and last in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(err.instance, bool):
        return f" (OpenAPI 3.1 wants the bound itself, e.g. {last}: 0, not the 3.0 flag)"
    if v31 and last == "$recursiveAnchor":
        return " ($recursiveAnchor is JSON Schema 2019-09; OpenAPI 3.1 uses 2020-12's $dynamicAnchor)"
    return ""


def _duplicates(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    dups: list[Any] = []
    for item in items:
        if item in seen and item not in dups:
            dups.append(item)
        seen.append(item)
    return dups


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "{}" if not value else "{...}"
    if isinstance(value, list):
        return "[]" if not value else ("[...]" if len(repr(value)) > 60 else repr(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:56] + "..." + text[0]


# -- pointers -------------------------------------------------------------------------------

_MISSING = object()


def _parts_of(fragment: str) -> Parts | None:
    """`/components/schemas/a~1b` -> ("components", "schemas", "a/b"); '' -> ()."""
    fragment = unquote(fragment)
    if not fragment:
        return ()
    if not fragment.startswith("/"):
        return None
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in fragment[1:].split("/"))


def _lookup(data: Any, parts: Parts) -> Any:
    node = data
    for token in parts:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and isinstance(token, str) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return _MISSING
    return node


def _is_ref_only(schema: Any) -> bool:
    return isinstance(schema, dict) and "$ref" in schema


def iter_schema_pointers(doc: Document) -> Iterator[str]:  # pragma: no cover - debugging aid
    checker = _Checker(doc.data, str(doc.data.get("openapi", "3.1")))
    checker.run()
    for parts in sorted(checker.visited, key=str):
        yield pointer(parts)
