"""Each operation's model and test case as the last run made them, and what they were made
from, so that a regeneration makes again only those of the operations an edit reached.

An operation's model (operations.py) and test case are a function of its converted types
(`OpTypes`, compared by value) and of what making them reads besides, which is recorded as
it is read:
  - the pieces of the document (a path item, a component) that references led to, through
    the resolver and the example maker's memo (RefResolver.reads): each piece by a digest
    of its content after repair (pieces.py);
  - the classes it looked into (a body's properties become arguments), by a digest of each;
  - the names it gave types (a class's, a TypedDict's), the names it checked against the
    models' (an argument must not hide one), and whether its route has a twin;
  - the warnings it gave, to give them again;
  - the example values made of a node that refers to components inside a required-only part
    (a component met nested), by a digest of each value rather than by the pieces making it
    read (ExampleMaker._sealed): one table for the whole memo keeps each value's digest and
    those pieces' versions, so a value is made again only when one of them changed.
An entry whose inputs and reads are all what they are now is this run's answer too; one
table of what each read answered tells most entries so without their reads being read back
(answers.py). The memo lives in the per-user cache (cache.py), one entry per document,
options and clientsmith code; the models are pickled and read back with an unpickler that
makes only the model's classes.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import pickle
from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import partial
from typing import Any, TypeVar

from generator import cache
from generator.ir import answers, lazy as lazy_, model
from generator.ir.examples import Sealed
from generator.ir.operations import OpTypes
from generator.ir.routes import Route, Row
from generator.ir.schemas import ClassDef

T = TypeVar("T")
Note = tuple[str, tuple[str, ...]]
# id -> a part of the model (an operation, a types module) and a digest of what it is a
# function of (its pickle, as a memo keeps it): render digests take a part as that digest.
Pickled = dict[int, tuple[object, bytes]]
# What converting an operation fills in (security and server come after, from the builder).
CONVERTED = tuple(f.name for f in fields(OpTypes) if f.name not in ("route", "security_repr", "server_repr"))


@dataclass
class Record:
    """What making one operation read besides its types, as it read it."""

    pointers: set[str] = field(default_factory=set)
    classes: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    reserved: dict[str, bool] = field(default_factory=dict)
    twins: dict[str, bool] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    examples: dict[Sealed, bytes] = field(default_factory=dict)  # values sealed by the example maker


class Recorder:
    """Stands between the operation maker and what it reads, and writes down each read in
    the current record (when there is one)."""

    def __init__(self, classes: dict[str, ClassDef], class_digest: Callable[[str], str], class_name: Callable[[str], str], param_name: Callable[[str], str]) -> None:
        self.current: Record | None = None
        self._classes = classes
        self._class_digest = class_digest
        self._class_name = class_name
        self._param_name = param_name

    def classes(self) -> _Classes:
        return _Classes(self)

    def class_name(self, key: str) -> str:
        name = self._class_name(key)
        if self.current is not None:
            self.current.names[key] = name
        return name

    def param_name(self, key: str) -> str:
        name = self._param_name(key)
        if self.current is not None:
            self.current.params[key] = name
        return name

    def container(self, names: Container[str], kind: str) -> _Seen:
        return _Seen(names, self, kind)

    def warner(self, warn: Callable[[str, tuple[str, ...]], None]) -> Callable[[str, tuple[str, ...]], None]:
        def recorded(message: str, parts: tuple[str, ...]) -> None:
            if self.current is not None:
                self.current.notes.append((message, tuple(parts)))
            warn(message, parts)

        return recorded

    def look(self, key: str) -> ClassDef | None:
        cls = self._classes.get(key)
        if self.current is not None:
            self.current.classes[key] = self._class_digest(key) if cls is not None else ""
        return cls


class _Classes(Mapping[str, ClassDef]):
    """The classes, as the operation maker reads them: one by one (`get` and `[]`)."""

    def __init__(self, recorder: Recorder) -> None:
        self._recorder = recorder

    def __getitem__(self, key: str) -> ClassDef:
        cls = self._recorder.look(key)
        if cls is None:
            raise KeyError(key)
        return cls

    def __iter__(self) -> Iterator[str]:
        raise TypeError("an operation reads classes by key: all of them would be no read to record")

    def __len__(self) -> int:
        raise TypeError("an operation reads classes by key")


class _Seen:
    def __init__(self, names: Container[str], recorder: Recorder, kind: str) -> None:
        self._names = names
        self._recorder = recorder
        self._kind = kind

    def __contains__(self, name: object) -> bool:
        found = name in self._names
        current = self._recorder.current
        if current is not None and isinstance(name, str):
            (current.reserved if self._kind == "reserved" else current.twins)[name] = found
        return found


# What an operation's model is made from besides its reads: a digest of its converted types
# and route, and what the builder adds to them after conversion (its security and server).
Inputs = tuple[str, str | None, str | None]


def op_inputs(o: OpTypes, types: str = "") -> Inputs:
    """An operation's `Inputs` (`types`: types_digest's, when known). (As they are, not a
    digest of them: most are short, and a digest of each of 22,361 took 40 ms a run.)"""
    return types or types_digest(o), o.security_repr, o.server_repr


def types_digest(o: OpTypes) -> str:
    """A digest of what converting an operation gave (its route, its node by value). The
    parts that are the document's own values (the node, the parameters, the body's schema,
    the response's example) are taken by marshal, which is several times quicker than their
    repr (graph-beta's parameters list every property a `$select` may name: 45 MB of text).
    Parameters that are the node's own are taken with it."""
    example_of = o.response_example_of
    own = {id(p) for p in o.route.node.get("parameters") or ()}  # (in the node already)
    params = [p if id(p) not in own else i for i, (p, _, _) in enumerate(o.params)]
    values = (o.route.node, params, o.body_schema, o.response_example, example_of[0] if example_of else None)
    rest = tuple(getattr(o, name) for name in CONVERTED if name not in _VALUES)
    text = repr((route_summary(o.route), [(ptr, t) for _, ptr, t in o.params], example_of[1] if example_of else None, rest))
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass"))
    digest.update(marshal.dumps(values, 2))  # (version 2: no back-references, which follow identity)
    return digest.hexdigest()


# The fields of OpTypes that hold values of the document (types_digest takes them by marshal).
_VALUES = frozenset({"params", "body_schema", "response_example", "response_example_of"})


def route_summary(route: Route) -> bytes:
    """What an operation's route is besides its node: what converting it names things by.
    (marshal's version 0, which is twice as quick as a repr, and marks no string as interned:
    the same route gives the same bytes.)"""
    return marshal.dumps((route.key, route.method, route.path, route.pointer, route.resource, route.method_name, route.fixed_query, route.shadowed_by), 0)


def class_digest(cls: ClassDef) -> str:
    return hashlib.sha1(repr(cls).encode("utf-8", "surrogatepass")).hexdigest()


# What making an operation read, as it read it: the version of each piece {piece: version},
# classes {key: digest, "" if none}, class names, param names, reserved checks, twin checks,
# and the example values it sealed (ExampleMaker.sealed_digest). Kinds of reads, in order.
Reads = tuple[dict[tuple[str, ...], str], dict[str, str], dict[str, str], dict[str, str], dict[str, bool], dict[str, bool], dict[Sealed, bytes]]
READS = 7  # (kinds)

# An entry: (inputs, its reads as answers.py keeps them, (the model's notes, the test
# case's), the pickled model, the test case, the model's `head`, the pickle's sha1 (render
# digests)).
Entry = tuple[Inputs, answers.Kept, tuple[list[Note], list[Note]], bytes, Any, dict[str, Any], bytes]


# What a regeneration reads of the operations it keeps, rendered or not: the resource tree
# (method names, the words a module imports), the tests' imports, the README's table. The
# memo keeps them beside the pickle, and the rest is decoded when first read (`lazy`).
_HEAD = ("key", "method_name", "http_method", "path", "accessor", "returns_classes", "words")


def head(operation: model.Operation) -> dict[str, Any]:
    found = {name: getattr(operation, name) for name in _HEAD}
    if not operation.overloads:  # (a module imports `overload` for any)
        found["overloads"] = ()
    return found


class OpMemo(answers.Memo):
    """The entries (`Entry`) of one document (`name`), made with the options and code at `stamp`."""

    AT, KINDS = 1, READS
    BODIES = (3,)  # the pickled model: decoded for the few operations a regeneration renders

    def __init__(self, name: str, stamp: str) -> None:
        super().__init__(name, stamp)
        # id -> this run's operation and a digest of what it is a function of: its pickle (and
        # the names of what it must not hide, for one rewritten by resources.py); render
        # digests use them
        self.pickled: Pickled = {}
        # The routes, named by a pass over every path (routes.collect), and a digest of what
        # naming them read: the path items (the last run's, and this run's).
        self._routes_entry = f"{name}.routes"
        self.routes_old: Any = cache.read(self._routes_entry, stamp)
        self.routes_new: tuple[str, list[Row]] | None = None
        # The resource tree's layout, a digest of what it was made from, and the operations'
        # words it read (resources.py).
        self._resources_entry = f"{name}.resources"
        self.resources_old: Any = cache.read(self._resources_entry, stamp)
        self.resources_new: Any = None
        # The example values the entries sealed (ExampleMaker._sealed): by key, a digest of
        # each and the versions of the pieces making it read; one table for all the entries,
        # which share most of them. A value whose pieces are as they were needs no making.
        self._seals = _Seals(f"{name}.seals", stamp)
        self.seals_old: dict[Sealed, tuple[bytes, dict[tuple[str, ...], str]]] = self._seals.old
        self.seals_new: dict[Sealed, tuple[bytes, dict[tuple[str, ...], str]]] = self._seals.new

    def write(self) -> bool:
        whole = super().write()
        if self.routes_new is not None and self.routes_new != self.routes_old:
            cache.write(self._routes_entry, self.routes_new, self.stamp)
        if self.resources_new is not None and self.resources_new != self.resources_old:
            cache.write(self._resources_entry, self.resources_new, self.stamp)
        self._seals.write()
        return whole

    def release(self) -> None:
        super().release()
        self._seals.release()
        self.seals_old, self.seals_new = self._seals.old, self._seals.new


def encode(value: object) -> bytes:
    """A part of the model (an operation, a types module) as the memos keep it."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def decode(data: bytes | memoryview, kind: type[T]) -> T:
    """What `encode` gave, if it is a `kind`: made with the model's classes and no other."""
    found = _ModelUnpickler(io.BytesIO(data)).load()
    if not isinstance(found, kind):
        raise pickle.UnpicklingError(f"not a {kind.__name__}")
    return found


def lazy(kind: type[T], data: bytes | memoryview, known: dict[str, Any]) -> T:
    """What `decode(data, ...)` gives, with the fields of `known` (its head) in place and the
    others decoded when the first of them is read (ir/lazy.py): a regeneration keeps most of
    a big client's operations and types modules, and renders few of them (graph-beta: 0.5 s
    and 0.35 s of decoding saved). `kind`: LazyOperation or LazyTypesModule."""
    return lazy_.lazy(kind, known, partial(_decoded, data, kind.__mro__[1]))


def _decoded(data: bytes | memoryview, kind: type[object]) -> dict[str, Any]:
    return vars(decode(data, kind))


LazyOperation = lazy_.lazy_kind(model.Operation)
LazyTypesModule = lazy_.lazy_kind(model.TypesModule)


class _ModelUnpickler(pickle.Unpickler):
    """Makes the model's classes and nothing else: a cache file runs no code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == model.__name__ and isinstance(getattr(model, name, None), type):
            return getattr(model, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of the model")


class _Seals(cache.Sharded):
    """The sealed values' table: one file, and what changed since it was written in a delta
    read over it (an edit changes a few of graph-beta's 2.8 MB)."""

    SHARDS = 1
