"""Parameters on the wire in their OpenAPI style (tests/golden/params): query, path, header
and cookie, checked exactly against a recording mock transport. Prism accepts the query and
cookie forms too (the golden's generated tests); it cannot read structured path or header
parameters (generator/ir/mock_spec.py), so these checks are the only ones for them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_plus

import pytest

from conftest import GOLDEN, generate
from generator.ir.mock_spec import for_mock_servers
from generator.ir.styles import form_styles, parameter_style

WIRE = """
import asyncio, httpx2
from params import AsyncClient, Client

sent = []
def answer(request):
    sent.append(request)
    return httpx2.Response(200, json={})

client = Client(http_client=httpx2.Client(transport=httpx2.MockTransport(answer)))
client.search.list(
    tags=["a", "b"], ids=[1, 2], words=["x", "y"], colors=["red", "blue"],
    filter={"status": "open", "owner": "me", "labels": ["a", "b"], "created": {"gt": 1}}, point={"x": 1, "y": 2}, where={"age": 30},
    x_trace={"span": "s1", "sampled": True}, x_flags=["f1", "f2"],
    session="s e", prefs=["p", "q"],
)
request = sent[-1]
print(request.url.raw_path.decode())
print(request.headers["x-trace"], request.headers["x-flags"], request.headers["cookie"], sep="\\n")

client.search.list()
print(sent[-1].url.raw_path.decode(), "cookie" in sent[-1].headers, "x-trace" in sent[-1].headers)

client.items.labels.matrix.retrieve([1, 2], ["a b", "c/d"], {"lat": 1, "lon": 2})
print(sent[-1].url.raw_path.decode())

client.weather.list(lat=1.5, when="noon")
print(sent[-1].url.raw_path.decode())

async def main():
    async_client = AsyncClient(http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(answer)))
    await async_client.search.list(ids=[3, 4], filter={"status": "x"})
    print(sent[-1].url.raw_path.decode())

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def params_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("params") / "out"
    assert generate(GOLDEN / "params" / "spec.yaml", out, "params") == 0
    return out


def test_each_parameter_goes_on_the_wire_in_its_style(params_client: Path) -> None:
    result = subprocess.run([sys.executable, "-c", WIRE], cwd=params_client, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(params_client)}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    query, trace, flags, cookie, empty, structured_path, in_query, async_query = result.stdout.strip().splitlines()
    assert unquote_plus(query) == (
        "/v1/search?tags=a&tags=b&ids=1,2&words=x y&colors=red|blue"
        '&filter[status]=open&filter[owner]=me&filter[labels][0]=a&filter[labels][1]=b&filter[created][gt]=1'
        '&x=1&y=2&where={"age":30}'
    ), query
    assert trace == "span=s1,sampled=true"  # a header object, exploded
    assert flags == "f1,f2"
    assert cookie == "session=s%20e; prefs=p%2Cq"
    assert empty == "/v1/search False False", "left-out parameters send nothing"
    assert structured_path == "/v1/items/1,2/labels/.a%20b.c%2Fd/matrix/;coords=lat,1,lon,2"
    assert in_query == "/v1/weather?lat=1.5&at=noon", "parameters the path places in its query, sent under their name there"
    assert unquote_plus(async_query) == "/v1/search?ids=3,4&filter[status]=x"


@pytest.mark.parametrize(
    ("param", "where", "expected"),
    [
        ({"name": "a", "schema": {}}, "query", None),
        ({"name": "a", "explode": False}, "query", ("form", False)),
        ({"name": "a", "style": "pipeDelimited"}, "query", ("pipeDelimited", False)),
        ({"name": "a", "style": "deepObject", "explode": True}, "query", ("deepObject", True)),
        ({"name": "a", "style": "matrix"}, "path", ("matrix", False)),
        ({"name": "a", "style": "simple", "explode": False}, "path", None),
        ({"name": "a", "style": "deepObject"}, "path", None),  # not allowed there: the default
        ({"name": "a", "explode": True}, "header", ("simple", True)),
        ({"name": "a", "content": {"application/json": {"schema": {}}}}, "query", ("json", False)),
        ({"name": "a", "content": {"text/plain": {"schema": {}}}}, "query", None),
    ],
)
def test_a_style_is_recorded_only_where_it_is_not_the_default(param: dict[str, object], where: str, expected: tuple[str, bool] | None) -> None:
    assert parameter_style(param, where) == expected


def test_form_field_styles_come_from_the_encoding() -> None:
    encoding = {"a": {"style": "form"}, "b": {"explode": False}, "c": {"style": "spaceDelimited"}, "d": "junk"}
    assert form_styles(encoding) == {"b": ("form", False), "c": ("spaceDelimited", False)}


def test_the_mock_servers_document_keeps_what_they_can_read() -> None:
    base = {"type": "object", "discriminator": {"propertyName": "kind"}, "properties": {"kind": {"type": "string"}}}
    union = {"oneOf": [{"$ref": "#/components/schemas/Cat"}], "discriminator": {"propertyName": "kind"}}
    list_param = {"name": "ids", "in": "path", "required": True, "schema": {"type": "array", "items": {"type": "integer"}}}
    plain_param = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    data = {
        "openapi": "3.0.3",
        "paths": {"/a/{ids}/{id}": {"parameters": [list_param], "get": {"parameters": [plain_param]}}},
        "components": {"schemas": {"Pet": base, "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}]}, "Any": union}},
    }
    mock = for_mock_servers(data)
    schemas = mock["components"]["schemas"]
    assert "discriminator" not in schemas["Pet"], "a base schema's discriminator loops the mock's validator"
    assert schemas["Any"] == {"anyOf": union["oneOf"], "discriminator": union["discriminator"]}, "a union's own discriminator stays (a oneOf read as anyOf)"
    assert schemas["Cat"] is data["components"]["schemas"]["Cat"]
    item = mock["paths"]["/a/{ids}/{id}"]
    assert item["parameters"] == [{"name": "ids", "in": "path", "required": True, "schema": {}}]
    assert item["get"]["parameters"] == [plain_param]
    assert data["components"]["schemas"]["Pet"] is base and "discriminator" in base, "copy on write"


def test_a_closed_base_that_others_extend_declares_what_they_add() -> None:
    base = {"type": "object", "additionalProperties": {"type": "object"}, "properties": {"a": {"type": "string"}}}
    child = {"allOf": [{"$ref": "#/components/schemas/Base"}], "properties": {"b": {"type": "string"}}}
    data = {"openapi": "3.0.3", "paths": {}, "components": {"schemas": {"Base": base, "Child": child}}}
    schemas = for_mock_servers(data)["components"]["schemas"]
    assert schemas["Base"]["properties"] == {"a": {"type": "string"}, "b": {}}
    assert schemas["Child"] is child and base["properties"] == {"a": {"type": "string"}}


@pytest.mark.parametrize(
    ("key", "expected"),
    [("application/json", True), ("application/json; charset=utf-8", True), ("*/*", True), ("image/*", True), ("code", False), ("Promotion", False), ("a/b/c", False), ("", False)],
)
def test_a_content_key_is_a_media_type_only_as_type_and_subtype(key: str, expected: bool) -> None:
    from generator.ir.styles import is_media_type

    assert is_media_type(key) is expected


def test_a_media_type_whose_slash_was_left_out_is_read_with_it() -> None:
    from generator.ir.styles import meant_media_type

    assert meant_media_type("applicationjson; v=2") == "application/json; v=2"
    assert meant_media_type("textplain") == "text/plain"
    assert meant_media_type("code") is None and meant_media_type("image/png") == "image/png"


def test_a_media_type_parameter_without_a_name_is_read_as_meant() -> None:
    from generator.ir.styles import meant_media_type

    assert meant_media_type("text/plain; utf-8") == "text/plain; charset=utf-8"
    assert meant_media_type("application/json;v2;q=1") == "application/json; q=1"
    assert meant_media_type("application/octet-stream; base64") == "application/octet-stream"
    assert meant_media_type("text/plain; charset=utf-8") == "text/plain; charset=utf-8"
    assert meant_media_type('text/plain; a="x;y"') == 'text/plain; a="x;y"'
