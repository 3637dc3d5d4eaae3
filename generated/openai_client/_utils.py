"""Small helpers the generated resources call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

__all__ = ["form_fields", "form_files", "path_param"]


def path_param(value: object) -> str:
    """A path parameter, percent-encoded so that `/`, `?` or `#` in it cannot change the URL."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if not text:
        raise ValueError("a path parameter cannot be empty")
    return quote(text, safe="")


def _is_file(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, tuple)) or hasattr(value, "read")


def _has_file(value: object) -> bool:
    return _is_file(value) or (
        isinstance(value, list) and any(_is_file(v) for v in value)
    )


def form_files(body: Mapping[str, object]) -> dict[str, Any]:
    """The files of a multipart body (bytes, file objects, (name, content[, type]) tuples)."""
    return {k: v for k, v in body.items() if _has_file(v)}


def form_fields(body: Mapping[str, object]) -> dict[str, object]:
    """The other fields of a multipart body, sent as form fields."""
    return {k: v for k, v in body.items() if not _has_file(v)}
