"""Bodies by media type, on the wire (tests/golden/media): what the generated client sends
and how it reads the answer, checked against a recording mock transport."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GOLDEN, generate, run_generated_tests

WIRE = """
import asyncio, io, httpx2
from media import Client, AsyncClient

sent = []
answers = []
def answer(request):
    body = request.read()
    sent.append((request.method, request.url.path, dict(request.headers), body))
    if answers:
        return answers.pop(0)
    if request.url.path == "/report":
        return httpx2.Response(200, text="a,b\\n1,2\\n", headers={"content-type": "text/csv"})
    if request.url.path.startswith("/files/") and request.method == "GET":
        return httpx2.Response(200, content=b"\\x00\\x01", headers={"content-type": "application/octet-stream"})
    if request.url.path == "/oauth/token":
        return httpx2.Response(200, json={"access_token": "t"})
    if request.url.path.startswith("/items"):
        return httpx2.Response(200, json={"name": "n"}, headers={"content-type": "application/vnd.api+json"})
    if request.url.path == "/events/latest":
        return httpx2.Response(200, json={"name": "n"})
    if request.url.path == "/notes":
        return httpx2.Response(200, text=body.decode(), headers={"content-type": "text/plain"})
    return httpx2.Response(204 if request.method == "PUT" else 201, content=b"PNG")

client = Client(http_client=httpx2.Client(transport=httpx2.MockTransport(answer)), max_retries=1)

def last():
    method, path, headers, body = sent[-1]
    return headers.get("content-type"), body

client.files.update("a b", body=b"\\x00raw")
assert sent[-1][1] == "/files/a b" and last() == ("application/octet-stream", b"\\x00raw"), sent[-1]

big = io.BytesIO(b"x" * 200_000)
big.seek(10)
client.files.update("big", body=big)
assert last() == ("application/octet-stream", b"x" * 199_990)
assert "content-length" not in sent[-1][2], "a file is streamed, not read into memory first"

client.files.update("chunks", body=iter([b"ab", b"cd"]))
assert last() == ("application/octet-stream", b"abcd")
assert sent[-1][2].get("transfer-encoding") == "chunked"
client.files.update("chunks", body=iter([b"ab", b"cd"]), content_length=4)
assert sent[-1][2].get("content-length") == "4" and "transfer-encoding" not in sent[-1][2], "a stream's length as the caller gives it"
client.files.update("sized", body=b"abc", content_length=262144)
assert sent[-1][2].get("content-length") == "3", "a length the body knows itself is the body's"

answers.append(httpx2.Response(500))  # a retry sends the file whole again
again = io.BytesIO(b"0123456789")
client.files.update("retried", body=again)
assert [s[3] for s in sent[-2:]] == [b"0123456789", b"0123456789"]

assert client.files.retrieve("a") == b"\\x00\\x01"
assert client.report.list() == "a,b\\n1,2\\n"
assert sent[-1][2]["accept"] == "text/csv"

assert client.images.create(body=b"PNG", content_type="image/png") == b"PNG"
assert last() == ("image/png", b"PNG")

assert client.notes.create(body="héllo") == "héllo"
assert last() == ("text/plain; charset=utf-8", "héllo".encode()), "its parameter as meant: `text/plain; utf-8`"

client.oauth.token.create(grant_type="client_credentials", scope=["read", "write"], audience="a b")
assert last() == ("application/x-www-form-urlencoded", b"grant_type=client_credentials&scope=read&scope=write&audience=a+b")

client.items.create(name="n")
assert last() == ("application/vnd.api+json", b'{"name":"n"}') and sent[-1][2]["accept"] == "application/vnd.api+json"

assert client.events.latest.list().name == "n" and sent[-1][2]["accept"] == "application/json"
assert client.events.archive.list() == b"PNG"

client.events.create(name="started")
assert last() == ("application/json", b'{"name":"started"}'), "a range of JSON types is never the Content-Type"
client.events.update(name="stopped")
assert last() == ("application/json", b'{"name":"stopped"}')

client.items.update("i1")
assert last() == (None, b""), "an optional body left out: no body at all"
client.items.update("i1", name="m")
assert last() == ("application/json; version=2", b'{"name":"m"}')

client.settings.update("s1")
assert last() == (None, b""), "an optional multipart body left out: no body at all"
client.settings.update("s1", body={"theme": "dark"})
kind, body = last()
assert kind.startswith("multipart/form-data; boundary=") and b'name="theme"' in body and b"dark" in body, body
from media.types.settings import SettingUpdateParamsVariant1
client.settings.update("s1", body=SettingUpdateParamsVariant1(theme="light"))
kind, body = last()
assert kind.startswith("multipart/form-data") and b"light" in body, body
client.settings.attachment("s1", body={"file": ("a.txt", b"data"), "note": "x"})
kind, body = last()
assert kind.startswith("multipart/form-data") and b'filename="a.txt"' in body and b'name="note"' in body, body
client.settings.note("s1")
assert last() == (None, b""), "optional multipart fields all left out: no body"
client.settings.note("s1", text="hi")
assert b'name="text"' in last()[1]
client.settings.call("s1", offer="v=0", session={"model": "m"}, tags=["a", "b"], recordings=[b"r1", ("r2.ogg", b"r2")])
kind, body = last()
assert kind.startswith("multipart/form-data"), kind
assert b'name="offer"\\r\\nContent-Type: application/sdp\\r\\n\\r\\nv=0\\r\\n' in body, body
assert b'name="session"\\r\\nContent-Type: application/json\\r\\n\\r\\n{"model":"m"}\\r\\n' in body, body
assert body.count(b'name="tags"\\r\\n\\r\\n') == 2, "a list of types is no one type: the field goes as without one, a part per item"
assert body.count(b'name="recordings"; filename=') == 2 and b'filename="r2.ogg"' in body, "a list of files: a part each"
client.oauth.sessions.delete("s1")
assert sent[-1][:2] == ("DELETE", "/oauth/sessions/s1") and last() == (None, b""), "an optional form left out: no body"
client.oauth.sessions.delete("s1", body={})
assert last() == ("application/x-www-form-urlencoded", b""), "given, an empty form"
client.alerts.update("a1", body={"method": "shown", "params": {"content": "fire"}})
assert last() == ("application/json", b'{"method":"shown","params":{"content":"fire"}}'), "a form with no file gives way to JSON"
client.settings.labels("s1", place={"id": "p", "parent": {"id": "q"}}, mask={"point": "eyes"})
body = last()[1]
assert b'name="place"\\r\\nContent-Type: application/json\\r\\n\\r\\n{"id":"p","parent":{"id":"q"}}\\r\\n' in body, "an object: one JSON part, as OpenAPI says"
assert b'name="mask"\\r\\nContent-Type: application/json\\r\\n\\r\\n{"point":"eyes"}\\r\\n' in body and b"[" not in body, body

async def main():
    async_client = AsyncClient(http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(answer)))
    await async_client.files.update("f", body=io.BytesIO(b"from a file"))
    assert last() == ("application/octet-stream", b"from a file")
    await async_client.files.update("g", body=iter([b"sync ", b"chunks"]))
    assert last() == ("application/octet-stream", b"sync chunks")

asyncio.run(main())
print("ok")
"""


@pytest.fixture(scope="module")
def media_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("media") / "out"
    assert generate(GOLDEN / "media" / "spec.yaml", out, "media") == 0
    return out


def test_each_body_goes_on_the_wire_as_its_media_type_says(media_client: Path) -> None:
    result = subprocess.run([sys.executable, "-c", WIRE], cwd=media_client, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(media_client)}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok"


def test_multipart_brackets_send_objects_and_lists_as_nested_fields(tmp_path: Path) -> None:
    """`multipart = "brackets"`: the OpenAI SDK's way, which OpenAI's API reads
    (`expires_after[anchor]`, `include[]`); a field whose encoding gives its type keeps it."""
    out = tmp_path / "out"
    assert generate(GOLDEN / "media" / "spec.yaml", out, "media", "--multipart", "brackets") == 0
    labels, call = sent_bodies(
        out,
        "media",
        "client.settings.labels('s1', place={'id': 'p', 'parent': {'id': 'q'}}, mask={'point': 'eyes'})",
        "client.settings.call('s1', offer='v=0', session={'model': 'm'}, tags=['a', 'b'])",
    )
    assert 'name="place[id]"\r\n\r\np\r\n' in labels and 'name="place[parent][id]"\r\n\r\nq\r\n' in labels and 'name="mask[point]"' in labels, labels
    assert "application/json" not in labels
    assert call.count('name="tags[]"') == 2 and 'name="session"\r\nContent-Type: application/json\r\n\r\n{"model":"m"}' in call, call


def test_form_fields_follow_their_encoding(tmp_path: Path) -> None:
    spec = tmp_path / "form.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: f, version: '1'}\npaths:\n  /f:\n    post:\n      operationId: send\n"
        "      requestBody:\n        required: true\n        content:\n          application/x-www-form-urlencoded:\n"
        "            schema:\n              type: object\n              properties:\n"
        "                ids: {type: array, items: {type: integer}}\n                tags: {type: array, items: {type: string}}\n"
        "                filter: {type: object, properties: {a: {type: string}}}\n                flat: {type: object, properties: {b: {type: string}}}\n"
        "            encoding:\n              ids: {style: form, explode: false}\n              tags: {style: pipeDelimited}\n"
        "              filter: {style: deepObject, explode: true}\n"
        "      responses: {'204': {description: ok}}\n"
    )
    out = tmp_path / "out"
    assert generate(spec, out, "formy") == 0
    (body,) = sent_bodies(out, "formy", "client.f.create(ids=[1, 2], tags=['x', 'y'], filter={'a': '1'}, flat={'b': '2'})")
    assert body == "ids=1%2C2&tags=x%7Cy&filter%5Ba%5D=1&b=2"


def sent_bodies(out: Path, package: str, *calls: str) -> list[str]:
    """The bodies the generated client in `out` sends for each call (Python statements on
    `client`), in a fresh interpreter, against a recording transport."""
    code = (
        f"import httpx2, json\nfrom {package} import Client\nsent = []\n"
        "client = Client(http_client=httpx2.Client(transport=httpx2.MockTransport(lambda r: sent.append(r.read()) or httpx2.Response(204))))\n"
        + "".join(f"{call}\n" for call in calls)
        + "print(json.dumps([b.decode() for b in sent]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(out)}, timeout=300)
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))


def test_a_form_whose_schema_says_no_shape_takes_fields(tmp_path: Path) -> None:
    """A form or multipart body whose schema says nothing of its shape (`true`, a `$ref` to
    `true`, a description over `allOf: [{}]`) is an object of fields the document does not
    name, as `schema: {}` is: its method takes a mapping, and its generated tests pass."""
    spec = tmp_path / "shapeless.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: s, version: '1'}\npaths:\n"
        "  /a:\n    post:\n      requestBody:\n        required: true\n        content: {multipart/form-data: {schema: true}}\n"
        "      responses: {'204': {description: ok}}\n"
        "  /b:\n    post:\n      requestBody:\n        required: true\n"
        "        content: {multipart/form-data: {schema: {$ref: '#/components/schemas/Anything'}}}\n"
        "      responses: {'204': {description: ok}}\n"
        "  /c:\n    post:\n      requestBody:\n        required: true\n"
        "        content: {application/x-www-form-urlencoded: {schema: {description: Any fields., allOf: [{}]}}}\n"
        "      responses: {'204': {description: ok}}\n"
        "components:\n  schemas:\n    Anything: true\n"
    )
    out = tmp_path / "out"
    assert generate(spec, out, "shapeless") == 0
    for resource in "abc":
        assert "body: dict[str, Any]," in (out / "shapeless" / "resources" / f"{resource}.py").read_text(encoding="utf-8")
    tests = run_generated_tests(out, "-k", "not prism")
    assert tests.returncode == 0, tests.stdout[-3000:]
