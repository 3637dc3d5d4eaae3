"""Two clients' surfaces compared, each change classified by what it does to code that calls
the client:

- breaking: a call or a read that worked may fail (a method, parameter, field or type gone, a
  new required parameter, a parameter that accepts less, a response field of another type);
- compatible: every call that worked still works (something new, a parameter that accepts
  more, a response field that may hold more values);
- doc-only: descriptions.

Types are compared as the sets of their union's members (`Literal["a", "b"]` is two), with
pydantic's markers set aside: a parameter narrows when a member goes, a response field
changes in a breaking way when the old and new types share no member.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Literal

from generator.diagnostics import Location
from generator.quoting import literal
from generator.diff.surface import FieldInfo, Method, Model, Named, Param, Surface

Kind = Literal["breaking", "compatible", "doc-only"]
KINDS: tuple[Kind, ...] = ("breaking", "compatible", "doc-only")


@dataclass(frozen=True)
class Change:
    kind: Kind
    subject: str  # what the caller names: `client.stores.create(name=)`, `types.Order.total`
    message: str
    old: Location | None
    new: Location | None


def compare(old: Surface, new: Surface) -> list[Change]:
    types = _Types(old.aliases, new.aliases)
    changes: list[Change] = []
    changes += _methods(old.methods, new.methods, types)
    changes += _models(old.models, new.models, types)
    changes += _named(old.named, new.named, types)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(changes, key=lambda c: (order[c.kind], c.subject, c.message))


@dataclass(frozen=True)
class _Types:
    """The aliases of each side, which a type's members are read through."""

    old: dict[str, str]
    new: dict[str, str]

    def members(self, old: str, new: str) -> tuple[frozenset[str], frozenset[str]]:
        return members(old, self.old), members(new, self.new)


# -- methods ------------------------------------------------------------------------------


def _methods(old: dict[str, Method], new: dict[str, Method], types: _Types) -> list[Change]:
    out = []
    moved_to = {m.key: m for name, m in new.items() if name not in old}
    for name, before in old.items():
        after = new.get(name)
        if after is None:
            there = moved_to.pop(before.key, None)
            if there is not None:
                out.append(Change("breaking", name, f"moved: now `{there.accessor}`", before.location, there.location))
                out += _method(before, there, types)
            else:
                out.append(Change("breaking", name, "method removed", before.location, None))
            continue
        out += _method(before, after, types)
    out += [Change("compatible", m.accessor, "new method", None, m.location) for m in moved_to.values()]
    return out


def _method(old: Method, new: Method, types: _Types) -> list[Change]:
    out = []
    where = (old.location, new.location)
    for name, before in old.params.items():
        subject = f"{new.accessor}({name}=)"
        after = new.params.get(name)
        if after is None:
            out.append(Change("breaking", subject, "parameter removed", *where))
            continue
        out += _param(subject, before, after, where, types)
    for name, after in new.params.items():
        if name not in old.params:
            kind: Kind = "breaking" if after.required else "compatible"
            out.append(Change(kind, f"{new.accessor}({name}=)", f"new {'required' if after.required else 'optional'} parameter: `{after.annotation}`", *where))
    if old.returns != new.returns:
        was, now = types.members(old.returns, new.returns)
        kind = "compatible" if now <= was else "breaking"
        out.append(Change(kind, new.accessor, f"returns `{new.returns}` (was `{old.returns}`)", *where))
    if old.docstring != new.docstring and not out:
        out.append(Change("doc-only", new.accessor, "docstring changed", *where))
    return out


def _param(subject: str, old: Param, new: Param, where: tuple[Location, Location], types: _Types) -> list[Change]:
    out = []
    if new.required and not old.required:
        out.append(Change("breaking", subject, "now required", *where))
    elif old.required and not new.required:
        out.append(Change("compatible", subject, "now optional", *where))
    out += _sent_type(subject, old.annotation, new.annotation, where, types)
    if old.default != new.default and not (old.required or new.required):
        out.append(Change("compatible", subject, f"default `{new.default}` (was `{old.default}`)", *where))
    if old.description != new.description:
        out.append(Change("doc-only", subject, "description changed", *where))
    return out


# -- models and named types -----------------------------------------------------------------


def _models(old: dict[str, Model], new: dict[str, Model], types: _Types) -> list[Change]:
    out = []
    added = {name: m for name, m in new.items() if name not in old}
    for name, before in old.items():
        after = new.get(name)
        if after is None:
            twin = next((m for m in added.values() if _shape(m) == _shape(before)), None)
            if twin is not None:
                del added[twin.name]
                out.append(Change("breaking", f"types.{name}", f"renamed to `{twin.name}` (same fields)", before.location, twin.location))
            else:
                out.append(Change("breaking", f"types.{name}", "model removed", before.location, None))
            continue
        out += _model(before, after, types)
    out += [Change("compatible", f"types.{m.name}", "new model", None, m.location) for m in added.values()]
    return out


def _model(old: Model, new: Model, types: _Types) -> list[Change]:
    out = []
    for name, before in old.fields.items():
        subject = f"types.{new.name}.{name}"
        after = new.fields.get(name)
        if after is None:
            out.append(Change("breaking", subject, "field removed", before.location, None))
            continue
        out += _field(subject, before, after, new, types)
    for name, after in new.fields.items():
        if name not in old.fields:
            breaks = after.required and bool(after.param_annotation) and new.sent
            kind: Kind = "breaking" if breaks else "compatible"
            what = "new required field that requests must send" if breaks else "new field"
            out.append(Change(kind, f"types.{new.name}.{name}", f"{what}: `{after.annotation}`", None, after.location))
    if old.description != new.description:
        out.append(Change("doc-only", f"types.{new.name}", "description changed", old.location, new.location))
    return out


def _field(subject: str, old: FieldInfo, new: FieldInfo, model: Model, types: _Types) -> list[Change]:
    out = []
    where = (old.location, new.location)
    if model.sent and new.param_annotation and old.param_annotation:
        if new.required and not old.required:
            out.append(Change("breaking", subject, "now required in requests", *where))
        out += _sent_type(subject, old.param_annotation, new.param_annotation, where, types)
    elif model.sent and old.param_annotation and not new.param_annotation:
        out.append(Change("breaking", subject, "no longer sent (read-only now)", *where))
    if model.received or not model.sent:
        out += _received_type(subject, old.annotation, new.annotation, where, types)
    if old.description != new.description:
        out.append(Change("doc-only", subject, "description changed", *where))
    return out


def _named(old: dict[str, Named], new: dict[str, Named], types: _Types) -> list[Change]:
    out = []
    for name, before in old.items():
        after = new.get(name)
        subject = f"types.{name}"
        if after is None:
            out.append(Change("breaking", subject, "type removed", before.location, None))
            continue
        where = (before.location, after.location)
        if after.sent:
            out += _sent_type(subject, before.annotation, after.annotation, where, types)
        else:
            out += _received_type(subject, before.annotation, after.annotation, where, types)
        if before.description != after.description:
            out.append(Change("doc-only", subject, "description changed", *where))
    out += [Change("compatible", f"types.{n.name}", "new type", None, n.location) for name, n in new.items() if name not in old]
    return out


def _shape(model: Model) -> tuple[tuple[str, str, bool], ...]:
    return tuple(sorted((f.wire, f.annotation, f.required) for f in model.fields.values()))


# -- types ----------------------------------------------------------------------------------


def _sent_type(subject: str, old: str, new: str, where: tuple[Location | None, Location | None], types: _Types) -> list[Change]:
    """A type callers give: taking a member away breaks the calls that gave it."""
    if old == new:
        return []
    before, after = types.members(old, new)
    gone, came = before - after, after - before
    if not gone and not came:
        return []
    if gone:
        return [Change("breaking", subject, f"no longer accepts {_listed(gone)}: `{new}` (was `{old}`)", *where)]
    return [Change("compatible", subject, f"also accepts {_listed(came)}: `{new}` (was `{old}`)", *where)]


def _received_type(subject: str, old: str, new: str, where: tuple[Location | None, Location | None], types: _Types) -> list[Change]:
    """A type callers read: a new member (an enum value) is compatible, another type is not."""
    if old == new:
        return []
    before, after = types.members(old, new)
    if before == after:
        return []
    kind: Kind = "compatible" if before & after else "breaking"
    return [Change(kind, subject, f"type `{new}` (was `{old}`)", *where)]


def _listed(found: frozenset[str]) -> str:
    return ", ".join(f"`{m}`" for m in sorted(found))


def members(annotation: str, aliases: dict[str, str] | None = None) -> frozenset[str]:
    """The members of a type's union, each in a normal form: aliases read through, `Literal`
    values one by one, pydantic's markers (`Annotated`, `InstanceOf`) and `NotGiven` left out."""
    try:
        tree = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return frozenset({annotation})
    return frozenset(_members(tree, aliases or {}, frozenset()))


def _value(node: ast.expr) -> str:
    try:
        return literal(ast.literal_eval(node))
    except ValueError:
        return ast.unparse(node)


def _members(node: ast.expr, aliases: dict[str, str], seen: frozenset[str]) -> list[str]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _members(node.left, aliases, seen) + _members(node.right, aliases, seen)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a forward reference
        try:
            return _members(ast.parse(node.value, mode="eval").body, aliases, seen)
        except SyntaxError:
            return [node.value]
    if isinstance(node, ast.Name) and node.id in aliases and node.id not in seen:
        try:
            return _members(ast.parse(aliases[node.id], mode="eval").body, aliases, seen | {node.id})
        except SyntaxError:
            return [node.id]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if node.value.id in ("Annotated", "InstanceOf", "Required", "NotRequired"):
            return _members(args[0], aliases, seen)
        if node.value.id == "Literal":
            return [f"Literal[{_value(a)}]" for a in args]
        inner = [" | ".join(sorted(_members(a, aliases, seen))) for a in args]
        return [f"{node.value.id}[{', '.join(inner)}]"]
    if isinstance(node, ast.Name) and node.id == "NotGiven":
        return []
    return [ast.unparse(node)]
