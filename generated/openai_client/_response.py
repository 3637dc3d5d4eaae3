"""Raw access to HTTP responses: ``client.things.with_raw_response.create()``."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx2

__all__ = [
    "RAW_RESPONSE_HEADER",
    "APIResponse",
    "async_to_raw_response_wrapper",
    "to_raw_response_wrapper",
]

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")

# Set by the wrappers below on ``extra_headers``; the base client removes it
# before sending and returns an APIResponse instead of the parsed value.
RAW_RESPONSE_HEADER = "X-Clientsmith-Raw-Response"

_NOT_PARSED: Any = object()


class APIResponse(Generic[T]):
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

    def __repr__(self) -> str:
        # No query string: it may hold credentials.
        url = self.url.copy_with(query=None)
        method = self.http_response.request.method
        return f"<APIResponse [{self.status_code}] {method} {url}>"


def _with_raw_marker(kwargs: dict[str, Any]) -> None:
    kwargs["extra_headers"] = {
        **(kwargs.get("extra_headers") or {}),
        RAW_RESPONSE_HEADER: "true",
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
