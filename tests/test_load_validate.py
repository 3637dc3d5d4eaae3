"""Stages 1 and 2: reading a document (and finding lines in it), and validating it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, GenerationError, Location, pointer
from generator.load import Document, load
from generator.validate import validate

from conftest import generate_in_fresh_python

OPENAI = Path(__file__).resolve().parents[2] / "shared" / "specs" / "openai.yaml"


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def doc_of(tmp_path: Path, text: str, name: str = "spec.yaml") -> Document:
    return load(write(tmp_path, text, name))


def load_error(path: Path) -> Diagnostic:
    with pytest.raises(GenerationError) as info:
        load(path)
    [diagnostic] = info.value.diagnostics
    return diagnostic


def findings(doc: Document, strict: bool = False) -> dict[str, tuple[int | None, str, str]]:
    """pointer -> (line, severity, message); one finding per place, so a dict loses nothing."""
    out: dict[str, tuple[int | None, str, str]] = {}
    for d in validate(doc, strict=strict):
        assert d.location.pointer not in out, f"two findings at {d.location.pointer}"
        out[d.location.pointer] = (d.location.line, d.severity, d.message)
    return out


# -- lines ---------------------------------------------------------------------------------

LINES = """\
openapi: 3.1.0
info:
  title: Lines
  version: "1"
paths:
  "/a/{id}":
    get:
      parameters:
        - name: id
          in: path
        - $ref: '#/components/parameters/P'
      responses:
        200:
          description: ok
        default: {description: flow, content: {application/json: {schema: {type: string}}}}
components:
  schemas:
    Base: &base
      type: object
      properties:
        a~b/c: {type: string}
    Copy: *base
x-keys:
  true: 1
  0x1F: 2
  '200': 3
"""


def test_a_member_is_on_its_key_line(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, LINES)
    assert doc.line(["paths"]) == 5
    assert doc.line(["paths", "/a/{id}", "get"]) == 7
    assert doc.line(["paths", "/a/{id}", "get", "parameters"]) == 8
    assert doc.line(["paths", "/a/{id}", "get", "parameters", 0]) == 9
    assert doc.line(["paths", "/a/{id}", "get", "parameters", 0, "in"]) == 10
    assert doc.line(["paths", "/a/{id}", "get", "parameters", 1, "$ref"]) == 11
    assert doc.line(["paths", "/a/{id}", "get", "responses", "200", "description"]) == 14
    assert doc.line(["components", "schemas", "Base", "properties", "a~b/c", "type"]) == 21


def test_a_one_line_document_needs_no_line_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Minified JSON (the APIs.guru directory's, megabytes on one line): every node is on
    line 1, which a YAML event scan of the whole text took seconds to say."""
    import generator.load

    spec = tmp_path / "min.json"
    spec.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {}}}) + "\n")
    doc = load(spec)
    monkeypatch.setattr(generator.load, "_line_index", lambda text: pytest.fail("indexed a one-line text"))
    assert doc.line(["paths", "/a"]) == 1
    assert doc.location(["info", "title"]).line == 1


def test_lines_in_flow_style(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, LINES)
    assert doc.line(["paths", "/a/{id}", "get", "responses", "default", "content", "application/json", "schema", "type"]) == 15


def test_keys_are_found_as_the_data_has_them(tmp_path: Path) -> None:
    """`200:` is an int and `true:` a bool to YAML; the data (and pointers) have strings."""
    doc = doc_of(tmp_path, LINES)
    assert doc.data["x-keys"] == {"true": 1, "31": 2, "200": 3}
    assert doc.line(["x-keys"]) == 23
    assert doc.line(["x-keys", "true"]) == 24
    assert doc.line(["x-keys", "31"]) == 25
    assert doc.line(["x-keys", "200"]) == 26


def test_inside_an_alias_the_line_is_the_alias(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, LINES)
    assert doc.data["components"]["schemas"]["Copy"]["type"] == "object"
    assert doc.line(["components", "schemas", "Copy", "properties", "a~b/c"]) == 22


def test_location_carries_line_and_escaped_pointer(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, LINES)
    location = doc.location(["components", "schemas", "Base", "properties", "a~b/c"])
    assert location == Location(str(tmp_path / "spec.yaml"), 21, "/components/schemas/Base/properties/a~0b~1c")
    assert str(location).endswith("spec.yaml:21 (#/components/schemas/Base/properties/a~0b~1c)")


def test_an_unknown_pointer_gets_its_nearest_ancestors_line(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, LINES)
    assert doc.line(["paths", "/a/{id}", "get", "nothing", "here"]) == 7
    assert doc.line([]) == 1


def test_lines_in_json(tmp_path: Path) -> None:
    data = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"operationId": "x"}}}}
    doc = doc_of(tmp_path, json.dumps(data, indent=2), "spec.json")
    assert doc.line(["paths", "/a", "get", "operationId"]) == 10


def test_a_location_is_one_line_whatever_the_names() -> None:
    location = Location("spec.yaml", 3, pointer(["paths", "/a\nb", "x\u2028y"]))
    text = str(Diagnostic("bad\nthing", location))
    assert "\n" not in text and "\u2028" not in text
    assert text == "spec.yaml:3 (#/paths/~1a%0Ab/x%E2%80%A8y): error: bad thing"


# -- load errors ---------------------------------------------------------------------------


def test_broken_yaml_points_at_the_line(tmp_path: Path) -> None:
    d = load_error(write(tmp_path, "openapi: 3.1.0\ninfo:\n  title: t\n   version: 1\n"))
    assert d.location.line == 4
    assert d.message.startswith("invalid YAML: ")


def test_broken_json_points_at_the_line(tmp_path: Path) -> None:
    d = load_error(write(tmp_path, '{\n  "openapi": "3.1.0",\n  "info": {"title": "t" "version": "1"}\n}\n', "spec.json"))
    assert d.location.line == 3
    assert d.message == "invalid JSON: Expecting ',' delimiter"


def test_a_trailing_comma_in_json_is_named(tmp_path: Path) -> None:
    d = load_error(write(tmp_path, '{\n  "openapi": "3.1.0",\n  "paths": {},\n}\n', "spec.json"))
    assert (d.location.line, d.message) == (3, "invalid JSON: trailing comma")


@pytest.mark.parametrize(
    ("text", "what"),
    [("", "empty"), ("- a\n- b\n", "a list"), ("just text\n", "a string"), ("42\n", "a number")],
)
def test_the_top_level_must_be_a_mapping(tmp_path: Path, text: str, what: str) -> None:
    d = load_error(write(tmp_path, text))
    assert d.message == f"an OpenAPI document must be a mapping at the top level, but this one is {what}"
    assert d.location.line == 1


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert load_error(tmp_path / "nope.yaml").message == f"file not found: {tmp_path / 'nope.yaml'}"
    assert "is a folder" in load_error(tmp_path).message


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"openapi: 3.1.0\ninfo:\n  title: caf\xe9\n")
    d = load_error(path)
    assert (d.location.line, d.message) == (3, f"cannot read {path}: not UTF-8 text (byte 0xe9)")


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_bytes(b'\xef\xbb\xbf{"openapi": "3.1.0"}')
    assert load(path).data == {"openapi": "3.1.0"}


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["openapi: 3.1.0", "x-0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"x-{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    d = load_error(write(tmp_path, "\n".join(lines) + "\n"))
    assert "expands to more than" in d.message
    assert time.perf_counter() - started < 10


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    d = load_error(write(tmp_path, "openapi: 3.1.0\nx-r: &r\n  self: *r\n"))
    assert d.message == "the document refers to itself (a recursive YAML alias)"


def test_shared_nodes_stay_shared_and_small(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, LINES)
    schemas = doc.data["components"]["schemas"]
    assert schemas["Copy"] is schemas["Base"]


@pytest.mark.parametrize("name", ["deep.yaml", "deep.json"])
def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, '{"openapi": "3.1.0", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", name)
    try:
        load(path)
    except GenerationError as exc:
        assert "nested too deeply" in str(exc) or "nesting depth" in str(exc)


# -- validation: where ---------------------------------------------------------------------

DOC_31 = """\
openapi: 3.1.0
info: {title: Bad 3.1, version: "1"}
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: idx, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Item"
  /other:
    post:
      operationId: getItem
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                v: {type: integer, default: 1.5}
      responses:
        default: {description: x}
components:
  schemas:
    Item:
      type: object
      required: [id, name, id]
      properties:
        id:
          type: [string, nul]
          pattern: "[unclosed"
        tags:
          type: array
          items: 5
          minItems: -2
        kind:
          type: string
          enum: [a, b]
          default: nope
        n:
          type: number
          exclusiveMinimum: true
        deep:
          type: object
          additionalProperties:
            type: object
            properties:
              x: {type: string, maxLength: "3"}
        modes:
          type: array
          items:
            type: string
            enum: [a, b]
            default: [a]
    Composite:
      allOf:
        - $ref: "#/components/schemas/Item"
      required: [missing_prop]
    WithRef:
      $ref: "#/components/schemas/Item"
      maxLength: -1
"""


def test_every_finding_has_its_absolute_pointer_and_line(tmp_path: Path) -> None:
    found = findings(doc_of(tmp_path, DOC_31))
    item = "/components/schemas/Item"
    assert found == {
        "/paths/~1items~1{id}/get": (5, "warning", "path parameter 'id' of GET /items/{id} is not declared in its parameters"),
        "/paths/~1items~1{id}/get/parameters/0/name": (8, "warning", "path parameter 'idx' does not appear in the path '/items/{id}': no request can carry it, so the method leaves it out"),
        "/paths/~1items~1{id}/get/responses/200": (10, "warning", "'description' is a required property"),
        "/paths/~1other/post/operationId": (17, "warning", "duplicate operationId 'getItem' (also GET /items/{id})"),
        "/paths/~1other/post/requestBody/content/application~1json/schema/properties/v/default": (
            24,
            "warning",
            "invalid default value: 1.5 is not of type 'integer'",
        ),
        f"{item}/required/2": (31, "warning", "duplicate entry in required list: 'id'"),
        f"{item}/properties/id/type/1": (
            34,
            "warning",
            "'nul' is not one of ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']",
        ),
        f"{item}/properties/id/pattern": (35, "warning", "'[unclosed' is not a 'regex'"),
        f"{item}/properties/tags/items": (38, "warning", "5 is not of type 'object', 'boolean'"),  # a schema: degraded
        f"{item}/properties/tags/minItems": (39, "warning", "-2 is less than the minimum of 0"),
        f"{item}/properties/kind/default": (43, "warning", "invalid default value: 'nope' is not one of ['a', 'b']"),
        f"{item}/properties/n/exclusiveMinimum": (
            46,
            "warning",
            "True is not of type 'number' (OpenAPI 3.1 wants the bound itself, e.g. exclusiveMinimum: 0, not the 3.0 flag)",
        ),
        f"{item}/properties/deep/additionalProperties/properties/x/maxLength": (52, "warning", "'3' is not of type 'integer'"),
        f"{item}/properties/modes/items/default": (
            58,
            "warning",
            "invalid default value: ['a'] is not of type 'string' "
            "(this schema is the array's items: the array's default belongs on the array)",
        ),
        "/components/schemas/Composite/required/0": (
            62,
            "warning",
            "required property 'missing_prop' is not defined by the schema or its allOf parts",
        ),
        "/components/schemas/WithRef/maxLength": (65, "warning", "-1 is less than the minimum of 0"),
    }


DOC_30 = """\
openapi: 3.0.3
info: {title: Bad 3.0, version: "1"}
tags:
  - name: a
  - name: a
    description: same name, other tag
paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      parameters:
        - name: q
          in: query
          schema: {type: integer, default: "x"}
        - {name: q, in: query, schema: {type: string}}
        - $ref: "#/components/parameters/Limit"
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  deeper: {type: strin, minLength: -1}
components:
  parameters:
    Limit:
      name: limit
      in: query
      schema: {type: integer, minimum: 1, default: 0}
  schemas:
    Item:
      type: object
      properties:
        n: {type: number, minimum: 1, exclusiveMinimum: 3}
        kind: {type: string, enum: [], default: nope}
        maybe: {type: object, nullable: true, default: null}
"""


def test_openapi_30_findings(tmp_path: Path) -> None:
    found = findings(doc_of(tmp_path, DOC_30))
    deeper = "/paths/~1items~1{id}/get/responses/200/content/application~1json/schema/properties/deeper"
    assert found == {
        "/tags/1/name": (5, "warning", "duplicate tag name 'a'"),
        "/paths/~1items~1{id}/get/parameters/0/schema/default": (15, "warning", "invalid default value: 'x' is not of type 'integer'"),
        "/paths/~1items~1{id}/get/parameters/1": (16, "warning", "duplicate parameter 'q' in query"),
        f"{deeper}/type": (26, "warning", "'strin' is not one of ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']"),
        f"{deeper}/minLength": (26, "warning", "-1 is less than the minimum of 0"),
        "/components/parameters/Limit/schema/default": (32, "warning", "invalid default value: 0 is less than the minimum of 1"),
        "/components/schemas/Item/properties/n/exclusiveMinimum": (
            37,
            "warning",
            "3 is not of type 'boolean' (in OpenAPI 3.0 it is a flag: minimum: 3 with exclusiveMinimum: true)",
        ),
        "/components/schemas/Item/properties/kind/enum": (38, "warning", "[] should be non-empty"),
        "/components/schemas/Item/properties/kind/default": (38, "warning", "invalid default value: 'nope' is not one of []"),
    }


def test_strict_makes_findings_errors(tmp_path: Path) -> None:
    assert {severity for _, severity, _ in findings(doc_of(tmp_path, DOC_30), strict=True).values()} == {"error"}


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ("paths: 5", "/paths", "5 is not of type 'object'"),
        ("paths: {/a: {get: {responses: [1]}}}", "/paths/~1a/get/responses", "[1] is not of type 'object'"),
        ("paths: {/a: {get: {parameters: 5, responses: {}}}}", "/paths/~1a/get/parameters", "5 is not of type 'array'"),
        ("servers: {url: x}", "/servers", "{'url': 'x'} is not of type 'array'"),
    ],
)
def test_a_wrong_shape_is_an_error_even_when_not_strict(tmp_path: Path, body: str, where: str, message: str) -> None:
    doc = doc_of(tmp_path, f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{body}\n")
    found = findings(doc)
    assert found[where][1:] == ("error", message)


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ("components: {schemas: {A: {properties: 5}}}", "/components/schemas/A/properties", "5 is not of type 'object'"),
        ("components: {schemas: {A: {required: true}}}", "/components/schemas/A/required", "True is not of type 'array'"),
        ("paths: {/a: {get: {responses: {'200': {description: d, content: {a/b: {schema: {items: [1]}}}}}}}}",
         "/paths/~1a/get/responses/200/content/a~1b/schema/items", "[1] is not of type 'object', 'boolean'"),
    ],
)
def test_a_wrong_shape_inside_a_schema_is_a_warning(tmp_path: Path, body: str, where: str, message: str) -> None:
    """The IR reads such a schema as the nearest sound type (ir/repair.py): no reason to stop."""
    doc = doc_of(tmp_path, f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{body}\n")
    assert findings(doc)[where][1:] == ("warning", message)


def test_not_openapi_3(tmp_path: Path) -> None:
    [d] = validate(doc_of(tmp_path, "swagger: '2.0'\ninfo: {title: t}\n"))
    assert (d.message, d.location.pointer, d.severity) == ("Swagger 2.0 is not supported: convert the document to OpenAPI 3 first", "/swagger", "error")
    [d] = validate(doc_of(tmp_path, "info: {title: t}\n"))
    assert d.message == "not an OpenAPI 3.0/3.1 document (no 'openapi' field)"
    [d] = validate(doc_of(tmp_path, "openapi: 3.2.0\ninfo: {title: t}\n"))
    assert (d.message, d.location.line) == ("not an OpenAPI 3.0/3.1 document (openapi: 3.2.0)", 1)


REFS = """\
openapi: 3.1.0
info: {title: Refs, version: "1"}
paths:
  /a:
    get:
      parameters:
        - $ref: "#/components/parameters/Nope"
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/A"}
components:
  schemas:
    A: {$ref: "#/components/schemas/B"}
    B: {$ref: "#/components/schemas/A"}
    C: {$ref: "other.yaml#/C"}
    D:
      type: object
      properties:
        self: {$ref: "#/components/schemas/D"}
        e: {$ref: "#/components/schemas/E~1F"}
    E/F: {type: string}
"""


def test_reference_problems_are_found_once_at_the_ref(tmp_path: Path) -> None:
    found = findings(doc_of(tmp_path, REFS))
    assert found == {
        "/paths/~1a/get/parameters/0/$ref": (7, "warning", "dangling $ref '#/components/parameters/Nope': no such node"),
        "/components/schemas/B/$ref": (
            17,
            "warning",
            "cyclic $ref: /components/schemas/A -> /components/schemas/B -> /components/schemas/A",
        ),
        "/components/schemas/C/$ref": (
            18,
            "warning",
            "unsupported $ref 'other.yaml#/C': only references inside the document are supported",
        ),
        "/components/schemas/E~1F": (24, "warning", "name 'E/F' does not match '^[a-zA-Z0-9._-]+$'"),
    }


def test_odd_values_do_not_crash_the_validator(tmp_path: Path) -> None:
    text = """\
openapi: 3.1.0
info: {title: Odd, version: "1"}
jsonSchemaDialect: 5
paths:
  /a/{:
    parameters: [5, {$ref: 5}, {name: 1, in: 2}]
    get:
      parameters: {}
      requestBody: {$ref: "#/paths"}
      responses: {"200": {$ref: "#/nowhere/~"}}
  /b:
    $ref: "#/paths/~1a~1{"
components:
  schemas:
    A: {$schema: "https://example.com/unknown", type: object}
    B: {properties: {x: {$ref: "#/components/schemas/A/properties/y"}}, default: {x: 1}}
"""
    for d in validate(doc_of(tmp_path, text)):
        assert "could not finish" not in d.message, d
        assert "\n" not in str(d)


# -- validation: a real document -------------------------------------------------------------


@pytest.fixture(scope="module")
def openai_findings() -> tuple[list[Diagnostic], float]:
    if not OPENAI.exists():
        if os.environ.get("CLIENTSMITH_REQUIRE_OPENAI_SPEC"):
            pytest.fail(f"{OPENAI} is missing and CLIENTSMITH_REQUIRE_OPENAI_SPEC is set")
        pytest.skip(f"{OPENAI} is not here (it is in CI)")
    doc = load(OPENAI)
    started = time.perf_counter()
    found = validate(doc)
    return found, time.perf_counter() - started


def test_openai_findings_say_where_and_what(openai_findings: tuple[list[Diagnostic], float]) -> None:
    found, _ = openai_findings
    assert found, "the OpenAI document has known defects"
    pointers = [d.location.pointer for d in found]
    assert len(pointers) == len(set(pointers)), "one finding per place"
    for d in found:
        assert d.severity == "warning", d
        assert d.location.pointer.startswith("/components/") or d.location.pointer.startswith("/paths/"), d
        assert d.location.line is not None and d.location.line > 1, d
        assert "\n" not in str(d) and len(d.message) <= 300, d
        assert not d.message.startswith("None is not valid under any"), d
    by_pointer = {d.location.pointer: d for d in found}
    required = by_pointer["/components/schemas/ContainerResource/required/5"]
    assert required.message == "duplicate entries in required list: 'id', 'name', 'created_at', 'status'"
    lines = OPENAI.read_text(encoding="utf-8").splitlines()
    assert lines[(required.location.line or 0) - 1].strip() == "- id"
    anchor = by_pointer["/components/schemas/CompoundFilter/$recursiveAnchor"]
    assert lines[(anchor.location.line or 0) - 1].strip() == "$recursiveAnchor: true"


def test_openai_validation_is_fast(openai_findings: tuple[list[Diagnostic], float]) -> None:
    _, seconds = openai_findings
    print(f"validate(openai.yaml): {seconds:.2f} s")
    assert seconds < 30  # it was ~9 s with openapi-spec-validator's own walk; ~2 s now


def test_validation_loads_the_validators_without_the_librarys_settings(tmp_path: Path) -> None:
    """openapi-schema-validator's __init__ imports pydantic-settings for shortcuts we do not
    use; its validators module is loaded alone, and the package still imports whole after.
    (They are loaded for a document with something to report: quick.py vouches for the rest.)"""
    then = (
        "assert 'openapi_schema_validator.validators' in sys.modules\n"
        "assert 'pydantic_settings' not in sys.modules\n"
        "import openapi_schema_validator\n"
        "assert openapi_schema_validator.validate and openapi_schema_validator.OAS30Validator\n"
        "print('ok')\n"
    )
    text = (Path(__file__).resolve().parents[1] / "specs" / "threads.yaml").read_text(encoding="utf-8")
    spec = tmp_path / "threads.yaml"
    spec.write_text(text.replace("\n  schemas:\n", "\n  schemas:\n    Bad: {type: string, default: 5}\n", 1), encoding="utf-8")
    assert generate_in_fresh_python(spec, tmp_path / "out", tmp_path / "cache", then).strip().splitlines()[-1] == "ok"


def test_paths_that_differ_only_in_parameter_names_are_reported(tmp_path: Path) -> None:
    """OpenAPI forbids them: with a method on both, a server cannot tell which is called.
    Different methods on each are left alone (many documents split them so)."""
    doc = doc_of(
        tmp_path,
        """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /countries/{code2}:
    get:
      parameters: [{name: code2, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /countries/{code3}:
    get:
      parameters: [{name: code3, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /cities/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /cities/{key}:
    delete:
      parameters: [{name: key, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: gone}}
""",
    )
    assert findings(doc) == {
        "/paths/~1countries~1{code3}": (
            8,
            "warning",
            "path '/countries/{code3}' is '/countries/{code2}' with other parameter names, and both have GET: OpenAPI forbids identical paths, a server cannot tell them apart",
        )
    }


def test_a_discriminator_mapping_to_what_is_not_in_the_document_is_reported(tmp_path: Path) -> None:
    """A value may name a schema or refer to one; one left pointing into the authors' own
    files (digitalocean: `models/droplet_actions.yml#/droplet_action`) names nothing here."""
    doc = doc_of(
        tmp_path,
        """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Action:
      oneOf: [{$ref: "#/components/schemas/Reboot"}]
      discriminator:
        propertyName: type
        mapping:
          reboot: "#/components/schemas/Reboot"
          by_name: Reboot
          resize: models/droplet_actions.yml#/droplet_action_resize
          gone: "#/components/schemas/Gone"
    Reboot: {type: object, properties: {type: {type: string}}}
""",
    )
    base = "/components/schemas/Action/discriminator/mapping/"
    assert findings(doc) == {
        base + "resize": (13, "warning", "discriminator mapping 'resize' names 'models/droplet_actions.yml#/droplet_action_resize', which is not in the document: left out"),
        base + "gone": (14, "warning", "discriminator mapping 'gone' names '#/components/schemas/Gone', which is not in the document: left out"),
    }


def test_the_findings_do_not_depend_on_string_hashing() -> None:
    """jsonschema meets the members that `additionalProperties` checks in a set's order, which
    follows PYTHONHASHSEED; where several members of one schema are wrong, which of them a
    run named (and so which repair notes it printed) changed from run to run (three of
    twelve seeds gave other warnings for this document). The same document, the same words."""
    import subprocess
    import sys

    spec = Path(__file__).parent / "degrade" / "slips.yaml"
    said = set()
    for seed in ("1", "10", "11"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "CLIENTSMITH_CACHE_DIR": "off"}
        code = f"from generator.load import load\nfrom generator.validate import validate\nfor d in validate(load({str(spec)!r})): print(d)"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        said.add(done.stdout)
    assert len(said) == 1 and "Recipe" in next(iter(said))
