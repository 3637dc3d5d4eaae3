"""Small helpers the generated resources call."""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["path_param"]


def path_param(value: object) -> str:
    """A path parameter, percent-encoded so that `/`, `?` or `#` in it cannot change the URL."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if not text:
        raise ValueError("a path parameter cannot be empty")
    return quote(text, safe="")
