"""Operations grouped into a tree of resources, one module per top-level resource."""

from __future__ import annotations

import dataclasses
import functools
import re

from generator.ir import model, names
from generator.ir.annotate import TYPING_NAMES, identifiers


def resource_modules(
    operations: list[model.Operation],
    chains: list[tuple[str, ...]],
    home: dict[str, str],
) -> tuple[model.ResourceModule, ...]:
    """`home` maps each type's name to the types module that defines it."""
    tree: dict[tuple[str, ...], list[model.Operation]] = {}
    for op, chain in zip(operations, chains):
        for depth in range(1, len(chain)):
            tree.setdefault(chain[:depth], [])
        tree.setdefault(chain, []).append(op)
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for chain in sorted(tree):
        children.setdefault(chain[:-1], []).append(chain)
    modules = []
    claimed = set(home)  # a resource class must not hide a type, nor another resource's classes
    for top in children.get((), []):
        resource = _resource(top, tree, children, claimed)
        words = _words(resource)
        imports: dict[str, set[str]] = {}
        for word in words:
            if word in home:
                imports.setdefault(home[word], set()).add(word)
        modules.append(
            model.ResourceModule(
                name=names.module(top[0]),
                resource=resource,
                imports=tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
                typing_imports=tuple(n for n in TYPING_NAMES if n in words),
                pydantic_imports=tuple(n for n in ("Field", "InstanceOf") if n in words),
                utils_imports=tuple(n for n in ("cookies", "form_fields", "form_files", "path_param", "styled") if n in words),
                uses_validate_params="validate_params" in words,
                uses_files="FileTypes" in words,
                uses_binary="BinaryContent" in words,
                uses_streams="Stream" in words or "AsyncStream" in words,
                uses_pages="SyncCursorPage" in words,
                uses_overload=any(op.overloads for op in _operations(resource)),
                uses_warnings="warnings" in words,
                uses_builtins="builtins" in words,
            )
        )
    return tuple(modules)


def _resource(
    chain: tuple[str, ...],
    tree: dict[tuple[str, ...], list[model.Operation]],
    below: dict[tuple[str, ...], list[tuple[str, ...]]],
    claimed: set[str],
) -> model.Resource:
    class_name = _class_name(chain, claimed)
    children = tuple(_resource(k, tree, below, claimed) for k in below.get(chain, []))
    operations = sorted(tree[chain], key=lambda o: o.method_name)
    # The class defines its sub-resources first, then its methods in this order: a name
    # hides the builtin from what comes after it.
    shadowed: frozenset[str] = _BUILTINS & {child.attr for child in children}
    unshadowed = []
    for op in operations:
        unshadowed.append(_unshadowed(op, shadowed) if shadowed else op)
        shadowed |= _BUILTINS & {op.method_name}
    return model.Resource(
        attr=names.resource_attribute(chain),
        class_name=class_name,
        docstring=None,
        operations=tuple(unshadowed),
        children=children,
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
    pattern = _builtin_names(shadowed)

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


def _operations(resource: model.Resource) -> list[model.Operation]:
    return [*resource.operations, *(op for sub in resource.children for op in _operations(sub))]


def _words(resource: model.Resource) -> set[str]:
    found: set[str] = set()
    for op in _operations(resource):
        arguments = [*op.positional, *op.keyword, *(a for o in op.overloads for a in o.keyword)]
        text = " ".join([op.return_annotation, op.async_return_annotation, op.cast_to, *(a.annotation for a in arguments)])
        text += " " + " ".join([op.path_expr, *(v for _, v in op.request_kwargs + op.async_request_kwargs), *op.prelude])
        found |= identifiers(text)
    return found
