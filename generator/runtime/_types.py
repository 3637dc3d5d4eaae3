"""Small shared types: the NOT_GIVEN sentinel, request options and file types."""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterable, Mapping
from typing import IO, Annotated, Any, Literal, TypedDict

import httpx2
from pydantic import PlainValidator

__all__ = [
    "NOT_GIVEN",
    "BinaryContent",
    "Body",
    "FileContent",
    "FileTypes",
    "Headers",
    "NotGiven",
    "Query",
    "RequestOptions",
    "Timeout",
]


class NotGiven:
    """Marks an argument the caller omitted: it is not sent at all.

    An explicit ``None`` is different: it is sent (as JSON ``null``).
    """

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

Headers = Mapping[str, str]
Query = Mapping[str, object]
Body = object
Timeout = float | httpx2.Timeout | None


class RequestOptions(TypedDict, total=False):
    """Per-request overrides accepted by every generated method."""

    extra_headers: Headers | None
    extra_query: Query | None
    extra_body: Body | None
    timeout: Timeout | NotGiven


# A raw request body: bytes, a file (read in chunks, from where it stands) or an
# iterator of chunks, sent as a stream.
BinaryContent = bytes | IO[bytes] | Iterable[bytes] | AsyncIterable[bytes]


def _as_is(value: Any) -> Any:
    return value


FileContent = IO[bytes] | bytes
# PlainValidator(_as_is): pydantic (validating request TypedDicts) accepts
# files unvalidated, as ``typing.IO`` is no runtime base class of real files;
# type checkers see the plain union.
FileTypes = Annotated[
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None],
    PlainValidator(_as_is),
]
