"""Unit tests of the links cut in the mock's document where Prism's walk would be too long
(generator/ir/mock_reach.py), against an independent count of that walk."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.ir import mock_reach
from generator.ir.mock_reach import BUDGET, cut_for_prism, prism_walk
from generator.ir.mock_spec import units
from generator.pointers import lookup, parts_of


def walked(data: dict[str, Any], cap: int = BUDGET, start: str | None = None) -> int:
    """The nodes Prism's walk visits, counted the plain way: each reference replaced by what
    it points to, once per way down, a node that is its own ancestor counted once and not
    entered; `cap` + 1 when there are more. From the reference `start` alone, if given."""
    count = 0

    def target(ref: str) -> Any:
        seen = 0
        node: Any = {"$ref": ref}
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 50:
            parts = parts_of(node["$ref"][1:])
            node = lookup(data, parts) if parts else None
            seen += 1
        return node

    def visit(node: Any, above: list[int]) -> None:
        nonlocal count
        count += 1
        if count > cap:
            raise OverflowError
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            count -= 1  # (the reference is replaced by its target)
            node = target(node["$ref"])
            if not isinstance(node, (dict, list)):
                count += 1
                return
            count += 1
        if not isinstance(node, (dict, list)) or id(node) in above:
            return
        above.append(id(node))
        for value in node.values() if isinstance(node, dict) else node:
            visit(value, above)
        above.pop()

    try:
        for node in [{"$ref": start}] if start is not None else [lookup(data, place) for place in units(data)]:
            visit(node, [])
    except OverflowError:
        return cap + 1
    return count


def layered(depth: int) -> dict[str, Any]:
    """Layers that each link twice to the next: 2^depth ways down to the last."""
    schemas: dict[str, Any] = {}
    for i in range(depth):
        link = {"$ref": f"#/components/schemas/Layer{i + 1}"}
        schemas[f"Layer{i}"] = {"type": "object", "required": ["depth"], "properties": {"depth": {"type": "integer"}, "left": link, "right": dict(link)}}
    schemas[f"Layer{depth}"] = {"type": "object", "properties": {"depth": {"type": "integer"}}}
    answer = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Layer0"}}}}}
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/top": {"get": {"responses": answer}}}, "components": {"schemas": schemas}}


def meshed(size: int) -> dict[str, Any]:
    """Schemas that each link to all the others: a cycle through every order of them."""
    schemas = {f"Node{i}": {"type": "object", "properties": {"id": {"type": "string"}, **{f"n{j}": {"$ref": f"#/components/schemas/Node{j}"} for j in range(size) if j != i}}} for i in range(size)}
    answer = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node0"}}}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/node": {"get": {"responses": answer}}}, "components": {"schemas": schemas}}


def examples(name: str) -> dict[str, Any]:
    return {"made for": name}


@pytest.mark.parametrize("document", [layered(30), meshed(11)], ids=["a DAG of 2^30 ways", "a cycle through 11 schemas"])
def test_a_document_past_the_budget_is_cut_within_it(document: dict[str, Any]) -> None:
    before = copy.deepcopy(document)
    assert walked(document) > BUDGET
    cut = cut_for_prism(document, units(document), examples)
    assert document == before  # (copy on write)
    assert walked(cut) <= BUDGET
    schemas = cut["components"]["schemas"]
    changed = [name for name in schemas if schemas[name] is not document["components"]["schemas"][name]]
    assert changed
    for name in changed:  # each lost a link, took any value there, and has an example
        assert schemas[name]["example"] == {"made for": name}
        assert {} in schemas[name]["properties"].values()
    assert cut["paths"] is document["paths"]  # (an operation's own references stay)


def test_only_heavy_links_are_cut() -> None:
    document = layered(30)
    schemas = cut_for_prism(document, units(document), examples)["components"]["schemas"]
    # The last layers expand to fewer than HEAVY nodes alone: the links to them stay.
    kept = [i for i in range(30) if schemas[f"Layer{i}"]["properties"]["left"] != {}]
    assert kept and kept == list(range(kept[0], 30))
    assert walked(document, start=f"#/components/schemas/Layer{kept[0] + 1}") < mock_reach.HEAVY
    assert walked(document, start=f"#/components/schemas/Layer{kept[0]}") >= mock_reach.HEAVY


def test_a_document_within_the_budget_is_the_same_object() -> None:
    document = meshed(6)
    assert walked(document) <= BUDGET
    assert cut_for_prism(document, units(document), examples) is document


def test_the_count_is_prisms() -> None:
    """The walk's count, memoized across groups of schemas that link each other, is the
    plain walk's: references into the middle of a component, to a reference, cycles."""
    document = meshed(6)
    schemas = document["components"]["schemas"]
    schemas["Inner"] = {"type": "object", "properties": {"deep": {"type": "object", "properties": {"back": {"$ref": "#/components/schemas/Inner"}, "node": {"$ref": "#/components/schemas/Node3"}}}}}
    schemas["Alias"] = {"$ref": "#/components/schemas/Inner/properties/deep"}
    schemas["Tree"] = {"type": "array", "items": [{"$ref": "#/components/schemas/Alias"}, {"$ref": "#/components/schemas/Tree"}, {"$ref": "#/nowhere"}]}
    document["paths"]["/inner"] = {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tree"}}}}}}}
    for extra in range(3):  # (and with more links among the mesh: its count grows by orders)
        if extra:
            schemas[f"Node{extra}"]["properties"][f"more{extra}"] = {"$ref": f"#/components/schemas/Node{extra + 1}"}
        exact = walked(document)
        assert exact > 10_000
        assert prism_walk(document, units(document)) == exact


def test_a_not_keeps_its_link() -> None:
    document = layered(30)
    document["components"]["schemas"]["Other"] = {"type": "object", "properties": {"layer": {"not": {"$ref": "#/components/schemas/Layer1"}}, "top": {"$ref": "#/components/schemas/Layer1"}}}
    document["components"]["schemas"]["Only"] = {"not": {"$ref": "#/components/schemas/Layer1"}}
    schemas = cut_for_prism(document, units(document), examples)["components"]["schemas"]
    assert schemas["Other"]["properties"]["layer"] == {"not": {"$ref": "#/components/schemas/Layer1"}}
    assert schemas["Other"]["properties"]["top"] == {}
    assert schemas["Only"] is document["components"]["schemas"]["Only"]  # (nothing cut: no example either)


def test_links_in_extensions_are_cut_too() -> None:
    """Prism follows every reference (stripe's `x-expansionResources` beside each link)."""
    document = layered(30)
    document["components"]["schemas"]["Expandable"] = {"anyOf": [{"type": "string"}], "x-expansionResources": {"oneOf": [{"$ref": "#/components/schemas/Layer1"}]}}
    cut = cut_for_prism(document, units(document), examples)
    assert cut["components"]["schemas"]["Expandable"]["x-expansionResources"] == {"oneOf": [{}]}
    assert walked(cut) <= BUDGET


@pytest.mark.parametrize("links", [3000, 1])
def test_chains_of_references_end(links: int) -> None:
    """References to references, thousands deep or to themselves: no recursion error, and a
    walk too deep to count is too much."""
    document = layered(3)
    schemas = document["components"]["schemas"]
    for i in range(links):
        schemas[f"Chain{i}"] = {"$ref": f"#/components/schemas/Chain{(i + 1) % links}"}
    cut = cut_for_prism(document, units(document), examples)
    assert cut["paths"] is document["paths"]


def test_deep_nesting_ends() -> None:
    """Nesting through a cycle deeper than the walk follows (three frames a level) counts as
    too much, not a recursion error; the link is cut."""
    document = layered(3)
    deep: dict[str, Any] = {"$ref": "#/components/schemas/Deep"}
    for _ in range(150):  # (300 nodes deep: a schema, its properties)
        deep = {"type": "object", "properties": {"inner": deep}}
    document["components"]["schemas"]["Deep"] = deep
    assert prism_walk(document, units(document)) is None
    cut = cut_for_prism(document, units(document), examples)["components"]["schemas"]["Deep"]
    assert cut["example"] == {"made for": "Deep"}
    for _ in range(150):
        cut = cut["properties"]["inner"]
    assert cut == {}


def test_long_chains_are_counted_without_recursion() -> None:
    """Schemas that each link to the next, thousands long, and no cycle: each counted once."""
    count = 1200  # (their walk is quadratic: 2.2 million nodes)
    schemas = {f"C{i}": {"type": "object", "properties": {"next": {"$ref": f"#/components/schemas/C{i + 1}"}}} for i in range(count)}
    schemas[f"C{count}"] = {"type": "object"}
    document = {"components": {"schemas": schemas}}
    # C_i: its dict, "object", its properties (3), then C_i+1's; the last one 2.
    expanded = [2]
    for _ in range(count):
        expanded.append(3 + expanded[-1])
    assert prism_walk(document, units(document)) == sum(expanded)


def test_a_unions_members_cut_come_last() -> None:
    """Prism answers with a union's first member (flattened through unions within it), and
    of `{}` it made null: the members left come first."""
    document = layered(30)
    document["components"]["schemas"]["Either"] = {"anyOf": [{"$ref": "#/components/schemas/Layer1"}, {"type": "string"}, {"$ref": "#/components/schemas/Layer2"}, {"type": "integer"}]}
    either = cut_for_prism(document, units(document), examples)["components"]["schemas"]["Either"]
    assert either["anyOf"] == [{"type": "string"}, {"type": "integer"}, {}, {}]
