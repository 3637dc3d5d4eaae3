"""Required properties that go round in a circle.

`TreeNode` requiring `parent`, itself a `TreeNode` (directly, or through other components or
inline objects), allows no finite value: no call could ever be made with one, and no example
written. Each such cycle is cut where the walk (in document order) finds it closing, and that
property is read as optional, with a warning there. A nullable component or inline object, a
list, or an optional property anywhere on the way already ends the chain: left alone.

Copy on write: a document with no such cycle is returned as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.schema_keys import component_of, null_is_valid

Link = tuple[tuple[str, ...], int, str, str]  # (object's place, index in required, property, component)
Note = tuple[tuple[str, ...], str]

_INLINE_DEPTH = 8


def break_required_cycles(data: dict[str, Any]) -> tuple[dict[str, Any], list[Note]]:
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return data, []
    links = {name: list(_links(schema, ("components", "schemas", name), schemas, 0)) for name, schema in schemas.items()}
    cuts = _closing_links(links)
    notes: list[Note] = []
    for place, index, prop, target in cuts:
        notes.append(((*place, "required", str(index)), f"required {prop!r} leads back to {target!r}: no value would be finite, read as optional"))
    by_place: dict[tuple[str, ...], set[int]] = {}
    for place, index, _, _ in cuts:
        by_place.setdefault(place, set()).add(index)
    for place, indices in by_place.items():
        node = _at(data, place)
        kept = [name for i, name in enumerate(node["required"]) if i not in indices]
        data = _replaced(data, place, {**node, "required": kept} if kept else {k: v for k, v in node.items() if k != "required"})
    return data, notes


def _links(node: Any, place: tuple[str, ...], schemas: dict[str, Any], depth: int) -> Iterator[Link]:
    """The required properties of an object that must hold another component's value."""
    required, properties = (node.get("required"), node.get("properties")) if isinstance(node, dict) else (None, None)
    if not isinstance(required, list) or not isinstance(properties, dict):
        return
    for index, prop in enumerate(required):
        schema = properties.get(prop) if isinstance(prop, str) else None
        if not isinstance(schema, dict) or "$ref" not in schema and null_is_valid(schema):
            continue
        all_of = schema.get("allOf")
        target = component_of(schema) or (component_of(all_of[0]) if isinstance(all_of, list) and len(all_of) == 1 else None)
        if target is not None:
            if isinstance(schemas.get(target), dict) and not null_is_valid(schemas[target]):
                yield place, index, prop, target
        elif depth < _INLINE_DEPTH:
            yield from _links(schema, (*place, "properties", prop), schemas, depth + 1)


def _closing_links(links: dict[str, list[Link]]) -> list[Link]:
    """The links that lead back to a component still being walked (depth first, no recursion:
    a large document's chains are long)."""
    state: dict[str, int] = {}  # 1: on the walk's path, 2: done
    closing = []
    for start in links:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(links[start]))]
        while stack:
            name, pending = stack[-1]
            link = next(pending, None)
            if link is None:
                state[name] = 2
                stack.pop()
                continue
            target = link[3]
            if state.get(target) == 1:
                closing.append(link)
            elif target not in state:
                state[target] = 1
                stack.append((target, iter(links.get(target, []))))
    return closing


def _at(data: Any, place: tuple[str, ...]) -> Any:
    for key in place:
        data = data[key]
    return data


def _replaced(data: Any, place: tuple[str, ...], node: Any) -> Any:
    if not place:
        return node
    return {**data, place[0]: _replaced(data[place[0]], place[1:], node)}
