"""References by `$anchor` and `$id` (OpenAPI 3.1, generator/anchors.py): read as pointers,
then generated, tested and type-checked like any other document."""

from __future__ import annotations

from pathlib import Path

from conftest import generate, prism_available, run_generated_tests, run_mypy
from generator.anchors import resolved
from generator.cli import main
from generator.load import load

SPEC = """
openapi: 3.1.0
info: {title: Anchors, version: '1'}
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#Pet'}}}
      responses:
        '200':
          description: The pet's owner.
          content: {application/json: {schema: {$ref: 'https://example.com/schemas/owner'}}}
components:
  schemas:
    Pet:
      $anchor: Pet
      type: object
      required: [name]
      properties:
        name: {type: string}
        tag: {$ref: '#Tag'}
        address: {$ref: 'https://example.com/schemas/owner#/properties/address'}
    Tag:
      $anchor: Tag
      type: object
      properties:
        label: {type: string}
    Owner:
      $id: https://example.com/schemas/owner
      type: object
      properties:
        name: {type: string}
        address: {$ref: '#Address'}
        friends: {type: array, items: {$ref: '#'}}
        home: {$ref: 'address'}
        street: {$ref: '#/$defs/Street'}
        tag: {$ref: '#/components/schemas/Tag'}
      $defs:
        Street: {type: string}
        Address:
          $anchor: Address
          type: object
          properties:
            city: {type: string}
    Other:
      $id: https://example.com/schemas/address
      type: object
      properties:
        zip: {type: string}
"""


def test_each_reference_by_anchor_or_id_becomes_the_pointer_to_its_schema(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    data = resolved(load(spec)).data
    operation = data["paths"]["/pets"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Pet"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Owner"}
    schemas = data["components"]["schemas"]
    assert schemas["Pet"]["properties"]["tag"] == {"$ref": "#/components/schemas/Tag"}
    # a pointer after an `$id` is inside that schema
    assert schemas["Pet"]["properties"]["address"] == {"$ref": "#/components/schemas/Owner/properties/address"}
    owner = schemas["Owner"]["properties"]
    assert owner["address"] == {"$ref": "#/components/schemas/Owner/$defs/Address"}  # the anchor of its own resource
    assert owner["friends"]["items"] == {"$ref": "#/components/schemas/Owner"}  # `#` there: the schema itself
    assert owner["home"] == {"$ref": "#/components/schemas/Other"}  # relative to the `$id` around it
    assert owner["street"] == {"$ref": "#/components/schemas/Owner/$defs/Street"}  # the document has no `/$defs`
    assert owner["tag"] == {"$ref": "#/components/schemas/Tag"}  # the document's, which it has
    assert not any(key in schemas[name] for name in schemas for key in ("$id", "$anchor"))


def test_a_document_whose_schemas_say_no_anchor_nor_id_is_passed_on_as_it_is(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Row:\n      type: object\n      properties: {$id: {type: string}, $anchor: {type: string}}\n"
        "      example: {$id: a, $anchor: b}\n"
    )
    doc = load(spec)
    assert resolved(doc) is doc


def test_an_anchor_that_no_schema_declares_is_a_dangling_reference(tmp_path: Path, capsys: object) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.replace("tag: {$ref: '#Tag'}", "tag: {$ref: '#Tags'}"))
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--package", "anchors"]) == 2
    assert not out.exists()
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "spec.yaml:23 (#/components/schemas/Pet/properties/tag/$ref): error: dangling $ref '#Tags': no such node" in err


def test_a_client_of_anchored_schemas_passes_its_tests_and_mypy(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    out = tmp_path / "out"
    assert generate(spec, out, "anchors") == 0
    owner = (out / "anchors" / "types" / "owner.py").read_text()
    assert "friends: list[Owner] | None = None" in owner and "home: Other | None = None" in owner
    result = run_generated_tests(out, "-rs")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    if prism_available():
        assert "[prism]" in run_generated_tests(out, "--collect-only").stdout
    mypy = run_mypy(out, "anchors")
    assert mypy.returncode == 0, mypy.stdout
