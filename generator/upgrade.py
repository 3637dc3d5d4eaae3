"""Stage 1c: a Swagger 2.0 document, upgraded in memory to OpenAPI 3.0.

What changes (the rest is the same in both versions):
- `definitions`, `parameters`, `responses` and `securityDefinitions` move into `components`,
  and every `$ref` follows them;
- `host`, `basePath` and `schemes` become `servers`;
- a `body` parameter becomes the request body, `formData` parameters its fields (a form, or
  multipart when it takes a file), under each type the operation `consumes`;
- a response's `schema` is its body under each type the operation `produces`;
- a parameter's or header's `type`, `format`, `items` and limits become its `schema`, and
  `collectionFormat` its `style` and `explode`;
- schemas: `type: file` is binary text, `x-nullable` is `nullable`, a `discriminator` name
  is a discriminator object; security schemes take their OpenAPI 3 form.
Each moved node remembers its place in the 2.0 document (`Document.origins`), so messages,
including this stage's warnings, point at the lines the user wrote.

An OpenAPI 3 document upgraded by hand may still say some things the 2.0 way: a `body` or
`formData` parameter, a response's `schema` (with `consumes` and `produces`). Those alone
are read as the upgrade reads them, each with a warning; the rest is left as it is.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.diagnostics import Diagnostic
from generator.load import Document

Parts = tuple[str, ...]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_SCHEMA_KEYS = (
    "type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf",
)  # fmt: skip
_STYLES = {"ssv": ("spaceDelimited", False), "pipes": ("pipeDelimited", False), "multi": ("form", True)}
_FLOWS = {"implicit": "implicit", "password": "password", "application": "clientCredentials", "accessCode": "authorizationCode"}
_MOVED = {"definitions": "schemas", "parameters": "parameters", "responses": "responses"}


def is_swagger2(data: dict[str, Any]) -> bool:
    return str(data.get("swagger", "")).startswith("2") and "openapi" not in data


def upgrade(doc: Document) -> tuple[Document, list[Diagnostic]]:
    """The document as OpenAPI 3.0 (itself if it is one already), and what could not be kept."""
    if not is_swagger2(doc.data):
        return _leftovers(doc)
    upgrader = _Upgrader(doc)
    data = upgrader.run()
    # A path item's content depends on global settings (consumes, produces, shared parameters):
    # findings are remembered for the whole document at once (validate/memo.py), not per part.
    digests = {("x-swagger2", *where): digest for where, digest in doc.digests.items()}
    upgrader.origins[()] = (doc, ())  # the rest is where it was
    upgraded = Document(doc.path, doc.content, data, doc.pieces, digests, doc.cache_group, doc.headers, origins=upgrader.origins, sources=doc.sources)
    return upgraded, upgrader.notes


def _leftovers(doc: Document) -> tuple[Document, list[Diagnostic]]:
    """An OpenAPI 3 document with its operations' 2.0 leftovers read the OpenAPI 3 way."""
    paths = doc.data.get("paths")
    if not isinstance(paths, dict) or not any(_old_ways(op) for item in paths.values() if type(item) is dict for op in item.values()):
        return doc, []
    upgrader = _Upgrader(doc)
    data = {key: value for key, value in doc.data.items() if key not in ("consumes", "produces")}  # (the leftovers' only use)
    data["paths"] = {path: upgrader.half_upgraded(item, path) for path, item in paths.items()}
    for key, what in (("consumes", "bodies"), ("produces", "responses")):
        if key in doc.data:
            upgrader.notes.append(Diagnostic(f"Swagger 2.0's {key} in an OpenAPI 3 document: read as the media types of its 2.0 {what}", doc.location([key]), "warning"))
    # (Whole-document memos, as for 2.0: a body's media types may come from the top-level `consumes`.)
    digests = {("x-leftovers", *where): digest for where, digest in doc.digests.items()}
    return dataclasses.replace(doc, data=data, digests=digests, origins={**doc.origins, **upgrader.origins}, keep=None), upgrader.notes


def _old_ways(operation: Any) -> bool:
    """(Plain loops: every operation of every OpenAPI 3 document is asked, 22,000 in graph-beta.)"""
    if type(operation) is not dict:
        return False
    parameters = operation.get("parameters")
    if type(parameters) is list:
        for parameter in parameters:
            if type(parameter) is dict and parameter.get("in") in ("body", "formData"):  # (_where_old, inline)
                return True
    responses = operation.get("responses")
    if type(responses) is dict:
        for response in responses.values():
            if type(response) is dict and "schema" in response and _old_response(response):
                return True
    return False


def _where_old(parameter: Any) -> bool:
    return isinstance(parameter, dict) and parameter.get("in") in ("body", "formData")


def _old_response(response: Any) -> bool:
    return isinstance(response, dict) and response.get("schema") is not None and "content" not in response and "$ref" not in response


class _Upgrader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.data = doc.data
        self.consumes = _strings(self.data.get("consumes")) or ["application/json"]
        self.produces = _strings(self.data.get("produces")) or ["application/json"]
        self.origins: dict[Parts, tuple[Document, Parts]] = {}
        self.notes: list[Diagnostic] = []
        shared = self.data.get("parameters")
        self.shared_parameters: dict[str, Any] = shared if isinstance(shared, dict) else {}

    def run(self) -> dict[str, Any]:
        out: dict[str, Any] = {"openapi": "3.0.3"}
        for key, value in self.data.items():
            if key in ("swagger", "host", "basePath", "schemes", "consumes", "produces", "securityDefinitions", *_MOVED):
                continue
            out[key] = self._paths(value) if key == "paths" else _refs(value)
        servers = self._servers()
        if servers:
            out["servers"] = servers
        components = self._components()
        if components:
            out["components"] = components
        return out

    # -- the document's own parts ------------------------------------------------------------

    def _servers(self) -> list[dict[str, str]]:
        host, base = self.data.get("host"), self.data.get("basePath")
        base = base if isinstance(base, str) else ""
        if not isinstance(host, str) or not host:
            if base:
                self._from(("servers",), ("basePath",))
            return [{"url": base}] if base else []
        self._from(("servers",), ("host",))
        schemes = [s for s in _strings(self.data.get("schemes")) if s in ("https", "http", "wss", "ws")] or ["https"]
        return [{"url": f"{scheme}://{host}{base}"} for scheme in schemes]

    def _components(self) -> dict[str, Any]:
        components: dict[str, Any] = {}
        # Whole sections too: a dangling `$ref` (which every `$ref` follows into components)
        # is said as written, `#/definitions/Pet`, whether or not that section is there.
        for old, new in (*_MOVED.items(), ("parameters", "requestBodies"), ("securityDefinitions", "securitySchemes")):
            self._from(("components", new), (old,))
        for old, new in _MOVED.items():
            items = self.data.get(old)
            if not isinstance(items, dict):
                continue
            for name, item in items.items():
                if old == "definitions":
                    section, value = "schemas", _schema(item)
                elif old == "responses":
                    section, value = "responses", self._response(item, self.produces, (old, name), ("components", "responses", name))
                elif isinstance(item, dict) and item.get("in") in ("body", "formData"):
                    section, value = "requestBodies", self._body([item], self.consumes, [(old, name)], ("components", "requestBodies", name))
                else:
                    section, value = "parameters", self._parameter(item, (old, name), ("components", "parameters", name))
                components.setdefault(section, {})[name] = value
                self._from(("components", section, name), (old, name))
        schemes = self.data.get("securityDefinitions")
        if isinstance(schemes, dict):
            for name, scheme in schemes.items():
                components.setdefault("securitySchemes", {})[name] = _security_scheme(scheme)
                self._from(("components", "securitySchemes", name), ("securityDefinitions", name))
        return components

    def _paths(self, paths: Any) -> Any:
        if not isinstance(paths, dict):
            return paths
        out: dict[str, Any] = {}
        for path, item in paths.items():
            if not isinstance(item, dict):
                out[path] = item
                continue
            shared = _list(item.get("parameters"))
            new_item: dict[str, Any] = {}
            for key, value in item.items():
                if key in _METHODS and isinstance(value, dict):
                    new_item[key] = self._operation(value, shared, ("paths", path), key)
                elif key == "parameters":
                    kept = [(i, p) for i, p in enumerate(shared) if self._where(p) not in ("body", "formData")]
                    new_item[key] = [self._parameter(p, ("paths", path, key, str(i)), ("paths", path, key, str(n))) for n, (i, p) in enumerate(kept)]
                else:
                    new_item[key] = _refs(value)
            out[path] = new_item
        return out

    def _operation(self, operation: dict[str, Any], shared: list[Any], item: Parts, method: str) -> dict[str, Any]:
        at = (*item, method)
        consumes = _strings(operation.get("consumes")) or self.consumes
        produces = _strings(operation.get("produces")) or self.produces
        own = _list(operation.get("parameters"))
        out: dict[str, Any] = {}
        for key, value in operation.items():
            if key in ("consumes", "produces", "parameters", "responses", "schemes"):
                continue
            out[key] = _refs(value)
        parameters: list[Any] = []
        body: list[tuple[Any, Parts]] = []
        for i, parameter in enumerate(own):
            where = self._where(parameter)
            if where in ("body", "formData"):
                body.append((parameter, (*at, "parameters", str(i))))
            else:
                new = (*at, "parameters", str(len(parameters)))
                parameters.append(self._parameter(parameter, (*at, "parameters", str(i)), new))
        names = {(self._resolved(p).get("name"), self._where(p)) for p in own}
        for i, parameter in enumerate(shared):  # the path item's, unless the operation overrides them
            if self._where(parameter) in ("body", "formData") and (self._resolved(parameter).get("name"), self._where(parameter)) not in names:
                body.append((parameter, (*item, "parameters", str(i))))
        if parameters:
            out["parameters"] = parameters
        if body:
            out["requestBody"] = self._body([p for p, _ in body], consumes, [w for _, w in body], (*at, "requestBody"))
        responses = operation.get("responses")
        if isinstance(responses, dict):
            out["responses"] = {
                str(code): self._response(response, produces, (*at, "responses", str(code)), (*at, "responses", str(code)))
                for code, response in responses.items()
            }
        return out

    def half_upgraded(self, item: Any, path: str) -> Any:
        """A path item of an OpenAPI 3 document, its operations' 2.0 leftovers read the 3.0 way."""
        if not isinstance(item, dict) or not any(_old_ways(op) for op in item.values()):
            return item
        return {method: self._half_upgraded(op, ("paths", path, method)) if method in _METHODS and _old_ways(op) else op for method, op in item.items()}

    def _half_upgraded(self, operation: dict[str, Any], at: Parts) -> dict[str, Any]:
        out = {k: v for k, v in operation.items() if k not in ("consumes", "produces")}
        parameters = _list(operation.get("parameters"))
        body = [(p, (*at, "parameters", str(i))) for i, p in enumerate(parameters) if _where_old(p)]
        if body:
            out["parameters"] = [p for p in parameters if not _where_old(p)]
            if not out["parameters"]:
                del out["parameters"]
            taken = "requestBody" not in operation
            if taken:
                out["requestBody"] = self._body([p for p, _ in body], _strings(operation.get("consumes")) or self.consumes, [w for _, w in body], (*at, "requestBody"))
            for parameter, where in body:
                said = "read as the request body" if taken else "left out: the operation has a requestBody"
                self.notes.append(Diagnostic(f"a Swagger 2.0 {parameter['in']} parameter in an OpenAPI 3 document: {said}", self.doc.location([*where, "in"]), "warning"))
        responses = operation.get("responses")
        if isinstance(responses, dict) and any(_old_response(r) for r in responses.values()):
            produces = _strings(operation.get("produces")) or self.produces
            out["responses"] = {}
            for code, response in responses.items():
                if _old_response(response):
                    where = (*at, "responses", str(code))
                    response = {**{k: v for k, v in response.items() if k not in ("schema", "examples")}, "content": self._response(response, produces, where, where)["content"]}
                    self.notes.append(Diagnostic(f"a Swagger 2.0 response schema in an OpenAPI 3 document: read as its content ({', '.join(produces)})", self.doc.location([*where, "schema"]), "warning"))
                out["responses"][code] = response
        return out

    # -- parameters, bodies, responses ---------------------------------------------------------

    def _parameter(self, parameter: Any, old: Parts, new: Parts) -> Any:
        if not isinstance(parameter, dict) or "$ref" in parameter:
            return _refs(parameter)
        self._from(new, old)
        out = {k: _refs(v) for k, v in parameter.items() if k not in _SCHEMA_KEYS and k not in ("collectionFormat", "allowEmptyValue")}
        out["schema"] = _plain_schema(parameter)
        if parameter.get("allowEmptyValue") is True and parameter.get("in") == "query":
            out["allowEmptyValue"] = True
        style = self._collection_style(parameter, old)
        if style == ("form", False):  # csv, the 2.0 default: a query's own style, not exploded (a header's and a path's already)
            if parameter.get("in") in ("query", "formData"):
                out["explode"] = False
        elif style is not None:
            out["style"], out["explode"] = style
        if parameter.get("type") == "file":
            self.notes.append(Diagnostic("type 'file' is for formData parameters: read as binary text", self.doc.location([*old, "type"]), "warning"))
        return out

    def _collection_style(self, parameter: dict[str, Any], old: Parts) -> tuple[str, bool] | None:
        """A 2.0 list's `collectionFormat` as an OpenAPI 3 style and explode (csv, the default:
        form, not exploded); None for what is no list."""
        if parameter.get("type") != "array":
            return None
        fmt = parameter.get("collectionFormat", "csv")
        if fmt == "csv" or fmt in _STYLES:
            return _STYLES.get(fmt, ("form", False))
        self.notes.append(Diagnostic(f"collectionFormat {fmt!r} has no OpenAPI 3 form: sent as csv", self.doc.location([*old, "collectionFormat"]), "warning"))
        return "form", False

    def _body(self, parameters: list[Any], consumes: list[str], places: list[Parts], new: Parts) -> dict[str, Any]:
        """A request body from a `body` parameter, or from `formData` parameters."""
        first = parameters[0]
        if isinstance(first, dict) and "$ref" in first and len(parameters) == 1:
            ref = first["$ref"]
            if isinstance(ref, str) and ref.startswith("#/parameters/"):
                return {"$ref": "#/components/requestBodies/" + ref.removeprefix("#/parameters/")}
        resolved = [self._resolved(p) for p in parameters]
        body = next((p for p in resolved if p.get("in") == "body"), None)
        out: dict[str, Any] = {}
        if body is not None:
            self._from(new, places[resolved.index(body)])
            if isinstance(body.get("description"), str):
                out["description"] = body["description"]
            media = [t for t in consumes if "form" not in t] or ["application/json"]
            out["content"] = {t: {"schema": _schema(body.get("schema", {}))} for t in media}
            for t in media:
                self._from((*new, "content", t, "schema"), (*places[resolved.index(body)], "schema"))
            if body.get("required") is True:
                out["required"] = True
            return out
        properties: dict[str, Any] = {}
        required = []
        for parameter, place in zip(resolved, places):
            name = str(parameter.get("name", ""))
            schema = _plain_schema(parameter)
            if isinstance(parameter.get("description"), str):
                schema["description"] = parameter["description"]
            properties[name] = schema
            if parameter.get("required") is True:
                required.append(name)
        files = any(p.get("type") == "file" for p in resolved)
        forms = [t for t in consumes if t in ("multipart/form-data", "application/x-www-form-urlencoded")]
        media_type = "multipart/form-data" if files or "multipart/form-data" in forms else forms[0] if forms else "application/x-www-form-urlencoded"
        form: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            form["required"] = required
            out["required"] = True
        out["content"] = {media_type: {"schema": form}}
        if media_type == "application/x-www-form-urlencoded":  # (OpenAPI 3 has no style for multipart's fields)
            styles = {str(p.get("name", "")): style for p, place in zip(resolved, places) if (style := self._collection_style(p, place)) not in (None, ("form", True))}
            if styles:
                out["content"][media_type]["encoding"] = {name: {"style": style, "explode": explode} for name, (style, explode) in styles.items()}
        self._from(new, places[0])
        for (parameter, place) in zip(resolved, places):
            self._from((*new, "content", media_type, "schema", "properties", str(parameter.get("name", ""))), place)
        return out

    def _response(self, response: Any, produces: list[str], old: Parts, new: Parts) -> Any:
        if not isinstance(response, dict) or "$ref" in response:
            return _refs(response)
        out: dict[str, Any] = {"description": response.get("description", "")}
        for key, value in response.items():
            if key.startswith("x-"):
                out[key] = value
        schema = response.get("schema")
        found = response.get("examples")
        examples: dict[str, Any] = found if isinstance(found, dict) else {}
        if schema is not None:
            content = {}
            for media_type in produces:
                content[media_type] = {"schema": _schema(schema)}
                if media_type in examples:
                    content[media_type]["example"] = examples[media_type]
                self._from((*new, "content", media_type, "schema"), (*old, "schema"))
            out["content"] = content
        headers = response.get("headers")
        if isinstance(headers, dict):
            out["headers"] = {}
            for name, header in headers.items():
                entry: dict[str, Any] = {"schema": _plain_schema(header if isinstance(header, dict) else {})}
                if isinstance(header, dict) and isinstance(header.get("description"), str):
                    entry["description"] = header["description"]
                out["headers"][name] = entry
                self._from((*new, "headers", name), (*old, "headers", name))
        return out

    # -- helpers ---------------------------------------------------------------------------

    def _resolved(self, parameter: Any) -> dict[str, Any]:
        """A parameter, through a `#/parameters/...` ref."""
        if isinstance(parameter, dict) and isinstance(parameter.get("$ref"), str) and parameter["$ref"].startswith("#/parameters/"):
            found = self.shared_parameters.get(parameter["$ref"].removeprefix("#/parameters/"))
            return found if isinstance(found, dict) else {}
        return parameter if isinstance(parameter, dict) else {}

    def _where(self, parameter: Any) -> Any:
        return self._resolved(parameter).get("in")

    def _from(self, new: Parts, old: Parts) -> None:
        self.origins[new] = (self.doc, old)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _plain_schema(parameter: dict[str, Any]) -> dict[str, Any]:
    """A 2.0 parameter's or header's own type and limits, as a schema (or the `schema` of one
    in an OpenAPI 3 document upgraded by hand)."""
    if isinstance(parameter.get("schema"), dict):
        return dict(_schema(parameter["schema"]))
    schema = {k: parameter[k] for k in _SCHEMA_KEYS if k in parameter}
    if isinstance(schema.get("items"), dict):
        schema["items"] = _plain_schema(schema["items"]) if "$ref" not in schema["items"] else _refs(schema["items"])
    if schema.get("type") == "file":
        schema = {"type": "string", "format": "binary"}
    return schema


def _schema(node: Any) -> Any:
    """A 2.0 schema as a 3.0 one: refs moved, files binary, nullable and discriminators."""
    if isinstance(node, list):
        return [_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            out[key] = upgraded_ref(value)
        elif key == "x-nullable":
            out["nullable"] = value
        elif key == "discriminator" and isinstance(value, str):
            out[key] = {"propertyName": value}
        elif key in ("example", "default", "enum") or key.startswith("x-"):
            out[key] = value
        elif key == "properties" and isinstance(value, dict):
            out[key] = {name: _schema(v) for name, v in value.items()}
        else:
            out[key] = _schema(value)
    if out.get("type") == "file":
        out["type"], out["format"] = "string", "binary"
    return out


_refs = _schema  # everywhere else only the refs change, which _schema does as well


def upgraded_ref(ref: str) -> str:
    """`#/definitions/Pet` -> `#/components/schemas/Pet` (and so for parameters, responses)."""
    for old, new in _MOVED.items():
        if ref.startswith(f"#/{old}/"):
            return f"#/components/{new}/" + ref.removeprefix(f"#/{old}/")
    return ref


def _security_scheme(scheme: Any) -> Any:
    if not isinstance(scheme, dict):
        return scheme
    extra = {k: v for k, v in scheme.items() if k == "description" or k.startswith("x-")}
    kind = scheme.get("type")
    if kind == "basic":
        return {"type": "http", "scheme": "basic", **extra}
    if kind == "oauth2":
        flow = _FLOWS.get(str(scheme.get("flow")), "clientCredentials")
        details = {k: scheme[k] for k in ("authorizationUrl", "tokenUrl") if k in scheme}
        details["scopes"] = scheme.get("scopes") if isinstance(scheme.get("scopes"), dict) else {}
        return {"type": "oauth2", "flows": {flow: details}, **extra}
    return dict(scheme)
