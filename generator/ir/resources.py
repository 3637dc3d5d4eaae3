"""Operations grouped into a tree of resources, one module per resource."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from dataclasses import dataclass

from generator.ir import model, names
from generator.ir.annotate import TYPING_NAMES
from generator.ir.op_memo import Pickled


def resource_modules(
    operations: list[model.Operation],
    chains: list[tuple[str, ...]],
    home: dict[str, str],
    pickled: Pickled | None = None,
) -> tuple[model.ResourceModule, ...]:
    """One module per resource, a package per level that has resources below it (the
    OpenAI SDK's layout: `resources/stores/orders/items.py`). `home` maps each type's
    name to the types module that defines it. `pickled` (OpMemo.pickled: a digest of what each
    operation is made from) learns those of the operations rewritten here."""
    tree: dict[tuple[str, ...], list[model.Operation]] = {}
    for op, chain in zip(operations, chains):
        for depth in range(1, len(chain)):
            tree.setdefault(chain[:depth], [])
        tree.setdefault(chain, []).append(op)
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for chain in sorted(tree):
        children.setdefault(chain[:-1], []).append(chain)
    claimed = set(home)  # a resource class must not hide a type, nor another resource's classes
    tops = [_node(top, tree, children, claimed, {} if pickled is None else pickled) for top in children.get((), [])]
    modules: list[model.ResourceModule] = []
    _place(tops, ("resources",), {("resources",): set()}, set(), home, modules)
    return tuple(modules)


@dataclass(frozen=True)
class _Node:
    """A resource and those below it, while modules are placed. A module's resource does not
    hold the tree below it (its `children` name their modules): what a module's file is
    rendered from stays its own, not its whole subtree's (render_memo.py)."""

    resource: model.Resource
    children: tuple[_Node, ...]


def _place(
    nodes: list[_Node],
    folder: tuple[str, ...],
    taken: dict[tuple[str, ...], set[str]],
    tests: set[str],
    home: dict[str, str],
    out: list[model.ResourceModule],
) -> list[tuple[str, ...]]:
    """Each resource's module in `folder` (or in a package of its own there, beside the
    modules of the resources below it); the modules' paths under the package, in order."""
    placed = []
    for node in nodes:
        resource = node.resource
        name = _free(resource.module_name, taken[folder])
        home_folder = folder
        if node.children:
            home_folder = (*folder, name)
            taken[home_folder] = {name}
        parts = (*home_folder, name)
        placed.append(parts)
        test_path = f"tests/test_{_free(_bounded('_'.join((*folder[1:], name))), tests)}.py" if resource.operations else ""
        at = len(out)
        below = _place(list(node.children), home_folder, taken, tests, home, out)
        out.insert(at, _module(node, parts, folder, tuple(below), test_path, home))
    return placed


def _bounded(name: str, most: int = 100) -> str:
    """A name short enough for a file system (255 bytes a name): a long one keeps its start
    and takes a digest of the whole, so that it stays one of its own."""
    if len(name) <= most:
        return name
    return f"{name[: most - 9]}_{hashlib.sha1(name.encode()).hexdigest()[:8]}"


def _free(name: str, taken: set[str]) -> str:
    """`name`, or `name_2`, ... when a module beside it has it (`a-b` and `a_b` meet)."""
    free, n = name, 2
    while free in taken or free == "__init__":
        free, n = f"{name}_{n}", n + 1
    taken.add(free)
    return free


def _module(
    node: _Node,
    parts: tuple[str, ...],
    parent: tuple[str, ...],
    below: tuple[tuple[str, ...], ...],
    test_path: str,
    home: dict[str, str],
) -> model.ResourceModule:
    resource = node.resource
    words = set(" ".join(op.words for op in resource.operations).split())
    imports: dict[str, set[str]] = {}
    for word in words:
        if word in home:
            imports.setdefault(home[word], set()).add(word)
    folder = parts[:-1]
    return model.ResourceModule(
        path="/".join(parts) + ".py",
        dotted=".".join(parts),
        root="." * (len(folder) + 1),
        folder=folder,
        test_path=test_path,
        top=parent == ("resources",),
        resource=resource,
        children=tuple(
            model.ChildResource(child.attr, child.class_name, "." + ".".join(path[len(folder) :]))
            for child, path in zip((child.resource for child in node.children), below)
        ),
        imports=tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
        typing_imports=(
            *(n for n in TYPING_NAMES if n in words),
            *(("TYPE_CHECKING",) if node.children else ()),
            *(("overload",) if any(op.overloads for op in resource.operations) else ()),
            *(("cast",) if resource.operations else ()),
        ),
        pydantic_imports=tuple(n for n in ("Field", "InstanceOf") if n in words),
        utils_imports=tuple(n for n in ("cookies", "form_fields", "form_files", "path_param", "styled") if n in words),
        uses_validate_params="validate_params" in words,
        uses_files="FileTypes" in words,
        uses_binary="BinaryContent" in words,
        uses_streams="Stream" in words or "AsyncStream" in words,
        uses_pages="SyncCursorPage" in words,
        uses_warnings="warnings" in words,
        uses_builtins="builtins" in words,
    )


def _node(
    chain: tuple[str, ...],
    tree: dict[tuple[str, ...], list[model.Operation]],
    below: dict[tuple[str, ...], list[tuple[str, ...]]],
    claimed: set[str],
    pickled: Pickled,
) -> _Node:
    class_name = _class_name(chain, claimed)
    children = tuple(_node(k, tree, below, claimed, pickled) for k in below.get(chain, []))
    operations = sorted(tree[chain], key=lambda o: o.method_name)
    # The class defines its sub-resources first, then its methods in this order: a name
    # hides the builtin from what comes after it.
    shadowed: frozenset[str] = _BUILTINS & {child.resource.attr for child in children}
    unshadowed = []
    for op in operations:
        if shadowed:
            made, known = _unshadowed(op, shadowed), pickled.get(id(op))
            if made is not op and known is not None and known[0] is op:  # a function of the operation and of the names
                pickled[id(made)] = (made, hashlib.sha1(known[1] + b"\0unshadowed " + " ".join(sorted(shadowed)).encode()).digest())
            unshadowed.append(made)
        else:
            unshadowed.append(op)
        shadowed |= _BUILTINS & {op.method_name}
    resource = model.Resource(
        attr=names.resource_attribute(chain),
        module_name=names.module(chain[-1]),
        class_name=class_name,
        docstring=None,
        operations=tuple(unshadowed),
    )
    return _Node(resource, children)


def _class_name(chain: tuple[str, ...], claimed: set[str]) -> str:
    """The resource's class name, claimed with the names of its async and raw-response twins:
    chains can meet (`("a", "b_c")` and `("a", "b", "c")`), and a sub-resource named
    `with_raw_response` would be its parent's wrapper class."""
    base = "".join(names.pascal(part) for part in chain)
    name, n = base, 1
    while name in names.RESERVED_CLASS_NAMES or not claimed.isdisjoint(_twins(name)):
        n += 1
        name = base + "Resource" + (str(n) if n > 2 else "")
    claimed.update(_twins(name))
    return name


def _twins(name: str) -> tuple[str, ...]:
    return (name, "Async" + name, name + "WithRawResponse", "Async" + name + "WithRawResponse")


# Builtins that annotations use: a method or sub-resource of that name (`def list`) hides
# the builtin from the signatures of the class's later methods (for mypy, which reads them
# in the class's scope), which then name it in full.
_BUILTINS = frozenset({"list", "dict", "str", "int", "float", "bool", "bytes", "object", "type"})


@functools.cache
def _builtin_names(shadowed: frozenset[str]) -> re.Pattern[str]:
    """The names as words of an annotation, not inside a string literal or after a dot."""
    return re.compile(r"(?<![\w.'\"])(" + "|".join(sorted(shadowed)) + r")(?![\w'\"])")


def _unshadowed(op: model.Operation, shadowed: frozenset[str]) -> model.Operation:
    """`op` with the shadowed builtins its annotations name written in full; `op` itself
    when it names none (most: a class's later methods after its `list`)."""
    if not op.overloads and shadowed.isdisjoint(op.words.split()):  # (its words hold every name of its annotations)
        return op
    pattern = _builtin_names(shadowed)
    texts = [op.return_annotation, op.async_return_annotation, *(a.annotation for a in (*op.positional, *op.keyword))]
    for o in op.overloads:
        texts += [o.return_annotation, o.async_return_annotation, *(a.annotation for a in o.keyword)]
    if not any(pattern.search(text) for text in texts):
        return op

    def full(text: str) -> str:
        return pattern.sub(r"builtins.\1", text)

    def arguments(args: tuple[model.Argument, ...]) -> tuple[model.Argument, ...]:
        return tuple(dataclasses.replace(a, annotation=full(a.annotation)) for a in args)

    return dataclasses.replace(
        op,
        positional=arguments(op.positional),
        keyword=arguments(op.keyword),
        return_annotation=full(op.return_annotation),
        async_return_annotation=full(op.async_return_annotation),
        overloads=tuple(
            model.Overload(arguments(o.keyword), full(o.return_annotation), full(o.async_return_annotation)) for o in op.overloads
        ),
    )

