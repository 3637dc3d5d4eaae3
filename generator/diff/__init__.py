"""`clientsmith diff`: what a change of the document does to the code that calls the client.

Both documents go through the IR (not the generated text): their surfaces (surface.py) are
compared and each change classified (compare.py), then reported (report.py).
"""

from __future__ import annotations

import dataclasses
import tempfile
from functools import partial
from pathlib import Path

from generator.config import Config
from generator.diagnostics import GenerationError, Location
from generator.diff.compare import Change, compare
from generator.diff.sources import Source, last_generated, source
from generator.diff.surface import Surface, surface
from generator.ir.model import Api
from generator.load import Document
from generator.pipeline import read_model
from generator.release import document_version
from generator.workers import Workers

_FORK_FROM = 1_000_000  # bytes of both documents: below, a fork costs more than it saves


def diff(old: str | None, new: str, config: Config) -> list[Change]:
    """`old` None: the output folder's last generated state."""
    with tempfile.TemporaryDirectory(prefix="clientsmith-diff-") as scratch, Workers() as workers:
        earlier = last_generated(config.output, Path(scratch) / "old") if old is None else source(old, Path(scratch) / "old")
        later = source(new, Path(scratch) / "new")
        try:
            if Workers.available and _size(earlier) + _size(later) > _FORK_FROM:  # the two side by side
                child = workers.fork(partial(_surface, earlier, config))
                after = _surface(later, config)
                before = child.result()
            else:
                before, after = _surface(earlier, config), _surface(later, config)
        except GenerationError as exc:  # (a copy's files named as the user gave them, as in changes)
            found = [dataclasses.replace(d, location=_named(_named(d.location, earlier), later) or d.location) for d in exc.diagnostics]
            raise GenerationError(found) from None
        return [_relabelled(c, earlier, later) for c in compare(before, after)]


def _size(source: Source) -> int:
    try:
        return source.path.stat().st_size
    except OSError:
        return 0


def last_state_changes(api: Api, doc: Document, config: Config) -> tuple[list[Change], str] | None:
    """What the model `api` (of `doc`) changes of the output folder's last generated state,
    and that state's info.version; None when there is no such state."""
    if not (config.output / "tests" / "openapi.json").is_file():
        return None
    with tempfile.TemporaryDirectory(prefix="clientsmith-diff-") as scratch:
        earlier = last_generated(config.output, Path(scratch))
        old_api, old_doc = read_model(config.with_overrides(spec=earlier.path, spec_stands_alone=True))
    return compare(surface(old_api, old_doc), surface(api, doc)), document_version(old_doc.data)


def _surface(source: Source, config: Config) -> Surface:
    api, doc = read_model(config.with_overrides(spec=source.path, spec_stands_alone=source.stands_alone or None))
    return surface(api, doc)


def _relabelled(change: Change, old: Source, new: Source) -> Change:
    """Locations in a copy made for the diff (a git revision) named as the user wrote them."""
    return dataclasses.replace(change, old=_named(change.old, old), new=_named(change.new, new))


def _named(location: Location | None, source: Source) -> Location | None:
    if location is None:
        return None
    if source.temporary_root is not None:
        root = str(source.temporary_root) + "/"
        if location.file.startswith(root):
            prefix = source.label.rsplit(":", 1)[0]  # git:REV
            return dataclasses.replace(location, file=f"{prefix}:{location.file[len(root):]}")
    elif location.file == str(source.path):  # stdin, the last generated document
        return dataclasses.replace(location, file=source.label)
    return location
