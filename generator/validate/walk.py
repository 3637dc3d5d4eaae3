"""The walk: every check at the node it is about, so that every finding has its pointer.

The document is walked unit by unit (each path item, webhook and walked component), each
walk on its own: a `$ref` to another unit's root is checked (it resolves, it is no cycle)
but not followed, as that unit's own walk checks what is there. So a unit's findings are a
function of its text and of the places it looked up, and when the document was read in
pieces (load.py) they are remembered by those (the memo's `walk` entries): a regeneration
walks again only the units an edit reached. What depends on the order of the units (a cycle
reported once, where it is first entered; a repeated operationId) is settled as the units'
findings are put together, in the document's order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from generator import cache
from generator.diagnostics import pointer
from generator.schema_keys import unit_of
from generator.validate.memo import Memo, closure_key
from generator.validate.messages import error_findings, short
from generator.validate.meta import meta_checker, meta_registry, oas_validators, subschemas
from generator.validate.pieces import document_check
from generator.validate.quick import Oas30
from generator.validate.quick2020 import Oas31
from generator.pointers import MISSING, Parts, lookup, parts_of
from generator.schema_keys import names_a_schema

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_DOC_URI = "urn:clientsmith:document"


class Checker:
    def __init__(self, data: dict[str, Any], version: str, memo: Memo, units: dict[Parts, str], skeleton: str) -> None:
        self.data = data
        self.memo = memo
        self.units = units
        self.skeleton = skeleton
        self.v31 = version.startswith("3.1")
        self.problems: list[tuple[Parts, str, bool]] = []
        self.cycles: set[frozenset[str]] = set()
        self.operation_ids: dict[str, str] = {}
        self._doc_resolver: Any = None
        self._quick: Oas30 | Oas31 | None = None  # vouches for defaults that pass, without jsonschema
        self._outside = _UnitWalk(self.problems)  # what is checked outside units: found in place
        self._unit = self._outside  # the unit being walked

    def add(self, parts: Parts, message: str, fatal: bool = False) -> None:
        self._unit.problems.append((parts, message, fatal))

    def run(self) -> list[tuple[Parts, str, bool]]:
        self._document()
        data = self.data
        if isinstance(data.get("tags"), list):
            self._tags(data["tags"])
        paths = data.get("paths")
        if isinstance(paths, dict):
            for url, item in paths.items():
                self._walk_unit(("paths", url), partial(self._path_item, item, ("paths", url), url))
            self._identical_paths(paths)
        webhooks = data.get("webhooks") if self.v31 else None
        if isinstance(webhooks, dict):
            for name, item in webhooks.items():
                self._walk_unit(("webhooks", name), partial(self._path_item, item, ("webhooks", name), None))
        components = data.get("components")
        if isinstance(components, dict):
            self._components(components)
        return self.problems

    # -- units ------------------------------------------------------------------------------

    def _walk_unit(self, where: tuple[str, str] | tuple[str, str, str], walk: Callable[[], None]) -> None:
        """`walk()`'s findings for the unit at `where`, or the memo's, when the unit's text
        and the places it looked up are as they were."""
        key = self.units.get(where)
        entry = f"{'3.1' if self.v31 else '3.0'} walk {key}" if key else ""
        found = self.memo.get("walk", entry) if entry else MISSING
        if found is not MISSING:
            try:
                reads, problems, cycles, operations = found
                if all(self._version(place) == version for place, version in reads.items()):
                    self._settle(_UnitWalk(problems, cycles, operations))
                    return
            except (TypeError, ValueError, AttributeError):  # an entry of another shape: walked again
                pass
        self._unit = unit = _UnitWalk()
        try:
            walk()
        finally:
            self._unit = self._outside
        if entry:
            reads = {place: self._version(place) for place in unit.reads}
            self.memo.put("walk", entry, [reads, unit.problems, unit.cycles, unit.operations])
        self._settle(unit)

    def _settle(self, unit: _UnitWalk) -> None:
        """A unit's findings into the document's, in order: a cycle once, where it is first
        entered; an operationId that an operation before it has is reported."""
        self.problems += unit.problems
        for members, here, message in unit.cycles:
            if frozenset(members) not in self.cycles:
                self.cycles.add(frozenset(members))
                self.problems.append((tuple(here), message, False))
        for op_id, where, parts in unit.operations:
            if op_id in self.operation_ids:
                self.problems.append(((*parts, "operationId"), f"duplicate operationId {op_id!r} (also {self.operation_ids[op_id]})", False))
            else:
                self.operation_ids[op_id] = where

    def _version(self, unit: tuple[str, ...]) -> str:
        """What a unit's walk saw of a place: the content key of the unit that holds it, or
        the skeleton's (what holds no unit: it changes when a unit comes or goes too)."""
        return self.units.get(unit) or self.skeleton

    def _look(self, parts: Parts) -> Any:
        """The node at `parts` (MISSING if none), noted as read by the unit being walked."""
        if parts:
            self._unit.reads.add(unit_of(parts))
        return lookup(self.data, parts)

    def _apart(self, parts: Parts, kind: str) -> bool:
        """Whether the node at `parts` is the root of a component of `kind` that its own
        unit walks: a reference to it is not followed."""
        return len(parts) == 3 and parts[0] == "components" and parts[1] == kind and kind in _WALKED

    # -- the document against the OpenAPI meta-schema -------------------------------------

    def _document(self) -> None:
        """The document against the OpenAPI meta-schema, unit by unit (pieces.py). A unit's
        findings are remembered by its text when the document was read in pieces; so are the
        skeleton's (the rest), when none of the pieces it holds changed."""
        version = "3.1" if self.v31 else "3.0"
        check = document_check(version)
        units = check.units(self.data)
        for where, (kind, place) in units.items():
            key = f"{version} {self.units[where]}" if where in self.units else ""
            found = self.memo.get("unit", key) if key else MISSING
            if found is MISSING:
                found = check.unit_findings(lookup(self.data, where), where, kind, place, self.memo)
                if key:
                    self.memo.put("unit", key, found)
            for rel, message, fatal in found:
                self.add((*where, *rel), message, fatal)
        # What the reader cut but the check does not (an extension under /paths) is skeleton.
        held = sorted(key for where, key in self.units.items() if where not in units)
        key = f"{version} skeleton {cache.key(self.skeleton, *held)}" if self.skeleton else ""
        skeleton = self.memo.get("unit", key) if key else MISSING
        if skeleton is MISSING:
            skeleton = check.skeleton_findings(self.data, units)
            if key:
                self.memo.put("unit", key, skeleton)
        for parts, message, fatal in skeleton:
            self.add(tuple(parts), message, fatal)

    # -- references -----------------------------------------------------------------------

    def _deref(self, node: Any, parts: Parts) -> tuple[Any, Parts] | None:
        """Follow a chain of `$ref`s to the node it names; None (reported) when it can't."""
        chain: list[Parts] = []
        start = parts
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            here = (*parts, "$ref")
            if not isinstance(ref, str):
                self.add(here, f"$ref must be a string, not {short(ref)}")
                return None
            if not ref.startswith("#"):
                self.add(here, f"unsupported $ref {ref!r}: only references inside the document are supported")
                return None
            target = parts_of(ref[1:])
            if target is None:
                self.add(here, f"invalid $ref {ref!r}: not a JSON pointer")
                return None
            if target in chain or target == start:
                loop = chain[chain.index(target) :] if target in chain else [start, *chain]
                members = sorted({pointer(p) for p in loop})
                shown = [*loop, target]  # (entered from outside the loop or at one of its members)
                # one report per cycle, where the first unit to meet it enters it (_settle)
                self._unit.cycles.append((members, here, f"cyclic $ref: {' -> '.join(pointer(p) for p in shown)}"))
                return None
            chain.append(target)
            found = self._look(target)
            if found is MISSING:
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

    def _identical_paths(self, paths: dict[str, Any]) -> None:
        """Paths that differ only in their parameters' names are one path (OpenAPI forbids
        them): with a method on both, no server can tell which is called."""
        first: dict[str, tuple[str, set[str]]] = {}
        for url, item in paths.items():
            if not isinstance(url, str) or not isinstance(item, dict):
                continue
            methods = {m for m in item if m in _OPERATIONS}
            shape = _PATH_PARAM.sub("{}", url)
            if shape not in first:
                first[shape] = (url, methods)
                continue
            other, other_methods = first[shape]
            both = sorted(methods & other_methods)
            if both:
                message = f"path {url!r} is {other!r} with other parameter names, and both have {both[0].upper()}: OpenAPI forbids identical paths, a server cannot tell them apart"
                self.add(("paths", url), message)

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
            self._unit.operations.append((op_id, where, parts))  # (a repeat is found in _settle)
        own = self._parameters(op.get("parameters"), (*parts, "parameters"))
        if url is not None:
            self._path_parameters(url, parts, own, shared)
        body = op.get("requestBody")
        if body is not None:
            resolved = self._deref(body, (*parts, "requestBody"))
            if resolved is not None and isinstance(resolved[0], dict) and not self._apart(resolved[1], "requestBodies"):
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
            if not self._apart(param_parts, "parameters"):
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
        in_url = _PATH_PARAM.findall(url.partition("?")[0])  # `?q={q}`: a query parameter's place
        declared: dict[str, Parts] = {}
        for param, param_parts in [*shared, *own]:
            if param.get("in") == "path":
                declared[str(param.get("name"))] = param_parts
        method = str(parts[-1]).upper()
        for name in in_url:
            if name not in declared:
                self.add(parts, f"path parameter {name!r} of {method} {url} is not declared in its parameters")
        # `?at={when}`: the query's place of a parameter, which the client sends there (routes.placed)
        in_query = {value[1:-1] for _, _, value in (pair.partition("=") for pair in url.partition("#")[0].partition("?")[2].split("&")) if value[:1] == "{" and value[-1:] == "}"}
        for name, param_parts in declared.items():
            if name not in in_url:
                left = "" if name in in_query else ": no request can carry it, so the method leaves it out"
                self.add((*param_parts, "name"), f"path parameter {name!r} does not appear in the path {url!r}{left}")

    def _response(self, response: Any, parts: Parts) -> None:
        resolved = self._deref(response, parts)
        if resolved is None or not isinstance(resolved[0], dict) or (resolved[1] != parts and self._apart(resolved[1], "responses")):
            return
        response, parts = resolved
        self._content(response.get("content"), (*parts, "content"))
        headers = response.get("headers")
        if isinstance(headers, dict):
            for name, header in headers.items():
                self._header(header, (*parts, "headers", name))

    def _header(self, header: Any, parts: Parts) -> None:
        resolved = self._deref(header, parts)
        if resolved is not None and isinstance(resolved[0], dict) and not self._apart(resolved[1], "headers"):
            self._parameter(resolved[0], resolved[1])

    def _content(self, content: Any, parts: Parts) -> None:
        if not isinstance(content, dict):
            return
        for media, media_type in content.items():
            if isinstance(media_type, dict) and "schema" in media_type:
                self._root_schema(media_type["schema"], (*parts, media, "schema"))

    def _components(self, components: dict[str, Any]) -> None:
        for kind in _WALKED:
            group = components.get(kind)
            if isinstance(group, dict):
                for name, node in group.items():
                    self._walk_unit(("components", kind, name), partial(self._component, kind, node, ("components", kind, name)))

    def _component(self, kind: str, node: Any, parts: Parts) -> None:
        if kind == "schemas":
            self._root_schema(node, parts)
        elif kind == "responses":
            self._response(node, parts)
        else:
            resolved = self._deref(node, parts)
            if resolved is None or not isinstance(resolved[0], dict) or (resolved[1] != parts and self._apart(resolved[1], kind)):
                return
            if kind == "requestBodies":
                self._content(resolved[0].get("content"), (*resolved[1], "content"))
            else:
                self._parameter(*resolved)

    # -- schemas --------------------------------------------------------------------------

    def _root_schema(self, schema: Any, parts: Parts) -> None:
        """A schema where the document uses one, and every schema inside it."""
        self._required_defined(schema, parts)
        self._schema(schema, parts)

    def _schema(self, schema: Any, parts: Parts) -> None:
        """Each node at its own place, once: its meta-schema check and its `default`."""
        stack: list[tuple[Any, Parts, bool]] = [(schema, parts, True)]
        visited = self._unit.visited
        while stack:
            node, here, meta = stack.pop()
            key = _place(here)
            # 3.0 allows a boolean only as additionalProperties, which the parent's check covers
            allowed = (dict, bool) if self.v31 else (dict,)
            if key in visited or not isinstance(node, allowed):
                continue
            visited.add(key)
            if meta:
                meta = self._meta_check(node, here)  # False: a full check covered the subtree
            if not isinstance(node, dict):
                continue
            if "$ref" in node:
                resolved = self._deref(node, here)
                if resolved is not None and not self._apart(resolved[1], "schemas"):
                    if _place(resolved[1]) not in visited:
                        self._required_defined(*resolved)
                    stack.append((*resolved, True))
                if not self.v31:
                    continue  # 3.0 ignores a $ref's siblings
            if "default" in node:
                self._default(node, here)
            if isinstance(node.get("discriminator"), dict):
                self._mapping(node["discriminator"], (*here, "discriminator"))
            stack.extend(reversed(subschemas(node, here, meta, self.v31)))

    def _mapping(self, discriminator: dict[str, Any], parts: Parts) -> None:
        """Each `mapping` value names a schema of the document: by name or by reference."""
        mapping = discriminator.get("mapping")
        for key, target in mapping.items() if isinstance(mapping, dict) else ():
            if isinstance(target, str) and not self._names_a_schema(target):  # else the meta-schema says it
                self.add((*parts, "mapping", key), f"discriminator mapping {key!r} names {target!r}, which is not in the document: left out")

    def _names_a_schema(self, target: str) -> bool:
        parts = parts_of(target[1:]) if target.startswith("#") else ("components", "schemas", target)
        if parts:
            self._unit.reads.add(unit_of(parts))
        return names_a_schema(target, self.data)

    def _meta_check(self, schema: Any, parts: Parts) -> bool:
        """Report the node's meta-schema errors; True when its subschemas need their own check."""
        dialect = None
        where: Parts = ("jsonSchemaDialect",)
        if self.v31:
            if isinstance(schema, dict) and "$schema" in schema:
                dialect = schema["$schema"]
                where = (*parts, "$schema")
            else:
                dialect = self._look(("jsonSchemaDialect",))
                dialect = None if dialect is MISSING else dialect
                where = ("jsonSchemaDialect",)
            if dialect is not None and not isinstance(dialect, str):
                self.add(where, f"unknown JSON Schema dialect {short(dialect)}")
                return False
        checker = meta_checker("3.1" if self.v31 else "3.0", dialect)
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
        key = closure_key([in_items, schema], self.data, self._unit.reads)  # all the findings depend on
        found = self.memo.get("default", key) if key else MISSING
        if found is MISSING:
            found = self._default_findings(schema, value, in_items)
            if key:
                self.memo.put("default", key, found)
        for rel, message in found:
            self.add((*parts, "default", *rel), message)

    def _default_findings(self, schema: dict[str, Any], value: Any, in_items: bool) -> list[tuple[Parts, str]]:
        if self._quick is None:
            self._quick = Oas31(self.data) if self.v31 else Oas30(self.data)
        if self._quick.holds(schema, value):
            return []
        validator = self._value_validator(schema)
        try:
            errors = list(validator.iter_errors(value))
        except Exception:  # noqa: S112 - an unresolvable $ref in the schema: reported by the walk
            return []
        hint = ""
        if errors and isinstance(value, list) and in_items:
            hint = " (this schema is the array's items: the array's default belongs on the array)"
        return [(rel, f"invalid default value: {message}{hint}") for rel, message, _ in error_findings(errors, self.v31)]

    def _value_validator(self, schema: dict[str, Any]) -> Any:
        from referencing import Registry
        from referencing.jsonschema import DRAFT4, DRAFT202012

        validators = oas_validators()
        cls = validators.OAS31Validator if self.v31 else validators.OAS30Validator
        if self._doc_resolver is None:
            spec = DRAFT202012 if self.v31 else DRAFT4
            registry: Any = Registry().with_resource(_DOC_URI, spec.create_resource(self.data))
            self._doc_resolver = meta_registry().combine(registry).resolver(base_uri=_DOC_URI)
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
            target = parts_of(schema["$ref"][1:]) if isinstance(schema["$ref"], str) and schema["$ref"].startswith("#") else None
            found = self._look(target) if target is not None else MISSING
            if target is None or found is MISSING or target in seen:
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


# The components a unit of its own walks (each entry), in the order of the walk.
_WALKED = ("schemas", "parameters", "headers", "requestBodies", "responses")


class _UnitWalk:
    """What the walk of one unit found, and what it read."""

    def __init__(self, problems: list[Any] | None = None, cycles: list[Any] | None = None, operations: list[Any] | None = None) -> None:
        self.problems: list[tuple[Parts, str, bool]] = problems if problems is not None else []
        self.cycles: list[tuple[list[str], Parts, str]] = cycles if cycles is not None else []  # (members, where, message)
        self.operations: list[tuple[str, str, Parts]] = operations if operations is not None else []  # (operationId, "GET /x", where)
        self.visited: set[tuple[str, ...]] = set()  # places of the schema nodes walked (tokens as strings: a $ref's are)
        self.reads: set[tuple[str, ...]] = set()  # the units of the places looked up (unit_of)


def _place(parts: Parts) -> tuple[str, ...]:
    """A node's place as `visited` holds it: tokens as strings, as a $ref's are (not a
    pointer: escaping every token costs more)."""
    return tuple(map(str, parts))
