"""The schemas' conversion, unit by unit, as the last run made it: a regeneration converts
again only the units an edit reached.

Conversion walks the document in order (ir/schemas.py): each operation's schemas become
types, and what they meet first becomes classes, aliases and names, so what a unit makes
depends on what the units before it made. A unit (an operation's conversion, or a
component's in the loop after them) is kept with:
  - the state it started from: a chain digest of what every unit before it made (the keys
    of classes, aliases and named types, with their names; the names claimed; the
    reservations), from the components' reserved names and the subtypes of each base
    (subtypes.py) up. Equal chains, equal state;
  - the pieces of the document its references led to (RefResolver.reads), by version, and
    its own;
  - the classes made before it whose properties it looked into (a union's discriminator),
    by digest;
  - what it made, pickled as it stood when the unit ended: its classes, the rest of what
    it added to the converter, its result; and its warnings;
  - what the passes after conversion read of each class it made, and of its result (the
    keys of the types they name: schemas.class_links, operations.op_links), and a digest
    of each class (op_memo.class_digest: those passes ask for every class's).
A unit whose chain, pieces (most told by one table for all the units: answers.py) and
classes are as recorded is replayed: what it made is put in place, its classes and result
as lazy parts (ir/lazy.py) with what every run reads of them, decoded only if more is read
(a regeneration reads few of them). One converted
again adds what it made to the chain as a replayed one would, so when an edit changes no
key and no name, the units after it replay.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable
from dataclasses import fields
from functools import partial
from itertools import islice
from typing import Any, TypeVar

from generator import cache
from generator.ir import answers, schemas, types
from generator.ir.lazy import lazy, lazy_kind
from generator.ir.op_memo import Note, class_digest
from generator.ir.pieces import Pieces
from generator.ir.schemas import Links, SchemaConverter, class_links

T = TypeVar("T")

# A unit: (chain before, its check (an operation's route), pieces read ({piece: version},
# as answers.py keeps reads), classes looked into {key: digest}, what it added besides
# classes and result (pickled), chain after, warnings, its result's digest, the digests of the classes it made {key: digest},
# those classes (pickled), their heads [(key, name, root, links)], its result (pickled),
# the result's links, its shape (`_shape`)).
Unit = tuple[str, str | bytes, answers.Kept, dict[str, str], bytes, str, list[Note], str, dict[str, str], bytes | memoryview, list[tuple[str, str, str, Links]], bytes | memoryview, Any, bytes]
LazyClassDef = lazy_kind(schemas.ClassDef, [f.name for f in fields(schemas.ClassDef) if f.name not in ("key", "name", "root")])


class ConvertMemo(answers.Memo):
    """The units (`Unit`) of one document (`name`), made with the options and code at `stamp`.
    Their reads: the pieces, one kind (answers.py). Beside them, how the passes after
    conversion laid the types out, and the shape of the units it follows from
    (`Units.shape`): the builder's, as plain data (the last run's, and this run's)."""

    AT, KINDS = 2, 1
    BODIES = (9, 11)  # the pickled classes and result: decoded for the few units a regeneration looks into

    def __init__(self, name: str, stamp: str) -> None:
        super().__init__(name, stamp)
        self._layout_entry = f"{name}.layout"
        self.layout_old: Any = cache.read(self._layout_entry, stamp)
        self.layout_new: tuple[str, tuple[Any, ...]] | None = None

    def write(self) -> bool:
        whole = super().write()
        if self.layout_new is not None and self.layout_new is not self.layout_old:
            cache.write(self._layout_entry, self.layout_new, self.stamp)
        return whole


class Units:
    """Runs one build's conversion units in order, replaying those the memo holds as they
    still are, recording the others."""

    def __init__(self, converter: SchemaConverter, pieces: Pieces, memo: ConvertMemo, warn: Callable[[str, tuple[str, ...]], None], links: dict[str, Links]) -> None:
        self._converter = converter
        self._pieces = pieces
        self._memo = memo
        self._warn = warn
        self._links = links  # the builder's: class key -> class_links, as conversion left the class
        self.notes: list[Note] | None = None  # the warnings of the unit being recorded
        # (the families too: a new subtype changes the type of every use of its base)
        self._chain = cache.key(*(f"{key}={name}" for key, name in converter.reserved.items()), repr(converter.families))
        # key -> (class, its digest): a class is complete when the unit that made it ends,
        # and the units after it that look into it ask again and again (a big base class)
        self._digests: dict[str, tuple[schemas.ClassDef, str]] = {}
        self._shapes: list[bytes] = []  # each unit's, in order (`shape`)
        memo.answers.ask((pieces.version,))

    def replay(self, key: str, check: str | bytes) -> tuple[Callable[[], Any], Any, str] | None:
        """What unit `key` gave, if it is as recorded: a function that decodes its result's
        data, the result's links, and its digest. Its classes (lazy), names and warnings are
        then in place."""
        unit = self._memo.old.get(key)
        if unit is None or not self._still(key, unit, check):
            return None
        try:
            aliases, named, recursive, reserved, claimed = _NOTHING if unit[4] == _NOTHING_PICKLED else _decoded(unit[4])
            made, digests = _Made(unit[9]), unit[8]
            classes = [(k, lazy(LazyClassDef, {"key": k, "name": name, "root": root}, partial(made.fields, k)), links, digests[k]) for k, name, root, links in unit[10]]
            shape = unit[13]
            if type(shape) is not bytes:
                return None
        except Exception:  # (an entry from elsewhere: converted again)
            return None
        conv = self._converter
        for k, cls, links, digest in classes:
            conv.classes[k] = cls
            self._digests[k] = (cls, digest)
            self._links[k] = links
        conv.aliases.update(aliases)
        conv._named.update(named)
        conv._recursive.update(dict.fromkeys(recursive))
        conv.reserved.update(reserved)
        for name in claimed:
            conv.registry.take(name)
        for message, parts in unit[6]:
            self._warn(message, parts)
        self._chain = unit[5]
        self._shapes.append(shape)
        self._memo.new[key] = unit
        return partial(_decoded, unit[11]), unit[12], unit[7]

    def shape(self) -> str:
        """A digest of what the units made that the passes after conversion read to lay the
        types out (the builder's `_Layout`): each class's key, name, root and links, each
        alias whole, the names claimed (the chain), each operation's route and links."""
        return hashlib.sha1(self._chain.encode() + b"".join(self._shapes)).hexdigest()

    def _still(self, key: str, unit: Unit, check: str | bytes) -> bool:
        try:
            before, was, reads, looked = unit[0], unit[1], unit[2], unit[3]
            classes = self._converter.classes
            return (
                before == self._chain
                and was == check
                and (self._memo.answers.unchanged(key, reads) or self._pieces.hold(answers.reads_of(reads)[0]))
                and all(self.digest(classes[k]) == digest for k, digest in looked.items())
            )
        except (EOFError, KeyError, TypeError, ValueError, IndexError):  # a key gone, or an entry of another shape
            return False

    def digest(self, cls: schemas.ClassDef) -> str:
        """op_memo.class_digest(cls), for a class as conversion left it."""
        found = self._digests.get(cls.key)
        if found is None or found[0] is not cls:
            found = self._digests[cls.key] = (cls, class_digest(cls))
        return found[1]

    def record(self, key: str, check: str | bytes, at: str, make: Callable[[], T], dump: Callable[[T], tuple[Any, str, Any]]) -> tuple[T, str]:
        """make(), its classes and names and what it read recorded as unit `key`; with
        `dump`: its result as data to keep, a digest of it, and its links."""
        conv, registry, resolver = self._converter, self._converter.registry, self._converter.resolver
        sizes = (len(conv.classes), len(conv.aliases), len(conv._named), len(conv._recursive), len(conv.reserved))
        outer = (resolver.reads, registry.log, conv.looked, self.notes)
        resolver.reads, registry.log, conv.looked, self.notes = set(), [], set(), []
        try:
            result = make()
            reads, claimed, looked, notes = resolver.reads, registry.log, conv.looked, self.notes
        finally:
            resolver.reads, registry.log, conv.looked, self.notes = outer
        classes = _last(conv.classes, sizes[0])
        aliases = _last(conv.aliases, sizes[1])
        named = _last(conv._named, sizes[2])
        recursive = [k for k, _ in _last(conv._recursive, sizes[3])]
        reserved = _last(conv.reserved, sizes[4])
        data, digest, links = dump(result)
        made_here = {k for k, _ in classes}
        summary = repr(([(k, c.name) for k, c in classes], [(k, a.name) for k, a in aliases], named, recursive, reserved, claimed))
        after = cache.key(self._chain, summary)
        heads = []
        for k, c in classes:
            self._links[k] = class_links(c)
            heads.append((k, c.name, c.root, self._links[k]))
        shape = _shape(check, heads, aliases, recursive, links)
        self._shapes.append(shape)
        self._memo.new[key] = (
            self._chain,
            check,
            answers.kept((self._pieces.versions([*reads, at]),)),
            {k: self.digest(conv.classes[k]) for k in looked if k not in made_here},
            _pickled((aliases, named, recursive, reserved, claimed)),
            after,
            notes,
            digest,
            {k: self.digest(c) for k, c in classes},
            _pickled(classes),
            heads,
            _pickled(data),
            links,
            shape,
        )
        self._chain = after
        return result, digest


def _shape(check: str | bytes, heads: list[tuple[str, str, str, Links]], aliases: list[tuple[str, schemas.AliasDef]], recursive: list[str], links: Any) -> bytes:
    """A unit's part of `Units.shape`: by repr, which is the same in every run for the same
    values (links are sorted tuples, types hold no sets)."""
    return hashlib.sha1(repr((check, heads, aliases, recursive, links)).encode("utf-8", "surrogatepass")).digest()


def _last(table: dict[str, T], before: int) -> list[tuple[str, T]]:
    """The entries added to `table` since it held `before` (a dict keeps their order)."""
    return list(islice(reversed(table.items()), len(table) - before))[::-1]


def _pickled(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _decoded(data: bytes | memoryview) -> Any:
    return _Unpickler(io.BytesIO(data)).load()


# What most units add besides their classes: no alias, name, recursion or reserved name
# (graph-beta: 25,381 of 28,538), known without an unpickler (0.15 s of a regeneration).
_NOTHING: tuple[list[Any], ...] = ([], [], [], [], [])
_NOTHING_PICKLED = _pickled(_NOTHING)


class _Made:
    """A replayed unit's classes, decoded once, when the first of them is read further than
    its head."""

    def __init__(self, data: bytes | memoryview) -> None:
        self._data = data
        self._classes: dict[str, schemas.ClassDef] | None = None

    def fields(self, key: str) -> dict[str, Any]:
        if self._classes is None:
            self._classes = dict(_decoded(self._data))
        return vars(self._classes[key])


class _Unpickler(pickle.Unpickler):
    """Makes the converted types' classes and nothing else: a cache file runs no code."""

    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of the converted types")
        return found


_ALLOWED: dict[tuple[str, str], type] = {
    (c.__module__, c.__name__): c
    for c in (
        schemas.ClassDef, schemas.Prop, schemas.AliasDef, types.Prim, types.Lit, types.ListOf, types.MapOf,
        types.UnionOf, types.ClassRef, types.AliasRef, types.Named, types.Nullable, types.Constrained,
    )
}
