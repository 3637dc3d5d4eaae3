"""Values that satisfy a schema, for the generated tests and the mock server's answers.

Built from the raw schema, not the type tree, because formats (`uri`, `date-time`) and
patterns matter to a validating server such as Prism.
"""

from __future__ import annotations

import hashlib
import marshal
import math
import re
import time
from collections.abc import Callable
from typing import Any, TypeGuard, TypeVar

from generator.diagnostics import GenerationError
from generator.ir.format_example import MADE, is_of_format, made_within
from generator.ir.pattern_example import backtracks, matching
from generator.ir.refs import RefResolver
from generator.ir.schemas import child, is_annotation, merge_properties, object_siblings, union_in_parts, with_siblings
from generator.ir.styles import is_binary_string, parameter_style
from generator.schema_keys import implied_type, null_is_valid

K = TypeVar("K")
T = TypeVar("T")
_Merged = tuple[dict[str, Any], list[str], dict[str, tuple[str, ...]]]  # an allOf's merged schema, parts, origins
_MAX_DEPTH = 12
# Values a single example may hold before it stops adding optional properties: examples stay
# bounded per operation instead of growing with the schema graph they can reach.
_BUDGET = 400
_SKIP = object()  # a schema met again inside itself: leave that part out
_NONE: set[str] = set()  # (what an entry resolved, when nobody records it: shared, never changed)
# What a node that refers to components gives, as a memo entry records it (`_sealed`): the
# kind of thing made of it, the node (marshalled), the writer's flag, the stack of components
# it is inside of.
Sealed = tuple[str, bytes, str, tuple[str, ...]]
_SEALED_NODE = 4096  # bytes of node at most: bigger ones are recorded by the pieces they read


class ExampleMaker:
    def __init__(self, resolver: RefResolver, track: bool = False) -> None:
        self.resolver = resolver
        self.track = track  # entries keep what they resolved, for readers that record it (op_memo.py)
        self._left = _BUDGET
        self._unsent = ""  # the flag of properties the writer leaves out: readOnly, writeOnly
        # What depends on a schema node alone, made once per node (`_once`): a schema is met
        # again in every operation that reaches it.
        self._merged: dict[int, tuple[Any, _Merged, set[str]]] = {}
        self._lifted: dict[int, tuple[Any, tuple[dict[str, Any], str, int] | None, set[str]]] = {}  # union_in_parts
        self._sent: dict[tuple[int, str], tuple[Any, tuple[dict[str, Any], list[str]], set[str]]] = {}
        self._strings: dict[int, tuple[Any, str | bytes, set[str]]] = {}
        # While an operation's reads are recorded (op_memo.py): what each node that refers to
        # components gave (a required-only value, a writer's flag), by a digest of it,
        # instead of the pieces its making read (`_sealed`).
        self.sealed: dict[Sealed, bytes] | None = None
        self._seals: dict[Sealed, tuple[Any, int, bytes, Sealed]] = {}
        self.seconds = 0.0  # spent making values (`value`, `sealed_digest`): `--timings`' examples

    def value(self, schema: Any, ptr: str, *, full: bool, writer: str = "") -> Any:
        """A value for the schema: its required parts, and with `full` the optional properties
        of its outermost object too (theirs again only required), within a budget of values.
        Written by the `client` (no readOnly property) or the `server` (no writeOnly one)."""
        started = time.perf_counter()
        self._left = _BUDGET
        self._unsent = {"client": "readOnly", "server": "writeOnly"}.get(writer, "")
        try:
            value = self._value(schema, ptr, full, ())
        finally:
            self.seconds += time.perf_counter() - started
        return None if value is _SKIP else value

    def parameter_value(self, schema: Any, ptr: str, in_path: bool, param: dict[str, Any] | None = None, dotless: bool = False, slashless: bool = False) -> Any:
        """A parameter's value: the first that the parameter itself offers (its `example`,
        its `examples`' values) and its schema takes, else one made. It goes as text, so of
        a oneOf, one whose text only one member takes (`oneOf: [integer, slug pattern]`: not
        1, whose text "1" the slug takes too, but the slug's own value). `dotless`: none
        whose text has a dot, where one can (a path segment `{lat}.{format}`, which Prism,
        like many routers, splits at its first dot: tomtom's 71.441 gave `441.xml`), else
        one made from its schema.
        `slashless`: none with a slash, where one can (a piece of path sent as it is, Azure's
        `{resourceUri}`, which Prism matches within one segment)."""
        value = self._parameter_value_of(schema, ptr, in_path, param)
        if slashless:
            value = self._without("/", value, schema, ptr, param)
        return self._without(".", value, schema, ptr, param) if dotless else value

    def _without(self, char: str, value: Any, schema: Any, ptr: str, param: dict[str, Any] | None) -> Any:
        """`value`, or where its text has `char`: the first offered value without it that the
        schema takes, else a float's whole number where that fits, else one made from the
        schema where that has none."""
        if char not in str(value):
            return value
        resolved = self.resolver.resolve(schema, ptr)[1] if isinstance(schema, dict) else None
        for other in self._offered(param or {}, ptr):
            if char not in str(other) and isinstance(resolved, dict) and self._takes(other, resolved, ptr):
                return other
        whole = int(value) if isinstance(value, float) and math.isfinite(value) else None
        if whole is not None and isinstance(resolved, dict) and self.fits(whole, resolved, ptr):
            return whole
        made = self._parameter_value(schema, ptr, True)  # (tomtom's position `37.8328,-122.27669`)
        return made if char not in str(made) else value

    def _parameter_value_of(self, schema: Any, ptr: str, in_path: bool, param: dict[str, Any] | None) -> Any:
        resolved = self.resolver.resolve(schema, ptr)[1] if isinstance(schema, dict) else None
        where = (param or {}).get("in")
        # Neither a path segment, a header, a cookie nor (without `allowEmptyValue`) a query
        # parameter is empty: Prism reads `keyword=` as no keyword (vtex's example is ""),
        # and an empty header as none (ticketmaster's required one defaults to "").
        filled = in_path or where in ("header", "cookie") or where == "query" and (param or {}).get("allowEmptyValue") is not True
        for value in self._offered(param or {}, ptr):
            if where in ("header", "cookie") and not fits_a_header(value):
                continue  # (openbankingproject's Signature example ends in a newline: no header holds it)
            if isinstance(resolved, dict) and self._takes(value, resolved, ptr) and not (filled and value in ("", None)):
                return value
        value = self._sendable_in_form(self._parameter_value(schema, ptr, filled), resolved, param or {}, ptr)
        members = resolved.get("oneOf") if isinstance(resolved, dict) else None
        if not isinstance(members, list) or isinstance(value, (dict, list)) or self._text_fits_one(value, members, ptr):
            return value
        for i, member in enumerate(members):
            other = self._parameter_value(member, child(ptr, "oneOf", str(i)), filled)
            if not isinstance(other, (dict, list)) and self._text_fits_one(other, members, ptr):
                return other
        return value

    def _sendable_in_form(self, value: Any, schema: Any, param: dict[str, Any], ptr: str) -> Any:
        """A made object of an exploded form query parameter, without the properties that form
        style cannot send (those required apart): an object's or a list's value has no form of
        its own, and a server reads `data={}` as text (seldon's message)."""
        if not isinstance(value, dict) or not isinstance(schema, dict) or param.get("in") != "query" or parameter_style(param, "query") is not None:
            return value
        properties: dict[str, Any] = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
        required: list[Any] = schema["required"] if isinstance(schema.get("required"), list) else []

        def scalar(name: str) -> bool:
            prop = properties.get(name)
            resolved = self.resolver.resolve(prop, ptr)[1] if isinstance(prop, dict) else None
            return isinstance(resolved, dict) and resolved.get("type") in ("string", "number", "integer", "boolean")

        return {k: v for k, v in value.items() if k in required or scalar(k)}

    def _takes(self, value: Any, schema: dict[str, Any], ptr: str) -> bool:
        """Whether a parameter's own example is of its schema, every item of a list and
        every property of an object too (Azure's `segment` lists values its enum has not)."""
        def resolve(node: Any) -> Any:
            return self.resolver.resolve(node, ptr)[1] if isinstance(node, dict) else node

        if not fits_shape(value, schema, resolve):
            return False
        if isinstance(value, list):
            return _length_fits(len(value), schema.get("minItems"), schema.get("maxItems")) and all(fits_deep(item, schema.get("items"), resolve, 1) for item in value)
        properties = schema.get("properties")
        if isinstance(value, dict) and isinstance(properties, dict):
            return all(fits_deep(v, properties.get(k), resolve, 1) for k, v in value.items())
        return True

    def _offered(self, param: dict[str, Any], ptr: str) -> list[Any]:
        offered = [param["example"]] if "example" in param else []
        examples = param.get("examples")
        for example in examples.values() if isinstance(examples, dict) else ():
            example = self.resolver.resolve(example, ptr)[1] if isinstance(example, dict) else None
            if isinstance(example, dict) and "value" in example:
                offered.append(example["value"])
        return offered

    def _parameter_value(self, schema: Any, ptr: str, filled: bool) -> Any:
        """A value for the parameter; `filled`, never empty (a path segment, which the
        client refuses to send so, or a query parameter)."""
        value = self.value(schema, ptr, full=True, writer="client")
        if not filled or value != "":
            return value
        resolved = self.resolver.resolve(schema, ptr)[1] if isinstance(schema, dict) else None
        others = [v for v in (resolved or {}).get("enum") or [] if v not in ("", None)]
        pattern = resolved.get("pattern") if isinstance(resolved, dict) else None
        made = matching(pattern, 1, 64) if isinstance(pattern, str) and not others and not backtracks(pattern) else None
        # (`^[A-Z0-9]*$` takes the empty value, which no path has; a format's, its own value)
        of_format = MADE.get(str((resolved or {}).get("format")))
        return others[0] if others else made or of_format or "x"

    def _text_fits_one(self, value: Any, members: list[Any], ptr: str) -> bool:
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        fitting = 0
        for member in members:
            resolved = self.resolver.resolve(member, ptr)[1] if isinstance(member, dict) else member
            if isinstance(resolved, dict) and self.fits(_read_as(text, resolved.get("type")), resolved, ptr):
                fitting += 1
        return fitting == 1

    def fits(self, value: Any, schema: Any, ptr: str) -> bool:
        """Whether a document's example has its schema's shape (fits_deep)."""
        return fits_deep(value, schema, self._resolving(ptr))

    def _resolving(self, ptr: str) -> Callable[[Any], Any]:
        return lambda node: self.resolver.resolve(node, ptr)[1]

    def sealed_digest(self, key: Sealed) -> tuple[bytes, set[str]]:
        """What `_sealed` records for `key` in this document, and the references making it
        followed: a regeneration asks it of the values an operation's entry recorded. b""
        when it cannot be recorded (a warning on the way, a reference gone): no entry holds that."""
        kind, node, unsent, stack = key
        saved, started = (self._unsent, self._left), time.perf_counter()
        self._unsent = unsent
        try:
            value, spent, reads, warned = self._apart(kind, marshal.loads(node), "", stack, None)
        except (GenerationError, ValueError, EOFError, TypeError):
            return b"", set()
        finally:
            self._unsent, self._left = saved
            self.seconds += time.perf_counter() - started
        return b"" if warned else _digest(value, spent), reads

    def _sealed(self, kind: str, schema: dict[str, Any], ptr: str, stack: tuple[str, ...], sealed: dict[Sealed, bytes]) -> Any:
        """What `_made` gives for a node that refers to components, recorded as a digest of it
        rather than as the pieces its making read: an edit that leaves it as it was (a new
        optional property of a component met nested) leaves the operation's entry good.
        It depends on nothing but the key: the kind, the node, the writer, the stack where
        recursion is cut. Not on the budget, which a required-only part does not ask (the
        values it spends are spent again from the outer one); nor on `ptr`, which only words
        warnings, and a warning leaves it unsealed."""
        try:
            node = marshal.dumps(schema, 2)
        except ValueError:  # (a YAML date)
            node = b""
        if not node or len(node) > _SEALED_NODE:  # (the nodes below a value may be sealed)
            return self._unsealed(schema, ptr, False, stack) if kind == "value" else self._made(kind, schema, ptr, stack)
        key = (kind, node, self._unsent, stack)
        hit = self._seals.get(key)
        if hit is None:
            value, spent, reads, warned = self._apart(kind, schema, ptr, stack, self.resolver.warn)
            digest = _digest(value, spent)
            if warned or not digest:  # as if never sealed
                if self.resolver.reads is not None:
                    self.resolver.reads |= reads
                return value
            hit = self._seals[key] = (value, spent, digest, key)
        else:
            self._left -= hit[1]
        sealed[hit[3]] = hit[2]  # (one key object for all the entries that seal it: a memo's shard holds it once)
        return hit[0]

    def _apart(self, kind: str, schema: Any, ptr: str, stack: tuple[str, ...], passed_on: Callable[[str, tuple[str, ...]], None] | None) -> tuple[Any, int, set[str], bool]:
        """`_made`, nothing sealed inside it, with the values it spent, the references it
        followed and whether it warned kept apart from the record around it (its warnings
        go on to `passed_on`)."""
        outer = self.sealed, self.resolver.reads, self.resolver.warn
        left, warned = self._left, []
        reads: set[str] = set()

        def warn(message: str, parts: tuple[str, ...]) -> None:
            warned.append(message)
            if passed_on is not None:
                passed_on(message, parts)

        self.sealed, self.resolver.reads, self.resolver.warn = None, reads, warn
        try:
            value = self._made(kind, schema, ptr, stack)
        finally:
            self.sealed, self.resolver.reads, self.resolver.warn = outer
        return value, left - self._left, reads, bool(warned)

    def _made(self, kind: str, schema: Any, ptr: str, stack: tuple[str, ...]) -> Any:
        """A sealed kind of thing: a required-only `value`, or whether the component a
        reference leads to is `unsent` by the writer (its readOnly or writeOnly flag)."""
        if kind == "unsent":
            resolved = self.resolver.resolve(schema, ptr)[1]
            return isinstance(resolved, dict) and resolved.get(self._unsent) is True
        return self._value(schema, ptr, False, stack)

    def _value(self, schema: Any, ptr: str, full: bool, stack: tuple[str, ...]) -> Any:
        if not full and self.sealed is not None and _refers(schema):
            return self._sealed("value", schema, ptr, stack, self.sealed)
        return self._unsealed(schema, ptr, full, stack)

    def _unsealed(self, schema: Any, ptr: str, full: bool, stack: tuple[str, ...]) -> Any:
        self._left -= 1
        if isinstance(schema, dict) and "$ref" in schema:
            target, schema = self.resolver.resolve(schema, ptr)
            if target in stack or len(stack) > _MAX_DEPTH:
                return _SKIP
            stack, ptr = (*stack, target), target
        if not isinstance(schema, dict):
            return "string"
        if isinstance(schema.get("not"), dict):
            rest = {k: v for k, v in schema.items() if k != "not"}
            return self._allowed(self._unsealed(rest, ptr, full, stack), rest, schema["not"], ptr)
        if isinstance(schema.get("if"), dict) and ("then" in schema or "else" in schema):
            return self._conditional(schema, ptr, full, stack)
        for value in (*_offered(schema), schema.get("default")):
            if value is not None and not isinstance(value, (dict, list)) and fits_shape(value, schema, self._resolving(ptr)):
                return value
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            values = [v for v in schema["enum"] if v is not None]
            return values[0] if values else None
        for key in ("oneOf", "anyOf"):  # before allOf, as the IR reads it: the allOf is every member's
            if isinstance(schema.get(key), list) and any(not _required_only(m) for m in schema[key]):
                first = _SKIP
                members = self._members(schema, key, ptr)
                for member, given in members:
                    value = self._value(member, ptr, full, stack)
                    if value is _SKIP:
                        continue
                    value = _tagged(value, schema.get("discriminator"), given) if self._tag_is_free(schema, given, ptr) else value
                    # A plain value of one oneOf member only, where there is one (`oneOf:
                    # [string, boolean, string]`: a validator refuses a value of two). Objects
                    # are told apart by their tags and required properties, which a value
                    # of a later member may lack.
                    if key == "anyOf" or isinstance(value, (dict, list)) or not any(self.fits(value, other, ptr) for other, _ in members if other is not member):
                        return value
                    first = value if first is _SKIP else first
                return first
        if "allOf" in schema:
            hoisted = self._once(self._lifted, id(schema), schema, lambda: union_in_parts(schema, lambda part, _: self.resolver.resolve(part, ptr)[1]))
            if hoisted is not None:  # as the IR reads it: a union of the parts' merges
                return self._unsealed(hoisted[0], ptr, full, stack)
            merged, targets, origins = self._merged_all_of(schema, ptr)
            if not merged["properties"] and schema["allOf"]:  # `allOf: [$ref]` around a non-object (an annotation part aside, as the IR reads it)
                typed = [part for part in schema["allOf"] if not is_annotation(part)]
                return self._value((typed or schema["allOf"])[0], ptr, full, stack)
            if not set(targets).isdisjoint(stack):
                return _SKIP  # an object that holds itself through its allOf parts
            return self._object(merged, ptr, full, stack, origins)
        kind = schema.get("type")
        if kind is None:
            kind = implied_type(schema)
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if kinds else "null"
        if kind == "null":
            return None
        if kind == "array":
            count = max(1, int(schema.get("minItems", 1)))
            if "maxItems" in schema:
                count = min(count, int(schema["maxItems"]))
            # 3.1's `prefixItems`: the first items' own schemas, in order (a tuple); `items` the rest
            most = schema.get("maxItems")
            prefix = [self._value(p, ptr, full, stack) for p in _prefix_items(schema)[: most if isinstance(most, int) else None]]
            prefix = prefix[: prefix.index(_SKIP)] if _SKIP in prefix else prefix
            more = max(0, count - len(prefix)) if schema.get("items") is not False else 0
            items = [*prefix, *(self._value(schema.get("items", {}), ptr, full, stack) for _ in range(more))]
            items = [i for i in items if i is not _SKIP]
            if isinstance(schema.get("contains"), dict) and len(prefix) == 0:  # items that `contains` takes, as many as it asks
                least = schema.get("minContains", 1)
                least = least if isinstance(least, int) and not isinstance(least, bool) else 1
                fitting = self._value(schema["contains"], ptr, full, stack)
                if fitting is not _SKIP and self.fits(fitting, schema.get("items", {}), ptr):
                    items = [*[fitting] * least, *items[least:]]
            if schema.get("uniqueItems") is True and len(items) > 1:
                items = _distinct(items, self.resolver.resolve(schema.get("items", {}), ptr)[1])
            return items
        if kind == "object":
            return self._object(schema, ptr, full, stack)
        if kind == "integer":
            return _number(schema, 1)
        if kind == "number":
            return _fraction(schema, float(_number(schema, 1)))
        if kind == "boolean":
            return True
        return self._once(self._strings, id(schema), schema, lambda: string_value(schema))

    def _conditional(self, schema: dict[str, Any], ptr: str, full: bool, stack: tuple[str, ...]) -> Any:
        """A value of `if`/`then`/`else`: one made with `then` that `if` takes, or with `else`
        that `if` does not; else one made without them (what a branch asks may not show)."""
        rest = {k: v for k, v in schema.items() if k not in ("if", "then", "else")}
        condition = self.resolver.resolve(schema["if"], ptr)[1]
        for branch, taken in (("then", True), ("else", False)):
            if isinstance(schema.get(branch), dict):
                value = self._unsealed({"allOf": [rest, schema[branch]]}, ptr, full, stack)
                if value is not _SKIP and self._takes_condition(value, condition, ptr) == taken:
                    return value
        return self._unsealed(rest, ptr, full, stack)

    def _takes_condition(self, value: Any, condition: dict[str, Any], ptr: str) -> bool:
        """Whether `value` passes an `if`: its shape (fits) and the names it requires."""
        required = condition.get("required")
        present = not isinstance(value, dict) or not isinstance(required, list) or all(name in value for name in required)
        return present and self.fits(value, condition, ptr)

    def _allowed(self, value: Any, schema: dict[str, Any], banned: Any, ptr: str) -> Any:
        """`value`, made for `schema` without its `not`, or where `banned` takes it: an object
        without the optional names `banned` requires (`not: {required: [a, b]}`), else the
        first plain value of another kind that `schema` takes and `banned` does not."""
        banned = self.resolver.resolve(banned, ptr)[1] if "$ref" in banned else banned
        if value is _SKIP or not isinstance(banned, dict) or not self._takes_condition(value, banned, ptr):
            return value
        if isinstance(value, dict) and isinstance(banned.get("required"), list):
            needed = set(schema.get("required") or [])
            fewer = dict(value)
            for name in reversed(banned["required"]):
                if name in fewer and name not in needed:
                    del fewer[name]
                    if not self._takes_condition(fewer, banned, ptr):
                        return fewer
        plain: tuple[Any, ...] = (1, "string", True, 1.5, {}, [], None)
        return next((other for other in plain if self.fits(other, schema, ptr) and not self._takes_condition(other, banned, ptr)), value)

    def _once(self, table: dict[K, tuple[Any, T, set[str]]], key: K, node: object, make: Callable[[], T]) -> T:
        """`make()` for `node`, made once. Keyed by id(): each entry holds its node, so that the id
        stays that node's (some nodes are made on the way, then dropped). An entry holds the
        references it resolved too, for a reader that records them (RefResolver.reads)."""
        hit = table.get(key)
        outer = self.resolver.reads
        if hit is None or hit[0] is not node:
            if not self.track:
                hit = table[key] = (node, make(), _NONE)
                return hit[1]
            self.resolver.reads = set()
            try:
                hit = table[key] = (node, make(), self.resolver.reads)
            finally:
                self.resolver.reads = outer
        if outer is not None:
            outer |= hit[2]
        return hit[1]

    def _object(self, schema: dict[str, Any], ptr: str, full: bool, stack: tuple[str, ...], origins: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
        """`origins`: the allOf parts (components) each property comes from, which its value is
        inside of. Only those: a base that a nested object shares is no recursion."""
        origins = origins or {}
        props = self._sent_properties(schema, ptr)
        required = set(schema.get("required") or []) | _first_required_group(schema)
        excluded = _excluded_by_one_of(schema)
        least = schema.get("minProperties")
        least = least if isinstance(least, int) else 0
        out: dict[str, Any] = {}
        for k in props:  # the required ones first: the budget never leaves one out
            if k in required and k not in excluded:
                out[k] = self._value(props[k], ptr, False, (*stack, *origins.get(k, ())))
                if out[k] is _SKIP:  # a recursion cut short: null ends it, or an object that needs nothing
                    resolved = self.resolver.resolve(props[k], ptr)[1]
                    out[k] = None if null_is_valid(resolved) else {} if _needs_nothing(resolved) else _SKIP
        kept = sum(v is not _SKIP for v in out.values())
        for k in props:  # optional ones, in a full example or to reach minProperties
            if k not in out and k not in excluded and ((full and self._left > 0) or kept < least):
                out[k] = self._value(props[k], ptr, False, (*stack, *origins.get(k, ())))
                kept += out[k] is not _SKIP
        out = {k: out[k] for k in props if k in out and out[k] is not _SKIP}
        if "dependentRequired" in schema or "dependentSchemas" in schema or "dependencies" in schema:
            self._dependents(schema, props, out, ptr, stack)
        extra = schema.get("additionalProperties")
        if props or schema.get("properties"):  # (all of them left out by the writer: none sent)
            return out
        key = _map_key(self.resolver.resolve(schema.get("propertyNames"), ptr)[1])
        patterns = schema.get("patternProperties")
        first = next(((k, v) for k, v in patterns.items() if isinstance(v, dict)), None) if isinstance(patterns, dict) else None
        if isinstance(extra, dict):
            value = self._value(extra, ptr, False, stack)
            if value is not _SKIP:
                out[key] = value
        elif first is not None and "propertyNames" not in schema:  # a key of the first pattern, and its value
            named, value = _map_key({"type": "string", "pattern": first[0]}), self._value(first[1], ptr, False, stack)
            if value is not _SKIP and _matches(first[0], named):
                out[named] = value
        if extra is not False:  # a free-form map that must hold some keys
            value = out.get(key, "string")
            out.update((name, value) for name in sorted(n for n in required if isinstance(n, str)))
        return out

    def _dependents(self, schema: dict[str, Any], props: dict[str, Any], out: dict[str, Any], ptr: str, stack: tuple[str, ...]) -> None:
        """The names that the names in `out` bring along (`dependentRequired`, the required
        of `dependentSchemas`; draft 7's `dependencies`, either), added to `out` in turn."""
        lists = {k: v for key in ("dependentRequired", "dependencies") if isinstance(schema.get(key), dict) for k, v in schema[key].items() if isinstance(v, list)}
        subs = {k: v for key in ("dependentSchemas", "dependencies") if isinstance(schema.get(key), dict) for k, v in schema[key].items() if isinstance(v, dict)}
        waiting = list(out)
        while waiting:
            found = self.resolver.resolve(subs[waiting[0]], ptr)[1] if waiting[0] in subs else None
            sub: dict[str, Any] = found if isinstance(found, dict) else {}
            more: dict[str, Any] = sub["properties"] if isinstance(sub.get("properties"), dict) else {}
            for name in [*lists.get(waiting.pop(0), []), *(sub.get("required") or [])]:
                if isinstance(name, str) and name not in out:
                    value = self._value(props.get(name, more.get(name, {})), ptr, False, stack)
                    if value is not _SKIP:
                        out[name] = value
                        waiting.append(name)

    def _sent_properties(self, schema: dict[str, Any], ptr: str) -> dict[str, Any]:
        """The object's properties that its writer sends (read-only). Those that are a
        reference are asked of the component each time, not once per object: an operation's
        entry records that read (`_sealed`)."""
        unsent = self._unsent

        def sent() -> tuple[dict[str, Any], list[str]]:
            own = {k: v for k, v in (schema.get("properties") or {}).items() if v is not False and not (unsent and isinstance(v, dict) and v.get(unsent) is True)}
            return own, [k for k, v in own.items() if unsent and isinstance(v, dict) and "$ref" in v]

        own, references = self._once(self._sent, (id(schema), unsent), schema, sent)
        left_out = {k for k in references if self._unsent_target(own[k], ptr)}
        return {k: v for k, v in own.items() if k not in left_out} if left_out else own

    def _unsent_target(self, prop: dict[str, Any], ptr: str) -> bool:
        """Whether the writer leaves out the component a property refers to."""
        if self.sealed is not None:
            return bool(self._sealed("unsent", prop, ptr, (), self.sealed))
        return bool(self._made("unsent", prop, ptr, ()))

    def _tag_is_free(self, union: dict[str, Any], member: Any, ptr: str) -> bool:
        """Whether the member leaves its discriminator property open (no enum or const)."""
        discriminator = union.get("discriminator")
        name = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
        resolved = self.resolver.resolve(member, ptr)[1]
        if not isinstance(name, str) or not isinstance(resolved, dict):
            return False
        merged = self._merged_all_of(resolved, ptr)[0] if "allOf" in resolved else resolved
        prop = self.resolver.resolve((merged.get("properties") or {}).get(name, {}), ptr)[1]
        return not (isinstance(prop, dict) and ("enum" in prop or "const" in prop))

    def _members(self, schema: dict[str, Any], key: str, ptr: str) -> list[tuple[Any, Any]]:
        """The union's members in order, null last: a value of the first one that has one.
        Each as a schema to make the value from, beside the member as written (for its tag)."""
        members: list[tuple[Any, Any]] = []
        nulls: list[tuple[Any, Any]] = []
        shared = object_siblings(schema)
        for member in schema[key]:
            resolved = self.resolver.resolve(member, ptr)[1]
            if not isinstance(resolved, dict) or _required_only(resolved):
                continue
            whole = with_siblings(shared, member, resolved)
            if resolved.get("type") == "null":
                nulls.append((member, member))
            elif whole is not None:  # the member with what stands beside the union
                members.append((whole, member))
            elif schema.get("properties") and "properties" in resolved and "$ref" not in member:
                # a member that refines the object beside it: the object's properties and required ones too
                required = [*(schema.get("required") or []), *(resolved.get("required") or [])]
                members.append(({**resolved, "properties": {**schema["properties"], **resolved["properties"]}, "required": required}, member))
            else:
                members.append((member, member))
        declared = schema.get("type")
        declared = {declared} if isinstance(declared, str) else set(declared) if isinstance(declared, list) else set()
        if declared:  # `type: array` beside `oneOf: [object, array]`: a value is both, so an array
            fitting = [m for m in members if _kind_fits(self.resolver.resolve(m[1], ptr)[1], declared)]
            members = fitting or members
        return members + nulls

    def _merged_all_of(self, schema: dict[str, Any], ptr: str) -> _Merged:
        """`_merge_all_of` from the top, with the components it went through and where each
        property comes from (all read-only)."""
        def merged() -> _Merged:
            targets: list[str] = []
            origins: dict[str, tuple[str, ...]] = {}
            return self._merge_all_of(schema, ptr, targets, origins), targets, origins

        return self._once(self._merged, id(schema), schema, merged)

    def _merge_all_of(
        self, schema: dict[str, Any], ptr: str, targets: list[str] | None = None, origins: dict[str, tuple[str, ...]] | None = None, chain: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """The properties and required names of all parts; `targets` collects the components
        the parts refer to (each merged once: parts may refer to each other in a circle), and
        `origins` those each property comes from."""
        targets = [] if targets is None else targets
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in [*schema["allOf"], {k: v for k, v in schema.items() if k != "allOf"}]:
            here = chain
            if isinstance(part, dict) and "$ref" in part:
                target, part = self.resolver.resolve(part, ptr)
                if target in targets:
                    continue
                targets.append(target)
                here = (*chain, target)
            if isinstance(part, dict) and "allOf" in part:
                part = self._merge_all_of(part, ptr, targets, origins, here)
            elif isinstance(part, dict) and origins is not None and isinstance(part.get("properties"), dict):
                origins.update((name, here) for name in part["properties"])
            if isinstance(part, dict):
                merge_properties(merged["properties"], part.get("properties"))
                merged["required"] += part.get("required") or []
                least = part.get("minProperties")
                if isinstance(least, int) and not isinstance(least, bool):  # (a base's, which its extenders keep)
                    merged["minProperties"] = max(merged.get("minProperties", 0), least)
                for key in ("oneOf", "anyOf"):  # `anyOf: [{required: [a]}, {required: [b]}]` in a part
                    if isinstance(part.get(key), list) and all(_required_only(m) for m in part[key]):
                        merged.setdefault(key, []).extend(part[key])
        return merged


def _refers(schema: Any) -> bool:
    """Whether a node refers to a component itself or through its union's, allOf's or items' members."""
    if not isinstance(schema, dict):
        return False
    if "$ref" in schema:
        return True
    for key in ("anyOf", "oneOf", "allOf"):
        members = schema.get(key)
        if isinstance(members, list) and any(isinstance(m, dict) and "$ref" in m for m in members):
            return True
    items = schema.get("items")
    return isinstance(items, dict) and "$ref" in items


def _digest(value: Any, spent: int) -> bytes:
    """A digest of a sealed value and the values it spent; b"" for one marshal cannot take
    (a YAML date)."""
    try:
        data = marshal.dumps((value is _SKIP, None if value is _SKIP else value, spent), 2)
    except ValueError:
        return b""
    return hashlib.sha1(data).digest()[:12]


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "null": (type(None),),
}


def _tagged(value: Any, discriminator: Any, member: Any) -> Any:
    """A union member's value with the discriminator's tag for that member: the mapping's
    key for its `$ref`, else (the implicit mapping) the name of the schema it refers to."""
    ref = member.get("$ref") if isinstance(member, dict) else None
    if not isinstance(value, dict) or not isinstance(discriminator, dict) or not isinstance(ref, str):
        return value
    name = discriminator.get("propertyName")
    mapping = discriminator.get("mapping")
    mapping = mapping if isinstance(mapping, dict) else {}
    tag = next((k for k, target in mapping.items() if target == ref), None)
    if tag is None and ref.startswith("#/components/schemas/"):
        tag = ref.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    return {**value, name: tag} if isinstance(name, str) and tag is not None else value


def _read_as(text: str, kind: Any) -> Any:
    """A parameter's text as a validator coercing to `kind` reads it (Prism's does)."""
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    if kind in ("integer", "number"):
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if kind == "integer" and number.is_integer() and "." not in text else number
    return text


def fits_deep(value: Any, schema: Any, resolve: Callable[[Any], Any], depth: int = 3) -> bool:
    """Whether a document's example has its schema's shape: fits_shape, down to the first
    item of lists and the properties of objects, a few levels deep. An example that does
    not (an object for a list; nordigen's list of lists of institutions) fails the client's
    own parsing."""
    if isinstance(schema, dict) and "$ref" in schema:
        schema = resolve(schema)
    if not isinstance(schema, dict) or depth == 0:
        return True
    if not fits_shape(value, schema, resolve):
        return False
    if isinstance(value, list) and value and "items" in schema:
        return fits_deep(value[0], schema["items"], resolve, depth - 1)
    properties = schema.get("properties")
    if isinstance(value, dict) and isinstance(properties, dict):
        return all(fits_deep(v, properties[k], resolve, depth - 1) for k, v in value.items() if k in properties)
    return True


def fits_shape(value: Any, schema: dict[str, Any], resolve: Callable[[Any], Any], depth: int = 4) -> bool:
    """`fits_node`, and the types of the schema's members (`example: 1` on a oneOf of
    objects does not fit, nor a JSON text on an allOf of objects): some member's for anyOf
    and oneOf, every part's for allOf, theirs in turn a few levels down."""
    if not fits_node(value, schema):
        return False
    for key in ("anyOf", "oneOf", "allOf"):
        members = schema.get(key)
        if isinstance(members, list) and members and depth > 0:
            resolved = [resolve(m) for m in members]
            fitting = [not isinstance(m, dict) or fits_shape(value, m, resolve, depth - 1) for m in resolved]
            if not (all(fitting) if key == "allOf" else any(fitting)):
                return False
    return True


def fits_node(value: Any, schema: dict[str, Any]) -> bool:
    """Whether `value` is of the type, enum, pattern, length, bounds and format `schema`
    itself gives (not its parts'). Specs carry examples of the wrong type (a JSON text for
    an object), format (a `uuid` one digit short, ideal-postcodes' milliseconds as `int32`)
    or bounds: not those."""
    if value is None and schema.get("nullable") is True:  # (3.0's null)
        return True
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else _implied(schema)
    if "enum" in schema and isinstance(schema["enum"], list) and value not in schema["enum"]:
        return False
    if "const" in schema and value != schema["const"]:
        return False
    if isinstance(value, str) and isinstance(schema.get("pattern"), str) and not _matches(schema["pattern"], value):
        return False
    if isinstance(value, str) and not _length_fits(len(value), schema.get("minLength"), schema.get("maxLength")):
        return False
    if isinstance(value, str) and not is_of_format(value, schema.get("format")):
        return False
    if _is_bound(value) and not (_within(schema, value) and (schema.get("format") != "int32" or -(2**31) <= value < 2**31)):
        return False
    if not kinds:
        return True
    if isinstance(value, bool):
        return "boolean" in kinds
    return any(isinstance(value, _JSON_TYPES.get(k, ())) for k in kinds)


def _kind_fits(member: Any, declared: set[str]) -> bool:
    """Whether a union member's type (declared or implied) is among the union's own types."""
    kinds = member.get("type") if isinstance(member, dict) else None
    kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else _implied(member) if isinstance(member, dict) else []
    return not kinds or any(k in declared or k == "integer" and "number" in declared for k in kinds)


def _prefix_items(schema: dict[str, Any]) -> list[Any]:
    found = schema.get("prefixItems")
    return found if isinstance(found, list) else []


def _map_key(names: Any) -> str:
    """A key of a map: one that its `propertyNames` schema takes."""
    key = string_value(names) if isinstance(names, dict) else "key"
    return key if isinstance(key, str) else "key"


def _implied(schema: dict[str, Any]) -> list[str]:
    implied = implied_type(schema)
    return [implied] if implied else []


def _length_fits(length: int, low: Any, high: Any) -> bool:
    return not (isinstance(low, int) and length < low) and not (isinstance(high, int) and length > high)


def json_default(value: object) -> object:
    """Example values that JSON has no type for (file contents) as text."""
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def fits_a_header(value: Any) -> bool:
    """Whether a value's text can stand in an HTTP header: no control character but a tab
    (h11 refuses a request with one)."""
    if isinstance(value, str):
        return not _CONTROL.search(value)
    if isinstance(value, list):
        return all(fits_a_header(v) for v in value)
    if isinstance(value, dict):
        return all(fits_a_header(k) and fits_a_header(v) for k, v in value.items())
    return True


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _required_only(member: Any) -> bool:
    return isinstance(member, dict) and set(member) <= {"required", "description", "title"}


def _needs_nothing(schema: Any) -> bool:
    """Whether `{}` is a value of the schema: an object that requires nothing, with no
    members to choose from."""
    if not isinstance(schema, dict) or schema.get("type", "object") != "object" or schema.get("required") or schema.get("minProperties"):
        return False
    return not any(key in schema for key in ("allOf", "anyOf", "oneOf", "enum", "const", "not"))


def _first_required_group(schema: dict[str, Any]) -> set[str]:
    """`anyOf/oneOf: [{required: [a]}, {required: [b]}]`: one of them must be sent; the first."""
    for key in ("oneOf", "anyOf"):
        groups = [m["required"] for m in schema.get(key) or [] if _required_only(m) and "required" in m]
        if groups:
            return set(groups[0])
    return set()


def _excluded_by_one_of(schema: dict[str, Any]) -> set[str]:
    """With `oneOf: [{required: [a]}, {required: [b]}]` exactly one of a, b may be sent."""
    groups = [set(m["required"]) for m in schema.get("oneOf") or [] if _required_only(m) and "required" in m]
    if len(groups) < 2:
        return set()
    return set().union(*groups[1:]) - groups[0]


def _number(schema: dict[str, Any], fallback: int) -> int:
    """The first whole number within the bounds; a bound past the integers a JSON number
    holds exactly (2**53) only restates a type's range (gsmtasks' int64 minimum, written
    as -9223372036854776000, is no int64 and no JavaScript integer): the fallback then."""
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    low = low if _is_bound(low) and low >= -_EXACT else None
    high = high if _is_bound(high) and high <= _EXACT else None
    value = fallback
    if _is_bound(low):
        value = math.floor(low) + 1 if _exclusive(schema, "Minimum") else math.ceil(low)  # the first whole number within (0.01: 1, not 0)
    step = schema.get("multipleOf")
    if isinstance(step, int) and not isinstance(step, bool) and step > 0:
        value = -(-value // step) * step
    exclusive = _exclusive(schema, "Maximum")
    if _is_bound(high) and (value > high or (exclusive and value >= high)):
        value = math.ceil(high) - 1 if exclusive else math.floor(high)
    return value


def _fraction(schema: dict[str, Any], value: float) -> float:
    """A number within its bounds where no whole number is (`(0, 1)`, both exclusive)."""
    if _within(schema, value):
        return value
    low, high = _bounds(schema)
    if low is not None and high is not None:
        return float((low + high) / 2)
    return float(low + 0.5) if low is not None else float(high - 0.5)  # type: ignore[operator]


_EXACT = 2**53 - 1


def _bounds(schema: dict[str, Any]) -> tuple[int | float | None, int | float | None]:
    low, high = schema.get("minimum", schema.get("exclusiveMinimum")), schema.get("maximum", schema.get("exclusiveMaximum"))
    return (low if _is_bound(low) else None), (high if _is_bound(high) else None)


def _within(schema: dict[str, Any], value: float) -> bool:
    """Whether a number lies within its schema's bounds (3.0's exclusive flags, 3.1's
    exclusive bounds)."""
    low, high = _bounds(schema)
    above = low is None or value > low or value == low and not _exclusive(schema, "Minimum")
    below = high is None or value < high or value == high and not _exclusive(schema, "Maximum")
    return above and below


def _is_bound(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _exclusive(schema: dict[str, Any], side: str) -> bool:
    """3.0 flags the bound exclusive (`exclusiveMinimum: true`); 3.1 gives it as the keyword."""
    return schema.get("exclusive" + side) is True or ("exclusive" + side in schema and side.lower() not in schema)


def _distinct(items: list[Any], schema: Any) -> list[Any]:
    """Items made different from each other for `uniqueItems`: other enum values, numbers
    counted up, strings numbered (what a pattern or an object allows is left as it is)."""
    enum = schema.get("enum") if isinstance(schema, dict) and isinstance(schema.get("enum"), list) else None
    out = []
    for i, item in enumerate(items):
        if enum and len(enum) > i:
            item = enum[i]
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            item = item + i
        elif isinstance(item, str) and i and not (isinstance(schema, dict) and ("pattern" in schema or "format" in schema)):
            item = f"{item}{i}"
        elif isinstance(item, dict) and item in out and isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
            item = _told_apart(item, schema["properties"], i)
        out.append(item)
    return out


def _told_apart(item: dict[str, Any], properties: dict[str, Any], i: int) -> dict[str, Any]:
    """An object made different by its first free text or number property, numbered `i`
    (left as it is where it has none)."""
    for name, sub in properties.items():
        kind = sub.get("type") if isinstance(sub, dict) else None
        if kind == "string" and not {"pattern", "format", "enum", "const", "maxLength"} & set(sub):
            return {**item, name: f"{item.get(name, 'string')}{i}"}
        if kind == "integer" and not {"enum", "const", "maximum", "exclusiveMaximum", "multipleOf"} & set(sub) and isinstance(item.get(name, 0), int):
            return {**item, name: item.get(name, 0) + i}
    return item


def _offered(schema: dict[str, Any]) -> tuple[Any, ...]:
    """A schema's example, and (3.1) the first of its examples."""
    examples = schema.get("examples")
    return (schema.get("example"), *(examples[:1] if isinstance(examples, list) else ()))


def is_file(schema: dict[str, Any]) -> bool:
    """Whether a string schema is a file's content (3.0's `format: binary`, 3.1's media type)."""
    return is_binary_string(schema)


def string_value(schema: dict[str, Any]) -> str | bytes:
    """A string schema's test value: an example of it, else one made of its format, length
    and pattern (of the pattern alone where no value of the format matches it)."""
    if is_file(schema):
        return b"file content"  # only ever a test call's argument: never written as JSON
    pattern = schema.get("pattern") if isinstance(schema.get("pattern"), str) else None
    for example in _offered(schema):
        if isinstance(example, str) and fits_node(example, schema):
            return example
    low = int(schema.get("minLength", 0))
    sized = made_within(schema.get("format"), low, schema["maxLength"] if isinstance(schema.get("maxLength"), int) else None)
    if sized is not None and _matches(pattern, sized):
        return sized
    value = MADE.get(str(schema.get("format")), "string")
    high = int(schema.get("maxLength", max(low, len(value))))
    if len(value) < low:
        value = value + "x" * (low - len(value))
    value = value[:high] if high >= 0 else value  # `maxLength: 0` allows the empty string only
    if not _matches(pattern, value):
        assert pattern is not None
        found = matching(pattern, low, high if "maxLength" in schema else None)
        # what the pattern asks, then the made value's rest: `^2025-` and a date, 2025-01-01
        completed = found + value[len(found) :] if found is not None else None
        if completed is not None and _matches(pattern, completed) and fits_node(completed, schema):
            return completed
        value = value if found is None else found
    return value


def _matches(pattern: str | None, text: str) -> bool:
    if pattern is not None and backtracks(pattern):
        return False  # it could take minutes to say no (beezup): only a text made from the pattern
    try:
        return pattern is None or re.search(pattern, text) is not None
    except (re.error, RecursionError, OverflowError):
        return True  # a pattern Python cannot read: nothing to go by
