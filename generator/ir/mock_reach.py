"""How much of the mock's document Prism walks to read it, and the links cut where that is
too much for it to start.

Prism replaces each `$ref` by what it points to and walks the result (json-schema-ref-parser,
then @stoplight/json's decycle), once per way down to each node: it stops only where a node
is its own ancestor. Densely linked schemas make that astronomically many nodes, and Prism
never started: stripe's 65 objects that link each other, bungie's and Google's deep trees of
shared definitions, OOXML's cycles. A document whose walk passes `BUDGET` nodes (or could not
be counted: a walk through schemas that link each other in a cycle past `HEAVY` nodes) has
each link inside a component schema (its extensions too) to what alone expands past `HEAVY`
nodes cut:
any value is taken there, and the component that held it has the tests' own kind of
example, which Prism answers with. What stays bounded: every link left leads to fewer than
`HEAVY` nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.diagnostics import escape_pointer_token
from generator.pointers import MISSING, lookup, parts_of
from generator.schema_keys import unit_of

Place = tuple[str, ...]
Summary = tuple[int, list[str]]  # a unit's nodes (a reference none: it is replaced) and its references

# Prism took 22 s to start on the largest walk of the directory's documents that it read
# (azure's applicationGateway, 2.1 million nodes); a document within this is left as it is.
BUDGET = 2_500_000
HEAVY = 20_000  # a link past this alone is cut
_MORE = BUDGET + 1  # (counts stop here)
_DEEP = 200  # nesting of a walk past which it counts as too much: three frames a level, within Python's 1,000


class _Over(Exception):
    """The walk passed what it was allowed."""


def cut_for_prism(data: dict[str, Any], places: list[Place], example: Callable[[str], Any], known: dict[int, tuple[Any, Summary]] | None = None) -> dict[str, Any]:
    """`data` (the mock's document, its units at `places`) with the links cut that keep
    Prism's walk bounded, where it passes BUDGET; each component schema that lost one has
    `example(name)` (None: none). `known`: units' summaries, by the id of the unit (held).
    Copy on write."""
    walk = _Walk(data, places, known or {})
    if walk.size() is not None:
        return data
    heavy = walk.heavy()
    changed: dict[str, Any] = {}
    for place, refs in zip(places, walk.refs):
        if not _is_schema(place) or heavy.isdisjoint(refs):
            continue
        written = lookup(data, place)
        value = _cut(written, heavy)
        if value is written:  # (its heavy references are under a `not`)
            continue
        if isinstance(value, dict) and "example" not in value:
            made = example(place[2])
            value = value if made is None else {**value, "example": made}
        changed[place[2]] = value
    if not changed:
        return data
    components = data["components"]
    return {**data, "components": {**components, "schemas": {**components["schemas"], **changed}}}


def prism_walk(data: dict[str, Any], places: list[Place]) -> int | None:
    """The nodes of Prism's walk over `data` (its units at `places`); None past BUDGET."""
    return _Walk(data, places, {}).size()


def _is_schema(place: Place) -> bool:
    return len(place) == 3 and place[:2] == ("components", "schemas")


def _ref_of(node: Any) -> str | None:
    """A reference's target (None: not a reference; a property named `$ref` is a schema)."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref if isinstance(ref, str) else None


def _cut(node: Any, heavy: set[str]) -> Any:
    """`node` with each reference in `heavy` made `{}`, wherever it stands: Prism follows
    references in extensions (stripe's `x-expansionResources`) and examples too; but under
    a `not`, where `{}` would take no value. A union's members cut come after the others:
    Prism answers with its first member (a union within a union, flattened, examples and
    all), and of `{}` it made `null`. Copy on write."""
    if isinstance(node, dict):
        if _ref_of(node) in heavy:
            return {}
        out = {key: value if key == "not" else _cut(value, heavy) for key, value in node.items()}
        for key in ("anyOf", "oneOf"):
            members = node.get(key)
            if isinstance(members, list) and out[key] is not members:
                cut = [_ref_of(m) in heavy for m in members]
                out[key] = [m for m, c in zip(out[key], cut) if not c] + [m for m, c in zip(out[key], cut) if c]
        return node if all(out[key] is value for key, value in node.items()) else out
    if isinstance(node, list):
        items = [_cut(value, heavy) for value in node]
        return node if all(a is b for a, b in zip(items, node)) else items
    return node


class _Walk:
    """Prism's walk over the document, counted. The units (a path item, a component) fall
    into groups that reference each other in a cycle (Tarjan's, whose order puts a group
    after every group it references). Below a reference into another group nothing is an
    ancestor of the reference (that would be a cycle through both groups), so what it
    expands to is the same wherever it is: a unit alone in its group expands to its own
    nodes and what its references expand to, counted once; within a group of several, the
    walk follows the nodes themselves, as Prism does, up to HEAVY nodes: past them, or
    through a part known to be past them, it is too much (`_MORE`, where counts stop)."""

    def __init__(self, data: dict[str, Any], places: list[Place], known: dict[int, tuple[Any, Summary]]) -> None:
        self.data, self.places = data, places
        self.index = {place: i for i, place in enumerate(places)}
        self._targets: dict[str, tuple[Any, int | None]] = {}
        self.roots = [lookup(data, place) for place in places]
        self.own: list[int] = []  # each unit's nodes, a reference none (it is replaced)
        self.refs: list[list[str]] = []  # each unit's references, in its order
        for root in self.roots:
            held = known.get(id(root))
            own, refs = held[1] if held is not None and held[0] is root else summary(root)
            self.own.append(own)
            self.refs.append(refs)
        edges = [sorted({u for ref in set(refs) for u in (self._target(ref)[1],) if u is not None}) for refs in self.refs]
        self.group, order = _groups(edges)
        alone = [len(members) == 1 and members[0] not in edges[members[0]] for members in order]
        self._alone = [alone[self.group[i]] for i in range(len(places))]
        self._left = 0
        self._expanded: dict[str, int] = {}  # a reference -> what it expands to
        self.sizes = [0] * len(places)  # what each unit expands to
        for members in order:  # (each group after those it references)
            too_much = False  # (once a member of a group is, so are the others, which reach it)
            for i in members:
                if self._alone[i]:
                    self.sizes[i] = min(_MORE, self.own[i] + sum(self.expanded(ref, 0) for ref in self.refs[i]))
                else:
                    self.sizes[i] = _MORE if too_much else self._walked(self.roots[i], self.group[i], set(), 0)
                    self._expanded.setdefault(_root_ref(places[i]), self.sizes[i])
                    too_much = self.sizes[i] >= _MORE

    def _target(self, ref: str) -> tuple[Any, int | None]:
        """What `ref` points to (None outside the document) and the unit it is in."""
        found = self._targets.get(ref)
        if found is None:
            parts = parts_of(ref[1:]) if ref.startswith("#") else None
            node = lookup(self.data, parts) if parts else MISSING
            unit = self.index.get(unit_of(parts)) if parts else None
            found = self._targets[ref] = (node if isinstance(node, (dict, list)) else None, unit)
        return found

    def size(self) -> int | None:
        """The nodes of Prism's walk over the whole document; None past BUDGET."""
        total = min(_MORE, sum(self.sizes))
        return total if total <= BUDGET else None

    def heavy(self) -> set[str]:
        """The references in component schemas that expand alone to HEAVY nodes or more."""
        return {ref for place, refs in zip(self.places, self.refs) if _is_schema(place) for ref in refs if self.expanded(ref, 0) >= HEAVY}

    def expanded(self, ref: str, depth: int) -> int:
        """What `ref` expands to, from anywhere outside the group it leads into."""
        found = self._expanded.get(ref)
        if found is None:
            target, unit = self._target(ref)
            if target is None:
                found = 1
            elif isinstance(target, dict) and isinstance(target.get("$ref"), str):  # (a reference to one)
                found = _MORE if depth > _DEEP else self.expanded(target["$ref"], depth + 1)
            elif unit is not None and target is self.roots[unit]:
                found = self.sizes[unit]  # (of a group before: known)
            else:  # (into the middle of a unit)
                found = self._walked(target, -1 if unit is None else self.group[unit], set(), depth)
            self._expanded[ref] = found
        return found

    def _walked(self, node: Any, group: int, above: set[int], depth: int) -> int:
        """What `node` expands to, walked node by node: past HEAVY nodes (or through a part
        known to be), too much."""
        left = self._left
        self._left = HEAVY
        try:
            return self._node(node, group, above, depth)
        except _Over:
            return _MORE
        finally:
            self._left = left

    def _expand(self, node: dict[str, Any] | list[Any], group: int, above: set[int], depth: int) -> int:
        self._left -= 1
        if self._left < 0 or depth > _DEEP:
            raise _Over
        above.add(id(node))
        values = node.values() if isinstance(node, dict) else node
        count = 1 + len(values)  # (each value a node; those that are more, counted below)
        for value in values:
            if isinstance(value, dict):
                ref = value.get("$ref")
                if isinstance(ref, str):
                    count += self._ref(ref, group, above, depth + 1) - 1
                elif id(value) not in above:
                    count += self._expand(value, group, above, depth + 1) - 1
            elif isinstance(value, list) and id(value) not in above:
                count += self._expand(value, group, above, depth + 1) - 1
        above.discard(id(node))
        return count

    def _node(self, value: Any, group: int, above: set[int], depth: int) -> int:
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            return self._ref(value["$ref"], group, above, depth)
        if isinstance(value, (dict, list)):
            return 1 if id(value) in above else self._expand(value, group, above, depth)
        return 1

    def _ref(self, ref: str, group: int, above: set[int], depth: int) -> int:
        target, unit = self._target(ref)
        if target is None:
            return 1
        if isinstance(target, dict) and isinstance(target.get("$ref"), str):
            if depth > _DEEP:
                raise _Over
            return self._ref(target["$ref"], group, above, depth + 1)
        if unit is None or self.group[unit] != group:
            found = self.expanded(ref, depth)
        elif id(target) in above:
            return 1
        else:
            found = self._expanded.get(ref, 0)  # (a member met before, on its own)
            if found < HEAVY:
                return self._expand(target, group, above, depth)
        if found >= HEAVY:
            raise _Over  # (a part known to be too much makes the whole too much)
        return found


def _root_ref(place: Place) -> str:
    return "#/" + "/".join(escape_pointer_token(part) for part in place)


def summary(value: Any) -> Summary:
    """A unit's nodes (a reference none: it is replaced by what it points to) and its
    references."""
    if not isinstance(value, (dict, list)):
        return 1, []
    count, refs, stack = 0, [], [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                refs.append(ref)
                continue
            values: Any = node.values()
        else:
            values = node
        count += 1 + len(values)  # (each value a node; those that are more, counted as they are met)
        for item in values:
            if isinstance(item, (dict, list)):
                stack.append(item)
                count -= 1
    return count, refs


def _groups(edges: list[list[int]]) -> tuple[list[int], list[list[int]]]:
    """Each node's strongly connected group, and each group's members, a group after every
    group it has an edge to (Tarjan's, without recursion)."""
    count = len(edges)
    index, low, group = [-1] * count, [0] * count, [-1] * count
    on_stack = [False] * count
    stack: list[int] = []
    members: list[list[int]] = []
    counter = 0
    for start in range(count):
        if index[start] != -1:
            continue
        work = [(start, 0)]
        while work:
            node, next_edge = work.pop()
            if next_edge == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            for i in range(next_edge, len(edges[node])):
                other = edges[node][i]
                if index[other] == -1:
                    work += [(node, i + 1), (other, 0)]
                    break
                if on_stack[other]:
                    low[node] = min(low[node], index[other])
            else:
                if low[node] == index[node]:
                    members.append([])
                    while True:
                        other = stack.pop()
                        on_stack[other] = False
                        group[other] = len(members) - 1
                        members[-1].append(other)
                        if other == node:
                            break
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return group, members
