"""Slightly wrong documents degrade, never crash (generator/ir/repair.py).

Each document under tests/degrade/ generates (exit 0), says what it could not read as a
warning with file, line and pointer, and gives a client that imports, passes
`mypy --strict` and its own generated tests against the mock transport.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Annotated
from pathlib import Path

import pytest

from conftest import run_mypy

DEGRADE = Path(__file__).parent / "degrade"
PACKAGE = "degraded"

# spec -> the places (pointers) that must be warned of
WARNED = {
    "slips.yaml": {
        "/components/schemas/Recipe/properties/type_object/type",
        "/components/schemas/Recipe/properties/null_in_type_list/type",
        "/components/schemas/Recipe/properties/items_list/items",
        "/components/schemas/Recipe/properties/properties_list/properties",
        "/components/schemas/Recipe/properties/all_of_text/allOf",
        "/components/schemas/Recipe/properties/all_of_clash/allOf",
        "/components/schemas/Recipe/properties/enum_misfit/enum",
        "/components/schemas/Recipe/properties/enum_misfit/default",
        "/components/schemas/Recipe/properties/enum_partly/enum",
        "/components/schemas/Recipe/properties/limit_misplaced/maximum",
        "/components/schemas/Recipe/properties/required_true/required",
        "/components/schemas/Recipe/properties/limit_text/maxLength",
        "/components/schemas/Recipe/properties/bad_pattern/pattern",
        "/components/schemas/Recipe/properties/schema_text",
        "/components/schemas/Recipe/required/1",
        "/components/schemas/Recipe/properties/js_pattern/pattern",
        "/components/schemas/Recipe/properties/string_closed/additionalProperties",

        "/components/schemas/Profile/required/1",
        "/paths/~1edits/post/requestBody/content/application~1x-www-form-urlencoded/schema",
        "/paths/~1edit-notes/post/requestBody/content/multipart~1form-data/schema",
    },
    "file_type.yaml": {
        "/paths/~1images/post/requestBody/content/application~1octet-stream/schema/format",
        "/paths/~1images/post/requestBody/content/multipart~1form-data/schema/format",
    },
    "dropped_refs.yaml": {
        "/paths/~1monsters~1{index}/get/responses/200/content/application~1json/schema/allOf",
        "/components/schemas/Spell/properties/damage/$ref",
        "/components/schemas/Spell/properties/shape/$ref",
        "/components/schemas/Shape/properties/type",  # (the validator reads what that $ref points to as a schema)
        "/components/schemas/Flag",  # (3.0: a schema is an object)
    },
    "endless.yaml": {
        "/components/schemas/TreeNode/required/1",
        "/components/schemas/Company/required/0",
    },
    "limits.yaml": {
        "/components/schemas/Note/properties/text/maxLength",
        "/components/schemas/Note/properties/tags/minItems",
        "/components/schemas/Note/properties/attributes/minProperties",
        "/components/schemas/Note/properties/licence/minLength",
        "/components/schemas/Note/properties/client_id/pattern",
        "/components/schemas/Note/properties/size/minLength",
        "/components/schemas/Note/properties/rating/minimum",
        "/components/schemas/Note/properties/labels/minItems",
    },
    "enum_format.yaml": {
        "/paths/~1singlesends~1{id}~1schedule/put/requestBody/content/application~1json/schema/properties/send_at/enum",
    },
    "forward_refs.yaml": set(),
    "half_upgraded.yaml": {
        "/consumes",
        "/paths/~1pets/post/parameters/0/schema/type",
        "/paths/~1pets/post/parameters/1/in",
        "/paths/~1pets/post/responses/200/schema",
        "/paths/~1pets~1{id}~1photo/post/parameters/0/schema/type",
        "/paths/~1pets~1{id}~1photo/post/parameters/1/in",
        "/paths/~1pets~1{id}~1photo/post/parameters/2/in",
        "/components/schemas/Pet/type",
        "/components/schemas/Pet/properties/name/type",
        "/components/schemas/Pet/properties/born/type",
        "/components/schemas/Pet/properties/weight/type",
    },
    "shadowing.yaml": set(),
    "unsendable.yaml": {
        "/paths/~1plugins~1{pluginId}~1{version}~1disable/post/parameters/1/schema",
        "/paths/~1tags~1{tags}/delete/parameters/0/schema",
        "/paths/~1plugins~1{pluginId}/get/parameters/1",
        "/paths/~1plugins~1{pluginId}/get/parameters/2",
        "/paths/~1plugins~1{pluginId}/get/parameters/3",
    },
    # identical paths but for names; a media type without its slash
    "routes.yaml": {"/paths/~1{market}~1orders~1{marketOrder}~1cancel", "/paths/~1countries~1{guid}", "/paths/~1versions/post/requestBody/content", "/paths/~1owners/get/parameters/0/name"},
}


@pytest.fixture(scope="module", params=sorted(WARNED))
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("degrade") / "out"
    spec = DEGRADE / request.param
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--package", PACKAGE],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return request.param, out, result


def test_generates_with_a_warning_at_each_slip(generated: tuple[str, Path, subprocess.CompletedProcess[str]]) -> None:
    name, _, result = generated
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and " error: " not in result.stderr
    warned = set()
    for line in result.stderr.splitlines():
        assert line.startswith(f"clientsmith: {DEGRADE / name}:"), line
        warned.add(line.split(" (#", 1)[1].split("): warning: ", 1)[0])
    assert warned == WARNED[name]


def test_the_client_imports_and_runs_its_tests(generated: tuple[str, Path, subprocess.CompletedProcess[str]]) -> None:
    _, out, result = generated
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    code = f"import importlib, pkgutil, {PACKAGE}\nfor m in pkgutil.walk_packages({PACKAGE}.__path__, '{PACKAGE}.'): importlib.import_module(m.name)\n"
    imported = subprocess.run([sys.executable, "-c", code], cwd=out, env=env, capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr[-3000:]
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:asyncio", "-k", "not prism", "tests"],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]


def test_the_client_passes_mypy_strict(generated: tuple[str, Path, subprocess.CompletedProcess[str]]) -> None:
    _, out, result = generated
    assert result.returncode == 0, result.stderr
    checked = run_mypy(out, PACKAGE)
    assert checked.returncode == 0, checked.stdout[-3000:]


def run_in_client(spec: str, code: str, out: Path) -> str:
    """Generate tests/degrade/`spec` into `out` and run `code` there; its standard output."""
    command = [sys.executable, "-m", "generator", "generate", str(DEGRADE / spec), "-o", str(out), "--package", PACKAGE]
    assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
    run = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout


def _urls_sent(answer: str, *calls: str) -> str:
    """Code for `run_in_client` that makes `calls` on a client whose transport answers JSON
    `answer` to each, and prints each request's raw path and fragment."""
    return (
        "import httpx2\n"
        f"from {PACKAGE} import Client\n"
        "sent = []\n"
        "def answer(request):\n"
        "    sent.append(request.url)\n"
        f"    return httpx2.Response(200, json={answer}, headers={{'content-type': 'application/json'}})\n"
        "client = Client(base_url='https://api.test', http_client=httpx2.Client(transport=httpx2.MockTransport(answer)))\n"
        + "".join(f"{call}\n" for call in calls)
        + "print([(u.raw_path.decode(), u.fragment) for u in sent])\n"
    )


def test_forward_references_validate_at_run_time(tmp_path: Path) -> None:
    """A functional TypedDict's forward references resolve when pydantic checks a request."""
    out = tmp_path / "out"
    code = (
        f"from {PACKAGE}._models import validate_params\n"
        f"from {PACKAGE}._exceptions import RequestValidationError\n"
        f"from {PACKAGE}.types import DishParam\n"
        "ok = {'from': {'region': 'x', 'Wine Pairing': {'def': 'd', 'dish': {'self': {}}}}, 'course': {'next': {'name': 'n'}}}\n"
        "assert validate_params(DishParam, ok) == ok\n"
        "try:\n"
        "    validate_params(DishParam, {'from': {'Wine Pairing': {'dish': {'Wine Pairing': [{'class': 'not a number'}]}}}})\n"
        "except RequestValidationError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('a wrong type deep down was accepted')\n"
    )
    run_in_client("forward_refs.yaml", code, out)


def test_repair_leaves_a_sound_document_as_it_is(threads_spec: Path) -> None:
    from generator.ir.repair import repair
    from generator.load import load

    data = load(threads_spec).data
    assert repair(data) == (data, []) and repair(data)[0] is data


def test_repair_reads_each_slip_as_the_nearest_sound_schema() -> None:
    from generator.ir.repair import repair

    data = {
        "openapi": "3.0.3",
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "required": ["a", "ghost"],
                    "properties": {
                        "a": {"type": ["integer", "null"]},
                        "b": {"type": ["integer", "string"], "maxLength": "3"},
                        "c": "string",
                        "d": {"type": "array", "items": [{"type": "string"}], "example": {"type": 5}},
                    },
                },
                "B": {"allOf": [{"$ref": "#/components/schemas/A"}], "required": ["from_a"]},
            }
        },
    }
    repaired, notes = repair(data)
    a = repaired["components"]["schemas"]["A"]
    assert a["required"] == ["a"]
    assert a["properties"] == {
        "a": {"type": "integer", "nullable": True},
        "b": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
        "c": {},
        "d": {"type": "array", "example": {"type": 5}},  # an example is data, left alone
        "ghost": {},  # stale or left out of `properties`: any value, optional
    }
    assert repaired["components"]["schemas"]["B"]["properties"] == {"from_a": {}}  # nor has A it
    assert [("/".join(parts), message) for parts, message in notes] == [
        ("components/schemas/A/required/1", "required 'ghost' not among the properties: an optional field of any value"),
        ("components/schemas/A/properties/a/type", "a list of types is OpenAPI 3.1, not 3.0: read as {'type': 'integer', 'nullable': True}"),
        ("components/schemas/A/properties/b/maxLength", "'maxLength' cannot be '3': ignored"),
        ("components/schemas/A/properties/b/type", "a list of types is OpenAPI 3.1, not 3.0: read as {'anyOf': [{'type': 'integer'}, {'typ..."),
        ("components/schemas/A/properties/c", "not a schema ('string'): read as any value"),
        ("components/schemas/A/properties/d/items", "'items' cannot be [{'type': 'string'}]: ignored"),
        ("components/schemas/B/required/0", "required 'from_a' not among the properties: an optional field of any value"),
    ]


def test_what_stands_beside_a_ref_is_read_as_each_version_means_it() -> None:
    """3.0 ignores what is beside a `$ref`, but `nullable: true` there (and Swagger 2.0's
    `x-nullable`) is meant: read as 3.0 writes it, with a note; the rest stays ignored. 3.1
    applies what is beside: a keyword that changes the values makes an allOf of the target."""
    from generator.ir.repair import repair

    ref = {"$ref": "#/components/schemas/T"}
    props = {
        "nullable": {**ref, "nullable": True, "type": "object", "description": "Or none."},
        "typed": {**ref, "type": "object"},
        "not_null": {**ref, "nullable": False},
        "more": {**ref, "properties": {"b": {"type": "string"}}, "required": ["b"]},
    }
    schemas = {"T": {"type": "object", "properties": {"a": {"type": "string"}}}, "S": {"type": "object", "properties": props}}
    repaired, notes = repair({"openapi": "3.0.3", "components": {"schemas": schemas}})
    got = repaired["components"]["schemas"]["S"]["properties"]
    assert got["nullable"] == {"allOf": [ref], "nullable": True, "description": "Or none."}
    assert got["typed"] is props["typed"] and got["not_null"] is props["not_null"] and got["more"] is props["more"]
    assert notes == [(("components", "schemas", "S", "properties", "nullable", "nullable"), "'nullable' beside a $ref, which OpenAPI 3.0 ignores: read as the reference or null")]

    repaired, notes = repair({"openapi": "3.1.0", "components": {"schemas": schemas}})
    got = repaired["components"]["schemas"]["S"]["properties"]
    assert got["more"] == {"allOf": [ref], "properties": {"b": {"type": "string"}}, "required": ["b"]}
    assert got["nullable"] == {"allOf": [ref], "nullable": True, "type": "object", "description": "Or none."}
    assert got["typed"] is props["typed"] and got["not_null"] is props["not_null"]  # (restated, annotated)
    assert notes == []


def test_what_stands_beside_a_member_s_ref_is_read_by_its_parent() -> None:
    """A union's member that may be null makes the union nullable, the member still naming
    its component (a discriminator's mapping looks for it); in 3.1 an allOf's part with
    keywords beside its `$ref` is two parts, so that a subtype keeps its base as a part."""
    from generator.ir.repair import repair

    a, b = {"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}
    union = {"oneOf": [{**a, "nullable": True}, b], "discriminator": {"propertyName": "kind"}}
    extends = {"allOf": [{**a, "properties": {"c": {"type": "string"}}, "nullable": True}, b]}
    lone = {"allOf": [{**a, "nullable": True}]}
    schemas = {"A": {"type": "object"}, "B": {"type": "object"}, "U": union, "E": extends, "L": lone}
    repaired, notes = repair({"openapi": "3.0.3", "components": {"schemas": schemas}})
    got = repaired["components"]["schemas"]
    assert got["U"] == {"oneOf": [a, b], "discriminator": {"propertyName": "kind"}, "nullable": True}
    assert got["E"] is extends and got["L"] is lone  # (3.0 ignores what is beside an allOf's part's $ref)
    assert [parts for parts, _ in notes] == [("components", "schemas", "U", "oneOf", "0", "nullable")]

    repaired, notes = repair({"openapi": "3.1.0", "components": {"schemas": schemas}})
    got = repaired["components"]["schemas"]
    assert got["U"] == {"oneOf": [a, b], "discriminator": {"propertyName": "kind"}, "nullable": True}
    assert got["E"] == {"allOf": [a, {"properties": {"c": {"type": "string"}}}, b]}
    assert got["L"] is lone and notes == []


def test_repair_reads_an_enum_not_of_its_format_as_either() -> None:
    """sendgrid's `send_at`: a date-time whose enum is `[now]` ("or the string now", says its
    description). Read strictly no value passes (Prism refused "now"); it is read as either."""
    from generator.ir.repair import repair

    send_at = {"type": "string", "format": "date-time", "enum": ["now"], "description": "When"}
    kept = {"type": "string", "format": "date", "enum": ["2024-01-01"]}
    data = {"openapi": "3.0.3", "components": {"schemas": {"S": {"type": "object", "properties": {"send_at": send_at, "day": kept}}}}}
    repaired, notes = repair(data)
    got = repaired["components"]["schemas"]["S"]["properties"]
    assert got["send_at"] == {"description": "When", "anyOf": [{"type": "string", "enum": ["now"]}, {"type": "string", "format": "date-time"}]}
    assert got["day"] is kept
    assert [("/".join(parts), message) for parts, message in notes] == [
        ("components/schemas/S/properties/send_at/enum", "enum values 'now' are not of format 'date-time': read as either, one of the enum or a string of the format"),
    ]


def test_repair_takes_a_list_of_types_whatever_its_members() -> None:
    """A mapping among the names of types (a `$ref` where a name must be): the names are
    kept, the rest is dropped. Looking the mapping up among the names raised TypeError."""
    from generator.ir.repair import repair

    data = {"openapi": "3.1.0", "components": {"schemas": {"A": {"type": ["array", {"$ref": "#/x"}, "null"], "items": {"type": "string"}}}}}
    repaired, notes = repair(data)
    assert repaired["components"]["schemas"]["A"] == {"type": ["array", "null"], "items": {"type": "string"}}
    assert notes == [(("components", "schemas", "A", "type"), "'type' cannot be ['array', {'$ref': '#/x'}, 'null']: ignored")]


def test_a_type_spelled_as_other_languages_do_is_read_as_the_type_meant() -> None:
    """`String`, `int64`, `datetime`, 3.0's `file`: the type meant, before the enum and
    limits are read against it (they were dropped with the type, leaving any value)."""
    from generator.ir.repair import repair

    props = {
        "a": {"type": "String", "maxLength": 3},
        "b": {"type": "int64", "enum": [1, 2]},
        "c": {"type": "datetime"},
        "d": {"type": "Date", "format": "date"},
        "e": {"type": ["Boolean", "null"]},
        "f": {"type": "file"},
        "g": {"type": "thing"},  # (nothing known: dropped, as before)
    }
    data = {"openapi": "3.1.0", "components": {"schemas": {"A": {"type": "Object", "properties": props}}}}
    repaired, notes = repair(data)
    a = repaired["components"]["schemas"]["A"]
    assert a["type"] == "object"
    assert a["properties"] == {
        "a": {"type": "string", "maxLength": 3},
        "b": {"type": "integer", "enum": [1, 2]},
        "c": {"type": "string", "format": "date-time"},
        "d": {"type": "string", "format": "date"},
        "e": {"type": ["boolean", "null"]},
        "f": {"type": "string", "format": "binary"},
        "g": {},
    }
    said = {"/".join(parts[2:]): message for parts, message in notes}
    assert said["A/type"] == "type 'Object' read as 'object'"
    assert said["A/properties/c/type"] == "type 'datetime' read as 'string' of format 'date-time'"
    assert said["A/properties/g/type"] == "'type' cannot be 'thing': ignored"


def test_required_beside_an_inline_all_of_is_checked_against_its_parts() -> None:
    from generator.ir.repair import repair

    part = {"type": "object", "properties": {"name": {"type": "string"}}}
    schemas = {
        "Inline": {"allOf": [part], "required": ["name", "File"]},
        "Referenced": {"allOf": [{"$ref": "#/components/schemas/Inline"}], "required": ["name", "File"]},
    }
    repaired, notes = repair({"openapi": "3.0.3", "components": {"schemas": schemas}})
    inline = {"allOf": [part], "required": ["name"], "properties": {"File": {}}}
    assert repaired["components"]["schemas"] == {"Inline": inline, "Referenced": schemas["Referenced"]}  # made a field in Inline
    assert notes == [(("components", "schemas", "Inline", "required", "1"), "required 'File' not among the properties: an optional field of any value")]


def test_a_required_name_no_property_has_is_an_optional_field_of_what_the_object_admits() -> None:
    """Mostly stale names (OpenAI's `request_id` on MCPApprovalResponse: the API refuses it),
    sometimes a property left out (spotify's `uris`): sendable, never demanded."""
    from generator.ir.repair import repair

    schemas = {
        "Open": {"type": "object", "additionalProperties": True, "properties": {"ids": {}}, "required": ["uris"]},
        "Typed": {"type": "object", "additionalProperties": {"type": "integer"}, "properties": {}, "required": ["n"]},
        "Nested": {  # an inline allOf inside an inline allOf
            "allOf": [{"properties": {"a": {}}}, {"allOf": [{"properties": {"b": {}}}]}],
            "required": ["a", "b", "date"],
        },
        "Referenced": {"allOf": [{"$ref": "#/components/schemas/Open"}, {"$ref": "#/components/schemas/Open"}], "required": ["uris", "x"]},
        "Union": {"allOf": [{"$ref": "#/components/schemas/Choice"}], "required": ["x"]},
        "Choice": {"oneOf": [{"type": "object", "properties": {"x": {}}}]},  # may have it
    }
    repaired, notes = repair({"openapi": "3.0.3", "components": {"schemas": schemas}})
    got = repaired["components"]["schemas"]
    assert got["Open"]["properties"] == {"ids": {}, "uris": {}} and "required" not in got["Open"]
    assert got["Typed"]["properties"] == {"n": {"type": "integer"}}
    assert got["Nested"]["properties"] == {"date": {}}
    assert got["Referenced"]["properties"] == {"x": {}}  # what the referenced part has is known
    assert got["Union"] is schemas["Union"]
    assert [("/".join(parts), message) for parts, message in notes] == [
        ("components/schemas/Open/required/0", "required 'uris' not among the properties: an optional field of any value"),
        ("components/schemas/Typed/required/0", "required 'n' not among the properties: an optional field of the additionalProperties schema"),
        ("components/schemas/Nested/required/2", "required 'date' not among the properties: an optional field of any value"),
        ("components/schemas/Referenced/required/1", "required 'x' not among the properties: an optional field of any value"),
    ]


def test_a_required_name_a_closed_object_cannot_have_is_not_required() -> None:
    from generator.ir.repair import repair

    closed = {"type": "object", "additionalProperties": False, "properties": {"a": {}}, "required": ["a", "b"]}
    closed_part = {"allOf": [{"type": "object", "properties": {"a": {}}, "additionalProperties": False}], "required": ["b"]}
    repaired, notes = repair({"openapi": "3.0.3", "components": {"schemas": {"Closed": closed, "Part": closed_part}}})
    assert repaired["components"]["schemas"]["Closed"] == {**closed, "required": ["a"]}
    assert repaired["components"]["schemas"]["Part"] == {"allOf": closed_part["allOf"]}
    why = "not required, and no field (the object admits no other property)"
    assert [message for _, message in notes] == [f"required 'b' not among the properties: {why}"] * 2


def test_javascript_regex_literals_lose_their_slashes() -> None:
    from generator.ir.repair import repair

    schemas = {
        "Anchored": {"type": "string", "pattern": "/^[a-z0-9._]+$/"},
        "Flagged": {"type": "string", "pattern": "/^abc/gi"},
        "Unanchored": {"type": "string", "pattern": "/magnet:\\?xt=[a-z]+/i"},  # flags say it is one
        "Slashes": {"type": "string", "pattern": "/api/"},  # matches "/api/" as written: kept
        "Segments": {"type": "string", "pattern": "/files/[0-9]+/s"},  # a bare slash inside: a path
        "Path": {"type": "string", "pattern": "^/[a-z]+/$"},  # a path, not a literal
    }
    repaired, notes = repair({"openapi": "3.1.0", "components": {"schemas": schemas}})
    got = {name: schema["pattern"] for name, schema in repaired["components"]["schemas"].items()}
    assert got == {"Anchored": "^[a-z0-9._]+$", "Flagged": "(?i)^abc", "Unanchored": "(?i)magnet:\\?xt=[a-z]+", "Slashes": "/api/", "Segments": "/files/[0-9]+/s", "Path": "^/[a-z]+/$"}
    assert [parts[2] for parts, _ in notes] == ["Anchored", "Flagged", "Unanchored"]
    assert notes[0][1] == "pattern written as a JavaScript literal: read as '^[a-z0-9._]+$'"


def test_limits_no_value_meets_together_are_not_checked() -> None:
    """Each schema below refused every value (the client raised before sending, the mock
    refused every answer); the last four are limits a value can meet, kept as written."""
    from generator.ir.repair import repair

    schemas = {
        "Lengths": {"type": "string", "minLength": 10, "maxLength": 5},
        "Items": {"type": "array", "minItems": 3, "maxItems": 1},
        "Keys": {"type": "object", "minProperties": 2, "maxProperties": 1},
        "Numbers": {"type": "number", "minimum": 5, "maximum": 4.5},
        "Touching": {"type": "number", "exclusiveMinimum": 5, "maximum": 5},  # (3.1: the bound itself)
        "Short": {"type": "string", "pattern": "^[a-z0-9]$", "minLength": 32, "maxLength": 32},
        "Long": {"type": "string", "pattern": "^[a-z]{6,}\\Z", "maxLength": 5},
        "One": {"type": "integer", "minimum": 5, "maximum": 5},
        "Unanchored": {"type": "string", "pattern": "^[a-z]", "minLength": 32},
        "Fits": {"type": "string", "pattern": "^[a-z]{2,40}$", "minLength": 32, "maxLength": 32},
    }
    repaired, notes = repair({"openapi": "3.1.0", "components": {"schemas": schemas}})
    got = repaired["components"]["schemas"]
    assert (got["Lengths"], got["Items"], got["Keys"], got["Numbers"], got["Touching"]) == ({"type": "string"}, {"type": "array"}, {"type": "object"}, {"type": "number"}, {"type": "number"})
    assert got["Short"] == {"type": "string", "minLength": 32, "maxLength": 32}
    assert got["Long"] == {"type": "string", "maxLength": 5}
    assert [got[name] for name in ("One", "Unanchored", "Fits")] == [schemas[name] for name in ("One", "Unanchored", "Fits")]
    assert dict(notes) == {
        ("components", "schemas", "Lengths", "minLength"): "minLength 10 is above maxLength 5: no value has both, neither checked",
        ("components", "schemas", "Items", "minItems"): "minItems 3 is above maxItems 1: no value has both, neither checked",
        ("components", "schemas", "Keys", "minProperties"): "minProperties 2 is above maxProperties 1: no value has both, neither checked",
        ("components", "schemas", "Numbers", "minimum"): "no number lies within the bounds 5 and 4.5: neither checked",
        ("components", "schemas", "Touching", "exclusiveMinimum"): "no number lies within the bounds 5 and 5: neither checked",
        ("components", "schemas", "Short", "pattern"): "pattern matches no string as long as minLength 32: not checked",
        ("components", "schemas", "Long", "pattern"): "pattern matches no string as short as maxLength 5: not checked",
    }


def test_patterns_pydantic_cannot_compile_are_not_checked() -> None:
    from generator.ir.repair import repair

    schemas = {"A": {"type": "string", "pattern": "^(?=[a-z])((?!aws\\.).*)$"}, "B": {"type": "string", "pattern": "^[a-z]{2}$"}}
    repaired, notes = repair({"openapi": "3.1.0", "components": {"schemas": schemas}})
    assert repaired["components"]["schemas"] == {"A": {"type": "string"}, "B": schemas["B"]}
    assert notes == [(("components", "schemas", "A", "pattern"), "pattern uses look-around or a back-reference, which pydantic cannot check: not checked")]


def test_patterns_with_surrogates_are_not_checked() -> None:
    """AWS writes XML's character range with UTF-16 surrogates, which Rust's regex refuses."""
    import pydantic

    from generator.ir.repair import repair

    surrogates = ".*[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDBFF-\\uDC00\\uDFFF\\r\\n\\t]*.*"
    with pytest.raises(Exception, match="Unicode scalar value"):  # what pydantic itself says
        pydantic.TypeAdapter(Annotated[str, pydantic.Field(pattern=surrogates)])
    schemas = {"A": {"type": "string", "pattern": surrogates}, "B": {"type": "string", "pattern": "[\\u0020-\\uD7FF]"}}
    repaired, notes = repair({"openapi": "3.0.3", "components": {"schemas": schemas}})
    assert repaired["components"]["schemas"] == {"A": {"type": "string"}, "B": schemas["B"]}
    assert notes == [(("components", "schemas", "A", "pattern"), "pattern names UTF-16 surrogates, which pydantic's regex engine refuses: not checked")]


@pytest.mark.parametrize(
    ("big", "fine"),
    [
        (r"[\w\.-]{1,255}", r"\w{1,100}"),  # a Unicode word class is large
        (r"^.{0,262144}$", r"^.{0,5000}$"),  # adyen: any character, also large in Unicode
        (r"^\d{0,4000}$", r"^\d{0,1000}$"),
        (r"^[^,]{0,20000}$", r"^[^,]{0,2000}$"),
    ],
)
def test_patterns_too_large_for_pydantic_are_not_checked(big: str, fine: str) -> None:
    import pydantic

    from generator.ir.repair import repair

    with pytest.raises(Exception, match="size limit"):  # what pydantic itself says
        pydantic.TypeAdapter(Annotated[str, pydantic.Field(pattern=big)])
    pydantic.TypeAdapter(Annotated[str, pydantic.Field(pattern=fine)])  # compiles: kept
    schemas = {"A": {"type": "string", "pattern": big}, "B": {"type": "string", "pattern": fine}}
    repaired, notes = repair({"openapi": "3.0.3", "components": {"schemas": schemas}})
    assert repaired["components"]["schemas"] == {"A": {"type": "string"}, "B": schemas["B"]}
    assert notes == [(("components", "schemas", "A", "pattern"), "pattern is too large for pydantic's regex engine: not checked")]


@pytest.mark.parametrize(
    ("pattern", "read_as"),
    [
        ("[[A-Z0-9]{1,18}", r"[\[A-Z0-9]{1,18}"),  # amadeus: `[` is a member, not a nested class
        ("[^[]x", r"[^\[]x"),
        ("[a&&b]", r"[a\&\&b]"),
        ("[]a]", None),  # a leading `]` is a member in both engines
        ("[a-z&]+", None),
        ("[+--]", ""),  # a range ending in `-`: no spelling both engines read alike
        (r"\A[a-z]+\Z", r"\A[a-z]+$"),  # linode: Rust has no `\Z`; its `$` is Python's `\Z`
        (r"a\\Z", None),  # a backslash, then Z
        (r"[^/:|\000-\037]+", r"[^/:|\x00-\x1f]+"),  # AWS Migration Hub: octal, to Rust a back-reference
        (r"a\0b\101", r"a\x00b\x41"),
        (r"a\\0", None),  # a backslash, then 0
    ],
)
def test_character_classes_are_spelled_for_pydantics_regex_engine(pattern: str, read_as: str | None) -> None:
    """Python (and JSON Schema) read `[` and `&&` in a class as members, Rust's regex as a
    nested class or an intersection: the pattern is escaped, same meaning, or not checked."""
    import re
    import warnings

    from generator.ir.repair import repair

    data = {"openapi": "3.0.3", "components": {"schemas": {"A": {"type": "string", "pattern": pattern}}}}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing on the user's terminal from Python's re either
        repaired, notes = repair(data)
    schema = repaired["components"]["schemas"]["A"]
    if read_as is None:
        assert schema is data["components"]["schemas"]["A"] and not notes
    elif read_as == "":
        assert "pattern" not in schema and [p for p, _ in notes] == [("components", "schemas", "A", "pattern")]
    else:
        assert schema["pattern"] == read_as and not notes
        import pydantic

        pydantic.TypeAdapter(Annotated[str, pydantic.Field(pattern=read_as)])  # pydantic's engine takes it
        for text in ("[", "A", "&", "b", "ab", "ab\n"):  # the same strings match as before
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                assert bool(re.fullmatch(pattern, text)) == bool(re.fullmatch(read_as, text)), text


def test_operations_of_one_path_send_their_constant_query_and_no_fragment(tmp_path: Path) -> None:
    """`/files/{path}#op=OPEN`: the fragment only tells paths apart in the document; the
    `op` query says it on the wire. The generated tests' mock routes by that query too."""
    out = tmp_path / "out"
    code = _urls_sent("{'id': 'i', 'count': 1}", "client.files.get_file_status('a b')", "client.method.rest.count_items()", "client.search.articles.list(query='a b')")
    sent = [("/files/a%20b?op=GETSTATUS", ""), ("/rest?method=items.count", ""), ("/search/articles?query=a+b", "")]
    assert run_in_client("routes.yaml", code, out).strip() == str(sent)  # `?query={query}`: the parameter's place
    cases = json.loads((out / "tests" / "cases.json").read_text())
    assert cases["openFile"]["path"] == "/files/{path}" and cases["openFile"]["query"] == [["op", "OPEN"]]
    assert cases["firstItem"]["query"] == [["method", "items.first"]]
    assert cases["DescribeGroup"]["path"] == "/" and cases["DescribeGroup"]["headers"] == [["x-amz-target", "Logs.DescribeGroup"]]


def test_a_path_parameter_the_path_has_no_place_for_is_left_out(tmp_path: Path) -> None:
    """A required `org` declared `in: path` on `/owners`: no request can carry it. The method
    took it and sent nothing of it, and the mock's document kept it, so Prism refused every
    request (clicksend's `/numbers/search/{country}?{search}=1`). Both leave it out, and the
    warning says so."""
    out = tmp_path / "out"
    code = (
        f"import inspect\nfrom {PACKAGE} import Client\nclient = Client(base_url='https://api.test')\n"
        "print([list(inspect.signature(method).parameters)[:2] for method in (client.owners.list, client.send.env.v_1.partners.transfers.list)])\n"
    )
    # (one placed after a `#` with more path after it is in the path: see the next test)
    assert run_in_client("routes.yaml", code, out).strip() == str([["page", "extra_headers"], ["partnerId", "extra_headers"]])
    mock = json.loads((out / "tests" / "openapi.json").read_text())
    assert [p["name"] for p in mock["paths"]["/owners"]["get"]["parameters"]] == ["page"]


def test_a_hash_with_more_path_after_it_is_path_text(tmp_path: Path) -> None:
    """mastercard's `/send/#env/v1/partners/{partnerId}/transfers`: not a fragment, since
    more path follows. Cut there, the request went to `/send/` and the partner id, an
    argument of the method, was sent nowhere. It goes as `%23`, and the mock's document
    (for Prism, which ends a path at `#`) has the path as sent."""
    out = tmp_path / "out"
    code = _urls_sent("[]", "client.send.env.v_1.partners.transfers.list('p/1')")
    assert run_in_client("routes.yaml", code, out).strip() == str([("/send/%23env/v1/partners/p%2F1/transfers", "")])
    mock = json.loads((out / "tests" / "openapi.json").read_text())
    assert "get" in mock["paths"]["/send/%23env/v1/partners/{partnerId}/transfers"]


def test_a_media_type_without_its_slash_is_sent_as_meant(tmp_path: Path) -> None:
    """loket: `applicationjson;version=2018-01-01`. The body is JSON, under the media type
    with its slash, and so it is in the mock's document."""
    out = tmp_path / "out"
    code = (
        "import httpx2\n"
        f"from {PACKAGE} import Client\n"
        "sent = []\n"
        "def answer(request):\n"
        "    sent.append((request.headers['content-type'], request.content))\n"
        "    return httpx2.Response(204)\n"
        "client = Client(base_url='https://api.test', http_client=httpx2.Client(transport=httpx2.MockTransport(answer)))\n"
        "client.versions.create(name='n')\n"
        "print(sent)\n"
    )
    assert run_in_client("routes.yaml", code, out).strip() == str([("application/json;version=2018-01-01", b'{"name":"n"}')])
    mock = json.loads((out / "tests" / "openapi.json").read_text())
    assert list(mock["paths"]["/versions"]["post"]["requestBody"]["content"]) == ["application/json;version=2018-01-01"]


def test_properties_with_a_leading_underscore_are_read_from_the_wire(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = (
        f"from {PACKAGE}.types.fields import StreamModel\n"
        "s = StreamModel.model_validate({'_id': 'a', '_': 'b', 'warnings': [{'message': 'm'}]})\n"
        "assert (s.id, s.value) == ('a', 'b'), s\n"
        "assert s.to_dict() == {'_id': 'a', '_': 'b', 'warnings': [{'message': 'm'}]}\n"
        f"from {PACKAGE}.types.fields import ResourceWarningModel\n"
        "assert isinstance(s.warnings[0], ResourceWarningModel)  # not the builtin warning class\n"
    )
    run_in_client("shadowing.yaml", code, out)


def test_a_pattern_no_string_matches_is_not_checked() -> None:
    """AWS OpsWorks CM, as converted: `\\(\\?ms\\)\\s*^-----BEGIN ...` (the inline flags escaped
    into text): `^` after required text matches nothing, so the client would refuse every
    value. The pattern is dropped with a warning; `\\s*^a` and multiline ones are kept."""
    import re

    from generator.ir.repair import repair

    impossible = r"\(\?ms\)\s*^-----BEGIN \(\?-s:.*\)PRIVATE KEY-----$.*\?^-----END"
    assert not any(re.search(impossible, text) for text in ["(?ms)-----BEGIN", "(?ms)\n-----BEGIN -----END"])
    schemas = {"A": {"type": "string", "pattern": impossible}, "B": {"type": "string", "pattern": r"\s*^a"}, "C": {"type": "string", "pattern": r"(?m)x\n^a"}}
    repaired, notes = repair({"openapi": "3.0.3", "components": {"schemas": schemas}})
    assert repaired["components"]["schemas"] == {"A": {"type": "string"}, "B": schemas["B"], "C": schemas["C"]}
    assert notes == [(("components", "schemas", "A", "pattern"), "pattern has '^' after text it requires, so no string matches it: not checked")]


def test_a_pattern_that_requires_text_after_its_end_is_not_checked() -> None:
    """AWS Chime SDK voice: `^[-_a-zA-Z0-9]*$\\{2,64\\}$` (a quantifier escaped into text after
    `$`) matches nothing; `a$|b`, `a$$` and multiline ones are kept."""
    import re

    from generator.ir.repair import repair

    impossible = r"^[-_a-zA-Z0-9]*$\{2,64\}$"
    assert not any(re.search(impossible, text) for text in ["abc", "abc{2,64}", "abc\n{2,64}"])
    kept = {"B": r"a$|b", "C": r"a$$", "D": r"(?m)a$\nb"}
    schemas = {"A": {"type": "string", "pattern": impossible}, **{k: {"type": "string", "pattern": v} for k, v in kept.items()}}
    repaired, notes = repair({"openapi": "3.0.3", "components": {"schemas": schemas}})
    assert repaired["components"]["schemas"] == {**schemas, "A": {"type": "string"}}
    assert notes == [(("components", "schemas", "A", "pattern"), "pattern requires text after '$', so no string matches it: not checked")]


def test_an_allof_with_null_reads_as_nullable() -> None:
    """codat: `allOf: [{$ref: Currency}, {type: null}]` means "a currency or null"; read
    strictly no value is both, so the client sent what the mock then refused."""
    from openapi_schema_validator import OAS31Validator

    from generator.ir.repair import repair

    currency = {"type": "string", "pattern": "^[A-Z]{3}$"}
    nulled = {"allOf": [{"$ref": "#/components/schemas/Currency"}, {"type": "null"}], "description": "d"}
    two = {"allOf": [{"type": "object"}, {"properties": {"a": {}}}, {"type": "null"}]}
    schemas = {"Currency": currency, "Amount": nulled, "Two": two}
    repaired, notes = repair({"openapi": "3.1.0", "components": {"schemas": schemas}})
    got = repaired["components"]["schemas"]
    assert got["Amount"] == {"anyOf": [{"$ref": "#/components/schemas/Currency"}, {"type": "null"}], "description": "d"}
    assert got["Two"] == {"anyOf": [{"allOf": two["allOf"][:2]}, {"type": "null"}]}
    assert [m for _, m in notes] == ["allOf with null: no value is both, read as the other part or null"] * 2
    validator = OAS31Validator({"$ref": "#/components/schemas/Amount", "components": repaired["components"]})
    assert validator.is_valid("GBP") and validator.is_valid(None) and not validator.is_valid("pounds")
