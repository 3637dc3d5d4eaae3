"""What each types module imports, with import cycles between modules broken."""

from __future__ import annotations

from collections.abc import Callable

from generator.ir import model
from generator.ir.annotate import TYPING_NAMES, identifiers
from generator.ir.schemas import AliasDef, ClassDef
from generator.ir.types import Type, named_keys
from generator.import_order import sorted_names


def module_imports(
    rendered: dict[str, tuple[model.ModelClass, ...]],
    aliases: dict[str, tuple[model.TypeAlias, ...]],  # module -> its alias (and the alias's twin for requests)
    by_module: dict[str, list[ClassDef]],
    alias_defs: dict[str, AliasDef],
    module_of: dict[str, str],
    param_keys: set[str],
    name_of: Callable[[str], str],
    param_of: Callable[[str], str],
    cyclic: set[tuple[str, str]],
) -> tuple[model.TypesModule, ...]:
    """The types modules of `rendered` and `aliases` (a part of them all: those a run makes
    again); `module_of` and `cyclic` (the imports between modules that must come late) are
    of the whole model."""
    uses: dict[str, list[tuple[Type, bool]]] = {}  # module -> the types it names, each for requests too or not
    for module, classes in by_module.items():
        uses[module] = [(p.type, c.key in param_keys and not p.read_only) for c in classes for p in c.props]
    for module, alias in alias_defs.items():
        uses.setdefault(module, []).append((alias.type, alias.key in param_keys))
    needs: dict[str, dict[str, set[str]]] = {}
    for module, types in uses.items():
        wanted: dict[str, set[str]] = {}
        for t, for_requests in types:
            for key in named_keys(t):
                other = module_of[key]
                if other != module:
                    wanted.setdefault(other, set()).update({name_of(key), param_of(key)} if for_requests else {name_of(key)})
        needs[module] = wanted
    modules = []
    for module in sorted({*rendered, *aliases}):
        module_classes = rendered.get(module, ())
        module_aliases = aliases.get(module, ())
        words = _words(module_classes) | {w for a in module_aliases for w in identifiers(a.annotation) | {"TypeAliasType" if a.recursive else "TypeAlias"}}
        needed = needs.get(module, {})
        top = tuple((relative(module, m), tuple(sorted_names(n))) for m, n in sorted(needed.items()) if (module, m) not in cyclic)
        late = tuple((relative(module, m), tuple(sorted_names(n))) for m, n in sorted(needed.items()) if (module, m) in cyclic)
        modules.append(
            model.TypesModule(
                name=module,
                path="types/" + module.replace(".", "/") + ".py",
                root="." * (module.count(".") + 2),
                classes=module_classes,
                aliases=module_aliases,
                models=len(module_classes),
                typing_imports=tuple(n for n in (*TYPING_NAMES, "TypeAlias") if n in words),
                typing_extensions_imports=_typing_extensions_imports(module_classes, words),
                pydantic_imports=_pydantic_imports(module_classes, words),
                models_imports=(*(("BaseModel",) if module_classes else ()), *(("Tagged",) if "Tagged" in words else ())),
                runtime_imports=tuple(n for n in ("FileTypes",) if n in words),
                imports=top,
                late_imports=late,
            )
        )
    return tuple(modules)


def relative(source: str, target: str) -> str:
    """The import of module `target` from module `source`, both dotted under one package:
    `relative("beta.run", "beta.step")` is `.step`, `relative("beta.run", "file")` `..file`."""
    folder, parts = source.split(".")[:-1], target.split(".")
    common = 0
    while common < min(len(folder), len(parts) - 1) and folder[common] == parts[common]:
        common += 1
    return "." * (len(folder) - common + 1) + ".".join(parts[common:])


def _words(classes: tuple[model.ModelClass, ...]) -> set[str]:
    text = " ".join([f.annotation for c in classes for f in c.fields] + [f.param_annotation for c in classes for f in c.param_fields])
    return identifiers(text)


def _typing_extensions_imports(classes: tuple[model.ModelClass, ...], words: set[str]) -> tuple[str, ...]:
    with_params = any(c.param_name for c in classes)
    wanted = (("Required", "Required" in words), ("TypeAliasType", "TypeAliasType" in words), ("TypedDict", with_params))
    return tuple(n for n, used in wanted if used)


def _pydantic_imports(classes: tuple[model.ModelClass, ...], words: set[str]) -> tuple[str, ...]:
    found = {n for n in ("InstanceOf",) if n in words}
    if "Field" in words or any(f.default and f.default.startswith("Field(") for c in classes for f in c.fields):
        found.add("Field")
    if any(c.param_name and c.closed for c in classes):
        found.add("ConfigDict")  # functional TypedDicts set __pydantic_config__ themselves
    if any(c.param_name and c.closed and not c.functional_params for c in classes):
        found.add("with_config")
    return tuple(sorted(found))


def cyclic_edges(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Edges inside a strongly connected component: those imports must come late."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    component: dict[str, int] = {}
    counter = [0]

    def visit(node: str) -> None:
        # Iterative Tarjan: a large spec would overflow Python's recursion limit.
        work = [(node, iter(sorted(graph.get(node, ()))))]
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        while work:
            current, children = work[-1]
            for nxt in children:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[current] = min(low[current], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[current])
                if low[current] == index[current]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component[member] = index[current]
                        if member == current:
                            break

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return {(a, b) for a, targets in graph.items() for b in targets if component.get(a) == component.get(b)}
