"""Operations grouped into a tree of resources, one module per resource."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from generator.ir import model, names
from generator.ir.annotate import TYPING_NAMES
from generator.ir.op_memo import Pickled


# What resource_modules gives but the operations themselves, as plain data (`_layout`): a
# regeneration takes it from the last run when what it is made from is as it was.
Layout = tuple[tuple[Any, ...], ...]


def resource_modules(
    operations: list[model.Operation],
    chains: list[tuple[str, ...]],
    home: dict[str, str],
    pickled: Pickled | None = None,
    kept: Any = None,
) -> tuple[tuple[model.ResourceModule, ...], tuple[str, Shape, dict[str, str], Layout]]:
    """One module per resource, a package per level that has resources below it (the
    OpenAI SDK's layout: `resources/stores/orders/items.py`). `home` maps each type's
    name to the types module that defines it. `pickled` (OpMemo.pickled: a digest of what each
    operation is made from) learns those of the operations rewritten here. `kept`: what the
    last run returned beside its modules: a digest of what the tree and the layout are made
    from but the operations' words (each operation's key, resource, name and whether it
    has overloads, in order, and the types' homes), the tree (`Shape`), the words, and the
    layout. The tree is taken as it is when the digest is the same, and the layout too when
    each operation's words say what they said to it (graph-beta: 0.4 s laid out, 0.15 s
    taken, 0.1 s with the tree)."""
    known = {} if pickled is None else pickled
    digest = _digest(operations, chains, home)
    words = {op.key: op.words for op in operations}
    flat = None
    if isinstance(kept, tuple) and len(kept) == 4 and kept[0] == digest:
        try:
            shape: Shape = kept[1]
            flat = _planted(shape, operations, known)
        except (TypeError, ValueError, IndexError, KeyError):  # a tree of another shape: found again
            flat = None
    if flat is None:
        shape = _shape(operations, chains)
        flat = _planted(shape, operations, known)
    elif _same_words(kept[2], words, home):
        try:
            # (the words it was laid out by stay: what they say to it is what these say, and
            # the memo need not be written again for each edit: graph-beta's is 15 MB)
            return _materialized(kept[3], flat, known), kept
        except (TypeError, ValueError, IndexError):  # a layout of another shape: made again
            pass
    layout = _layout([node for node in flat if len(node.chain) == 1], flat, home, pickled is not None)
    return _materialized(layout, flat, known), (digest, shape, words, layout)


# The tree of resources as plain data, in preorder: each resource's chain, its operations
# (their places in the list given) in the order of their methods, the places of the
# resources below it in this list, and the builtins their attributes hide.
Shape = list[tuple[tuple[str, ...], list[int], list[int], list[str]]]


@dataclass(frozen=True)
class _Node:
    """A resource and those below it, while modules are placed: its chain, its operations
    (in their order, builtins they hide written in full), the resources below it. A module's
    resource does not hold the tree below it (its `children` name their modules): what a
    module's file is rendered from stays its own, not its whole subtree's (render_memo.py)."""

    chain: tuple[str, ...]
    operations: tuple[model.Operation, ...]
    children: tuple[_Node, ...]


def _shape(operations: list[model.Operation], chains: list[tuple[str, ...]]) -> Shape:
    """The tree of the operations' resources (`chains`, one each)."""
    tree: dict[tuple[str, ...], list[int]] = {}
    for i, chain in enumerate(chains):
        for depth in range(1, len(chain)):
            tree.setdefault(chain[:depth], [])
        tree.setdefault(chain, []).append(i)
    below: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for chain in sorted(tree):
        below.setdefault(chain[:-1], []).append(chain)
    out: Shape = []

    def visit(chain: tuple[str, ...]) -> int:
        at = len(out)
        out.append((chain, [], [], []))
        children = [visit(child) for child in below.get(chain, [])]
        # The class defines its sub-resources first, then its methods in this order: a name
        # hides the builtin from what comes after it.
        hidden = sorted(_BUILTINS & {names.resource_attribute(child) for child in below.get(chain, [])})
        out[at] = (chain, sorted(tree[chain], key=lambda i: operations[i].method_name), children, hidden)
        return at

    for top in below.get((), []):
        visit(top)
    return out


def _planted(shape: Shape, operations: list[model.Operation], pickled: Pickled) -> list[_Node]:
    """The nodes of `shape`, in its order, with these operations (builtins they hide
    written in full)."""
    nodes: dict[int, _Node] = {}
    for at in range(len(shape) - 1, -1, -1):  # (in preorder, the resources below one come after it)
        chain, places, below, hidden = shape[at]
        children = tuple(nodes[i] for i in below)
        nodes[at] = _Node(tuple(chain), _unshadowed_all([operations[i] for i in places], frozenset(hidden), pickled), children)
    return [nodes[at] for at in range(len(shape))]


def _unshadowed_all(operations: list[model.Operation], shadowed: frozenset[str], pickled: Pickled) -> tuple[model.Operation, ...]:
    """A class's operations in order, each with the builtins the names before it hide
    (`shadowed`, then its earlier methods') written in full."""
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
    return tuple(unshadowed)


def _digest(operations: list[model.Operation], chains: list[tuple[str, ...]], home: dict[str, str]) -> str:
    """A digest of what the tree and the layout are made from but the operations' words:
    each operation's key, resource, name and whether it has overloads, in order, and the
    types' homes."""
    parts = [f"{op.key}\0{chr(1).join(chain)}\0{op.method_name}\0{bool(op.overloads)}" for op, chain in zip(operations, chains, strict=True)]
    parts.append(repr(sorted(home.items())))
    return hashlib.sha1("\2".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _same_words(before: Any, now: dict[str, str], home: dict[str, str]) -> bool:
    """Whether each operation's words say what they said to the layout: the names it
    imports, and those that decide its module's other imports. (An operation's words are
    most often the very text they were; a new property of a body is a new argument, a word
    the layout does not read.)"""
    if not isinstance(before, dict) or before.keys() != now.keys():
        return False
    for key, words in now.items():
        old = before[key]
        if old != words and _read_words(old, home) != _read_words(words, home):
            return False
    return True


def _read_words(words: Any, home: dict[str, str]) -> set[str]:
    """The words `_module` reads."""
    return {word for word in str(words).split() if word in home or word in _READ_WORDS}


def _layout(tops: list[_Node], flat: list[_Node], home: dict[str, str], said: bool) -> Layout:
    """Each module as plain data, in order: its node's place in `flat` (a preorder walk),
    then the module's fields, its resource's names, and its children's, and a digest of
    those (b"" unless `said`: without a memo no module is known by a digest)."""
    claimed = set(home)  # a resource class must not hide a type, nor another resource's classes
    class_names = {id(node): _class_name(node.chain, claimed) for node in flat}  # (in preorder, as they were claimed)
    index = {id(node): i for i, node in enumerate(flat)}
    out: list[tuple[Any, ...]] = []
    _place(tops, ("resources",), {("resources",): set()}, set(), home, out, class_names, index)
    # each with a digest of what it says, kept with it (`_materialized`)
    return tuple((*row, hashlib.sha1(repr(row[1:]).encode("utf-8", "surrogatepass")).digest() if said else b"") for row in out)


def _materialized(layout: Layout, flat: list[_Node], pickled: Pickled) -> tuple[model.ResourceModule, ...]:
    """The modules of `layout`, with their operations. A module whose operations `pickled`
    knows by a digest is known by one too, of its row's and theirs: it is all the module is
    made of (render_memo.py then digests no more of it)."""
    modules = []
    for row in layout:
        i, path, dotted, root, folder, test_path, top, attr, module_name, class_name, children, imports, typing_imports, pydantic_imports, utils_imports, flags, said = row
        operations = flat[i].operations
        resource = model.Resource(attr=attr, module_name=module_name, class_name=class_name, docstring=None, operations=operations)
        modules.append(
            model.ResourceModule(
                path,
                dotted,
                root,
                folder,
                test_path,
                top,
                resource,
                tuple(model.ChildResource(*child) for child in children),
                imports,
                typing_imports,
                pydantic_imports,
                utils_imports,
                *flags,
            )
        )
        known = [found[1] for op in operations if (found := pickled.get(id(op))) is not None and found[0] is op]
        if len(known) == len(operations):
            digest = hashlib.sha1(said + b"".join(known))
            pickled[id(modules[-1])] = (modules[-1], digest.digest())
    return tuple(modules)


def _place(
    nodes: list[_Node] | tuple[_Node, ...],
    folder: tuple[str, ...],
    taken: dict[tuple[str, ...], set[str]],
    tests: set[str],
    home: dict[str, str],
    out: list[tuple[Any, ...]],
    class_names: dict[int, str],
    index: dict[int, int],
) -> list[tuple[str, ...]]:
    """Each resource's module in `folder` (or in a package of its own there, beside the
    modules of the resources below it); the modules' paths under the package, in order."""
    placed = []
    for node in nodes:
        name = _free(names.module(node.chain[-1]), taken[folder])
        home_folder = folder
        if node.children:
            home_folder = (*folder, name)
            taken[home_folder] = {name}
        parts = (*home_folder, name)
        placed.append(parts)
        test_path = f"tests/test_{_free(names.bounded('_'.join((*folder[1:], name)), 100), tests)}.py" if node.operations else ""
        at = len(out)
        below = _place(node.children, home_folder, taken, tests, home, out, class_names, index)
        out.insert(at, _module(node, parts, folder, tuple(below), test_path, home, class_names, index))
    return placed


def _free(name: str, taken: set[str]) -> str:
    """`name`, or `name_2`, ... when a module beside it has it (`a-b` and `a_b` meet)."""
    free, n = name, 2
    while free in taken or free == "__init__":
        free, n = f"{name}_{n}", n + 1
    taken.add(free)
    return free


# The words a module's imports follow besides the types' names (`_module`).
_READ_WORDS = frozenset(
    {*TYPING_NAMES, "Field", "InstanceOf", "cookies", "form_fields", "form_files", "path_param", "styled"}
    | {"validate_params", "validate_body", "Tagged", "FileTypes", "BinaryContent", "Stream", "AsyncStream", "SyncCursorPage", "SyncLinkPage", "warnings", "builtins"}
)


def _module(
    node: _Node,
    parts: tuple[str, ...],
    parent: tuple[str, ...],
    below: tuple[tuple[str, ...], ...],
    test_path: str,
    home: dict[str, str],
    class_names: dict[int, str],
    index: dict[int, int],
) -> tuple[Any, ...]:
    """A module as `_layout` writes it."""
    operations = node.operations
    words = set(" ".join(op.words for op in operations).split())
    imports: dict[str, set[str]] = {}
    for word in words:
        if word in home:
            imports.setdefault(home[word], set()).add(word)
    folder = parts[:-1]
    return (
        index[id(node)],
        "/".join(parts) + ".py",
        ".".join(parts),
        "." * (len(folder) + 1),
        folder,
        test_path,
        parent == ("resources",),
        names.resource_attribute(node.chain),
        names.module(node.chain[-1]),
        class_names[id(node)],
        tuple(
            (names.resource_attribute(child.chain), class_names[id(child)], "." + ".".join(path[len(folder) :]))
            for child, path in zip(node.children, below)
        ),
        tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
        (
            *(n for n in TYPING_NAMES if n in words),
            *(("TYPE_CHECKING",) if node.children else ()),
            *(("overload",) if any(op.overloads for op in operations) else ()),
            *(("cast",) if operations else ()),
        ),
        tuple(n for n in ("Field", "InstanceOf") if n in words),
        tuple(n for n in ("cookies", "form_fields", "form_files", "path_param", "styled") if n in words),
        (
            tuple(n for n in ("Tagged", "validate_body", "validate_params") if n in words),
            *(
                flag in words if flag != "Stream" else ("Stream" in words or "AsyncStream" in words)
                for flag in ("FileTypes", "BinaryContent", "Stream")
            ),
            tuple(f"{side}{kind}Page" for side in ("Async", "Sync") for kind in ("Cursor", "Link") if f"Sync{kind}Page" in words),
            *(flag in words for flag in ("warnings", "builtins")),
        ),
    )


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

