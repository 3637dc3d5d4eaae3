"""Stage 1b: a document split over several files, made one.

A `$ref` to another local file (`./schemas/pet.yaml`, `common.yaml#/Limit`) is read against
the file that holds it, as are the refs inside that file (`#/...` there means that file).
- A referenced component (a schema, a parameter, a response, a request body, a header...)
  joins the root's components of its kind under a name of its own (its key in the other file,
  else a schema's `title`, else its file name) and the ref becomes an internal one. So a
  schema used twice is one class, recursion across files stays recursion, and the client is
  the one the same document in one file gives (a request body's inline types stay where a
  component's live).
- A path item, or what has no section of components (Swagger 2.0's request bodies), is
  copied where it is used.
Each node that came from another file remembers its file and place there (`Document.origins`),
so messages about it name that file and line. A file may lie anywhere on the disk
(`../../common-types/types.json`, as Azure's specs share theirs), except for a document that
stands alone: a copy clientsmith made of a URL or of stdin reads nothing beyond its own folder,
so that a fetched document cannot pull the user's files into the client. Remote refs are
refused.

Only JSON-pointer fragments are followed (what split documents use); a document with no ref
to another file is passed on untouched, without a walk.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

from generator import load
from generator.diagnostics import Diagnostic, GenerationError, escape_pointer_token
from generator.pointers import MISSING, lookup, tokens
from generator.schema_keys import Kind, child_kind

_EXTERNAL = re.compile(r"""\$ref["']?\s*:\s*["']?(?!["'#\s{\[])""")  # not `/$ref": {`, an OData path
_EXTERNAL_BYTES = re.compile(_EXTERNAL.pattern.encode())  # (for a document kept as bytes: load.Document.content)
_NAME = re.compile(r"[^A-Za-z0-9._-]+")

Target = tuple[Path, str]  # a file, and a JSON pointer into it

# Where each kind of component is kept; a ref under a map of these names one.
_HOMES = {
    section: ("components", section)
    for section in ("schemas", "parameters", "responses", "requestBodies", "headers", "examples", "links", "callbacks")
}
_SWAGGER_HOMES = {"schemas": ("definitions",), "parameters": ("parameters",), "responses": ("responses",)}


def bundle(root: load.Document, stands_alone: bool = False) -> load.Document:
    content = root.content
    if not (_EXTERNAL_BYTES.search(content) if isinstance(content, bytes) else _EXTERNAL.search(content)):
        return root
    return _Bundler(root, stands_alone).run()


class _Bundler:
    def __init__(self, root: load.Document, stands_alone: bool) -> None:
        self.root = root
        self.stands_alone = stands_alone
        self.root_file = Path(root.path).resolve()
        self.folder = self.root_file.parent
        self.files: dict[Path, load.Document] = {self.root_file: root}
        swagger = "swagger" in root.data and "openapi" not in root.data
        self.homes = _SWAGGER_HOMES if swagger else _HOMES
        self.taken: dict[tuple[str, ...], set[str]] = {}  # names in use, by section
        for home in self.homes.values():
            own = _get(root.data, home)
            self.taken[home] = set(own) if isinstance(own, dict) else set()
        self.hoisted: dict[Target, str] = {}  # target -> its internal ref
        self.added: dict[tuple[str, ...], dict[str, Any]] = {}  # hoisted components, by section and name
        self.copying: list[Target] = []
        self.origins: dict[tuple[str, ...], tuple[load.Document, tuple[str, ...]]] = {}
        self.touched: set[tuple[str, ...]] = set()  # the bundle's places whose content changed

    def run(self) -> load.Document:
        self._name_the_roots_own()
        data = self._node(self.root.data, self.root_file, (), (), "other")
        if self.added:
            data = dict(data)
            for home, added in self.added.items():
                _copy_path(data, home).update(added)
        sources = sorted(_relative(p, self.folder) for p in self.files if p != self.root_file)
        return load.Document(
            self.root.path,
            self.root.content,
            data,
            self.root.pieces,
            self._digests(),
            self.root.cache_group,
            self.root.headers,
            origins=self.origins,
            sources=sources,
        )

    def _name_the_roots_own(self) -> None:
        """`Pet: {$ref: pet.yaml}` among the root's schemas: pet.yaml's schema is `Pet` (and
        so for each kind of component)."""
        for home in self.homes.values():
            own = _get(self.root.data, home)
            if not isinstance(own, dict):
                continue
            for name, node in own.items():
                if isinstance(node, dict) and set(node) == {"$ref"} and _to_resolve(node["$ref"], self.root_file, self.root_file):
                    place = (*home, name)
                    target = self._target(node["$ref"], self.root_file, place)
                    if target not in self.hoisted or name == self._wanted(target, lookup(self.files[target[0]].data, tokens(target[1]))):
                        self.hoisted[target] = _internal(place)  # (of aliases, the one named as the component)

    # -- the walk ---------------------------------------------------------------------------

    def _node(self, node: Any, file: Path, at: tuple[str, ...], place: tuple[str, ...], kind: Kind) -> Any:
        """`node` (at `at` in `file`), placed at `place` in the bundle, with its refs done."""
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and _to_resolve(ref, file, self.root_file):
                return self._ref(node, ref, file, at, place, kind)
            changed = False
            out: dict[str, Any] = {}
            for key, value in node.items():
                child = child_kind(kind, key, place)
                new = value
                if child == "discriminator":
                    new = self._mapping(value, file, (*at, key))
                elif child is not None and isinstance(value, (dict, list)):
                    new = self._children(value, file, (*at, key), (*place, key), child)
                changed |= new is not value
                out[key] = new
            return out if changed else node
        return node

    def _children(self, value: Any, file: Path, at: tuple[str, ...], place: tuple[str, ...], child: Kind) -> Any:
        if child in ("schema-map", "schema-list"):
            pairs = [(str(k), v) for k, v in (value.items() if isinstance(value, dict) else enumerate(value))]
            new = [(k, self._node(v, file, (*at, k), (*place, k), "schema")) for k, v in pairs]
            if all(a[1] is b[1] for a, b in zip(new, pairs)):
                return value
            return dict(new) if isinstance(value, dict) else [v for _, v in new]
        if isinstance(value, list):
            done = [self._node(v, file, (*at, str(i)), (*place, str(i)), child) for i, v in enumerate(value)]
            return value if all(a is b for a, b in zip(done, value)) else done
        return self._node(value, file, at, place, child)

    def _ref(self, node: dict[str, Any], ref: str, file: Path, at: tuple[str, ...], place: tuple[str, ...], kind: Kind) -> Any:
        target = self._target(ref, file, at)
        self.touched.add(_unit(place))
        if target[0] == self.root_file:
            return {**node, "$ref": "#" + target[1]}  # back into the root: an internal ref
        home = self.homes["schemas"] if kind == "schema" else self._home_of(place)
        if home is None:
            return self._copy(node, target, file, at, place)
        internal = self._hoist(target, file, at, home, kind)
        if place == _place_of(internal) and place[:-1] == home:  # the root's `Pet: {$ref: pet.yaml}`
            return self._component(target, place, kind)
        return {**node, "$ref": internal}

    def _home_of(self, place: tuple[str, ...]) -> tuple[str, ...] | None:
        """The section of components a ref at `place` names a member of (`requestBody`: the
        request bodies); None for a path item, or a kind the version keeps no section of."""
        section = "requestBodies" if place[-1:] == ("requestBody",) else place[-2] if len(place) >= 2 else ""
        return self.homes.get(section) if section != "schemas" else None  # (the key above: `parameters`...)

    def _mapping(self, value: Any, file: Path, at: tuple[str, ...]) -> Any:
        """A discriminator's `mapping` may name schemas by ref too."""
        if not isinstance(value, dict) or not isinstance(value.get("mapping"), dict):
            return value
        mapping = {}
        for key, ref in value["mapping"].items():
            if isinstance(ref, str) and ("/" in ref or "#" in ref or "." in ref) and _to_resolve(ref, file, self.root_file):
                target = self._target(ref, file, (*at, "mapping", key))
                ref = "#" + target[1] if target[0] == self.root_file else self._hoist(target, file, at, self.homes["schemas"], "schema")
            mapping[key] = ref
        return {**value, "mapping": mapping} if mapping != value["mapping"] else value

    def _hoist(self, target: Target, file: Path, at: tuple[str, ...], home: tuple[str, ...], kind: Kind) -> str:
        internal = self.hoisted.get(target)
        if internal is None:
            content = self._content(target, file, at)
            name = self._name(target, content, home)
            place = (*home, name)
            internal = self.hoisted[target] = _internal(place)
            self.added.setdefault(home, {})[name] = self._component(target, place, kind)
        return internal

    def _component(self, target: Target, place: tuple[str, ...], kind: Kind) -> Any:
        doc = self.files[target[0]]
        at = tokens(target[1])
        self.origins[place] = (doc, at)
        return self._node(lookup(doc.data, at), target[0], at, place, kind)

    def _copy(self, node: dict[str, Any], target: Target, file: Path, at: tuple[str, ...], place: tuple[str, ...]) -> Any:
        if target in self.copying:
            chain = " -> ".join(self._shown(t) for t in [*self.copying, target])
            raise self._error(f"cyclic $ref: {chain}", file, (*at, "$ref"))
        content = self._content(target, file, at)
        self.copying.append(target)
        try:
            doc = self.files[target[0]]
            self.origins[place] = (doc, tokens(target[1]))
            copied = self._node(content, target[0], tokens(target[1]), place, "other")
        finally:
            self.copying.pop()
        extra = {k: v for k, v in node.items() if k != "$ref"}  # 3.1: a summary or description beside the ref
        return {**copied, **extra} if extra and isinstance(copied, dict) else copied

    # -- targets, files and names -----------------------------------------------------------

    def _target(self, ref: str, here: Path, at: tuple[str, ...]) -> Target:
        """The file and pointer `ref` names, read against the file `here` that holds it."""
        address, fragment = urldefrag(ref)
        if urlsplit(address).scheme or address.startswith("//"):
            raise self._error(f"unsupported $ref {ref!r}: only files beside the document are read, not URLs", here, (*at, "$ref"))
        try:
            path = (here.parent / unquote(address)).resolve() if address else here
        except (OSError, ValueError):  # (a NUL byte, a name too long: no file has that name)
            raise self._error(f"dangling $ref {ref!r}: no such file", here, (*at, "$ref")) from None
        if self.stands_alone and not path.is_relative_to(self.folder):
            raise self._error(f"$ref {ref!r} leads outside the folder of {self.root_file.name}, a copy of a document from a URL or stdin", here, (*at, "$ref"))
        if path not in self.files:
            if not _is_file(path):
                raise self._error(f"dangling $ref {ref!r}: no such file", here, (*at, "$ref"))
            self.files[path] = load.load(_shown_path(self.root.path, self.folder, path))
        fragment = unquote(fragment)
        if fragment and not fragment.startswith("/"):
            raise self._error(f"unsupported $ref {ref!r}: only JSON pointers (#/...) are followed", here, (*at, "$ref"))
        return path, fragment

    def _content(self, target: Target, file: Path, at: tuple[str, ...]) -> Any:
        found = lookup(self.files[target[0]].data, tokens(target[1]))
        if found is MISSING:
            raise self._error(f"dangling $ref {self._shown(target)!r}: no such node", file, (*at, "$ref"))
        return found

    def _name(self, target: Target, content: Any, home: tuple[str, ...]) -> str:
        """The component's key in its file, else its title, else the file's name; made
        unique in its section."""
        name = self._wanted(target, content)
        stem = target[0].name.split(".")[0]
        taken = self.taken[home]
        for candidate in (name, f"{_NAME.sub('_', stem)}_{name}"):
            if candidate not in taken:
                taken.add(candidate)
                return candidate
        number = 2
        while f"{name}{number}" in taken:
            number += 1
        taken.add(f"{name}{number}")
        return f"{name}{number}"

    @staticmethod
    def _wanted(target: Target, content: Any) -> str:
        parts = tokens(target[1])
        title = content.get("title") if isinstance(content, dict) else None
        wanted = parts[-1] if parts else title if isinstance(title, str) and title.strip() else target[0].name.split(".")[0]
        return _NAME.sub("_", wanted).strip("_") or "Schema"

    def _shown(self, target: Target) -> str:
        return _relative(target[0], self.folder) + (f"#{target[1]}" if target[1] else "")

    def _error(self, message: str, file: Path, at: tuple[str, ...]) -> GenerationError:
        return GenerationError([Diagnostic(message, self.files[file].location(list(at)))])

    def _digests(self) -> dict[tuple[str, ...], str]:
        """The pieces' digests, by which validate/memo.py remembers findings per path item or
        component: a unit with content from other files is no unit any more, and the rest (the
        skeleton, hoisted schemas included) is keyed by the other files' texts too."""
        if not self.root.digests:
            return {}
        digests = {}
        for where, digest in self.root.digests.items():
            digests[("x-bundled", *where) if _unit(where) in self.touched else where] = digest
        texts = (doc.text.encode("utf-8", "surrogatepass") for path, doc in sorted(self.files.items()) if path != self.root_file)
        digests[("x-bundled-files",)] = hashlib.sha1(b"\0".join(texts)).hexdigest()
        return digests


def _to_resolve(ref: str, file: Path, root_file: Path) -> bool:
    """A ref to another file, or any ref inside one: the root's own `#/...` stay as they are."""
    return not ref.startswith("#") or file != root_file


def _unit(place: tuple[str, ...]) -> tuple[str, ...]:
    """The path item or component a place is in (what validation remembers findings by)."""
    depth = 3 if place[:1] == ("components",) else 2 if place[:1] in (("paths",), ("webhooks",)) else 1
    return place[:depth]


def _shown_path(root_path: str, folder: Path, path: Path) -> str:
    """A file as messages show it: beside the root document, as the root was given; one
    outside its folder, from the working folder if it is under it, else whole (`..` after
    the root's folder would be wrong where that folder is reached by a symlink)."""
    if path.is_relative_to(folder):
        return str(Path(root_path).parent / path.relative_to(folder))
    here = Path.cwd().resolve()
    return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)


def _relative(path: Path, folder: Path) -> str:
    """`path` from `folder` (`../common/types.json`), as the manifest and messages name it."""
    return Path(os.path.relpath(path, folder)).as_posix()


def _internal(place: tuple[str, ...]) -> str:
    return "#/" + "/".join(escape_pointer_token(p) for p in place)


def _place_of(internal: str) -> tuple[str, ...]:
    return tokens(internal[1:])


def _get(data: dict[str, Any], parts: tuple[str, ...]) -> Any:
    found = lookup(data, parts)
    return None if found is MISSING else found


def _copy_path(data: dict[str, Any], parts: tuple[str, ...]) -> dict[str, Any]:
    """The mapping at `parts`, made (or copied) so that it can be changed."""
    node = data
    for part in parts:
        existing = node.get(part)
        node[part] = dict(existing) if isinstance(existing, dict) else {}
        node = node[part]
    return node


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; False for a name the system refuses (too long: is_file
    raises for that one)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False
