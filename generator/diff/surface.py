"""The public surface of a generated client, read from the IR: what the code that calls the
client can name (methods and their parameters, models and their fields, named types), each
with where the document declares it. Two surfaces are compared by compare.py."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from generator.diagnostics import Location
from generator.ir.annotate import identifiers
from generator.ir.model import Api, ModelClass, Operation, TypeAlias
from generator.load import Document
from generator.pointers import tokens


@dataclass(frozen=True)
class Param:
    name: str
    annotation: str  # as the signature says it, without `| NotGiven`
    required: bool
    default: str | None
    description: str | None


@dataclass(frozen=True)
class Method:
    accessor: str  # `client.stores.orders.create`
    key: str  # operationId (or "METHOD /path"): follows a method that moved
    params: dict[str, Param]
    returns: str
    docstring: str | None
    location: Location


@dataclass(frozen=True)
class FieldInfo:
    name: str
    wire: str
    annotation: str  # the model's (responses)
    param_annotation: str  # the TypedDict's (requests); '' when not sent
    required: bool
    description: str | None
    location: Location


@dataclass(frozen=True)
class Model:
    name: str
    fields: dict[str, FieldInfo]
    sent: bool  # some request holds it
    received: bool  # some response holds it
    description: str | None
    location: Location


@dataclass(frozen=True)
class Named:
    """A named type that is no class: an enum, a union."""

    name: str
    annotation: str
    sent: bool
    received: bool
    description: str | None
    location: Location


@dataclass(frozen=True)
class Surface:
    methods: dict[str, Method]
    models: dict[str, Model]
    named: dict[str, Named]
    aliases: dict[str, str]  # every alias (twins too) -> what it stands for


def surface(api: Api, doc: Document) -> Surface:
    operations = [op for module in api.resources for op in module.resource.operations]
    classes = {c.name: c for m in api.types_modules for c in m.classes}
    aliases = {a.name: a for m in api.types_modules for a in m.aliases}
    by_param = {c.param_name: c for c in classes.values() if c.param_name}
    given = [a.annotation for op in operations for a in (*op.positional, *op.keyword)]
    bodies = [op.body_param_type for op in operations if op.body_param_type]  # (a body's fields are arguments)
    sent = _reach(given + bodies, classes, by_param, aliases, requests=True)
    received = _reach([op.return_annotation for op in operations], classes, by_param, aliases, requests=False)
    methods = {op.accessor: _method(op, doc) for op in operations}
    models = {name: _model(c, doc, name in sent or (c.param_name or "") in sent, name in received) for name, c in classes.items()}
    twins: dict[str, list[TypeAlias]] = {}  # an alias, then its twin for requests, by schema
    for alias in aliases.values():
        twins.setdefault(alias.key or alias.name, []).append(alias)
    named = {}
    for own, *twin in twins.values():
        is_sent = own.name in sent or any(t.name in sent for t in twin)
        named[own.name] = Named(own.name, own.annotation, is_sent, own.name in received, own.description, doc.location(tokens(own.key)))
    return Surface(methods, models, named, {name: a.annotation for name, a in aliases.items()})


def _method(op: Operation, doc: Document) -> Method:
    params = {}
    for arg in (*op.positional, *op.keyword):
        annotation = arg.annotation.removesuffix(" | NotGiven")
        params[arg.name] = Param(arg.name, annotation, arg.default is None, arg.default if arg.default != "NOT_GIVEN" else None, arg.description)
    where = doc.location(("paths", op.path, op.http_method))
    return Method(op.accessor, op.key, params, op.return_annotation, op.docstring, where)


def _model(cls: ModelClass, doc: Document, sent: bool, received: bool) -> Model:
    params = {f.name: f for f in cls.param_fields}
    fields = {}
    for f in cls.fields:
        wire = ast.literal_eval(f.wire_repr)
        param = params.get(f.name)
        where = doc.location((*tokens(cls.key), "properties", wire))
        fields[f.name] = FieldInfo(f.name, wire, f.annotation, param.param_annotation if param else "", f.required, f.description, where)
    return Model(cls.name, fields, sent, received, cls.description, doc.location(tokens(cls.key)))


def _reach(annotations: list[str], classes: dict[str, ModelClass], by_param: dict[str, ModelClass], aliases: dict[str, TypeAlias], requests: bool) -> set[str]:
    """The names of classes and aliases the annotations lead to, through fields (a request's
    TypedDict fields, or a response model's)."""
    seen: set[str] = set()
    todo = [name for text in annotations for name in identifiers(text)]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        cls = by_param.get(name) if requests else None
        cls = cls or classes.get(name)
        if cls is not None:
            seen.add(cls.name)
            todo += [n for f in (cls.param_fields if requests else cls.fields) for n in identifiers(f.param_annotation if requests else f.annotation)]
        elif name in aliases:
            todo += identifiers(aliases[name].annotation)
    return seen

