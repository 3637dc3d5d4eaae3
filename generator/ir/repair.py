"""The IR's guard: every schema in a shape the IR can read.

Real documents carry slips that validators report and other generators tolerate: a `type`
spelled as another language spells it (`String`, `int64`: read as the type meant), one that is an object, `items` given as a list, `required: true` on a property, a limit written
as a string, a required name that no property has, an allOf of types that no value has at
once (and a pattern pydantic cannot compile: look-around, back-references). Each keyword
whose value has the wrong shape is dropped here, so the schema degrades to the nearest sound type (at worst `Any`)
instead of breaking the build; each drop is a note (parts, message), which the pipeline
shows as a warning unless the validator has already said something at that place.

Copy on write: a document with nothing to repair is returned as it is.
"""

from __future__ import annotations

import marshal
import re
import warnings
from collections.abc import Callable
from re import _constants as sre_constants  # type: ignore[attr-defined]
from typing import Any

from generator import cache
from generator.ir.format_example import is_of_format
from generator.ir.pattern_example import parsed
from generator.ir.pieces import holding, text_version
from generator.ir.required_cycles import break_required_cycles
from generator.pointers import MISSING, local_target, lookup, parts_of
from generator.schema_keys import SCHEMA_LIST, SCHEMA_MAP, SCHEMA_ONE, kind_at, rewrite_schemas

_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object", "null"})
# Types as other languages (and Swagger 2.0) spell them, and what they mean here.
_SPELLINGS: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(("int", "int32", "int64", "long"), ("integer", None)),
    **dict.fromkeys(("float", "double", "decimal"), ("number", None)),
    "bool": ("boolean", None),
    **dict.fromkeys(("str", "text"), ("string", None)),
    **dict.fromkeys(("dict", "map"), ("object", None)),
    "list": ("array", None),
    "date": ("string", "date"),
    **dict.fromkeys(("datetime", "date-time", "timestamp"), ("string", "date-time")),
    **dict.fromkeys(("file", "binary"), ("string", "binary")),
}
_FLAGS = frozenset({"nullable", "deprecated", "readOnly", "writeOnly", "uniqueItems"})
_NUMBERS = frozenset({"minimum", "maximum", "multipleOf"})
_COUNTS = frozenset({"maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"})
_CROSSABLE = _COUNTS | {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}  # what _crossed_limits reads
# Counts past these are slips: a maximum past what pydantic (and a slice) can take; a minimum
# past what an example value can hold (real documents: minLength up to 4,096, minItems 11).
_MOST = {"minLength": 65_536, "minItems": 1_000, "minProperties": 1_000}
_LARGEST = 2**63 - 1
_TEXTS = frozenset({"format", "title", "description", "$ref"})
# Beside a `$ref`: what a 3.0 document may mean there (3.0 ignores all), and what restates the
# target or only annotates (3.1 applies all: the rest makes the node an allOf of the target).
_NOTES_BESIDE_REF = frozenset({"nullable", "description", "title", "deprecated", "default", "example", "readOnly", "writeOnly"})
_NULLABLE_BESIDE_REF = "'nullable' beside a $ref, which OpenAPI 3.0 ignores: read as the reference or null"
_RESTATED = _NOTES_BESIDE_REF | {"summary", "examples", "$comment", "xml", "externalDocs", "type", "format", "$id", "$anchor", "$dynamicAnchor", "$schema", "$defs"}
# What Python's re has and pydantic's regex engine (Rust's regex) refuses to compile.
_PYTHON_ONLY = re.compile(r"\(\?<?[=!]|\(\?P=|\\(?![0-3][0-7]{2})[1-9]")  # look-around, back-references (not octal)
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")  # \uD800-\uDFFF: no Unicode scalar value
# A JavaScript regex literal, `/^[a-z]+$/i`: anchored inside its slashes, or with flags after
# them and no bare slash between (`/magnet:.../i`), no string is meant to match it as
# written, so the slashes are delimiters and the letters after the last one are flags
# (`/api/` and `/files/[0-9]+/s` may be paths: kept).
_JS_LITERAL = re.compile(r"/(\^.*|.*(?<!\\)\$)/([dgimsuvy]*)|/((?:[^/\\]|\\.)+)/([dgimsuvy]+)", re.DOTALL)


Note = tuple[tuple[str, ...], str]


def repair(data: dict[str, Any], memo: RepairMemo | None = None) -> tuple[dict[str, Any], list[Note]]:
    """The document with its schemas repaired, and what was dropped. With `memo`, a piece
    of the document (load.py) whose text, and that of the pieces its repair looked into,
    are what they were is repaired as the last run did it."""
    notes: list[Note] = []
    v30 = str(data.get("openapi", "")).startswith("3.0")
    if memo is None:
        repaired = rewrite_schemas(data, lambda node, place: _schema(node, place, notes, v30, data))
    else:
        repaired = memo.repair(data, lambda node, place, reads, notes: _schema(node, place, notes, v30, data, reads), notes)
    assert isinstance(repaired, dict)
    repaired, cut = break_required_cycles(repaired)
    return repaired, notes + cut


class RepairMemo:
    """Each piece's repair as the last run made it: (the piece's digest, the digest of the
    piece holding each reference its repair followed, the repaired piece (marshal) or None
    when it was sound, its notes). Kept in the cache (cache.py) per document and code."""

    def __init__(self, name: str, stamp: str, digests: dict[tuple[str, ...], str]) -> None:
        self.name, self.stamp, self.digests = name, stamp, digests
        stored = cache.read(name, stamp)
        self.old: dict[tuple[str, ...], Any] = stored if isinstance(stored, dict) else {}
        self.new: dict[tuple[str, ...], Any] = {}
        self._keys: list[tuple[str, ...]] | None = None  # the digests' keys, sorted (text_version)
        self._versions: dict[str, str] = {}  # reference -> _holder's: pieces follow the same ones again and again

    def repair(self, data: dict[str, Any], fix: Callable[[Any, tuple[str, ...], set[str], list[Note]], Any], notes: list[Note]) -> dict[str, Any]:
        out = data
        copied: set[tuple[str, ...]] = set()
        for where, digest in self.digests.items():
            entry = self.old.get(where)
            if entry is not None and not (entry[0] == digest and cache.holds(entry[1], self._versions, self._holder)):  # (pieces follow the same references again and again)
                entry = None
            if entry is not None and entry[2] is None and not entry[3]:  # sound as it was, and nothing to say: nothing to do (most pieces)
                self.new[where] = entry
                continue
            node = lookup(data, where)
            if node is MISSING:
                continue
            if entry is not None:
                result = node if entry[2] is None else marshal.loads(entry[2])
                notes += [(tuple(place), message) for place, message in entry[3]]
            else:
                reads: set[str] = set()
                own: list[Note] = []
                kind = kind_at(where)
                result = node if kind is None else rewrite_schemas(node, lambda n, place: fix(n, place, reads, own), kind, where)
                notes += own
                entry = (digest, {ref: self._holder(ref) for ref in reads}, None if result is node else marshal.dumps(result), own)
            self.new[where] = entry
            if result is not node:
                out = _put(out, where, result, copied)
        return out

    def _holder(self, ref: str) -> str:
        """The digest of the text of a reference's target, as a piece holds it (pieces.py);
        '' for a reference outside the document."""
        found = self._versions.get(ref)
        if found is None:
            where = holding(self.digests, ref[1:]) if ref.startswith("#") else None
            if where is None:
                found = ""
            elif where in self.digests:
                found = self.digests[where]
            else:  # (a node made of pieces, or none: rare)
                self._keys = self._keys if self._keys is not None else sorted(self.digests)
                found = text_version(self.digests, where, self._keys)
            self._versions[ref] = found
        return found

    def write(self) -> None:
        if self.new != self.old:
            cache.write(self.name, self.new, self.stamp)


def _put(root: dict[str, Any], where: tuple[str, ...], value: Any, copied: set[tuple[str, ...]]) -> dict[str, Any]:
    """`root` with the entry at `where` set to `value`, the mappings on the way copied once."""
    if () not in copied:
        root = dict(root)
        copied.add(())
    node = root
    for depth in range(1, len(where)):
        key = where[depth - 1]
        if where[:depth] not in copied:
            node[key] = dict(node[key])
            copied.add(where[:depth])
        node = node[key]
    node[where[-1]] = value
    return root


def _schema(node: Any, place: tuple[str, ...], notes: list[Note], v30: bool, data: dict[str, Any], reads: set[str] | None = None) -> Any:
    """The schema without its malformed keywords (the same object when there are none)."""
    if isinstance(node, bool):
        return node
    if not isinstance(node, dict):
        notes.append((place, f"not a schema ({_shown(node)}): read as any value"))
        return {}
    meant = _meant_type(node.get("type"))
    if meant is not None:  # (first: an enum or limits are then read against the type meant)
        kind, format_ = meant
        format_ = format_ if "format" not in node else None
        notes.append(((*place, "type"), f"type {_shown(node['type'])} read as {_shown(kind)}" + (f" of format {format_!r}" if format_ else "")))
        node = {**node, "type": kind, **({"format": format_} if format_ else {})}
    bad = [key for key, value in node.items() if not _sound(key, value)]
    member = len(place) > 1 and place[-2] in ("allOf", "anyOf", "oneOf")  # its siblings may have the properties
    unknown, extra = _unknown_required(node, data, reads) if "required" not in bad and not member else ([], {})
    listed = v30 and isinstance(node.get("type"), list) and "type" not in bad
    nulled = _null_part(node) if "allOf" not in bad else None
    clash = _disjoint_types(node) if not {"allOf", "type"} & set(bad) and nulled is None else []
    misfits = _misfit_values(node) if not {"enum", "type"} & set(bad) else []
    unformatted = _unformatted_values(node) if "format" in node and "enum" in node and not {"enum", "type", "format"} & set(bad) and not misfits else []
    stray = _stray_limits(node) if "type" not in bad else []
    literal = _js_literal(node["pattern"]) if "pattern" not in bad and isinstance(node.get("pattern"), str) else None
    respelled = _for_rust(node["pattern"]) if "pattern" not in bad and literal is None and isinstance(node.get("pattern"), str) else None
    file = node.get("format") == "file" and node.get("type", "object") in ("object", "string", "file")  # Swagger 2.0's file
    # (an allOf's or union's members are read by their parent, which comes first: see _members_beside_refs)
    beside = "$ref" not in bad and isinstance(node.get("$ref"), str) and not (member and place[-2] == "allOf") and _applies_beside_ref(node, v30)
    members = _members_beside_refs(node, v30, bad)
    pattern = literal if literal is not None and _sound("pattern", literal) else respelled or (node.get("pattern") if "pattern" not in bad else None)
    crossed = _crossed_limits(node, bad, pattern) if "type" not in bad else []
    if not bad and not unknown and not listed and not clash and nulled is None and not misfits and not unformatted and not stray and literal is None and respelled is None and not file and not beside and not members and not crossed:
        return node
    if file:
        bad = [key for key in bad if key != "type"]
    for key in bad:
        if key == "pattern" and isinstance(node[key], str) and _compiles(node[key]):
            why = (
                "uses look-around or a back-reference, which pydantic cannot check"
                if _PYTHON_ONLY.search(node[key])
                else "names UTF-16 surrogates, which pydantic's regex engine refuses"
                if _SURROGATE.search(node[key])
                else "has '^' after text it requires, so no string matches it"
                if _start_after_text(node[key])
                else "requires text after '$', so no string matches it"
                if _text_after_end(node[key])
                else "is too large for pydantic's regex engine"
            )
            notes.append(((*place, key), f"pattern {why}: not checked"))
            continue
        if key in _COUNTS and type(node[key]) is int and node[key] >= 0:  # (too large)
            beyond = "what an example value can hold" if key in _MOST else "what pydantic can check"
            notes.append(((*place, key), f"{key!r} of {node[key]} is beyond {beyond}: ignored"))
            continue
        if key == "$ref" and isinstance(node[key], str):
            notes.append(((*place, key), f"$ref {node[key]!r} points to no schema ({_WHAT.get(_kind_of(node[key]) or '', 'no schema')}): read as any value"))
            continue
        notes.append(((*place, key), f"{key!r} cannot be {_shown(node[key])}: ignored"))
    out = {key: value for key, value in node.items() if key not in bad}
    if listed:
        kinds = [k for k in out.pop("type") if k != "null"]
        if "null" in node["type"]:
            out["nullable"] = True
        if len(kinds) == 1:
            out["type"] = kinds[0]
        elif kinds:
            out["anyOf"] = [{"type": k} for k in kinds]
        notes.append(((*place, "type"), f"a list of types is OpenAPI 3.1, not 3.0: read as {_shown(_three_oh(out))}"))
    for key in stray:
        notes.append(((*place, key), f"{key!r} does not apply to type {node['type']!r}: ignored"))
        out.pop(key, None)
    if misfits:
        kept = [v for v in node["enum"] if v not in misfits]
        shown = ", ".join(_shown(v) for v in misfits[:3]) + (", ..." if len(misfits) > 3 else "")
        notes.append(((*place, "enum"), f"enum values {shown} are not of type {node['type']!r}: " + ("left out" if kept else "no enum, any value of the type")))
        if kept:
            out["enum"] = kept
        else:
            del out["enum"]
    if unformatted:
        shown = ", ".join(_shown(v) for v in unformatted[:3]) + (", ..." if len(unformatted) > 3 else "")
        notes.append(((*place, "enum"), f"enum values {shown} are not of format {node['format']!r}: read as either, one of the enum or a string of the format"))
        out["anyOf"] = [{"type": "string", "enum": out.pop("enum")}, {"type": "string", "format": out.pop("format")}]
        out.pop("type", None)
    if clash:
        notes.append(((*place, "allOf"), f"allOf of types {' and '.join(clash)}: no value is all of them, read as any value"))
        del out["allOf"]
        out.pop("type", None)
    if nulled is not None:
        rest = [m for i, m in enumerate(node["allOf"]) if i != nulled]
        notes.append(((*place, "allOf", str(nulled)), "allOf with null: no value is both, read as the other part or null"))
        del out["allOf"]
        out["anyOf"] = [rest[0] if len(rest) == 1 else {"allOf": rest}, {"type": "null"}]
    if file:
        notes.append(((*place, "format"), "format 'file' is Swagger 2.0's file type: read as a binary string"))
        out.update(type="string", format="binary")
    if literal is not None and _sound("pattern", literal):
        notes.append(((*place, "pattern"), f"pattern written as a JavaScript literal: read as {literal!r}"))
        out["pattern"] = literal
    elif literal is not None:
        notes.append(((*place, "pattern"), "pattern written as a JavaScript literal that pydantic cannot check: not checked"))
        del out["pattern"]
    if respelled:  # the same regex, spelled so that both engines read it alike
        out["pattern"] = respelled
    elif respelled == "":
        notes.append(((*place, "pattern"), "pattern's character class reads otherwise in pydantic's regex engine (a nested set or set operation): not checked"))
        del out["pattern"]
    for keys, why in crossed:
        notes.append(((*place, keys[0]), why))
        for key in keys:
            out.pop(key, None)
    if unknown:
        # Most such names are stale (a property renamed or removed, the list not updated: a real
        # server would refuse the name), some a property left out of `properties`. An open object
        # admits the name: it becomes an optional field of the value the object admits beside
        # its properties, so that a caller can send it and a response keeps it. Not required.
        for i, name in enumerate(node["required"]):  # at each name: where the validator also says it
            if name in unknown:
                why = "not required, and no field (the object admits no other property)" if extra is False else "an optional field of any value" if extra == {} else "an optional field of the additionalProperties schema"
                notes.append(((*place, "required", str(i)), f"required {name!r} not among the properties: {why}"))
        out["required"] = [name for name in node["required"] if name not in unknown]
        if not out["required"]:
            del out["required"]
        if extra is not False:
            out["properties"] = {**out.get("properties", {}), **{name: extra for name in unknown}}
    for key in bad:  # what can be kept of a list with some bad members
        value = node[key]
        if key == "required" and isinstance(value, list):
            out[key] = [v for v in value if isinstance(v, str)]
        elif key == "type" and isinstance(value, list):
            out[key] = [v for v in value if isinstance(v, str) and v in _TYPES]
        if out.get(key) in ([], {}) and key != "properties":
            del out[key]
    for key, found in members.items():
        parts_now: list[Any] = []
        for i, part in enumerate(out[key]):
            if i not in found:
                parts_now.append(part)
            elif key == "allOf":  # `allOf: [{$ref: A, properties}]` in 3.1: `allOf: [{$ref: A}, {properties}]`
                own = {k: v for k, v in part.items() if k not in ("$ref", "nullable")}
                parts_now += [{"$ref": part["$ref"]}, *([own] if own else [])]
            else:  # a union's member that may be null: the union may be
                if v30:
                    notes.append(((*place, key, str(i), "nullable"), _NULLABLE_BESIDE_REF))
                parts_now.append({k: v for k, v in part.items() if k != "nullable"})
                out["nullable"] = True
        out[key] = parts_now
    if beside:
        # `{$ref: Owner, nullable: true}`: 3.0 ignores what is beside a `$ref`, but its authors
        # (and Swagger 2.0's `x-nullable` there) mean the reference or null, so it is read as
        # 3.0 writes that, `allOf: [$ref], nullable: true`. In 3.1 what is beside applies.
        if v30:
            notes.append(((*place, "nullable"), _NULLABLE_BESIDE_REF))
            out = {key: value for key, value in out.items() if key in _NOTES_BESIDE_REF or key == "$ref" or key.startswith("x-")}
        parts = [{"$ref": out.pop("$ref")}, *(out.pop("allOf") if isinstance(out.get("allOf"), list) else [])]
        out = {"allOf": parts, **out}
    return out


def _members_beside_refs(node: dict[str, Any], v30: bool, bad: list[str]) -> dict[str, list[int]]:
    """The members with something beside their `$ref` that their parent reads: each union's
    that says `nullable: true` (the union is then nullable: wrapped in an allOf, a member
    would no longer name its component, which a discriminator's mapping looks for), and in
    3.1 the allOf's with keywords that apply (the parts are split: a subtype keeps its base
    among its parts). 3.0 ignores all else beside an allOf's `$ref`."""
    found: dict[str, list[int]] = {}
    for key in ("anyOf", "oneOf", "allOf"):
        parts = node.get(key)
        if key in bad or not isinstance(parts, list) or (key == "allOf" and v30):
            continue
        refs = [(i, p) for i, p in enumerate(parts) if isinstance(p, dict) and isinstance(p.get("$ref"), str) and len(p) > 1]
        if key == "allOf":
            hits = [i for i, p in refs if _applies_beside_ref({k: v for k, v in p.items() if k != "nullable"}, v30)]
        else:
            hits = [i for i, p in refs if p.get("nullable") is True]
        if hits:
            found[key] = hits
    return found


def _applies_beside_ref(node: dict[str, Any], v30: bool) -> bool:
    """Whether what stands beside the node's `$ref` changes its values: `nullable: true`, and
    in 3.1 any keyword that neither restates the target nor annotates."""
    if node.get("nullable") is True:
        return True
    return not v30 and any(key not in _RESTATED and key != "$ref" and not key.startswith("x-") for key in node)


def _meant_type(value: Any) -> tuple[Any, str | None] | None:
    """The type (and format) a `type` spelled otherwise means (`String`, `int`, `datetime`,
    3.0's `file`); None when it is spelled right, or means nothing known."""
    if isinstance(value, list):  # (a member that means nothing known: the list is left to the drop of bad members)
        meant = [(v, None) if not isinstance(v, str) or v in _TYPES else _meant_type(v) for v in value]
        kinds = [m[0] for m in meant if m is not None]
        return (kinds, None) if len(kinds) == len(value) and kinds != value else None
    if not isinstance(value, str) or value in _TYPES:
        return None
    spelled = value.strip().lower()
    return (spelled, None) if spelled in _TYPES else _SPELLINGS.get(spelled)


def _sound(key: str, value: Any) -> bool:
    if key == "type":
        return value in _TYPES if isinstance(value, str) else isinstance(value, list) and all(isinstance(v, str) and v in _TYPES for v in value)
    if key in SCHEMA_ONE:
        return isinstance(value, (dict, bool))
    if key in SCHEMA_LIST:  # members that are no schemas are repaired on the walk
        return isinstance(value, list) and bool(value)
    if key in SCHEMA_MAP:
        return isinstance(value, dict)
    if key == "required":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if key == "enum":
        return isinstance(value, list) and bool(value)
    if key in _FLAGS:
        return isinstance(value, bool)
    if key in _NUMBERS:
        return _is_number(value)
    if key in ("exclusiveMinimum", "exclusiveMaximum"):
        return isinstance(value, bool) or _is_number(value)
    if key in _COUNTS:
        return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MOST.get(key, _LARGEST)
    if key == "$ref":  # a reference inside the document to what is no schema (a map of them, a parameter)
        return isinstance(value, str) and _kind_of(value) in ("schema", None)
    if key in _TEXTS:
        return isinstance(value, str)
    if key == "pattern":
        return isinstance(value, str) and _compiles(value) and not _PYTHON_ONLY.search(value) and not _SURROGATE.search(value) and _compiled_size(value) < _RUST_LIMIT and (not (_start_after_text(value) or _text_after_end(value)) or _js_literal(value) is not None)
    if key == "discriminator":
        return isinstance(value, dict) and isinstance(value.get("propertyName"), str) and isinstance(value.get("mapping", {}), dict)
    return True


# What a schema's `$ref` points to, where that is no schema.
_WHAT = {"schema-map": "a map of schemas", "schema-list": "a list of schemas", "discriminator": "a discriminator", "other": "a part of the OpenAPI structure"}


def _kind_of(ref: str) -> str | None:
    """What the node a `$ref` points to is, by its place (schema_keys.kind_at): "schema" for
    one that is not inside the document, and None for a place that holds data (extensions:
    some documents keep schemas there)."""
    parts = parts_of(ref[1:]) if ref.startswith("#") else None
    return "schema" if parts is None else kind_at(tuple(map(str, parts)))


def _unknown_required(node: dict[str, Any], data: dict[str, Any], reads: set[str] | None = None) -> tuple[list[str], Any]:
    """Required names no property has, where nothing else could give them one, and the schema
    their values take there: the object's `additionalProperties` ({} for any value, False when
    the object is closed).

    allOf parts count, nested and referenced ones too: their properties are the object's as well.
    """
    required = node.get("required")
    if not isinstance(required, list) or ("properties" not in node and "allOf" not in node):
        return [], {}
    known: set[str] = set()
    extra: Any = {}
    parts: list[tuple[Any, bool]] = [(node, False)]
    seen: set[str] = set()
    while parts:
        part, referenced = parts.pop()
        ref = part.get("$ref") if isinstance(part, dict) and part is not node else None
        if isinstance(ref, str):  # each target once: parts may refer to each other in a circle
            if ref not in seen:
                seen.add(ref)
                if reads is not None:
                    reads.add(ref)
                target = local_target(data, ref)
                parts.append((None if target is MISSING else target, True))
            continue
        if not isinstance(part, dict) or any(key in part for key in _OTHER_PROPERTIES):
            return [], {}
        if referenced and isinstance(part.get("required"), list):  # repaired where it stands
            known.update(name for name in part["required"] if isinstance(name, str))
        properties = part.get("properties", {})
        if not isinstance(properties, dict):
            return [], {}
        known.update(properties)
        more = part.get("additionalProperties", True)
        if more is False or (isinstance(more, dict) and extra is not False):
            extra = more
        elif more is not True:
            return [], {}
        allof = part.get("allOf", [])
        if not isinstance(allof, list):
            return [], {}
        parts.extend((sub, referenced) for sub in allof)
    return [name for name in required if isinstance(name, str) and name not in known], extra


# keywords by which a schema may have properties that its `properties` do not list
_OTHER_PROPERTIES = ("anyOf", "oneOf", "$ref", "patternProperties", "if", "dependentSchemas", "unevaluatedProperties")


def _js_literal(pattern: str) -> str | None:
    """The regex inside a JavaScript literal (its flags inline), or None if it is none."""
    match = _JS_LITERAL.fullmatch(pattern)
    if match is None:
        return None
    body, given = (match[1], match[2]) if match[1] is not None else (match[3], match[4])
    flags = "".join(f for f in given if f in "ims")
    return f"(?{flags}){body}" if flags else body


_OCTAL = re.compile(r"\\(0[0-7]{0,2}|[0-3][0-7]{2})")


def _for_rust(pattern: str) -> str | None:
    """The pattern spelled so that pydantic's engine (Rust's regex) reads it as Python does:
    `[[A-Z]` is a `[` or a capital to Python and JSON Schema, an unclosed nested class to
    Rust (nested classes, `&&` `--` `~~` set operations), so those are escaped inside classes;
    Python's `\\Z` (the very end) is Rust's `$`, its octal escapes (`\\000`) Rust's `\\x00`.
    None when nothing needs it, "" when escaping
    cannot keep the meaning (`--`, which Python reads as a range ending in `-`)."""
    if "[" not in pattern and "\\Z" not in pattern and not _OCTAL.search(pattern):
        return None
    out, inside, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        octal = _OCTAL.match(pattern, i)
        if octal:  # Python's octal escape; to Rust, `\0` is a back-reference
            out.append(f"\\x{int(octal[1], 8):02x}")
            i = octal.end()
            continue
        if char == "\\":
            out.append("$" if pattern[i + 1 : i + 2] == "Z" and not inside else pattern[i : i + 2])
            i += 2
            continue
        if not inside and char == "[":
            inside = True
            start = i + 1 + (pattern[i + 1 : i + 2] == "^")
            start += pattern[start : start + 1] == "]"  # a leading `]` is a member, in both
            out.append(pattern[i:start])
            i = start
            continue
        if inside and char == "]":
            inside = False
        elif inside and char == "-" and pattern[i + 1 : i + 2] == "-":
            return ""
        elif inside and (char == "[" or char in "&~" and char in (pattern[i + 1 : i + 2], out[-1][-1:])):
            char = "\\" + char
        out.append(char)
        i += 1
    escaped = "".join(out)
    return None if escaped == pattern else escaped if _compiles(escaped) else ""


_OF_TYPE = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer(),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


# Limits that apply to one kind of value only; pydantic refuses them on another.
_LIMITS = {
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "string": ("minLength", "maxLength", "pattern"),
    "array": ("minItems", "maxItems"),
    "object": ("minProperties", "maxProperties", "additionalProperties"),
}


def _stray_limits(node: dict[str, Any]) -> list[str]:
    """Limits of another kind of value than the schema's one type (`maximum` on a string)."""
    kind = node.get("type")
    if not isinstance(kind, str) or kind not in _TYPES:
        return []
    own = "number" if kind == "integer" else kind
    return [key for limits in (v for k, v in _LIMITS.items() if k != own) for key in limits if key in node]


def _crossed_limits(node: dict[str, Any], bad: list[str], pattern: Any) -> list[tuple[tuple[str, ...], str]]:
    """Limits that no value meets together (`minLength: 10` beside `maxLength: 5`; a pattern
    that matches one character beside `minLength: 32`, peertube's): the client would refuse
    every value. Each -> the keys left out (the first where the note goes), and why."""
    if _CROSSABLE.isdisjoint(node):  # (most schemas: every node of the document comes here)
        return []
    found: list[tuple[tuple[str, ...], str]] = []
    for low, high in (("minLength", "maxLength"), ("minItems", "maxItems"), ("minProperties", "maxProperties")):
        if low in node and high in node and low not in bad and high not in bad and node[low] > node[high]:
            found.append(((low, high), f"{low} {node[low]} is above {high} {node[high]}: no value has both, neither checked"))
    lower, upper = _bound(node, "minimum", "exclusiveMinimum", bad), _bound(node, "maximum", "exclusiveMaximum", bad)
    if lower is not None and upper is not None and (lower[0] > upper[0] or lower[0] == upper[0] and (lower[1] or upper[1])):
        keys = tuple(k for k in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum") if k in node)
        found.append((keys, f"no number lies within the bounds {lower[0]} and {upper[0]}: neither checked"))
    widths = _match_lengths(pattern) if isinstance(pattern, str) else None
    shortest = node["minLength"] if "minLength" in node and "minLength" not in bad else 0
    longest = node["maxLength"] if "maxLength" in node and "maxLength" not in bad else None
    if widths is not None and shortest > widths[1]:
        found.append((("pattern",), f"pattern matches no string as long as minLength {shortest}: not checked"))
    elif widths is not None and longest is not None and longest < widths[0]:
        found.append((("pattern",), f"pattern matches no string as short as maxLength {longest}: not checked"))
    return found


def _bound(node: dict[str, Any], inclusive: str, exclusive: str, bad: list[str]) -> tuple[Any, bool] | None:
    """A number's lower or upper bound, and whether it is exclusive: 3.0 writes a flag beside
    `minimum`, 3.1 the number itself."""
    flag: Any = node.get(exclusive) if exclusive not in bad else None
    if _is_number(flag):
        return flag, True
    value: Any = node.get(inclusive) if inclusive not in bad else None
    if _is_number(value):
        return value, flag is True
    return None


def _match_lengths(pattern: str) -> tuple[int, int] | None:
    """The fewest and most characters a string may have that a pattern anchored at both ends
    (`^[a-z0-9]$`) matches; None for any other pattern, which matches within longer text.
    (`$` is the end of the text in pydantic's engine; Python's also matches before a final
    newline, a string no API means.)"""
    tree = parsed(pattern)
    if tree is None or tree.state.flags & re.MULTILINE or len(tree) < 2:
        return None
    first, last = tree[0], tree[-1]
    if first != (sre_constants.AT, sre_constants.AT_BEGINNING) or last[0] is not sre_constants.AT or last[1] not in (sre_constants.AT_END, sre_constants.AT_END_STRING):
        return None
    least, most = tree.getwidth()
    return least, most


def _misfit_values(node: dict[str, Any]) -> list[Any]:
    """Enum values that are not of the schema's one type (null aside: `nullable` says it)."""
    kind, values = node.get("type"), node.get("enum")
    if not isinstance(kind, str) or kind not in _OF_TYPE or not isinstance(values, list):
        return []
    return [v for v in values if v is not None and not _OF_TYPE[kind](v)]


def _unformatted_values(node: dict[str, Any]) -> list[Any]:
    """A string enum's values that are not of its format (sendgrid's `send_at`, a date-time
    with the enum `[now]`: its description says "or the string now"). Read strictly, no value
    passes; it is read as its writer meant it: either one of the enum, or of the format."""
    values, format_ = node.get("enum"), node.get("format")
    if node.get("type", "string") != "string" or not isinstance(values, list) or not isinstance(format_, str) or "anyOf" in node or "oneOf" in node:
        return []
    return [v for v in values if isinstance(v, str) and not is_of_format(v, format_)]


def _disjoint_types(node: dict[str, Any]) -> list[str]:
    """The types an allOf (and its schema) declare, when no value can have them all."""
    members = node.get("allOf")
    if not isinstance(members, list):
        return []
    kinds = {m["type"] for m in [node, *members] if isinstance(m, dict) and isinstance(m.get("type"), str)}
    if {"integer", "number"} <= kinds:
        kinds.discard("number")  # an integer is a number
    return sorted(kinds) if len(kinds) > 1 else []


def _null_part(node: dict[str, Any]) -> int | None:
    """`allOf: [X, {type: null}]` (codat's way to say nullable): the null part's index."""
    members = node.get("allOf")
    if not isinstance(members, list) or len(members) < 2 or "anyOf" in node or "oneOf" in node:
        return None
    nulls = [i for i, m in enumerate(members) if isinstance(m, dict) and (m.get("type") == "null" or m.get("enum") == [None]) and len(m) == 1]
    return nulls[0] if len(nulls) == 1 else None


def _three_oh(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: schema[k] for k in ("type", "anyOf", "nullable") if k in schema}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value and abs(value) != float("inf")


# Rust's regex (pydantic's) refuses a program over 10 MiB, and a bounded repetition copies
# its body: bytes per copy, measured with pydantic-core (`.{0,10082}` is the longest `.`
# that compiles; `[\w.-]{1,255}` is too big), Unicode classes being the large ones.
_RUST_LIMIT = 9_000_000
_ANY_COST = 1_100  # `.`, a negated literal or class
_CATEGORY_COSTS = {
    sre_constants.CATEGORY_WORD: 52_000,
    sre_constants.CATEGORY_NOT_WORD: 48_000,
    sre_constants.CATEGORY_NOT_DIGIT: 13_000,
    sre_constants.CATEGORY_DIGIT: 5_300,
    sre_constants.CATEGORY_NOT_SPACE: 2_000,
    sre_constants.CATEGORY_SPACE: 750,
}


def _start_after_text(pattern: str) -> bool:
    """`\\(\\?ms\\)\\s*^-----BEGIN` (a converter escaped the inline flags): outside multiline
    mode `^` matches at the start only, and text the pattern requires comes before it."""
    tree = parsed(pattern)
    if tree is None or tree.state.flags & re.MULTILINE:
        return False
    required = 0
    for item in tree:  # the top-level sequence: what every match passes through
        if item[0] is sre_constants.AT and item[1] is sre_constants.AT_BEGINNING and required:
            return True
        required += _shortest([item])
    return False


def _text_after_end(pattern: str) -> bool:
    """`^[-_a-zA-Z0-9]*$\\{2,64\\}$` (AWS: a quantifier escaped into text): outside multiline
    mode `$` matches at the end only, and the pattern requires text after it."""
    tree = parsed(pattern)
    if tree is None or tree.state.flags & re.MULTILINE:
        return False
    items = list(tree)  # the top-level sequence: what every match passes through
    for i, item in enumerate(items):
        if item[0] is sre_constants.AT and item[1] in (sre_constants.AT_END, sre_constants.AT_END_STRING) and _shortest(items[i + 1 :]):
            return True
    return False


def _shortest(items: Any) -> int:
    """The fewest characters a match of `items` takes."""
    total = 0
    for op, av in items:
        if op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.IN, sre_constants.ANY):
            total += 1
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            total += av[0] * _shortest(av[2])
        elif op is sre_constants.SUBPATTERN:
            total += _shortest(av[-1])
        elif op is sre_constants.BRANCH:
            total += min(_shortest(branch) for branch in av[1])
    return total


def _compiled_size(pattern: str) -> int:
    tree = parsed(pattern)
    try:
        return 0 if tree is None else _cost(tree)
    except RecursionError:
        return 0


def _cost(items: Any) -> int:
    total = 0
    for op, av in items:
        if op is sre_constants.IN:
            categories = [_CATEGORY_COSTS.get(a, 150) for o, a in av if o is sre_constants.CATEGORY]
            negated = any(o is sre_constants.NEGATE for o, _ in av)
            total += max(sum(categories), 2 * _ANY_COST if negated else 150)
        elif op is sre_constants.ANY or op is sre_constants.NOT_LITERAL:
            total += _ANY_COST
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, sub = av
            copies = max(low, 1) if high == sre_constants.MAXREPEAT else high
            total += copies * _cost(sub)
        elif op is sre_constants.SUBPATTERN:
            total += _cost(av[-1])
        elif op is sre_constants.BRANCH:
            total += sum(_cost(branch) for branch in av[1])
        else:
            total += 80
    return total


def _compiles(pattern: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # nested sets: see _for_rust
            re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return True
