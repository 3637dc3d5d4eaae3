"""Which operations exist, and where they live: resources and method names from paths.

`POST /a/{id}/b` becomes `client.a.b.create(id)`: static path segments are resources, the
HTTP method and whether the path ends on an item or a collection give the method name, and a
trailing segment that is neither a collection nor an item (`.../cancel`) is an action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.ir import names
from generator.ir.schemas import child

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAM = re.compile(r"^\{[^{}]+\}$")
_ANY_PARAM = re.compile(r"\{[^{}]+\}")
_COLLECTION_VERBS = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete"}
_ITEM_VERBS = {"get": "retrieve", "post": "update", "put": "update", "patch": "update", "delete": "delete"}


@dataclass
class Route:
    key: str  # operationId, or "METHOD /path"
    method: str
    path: str
    node: dict[str, Any]
    pointer: list[object]
    resource: tuple[str, ...]
    method_name: str
    fixed_query: tuple[tuple[str, str], ...] = ()  # from a path such as `/responses?beta=true`
    # "GET /a/{x}" when an earlier path is this one with other parameter names (`/a/{y}`) and
    # has the same method: a server (a mock one too) cannot tell them apart, and answers as that
    shadowed_by: str = ""

    @cached_property
    def at(self) -> str:
        """`pointer` as a JSON pointer (made once: every node under the operation starts with it)."""
        return child("", *self.pointer)


@dataclass(frozen=True)
class Selection:
    tags: frozenset[str] = frozenset()
    paths: frozenset[str] = frozenset()
    operations: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.tags or self.paths or self.operations)

    def admits(self, route: Route) -> bool:
        if not self:
            return True
        tags = set(route.node.get("tags") or [])
        return bool(
            tags & self.tags
            or route.path in self.paths
            or f"{route.method.upper()} {route.path}" in self.paths
            or route.key in self.operations
        )


def collect(spec: dict[str, Any], selection: Selection, overrides: dict[str, str]) -> list[Route]:
    paths = spec.get("paths") or {}
    routes: list[Route] = []
    keys: set[str] = set()
    first: dict[tuple[str, str], tuple[str, str]] = {}  # (method, the path's shape) -> the first path of that shape, as said
    for path, item in paths.items():
        item = path_item(spec, item)
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            node = item.get(method)
            if not isinstance(node, dict):
                continue
            op_id = node.get("operationId")
            key = op_id if isinstance(op_id, str) and op_id else f"{method.upper()} {path}"
            if key in keys:  # a path item reached twice by $ref: one id, two paths
                key = f"{method.upper()} {path}"
            keys.add(key)
            # `/files/{path}#op=OPEN` (Azure): a fragment tells paths apart in the document
            # only, and is never sent; `?x=1` is a query that the client sends, `?q={q}` the
            # place of a query parameter, which sends itself
            clean, _, query = unfragmented(path).partition("?")
            pairs = (pair.partition("=") for pair in query.split("&") if pair)
            fixed = tuple((k, v) for k, _, v in pairs if not (v.startswith("{") and v.endswith("}")))
            # (as written: a fragment or a fixed query tells paths apart in the mock's document)
            earlier, said = first.setdefault((method, _ANY_PARAM.sub("{}", path)), (path, f"{method.upper()} {clean}"))
            route = Route(key, method, clean, node, ["paths", path, method], (), "", fixed, said if earlier != path else "")
            if selection.admits(route):
                routes.append(route)
    _name(routes, {p.partition("?")[0]: item for p, item in paths.items()}, overrides)
    return routes


def query_templates(written: str) -> dict[str, str]:
    """The parameters a path as written places in its query (`?lat={lat}&at={when}`), each
    with the name it is sent under."""
    query = unfragmented(written).partition("?")[2]
    pairs = (pair.partition("=") for pair in query.split("&") if pair)
    return {v[1:-1]: k for k, _, v in pairs if len(v) > 2 and v.startswith("{") and v.endswith("}")}


# The name of a parameter's argument where it is not the name it is sent under.
ARGUMENT = "x-clientsmith-argument"


def bare_path(written: str) -> str:
    """A path as written without its query and fragment (what a request's path is)."""
    return unfragmented(written).partition("?")[0]


def unfragmented(written: str) -> str:
    """A path as written without its fragment (`/files/{path}#op=OPEN`, Azure's way to tell
    operations of one path apart). A `#` with more path after it (`/send/#env/v1/{id}`:
    mastercard) is path text, which the client sends as `%23`: cut there, the request
    would leave out the rest of the path and the parameters in it."""
    before, _, after = written.partition("#")
    return written if "/" in after or "{" in after else before


def has_a_place(param: Any, written: str) -> bool:
    """Whether the path as written (`written`) places a parameter declared in it, as the
    validator reads the path (its query aside, a part after a `#` included), or in its query
    (`placed`). One it does not place no request can carry: the method leaves it out, and so
    does the mock's document (Prism refused every request without it)."""
    if not isinstance(param, dict) or param.get("in") != "path":
        return True
    return "{" + str(param.get("name")) + "}" in written.partition("?")[0] or str(param.get("name")) in query_templates(written)


def placed(param: dict[str, Any], written: str) -> dict[str, Any]:
    """A parameter as the operation sends it, `written` the path as the document writes it.
    One declared `in: path` that the path places in its query (`/alerts?lat={lat}&at={when}`:
    weatherbit; the validator says the path lacks it) is a query parameter, sent under its
    name there (`at`) and still called by its own (`when`)."""
    if param.get("in") != "path" or "?" not in written:
        return param
    name, in_query = str(param.get("name")), query_templates(written)
    if name not in in_query or "{" + name + "}" in bare_path(written):
        return param
    wire = in_query[name]
    return {**param, "in": "query", "name": wire, **({ARGUMENT: name} if wire != name else {})}


# A route as a memo keeps it: key, method, path, the path as the document writes it (its
# place under `paths`), resource, method name, fixed query, the path it is shadowed by.
Row = tuple[str, str, str, str, tuple[str, ...], str, tuple[tuple[str, str], ...], str]


def rows(routes: list[Route]) -> list[Row]:
    return [(r.key, r.method, r.path, str(r.pointer[1]), r.resource, r.method_name, r.fixed_query, r.shadowed_by) for r in routes]


def from_rows(spec: dict[str, Any], found: list[Row]) -> list[Route]:
    """The routes of `rows`, with their nodes in `spec` (whose path items hold no `$ref`)."""
    paths = spec.get("paths") or {}
    return [Route(key, method, path, paths[at][method], ["paths", at, method], resource, name, fixed, shadowed) for key, method, path, at, resource, name, fixed, shadowed in found]


def path_item_parameters(spec: dict[str, Any], route: Route) -> list[Any]:
    item = path_item(spec, (spec.get("paths") or {}).get(str(route.pointer[1]))) or {}
    return list(item.get("parameters") or [])


def path_item(spec: dict[str, Any], item: Any) -> Any:
    """A path item, through `$ref`s to another in the document (3.1, `components/pathItems`);
    what stands beside a ref is kept. One that cannot be followed is no path item."""
    for _ in range(16):  # a chain, not a cycle
        ref = item.get("$ref") if isinstance(item, dict) else None
        if not isinstance(ref, str):
            return item
        target: Any = spec
        for token in ref.removeprefix("#/").split("/") if ref.startswith("#/") else [None]:
            key = token.replace("~1", "/").replace("~0", "~") if token is not None else None
            target = target.get(key) if isinstance(target, dict) and key is not None else None
        if not isinstance(target, dict):
            return None
        item = {**target, **{k: v for k, v in item.items() if k != "$ref"}}
    return None


def _name(routes: list[Route], all_paths: dict[str, Any], overrides: dict[str, str]) -> None:
    with_items = {path[:at] for path in all_paths for at in _find_all(path, "/{")}  # `/a` of `/a/{id}...`
    for route in routes:
        route.resource, route.method_name = _derive(route, all_paths, with_items)
    # Two operations landing on one method: both fall back to their operation ids.
    seen: dict[tuple[tuple[str, ...], str], list[Route]] = {}
    for route in routes:
        seen.setdefault((route.resource, route.method_name), []).append(route)
    for clash in seen.values():
        if len(clash) > 1:
            for route in clash:
                route.method_name = _method_from_key(route.key)
    for route in routes:
        override = overrides.get(route.key) or overrides.get(f"{route.method.upper()} {route.path}")
        if override:
            *resource, method = override.split(".")
            route.resource = tuple(names.snake(r) for r in resource)
            route.method_name = names.identifier(names.snake(method))
    # A method named like a sub-resource of its own (`members.update()` beside
    # `/members/update/{id}`, `members.update.update()`): the method takes its operation id.
    children: set[tuple[str, ...]] = {r.resource[: i + 1] for r in routes for i in range(len(r.resource))}
    for route in routes:
        if (*route.resource, route.method_name) in children:
            route.method_name = _method_from_key(route.key)
    # Still the same name (`/foo-bar` and `/foo_bar` without operation ids): number them.
    taken: set[tuple[tuple[str, ...], str]] = set()
    for route in routes:
        base, n = route.method_name, 2
        while (route.resource, route.method_name) in taken or (*route.resource, route.method_name) in children:
            route.method_name, n = f"{base}_{n}", n + 1
        taken.add((route.resource, route.method_name))


def _find_all(text: str, part: str) -> list[int]:
    found, at = [], text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _derive(route: Route, all_paths: dict[str, Any], with_items: set[str]) -> tuple[tuple[str, ...], str]:
    segments = [s for s in route.path.split("/") if s]
    resource: list[str] = []
    ends_on_item = False
    action = None
    for i, seg in enumerate(segments):
        if _PARAM.match(seg):
            ends_on_item = True
            continue
        last = i == len(segments) - 1
        if last and i > 0 and _is_action(segments, all_paths, with_items, route.method):
            action = seg
            break
        resource.append(names.snake(seg))
        ends_on_item = False
    if not resource:
        resource = ["root"]
    # `/responses?beta=true` lives beside `/responses`, in a namespace named after the flag.
    resource = [names.snake(k) for k, _ in route.fixed_query] + resource
    if action:
        return tuple(resource), names.identifier(names.snake(action))
    verbs = _ITEM_VERBS if ends_on_item else _COLLECTION_VERBS
    return tuple(resource), verbs.get(route.method, route.method)


def _is_action(segments: list[str], all_paths: dict[str, Any], with_items: set[str], method: str) -> bool:
    """`POST /orders/{id}/cancel` is an action; `/stores/{id}/orders` is a sub-collection, and
    so is a path with other methods than POST (`DELETE .../archive` beside `POST .../archive`)."""
    if method != "post" or not _PARAM.match(segments[-2]):
        return False
    path = "/" + "/".join(segments)
    has_items = path in with_items
    item = all_paths.get(path)
    others = isinstance(item, dict) and any(m != "post" and isinstance(item.get(m), dict) for m in HTTP_METHODS)
    return not has_items and not others


def _method_from_key(key: str) -> str:
    return names.identifier(names.snake(key))


def pointer_of(route: Route, *more: object) -> str:
    return child(route.at, *more)
