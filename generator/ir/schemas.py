"""Turn JSON Schemas (OpenAPI 3.0 and 3.1 dialects) into types and classes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import escape_pointer_token
from generator.ir import names
from generator.ir.html_to_markdown import doc_text
from generator.ir.refs import RefResolver
from generator.ir.types import (
    ANY,
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
    class_refs,
    named_keys,
    plain_repr,
    strip,
)
from generator.ir.styles import is_binary_string
from generator.schema_keys import implied_type, says_null

_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_CONSTRAINTS = {
    "maxLength": "max_length",
    "minLength": "min_length",
    "maxItems": "max_length",
    "minItems": "min_length",
    "maxProperties": "max_length",
    "minProperties": "min_length",
    "pattern": "pattern",
    "minimum": "ge",
    "maximum": "le",
    "multipleOf": "multiple_of",
}


@plain_repr
@dataclass
class Prop:
    wire: str
    type: Type
    required: bool
    description: str | None
    deprecated: bool
    pointer: str
    read_only: bool = False  # only the server writes it: not on the request side
    write_only: bool = False  # only the client writes it: a response may leave it out


@plain_repr
@dataclass
class AliasDef:
    """A component schema that is no object but has a name: a union, an enum, plain data."""

    key: str
    name: str
    type: Type
    description: str | None
    recursive: bool = False  # its type names itself: written lazily (TypeAliasType)


@plain_repr
@dataclass
class ClassDef:
    key: str
    name: str
    root: str  # key of the component (or operation) the class belongs to: its module
    description: str | None = None
    props: list[Prop] = field(default_factory=list)
    closed: bool = False  # additionalProperties: false
    deprecated: bool = False


# Bases that others extend (subtypes.py): base pointer -> (its subtypes' pointers; each tag
# value and the pointer it names; the discriminator's property)
Families = dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...], str]]


# What the passes after conversion read of a class (ir/build.py), kept beside a conversion
# unit so that a class it replays is not decoded for them: the keys of the classes and
# aliases its properties name, those of the properties a request holds (not readOnly), and
# whether it has properties.
Links = tuple[tuple[str, ...], tuple[str, ...], bool]


def class_links(cls: ClassDef) -> Links:
    named = [named_keys(p.type) for p in cls.props]
    sent = [keys for keys, p in zip(named, cls.props) if not p.read_only]
    return tuple(sorted(set().union(*named))), tuple(sorted(set().union(*sent))), bool(cls.props)


def child(ptr: str, *tokens: object) -> str:
    for token in tokens:  # (a loop, not a join: this is called for every node)
        ptr = f"{ptr}/{escape_pointer_token(token)}"
    return ptr


class SchemaConverter:
    """Memoised: each schema node becomes at most one class, so recursion terminates."""

    def __init__(self, resolver: RefResolver, registry: names.NameRegistry) -> None:
        self.resolver = resolver
        self.registry = registry
        self.classes: dict[str, ClassDef] = {}
        self.aliases: dict[str, AliasDef] = {}
        self.reserved: dict[str, str] = {}  # component key (or its `X | None`'s X) -> name
        self._inlining: set[str] = set()
        self._merging: dict[int, str] = {}  # allOf nodes whose class is being made -> its key
        self._flattened: dict[int, tuple[dict[str, Any], dict[str, Any], set[str]]] = {}  # _flatten's
        self._named: dict[str, Type] = {}  # component -> its Named type (plain data with a name)
        self._recursive: dict[str, None] = {}  # components met again while being converted (in order)
        self.looked: set[str] | None = None  # when a set: the classes whose properties were read (ir/convert_memo.py)
        self.families: Families = {}  # bases that others extend, with them (subtypes.py)
        self._expanding: set[str] = set()  # bases whose subtypes are being made

    # -- public -------------------------------------------------------------------------

    def convert(self, schema: Any, ptr: str, name: str, root: str) -> Type:
        """The type of `schema` at `ptr`; `name` is what a class made here would be called."""
        if isinstance(schema, dict) and "$ref" not in schema and ("$recursiveRef" in schema or "$dynamicRef" in schema):
            target = self._dynamic_target(schema, root)
            if target is not None:
                schema = {"$ref": "#" + target}
        if isinstance(schema, dict) and "$ref" in schema:
            target, resolved = self.resolver.resolve(schema, ptr)
            if target in self.families:
                return self._family(target, self._referenced(target, resolved, name, root))
            return self._referenced(target, resolved, name, root)
        if schema is True or schema == {} or not isinstance(schema, dict):
            return ANY
        if schema is False:
            return ANY
        return self._convert_dict(schema, ptr, name, root)

    def _referenced(self, target: str, resolved: Any, name: str, root: str) -> Type:
        """The type of the schema a `$ref` leads to (`target`, `resolved`)."""
        if target in self.classes:  # as its first conversion read it: `nullable` included
            return _nullable(ClassRef(target), says_null(resolved))
        if _is_component(target):
            if target in self._named:
                return self._named[target]
            if target in self.aliases:
                return AliasRef(target)
            if target in self._inlining:  # a non-object schema that contains itself
                self._recursive[target] = None
                return AliasRef(target)
            self._inlining.add(target)
            try:
                t = self.convert(resolved, target, self._component_name(target), root=target)
            finally:
                self._inlining.discard(target)
            described = self._description(resolved, target) or doc_text(_get(resolved, "title"))
            if target in self._recursive:  # named whatever its shape: it refers to its name
                self.aliases[target] = AliasDef(target, self._component_name(target), t, described, recursive=True)
                return AliasRef(target)
            if not _aliasable(t):
                return self._named_data(t, target, described)
            self.aliases[target] = AliasDef(target, self._component_name(target), t, described)
            return AliasRef(target)
        return self.convert(resolved, target, _definition_name(target) or name, root)

    def _family(self, base: str, t: Type) -> Type:
        """A use of a base schema that others extend (subtypes.py): the union of its subtypes
        and itself, picked by the tag, the base for a tag that names none. The subtypes are
        made here, before the rest of the unit: a use of the base met while one of them is
        being made names them all, each certain to be a class (subtypes.py)."""
        core = t.inner if isinstance(t, Nullable) else t
        if core != ClassRef(base):  # (the base makes no class: nothing to extend)
            return t
        members, tags, prop = self.families[base]
        if base not in self._expanding:
            self._expanding.add(base)
            try:
                for sub in members:
                    self.convert({"$ref": "#" + sub}, sub, "", sub)
            finally:
                self._expanding.discard(base)
        union = UnionOf((*(ClassRef(sub) for sub in members), core), prop, tags, base)
        return _nullable(union, isinstance(t, Nullable))

    def _dynamic_target(self, schema: dict[str, Any], root: str) -> str | None:
        """Where `$recursiveRef: "#"` (draft 2019-09) or `$dynamicRef` (2020-12, OpenAPI 3.1)
        leads, as a pointer: the component being converted, when it is the recursive anchor
        (or declares the dynamic one); a pointer given as such. Else None: the type is Any."""
        ref = schema.get("$recursiveRef", schema.get("$dynamicRef"))
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        if ref.startswith("#/"):
            return ref[1:]
        if not _is_component(root):
            return None
        anchor = self.resolver.resolve({"$ref": "#" + root}, root)[1]
        if not isinstance(anchor, dict):
            return None
        wanted = ref[1:]
        if (not wanted and anchor.get("$recursiveAnchor") is True) or (wanted and anchor.get("$dynamicAnchor") == wanted):
            return root
        return None

    def _named_data(self, t: Type, target: str, described: str | None) -> Type:
        """A component of plain data that says more than a builtin type (a map, a list, a
        scalar with limits) keeps its name, as a type alias; `None` stays outside it."""
        nullable = isinstance(t, Nullable)
        inner = t.inner if isinstance(t, Nullable) else t
        if not _plain_data(inner):
            return t
        self.aliases[target] = AliasDef(target, self._component_name(target), inner, described)
        named: Type = Named(target, inner)
        self._named[target] = Nullable(named) if nullable else named
        return self._named[target]

    def _description(self, schema: Any, ptr: str) -> str | None:
        """A schema's description (or that of its allOf notes: `with_notes`); that of the one
        member beside `null` of an `anyOf` or `oneOf` (3.1's way to write `nullable`), which
        is where OpenAI's document puts it."""
        if not isinstance(schema, dict):
            return None
        own = doc_text(with_notes(schema).get("description"))
        members = schema.get("anyOf") or schema.get("oneOf")
        if own or not isinstance(members, list):
            return own
        typed = [m for m in members if not (isinstance(m, dict) and m.get("type") == "null")]
        if len(typed) != 1 or not isinstance(typed[0], dict):
            return None
        member = self.resolver.resolve(typed[0], ptr)[1] if "$ref" in typed[0] else typed[0]
        return doc_text(_get(member, "description"))

    def _component_name(self, key: str) -> str:
        return self.reserved.get(key) or names.pascal(key.rsplit("/", 1)[-1])

    # -- dispatch -----------------------------------------------------------------------

    def _convert_dict(self, schema: dict[str, Any], ptr: str, name: str, root: str) -> Type:
        nullable = bool(schema.get("nullable"))
        types = schema.get("type")
        if isinstance(types, list):
            kinds = [t for t in types if t != "null"]
            nullable = nullable or "null" in types
            if len(kinds) > 1:
                members = tuple(self._convert_dict({**schema, "type": k}, ptr, name, root) for k in kinds)
                return _nullable(UnionOf(_dedupe(members)), nullable)
            schema = {**schema, "type": kinds[0] if kinds else "null"}
        t = self._convert_single(schema, ptr, name, root)
        return _nullable(t, nullable)

    def _convert_single(self, schema: dict[str, Any], ptr: str, name: str, root: str) -> Type:
        values = [schema["const"]] if "const" in schema else schema.get("enum")
        if isinstance(values, list):
            if all(_is_literal(v) for v in values if v is not None):
                return _literal_or_none(values)
            # values a Literal cannot hold (`1.5` beside `1`, objects): the schema without them,
            # or where that says no type, the Literal of the others and the types of these
            rest = {k: v for k, v in schema.items() if k not in ("const", "enum")}
            if "type" in rest or implied_type(rest) is not None or any(k in rest for k in ("$ref", "allOf", "anyOf", "oneOf", "not")):
                return _nullable(self._convert_single(rest, ptr, name, root), None in values)
            plain = [v for v in values if v is not None and _is_literal(v)]
            kinds = _dedupe(((_literal_or_none(plain),) if plain else ()) + tuple(_type_of_value(v) for v in values if v is not None and not _is_literal(v)))
            return _nullable(ANY if ANY in kinds else kinds[0] if len(kinds) == 1 else UnionOf(kinds), None in values)
        for key in ("oneOf", "anyOf"):  # before allOf: the allOf beside belongs to every member
            if _has_typed_members(schema.get(key)):
                return self._union(schema, key, ptr, name, root)
        if "allOf" in schema:
            hoisted = union_in_parts(schema, lambda part, i: self.resolver.resolve(part, child(ptr, "allOf", i))[1])
            if hoisted is not None:
                whole, key, i = hoisted
                return self._union(whole, key, ptr, name, root, at=child(ptr, "allOf", i, key))
            return self._all_of(schema, ptr, name, root)
        kind = schema.get("type")
        if kind is None:
            kind = implied_type(schema)
        if kind == "null":
            return Nullable(ANY)
        if kind == "array":
            item = self.convert(schema.get("items", {}), child(ptr, "items"), _item_name(name), root)
            prefix = schema.get("prefixItems")
            if isinstance(prefix, list) and prefix and (schema.get("items") is not None or _at_most(schema.get("maxItems"), len(prefix))):
                # 3.1's tuple (`prefixItems`, each item its own schema): a list of any of them
                members = [self.convert(sub, child(ptr, "prefixItems", i), _item_name(name), root) for i, sub in enumerate(prefix)]
                found = _dedupe(tuple(members if schema.get("items") is False or _at_most(schema.get("maxItems"), len(prefix)) else [*members, item]))
                item = ANY if ANY in found else found[0] if len(found) == 1 else UnionOf(found)
            return _constrained(ListOf(item), schema, ("maxItems", "minItems"))
        if kind == "object":
            return self._object(schema, ptr, name, root)
        if kind in _PRIMITIVES:
            if kind == "string" and is_binary_string(schema):
                return Prim("bytes")
            return _constrained(Prim(_PRIMITIVES[kind]), schema, tuple(_CONSTRAINTS))
        return ANY

    # -- objects ------------------------------------------------------------------------

    def _object(self, schema: dict[str, Any], ptr: str, name: str, root: str) -> Type:
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        patterns = _patterns(schema)
        if not props and (extra is not False or patterns):
            keys = _key_constraints(schema.get("propertyNames"))
            value: Type = ANY
            if extra not in (None, True):  # a key that matches a pattern takes that pattern's schema; any other, `extra`
                members = [] if extra is False else [self.convert(extra, child(ptr, "additionalProperties"), _item_name(name), root)]
                members += [ANY if sub is True else self.convert(sub, child(ptr, "patternProperties", key), _item_name(name), root) for key, sub in patterns.items()]
                found = _dedupe(tuple(members))
                value = ANY if ANY in found else found[0] if len(found) == 1 else UnionOf(found)
                if extra is False and len(patterns) == 1 and not keys:  # every key matches the one pattern
                    keys = _key_constraints({"pattern": next(iter(patterns))})
            return _constrained(MapOf(value, keys), schema, ("maxProperties", "minProperties"))
        return self._class(schema, ptr, name, root)

    def _class(self, schema: dict[str, Any], ptr: str, name: str, root: str) -> ClassRef:
        if ptr in self.classes:
            return ClassRef(ptr)
        cls = ClassDef(
            key=ptr,
            name=self.reserved.get(ptr) or self.registry.claim(name),
            root=root,
            description=doc_text(schema.get("description")) or doc_text(schema.get("title")),
            closed=schema.get("additionalProperties") is False and not _patterns(schema),  # (pattern keys are more)
            deprecated=bool(schema.get("deprecated")),
        )
        self.classes[ptr] = cls  # before the properties: they may refer back to it
        required = set(schema.get("required") or [])
        places = [(schema, ptr), *self._branches(schema, ptr)]
        for place, (owner, owner_ptr) in enumerate(places):
            for wire, sub in (owner.get("properties") or {}).items():
                if place and any(p.wire == wire for p in cls.props):
                    continue  # (a branch that narrows a property the object has)
                sub_ptr = child(owner_ptr, "properties", wire)
                resolved = self.resolver.resolve(sub, sub_ptr)[1] if isinstance(sub, dict) else sub
                if resolved is False:  # no value allowed: the property may not be there at all
                    continue
                prop_type = self.convert(sub, sub_ptr, cls.name + names.pascal(wire), root)
                noted = with_notes(sub)
                cls.props.append(
                    Prop(
                        wire=str(wire),
                        type=prop_type,
                        required=not place and wire in required,
                        description=doc_text(_get(noted, "description")) or self._description(resolved, sub_ptr),
                        deprecated=bool(_get(noted, "deprecated") or _get(resolved, "deprecated")),
                        pointer=sub_ptr,
                        read_only=_get(noted, "readOnly") is True or _get(resolved, "readOnly") is True,
                        write_only=_get(noted, "writeOnly") is True or _get(resolved, "writeOnly") is True,
                    )
                )
        return ClassRef(ptr)

    def _branches(self, schema: dict[str, Any], ptr: str) -> list[tuple[dict[str, Any], str]]:
        """The schemas that add properties when a condition holds (`then`, `else`, each of
        `dependentSchemas`; draft 7's `dependencies`), with their places: the class has those
        properties too, none of them required."""
        found: list[tuple[tuple[str, ...], Any]] = [((key,), schema[key]) for key in ("then", "else") if isinstance(schema.get(key), dict)]
        found += [((key, name), sub) for key in ("dependentSchemas", "dependencies") if isinstance(schema.get(key), dict) for name, sub in schema[key].items() if isinstance(sub, dict)]
        out = []
        for parts, sub in found:
            at, resolved = self.resolver.resolve(sub, child(ptr, *parts))
            if isinstance(resolved, dict) and isinstance(resolved.get("properties"), dict):
                out.append((resolved, at))
        return out

    def _all_of(self, schema: dict[str, Any], ptr: str, name: str, root: str) -> Type:
        # `allOf: [$ref, {nullable: true}]`: parts that only annotate are not parts of the type.
        notes = [p for p in schema["allOf"] if is_annotation(p)]
        real = [(i, p) for i, p in enumerate(schema["allOf"]) if not is_annotation(p)]
        nullable = any(note.get("nullable") for note in notes)
        parts = [self.resolver.resolve(p, child(ptr, "allOf", i))[1] for i, p in real]
        siblings = {k: v for k, v in schema.items() if k != "allOf" and k not in ANNOTATIONS}
        if len(parts) == 1 and (not siblings or restates(siblings, parts[0])):
            # `allOf: [$ref]` is the 3.0 way of adding a description or nullable to a reference
            # (and `type: object` beside it says again what the reference is).
            i, only = real[0]
            return _nullable(self.convert(only, child(ptr, "allOf", i), name, root), nullable)
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        required: dict[str, None] = {}  # (a dict: a long chain of bases has many)
        for part in [*parts, siblings]:
            part = self._flatten(part, ptr)
            merge_properties(merged["properties"], part.get("properties"))
            required.update(dict.fromkeys(part.get("required") or []))
            if part.get("additionalProperties") is False:
                merged["additionalProperties"] = False
            for key in ("oneOf", "anyOf"):  # `oneOf: [{required: [a]}, {required: [b]}]` in a part
                if isinstance(part.get(key), list) and all(_is_required_only(m) for m in part[key]):
                    merged.setdefault(key, []).extend(part[key])
        merged["required"] = list(required)
        for key in ("description", "title", "deprecated"):
            if key in schema:
                merged[key] = schema[key]
        if not merged["properties"]:
            if len(parts) == 1:  # `allOf: [$ref to a string]` beside a limit: the string (as examples.py reads it)
                i, only = real[0]
                return _nullable(self.convert(only, child(ptr, "allOf", i), name, root), nullable)
            return ANY
        # Met again inside its own merged properties (an inline object that holds `allOf:
        # [$ref to its component]` beside properties of its own): the class being made, not a
        # new one under a longer pointer each time.
        making = self._merging.get(id(schema))
        if making is not None:
            return ClassRef(making)
        self._merging[id(schema)] = ptr
        try:
            return self._class(merged, ptr, name, root)
        finally:
            del self._merging[id(schema)]

    def _flatten(self, part: Any, ptr: str) -> dict[str, Any]:
        """An allOf part with its own allOf parts merged in (for `$ref`ed bases). Made once
        for each part: each class of a chain of bases N deep meets the rest of it. The entry
        keeps the references its making followed, which a reader that records them is told
        again (RefResolver.reads); a part whose making warned is made again each time, so
        that each place says it."""
        if not isinstance(part, dict):
            return {}
        if "allOf" not in part:
            return part
        hit = self._flattened.get(id(part))
        if hit is None:
            outer, passed_on = self.resolver.reads, self.resolver.warn
            reads: set[str] = set()
            warned: list[str] = []

            def warn(message: str, parts: tuple[str, ...]) -> None:
                warned.append(message)
                if passed_on is not None:
                    passed_on(message, parts)

            # (no warner stays none: the resolver reads a reference into a dropped part as dangling then)
            self.resolver.reads, self.resolver.warn = reads, None if passed_on is None else warn
            try:
                hit = (part, self._flattened_parts(part, ptr), reads)
            finally:
                self.resolver.reads, self.resolver.warn = outer, passed_on
            if not warned:
                self._flattened[id(part)] = hit  # (the entry holds its part: the id stays that part's)
        if self.resolver.reads is not None:
            self.resolver.reads |= hit[2]
        return hit[1]

    def _flattened_parts(self, part: dict[str, Any], ptr: str) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: dict[str, None] = {}
        for sub in part["allOf"]:
            sub = self._flatten(self.resolver.resolve(sub, ptr)[1], ptr)
            merge_properties(properties, sub.get("properties"))
            required.update(dict.fromkeys(sub.get("required") or []))
        merge_properties(properties, part.get("properties"))
        required.update(dict.fromkeys(part.get("required") or []))
        return {"properties": properties, "required": list(required)}

    # -- unions -------------------------------------------------------------------------

    def _union(self, schema: dict[str, Any], key: str, ptr: str, name: str, root: str, at: str | None = None) -> Type:
        """`at`: where the members are, when not at `ptr` (a union in an allOf part)."""
        members: list[Type] = []
        nullable = False
        shared = object_siblings(schema)
        kept = []
        for i, sub in enumerate(schema[key]):
            sub_ptr = child(at or child(ptr, key), i)
            resolved = self.resolver.resolve(sub, sub_ptr)[1]
            if isinstance(resolved, dict) and (resolved.get("type") == "null" or resolved.get("enum") == [None]):
                nullable = True
            elif not _is_required_only(resolved):  # (that one constrains the object beside it)
                kept.append((i, sub, sub_ptr, resolved))
        for i, sub, sub_ptr, resolved in kept:
            member_name = _member_name(sub, resolved, name, i, self.registry)
            if len(kept) == 1:  # `X | None` is no union of its own: X takes the place's name
                member_name = name
                if ptr in self.reserved:  # a component's, claimed up front
                    self.reserved.setdefault(sub_ptr, self.reserved[ptr])
            whole = with_siblings(shared, sub, resolved)
            if whole is not None:  # a class of this place's own
                members.append(self._all_of(whole | _described(resolved), sub_ptr, member_name, root))
                continue
            if shared and isinstance(sub, dict) and _is_object(sub):
                sub = _inherit_properties(schema, sub)
            members.append(self.convert(sub, sub_ptr, member_name, root))
        unique = _dedupe(tuple(members))
        result: Type
        if not unique:
            result = ANY
        elif len(unique) == 1:
            result = unique[0]
        else:
            found = self._discriminator(schema, unique)
            tags = self._mapped_tags(schema, [sub_ptr for _, _, sub_ptr, _ in kept], [sub for _, sub, _, _ in kept], members) if found is None else ()
            result = UnionOf(unique, found or (schema["discriminator"]["propertyName"] if tags else None), tags)
            if _names_inline_union(ptr) and _aliasable(result) and class_refs(result):
                # a field's union of classes gets a name, as the object there would
                if ptr not in self.aliases:
                    self.aliases[ptr] = AliasDef(ptr, self.registry.claim(name), result, None)
                result = AliasRef(ptr)
        return _nullable(result, nullable or bool(schema.get("nullable")))

    def _discriminator(self, schema: dict[str, Any], members: tuple[Type, ...]) -> str | None:
        """A property every member fixes to its own single value: pydantic then picks by it."""
        given = (schema.get("discriminator") or {}).get("propertyName")
        candidates = [given] if given else ["type", "object", "kind", "event"]
        for prop in candidates:
            seen: set[object] = set()
            for m in members:
                value = self._fixed_value(m, prop)
                if value is None or value in seen:
                    break
                seen.add(value)
            else:
                return prop
        return None

    def _mapped_tags(self, schema: dict[str, Any], places: list[str], subs: list[Any], members: list[Type]) -> tuple[tuple[str, str], ...]:
        """A discriminator whose members' tag properties are plain strings (the OpenAPI
        example: `Dog` and `Cat` extend `Pet`, whose `petType` is a string): each tag value
        and the key of the member class it names, by the `mapping` and by the name of each
        member's component. Empty where a member is no class, or has no value of its own."""
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, dict) or not isinstance(discriminator.get("propertyName"), str):
            return ()
        if not all(isinstance(m, ClassRef) and self._says_text(m, discriminator["propertyName"]) for m in members):
            return ()  # (a member whose tag is a Literal: the values are its, not its name)
        mapping = discriminator.get("mapping")
        mapping = mapping if isinstance(mapping, dict) else {}
        targets = [self.resolver.resolve(sub, place)[0] if isinstance(sub, dict) and "$ref" in sub else None for sub, place in zip(subs, places)]
        keys = {target: member.key for target, member in zip(targets, members) if target is not None and isinstance(member, ClassRef)}
        if len(keys) != len(members):
            return ()
        tags = {str(value): keys[mapped_target(ref)] for value, ref in mapping.items() if isinstance(ref, str) and mapped_target(ref) in keys}
        for target in keys:  # a member's component name names it too, unless mapped otherwise
            if _is_component(target):
                tags.setdefault(target.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~"), keys[target])
        return tuple(tags.items()) if set(tags.values()) == set(keys.values()) else ()

    def _says_text(self, t: ClassRef, prop: str) -> bool:
        """Whether the class's property `prop` is any text (no Literal of its values)."""
        if self.looked is not None:
            self.looked.add(t.key)
        return any(p.wire == prop and strip(p.type) == Prim("str") for p in self.classes[t.key].props)

    def _fixed_value(self, t: Type, prop: str) -> object | None:
        if not isinstance(t, ClassRef):
            return None
        if self.looked is not None:
            self.looked.add(t.key)
        for p in self.classes[t.key].props:
            kind = strip(p.type)
            if p.wire == prop and p.required and isinstance(kind, Lit) and len(kind.values) == 1 and p.type == kind:
                return kind.values[0]
        return None


# -- helpers ----------------------------------------------------------------------------


# Keywords that say something about a value but do not constrain its type. Beside an
# allOf of one reference, only these make it that reference: any other keyword (an
# extension too: Azure's `x-ms-discriminator-value`) keeps the component a class of its own.
ANNOTATIONS = frozenset(
    {"description", "title", "deprecated", "nullable", "default", "example", "examples", "readOnly", "writeOnly"}
)
# An allOf part that only annotates is not a part of the type: these too (`xml`: the element's
# name, in a part beside each `$ref` of an AWS XML-protocol document), and extensions.
_PART_ANNOTATIONS = ANNOTATIONS | {"xml", "externalDocs", "$comment"}


def restates(siblings: dict[str, Any], part: Any) -> bool:
    """Whether what stands beside an allOf of one part only says its type (and format) again."""
    if not isinstance(part, dict) or not set(siblings) <= {"type", "format"}:
        return False
    return all(part.get(key, implied_type(part) if key == "type" else None) == value for key, value in siblings.items())


def union_in_parts(schema: dict[str, Any], resolve: Callable[[Any, int], Any]) -> tuple[dict[str, Any], str, int] | None:
    """`allOf: [Base, {oneOf: [A, B]}]` is `{allOf: [Base], oneOf: [A, B]}`: a value is a
    Base and an A, or a Base and a B. The schema so written (the union's members then take
    the rest, as those of any union beside an allOf do), the union's key and the index of
    the part it came from; None when no part holds a union of types, or nothing stands
    beside it to merge (`allOf: [$ref]` with a description keeps the component's name).
    Only the first such part's union is lifted: a second one's members are left out, as
    before (lifting both would make a class for each pair)."""
    parts = schema["allOf"]
    if not isinstance(parts, list) or any(_has_typed_members(schema.get(key)) for key in ("oneOf", "anyOf")):
        return None
    real = [i for i, p in enumerate(parts) if not is_annotation(p)]
    siblings = {k: v for k, v in schema.items() if k != "allOf" and k not in ANNOTATIONS}
    merges = len(real) > 1 or bool(siblings) and not (len(real) == 1 and restates(siblings, resolve(parts[real[0]], real[0])))
    for i in real if merges else ():
        part = resolve(parts[i], i)
        for key in ("oneOf", "anyOf"):
            if isinstance(part, dict) and _has_typed_members(part.get(key)):
                rest = {k: v for k, v in part.items() if k not in (key, "discriminator")}
                lifted = {**schema, key: part[key], "allOf": [*parts[:i], rest, *parts[i + 1 :]]}
                if "discriminator" in part and "discriminator" not in schema:
                    lifted["discriminator"] = part["discriminator"]
                return lifted, key, i
    return None


def with_notes(schema: Any) -> Any:
    """A schema with the notes of its allOf parts that only annotate (`allOf: [{$ref: ...},
    {description: ...}]`, OpenAPI 3.0's way to describe a reference, as AWS's documents
    describe every property); its own notes first."""
    parts = schema.get("allOf") if isinstance(schema, dict) else None
    if not isinstance(parts, list):
        return schema
    notes: dict[str, Any] = {}
    for part in parts:
        if is_annotation(part):
            notes.update({k: v for k, v in part.items() if k not in notes})
    return {**notes, **schema} if notes else schema


def is_annotation(part: Any) -> bool:
    """A schema that says something about a value but does not constrain its type."""
    return isinstance(part, dict) and "$ref" not in part and all(k in _PART_ANNOTATIONS or k.startswith("x-") for k in part)


def merge_properties(into: dict[str, Any], more: Any) -> None:
    """allOf parts' properties, the later part's winning, except that one which says nothing of
    the type (`linode_id: {readOnly: true}` over an integer, `{required: [...]}` over a list)
    adds to the schema before it: both apply. So does `readOnly` (and `writeOnly`) in any
    part: a later part that redeclares the property (Azure's `name`, readOnly in its
    Resource base) does not make the server accept it."""
    for name, schema in (more.items() if isinstance(more, dict) else ()):
        before = into.get(name)
        typeless = isinstance(schema, dict) and _TYPE_KEYWORDS.isdisjoint(schema)
        if isinstance(before, dict) and typeless:
            schema = {**before, **schema}
        elif isinstance(before, dict) and isinstance(schema, dict):
            kept = {k: True for k in ("readOnly", "writeOnly") if before.get(k) is True and k not in schema}
            schema = {**schema, **kept} if kept else schema
        into[name] = schema


_TYPE_KEYWORDS = frozenset({"type", "$ref", "enum", "const", "items", "properties", "additionalProperties", "allOf", "anyOf", "oneOf"})


def _nullable(t: Type, nullable: bool) -> Type:
    if not nullable or isinstance(t, Nullable):
        return t
    if isinstance(t, Constrained) and isinstance(t.inner, Nullable):
        return t
    return Nullable(t)


def _is_literal(value: Any) -> bool:
    return isinstance(value, (str, int, bool))


def _literal_or_none(values: list[Any]) -> Type:
    clean = tuple(v for v in values if v is not None)
    if not clean:
        return Nullable(ANY) if None in values else ANY
    t: Type = Lit(tuple({(type(v), v): v for v in clean}.values()))  # (`1` and `true` are two values, though 1 == True)
    return Nullable(t) if None in values else t


def _constrained(t: Type, schema: dict[str, Any], keys: tuple[str, ...]) -> Type:
    if _BOUNDS.isdisjoint(schema):  # most schemas: every scalar comes here
        return t
    found: list[tuple[str, object]] = []
    for key in keys:
        value = schema.get(key)
        if key in schema and _constraint_value_ok(key, value):
            found.append((_CONSTRAINTS[key], value))
    for key, strict in (("exclusiveMinimum", "gt"), ("exclusiveMaximum", "lt")):
        value = schema.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):  # 3.1: a number
            found.append((strict, value))
        elif value is True:  # 3.0: a flag on minimum / maximum
            bound = "ge" if key == "exclusiveMinimum" else "le"
            found = [(strict if k == bound else k, v) for k, v in found]
    return Constrained(t, tuple(found)) if found else t


_BOUNDS = frozenset(_CONSTRAINTS) | {"exclusiveMinimum", "exclusiveMaximum"}


def _constraint_value_ok(key: str, value: object) -> bool:
    if key == "pattern":
        return isinstance(value, str)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _key_constraints(schema: Any) -> Constraints:
    if not isinstance(schema, dict):
        return ()
    t = _constrained(Prim("str"), schema, ("maxLength", "minLength", "pattern"))
    return t.constraints if isinstance(t, Constrained) else ()


def _plain_data(t: Type) -> bool:
    """A map or list of plain values, or a scalar with limits: no class, no file, nothing
    that names another type (an alias of it could take part in an import cycle)."""
    if isinstance(t, Constrained):
        return (bool(t.constraints) or _plain_data(t.inner)) and _plain_values(t.inner)
    return isinstance(t, (ListOf, MapOf)) and _plain_values(t)


def _plain_values(t: Type) -> bool:
    if isinstance(t, Prim):
        return t.name != "bytes"
    if isinstance(t, Lit):
        return True
    if isinstance(t, (Nullable, Constrained)):
        return _plain_values(t.inner)
    if isinstance(t, ListOf):
        return _plain_values(t.item)
    if isinstance(t, MapOf):
        return _plain_values(t.value)
    if isinstance(t, UnionOf):
        return all(_plain_values(m) for m in t.members)
    return False


def _aliasable(t: Type) -> bool:
    """An enum of several values, or a union of plain types, enums, classes and other
    aliases (`ModelIdsShared`: `str | Literal[...]`; `Tool`: one of several tool classes),
    possibly nullable. A single value stays inline: it is a constant, a tag."""
    inner = t.inner if isinstance(t, Nullable) else t
    if isinstance(inner, Lit):
        return len(inner.values) > 1
    named = (Lit, Prim, ClassRef, AliasRef, Named)
    return isinstance(inner, UnionOf) and all(isinstance(m, named) and m != Prim("bytes") for m in inner.members)


def _names_inline_union(ptr: str) -> bool:
    """A union written inline as a property or an array's items (not a component: that one
    has its own name), where a signature or field would otherwise spell out every member."""
    parts = ptr.rsplit("/", 2)
    return not _is_component(ptr) and (parts[-1] == "items" or parts[-2] == "properties")


def _patterns(schema: dict[str, Any]) -> dict[str, Any]:
    """`patternProperties`: the keys an object takes besides its properties, by pattern (a
    pattern whose schema is `false` takes none)."""
    found = schema.get("patternProperties")
    return {k: v for k, v in found.items() if isinstance(k, str) and v is not False} if isinstance(found, dict) else {}


def _dedupe(members: tuple[Type, ...]) -> tuple[Type, ...]:
    return tuple(dict.fromkeys(members))


def _has_typed_members(members: Any) -> bool:
    """`oneOf: [{required: [a]}, {required: [b]}]` constrains an object; it is not a union."""
    return isinstance(members, list) and any(not _is_required_only(m) for m in members)


def _is_required_only(member: Any) -> bool:
    return isinstance(member, dict) and set(member) <= {"required", "description", "title"}


def _is_object(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "object" or "properties" in schema)


def object_siblings(schema: dict[str, Any]) -> dict[str, Any]:
    """What beside a oneOf/anyOf says what every member object has: its properties, required
    names, closedness, least number of properties and allOf parts (empty when it says
    nothing of that)."""
    if not (schema.get("properties") or isinstance(schema.get("allOf"), list)):
        return {}
    return {k: schema[k] for k in ("properties", "required", "additionalProperties", "minProperties", "allOf") if k in schema}


def with_siblings(shared: dict[str, Any], member: Any, resolved: Any) -> dict[str, Any] | None:
    """A union member with what stands beside the union (`shared`, from object_siblings), as
    one allOf; None when there is nothing to add to it, or when it is an inline object that
    only refines the properties beside it (_inherit_properties does that)."""
    if not shared or not isinstance(resolved, dict) or not (_is_object(resolved) or "allOf" in resolved):
        return None
    if not (isinstance(member, dict) and "$ref" in member) and "allOf" not in shared:
        return None
    return {"allOf": [*shared.get("allOf", []), {k: v for k, v in shared.items() if k != "allOf"}, member]}


def _described(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: schema[k] for k in ("description", "title", "deprecated") if k in schema}


def _inherit_properties(parent: dict[str, Any], member: dict[str, Any]) -> dict[str, Any]:
    """Properties written beside a oneOf belong to every member."""
    props = {**(parent.get("properties") or {}), **(member.get("properties") or {})}
    required = list(dict.fromkeys([*(parent.get("required") or []), *(member.get("required") or [])]))
    return {**member, "properties": props, "required": required}


def mapped_target(ref: str) -> str:
    """The pointer a discriminator mapping's value names: a reference, or a schema's name."""
    return ref[1:] if ref.startswith("#") else "/components/schemas/" + escape_pointer_token(ref)


def _type_of_value(value: Any) -> Type:
    """The type of an enum's value that no Literal holds: a fraction, an object, a list."""
    if isinstance(value, float):
        return Prim("float")
    if isinstance(value, dict):
        return MapOf(ANY)
    return ListOf(ANY) if isinstance(value, list) else ANY


def _at_most(limit: Any, count: int) -> bool:
    """Whether a `maxItems` of `limit` allows no more than `count` items."""
    return isinstance(limit, int) and not isinstance(limit, bool) and limit <= count


def _definition_name(ptr: str) -> str | None:
    """The name of what a schema defines for its own references (`.../$defs/Address`, draft 4's
    `definitions`): its key, rather than the name of the first property to refer to it."""
    head, _, key = ptr.rpartition("/")
    return names.pascal(key.replace("~1", "/").replace("~0", "~")) if head.endswith(("/$defs", "/definitions")) and head.count("/") > 1 else None


def _is_component(ptr: str) -> bool:
    return ptr.startswith("/components/schemas/") and ptr.count("/") == 3


def _member_name(member: Any, schema: Any, parent: str, index: int, registry: names.NameRegistry) -> str:
    """The name of a class a union's member makes here: its title's; that of the component
    it refers to, after the union's (the component's class is another: this one adds what
    stands beside the union); else a number."""
    title = _get(schema, "title")
    if isinstance(title, str) and names.pascal(title) and names.pascal(title) not in registry:
        return names.pascal(title)
    if isinstance(title, str):
        return parent + names.pascal(title)
    ref = _get(member, "$ref")
    if isinstance(ref, str) and names.pascal(ref.rsplit("/", 1)[-1]):
        return parent + names.pascal(ref.rsplit("/", 1)[-1])
    return f"{parent}Variant{index + 1}"


def _item_name(name: str) -> str:
    return names.singular(name) if names.singular(name) != name else name + "Item"


def _get(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None
