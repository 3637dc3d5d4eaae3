"""Small helpers the generated resources call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from ._encoding import cookie_header, path_value, styled
from ._types import NOT_GIVEN, NotGiven

__all__ = ["cookies", "form_fields", "form_files", "path_param", "styled"]


def path_param(
    value: object,
    style: str = "simple",
    explode: bool = False,
    name: str = "",
    *,
    reserved: bool = False,
) -> str:
    """A path parameter in its OpenAPI style, percent-encoded so that `/`, `?` or `#` in
    it cannot change the URL (`reserved`: a piece of path, whose `/` stays)."""
    text = path_value(value, style, explode, name, reserved)
    if not text:
        raise ValueError("a path parameter cannot be empty")
    return text


def cookies(values: Mapping[str, object]) -> str | NotGiven:
    """Cookie parameters as one Cookie header (left out when none is given)."""
    return cookie_header(values) or NOT_GIVEN


def _is_file(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, tuple)) or hasattr(value, "read")


def _has_file(value: object) -> bool:
    return _is_file(value) or (
        isinstance(value, list) and any(_is_file(v) for v in value)
    )


def form_files(body: object) -> dict[str, Any] | None:
    """The files of a multipart body (bytes, file objects, (name, content[, type])
    tuples); None when no body is given: an optional body left out is not sent."""
    fields = _form_body(body)
    return None if fields is None else {k: v for k, v in fields.items() if _has_file(v)}


def form_fields(body: object) -> dict[str, object] | None:
    """The other fields of a multipart body, sent as form fields (None: no body)."""
    fields = _form_body(body)
    return (
        None
        if fields is None
        else {k: v for k, v in fields.items() if not _has_file(v)}
    )


def _form_body(body: object) -> Mapping[str, object] | None:
    """A multipart body as a mapping: a dict as it is, a model as its wire fields."""
    if body is None or isinstance(body, NotGiven):
        return None
    dump = getattr(body, "model_dump", None)
    if dump is not None:
        return cast("Mapping[str, object]", dump(by_alias=True, exclude_unset=True))
    return cast("Mapping[str, object]", body)
