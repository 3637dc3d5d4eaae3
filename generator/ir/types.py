"""The resolved type of a schema: a small tree that knows nothing of `$ref` or the spec."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, replace
from typing import TypeVar

Constraints = tuple[tuple[str, object], ...]
_T = TypeVar("_T")


def plain_repr(cls: type[_T]) -> type[_T]:
    """A dataclass's repr, compiled as dataclasses compiles it but without its guard against
    cycles (reprlib.recursive_repr), which costs more than the repr itself: the model's
    trees hold none, and the memos digest the reprs of whole models (ir/op_memo.py)."""
    fields = ", ".join(f"{f.name}={{self.{f.name}!r}}" for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    namespace: dict[str, object] = {}
    exec(f"def __repr__(self):\n    return f'{cls.__qualname__}({fields})'\n", namespace)
    setattr(cls, "__repr__", namespace["__repr__"])
    return cls


@plain_repr
@dataclass(frozen=True)
class Prim:
    name: str  # str, int, float, bool, bytes, Any


@plain_repr
@dataclass(frozen=True)
class Lit:
    values: tuple[object, ...]


@plain_repr
@dataclass(frozen=True)
class ListOf:
    item: Type


@plain_repr
@dataclass(frozen=True)
class MapOf:
    value: Type
    key_constraints: Constraints = ()


@plain_repr
@dataclass(frozen=True)
class UnionOf:
    members: tuple[Type, ...]
    discriminator: str | None = None
    # Where the members' tag fields are no Literal: each tag value and the key of the
    # member class it names (the document's discriminator mapping)
    tags: tuple[tuple[str, str], ...] = ()
    # The member a value whose tag names none is (a base schema's own class: subtypes.py)
    default: str | None = None


@plain_repr
@dataclass(frozen=True)
class ClassRef:
    key: str  # the JSON pointer of the schema the class was made from


@plain_repr
@dataclass(frozen=True)
class AliasRef:
    key: str  # the component schema the type alias is named after


@plain_repr
@dataclass(frozen=True)
class Named:
    """Plain data (a map, a list, a constrained scalar) that a component names: read as
    `inner` everywhere, written as the component's type alias where a person reads it."""

    key: str  # the component schema
    inner: Type


@plain_repr
@dataclass(frozen=True)
class Nullable:
    inner: Type


@plain_repr
@dataclass(frozen=True)
class Constrained:
    inner: Type
    constraints: Constraints = field(default=())


Type = Prim | Lit | ListOf | MapOf | UnionOf | ClassRef | AliasRef | Named | Nullable | Constrained

ANY = Prim("Any")


def strip(t: Type) -> Type:
    """The type without constraints, nullability or name: what it *is*."""
    while isinstance(t, (Constrained, Nullable, Named)):
        t = t.inner
    return t


def is_nullable(t: Type) -> bool:
    while isinstance(t, (Constrained, Named)):
        t = t.inner
    return isinstance(t, Nullable)


def alias_refs(t: Type) -> list[str]:
    """Keys of every type alias a type mentions, in order of appearance."""
    return _refs(t, AliasRef)


def class_refs(t: Type) -> list[str]:
    """Keys of every class a type mentions, in order of appearance."""
    return _refs(t, ClassRef)


def _refs(t: Type, kind: type[ClassRef] | type[AliasRef]) -> list[str]:  # (Named counts as an alias)
    if isinstance(t, kind):
        return [t.key]
    if isinstance(t, Named):  # (an alias too)
        return ([t.key] if kind is AliasRef else []) + _refs(t.inner, kind)
    if isinstance(t, (Nullable, Constrained)):
        return _refs(t.inner, kind)
    if isinstance(t, ListOf):
        return _refs(t.item, kind)
    if isinstance(t, MapOf):
        return _refs(t.value, kind)
    if isinstance(t, UnionOf):
        return [k for m in t.members for k in _refs(m, kind)]
    return []


def named_keys(t: Type) -> set[str]:
    """Keys of every class and alias a type mentions: `class_refs` and `alias_refs` in one
    walk, for the passes that only ask which (the graph of types modules: hot on a big API)."""
    found: set[str] = set()
    todo = [t]
    while todo:
        t = todo.pop()
        if isinstance(t, (ClassRef, AliasRef)):
            found.add(t.key)
        elif isinstance(t, (Nullable, Constrained)):
            todo.append(t.inner)
        elif isinstance(t, Named):
            found.add(t.key)
            todo.append(t.inner)
        elif isinstance(t, ListOf):
            todo.append(t.item)
        elif isinstance(t, MapOf):
            todo.append(t.value)
        elif isinstance(t, UnionOf):
            todo.extend(t.members)
    return found


def with_aliases_inlined(t: Type, targets: dict[str, Type]) -> Type:
    """`t` with each alias of `targets` (key -> its type) written out in its place."""
    if isinstance(t, AliasRef) and t.key in targets:
        return with_aliases_inlined(targets[t.key], targets)
    if isinstance(t, Nullable):
        return Nullable(with_aliases_inlined(t.inner, targets))
    if isinstance(t, Named):
        return Named(t.key, with_aliases_inlined(t.inner, targets))
    if isinstance(t, Constrained):
        return Constrained(with_aliases_inlined(t.inner, targets), t.constraints)
    if isinstance(t, ListOf):
        return ListOf(with_aliases_inlined(t.item, targets))
    if isinstance(t, MapOf):
        return MapOf(with_aliases_inlined(t.value, targets), t.key_constraints)
    if isinstance(t, UnionOf):
        return replace(t, members=tuple(with_aliases_inlined(m, targets) for m in t.members))
    return t
