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

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator import cache
from generator.diagnostics import Diagnostic, pointer
from generator.load import Document

Parts = tuple[object, ...]

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_DOC_URI = "urn:clientsmith:document"



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
    memo = _Memo.of(doc)
    checker = _Checker(data, version, memo, *_units(doc))
    unfinished = None
    try:
        checker.run()
        memo.write()
    except Exception as exc:  # a bug of ours or of the validator: not the document's fault
        first = str(exc).splitlines()[0] if str(exc) else ""
        unfinished = Diagnostic(f"spec validation could not finish ({type(exc).__name__}: {first})", doc.location(), "warning")
    # One finding per place: identical messages once, different ones joined.
    by_place: dict[str, tuple[Parts, list[str], list[bool]]] = {}
    for parts, message, fatal in checker.problems:
        _, messages, fatals = by_place.setdefault(pointer(parts), (parts, [], []))
        if message not in messages:
            messages.append(message)
            fatals.append(fatal)
    findings: list[tuple[int, str, Diagnostic]] = []
    for parts, messages, fatals in by_place.values():
        location = doc.location(parts)
        level = "error" if any(fatals) else severity
        findings.append((location.line or 0, location.pointer, Diagnostic(_join(messages), location, level)))
    findings.sort(key=lambda f: (f[0], f[1]))
    return [f[2] for f in findings] + ([unfinished] if unfinished else [])


def _join(messages: list[str]) -> str:
    """`p: a` and `p: b` -> `p: a; b`."""
    if len(messages) == 1:
        return messages[0]
    prefix = messages[0][: messages[0].find(": ") + 2] if ": " in messages[0] else ""
    if prefix and all(m.startswith(prefix) for m in messages):
        return prefix + "; ".join(m[len(prefix) :] for m in messages)
    return "; ".join(messages)


class _Memo:
    """What runs before found, by content, so that a document read in pieces (load.py) is
    checked again only where its text changed. Kinds of entry:
      unit: the OpenAPI meta-schema's findings inside a path item or a component (by the hash
            of its pieces' text);
      shape: whether a schema node of this shape passes its meta-schema (see _MetaChecker);
      node: the findings of a schema node whose shape does not pass (by its JSON);
      default: the findings of a `default` against a schema without `$ref` (by their JSON).
    A run writes back only the entries it used."""

    KINDS = ("unit", "shape", "node", "default")

    def __init__(self, name: str, stored: Any) -> None:
        self.name = name
        ok = isinstance(stored, dict) and all(isinstance(stored.get(k), dict) for k in self.KINDS)
        self.old: dict[str, dict[str, Any]] = stored if ok else {k: {} for k in self.KINDS}
        self.new: dict[str, dict[str, Any]] = {k: {} for k in self.KINDS}

    @classmethod
    def of(cls, doc: Document) -> _Memo:
        return cls("check-" + doc.cache_name if doc.cache_name else "", cache.read("check-" + doc.cache_name) if doc.cache_name else None)

    def get(self, kind: str, key: str) -> Any:
        found = self.new[kind].get(key, _MISSING)
        if found is _MISSING:
            found = self.old[kind].get(key, _MISSING)
            if not isinstance(found, bool if kind == "shape" else list):
                return _MISSING  # absent, or not what this kind holds
            self.new[kind][key] = found
        return found

    def put(self, kind: str, key: str, value: Any) -> None:
        self.new[kind][key] = value

    def write(self) -> None:
        if self.name and self.new != self.old:
            cache.write(self.name, self.new)


def _units(doc: Document) -> tuple[dict[Parts, str], str]:
    """Path items and components that the document's pieces hold whole -> their content key;
    and the key of the rest (the skeleton: other pieces, and where the units are)."""
    units: dict[Parts, list[str]] = {}
    rest: list[str] = []
    for where, digest in doc.digests.items():
        depth = 3 if where[0] == "components" else 2 if where[0] in ("paths", "webhooks") else 0
        if depth and len(where) >= depth:
            units.setdefault(where[:depth], []).append(digest)
        else:
            rest.append(digest)
    keys = {where: cache.key(*map(str, where), *digests) for where, digests in units.items()}
    skeleton = cache.key("skeleton", *rest, *("/".join(map(str, where)) for where in keys)) if doc.digests else ""
    return keys, skeleton


def _closure_key(node: Any, data: dict[str, Any]) -> str | None:
    """JSON of the node and of every node its `$ref`s reach, transitively; None if unsure."""
    seen: dict[str, Any] = {}
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref not in seen:
                target = _parts_of(ref[1:]) if ref.startswith("#") else None
                found = _lookup(data, target) if target is not None else _MISSING
                if found is _MISSING:
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


def _standing_in(data: dict[str, Any], known: dict[Parts, Any]) -> dict[str, Any]:
    """The document with each known unit replaced by a stand-in (copies along the way)."""
    copies: dict[Parts, dict[str, Any]] = {(): dict(data)}
    for where in known:
        node = copies[()]
        for depth in range(1, len(where)):
            if where[:depth] not in copies:
                parent = copies[where[: depth - 1]]
                copies[where[:depth]] = parent[str(where[depth - 1])] = dict(parent[str(where[depth - 1])])
            node = copies[where[:depth]]
        node[str(where[-1])] = {"$ref": "#"}
    return copies[()]


class _Checker:
    def __init__(self, data: dict[str, Any], version: str, memo: _Memo, units: dict[Parts, str], skeleton: str) -> None:
        self.data = data
        self.memo = memo
        self.units = units
        self.skeleton = skeleton
        self.v31 = version.startswith("3.1")
        self.problems: list[tuple[Parts, str, bool]] = []
        self.visited: set[str] = set()  # pointers of the schema nodes walked
        self.cycles: set[frozenset[str]] = set()
        self.operation_ids: dict[str, str] = {}
        self._doc_resolver: Any = None

    def add(self, parts: Parts, message: str, fatal: bool = False) -> None:
        self.problems.append((parts, message, fatal))

    def run(self) -> list[tuple[Parts, str, bool]]:
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
        """The document against the OpenAPI meta-schema. A path item or component whose
        findings are known stands in as `{"$ref": "#"}`, which each such place accepts; the
        rest (the skeleton) is known when none of its pieces changed."""
        version = "3.1" if self.v31 else "3.0"
        known: dict[Parts, list[Any]] = {}
        for where, key in self.units.items():
            found = self.memo.get("unit", f"{version} {key}")
            if found is not _MISSING:
                known[where] = found
        for where, found in known.items():
            for rel, message, fatal in found:
                self.add((*where, *rel), message, fatal)
        skeleton_key = f"{version} {self.skeleton}"
        skeleton = self.memo.get("unit", skeleton_key) if self.skeleton else _MISSING
        if skeleton is not _MISSING and len(known) == len(self.units):
            for parts, message, fatal in skeleton:
                self.add(tuple(parts), message, fatal)
            return
        fresh: dict[Parts, list[Any]] = {where: [] for where in self.units if where not in known}
        found_here: list[Any] = []
        checked = _standing_in(self.data, known) if known else self.data
        for parts, message, fatal in _findings(_document_validator(version).iter_errors(checked), self.v31):
            unit = next((parts[:n] for n in (3, 2) if parts[:n] in fresh), None)
            if unit is not None:
                fresh[unit].append((parts[len(unit) :], message, fatal))
            elif any(parts[:n] in known for n in (3, 2)):
                continue  # a stand-in refused: the OpenAPI meta-schemas accept a $ref there
            else:
                found_here.append((parts, message, fatal))
            self.add(parts, message, fatal)
        for where, found in fresh.items():
            self.memo.put("unit", f"{version} {self.units[where]}", found)
        if self.skeleton:
            self.memo.put("unit", skeleton_key, found_here)

    # -- references -----------------------------------------------------------------------

    def _deref(self, node: Any, parts: Parts) -> tuple[Any, Parts] | None:
        """Follow a chain of `$ref`s to the node it names; None (reported) when it can't."""
        chain: list[Parts] = []
        start = parts
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
            if target in chain or target == start:
                loop = chain[chain.index(target) :] if target in chain else [start, *chain]
                members = frozenset(pointer(p) for p in loop)
                if members not in self.cycles:  # one report per cycle, wherever it is entered
                    self.cycles.add(members)
                    self.add(here, f"cyclic $ref: {' -> '.join(pointer(p) for p in [*chain, target])}")
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
                if name in seen and tag not in tags[:i]:  # an identical tag: the meta-schema says so
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
        """A schema where the document uses one, and every schema inside it."""
        self._required_defined(schema, parts)
        self._schema(schema, parts)

    def _schema(self, schema: Any, parts: Parts) -> None:
        """Each node at its own place, once: its meta-schema check and its `default`."""
        stack: list[tuple[Any, Parts, bool]] = [(schema, parts, True)]
        while stack:
            node, here, meta = stack.pop()
            key = pointer(here)
            # 3.0 allows a boolean only as additionalProperties, which the parent's check covers
            allowed = (dict, bool) if self.v31 else (dict,)
            if key in self.visited or not isinstance(node, allowed):
                continue
            self.visited.add(key)
            if meta:
                meta = self._meta_check(node, here)  # False: a full check covered the subtree
            if not isinstance(node, dict):
                continue
            if "$ref" in node:
                resolved = self._deref(node, here)
                if resolved is not None:
                    if pointer(resolved[1]) not in self.visited:
                        self._required_defined(*resolved)
                    stack.append((*resolved, True))
                if not self.v31:
                    continue  # 3.0 ignores a $ref's siblings
            if "default" in node:
                self._default(node, here)
            stack.extend(reversed(_subschemas(node, here, meta, self.v31)))

    def _meta_check(self, schema: Any, parts: Parts) -> bool:
        """Report the node's meta-schema errors; True when its subschemas need their own check."""
        dialect = None
        where: Parts = ("jsonSchemaDialect",)
        if self.v31:
            if isinstance(schema, dict) and "$schema" in schema:
                dialect = schema["$schema"]
                where = (*parts, "$schema")
            else:
                dialect = self.data.get("jsonSchemaDialect")
                where = ("jsonSchemaDialect",)
            if dialect is not None and not isinstance(dialect, str):
                self.add(where, f"unknown JSON Schema dialect {_short(dialect)}")
                return False
        checker = _meta_checker("3.1" if self.v31 else "3.0", dialect)
        if checker is None:
            self.add(where, f"unknown JSON Schema dialect {dialect!r}")
            return False
        for rel, message, fatal in checker.errors(schema, self.memo):
            self.add((*parts, *rel), message, fatal)
        return checker.shallow

    def _default(self, schema: dict[str, Any], parts: Parts) -> None:
        value = schema["default"]
        if value is None and schema.get("nullable") is True:
            return
        in_items = bool(parts) and parts[-1] == "items"
        key = _closure_key([in_items, schema], self.data)  # all the findings depend on
        found = self.memo.get("default", key) if key else _MISSING
        if found is _MISSING:
            found = self._default_findings(schema, value, in_items)
            if key:
                self.memo.put("default", key, found)
        for rel, message in found:
            self.add((*parts, "default", *rel), message)

    def _default_findings(self, schema: dict[str, Any], value: Any, in_items: bool) -> list[tuple[Parts, str]]:
        validator = self._value_validator(schema)
        try:
            errors = list(validator.iter_errors(value))
        except Exception:  # noqa: S112 - an unresolvable $ref in the schema: reported by the walk
            return []
        hint = ""
        if errors and isinstance(value, list) and in_items:
            hint = " (this schema is the array's items: the array's default belongs on the array)"
        return [(rel, f"invalid default value: {message}{hint}") for rel, message, _ in _findings(errors, self.v31)]

    def _value_validator(self, schema: dict[str, Any]) -> Any:
        from openapi_schema_validator import OAS30Validator, OAS31Validator
        from referencing import Registry
        from referencing.jsonschema import DRAFT4, DRAFT202012

        cls = OAS31Validator if self.v31 else OAS30Validator
        if self._doc_resolver is None:
            spec = DRAFT202012 if self.v31 else DRAFT4
            registry: Any = Registry().with_resource(_DOC_URI, spec.create_resource(self.data))
            self._doc_resolver = _registry().combine(registry).resolver(base_uri=_DOC_URI)
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
        while isinstance(schema, dict) and "$ref" in schema:
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
def _registry() -> Any:
    """Every JSON Schema and OpenAPI meta-schema, crawled."""
    from openapi_schema_validator._specifications import REGISTRY

    return REGISTRY.crawl()


def _precrawled(cls: Any, schema: Any, format_checker: Any, base: Any = None) -> Any:
    """A validator for `schema` whose registry is crawled once, not at every dynamic lookup."""
    from referencing.jsonschema import specification_with

    uri = str(schema.get("$id", "")) if isinstance(schema, dict) else ""
    spec: Any = specification_with(str(schema.get("$schema", "")), default=None) if isinstance(schema, dict) else None  # type: ignore[arg-type]
    if spec is None:
        return cls(schema, format_checker=format_checker)
    registry = (base if base is not None else _registry()).with_resource(uri, spec.create_resource(schema)).crawl()
    return cls(schema, _resolver=registry.resolver(base_uri=uri), format_checker=format_checker)


@lru_cache(maxsize=None)
def _document_validator(version: str) -> Any:
    """openapi-spec-validator's schema of OpenAPI documents, read from its file: importing
    the package would load its settings machinery (pydantic), a tenth of a second."""
    from importlib.util import find_spec

    from jsonschema.validators import validator_for
    from jsonschema_specifications import REGISTRY  # the drafts: all the document schema refers to

    package = find_spec("openapi_spec_validator")
    if package is None or not package.submodule_search_locations:
        raise ImportError("openapi-spec-validator is not installed")
    path = Path(package.submodule_search_locations[0], "resources", "schemas", f"v{version}", "schema.json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    return _precrawled(cls, schema, cls.FORMAT_CHECKER, REGISTRY)


class _MetaChecker:
    """One schema node against its dialect's meta-schema.

    Shallow where the meta-schema allows it: the node's own keywords are checked, its
    subschemas only for being schemas (the walk checks each at its own place). Whether a node
    is valid depends only on its shape (what is left when texts, names and subschemas are
    blanked out), so each shape is checked once, and remembered across runs: that is what
    makes a large document fast. Only an invalid node is checked again, as itself, for its
    errors. Otherwise (an uncommon dialect) the node's whole subtree is checked at once. The
    validator itself is built only when a node needs it.
    """

    def __init__(self, name: str, build: Any, ref_checked: bool, shallow: bool, v31: bool) -> None:
        self.name = name
        self.build = build
        self.ref_checked = ref_checked
        self.shallow = shallow
        self.v31 = v31

    @property
    def validator(self) -> Any:
        if callable(self.build):
            self.build = self.build()
        return self.build

    def errors(self, schema: Any, memo: _Memo) -> list[tuple[Parts, str, bool]]:
        key = _shape(schema, self.v31, self.ref_checked) if self.shallow else None
        if key is None:
            return _findings(self.validator.iter_errors(schema), self.v31)
        key = f"{self.name} {key}"
        valid = memo.get("shape", key)
        if valid is _MISSING:
            valid = next(self.validator.iter_errors(schema), None) is None
            memo.put("shape", key, valid)
        if valid:
            return []
        try:
            node_key = f"{self.name} {json.dumps(schema, sort_keys=True)}"
        except (TypeError, ValueError):
            return _findings(self.validator.iter_errors(schema), self.v31)
        found = memo.get("node", node_key)
        if found is _MISSING:
            found = _findings(self.validator.iter_errors(schema), self.v31)
            memo.put("node", node_key, found)
        return [(tuple(rel), message, fatal) for rel, message, fatal in found]


_OAS31_BASE_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"  # openapi_schema_validator's


@lru_cache(maxsize=None)
def _meta_checker(version: str, dialect: str | None) -> _MetaChecker | None:
    """The checker for a version and dialect; the usual ones are made without importing the
    validators (about 0.2 s), which only a node whose shape is new needs."""
    from jsonschema import FormatChecker  # every format jsonschema can check (the OpenAPI ones add to it)

    ref_checked = bool({"uri-reference", "uri"} & set(FormatChecker().checkers))
    if version == "3.0":

        def draft4() -> Any:
            from jsonschema.validators import Draft4Validator
            from openapi_schema_validator import OAS30Validator

            # OAS30Validator.check_schema: draft 4's meta-schema with the OpenAPI 3.0 formats.
            meta = _without_recursion(Draft4Validator.META_SCHEMA, "urn:clientsmith:shallow-draft4")
            return _precrawled(Draft4Validator, meta, OAS30Validator.FORMAT_CHECKER)

        return _MetaChecker("3.0", draft4, ref_checked, True, False)
    dialect = dialect or _OAS31_BASE_DIALECT
    if dialect == _OAS31_BASE_DIALECT:  # a draft 2020-12 meta-schema (see _shallow_2020)
        return _MetaChecker(f"3.1 {dialect}", lambda: _shallow_2020(dialect), ref_checked, True, True)
    from jsonschema.validators import validator_for
    from openapi_schema_validator import OAS31Validator

    cls = validator_for({"$schema": dialect}, default=None)
    if cls is None:
        return None
    meta = cls.META_SCHEMA
    if isinstance(meta, dict) and meta.get("$dynamicAnchor") == "meta":
        return _MetaChecker(f"3.1 {dialect}", lambda: _shallow_2020(dialect), ref_checked, True, True)
    meta_cls = validator_for(meta, default=cls)
    return _MetaChecker(f"3.1 {dialect}", lambda: _precrawled(meta_cls, meta, OAS31Validator.FORMAT_CHECKER), ref_checked, False, True)


def _shallow_2020(dialect: str) -> Any:
    """Draft 2020-12 meta-schemas reach subschemas through `$dynamicRef: "#meta"`, which
    resolves to the outermost `meta` anchor: this wrapper's, which only wants a schema."""
    from jsonschema.validators import validator_for
    from openapi_schema_validator import OAS31Validator

    cls = validator_for({"$schema": dialect})
    wrapper = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:clientsmith:shallow",
        "$ref": cls.META_SCHEMA.get("$id", dialect),
        "$defs": {"subschema": {"$dynamicAnchor": "meta", "type": ["object", "boolean"]}},
    }
    return _precrawled(validator_for(wrapper), wrapper, OAS31Validator.FORMAT_CHECKER)


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


def _shape(schema: Any, v31: bool, ref_checked: bool) -> str | None:
    """The part of a schema node its (shallow) meta-schema check depends on, as a key."""
    if not isinstance(schema, dict):
        return json.dumps(schema)
    shape: dict[str, Any] = {}
    singles, lists, maps = _KEYWORDS_31 if v31 else _KEYWORDS_30
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


def _subschemas(node: dict[str, Any], here: Parts, meta: bool, v31: bool) -> list[tuple[Any, Parts, bool]]:
    singles, lists, maps = _KEYWORDS_31 if v31 else _KEYWORDS_30
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
_KEYWORDS_30 = (
    frozenset({"items", "additionalItems", "additionalProperties", "not"}),
    frozenset({"allOf", "anyOf", "oneOf"}),
    frozenset({"properties", "patternProperties", "definitions", "dependencies"}),
)
_KEYWORDS_31 = (
    frozenset({
        "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema", "additionalItems",
    }),
    frozenset({"allOf", "anyOf", "oneOf", "prefixItems"}),
    frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}),
)


# -- messages -------------------------------------------------------------------------------


def _findings(errors: Any, v31: bool) -> list[tuple[Parts, str, bool]]:
    """(path, message, fatal) for each error; where a value has the wrong type, only that is said.

    Fatal: a mapping or a list is wanted and something else is there. The generator can make
    nothing of such a document (it would stop on it), so that is an error even when not strict.
    """
    explained: list[tuple[Parts, str, list[object] | None]] = []
    for err in errors:
        leaf, message, types = _explain(err)
        path = tuple(leaf.absolute_path)
        if leaf.validator == "uniqueItems" and isinstance(leaf.instance, list):
            path += (_first_repeat(leaf.instance),)
        elif "propertyNames" in leaf.absolute_schema_path and isinstance(leaf.instance, str):
            path += (leaf.instance,)  # the offending name itself, not the mapping that has it
            message = f"name {message}"
        explained.append((path, message + _hint(path, leaf, v31), types))
    typed = {path for path, _, types in explained if types is not None}
    return [
        (path, message, types is not None and bool({"object", "array"} & set(map(str, types))))
        for path, message, types in explained
        if types is not None or path not in typed
    ]


def _first_repeat(items: list[Any]) -> int:
    for i, item in enumerate(items):
        if item in items[:i]:
            return i
    return 0


def _explain(err: Any) -> tuple[Any, str, list[object] | None]:
    """The most useful error inside `err` (oneOf/anyOf nest them), a one-line message, and
    the types wanted when the error is a value of the wrong type."""
    while err.context:
        depth = len(err.absolute_path)
        branches: dict[object, list[Any]] = {}
        for e in err.context:
            branches.setdefault(e.relative_schema_path[0] if e.relative_schema_path else None, []).append(e)

        def misses_type(errors: list[Any]) -> bool:
            return any(e.validator == "type" and len(e.absolute_path) == depth for e in errors)

        def misses_ref(errors: list[Any]) -> bool:  # a Reference branch, for a node without $ref
            return any(e.validator == "required" and e.validator_value == ["$ref"] and len(e.absolute_path) == depth for e in errors)

        fitting = [errors for errors in branches.values() if not misses_type(errors) and not misses_ref(errors)]
        if not fitting:
            if all(misses_type(errors) for errors in branches.values()):
                types: list[object] = []
                for errors in branches.values():
                    for e in errors:
                        if e.validator == "type" and len(e.absolute_path) == depth:
                            wanted = e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
                            types += [t for t in wanted if t not in types]
                return err, f"{_short(err.instance)} is not of type {', '.join(repr(t) for t in types)}", types
            fitting = list(branches.values())
        candidates = [e for errors in fitting for e in errors]
        if len(fitting) > 1 and all(len(e.absolute_path) == depth for e in candidates):
            break  # several branches could fit, and each fails right here: say that once
        err = max(candidates, key=lambda e: len(e.absolute_path))
    if err.validator == "type":
        return err, _message(err), list(err.validator_value) if isinstance(err.validator_value, list) else [err.validator_value]
    return err, _message(err), None


def _message(err: Any) -> str:
    kind, instance = err.validator, err.instance
    if kind == "uniqueItems" and isinstance(instance, list):
        dups = _duplicates(instance)
        what = "required list" if err.absolute_path and err.absolute_path[-1] == "required" else "list"
        what = "enum" if err.absolute_path and err.absolute_path[-1] == "enum" else what
        noun = "entry" if len(dups) == 1 else "entries"
        return f"duplicate {noun} in {what}: {', '.join(_short(d) for d in dups)}"
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
    if not v31 and last in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(err.instance, (int, float)):
        bound = "minimum" if last == "exclusiveMinimum" else "maximum"
        return f" (in OpenAPI 3.0 it is a flag: {bound}: {err.instance} with {last}: true)"
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
        return "{}" if not value else (repr(value) if len(repr(value)) <= 60 else "{...}")
    if isinstance(value, list):
        return "[]" if not value else ("[...]" if len(repr(value)) > 60 else repr(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:56] + "..." + text[0]


# -- pointers -------------------------------------------------------------------------------

_MISSING: Any = object()


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
