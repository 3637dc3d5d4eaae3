"""The document the generated tests give their mock servers (`tests/openapi.json`).

It means what the user's document means, with these changes where Prism reads it otherwise:
- the fields of an urlencoded form are in `form` style, exploded (a list repeats its key),
  which Prism follows only when the `encoding` says so: the default is written out;
- a path or header parameter that is a list or an object, or in `label` or `matrix` style,
  and a query parameter in a delimited style that is no list, crash Prism 5's deserializer
  (the whole server stops; a header even when it is left out): each is accepted as any value
  there, and its serialization is checked by clientsmith's own tests (tests/test_params.py);
  so is a query parameter that is a list of lists or of objects, whose serialization
  OpenAPI leaves undefined (Prism reads each item as a string);
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
- a header parameter named Accept, Content-Type or Authorization is left out, as OpenAPI
  says (and the client does): Prism requires it; so is one named Accept-Encoding (conjur's),
  which httpx2 writes where the caller gives none (`gzip, deflate`, no value of its enum);
- a multipart field's encoding `style` and `explode`, which OpenAPI ignores (the client
  too), are left out: Prism applies them, and died of a delimited object; a field the
  client sends as a JSON part (an object, or its encoding's `contentType` says JSON) or as
  a part per item (a list) is any value, and an object or list is not required: Prism reads
  each part as text, repeated parts as no list, and nested fields (`a[b]`, `a[]`, which
  the client sends with `multipart = "brackets"`) as none of the field's;
- a parameter's `enum` or `const` of numbers or booleans without a `type` (its items' too)
  has the type its values imply: Prism reads parameter text as a number only by its type;
- a required query parameter whose name JavaScript's encodeURI changes (`filter[tag]`,
  telnyx's) is not required: Prism looks for it by its encoded name, which no request has;
- a deepObject query parameter that Prism refuses when left out (as above), and a query
  parameter that may be a list or something else (stripe's `anyOf: [array, enum [""]]`),
  are any value, a deepObject one not required (it is sent as `scope[type]=`, never by its
  name, which Prism looks for), a
  parameter's nullable list loses its null (no parameter sends one; Prism reads a list of
  type [array, null] as one value), and a union of lists is a list of their items (Prism
  reads a list only by its type);
- a oneOf is an anyOf, as the client reads unions (and the mock transport does): documents
  list members that one value fits several of, and Prism ignores discriminators; a reference
  through one (digitalocean's, into an operation's body) goes through its anyOf;
- a field of an urlencoded or multipart form that may be a list or something else (stripe's
  `anyOf: [array, enum [""]]`) is any value, and not required: Prism reads a repeated key
  as a list only by the type `array` alone, and one item as text; so is an urlencoded
  form's object that Prism refuses empty (it builds its nested objects anyway, as for a
  deepObject parameter left out: stripe's `features={}`);
- a required body that may be an urlencoded form is not required: Prism reads the empty form
  that the client sends when no field is given as no body; nor is one of no media type
  (`content: {}`), which the client has nothing to send as;
- a body the client sends as it is given takes any value where its schema is not what the
  client sends: bytes (any media type but JSON, forms and text) whatever their schema
  (gettyimages' `format: byte` for image/jpeg), text where its schema is no string (an
  object for `text/plain`), a form whose schema admits no object (spoonacular's forms of
  `type: string`, which Prism reads as fields): Prism refuses any;
- a security requirement that names a scheme the client cannot meet (one not declared, of a
  kind it does not support, or an API key in a header whose name HTTP does not allow:
  rapidapi's `ADVICEment API Key`) is left out, as the client leaves it out: Prism answered
  401 to every request; schemes of one requirement that share a header are alternatives, as
  the client reads them (a basic login beside a key in `Authorization`: Prism's 401 too);
- an array of 3.1's `prefixItems` with `items` beside (the items after them), which Prism
  reads as every item's schema: `items: false` is a `maxItems`, a schema any of the tuple's;
- an operation's callbacks are left out: Prism makes those requests (to the document's
  example hosts), and died of one whose body was a form;
- an answer's headers of the transport (Content-Encoding, Content-Length, Connection...)
  are left out: documents made from recorded traffic list them, and Prism sent `gzip` over
  a body it had not compressed; an answer's header of a list or an object is text: Prism
  made up no value for it, split the missing value to check its answer, and died;
- JSON answered without a schema is any JSON value (Prism sends no body, which is no JSON),
  an answer the client reads as bytes or text (a form or multipart one too) a string,
  whatever its schema or without one (Prism has no writer for others: it answered 500),
  and an example that is not of its schema's type or format (a JSON text for an object, in
  a schema or beside it) is left out: Prism would answer with it;
- an operation that declares no success (only errors, or no response at all, which 3.1
  allows) answers 200 without content, as the client reads it: Prism would answer with the
  first error declared, or 500, whatever the request;
- an operation whose path carries a query or a fragment (`/alerts?lat={lat}`, Azure's
  `/files/{id}#op=open`), which Prism routes by as written, is copied under the path alone
  where no other operation of that path has its method; several that would share it (AWS's
  `/#Action=` and `/#X-Amz-Target=` operations, which Prism cannot tell apart), the path
  alone's own operation among them where it has one (formapi's `/templates?desc=html`
  beside `/templates`), are merged into one there, what differs among them as any value;
- operations of one method on paths that differ only in their parameters' names (which
  OpenAPI forbids: vtex's) are merged, as above, on the last of those paths, which Prism
  takes;
- a path whose parameter name Prism's URI template reader takes for literal text
  (`{insight_id:}`) is copied after it with the name made to fit (`{insight_id_}`);
- a path with templates side by side (`{id}{mediaTypeExtension}`), where Prism finds none
  of them, is copied after it with each such run one template of any text (`{id}`);
- paths that Prism scores alike for a request (it scores every templated segment the same)
  are in the order where it takes the one with more literal text in those segments
  (`/v1/category-list.{format}` rather than `/v1/{id}.{format}`): it takes the last;
- a component over which Prism's sampler would walk a fifth of its 2,500 nodes (densely
  linked schemas: xero's, bunq's) has the tests' own kind of example, where the sampler
  stops: past 2,500 Prism answered 500, and on such cycles failed on references of its own;
- a document that Prism would walk past 2.5 million nodes, each reference followed once per
  way down to it (stripe's, bungie's densely linked schemas: Prism never started), has the
  links inside component schemas to a schema that alone expands past 20,000 nodes cut (any
  value there, after a union's other members: Prism answers with the first), and each
  component that lost one the tests' own kind of example (mock_reach.py);
- `format: int64` is left out: Prism refuses the int64 values beyond 2^53 - 1, which
  JavaScript cannot hold (waterlinked's ids, 3408207428662661600);
- an answer read as text keeps only the examples that are text;
- an example value given as a reference (`{$ref: '#/components/schemas/Audio/example'}`,
  shutterstock's) is the value it points to, and left out where that is nothing: Prism
  resolves every `$ref`, and one to an example left out above would dangle;
- a discriminator whose property no member has (placed a level too deep) is left out, and so
  is one whose mapping names what is not in the document (a file of the authors' sources):
  the validator would look for the value's own name instead; the members still check it.
Copy on write.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.diagnostics import GenerationError, escape_pointer_token
from generator.ir.examples import ExampleMaker, fits_a_header, fits_deep, json_default, string_value
from generator.ir.format_example import is_of_format
from generator.ir.mock_reach import Summary, cut_for_prism
from generator.ir.refs import RefResolver
from generator.load import Document
from generator.ir.routes import ARGUMENT, bare_path, has_a_place, placed
from generator.ir.security import alternatives, supported
from generator.ir.styles import IGNORED_HEADERS, body_kind, is_json_media, is_structured, meant_media_type, part_media_type, types_allowed
from generator.pointers import MISSING, lookup, parts_of, tokens
from generator.schema_keys import Kind, child_kind, component_of, implied_type, kind_at, rewrite_schemas, unit_of

if TYPE_CHECKING:
    from generator.ir.mock_memo import MockMemo

_UNDESCRIBED = {"description": "A success the document does not describe: the client takes any 2xx answer, and returns None."}
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


Place = tuple[str, ...]


def for_mock_servers(data: dict[str, Any], memo: MockMemo | None = None) -> dict[str, Any]:
    """The mock's document, unit by unit (a path item, a component, each other top-level
    entry): each unit's changes are a function of the unit and of the units its references
    lead to, and of what the allOf extenders of a closed component add to it (`Staged.added`).
    With `memo`, a unit whose own version and reads are as recorded is taken from it."""
    staged = Staged(data)
    walked = [(place, value) for place in units(data) for value in (lookup(data, place),) if _walked(kind_at(place), value)]
    extra: dict[str, set[str]] = {}  # closed component -> names its extenders add
    if any(isinstance(s, dict) and _is_closed(s) for s in staged.bare.values()):  # (else no unit adds any)
        for place, _ in walked:
            found = memo.added(place, staged) if memo is not None else staged.added(place, None)
            for name, names in found.items():
                extra.setdefault(name, set()).update(names)
    meant = Meant(staged, extra)
    changed: dict[Place, Any] = {}
    known: dict[int, tuple[Any, Summary]] = {}  # (what the memo knows of Prism's walk)
    for place, written in walked:
        if memo is not None:
            value, summarized = memo.meant(place, meant)
            known[id(value)] = (value, summarized)
        else:
            value = meant.final(place, None)
        if value is not written:
            changed[place] = value
    mock = _in_routing_order(_adjacent_templates_joined(_template_names_fitted(_equivalents_merged(_routable(_securable(_replaced(data, changed)))))))
    return cut_for_prism(mock, units(mock), lambda name: _server_example(data, name, None), known)


def _securable(data: dict[str, Any]) -> dict[str, Any]:
    """Security requirements as the client meets them: an alternative that names a scheme
    it cannot meet (not declared, or of a kind or header name it cannot send) is left out,
    as the client leaves it out (an operation left with none is called without credentials)."""
    components = data.get("components")
    declared = components.get("securitySchemes") if isinstance(components, dict) else None
    can = supported(declared)

    def met(node: dict[str, Any]) -> dict[str, Any]:
        """`node` (the document, an operation) with only the requirements the client meets,
        schemes that share a header read as alternatives, as the client reads them."""
        requirements = node.get("security")
        if not isinstance(requirements, list):
            return node
        kept: list[Any] = []
        for r in requirements:
            if not isinstance(r, dict):
                kept.append(r)
            elif all(name in can for name in r):
                kept += alternatives(r, declared) if len(r) > 1 and isinstance(declared, dict) else [r]
        return {**node, "security": kept} if kept != requirements else node

    out = met(data)
    paths = data.get("paths")
    changed = {}
    for key, item in paths.items() if isinstance(paths, dict) else ():
        served = {m: met(op) for m in _METHODS if isinstance(item, dict) and isinstance(op := item.get(m), dict)}
        if any(op is not item[m] for m, op in served.items()):
            changed[key] = {**item, **served}
    return {**out, "paths": {**data["paths"], **changed}} if changed else out


def _routable(data: dict[str, Any]) -> dict[str, Any]:
    """Operations whose path as written carries a query (`/alerts?lat={lat}`) or a fragment
    (`/files/{id}#op=open`), which Prism routes by (and no request has): copied under the
    path alone, where no other operation of that path has their method, with the path-level
    parameters and those placed in the query as query parameters, as the client sends them;
    merged (`_merged`) with the others of their method there, the path alone's own among
    them (formapi's `/templates?desc=html` beside `/templates`, box's `#classifications`).
    A path with a `#` in its text (`/send/#env/v1/{id}`) is copied under the `%23` the
    client sends. The originals stay, for the tests' cases point into them."""
    paths = data.get("paths")
    if not isinstance(paths, dict) or not any("?" in key or "#" in key for key in paths):
        return data
    count: dict[tuple[str, str], int] = {}
    for key, item in paths.items():
        for method in _METHODS if isinstance(item, dict) else ():
            if method in item:
                count[(_sent_path(key), method)] = count.get((_sent_path(key), method), 0) + 1
    reader = _Reader(data, _schemas(data), None)
    copies: dict[str, dict[str, Any]] = {}
    shared: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for key, item in paths.items():
        bare = _sent_path(key)
        target = copies.get(bare, paths.get(bare, {}))
        if bare == key or not isinstance(item, dict) or "$ref" in item or not isinstance(target, dict) or "$ref" in target:
            continue
        beside = _parameters_of(target, reader)
        for method in _METHODS:
            if not isinstance(item.get(method), dict):
                continue
            alone = _alone(item, method, key, beside, reader)
            if count[(bare, method)] == 1:
                target = copies[bare] = {**target, method: alone}
            else:
                own = paths.get(bare)
                if (bare, method) not in shared and isinstance(own, dict) and "$ref" not in own and isinstance(own.get(method), dict):
                    shared[(bare, method)] = [_alone(own, method, bare, [], reader)]  # (the bare path's own first)
                shared.setdefault((bare, method), []).append(alone)
    for (bare, method), operations in shared.items():
        joined = copies.get(bare, paths.get(bare))
        copies[bare] = {**(joined if isinstance(joined, dict) else {}), method: _merged(operations, reader)}
    return {**data, "paths": {**paths, **copies}} if copies else data


def _sent_path(written: str) -> str:
    """The path a request has, as Prism reads it: a `#` that is path text as the client
    sends it (`%23`), since Prism takes it for a fragment (and ends the path there)."""
    return bare_path(written).replace("#", "%23")


_TEMPLATE = re.compile(r"\{[^}]*\}")


def _equivalents_merged(data: dict[str, Any]) -> dict[str, Any]:
    """Operations of one method on paths that differ only in their parameters' names (vtex's
    `/{fulfillmentEndpoint}/pvt/orders/{orderId}/cancel` and
    `/{marketplaceServicesEndpoint}/pvt/orders/{marketplaceOrderId}/cancel`, which OpenAPI
    forbids and Prism cannot tell apart: it takes the last) merged on the last of those
    paths as `_merged` merges, each one's path parameters under that path's names. The
    originals stay, for the tests' cases point into them."""
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return data
    same: dict[str, list[str]] = {}
    for key in paths:
        if "{" in key and "?" not in key and "#" not in key:
            same.setdefault(_TEMPLATE.sub("{}", key), []).append(key)
    groups = [keys for keys in same.values() if len(keys) > 1]
    if not groups:
        return data
    reader = _Reader(data, _schemas(data), None)
    copies: dict[str, dict[str, Any]] = {}
    for keys in groups:
        items = [(key, paths[key]) for key in keys if isinstance(paths[key], dict) and "$ref" not in paths[key]]
        for method in _METHODS:
            having = [(key, item) for key, item in items if isinstance(item.get(method), dict)]
            if len(having) < 2:
                continue
            last = having[-1][0]
            names = _TEMPLATE.findall(last)
            operations = [_renamed(_alone(item, method, key, [], reader), _TEMPLATE.findall(key), names) for key, item in having]
            copies[last] = {**(copies[last] if last in copies else paths[last]), method: _merged(operations, reader)}
    return {**data, "paths": {**paths, **copies}} if copies else data


def _template_names_fitted(data: dict[str, Any]) -> dict[str, Any]:
    """Each path with a parameter whose name Prism's URI template reader takes for no name
    (idealspot's `{insight_id:}`, read as literal text: the parameter was always missing;
    nasa's `{.format}`, read as an operator) copied after it, that name made to fit
    (`insight_id_`, `_format`) in the path and in its operations' parameters. The originals
    stay, for the tests' cases point into them."""
    paths = data.get("paths")
    if not isinstance(paths, dict) or all(_URI_NAME.fullmatch(w[1:-1]) for key in paths for w in _TEMPLATE.findall(key)):
        return data
    reader = _Reader(data, _schemas(data), None)
    out: dict[str, Any] = {}
    for key, item in paths.items():
        out[key] = item
        written = _TEMPLATE.findall(key)
        if not isinstance(item, dict) or "$ref" in item or all(_URI_NAME.fullmatch(w[1:-1]) for w in written):
            continue
        taken = {w[1:-1] for w in written}
        names = []
        for w in written:
            name = w[1:-1]
            if not _URI_NAME.fullmatch(name):
                name = _NOT_IN_URI_NAME.sub("_", name)
                while name in taken:
                    name += "_"
                taken.add(name)
            names.append("{" + name + "}")
        fitted = "".join(part for pair in zip(_TEMPLATE.split(key), [*names, ""]) for part in pair)
        if fitted not in paths:
            rest = {k: v for k, v in item.items() if k not in _METHODS and k != "parameters"}
            out[fitted] = {**rest, **{m: _renamed(_alone(item, m, key, [], reader), written, names) for m in _METHODS if isinstance(item.get(m), dict)}}
    return {**data, "paths": out}


def _adjacent_templates_joined(data: dict[str, Any]) -> dict[str, Any]:
    """Each path with templates side by side (bufferapp's `/profiles/{id}{mediaTypeExtension}`,
    healthcare.gov's `{pageName}{mediaTypeExtension}`), where Prism finds none of them
    (`must have required property 'id'`), copied after it with each such run one template
    under its first name, of any text, and the others' parameters left out: how the client
    fills them its own tests check. The originals stay, for the tests' cases point into them."""
    paths = data.get("paths")
    if not isinstance(paths, dict) or not any("}{" in key for key in paths):
        return data
    reader = _Reader(data, _schemas(data), None)
    out: dict[str, Any] = {}
    for key, item in paths.items():
        out[key] = item
        runs = [_TEMPLATE.findall(run) for run in _ADJACENT.findall(key)]
        joined = _ADJACENT.sub(lambda run: run.group().partition("}")[0] + "}", key)
        if not runs or not isinstance(item, dict) or "$ref" in item or joined in paths or joined in out:
            continue
        first = {run[0][1:-1] for run in runs}
        rest = {w[1:-1] for run in runs for w in run[1:]}
        out[joined] = {m: _joined(_alone(item, m, key, [], reader), first, rest, reader) for m in _METHODS if isinstance(item.get(m), dict)}
    return {**data, "paths": out}


def _joined(operation: dict[str, Any], first: set[str], rest: set[str], reader: _Reader) -> dict[str, Any]:
    """The operation's path parameters as one template per run: the first any text, the rest gone."""
    kept = [p for p in _parameters_of(operation, reader) if not (p.get("in") == "path" and p.get("name") in rest)]
    return {**operation, "parameters": [{**p, "schema": {"type": "string"}} if p.get("in") == "path" and p.get("name") in first else p for p in kept]}


_ADJACENT = re.compile(r"(?:\{[^}]*\}){2,}")
# A name as Prism's URI template reader takes it: a leading `.` is RFC 6570's operator
# (`{.format}`, nasa's parameter of that name, was matched by no request)
_URI_NAME = re.compile(r"[-\w%][-\w.%]*", re.ASCII)
_NOT_IN_URI_NAME = re.compile(r"^\.|[^-\w.%]", re.ASCII)


def _renamed(operation: dict[str, Any], written: list[str], names: list[str]) -> dict[str, Any]:
    """The operation's path parameters under the names another path gives their places."""
    rename = {w[1:-1]: n[1:-1] for w, n in zip(written, names) if w != n}
    parameters = operation.get("parameters")
    if not rename or not isinstance(parameters, list):
        return operation
    moved = [{**p, "name": rename[p["name"]]} if isinstance(p, dict) and p.get("in") == "path" and isinstance(p.get("name"), str) and p["name"] in rename else p for p in parameters]
    return {**operation, "parameters": moved}


def _in_routing_order(data: dict[str, Any]) -> dict[str, Any]:
    """The paths that Prism scores alike for a request, in the order where it picks the one
    with more literal text in its templated segments: Prism scores every templated segment
    the same (`{id}.{format}` as `category-list.{format}`) and takes the last path of equal
    score, so nrel's `/v1/category-list.json` went to `/v1/{id}.{format}` and failed its
    integer check. Paths compete where their fully literal segments are the same ones;
    only the paths of a group out of that order move, among the places they hold."""
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return data
    groups: dict[tuple[str | None, ...], list[str]] = {}
    for key in paths:
        if "{" in key:
            groups.setdefault(tuple(None if "{" in segment else segment for segment in key.split("/")), []).append(key)
    moved: dict[str, str] = {}  # the key whose place another takes -> that other key
    for keys in groups.values():
        if len(keys) > 1:
            group = [(sum(len(_TEMPLATE.sub("", segment)) for segment in key.split("/") if "{" in segment), key) for key in keys]
            if any(a[0] > b[0] for a, b in zip(group, group[1:])):
                moved.update(zip(keys, (key for _, key in sorted(group, key=lambda entry: entry[0]))))
    if not moved:
        return data
    return {**data, "paths": {moved.get(key, key): paths[moved.get(key, key)] for key in paths}}


def _merged(operations: list[dict[str, Any]], reader: _Reader) -> dict[str, Any]:
    """One operation that takes the requests of several told apart by their path's query or
    fragment (AWS: `/#Action=X`, and `X-Amz-Target` headers) or by nothing a request shows
    (paths that differ only in their parameters' names), which Prism cannot tell apart:
    what they all declare alike as it is; a parameter that differs any value, required where
    all require it; a body or an answer that differs any of theirs."""
    merged = dict(operations[0])
    params: dict[tuple[str, str], list[Any]] = {}
    for operation in operations:
        for param in _parameters_of(operation, reader):
            params.setdefault((str(param.get("name")), str(param.get("in"))), []).append(param)
    merged["parameters"] = [
        found[0] if len(found) == len(operations) and all(p == found[0] for p in found) else {"name": name, "in": where, "required": where == "path" or len(found) == len(operations) and all(p.get("required") for p in found), "schema": {}}
        for (name, where), found in params.items()
    ]
    bodies = [_resolved(o.get("requestBody"), reader) for o in operations]  # (azure's are references)
    if any(b != bodies[0] for b in bodies):
        media = {m for b in bodies if isinstance(b, dict) and isinstance(b.get("content"), dict) for m in b["content"]}
        merged.pop("requestBody", None)
        if media:
            merged["requestBody"] = {"required": all(isinstance(b, dict) and b.get("required") for b in bodies), "content": {m: {"schema": {}} for m in sorted(media)}}
    answers: list[dict[str, Any]] = [o["responses"] if isinstance(o.get("responses"), dict) else {} for o in operations]
    codes = dict.fromkeys(code for a in answers for code in a)
    merged["responses"] = {code: _either([_resolved(a.get(code), reader) for a in answers]) for code in codes}
    return merged


def _either(answers: list[Any]) -> Any:
    """One answer for a status of several operations: theirs if all give the same, else
    each media type any of their schemas; none with a body where one has none and the
    others no JSON (its client asks for JSON, which Prism must find: AWS's query protocol
    answers XML)."""
    given = [a for a in answers if isinstance(a, dict)]
    if not given or all(a == given[0] for a in answers):
        return given[0] if given else answers[0]
    content: dict[str, list[Any]] = {}
    for answer in given:
        for media, value in (answer.get("content") or {}).items() if isinstance(answer.get("content"), dict) else ():
            schema = value.get("schema", {}) if isinstance(value, dict) else {}
            if schema not in content.setdefault(media, []):
                content[media].append(schema)
    either: dict[str, Any] = {"description": str(given[0].get("description", ""))}
    bodiless = any(not isinstance(a.get("content"), dict) or not a["content"] for a in given)
    if content and not (bodiless and not any(_media_kind(m) == "json" for m in content)):
        either["content"] = {m: {"schema": s[0] if len(s) == 1 else {"anyOf": s}} for m, s in content.items()}
    return either


def _alone(item: dict[str, Any], method: str, written: str, beside: list[dict[str, Any]], reader: _Reader) -> dict[str, Any]:
    """The operation with its path item's parameters, those in the query as query ones; the
    query, header and cookie parameters of the path item it joins (`beside`) optional."""
    operation = item[method]
    parameters: dict[tuple[str, str], Any] = {}
    for param in [*_parameters_of(item, reader), *_parameters_of(operation, reader)]:  # (the operation's own win)
        if not has_a_place(param, written):
            continue
        param = placed(param, written)
        if ARGUMENT in param:  # (the client's, not the document's)
            param = {k: v for k, v in param.items() if k != ARGUMENT}
        parameters[(str(param.get("name")), str(param.get("in")))] = param
    for param in beside:
        if param.get("in") != "path" and (str(param.get("name")), str(param.get("in"))) not in parameters:
            parameters[(str(param.get("name")), str(param.get("in")))] = {"name": param.get("name"), "in": param.get("in"), "schema": {}}
    return {**operation, "parameters": list(parameters.values())} if parameters else operation


def _parameters_of(node: dict[str, Any], reader: _Reader) -> list[dict[str, Any]]:
    """A path item's or operation's parameters (those that are objects, refs followed)."""
    listed = node.get("parameters")
    found = (_resolved(p, reader) for p in (listed if isinstance(listed, list) else ()))
    return [p for p in found if isinstance(p, dict)]


def units(data: dict[str, Any]) -> list[Place]:
    """The places of the document's units, in its order."""
    found: list[Place] = []
    for key, value in data.items():
        if key == "paths" and isinstance(value, dict):
            found += [(key, path) for path in value]
        elif key == "components" and isinstance(value, dict):
            for kind, section in value.items():
                found += [(key, kind, name) for name in section] if isinstance(section, dict) else [(key, kind)]
        else:
            found.append((key,))
    return found


def _component_schema(place: Place) -> str | None:
    """The name of the component schema the unit at `place` is, if it is one."""
    return place[2] if len(place) == 3 and place[:2] == ("components", "schemas") else None


def _walked(kind: Kind | None, value: Any) -> bool:
    """Whether the walks over the whole document (rewrite_schemas, _extenders) enter a unit."""
    return kind is not None and kind != "discriminator" and (kind == "schema" or isinstance(value, (dict, list)))


def _replaced(data: dict[str, Any], changed: dict[Place, Any]) -> dict[str, Any]:
    """`data` with the units of `changed` replaced, copy on write."""
    if not changed:
        return data
    out = dict(data)
    copied: set[Place] = {()}
    for place, value in changed.items():
        node = out
        for depth in range(1, len(place)):
            if place[:depth] not in copied:
                node[place[depth - 1]] = dict(node[place[depth - 1]])
                copied.add(place[:depth])
            node = node[place[depth - 1]]
        node[place[-1]] = value
    return out


class _Reader:
    """The document as a unit's rewriting reads it beyond the unit; with `reads`, each read
    is noted by the unit it lands in. With `unit`, a reference into a unit reads it as
    `unit(place, reads)` gives it (staged, opened) rather than as written."""

    def __init__(self, data: dict[str, Any], schemas: dict[str, Any], reads: set[Place] | None, unit: Callable[[Place, set[Place] | None], Any] | None = None) -> None:
        self.data, self.schemas, self.reads, self.unit = data, schemas, reads, unit

    def schema(self, name: str) -> Any:
        if self.reads is not None:
            self.reads.add(("components", "schemas", name))
        return self.schemas.get(name)

    def target(self, ref: str) -> Any:
        parts = parts_of(ref[1:]) if ref.startswith("#") else None
        if parts is None:
            return MISSING
        place = unit_of(parts) if parts else ()
        if self.reads is not None:
            self.reads.add(place)
        if self.unit is not None and len(place) in (2, 3) and lookup(self.data, place) is not MISSING:
            return lookup(self.unit(place, self.reads), parts[len(place) :])
        return lookup(self.data, parts)


class Staged:
    """The document after the changes each unit makes alone or by what it reads as written:
    a path item's parameters, bodies and answers (`_path_item`), the responses and request
    bodies of components, a base schema's discriminator."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        schemas = _schemas(data)
        self.bare = {name: _without_base_discriminator(schema) for name, schema in schemas.items()}
        self.v30 = str(data.get("openapi", "")).startswith("3.0")
        self._items: dict[Place, tuple[Any, set[Place]]] = {}  # units staged (_STAGES), with what they read

    def staged(self, place: Place, reads: set[Place] | None) -> Any:
        value = lookup(self.data, place)
        stage = _STAGES.get(place[:-1]) if len(place) in (2, 3) and isinstance(value, dict) else None
        if stage is not None:
            found = self._items.get(place)
            if found is None:  # (both passes stage each item they walk: once is enough)
                seen: set[Place] = set()
                found = self._items[place] = (stage(value, _Reader(self.data, self.bare, seen), place), seen)
            if reads is not None:
                reads |= found[1]
            return found[0]
        name = _component_schema(place)
        return self.bare[name] if name is not None else value

    def added(self, place: Place, reads: set[Place] | None) -> dict[str, list[str]]:
        """What the allOf extenders in the unit add to each closed component (`_extenders`)."""
        extra: dict[str, set[str]] = {}
        kind = kind_at(place)
        assert kind is not None  # (a unit the walks enter: for_mock_servers)
        _extenders(self.staged(place, reads), kind, place, _Reader(self.data, self.bare, reads), extra)
        return {name: sorted(names) for name, names in extra.items()}


class Meant:
    """The units as the mock reads them: staged, closed components opened to what their
    extenders add, then each schema as its document means it (`_as_meant`)."""

    def __init__(self, staged: Staged, extra: dict[str, set[str]]) -> None:
        self.staged = staged
        self.extra = extra
        self.schemas = {**staged.bare, **{name: _declaring_all(staged.bare[name], names) for name, names in extra.items() if name in staged.bare}}

    def opened(self, place: Place, reads: set[Place] | None) -> Any:
        """The unit staged and, a closed component, opened."""
        name = _component_schema(place)
        return self.schemas[name] if name is not None else self.staged.staged(place, reads)

    def final(self, place: Place, reads: set[Place] | None) -> Any:
        kind = kind_at(place)
        assert kind is not None
        reader = _Reader(self.staged.data, self.schemas, reads, self.opened)
        value = rewrite_schemas(self.opened(place, reads), functools.partial(_as_meant, v30=self.staged.v30, reader=reader), kind, place)
        name = _component_schema(place)
        if name is not None and isinstance(value, dict) and "example" not in value and _sampled_nodes(value, reader) >= _SAMPLED_SHARE:
            made = _server_example(self.staged.data, name, reads)
            if made is not None:
                value = {**value, "example": made}
        return value

    def patch(self, place: Place) -> str:
        """What opening a closed component adds to the unit at `place` ('' for none)."""
        name = _component_schema(place)
        return "+" + "\0".join(sorted(self.extra[name])) if name in self.extra else ""


# Prism's sampler gives up on an answer past 2,500 schema nodes (SCHEMA_TOO_COMPLEX); a
# component that alone takes a fifth of that is given an example, where the sampler stops.
_SAMPLED_SHARE = 500


def _sampled_nodes(schema: dict[str, Any], reader: _Reader) -> int:
    """How many nodes Prism's sampler visits for `schema`, up to `_SAMPLED_SHARE`: each
    node once per way down to it, no reference twice on one way, 15 objects deep; it stops
    at an example, a default, a const or an enum, takes the first member of a oneOf or an
    anyOf (the mock's oneOf is one), each part of an allOf. Densely linked schemas (xero's
    invoices, payments and credit notes, bunq's events) pass 2,500 in one answer, and Prism
    answered 500 (and on xero's cycles, failed on the references it made of them)."""
    count = 0

    def visit(node: Any, depth: int, way: frozenset[str]) -> None:
        nonlocal count
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in way:
                return
            way = way | {ref}
            found = reader.target(ref)
            node = None if found is MISSING else found
        if not isinstance(node, dict) or count >= _SAMPLED_SHARE:
            return
        count += 1
        if depth > 15 or "example" in node:
            return
        for part in node["allOf"] if isinstance(node.get("allOf"), list) else ():
            visit(part, depth, way)
        for key in ("oneOf", "anyOf"):
            members = node.get(key)
            if isinstance(members, list) and members:
                visit(members[0], depth, way)
                return
        if any(k in node for k in ("default", "const", "enum")):
            return
        properties = node.get("properties")
        for prop in properties.values() if isinstance(properties, dict) else ():
            visit(prop, depth + 1, way)
        for key, times in (("additionalProperties", 2), ("items", 1)):
            for _ in range(times if isinstance(node.get(key), dict) else 0):
                visit(node[key], depth + 1, way)

    visit(schema, 1, frozenset())
    return count


def _server_example(data: dict[str, Any], name: str, reads: set[Place] | None) -> Any:
    """The component's value as the generated tests' own answers have it (ExampleMaker's,
    written by the server, file contents as text), with the units it read noted; None where
    it has none."""
    resolver = RefResolver(Document("", "", data))
    resolver.reads = set()
    where = f"/components/schemas/{escape_pointer_token(name)}"
    try:
        value = ExampleMaker(resolver).value({"$ref": "#" + where}, where, full=True, writer="server")
        value = _without_refs(json.loads(json.dumps(value, default=json_default)))
    except GenerationError:
        return None
    finally:
        if reads is not None:
            reads |= {unit_of(parts) for target in resolver.reads for parts in (parts_of(target),) if parts}
    return value


def _schemas(data: dict[str, Any]) -> dict[str, Any]:
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def _as_meant(schema: Any, place: tuple[str, ...], v30: bool, reader: _Reader) -> Any:
    """OpenAPI 3.0 ignores what stands beside a `$ref` (`{$ref: Email, type: string}`, as
    clientsmith reads it); validators that follow later JSON Schema apply it. A discriminator
    that none of its members has a property for (placed a level too deep) is ignored. An
    integer's `format: int64` is left out: Prism refuses its values beyond 2^53 - 1; so is
    a string's format that its pattern or length contradicts (`_format_unmet`)."""
    if not isinstance(schema, dict):
        return schema
    if isinstance(schema.get("$ref"), str) and "/oneOf/" in schema["$ref"] and (ref := _through_any_of(schema["$ref"], reader)) != schema["$ref"]:
        schema = {**schema, "$ref": ref}
    if v30 and "$ref" in schema and len(schema) > 1:  # but readOnly, which the client follows there
        schema = {k: v for k, v in schema.items() if k in ("$ref", "readOnly", "writeOnly")}
    schema = _typed(_fitting_examples(schema, schema, reader))
    if not v30 and isinstance(schema.get("prefixItems"), list) and "items" in schema:
        schema = _tuple_as_prism_reads(schema)
    if schema.get("format") == "int64":  # (ajv's int64 ends at 2^53 - 1, JavaScript's safe integers)
        schema = {k: v for k, v in schema.items() if k != "format"}
    if "format" in schema and not _TEXT_LIMITS.isdisjoint(schema) and _is_string(schema) and _format_unmet(schema):
        schema = {k: v for k, v in schema.items() if k != "format"}
    if isinstance(schema.get("properties"), dict):
        schema = _flagged_beside_refs(schema, reader)
    if isinstance(schema.get("required"), list) and isinstance(schema.get("allOf"), list):
        schema = _read_only_from_parts(schema, reader)
    if v30 and "$ref" in schema:
        return schema
    discriminator = schema.get("discriminator")
    name = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
    members = schema.get("oneOf") or schema.get("anyOf")
    mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
    dangling = isinstance(mapping, dict) and not all(_names_a_schema(v, reader) for v in mapping.values())
    if dangling or (isinstance(name, str) and isinstance(members, list) and not any(name in _property_names(m, reader) for m in members)):
        schema = {k: v for k, v in schema.items() if k != "discriminator"}
    return _any_of(_open_to_members(_required_by_members(schema, reader), reader))


_TEXT_LIMITS = frozenset({"pattern", "minLength", "maxLength"})


def _format_unmet(schema: dict[str, Any]) -> bool:
    """Whether a string's test value, made to its pattern and length, is not of its format:
    they ask what no value has (amadeus' email pattern wants a backslash, escaped twice;
    zuora's uuid is 64 characters long), and the mock goes by the pattern and the length,
    as the tests do."""
    value = string_value(schema)
    return isinstance(value, str) and not is_of_format(value, schema["format"])


def _tuple_as_prism_reads(schema: dict[str, Any]) -> dict[str, Any]:
    """3.1's tuple: `prefixItems` the first items' schemas, `items` the rest's. Prism reads
    `items` as every item's (and no `prefixItems`): `items: false` is a most count there, and
    a schema any of the tuple's."""
    prefix, rest = schema["prefixItems"], schema["items"]
    out = {k: v for k, v in schema.items() if k != "items"}
    if rest is False:
        most = schema.get("maxItems")
        out["maxItems"] = min(most, len(prefix)) if isinstance(most, int) and not isinstance(most, bool) else len(prefix)
    elif rest is not True and rest != {}:
        out["items"] = {"anyOf": [*prefix, rest]}
    return out


def _through_any_of(ref: str, reader: _Reader) -> str:
    """A reference through a union that the mock reads as anyOf (`_any_of`), through its
    anyOf: bundlers point into operations (digitalocean's `#/paths/.../schema/oneOf/0/allOf/0`),
    and Prism, which resolves the mock's document, found no `oneOf` there."""
    parts = parts_of(ref[1:]) if ref.startswith("#/") else None
    written = ref[2:].split("/")  # (each token as written: percent-encoded or not)
    if parts is None or len(written) != len(parts):
        return ref
    for i, token in enumerate(parts):
        if token == "oneOf":
            holder = reader.target("#/" + "/".join(written[:i]))
            if isinstance(holder, dict) and isinstance(holder.get("oneOf"), list) and "anyOf" not in holder:
                written[i] = "anyOf"
    return "#/" + "/".join(written)


def _any_of(schema: dict[str, Any]) -> dict[str, Any]:
    """A oneOf read as anyOf, as the client reads it (its unions take the first member a
    value fits, or the one a discriminator names) and the mock transport does: documents
    list members that one value fits several of (an object of optional properties), so that
    read strictly no value passes, and Prism ignores discriminators."""
    if "oneOf" not in schema or "anyOf" in schema:
        return schema
    return {("anyOf" if k == "oneOf" else k): v for k, v in schema.items()}


def _typed(schema: dict[str, Any]) -> dict[str, Any]:
    """The type that keywords imply, written out where nothing else says it (as the IR reads
    it): Prism's sampler takes `{properties, uniqueItems: false}` for a list."""
    if "type" in schema or any(k in schema for k in ("$ref", "allOf", "anyOf", "oneOf", "not", "enum", "const")):
        return schema
    implied = implied_type(schema)
    return {**schema, "type": implied} if implied else schema


def _fits(value: Any, schema: dict[str, Any], reader: _Reader) -> bool:
    return fits_deep(value, schema, lambda node: _resolved(node, reader)) and not _dangling_refs(value, reader)


def _dangling_refs(value: Any, reader: _Reader) -> bool:
    """Whether an example value holds a `$ref` that leads nowhere in the document (an example
    of a JSON Schema, kubernetes': `{"$ref": "string"}`). Prism resolves every `$ref` of the
    document, examples' too, and took that one for a file: it did not start."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not (ref.startswith("#/") and reader.target(ref) is not MISSING):
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _without_refs(value: Any) -> Any:
    """A made example without the `$ref` keys of its objects (a property of that name, as a
    JSON Schema object has): Prism would read them as references (`_dangling_refs`)."""
    if isinstance(value, dict):
        return {k: _without_refs(v) for k, v in value.items() if not (k == "$ref" and isinstance(v, str))}
    if isinstance(value, list):
        return [_without_refs(v) for v in value]
    return value


def _names_a_schema(target: Any, reader: _Reader) -> bool:
    """schema_keys.names_a_schema, read through `reader`."""
    if not isinstance(target, str):
        return False
    if target.startswith("#"):
        return reader.target(target) is not MISSING
    return reader.schema(target) is not None or target in reader.schemas


def _required_by_members(schema: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    required = schema.get("required")
    members = [m for key in ("oneOf", "anyOf") if isinstance(schema.get(key), list) for m in schema[key]]
    if not isinstance(required, list) or not members:
        return schema
    own = _property_names({k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}, reader)
    alternatives = set().union(*(_property_names(m, reader) for m in members))
    kept = [name for name in required if name in own or name not in alternatives]
    if len(kept) == len(required):
        return schema
    return {k: v for k, v in schema.items() if k != "required"} | ({"required": kept} if kept else {})


def _flagged_beside_refs(schema: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    """A property whose `$ref` names a readOnly schema is readOnly, as clientsmith reads it:
    the mock's request check looks only beside the ref."""
    properties = schema["properties"]
    flagged = {n: {**p, "readOnly": True} for n, p in properties.items() if isinstance(p, dict) and p.get("readOnly") is not True and _says_read_only(p, reader)}
    return {**schema, "properties": {**schema["properties"], **flagged}} if flagged else schema


def _read_only_from_parts(schema: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    """`required: [id]` over `allOf: [Base]` whose `id` is readOnly: the request check, which
    looks beside `required`, sees it so (the client leaves it out, as the IR merges the parts)."""
    own = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
    hidden = set().union(*(_property_names(m, reader, keep=lambda p: _says_read_only(p, reader)) for m in schema["allOf"]))
    # not declared here, or only as any value (a closed extender declaring its base's names)
    flagged = {name: {"readOnly": True} for name in schema["required"] if name in hidden and not own.get(name)}
    return {**schema, "properties": {**own, **flagged}} if flagged else schema


def _open_to_members(schema: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    """A closed schema, or closed inline allOf member, declares its siblings' properties."""
    parts = [m for key in ("allOf", "oneOf", "anyOf") if isinstance(schema.get(key), list) for m in schema[key]]
    if not parts:
        return schema
    names = set().union(*(_property_names(m, reader) for m in parts))
    schema = _declaring(schema, names)
    allof = schema.get("allOf")
    if isinstance(allof, list):
        every = names | _property_names(schema, reader)
        opened = [_declaring(m, every) if isinstance(m, dict) and "$ref" not in m else m for m in allof]
        if any(a is not b for a, b in zip(opened, allof)):
            schema = {**schema, "allOf": opened}
    return schema


def _declaring(schema: dict[str, Any], names: set[str]) -> dict[str, Any]:
    """A closed schema with `names` declared (as any value) beside its properties."""
    if not _is_closed(schema):
        return schema
    return _declaring_all(schema, names)


def _declaring_all(schema: dict[str, Any], names: set[str]) -> dict[str, Any]:
    known: dict[str, Any] = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
    missing = sorted(n for n in names if n not in known)
    if not missing:
        return schema
    return {**schema, "properties": {**known, **{n: {} for n in missing}}}


def _extenders(node: Any, kind: Kind, place: tuple[str, ...], reader: _Reader, extra: dict[str, set[str]]) -> None:
    """Collect, for each closed component of an allOf (the extender itself, each base it
    extends and their own bases in turn), the names the other parts add."""
    if kind == "schema" and isinstance(node, dict) and isinstance(node.get("allOf"), list):
        names = _property_names(node, reader)
        closed = _closed_bases(node, reader, set())
        if len(place) == 3 and place[:2] == ("components", "schemas") and _is_closed(node):
            closed.add(place[2])
        for name in closed:
            extra.setdefault(name, set()).update(names)
    if isinstance(node, list):
        for value in node:
            _extenders(value, "schema" if kind == "schema-list" else kind, place, reader, extra)
    elif isinstance(node, dict):
        for key, value in node.items():
            sub = child_kind(kind, key, place)
            if sub is not None and sub != "discriminator" and isinstance(value, (dict, list)):
                _extenders(value, sub, (*place, key), reader, extra)


def _closed_bases(schema: dict[str, Any], reader: _Reader, seen: set[str]) -> set[str]:
    """The closed components among the allOf members of `schema`, and of theirs (each once)."""
    found: set[str] = set()
    for member in schema.get("allOf") or []:
        name = component_of(member)
        base = reader.schema(name) if name is not None and name not in seen else None
        if name is None or not isinstance(base, dict):
            continue
        seen.add(name)
        if _is_closed(base):
            found.add(name)
        if isinstance(base.get("allOf"), list):
            found |= _closed_bases(base, reader, seen)
    return found


def _is_closed(schema: dict[str, Any]) -> bool:
    return schema.get("additionalProperties") not in (None, True)


def _property_names(schema: Any, reader: _Reader, depth: int = 0, keep: Callable[[Any], bool] | None = None) -> set[str]:
    """The properties of a schema and its allOf parts (those whose schema `keep` takes)."""
    name = component_of(schema)
    if name and depth < 16:
        schema = reader.schema(name)
    if not isinstance(schema, dict):
        return set()
    properties = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
    names = {p for p, sub in properties.items() if keep is None or keep(sub)}
    for member in schema.get("allOf") or [] if depth < 16 else []:
        names |= _property_names(member, reader, depth + 1, keep)
    return names


def _says_read_only(prop: Any, reader: _Reader) -> bool:
    """readOnly on the property, or on what its `$ref` names (as clientsmith reads it)."""
    return any(isinstance(s, dict) and s.get("readOnly") is True for s in (prop, _resolved(prop, reader)))


def _without_base_discriminator(schema: Any) -> Any:
    if isinstance(schema, dict) and "discriminator" in schema and "oneOf" not in schema and "anyOf" not in schema:
        return {k: v for k, v in schema.items() if k != "discriminator"}
    return schema


def _path_item(item: dict[str, Any], reader: _Reader, written: str) -> dict[str, Any]:
    """A path item's parameters and operations as a mock server should read them; `written`
    its path as the document writes it."""
    new_item = item
    for key, node in [("parameters", item), *((m, item.get(m)) for m in _METHODS)]:
        target = node.get("parameters") if isinstance(node, dict) else None
        if not isinstance(target, list):
            continue
        plain = [p for p in _plain_parameters(target, reader) if has_a_place(_resolved(p, reader), written)]
        if plain != target:
            new_item = dict(new_item) if new_item is item else new_item
            if key == "parameters":
                new_item["parameters"] = plain
            else:
                new_item[key] = {**new_item[key], "parameters": plain}
    for method in _METHODS:
        operation = new_item.get(method)
        served = _operation(operation, reader) if isinstance(operation, dict) else operation
        if served is not operation:
            new_item = dict(new_item) if new_item is item else new_item
            new_item[method] = served
    return new_item


def _operation(operation: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    """An operation's bodies and answers as the client sends and reads them, a success
    where it declares none, and no callbacks (requests the API makes, which the client
    never sees: Prism makes them, to the document's example hosts, and died of one)."""
    out = {k: v for k, v in operation.items() if k != "callbacks"} if "callbacks" in operation else operation
    body = operation.get("requestBody")
    sent = _request_body(body, reader) if isinstance(body, dict) else body
    if sent is not body:
        out = {**out, "requestBody": sent}
    responses = operation.get("responses", {})
    if isinstance(responses, dict):
        served = {code: _response(answer, reader) for code, answer in responses.items()}
        if not any(str(code).startswith("2") or code == "default" for code in responses):
            served["200"] = _UNDESCRIBED
        if len(served) != len(responses) or any(served[code] is not answer for code, answer in responses.items()):
            out = {**out, "responses": served}
    return out


def _request_body(body: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    """A form's encoding written out, a multipart one without what OpenAPI ignores there; a
    body the client sends as given takes any value, bytes whatever schema the document
    gives them (`format: byte`, base64 text, for image/jpeg), text where its schema is no
    string's (an object for `text/plain`), a form whose schema admits no object (the client
    sends spoonacular's `type: string` form as it is given; Prism reads its fields, an
    object); a required body that may be an urlencoded form is not required (Prism reads an
    empty form, which the client sends when no field is given, as no body), nor one of no
    media type (`content: {}`, or spoonacular's `""`: the client has nothing to send);
    example values given by reference inlined (`_examples_inlined`)."""
    content = body.get("content")
    if not isinstance(content, dict):
        return body
    if body.get("required") and (all(meant_media_type(media) is None for media in content) or any(_media_kind(media) == "form" for media in content)):
        body = {**body, "required": False}
    changed = {}
    for media, value in content.items():
        if not isinstance(value, dict):
            continue
        kind = _media_kind(media)
        if kind in ("form", "multipart") and _fieldless(value.get("schema"), reader):
            changed[media] = {**value, "schema": {}}
        elif kind == "form":
            encoding = _explicit(value, reader)
            if encoding != value.get("encoding"):
                changed[media] = {**value, "encoding": encoding}
            schema = _fields_as_read(value.get("schema"), reader)
            if schema is not value.get("schema"):
                changed[media] = {**changed.get(media, value), "schema": schema}
        elif kind == "multipart":
            written = value.get("encoding")
            unstyled = {k: _unstyled(e) for k, e in written.items()} if isinstance(written, dict) else written
            if unstyled != written:
                changed[media] = {**value, "encoding": unstyled}
            schema = _parts_as_read(value, reader)
            if schema is not value.get("schema"):
                changed[media] = {**changed.get(media, value), "schema": schema}
        elif kind == "binary" and value.get("schema", {}) != {} or kind == "text" and "schema" in value and not _is_string(_resolved(value["schema"], reader)):
            changed[media] = {**value, "schema": {}}
        current = changed.get(media, value)
        if (inlined := _examples_inlined(current, reader, media=True)) is not current:
            changed[media] = inlined
    return _with_content(body, content, changed)


def _fieldless(schema: Any, reader: _Reader) -> bool:
    """Whether a form's schema admits no object: the client sends the body as it is given
    (build.py, `_convert_body`)."""
    declared = types_allowed(schema, lambda node: _resolved(node, reader))
    return declared is not None and "object" not in declared


def _parts_as_read(media: dict[str, Any], reader: _Reader) -> Any:
    """A multipart form's schema, with any value for each field that Prism cannot read as
    the client sends it: one its encoding sends as a JSON part (build._part_types; Prism
    reads every part as text, and the JSON of an object is no object there), an object or
    a list (a JSON part, repeated parts of one name, which Prism reads as no list, or
    nested fields); an object or a list is not required either (nested fields are not it).
    The same in each member of a union of forms (zoom's)."""
    written = media.get("encoding")
    read = _form_as_read(media.get("schema"), written if isinstance(written, dict) else {}, reader)
    return media.get("schema") if read is None else read


def _form_as_read(written: Any, encoding: dict[str, Any], reader: _Reader, depth: int = 0) -> Any:
    """_parts_as_read's schema, or None where nothing changes."""
    schema = _flat(_resolved(written, reader), reader)
    if not isinstance(schema, dict) or depth > 8:
        return None
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        for key in ("oneOf", "anyOf"):
            members = schema.get(key)
            if isinstance(members, list):
                read = [_form_as_read(m, encoding, reader, depth + 1) for m in members]
                if any(r is not None for r in read):
                    return {**schema, key: [m if r is None else r for m, r in zip(members, read)]}
        return None
    structured = {name for name, prop in properties.items() if _object_or_list(prop, reader) or _may_be_list(prop, reader)}
    unread = structured | {name for name in properties if is_json_media(part_media_type(encoding.get(name)) or "")}
    return _any_values(schema, unread, structured) if unread else None


def _any_values(schema: dict[str, Any], unread: set[str], unrequired: set[str]) -> dict[str, Any]:
    """A form's object schema with any value for each field in `unread`, and those in
    `unrequired` not required."""
    out = {**schema, "properties": {name: {} if name in unread else prop for name, prop in schema["properties"].items()}}
    required = schema.get("required")
    if isinstance(required, list) and unrequired & set(required):
        out["required"] = [name for name in required if name not in unrequired]
        if not out["required"]:
            del out["required"]
    return out


def _flat(schema: Any, reader: _Reader, depth: int = 0) -> Any:
    """An object schema with the properties and required names of its allOf parts merged
    in (gerermesaffaires' and PeerTube's forms), so that each field is where it can be
    changed: each part that says nothing else (a part with a union, say, stays a part)."""
    if not isinstance(schema, dict) or not isinstance(schema.get("allOf"), list) or depth > 8:
        return schema
    parts = [(written, _flat(_resolved(written, reader), reader, depth + 1)) for written in schema["allOf"]]
    plain = [part for _, part in parts if _plain_object(part)]
    if not plain:
        return schema
    properties: dict[str, Any] = {}
    required: list[Any] = []
    for part in [*plain, schema]:
        properties.update(part.get("properties") or {})
        required += [name for name in part.get("required") or [] if name not in required]
    out = {k: v for k, v in schema.items() if k != "allOf"}
    kept = [written for written, part in parts if not _plain_object(part)]
    return {**out, "type": "object", "properties": properties, **({"required": required} if required else {}), **({"allOf": kept} if kept else {})}


def _plain_object(schema: Any) -> bool:
    """An object schema of properties and required names alone (and words about them)."""
    return isinstance(schema, dict) and set(schema) <= _FLAT_KEYS and schema.get("type", "object") == "object"


_FLAT_KEYS = frozenset({"type", "properties", "required", "description", "title", "example"})


def _fields_as_read(written: Any, reader: _Reader) -> Any:
    """An urlencoded form's schema with any value, not required, for each field that Prism
    cannot read as the client sends it: one that may be a list or something else
    (`_may_be_list`), and an object that Prism refuses when left out or empty (it builds
    one anyway, `_built_when_left_out`: stripe's `features={}`); `written` where there is
    none."""
    schema = _flat(_resolved(written, reader), reader)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict):
        return written
    unread = {name for name, prop in properties.items() if _may_be_list(prop, reader) or _built_object(prop, reader)}
    return _any_values(schema, unread, unread) if unread else written


def _built_object(schema: Any, reader: _Reader) -> bool:
    """An object that Prism builds when it is left out or empty, and then refuses."""
    resolved = _resolved(schema, reader)
    return isinstance(resolved, dict) and _kind(resolved) == "object" and _built_when_left_out(resolved, reader)


def _may_be_list(schema: Any, reader: _Reader, texts: bool = True) -> bool:
    """A schema that takes a list or something else (stripe's `anyOf: [array, enum [""]]`,
    or `type: [array, string]`): Prism reads a field's repeated key as a list only by the
    type `array` alone, and its one value (a list of one item) as text. With `texts`
    False, not one that takes any text too (`oneOf: [string, array]`), which that reads."""
    schema = _resolved(schema, reader)
    if not isinstance(schema, dict):
        return False
    kinds = schema.get("type")
    if isinstance(kinds, list):
        return "array" in kinds and bool(set(kinds) - {"array", "null"}) and (texts or "string" not in kinds or bool(_TEXT_BOUNDS & set(schema)))
    members = schema.get("anyOf") or schema.get("oneOf")
    if kinds is not None or not isinstance(members, list):
        return False
    resolved = [m for m in (_resolved(m, reader) for m in members) if isinstance(m, dict)]
    found = {_kind(m) for m in resolved}
    if not texts and any(_kind(m) == "string" and not _TEXT_BOUNDS & set(m) for m in resolved):
        return False
    return "array" in found and bool(found - {"array", "null"})


_TEXT_BOUNDS = frozenset({"enum", "const", "pattern", "format", "minLength", "maxLength"})


def _object_or_list(schema: Any, reader: _Reader, depth: int = 0) -> bool:
    """A schema of objects or lists, and nothing else: by its type, its keywords, a part
    of its allOf (rev.ai's options), or every member of its union."""
    schema = _resolved(schema, reader)
    if not isinstance(schema, dict) or depth > 8:
        return False
    kinds = schema.get("type")
    kinds = {kinds} if isinstance(kinds, str) else set(kinds) if isinstance(kinds, list) else set()
    if kinds:
        return kinds - {"null"} <= {"object", "array"}
    if any(key in schema for key in ("properties", "additionalProperties", "items")):
        return True
    parts = schema.get("allOf")
    if isinstance(parts, list) and any(_object_or_list(part, reader, depth + 1) for part in parts):
        return True
    members = schema.get("oneOf") or schema.get("anyOf")
    return isinstance(members, list) and bool(members) and all(_object_or_list(m, reader, depth + 1) for m in members)


def _unstyled(encoding: Any) -> Any:
    if not isinstance(encoding, dict) or not any(k in encoding for k in ("style", "explode", "allowReserved")):
        return encoding
    return {k: v for k, v in encoding.items() if k not in ("style", "explode", "allowReserved")}


_TRANSPORT_HEADERS = frozenset({"content-type", "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"})


def _response(answer: Any, reader: _Reader) -> Any:
    """JSON without a schema as any JSON value (Prism sends no body for it); an answer the
    client reads as bytes or text (a form or multipart one too) as a string, whatever its
    schema or without one (Prism has no writer for an object as text, nor for a value of
    no schema but JSON's: it answered 500), but `*/*` of an object or a list, which the
    client reads as JSON (offered as JSON too: Prism matches `Accept: application/json` to
    no range); examples that are not of their schema's type or format left out (Prism would
    send them); no header of the transport (a document made from recorded traffic lists
    `Content-Encoding: gzip`, which Prism sent over a body it had not compressed); no header
    example that no header can hold (velopayments' `Location`, a paragraph of HTML: Prism
    died writing it)."""
    headers = answer.get("headers") if isinstance(answer, dict) and "$ref" not in answer else None
    if isinstance(headers, dict):
        kept = {name: _sendable(h, reader) for name, h in headers.items() if str(name).lower() not in _TRANSPORT_HEADERS}
        if len(kept) != len(headers) or any(kept[name] is not h for name, h in headers.items() if name in kept):
            answer = {**answer, "headers": kept}
    content = answer.get("content") if isinstance(answer, dict) and "$ref" not in answer else None
    if not isinstance(content, dict):
        return answer
    changed = {}
    for media, value in content.items():
        if not isinstance(value, dict):
            continue
        read_as_is = _media_kind(media) != "json"  # (a form or multipart answer too: the client reads its bytes)
        if "schema" not in value:
            text = {"type": "string"}  # (its examples that are no text left out: osdb's object for */*)
            changed[media] = _fitting_examples({**value, "schema": text}, text, reader) if read_as_is else {**value, "schema": {}}
            continue
        schema = _resolved(value["schema"], reader)
        if not isinstance(schema, dict):
            continue
        if read_as_is and not _is_string(schema):
            if media == "*/*" and is_structured(schema) and not any(_media_kind(m) == "json" for m in content):
                changed["application/json"] = value  # JSON, which the client asks for by name
            else:
                text = {"type": "string"}  # read as bytes or text; so are its examples
                changed[media] = _fitting_examples({**value, "schema": text}, text, reader)
            continue
        kept = _fitting_examples(value, schema, reader)
        if kept is not value:
            changed[media] = kept
    return _with_content(answer, content, changed)


def _sendable(header: Any, reader: _Reader) -> Any:
    """An answer's header without the examples (its own, its schema's) that a header cannot
    hold (a control character); a list or an object as text (Prism makes up no value for
    it, then splits the missing value to check it, and dies: beezup's `Cache-Control`)."""
    found = _resolved(header, reader)
    schema = _resolved(found.get("schema"), reader) if isinstance(found, dict) else None
    if isinstance(schema, dict) and _kind(schema) in ("array", "object"):
        text = {"type": "string"}
        return {**{k: v for k, v in found.items() if k not in ("example", "examples")}, "schema": text}
    if not isinstance(header, dict) or "$ref" in header:
        return header
    out = {k: v for k, v in header.items() if k != "example" or fits_a_header(v)}
    schema = header.get("schema")
    if isinstance(schema, dict) and "example" in schema and not fits_a_header(schema["example"]):
        out["schema"] = {k: v for k, v in schema.items() if k != "example"}
    return header if out == header else out


def _with_content(holder: dict[str, Any], content: dict[str, Any], changed: dict[str, Any]) -> dict[str, Any]:
    """The body or answer with its media types `changed`, and read as the client reads
    them (styles.meant_media_type): without the keys that are no media type (Prism sent
    one as Content-Type and died), with the slash a writer left out."""
    if not changed and all(meant_media_type(m) == m for m in content):
        return holder
    meant = ((meant_media_type(m), v) for m, v in {**content, **changed}.items())
    return {**holder, "content": {m: v for m, v in meant if m is not None}}


def _fitting_examples(node: dict[str, Any], schema: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    """A schema, or a media type object, without the examples that are not of the schema's
    type or format (Prism answers with them: a JSON text for an object). A schema's
    `examples` are values; a media type's, Example Objects."""
    media = node is not schema
    out = _examples_inlined(node, reader, media)
    if "example" in out and not _fits(out["example"], schema, reader):
        out = {k: v for k, v in out.items() if k != "example"}
    examples = out.get("examples")
    if isinstance(examples, list):
        kept: list[Any] | dict[str, Any] = [e for e in examples if _fits(e, schema, reader)]
    elif isinstance(examples, dict) and media:
        kept = {name: e for name, e in examples.items() if _example_fits(e, schema, reader)}
    else:
        return out
    if len(kept) != len(examples):
        out = {k: v for k, v in out.items() if k != "examples"} | ({"examples": kept} if kept else {})
    return out


def _examples_inlined(node: dict[str, Any], reader: _Reader, media: bool) -> dict[str, Any]:
    """A schema, or a media type object, whose example values given as references into the
    document (`{$ref: '#/components/schemas/Audio/example'}`, shutterstock's) are what they
    point to, and those that point to nothing are left out. OpenAPI reads a value as it is,
    but Prism resolves every `$ref` of the document, and one to an example that the mock's
    document leaves out (not of its schema's type) would dangle: Prism would not start."""
    out = node
    if "example" in node and (value := _inlined(node["example"], reader)) is not node["example"]:
        out = {k: v for k, v in out.items() if k != "example"} | ({} if value is MISSING else {"example": value})
    examples = node.get("examples")
    if isinstance(examples, list):
        values = [_inlined(e, reader) for e in examples]
        kept: list[Any] | dict[str, Any] = [v for v in values if v is not MISSING]
        changed = any(v is not e for v, e in zip(values, examples))
    elif isinstance(examples, dict) and media:  # (Example Objects)
        objects = {name: _example_inlined(e, reader) for name, e in examples.items()}
        kept = {name: e for name, e in objects.items() if e is not MISSING}
        changed = any(objects[name] is not e for name, e in examples.items())
    else:
        return out
    if changed:
        out = {k: v for k, v in out.items() if k != "examples"} | ({"examples": kept} if kept else {})
    return out


def _example_inlined(example: Any, reader: _Reader) -> Any:
    """An Example Object whose value is given as a reference, with what it points to (a copy
    of the Example Object where that is a component's); MISSING where it points to nothing."""
    resolved = _resolved(example, reader)
    if not isinstance(resolved, dict) or "value" not in resolved:
        return example
    value = _inlined(resolved["value"], reader)
    if value is MISSING:
        return MISSING
    return example if value is resolved["value"] else {**resolved, "value": value}


def _inlined(value: Any, reader: _Reader) -> Any:
    """An example value, or what it points to where it is a reference into the document
    (MISSING for nothing)."""
    if not (isinstance(value, dict) and isinstance(value.get("$ref"), str) and value["$ref"].startswith("#/")):
        return value
    found = _resolved(value, reader)
    return MISSING if found is None else found


def _example_fits(example: Any, schema: dict[str, Any], reader: _Reader) -> bool:
    """Whether an Example Object's value fits (one that gives none, or a URL, is kept)."""
    resolved = _resolved(example, reader)
    return not isinstance(resolved, dict) or "value" not in resolved or _fits(resolved["value"], schema, reader)


def _media_kind(key: str) -> str:
    """json, multipart, form, text or binary: how the client sends or reads a body of the
    media type a key means."""
    return body_kind(meant_media_type(key) or key)


def _is_string(schema: Any) -> bool:
    kinds = schema.get("type") if isinstance(schema, dict) else None
    return kinds == "string" or (isinstance(kinds, list) and "string" in kinds)


_UNCHECKED_HEADERS = IGNORED_HEADERS | {"accept-encoding"}
_ENCODED_NAME = re.compile(r"[^A-Za-z0-9;,/?:@&=+$\-_.!~*'()#]")  # what JavaScript's encodeURI encodes


def _plain_parameters(parameters: list[Any], reader: _Reader) -> list[Any]:
    plain = []
    for raw in parameters:
        param = _resolved(raw, reader)
        if isinstance(param, dict) and param.get("in") == "header" and str(param.get("name", "")).lower() in _UNCHECKED_HEADERS:
            continue  # OpenAPI ignores these (the client does; Prism checks them), and httpx2 writes Accept-Encoding
        if isinstance(param, dict) and (param.get("in") in ("path", "header") and _structured(param, reader) or _misread_style(param, reader) or param.get("in") == "query" and _may_be_list(param.get("schema"), reader, texts=False)):
            raw = {k: v for k, v in param.items() if k not in ("style", "explode", "content")}
            raw["schema"] = {}
            if param.get("style") == "deepObject":  # (sent as `scope[type]=...`, never by its name, which Prism now looks for: stripe's)
                raw["required"] = False
        elif isinstance(param, dict) and (listed := _one_list(param.get("schema"), reader)) is not None:
            raw = {**param, "schema": listed}
        elif isinstance(param, dict) and (typed := _values_typed(param.get("schema"), reader)) is not None:
            raw = {**param, "schema": typed}
        elif isinstance(param, dict) and _exploded_by_default(param, reader):
            raw = {**param, "explode": True}
        written = param if isinstance(raw, dict) and "$ref" in raw else raw  # (a component's: a copy of it here)
        if isinstance(written, dict) and written.get("in") == "query" and written.get("required") and _ENCODED_NAME.search(str(written.get("name", ""))):
            raw = {**written, "required": False}  # Prism looks for it by its encoded name (`filter%5btag%5d`), which no request has
        plain.append(raw)
    return plain


def _exploded_by_default(param: dict[str, Any], reader: _Reader) -> bool:
    """Whether a query parameter is an object of form style that OpenAPI explodes by default
    (as the client sends it), which Prism reads unexploded unless `explode` says so: it
    looked for `?json=` where the client sent the message's properties (seldon's)."""
    schema = _resolved(param.get("schema"), reader)
    return param.get("in") == "query" and param.get("style", "form") == "form" and "explode" not in param and isinstance(schema, dict) and _kind(schema) == "object"


def _values_typed(schema: Any, reader: _Reader) -> dict[str, Any] | None:
    """A parameter's `enum` or `const` of numbers or booleans and no `type` (its items' too)
    with the type its values imply: Prism reads parameter text as a number only by its type
    (`enum: [1, 2]` refused `mode=1`). None where nothing changes."""
    schema = _resolved(schema, reader)
    if not isinstance(schema, dict):
        return None
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        typed = _values_typed(schema["items"], reader)
        return {**schema, "items": typed} if typed is not None else None
    if "type" in schema:
        return None
    values = [schema["const"]] if "const" in schema else schema.get("enum")
    if not isinstance(values, list) or not values:
        return None
    kinds = {"boolean" if isinstance(v, bool) else "integer" if isinstance(v, int) else "number" if isinstance(v, float) else "other" for v in values if v is not None}
    kinds = kinds - {"integer"} if {"integer", "number"} <= kinds else kinds
    if not kinds or "other" in kinds:
        return None
    return {**schema, "type": kinds.pop() if len(kinds) == 1 else sorted(kinds)}  # ([boolean, integer]: nexmo's true, false, 0, 1)


def _one_list(schema: Any, reader: _Reader) -> dict[str, Any] | None:
    """A parameter's list as Prism's deserializer reads a list, which is only by its type
    `array`: a nullable list without its null, which no parameter sends (the client leaves
    None out; Prism reads a list of type [array, null] as one value), and a union of lists
    (shutterstock's country codes, or country codes each negated) a list of any of their
    items (Prism read its one value as a string). None where the schema is neither."""
    schema = _resolved(schema, reader)
    if not isinstance(schema, dict):
        return None
    kinds = schema.get("type")
    if schema.get("nullable") is True and kinds == "array":
        return {k: v for k, v in schema.items() if k != "nullable"}
    if isinstance(kinds, list) and "array" in kinds and "null" in kinds:
        return {**schema, "type": [k for k in kinds if k != "null"]}
    members = schema.get("anyOf") or schema.get("oneOf")
    if kinds is None and isinstance(members, list):
        resolved = [_resolved(member, reader) for member in members]
        lists = [m for m in resolved if isinstance(m, dict) and m.get("type") == "array"]
        if lists and all(m in lists or isinstance(m, dict) and m.get("type") == "null" for m in resolved):
            rest = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf", "discriminator")}
            return {**rest, "type": "array", "items": {"anyOf": [m.get("items", {}) for m in lists]}}
    return None


def _misread_style(param: dict[str, Any], reader: _Reader) -> bool:
    """A query parameter whose style Prism's deserializer misreads:
    - a list of lists or of objects, whose serialization OpenAPI leaves undefined (evetech's
      pairs of ids, Box's metadata filters): it reads each item as a string;
    - a delimited style that is no list (an object, which OpenAPI allows): it takes only
      lists, and dies of one;
    - deepObject where a value left out fails (`_built_when_left_out`)."""
    style = param.get("style")
    if param.get("in") != "query":
        return False
    schema = _resolved(param.get("schema"), reader)
    items = _resolved(schema.get("items"), reader) if isinstance(schema, dict) and _kind(schema) == "array" else None
    if isinstance(items, dict) and _kind(items) in ("array", "object"):
        return True
    if style not in ("spaceDelimited", "pipeDelimited", "deepObject"):
        return False
    if style != "deepObject":
        return not (isinstance(schema, dict) and _kind(schema) == "array")
    return _built_when_left_out(schema, reader)


def _built_when_left_out(schema: Any, reader: _Reader, depth: int = 0) -> bool:
    """Whether Prism refuses a deepObject value left out: it builds one anyway, an object
    without fields, each list property empty and each object property built alike."""
    schema = _resolved(schema, reader)
    if not isinstance(schema, dict) or depth > 8:
        return False
    if isinstance(schema.get("required"), list) and schema["required"]:
        return True
    properties = schema.get("properties")
    for prop in properties.values() if isinstance(properties, dict) else ():
        prop = _resolved(prop, reader)
        if not isinstance(prop, dict):
            continue
        if _kind(prop) == "array" and prop.get("minItems", 0) != 0:
            return True
        if _kind(prop) == "object" and _built_when_left_out(prop, reader, depth + 1):
            return True
    return False


def _structured(param: dict[str, Any], reader: _Reader) -> bool:
    if param.get("style", "simple") != "simple" or "content" in param:
        return True
    schema = _resolved(param.get("schema"), reader)
    return isinstance(schema, dict) and _kind(schema) in ("array", "object")


def _kind(schema: dict[str, Any]) -> Any:
    """The schema's type, or the one its keywords imply, as the client reads it."""
    return schema.get("type") or implied_type(schema)


def _explicit(media: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    encoding = dict(media["encoding"]) if isinstance(media.get("encoding"), dict) else {}
    schema = _resolved(media.get("schema"), reader)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    for name, prop in (properties.items() if isinstance(properties, dict) else ()):
        kind = _resolved(prop, reader)
        if isinstance(kind, dict) and kind.get("type") in ("array", "object") and name not in encoding:
            encoding[name] = {"style": "form", "explode": True}
    return encoding


def _resolved(node: Any, reader: _Reader) -> Any:
    for _ in range(16):  # a chain of refs, not a cycle
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        found = reader.target(ref)
        node = None if found is MISSING else found
    return node


# The units staged alone, by the place of their section: path items, and the responses and
# request bodies of components.
_STAGES: dict[Place, Callable[[dict[str, Any], _Reader, Place], Any]] = {
    ("paths",): lambda item, reader, place: _path_item(item, reader, place[-1]),
    ("components", "responses"): lambda answer, reader, _: _response(answer, reader),
    ("components", "requestBodies"): lambda body, reader, _: _request_body(body, reader),
}


def originals(document: Any, mock: Any, where: str = "") -> list[list[Any]]:
    """What `for_mock_servers` changed, as `[pointer, the user's value]` (or `[pointer]` where
    the user's document has nothing, `[pointer, None, keys]` where the mock moved the user's
    keys): with these, `restored` gives the user's document back from the mock's
    (`clientsmith diff` compares against the last generated state, and the order of paths
    is the order of operations). Copy on write keeps what did not change the same object:
    this walks only what did."""
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
        out.sort(key=lambda entry: str(entry[0]))
        if [k for k in document if k in mock] != [k for k in mock if k in document]:
            out.insert(0, [where, None, [str(k) for k in document]])
        return out
    if isinstance(document, list) and isinstance(mock, list) and len(document) == len(mock):
        return [entry for i, (a, b) in enumerate(zip(document, mock)) for entry in originals(a, b, f"{where}/{i}")]
    return [] if document == mock else [[where, document]]


def restored(mock: Any, changes: list[list[Any]]) -> Any:
    """The user's document from the mock's and what `originals` recorded (the mock's is
    changed in place); the order of keys last, once the keys are back."""
    for entry in changes:
        parts = tokens(entry[0])
        if len(entry) == 3:
            continue
        if not parts:
            mock = entry[1]
            continue
        parent = lookup(mock, parts[:-1])
        key: Any = int(parts[-1]) if isinstance(parent, list) else parts[-1]
        if len(entry) == 1:
            parent.pop(key, None) if isinstance(parent, dict) else None
        elif isinstance(parent, (dict, list)):
            parent[key] = entry[1]
    for entry in changes:
        node = lookup(mock, tokens(entry[0])) if len(entry) == 3 else None
        if isinstance(node, dict):
            keys = [k for k in entry[2] if k in node] + [k for k in node if k not in entry[2]]
            items = [(k, node.pop(k)) for k in keys]
            node.update(items)
    return mock
