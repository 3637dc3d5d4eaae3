"""Server-sent event streams (``text/event-stream``) parsed into items."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx2

from ._exceptions import APIError, APIResponseValidationError, _server_message
from ._models import parse_response

__all__ = ["AsyncStream", "Stream"]

T = TypeVar("T")

# Events can legitimately be large (base64 payloads): no size limit.
_MAX_EVENT_SIZE = None


def _parse_event(data: str, cast_to: Any) -> Any:
    try:
        payload = json.loads(data)
    except ValueError as exc:
        raise APIResponseValidationError(
            "Could not decode a stream event as JSON.", body=data
        ) from exc
    if isinstance(payload, dict) and payload.get("error"):
        message = _server_message(payload) or f"Error in stream: {payload!r}"
        raise APIError(message)
    return parse_response(cast_to, payload)


def _is_done(data: str) -> bool:
    return data.startswith("[DONE]")


class Stream(Generic[T]):
    """Iterates the events of a streamed response as parsed ``T`` items.

    Stops at the ``[DONE]`` event or the end of the body; the response is
    closed then, on error, or by ``close()`` / the ``with`` block.
    """

    def __init__(self, *, cast_to: Any, response: httpx2.Response) -> None:
        self.response = response
        self._cast_to = cast_to
        self._iterator = self._iter_items()

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        return next(self._iterator)

    def _iter_items(self) -> Iterator[T]:
        try:
            for event in httpx2.EventSource(self.response, _MAX_EVENT_SIZE):
                if _is_done(event.data):
                    break
                if event.data:  # e.g. a keep-alive event without data
                    yield _parse_event(event.data, self._cast_to)
        finally:
            self.response.close()

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """The async twin of Stream."""

    def __init__(self, *, cast_to: Any, response: httpx2.Response) -> None:
        self.response = response
        self._cast_to = cast_to
        self._iterator = self._iter_items()

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def _iter_items(self) -> AsyncIterator[T]:
        try:
            async for event in httpx2.EventSource(self.response, _MAX_EVENT_SIZE):
                if _is_done(event.data):
                    break
                if event.data:  # e.g. a keep-alive event without data
                    yield _parse_event(event.data, self._cast_to)
        finally:
            await self.response.aclose()

    async def close(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
