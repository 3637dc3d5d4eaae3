"""Small shared types: the NOT_GIVEN sentinel, request options and file types."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Annotated, Any, Literal, TypedDict

import httpx2
from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

__all__ = [
    "NOT_GIVEN",
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


class _AcceptAsIs:
    """Pydantic marker: accept the value unvalidated.

    File objects cannot be validated (``typing.IO`` is not a runtime base class
    of real files), and they must reach the multipart encoder untouched.
    """

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.any_schema()


FileContent = IO[bytes] | bytes
# The marker only matters to pydantic (request TypedDicts); type checkers see
# the plain union.
FileTypes = Annotated[
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None],
    _AcceptAsIs,
]
