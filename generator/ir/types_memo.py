"""Each types module as the last run made it, so that a regeneration makes again only the
modules an edit reached (and renders none of the others: render_memo.py knows a module from
the memo by the digest of its bytes).

A types module (build.py's `_types_modules`, imports.py) is a function of:
  - its classes and its alias, as converted (by their reprs: every field of the dataclasses);
  - what it reads of the rest of the model, the same for every module: each class's and
    alias's name and module (annotations, imports, and the field names that must not hide
    a type), the names of the request-side twins and which types have one, and which
    imports between modules are cyclic (imported after the classes).
The second part is digested once per run (`shared`); a module's entry holds a digest of
both, and the module pickled. An edit that renames, adds or moves a type, or makes or breaks
an import cycle, changes the shared part, and every module is made again; one inside a
class (a property, a description) makes the modules of the classes it changes again (its
own, and those of the classes that take its properties through `allOf`), and no other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from generator import cache
from generator.ir import model
from generator.ir.op_memo import LazyTypesModule, Pickled, encode, lazy
from generator.ir.schemas import AliasDef

# An entry: (digest of what the module is made from, the module pickled, its head (what is
# read of every module: `lazy`), the pickle's sha1 (render digests)).
Entry = tuple[str, bytes, dict[str, Any], bytes]
_HEAD = ("name", "path", "models")


class TypesMemo(cache.Sharded):
    """The entries (`Entry`) of one document's types modules, by module name."""

    def __init__(self, name: str, stamp: str) -> None:
        super().__init__(name, stamp)
        # id -> this run's module and a digest of its pickle: render digests use them
        self.pickled: Pickled = {}

    def kept(self, module: str, inputs: str) -> model.TypesModule | None:
        """The module the last run made from `inputs`, if it did (decoded when a field
        other than its head's is read)."""
        entry = self.old.get(module)
        if not isinstance(entry, tuple) or len(entry) != 4 or entry[0] != inputs or not isinstance(entry[1], bytes) or not isinstance(entry[2], dict):
            return None
        found = lazy(LazyTypesModule, entry[1], entry[2])
        self._keep(found, entry)
        return found

    def remember(self, made: model.TypesModule, inputs: str) -> None:
        data = encode(made)
        self._keep(made, (inputs, data, {name: getattr(made, name) for name in _HEAD}, hashlib.sha1(data).digest()))

    def _keep(self, module: model.TypesModule, entry: Entry) -> None:
        self.new[module.name] = entry
        self.pickled[id(module)] = (module, entry[3])


def shared(
    names: Iterable[tuple[str, str]],
    module_of: dict[str, str],
    param_names: dict[str, str],
    param_keys: set[str],
    cyclic: set[tuple[str, str]],
) -> bytes:
    """A digest of what every types module reads of the rest of the model: `names`, each
    class's and alias's (key, name), in the converter's order."""
    text = repr((list(names), sorted(module_of.items()), sorted(param_names.items()), sorted(param_keys), sorted(cyclic)))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()


def inputs(common: bytes, classes: list[str], alias: AliasDef | None) -> str:
    """A digest of what one module is made from: `common` (`shared`'s), its classes in order
    (by op_memo.class_digest), its alias."""
    digest = hashlib.sha1(common)
    digest.update(repr((classes, alias)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
