"""Stage 1: read an OpenAPI document (YAML or JSON) into plain data.

A YAML document is read in pieces (`yaml_pieces`): each piece's value is kept in the cache
under the hash of its text, so after an edit only the pieces that changed are parsed again.
Without a cache too, pieces parse in a third of the time of the whole text (openai.yaml:
0.20 s against 0.68 s and 0.07 s of normalizing; each piece's value is built from the
composed nodes in one pass, `_built`), a large document's shared with a forked process,
and a node's line is found in its piece. When the text cannot be cut, the whole text is
parsed at once.

Line numbers are found lazily: only when a message needs one is the text (or just the piece
holding the node) parsed again, as a stream of events (no node tree).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import marshal
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from generator import cache, json_pieces, yaml_pieces
from generator.diagnostics import Diagnostic, GenerationError, Location, pointer
from generator.pointers import parts_of
from generator.workers import Shares, Workers

# A document whose aliases expand it past this many nodes is an alias bomb, not an API
# (OpenAI's whole API is about 61,000).
MAX_NODES = 20_000_000


# YAML 1.2's core schema, which OpenAPI asks for (and JavaScript's js-yaml, Prism's, reads):
# PyYAML reads YAML 1.1, where `NO` (Norway), `on` and `off` are booleans, `12:30` is 750
# and `012` is 10.
_YAML_1_1 = frozenset({"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"})
_CORE = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
)


@lru_cache(maxsize=None)
def _yaml() -> tuple[Any, Any]:
    """PyYAML, and its safe loader (the C one where built) reading plain scalars by YAML
    1.2's core schema, timestamps as strings (an OpenAPI example date is text). Imported
    when first needed: a JSON document needs none of it unless a message asks for a line
    (the import is 25 ms of a small run)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {key: [(tag, rx) for tag, rx in found if tag not in _YAML_1_1] for key, found in base.yaml_implicit_resolvers.items()}
    loader: Any = type("_SpecLoader", (base,), {"yaml_implicit_resolvers": resolvers})
    for tag, pattern, first in _CORE:
        loader.add_implicit_resolver(tag, re.compile(pattern), list(first))
    loader.add_constructor("tag:yaml.org,2002:int", _core_int)
    return yaml, loader


def _core_int(loader: Any, node: Any) -> int:
    """An integer as YAML 1.2 writes one (`012` is 12, `0o17` octal); PyYAML's own reading
    for what else a `!!int` tag may hold."""
    text = loader.construct_scalar(node)
    try:
        return int(text[2:], 8) if text.startswith("0o") else int(text[2:], 16) if text.startswith("0x") else int(text)
    except ValueError:
        return int(loader.construct_yaml_int(node))


@dataclass
class Document:
    path: str
    # Its text; or the file's UTF-8 bytes, decoded when `text` is first read (a JSON
    # document's kept parse needs no text: decoding graph-beta's 47 MB took 0.1 s a run).
    content: str | bytes
    data: dict[str, Any]
    # Read in pieces: where each piece's entry is in the data, and each header's line.
    pieces: dict[tuple[str, ...], yaml_pieces.Piece] | None = field(default=None, repr=False)
    digests: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)  # of each piece's text
    cache_group: str = ""  # the cache's folder of this document's entries (cache.group); '' without a cache
    headers: dict[tuple[str, ...], int] = field(default_factory=dict, repr=False)
    # Made of several files (bundle.py): where a subtree came from, as (file, parts in it)...
    origins: dict[tuple[str, ...], tuple[Document, tuple[str, ...]]] = field(default_factory=dict, repr=False)
    sources: list[str] = field(default_factory=list)  # ... and the other files read, relative to this one's folder
    # Keeps a JSON document's parse for the next run (json_pieces.py): to be called in a
    # process beside the run, and only on the document as loaded (not bundled or upgraded).
    keep: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    _lines: dict[str, int] | None = field(default=None, repr=False)
    _piece_lines: dict[tuple[str, ...], dict[str, int]] = field(default_factory=dict, repr=False)

    @cached_property
    def text(self) -> str:
        return self.content if isinstance(self.content, str) else _text_of(self.content)

    def location(self, parts: tuple[object, ...] | list[object] = ()) -> Location:
        origin = self._origin(parts)
        if origin is not None:
            return origin[0].location(origin[1])
        return Location(self.path, self._line_of(list(parts)), pointer(parts))

    def as_written(self, text: str) -> str:
        """A message's pointers into the document as read (a Swagger 2.0 document upgraded,
        files bundled into one) as the user wrote them: `/components/schemas/Pet` is
        `/definitions/Pet`, or `pets.yaml#/Pet`, there."""
        if not self.origins or "/components/" not in text:
            return text
        return _COMPONENT_POINTER.sub(self._written, text)

    def _written(self, found: re.Match[str]) -> str:
        text = found.group(0)
        parts = parts_of(text.lstrip("#"))
        origin = self._origin(list(parts)) if parts is not None else None
        if origin is None:
            return text
        source, at = origin
        said = pointer(at)
        if source.path != self.path:
            return f"{os.path.relpath(source.path, os.path.dirname(self.path))}#{said}"
        return f"#{said}" if text.startswith("#") else said

    def line(self, parts: tuple[object, ...] | list[object] = ()) -> int | None:
        """The 1-based line of the node at `parts` (or of its nearest ancestor that has one)."""
        origin = self._origin(parts)
        if origin is not None:
            return origin[0].line(origin[1])
        return self._line_of(list(parts))

    def _origin(self, parts: tuple[object, ...] | list[object]) -> tuple[Document, list[object]] | None:
        """The file and parts a node copied from another file has there."""
        if not self.origins:
            return None
        keys = tuple(str(p) for p in parts)
        for depth in range(len(keys), -1, -1):
            found = self.origins.get(keys[:depth])
            if found is not None:
                return found[0], [*found[1], *parts[depth:]]
        return None

    def _line_of(self, parts: list[object]) -> int | None:
        if self.pieces is not None:
            return self._line_in_pieces(parts)
        if self._lines is None:  # (decided once: a minified document is megabytes on one line)
            self._lines = _line_index(self.text) if "\n" in self.text.rstrip() else {}
        if not self._lines:  # one line (minified JSON): every node is on it
            return 1
        # Walk up to the nearest ancestor that has a line (nodes inside an alias have none).
        while True:
            line = self._lines.get(pointer(parts))
            if line is not None or not parts:
                return line
            parts = parts[:-1]

    def _line_in_pieces(self, parts: list[object]) -> int | None:
        assert self.pieces is not None
        for depth in range(len(parts), 0, -1):  # the piece (or header) holding the node
            where = tuple(str(p) for p in parts[:depth])
            piece = self.pieces.get(where)
            if piece is not None:
                lines = self._piece_lines.get(where)
                if lines is None:
                    lines = self._piece_lines[where] = _line_index(piece.text)
                inside = list(parts[depth - 1 :])  # a piece is one entry: its key comes first
                while inside:
                    line = lines.get(pointer(inside))
                    if line is not None:
                        return piece.line + line
                    inside.pop()
            if where in self.headers:
                return self.headers[where] + 1
        return next(iter(self.pieces.values())).line + 1 if self.pieces else None  # the root: its first key


def cache_group(path: Path) -> str:
    """The cache's group of the entries about the document at `path` ('' without a cache)."""
    return cache.group("document", str(path.resolve())) if cache.directory() is not None else ""


def load(path: str | Path, raw: bytes | None = None) -> Document:
    """The document at `path` (`raw`: its bytes, when read already)."""
    path = Path(path)
    shown = str(path)
    try:
        raw = path.read_bytes() if raw is None else raw
    except FileNotFoundError:
        raise _error(f"file not found: {shown}", Location(shown)) from None
    except IsADirectoryError:
        raise _error(f"{shown} is a folder, not an OpenAPI document", Location(shown)) from None
    except OSError as exc:
        raise _error(f"cannot read {shown}: {exc.strerror or exc}", Location(shown)) from None
    group = cache_group(path)
    is_json = shown.lower().endswith(".json")
    kept = is_json and bool(group) and not raw.startswith(codecs.BOM_UTF8)  # (the pieces' places are in the file's bytes)
    if kept:
        found = json_pieces.patched(raw, group, value_digest)
        if found is not None:  # (UTF-8: the kept text was, and the piece read again is)
            return Document(shown, raw, found[0], digests=found[1], cache_group=group, keep=found[2])
    try:
        text = _text_of(raw)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _error(f"cannot read {shown}: not UTF-8 text (byte {exc.object[exc.start]:#04x})", Location(shown, line)) from None
    if not is_json:  # (with a cache or without: in pieces, a YAML document reads in a third of the time)
        read = _read_pieces(text, shown, group)
        if read is not None:
            return read
    data = _parse(text, shown)
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {_kind(data)}"
        raise _error(f"an OpenAPI document must be a mapping at the top level, but this one is {what}", Location(shown, 1))
    if is_json:  # JSON's keys are strings and its nodes never shared: as it is
        digests = value_digests(data) if group else {}
        return Document(shown, text, data, digests=digests, cache_group=group, keep=json_pieces.keeper(raw, group, data, digests) if kept else None)
    try:
        normalized = _Normalizer().run(data)
    except _Refused as exc:
        raise _error(str(exc), Location(shown)) from None
    # (not cut into pieces: an alias across them, a flow mapping, a rare line break...; the
    # memos then go by the pieces' values, as for JSON)
    return Document(shown, text, normalized, digests=value_digests(normalized) if group else {}, cache_group=group)


def _text_of(raw: bytes) -> str:
    """A file's text, as reading it as text gives it: every line break a \\n, no byte order mark."""
    text = raw.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removeprefix("\ufeff")


def _read_pieces(text: str, shown: str, group: str) -> Document | None:
    """The document from its pieces, each parsed only when the cache (if any: `group`) does
    not hold its text's value; None when the text cannot be read that way (the whole parse
    then decides)."""
    pieces = yaml_pieces.cut(text)
    if pieces is None:
        return None
    stored = cache.read(group + "/pieces") if group else None
    stored = stored if isinstance(stored, dict) else {}
    digests = [hashlib.sha1(piece.text.encode("utf-8", "surrogatepass")).hexdigest() for piece in pieces]
    new = {digest: piece.text for digest, piece in zip(digests, pieces) if not _is_entry(stored.get(digest))}
    kept: dict[str, tuple[Any, int]] = {}
    for digest, parsed in zip(new, _parse_all(list(new.values()))):
        if parsed is None:
            return None
        kept[digest] = parsed
    data: dict[str, Any] = {}
    mappings: dict[tuple[yaml_pieces.Header, ...], tuple[dict[str, Any], tuple[str, ...]]] = {(): (data, ())}
    where: dict[tuple[str, ...], yaml_pieces.Piece] = {}
    places: dict[tuple[str, ...], str] = {}
    used: set[str] = set()
    total = 0
    for digest, piece in zip(digests, pieces):
        if digest in used:  # the same text twice: its own copy, as a whole parse gives
            entry = marshal.loads(marshal.dumps(kept[digest]))
        else:
            if digest not in kept:  # (from the cache)
                kept[digest] = stored[digest]
            entry = kept[digest]
            used.add(digest)
        (key, value), size = next(iter(entry[0].items())), entry[1]
        total += size
        if total > MAX_NODES:
            raise _error(f"the document expands to more than {MAX_NODES:,} nodes (YAML aliases?)", Location(shown))
        parent = _mapping_of(piece.parents, mappings)
        if parent is None or key in parent[0]:
            return None  # a repeated key: the whole parse decides what that means
        parent[0][key] = value
        where[(*parent[1], key)] = piece
        places[(*parent[1], key)] = digest
    if group and kept.keys() != stored.keys():
        cache.write(group + "/pieces", kept)
    headers = {keys: chain[-1][0] for chain, (_, keys) in mappings.items() if chain}
    return Document(shown, text, data, where, places if group else {}, group, headers)


# Text to parse from which a process forked beside this one parses a share of it (about 70
# ms of parsing: below, the fork and the values' way back cost as much as they save).
_COMPONENT_POINTER = re.compile(r"(?<![\w/])#?/components/[^\s'\",;)]+")  # (a pointer in a message: `#/components/schemas/A`, `/components/x/y`)
_PARSE_APART_FROM = 1_000_000
_SHARES = 32  # taken one at a time by whichever process is free: pieces differ in cost per character


def _parse_all(texts: list[str]) -> list[tuple[dict[str, Any], int] | None]:
    """`_parse_piece` of each text; of much text, shared with a process beside this one."""
    if len(texts) < 2 or sum(map(len, texts)) < _PARSE_APART_FROM or not Workers.available:
        return [_parse_piece(text) for text in texts]
    shares = Shares(_SHARES)
    cuts = [len(texts) * share // _SHARES for share in range(_SHARES + 1)]

    def parse(share: int) -> list[tuple[dict[str, Any], int] | None]:
        return [_parse_piece(text) for text in texts[cuts[share] : cuts[share + 1]]]

    # (marshalled: the pieces' values are plain data, and their aliases stay shared)
    with Workers() as workers:
        theirs = workers.fork(lambda: marshal.dumps({share: parse(share) for share in shares}))
        parsed = {share: parse(share) for share in shares}
        parsed.update(marshal.loads(theirs.result()))
    return [entry for share in range(_SHARES) for entry in parsed[share]]


def value_digests(data: dict[str, Any]) -> dict[tuple[str, ...], str]:
    """A parsed document's pieces, cut where a YAML one is (a path item, a component, each
    other top-level entry), each with a digest of its value: what the text's digest is to a
    document read in pieces, for one that was parsed whole (JSON)."""
    digests: dict[tuple[str, ...], str] = {}
    for key, value in data.items():
        if key in ("paths", "webhooks") and isinstance(value, dict):
            digests.update(((key, name), value_digest(entry)) for name, entry in value.items())
        elif key == "components" and isinstance(value, dict) and all(isinstance(section, dict) for section in value.values()):
            digests.update(((key, kind, name), value_digest(entry)) for kind, section in value.items() for name, entry in section.items())
        else:
            digests[(key,)] = value_digest(value)
    return digests


def value_digest(value: Any) -> str:
    """A digest of parsed data. (marshal's version 2 writes no back-references, which follow
    how objects are shared in memory: the same value gives the same bytes.)"""
    return hashlib.sha1(marshal.dumps(value, 2)).hexdigest()


def _is_entry(entry: Any) -> bool:
    """A cached piece's shape: ({key: value}, size)."""
    return isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], dict) and len(entry[0]) == 1 and isinstance(entry[1], int)


def _mapping_of(
    chain: tuple[yaml_pieces.Header, ...], mappings: dict[tuple[yaml_pieces.Header, ...], tuple[dict[str, Any], tuple[str, ...]]]
) -> tuple[dict[str, Any], tuple[str, ...]] | None:
    """The mapping a piece under these header lines goes into (made on first use), with its
    keys from the root; None when a header is not a plain `key:` or repeats a key."""
    found = mappings.get(chain)
    if found is not None:
        return found
    parent = _mapping_of(chain[:-1], mappings)
    key = _header_key(chain[-1][1])
    if parent is None or key is None or key in parent[0]:
        return None
    made: dict[str, Any] = {}
    parent[0][key] = made
    mappings[chain] = (made, (*parent[1], key))
    return mappings[chain]


@lru_cache(maxsize=256)
def _header_key(line: str) -> str | None:
    yaml, loader = _yaml()
    try:
        parsed = yaml.load(line.strip(), Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return None
    if not isinstance(parsed, dict) or len(parsed) != 1 or next(iter(parsed.values())) is not None:
        return None
    return _key(next(iter(parsed)))


def _parse_piece(text: str) -> tuple[dict[str, Any], int] | None:
    """One entry, normalized, with its size in nodes; None when the text is not one entry."""
    found = _built(text)
    if found is None:  # (what the fast build leaves to the loader's constructor)
        yaml, loader = _yaml()
        try:
            parsed = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
        except (yaml.YAMLError, RecursionError):
            return None
        if not isinstance(parsed, dict) or len(parsed) != 1:
            return None
        try:
            return _Normalizer().sized(parsed)
        except _Refused:
            return None  # the whole parse reports it, with the same words
    if not isinstance(found[0], dict) or len(found[0]) != 1:
        return None
    return found


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_KEYS_APART = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})  # (`<<`, `=`: the constructor's own)


class _Apart(Exception):
    """A node the fast build leaves to the loader's constructor."""


def _built(text: str) -> tuple[Any, int] | None:
    """What the safe loader and `_Normalizer` give the YAML `text`, with its size in nodes,
    built from the composed nodes in one pass: 1.8x faster than the loader's constructor
    and the normalizer after it (openai.yaml's pieces: 0.20 s against 0.37 s). None when the
    text may hold what only they treat right (an anchor, so shared or recursive nodes; a merge
    key, a key that is not a scalar, a tag of another kind of collection), or does not load."""
    if "&" in text:
        return None
    yaml, loader_class = _yaml()
    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    loader = loader_class(text)
    size = 0

    def build(node: Any) -> Any:
        nonlocal size
        size += 1
        kind, tag = type(node), node.tag
        if kind is scalar:
            return node.value if tag == _STR else loader.construct_object(node)
        if kind is mapping and tag == _MAP:
            built, plain = {}, True
            for key_node, value_node in node.value:
                if type(key_node) is not scalar or key_node.tag in _KEYS_APART:
                    raise _Apart
                if key_node.tag == _STR:
                    key = key_node.value
                else:  # (200: an int, on: a bool; made strings below, as the normalizer does)
                    key, plain = loader.construct_object(key_node), False
                built[key] = build(value_node)
            if len(built) != len(node.value):  # (a key given twice, or keys equal in Python: 1, 1.0, true)
                raise _Apart
            return built if plain else {_key(key): value for key, value in built.items()}
        if kind is sequence and tag == _SEQ:
            return [build(item) for item in node.value]
        raise _Apart

    try:
        root = loader.get_single_node()
        if root is None:
            return None
        value = build(root)
    except (_Apart, yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    return (value, size) if size <= MAX_NODES else None


def _parse(text: str, shown: str) -> Any:
    if shown.lower().endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            before = text[: exc.pos].rstrip()
            if before.endswith(",") and text[exc.pos : exc.pos + 1] in ("}", "]"):
                comma = len(before) - 1
                raise _error("invalid JSON: trailing comma", Location(shown, text.count("\n", 0, comma) + 1)) from None
            raise _error(f"invalid JSON: {exc.msg}", Location(shown, exc.lineno)) from None
        except RecursionError:
            raise _error("invalid JSON: nested too deeply", Location(shown)) from None
    yaml, loader = _yaml()
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        context = ""
        if exc.context and exc.problem and exc.context_mark is not None and exc.context_mark.line + 1 != line:
            context = f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise _error(f"invalid YAML: {problem}{context}", Location(shown, line)) from None
    except yaml.YAMLError as exc:
        raise _error(f"invalid YAML: {exc}", Location(shown)) from None
    except RecursionError:
        raise _error("invalid YAML: nested too deeply", Location(shown)) from None


class _Refused(Exception):
    pass


class _Normalizer:
    """YAML reads `200:` as an int and `on:` as a bool; OpenAPI keys are always strings.

    Iterative, and shares what the YAML shares (an alias stays one object), so neither deep
    nesting nor an alias bomb can blow the stack or the memory; the expanded size is counted
    and refused past MAX_NODES, as is a recursive alias (the rest of the pipeline walks trees).
    """

    def __init__(self) -> None:
        self.done: dict[int, Any] = {}
        self.size: dict[int, int] = {}

    def run(self, root: Any) -> Any:
        # Post-order over containers: children first, then the parent from its children.
        stack: list[tuple[Any, bool]] = [(root, False)]
        active: set[int] = set()
        while stack:
            node, ready = stack.pop()
            key = id(node)
            if not isinstance(node, (dict, list)) or (key in self.done and not ready):
                continue
            if not ready:
                if key in active:
                    raise _Refused("the document refers to itself (a recursive YAML alias)")
                active.add(key)
                stack.append((node, True))
                children = node.values() if isinstance(node, dict) else node
                stack.extend((c, False) for c in children if isinstance(c, (dict, list)))
                continue
            active.discard(key)
            children = list(node.values()) if isinstance(node, dict) else node
            total = 1 + sum(self.size.get(id(c), 1) for c in children)
            if total > MAX_NODES:
                raise _Refused(f"the document expands to more than {MAX_NODES:,} nodes (YAML aliases?)")
            self.size[key] = total
            if isinstance(node, dict):
                self.done[key] = {_key(k): self._get(v) for k, v in node.items()}
            else:
                self.done[key] = [self._get(v) for v in node]
        return self._get(root)

    def sized(self, root: dict[str, Any]) -> tuple[dict[str, Any], int]:
        return self.run(root), self.size.get(id(root), 1)

    def _get(self, value: Any) -> Any:
        return self.done[id(value)] if isinstance(value, (dict, list)) else value


def _key(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return key if isinstance(key, str) else str(key)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


@lru_cache(maxsize=4096)
def _plain_key(value: str) -> str:
    """The data's key for a plain (unquoted) YAML key: `200` and `on` are not strings there."""
    if not value or not (value[0] in "+-.0123456789~" or value.lower() in _SPECIAL_WORDS):
        return value
    yaml, loader = _yaml()
    try:
        return _key(yaml.load(value, Loader=loader))  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return value


_SPECIAL_WORDS = frozenset({"y", "yes", "n", "no", "true", "false", "on", "off", "null"})


def _line_index(text: str) -> dict[str, int]:
    """JSON pointer -> 1-based line, for every node: a mapping member's line is its key's."""
    index: dict[str, int] = {}
    # Each open collection: [pointer parts, is_mapping, pending key (mappings), next index].
    stack: list[list[Any]] = []

    def place() -> list[object] | None:
        """The parts of the node that starts now, or None when it is a mapping key."""
        if not stack:
            return []
        top = stack[-1]
        if top[1]:
            if top[2] is None:
                return None
            parts = [*top[0], top[2]]
            top[2] = None
            return parts
        parts = [*top[0], top[3]]
        top[3] += 1
        return parts

    yaml, loader = _yaml()
    try:
        events = yaml.parse(text, Loader=loader)
        for event in events:
            if isinstance(event, yaml.ScalarEvent):
                top = stack[-1] if stack else None
                if top is not None and top[1] and top[2] is None:
                    key = _plain_key(event.value) if not event.style and event.implicit[0] else event.value
                    top[2] = key
                    index.setdefault(pointer([*top[0], key]), event.start_mark.line + 1)
                    continue
                parts = place()
                if parts is not None:
                    index.setdefault(pointer(parts), event.start_mark.line + 1)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                top = stack[-1] if stack else None
                if top is not None and top[1] and top[2] is None:
                    # A complex key: skip its contents by parsing it as a throwaway collection.
                    stack.append([[*top[0], "?"], isinstance(event, yaml.MappingStartEvent), None, 0])
                    top[2] = "?"
                    continue
                parts = place()
                parts = parts if parts is not None else []
                index.setdefault(pointer(parts), event.start_mark.line + 1)
                stack.append([parts, isinstance(event, yaml.MappingStartEvent), None, 0])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, yaml.AliasEvent):
                parts = place()
                if parts is not None:
                    index.setdefault(pointer(parts), event.start_mark.line + 1)
                elif stack:
                    stack[-1][2] = "*"
            elif isinstance(event, yaml.DocumentEndEvent):
                break
    except (yaml.YAMLError, RecursionError, IndexError):
        pass
    return index


def _error(message: str, location: Location) -> GenerationError:
    return GenerationError([Diagnostic(message, location)])
