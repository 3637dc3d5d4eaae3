"""Documents from where they live: an `http(s)://` URL (fetched with httpx2, kept in the per-user
cache with its ETag) and `-` (standard input), for generate, check and diff. A local HTTP
server stands in for the web."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Notes", "version": "1.0.0"},
    "servers": [{"url": "https://notes.example"}],
    "paths": {
        "/notes": {
            "get": {"operationId": "listNotes", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}},
        },
        "/notes/{id}": {
            "delete": {"operationId": "deleteNote", "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"204": {"description": "gone"}}},
        },
    },
}


class _Server:
    """Serves `body` at /openapi.json with an ETag, answers 304 to a matching If-None-Match,
    and remembers what it was asked."""

    def __init__(self) -> None:
        self.body = json.dumps(SPEC).encode()
        self.version = 1
        self.asked: list[tuple[str, str | None, int]] = []  # (path, If-None-Match, status)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server API)
                etag = f'"v{server.version}"'
                given = self.headers.get("If-None-Match")
                status = 404 if self.path != "/openapi.json" else 304 if given == etag else 200
                server.asked.append((self.path, given, status))
                self.send_response(status)
                if status == 200:
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", str(len(server.body)))
                    self.end_headers()
                    self.wfile.write(server.body)
                else:
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/openapi.json"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, spec: dict[str, Any]) -> None:
        self.body, self.version = json.dumps(spec).encode(), self.version + 1

    def stop(self) -> None:
        if self.thread.is_alive():
            self.http.shutdown()
            self.http.server_close()
            self.thread.join()


@pytest.fixture
def server() -> Iterator[_Server]:
    running = _Server()
    yield running
    running.stop()


def _cli(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLIENTSMITH_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CLIENTSMITH_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=tmp_path, env=env, input=stdin, capture_output=True, text=True)


def test_a_url_is_fetched_once_then_revalidated(tmp_path: Path, server: _Server) -> None:
    done = _cli(tmp_path, "generate", server.url, "-o", "out", "--package", "notes")
    assert done.returncode == 0, done.stderr
    assert server.asked == [("/openapi.json", None, 200)]
    assert "def delete" in (tmp_path / "out" / "notes" / "resources" / "notes.py").read_text(encoding="utf-8")
    done = _cli(tmp_path, "check", server.url, "-o", "out", "--package", "notes")
    assert done.returncode == 0 and server.asked[-1] == ("/openapi.json", '"v1"', 304)  # the copy, still current
    server.serve({**SPEC, "paths": {"/notes": SPEC["paths"]["/notes"]}})
    assert _cli(tmp_path, "check", server.url, "-o", "out", "--package", "notes").returncode == 1  # stale now
    assert server.asked[-1] == ("/openapi.json", '"v1"', 200)
    done = _cli(tmp_path, "diff", "out/tests/openapi.json", server.url)
    assert done.returncode == 4 and "client.notes.delete: method removed" in done.stdout


def test_a_url_that_cannot_be_fetched_is_one_line(tmp_path: Path, server: _Server) -> None:
    missing = server.url.replace("openapi.json", "nothing.json")
    done = _cli(tmp_path, "generate", missing, "-o", "out")
    assert done.returncode == 2 and done.stderr == f"clientsmith: {missing}: error: cannot fetch the document: HTTP 404 Not Found\n"
    server.stop()
    done = _cli(tmp_path, "generate", server.url, "-o", "out")  # nothing listens there now
    assert done.returncode == 2 and done.stderr.startswith(f"clientsmith: {server.url}: error: cannot fetch the document:")
    assert len(done.stderr.splitlines()) == 1 and not (tmp_path / "out").exists()


def test_a_copy_reads_no_file_beyond_its_folder(tmp_path: Path) -> None:
    """A document from stdin (or a URL) may not pull the user's files into the client."""
    (tmp_path / "private.yaml").write_text("get: {responses: {'200': {description: secret}}}\n", encoding="utf-8")
    spec = {**SPEC, "paths": {"/a": {"$ref": str(tmp_path / "private.yaml")}}}  # (a file that is there)
    done = _cli(tmp_path, "generate", "-", "-o", "out", stdin=json.dumps(spec))
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "leads outside the folder of" in done.stderr and "a copy of a document from a URL or stdin" in done.stderr
    assert not (tmp_path / "out").exists()


def test_standard_input(tmp_path: Path) -> None:
    done = _cli(tmp_path, "generate", "-", "-o", "out", "--package", "notes", stdin=json.dumps(SPEC))
    assert done.returncode == 0, done.stderr
    assert _cli(tmp_path, "check", "-", "-o", "out", "--package", "notes", stdin=json.dumps(SPEC)).returncode == 0
    done = _cli(tmp_path, "diff", "-", "out/tests/openapi.json", stdin=json.dumps({**SPEC, "paths": {"/notes": SPEC["paths"]["/notes"]}}))
    assert done.returncode == 0 and "compatible: client.notes.delete: new method" in done.stdout
