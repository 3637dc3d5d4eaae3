"""Types as Python annotations, for the two sides of the API.

Models (responses) are lenient: no constraints, so that a server that sends more than the
spec promised never breaks a client. Params (requests) carry every limit of the spec, so that
pydantic checks them before anything is sent; a class there accepts a TypedDict or the model.
A method's signature is read by people and mypy, not by pydantic (its body is checked
against the TypedDict): it says the types only, without pydantic's markers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Callable, Iterable

from generator.ir.types import (
    AliasRef,
    ClassRef,
    Constrained,
    Constraints,
    ListOf,
    Lit,
    MapOf,
    Named,
    Nullable,
    Prim,
    Type,
    UnionOf,
    strip,
)
from generator.quoting import literal

# The typing names an annotation may use, and the words of a piece of code: what a module imports.
TYPING_NAMES = ("Annotated", "Any", "Literal", "Sequence")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def identifiers(text: str) -> set[str]:
    return set(_IDENTIFIER.findall(text))


ClassNames = Callable[[str], str]  # class key -> class name (or its TypedDict's name)


def model_annotation(t: Type, name_of: ClassNames, plain: bool = False) -> str:
    """`plain` leaves out pydantic's discriminator: for return types, where mypy reads it."""
    if isinstance(t, Prim):
        return t.name
    if isinstance(t, Lit):
        return f"Literal[{', '.join(literal(v) for v in t.values)}]"
    if isinstance(t, ListOf):
        return f"list[{model_annotation(t.item, name_of, plain)}]"
    if isinstance(t, MapOf):
        return f"dict[str, {model_annotation(t.value, name_of, plain)}]"
    if isinstance(t, (ClassRef, AliasRef, Named)):
        return name_of(t.key)
    if isinstance(t, Nullable):
        return or_none(model_annotation(t.inner, name_of, plain))
    if isinstance(t, Constrained):
        return model_annotation(t.inner, name_of, plain)
    if _has_nullable_member(t):
        return or_none(model_annotation(_without_null(t), name_of, plain))
    union = union_of(model_annotation(m, name_of, plain) for m in t.members)
    if t.discriminator and t.tags and not plain:
        members = ", ".join(f"{literal(value)}: {literal(name_of(key))}" for value, key in t.tags)
        default = f", {literal(name_of(t.default))}" if t.default else ""
        return f"Annotated[{union}, Tagged({literal(t.discriminator)}, {{{members}}}{default})]"
    if t.discriminator and not plain:
        return f"Annotated[{union}, Field(discriminator={literal(t.discriminator)})]"
    return union


def param_annotation(t: Type, name_of: ClassNames, param_of: ClassNames, models: bool = True) -> str:
    """`models`: a class accepts its model too (`InstanceOf`); not where models were turned
    into their fields before the check (a body given whole: validate_body)."""
    if isinstance(t, Prim):
        return "FileTypes" if t.name == "bytes" else t.name
    if isinstance(t, Lit):
        return model_annotation(t, name_of)
    if isinstance(t, AliasRef):  # its twin for requests, when it holds classes
        return param_of(t.key)
    if isinstance(t, Named):  # written out: pydantic checks its limits
        return param_annotation(t.inner, name_of, param_of, models)
    if isinstance(t, ListOf):
        return f"Sequence[{param_annotation(t.item, name_of, param_of, models)}]"
    if isinstance(t, MapOf):
        key = _constrain("str", t.key_constraints)
        return f"dict[{key}, {param_annotation(t.value, name_of, param_of, models)}]"
    if isinstance(t, ClassRef):
        return f"{param_of(t.key)} | InstanceOf[{name_of(t.key)}]" if models else param_of(t.key)
    if isinstance(t, Nullable):
        return or_none(param_annotation(t.inner, name_of, param_of, models))
    if isinstance(t, Constrained):
        return _constrain(param_annotation(t.inner, name_of, param_of, models), t.constraints)
    if _has_nullable_member(t):
        return or_none(param_annotation(_without_null(t), name_of, param_of, models))
    if t.discriminator and not t.tags and all(isinstance(m, ClassRef) for m in t.members):  # (tags: TypedDicts have no Literal to read)
        params = union_of(param_of(m.key) for m in t.members if isinstance(m, ClassRef))
        if not models:
            return f"Annotated[{params}, Field(discriminator={literal(t.discriminator)})]"
        instances = union_of(f"InstanceOf[{name_of(m.key)}]" for m in t.members if isinstance(m, ClassRef))
        return f"Annotated[{params}, Field(discriminator={literal(t.discriminator)})] | {instances}"
    return union_of(param_annotation(m, name_of, param_of, models) for m in t.members)


def signature_annotation(t: Type, name_of: ClassNames, param_of: ClassNames) -> str:
    """`param_annotation` without what only pydantic reads: limits (`Field(ge=...)`),
    discriminators and `InstanceOf` (a class accepts its TypedDict or the model itself)."""
    if isinstance(t, (Prim, Lit, AliasRef)):
        return param_annotation(t, name_of, param_of)
    if isinstance(t, Named):  # its alias (the same type, limits aside), but a list takes any sequence
        return signature_annotation(t.inner, name_of, param_of) if isinstance(strip(t.inner), ListOf) else name_of(t.key)
    if isinstance(t, ListOf):
        return f"Sequence[{signature_annotation(t.item, name_of, param_of)}]"
    if isinstance(t, MapOf):
        return f"dict[str, {signature_annotation(t.value, name_of, param_of)}]"
    if isinstance(t, ClassRef):
        return f"{param_of(t.key)} | {name_of(t.key)}"
    if isinstance(t, Nullable):
        return or_none(signature_annotation(t.inner, name_of, param_of))
    if isinstance(t, Constrained):
        return signature_annotation(t.inner, name_of, param_of)
    if _has_nullable_member(t):
        return or_none(signature_annotation(_without_null(t), name_of, param_of))
    if all(isinstance(m, ClassRef) for m in t.members):  # the TypedDicts first, then the models
        keys = [m.key for m in t.members if isinstance(m, ClassRef)]
        return union_of([*(param_of(k) for k in keys), *(name_of(k) for k in keys)])
    return union_of(signature_annotation(m, name_of, param_of) for m in t.members)


# Parts of one `a | b | ...`: Python's compiler nests each `|` in the one before it, and
# stops near 3,000 (a oneOf of 8,000 classes gave a module that does not compile).
_CHAIN = 500


def union_of(parts: Iterable[str]) -> str:
    """`a | b | ...`; of more than `_CHAIN` parts, in parenthesized groups of them (the same
    type, to Python, mypy and pydantic)."""
    found = list(parts)
    while len(found) > _CHAIN:
        found = [f"({' | '.join(found[i : i + _CHAIN])})" for i in range(0, len(found), _CHAIN)]
    return " | ".join(found)


def _has_nullable_member(t: UnionOf) -> bool:
    return any(isinstance(m, Nullable) for m in t.members)


def _without_null(t: UnionOf) -> UnionOf:
    """`str | None | list[str]` as `str | list[str]`, its `None` said once, at the end."""
    return replace(t, members=tuple(m.inner if isinstance(m, Nullable) else m for m in t.members))


def _constrain(annotation: str, constraints: Constraints) -> str:
    if not constraints:
        return annotation
    args = ", ".join(f"{k}={literal(v)}" for k, v in constraints)
    return f"Annotated[{annotation}, Field({args})]"


def or_none(annotation: str) -> str:
    return annotation if annotation.endswith("| None") or annotation == "Any" else f"{annotation} | None"
