"""Documents split over several files (generator/bundle.py): the parser's side.

The golden case `tests/golden/multifile` shows the generated client; its errors are snapshot
cases in test_errors.py (`multifile.*`). Here: what the bundle holds, where its messages
point, and that the manifest and `check` follow every file read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOLDEN, generate
from generator.bundle import bundle
from generator.cli import main
from generator.diagnostics import GenerationError
from generator.load import load
from generator.validate import validate

SPLIT = GOLDEN / "multifile" / "spec.yaml"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder / next(iter(files))


def test_a_document_without_refs_to_other_files_is_passed_on_as_it_is(threads_spec: Path) -> None:
    doc = load(threads_spec)
    assert bundle(doc) is doc


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_a_path_ending_in_dollar_ref_is_no_ref_to_another_file(tmp_path: Path, suffix: str) -> None:
    """OData APIs (Microsoft Graph) have paths like `/users/{id}/manager/$ref`: a key, not a
    ref, so the document is not walked for other files."""
    if suffix == "json":
        text = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a/$ref": {"get": {"responses": {"204": {"description": "ok"}}}}}}'
    else:
        text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/$ref: {get: {responses: {'204': {description: ok}}}}\n"
    spec = tmp_path / f"spec.{suffix}"
    spec.write_text(text)
    doc = load(spec)
    assert bundle(doc) is doc


def test_schemas_of_other_files_become_named_components_and_refs_internal() -> None:
    doc = bundle(load(SPLIT))
    schemas = doc.data["components"]["schemas"]
    assert list(schemas) == ["Owner", "Kind", "pet", "ApiError"]  # key in its file, title, file name
    assert schemas["Owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/pet"}
    assert schemas["pet"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}  # back into the root
    assert schemas["pet"]["properties"]["parent"] == {"$ref": "#/components/schemas/pet"}  # recursion stays
    get = doc.data["paths"]["/pets"]["get"]  # a path item copied in; its parameter a component, as a schema is
    assert get["parameters"] == [{"$ref": "#/components/parameters/Limit"}]
    assert doc.data["components"]["parameters"]["Limit"] == {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}
    assert doc.data["paths"]["/pets/{petId}"]["get"]["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}
    assert doc.sources == ["common/parameters.yaml", "common/responses.yaml", "errors/error.json", "paths/pets.yaml", "schemas/owner.yaml", "schemas/pet.yaml"]
    assert not any("$ref" in str(ref) and not str(ref).startswith("{'$ref': '#") for ref in _refs(doc.data))


def _refs(node: object) -> list[object]:
    if isinstance(node, dict):
        return ([node] if "$ref" in node else []) + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_nodes_from_other_files_are_located_in_their_own_file() -> None:
    doc = bundle(load(SPLIT))
    folder = SPLIT.parent
    assert doc.location(["components", "schemas", "pet", "properties", "parent"]) == type(doc.location())(str(folder / "schemas" / "pet.yaml"), 7, "/properties/parent")
    limit = doc.location(["components", "parameters", "Limit", "schema", "maximum"])
    assert (limit.file, limit.line, limit.pointer) == (str(folder / "common" / "parameters.yaml"), 4, "/Limit/schema/maximum")
    error = doc.location(["components", "schemas", "ApiError", "properties", "code"])
    assert (error.file, error.line) == (str(folder / "errors" / "error.json"), 8)
    root = doc.location(["paths", "/pets/{petId}", "get"])
    assert (root.file, root.line) == (str(SPLIT), 12)


def test_a_validation_finding_in_another_file_names_that_file(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        {
            "api.yaml": "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: paths/a.yaml\n",
            "paths/a.yaml": "get:\n  operationId: a\n  responses:\n    '200': {}\n",
        },
    )
    findings = validate(bundle(load(spec)))
    assert [str(f) for f in findings] == [f"{tmp_path}/paths/a.yaml:4 (#/get/responses/200): warning: 'description' is a required property"]


def test_names_that_clash_are_made_unique(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        {
            "api.yaml": (
                "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n"
                "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
                "              schema:\n                oneOf: [{$ref: cats/pet.yaml}, {$ref: dogs/pet.yaml}, {$ref: '#/components/schemas/pet'}]\n"
                "components:\n  schemas:\n    pet: {type: string}\n"
            ),
            "cats/pet.yaml": "type: object\nproperties: {meow: {type: boolean}}\n",
            "dogs/pet.yaml": "type: object\nproperties: {bark: {type: boolean}}\n",
        },
    )
    doc = bundle(load(spec))
    assert list(doc.data["components"]["schemas"]) == ["pet", "pet_pet", "pet2"]
    refs = doc.data["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["oneOf"]
    assert [r["$ref"] for r in refs] == ["#/components/schemas/pet_pet", "#/components/schemas/pet2", "#/components/schemas/pet"]


def test_a_discriminator_mapping_to_another_file_is_followed(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        {
            "api.yaml": (
                "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n"
                "      oneOf: [{$ref: cat.yaml}]\n      discriminator: {propertyName: kind, mapping: {cat: cat.yaml}}\n"
            ),
            "cat.yaml": "type: object\nproperties: {kind: {type: string}}\n",
        },
    )
    pet = bundle(load(spec)).data["components"]["schemas"]["Pet"]
    assert pet["discriminator"]["mapping"] == {"cat": "#/components/schemas/cat"}
    assert pet["oneOf"] == [{"$ref": "#/components/schemas/cat"}]


def test_examples_and_extensions_are_data_not_refs(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        {
            "api.yaml": (
                "openapi: 3.1.0\ninfo: {title: t, version: '1', x-note: {$ref: not-a-file.yaml}}\npaths: {}\n"
                "components:\n  schemas:\n    A:\n      $ref: a.yaml\n"
            ),
            "a.yaml": "type: object\nexample: {$ref: also-not-a-file.yaml}\n",
        },
    )
    data = bundle(load(spec)).data
    assert data["components"]["schemas"]["A"] == {"type": "object", "example": {"$ref": "also-not-a-file.yaml"}}
    assert data["info"]["x-note"] == {"$ref": "not-a-file.yaml"}


def test_editing_a_referenced_file_makes_check_report_stale_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(
        tmp_path / "spec",
        {
            "api.yaml": "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: paths/a.yaml\n",
            "paths/a.yaml": (
                "get:\n  operationId: getA\n  responses:\n    '200':\n      description: ok\n"
                "      content: {application/json: {schema: {$ref: ../schemas/a.yaml}}}\n"
            ),
            "schemas/a.yaml": "type: object\nproperties: {name: {type: string}}\n",
        },
    )
    out = tmp_path / "out"
    assert generate(spec, out, "split") == 0
    args = ["check", str(spec), "-o", str(out), "--package", "split"]
    assert main(args) == 0
    (spec.parent / "schemas" / "a.yaml").write_text("type: object\nproperties: {name: {type: integer}}\n")
    capsys.readouterr()
    assert main(args) == 1
    assert "+    name: int | None = None" in capsys.readouterr().out
    assert generate(spec, out, "split") == 0
    assert main(args) == 0


def test_findings_remembered_by_content_follow_the_other_files(tmp_path: Path) -> None:
    """validate/memo.py remembers findings per path item by its text: one whose content comes
    from another file must be checked again when that file changes."""
    files = {
        "api.yaml": (
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: paths/a.yaml\n"
            "  /b:\n    get:\n      operationId: b\n      responses:\n        '200':\n          description: ok\n"
            "          content: {application/json: {schema: {$ref: schemas/b.yaml}}}\n"
        ),
        "paths/a.yaml": "get:\n  operationId: a\n  responses:\n    '200': {description: ok}\n",
        "schemas/b.yaml": "type: object\n",
    }
    spec = write(tmp_path, files)
    assert validate(bundle(load(spec))) == []
    (tmp_path / "paths" / "a.yaml").write_text("get:\n  operationId: a\n  responses:\n    '200': {}\n")
    (tmp_path / "schemas" / "b.yaml").write_text("type: objet\n")
    found = sorted(str(f).split(": warning: ")[0] for f in validate(bundle(load(spec))))
    assert found == [f"{tmp_path}/paths/a.yaml:4 (#/get/responses/200)", f"{tmp_path}/schemas/b.yaml:1 (#/type)"]


def test_files_outside_the_documents_folder_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Specs that share files across folders (Azure's `../../common-types/...`): a ref may
    leave the root document's folder, and the manifest, `check` and messages follow it."""
    spec = write(
        tmp_path / "specs",
        {
            "pets/v1/api.yaml": (
                "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    $ref: ../../common/paths.yaml#/Pets\n"
                "components:\n  schemas:\n    Error:\n      $ref: ../../common/types.yaml#/Error\n"
            ),
            "common/paths.yaml": (
                "Pets:\n  get:\n    operationId: listPets\n    parameters: [{$ref: 'params.yaml#/Limit'}]\n    responses:\n"
                "      '200':\n        description: ok\n        content: {application/json: {schema: {$ref: 'types.yaml#/Pet'}}}\n"
                "        headers: {x-rate-limit: {schema: {$ref: 'types.yaml#/Count'}}}\n"
                "      default: {$ref: 'types.yaml#/Failed'}\n"
            ),
            "common/params.yaml": "Limit: {name: limit, in: query, schema: {type: integer}}\n",
            "common/types.yaml": (
                "Pet:\n  type: object\n  properties: {name: {type: string}}\n"
                "Error:\n  type: object\n  properties: {message: {type: string}}\n"
                "Failed:\n  content: {application/json: {schema: {$ref: '#/Error'}}}\n"
                "Count: {type: integer}\n"
            ),
        },
    )
    doc = bundle(load(spec))
    responses = doc.data["paths"]["/pets"]["get"]["responses"]  # (`default` and `x-...` name entries here: no keywords)
    assert responses["default"] == {"$ref": "#/components/responses/Failed"}
    assert doc.data["components"]["responses"]["Failed"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert responses["200"]["headers"]["x-rate-limit"]["schema"] == {"$ref": "#/components/schemas/Count"}
    assert doc.sources == ["../../common/params.yaml", "../../common/paths.yaml", "../../common/types.yaml"]
    assert sorted(doc.data["components"]["schemas"]) == ["Count", "Error", "Pet"]
    findings = [str(f) for f in validate(doc)]  # (the response `Failed` lacks its description)
    assert findings == [f"{tmp_path}/specs/common/types.yaml:7 (#/Failed): warning: 'description' is a required property"]

    out = tmp_path / "out"
    assert generate(spec, out, "pets") == 0
    code = (out / "pets" / "resources" / "pets.py").read_text(encoding="utf-8")
    assert "limit: int | NotGiven = NOT_GIVEN" in code and "-> list[Pet]" not in code and "-> Pet" in code
    args = ["check", str(spec), "-o", str(out), "--package", "pets"]
    assert main(args) == 0
    (tmp_path / "specs" / "common" / "types.yaml").write_text(
        "Pet:\n  type: object\n  properties: {name: {type: integer}}\nError: {type: object}\nFailed: {description: no}\nCount: {type: integer}\n"
    )
    capsys.readouterr()
    assert main(args) == 1
    assert "+    name: int | None = None" in capsys.readouterr().out


def test_a_document_that_stands_alone_reads_nothing_beyond_its_folder(tmp_path: Path) -> None:
    """A copy of a URL or stdin: a ref out of its folder could pull the user's files into the client."""
    spec = write(
        tmp_path / "copy",
        {"api.yaml": "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: ../private.yaml\n"},
    )
    write(tmp_path, {"private.yaml": "get: {responses: {'200': {description: secret}}}\n"})
    assert bundle(load(spec)).data["paths"]["/a"]["get"]["responses"]["200"]["description"] == "secret"
    with pytest.raises(GenerationError) as raised:
        bundle(load(spec), stands_alone=True)
    assert str(raised.value) == (
        f"{spec}:5 (#/paths/~1a/$ref): error: $ref '../private.yaml' leads outside the folder of api.yaml, a copy of a document from a URL or stdin"
    )


def test_of_root_schemas_naming_one_schema_the_one_named_as_it_holds_it(tmp_path: Path) -> None:
    """`GetOrder` and `Order` both `$ref: schemas.yaml#/Order`: the class is `Order`, whichever comes first."""
    spec = write(
        tmp_path,
        {
            "api.yaml": (
                "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
                "    GetOrder: {$ref: 'schemas.yaml#/Order'}\n    Order: {$ref: 'schemas.yaml#/Order'}\n"
            ),
            "schemas.yaml": "Order: {type: object, properties: {id: {type: string}}}\n",
        },
    )
    schemas = bundle(load(spec)).data["components"]["schemas"]
    assert schemas == {"GetOrder": {"$ref": "#/components/schemas/Order"}, "Order": {"type": "object", "properties": {"id": {"type": "string"}}}}
