"""Unit tests of the intermediate model built from small specs."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from conftest import GOLDEN, spec_of
from generator.config import Config
from generator.ir import model
from generator.ir.build import build
from generator.ir.routes import Selection
from generator.ir.refs import RefResolver
from generator.load import Document, load
from generator.pipeline import read_model


def api_of(spec: Path, **config: object) -> model.Api:
    api, _ = build(load(spec), Config(spec=spec, package="pkg", **config))  # type: ignore[arg-type]
    return api


def api_of_body(tmp_path: Path, schemas: str, body: str, response: str = "", version: str = "3.0.3") -> model.Api:
    """An API of one `POST /things` with the component `body` as its JSON body, and as its
    answer when `response` names one; `schemas` is the YAML below `components.schemas`."""
    answer = f"content: {{application/json: {{schema: {{$ref: '#/components/schemas/{response}'}}}}}}" if response else ""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        f"""
openapi: {version}
info: {{title: t, version: '1'}}
paths:
  /things:
    post:
      requestBody:
        required: true
        content: {{application/json: {{schema: {{$ref: '#/components/schemas/{body}'}}}}}}
      responses: {{'200': {{description: ok, {answer}}}}}
components:
  schemas:
{textwrap.indent(textwrap.dedent(schemas), "    ")}"""
    )
    return api_of(spec)


@pytest.fixture(scope="module")
def constructs() -> model.Api:
    return api_of(GOLDEN / "constructs" / "spec.yaml")


def classes(api: model.Api) -> dict[str, model.ModelClass]:
    return {c.name: c for m in api.types_modules for c in m.classes}


def repaired_api_of(spec: Path) -> model.Api:
    """The IR of the document as the pipeline reads it: repaired first (ir/repair.py)."""
    return read_model(Config(spec=spec, package="pkg"))[0]


def classes_of_schemas(tmp_path: Path, root: str, schemas: str) -> dict[str, model.ModelClass]:
    """The classes of a document whose one operation answers component `root`, of `schemas`
    (YAML, indented under `schemas:`)."""
    return classes(api_of(spec_of_schemas(tmp_path, root, schemas)))


def spec_of_schemas(tmp_path: Path, root: str, schemas: str) -> Path:
    """The document of classes_of_schemas."""
    spec = tmp_path / "spec.yaml"
    head = f"""
openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /t:
    get:
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{root}'}}}}}}}}}}
components:
  schemas:
"""
    spec.write_text(head + schemas)
    return spec


def operations(api: model.Api) -> dict[str, model.Operation]:
    return {op.required_call.split("(")[0]: op for op in api.operations}


def test_operations_are_named_from_paths_and_methods(constructs: model.Api) -> None:
    assert sorted(operations(constructs)) == [
        "client.animals.create",
        "client.pets.checkups.delete",  # three methods under an id: a resource of their own
        "client.pets.checkups.list",
        "client.pets.checkups.update",
        "client.pets.create",
        "client.pets.delete",
        "client.pets.feed",
        "client.pets.list",
        "client.pets.photos",  # POST /pets/{pet_id}/photos: one method under an id, an action
        "client.pets.retrieve",
        "client.searches.create",
        "client.searches.list",
        "client.toys.create",
        "client.toys.imports.create",
    ]


def test_method_names_can_be_overridden(tmp_path: Path) -> None:
    api = api_of(GOLDEN / "constructs" / "spec.yaml", method_names=(("feedPet", "animals.nourish"),))
    assert "client.animals.nourish" in operations(api)


def test_all_of_is_merged_into_one_model(constructs: model.Api) -> None:
    pet = classes(constructs)["Pet"]
    assert [f.name for f in pet.fields] == ["name", "kind", "tags", "labels", "class_", "traits", "owner", "id", "legacy_code"]
    assert {f.name for f in pet.fields if f.required} == {"name", "kind", "id"}


def test_keywords_get_aliases(constructs: model.Api) -> None:
    field = {f.name: f for f in classes(constructs)["NewPet"].fields}["class_"]
    assert field.aliased and field.wire_repr == '"class"'
    assert classes(constructs)["NewPet"].functional_params  # TypedDict("...", {"class": ...})


def test_limits_reach_the_request_side_only(constructs: model.Api) -> None:
    fields = {f.name: f for f in classes(constructs)["NewPet"].fields}
    # NewPet's TypedDict is in functional form (a key `class`): its annotations are forward refs
    assert fields["name"].param_annotation == '"Required[Annotated[str, Field(max_length=40, min_length=1)]]"'
    assert fields["name"].annotation == "str"
    assert "Field(max_length=3)" in fields["tags"].param_annotation
    assert fields["tags"].annotation == "list[str] | None"  # 3.1 type array with null


def test_recursive_schema_refers_to_itself(constructs: model.Api) -> None:
    person = {f.name: f for f in classes(constructs)["Person"].fields}
    assert person["parent"].annotation == "Person | None"
    assert person["friends"].annotation == "list[Person] | None"


def test_an_inline_object_extending_its_own_component_is_finite(tmp_path: Path) -> None:
    """`x: {allOf: [$ref: U], properties: {...}}` inside U's inline `inner`: the merged class
    holds `inner` again, which holds that allOf again. Each meeting made a new class under a
    longer pointer, without end (exit 2, "goes too deep"); it is now the class being made."""
    found = classes_of_schemas(
        tmp_path,
        "U",
        """
    U:
      type: object
      properties:
        inner:
          type: object
          required: [x]
          properties:
            x: {allOf: [{$ref: '#/components/schemas/U'}], nullable: true, properties: {q: {type: string}}}
""",
    )
    assert {f.name: f.annotation for f in found["UInnerX"].fields} == {"inner": "UInnerXInner | None", "q": "str | None"}
    assert {f.name: f.annotation for f in found["UInnerXInner"].fields} == {"x": "UInnerX | None"}


def test_discriminated_union_and_plain_return_type(constructs: model.Api) -> None:
    feed = operations(constructs)["client.pets.feed"]
    assert feed.return_annotation == "Cat | Dog"
    assert feed.cast_to == 'Annotated[Cat | Dog, Field(discriminator="kind")]'


def test_parameters_and_constants(constructs: model.Api) -> None:
    listing = operations(constructs)["client.pets.list"]
    assert [a.name for a in listing.keyword] == ["limit", "tags", "x_trace_id"]
    assert dict(listing.request_kwargs)["params"] == '{"limit": limit, "tags": tags}'
    assert dict(listing.request_kwargs)["headers"] == '{"X-Trace-Id": x_trace_id}'
    retrieve = operations(constructs)["client.pets.retrieve"]
    assert [a.name for a in retrieve.positional] == ["pet_id"]
    assert retrieve.path_expr == '"/pets/" + path_param(pet_id)'


def test_query_objects_that_send_one_key_are_warned_of_and_tested_without_it(tmp_path: Path) -> None:
    """An exploded object of form style sends each property as a parameter: sinao's
    `columns` and `discount` both send `amount`, which no server tells apart (Prism read
    the one value into both, and refused every call). Said once per operation; the test
    values leave the key out."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /invoices:
        post:
          operationId: createInvoice
          parameters:
            - {name: columns, in: query, schema: {type: object, properties: {amount: {type: string}, title: {type: string}}}}
            - {name: discount, in: query, schema: {type: object, properties: {amount: {type: integer}, percent: {type: integer}}}}
            - {name: kind, in: query, schema: {type: object, properties: {kind: {type: string}}}, explode: false}
          responses: {'204': {description: ok}}
    """,
    )
    api, found = build(load(spec), Config(spec=spec, package="pkg"))
    warned = [(d.message, d.location.pointer) for d in found if "tell them apart" in d.message]
    assert warned == [("query parameters 'columns' and 'discount' both send 'amount': an object of form style, exploded, sends each property as a parameter, and a server cannot tell them apart", "/paths/~1invoices/post/parameters")]
    call = api.operations[0].full_call
    assert "columns={\"title\": " in call and "discount={\"percent\": " in call and "amount" not in call
    assert "kind={\"kind\": " in call  # (not exploded: `kind=kind,...`, one key)


def test_a_query_object_that_sends_a_constants_key_is_warned_of_and_tested_without_it(tmp_path: Path) -> None:
    """elasticbeanstalk's `Tier` object has a `Version`, beside AWS's constant `Version`
    query parameter, which the method sends itself: Prism read both values into one and
    refused the call."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /:
        get:
          operationId: createEnvironment
          parameters:
            - {name: Tier, in: query, schema: {type: object, properties: {Name: {type: string}, Version: {type: string}}}}
            - {name: Version, in: query, required: true, schema: {type: string, enum: ["2010-12-01"]}}
          responses: {'204': {description: ok}}
    """,
    )
    api, found = build(load(spec), Config(spec=spec, package="pkg"))
    warned = [d.message for d in found if "tell them apart" in d.message]
    assert warned == ["query parameters 'Tier' and 'Version' both send 'Version': an object of form style, exploded, sends each property as a parameter, and a server cannot tell them apart"]
    call = api.operations[0].full_call
    assert "Tier={\"Name\": " in call and "Version" not in call


def test_a_path_parameter_of_one_value_is_sent_by_the_method(tmp_path: Path) -> None:
    """tomtom's `{versionNumber}` of `[2]`, bufferapp's `{mediaTypeExtension}` of `[".json"]`
    (86 documents of the directory): the caller passed the one value the parameter has at
    every call. The method sends it, as it does a query or header constant (and as Azure's
    SDKs do)."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /search/{version}/items/{id}{ext}/{fmt}:
        get:
          operationId: getItem
          parameters:
            - {name: version, in: path, required: true, schema: {type: integer, enum: [2]}}
            - {name: id, in: path, required: true, schema: {type: string}}
            - {name: ext, in: path, required: true, schema: {type: string, enum: [".json"]}}
            - {name: fmt, in: path, required: true, style: label, schema: {type: string, enum: ["x"]}}
          responses: {'204': {description: ok}}
    """,
    )
    api, _ = build(load(spec), Config(spec=spec, package="pkg"))
    op = api.operations[0]
    assert [a.name for a in op.positional] == ["id"]
    assert op.path_expr == '"/search/" + path_param(2) + "/items/" + path_param(id) + path_param(".json") + "/" + path_param("x", "label", False)'
    assert op.required_call.endswith('.retrieve("string")')


def test_a_path_parameter_that_is_a_piece_of_path_keeps_its_slashes(tmp_path: Path) -> None:
    """Azure's `{scope}` (`subscriptions/1/resourceGroups/g`), marked `x-ms-skip-url-encoding`
    or `allowReserved`: its `/` went as `%2F`, a resource no server had."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /{scope}/providers/{name}/{kind}:
        get:
          operationId: listForScope
          parameters:
            - {name: scope, in: path, required: true, schema: {type: string}, x-ms-skip-url-encoding: true, example: subscriptions/1}
            - {name: name, in: path, required: true, schema: {type: string}, allowReserved: true}
            - {name: kind, in: path, required: true, schema: {type: string}}
          responses: {'204': {description: none}}
    """,
    )
    op = api_of(spec).operations[0]
    assert op.path_expr == '"/" + path_param(scope, reserved=True) + "/providers/" + path_param(name, reserved=True) + "/" + path_param(kind)'
    # its test value has no slash where one can (Prism matches a parameter within one segment)
    assert "subscriptions" not in op.required_call and op.required_args[0].startswith('"')


def test_a_piece_of_path_is_one_only_after_a_slash(tmp_path: Path) -> None:
    """The runtime takes a reserved value's leading `/` for the path's own: a parameter
    within a segment (`/v{version}`) is encoded as any other, its `/` too."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /v{version}/items:
        get:
          operationId: listItems
          parameters:
            - {name: version, in: path, required: true, schema: {type: string}, x-ms-skip-url-encoding: true}
          responses: {'204': {description: none}}
    """,
    )
    assert api_of(spec).operations[0].path_expr == '"/v" + path_param(version) + "/items"'


def test_deprecated_operation_without_operation_id(constructs: model.Api) -> None:
    delete = operations(constructs)["client.pets.delete"]
    assert delete.deprecated and delete.key == "DELETE /pets/{pet_id}"
    assert delete.return_annotation == "None"


def test_server_variables_and_api_key_header(constructs: model.Api) -> None:
    assert constructs.base_url_repr == '"https://api.example.com/v2"'
    assert constructs.security is not None
    [scheme] = constructs.security.schemes
    assert scheme.expression == '_auth.ApiKey("X-Api-Key", "header", api_key) if api_key else None'
    assert [a.name for a in constructs.security.arguments] == ["api_key"] and constructs.security.uniform


def test_threads_spec_required_header_is_a_constant(threads_spec: Path) -> None:
    api = api_of(threads_spec)
    (op,) = api.operations
    assert dict(op.request_kwargs)["headers"] == '{"OpenAI-Beta": "assistants=v2"}'
    assert [a.name for a in op.keyword] == ["messages", "tool_resources", "metadata"]
    assert op.body_param_type == "CreateThreadRequestParam"


def test_selection_keeps_only_what_the_operations_need(constructs: model.Api) -> None:
    api = api_of(GOLDEN / "constructs" / "spec.yaml", selection=Selection(operations=frozenset({"feedPet"})))
    assert list(operations(api)) == ["client.pets.feed"]
    assert set(classes(api)) == {"Cat", "Dog", "PetFeedParams"}


def test_names_do_not_depend_on_document_order(tmp_path: Path) -> None:
    """A component keeps its name even when an inline schema wanting it is met first."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        """
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  item: {type: object, properties: {x: {type: string}}}
components:
  schemas:
    AListResponseItem: {type: object, properties: {y: {type: integer}}}
"""
    )
    names_ = set(classes(api_of(spec)))
    assert "AListResponseItem" in names_ and "AListResponseItem2" in names_
    assert [f.name for f in classes(api_of(spec))["AListResponseItem"].fields] == ["y"]


def test_path_items_given_by_ref_and_actions_beside_other_methods(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /source:\n    get: {operationId: getSource, responses: {'204': {description: ok}}}\n"
        "  /alias:\n    $ref: '#/paths/~1source'\n"
        "  /classes/{id}/archive:\n"
        "    post: {operationId: archiveClass, responses: {'204': {description: ok}}}\n"
        "    delete: {operationId: unarchiveClass, responses: {'204': {description: ok}}}\n"
        "  /orders/{id}/cancel:\n    post: {operationId: cancelOrder, responses: {'204': {description: ok}}}\n"
    )
    calls = {op.key: op.accessor for op in api_of(spec).operations}
    assert calls == {
        "getSource": "client.source.list",
        "GET /alias": "client.alias.list",  # the same operationId twice: each keyed by its path
        "archiveClass": "client.classes.archive.create",
        "unarchiveClass": "client.classes.archive.delete",
        "cancelOrder": "client.orders.cancel",
    }, calls


@pytest.mark.parametrize(
    "pattern",
    [
        r"cluster-[2-7a-zA-Z]{11,16}",
        r"^[A-Z]{3}-[0-9]{3}$",
        r"^[^\s@]+@example\.com$",
        r"^(a|bb)+c?\d{2,}$",
        r"^arn:aws:[a-z0-9-]+:\w*$",
        r"(?ms)\s*^-----BEGIN (?-s:.*)PRIVATE KEY-----$.*?^-----END (?-s:.*)PRIVATE KEY-----$\s*",  # AWS: lines
        r"(?m)^a$\n^b$",
    ],
)
def test_example_strings_match_their_pattern(pattern: str) -> None:
    import re

    from generator.ir.pattern_example import matching

    found = matching(pattern)
    assert found is not None and re.search(pattern, found), found
    longer = matching(pattern, min_length=20)
    assert longer is None or (len(longer) >= 20 and re.search(pattern, longer))


def test_a_method_named_like_a_sub_resource_takes_its_operation_id(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /members/{id}:\n    put: {operationId: Update a member, responses: {'204': {description: ok}}}\n"
        "  /members/update/{id}:\n    put: {operationId: updateViaPath, responses: {'204': {description: ok}}}\n"
    )
    calls = sorted(op.accessor for op in api_of(spec).operations)
    assert calls == ["client.members.update.update", "client.members.update_a_member"], calls


def test_examples_carry_the_discriminator_tag_and_document_examples_must_fit(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /pets:\n    post:\n      operationId: addPet\n      requestBody:\n        required: true\n"
        "        content:\n          application/json:\n            schema:\n"
        "              oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n"
        "              discriminator: {propertyName: kind}\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
        "              schema: {type: array, items: {$ref: '#/components/schemas/Cat'}}\n"
        "              example: {kind: Cat}\n"
        "components:\n  schemas:\n"
        "    Cat: {type: object, required: [kind], properties: {kind: {type: string}}}\n"
        "    Dog: {type: object, required: [kind], properties: {kind: {type: string}}}\n"
        "    Owl: {type: object, properties: {kind: {type: string, enum: [owl]}}}\n"
    )
    (operation,) = api_of(spec).operations
    assert operation.required_call == 'client.pets.create(body={"kind": "Cat"})'  # the implicit mapping
    (text,) = api_of(spec).cases.values()
    case = json.loads(text)
    assert case["response"] == [{"kind": "string"}], "an object given as the example of a list is not used"
    owl_first = spec.read_text().replace("oneOf: [{$ref: '#/components/schemas/Cat'}", "oneOf: [{$ref: '#/components/schemas/Owl'}, {$ref: '#/components/schemas/Cat'}")
    spec.write_text(owl_first)
    (operation,) = api_of(spec).operations
    assert operation.full_call == 'client.pets.create(body={"kind": "owl"})', "a member's own enum decides its tag"
    assert operation.required_call == "client.pets.create(body={})"


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "number", "minimum": 0.01}, 1.0),  # was int(0.01) == 0, below the minimum
        ({"type": "integer", "minimum": 2.5}, 3),
        ({"type": "integer", "minimum": 3, "exclusiveMinimum": True}, 4),
        ({"type": "integer", "exclusiveMinimum": 0.5}, 1),
        ({"type": "integer", "minimum": -10, "maximum": -2.5}, -10),
        ({"type": "integer", "maximum": 0.5}, 0),
        ({"type": "integer", "exclusiveMaximum": 1}, 0),
        ({"type": "number", "minimum": 0, "maximum": 1, "exclusiveMinimum": True, "exclusiveMaximum": True}, 0.5),
        ({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}, 0.5),
        ({"type": "number", "exclusiveMinimum": 0.2}, 1.0),
        # a bound past 2**53 only restates a type's range (gsmtasks' int64, which Prism refused)
        ({"type": "integer", "format": "int64", "minimum": -9223372036854776000, "maximum": 9223372036854776000}, 1),
        ({"type": "integer", "minimum": -9223372036854775808, "maximum": -5}, -5),
        ({"type": "integer", "format": "int32", "minimum": -2147483648}, -2147483648),
    ],
)
def test_number_examples_lie_within_their_bounds(schema: dict[str, object], expected: float) -> None:
    from generator.ir.examples import ExampleMaker

    value = ExampleMaker(RefResolver(Document("spec.json", "", {}))).value(schema, "/x", full=True)
    assert value == expected and type(value) is type(expected)


def test_union_examples_take_a_member_of_the_unions_own_type() -> None:
    """`type: array` beside `oneOf: [object, array]` (GitHub Enterprise's status checks): a
    value must be both, so the example is an array."""
    from generator.ir.examples import ExampleMaker

    strings = {"type": "array", "items": {"type": "string"}}
    schema = {**strings, "oneOf": [{"type": "object", "required": ["contexts"], "properties": {"contexts": strings}}, strings]}
    maker = ExampleMaker(RefResolver(Document("spec.json", "", {})))
    assert maker.value(schema, "/x", full=True) == ["string"]
    assert maker.value({"type": "number", "anyOf": [{"type": "string"}, {"type": "integer", "minimum": 3}]}, "/x", full=True) == 3


def test_a_document_example_of_another_type_than_the_unions_members_is_not_taken() -> None:
    """`example: 1` on a oneOf of objects (one typed through its allOf parts only): the
    example is an object, made from a member; a fitting one is still taken."""
    from generator.ir.examples import ExampleMaker

    components = {
        "Cat": {"type": "object", "properties": {"hunts": {"type": "boolean"}}},
        "Dog": {"allOf": [{"type": "object", "properties": {"bark": {"type": "boolean"}}}]},
    }
    maker = ExampleMaker(RefResolver(Document("spec.json", "", {"components": {"schemas": components}})))
    members = [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]
    assert maker.value({"oneOf": members, "example": 1}, "/x", full=True) == {"hunts": True}
    assert maker.value({"oneOf": list(reversed(members)), "example": 1}, "/x", full=True) == {"bark": True}
    assert maker.value({"anyOf": [{"type": "string"}, {"type": "integer"}], "example": 5}, "/x", full=True) == 5
    assert maker.value({"allOf": [{"type": "integer"}], "example": "five"}, "/x", full=True) == 1


def test_examples_keep_the_least_number_of_properties_an_allof_base_asks() -> None:
    """`minProperties: 1` on a base that an allOf extends, or beside a oneOf: `{}` does not
    pass it, even where nothing is required."""
    from generator.ir.examples import ExampleMaker

    base = {"type": "object", "minProperties": 1, "properties": {"id": {"type": "string", "readOnly": True}, "tag": {"type": "string"}}}
    maker = ExampleMaker(RefResolver(Document("spec.json", "", {"components": {"schemas": {"Base": base}}})))
    schema = {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"name": {"type": "string"}}}]}
    assert maker.value(schema, "/x", full=False, writer="client") == {"tag": "string"}
    # beside a oneOf, for every member
    union = {"type": "object", "minProperties": 1, "properties": {"tag": {"type": "string"}}, "oneOf": [{"$ref": "#/components/schemas/Empty"}]}
    maker = ExampleMaker(RefResolver(Document("spec.json", "", {"components": {"schemas": {"Empty": {"type": "object"}}}})))
    assert maker.value(union, "/x", full=False, writer="client") == {"tag": "string"}


def test_examples_take_the_first_of_a_3_1_schemas_examples_as_3_0s_example() -> None:
    """`examples: [999]` (3.1) is what `example: 999` (3.0) says; a default comes after it."""
    from generator.ir.examples import ExampleMaker

    maker = ExampleMaker(RefResolver(Document("spec.json", "", {"components": {}})))
    schema = {
        "type": "object",
        "required": ["order", "size", "kind", "tag"],
        "properties": {
            "order": {"type": "integer", "examples": [999, 1]},
            "size": {"type": "integer", "default": 3, "examples": [7]},
            "kind": {"type": "string", "examples": ["big"]},
            "tag": {"type": "string", "examples": [1]},  # (not a string: not taken)
        },
    }
    assert maker.value(schema, "/x", full=False) == {"order": 999, "size": 7, "kind": "big", "tag": "string"}


def test_examples_keep_what_the_object_requires_beside_members_that_refine_it() -> None:
    """`required: [name]` beside `oneOf: [{properties: {status: {enum: [done]}}, required: [status]}]`
    (GitHub's check runs): an example holds name and status."""
    from generator.ir.examples import ExampleMaker

    schema = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "status": {"type": "string"}, "note": {"type": "string", "minLength": 2, "example": ""}},
        "oneOf": [{"properties": {"status": {"enum": ["done"]}}, "required": ["status"]}, {"properties": {"status": {"enum": ["queued"]}}}],
    }
    maker = ExampleMaker(RefResolver(Document("spec.json", "", {"components": {}})))
    assert maker.value(schema, "/x", full=False) == {"name": "string", "status": "done"}
    assert maker.value(schema, "/x", full=True) == {"name": "string", "status": "done", "note": "string"}  # "" is too short


def test_examples_of_a_nested_object_sharing_an_allof_base_are_no_recursion() -> None:
    """bitbucket: the body and its nested `selector` both extend `object`; the selector is
    inside the body's own part, not inside `object`, so its required value is made. A base
    that holds itself through a property is still cut short."""
    from generator.ir.examples import ExampleMaker

    schemas = {
        "object": {"type": "object", "properties": {"type": {"type": "string"}}, "required": ["type"]},
        "Selector": {"allOf": [{"$ref": "#/components/schemas/object"}, {"properties": {"pattern": {"type": "string"}}}]},
        "Body": {
            "allOf": [
                {"$ref": "#/components/schemas/object"},
                {"properties": {"selector": {"$ref": "#/components/schemas/Selector"}}, "required": ["selector"]},
            ]
        },
        "Node": {"type": "object", "properties": {"next": {"allOf": [{"$ref": "#/components/schemas/Node"}]}}, "required": ["next"]},
        "Tree": {"allOf": [{"$ref": "#/components/schemas/Node"}]},
    }
    maker = ExampleMaker(RefResolver(Document("spec.json", "", {"components": {"schemas": schemas}})))
    assert maker.value({"$ref": "#/components/schemas/Body"}, "/x", full=False) == {"type": "string", "selector": {"type": "string"}}
    assert maker.value({"$ref": "#/components/schemas/Tree"}, "/x", full=False) == {}


def test_a_union_beside_allof_parts_and_properties_gives_each_member_all_of_them(tmp_path: Path) -> None:
    """`allOf: [Options]` and `oneOf: [ByIds, ByShipments]` side by side (shipengine's rate
    requests): a value is the options and one of the members, so each member's class has the
    shared fields, and the required-arguments example carries the member's required field."""
    from generator.ir.examples import ExampleMaker

    schemas = """
    Options: {type: object, properties: {carrier: {type: string}}, required: [carrier]}
    ByIds: {type: object, title: by ids, properties: {ids: {type: array, items: {type: string}}}, required: [ids]}
    ByShipments: {type: object, properties: {shipments: {type: array, items: {type: object}}}, required: [shipments]}
    RatesRequest:
      type: object
      allOf: [{$ref: '#/components/schemas/Options'}]
      properties: {note: {type: string}}
      oneOf: [{$ref: '#/components/schemas/ByIds'}, {$ref: '#/components/schemas/ByShipments'}]
    """
    api = api_of_body(tmp_path, schemas, "RatesRequest")
    found = classes(api)
    members = {name: [(f.name, f.required) for f in c.fields] for name, c in found.items() if name.startswith("RatesRequest")}
    assert members == {
        "RatesRequestByIds": [("carrier", True), ("note", False), ("ids", True)],
        "RatesRequestByShipments": [("carrier", True), ("note", False), ("shipments", True)],
    }
    assert [f.name for f in found["ByIds"].fields] == ["ids"]  # the component itself stays as it is
    maker = ExampleMaker(RefResolver(load(tmp_path / "spec.yaml")))
    assert maker.value({"$ref": "#/components/schemas/RatesRequest"}, "/x", full=False) == {"carrier": "string", "ids": ["string"]}


def test_a_schema_without_type_that_names_properties_beside_items_is_an_object_everywhere(tmp_path: Path) -> None:
    """`{properties, items}` and no `type` (wealthreader's error codes, whose `items` is a
    stray list of lists): the model, its example values and the mock's document all read an
    object; the mock's had read an object where the model read a list, and Prism's answers
    failed the client's check."""
    from generator.ir.examples import ExampleMaker
    from generator.ir.mock_spec import for_mock_servers

    schemas = """
    Code:
      properties: {code: {type: integer}, description: {type: string}}
      items: {type: array, items: {}}
      required: [code]
    """
    api = api_of_body(tmp_path, schemas, "Code", response="Code")
    assert [f.name for f in classes(api)["Code"].fields] == ["code", "description"]
    data = load(tmp_path / "spec.yaml").data
    assert ExampleMaker(RefResolver(load(tmp_path / "spec.yaml"))).value({"$ref": "#/components/schemas/Code"}, "/x", full=False) == {"code": 1}
    assert for_mock_servers(data)["components"]["schemas"]["Code"]["type"] == "object"


def test_a_union_inside_an_allof_part_is_a_union_of_the_merged_parts(tmp_path: Path) -> None:
    """`allOf: [Base, {oneOf: [{url}, {magnet}]}]` (PeerTube's import, OpenAI's WebSocket
    events) is `{allOf: [Base], oneOf: [...]}`: each member's class has the base's fields and
    its own. The members' fields were left out: no value of the class could say which it
    was, nor could a caller send one. A union in a referenced part brings its discriminator."""
    from generator.ir.examples import ExampleMaker

    schemas = """
    Base: {type: object, properties: {name: {type: string}, note: {type: string}}}
    Import:
      required: [name]
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          oneOf:
            - {properties: {url: {type: string}}, required: [url]}
            - {properties: {magnet: {type: string}}, required: [magnet]}
    Cat: {type: object, required: [kind], properties: {kind: {type: string, enum: [cat]}, lives: {type: integer}}}
    Dog: {type: object, required: [kind], properties: {kind: {type: string, enum: [dog]}}}
    Animal:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    Tagged:
      allOf:
        - $ref: '#/components/schemas/Animal'
        - {type: object, properties: {tag: {type: string}}}
    """
    api = api_of_body(tmp_path, schemas, "Import", response="Tagged")
    found = classes(api)
    fields = {name: [(f.name, f.required) for f in c.fields] for name, c in found.items() if name.startswith(("Import", "Tagged"))}
    assert fields == {
        "ImportVariant1": [("name", True), ("note", False), ("url", True)],
        "ImportVariant2": [("name", True), ("note", False), ("magnet", True)],
        "TaggedCat": [("tag", False), ("kind", True), ("lives", False)],  # named after the component it adds to
        "TaggedDog": [("tag", False), ("kind", True)],
    }
    (op,) = api.operations
    aliases = {a.name: a.annotation for m in api.types_modules for a in m.aliases}
    assert op.cast_to == "Tagged"
    assert aliases["Tagged"] == 'Annotated[TaggedCat | TaggedDog, Field(discriminator="kind")]'
    assert [(a.name, a.annotation) for a in op.keyword][:1] == [("body", "ImportParam")]  # a union: the body whole
    maker = ExampleMaker(RefResolver(load(tmp_path / "spec.yaml")))
    assert maker.value({"$ref": "#/components/schemas/Import"}, "/x", full=False) == {"name": "string", "url": "string"}
    # `allOf: [$ref]` beside a description only is the component itself: its name is kept
    api = api_of_body(tmp_path, schemas.rstrip() + "\n    Pet: {allOf: [{$ref: '#/components/schemas/Animal'}], description: d}\n", "Pet")
    assert [(a.name, a.annotation) for a in api.operations[0].keyword][:1] == [("body", "AnimalParam")]


def test_a_header_parameter_s_own_example_is_taken_only_where_a_header_can_hold_it() -> None:
    """openbankingproject's `Signature` example ends in a newline (a YAML block's), which no
    header may hold: h11 refused the request, and each test of the operation failed."""
    from generator.ir.examples import ExampleMaker

    maker = ExampleMaker(RefResolver(Document("spec.json", "", {})))
    schema = {"type": "string"}
    signed = 'keyId="k",signature="s"\n'
    assert maker.parameter_value(schema, "/p", False, {"in": "header", "example": signed}) == "string"
    assert maker.parameter_value(schema, "/p", False, {"in": "header", "example": "a\tb"}) == "a\tb"  # a tab may
    assert maker.parameter_value(schema, "/p", False, {"in": "query", "example": signed}) == signed  # encoded there


def test_a_parameter_s_test_value_is_not_empty_unless_it_may_be() -> None:
    """vtex's required `keyword` has the example "" (its schema's, and its own). Prism reads
    `keyword=` as no keyword, as OpenAPI has it without `allowEmptyValue`: the test value is
    made instead, and the empty one is kept where `allowEmptyValue` is true. An empty header
    or cookie is none too."""
    from generator.ir.examples import ExampleMaker

    maker = ExampleMaker(RefResolver(Document("spec.json", "", {})))
    schema = {"type": "string", "example": ""}
    assert maker.parameter_value(schema, "/p", False, {"in": "query", "example": ""}) == "x"
    assert maker.parameter_value({"type": "string", "enum": ["", "asc"]}, "/p", False, {"in": "query"}) == "asc"
    assert maker.parameter_value(schema, "/p", False, {"in": "query", "allowEmptyValue": True, "example": ""}) == ""
    assert maker.parameter_value({"type": "string", "format": "date", "example": ""}, "/p", False, {"in": "query"}) == "2024-01-01"
    # nor a header: ticketmaster's required `TMPS-Correlation-Id` defaults to "", which
    # Prism read as no header (422)
    assert maker.parameter_value(schema, "/p", False, {"in": "header", "required": True}) == "x"
    assert maker.parameter_value(schema, "/p", False, {"in": "cookie"}) == "x"



def test_a_path_parameter_before_a_dot_in_its_segment_has_a_value_without_one(tmp_path: Path) -> None:
    """tomtom's `/{maxLat}.{format}` with the example 71.441: Prism, like many routers,
    splits `71.441.xml` at its first dot, and read `441.xml` as the format. Where a dot
    follows the parameter, its value has none where one fits: another example, else the
    whole number."""
    from generator.ir.examples import ExampleMaker

    maker = ExampleMaker(RefResolver(Document("spec.json", "", {})))
    number = {"type": "number"}
    assert maker.parameter_value(number, "/p", True, {"in": "path", "example": 71.441}, dotless=True) == 71
    assert maker.parameter_value(number, "/p", True, {"in": "path", "example": 71.441}) == 71.441
    offered = {"in": "path", "example": 7.5, "examples": {"a": {"value": 3}}}
    assert maker.parameter_value(number, "/p", True, offered, dotless=True) == 3
    narrow = {"type": "number", "minimum": 0.5, "maximum": 0.9}
    assert maker.parameter_value(narrow, "/p", True, {"in": "path"}, dotless=True) == maker.parameter_value(narrow, "/p", True, {"in": "path"})
    # a text one (tomtom's position `37.8328,-122.27669`): one made from its schema, where that has no dot
    made = maker.parameter_value({"type": "string"}, "/p", True, {"in": "path", "example": "37.8,-122.2"}, dotless=True)
    assert isinstance(made, str) and made and "." not in made
    dotted = {"type": "string", "pattern": "^[0-9]+\\.[0-9]+$"}
    assert maker.parameter_value(dotted, "/p", True, {"in": "path", "example": "1.5"}, dotless=True) == "1.5"
    # the operation reads the path: only a parameter a dot follows is so
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{lat}/{lon}.{format}:\n    get:\n      parameters:\n"
        "        - {name: lat, in: path, required: true, example: 1.25, schema: {type: number}}\n"
        "        - {name: lon, in: path, required: true, example: 2.75, schema: {type: number}}\n"
        "        - {name: format, in: path, required: true, schema: {type: string, enum: [json, xml]}}\n"
        "      responses: {'204': {description: ok}}\n"
    )
    (operation,) = api_of(spec).operations
    assert operation.required_args == ("1.25", "2", '"json"')

@pytest.mark.parametrize(("pattern", "low", "high"), [("[0-9]+", 12, 12), ("(0x)?[a-fA-F0-9]+", 64, 64), (r"^$|^arn:aws:iam::\d{12}:role.+", 0, 1000), (".*", 0, 0), ("([0-9a-f]{16})+", 112, 1024)])
def test_example_strings_match_their_pattern_and_length(pattern: str, low: int, high: int) -> None:
    import re

    from generator.ir.examples import string_value

    value = string_value({"type": "string", "pattern": pattern, "minLength": low, "maxLength": high})
    assert isinstance(value, str) and re.search(pattern, value) and low <= len(value) <= high, value


@pytest.mark.parametrize(
    ("example", "schema", "expected"),
    [
        ('{"Name": "Inbox"}', {"properties": {"Name": {"type": "string"}}}, False),  # JSON text for an object with no `type`
        ({"Name": "Inbox"}, {"properties": {"Name": {"type": "string"}}}, True),
        ({"Name": 1}, {"properties": {"Name": {"type": "string"}}}, False),
        ({"a": 1}, {"items": {"type": "integer"}}, False),
        ([1], {"items": {"type": "integer"}}, True),
        ("anything", {"description": "no keyword says"}, True),
        (1418556452651, {"type": "integer", "format": "int32"}, False),  # ideal-postcodes' milliseconds
        (2147483647, {"type": "integer", "format": "int32"}, True),
        (100, {"type": "integer", "maximum": 50}, False),
        (50, {"type": "integer", "maximum": 50, "exclusiveMaximum": True}, False),  # 3.0's flag
        (5, {"type": "number", "exclusiveMinimum": 5}, False),  # 3.1's bound
        (3, {"type": "integer", "minimum": 1, "maximum": 3}, True),
    ],
)
def test_document_examples_are_used_only_when_they_have_the_schemas_shape(example: object, schema: dict[str, object], expected: bool) -> None:
    from generator.ir.examples import ExampleMaker

    maker = ExampleMaker(RefResolver(Document("spec.json", "", {})))
    assert maker.fits(example, schema, "/x") is expected


def test_mock_servers_get_paths_that_prism_scores_alike_in_the_order_it_picks_the_right_one() -> None:
    """Prism scores each templated segment alike and takes the last path of equal score:
    `/v1/category-list.{format}` goes after `/v1/{id}.{format}` (nrel's), which goes after
    `/v1/{id}`, and `{y}.pbf` after `{y}.{format}` (tomtom's); other paths keep their
    places, and what `originals` records gives the user's order back."""
    import copy

    from generator.ir.mock_spec import for_mock_servers, originals, restored

    ok = {"get": {"responses": {"200": {"description": "ok"}}}}
    written = ["/v1/category-list.{format}", "/other", "/v1/{id}.{format}", "/tile/{x}/{y}.pbf", "/tile/{x}/{y}.{format}", "/v1/{id}"]
    data = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {path: copy.deepcopy(ok) for path in written}}
    mock = for_mock_servers(data)
    assert list(mock["paths"]) == ["/v1/{id}", "/other", "/v1/{id}.{format}", "/tile/{x}/{y}.{format}", "/tile/{x}/{y}.pbf", "/v1/category-list.{format}"]
    changes = json.loads(json.dumps(originals(data, mock)))
    assert list(restored(json.loads(json.dumps(mock)), changes)["paths"]) == written
    assert originals(mock, for_mock_servers(mock)) == []  # in that order already: nothing moves


def test_mock_servers_do_not_require_a_body_the_client_has_no_media_type_to_send_as() -> None:
    """`content: {}`, or only keys that are no media type (spoonacular's `""`): the client
    sends no body, so the mock does not ask for one."""
    from generator.ir.mock_spec import for_mock_servers

    def body(content: dict[str, object]) -> dict[str, object]:
        operation = {"requestBody": {"required": True, "content": content}, "responses": {"204": {"description": "ok"}}}
        data = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"delete": operation}}}
        return dict(for_mock_servers(data)["paths"]["/a"]["delete"]["requestBody"])

    assert body({})["required"] is False
    assert body({"": {"schema": {"type": "object"}}}) == {"required": False, "content": {}}
    assert body({"application/json": {"schema": {"type": "object"}}})["required"] is True


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file()))
def test_what_the_mock_changed_gives_the_users_document_back(case: str) -> None:
    """`clientsmith diff` reads the last generated document back from the mock's and what it
    changed: the same values, and the paths in the same order (the order of operations),
    whatever the mock merged, moved or left out. (A key the mock leaves out or renames comes
    back last in its object.)"""
    from generator.ir.mock_spec import for_mock_servers, originals, restored

    data = load(GOLDEN / case / "spec.yaml").data
    mock = for_mock_servers(data)
    back = restored(json.loads(json.dumps(mock)), json.loads(json.dumps(originals(data, mock))))
    assert back == json.loads(json.dumps(data))
    assert list(back["paths"]) == list(data["paths"])


def test_mock_servers_read_closed_allof_chains_as_inheritance() -> None:
    """Azure's style: each schema of an allOf chain closed by `additionalProperties: false`.
    Read strictly no value fits; the mock's copy declares on each the names of the others."""
    from openapi_schema_validator import OAS30Validator

    from generator.ir.mock_spec import for_mock_servers

    closed = {"type": "object", "additionalProperties": False}
    schemas = {
        "Resource": {**closed, "properties": {"id": {"type": "string"}}},
        "Artifact": {**closed, "properties": {"createdTime": {"type": "string"}}},
        "Content": {**closed, "allOf": [{"$ref": "#/components/schemas/Artifact"}], "properties": {"contentType": {"type": "string"}}},
        "Assembly": {**closed, "allOf": [{"$ref": "#/components/schemas/Content"}], "properties": {"assemblyName": {"type": "string"}}},
        "AssemblyDefinition": {**closed, "allOf": [{"$ref": "#/components/schemas/Resource"}], "properties": {"properties": {"$ref": "#/components/schemas/Assembly"}}},
    }
    data = {"openapi": "3.0.3", "paths": {}, "components": {"schemas": schemas}}
    body = {"id": "a1", "properties": {"assemblyName": "n", "contentType": "t", "createdTime": "c"}}
    as_written = OAS30Validator({"$ref": "#/components/schemas/AssemblyDefinition", "components": data["components"]})
    assert not as_written.is_valid(body)
    mock = for_mock_servers(data)
    validator = OAS30Validator({"$ref": "#/components/schemas/AssemblyDefinition", "components": mock["components"]})
    assert validator.is_valid(body), list(validator.iter_errors(body))
    assert not validator.is_valid({**body, "unknown": 1})  # still closed to what no part declares
    assert data["components"]["schemas"] is schemas and "assemblyName" not in schemas["Artifact"]["properties"]  # copy on write


def test_mock_servers_read_closed_inline_members_and_closed_unions_as_meant() -> None:
    """A closed inline allOf member beside others (json2video), and a closed schema whose
    properties are all in its oneOf members (jira): read strictly, no value with a property
    fits. The mock's copy declares the siblings' names on each closed schema."""
    from openapi_schema_validator import OAS30Validator

    from generator.ir.mock_spec import for_mock_servers

    closed = {"type": "object", "additionalProperties": False}
    schemas = {
        "Base": {**closed, "properties": {"cache": {"type": "boolean"}}},
        "Audio": {"allOf": [{**closed, "properties": {"type": {"enum": ["audio"]}}}, {"$ref": "#/components/schemas/Base"}]},
        "Date": {"type": "object", "properties": {"type": {"type": "string"}, "date": {"type": "string"}}, "required": ["type"]},
        "Value": {**closed, "oneOf": [{"$ref": "#/components/schemas/Date"}, {"$ref": "#/components/schemas/Base"}]},
    }
    data = {"openapi": "3.0.3", "paths": {}, "components": {"schemas": schemas}}
    mock = for_mock_servers(data)
    for name, body in [("Audio", {"type": "audio", "cache": True}), ("Value", {"type": "date", "date": "2024-01-01"})]:
        as_written = OAS30Validator({"$ref": f"#/components/schemas/{name}", "components": data["components"]})
        assert not as_written.is_valid(body)
        validator = OAS30Validator({"$ref": f"#/components/schemas/{name}", "components": mock["components"]})
        assert validator.is_valid(body), list(validator.iter_errors(body))
        assert not validator.is_valid({**body, "unknown": 1})  # still closed to what no member declares
    assert "cache" not in schemas["Audio"]["allOf"][0]["properties"]  # copy on write


def test_mock_servers_see_read_only_properties_of_allof_parts_where_they_are_required() -> None:
    """shipengine: `shipment` (closed) requires `shipment_id`, readOnly in the part it extends;
    the client leaves it out of a request, so the mock's check must not require it."""
    from generator.ir.mock_spec import for_mock_servers

    schemas = {
        "Partial": {"type": "object", "properties": {"shipment_id": {"type": "string", "readOnly": True}, "weight": {"type": "integer"}}},
        "Shipment": {"type": "object", "additionalProperties": False, "allOf": [{"$ref": "#/components/schemas/Partial"}], "required": ["shipment_id", "weight"]},
    }
    mock = for_mock_servers({"openapi": "3.0.3", "paths": {}, "components": {"schemas": schemas}})
    props = mock["components"]["schemas"]["Shipment"]["properties"]
    assert props["shipment_id"] == {"readOnly": True} and not props.get("weight")


def test_mock_servers_take_any_multipart_object_or_list_the_client_sends_as_parts() -> None:
    """An object field goes as one JSON part (or, with `multipart = "brackets"`, as nested
    fields), a list as a part per item: Prism reads each part as text and repeated parts
    as one, so the mock takes any value there and requires neither, in allOf parts of a
    component request body too (gerermesaffaires'); a scalar keeps its schema."""
    from generator.ir.mock_spec import for_mock_servers

    form = {
        "allOf": [{"properties": {"Accounting": {"type": "object", "properties": {"On": {"type": "string"}}}, "Tags": {"type": "array", "items": {"type": "string"}}}}],
        "properties": {"Title": {"type": "string", "minLength": 2}, "Options": {"allOf": [{"properties": {"a": {"type": "string"}}}]}},
        "required": ["Title", "Accounting", "Tags"],
    }
    bodies = {"Invoice": {"content": {"multipart/form-data": {"schema": form}}}}
    paths = {"/i": {"post": {"requestBody": {"$ref": "#/components/requestBodies/Invoice"}, "responses": {"204": {"description": "ok"}}}}}
    mock = for_mock_servers({"openapi": "3.0.3", "paths": paths, "components": {"requestBodies": bodies}})
    schema = mock["components"]["requestBodies"]["Invoice"]["content"]["multipart/form-data"]["schema"]
    assert schema["properties"] == {"Accounting": {}, "Tags": {}, "Title": {"type": "string", "minLength": 2}, "Options": {}}  # an allOf of objects (rev.ai's)
    assert schema["required"] == ["Title"]
    # a union of forms (zoom's): each member's fields as read
    member = {"type": "object", "properties": {"method": {"type": "string"}, "params": {"type": "object"}}, "required": ["params"]}
    bodies = {"Alert": {"content": {"multipart/form-data": {"schema": {"oneOf": [member, {"$ref": "#/components/schemas/Removed"}]}}}}}
    schemas = {"Removed": {"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "string"}}}}}
    mock = for_mock_servers({"openapi": "3.0.3", "paths": {}, "components": {"requestBodies": bodies, "schemas": schemas}})
    first, second = mock["components"]["requestBodies"]["Alert"]["content"]["multipart/form-data"]["schema"]["anyOf"]  # (a oneOf as anyOf)
    assert first == {"type": "object", "properties": {"method": {"type": "string"}, "params": {}}}
    assert second == {"type": "object", "properties": {"ids": {}}}


def test_mock_servers_leave_out_answer_examples_whose_items_are_not_of_their_schema() -> None:
    """nordigen's institutions: an example that is a list of lists, for a list of objects.
    Prism answered with it, and the client could not read it; now only the example that
    fits, down to the first item and the properties, is left for Prism."""
    from generator.ir.mock_spec import for_mock_servers

    institution = {"type": "object", "properties": {"id": {"type": "string"}, "countries": {"type": "array", "items": {"type": "string"}}}}
    examples = {"nested": {"value": [[{"id": "N26"}]]}, "flat": {"value": [{"id": "N26", "countries": ["DE"]}]}, "deeper": {"value": [{"id": "N26", "countries": "DE"}]}}
    answer = {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": institution}, "examples": examples}}}
    paths = {"/institutions": {"get": {"responses": {"200": answer}}}}
    mock = for_mock_servers({"openapi": "3.0.3", "paths": paths})
    assert list(mock["paths"]["/institutions"]["get"]["responses"]["200"]["content"]["application/json"]["examples"]) == ["flat"]


def test_mock_servers_leave_out_answer_header_examples_no_header_can_hold() -> None:
    """velopayments' `Location` example is a paragraph of HTML with newlines: Prism died
    writing it (500, `Invalid character in header content`). Such an example is left out."""
    from generator.ir.mock_spec import for_mock_servers

    headers = {
        "Location": {"schema": {"type": "string", "example": "<p>HTTP/1.1 201 Created</p>\n<p>Location: x</p>\n"}},
        "X-Id": {"schema": {"type": "string", "example": "a1"}, "example": "bad\r\nvalue"},
        "X-Ok": {"schema": {"type": "string", "example": "fine"}},
    }
    paths = {"/a": {"post": {"responses": {"201": {"description": "made", "headers": headers}}}}}
    mock = for_mock_servers({"openapi": "3.0.3", "paths": paths})
    got = mock["paths"]["/a"]["post"]["responses"]["201"]["headers"]
    assert got == {"Location": {"schema": {"type": "string"}}, "X-Id": {"schema": {"type": "string", "example": "a1"}}, "X-Ok": headers["X-Ok"]}
    assert got["X-Ok"] is headers["X-Ok"]


def test_mock_servers_copy_a_path_whose_parameter_name_is_no_uri_template_name() -> None:
    """idealspot's `/data/insights/{insight_id:}`: Prism's URI template reader took the
    segment for literal text, and found the parameter always missing (422). The path is
    copied after the original, the name made to fit in the path and in its operations'
    parameters, the path item's among them; and `restored` gives the user's paths back."""
    from generator.ir.mock_spec import for_mock_servers, originals, restored

    shared = {"name": "id:", "in": "path", "required": True, "schema": {"type": "string"}}
    own = {"name": "id_", "in": "path", "required": True, "schema": {"type": "integer"}}
    item = {"parameters": [shared], "get": {"parameters": [own], "responses": {"204": {"description": "ok"}}}}
    paths = {"/a/{id:}/{id_}": item, "/b/{x}": {"get": {"responses": {"204": {"description": "ok"}}}}}
    document = {"openapi": "3.0.3", "paths": paths}
    mock = for_mock_servers(document)
    assert list(mock["paths"]) == ["/a/{id:}/{id_}", "/a/{id__}/{id_}", "/b/{x}"]
    copy = mock["paths"]["/a/{id__}/{id_}"]
    assert copy["get"]["parameters"] == [{**shared, "name": "id__"}, own] and "parameters" not in copy
    assert mock["paths"]["/a/{id:}/{id_}"] is item
    assert restored(mock, originals(document, mock)) == document


def test_a_path_parameter_named_as_an_rfc_6570_label_is_sent_after_a_dot(tmp_path: Path) -> None:
    """nasa's `/api/projects{.format}` with a path parameter named `.format`: RFC 6570's
    label, `.json` on the wire (the client sent `projectsjson`). Prism reads the leading
    dot as that operator too and matched no request; the mock's copy names it `_format`."""
    from generator.ir.mock_spec import for_mock_servers

    spec = spec_of(
        tmp_path,
        """
    paths:
      /projects{.format}:
        get:
          operationId: listProjects
          parameters:
            - {name: .format, in: path, required: true, schema: {type: string}}
          responses: {'204': {description: none}}
    """,
    )
    assert api_of(spec).operations[0].path_expr == '"/projects" + path_param(format, "label", False)'
    mock = for_mock_servers(load(spec).data)
    assert list(mock["paths"]) == ["/projects{.format}", "/projects{_format}"]
    assert mock["paths"]["/projects{_format}"]["get"]["parameters"][0]["name"] == "_format"


def test_mock_servers_copy_a_path_with_templates_side_by_side_as_one() -> None:
    """bufferapp's `/profiles/{id}{mediaTypeExtension}`: Prism matched the path but found
    neither parameter (422, or the document's 400). The path is copied after the original
    with the run one template under its first name, of any text, the others left out; a
    copy that would take an existing path is not made."""
    from generator.ir.mock_spec import for_mock_servers, originals, restored

    ext = {"name": "ext", "in": "path", "required": True, "schema": {"type": "string", "enum": [".json"]}}
    id_ = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    page = {"name": "page", "in": "query", "schema": {"type": "integer"}}
    ok = {"responses": {"204": {"description": "ok"}}}
    paths = {
        "/p/{id}{ext}/items": {"parameters": [ext], "get": {**ok, "parameters": [id_, page]}},
        "/q/{id}{ext}": {"get": {**ok, "parameters": [id_, ext]}},
        "/q/{id}": {"get": {**ok, "parameters": [id_]}},
    }
    document = {"openapi": "3.0.3", "paths": paths}
    mock = for_mock_servers(document)
    assert list(mock["paths"]) == ["/p/{id}{ext}/items", "/p/{id}/items", "/q/{id}{ext}", "/q/{id}"]
    assert mock["paths"]["/p/{id}/items"] == {"get": {**ok, "parameters": [{**id_, "schema": {"type": "string"}}, page]}}
    assert restored(mock, originals(document, mock)) == document


def test_mock_servers_give_densely_linked_components_an_example() -> None:
    """xero's invoices, payments and credit notes link to one another: Prism's sampler,
    which walks each way down to a schema, gave up past 2,500 nodes (SCHEMA_TOO_COMPLEX)
    or failed on the references it made of the cycles. A component that alone takes a fifth
    of that has the tests' own kind of example, where the sampler stops; a sparse recursive
    one has none. The unit notes what the example read, so that an edit there remakes it."""
    from generator.ir.mock_spec import Meant, Staged, for_mock_servers, originals, restored

    def links(i: int) -> dict[str, Any]:
        return {f"n{j}": {"$ref": f"#/components/schemas/N{j}"} for j in range(1, 8) if j != i}

    schemas: dict[str, Any] = {f"N{i}": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, **links(i)}} for i in range(1, 8)}
    schemas["N2"]["properties"]["file"] = {"type": "string", "format": "binary"}  # (bytes in the tests' values: text in JSON)
    schemas["N2"]["required"].append("file")
    schemas["Tree"] = {"type": "object", "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}}
    document = {"openapi": "3.0.3", "paths": {}, "components": {"schemas": schemas}}
    mock = for_mock_servers(document)
    got = mock["components"]["schemas"]
    assert got["N1"]["example"] == {"id": "string", **{f"n{j}": {"id": "string"} for j in range(2, 8)}, "n2": {"id": "string", "file": "file content"}}
    json.dumps(mock)
    assert "example" not in got["Tree"]
    assert restored(mock, originals(document, mock)) == document
    reads: set[tuple[str, ...]] = set()
    Meant(Staged(document), {}).final(("components", "schemas", "N1"), reads)
    assert {("components", "schemas", f"N{j}") for j in range(2, 8)} <= reads


def test_mock_servers_examples_hold_no_reference_prism_cannot_follow() -> None:
    """kubernetes' JSON Schema objects have a property named `$ref`: the example made for
    such a densely linked component held `{"$ref": "string"}`. Prism resolves every `$ref`
    of its document, examples' too, took that one for a file and did not start (3,380
    tests failed). Made examples leave such keys out; a document's example holding one that
    leads nowhere is left out; one that leads into the document is kept."""
    from generator.ir.mock_spec import for_mock_servers

    def links(i: int) -> dict[str, Any]:
        return {f"n{j}": {"$ref": f"#/components/schemas/N{j}"} for j in range(1, 8) if j != i}

    schemas: dict[str, Any] = {f"N{i}": {"type": "object", "required": ["$ref"], "properties": {"$ref": {"type": "string"}, **links(i)}} for i in range(1, 8)}
    schemas["Doc"] = {"type": "object", "example": {"schema": {"$ref": "string"}}}
    schemas["Ok"] = {"type": "object", "example": {"schema": {"$ref": "#/components/schemas/Doc"}}}
    mock = for_mock_servers({"openapi": "3.0.3", "paths": {}, "components": {"schemas": schemas}})
    got = mock["components"]["schemas"]
    assert "$ref" not in json.dumps(got["N1"]["example"]) and got["N1"]["example"]["n2"] == {}
    assert "example" not in got["Doc"]
    assert got["Ok"]["example"] == schemas["Ok"]["example"]


def test_mock_servers_answer_list_and_object_headers_as_text() -> None:
    """beezup answers `Cache-Control` as a list of strings. Prism made up no value for it,
    then split the missing value to check its answer, and died: every later test met a
    closed port. A list or an object header (inline, or by reference) is text in the mock's
    document; the client reads headers as text anyway."""
    from generator.ir.mock_spec import for_mock_servers

    limits = {"description": "left", "schema": {"$ref": "#/components/schemas/Limits"}, "example": {"left": 1}}
    headers = {
        "Cache-Control": {"description": "d", "schema": {"type": "array", "items": {"type": "string"}}, "example": ["a"]},
        "X-Limits": {"$ref": "#/components/headers/Limits"},
        "X-Id": {"schema": {"type": "string"}},
    }
    components = {"headers": {"Limits": limits}, "schemas": {"Limits": {"properties": {"left": {"type": "integer"}}}}}
    paths = {"/a": {"get": {"responses": {"200": {"description": "ok", "headers": headers}}}}}
    mock = for_mock_servers({"openapi": "3.0.3", "paths": paths, "components": components})
    got = mock["paths"]["/a"]["get"]["responses"]["200"]["headers"]
    text = {"type": "string"}
    assert got == {"Cache-Control": {"description": "d", "schema": text}, "X-Limits": {"description": "left", "schema": text}, "X-Id": headers["X-Id"]}


def test_mock_servers_read_example_values_given_by_reference() -> None:
    """shutterstock gives its examples as `{$ref: '#/components/schemas/Audio/example'}`. Prism
    resolves every `$ref`, and Audio's own example, not of its schema, was left out of the
    mock's document: the reference dangled and Prism did not start. Such a value is now what
    it points to (kept where that fits), and left out where it points to nothing."""
    from generator.ir.mock_spec import for_mock_servers

    url = {"type": "object", "properties": {"url": {"type": "string"}}, "example": {"url": "https://x.test/a"}}
    audio = {"type": "object", "properties": {"id": {"type": "string"}}, "example": {"id": 442583}}  # not of its schema
    schemas = {"Url": url, "AudioUrl": {**url, "example": {"$ref": "#/components/schemas/Url/example"}}, "Audio": audio}
    examples = {"response": {"value": {"$ref": "#/components/schemas/Audio/example"}}, "url": {"value": {"$ref": "#/components/schemas/Url/example"}}}
    answers = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Audio"}, "examples": examples}}}}
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Audio"}, "example": {"$ref": "#/components/schemas/Audio/example"}, "examples": {"gone": {"value": {"$ref": "#/components/schemas/Nothing/example"}}}}}}
    data = {"openapi": "3.0.3", "paths": {"/audio": {"post": {"requestBody": body, "responses": answers}}}, "components": {"schemas": schemas}}
    mock = for_mock_servers(data)
    assert "example" not in mock["components"]["schemas"]["Audio"]
    assert mock["components"]["schemas"]["AudioUrl"]["example"] == {"url": "https://x.test/a"}
    media = mock["paths"]["/audio"]["post"]["responses"]["200"]["content"]["application/json"]
    assert media["examples"] == {"url": {"value": {"url": "https://x.test/a"}}}
    sent = mock["paths"]["/audio"]["post"]["requestBody"]["content"]["application/json"]
    assert sent["example"] == {"id": 442583} and "examples" not in sent  # (a request's examples are not checked: Prism reads none)
    assert '/example"' not in json.dumps(mock)  # no reference to an example is left


def test_mock_servers_take_any_bytes_for_a_binary_body() -> None:
    """gettyimages uploads image/jpeg with `type: string, format: byte` (base64 text): the
    client sends the caller's bytes as given, which Prism refused as no base64. A body of bytes
    takes any value; a text body keeps its string schema (conjur's has a length)."""
    from generator.ir.mock_spec import for_mock_servers

    text = {"type": "string", "maxLength": 60}
    content = {"image/jpeg": {"schema": {"type": "string", "format": "byte"}}, "text/plain": {"schema": text}, "application/octet-stream": {}}
    data = {"openapi": "3.0.3", "paths": {"/upload": {"put": {"requestBody": {"content": content}, "responses": {"200": {"description": "ok"}}}}}}
    got = for_mock_servers(data)["paths"]["/upload"]["put"]["requestBody"]["content"]
    assert got == {"image/jpeg": {"schema": {}}, "text/plain": {"schema": text}, "application/octet-stream": {}}


def test_mock_servers_read_a_query_union_of_lists_as_one_list() -> None:
    """shutterstock's `contributor_country`: `anyOf: [list of codes, list of negated codes]`.
    Prism reads a query parameter as a list only by its type `array`, and refused the one
    value it read as a string; the union is a list of either's items there."""
    from generator.ir.mock_spec import for_mock_servers

    codes = {"type": "array", "items": {"type": "string", "format": "country-code-2"}}
    negated = {"type": "array", "items": {"type": "string", "format": "negated-country-code-2"}}
    param = {"name": "country", "in": "query", "description": "d", "schema": {"anyOf": [codes, negated]}}
    mixed = {"name": "ids", "in": "query", "schema": {"oneOf": [{"type": "string"}, codes]}}
    cleared = {"name": "rates", "in": "query", "required": True, "style": "deepObject", "explode": True, "schema": {"anyOf": [codes, {"type": "string", "enum": [""]}]}}
    data = {"openapi": "3.0.3", "paths": {"/images": {"get": {"parameters": [param, mixed, cleared], "responses": {"200": {"description": "ok"}}}}}}
    got = for_mock_servers(data)["paths"]["/images"]["get"]["parameters"]
    assert got[0]["schema"] == {"type": "array", "items": {"anyOf": [codes["items"], negated["items"]]}}
    assert got[1]["schema"] == {"anyOf": mixed["schema"]["oneOf"]}  # a string member reads the one value Prism reads
    # stripe's list or "" (to clear it): no member reads the one value; any value, and a
    # deepObject one, never sent by its name, not required
    assert got[2] == {"name": "rates", "in": "query", "required": False, "schema": {}}


def test_mock_servers_follow_a_reference_through_a_union_read_as_any_of() -> None:
    """digitalocean's bundled document points into an operation's body through its oneOf
    (`#/paths/.../schema/oneOf/0/allOf/0`). The mock reads every oneOf as anyOf, so Prism
    found no `oneOf` there and did not start (1,160 tests): such a reference goes through
    the anyOf, written as it was (percent-encoded braces kept)."""
    from generator.ir.mock_spec import for_mock_servers

    base = {"type": "object", "properties": {"name": {"type": "string"}}}
    body = {"oneOf": [{"allOf": [base, {"properties": {"dns": {"type": "string"}}}]}, {"type": "object", "properties": {"type": {"enum": ["lets_encrypt"]}}}]}
    inside = "#/paths/~1v2~1certificates~1%7Bid%7D/post/requestBody/content/application~1json/schema/oneOf/0/allOf/0"
    named = {"type": "object", "properties": {"oneOf": {"type": "array", "items": {"type": "string"}}}}  # a property named oneOf
    paths = {
        "/v2/certificates/{id}": {"post": {"requestBody": {"content": {"application/json": {"schema": body}}}, "responses": {"200": {"description": "ok"}}}},
        "/v2/other": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": inside}}}}, "responses": {"200": {"description": "ok"}}}},
        "/v2/named": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Named/properties/oneOf/items"}}}}, "responses": {"200": {"description": "ok"}}}},
    }
    mock = for_mock_servers({"openapi": "3.0.3", "paths": paths, "components": {"schemas": {"Named": named}}})
    assert mock["paths"]["/v2/other"]["post"]["requestBody"]["content"]["application/json"]["schema"] == {"$ref": inside.replace("/oneOf/", "/anyOf/")}
    assert "anyOf" in mock["paths"]["/v2/certificates/{id}"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert mock["paths"]["/v2/named"]["post"]["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Named/properties/oneOf/items"}


def test_mock_servers_answer_bytes_and_text_as_a_string() -> None:
    """Prism writes an answer as JSON, XML or a string: an image without a schema, a form or a
    multipart answer (the client reads their bytes) answered 500 ("Cannot find serializer").
    Each is a string; JSON without a schema any value, as before."""
    from generator.ir.mock_spec import for_mock_servers

    content = {
        "image/png": {},
        "multipart/form-data": {},
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}},
        "application/json": {},
        "text/csv": {"schema": {"type": "string"}},
    }
    data = {"openapi": "3.0.3", "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": content}}}}}}
    got = for_mock_servers(data)["paths"]["/a"]["get"]["responses"]["200"]["content"]
    text = {"schema": {"type": "string"}}
    assert got == {"image/png": text, "multipart/form-data": text, "application/x-www-form-urlencoded": text, "application/json": {"schema": {}}, "text/csv": content["text/csv"]}


def test_mock_servers_take_any_value_for_a_query_list_of_lists_or_objects() -> None:
    """evetech's `connections` is a list of pairs of ids, Box's `mdfilters` a list of objects:
    OpenAPI leaves their serialization in a query undefined, and Prism read each item as a
    string (400). Such a parameter is any value for the mock; a list of strings is kept."""
    from generator.ir.mock_spec import for_mock_servers

    pairs = {"name": "connections", "in": "query", "style": "form", "explode": False, "schema": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}}
    filters = {"name": "mdfilters", "in": "query", "schema": {"type": "array", "items": {"type": "object", "properties": {"scope": {"type": "string"}}}}}
    plain = {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}
    data = {"openapi": "3.0.3", "paths": {"/route": {"get": {"parameters": [pairs, filters, plain], "responses": {"200": {"description": "ok"}}}}}}
    got = for_mock_servers(data)["paths"]["/route"]["get"]["parameters"]
    assert got == [{"name": "connections", "in": "query", "schema": {}}, {"name": "mdfilters", "in": "query", "schema": {}}, plain]


def test_null_fits_where_a_schema_takes_it() -> None:
    """`param: null` in OpenAI's error examples, of `anyOf: [string, null]` (3.1), and 3.0's
    `nullable`: such an example fits, and stays in the mock's document."""
    from generator.ir.examples import fits_deep

    def same(node: object) -> object:
        return node

    error = {"type": "object", "properties": {"param": {"anyOf": [{"type": "string"}, {"type": "null"}]}, "code": {"type": "string", "nullable": True}}}
    assert fits_deep({"param": None, "code": None}, error, same)
    assert not fits_deep({"param": 1}, error, same)
    assert not fits_deep({"code": None}, {"type": "object", "properties": {"code": {"type": "string"}}}, same)


def test_mock_servers_leave_out_a_discriminator_whose_mapping_names_nothing_here() -> None:
    """The validator would resolve the tag through the mapping, or else as a schema of its own
    name, and fail on both: without the discriminator the members still check the value."""
    from openapi_schema_validator import OAS30Validator

    from generator.ir.mock_spec import for_mock_servers

    schemas = {
        "Reboot": {"type": "object", "properties": {"type": {"enum": ["reboot"]}}, "required": ["type"]},
        "Action": {
            "anyOf": [{"$ref": "#/components/schemas/Reboot"}],
            "discriminator": {"propertyName": "type", "mapping": {"reboot": "models/actions.yml#/reboot"}},
        },
    }
    data = {"openapi": "3.0.3", "paths": {}, "components": {"schemas": schemas}}
    mock = for_mock_servers(data)["components"]
    assert "discriminator" not in mock["schemas"]["Action"] and "discriminator" in schemas["Action"]
    validator = OAS30Validator({"$ref": "#/components/schemas/Action", "components": mock})
    assert validator.is_valid({"type": "reboot"}) and not validator.is_valid({"type": "resize"})


def test_mock_servers_leave_names_only_union_members_declare_to_the_members() -> None:
    """`required: [shipment_id, shipment]` over `oneOf: [{shipment_id}, {shipment}]`
    (shipengine): read strictly, no value passes; each member requires its own name."""
    from openapi_schema_validator import OAS30Validator

    from generator.ir.mock_spec import for_mock_servers

    schemas = {
        "ById": {"type": "object", "properties": {"shipment_id": {"type": "string"}}, "required": ["shipment_id"]},
        "Inline": {"type": "object", "properties": {"shipment": {"type": "object"}}, "required": ["shipment"]},
        "Body": {
            "type": "object",
            "properties": {"rate_options": {"type": "object"}},
            "required": ["shipment_id", "shipment", "rate_options"],
            "oneOf": [{"$ref": "#/components/schemas/ById"}, {"$ref": "#/components/schemas/Inline"}],
        },
    }
    data = {"openapi": "3.0.3", "paths": {}, "components": {"schemas": schemas}}
    body = {"shipment_id": "se-1", "rate_options": {}}
    assert not OAS30Validator({"$ref": "#/components/schemas/Body", "components": data["components"]}).is_valid(body)
    validator = OAS30Validator({"$ref": "#/components/schemas/Body", "components": for_mock_servers(data)["components"]})
    assert validator.is_valid(body), list(validator.iter_errors(body))
    assert not validator.is_valid({"shipment_id": "se-1"})  # its own required name stays
    assert not validator.is_valid({"rate_options": {}})  # and a member must still match


def test_a_property_no_value_fits_is_left_out_and_map_keys_follow_property_names(tmp_path: Path) -> None:
    """`properties: {additionalProperties: false}` (vercel: the keyword one level too deep)
    is a property that may not be sent: no field, no argument, no example. A map's example
    key is one its `propertyNames` takes."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        r"""
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /records:
    patch:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                additionalProperties: false
                name: {type: string}
                items:
                  type: object
                  propertyNames: {type: string, pattern: '^[a-z]+-[0-9]+$'}
                  additionalProperties: {type: integer}
      responses: {'204': {description: ok}}
"""
    )
    api = api_of(spec)
    (op,) = api.operations
    params = classes(api)["RecordUpdateParams"]
    assert [f.name for f in params.fields] == ["name", "items"]
    assert [arg.split("=")[0] for arg in op.full_args] == ["name", "items"]
    items = ast.literal_eval(op.full_args[1].split("=", 1)[1])
    assert all(re.fullmatch(r"[a-z]+-[0-9]+", key) for key in items) and items, op.full_args


def test_an_allof_part_that_says_nothing_of_a_propertys_type_keeps_it(tmp_path: Path) -> None:
    """linode: `allOf: [$ref Volume, {properties: {size: {description: ...}}}]` and `{required:
    [...]}` over a list: both parts apply, so `size` stays an integer and `rules` a list."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        """
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /volumes:
    put:
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - {$ref: '#/components/schemas/Volume'}
                - properties: {size: {description: in GB}, rules: {required: [action]}, label: {type: integer}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Volume:
      type: object
      properties:
        size: {type: integer}
        label: {type: string}
        rules: {type: array, items: {type: object, properties: {action: {type: string}}}}
"""
    )
    (op,) = api_of(spec).operations
    assert dict(a.split("=", 1) for a in op.full_args) == {"label": "1", "rules": "[{}]", "size": "1"}


def test_named_enums_and_unions_of_plain_types_are_type_aliases(tmp_path: Path) -> None:
    """`model: ModelIdsShared` as the document names it, not its values spelled out: an enum
    of several values or a union of plain types and enums is an alias in a module of its own,
    used on both sides of the API. A single value (a tag) and unions of objects stay inline."""
    schemas = """
    ModelIds:
      description: The model to use.
      anyOf: [{type: string}, {type: string, enum: [small, large]}]
    Role: {type: string, enum: [user, assistant], nullable: true}
    Tag: {type: string, enum: [chat]}
    Chat:
      type: object
      required: [model, kind]
      properties:
        model: {$ref: '#/components/schemas/ModelIds'}
        role: {$ref: '#/components/schemas/Role'}
        kind: {$ref: '#/components/schemas/Tag'}
        ModelIds: {$ref: '#/components/schemas/ModelIds'}  # named like the alias: must not hide it
    """
    api = api_of_body(tmp_path, schemas, "Chat", "Chat")
    aliases = {a.name: (m.name, a.annotation, a.description) for m in api.types_modules for a in m.aliases}
    assert aliases == {
        "ModelIds": ("model_ids", 'str | Literal["small", "large"]', "The model to use."),
        "Role": ("role", 'Literal["user", "assistant"] | None', None),
    }
    fields = {f.name: (f.annotation, f.param_annotation.strip("'\"")) for f in classes(api)["Chat"].fields}  # functional: quoted
    assert fields == {
        "model": ("ModelIds", "Required[ModelIds]"),
        "role": ("Role | None", "Role"),
        "kind": ('Literal["chat"]', 'Required[Literal["chat"]]'),
        "ModelIds_": ("ModelIds | None", "ModelIds"),
    }
    (op,) = api.operations
    assert "ModelIds_" in " ".join(op.full_args)  # nor may an argument
    assert {("model_ids", "ModelIds"), ("role", "Role")} <= set(api.exports)


def test_read_only_properties_are_not_sent_and_write_only_ones_not_expected_back(tmp_path: Path) -> None:
    """`readOnly` (the server writes it): no argument, no TypedDict key, no example value in a
    request, even when required or marked beside a `$ref` or in an allOf part. `writeOnly`
    (only clients write it): a response model does not require it."""
    schemas = """
    NewVolume:
      allOf: [{$ref: '#/components/schemas/Volume'}, {properties: {size: {readOnly: true}}}]
    Volume:
      type: object
      required: [id, size, created, password, owner]
      properties:
        id: {type: string, readOnly: true}
        size: {type: integer}
        created: {$ref: '#/components/schemas/Stamp', readOnly: true}
        password: {type: string, writeOnly: true}
        owner: {$ref: '#/components/schemas/Owner'}
    Stamp: {type: string, format: date-time}
    Owner:
      type: object
      required: [id, name]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
    """
    api = api_of_body(tmp_path, schemas, "NewVolume", "Volume")
    (op,) = api.operations
    assert dict(a.split("=", 1) for a in op.required_args) == {"password": '"string"', "owner": '{"name": "string"}'}
    found = classes(api)
    volume = {f.name: (f.required, f.default) for f in found["Volume"].fields}
    assert volume == {"id": (True, None), "size": (True, None), "created": (True, None), "password": (True, "None"), "owner": (True, None)}
    assert [f.name for f in found["Owner"].param_fields] == ["name"] and [f.name for f in found["Owner"].fields] == ["id", "name"]


def test_a_property_read_only_in_an_allof_part_stays_so_where_a_later_part_redeclares_it(tmp_path: Path) -> None:
    """Azure's Profile: `name` is readOnly in its Resource base, redeclared (typed, not
    readOnly) beside the allOf. Both apply, as the mock server reads them: not sent."""
    schemas = """
    Profile:
      allOf: [{properties: {id: {type: string, readOnly: true}, name: {type: string, readOnly: true}, location: {type: string}}}]
      properties:
        name: {type: string, description: The name of the profile}
        etag: {type: string}
    """
    api = api_of_body(tmp_path, schemas, "Profile", "Profile")
    (op,) = api.operations
    assert [f.name for f in classes(api)["Profile"].param_fields] == ["location", "etag"]
    assert not any(a.startswith(("name", "id")) for a in op.full_args)


def test_a_body_of_only_read_only_properties_is_sent_empty(tmp_path: Path) -> None:
    """Google's `Trial`: every property output only. No argument, and the body is `{}`."""
    schemas = """
    Trial: {type: object, properties: {id: {type: string, readOnly: true}, state: {type: string, readOnly: true}}}
    """
    (op,) = api_of_body(tmp_path, schemas, "Trial").operations
    assert op.required_args == () and dict(op.request_kwargs)["json"] == "validate_params(TrialParam, {})"


def test_mock_servers_read_a_ref_as_openapi_30_does() -> None:
    """britbox: `{$ref: ItvChangeEmailRequest, type: string}`. 3.0 ignores what is beside a
    $ref (so does the client, which sends the object); a 3.1 document keeps it."""
    from generator.ir.mock_spec import for_mock_servers

    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Email", "type": "string"}}}}
    post = {"requestBody": body, "responses": {"204": {"description": "Sent."}}}
    data = {"openapi": "3.0.3", "paths": {"/email": {"post": post}}, "components": {"schemas": {"Email": {"type": "object"}}}}
    mock = for_mock_servers(data)
    assert mock["paths"]["/email"]["post"]["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Email"}
    assert body["content"]["application/json"]["schema"]["type"] == "string"  # copy on write
    assert mock["components"] is data["components"]
    assert for_mock_servers({**data, "openapi": "3.1.0"})["paths"] is data["paths"]


def test_a_pattern_that_backtracks_is_not_run_on_document_examples() -> None:
    """beezup: `([\\/\\w \\.-]*)*` takes Python's re minutes to refuse a text; a document example
    is then not checked with it (nor used): the example is made from the pattern itself."""
    from generator.ir.examples import ExampleMaker
    from generator.ir.pattern_example import backtracks

    url = r"^(https?:\/\/)?([\da-z\.-]+)\.([a-z\.]{2,6})([\/\w \.-]*)*\/?$"
    assert backtracks(url) and backtracks(r"^(\w+\s?)*$")
    assert not backtracks(r"^[a-z]+(-[a-z]+){0,3}$") and not backtracks(r"^(ab){2,3}$")
    schema = {"type": "string", "pattern": url, "example": "https://www.example.com/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/Q!"}
    value = ExampleMaker(RefResolver(Document("spec.json", "", {}))).value(schema, "/x", full=True)
    assert value != schema["example"] and re.search(url, value), value


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ({"type": "integer", "minimum": 1}, [1, 2, 3]),
        ({"type": "string", "enum": ["a", "b", "c"]}, ["a", "b", "c"]),
        ({"type": "string"}, ["string", "string1", "string2"]),
    ],
)
def test_unique_items_examples_are_distinct(items: dict[str, object], expected: list[object]) -> None:
    """portfoliooptimizer: `uniqueItems` with `minItems: 3` gave [1, 1, 1], which no validator takes."""
    from generator.ir.examples import ExampleMaker

    schema = {"type": "array", "minItems": 3, "uniqueItems": True, "items": items}
    assert ExampleMaker(RefResolver(Document("spec.json", "", {}))).value(schema, "/x", full=True) == expected


def test_mock_servers_ignore_a_discriminator_no_member_has() -> None:
    """oas-examples' improper placement: the discriminator names a property of the object
    around the union, which no member has; the document says to ignore it, as the client does."""
    from generator.ir.mock_spec import for_mock_servers

    union = {"oneOf": [{"$ref": "#/components/schemas/Gcs"}, {"type": "object", "properties": {"s3": {"type": "string"}}}]}
    schemas = {"Gcs": {"type": "object", "properties": {"gcs": {"type": "string"}, "kind": {"type": "string"}}}}
    improper = {**union, "discriminator": {"propertyName": "connector_type"}}
    proper = {**union, "discriminator": {"propertyName": "kind"}}
    data = {"openapi": "3.1.0", "components": {"schemas": {**schemas, "Improper": improper, "Proper": proper}}}
    mock = for_mock_servers(data)["components"]["schemas"]
    assert "discriminator" not in mock["Improper"] and mock["Proper"]["discriminator"] == proper["discriminator"]
    assert mock["Proper"]["anyOf"] == union["oneOf"]  # (a oneOf is read as anyOf)


def test_a_union_says_none_once_at_its_end() -> None:
    """`anyOf: [string, null, array]` beside `nullable`: `str | list[str] | None`."""
    from generator.ir.annotate import model_annotation, param_annotation
    from generator.ir.types import ListOf, Nullable, Prim, UnionOf

    t = Nullable(UnionOf((Nullable(Prim("str")), ListOf(Prim("str")))))
    assert model_annotation(t, str) == "str | list[str] | None"
    assert param_annotation(t, str, str) == "str | Sequence[str] | None"


def test_a_client_example_of_an_object_whose_properties_are_all_read_only_is_empty() -> None:
    """influxdata: `links` requires `self`, a `$ref` to a readOnly string; the client leaves
    every property out, and no required name comes back as a key of a free-form map."""
    from generator.ir.examples import ExampleMaker

    schemas = {
        "Link": {"type": "string", "readOnly": True},
        "Links": {"type": "object", "required": ["self"], "properties": {"self": {"$ref": "#/components/schemas/Link"}}},
        "Body": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "links": {"$ref": "#/components/schemas/Links"}}},
    }
    maker = ExampleMaker(RefResolver(Document("spec.json", "", {"components": {"schemas": schemas}})))
    assert maker.value({"$ref": "#/components/schemas/Body"}, "/x", full=True, writer="client") == {"name": "string", "links": {}}
    assert maker.value({"$ref": "#/components/schemas/Links"}, "/x", full=True, writer="server") == {"self": "string"}


def test_recursive_and_dynamic_refs_lead_back_to_their_anchor(tmp_path: Path) -> None:
    """`$recursiveRef: "#"` (OpenAI's CompoundFilter) and `$dynamicRef: "#name"` (OpenAPI 3.1)
    name the component that anchors them: a class that holds itself, not `Any`."""
    api = api_of_body(
        tmp_path,
        """
        Leaf: {type: object, required: [op], properties: {op: {type: string, enum: [eq]}}}
        Compound:
          $recursiveAnchor: true
          type: object
          properties:
            filters: {type: array, items: {oneOf: [{$ref: '#/components/schemas/Leaf'}, {$recursiveRef: '#'}]}}
        Tree:
          $dynamicAnchor: node
          type: object
          properties:
            children: {type: array, items: {$dynamicRef: '#node'}}
            other: {$dynamicRef: '#elsewhere'}
        Body: {type: object, properties: {c: {$ref: '#/components/schemas/Compound'}, t: {$ref: '#/components/schemas/Tree'}}}
        """,
        "Body",
    )
    compound = {f.name: f for f in classes(api)["Compound"].fields}
    tree = {f.name: f for f in classes(api)["Tree"].fields}
    assert compound["filters"].annotation == "list[Leaf | Compound] | None"
    assert tree["children"].annotation == "list[Tree] | None"
    assert tree["other"].annotation == "Any"  # an anchor no component declares: Any, as before


RECURSIVE_VALUES = """
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /documents:
    post:
      operationId: putDocument
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Document'}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Document'}}}}}
components:
  schemas:
    JsonValue:
      description: Any JSON value.
      anyOf:
        - type: string
        - type: number
        - type: array
          items: {$ref: '#/components/schemas/JsonValue'}
        - type: object
          additionalProperties: {$ref: '#/components/schemas/JsonValue'}
    Tag: {type: object, required: [name], properties: {name: {type: string}}}
    TagTree:
      anyOf:
        - $ref: '#/components/schemas/Tag'
        - type: array
          items: {$ref: '#/components/schemas/TagTree'}
    Document:
      type: object
      required: [value]
      properties:
        value: {$ref: '#/components/schemas/JsonValue'}
        tags: {$ref: '#/components/schemas/TagTree'}
"""


def test_a_union_that_holds_itself_is_a_recursive_alias(tmp_path: Path) -> None:
    """Not `Any` where it recurses: `TypeAliasType` with its value as a string, which both
    pydantic (it validates nested values) and mypy --strict accept."""
    from conftest import generate_in_fresh_python, run_mypy

    spec = tmp_path / "spec.yaml"
    spec.write_text(RECURSIVE_VALUES)
    out = tmp_path / "out"
    printed = generate_in_fresh_python(
        spec,
        out,
        tmp_path / "cache",
        "sys.path.insert(0, sys.argv[2])\n"
        "from c.types import Document\n"
        "d = Document.model_validate({'value': {'a': [1, 'x', {'b': []}]}, 'tags': [{'name': 'n'}, [{'name': 'm'}]]})\n"
        "print(type(d.tags[1][0]).__name__, d.value)\n",
    )
    assert printed.splitlines()[-1].split()[0] == "Tag"  # (the summary line comes first)
    module = (out / "c" / "types" / "json_value.py").read_text(encoding="utf-8")
    assert 'JsonValue = TypeAliasType(\n    "JsonValue", "str | float | list[JsonValue] | dict[str, JsonValue]"\n)' in module
    tree = (out / "c" / "types" / "tag_tree.py").read_text(encoding="utf-8")
    assert 'TagTreeParam = TypeAliasType(' in tree and "TagTreeParam]" in tree
    (out / "use.py").write_text(
        "from c.types import Document, JsonValue, TagTreeParam\n"
        "v: JsonValue = {'a': [1.0, 'x', {'b': []}]}\n"
        "t: TagTreeParam = [{'name': 'n'}, [{'name': 'm'}]]\n"
        "def f(d: Document) -> JsonValue:\n    return d.value\n"
    )
    done = run_mypy(out, "c")
    assert done.returncode == 0, done.stdout
    checked = subprocess.run([sys.executable, "-m", "mypy", "--strict", "use.py"], cwd=out, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout


def test_cases_json_is_json_dumps_of_the_whole_with_one_indent() -> None:
    """operations.cases_json joins each operation's case_json: the bytes json.dumps(cases,
    indent=1, sort_keys=True) gives, for any keys and values (nested, empty, unicode, quotes,
    line breaks, bytes)."""
    import json
    import random

    from generator.ir.operations import case_json, cases_json

    rng = random.Random(7)
    words = ["a", "é", 'q"uote', "line\nbreak", "tab\t", "", "z" * 3, "ü\\"]

    def value(depth: int) -> object:
        kind = rng.randrange(8 if depth < 4 else 5)
        if kind == 0:
            return rng.choice(words)
        if kind == 1:
            return rng.randrange(-5, 5)
        if kind == 2:
            return rng.choice([None, True, False, 1.5])
        if kind == 3:
            return b"\x00bin"
        if kind == 4:
            return []
        if kind == 5:
            return [value(depth + 1) for _ in range(rng.randrange(3))]
        return {rng.choice(words) + str(i): value(depth + 1) for i in range(rng.randrange(4))}

    for size in (0, 1, 5, 20):
        cases = {rng.choice(words) + str(i): {"k": value(0), "m": value(0)} for i in range(size)}
        whole = json.dumps(cases, indent=1, ensure_ascii=False, sort_keys=True, default=lambda v: v.decode("latin-1")) + "\n"
        assert cases_json({key: case_json(case) for key, case in cases.items()}) == whole


@pytest.mark.parametrize("budget", [400, 4])
def test_a_sealed_example_value_is_the_value_and_its_digest_is_made_again_alike(budget: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """examples.py: while an operation's reads are recorded, the value of a node that refers
    to components inside a required-only part is sealed (kept by a digest). Sealing changes
    no value (nor the budget spent, which decides the optional properties after it), and a
    maker of its own makes each sealed digest again from its key alone. Every component of
    the golden documents, as the client and as the server write it; and with a budget so
    small that what the sealed values spent leaves optional properties out."""
    from generator import bundle, upgrade
    from generator.ir import examples
    from generator.ir.examples import ExampleMaker

    monkeypatch.setattr(examples, "_BUDGET", budget)

    nested = {"type": "object", "required": ["a", "b"], "properties": {"a": {"type": "string"}, "b": {"type": "integer"}, "c": {"type": "string"}}}
    shared = {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Nested"}, "y": {"type": "string"}, "z": {"anyOf": [{"$ref": "#/components/schemas/Nested"}, {"type": "null"}]}}}
    made = Document("spec.json", "", {"openapi": "3.0.3", "components": {"schemas": {"Nested": nested, "One": shared, "Two": dict(shared), "Three": {"type": "array", "items": shared}}}})
    sealed = 0
    for spec in [*sorted(GOLDEN.glob("*/spec.yaml")), None]:
        doc = upgrade.upgrade(bundle.bundle(load(spec)))[0] if spec is not None else made
        for writer in ("client", "server"):
            plain, maker, checker = (ExampleMaker(RefResolver(doc), track=True) for _ in range(3))
            maker.sealed = {}
            for name, schema in ((doc.data.get("components") or {}).get("schemas") or {}).items():
                ptr = f"/components/schemas/{name}"
                assert maker.value(schema, ptr, full=True, writer=writer) == plain.value(schema, ptr, full=True, writer=writer), (spec, name, writer)
            for key, digest in maker.sealed.items():
                assert checker.sealed_digest(key)[0] == digest, (spec, writer, key)
            sealed += len(maker.sealed)
    assert sealed > 10


@pytest.mark.parametrize(
    ("ref", "meant"),
    [
        ("#/definitions/Pet", "#/components/schemas/Pet"),  # Swagger 2.0's section, in a 3.0 document
        ("#components/schemas/Pet", "#/components/schemas/Pet"),  # no slash
        ("#/components/schemas/pet ", "#/components/schemas/Pet"),  # case and blanks
        ("#/parameters/a~1b", "#/components/parameters/A~1B"),
        ("#/components/schemas/Dog", None),
    ],
)
def test_a_dangling_ref_says_the_node_it_likely_means(ref: str, meant: str | None) -> None:
    from generator.diagnostics import GenerationError

    data = {"components": {"schemas": {"Pet": {}, "pets": {}}, "parameters": {"A/B": {}}}}
    resolver = RefResolver(Document("spec.json", "", data))
    with pytest.raises(GenerationError) as raised:
        resolver.resolve({"$ref": ref}, "/paths/~1a")
    message = raised.value.diagnostics[0].message
    assert message.startswith(f"dangling $ref '{ref}': no such node")
    assert message.endswith(f" (did you mean '{meant}'?)" if meant else "no such node")


def test_mock_servers_take_any_value_for_form_fields_that_may_be_lists() -> None:
    """stripe's `anyOf: [array, enum [""]]` form fields: Prism reads a repeated key as a
    list only by the type `array` alone, and one item as text (422). In the mock's document
    such a field, in an urlencoded or a multipart form, is any value and not required; a
    plain list and a string field stay as they are."""
    from generator.ir.mock_spec import for_mock_servers

    either = {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string", "enum": [""]}]}
    form = {"type": "object", "required": ["aliases", "note"], "properties": {"aliases": either, "names": {"type": ["array", "string"]}, "tags": {"type": "array", "items": {"type": "string"}}, "note": {"type": "string"}}}
    paths = {f"/{kind}": {"post": {"requestBody": {"content": {media: {"schema": form}}}, "responses": {"204": {"description": "ok"}}}} for kind, media in (("form", "application/x-www-form-urlencoded"), ("parts", "multipart/form-data"))}
    mock = for_mock_servers({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths})
    for kind, media in (("form", "application/x-www-form-urlencoded"), ("parts", "multipart/form-data")):
        read = mock["paths"][f"/{kind}"]["post"]["requestBody"]["content"][media]["schema"]
        assert read["properties"]["aliases"] == {} and read["properties"]["names"] == {}
        assert read["properties"]["note"] == {"type": "string"}
        assert read["required"] == ["note"]
    assert mock["paths"]["/form"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["properties"]["tags"] == form["properties"]["tags"]


def test_an_all_of_that_only_annotates_a_reference_is_the_referenced_type(tmp_path: Path) -> None:
    """`allOf: [$ref, {xml: ...}]` (each property of an AWS XML-protocol document) says
    nothing of the type: it was read as a merge of objects, which made any value of an
    enum or a list, and a copy of the referenced class under the property's name. An
    extension beside the allOf keeps a component a class of its own (Azure's subtypes)."""
    found = classes_of_schemas(
        tmp_path,
        "Spec",
        """
    Kind: {type: string, enum: [a, b]}
    Tag: {type: object, properties: {key: {type: string}}}
    Tags: {type: array, items: {allOf: [{$ref: '#/components/schemas/Tag'}, {xml: {name: item}}]}}
    Error: {allOf: [{$ref: '#/components/schemas/Tag'}], x-ms-discriminator-value: Error}
    Spec:
      type: object
      properties:
        kind: {allOf: [{$ref: '#/components/schemas/Kind'}, {xml: {name: kind}, description: The kind.}]}
        tags: {allOf: [{$ref: '#/components/schemas/Tags'}, {xml: {name: Tag}}]}
        noted: {allOf: [{$ref: '#/components/schemas/Tag'}, {externalDocs: {url: 'https://example.com'}, $comment: c}]}
""",
    )
    assert {f.name: f.annotation for f in found["Spec"].fields} == {"kind": "Kind | None", "tags": "list[Tag] | None", "noted": "Tag | None"}
    assert set(found) == {"Spec", "Tag", "Error"}


def test_an_enum_a_literal_cannot_hold_is_its_type(tmp_path: Path) -> None:
    """`enum: [1, 1.5]` was `Literal[1]`, which refuses 1.5, and an enum of objects (pandascore's
    videogames) any value: such an enum is its schema without it. One a Literal holds stays one."""
    found = classes_of_schemas(
        tmp_path,
        "T",
        """
    T:
      type: object
      properties:
        rate: {type: number, enum: [1, 1.5, 2]}
        step: {type: number, enum: [0.5, null], nullable: true}
        game: {type: object, enum: [{id: 1, name: LoL}]}
        pair: {type: array, items: {type: integer}, enum: [[1, 2]]}
        half: {type: number, const: 0.5}
        count: {type: integer, enum: [1, 2]}
""",
    )
    assert {f.name: f.annotation for f in found["T"].fields} == {
        "rate": "float | None",
        "step": "float | None",
        "game": "dict[str, Any] | None",
        "pair": "list[int] | None",
        "half": "float | None",
        "count": "Literal[1, 2] | None",
    }


def test_pattern_properties_are_keys_a_model_takes(tmp_path: Path) -> None:
    """`patternProperties` beside `additionalProperties: false` (JSON Schema, OpenAPI 3.1): the
    keys matching a pattern are allowed. They were read as a closed class of no field, whose
    request side refused every key the document allows."""
    schemas = """
    T:
      type: object
      properties:
        labels: {type: object, patternProperties: {'^[a-z]+$': {type: integer}}, additionalProperties: false}
        either: {patternProperties: {'^n': {type: number}, '^s': {type: string}}, additionalProperties: false}
        more: {type: object, patternProperties: {'^n': {type: number}}, additionalProperties: {type: boolean}}
        named: {type: object, properties: {name: {type: string}}, patternProperties: {'^x-': {type: string}}, additionalProperties: false}
    """
    found = classes(api_of_body(tmp_path, schemas, "T", response="T", version="3.1.0"))
    assert {f.name: f.annotation for f in found["T"].fields} == {
        "labels": "dict[str, int] | None",
        "either": "dict[str, float | str] | None",
        "more": "dict[str, bool | float] | None",
        "named": "TNamed | None",
    }
    params = {f.name: f.param_annotation for f in found["T"].param_fields}
    assert params["labels"] == 'dict[Annotated[str, Field(pattern="^[a-z]+$")], int]'  # the one pattern is every key's
    assert params["either"] == "dict[str, float | str]"
    assert not found["TNamed"].closed  # (extra="forbid" refused the `x-` keys)


def test_examples_of_json_schema_keywords_a_validator_checks() -> None:
    """3.1's `prefixItems` (a tuple), `not`, and `patternProperties`: the example fits each
    (the generated tests' requests failed the mock's check on the first two)."""
    from generator.ir.examples import ExampleMaker

    maker = ExampleMaker(RefResolver(Document("spec.json", "", {})))
    pair = {"type": "array", "prefixItems": [{"type": "string"}, {"type": "number"}], "items": False}
    assert maker.value(pair, "/x", full=True) == ["string", 1.0]
    assert maker.value({**pair, "items": {"type": "boolean"}, "minItems": 3}, "/x", full=True) == ["string", 1.0, True]
    assert maker.value({**pair, "maxItems": 1}, "/x", full=True) == ["string"]
    assert maker.value({"not": {"type": "string"}}, "/x", full=True) == 1
    labels = {"type": "object", "patternProperties": {"^[a-z]+$": {"type": "integer"}}, "additionalProperties": False}
    value = maker.value(labels, "/x", full=True)
    assert len(value) == 1 and all(re.fullmatch("[a-z]+", k) and v == 1 for k, v in value.items())


def test_an_example_of_an_all_of_whose_annotation_part_comes_first_is_the_referenced_type() -> None:
    """`allOf: [{xml: ...}, {$ref: Kind}]`, the annotation first: the model reads the
    reference, and so does the example (it took the first part, an annotation, and made any
    value: "string", which the enum refuses)."""
    from generator.ir.examples import ExampleMaker

    components = {"Kind": {"type": "string", "enum": ["small", "large"]}}
    maker = ExampleMaker(RefResolver(Document("spec.json", "", {"components": {"schemas": components}})))
    schema = {"allOf": [{"xml": {"name": "kind"}, "description": "d"}, {"$ref": "#/components/schemas/Kind"}]}
    assert maker.value(schema, "/x", full=True) == "small"


def test_a_schema_defined_under_defs_is_named_from_its_key(tmp_path: Path) -> None:
    """`$ref: '#/components/schemas/Transaction/definitions/transactionCategoryRef'` (codat's;
    `$defs` in 3.1): the class takes the definition's key, not the name of the first property
    to refer to it (`TransactionTransactionCategoryRef`)."""
    schemas = """
    Transaction:
      type: object
      properties: {category: {$ref: '#/components/schemas/Transaction/definitions/categoryRef'}}
      definitions:
        categoryRef: {type: object, properties: {id: {type: string}}}
    Person:
      type: object
      properties: {home: {$ref: '#/components/schemas/Person/$defs/Address'}, work: {$ref: '#/components/schemas/Person/$defs/Address'}}
      $defs:
        Address: {type: object, properties: {city: {type: string}}}
    Both: {type: object, properties: {t: {$ref: '#/components/schemas/Transaction'}, p: {$ref: '#/components/schemas/Person'}}}
    """
    found = classes(api_of_body(tmp_path, schemas, "Both", version="3.1.0"))
    assert {"CategoryRef", "Address"} <= set(found) and not {"TransactionCategory", "PersonHome"} & set(found)
    assert [f.annotation for f in found["Person"].fields] == ["Address | None", "Address | None"]


def test_a_tuple_of_prefix_items_is_a_list_of_any_of_its_items_and_the_mock_reads_it_as_prism_does(tmp_path: Path) -> None:
    """3.1's `prefixItems` (each of the first items its own schema, `items` the rest's): a
    list of any of them where the rest is bounded, else of any value. Prism reads `items` as
    every item's schema: the mock's document says the same values its way."""
    from generator.ir.mock_spec import for_mock_servers

    schemas = """
    Point:
      type: object
      properties:
        at: {type: array, prefixItems: [{type: number}, {type: number}], items: false}
        label: {type: array, prefixItems: [{type: string}], items: {type: boolean}}
        short: {type: array, prefixItems: [{type: string}, {type: integer}], maxItems: 2}
        open: {type: array, prefixItems: [{type: string}]}
    """
    found = classes(api_of_body(tmp_path, schemas, "Point", version="3.1.0"))
    fields = {f.name: f.annotation for f in found["Point"].fields}
    assert fields == {"at": "list[float] | None", "label": "list[str | bool] | None", "short": "list[str | int] | None", "open": "list[Any] | None"}
    mock = for_mock_servers(load(tmp_path / "spec.yaml").data)["components"]["schemas"]["Point"]["properties"]
    assert mock["at"] == {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "maxItems": 2}
    assert mock["label"]["items"] == {"anyOf": [{"type": "string"}, {"type": "boolean"}]}
    assert mock["open"] == {"type": "array", "prefixItems": [{"type": "string"}]}


def test_an_example_of_if_then_else_takes_the_branch_its_condition_says(tmp_path: Path) -> None:
    """`if`/`then`/`else` (JSON Schema, OpenAPI 3.1): the example is made with a branch and
    kept when the condition agrees with it. One made without them sent `kind: circle` with
    no `radius`, and a postal code of no pattern: the mock servers refused each request."""
    from generator.ir.examples import ExampleMaker

    schemas = """
    Shape:
      type: object
      required: [kind]
      properties: {kind: {type: string, enum: [circle, square]}, radius: {type: number}, side: {type: number}}
      if: {properties: {kind: {const: circle}}}
      then: {required: [radius]}
      else: {required: [side]}
    Card:
      type: object
      properties: {country: {type: string, default: US}, postal: {type: string}}
      if: {properties: {country: {const: CA}}, required: [country]}
      then: {properties: {postal: {pattern: '^[A-Z][0-9][A-Z] [0-9][A-Z][0-9]$'}}}
      else: {properties: {postal: {pattern: '^[0-9]{5}$'}}, required: [postal]}
    Square:
      type: object
      required: [kind]
      properties: {kind: {type: string, const: square}, side: {type: number}}
      if: {properties: {kind: {const: circle}}}
      then: {required: [radius]}
    """
    api_of_body(tmp_path, schemas, "Shape", version="3.1.0")
    maker = ExampleMaker(RefResolver(load(tmp_path / "spec.yaml")))
    value = maker.value
    assert value({"$ref": "#/components/schemas/Shape"}, "/x", full=False) == {"kind": "circle", "radius": 1.0}
    assert value({"$ref": "#/components/schemas/Card"}, "/x", full=False) == {"postal": "00000"}  # no country: not CA
    assert value({"$ref": "#/components/schemas/Card"}, "/x", full=True) == {"country": "US", "postal": "00000"}
    assert value({"$ref": "#/components/schemas/Square"}, "/x", full=False) == {"kind": "square"}  # no branch fits: none


def test_a_string_of_a_binary_content_media_type_is_a_file(tmp_path: Path) -> None:
    """3.1 says a file part as `contentMediaType` (`image/png`; 3.0's `format: binary`): the
    argument takes a file, as for `format: binary`. Base64 text (`contentEncoding`) and text of
    a textual type stay strings."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /files:
        post:
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema:
                  type: object
                  required: [png, raw, old, b64, svg, json]
                  properties:
                    png: {type: string, contentMediaType: image/png}
                    raw: {type: string, contentMediaType: application/octet-stream}
                    old: {type: string, format: binary}
                    b64: {type: string, contentMediaType: image/png, contentEncoding: base64}
                    svg: {type: string, contentMediaType: image/svg+xml}
                    json: {type: string, contentMediaType: application/json}
          responses: {'204': {description: ok}}
    """,
        version="3.1.0",
    )
    args = {a.name: a.annotation for a in api_of(spec).operations[0].keyword}
    assert [args[n] for n in ("png", "raw", "old", "b64", "svg", "json")] == ["FileTypes"] * 3 + ["str"] * 3


def test_parameters_whose_names_differ_in_case_are_two_but_for_headers(tmp_path: Path) -> None:
    """A query's, a path's and a cookie's names are case-sensitive (`Limit` and a required
    `limit`: the second was dropped, and every request lacked it); a header's are not."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /orgs/{Org}/repos/{org}:
        get:
          parameters:
            - {name: Org, in: path, required: true, schema: {type: string}}
            - {name: org, in: path, required: true, schema: {type: string}}
            - {name: Limit, in: query, schema: {type: integer}}
            - {name: limit, in: query, required: true, schema: {type: integer}}
            - {name: X-Trace, in: header, schema: {type: string}}
            - {name: x-trace, in: header, schema: {type: integer}}
          responses: {'204': {description: ok}}
    """,
    )
    op = api_of(spec).operations[0]
    assert [(a.name, a.annotation) for a in op.positional] == [("Org", "str"), ("org", "str")]
    assert [(a.name, a.annotation) for a in op.keyword] == [("limit", "int"), ("Limit", "int | NotGiven"), ("x_trace", "str | NotGiven")]


def test_an_enum_of_one_and_true_keeps_both(tmp_path: Path) -> None:
    """`enum: [0, 1, true]`: Python's 1 == True merged them, and the client turned an
    answer's `true` into 1 and refused `mode=True`."""
    schemas = """
    Ping: {type: object, properties: {mode: {type: [integer, boolean], enum: [0, 1, true, false, 1]}}}
    """
    found = classes(api_of_body(tmp_path, schemas, "Ping", version="3.1.0"))
    assert [f.annotation for f in found["Ping"].fields] == ["Literal[0, 1, True, False] | None"]


def test_the_mock_reads_a_parameter_of_numbers_without_a_type_as_numbers(tmp_path: Path) -> None:
    """`{enum: [1, 2]}` with no `type`: Prism compared the query's text `1` with the number
    and refused every request that sent it."""
    from generator.ir.mock_spec import for_mock_servers

    spec = spec_of(
        tmp_path,
        """
    paths:
      /ping:
        get:
          parameters:
            - {name: mode, in: query, schema: {enum: [1, 2]}}
            - {name: on, in: query, schema: {const: true}}
            - {name: ids, in: query, schema: {type: array, items: {enum: [1, 2.5]}}}
            - {name: word, in: query, schema: {enum: [a, 1]}}
            - {name: flag, in: query, schema: {enum: [true, false, 0, 1]}}
          responses: {'204': {description: ok}}
    """,
        version="3.1.0",
    )
    params = for_mock_servers(load(spec).data)["paths"]["/ping"]["get"]["parameters"]
    assert [p["schema"] for p in params] == [
        {"enum": [1, 2], "type": "integer"},
        {"const": True, "type": "boolean"},
        {"type": "array", "items": {"enum": [1, 2.5], "type": "number"}},
        {"enum": ["a", 1]},
        {"enum": [True, False, 0, 1], "type": ["boolean", "integer"]},
    ]


def test_the_overloads_of_a_stream_flag_take_it_as_the_method_does(tmp_path: Path) -> None:
    """A `stream: boolean` that is not nullable: the overloads said `| None`, which the
    method does not take, and mypy refused the method."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /chat:
        post:
          requestBody:
            required: true
            content: {application/json: {schema: {type: object, properties: {stream: {type: boolean}}}}}
          responses:
            '200':
              description: ok
              content:
                application/json: {schema: {type: object, properties: {text: {type: string}}}}
                text/event-stream: {schema: {type: object, properties: {delta: {type: string}}}}
    """,
    )
    op = api_of(spec).operations[0]
    flag = [next(a for a in o.keyword if a.name == "stream") for o in op.overloads]
    assert [(a.annotation, a.default) for a in flag] == [("Literal[False] | NotGiven", "NOT_GIVEN"), ("Literal[True]", None), ("bool | NotGiven", "NOT_GIVEN")]
    assert next(a.annotation for a in op.keyword if a.name == "stream") == "bool | NotGiven"


def test_a_discriminator_whose_members_tag_with_a_plain_string_picks_by_its_mapping(tmp_path: Path) -> None:
    """OpenAPI's own example: `Dog` and `Cat` extend `Pet`, whose `petType` is a string, and
    the union's discriminator maps `dog` and `cat` to them. Without a Literal to read,
    pydantic took the first member that fits: every cat came back a Dog."""
    schemas = """
    Pet: {type: object, required: [petType, name], properties: {petType: {type: string}, name: {type: string}}}
    Dog: {allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {barks: {type: boolean}}}]}
    Cat: {allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {lives: {type: integer}}}]}
    Lizard: {allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {scales: {type: integer}}}]}
    Animal:
      oneOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Lizard'}]
      discriminator: {propertyName: petType, mapping: {dog: '#/components/schemas/Dog', kitty: Cat}}
    Holder: {type: object, properties: {animal: {$ref: '#/components/schemas/Animal'}}}
    """
    api = api_of_body(tmp_path, schemas, "Holder", response="Holder")
    aliases = {a.name: (a.annotation, a.param_annotation if hasattr(a, "param_annotation") else None) for m in api.types_modules for a in m.aliases}
    module = next(m for m in api.types_modules if any(a.name == "Animal" for a in m.aliases))
    animal = next(a for a in module.aliases if a.name == "Animal")
    assert animal.annotation == 'Annotated[Dog | Cat | Lizard, Tagged("petType", {"dog": "Dog", "kitty": "Cat", "Dog": "Dog", "Cat": "Cat", "Lizard": "Lizard"})]'
    assert "Tagged" in module.models_imports
    assert "Tagged" not in aliases["AnimalParam"][0]  # a request's TypedDicts: a plain union


def test_examples_keep_the_rules_json_schema_adds_to_objects_and_lists(tmp_path: Path) -> None:
    """Each of these made a request the mock servers refused: a name another one brings
    along (`dependentRequired`, `dependentSchemas`, whose properties are the class's too),
    `not: {required: [a, b]}` with both sent, a list that must `contain` a value, objects
    that must differ (`uniqueItems`), a date that must start `2025-`, an email of 8
    characters at most."""
    from generator.ir.examples import ExampleMaker

    schemas = """
    Range: {type: object, required: [start], dependentRequired: {start: [end]}, properties: {start: {type: string}, end: {type: string}}}
    Extra:
      type: object
      required: [x]
      properties: {x: {type: integer}}
      dependentSchemas: {x: {required: [y], properties: {y: {type: string}}}}
    Either: {type: object, properties: {a: {type: string}, b: {type: string}}, not: {required: [a, b]}}
    Tags: {type: array, items: {type: string}, contains: {const: important}, minContains: 2}
    Pairs: {type: array, minItems: 2, uniqueItems: true, items: {type: object, properties: {a: {type: string}}}}
    Day: {type: string, format: date, pattern: '^2025-'}
    Mail: {type: string, format: email, maxLength: 8}
    """
    api = api_of_body(tmp_path, schemas, "Extra", version="3.1.0")
    assert [(f.name, f.annotation) for f in classes(api)["Extra"].fields] == [("x", "int"), ("y", "str | None")]
    maker = ExampleMaker(RefResolver(load(tmp_path / "spec.yaml")))

    def value(name: str, full: bool = False) -> Any:
        return maker.value({"$ref": f"#/components/schemas/{name}"}, "/x", full=full)

    assert value("Range") == {"start": "string", "end": "string"}
    assert value("Extra") == {"x": 1, "y": "string"}
    assert value("Either", full=True) == {"a": "string"}
    assert value("Tags") == ["important", "important"]
    assert value("Pairs") == [{}, {"a": "string1"}]
    assert value("Day") == "2025-01-01"
    assert value("Mail") == "x@x.co"


def test_an_untyped_enum_with_a_fraction_keeps_its_literals(tmp_path: Path) -> None:
    """`enum: [fast, slow, 1, 2.5, true, null]`: a Literal cannot hold 2.5, and the whole
    enum was typed Any."""
    schemas = """
    Mode: {enum: [fast, slow, 1, 2.5, true, null, {a: 1}]}
    Holder: {type: object, properties: {mode: {$ref: '#/components/schemas/Mode'}}}
    """
    fields = classes(api_of_body(tmp_path, schemas, "Holder", version="3.1.0"))["Holder"].fields
    assert [f.annotation for f in fields] == ['Literal["fast", "slow", 1, True] | float | dict[str, Any] | None']


def test_a_binary_body_of_several_media_types_lets_the_caller_pick_one(tmp_path: Path) -> None:
    """`image/png` and `image/jpeg`: the first was sent whatever the caller's file was."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /img:
        put:
          requestBody:
            required: true
            content: {image/png: {schema: {type: string, format: binary}}, image/jpeg: {schema: {type: string, format: binary}}}
          responses: {'204': {description: stored}}
    """,
    )
    op = api_of(spec).operations[0]
    choice = next(a for a in op.keyword if a.name == "content_type")
    assert (choice.annotation, choice.default) == ('Literal["image/png", "image/jpeg"]', '"image/png"')
    assert ("content_type", "content_type") in op.request_kwargs


def test_answers_of_several_2xx_codes_are_read_by_the_code_answered(tmp_path: Path) -> None:
    """200 `{result}` and 202 `{jobId}`: the method was typed by the first, and read a 202
    answer as it."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /jobs:
        post:
          operationId: createJob
          responses:
            '200': {description: done, content: {application/json: {schema: {type: object, properties: {result: {type: string}}}}}}
            '201': {description: same, content: {application/json: {schema: {type: object, properties: {result: {type: string}}}}}}
            '202': {description: queued, content: {application/json: {schema: {type: object, properties: {jobId: {type: integer}}}}}}
            '204': {description: nothing}
    """,
    )
    op = api_of(spec).operations[0]
    assert op.return_annotation == "JobCreateResponse | JobCreateResponse202 | None"
    assert op.cast_to == "{200: JobCreateResponse | None, 202: JobCreateResponse202}"  # (204: the first, which admits None)


def test_a_2xx_range_beside_a_code_answers_for_the_codes_not_written(tmp_path: Path) -> None:
    """200 `{result}` beside `2XX` `{jobId}`: the range was left out (typed by the 200 alone),
    so a 202 answer was read as a result."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /jobs:
        post:
          operationId: createJob
          responses:
            '200': {description: done, content: {application/json: {schema: {type: object, properties: {result: {type: string}}}}}}
            '2XX': {description: queued, content: {application/json: {schema: {type: object, properties: {jobId: {type: integer}}}}}}
    """,
    )
    op = api_of(spec).operations[0]
    assert op.return_annotation == "JobCreateResponse | JobCreateResponse2XX"
    assert op.cast_to == '{200: JobCreateResponse, "2XX": JobCreateResponse2XX}'


_FAMILY = """
    Pet:
      type: object
      required: [petType, name]
      properties: {petType: {type: string}, name: {type: string}}
      discriminator: {propertyName: petType, mapping: {doggo: '#/components/schemas/Dog'}}
    Dog: {allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {barks: {type: boolean}}}]}
    Cat: {x-ms-discriminator-value: cat, allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {lives: {type: integer}}}]}
    Kitten: {allOf: [{$ref: '#/components/schemas/Cat'}, {properties: {age: {type: integer}}}]}
    Alias: {allOf: [{$ref: '#/components/schemas/Pet'}], description: Pet by another name}
    Owner:
      type: object
      properties:
        pet: {$ref: '#/components/schemas/Pet'}
        pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        alias: {$ref: '#/components/schemas/Alias'}
"""


def test_a_base_that_others_extend_is_typed_as_them_and_itself(tmp_path: Path) -> None:
    """OpenAPI's inheritance without a oneOf (Azure's documents, Microsoft Graph): `Dog`
    and `Cat` extend `Pet`, whose discriminator is `petType`. A value typed `Pet` is one of
    them or a plain Pet: every use of Pet names them all, picked by the tag (the mapping;
    for a subtype it leaves out, Azure's x-ms-discriminator-value, else the name), a
    subtype's subtype included (Kitten)
    and Pet for any other tag. An allOf that only annotates Pet is Pet (no subtype)."""
    api = api_of_body(tmp_path, _FAMILY, "Owner", response="Owner")
    union = 'Dog | Cat | Kitten | Pet, Tagged("petType", {"doggo": "Dog", "cat": "Cat", "Kitten": "Kitten"}, "Pet")'
    fields = {f.name: f.annotation for f in classes(api)["Owner"].fields}
    assert fields["pet"] == f"Annotated[{union}] | None"
    assert fields["pets"] == f"list[Annotated[{union}]] | None"
    assert fields["alias"] == "Alias | None"
    aliases = {a.name: a.annotation for m in api.types_modules for a in m.aliases}
    assert aliases["Alias"] == f"Annotated[{union}]"
    pet_param = {f.name: f.param_annotation for f in classes(api)["Owner"].param_fields}["pet"]
    assert pet_param == "DogParam | InstanceOf[Dog] | CatParam | InstanceOf[Cat] | KittenParam | InstanceOf[Kitten] | PetParam | InstanceOf[Pet]"
    assert {f.name for f in classes(api)["Kitten"].fields} == {"petType", "name", "lives", "age"}
    assert "Alias" not in classes(api)


def test_which_schemas_are_subtypes_of_a_base() -> None:
    """Only what becomes a class of its own counts, so that a use of the base can name each
    subtype before it is made, a subtype's subtypes included; a family of more than `MOST`
    subtypes keeps the base alone."""
    from generator.ir.subtypes import MOST, families

    base = {"type": "object", "properties": {"kind": {"type": "string"}}, "discriminator": {"propertyName": "kind"}}
    ref = {"$ref": "#/components/schemas/Base"}
    schemas: dict[str, Any] = {
        "Base": base,
        "Plain": {"allOf": [ref, {"properties": {"a": {"type": "string"}}}]},
        "Tagged": {"allOf": [ref], "x-ms-discriminator-value": "t"},  # (an extension: a class of its own)
        "Described": {"allOf": [ref], "description": "the base"},
        "Either": {"allOf": [ref, {"oneOf": [{"type": "object"}, {"type": "object"}]}]},
        "Enum": {"allOf": [ref], "enum": [{"kind": "x"}]},
        "Listed": {"type": ["object", "null"], "allOf": [ref, {"properties": {"b": {"type": "string"}}}]},
        # Graph's way: a base's discriminator in an allOf part of its own, the mapping there
        "Middle": {"allOf": [ref, {"discriminator": {"propertyName": "kind", "mapping": {"l": "#/components/schemas/Leaf"}}, "properties": {"m": {"type": "string"}}}]},
        "Leaf": {"allOf": [{"$ref": "#/components/schemas/Middle"}, {"properties": {"l": {"type": "string"}}}]},
    }
    found = families({"components": {"schemas": schemas}})
    leaf = ("l", "/components/schemas/Leaf")
    assert found == {
        "/components/schemas/Base": (
            ("/components/schemas/Plain", "/components/schemas/Tagged", "/components/schemas/Middle", "/components/schemas/Leaf"),
            (leaf, ("Plain", "/components/schemas/Plain"), ("t", "/components/schemas/Tagged"), ("Middle", "/components/schemas/Middle")),
            "kind",
        ),
        "/components/schemas/Middle": (("/components/schemas/Leaf",), (leaf,), "kind"),
    }
    many = {"Base": base, **{f"S{i}": {"allOf": [ref, {"properties": {"a": {"type": "string"}}}]} for i in range(MOST + 1)}}
    assert families({"components": {"schemas": many}}) == {}
    assert "/components/schemas/Base" not in families({"components": {"schemas": {**schemas, "Base": {**base, "oneOf": [ref]}}}})


def test_a_list_answered_with_a_link_header_returns_pages_that_follow_it(tmp_path: Path) -> None:
    """GitHub's lists (2,275 GETs in 25 documents of the directory) declare a `Link` header
    beside a JSON list: the method returned the first page's list only. Not a page: an
    object beside it, or another method."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /repos:
        get:
          responses:
            '200':
              description: ok
              headers: {Link: {$ref: '#/components/headers/link'}}
              content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Repo'}}}}
        post:
          responses:
            '200':
              description: ok
              headers: {link: {schema: {type: string}}}
              content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Repo'}}}}
      /repo:
        get:
          responses:
            '200':
              description: ok
              headers: {Link: {schema: {type: string}}}
              content: {application/json: {schema: {$ref: '#/components/schemas/Repo'}}}
    components:
      headers:
        link: {schema: {type: string}, example: '<https://api.example.com/repos?page=2>; rel="next"'}
      schemas:
        Repo: {type: object, properties: {id: {type: integer}}}
    """,
    )
    ops = {(op.http_method, op.path): op for op in api_of(spec).operations}
    listed = ops["get", "/repos"]
    assert (listed.return_annotation, listed.async_return_annotation) == ("SyncLinkPage[Repo]", "AsyncLinkPage[Repo]")
    assert dict(listed.request_kwargs)["page_fields"] == '("", "Link")'
    assert listed.result_check == "for item in result.data:\n    assert isinstance(item, Repo)"
    assert ops["post", "/repos"].return_annotation == "list[Repo]"
    assert ops["get", "/repo"].return_annotation == "Repo"


def test_a_list_that_azure_says_is_pageable_returns_pages_that_link_to_the_next(tmp_path: Path) -> None:
    """`x-ms-pageable` (Azure's 530 documents in the directory, Graph's lists): the method
    returns a page of the items under `itemName` (by default `value`), which follows the
    link under `nextLinkName`. A null nextLinkName is one page (the answer as it is); so is
    an answer without the named fields."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /vaults:
        get:
          x-ms-pageable: {nextLinkName: nextLink}
          responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/VaultList'}}}}}
      /users:
        get:
          x-ms-pageable: {nextLinkName: '@odata.nextLink', itemName: items}
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {type: object, properties: {items: {type: array, items: {$ref: '#/components/schemas/Vault'}}, '@odata.nextLink': {type: string}}}
      /single:
        get:
          x-ms-pageable: {nextLinkName: null}
          responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/VaultList'}}}}}
      /other:
        get:
          x-ms-pageable: {nextLinkName: next}
          responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/VaultList'}}}}}
    components:
      schemas:
        Vault: {type: object, properties: {id: {type: string}}}
        VaultList: {type: object, properties: {value: {type: array, items: {$ref: '#/components/schemas/Vault'}}, nextLink: {type: string}}}
    """,
    )
    ops = {op.path: op for op in api_of(spec).operations}
    assert ops["/vaults"].return_annotation == "SyncLinkPage[Vault]"
    assert ops["/vaults"].async_return_annotation == "AsyncLinkPage[Vault]"
    assert dict(ops["/vaults"].request_kwargs)["page_fields"] == '("value", "nextLink")'
    assert dict(ops["/users"].request_kwargs)["page_fields"] == '("items", "@odata.nextLink")'
    assert ops["/vaults"].result_check == "for item in result.data:\n    assert isinstance(item, Vault)"
    assert ops["/single"].return_annotation == ops["/other"].return_annotation == "VaultList"


def test_what_stands_beside_a_reference_is_read_as_its_author_means_it(tmp_path: Path) -> None:
    """`allOf: [$ref]` beside `type` that says the target's type again is the target (a
    string enum was Any, an object a copy of its class under another name); so is one
    beside a limit when the target is no object. `nullable: true` beside a `$ref` (3.0
    ignores it there; 40 of the directory's documents write it) is the reference or null."""
    spec_of_schemas(
        tmp_path,
        "Pet",
        """
    Owner: {type: object, properties: {name: {type: string}}}
    Color: {type: string, enum: [red, blue]}
    Count: {type: integer}
    Pet:
      type: object
      required: [owner, maybe]
      properties:
        owner: {allOf: [{$ref: '#/components/schemas/Owner'}], type: object, description: The owner.}
        color: {allOf: [{$ref: '#/components/schemas/Color'}], type: string}
        count: {allOf: [{$ref: '#/components/schemas/Count'}], maximum: 9}
        maybe: {$ref: '#/components/schemas/Owner', nullable: true}
        other: {allOf: [{$ref: '#/components/schemas/Owner'}], type: object, required: [name]}
""",
    )
    got = classes(repaired_api_of(tmp_path / "spec.yaml"))
    fields = {f.name: f.annotation for f in got["Pet"].fields}
    assert fields == {"owner": "Owner", "color": "Color | None", "count": "int | None", "maybe": "Owner | None", "other": "PetOther | None"}
    assert set(got) == {"Pet", "Owner", "PetOther"}  # (a required name: a class of its own)


def test_a_31_subtype_may_extend_its_base_beside_the_ref(tmp_path: Path) -> None:
    """In 3.1 what stands beside a `$ref` applies: `{$ref: Animal, properties: {...}}` adds to
    Animal as `allOf: [$ref Animal, {...}]` does, so it is a subtype of Animal's family."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        """
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Animal'}}}}}
components:
  schemas:
    Animal: {type: object, required: [kind], properties: {kind: {type: string}}, discriminator: {propertyName: kind}}
    Bird: {$ref: '#/components/schemas/Animal', properties: {wings: {type: integer}}, required: [wings]}
    Named: {$ref: '#/components/schemas/Animal', description: Only described.}
"""
    )
    api = repaired_api_of(spec)
    assert api.operations[0].return_annotation == "Bird | Animal"
    assert [(f.name, f.annotation) for f in classes(api)["Bird"].fields] == [("kind", "str"), ("wings", "int")]


def test_a_path_a_server_cannot_tell_from_an_earlier_one_is_marked() -> None:
    """Paths that differ only in their parameters' names, with the same method: the later one
    is shadowed by the first (its generated tests skip on Prism). A fragment or fixed query
    tells paths apart in the mock's document; another method is another operation."""
    from generator.ir.routes import collect

    ok = {"responses": {"204": {"description": "ok"}}}
    paths = {
        "/a/{x}": {"get": ok},
        "/a/{y}": {"get": ok, "delete": ok},
        "/a/{z}": {"get": ok},
        "/f/{p}#op=OPEN": {"post": ok},
        "/f/{q}#op=CLOSE": {"post": ok},
        "/r?m=1": {"get": ok},
        "/r?m=2": {"get": ok},
    }
    routes = collect({"paths": paths}, Selection(), {})
    assert {r.key: r.shadowed_by for r in routes if r.shadowed_by} == {"GET /a/{y}": "GET /a/{x}", "GET /a/{z}": "GET /a/{x}"}


def test_a_property_is_described_by_the_allof_parts_that_only_annotate_it(tmp_path: Path) -> None:
    """OpenAPI 3.0 puts nothing beside a `$ref`, so AWS's documents describe every property
    in an allOf part of notes: its description, and readOnly or deprecated there, apply."""
    api = api_of_body(
        tmp_path,
        """
        Count: {type: integer}
        Size:
          allOf: [{$ref: '#/components/schemas/Count'}, {description: A size.}]
        Thing:
          type: object
          properties:
            size:
              allOf: [{$ref: '#/components/schemas/Count'}, {xml: {name: size}, description: "<p>How <b>big</b>.</p>"}]
            made:
              allOf: [{$ref: '#/components/schemas/Count'}, {description: When., readOnly: true, deprecated: true}]
            plain: {$ref: '#/components/schemas/Count'}
            other: {$ref: '#/components/schemas/Size'}
        """,
        "Thing",
    )
    fields = {f.name: f for f in classes(api)["Thing"].fields}
    assert fields["size"].description == "How **big**."
    assert (fields["made"].description, fields["made"].deprecated, fields["made"].in_request) == ("When.", True, False)
    assert fields["plain"].description is None
    assert fields["other"].description == "A size."  # (a component that notes a reference)


def test_mock_servers_go_by_the_pattern_where_it_contradicts_the_format() -> None:
    """amadeus' email pattern asks for a backslash (escaped twice), which no email has; zuora's
    uuid is 64 characters long: the tests send a value of the pattern and the length, and
    the mock's schema leaves the format out (Prism refused every booking, every job id). A
    pattern that an email can match keeps the format."""
    from generator.ir.mock_spec import for_mock_servers

    def email(pattern: str) -> dict[str, object]:
        return {"type": "string", "format": "email", "pattern": pattern}

    long_uuid = {"type": "string", "format": "uuid", "minLength": 64, "maxLength": 64}  # (zuora's job id)
    schemas = {"Twice": email(r"^[a-z]+@[a-z]+\\.[a-z]+$"), "Once": email(r"^[a-z]+@[a-z]+\.[a-z]+$"), "Long": long_uuid}
    mock = for_mock_servers({"openapi": "3.0.3", "paths": {}, "components": {"schemas": schemas}})
    assert mock["components"]["schemas"]["Twice"] == {"type": "string", "pattern": r"^[a-z]+@[a-z]+\\.[a-z]+$"}
    assert mock["components"]["schemas"]["Once"] == schemas["Once"]
    assert mock["components"]["schemas"]["Long"] == {"type": "string", "minLength": 64, "maxLength": 64}
