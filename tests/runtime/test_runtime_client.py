"""SyncAPIClient / AsyncAPIClient against httpx2.MockTransport (no network)."""

from __future__ import annotations

import asyncio
import email.utils
import functools
import io
import json
import logging
import random
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, Literal, cast

import httpx2
import pytest

from generator.runtime._base_client import AsyncAPIClient, SyncAPIClient
from generator.runtime._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from generator.runtime._models import BaseModel
from generator.runtime._pagination import (
    AsyncCursorPage,
    AsyncLinkPage,
    SyncCursorPage,
    SyncLinkPage,
)
from generator.runtime._response import (
    RAW_RESPONSE_HEADER,
    APIResponse,
    AsyncStreamedAPIResponse,
    StreamedAPIResponse,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from generator.runtime._types import (
    NOT_GIVEN,
    Body,
    Headers,
    NotGiven,
    Query,
    RequestOptions,
    Timeout,
)

SECRET = "sk-test-very-secret-0123456789"
BASE_URL = "https://api.example.test/v1"

Handler = Callable[[httpx2.Request], httpx2.Response]


class Thing(BaseModel):
    id: str
    status: Literal["active", "archived"]


THING = {"id": "t1", "status": "active"}


class Client(SyncAPIClient):
    """Shaped like a generated client: an API key sent as an auth header."""

    def __init__(self, handler: Handler, **kwargs: Any) -> None:
        self.api_key = SECRET
        self.sleeps: list[float] = []
        transport = httpx2.MockTransport(handler)
        super().__init__(
            base_url=BASE_URL, http_client=httpx2.Client(transport=transport), **kwargs
        )

    @property
    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


class AsyncClient(AsyncAPIClient):
    def __init__(self, handler: Handler, **kwargs: Any) -> None:
        self.api_key = SECRET
        self.sleeps: list[float] = []
        transport = httpx2.MockTransport(handler)
        super().__init__(
            base_url=BASE_URL,
            http_client=httpx2.AsyncClient(transport=transport),
            **kwargs,
        )

    @property
    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    async def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


class Recorder:
    """A MockTransport handler answering from a list, recording requests."""

    def __init__(self, *responses: httpx2.Response | Exception) -> None:
        self.responses = list(responses)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        response = (
            self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        )
        if isinstance(response, Exception):
            raise response
        return response


def ok(body: object = THING, **kwargs: Any) -> httpx2.Response:
    return httpx2.Response(200, json=body, **kwargs)


@pytest.fixture(autouse=True)
def no_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(random, "random", lambda: 0.0)


# --- requests ------------------------------------------------------------------


def test_get_parses_model_and_sends_auth() -> None:
    recorder = Recorder(ok())
    thing = Client(recorder).request(Thing, "get", "/things/t1")
    assert thing == Thing(id="t1", status="active")
    (request,) = recorder.requests
    assert request.method == "GET"
    assert str(request.url) == f"{BASE_URL}/things/t1"
    assert request.headers["authorization"] == f"Bearer {SECRET}"
    assert request.headers["accept"] == "application/json"
    assert request.content == b""


def test_urls_are_parsed_once_and_their_cache_is_bounded() -> None:
    recorder = Recorder(ok())
    client = Client(recorder)
    for i in range(600):  # paths with ids: as many URLs as calls
        client.request(Thing, "get", f"/things/t{i}", params={"q": i % 2})
        assert str(recorder.requests[-1].url) == f"{BASE_URL}/things/t{i}?q={i % 2}"
    assert 0 < len(client.__dict__["_url_cache"]) <= 256
    client.request(Thing, "get", "/things/t599")
    client.request(Thing, "get", "/things/t599", params={"q": 5})
    first, second = recorder.requests[-2:]
    assert (
        str(first.url) == f"{BASE_URL}/things/t599"
    )  # the cached URL is not changed by a call's query
    assert str(second.url) == f"{BASE_URL}/things/t599?q=5"


def test_query_params() -> None:
    recorder = Recorder(ok())
    client = Client(recorder, default_query={"api-version": "2"})
    client.request(
        Thing,
        "get",
        "/things",
        params={"a": NOT_GIVEN, "b": None, "ids": ["x", "y"], "flag": True, "n": 3},
        options={"extra_query": {"n": 4, "extra": False}},
    )
    query = recorder.requests[0].url.params
    assert query.multi_items() == [
        ("api-version", "2"),
        ("ids", "x"),
        ("ids", "y"),
        ("flag", "true"),
        ("n", "4"),
        ("extra", "false"),
    ]


def test_headers_extra_headers_and_not_given() -> None:
    recorder = Recorder(ok())
    client = Client(recorder, default_headers={"User-Agent": "gen/1.0"})
    client.request(
        Thing,
        "get",
        "/things",
        headers={"X-Trace": "1", "X-Omitted": NOT_GIVEN, "X-Over": "a"},
        options={"extra_headers": {"x-over": "b", "Authorization": "Bearer other"}},
    )
    headers = recorder.requests[0].headers
    assert headers["user-agent"] == "gen/1.0"
    assert headers["x-trace"] == "1"
    assert "x-omitted" not in headers
    assert headers.get_list("x-over") == ["b"]
    assert headers["authorization"] == "Bearer other"


def test_a_header_value_beyond_ascii_is_sent_as_utf8() -> None:
    """httpx2 refuses text headers that are not ASCII; a documented value such as `café`
    must still reach the server, and the ASCII ones beside it stay as they are."""
    recorder = Recorder(ok())
    client = Client(recorder)
    client.request(Thing, "get", "/things", headers={"X-Lang": "café", "X-Trace": "1"})
    raw = dict(recorder.requests[0].headers.raw)
    assert raw[b"x-lang"] == "café".encode()
    assert raw[b"x-trace"] == b"1"


def test_json_body_and_extra_body() -> None:
    recorder = Recorder(ok())
    client = Client(recorder)
    client.request(
        Thing,
        "post",
        "/things",
        json={"name": "a", "meta": None},
        options={"extra_body": {"beta": True}},
    )
    request = recorder.requests[0]
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"name": "a", "meta": None, "beta": True}
    client.request(Thing, "post", "/things", options={"extra_body": {"only": 1}})
    assert json.loads(recorder.requests[1].content) == {"only": 1}


def test_file_content_in_a_json_body_is_text() -> None:
    # a `format: binary` property outside multipart: UTF-8 text when it is, else base64
    recorder = Recorder(ok())
    client = Client(recorder)
    client.request(
        Thing,
        "post",
        "/things",
        json={"a": b"caf\xc3\xa9", "b": b"\xff\x00", "c": io.BytesIO(b"x")},
    )
    assert recorder.requests[0].content == b'{"a":"caf\xc3\xa9","b":"/wA=","c":"x"}'
    with pytest.raises(
        TypeError, match="Object of type object is not JSON serializable"
    ):
        client.request(Thing, "post", "/things", json={"a": object()})


def test_timeout_default_and_override() -> None:
    recorder = Recorder(ok())
    client = Client(recorder, timeout=httpx2.Timeout(20.0, connect=2.0))
    client.request(Thing, "get", "/a")
    client.request(Thing, "get", "/a", options={"timeout": 3.0})
    client.request(Thing, "get", "/a", options={"timeout": None})
    default, override, unlimited = (r.extensions["timeout"] for r in recorder.requests)
    assert default == {"connect": 2.0, "read": 20.0, "write": 20.0, "pool": 20.0}
    assert override == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    assert set(unlimited.values()) == {None}


def test_a_file_given_as_bytes_goes_with_its_encodings_content_type() -> None:
    """`encoding: {avatar: {contentType: image/png}}`: bytes went as octet-stream."""
    recorder = Recorder(ok())
    Client(recorder).request(
        Thing,
        "post",
        "/files",
        json={},
        files={"avatar": b"\x89PNG", "other": ("a.jpg", b"JPEG", "image/jpeg")},
        part_types={"avatar": "image/png", "other": "image/png"},
    )
    body = recorder.requests[0].read()
    assert b'name="avatar"; filename="upload"\r\nContent-Type: image/png' in body
    assert b'filename="a.jpg"\r\nContent-Type: image/jpeg' in body  # (its own)


@pytest.mark.parametrize("brackets", [False, True])
def test_multipart_files_and_form_fields(brackets: bool) -> None:
    """OpenAPI's parts: an object as one JSON part, a list as a part per item; with
    brackets (a client of `multipart = "brackets"`), nested fields: `key[]`, `key[name]`.
    """
    recorder = Recorder(ok())
    client = Client(recorder)
    client._multipart_brackets = brackets
    client.request(
        Thing,
        "post",
        "/files",
        json={
            "purpose": "x",
            "tags": ["a", "b"],
            "opts": {"k": 1},
            "rows": [{"n": 1}],
            "skip": None,
        },
        files={"file": ("a.bin", b"\x00\xff", "application/octet-stream")},
    )
    request = recorder.requests[0]
    assert request.headers["content-type"].startswith("multipart/form-data")
    body = request.read()
    assert b'name="purpose"\r\n\r\nx\r\n' in body
    if brackets:
        assert body.count(b'name="tags[]"') == 2
        assert b'name="opts[k]"\r\n\r\n1\r\n' in body
        assert b'name="rows[0][n]"\r\n\r\n1\r\n' in body
        assert b"application/json" not in body
    else:
        assert (
            b'name="tags"\r\n\r\na\r\n' in body and b'name="tags"\r\n\r\nb\r\n' in body
        )
        assert (
            b'name="opts"\r\nContent-Type: application/json\r\n\r\n{"k":1}\r\n' in body
        )
        assert (
            b'name="rows"\r\nContent-Type: application/json\r\n\r\n{"n":1}\r\n' in body
        )
        assert b"[" not in body.replace(b'{"n":1}', b"")
    assert b'name="skip"' not in body
    assert b'filename="a.bin"' in body and b"\x00\xff" in body


def test_a_multipart_form_with_no_fields_is_still_a_form() -> None:
    """httpx2 sends nothing for no parts; the method's form is sent, empty and well-formed."""
    recorder = Recorder(ok())
    Client(recorder).request(Thing, "post", "/files", json={"skip": None}, files={})
    request = recorder.requests[0]
    media, _, boundary = request.headers["content-type"].partition("; boundary=")
    assert media == "multipart/form-data" and boundary
    assert request.read() == f"--{boundary}--\r\n".encode()


@pytest.mark.parametrize(
    ("content", "header"),
    [
        (
            b"--b-1\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b-1--\r\n",
            "b-1",
        ),
        ("--with space\nx", '"with space"'),  # text, and a boundary that needs quotes
        (b"no boundary line", None),
        (b"--" + b"x" * 71 + b"\r\n", None),  # longer than RFC 2046 allows
    ],
)
def test_a_multipart_body_given_as_it_goes_takes_its_boundary_from_its_first_line(
    content: bytes | str, header: str | None
) -> None:
    """A body of multipart/form-data that the caller encoded (a document whose multipart
    schema is a string): its Content-Type names the boundary its first line gives."""
    recorder = Recorder(ok())
    Client(recorder).request(
        Thing, "post", "/a", content=content, content_type="multipart/form-data"
    )
    sent = recorder.requests[0].headers["content-type"]
    assert sent == (
        "multipart/form-data"
        if header is None
        else f"multipart/form-data; boundary={header}"
    )


@pytest.mark.parametrize(
    ("cast_to", "expected"),
    [(bytes, b'{"a": 1}'), (str, '{"a": 1}'), (None, None), (type(None), None)],
)
def test_cast_to_bytes_str_none(cast_to: Any, expected: object) -> None:
    recorder = Recorder(httpx2.Response(200, content=b'{"a": 1}'))
    assert Client(recorder).request(cast_to, "get", "/raw") == expected


def test_invalid_json_response() -> None:
    recorder = Recorder(httpx2.Response(200, text="<html>"))
    with pytest.raises(APIResponseValidationError) as info:
        Client(recorder).request(Thing, "get", "/a")
    assert info.value.body == "<html>"
    assert info.value.response is not None


@pytest.mark.parametrize("status", [204, 205])
def test_no_content_is_none_where_the_method_may_answer_nothing(status: int) -> None:
    """A 204 or 205 answer has no body: None where the method says `| None` (the document
    declares it beside an answer with a body); else an error that says so."""
    recorder = Recorder(httpx2.Response(status), ok(), httpx2.Response(status))
    client = Client(recorder)
    assert client.request(Thing | None, "delete", "/a") is None
    assert client.request(Thing | None, "delete", "/a") == Thing(**THING)
    with pytest.raises(APIResponseValidationError, match=rf"\({status}\) has no body"):
        client.request(Thing, "delete", "/a")


def test_lenient_response_through_client() -> None:
    recorder = Recorder(ok({"id": "t1", "status": "deleted", "new": 1}))
    thing = Client(recorder).request(Thing, "get", "/a")
    assert thing.to_dict() == {"id": "t1", "status": "deleted", "new": 1}


# --- retries -------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 503])
def test_retries_retryable_statuses(status: int) -> None:
    recorder = Recorder(httpx2.Response(status), httpx2.Response(status), ok())
    client = Client(recorder)
    assert client.request(Thing, "get", "/a").id == "t1"
    assert len(recorder.requests) == 3
    assert client.sleeps == [0.5, 1.0]  # backoff, jitter patched out


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_no_retry_on_client_errors(status: int) -> None:
    recorder = Recorder(httpx2.Response(status))
    client = Client(recorder)
    with pytest.raises(APIStatusError):
        client.request(Thing, "get", "/a")
    assert len(recorder.requests) == 1 and client.sleeps == []


def test_gives_up_after_max_retries() -> None:
    recorder = Recorder(httpx2.Response(429))
    client = Client(recorder, max_retries=3)
    with pytest.raises(RateLimitError):
        client.request(Thing, "get", "/a")
    assert len(recorder.requests) == 4
    assert client.sleeps == [0.5, 1.0, 2.0]


def test_backoff_is_capped_and_jittered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(random, "random", lambda: 1.0)
    recorder = Recorder(httpx2.Response(500))
    client = Client(recorder, max_retries=6)
    with pytest.raises(InternalServerError):
        client.request(Thing, "get", "/a")
    assert client.sleeps == [0.375, 0.75, 1.5, 3.0, 6.0, 6.0]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "2"}, 2.0),
        ({"Retry-After": "0.25"}, 0.25),
        ({"retry-after-ms": "1500", "Retry-After": "9"}, 1.5),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": "61"}, 0.5),  # too long: backoff instead
        ({"Retry-After": "soon"}, 0.5),
    ],
)
def test_retry_after_honoured(headers: dict[str, str], expected: float) -> None:
    recorder = Recorder(httpx2.Response(429, headers=headers), ok())
    client = Client(recorder)
    client.request(Thing, "get", "/a")
    assert client.sleeps == [expected]


def test_retry_after_http_date() -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    recorder = Recorder(httpx2.Response(503, headers={"Retry-After": when}), ok())
    client = Client(recorder)
    client.request(Thing, "get", "/a")
    (slept,) = client.sleeps
    assert 28 < slept <= 30


def test_x_should_retry_header_wins() -> None:
    recorder = Recorder(httpx2.Response(500, headers={"x-should-retry": "false"}))
    client = Client(recorder)
    with pytest.raises(InternalServerError):
        client.request(Thing, "get", "/a")
    assert len(recorder.requests) == 1

    recorder = Recorder(httpx2.Response(400, headers={"x-should-retry": "true"}), ok())
    client = Client(recorder)
    client.request(Thing, "get", "/a")
    assert len(recorder.requests) == 2


def test_connect_error_retried_then_raised() -> None:
    recorder = Recorder(httpx2.ConnectError("refused"))
    client = Client(recorder)
    with pytest.raises(APIConnectionError) as info:
        client.request(Thing, "get", "/a")
    assert type(info.value) is APIConnectionError
    assert isinstance(info.value.__cause__, httpx2.ConnectError)
    assert info.value.request.url.path == "/v1/a"
    assert len(recorder.requests) == 3 and client.sleeps == [0.5, 1.0]


def test_an_answer_that_cannot_be_decoded_is_a_connection_error() -> None:
    # (a server, or a proxy, that says gzip over a body it did not compress)
    def bad() -> httpx2.Response:
        return httpx2.Response(
            200, stream=httpx2.ByteStream(b"{}"), headers={"content-encoding": "gzip"}
        )

    recorder = Recorder(bad(), bad(), bad())
    client = Client(recorder)
    with pytest.raises(APIConnectionError) as info:
        client.request(Thing, "get", "/a")
    assert isinstance(info.value.__cause__, httpx2.DecodingError)
    assert len(recorder.requests) == 3


def test_a_content_length_header_parameter_stands_only_where_it_is_true() -> None:
    # (PeerTube's resumable upload asks for one, and for `Content-Length: 0` on its DELETE)
    recorder = Recorder(ok())
    client = Client(recorder)
    sent = []
    for length, content in (("0", None), ("7", None), ("3", b"abc"), ("9", b"abc")):
        client.request(
            Thing,
            "delete" if content is None else "put",
            "/a",
            headers={"Content-Length": length},
            content=content,
        )
        sent.append(recorder.requests[-1].headers.get("content-length"))
    assert sent == ["0", None, "3", "3"]
    client.request(
        Thing,
        "put",
        "/a",
        headers={"Content-Length": "4"},
        content=iter([b"ab", b"cd"]),
    )
    assert (
        recorder.requests[-1].headers.get("content-length") == "4"
    ), "a stream's, as the caller gives it"
    assert "transfer-encoding" not in recorder.requests[-1].headers


def test_connect_error_then_success() -> None:
    recorder = Recorder(httpx2.ConnectError("refused"), ok())
    assert Client(recorder).request(Thing, "get", "/a").id == "t1"


def test_timeout_raises_api_timeout_error() -> None:
    recorder = Recorder(httpx2.ReadTimeout("slow"))
    client = Client(recorder, max_retries=1)
    with pytest.raises(APITimeoutError) as info:
        client.request(Thing, "get", "/a")
    assert isinstance(info.value, APIConnectionError)
    assert isinstance(info.value.__cause__, httpx2.ReadTimeout)
    assert len(recorder.requests) == 2


def test_with_options_overrides_max_retries_and_shares_http_client() -> None:
    recorder = Recorder(httpx2.Response(500))
    client = Client(recorder)
    no_retry = client.with_options(max_retries=0, timeout=1.0)
    with pytest.raises(InternalServerError):
        no_retry.request(Thing, "get", "/a")
    assert len(recorder.requests) == 1
    assert recorder.requests[0].extensions["timeout"]["read"] == 1.0
    assert no_retry._client is client._client and client.max_retries == 2


def test_retry_log_lines(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(httpx2.Response(429, headers={"Retry-After": "1"}), ok())
    with caplog.at_level(logging.INFO, logger="generator.runtime"):
        Client(recorder).request(Thing, "post", "/things", params={"q": "x"})
    (record,) = [r for r in caplog.records if r.name == "generator.runtime"]
    assert record.levelno == logging.INFO
    assert record.getMessage() == (
        f"Retrying POST {BASE_URL}/things in 1.00 seconds (status 429)"
    )


# --- errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (418, APIStatusError),
    ],
)
def test_status_error_mapping(status: int, error_cls: type[APIStatusError]) -> None:
    body = {"error": {"message": "Something is wrong", "code": "x"}}
    response = httpx2.Response(status, json=body, headers={"x-request-id": "req_1"})
    with pytest.raises(APIStatusError) as info:
        Client(Recorder(response), max_retries=0).request(Thing, "get", "/a")
    error = info.value
    assert type(error) is error_cls
    assert error.message == str(error) == "Something is wrong"
    assert error.status_code == status and error.response.status_code == status
    assert error.body == body
    assert error.request_id == "req_1"


@pytest.mark.parametrize(
    ("response", "message", "body"),
    [
        (
            httpx2.Response(404, json={"message": "No such thing"}),
            "No such thing",
            None,
        ),
        (
            httpx2.Response(400, json={"detail": "bad"}),
            "Error code: 400 - {'detail': 'bad'}",
            {"detail": "bad"},
        ),
        (httpx2.Response(400, text="oops"), "Error code: 400 - 'oops'", "oops"),
        (httpx2.Response(400), "Error code: 400 - None", None),
    ],
)
def test_status_error_messages(
    response: httpx2.Response, message: str, body: object
) -> None:
    with pytest.raises(APIStatusError) as info:
        Client(Recorder(response)).request(Thing, "get", "/a")
    assert info.value.message == message
    assert info.value.request_id is None
    if body is not None:
        assert info.value.body == body


def test_secret_never_shown(caplog: pytest.LogCaptureFixture) -> None:
    errors: list[BaseException] = []
    responses = [httpx2.Response(401, json={"error": {"message": "bad key"}})]
    handlers: list[Recorder] = [
        Recorder(*responses),
        Recorder(httpx2.ConnectError("refused")),
        Recorder(httpx2.ReadTimeout("slow")),
        Recorder(httpx2.Response(500)),
    ]
    with caplog.at_level(logging.DEBUG):
        for recorder in handlers:
            client = Client(recorder, default_query={"k": "v"})
            assert SECRET not in repr(client)
            assert repr(client) == f"<Client base_url='{BASE_URL}'>"
            with pytest.raises(Exception) as info:
                client.request(Thing, "get", "/a")
            errors.append(info.value)
    assert [type(e) for e in errors] == [
        AuthenticationError,
        APIConnectionError,
        APITimeoutError,
        InternalServerError,
    ]
    for error in errors:
        assert SECRET not in str(error) and SECRET not in repr(error.args)
        assert error.__cause__ is None or SECRET not in str(error.__cause__)
    assert caplog.records  # the retries were logged
    assert SECRET not in caplog.text


# --- raw responses -------------------------------------------------------------


class Things:
    """Shaped like a generated resource."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def create(
        self,
        *,
        name: str,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Thing:
        options: RequestOptions = {
            "extra_headers": extra_headers,
            "extra_query": extra_query,
            "extra_body": extra_body,
            "timeout": timeout,
        }
        return cast(
            Thing,
            self._client.request(
                Thing, "post", "/things", json={"name": name}, options=options
            ),
        )

    @property
    def with_raw_response(self) -> ThingsWithRawResponse:
        return ThingsWithRawResponse(self)

    @property
    def with_streaming_response(self) -> ThingsWithStreamingResponse:
        return ThingsWithStreamingResponse(self)


class ThingsWithRawResponse:
    def __init__(self, things: Things) -> None:
        self.create = to_raw_response_wrapper(things.create)


class ThingsWithStreamingResponse:
    def __init__(self, things: Things) -> None:
        self.create = to_streamed_response_wrapper(things.create)


def test_raw_response_wrapper() -> None:
    recorder = Recorder(ok(headers={"x-request-id": "req_9"}))
    things = Things(Client(recorder))
    raw = things.with_raw_response.create(name="a", extra_headers={"X-A": "1"})
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req_9"
    assert raw.json() == THING and json.loads(raw.text) == THING
    assert raw.content == raw.http_response.content
    assert str(raw.url) == f"{BASE_URL}/things"
    thing = raw.parse()
    assert thing == Thing(id="t1", status="active") and raw.parse() is thing
    sent = recorder.requests[0].headers
    assert sent["x-a"] == "1"
    assert RAW_RESPONSE_HEADER not in sent
    assert things.create.__name__ == "create"


def test_raw_response_still_raises_status_errors() -> None:
    things = Things(Client(Recorder(httpx2.Response(404))))
    with pytest.raises(NotFoundError):
        things.with_raw_response.create(name="a")


def test_async_raw_response_wrapper() -> None:
    recorder = Recorder(ok())

    async def create(*, name: str, extra_headers: Headers | None = None) -> Thing:
        options: RequestOptions = {"extra_headers": extra_headers}
        result = await client.request(Thing, "post", "/t", json={}, options=options)
        return cast(Thing, result)

    async def main() -> APIResponse[Thing]:
        return await async_to_raw_response_wrapper(create)(name="a")

    client = AsyncClient(recorder)
    raw = asyncio.run(main())
    assert raw.parse() == Thing(id="t1", status="active")
    assert RAW_RESPONSE_HEADER not in recorder.requests[0].headers


PARTS = (b'{"id": "t1", ', b'"status": "active"}')


def test_streaming_response_reads_the_body_as_it_is_iterated() -> None:
    """``with_streaming_response``: the body is not read when the response is given, but
    as it is iterated (a large download need not be held whole); leaving closes it."""
    given: list[bytes] = []

    def parts() -> Iterator[bytes]:
        for part in PARTS:
            given.append(part)
            yield part

    json_type = {"content-type": "application/json"}
    recorder = Recorder(
        httpx2.Response(200, content=parts(), headers=json_type),
        httpx2.Response(200, content=iter(PARTS), headers=json_type),
    )
    things = Things(Client(recorder))
    with things.with_streaming_response.create(name="a") as response:
        assert isinstance(response, StreamedAPIResponse) and given == []
        assert response.status_code == 200
        chunks = response.iter_bytes()
        assert next(chunks) == PARTS[0] and given == [PARTS[0]]
        assert b"".join(chunks) == PARTS[1]
    assert response.http_response.is_closed
    with things.with_streaming_response.create(name="b") as response:
        assert response.parse() == Thing(id="t1", status="active")
    assert RAW_RESPONSE_HEADER.lower() not in recorder.requests[1].headers
    with pytest.raises(NotFoundError):  # (before any body is given)
        with Things(
            Client(Recorder(httpx2.Response(404)))
        ).with_streaming_response.create(name="a"):
            pass


def test_async_streaming_response_reads_the_body_as_it_is_iterated() -> None:
    given: list[bytes] = []

    async def parts() -> AsyncIterator[bytes]:
        for part in PARTS:
            given.append(part)
            yield part

    recorder = Recorder(httpx2.Response(200, content=parts()), ok())

    async def create(*, name: str, extra_headers: Headers | None = None) -> Thing:
        options: RequestOptions = {"extra_headers": extra_headers}
        result = await client.request(Thing, "post", "/t", json={}, options=options)
        return cast(Thing, result)

    async def main() -> tuple[list[bytes], Thing]:
        streamed = async_to_streamed_response_wrapper(create)
        async with streamed(name="a") as response:
            assert isinstance(response, AsyncStreamedAPIResponse) and given == []
            chunks = [chunk async for chunk in response.iter_bytes()]
        assert response.http_response.is_closed
        async with streamed(name="b") as response:
            return chunks, await response.parse()

    client = AsyncClient(recorder)
    assert asyncio.run(main()) == (list(PARTS), Thing(id="t1", status="active"))
    assert RAW_RESPONSE_HEADER.lower() not in recorder.requests[0].headers


# --- pagination ----------------------------------------------------------------


def pages_handler(request: httpx2.Request) -> httpx2.Response:
    if request.url.params.get("after") is None:
        return ok(
            {
                "data": [{"id": "a", "status": "active"}, {"id": "b", "status": "x"}],
                "has_more": True,
            }
        )
    assert request.url.params["after"] == "b"
    return ok({"data": [{"id": "c", "status": "archived"}], "has_more": False})


def test_cursor_pagination_two_pages() -> None:
    requests: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        requests.append(request)
        return pages_handler(request)

    client = Client(handler)
    page = client.request(
        Thing,
        "get",
        "/things",
        params={"limit": 2, "order": NOT_GIVEN},
        page_cls=SyncCursorPage,
    )
    assert isinstance(page, SyncCursorPage)
    assert [t.id for t in page.data] == ["a", "b"]
    assert [t.id for t in page] == ["a", "b", "c"]
    assert [len(p.data) for p in page.iter_pages()] == [2, 1]
    assert [t.id for t in page.auto_paging_iter()] == ["a", "b", "c"]
    second = requests[1].url.params
    assert second.multi_items() == [("limit", "2"), ("after", "b")]
    assert isinstance(page.data[1], Thing) and page.data[1].status == "x"


def test_cursor_pagination_uses_last_id_and_stops() -> None:
    calls: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(request)
        if len(calls) == 1:
            return ok({"data": [{"name": "no id"}], "has_more": True, "last_id": "L"})
        return ok({"data": [], "has_more": None})

    page = Client(handler).request(dict, "get", "/items", page_cls=SyncCursorPage)
    assert list(page) == [{"name": "no id"}]
    assert calls[1].url.params["after"] == "L"
    assert len(calls) == 2


def test_async_cursor_pagination_two_pages() -> None:
    async def main() -> tuple[list[str], list[int]]:
        client = AsyncClient(pages_handler)
        page = await client.request(Thing, "get", "/things", page_cls=AsyncCursorPage)
        assert isinstance(page, AsyncCursorPage)
        ids = [t.id async for t in page]
        sizes = [len(p.data) async for p in page.iter_pages()]
        return ids, sizes

    assert asyncio.run(main()) == (["a", "b", "c"], [2, 1])


def link_pages_handler(request: httpx2.Request) -> httpx2.Response:
    """Azure's way: the items under `value`, the next page's URL under `nextLink`."""
    if "skiptoken" not in str(request.url):
        link = f"{BASE_URL}/vaults?api-version=1&$skiptoken=x"
        return ok(
            {"value": [{"id": "a", "status": "active"}, {"id": "b"}], "nextLink": link}
        )
    return ok({"value": [{"id": "c", "status": "archived"}], "nextLink": None})


def test_link_pagination_follows_each_pages_link_with_the_credentials() -> None:
    """The next page is the link's URL as given (the first call's parameters are in it,
    not sent again), with the client's credentials; a link to another host is refused.
    """
    requests: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        requests.append(request)
        if request.url.path.endswith("/elsewhere"):
            return ok({"value": [{"id": "x"}], "nextLink": "https://evil.example/x"})
        return link_pages_handler(request)

    client = Client(handler)
    fields = ("value", "nextLink")
    page = client.request(
        Thing,
        "get",
        "/vaults",
        params={"api-version": "1"},
        page_cls=SyncLinkPage,
        page_fields=fields,
    )
    assert isinstance(page, SyncLinkPage) and page.has_next_page()
    assert [t.id for t in page.data] == ["a", "b"]
    assert (
        isinstance(page.data[1], Thing) and page.data[1].status is None
    )  # (leniently)
    assert [t.id for t in page] == ["a", "b", "c"]
    assert [len(p.data) for p in page.iter_pages()] == [2, 1]
    second = requests[1].url
    assert second.params.multi_items() == [("api-version", "1"), ("$skiptoken", "x")]
    assert requests[1].headers["authorization"] == f"Bearer {SECRET}"
    last = page.get_next_page()
    assert not last.has_next_page() and last.body == {
        "value": [{"id": "c", "status": "archived"}],
        "nextLink": None,
    }
    away = client.request(
        dict, "get", "/elsewhere", page_cls=SyncLinkPage, page_fields=fields
    )
    with pytest.raises(APIConnectionError, match="evil.example"):
        away.get_next_page()
    assert len(requests) == 5  # (the last link was not followed)


def link_header_pages_handler(request: httpx2.Request) -> httpx2.Response:
    """GitHub's way: the answer is the list, the next page's URL in the Link header."""
    page = int(request.url.params.get("page", "1"))
    links = (
        [f'<{BASE_URL}/repos?per_page=1&page={page + 1}>; rel="next"']
        if page < 3
        else []
    )
    links.append(f'<{BASE_URL}/repos?per_page=1&page=1>; rel="first"')
    return ok([{"id": str(page)}], headers={"Link": ", ".join(links)})


def test_a_list_answer_pages_by_its_link_header() -> None:
    """RFC 8288's `rel="next"`; a page whose Link names no next page is the last."""
    client = Client(link_header_pages_handler)
    fields = ("", "Link")
    page = client.request(
        Thing,
        "get",
        "/repos",
        params={"per_page": 1},
        page_cls=SyncLinkPage,
        page_fields=fields,
    )
    assert isinstance(page, SyncLinkPage) and [t.id for t in page.data] == ["1"]
    assert page.next_link == f"{BASE_URL}/repos?per_page=1&page=2"
    assert [t.id for t in page] == ["1", "2", "3"]
    assert [p.has_next_page() for p in page.iter_pages()] == [True, True, False]

    async def main() -> list[str]:
        client = AsyncClient(link_header_pages_handler)
        page = await client.request(
            Thing, "get", "/repos", page_cls=AsyncLinkPage, page_fields=fields
        )
        return [t.id async for t in page]

    assert asyncio.run(main()) == ["1", "2", "3"]


def test_async_link_pagination_two_pages() -> None:
    async def main() -> tuple[list[str], list[int]]:
        client = AsyncClient(link_pages_handler)
        page = await client.request(
            Thing,
            "get",
            "/vaults",
            page_cls=AsyncLinkPage,
            page_fields=("value", "nextLink"),
        )
        assert isinstance(page, AsyncLinkPage)
        ids = [t.id async for t in page]
        sizes = [len(p.data) async for p in page.iter_pages()]
        return ids, sizes

    assert asyncio.run(main()) == (["a", "b", "c"], [2, 1])


# --- async twin ----------------------------------------------------------------


def test_async_request_retries_and_errors() -> None:
    async def main() -> None:
        recorder = Recorder(httpx2.Response(429, headers={"Retry-After": "3"}), ok())
        client = AsyncClient(recorder)
        assert (await client.request(Thing, "get", "/a")).id == "t1"
        assert client.sleeps == [3.0]

        client = AsyncClient(Recorder(httpx2.Response(500, json={"message": "boom"})))
        with pytest.raises(InternalServerError, match="boom"):
            await client.request(Thing, "get", "/a")
        assert client.sleeps == [0.5, 1.0]

        client = AsyncClient(Recorder(httpx2.ConnectTimeout("slow")), max_retries=0)
        with pytest.raises(APITimeoutError):
            await client.request(Thing, "get", "/a")
        assert SECRET not in repr(client)

    asyncio.run(main())


def test_async_request_options_applied() -> None:
    async def main() -> httpx2.Request:
        recorder = Recorder(ok())
        async with AsyncClient(recorder) as client:
            await client.request(
                Thing,
                "patch",
                "/things/t1",
                json={"name": "b"},
                params={"x": NOT_GIVEN, "y": 1},
                options={
                    "extra_headers": {"X-E": "1"},
                    "extra_query": {"z": "2"},
                    "extra_body": {"more": True},
                    "timeout": 7.0,
                },
            )
        return recorder.requests[0]

    request = asyncio.run(main())
    assert request.method == "PATCH"
    assert request.url.params.multi_items() == [("y", "1"), ("z", "2")]
    assert request.headers["x-e"] == "1"
    assert json.loads(request.content) == {"name": "b", "more": True}
    assert request.extensions["timeout"]["read"] == 7.0


# --- lifecycle -----------------------------------------------------------------


def test_close_only_own_http_client() -> None:
    http_client = httpx2.Client(transport=httpx2.MockTransport(Recorder(ok())))
    with SyncAPIClient(base_url=BASE_URL, http_client=http_client) as client:
        pass
    assert not client.is_closed() and not http_client.is_closed

    own = SyncAPIClient(base_url=BASE_URL)
    own.with_options(max_retries=0).close()
    assert not own.is_closed()
    with own:
        pass
    assert own.is_closed()


def test_async_close_only_own_http_client() -> None:
    async def main() -> None:
        http_client = httpx2.AsyncClient(transport=httpx2.MockTransport(Recorder(ok())))
        async with AsyncAPIClient(base_url=BASE_URL, http_client=http_client) as client:
            pass
        assert not client.is_closed()
        own = AsyncAPIClient(base_url=BASE_URL)
        await own.close()
        assert own.is_closed()

    asyncio.run(main())


def test_client_defaults() -> None:
    client = SyncAPIClient(base_url=BASE_URL + "/")
    assert client.max_retries == 2
    assert client.timeout == httpx2.Timeout(600.0, connect=5.0)
    assert client.auth_headers == {}
    with pytest.raises(ValueError):
        SyncAPIClient(base_url=BASE_URL, max_retries=-1)
    http_client = httpx2.Client(timeout=9.0)
    assert SyncAPIClient(
        base_url=BASE_URL, http_client=http_client
    ).timeout == httpx2.Timeout(9.0)
    client.close()
    http_client.close()


def test_with_options_rebinds_cached_resources() -> None:
    class Generated(Client):
        @functools.cached_property
        def things(self) -> Things:
            return Things(self)

    recorder = Recorder(httpx2.Response(500))
    client = Generated(recorder)
    assert client.things._client is client
    clone = client.with_options(max_retries=0)
    assert clone.things._client is clone and client.things._client is client
    with pytest.raises(InternalServerError):
        clone.things.create(name="a")
    assert len(recorder.requests) == 1


def test_file_content_in_parameters_is_sent_as_text() -> None:
    """A `format: binary` property of an object in the query (sinao: a list of products with
    an image) goes as text, UTF-8 when it is, else base64, as in a JSON body."""
    from generator.runtime._encoding import query_pairs, styled

    pairs = query_pairs(
        {
            "data": [{"name": "n", "image": b"\xff\x00"}],
            "plain": b"text",
            "as_json": styled({"image": b"abc"}, "json", False),
        }
    )
    assert pairs == [
        ("data", '{"name":"n","image":"/wA="}'),
        ("plain", "text"),
        ("as_json", '{"image":"abc"}'),
    ]


class Job(BaseModel):
    jobId: int


def test_an_answer_is_read_as_the_type_of_its_status_code() -> None:
    """`cast_to={200: Thing, 202: Job}`: a 202 answer is a Job; a code not named, the first."""
    answers = [
        httpx2.Response(202, json={"jobId": 5}),
        httpx2.Response(200, json=THING),
        httpx2.Response(201, json=THING),
    ]
    client = Client(Recorder(*answers))
    found = [client.request({200: Thing, 202: Job}, "post", "/jobs") for _ in answers]
    assert [type(f) for f in found] == [Job, Thing, Thing]


def test_a_range_answers_for_the_codes_of_it_not_named() -> None:
    """`cast_to={200: Thing, "2XX": Job}`: a 202 answer is a Job, as OpenAPI reads a range
    beside a code; a 200 answer, a Thing."""
    answers = [
        httpx2.Response(202, json={"jobId": 5}),
        httpx2.Response(200, json=THING),
    ]
    client = Client(Recorder(*answers))
    found = [client.request({200: Thing, "2XX": Job}, "post", "/jobs") for _ in answers]
    assert [type(f) for f in found] == [Job, Thing]
