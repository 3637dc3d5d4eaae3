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
        assert (doc.pieces is not None) == (path.suffix == ".yaml")  # (in pieces with a cache or without)
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
    assert list((tmp_path / "cache").glob("memos/*/check"))  # the memo was used


# Units that read each other: a walk follows no `$ref` into another unit's root, so what a
# unit finds depends on the places it looked up too (and on the order of the units: a cycle
# is reported once, a repeated operationId where it repeats).
LINKED = """\
openapi: 3.0.3
info: {title: Linked, version: '1'}
paths:
  /a:
    get:
      operationId: same
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Loop1'}
  /b:
    get:
      operationId: other
      parameters:
        - $ref: '#/components/parameters/Limit'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Child'}
components:
  parameters:
    Limit:
      name: limit
      in: query
      schema: {type: integer, default: 10}
  schemas:
    Loop1:
      type: object
      properties:
        next: {$ref: '#/components/schemas/Base/properties/id'}
    Loop2: {type: string}
    Child:
      allOf:
        - $ref: '#/components/schemas/Base'
      required: [id]
      discriminator:
        propertyName: kind
        mapping: {x: Extra}
    Base:
      type: object
      properties:
        id: {type: string}
"""

LINKED_EDITS = [
    ("", ""),
    ("operationId: other", "operationId: same"),  # repeated: found at the second
    ("operationId: same\n      responses", "operationId: first\n      responses"),  # the first one changes: no repeat left
    ("        id: {type: string}\n", "        name: {type: string}\n"),  # Child's required and Loop1's $ref now miss it
    ("    Base:\n", "    Extra: {type: object}\n    Base:\n"),  # Child's mapping names a schema now
    ("    Loop1:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/Base/properties/id'}\n", "    Loop1: {$ref: '#/components/schemas/Loop2'}\n"),
    ("    Loop2: {type: string}\n", "    Loop2: {$ref: '#/components/schemas/Loop1'}\n"),  # a cycle, first met from /a
    ("              schema: {$ref: '#/components/schemas/Loop1'}\n", "              schema: {type: string}\n"),  # now from Loop1's own walk
    ("schema: {type: integer, default: 10}", "schema: {type: integer, default: ten}"),  # in the component only
]


def test_linked_units_find_with_the_memo_what_they_find_without_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_pieces, "_MIN_LINES", 0)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "spec.yaml"
    text = LINKED
    said: set[str] = set()
    for old, new in LINKED_EDITS:
        assert old in text
        text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
        expected = findings(path, monkeypatch, cache=False)
        said |= {f.split(": ", 2)[-1].split(" (")[0].split(":")[0] for f in expected}
        assert sum("cyclic $ref" in f for f in expected) <= 1  # once, wherever it is met first
        assert findings(path, monkeypatch, cache=True) == expected, (old, new)
        assert findings(path, monkeypatch, cache=True) == expected, (old, new)  # warm
    # each edit's finding was there to find at some point
    assert {"duplicate operationId 'same'", "required property 'id' is not defined by the schema or its allOf parts", "invalid default value", "cyclic $ref"} <= said, said


def test_an_edit_walks_again_only_the_units_that_read_what_it_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.validate.walk import Checker

    monkeypatch.setattr(yaml_pieces, "_MIN_LINES", 0)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    walked: list[str] = []
    path_item, component = Checker._path_item, Checker._component
    monkeypatch.setattr(Checker, "_path_item", lambda self, item, parts, url: (walked.append(parts[1]), path_item(self, item, parts, url))[1])
    monkeypatch.setattr(Checker, "_component", lambda self, kind, node, parts: (walked.append(parts[2]), component(self, kind, node, parts))[1])
    path = tmp_path / "spec.yaml"
    path.write_text(LINKED, encoding="utf-8")
    findings(path, monkeypatch, cache=True)
    assert sorted(walked) == ["/a", "/b", "Base", "Child", "Limit", "Loop1", "Loop2"]
    walked.clear()
    findings(path, monkeypatch, cache=True)
    assert walked == []  # nothing changed: every unit's findings from the memo
    path.write_text(LINKED.replace("        id: {type: string}\n", "        id: {type: integer}\n"), encoding="utf-8")
    findings(path, monkeypatch, cache=True)
    # Base itself, and the two that looked into it (not /b, whose $ref to Child is not followed)
    assert sorted(walked) == ["Base", "Child", "Loop1"]
