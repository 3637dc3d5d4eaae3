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

from generator import cache
from generator.ir import model
from generator.ir.op_memo import Pickled, decode, encode
from generator.ir.schemas import AliasDef

# An entry: (digest of what the module is made from, the module pickled).
Entry = tuple[str, bytes]


class TypesMemo(cache.Sharded):
    """The entries (`Entry`) of one document's types modules, by module name."""

    def __init__(self, name: str, stamp: str) -> None:
        super().__init__(name, stamp)
        # id -> this run's module and a digest of its pickle: render digests use them
        self.pickled: Pickled = {}

    def kept(self, module: str, inputs: str) -> model.TypesModule | None:
        """The module the last run made from `inputs`, if it did."""
        entry = self.old.get(module)
        if not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != inputs:
            return None
        try:
            found = decode(entry[1], model.TypesModule)
        except Exception:  # (an entry from elsewhere: made again)
            return None
        self._keep(found, entry)
        return found

    def remember(self, made: model.TypesModule, inputs: str) -> None:
        self._keep(made, (inputs, encode(made)))

    def _keep(self, module: model.TypesModule, entry: Entry) -> None:
        self.new[module.name] = entry
        self.pickled[id(module)] = (module, hashlib.sha1(entry[1]).digest())


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
