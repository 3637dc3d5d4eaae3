"""A diff's changes as text (a terminal, a CI log), Markdown (a pull-request comment) or JSON."""

from __future__ import annotations

import json
from collections import Counter

from generator.diagnostics import Location
from generator.diff.compare import KINDS, Change


def counts(changes: list[Change]) -> str:
    """`2 breaking, 0 compatible, 1 doc-only`."""
    found = Counter(c.kind for c in changes)
    return ", ".join(f"{found[k]} {k}" for k in KINDS)


def summary(changes: list[Change]) -> str:
    return "clientsmith diff: " + counts(changes)


def text(changes: list[Change]) -> str:
    lines = []
    for c in changes:
        lines.append(f"{c.kind}: {c.subject}: {c.message}")
        lines.append(f"    {_where(c)}")
    return "\n".join([*lines, summary(changes)]) + "\n"


def markdown(changes: list[Change]) -> str:
    out = ["## What this spec change does to the client", "", counts(changes).capitalize() + ".", ""]
    for kind in KINDS:
        listed = [c for c in changes if c.kind == kind]
        if not listed:
            continue
        out += [f"### {kind.capitalize()} ({len(listed)})", "", "| what | change | where |", "|---|---|---|"]
        out += [f"| `{_cell(c.subject)}` | {_cell(c.message)} | {_cell(_where(c))} |" for c in listed]
        out.append("")
    return "\n".join(out)


def as_json(changes: list[Change]) -> str:
    counts = Counter(c.kind for c in changes)
    document = {
        "summary": {kind: counts[kind] for kind in KINDS},
        "changes": [{"kind": c.kind, "subject": c.subject, "message": c.message, "old": _place(c.old), "new": _place(c.new)} for c in changes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _where(change: Change) -> str:
    parts = [f"{side}: {loc}" for side, loc in (("old", change.old), ("new", change.new)) if loc is not None]
    return "; ".join(parts)


def _place(location: Location | None) -> dict[str, object] | None:
    if location is None:
        return None
    return {"file": location.file, "line": location.line, "pointer": location.pointer}


def _cell(value: str) -> str:
    """Text inside a Markdown table cell: a pipe would end the cell, a newline the row."""
    return value.replace("|", "\\|").replace("\n", " ")
