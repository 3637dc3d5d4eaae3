"""Raw access to HTTP responses: ``client.things.with_raw_response.create()``, and
``with client.things.with_streaming_response.create() as response:``, whose body is read
as the caller iterates it (a large download need not be held whole)."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx2

__all__ = [
    "RAW_RESPONSE_HEADER",
    "APIResponse",
    "AsyncResponseContextManager",
    "AsyncStreamedAPIResponse",
    "ResponseContextManager",
    "StreamedAPIResponse",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")

# Set by the wrappers below on ``extra_headers``; the base client removes it
# before sending and returns an APIResponse instead of the parsed value ("stream":
# a StreamedAPIResponse, whose body is not read yet).
RAW_RESPONSE_HEADER = "X-Clientsmith-Raw-Response"
STREAMED = "stream"

_NOT_PARSED: Any = object()


class _ResponseView(Generic[T]):
    """An HTTP response together with the way to parse it into ``T``."""

    def __init__(
        self, http_response: httpx2.Response, parse: Callable[[httpx2.Response], T]
    ) -> None:
        self.http_response = http_response
        self._parse = parse
        self._parsed: T = _NOT_PARSED

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx2.Headers:
        return self.http_response.headers

    @property
    def url(self) -> httpx2.URL:
        return self.http_response.url

    def __repr__(self) -> str:
        # No query string: it may hold credentials.
        url = self.url.copy_with(query=None)
        method = self.http_response.request.method
        return f"<{type(self).__name__} [{self.status_code}] {method} {url}>"


class APIResponse(_ResponseView[T]):
    """An HTTP response, read, together with the way to parse it into ``T``."""

    @property
    def text(self) -> str:
        return self.http_response.text

    @property
    def content(self) -> bytes:
        return self.http_response.content

    def json(self) -> Any:
        return self.http_response.json()

    def parse(self) -> T:
        """The value the method returns without ``with_raw_response`` (cached)."""
        if self._parsed is _NOT_PARSED:
            self._parsed = self._parse(self.http_response)
        return self._parsed


class StreamedAPIResponse(APIResponse[T]):
    """An HTTP response whose body is read as it is iterated (``iter_bytes``,
    ``iter_text``, ``iter_lines``), or whole by ``read()`` and ``parse()``. The context
    manager that gives it closes it."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def read(self) -> bytes:
        return self.http_response.read()

    def parse(self) -> T:
        self.read()
        return super().parse()

    def close(self) -> None:
        self.http_response.close()


class AsyncStreamedAPIResponse(_ResponseView[T]):
    """The async twin of StreamedAPIResponse: ``async for chunk in
    response.iter_bytes()``, ``await response.parse()``."""

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def parse(self) -> T:
        """The value the method returns without ``with_streaming_response`` (cached)."""
        if self._parsed is _NOT_PARSED:
            await self.read()
            self._parsed = self._parse(self.http_response)
        return self._parsed

    async def close(self) -> None:
        await self.http_response.aclose()


_S = TypeVar("_S", bound=StreamedAPIResponse[Any])
_AS = TypeVar("_AS", bound=AsyncStreamedAPIResponse[Any])


class ResponseContextManager(Generic[_S]):
    """``with`` sends the request and gives its response; leaving closes it."""

    def __init__(self, send: Callable[[], _S]) -> None:
        self._send = send
        self._response: _S | None = None

    def __enter__(self) -> _S:
        self._response = self._send()
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[_AS]):
    """``async with`` sends the request and gives its response; leaving closes it."""

    def __init__(self, send: Callable[[], Awaitable[_AS]]) -> None:
        self._send = send
        self._response: _AS | None = None

    async def __aenter__(self) -> _AS:
        self._response = await self._send()
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def _with_raw_marker(kwargs: dict[str, Any], mode: str = "true") -> None:
    kwargs["extra_headers"] = {
        **(kwargs.get("extra_headers") or {}),
        RAW_RESPONSE_HEADER: mode,
    }


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """Make a generated method return the APIResponse instead of its value."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        _with_raw_marker(kwargs)
        return cast(APIResponse[R], func(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """The async twin of ``to_raw_response_wrapper``."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        _with_raw_marker(kwargs)
        return cast(APIResponse[R], await func(*args, **kwargs))

    return wrapped


def to_streamed_response_wrapper(
    func: Callable[P, R],
) -> Callable[P, ResponseContextManager[StreamedAPIResponse[R]]]:
    """Make a generated method give a context manager of its response, unread."""

    @functools.wraps(func)
    def wrapped(
        *args: P.args, **kwargs: P.kwargs
    ) -> ResponseContextManager[StreamedAPIResponse[R]]:
        _with_raw_marker(kwargs, STREAMED)
        return ResponseContextManager(
            lambda: cast(StreamedAPIResponse[R], func(*args, **kwargs))
        )

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncResponseContextManager[AsyncStreamedAPIResponse[R]]]:
    """The async twin of ``to_streamed_response_wrapper``."""

    @functools.wraps(func)
    def wrapped(
        *args: P.args, **kwargs: P.kwargs
    ) -> AsyncResponseContextManager[AsyncStreamedAPIResponse[R]]:
        _with_raw_marker(kwargs, STREAMED)
        return AsyncResponseContextManager(
            lambda: cast(Awaitable[AsyncStreamedAPIResponse[R]], func(*args, **kwargs))
        )

    return wrapped
