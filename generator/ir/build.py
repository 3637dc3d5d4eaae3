"""Stage 3: from the loaded document and the config to the intermediate model (`Api`)."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from collections.abc import Callable
from functools import partial
from typing import Any

from generator import cache
from generator.config import Config
from generator.diagnostics import Diagnostic
from generator.ir import answers as answers_, model, names, subtypes, types_memo
from generator.ir.annotate import model_annotation, or_none, param_annotation
from generator.ir.examples import ExampleMaker, Sealed, is_file
from generator.ir.html_to_markdown import doc_text
from generator.ir.imports import cyclic_edges, module_imports
from generator.ir.convert_memo import ConvertMemo, Units
from generator.ir.lazy import lazy as lazy_part, lazy_kind
from generator.ir.op_memo import CONVERTED, Entry, Inputs, Note, OpMemo, Reads, Record, Recorder, class_digest, encode, head, lazy, LazyOperation, op_inputs, route_summary, types_digest
from generator.ir.pieces import Pieces
from generator.ir.operations import OperationMaker, OpLinks, OpTypes, case_json, op_links, reserved_arguments, test_case
from generator.ir.refs import RefResolver, first_of_each_dropped
from generator.ir.routes import Route, collect, from_rows, has_a_place, path_item, path_item_parameters, placed, pointer_of, rows
from generator.ir.schemas import AliasDef, ClassDef, Links, Prop, SchemaConverter, child, class_links
from generator.ir.security import build_security
from generator.ir.servers import own_server, server_variables, substituted, unusable
from generator.ir.styles import IGNORED_HEADERS, body_kind, is_field_name, form_styles, is_json_media, is_structured, meant_media_type, parameter_schema, part_media_type, types_allowed
from generator.ir.type_homes import type_folders
from generator.ir.types_memo import TypesMemo
from generator.ir.types import Nullable, Type, alias_refs, class_refs, named_keys, with_aliases_inlined
from generator.load import Document
from generator.quoting import literal
from generator.pointers import MISSING, lookup, parts_of
from generator.workers import Workers

_JSON = ("application/json",)
_BODILESS = ("204", "205")  # success codes HTTP answers without a body
_FORK_FROM = 1_000  # operations: below this, a forked process costs more than it saves (ec2, 1,188: ir 1.6-2.2 -> 1.5-1.7 s)
_LOCATIONS = ("path", "query", "header", "cookie")
_SHAPES = ("type", "properties", "additionalProperties", "patternProperties", "items", "prefixItems", "enum", "const", "not", "anyOf", "oneOf")
_BODY_KINDS = ("multipart", "json", "form", "text", "binary")  # most structured first
_SCALARS = frozenset({"string", "number", "integer", "boolean", "null"})
LazyOpTypes = lazy_kind(OpTypes, CONVERTED)  # a replayed operation's types (convert_memo.py)


def build(
    doc: Document,
    config: Config,
    original: Any = None,
    memo: OpMemo | None = None,
    conversions: ConvertMemo | None = None,
    types: TypesMemo | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[model.Api, list[Diagnostic]]:
    """The IR of `doc`, a repaired document; `original` is the document as written (see
    RefResolver). With `memo`, operations made by an earlier run from what they read now are
    taken from it, and the others put in it (op_memo.py); with `conversions`, so are the
    schemas' conversion units (convert_memo.py); with `types`, the types modules
    (types_memo.py). `timings` gets the seconds this process spent making example values
    (`examples`), a part of the whole."""
    builder = _Builder(doc, config, original, memo, conversions, types)
    try:
        return builder.build()
    finally:
        if timings is not None:
            timings["examples"] = builder.examples.seconds + (builder._checker.seconds if builder._checker else 0.0)
        vars(builder).clear()  # its parts point back at it: freed now by their counts, not by a collection


class _Builder:
    def __init__(self, doc: Document, config: Config, original: Any, memo: OpMemo | None = None, conversions: ConvertMemo | None = None, types: TypesMemo | None = None) -> None:
        self.memo = memo
        self.conversions = conversions
        self.types_memo = types
        self.pieces = Pieces.of(doc, original) if memo is not None or conversions is not None else None
        self.units: Units | None = None
        self._types: dict[str, str] = {}  # route key -> types_digest, of what conversion gave
        # classes and operations (keys) that an alias was written out in, after conversion
        self._inlined_classes: set[str] = set()
        self._inlined_ops: set[str] = set()
        self._class_digests: dict[str, str] = {}
        # what the passes after conversion read of each class and operation (class_links,
        # op_links): a replayed one's as its conversion unit kept it
        self._links: dict[str, Links] = {}
        self._op_links: dict[str, OpLinks] = {}
        self.doc = doc
        self.spec = doc.data
        self.config = config
        self.diagnostics: list[Diagnostic] = []
        self.resolver = RefResolver(doc, original, self._warn)
        self.registry = names.NameRegistry()
        self.converter = SchemaConverter(self.resolver, self.registry)
        self.examples = ExampleMaker(self.resolver, track=self.pieces is not None)
        self._checker: ExampleMaker | None = None

    def build(self) -> tuple[model.Api, list[Diagnostic]]:
        routes = self._routes()
        self._reserve_component_names()
        self.converter.families = subtypes.families(self.spec)
        if self.pieces is not None and self.conversions is not None:
            self.units = Units(self.converter, self.pieces, self.conversions, self._warn, self._links)
        ops = [self._converted(r) for r in routes]
        if not self.config.selection:
            for name in self.spec.get("components", {}).get("schemas") or {}:
                self._convert_component(child("/components/schemas", name))
        layout = self._kept_layout() or self._layout(ops)
        self.param_names, self._reserved_fields = layout.param_names, layout.reserved_fields
        modules, module_of = self._types_modules(layout)
        classes = self.converter.classes
        aliases = {a.name for a in self.converter.aliases.values()}
        env = {**({"api_key": self.config.api_key_env} if self.config.api_key_env else {}), **dict(self.config.auth_env)}
        first = self._first_server()
        base_url, paths = self.config.base_url or substituted(first) or "http://localhost", self.spec.get("paths") or {}
        security, per_route = build_security(self.spec, routes, env, self._warn)
        for o in ops:
            o.security_repr = per_route[o.route.key]
            server = own_server(o.route.node, path_item(self.spec, paths.get(o.route.pointer[1])), base_url)
            o.server_repr = literal(server) if server else None
        reserved = reserved_arguments({c.name for c in classes.values()} | aliases)
        if self.pieces is None:
            maker = OperationMaker(self.converter.classes, self._class_name, self._param_name, self.examples, reserved, _same_routes(ops), self._warn)
            operations, cases = self._operations(maker, ops)
        else:
            operations, cases = self._remembered_operations(ops, reserved)
        exports = self._exports(module_of)
        api = model.Api(
            title=str(self.spec.get("info", {}).get("title", "API")),
            description=doc_text(self.spec.get("info", {}).get("description")),
            version=str(self.spec.get("info", {}).get("version", "")),
            package_version=_package_version(str(self.spec.get("info", {}).get("version", ""))),
            package=self.config.package,
            base_url_repr=literal(base_url),
            base_url_env_repr=literal(self.config.base_url_env) if self.config.base_url_env else None,
            server_url_repr=literal(str(first.get("url", ""))),
            server_variables=() if self.config.base_url else server_variables(first, {a.name for a in security.arguments} if security else set()),
            security=security,
            default_headers=tuple((literal(k), literal(v)) for k, v in self.config.default_headers),
            multipart_brackets=self.config.multipart == "brackets",
            resources=self._resource_modules(operations, ops, exports),
            types_modules=modules,
            exports=exports,
            operations=tuple(operations),
            cases=cases,
        )
        return api, first_of_each_dropped(self.diagnostics)

    def _operations(self, maker: OperationMaker, ops: list[OpTypes]) -> tuple[list[model.Operation], dict[str, str]]:
        """Each operation's model, and its test case. Both only read the finished schemas: on
        a big document a forked process makes the second half (warnings kept in the order of
        one process)."""
        if len(ops) < _FORK_FROM or not Workers.available:
            return self._made(maker, ops)
        half, said = len(ops) // 2, len(self.diagnostics)

        def second_half() -> tuple[tuple[list[model.Operation], dict[str, Any]], list[Diagnostic]]:
            return self._made(maker, ops[half:]), self.diagnostics[said:]

        with Workers() as workers:
            helper = workers.fork(second_half)
            operations, cases = self._made(maker, ops[:half])
            (more, more_cases), notes = helper.result()
        self.diagnostics += notes
        return operations + more, cases | more_cases

    def _made(self, maker: OperationMaker, ops: list[OpTypes]) -> tuple[list[model.Operation], dict[str, str]]:
        return [maker.operation(o) for o in ops], {o.route.key: case_json(test_case(o, self.examples)) for o in ops}

    def _remembered_operations(self, ops: list[OpTypes], reserved: frozenset[str]) -> tuple[list[model.Operation], dict[str, Any]]:
        """`_operations`, with what the memo holds for operations whose inputs and reads are
        what they were; the others are made as they read, and go into the memo. When many
        are to be made, a forked process makes half of them."""
        assert self.memo is not None and self.pieces is not None
        recorder = Recorder(self.converter.classes, self._class_digest, self._class_name, self._param_name)
        twins = _same_routes(ops)
        warn = recorder.warner(self._warn)
        maker = OperationMaker(recorder.classes(), recorder.class_name, recorder.param_name, self.examples, recorder.container(reserved, "reserved"), recorder.container(twins, "twins"), warn)
        inputs: dict[str, Inputs] = {o.route.key: op_inputs(o, "" if o.route.key in self._inlined_ops else self._types.get(o.route.key, "")) for o in ops}
        kept: dict[str, tuple[Entry, model.Operation]] = {}
        table = self.memo.answers
        table.ask((self.pieces.version, self._looked_digest, self._class_name, self._param_name, reserved.__contains__, twins.__contains__, self._sealed_digest))
        answers: _Answers = table.now[1:]  # (what the reads give now, for the entries checked whole too)
        for o in ops:
            key = o.route.key
            entry = self.memo.old.get(key)
            try:
                if entry is None or entry[0] != inputs[key] or not isinstance(entry[3], (bytes, memoryview)) or not isinstance(entry[5], dict) or not isinstance(entry[6], bytes):
                    continue
                same = table.unchanged(key, entry[1]) or self._still(answers_.reads_of(entry[1]), answers, reserved, twins)
            except (EOFError, IndexError, TypeError, ValueError):  # an entry of another shape
                continue
            if same:
                kept[key] = (entry, lazy(LazyOperation, entry[3], entry[5]))
        todo = [o for o in ops if o.route.key not in kept]
        theirs: list[OpTypes] = []
        with Workers() as workers:
            helper = None
            if len(todo) >= _FORK_FROM and Workers.available:
                theirs, said = todo[len(todo) // 2 :], len(self.diagnostics)
                helper = workers.fork(lambda: (self._make_recorded(maker, recorder, warn, theirs, inputs, {}), self.diagnostics[said:]))
            skip = {o.route.key for o in theirs}
            # (the operations kept without warnings to give again need no visit: most of them)
            mine = [o for o in ops if (key := o.route.key) not in skip and (key not in kept or any(kept[key][0][2]))]
            made = self._make_recorded(maker, recorder, warn, mine, inputs, kept)
            if helper is not None:
                more, notes = helper.result()
                made |= more
                self.diagnostics += notes
        operations, cases = [], {}
        for o in ops:
            key = o.route.key
            if key in kept:
                entry, operation = kept[key]
                cases[key] = entry[4]
            else:
                operation, cases[key], entry, sealed = made[key]
                known = self.memo.seals_new
                for value in sealed:  # (for the next run's checks; not `sealed - known.keys()`, which walks every key known)
                    if value not in known:
                        self._sealed_digest(value)
            operations.append(operation)
            self.memo.new[key] = entry
            self.memo.pickled[id(operation)] = (operation, entry[6])
        return operations, cases

    def _make_recorded(
        self,
        maker: OperationMaker,
        recorder: Recorder,
        warn: Callable[[str, tuple[str, ...]], None],
        ops: list[OpTypes],
        inputs: dict[str, Inputs],
        kept: dict[str, tuple[Entry, model.Operation]],
    ) -> dict[str, tuple[model.Operation, Any, Entry, set[Sealed]]]:
        """The operations of `ops` not `kept` (by the memo: their warnings are given again in
        their place), made with their reads recorded: the models first, then the test cases,
        so that warnings come in the order of a run without the memo."""
        assert self.pieces is not None
        made: dict[str, tuple[model.Operation, Record, Record]] = {}
        cases: dict[str, Any] = {}
        resolver_warn, self.resolver.warn = self.resolver.warn, warn
        try:
            for o in ops:
                if o.route.key in kept:
                    self._warn_again(kept[o.route.key][0][2][0])
                    continue
                record, for_case = Record(), Record()
                recorder.current, self.resolver.reads, self.examples.sealed = record, record.pointers, record.examples
                made[o.route.key] = (maker.operation(o), record, for_case)
            for o in ops:
                if o.route.key in kept:
                    self._warn_again(kept[o.route.key][0][2][1])
                    continue
                _, record, for_case = made[o.route.key]
                recorder.current, self.resolver.reads, self.examples.sealed = for_case, record.pointers, record.examples
                cases[o.route.key] = case_json(test_case(o, self.examples))
        finally:
            recorder.current, self.resolver.reads, self.resolver.warn, self.examples.sealed = None, None, resolver_warn, None
        out: dict[str, tuple[model.Operation, Any, Entry, set[Sealed]]] = {}
        for o in ops:
            key = o.route.key
            if key in kept:
                continue
            operation, record, for_case = made[key]
            pickled = encode(operation)
            reads: Reads = (
                self.pieces.versions([*record.pointers, o.route.at]),
                record.classes | for_case.classes,
                record.names | for_case.names,
                record.params | for_case.params,
                record.reserved | for_case.reserved,
                record.twins | for_case.twins,
                record.examples,
            )
            entry: Entry = (inputs[key], answers_.kept(reads), (record.notes, for_case.notes), pickled, cases[key], head(operation), hashlib.sha1(pickled).digest())
            out[key] = (operation, cases[key], entry, set(record.examples))
        return out

    def _warn_again(self, notes: list[Note]) -> None:
        for message, parts in notes:
            self._warn(message, parts)

    def _still(self, reads: answers_.Tables, answers: _Answers, reserved: frozenset[str], twins: set[str]) -> bool:
        """Whether an entry that made these reads is what making its operation would give
        now (its inputs being what they are). `answers`: what each of its reads gives now,
        as far as the entries checked before asked."""
        assert self.pieces is not None
        try:
            versions, classes, names_, params, checked, twin, sealed = reads
            return (
                self.pieces.hold(versions)
                and cache.holds(classes, answers[0], self._looked_digest)
                and cache.holds(names_, answers[1], self._class_name)
                and cache.holds(params, answers[2], self._param_name)
                and cache.holds(checked, answers[3], reserved.__contains__)
                and cache.holds(twin, answers[4], twins.__contains__)
                and cache.holds(sealed, answers[5], self._sealed_digest)
            )
        except (AttributeError, KeyError, TypeError, ValueError):  # a key gone, or reads of another shape
            return False

    def _sealed_digest(self, key: Sealed) -> bytes:
        """What an operation's example value sealed under `key` is now: the memo's, while
        the pieces making it read are as they were; else made again, by a maker of its own
        (whose warnings go nowhere, and whose tables leave the operations' reads as they are)."""
        assert self.memo is not None and self.pieces is not None
        known = self.memo.seals_old.get(key)
        try:
            if known is not None and self.pieces.hold(known[1]):
                self.memo.seals_new[key] = known
                return known[0]
        except (AttributeError, TypeError, ValueError, KeyError):  # an entry of another shape
            pass
        if self._checker is None:
            self._checker = ExampleMaker(self.resolver, track=True)
        digest, reads = self._checker.sealed_digest(key)
        if digest:  # (one that cannot be recorded is asked again: the document may mend it)
            self.memo.seals_new[key] = (digest, self.pieces.versions(reads))
        return digest

    def _looked_digest(self, key: str) -> str:
        """What an operation that looked into a class records of it ("" when it is gone)."""
        return self._class_digest(key) if key in self.converter.classes else ""

    def _routes(self) -> list[Route]:
        """`collect`'s routes; with the memo, the last run's when every path item is as it
        was (an edit inside the components leaves them: naming them is a pass over every
        path, 0.3 s on graph-beta). A path item through `$ref` is always read again."""
        selection, overrides = self.config.selection, dict(self.config.method_names)
        paths = self.spec.get("paths")
        if self.memo is None or self.pieces is None or not isinstance(paths, dict) or any(isinstance(item, dict) and "$ref" in item for item in paths.values()):
            return collect(self.spec, selection, overrides)
        pieces = self.pieces
        # (the options are in the memo's stamp)
        key = cache.key(repr(list(paths)), *(f"{where!r}={pieces.version(where)}" for where in pieces.digests if where[0] == "paths"))
        old = self.memo.routes_old
        if isinstance(old, tuple) and len(old) == 2 and old[0] == key:
            try:
                routes = from_rows(self.spec, old[1])
                self.memo.routes_new = old
                return routes
            except (KeyError, TypeError, ValueError):  # an entry of another shape
                pass
        routes = collect(self.spec, selection, overrides)
        self.memo.routes_new = (key, rows(routes))
        return routes

    # -- layout -------------------------------------------------------------------------

    def _layout(self, ops: list[OpTypes]) -> _Layout:
        """How the types are laid out: their modules, folders and request-side twins. With
        the conversion memo, it is kept for the next run, unless an alias was written out
        (which changes classes and operations, not only names)."""
        self._alias_modules = self._name_alias_modules()
        module_of, links = self._module_graph()
        inlined = self._inline_cyclic_aliases(ops, links)
        if inlined:
            module_of, links = self._module_graph()  # (without the aliases written out)
        param_keys = self._param_side(ops)
        classes, aliases = self.converter.classes, self.converter.aliases
        # TypedDict twins are named after every class is: `Foo` + Param must not be a schema's name.
        param_names = {k: self.registry.claim(c.name + "Param") for k, c in classes.items() if k in param_keys}
        # ... and an alias of classes has one for requests: `ToolParam` beside `Tool`
        param_names |= {k: self.registry.claim(a.name + "Param") for k, a in aliases.items() if k in param_keys and self._holds_classes(a.type)}
        # A field named like a class would shadow it in the annotations of its class body.
        reserved = names.RESERVED_IN_MODELS | {c.name for c in classes.values()} | set(param_names.values()) | {a.name for a in aliases.values()}
        self._folders = self._type_folders(ops, module_of, links)
        final: dict[str, str] = {}
        by_module: dict[str, list[str]] = {}
        for key in classes:
            final[key] = module = self._in_folder(module_of[key])
            by_module.setdefault(module, []).append(key)
        alias_at = {self._in_folder(module_of[key]): key for key in aliases}  # a module each
        final |= {key: module for module, key in alias_at.items()}
        # (what imports.py would find from the modules' imports: the same graph, by final names)
        cyclic = {(self._in_folder(a), self._in_folder(b)) for a, b in cyclic_edges(links) if a != b}
        common = b""
        if self.types_memo is not None:
            named = [(k, c.name) for k, c in classes.items()] + [(k, a.name) for k, a in aliases.items()]
            common = types_memo.shared(named, final, param_names, param_keys, cyclic)
        layout = _Layout(param_keys, param_names, reserved, final, by_module, alias_at, cyclic, common)
        if self.units is not None and self.conversions is not None and not inlined:
            self.conversions.layout_new = (self.units.shape(), tuple(getattr(layout, f.name) for f in dataclasses.fields(layout)))
        return layout

    def _kept_layout(self) -> _Layout | None:
        """The last run's layout, when the units made what it follows from (Units.shape):
        the passes that make it read nothing else (graph-beta: 0.2 s)."""
        if self.units is None or self.conversions is None:
            return None
        old = self.conversions.layout_old
        try:
            if not (isinstance(old, tuple) and len(old) == 2 and old[0] == self.units.shape()):
                return None
            layout = _Layout(*old[1])
            if not all(isinstance(v, t) for v, t in zip(old[1], _LAYOUT_TYPES, strict=True)):
                return None
        except (TypeError, ValueError):  # an entry of another shape
            return None
        for name in layout.param_names.values():  # (claimed as the passes claimed them)
            self.registry.take(name)
        self.conversions.layout_new = old
        return layout

    # -- schemas ------------------------------------------------------------------------

    def _reserve_component_names(self) -> None:
        """Components keep their own names whatever the order their uses are met in."""
        for name in self.spec.get("components", {}).get("schemas") or {}:
            key = child("/components/schemas", name)
            self.converter.reserved[key] = self.registry.claim(names.pascal(name))

    def _name_alias_modules(self) -> dict[str, str]:
        """Each alias's types module of its own (flat): its name's, numbered when an alias
        met before has it (`RoleArn` and `RoleARN` are both role_arn: role_arn2)."""
        registry = names.NameRegistry()
        return {key: registry.claim(names.module(alias.name)) for key, alias in self.converter.aliases.items()}

    def _in_folder(self, module: str) -> str:
        """A flat types module's name, dotted under types/ (`stores.orders.order`)."""
        return ".".join((*self._folders.get(module, ()), module))

    def _flat_module_of(self, cls: ClassDef) -> str:
        root = self.converter.classes.get(cls.root)
        return names.module(root.name if root else cls.root.rsplit("/", 1)[-1])

    def _flat_modules(self) -> dict[str, str]:
        """Key of each class and alias -> its types module's name, before folders."""
        module_of = {c.key: self._flat_module_of(c) for c in self.converter.classes.values()}
        return module_of | {a.key: self._alias_modules[a.key] for a in self.converter.aliases.values()}

    def _type_folders(self, ops: list[OpTypes], module_of: dict[str, str], links: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
        return type_folders([(o.route.resource, self._links_of_op(o)[1]) for o in ops], links, module_of)

    def _param_side(self, ops: list[OpTypes]) -> set[str]:
        """The keys of the classes and aliases that requests hold (readOnly properties aside)."""
        todo = [key for o in ops for key in self._links_of_op(o)[0]]
        seen: set[str] = set()
        while todo:
            key = todo.pop()
            if key not in seen:
                seen.add(key)
                todo += self._links_of(key)[1] if key in self.converter.classes else named_keys(self.converter.aliases[key].type)
        return seen

    def _links_of(self, key: str) -> Links:
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = class_links(self.converter.classes[key])
        return found

    def _links_of_op(self, o: OpTypes) -> OpLinks:
        found = self._op_links.get(o.route.key)
        if found is None:
            found = self._op_links[o.route.key] = op_links(o)
        return found

    def _holds_classes(self, t: Type, seen: frozenset[str] = frozenset()) -> bool:
        """Whether `t` names a class, itself or through aliases (a recursive one once)."""
        if class_refs(t):
            return True
        return any(self._holds_classes(self.converter.aliases[k].type, seen | {k}) for k in alias_refs(t) if k not in seen)

    def _module_graph(self) -> tuple[dict[str, str], dict[str, set[str]]]:
        """Key of each class and alias -> its flat types module; each such module -> the
        modules its types name."""
        module_of = self._flat_modules()
        graph: dict[str, set[str]] = {}
        for key in self.converter.classes:
            named, _, has_props = self._links_of(key)
            if has_props:
                graph.setdefault(module_of[key], set()).update(module_of[k] for k in named)
        for key, alias in self.converter.aliases.items():
            graph.setdefault(module_of[key], set()).update(module_of[k] for k in named_keys(alias.type))
        return module_of, graph

    def _inline_cyclic_aliases(self, ops: list[OpTypes], graph: dict[str, set[str]]) -> bool:
        """An alias is defined when its module runs, so its classes must be there first; if
        one of them leads back to the alias (Python 3.10 has no lazy `type` statement), the
        union is written out where it is used instead, as it would be without a name.
        `graph`: the modules' (`_module_graph`). Whether any alias was written out."""
        cyclic = {a for a, b in cyclic_edges(graph) if a != b}  # (a module may name itself)
        # (a recursive alias is read lazily: it waits for its classes, and cannot be written out)
        inlined = {k: a.type for k, a in self.converter.aliases.items() if self._alias_modules[k] in cyclic and self._holds_classes(a.type) and not a.recursive}
        if not inlined:
            return False

        def changes(t: Type | None) -> bool:
            return t is not None and with_aliases_inlined(t, inlined) != t

        # What the writing out changes (found before it: a property may be shared by classes)
        # no longer is as conversion left it; the rest keeps what the conversion units know,
        # and is not looked into (a replayed class or operation would be decoded): only what
        # names one of those aliases can change.
        classes = self.converter.classes
        self._inlined_classes = {k for k in classes if not inlined.keys().isdisjoint(self._links_of(k)[0]) and any(changes(p.type) for p in classes[k].props)}
        self._inlined_ops = {o.route.key for o in ops if not inlined.keys().isdisjoint(self._links_of_op(o)[1]) and any(changes(t) for t in (o.body_type, o.response, o.stream_item, *(t for _, _, t in o.params), *(t for _, t in o.other_answers)))}
        for key in inlined:
            del self.converter.aliases[key]
        for key in self._inlined_classes:
            self._links.pop(key, None)
            for prop in classes[key].props:
                prop.type = with_aliases_inlined(prop.type, inlined)
        for alias in self.converter.aliases.values():
            alias.type = with_aliases_inlined(alias.type, inlined)
        for o in ops:
            if o.route.key in self._inlined_ops:
                self._op_links.pop(o.route.key, None)
                o.params = [(p, ptr, with_aliases_inlined(t, inlined)) for p, ptr, t in o.params]
                o.body_type, o.response, o.stream_item = (None if t is None else with_aliases_inlined(t, inlined) for t in (o.body_type, o.response, o.stream_item))
                o.other_answers = tuple((status, with_aliases_inlined(t, inlined)) for status, t in o.other_answers)
        return True

    def _types_modules(self, layout: _Layout) -> tuple[tuple[model.TypesModule, ...], dict[str, str]]:
        """The types modules, in order of their names, and the key of each class and alias ->
        its module; with the types memo, those made from what they are made from now are
        taken from it, and the others put in it."""
        by_module = {module: [self.converter.classes[k] for k in keys] for module, keys in layout.by_module.items()}
        aliases = {module: self.converter.aliases[k] for module, k in layout.alias_at.items()}
        kept: dict[str, model.TypesModule] = {}
        digests: dict[str, str] = {}
        if self.types_memo is not None:
            for module in {*by_module, *aliases}:
                digests[module] = types_memo.inputs(layout.common, [self._class_digest(c.key) for c in by_module.get(module, [])], aliases.get(module))
                found = self.types_memo.kept(module, digests[module])
                if found is not None:
                    kept[module] = found
        todo = {module: classes for module, classes in by_module.items() if module not in kept}
        todo_aliases = {module: a for module, a in aliases.items() if module not in kept}
        rendered = {module: tuple(self._model_class(c, c.key in layout.param_keys) for c in classes) for module, classes in todo.items()}
        typed = {module: self._type_aliases(a) for module, a in todo_aliases.items()}
        made = module_imports(rendered, typed, todo, todo_aliases, layout.module_of, layout.param_keys, self._class_name, self._param_name, layout.cyclic)
        if self.types_memo is not None:
            for types_module in made:
                self.types_memo.remember(types_module, digests[types_module.name])
        return tuple(sorted((*kept.values(), *made), key=lambda m: m.name)), layout.module_of

    def _class_digest(self, key: str) -> str:
        """class_digest's, made once a run: a class no longer changes once the passes after
        conversion (types modules, operations) read it. The conversion units know those of
        the classes as conversion left them, which is as they are unless an alias was
        written out in them."""
        found = self._class_digests.get(key)
        if found is None:
            cls = self.converter.classes[key]
            found = self._class_digests[key] = self.units.digest(cls) if self.units is not None and key not in self._inlined_classes else class_digest(cls)
        return found

    def _type_aliases(self, alias: AliasDef) -> tuple[model.TypeAlias, ...]:
        """The alias, and its twin for requests when it holds classes."""
        own = model.TypeAlias(alias.name, model_annotation(alias.type, self._class_name), alias.description, alias.key, alias.recursive)
        if alias.key not in self.param_names:
            return (own,)
        param = param_annotation(alias.type, self._class_name, self._param_name)
        return own, model.TypeAlias(self.param_names[alias.key], param, None, alias.key, alias.recursive)

    def _class_name(self, key: str) -> str:
        cls = self.converter.classes.get(key)
        return cls.name if cls is not None else self.converter.aliases[key].name

    def _param_name(self, key: str) -> str:
        """A class's TypedDict, an alias's twin for requests (or itself: plain values only)."""
        return self.param_names.get(key) or self.converter.aliases[key].name

    def _exports(self, module_of: dict[str, str]) -> tuple[tuple[str, str], ...]:
        """Each class, alias and TypedDict twin, with its types module (`module_of`: `_types_modules`'s)."""
        found = [(module_of[c.key], c.name) for c in self.converter.classes.values()]
        found += [(module_of[k], n) for k, n in self.param_names.items()]
        found += [(module_of[a.key], a.name) for a in self.converter.aliases.values()]
        return tuple(sorted(found))

    def _model_class(self, cls: ClassDef, with_params: bool) -> model.ModelClass:
        taken: set[str] = set()
        fields = []
        for prop in cls.props:
            name = names.identifier(prop.wire, self._reserved_fields, model_field=True)
            while name in taken:
                name += "_"
            taken.add(name)
            fields.append(self._field(prop, name, with_params))
        functional = any(f.aliased for f in fields)
        if functional and with_params:  # evaluated where it stands: names defined below, or itself, as forward refs
            fields = [dataclasses.replace(f, param_annotation=literal(f.param_annotation)) for f in fields]
        return model.ModelClass(
            name=cls.name,
            param_name=self.param_names[cls.key] if with_params else None,
            description=cls.description,
            fields=tuple(fields),
            param_fields=tuple(f for f in fields if f.in_request) if with_params else (),
            closed=cls.closed,
            functional_params=functional,
            deprecated=cls.deprecated,
            key=cls.key,
        )

    def _field(self, prop: Prop, name: str, prop_on_request_side: bool) -> model.Field:
        annotation = model_annotation(prop.type, self._class_name)
        in_request = prop_on_request_side and not prop.read_only
        param = param_annotation(prop.type, self._class_name, self._param_name) if in_request else ""
        options = []
        if not prop.required or prop.write_only:  # a response leaves out what only clients write
            annotation = or_none(annotation)
            options.append("default=None")
        if name != prop.wire:
            options.append(f"alias={literal(prop.wire)}")
        if prop.deprecated:
            options.append("deprecated=True")
        default = None
        if options == ["default=None"]:
            default = "None"
        elif options:
            default = f"Field({', '.join(options)})"
        return model.Field(
            name=name,
            wire_repr=literal(prop.wire),
            aliased=name != prop.wire,
            annotation=annotation,
            default=default,
            param_annotation=f"Required[{param}]" if prop.required else param,
            required=prop.required,
            description=prop.description,
            deprecated=prop.deprecated,
            in_request=in_request,
        )

    # -- operations ---------------------------------------------------------------------

    def _converted(self, route: Route) -> OpTypes:
        """The operation's types, replayed from the conversion memo when they still are."""
        if self.units is None:
            return self._convert_operation(route)
        check = route_summary(route)
        found = self.units.replay(route.key, check)
        if found is not None:
            data, self._op_links[route.key], self._types[route.key] = found
            return lazy_part(LazyOpTypes, {"route": route}, partial(self._restored, route, data))
        ops, self._types[route.key] = self.units.record(route.key, check, route.at, lambda: self._convert_operation(route), self._kept)
        return ops

    def _restored(self, route: Route, data: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The fields of an operation's types from what `_kept` kept (`data` decodes it): what
        it kept by pointer is read again from the document (the same, as the unit's pieces
        are), as no part of anything being recorded: its conversion read it, and said what
        there was to say."""
        found = data()
        raw = self._raw_parameters(route)
        reads, warn = self.resolver.reads, self.resolver.warn
        self.resolver.reads = self.resolver.warn = None
        try:
            found["params"] = [(placed(self.resolver.resolve(raw[i], ptr)[1], str(route.pointer[1])), ptr, t) for i, ptr, t in found["params"]]
        finally:
            self.resolver.reads, self.resolver.warn = reads, warn
        if found["response_example_of"] is not None:
            node = lookup(self.spec, parts_of(found["response_example_of"]) or ())
            found["response_example_of"] = ({} if node is MISSING else node, found["response_example_of"])
        return found

    def _kept(self, o: OpTypes) -> tuple[dict[str, Any], str, OpLinks]:
        """What the conversion memo keeps of an operation's types (`_restored` reads it
        back), their digest, and their links. Parameters and the schema of a response's
        example are kept by pointer: graph's are most of the memo (lists of every property
        a `$select` may name), and the document holds them already."""
        data = {name: getattr(o, name) for name in CONVERTED}
        data["params"] = [(int(ptr.rsplit("/", 1)[1]), ptr, t) for _, ptr, t in o.params]
        if o.response_example_of is not None:
            data["response_example_of"] = o.response_example_of[1]
        return data, types_digest(o), self._links_of_op(o)

    def _convert_component(self, key: str) -> None:
        """A component's classes (those no operation reached yet)."""

        def convert() -> None:
            self.converter.convert({"$ref": "#" + key}, "/components/schemas", "", root="")

        if self.units is None:
            convert()
        elif self.units.replay("component " + key, "") is None:
            self.units.record("component " + key, "", key, convert, lambda _: (None, "", None))

    def _convert_operation(self, route: Route) -> OpTypes:
        context = names.pascal(names.singular(route.resource[-1])) + names.pascal(route.method_name)
        ops = OpTypes(route, context)
        root = f"/op/{context}"
        seen: set[tuple[str, str]] = set()
        for i, raw in enumerate(self._raw_parameters(route)):
            ptr = pointer_of(route, "parameters", i)
            _, param = self.resolver.resolve(raw, ptr)
            if not isinstance(param, dict) or "name" not in param or param.get("in") not in _LOCATIONS:
                continue
            if not has_a_place(param, str(route.pointer[1])):
                continue  # (the validator says so)
            param = placed(param, str(route.pointer[1]))
            where = str(param.get("in"))
            ident = (where, str(param["name"]).lower() if where == "header" else str(param["name"]))  # (only a header's name is not case-sensitive)
            if ident[0] == "header" and ident[1] in IGNORED_HEADERS:
                continue
            if ident in seen:  # operation parameters override path-item ones of the same name
                continue
            seen.add(ident)
            if ident[0] in ("header", "cookie") and not is_field_name(str(param["name"])):
                self._warn(f"{ident[0]} parameter {str(param['name'])!r} is no {ident[0]} name HTTP allows (letters, digits and !#$%&'*+-.^_`|~): no request can carry it, so the method leaves it out", tuple(map(str, parts_of(ptr) or ())))
                continue
            schema, _ = parameter_schema(param)
            t = self.converter.convert(schema, child(ptr, "schema"), context + names.pascal(str(param["name"])), root)
            ops.params.append((param, ptr, t))
        self._convert_body(ops, root)
        self._convert_response(ops, root)
        return ops

    def _raw_parameters(self, route: Route) -> list[Any]:
        """The operation's parameters, then its path's (each at `parameters/<its index here>`)."""
        return [*route.node.get("parameters", []), *path_item_parameters(self.spec, route)]

    def _convert_body(self, ops: OpTypes, root: str) -> None:
        route = ops.route
        if "requestBody" not in route.node:
            return
        ptr, body = self.resolver.resolve(route.node["requestBody"], pointer_of(route, "requestBody"))
        content = self._media_types(body, ptr)
        offered = {media: body_kind(media) for media in content}
        if not offered:
            return
        # The most structured kind wins; where a body may be multipart or JSON, only multipart
        # can carry its files (and the call sends JSON when it is given none). Fields need an
        # object: a form whose schema describes none (`schema: {}`) gives way to another kind.
        # Of one kind, a media type before a range (ASP.NET lists `application/*+json` first).
        # A multipart form that holds no file anywhere gives way to JSON where JSON is offered
        # (zoom offers both for every body): JSON carries the same fields, typed and nested.
        ranked = sorted(offered, key=lambda m: (_BODY_KINDS.index(offered[m]), "*" in m))
        media = next((m for m in ranked if offered[m] not in ("form", "multipart") or self._has_fields(content[m], ptr)), ranked[0])
        json_media = next((m for m in ranked if offered[m] == "json"), None)
        if offered[media] == "multipart" and json_media is not None and not self._may_hold_files(content[media], ptr):
            media = json_media
        ops.body_kind = offered[media]
        if ops.body_kind == "multipart" and json_media is not None and self._same_fields(content[json_media], content[media], ptr):
            ops.json_pointer = child(ptr, "content", json_media, "schema")
        ops.content_type = _content_type(media, ops.body_kind)
        if ops.body_kind in ("text", "binary") and "*" not in media:
            ops.content_types = tuple(m for m in ranked if offered[m] == ops.body_kind and "*" not in m)
        if ops.body_kind == "form":
            ops.form_styles = form_styles(content[media].get("encoding"))
        elif ops.body_kind == "multipart":
            ops.part_types = self._part_types(content[media], ptr)
        ops.body_required = bool(body.get("required"))
        schema = content[media].get("schema", {})
        ops.body_pointer = child(ptr, "content", media, "schema")
        declared = self._types_allowed(schema, ops.body_pointer) if ops.body_kind in ("form", "multipart") else None
        if declared is not None and "object" not in declared:
            # Fields need an object; the caller then gives the body as it goes on the wire.
            named = sorted(declared - {"null"}) or ["null"]
            said = " or ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
            self._warn(f"a body sent as {media} must be an object, not {said}: the method takes it already encoded", tuple(map(str, parts_of(ops.body_pointer) or ())))
            ops.body_kind = "text" if ops.body_kind == "form" else "binary"
            ops.content_type, ops.form_styles, ops.part_types = media, {}, {}
        if ops.body_kind in ("form", "multipart") and self._shapeless(schema, ops.body_pointer):
            # fields the document does not name: a form is an object
            schema = {"type": "object", **{k: v for k, v in _mapping(schema).items() if k in ("description", "title")}}
        ops.body_schema = schema
        ops.body_type = self.converter.convert(schema, ops.body_pointer, ops.context + "Params", root)

    def _part_types(self, media_object: dict[str, Any], ptr: str) -> dict[str, str]:
        """A multipart form's fields whose encoding gives one content type: each goes as one
        part of that type. For a JSON type, any value, as JSON text (OpenAI's realtime call
        takes its `session` so); for another, a field of scalar values only, as its text: an
        object goes as without an encoding (the runtime's `_form_parts`)."""
        encoding = media_object.get("encoding")
        fields = self._schema_of(media_object, ptr).get("properties")
        types: dict[str, str] = {}
        for name, spec in encoding.items() if isinstance(encoding, dict) else ():
            media = part_media_type(spec)
            if media is None:
                continue
            field_schema = fields.get(name) if isinstance(fields, dict) else None
            allowed = self._types_allowed(field_schema, ptr) if field_schema is not None else None
            if is_json_media(media) or (allowed and allowed <= _SCALARS):
                types[str(name)] = media
        return types

    def _types_allowed(self, schema: Any, ptr: str) -> set[str] | None:
        return types_allowed(schema, lambda node: self.resolver.resolve(node, ptr)[1])

    def _shapeless(self, schema: Any, ptr: str, depth: int = 0) -> bool:
        """Whether a schema says nothing of its values' shape (`{}`, a description, `allOf:
        [{}]`, a `$ref` to a `true` schema)."""
        resolved = self.resolver.resolve(schema, ptr)[1] if isinstance(schema, dict) and depth < 8 else schema
        if resolved is True:
            return True
        if not isinstance(resolved, dict) or any(k in resolved for k in _SHAPES):
            return False
        parts = resolved.get("allOf", [])
        return isinstance(parts, list) and all(self._shapeless(part, ptr, depth + 1) for part in parts)

    def _same_fields(self, json_media: Any, form_media: Any, ptr: str) -> bool:
        """Whether a JSON body beside a multipart form can be sent when no file is given: an
        object whose required fields the form's fields (the method's arguments) include. Not
        a list (mist), a oneOf of shapes (telnyx), or fields the method does not take."""
        json_schema, form_schema = (self._schema_of(m, ptr) for m in (json_media, form_media))
        fields = form_schema.get("properties")
        if not isinstance(json_schema.get("properties"), dict) or not isinstance(fields, dict):
            return False
        required = json_schema.get("required")
        return all(name in fields for name in (required if isinstance(required, list) else []))

    def _schema_of(self, media_object: Any, ptr: str) -> dict[str, Any]:
        schema = media_object.get("schema") if isinstance(media_object, dict) else None
        resolved = self.resolver.resolve(schema, ptr)[1] if isinstance(schema, dict) else None
        return resolved if isinstance(resolved, dict) else {}

    def _media_types(self, holder: Any, ptr: str) -> dict[Any, dict[Any, Any]]:
        """`_media_types`, read as meant: a media type whose slash was left out with it, and
        keys that are no media type (`code`, `message`: a schema's properties a level too
        high), which no request or answer can name, left out; each a warning."""
        content = _media_types(holder)
        meant = {m: meant_media_type(m) if isinstance(m, str) else None for m in content}
        wrong = [m for m, read in meant.items() if read is None]
        where = tuple(map(str, parts_of(child(ptr, "content")) or ()))
        if wrong:
            named = ", ".join(repr(m) for m in wrong)
            self._warn(f"{named} {'is no media type' if len(wrong) == 1 else 'are no media types'} (type/subtype): left out", where)
        for m, read in meant.items():
            if read is not None and read != m:
                self._warn(f"{m!r} is no well-formed media type (type/subtype; name=value): read as {read!r}", where)
        return {read: content[m] for m, read in meant.items() if read is not None}

    def _may_hold_files(self, media_object: Any, ptr: str) -> bool:
        """Whether a form's schema has a file somewhere (a binary string, as a field, an item,
        a member or a part), a few levels down."""
        seen: set[str] = set()

        def holds(node: Any, depth: int) -> bool:
            if isinstance(node, dict) and isinstance(node.get("$ref"), str):
                if node["$ref"] in seen:
                    return False
                seen.add(node["$ref"])
                node = self.resolver.resolve(node, ptr)[1]
            if not isinstance(node, dict) or depth > 6:
                return False
            if is_file(node):
                return True
            inside = list(node["properties"].values()) if isinstance(node.get("properties"), dict) else []
            inside += [node["items"]] if isinstance(node.get("items"), dict) else []
            for key in ("allOf", "oneOf", "anyOf"):
                inside += node[key] if isinstance(node.get(key), list) else []
            return any(holds(part, depth + 1) for part in inside)

        return holds(media_object.get("schema") if isinstance(media_object, dict) else None, 0)

    def _has_fields(self, media_object: Any, ptr: str) -> bool:
        resolved = self._schema_of(media_object, ptr)
        return resolved.get("type") == "object" or any(k in resolved for k in ("properties", "allOf", "anyOf", "oneOf", "additionalProperties"))

    def _convert_response(self, ops: OpTypes, root: str) -> None:
        route = ops.route
        responses = route.node.get("responses") or {}
        # Without a 2xx, the `default` response is what a success answers with, as the
        # specification has it (for every code not declared) and as Prism answers.
        codes = sorted(c for c in responses if c.startswith("2")) or [c for c in responses if c == "default"]
        # A 204 or 205 answer has no body in HTTP, whatever content the document gives it:
        # beside an answer with one, the method may return None. Nor has any answer to HEAD
        # (openbanking.org.uk describes its GET's body there).
        bodiless = [c for c in codes if c in _BODILESS or route.method == "head"]
        codes = [c for c in codes if c not in bodiless]
        if not codes:
            ops.response_kind = "none"
            ops.status = int(bodiless[0]) if bodiless and bodiless[0].isdigit() else ops.status
            return
        ptr, response = self.resolver.resolve(responses[codes[0]], pointer_of(route, "responses", codes[0]))
        headers = response.get("headers") if isinstance(response, dict) else None
        ops.link_header = isinstance(headers, dict) and any(isinstance(name, str) and name.lower() == "link" for name in headers)
        content = self._media_types(response, ptr)
        media = next((m for m in content if body_kind(m) == "json"), None)
        if media is not None and media.strip().lower() not in _JSON:
            ops.accept = media  # vendor or versioned JSON: asked for by name
        elif media is None and "*/*" in content and is_structured(self._schema_of(content["*/*"], ptr)):
            media = "*/*"  # any media type, of an object or a list (springfox's way): JSON
        ops.status = int(codes[0]) if codes[0].isdigit() else 200
        if media is not None:
            schema = content[media].get("schema", {})
            schema_ptr = child(ptr, "content", media, "schema")
            ops.response = self.converter.convert(schema, schema_ptr, ops.context + "Response", root)
            if bodiless and not isinstance(ops.response, Nullable):
                ops.response = Nullable(ops.response)
            ops.bodiless_too = bool(bodiless)
            ops.other_answers = self._other_answers(ops, schema, responses, codes[1:], root)
            example = content[media].get("example")
            fits = example is not None and self.examples.fits(example, schema, schema_ptr)
            if fits:
                ops.response_example = example
            else:
                ops.response_example_of = (schema, schema_ptr)
        sse = next((m for m in content if m.startswith("text/event-stream")), None)
        if sse is not None and content[sse].get("schema"):
            stream_ptr = child(ptr, "content", sse, "schema")
            ops.stream_item = self.converter.convert(content[sse]["schema"], stream_ptr, ops.context + "Event", root)
            if media is None:  # the mock server answers with one event
                ops.response_example_of = (content[sse]["schema"], stream_ptr)
        if media is not None:
            return
        if sse is not None and len(content) == 1:
            ops.response_kind, ops.accept = "stream", sse
        elif any(body_kind(m) == "text" and not m.startswith("text/event-stream") for m in content):
            ops.response_kind = "text"
            ops.accept = next(m for m in content if body_kind(m) == "text" and not m.startswith("text/event-stream"))
        elif content:
            ops.response_kind = "binary"
            ops.accept = next(m for m in content if not m.startswith("text/event-stream"))
        else:
            ops.response_kind = "none"

    def _other_answers(self, ops: OpTypes, schema: Any, responses: dict[str, Any], codes: list[str], root: str) -> tuple[tuple[int | str, Type], ...]:
        """The JSON answers of the other 2xx codes, where their schemas and types differ from
        the first's (200 `{result}`, 202 `{jobId}`): the method returns what the status code
        says. `2XX` (after the codes, as sorted) answers for every 2xx code not written.
        `schema`: the first's."""
        found: list[tuple[int | str, Type]] = []
        first = ops.response.inner if isinstance(ops.response, Nullable) else ops.response
        seen = [schema]
        for code in codes:
            key: int | str = int(code) if code.isdigit() else code.upper()
            if isinstance(key, str) and key != "2XX":
                continue
            ptr, response = self.resolver.resolve(responses[code], pointer_of(ops.route, "responses", code))
            content = self._media_types(response, ptr)
            media = next((m for m in content if body_kind(m) == "json" and "schema" in content[m]), None)
            if media is None or content[media]["schema"] in seen:  # (the same schema written again: the same type)
                continue
            seen.append(content[media]["schema"])
            t = self.converter.convert(content[media]["schema"], child(ptr, "content", media, "schema"), f"{ops.context}Response{code}", root)
            if t != first and all(t != other for _, other in found):
                found.append((key, t))
        return tuple(found)

    # -- client-level -------------------------------------------------------------------

    def _first_server(self) -> dict[str, Any]:
        """The document's first server; none, with a warning, when its URL is one no client
        could use."""
        servers = self.spec.get("servers")
        first = servers[0] if isinstance(servers, list) and servers else {}
        problem = unusable(substituted(first))
        if problem is not None:
            self._warn(f"the server's URL has {problem}: no client could use it, so the client has no default base URL but http://localhost", ("servers", "0", "url"))
            return {}
        return first if isinstance(first, dict) else {}

    def _warn(self, message: str, parts: tuple[str, ...]) -> None:
        if self.units is not None and self.units.notes is not None:
            self.units.notes.append((message, parts))
        self.diagnostics.append(Diagnostic(message, self.doc.location(list(parts)), "warning"))

    def _resource_modules(self, operations: list[model.Operation], ops: list[OpTypes], exports: tuple[tuple[str, str], ...]) -> tuple[model.ResourceModule, ...]:
        from generator.ir.resources import resource_modules

        home = {name: module for module, name in exports}
        chains = [o.route.resource for o in ops]
        if self.memo is None:
            return resource_modules(operations, chains, home)[0]
        modules, self.memo.resources_new = resource_modules(operations, chains, home, self.memo.pickled, self.memo.resources_old)
        return modules


@dataclass(frozen=True)
class _Layout:
    """How the types are laid out (`_Builder._layout`), as plain data: the keys of the
    classes and aliases requests hold; their request-side twins' names; the names a field
    must not take; the key of each class and alias -> its types module; each module -> the
    keys of its classes, in order; each alias's module -> the alias; the cyclic imports
    between modules; a digest of what every module reads of the rest (types_memo.shared)."""

    param_keys: set[str]
    param_names: dict[str, str]
    reserved_fields: frozenset[str]
    module_of: dict[str, str]
    by_module: dict[str, list[str]]
    alias_at: dict[str, str]
    cyclic: set[tuple[str, str]]
    common: bytes


_LAYOUT_TYPES = (set, dict, frozenset, dict, dict, dict, set, bytes)


# What an operation's reads besides pieces give now (`_still`): the digests of the classes it
# looked into, class names, request-side names, reserved names, twin routes, sealed example values.
_Answers = tuple[dict[Any, Any], ...]


_PATH_PARAMETER = re.compile(r"\{[^}]*\}")


def _same_routes(ops: list[OpTypes]) -> set[str]:
    """Operations whose paths differ only in their parameters' names (`/c/{code}` and
    `/c/{name}`), which OpenAPI forbids: a server, the tests' mock too, cannot tell them apart."""
    groups: dict[tuple[str, str], list[str]] = {}
    shapes: dict[str, str] = {}  # (a path's methods share its shape)
    for o in ops:
        path = o.route.path
        shape = shapes.get(path)
        if shape is None:
            shape = shapes[path] = _PATH_PARAMETER.sub("{}", path)
        groups.setdefault((o.route.method, shape), []).append(o.route.key)
    return {key for keys in groups.values() if len(keys) > 1 for key in keys}


def _package_version(version: str) -> str:
    return version if re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", version) else "0.0.0"


def _mapping(value: Any) -> dict[Any, Any]:
    """A part of the document that must be a mapping; an empty one for a value of another
    type (the validator says so where it can)."""
    return value if isinstance(value, dict) else {}


def _media_types(holder: Any) -> dict[Any, dict[Any, Any]]:
    """A request body's or a response's media type objects, each a mapping. Either may come
    through a `$ref` that leads anywhere (a `true` schema: no meta-schema checks it), and a
    media type object of another type may go unsaid: the validator explains one finding of
    a response, the deepest."""
    return {media: _mapping(found) for media, found in _mapping(_mapping(holder).get("content")).items()}


def _content_type(media: str, kind: str) -> str | None:
    """The Content-Type to send, where httpx2's own (JSON, form, multipart) is not it; a
    range (`image/*`) as it is, for the method to ask the caller which type it is, but a
    range of JSON types (`application/*+json`), which is JSON."""
    if kind in ("multipart", "form") or media.strip().lower() in _JSON or (kind == "json" and "*" in media):
        return None
    return media
