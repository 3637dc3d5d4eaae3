"""Each unit's part of the mock servers' document (mock_spec.py: a path item, a component) as
the last run made it, so that a regeneration walks again only the units an edit reached.

A unit's part is a function of the unit and of the units its references led to (each read is
noted by the unit it lands in), and, for a closed component, of what its allOf extenders add
to it. Two entries per unit, each with the version of the unit and of each unit it read
(pieces.py; a closed component's version includes what is added to it):
  - what the unit's allOf extenders add to each closed component;
  - the unit as the mock reads it, when that is not the unit as written (a few of a big
    document's: most are kept as they are), and its nodes and references, which Prism's
    walk is counted by (mock_reach.py).
An entry whose versions are all what they are now is this run's answer too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator import cache
from generator.ir.mock_reach import Summary, summary
from generator.ir.pieces import Pieces
from generator.pointers import lookup

if TYPE_CHECKING:
    from generator.ir.mock_spec import Place, Meant, Staged


class MockMemo(cache.Sharded):
    """The units' entries of one document (`name`), made with the options and code at `stamp`;
    `pieces`: the versions of this run's document."""

    def __init__(self, name: str, stamp: str, pieces: Pieces) -> None:
        super().__init__(name, stamp)
        self._pieces = pieces

    def added(self, place: Place, staged: Staged) -> dict[str, list[str]]:
        """staged.added(place), remembered."""
        key = "added\0" + "\0".join(place)
        entry = self._kept(key, place, self._pieces.version)
        if entry is not None:
            return entry[2]  # type: ignore[no-any-return]
        reads: set[Place] = set()
        found = staged.added(place, reads)
        self.new[key] = (*self._versions(place, reads, self._pieces.version), found)
        return found

    def meant(self, place: Place, meant: Meant) -> tuple[Any, Summary]:
        """meant.final(place), remembered (the unit as written when that is what it gives),
        and its summary for Prism's walk (mock_reach.py)."""

        def version(where: Place) -> str:
            return self._pieces.version(where) + meant.patch(where)

        key = "meant\0" + "\0".join(place)
        written = lookup(meant.staged.data, place)
        entry = self._kept(key, place, version)
        if entry is not None:
            return entry[3] if entry[2] else written, entry[4]
        reads: set[Place] = set()
        found = meant.final(place, reads)
        changed = found is not written
        summarized = summary(found)
        self.new[key] = (*self._versions(place, reads, version), changed, found if changed else None, summarized)
        return found, summarized

    def _kept(self, key: str, place: Place, version: Callable[[Place], str]) -> Any:
        """The last run's entry for `key`, kept for this run, if the unit and what it read
        have the versions it recorded."""
        entry = self.old.get(key)
        if entry is None or not _still(entry, version(place), version):
            return None
        self.new[key] = entry
        return entry

    @staticmethod
    def _versions(place: Place, reads: set[Place], version: Callable[[Place], str]) -> tuple[str, dict[Place, str]]:
        return version(place), {read: version(read) for read in reads}


def _still(entry: Any, own: str, version: Callable[[Place], str]) -> bool:
    try:
        return bool(entry[0] == own and all(version(read) == was for read, was in entry[1].items()) and len(entry) in (3, 5))
    except (TypeError, AttributeError, IndexError):  # an entry of another shape
        return False
