"""validate_params (request side) and parse_response (lenient response side)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any, Literal, Optional

import pydantic
import pytest
from pydantic import ConfigDict, Field
from typing_extensions import Annotated, NotRequired, Required, TypeAliasType, TypedDict

from generator.runtime._exceptions import (
    APIResponseValidationError,
    RequestValidationError,
)
from generator.runtime._models import BaseModel, parse_response, validate_params
from generator.runtime._types import NOT_GIVEN, FileTypes, NotGiven

# --- request parameters, shaped like generated TypedDicts ----------------------


class MessageParam(TypedDict):
    role: Literal["user", "assistant"]
    content: str


@pydantic.with_config(ConfigDict(extra="forbid"))
class CreateParams(TypedDict, total=False):
    name: Required[Annotated[str, Field(max_length=10)]]
    messages: list[MessageParam]
    metadata: Optional[
        Annotated[dict[Annotated[str, Field(max_length=64)], str], Field(max_length=16)]
    ]
    temperature: Annotated[float, Field(ge=0, le=2)]
    tags: list[str]


class UploadParams(TypedDict):
    file: FileTypes
    files: NotRequired[list[FileTypes]]
    purpose: str


class MessageModel(BaseModel):
    role: str
    content: str


def test_not_given_is_falsy_and_named() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert isinstance(NOT_GIVEN, NotGiven)


def test_not_given_dropped_but_none_sent() -> None:
    body = validate_params(
        CreateParams, {"name": "a", "metadata": None, "temperature": NOT_GIVEN}
    )
    assert body == {"name": "a", "metadata": None}


def test_values_are_checked_strictly_and_sent_as_given() -> None:
    """An int for a number goes on the wire as an int (`temperature=0`, not 0.0); a string
    of digits is no int, and a float no list item of another type."""
    body = validate_params(CreateParams, {"name": "a", "temperature": 0, "tags": []})
    assert body == {"name": "a", "temperature": 0, "tags": []}
    assert type(body["temperature"]) is int
    assert json.dumps(body) == '{"name": "a", "temperature": 0, "tags": []}'
    with pytest.raises(RequestValidationError) as info:
        validate_params(CreateParams, {"name": "a", "tags": [1]})
    assert info.value.errors == ["tags.0: Input should be a valid string"]
    with pytest.raises(RequestValidationError):
        validate_params(CreateParams, {"name": "a", "temperature": "1"})


def test_omitted_keys_stay_omitted() -> None:
    assert validate_params(CreateParams, {"name": "a"}) == {"name": "a"}


def test_too_many_dict_items() -> None:
    metadata = {f"k{i}": "v" for i in range(17)}
    with pytest.raises(RequestValidationError) as info:
        validate_params(CreateParams, {"name": "a", "metadata": metadata})
    (line,) = info.value.errors
    assert line.startswith("metadata: Dictionary should have at most 16 items")
    assert str(info.value) == line
    assert isinstance(info.value, ValueError)


def test_dict_key_too_long() -> None:
    key = "k" * 65
    with pytest.raises(RequestValidationError) as info:
        validate_params(CreateParams, {"name": "a", "metadata": {key: "v"}})
    (line,) = info.value.errors
    assert line.startswith("metadata.")
    assert line.endswith("String should have at most 64 characters")


def test_several_errors_one_line_each() -> None:
    with pytest.raises(RequestValidationError) as info:
        validate_params(
            CreateParams,
            {
                "name": "n" * 11,
                "temperature": 3,
                "messages": [{"role": "system", "content": "hi"}],
            },
        )
    assert info.value.errors == [
        "name: String should have at most 10 characters",
        "messages.0.role: Input should be 'user' or 'assistant'",
        "temperature: Input should be less than or equal to 2",
    ]
    assert str(info.value).splitlines() == info.value.errors


def test_missing_required_and_extra_keys() -> None:
    with pytest.raises(RequestValidationError) as info:
        validate_params(CreateParams, {"colour": "red"})
    assert sorted(info.value.errors) == [
        "colour: Extra inputs are not permitted",
        "name: Field required",
    ]


def test_models_and_iterables_converted_at_any_depth() -> None:
    body = validate_params(
        CreateParams,
        {
            "name": "a",
            "messages": (MessageModel(role="user", content="hi"),),
            "tags": (t for t in ["x", "y"]),
        },
    )
    assert body == {
        "name": "a",
        "messages": [{"role": "user", "content": "hi"}],
        "tags": ["x", "y"],
    }


def test_models_inside_dicts_converted() -> None:
    class Wrapper(TypedDict):
        items: dict[str, dict[str, Any]]

    msg = MessageModel(role="user", content="hi")
    body = validate_params(Wrapper, {"items": {"a": {"msg": msg, "list": [msg]}}})
    plain = {"role": "user", "content": "hi"}
    assert body == {"items": {"a": {"msg": plain, "list": [plain]}}}


def test_files_pass_through_untouched() -> None:
    handle = io.BytesIO(b"\xff\x00binary")
    raw = b"\xff\xfe not utf-8"
    named = ("a.png", raw, "image/png")
    body = validate_params(
        UploadParams, {"file": handle, "files": [raw, named], "purpose": "x"}
    )
    assert body["file"] is handle
    files = body["files"]
    assert isinstance(files, list)
    assert files[0] is raw and files[1] is named
    assert body["purpose"] == "x"


class ToolA(BaseModel):
    type: Literal["a"]


class ToolAParam(TypedDict, total=False):
    type: Required[Literal["a"]]
    n: int


class ToolBParam(TypedDict, total=False):
    type: Required[Literal["b"]]


@pydantic.with_config(ConfigDict(extra="forbid"))
class GeneratedShapeParams(TypedDict, total=False):
    """As the generator writes them: a TypedDict or a model instance."""

    messages: Required[Sequence[MessageParam | pydantic.InstanceOf[MessageModel]]]
    tool: (
        Annotated[ToolAParam | ToolBParam, Field(discriminator="type")]
        | pydantic.InstanceOf[ToolA]
    )


def test_errors_leave_out_union_member_tags() -> None:
    cases = [
        (
            {"messages": [{"role": "system", "content": "x"}]},
            ["messages.0.role: Input should be 'user' or 'assistant'"],
        ),
        ({"messages": [{"role": "user"}]}, ["messages.0.content: Field required"]),
        (
            {"messages": [], "tool": {"type": "a", "n": "many"}},
            ["tool.n: Input should be a valid integer"],
        ),
        (
            {"messages": [], "tool": {"type": "c"}},
            [
                "tool: Input tag 'c' found using 'type' does not match any"
                " of the expected tags: 'a', 'b'"
            ],
        ),
    ]
    for values, expected in cases:
        with pytest.raises(RequestValidationError) as info:
            validate_params(GeneratedShapeParams, values)
        assert info.value.errors == expected


def test_model_instances_accepted_where_params_expected() -> None:
    body = validate_params(
        GeneratedShapeParams,
        {
            "messages": [MessageModel(role="user", content="hi")],
            "tool": ToolA(type="a"),
        },
    )
    assert body == {
        "messages": [{"role": "user", "content": "hi"}],
        "tool": {"type": "a"},
    }


def test_validation_error_hides_input_values() -> None:
    with pytest.raises(RequestValidationError) as info:
        validate_params(CreateParams, {"name": "secret-value-123"})
    assert "secret-value-123" not in str(info.value)


# --- lenient response parsing ---------------------------------------------------


class Owner(BaseModel):
    name: str
    role: Literal["admin", "member"]


class Thing(BaseModel):
    id: str
    status: Literal["active", "archived"]
    size: int
    owner: Optional[Owner] = None
    tags: list[str] = []


GOOD = {"id": "t1", "status": "active", "size": 3}


def test_parse_valid() -> None:
    thing = parse_response(Thing, GOOD)
    assert thing == Thing(id="t1", status="active", size=3)
    assert thing.to_dict() == GOOD


def test_to_json_is_to_dict_as_text() -> None:
    """As the OpenAI SDK's models: the wire names, what the server sent, kept leniently."""
    thing = parse_response(Thing, {**GOOD, "size": "large", "colour": "red"})
    assert json.loads(thing.to_json()) == thing.to_dict()
    assert thing.to_json().startswith('{\n  "id": "t1"')
    assert thing.to_json(indent=None) == json.dumps(
        thing.to_dict(), separators=(",", ":")
    )


def test_new_field_kept() -> None:
    thing = parse_response(Thing, {**GOOD, "colour": "red"})
    assert thing.to_dict()["colour"] == "red"
    assert getattr(thing, "colour") == "red"


def test_new_enum_value_kept() -> None:
    thing = parse_response(Thing, {**GOOD, "status": "deleted"})
    assert thing.status == "deleted"  # type: ignore[comparison-overlap]
    assert thing.size == 3


def test_wrong_type_kept() -> None:
    thing = parse_response(Thing, {**GOOD, "size": "large"})
    assert thing.size == "large"  # type: ignore[comparison-overlap]
    assert thing.to_dict()["size"] == "large"


def test_missing_required_field_does_not_crash() -> None:
    thing = parse_response(Thing, {"status": "active", "size": "2"})
    assert thing.id is None
    assert thing.size == 2  # the valid fields are still validated
    assert thing.to_dict() == {"status": "active", "size": 2}


def test_leniency_is_per_field_in_nested_models() -> None:
    data = {**GOOD, "owner": {"name": "ann", "role": "guest"}, "tags": ["a", 1]}
    thing = parse_response(Thing, data)
    assert isinstance(thing.owner, Owner)
    assert thing.owner.role == "guest"  # type: ignore[comparison-overlap]
    assert thing.owner.name == "ann"
    assert thing.tags == ["a", 1]


def test_containers_of_models() -> None:
    things = parse_response(list[Thing], [GOOD, {**GOOD, "status": "new"}])
    assert [t.status for t in things] == ["active", "new"]
    by_key = parse_response(dict[str, Thing], {"a": {**GOOD, "size": None}})
    assert by_key["a"].size is None


def test_unparseable_response_raises() -> None:
    with pytest.raises(APIResponseValidationError) as info:
        parse_response(list[Thing], {"not": "a list"})
    assert info.value.body == {"not": "a list"}


def test_strict_validation_unchanged_outside_parse_response() -> None:
    # Leniency is only for responses: model_validate stays strict.
    with pytest.raises(pydantic.ValidationError):
        Thing.model_validate({**GOOD, "status": "deleted"})


class Aliased(BaseModel):
    type_: Literal["a"] = Field(alias="type")
    created_at: int = Field(alias="createdAt")


def test_lenient_with_aliases() -> None:
    model = parse_response(Aliased, {"type": "b", "createdAt": "1", "x": 0})
    assert model.type_ == "b" and model.created_at == 1  # type: ignore[comparison-overlap]
    assert model.to_dict() == {"type": "b", "createdAt": 1, "x": 0}


class Cat(BaseModel):
    kind: Literal["cat"]
    meows: bool


class Dog(BaseModel):
    kind: Literal["dog"]
    barks: bool


class Pets(BaseModel):
    pet: Cat | Dog
    friends: list[Cat | Dog] = []


def test_lenient_union_picks_closest_member() -> None:
    pets = parse_response(
        Pets,
        {
            "pet": {"kind": "dog", "barks": "loudly"},
            "friends": [{"kind": "cat", "meows": True}, {"kind": "fox", "barks": 1}],
        },
    )
    assert isinstance(pets.pet, Dog) and pets.pet.barks == "loudly"
    assert [type(f) for f in pets.friends] == [Cat, Dog]
    assert pets.friends[1].kind == "fox"  # type: ignore[comparison-overlap]


class Node(BaseModel):
    name: str
    children: list[Node] = []


def test_lenient_recursive_model() -> None:
    node = parse_response(Node, {"name": "a", "children": [{"name": 1}, {}]})
    assert [child.name for child in node.children] == [1, None]
    assert node.children[1].model_fields_set == set()


def test_lenient_keeps_raw_when_a_model_is_not_an_object() -> None:
    data = {**GOOD, "owner": "ann"}
    thing = parse_response(Thing, data)
    assert thing.owner == "ann"  # type: ignore[comparison-overlap]
    assert thing.model_fields_set == {"id", "status", "size", "owner"}


# A recursive union, named as generated types name one (its value an annotation as text).
Shape = TypeAliasType("Shape", "Circle | Square")


class Circle(BaseModel):
    kind: Literal["circle"]
    radius: float
    children: list[Shape] | None = None


class Square(BaseModel):
    kind: Literal["square"]
    side: int
    children: list[Shape] | None = None


def test_a_recursive_union_is_parsed_leniently() -> None:
    """Prism's sampler cuts a cycle with null (`children: [null]`) and fills a tag with
    "string": such an answer for a recursive union (a `TypeAliasType`) raised
    APIResponseValidationError, where any other type is parsed leniently."""
    data = {
        "kind": "string",
        "radius": 1,
        "children": [{"kind": "circle", "radius": 0, "children": [None]}],
    }
    shape = parse_response(Shape, data)
    assert isinstance(shape, Circle) and shape.radius == 1
    assert (
        shape.children is not None
        and isinstance(shape.children[0], Circle)
        and shape.children[0].children == [None]
    )
    assert isinstance(
        parse_response(list[Shape], [{"kind": "square", "side": 2}])[0], Square
    )


# --- discriminated unions ----------------------------------------------------------


class Hound(BaseModel):
    species: str
    name: str


class Tabby(BaseModel):
    species: str
    name: str
    lives: Optional[int] = None


def test_a_tagged_union_picks_its_member_by_the_tag_where_both_fit() -> None:
    from generator.runtime._models import Tagged

    animal = Annotated[
        Hound | Tabby,
        Tagged("species", {"dog": "Hound", "cat": "Tabby", "Cat": "Tabby"}),
    ]
    assert type(parse_response(animal, {"species": "cat", "name": "Tom"})) is Tabby
    assert type(parse_response(animal, {"species": "Cat", "name": "Tom"})) is Tabby
    assert type(parse_response(animal, {"species": "dog", "name": "Rex"})) is Hound
    leniently = parse_response(animal, {"species": "cat", "name": 5, "lives": "x"})
    assert type(leniently) is Tabby and leniently.lives == "x"  # kept as sent
    unknown = parse_response(animal, {"species": "parrot", "name": "Polly"})
    assert unknown.name == "Polly"  # the closest member, as for any union


class Animal(BaseModel):
    species: str = Field(alias="@species")
    name: str


class Bird(BaseModel):
    species: str = Field(alias="@species")
    name: str
    wings: int


def test_a_tagged_union_with_a_default_is_its_base_for_any_other_tag() -> None:
    """A base and the subtypes that extend it: an unknown tag, or none, gives the base. A
    model the caller made is its own member, whatever its tag field is named (an aliased
    `@species` was read as an attribute: no tag, the base, and a Bird was refused)."""
    from generator.runtime._models import Tagged

    animal = Annotated[Bird | Animal, Tagged("@species", {"bird": "Bird"}, "Animal")]
    assert (
        type(parse_response(animal, {"@species": "bird", "name": "a", "wings": 2}))
        is Bird
    )
    assert type(parse_response(animal, {"@species": "fish", "name": "b"})) is Animal
    leniently = parse_response(animal, {"name": "c"})
    assert type(leniently) is Animal and leniently.species is None
    bird = Bird.model_validate({"@species": "bird", "name": "d", "wings": 2})
    assert parse_response(list[animal], [bird]) == [bird]


class Click(BaseModel):
    type: Literal["click"]
    x: float


class Scroll(BaseModel):
    type: Literal["scroll"]
    x: int
    y: int


def test_the_lenient_path_of_a_discriminated_union_follows_the_tag() -> None:
    """A click whose `x` is no number fits Scroll with fewer errors; its tag says Click."""
    event = Annotated[Click | Scroll, Field(discriminator="type")]
    found = parse_response(event, {"type": "click", "x": "left", "y": 1})
    assert type(found) is Click and found.x == "left"
