"""The generated package's version and changelog across regenerations (`generate --bump`).

Without `--bump` the version is the document's `info.version` (when PEP 440 reads it), or the
version an earlier `--bump` set while the document kept the version it had then. With
`--bump`, a regeneration whose document did not change its `info.version` moves the version by
what the change does to the client's callers (semver: breaking is major, compatible is minor,
doc-only is patch), and `CHANGELOG.md` in the output folder gets a section, newest first,
written from the diff. Only the previous output is read: the same inputs give the same bytes.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from generator.config import Config
from generator.ir.model import Api
from generator.load import Document
from generator.write.manifest import Manifest
from generator.write.tree import Tree

if TYPE_CHECKING:
    from generator.diff.compare import Change

CHANGELOG = "CHANGELOG.md"
_VERSION = re.compile(r"\d{1,9}(?:\.\d{1,9}){0,3}")  # what a manifest (untrusted) may hold
_TITLE = "# Changelog\n\nWhat each regeneration changed for the client's callers, newest first.\n"
_LEADING = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def decide(api: Api, doc: Document, config: Config, previous: Manifest, tree: Tree, bump: bool) -> tuple[Api, str | None, tuple[str, str]]:
    """The model with the package's version set; the changelog's text (None: there is none);
    and what the manifest keeps: (package version, the document's version) or ("", "")."""
    spec_version = document_version(doc.data)
    kept = previous.package_version if previous.spec_version == spec_version and _VERSION.fullmatch(previous.package_version) else ""
    version = kept or api.package_version
    earlier = tree.read(CHANGELOG) if CHANGELOG in previous.written else None
    log = earlier.decode("utf-8", "replace") if earlier is not None else None
    if bump:
        from generator.diff import last_state_changes  # (only --bump reads the last state)

        found = last_state_changes(api, doc, config)
        if found is not None:
            changes, old_spec_version = found
            part = level(changes)
            if old_spec_version != spec_version:  # the document moved its own version
                version = api.package_version
            elif part is not None:
                version = bumped(version, part)
            if changes:
                log = changelog(log, version, spec_version, changes)
    record = (version, spec_version) if bump or kept else ("", "")
    return dataclasses.replace(api, package_version=version), log, record


def document_version(data: dict[str, Any]) -> str:
    """The document's `info.version`, as text ('' without one)."""
    info = data.get("info")
    return str(info.get("version", "")) if isinstance(info, dict) else ""


def level(changes: list[Change]) -> str | None:
    """The semver part a set of changes moves: 'major', 'minor', 'patch', or None."""
    kinds = {c.kind for c in changes}
    for kind, part in (("breaking", "major"), ("compatible", "minor"), ("doc-only", "patch")):
        if kind in kinds:
            return part
    return None


def bumped(version: str, part: str) -> str:
    """`1.4.2` moved by one `part`; what follows the numbers (a pre-release tag) goes."""
    found = _LEADING.match(version)
    major, minor, patch = (int(g or 0) for g in found.groups()) if found else (0, 0, 0)
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def changelog(previous: str | None, version: str, spec_version: str, changes: list[Change]) -> str:
    """The changelog with a section for this regeneration on top of the earlier ones."""
    from generator.diff.compare import KINDS
    from generator.diff.report import counts

    lines = [f"## {version}", "", f"The document's version: {spec_version}. {counts(changes).capitalize()}.", ""]
    for kind in KINDS:
        listed = [c for c in changes if c.kind == kind]
        if listed:
            lines += [f"### {kind.capitalize()}", ""]
            lines += [f"- `{c.subject}`: {c.message}" for c in listed]
            lines.append("")
    earlier = previous.removeprefix(_TITLE).lstrip("\n") if previous else ""
    return _TITLE + "\n" + "\n".join(lines) + ("\n" + earlier if earlier else "")

