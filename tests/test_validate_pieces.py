"""The document check cut into units and pieces (generator/validate/pieces.py) finds exactly
what one check of the whole document against the OpenAPI meta-schema finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import load as loading
from generator.validate import validate
from generator.validate.memo import Memo
from generator.validate.messages import error_findings
from generator.validate.meta import document_validator
from generator.validate.pieces import DocumentCheck, document_check
from generator.validate.walk import Checker

HEAD_30 = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
HEAD_31 = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"

CASES = {
    "valid": (HEAD_30, """
paths:
  /a:
    get:
      parameters: [{name: q, in: query, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}
components:
  schemas:
    A: {type: object, properties: {b: {type: string, nullable: true}}}
"""),
    "3.0 schemas: a list as type, a string as nullable, an unknown keyword, deep inside": (HEAD_30, """
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {b: {type: [string, 'null']}, c: {nullable: 'yes'}}}
components:
  schemas:
    A: {type: object, properties: {b: {items: {type: string, const: 3}}}}
    B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, propertyNames: {}}]}
"""),
    "a response wrong itself and inside: one finding, as the whole check gives": (HEAD_30, """
paths:
  /a:
    get:
      responses:
        '200':
          content: {application/json: {schema: {type: strin}}}
          headers: {X-A: {schema: {type: string}, style: form}}
"""),
    "the same wrong parameter in two operations, and repeated in one": (HEAD_30, """
paths:
  /a:
    get:
      parameters: [{name: q, in: nowhere, schema: {type: string}}]
      responses: {default: {description: ok}}
    put:
      parameters:
        - {name: q, in: nowhere, schema: {type: string}}
        - {name: r, in: query, schema: {type: string}}
        - {name: r, in: query, schema: {type: string}}
      responses: {default: {description: ok}}
"""),
    "the skeleton: unknown fields, a bad path, bad component names, repeated tags": (HEAD_30, """
tags: [{name: a}, {name: a}]
bogus: 1
paths:
  /a: {get: {responses: {'200': {description: ok}}}}
  nope: {}
  x-fine: {anything: 1}
components:
  schemas:
    'bad name': {type: 5}
    good: {type: string}
  responses:
    R: {content: {}}
"""),
    "callbacks, links, examples, encodings, request bodies": (HEAD_30, """
paths:
  /a:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object}
            encoding: {f: {headers: {X-B: {schema: {type: 1}}}, style: weird}}
            examples: {e: {value: 1, externalValue: 2}}
      callbacks:
        cb: {'{$request.body#/url}': {post: {responses: {'200': {description: ok}}, bogus: 1}}, x-ext: 1}
      responses:
        '200':
          description: ok
          links: {l: {operationId: a, operationRef: b}, m: {operationId: 5}}
"""),
    "3.1: unevaluated members, references with extras, webhooks, path items in components": (HEAD_31, """
paths:
  /a:
    get:
      parameters: [{name: 'a/b', in: path, required: true, schema: {type: 5}}, {$ref: '#/components/parameters/P', extra: 1}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: [string, 'null']}, examples: {e: {value: 1, externalValue: x}}, bogus: 1}}
webhooks:
  hook: {post: {requestBody: {content: 5}, responses: {'200': {description: ok}}}}
components:
  schemas:
    S: {type: 5}
    'bad name': {}
  parameters:
    P: {name: p, in: query, schema: {}, examples: {e: {value: 1}}, content: {a/b: {}}}
  pathItems:
    I: {get: {responses: {}}}
  callbacks:
    C: {x-ext: 1, '{$url}': {get: {responses: {'200': {}}}}}
"""),
    "3.1 valid": (HEAD_31, """
paths:
  /a:
    get:
      parameters: [{name: a, in: query, schema: {type: [string, 'null']}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/S'}}}}}
components:
  schemas:
    S: {type: object, properties: {a: {type: string}}}
"""),
}


def document_problems(data: dict[str, Any], version: str) -> list[tuple[Any, ...]]:
    checker = Checker(data, version, Memo("", None), {}, "")
    checker._document()
    return sorted((tuple(map(str, parts)), message, fatal) for parts, message, fatal in checker.problems)


def whole_check(data: dict[str, Any], version: str) -> list[tuple[Any, ...]]:
    found = error_findings(document_validator(version).iter_errors(data), version == "3.1")
    return sorted((tuple(map(str, parts)), message, fatal) for parts, message, fatal in found)


@pytest.mark.parametrize("name", list(CASES))
def test_the_findings_are_those_of_the_whole_document_check(name: str) -> None:
    data = yaml.safe_load("".join(CASES[name]))
    version = "3.1" if data["openapi"].startswith("3.1") else "3.0"
    expected = whole_check(data, version)
    assert document_problems(data, version) == expected
    assert (expected == []) == name.endswith("valid")  # each case finds what it means to


def test_a_wrong_piece_in_two_places_is_reported_in_both() -> None:
    data = yaml.safe_load("".join(CASES["the same wrong parameter in two operations, and repeated in one"]))
    problems = document_problems(data, "3.0")
    assert [parts for parts, _, _ in problems] == [
        ("paths", "/a", "get", "parameters", "0", "in"),
        ("paths", "/a", "put", "parameters", "0", "in"),
        ("paths", "/a", "put", "parameters", "2"),  # the repeat
    ]
    assert problems[0][1] == problems[1][1]


def test_a_valid_shape_does_not_hide_a_piece_that_differs_where_it_matters() -> None:
    data = yaml.safe_load(HEAD_30 + """
paths:
  /a:
    get:
      parameters:
        - {name: a, in: query, description: fine, schema: {type: string}}
        - {name: b, in: query, description: 5, schema: {type: string}}
        - {name: c, in: query, description: also fine, schema: {type: string, x-any: [1]}}
      responses: {'200': {description: ok}}
""")
    problems = document_problems(data, "3.0")
    assert [parts for parts, _, _ in problems] == [("paths", "/a", "get", "parameters", "1", "description")]
    assert problems == whole_check(data, "3.0")


def test_the_units_are_the_places_that_take_a_reference() -> None:
    data = yaml.safe_load("".join(CASES["the skeleton: unknown fields, a bad path, bad component names, repeated tags"]))
    units = document_check("3.0").units(data)
    assert set(units) == {("paths", "/a"), ("components", "schemas", "good"), ("components", "responses", "R")}


def test_shapes_are_remembered_across_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    data = yaml.safe_load("".join(CASES["valid"]))
    first = Memo("", None)
    Checker(data, "3.0", first, {}, "")._document()
    assert first.new["piece"] and all(valid is True for valid in first.new["piece"].values())
    asked: list[str] = []
    original = DocumentCheck._validator

    def watched(self: DocumentCheck, key: str, schema: Any) -> Any:
        asked.append(key)
        return original(self, key, schema)

    monkeypatch.setattr(DocumentCheck, "_validator", watched)
    second = Memo("", first.new)
    checker = Checker(data, "3.0", second, {}, "")
    checker._document()
    assert checker.problems == [] and asked == []


def test_findings_and_lines_through_validate(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("".join(CASES["the same wrong parameter in two operations, and repeated in one"]), encoding="utf-8")
    found = [(d.location.pointer, d.location.line) for d in validate(loading.load(path))]
    assert found == [("/paths/~1a/get/parameters/0/in", 7), ("/paths/~1a/put/parameters/0/in", 11), ("/paths/~1a/put/parameters/2", 13)]
