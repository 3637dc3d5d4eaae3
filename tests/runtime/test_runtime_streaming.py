"""Stream / AsyncStream over text/event-stream responses."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

from generator.runtime._base_client import AsyncAPIClient, SyncAPIClient
from generator.runtime._exceptions import APIError, APIStatusError
from generator.runtime._models import BaseModel
from generator.runtime._response import APIResponse, RAW_RESPONSE_HEADER
from generator.runtime._streaming import AsyncStream, Stream

BASE_URL = "https://api.example.test"

EVENTS = (
    b": keep-alive comment\n\n"
    b'data: {"delta": "Hel", "index": 0}\n\n'
    b"event: ping\n\n"
    b'data: {"delta": "lo",\ndata:  "index": 1, "kind": "new"}\n\n'
    b"data: [DONE]\n\n"
    b'data: {"delta": "never read", "index": 2}\n\n'
)


class Chunk(BaseModel):
    delta: str
    index: int


class ChunkedStream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """Sends the body in small pieces, splitting lines and events."""

    def __init__(self, body: bytes, size: int = 7) -> None:
        self.parts = [body[i : i + size] for i in range(0, len(body), size)]
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.parts

    async def __aiter__(self) -> Any:
        for part in self.parts:
            yield part

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def sse_handler(body: bytes, streams: list[ChunkedStream]) -> Any:
    def handler(request: httpx2.Request) -> httpx2.Response:
        stream = ChunkedStream(body)
        streams.append(stream)
        headers = {"content-type": "text/event-stream; charset=utf-8"}
        return httpx2.Response(200, headers=headers, stream=stream)

    return handler


def sync_client(handler: Any) -> SyncAPIClient:
    transport = httpx2.MockTransport(handler)
    return SyncAPIClient(
        base_url=BASE_URL, http_client=httpx2.Client(transport=transport)
    )


def async_client(handler: Any) -> AsyncAPIClient:
    transport = httpx2.MockTransport(handler)
    return AsyncAPIClient(
        base_url=BASE_URL, http_client=httpx2.AsyncClient(transport=transport)
    )


def test_sync_stream_until_done() -> None:
    streams: list[ChunkedStream] = []
    client = sync_client(sse_handler(EVENTS, streams))
    stream = client.request(Chunk, "post", "/chat", json={}, stream=True)
    assert isinstance(stream, Stream)
    chunks = list(stream)
    assert [c.delta for c in chunks] == ["Hel", "lo"]
    assert all(isinstance(c, Chunk) for c in chunks)
    assert chunks[1].to_dict() == {"delta": "lo", "index": 1, "kind": "new"}
    assert stream.response.is_closed and streams[0].closed


def test_sync_stream_context_manager_closes_early() -> None:
    streams: list[ChunkedStream] = []
    client = sync_client(sse_handler(EVENTS, streams))
    with client.request(Chunk, "post", "/chat", stream=True) as stream:
        first = next(iter(stream))
        assert first.delta == "Hel"
    assert stream.response.is_closed


def test_stream_without_done_ends_with_body() -> None:
    body = b'data: {"delta": "a", "index": 0}\n\ndata: {"delta": "b", "index": 1}\n\n'
    client = sync_client(sse_handler(body, []))
    stream = client.request(Chunk, "get", "/s", stream=True)
    assert [c.delta for c in stream] == ["a", "b"]
    assert stream.response.is_closed


def test_stream_error_event_raises() -> None:
    body = (
        b'data: {"delta": "a", "index": 0}\n\n'
        b'data: {"error": {"message": "overloaded", "type": "server"}}\n\n'
    )
    client = sync_client(sse_handler(body, []))
    stream = client.request(Chunk, "get", "/s", stream=True)
    assert next(stream).delta == "a"
    with pytest.raises(APIError, match="^overloaded$"):
        next(stream)
    assert stream.response.is_closed


def test_stream_status_error_reads_body() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(400, json={"error": {"message": "bad stream"}})

    with pytest.raises(APIStatusError, match="bad stream") as info:
        sync_client(handler).request(Chunk, "get", "/s", stream=True)
    assert info.value.body == {"error": {"message": "bad stream"}}


def test_custom_stream_cls_and_raw_stream() -> None:
    class MyStream(Stream[Chunk]):
        pass

    client = sync_client(sse_handler(EVENTS, []))
    raw = client.request(
        Chunk,
        "get",
        "/s",
        stream=True,
        stream_cls=MyStream,
        options={"extra_headers": {RAW_RESPONSE_HEADER: "true"}},
    )
    assert isinstance(raw, APIResponse)
    stream = raw.parse()
    assert isinstance(stream, MyStream)
    assert [c.index for c in stream] == [0, 1]


def test_async_stream_until_done() -> None:
    streams: list[ChunkedStream] = []

    async def main() -> tuple[list[str], bool]:
        client = async_client(sse_handler(EVENTS, streams))
        stream = await client.request(Chunk, "post", "/chat", stream=True)
        assert isinstance(stream, AsyncStream)
        deltas = [c.delta async for c in stream]
        return deltas, stream.response.is_closed

    assert asyncio.run(main()) == (["Hel", "lo"], True)
    assert streams[0].closed


def test_async_stream_context_manager_and_error() -> None:
    body = b'data: {"delta": "a", "index": 0}\n\ndata: {"error": "nope"}\n\n'

    async def main() -> None:
        client = async_client(sse_handler(body, []))
        async with await client.request(Chunk, "get", "/s", stream=True) as stream:
            assert (await stream.__anext__()).delta == "a"
            with pytest.raises(APIError, match="nope"):
                await stream.__anext__()
        assert stream.response.is_closed

        client = async_client(sse_handler(EVENTS, []))
        async with await client.request(Chunk, "get", "/s", stream=True) as stream:
            async for chunk in stream:
                break
        assert stream.response.is_closed

    asyncio.run(main())


class Reply(BaseModel):
    text: str


def test_the_events_are_of_the_stream_class_type_not_of_the_answer_cast_to() -> None:
    """`stream=True` of a method that answers `Reply` otherwise: `cast_to` is Reply, the
    events are `Stream[Chunk]`'s (an operation that only streams has `cast_to` None)."""
    for cast_to in (Reply, None):
        client = sync_client(sse_handler(EVENTS, []))
        stream = client.request(
            cast_to, "post", "/chat", stream=True, stream_cls=Stream[Chunk]
        )
        assert [type(c) for c in stream] == [Chunk, Chunk]


def test_the_async_events_are_of_the_stream_class_type() -> None:
    async def main() -> list[Any]:
        client = async_client(sse_handler(EVENTS, []))
        stream = await client.request(
            None, "post", "/chat", stream=True, stream_cls=AsyncStream[Chunk]
        )
        return [chunk async for chunk in stream]

    assert [type(c) for c in asyncio.run(main())] == [Chunk, Chunk]
