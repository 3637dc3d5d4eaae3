"""Documents that are not files yet: an `https://` (or `http://`) URL, or `-` for standard
input, made a local file before the pipeline reads it.

A URL is fetched with httpx2 and kept in the per-user cache with its ETag: the next run asks
the server whether it changed (`If-None-Match`) and reads the copy when it did not. Without a
network the run stops with one line (a stale copy is not used silently: CI would generate from
a document it was not given). A document from a URL or stdin stands alone: its relative refs
would point next to the copy.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from generator import cache
from generator.diagnostics import Diagnostic, GenerationError, Location

_TIMEOUT = 30.0


def is_url(spec: str) -> bool:
    return spec.startswith(("https://", "http://"))


def from_url(url: str, scratch: Path) -> Path:
    """The document at `url` as a local file: the cache's copy, or one under `scratch`."""
    import httpx2  # (only a URL needs it)

    folder = cache.subfolder("specs")
    entry = (folder / cache.key(url)) if folder is not None else scratch / "url"
    body = entry / _file_name(url)
    etag_file = entry / "etag"
    headers = {}
    if body.is_file() and etag_file.is_file():
        headers["If-None-Match"] = etag_file.read_text(encoding="utf-8").strip()
    try:
        response = httpx2.get(url, headers=headers, follow_redirects=True, timeout=_TIMEOUT)
    except httpx2.HTTPError as exc:
        raise _error(url, f"cannot fetch the document: {type(exc).__name__}: {exc}") from None
    if response.status_code == 304 and headers:
        return body
    if response.status_code >= 400:
        raise _error(url, f"cannot fetch the document: HTTP {response.status_code} {response.reason_phrase}")
    entry.mkdir(parents=True, exist_ok=True)
    _replace(body, response.content)
    etag = response.headers.get("etag")
    if etag:
        _replace(etag_file, etag.encode("utf-8"))
    elif etag_file.exists():
        etag_file.unlink()
    return body


def from_stdin(scratch: Path) -> Path:
    data = sys.stdin.buffer.read()
    scratch.mkdir(parents=True, exist_ok=True)
    path = scratch / ("stdin.json" if data.lstrip().startswith(b"{") else "stdin.yaml")
    path.write_bytes(data)
    return path


def _file_name(url: str) -> str:
    """The URL's last segment when it says what the document is written in (the loader goes
    by the suffix), else `openapi.yaml` (YAML reads JSON too)."""
    name = PurePosixPath(urlsplit(url).path).name
    return name if name.endswith((".json", ".yaml", ".yml")) and name.isprintable() and "\\" not in name else "openapi.yaml"


def _replace(path: Path, data: bytes) -> None:
    """Whole or not at all: a run stopped halfway leaves the earlier copy."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".fetch-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _error(url: str, message: str) -> GenerationError:
    return GenerationError([Diagnostic(message, Location(url))])
