"""Swagger 2.0 in (generator/upgrade.py): the document as OpenAPI 3.0, and messages that point
at the lines of the 2.0 document. `tests/golden/swagger2` shows the generated client."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOLDEN
from generator.cli import main
from generator.load import load
from generator.upgrade import upgrade
from generator.validate import validate

ZOO = GOLDEN / "swagger2" / "spec.yaml"


def test_an_openapi_3_document_is_passed_on_as_it_is(threads_spec: Path) -> None:
    doc = load(threads_spec)
    assert upgrade(doc) == (doc, [])


def test_the_zoo_as_openapi_3() -> None:
    doc, notes = upgrade(load(ZOO))
    data = doc.data
    assert notes == []
    assert data["openapi"] == "3.0.3" and "swagger" not in data and "definitions" not in data
    assert data["servers"] == [{"url": "https://zoo.example.com/v2"}]
    assert sorted(data["components"]) == ["parameters", "responses", "schemas", "securitySchemes"]
    animal = data["components"]["schemas"]["Animal"]
    assert animal["discriminator"] == {"propertyName": "kind"}
    assert animal["properties"]["nickname"] == {"type": "string", "nullable": True}
    assert animal["properties"]["keeper"] == {"$ref": "#/components/schemas/Keeper"}
    listing = data["paths"]["/animals"]["get"]
    assert listing["parameters"][0] == {"$ref": "#/components/parameters/Limit"}
    assert listing["parameters"][1]["style"] == "form" and listing["parameters"][1]["explode"] is True  # multi
    assert listing["parameters"][2]["explode"] is False  # csv, the 2.0 default
    ok = listing["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["items"] == {"$ref": "#/components/schemas/Animal"}
    assert ok["headers"]["X-Total-Count"] == {"schema": {"type": "integer"}, "description": "How many there are."}
    add = data["paths"]["/animals"]["post"]
    assert add["requestBody"] == {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Animal"}}}, "required": True}
    upload = data["paths"]["/animals/{animalId}/photo"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert upload == {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}, "caption": {"type": "string"}}, "required": ["file"]}
    assert data["paths"]["/animals/{animalId}"]["get"]["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}
    assert data["components"]["securitySchemes"]["api_key"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    assert validate(doc) == []


def test_moved_nodes_are_located_at_their_2_0_lines() -> None:
    doc, _ = upgrade(load(ZOO))
    lines = ZOO.read_text().splitlines()

    def line_of(text: str, after: str) -> int:  # (1-based) the first line holding `text` after the one holding `after`
        start = next(i for i, line in enumerate(lines) if after in line)
        return next(i for i, line in enumerate(lines) if i > start and text in line) + 1

    where = doc.location(["components", "schemas", "Keeper", "properties", "since"])
    assert (where.line, where.pointer) == (line_of("since:", "  Keeper:"), "/definitions/Keeper/properties/since")
    body = doc.location(["paths", "/animals", "post", "requestBody", "content", "application/json", "schema"])
    assert (body.line, body.pointer) == (line_of("schema:", "operationId: addAnimal"), "/paths/~1animals/post/parameters/0/schema")
    caption = doc.location(["paths", "/animals/{animalId}/photo", "post", "requestBody", "content", "multipart/form-data", "schema", "properties", "caption"])
    assert (caption.line, caption.pointer) == (line_of("- name: caption", "/animals/{animalId}/photo:"), "/paths/~1animals~1{animalId}~1photo/post/parameters/1")


def test_what_has_no_openapi_3_form_is_a_warning_at_its_line(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n"
        "        - {name: ids, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n"
        "      responses: {'204': {description: none}}\n"
    )
    _, notes = upgrade(load(spec))
    assert [str(n) for n in notes] == [f"{spec}:7 (#/paths/~1a/get/parameters/0/collectionFormat): warning: collectionFormat 'tsv' has no OpenAPI 3 form: sent as csv"]


def test_a_validation_finding_points_into_the_2_0_document(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "definitions:\n  Pet:\n    type: object\n    properties:\n      age: {type: integr}\n"
    )
    doc, _ = upgrade(load(spec))
    assert [str(f).split(": warning: ")[0] for f in validate(doc)] == [f"{spec}:8 (#/definitions/Pet/properties/age/type)"]


def test_the_pointers_a_message_names_are_those_of_the_2_0_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every `$ref` follows the nodes into `components`; a message that names one (a cycle,
    a dangling reference, to a section the document has or not) names it as written."""
    spec = tmp_path / "api.yaml"
    head = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n"
    spec.write_text(head + "paths: {}\ndefinitions:\n  Pet: {$ref: '#/definitions/Pet'}\n")
    assert main(["generate", str(spec), "-o", str(tmp_path / "a")]) == 2
    assert "cyclic $ref: /definitions/Pet -> /definitions/Pet" in capsys.readouterr().err
    for ref, written in (("#/parameters/Missing", "[{$ref: '#/parameters/Missing'}]"), ("#/definitions/Gone", "[]")):
        spec.write_text(
            head + f"paths:\n  /pets:\n    get:\n      parameters: {written}\n"
            "      responses: {'200': {description: ok, schema: {$ref: '#/definitions/Gone'}}}\n"
            "definitions:\n  Pet: {type: object}\n"
        )
        assert main(["generate", str(spec), "-o", str(tmp_path / "b")]) == 2
        said = capsys.readouterr().err
        assert f"dangling $ref '{ref}'" in said and "components" not in said


def test_an_openapi_3_documents_2_0_leftovers_are_read_the_3_0_way() -> None:
    """tests/degrade/half_upgraded.yaml: a body parameter, form parameters (their media type
    from `consumes`) and a response's schema become the request body and the response's
    content; nothing else changes, and each warning points at the line written."""
    spec = Path(__file__).parent / "degrade" / "half_upgraded.yaml"
    doc, notes = upgrade(load(spec))
    add = doc.data["paths"]["/pets"]["post"]
    assert add["parameters"] == [{"name": "dry_run", "in": "query", "schema": {"type": "Boolean"}}]
    assert add["requestBody"] == {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}, "required": True}
    assert add["responses"]["200"] == {"description": "The pet added.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}
    assert "produces" not in add and "consumes" not in doc.data
    photo = doc.data["paths"]["/pets/{id}/photo"]["post"]["requestBody"]
    assert photo == {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"caption": {"type": "string"}, "photo": {"type": "string", "format": "binary"}},
                    "required": ["photo"],
                }
            }
        },
    }
    assert doc.data["paths"]["/pets/{id}"] == load(spec).data["paths"]["/pets/{id}"]  # (no leftovers: as it is)
    assert [(n.location.line, n.location.pointer) for n in notes] == [
        (16, "/paths/~1pets/post/parameters/1/in"),
        (22, "/paths/~1pets/post/responses/200/schema"),
        (29, "/paths/~1pets~1{id}~1photo/post/parameters/1/in"),
        (30, "/paths/~1pets~1{id}~1photo/post/parameters/2/in"),
        (7, "/consumes"),
    ]
    assert doc.location(["paths", "/pets", "post", "requestBody"]).line == 15  # (the body parameter's)


def test_a_response_schema_of_null_is_no_2_0_leftover(tmp_path: Path) -> None:
    """`schema: null` beside a 3.0 response's description says nothing: left to the validator
    (reading it as content raised KeyError)."""
    spec = tmp_path / "api.yaml"
    spec.write_text('openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {description: ok, schema: null}\n')
    doc, notes = upgrade(load(spec))
    assert notes == [] and doc.data["paths"]["/a"]["get"]["responses"]["200"] == {"description": "ok", "schema": None}


def test_a_forms_lists_keep_their_collection_format(tmp_path: Path) -> None:
    """A urlencoded form's lists are sent as 2.0's `collectionFormat` says (csv, the default,
    `tags=a,b`), not as repeated keys; a format OpenAPI 3 lacks (tsv) is sent as csv, as its
    warning says, in the query too."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        """
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /things:
    post:
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {name: tags, in: formData, type: array, items: {type: string}}
        - {name: ssv, in: formData, type: array, items: {type: string}, collectionFormat: ssv}
        - {name: multi, in: formData, type: array, items: {type: string}, collectionFormat: multi}
        - {name: one, in: formData, type: string}
        - {name: q, in: query, type: array, items: {type: string}, collectionFormat: tsv}
      responses: {'204': {description: done}}
"""
    )
    doc, notes = upgrade(load(spec))
    operation = doc.data["paths"]["/things"]["post"]
    assert operation["requestBody"]["content"]["application/x-www-form-urlencoded"]["encoding"] == {
        "tags": {"style": "form", "explode": False},
        "ssv": {"style": "spaceDelimited", "explode": False},
    }
    assert operation["parameters"] == [{"name": "q", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": False}]
    assert [n.message for n in notes] == ["collectionFormat 'tsv' has no OpenAPI 3 form: sent as csv"]
