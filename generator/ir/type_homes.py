"""Where each types module lives: with the resource that uses it, the way resources/ is laid
out (`types/stores/orders/` for what only `client.stores.orders` and below use), or in types/
itself when resources apart share it. Each folder's index then lists only its own modules."""

from __future__ import annotations

from collections.abc import Iterable

from generator.ir import names

Chain = tuple[str, ...]


def type_folders(
    uses: Iterable[tuple[Chain, Iterable[str]]],
    links: dict[str, set[str]],
    module_of: dict[str, str],
) -> dict[str, tuple[str, ...]]:
    """Types module -> its folder under types/ (module names, `("stores", "orders")`).

    `uses`: each operation's resource chain and the keys of the types it names; `links`: module -> the
    modules its types name. A module's resource is the deepest that holds every operation
    that reaches it, directly or through other modules; one no operation reaches lives in
    types/ itself, as does everything when the API has a single resource at its top."""
    owner: dict[str, Chain] = {}
    todo: list[str] = []
    chains = []
    for chain, keys in uses:
        chains.append(chain)
        for key in keys:
            _meet(owner, module_of[key], chain, todo)
    while todo:
        module = todo.pop()
        for other in links.get(module, ()):
            _meet(owner, other, owner[module], todo)
    base = len(_common(chains)) if chains else 0
    folders = {module: tuple(names.module(part) for part in chain[base:]) for module, chain in owner.items()}
    return _apart(folders, set(module_of.values()))


def _meet(owner: dict[str, Chain], module: str, chain: Chain, todo: list[str]) -> None:
    """`module` is used from `chain` too: its owner becomes what both have in common."""
    old = owner.get(module)
    new = chain if old is None else _common([old, chain])
    if new != old:
        owner[module] = new
        todo.append(module)


def _common(chains: list[Chain]) -> Chain:
    first = chains[0]
    n = 0
    while n < len(first) and all(len(c) > n and c[n] == first[n] for c in chains):
        n += 1
    return first[:n]


def _apart(folders: dict[str, Chain], modules: set[str]) -> dict[str, Chain]:
    """A folder is named like a module beside it (`types/beta.py`, `types/beta/`): the folder
    takes an underscore, as a keyword does."""
    in_folder: dict[Chain, set[str]] = {}
    for module in modules:
        in_folder.setdefault(folders.get(module, ()), set()).add(module)

    def renamed(folder: Chain) -> Chain:
        out = []
        for depth, part in enumerate(folder):
            while part in in_folder.get(folder[:depth], set()):
                part += "_"
            out.append(part)
        return tuple(out)

    return {module: renamed(folders.get(module, ())) for module in modules}
