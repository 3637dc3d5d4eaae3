"""The document the generated tests give their mock servers (`tests/openapi.json`).

It means what the user's document means, with two changes where Prism reads it otherwise:
- the fields of an urlencoded form are in `form` style, exploded (a list repeats its key),
  which Prism follows only when the `encoding` says so: the default is written out;
- a path or header parameter that is a list or an object, or in `label` or `matrix` style,
  crashes Prism 5's deserializer (the whole server stops; a header even when it is left out):
  it is accepted as any value there, and its serialization is checked by clientsmith's own
  tests (tests/test_params.py);
- a `discriminator` on a base schema that its subtypes extend with `allOf` (no oneOf or
  anyOf beside it) sends openapi-schema-validator, which the generated tests' mock transport
  validates with, from the base to the subtype and back without end (RecursionError): it is
  left out there, and the body is checked against the base schema;
- a component whose `additionalProperties` is false or a schema and that others extend with
  `allOf` (Azure's documents, most of all) rejects, read strictly, the properties its
  extenders add, and a closed extender those of its bases: every closed component of an
  allOf chain declares the names of the others (as any value), as the document means; so do
  a closed inline member of an allOf, and a closed schema whose properties are all in its
  oneOf/anyOf/allOf members (`{additionalProperties: false, oneOf: [...]}`, which no value
  passes when read strictly);
- a name required beside oneOf/anyOf that only those members declare (`required: [id, spec]`
  over `oneOf: [{id}, {spec}]`) is left to the members, as the document means: read strictly,
  no value passes a oneOf that way;
- in OpenAPI 3.0, what stands beside a `$ref` is left out, as 3.0 (and clientsmith) read it,
  but for `readOnly` and `writeOnly`, which clientsmith follows there too;
- a discriminator whose property no member has (placed a level too deep) is left out, and so
  is one whose mapping names what is not in the document (a file of the authors' sources):
  the validator would look for the value's own name instead; the members still check it.
Copy on write.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from generator.diagnostics import escape_pointer_token
from generator.pointers import MISSING, local_target, lookup, tokens
from generator.schema_keys import Kind, child_kind, component_of, names_a_schema, rewrite_schemas

_FORM = "application/x-www-form-urlencoded"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def for_mock_servers(data: dict[str, Any]) -> dict[str, Any]:
    data = _open_bases(_without_base_discriminators(_paths_for_mock_servers(data)))
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    v30 = str(data.get("openapi", "")).startswith("3.0")
    meant: dict[str, Any] = rewrite_schemas(data, functools.partial(_as_meant, v30=v30, schemas=schemas if isinstance(schemas, dict) else {}, data=data))
    return meant


def _as_meant(schema: Any, place: tuple[str, ...], v30: bool, schemas: dict[str, Any], data: dict[str, Any]) -> Any:
    """OpenAPI 3.0 ignores what stands beside a `$ref` (`{$ref: Email, type: string}`, as
    clientsmith reads it); validators that follow later JSON Schema apply it. A discriminator
    that none of its members has a property for (placed a level too deep) is ignored."""
    if not isinstance(schema, dict):
        return schema
    if v30 and "$ref" in schema and len(schema) > 1:  # but readOnly, which the client follows there
        schema = {k: v for k, v in schema.items() if k in ("$ref", "readOnly", "writeOnly")}
    if isinstance(schema.get("properties"), dict):
        schema = _flagged_beside_refs(schema, data)
    if isinstance(schema.get("required"), list) and isinstance(schema.get("allOf"), list):
        schema = _read_only_from_parts(schema, schemas, data)
    if v30 and "$ref" in schema:
        return schema
    discriminator = schema.get("discriminator")
    name = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
    members = schema.get("oneOf") or schema.get("anyOf")
    mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
    dangling = isinstance(mapping, dict) and not all(names_a_schema(v, data) for v in mapping.values())
    if dangling or (isinstance(name, str) and isinstance(members, list) and not any(name in _property_names(m, schemas) for m in members)):
        schema = {k: v for k, v in schema.items() if k != "discriminator"}
    return _open_to_members(_required_by_members(schema, schemas), schemas)


def _required_by_members(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    required = schema.get("required")
    members = [m for key in ("oneOf", "anyOf") if isinstance(schema.get(key), list) for m in schema[key]]
    if not isinstance(required, list) or not members:
        return schema
    own = _property_names({k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}, schemas)
    alternatives = set().union(*(_property_names(m, schemas) for m in members))
    kept = [name for name in required if name in own or name not in alternatives]
    if len(kept) == len(required):
        return schema
    return {k: v for k, v in schema.items() if k != "required"} | ({"required": kept} if kept else {})


def _flagged_beside_refs(schema: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """A property whose `$ref` names a readOnly schema is readOnly, as clientsmith reads it:
    the mock's request check looks only beside the ref."""
    properties = schema["properties"]
    flagged = {n: {**p, "readOnly": True} for n, p in properties.items() if isinstance(p, dict) and p.get("readOnly") is not True and _says_read_only(p, data)}
    return {**schema, "properties": {**schema["properties"], **flagged}} if flagged else schema


def _read_only_from_parts(schema: dict[str, Any], schemas: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """`required: [id]` over `allOf: [Base]` whose `id` is readOnly: the request check, which
    looks beside `required`, sees it so (the client leaves it out, as the IR merges the parts)."""
    own = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
    hidden = set().union(*(_property_names(m, schemas, keep=lambda p: _says_read_only(p, data)) for m in schema["allOf"]))
    # not declared here, or only as any value (a closed extender declaring its base's names)
    flagged = {name: {"readOnly": True} for name in schema["required"] if name in hidden and not own.get(name)}
    return {**schema, "properties": {**own, **flagged}} if flagged else schema


def _open_to_members(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """A closed schema, or closed inline allOf member, declares its siblings' properties."""
    parts = [m for key in ("allOf", "oneOf", "anyOf") if isinstance(schema.get(key), list) for m in schema[key]]
    if not parts:
        return schema
    names = set().union(*(_property_names(m, schemas) for m in parts))
    schema = _declaring(schema, names)
    allof = schema.get("allOf")
    if isinstance(allof, list):
        every = names | _property_names(schema, schemas)
        opened = [_declaring(m, every) if isinstance(m, dict) and "$ref" not in m else m for m in allof]
        if any(a is not b for a, b in zip(opened, allof)):
            schema = {**schema, "allOf": opened}
    return schema


def _declaring(schema: dict[str, Any], names: set[str]) -> dict[str, Any]:
    known: dict[str, Any] = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
    missing = sorted(n for n in names if n not in known)
    if not missing or not _is_closed(schema):
        return schema
    return {**schema, "properties": {**known, **{n: {} for n in missing}}}


def _open_bases(data: dict[str, Any]) -> dict[str, Any]:
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(components, dict) or not isinstance(schemas, dict):
        return data
    if not any(isinstance(s, dict) and _is_closed(s) for s in schemas.values()):
        return data  # nothing to open: the walk below finds only closed components' extenders
    extra: dict[str, set[str]] = {}  # component -> names its extenders add
    _extenders(data, "other", (), schemas, extra)
    patched = {}
    for name, names in extra.items():
        base = schemas[name]
        known = base.get("properties") if isinstance(base.get("properties"), dict) else {}
        missing = sorted(n for n in names if n not in known)
        if missing:
            patched[name] = {**base, "properties": {**known, **{n: {} for n in missing}}}
    if not patched:
        return data
    return {**data, "components": {**components, "schemas": {**schemas, **patched}}}


def _extenders(node: Any, kind: Kind, place: tuple[str, ...], schemas: dict[str, Any], extra: dict[str, set[str]]) -> None:
    """Collect, for each closed component of an allOf (the extender itself, each base it
    extends and their own bases in turn), the names the other parts add."""
    if kind == "schema" and isinstance(node, dict) and isinstance(node.get("allOf"), list):
        names = _property_names(node, schemas)
        closed = _closed_bases(node, schemas, set())
        if len(place) == 3 and place[:2] == ("components", "schemas") and _is_closed(node):
            closed.add(place[2])
        for name in closed:
            extra.setdefault(name, set()).update(names)
    if isinstance(node, list):
        for value in node:
            _extenders(value, "schema" if kind == "schema-list" else kind, place, schemas, extra)
    elif isinstance(node, dict):
        for key, value in node.items():
            sub = child_kind(kind, key, place)
            if sub is not None and sub != "discriminator" and isinstance(value, (dict, list)):
                _extenders(value, sub, (*place, key), schemas, extra)


def _closed_bases(schema: dict[str, Any], schemas: dict[str, Any], seen: set[str]) -> set[str]:
    """The closed components among the allOf members of `schema`, and of theirs (each once)."""
    found: set[str] = set()
    for member in schema.get("allOf") or []:
        name = component_of(member)
        base = schemas.get(name) if name is not None and name not in seen else None
        if name is None or not isinstance(base, dict):
            continue
        seen.add(name)
        if _is_closed(base):
            found.add(name)
        if isinstance(base.get("allOf"), list):
            found |= _closed_bases(base, schemas, seen)
    return found


def _is_closed(schema: dict[str, Any]) -> bool:
    return schema.get("additionalProperties") not in (None, True)


def _property_names(schema: Any, schemas: dict[str, Any], depth: int = 0, keep: Callable[[Any], bool] | None = None) -> set[str]:
    """The properties of a schema and its allOf parts (those whose schema `keep` takes)."""
    name = component_of(schema)
    if name and depth < 16:
        schema = schemas.get(name)
    if not isinstance(schema, dict):
        return set()
    properties = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
    names = {p for p, sub in properties.items() if keep is None or keep(sub)}
    for member in schema.get("allOf") or [] if depth < 16 else []:
        names |= _property_names(member, schemas, depth + 1, keep)
    return names


def _says_read_only(prop: Any, data: dict[str, Any]) -> bool:
    """readOnly on the property, or on what its `$ref` names (as clientsmith reads it)."""
    return any(isinstance(s, dict) and s.get("readOnly") is True for s in (prop, _resolved(prop, data)))


def _without_base_discriminators(data: dict[str, Any]) -> dict[str, Any]:
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(components, dict) or not isinstance(schemas, dict):
        return data
    based = {
        name: {k: v for k, v in schema.items() if k != "discriminator"}
        for name, schema in schemas.items()
        if isinstance(schema, dict) and "discriminator" in schema and "oneOf" not in schema and "anyOf" not in schema
    }
    if not based:
        return data
    return {**data, "components": {**components, "schemas": {**schemas, **based}}}


def _paths_for_mock_servers(data: dict[str, Any]) -> dict[str, Any]:
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return data
    new_paths = dict(paths)
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for key, node in [("parameters", item), *((m, item.get(m)) for m in _METHODS)]:
            target = node.get("parameters") if isinstance(node, dict) else None
            if not isinstance(target, list):
                continue
            plain = _plain_parameters(target, data)
            if plain != target:
                new_item = new_paths[path] = dict(new_paths[path])
                if key == "parameters":
                    new_item["parameters"] = plain
                else:
                    new_item[key] = {**new_item[key], "parameters": plain}
        item = new_paths[path]
        for method in _METHODS:
            operation = item.get(method)
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            media = _form_media(body)
            if media is None:
                continue
            encoding = _explicit(media, data)
            if encoding != media.get("encoding"):
                new_item = new_paths[path] = dict(new_paths[path])
                new_operation = new_item[method] = dict(operation)
                new_body = new_operation["requestBody"] = dict(body)  # type: ignore[arg-type]
                new_body["content"] = {**new_body["content"], _FORM: {**media, "encoding": encoding}}
    return {**data, "paths": new_paths} if new_paths != paths else data


def _plain_parameters(parameters: list[Any], data: dict[str, Any]) -> list[Any]:
    plain = []
    for raw in parameters:
        param = _resolved(raw, data)
        if isinstance(param, dict) and param.get("in") in ("path", "header") and _structured(param, data):
            raw = {k: v for k, v in param.items() if k not in ("style", "explode", "content")}
            raw["schema"] = {}
        plain.append(raw)
    return plain


def _structured(param: dict[str, Any], data: dict[str, Any]) -> bool:
    if param.get("style", "simple") != "simple" or "content" in param:
        return True
    schema = _resolved(param.get("schema"), data)
    return isinstance(schema, dict) and (schema.get("type") in ("array", "object") or "properties" in schema)


def _form_media(body: Any) -> dict[str, Any] | None:
    content = body.get("content") if isinstance(body, dict) else None
    media = content.get(_FORM) if isinstance(content, dict) else None
    return media if isinstance(media, dict) else None


def _explicit(media: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    encoding = dict(media["encoding"]) if isinstance(media.get("encoding"), dict) else {}
    schema = _resolved(media.get("schema"), data)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    for name, prop in (properties.items() if isinstance(properties, dict) else ()):
        kind = _resolved(prop, data)
        if isinstance(kind, dict) and kind.get("type") in ("array", "object") and name not in encoding:
            encoding[name] = {"style": "form", "explode": True}
    return encoding


def _resolved(node: Any, data: dict[str, Any]) -> Any:
    for _ in range(16):  # a chain of refs, not a cycle
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        found = local_target(data, ref)
        node = None if found is MISSING else found
    return node


def originals(document: Any, mock: Any, where: str = "") -> list[list[Any]]:
    """What `for_mock_servers` changed, as `[pointer, the user's value]` (or `[pointer]` where
    the user's document has nothing): with these, `restored` gives the user's document back
    from the mock's (`clientsmith diff` compares against the last generated state). Copy on
    write keeps what did not change the same object: this walks only what did."""
    if document is mock:
        return []
    if isinstance(document, dict) and isinstance(mock, dict):
        out = []
        for key in document.keys() | mock.keys():
            inner = f"{where}/{escape_pointer_token(key)}"
            if key not in mock:
                out.append([inner, document[key]])
            elif key not in document:
                out.append([inner])
            else:
                out += originals(document[key], mock[key], inner)
        return sorted(out, key=lambda entry: str(entry[0]))
    if isinstance(document, list) and isinstance(mock, list) and len(document) == len(mock):
        return [entry for i, (a, b) in enumerate(zip(document, mock)) for entry in originals(a, b, f"{where}/{i}")]
    return [] if document == mock else [[where, document]]


def restored(mock: Any, changes: list[list[Any]]) -> Any:
    """The user's document from the mock's and what `originals` recorded (the mock's is
    changed in place)."""
    for entry in changes:
        parts = tokens(entry[0])
        if not parts:
            mock = entry[1]
            continue
        parent = lookup(mock, parts[:-1])
        key: Any = int(parts[-1]) if isinstance(parent, list) else parts[-1]
        if len(entry) == 1:
            parent.pop(key, None) if isinstance(parent, dict) else None
        elif isinstance(parent, (dict, list)):
            parent[key] = entry[1]
    return mock
