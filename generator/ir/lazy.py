"""Parts of the IR a memo puts in place with the few fields every run reads of them, the
others filled in when the first of them is read: a regeneration keeps most of a big
document's operations, classes and types modules, and looks into few of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import Any, TypeVar, cast

T = TypeVar("T")
Load = Callable[[], dict[str, Any]]  # every lazy field's value


def lazy_kind(kind: type[T], names: Iterable[str] | None = None) -> type[T]:
    """`kind` (a dataclass), whose fields (`names`, else all) are read from the instance's
    `__dict__`, filled from its `_load` when one is not there yet. It reprs as `kind` does
    (plain_repr writes the name in)."""
    chosen = names if names is not None else [f.name for f in fields(cast(Any, kind))]
    return type(f"Lazy{kind.__name__}", (kind,), {"__qualname__": kind.__qualname__, **{name: _Filled(name) for name in chosen}})


def lazy(kind: type[T], known: dict[str, Any], load: Load) -> T:
    """A `kind` (made by lazy_kind) with the fields of `known`, and `load` for the others."""
    value = object.__new__(kind)
    vars(value).update(known, _load=load)
    return value


class _Filled:
    """A lazy field: found in the instance's `__dict__` when it is there. Having no `__set__`,
    this is asked only when it is not (a property would be asked at every read, and a
    regeneration reads a few fields of every part); writes go to the `__dict__`."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        state = vars(instance)
        if self.name not in state:
            for name, value in state.pop("_load")().items():
                state.setdefault(name, value)  # (a field written before any was read keeps what was written)
        return state[self.name]
