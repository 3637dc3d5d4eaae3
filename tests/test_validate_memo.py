"""Validation remembers what it found by content (generator/validate/memo.py): whatever
the cache holds, a document gets exactly the findings a run without a cache gives, after
any edit, including edits that add and remove problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator import load as loading
from generator import validate, yaml_pieces

GOLDEN = Path(__file__).parent / "golden"


def findings(path: Path, monkeypatch: pytest.MonkeyPatch, cache: bool) -> list[str]:
    with monkeypatch.context() as m:
        if not cache:
            m.setenv("CLIENTSMITH_CACHE_DIR", "off")
        doc = loading.load(path)
        assert (doc.pieces is not None) == (cache and path.suffix == ".yaml")
        assert bool(doc.digests) == cache  # JSON: each piece's digest is its value's
        return [str(d) for d in validate.validate(doc)]


EDITS = [
    # (old, new): each applied to the text the previous edits left
    ("", ""),  # unchanged: everything from the memo
    ("paths:\n  /", "paths:\n  /x:\n    bogus: 1\n  /"),  # a path item the OpenAPI schema refuses
    ("    Pet:\n", "    Pet:\n      default: 3\n      minimum: true\n"),  # now that path item is remembered
    ("      default: 3\n", ""),
    ("      minimum: true\n", ""),
    ("    bogus: 1\n", "    summary: fine\n"),
    ("openapi: 3.1.0\n", "openapi: 3.1.0\nunknownField: 1\n"),  # the skeleton refused
    ("unknownField: 1\n", ""),
]


# The one-file OpenAPI 3 cases, which the edits below fit (test_bundle.py covers split documents).
ONE_FILE = sorted(p for p in GOLDEN.glob("*/spec.yaml") if p.read_text(encoding="utf-8").startswith("openapi:"))


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize("spec", ONE_FILE, ids=lambda p: p.parent.name)
def test_findings_with_the_memo_are_the_findings_without_it(spec: Path, suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_pieces, "_MIN_LINES", 0)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / f"spec{suffix}"
    text = spec.read_text(encoding="utf-8")
    first_schema = text.split("\n  schemas:\n", 1)[1].split("\n", 1)[0] + "\n"  # e.g. "    Pet:"
    version_line = text.split("\n", 1)[0] + "\n"  # e.g. "openapi: 3.0.3"
    seen_problems = False
    for old, new in EDITS:
        old = old.replace("    Pet:\n", first_schema).replace("openapi: 3.1.0\n", version_line)
        new = new.replace("    Pet:\n", first_schema).replace("openapi: 3.1.0\n", version_line)
        assert old in text
        text = text.replace(old, new, 1)
        path.write_text(text if suffix == ".yaml" else json.dumps(yaml.safe_load(text), indent=1), encoding="utf-8")
        expected = findings(path, monkeypatch, cache=False)
        seen_problems |= bool(expected)
        assert findings(path, monkeypatch, cache=True) == expected, (old, new)
        assert findings(path, monkeypatch, cache=True) == expected, (old, new)  # warm
    assert seen_problems
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith("check-")]  # the memo was used
