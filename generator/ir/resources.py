"""Operations grouped into a tree of resources, one module per top-level resource."""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.ir import model, names
from generator.ir.schemas import ClassDef

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TYPING = ("Annotated", "Any", "Literal", "Sequence")


def resource_modules(
    operations: list[model.Operation],
    chains: list[tuple[str, ...]],
    classes: dict[str, ClassDef],
    module_of: Callable[[ClassDef], str],
) -> tuple[model.ResourceModule, ...]:
    tree: dict[tuple[str, ...], list[model.Operation]] = {}
    for op, chain in zip(operations, chains):
        for depth in range(1, len(chain)):
            tree.setdefault(chain[:depth], [])
        tree.setdefault(chain, []).append(op)
    home = {c.name: module_of(c) for c in classes.values()}
    home.update({c.name + "Param": module_of(c) for c in classes.values()})
    modules = []
    for top in sorted(k for k in tree if len(k) == 1):
        resource = _resource(top, tree)
        words = _words(resource)
        imports: dict[str, set[str]] = {}
        for word in words:
            if word in home:
                imports.setdefault(home[word], set()).add(word)
        modules.append(
            model.ResourceModule(
                name=top[0],
                resource=resource,
                imports=tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
                typing_imports=tuple(n for n in _TYPING if n in words),
                uses_field="Field" in words,
            )
        )
    return tuple(modules)


def _resource(chain: tuple[str, ...], tree: dict[tuple[str, ...], list[model.Operation]]) -> model.Resource:
    children = tuple(_resource(k, tree) for k in sorted(tree) if len(k) == len(chain) + 1 and k[: len(chain)] == chain)
    return model.Resource(
        attr=names.identifier(chain[-1]),
        class_name="".join(names.pascal(part) for part in chain),
        docstring=None,
        operations=tuple(sorted(tree[chain], key=lambda o: o.method_name)),
        children=children,
    )


def _words(resource: model.Resource) -> set[str]:
    found: set[str] = set()
    for op in resource.operations:
        text = " ".join([op.return_annotation, op.cast_to, *(a.annotation for a in op.positional + op.keyword)])
        found |= set(_WORD.findall(text))
        if op.body_param_type:
            found.add(op.body_param_type)
    for sub in resource.children:
        found |= _words(sub)
    return found
