"""Fixtures of the generated tests: a validating mock transport and Prism, if installed.

The mock transport checks every request against the operation's schema in `openapi.json`
and answers with the response recorded in `cases.json`. Prism (npm @stoplight/prism-cli)
does the same from the spec itself; its tests skip when it is not installed, unless
CLIENTSMITH_REQUIRE_PRISM=1 makes its absence a failure.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx2
import jsonschema
import pytest
import referencing
from openapi_schema_validator import OAS30Validator, OAS31Validator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openai_client import AsyncClient, Client  # noqa: E402
from openai_client._base_client import AsyncAPIClient, SyncAPIClient  # noqa: E402

HERE = Path(__file__).parent
SPEC: dict[str, Any] = json.loads((HERE / "openapi.json").read_text(encoding="utf-8"))
CASES: dict[str, dict[str, Any]] = json.loads(
    (HERE / "cases.json").read_text(encoding="utf-8")
)


class MockServer:
    """An httpx2 transport that behaves like the API described by the spec."""

    def __init__(self) -> None:
        self.requests: list[httpx2.Request] = []
        self._failures: list[Callable[[httpx2.Request], httpx2.Response]] = []
        self._routes, self._registry, self._validator = _shared()

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self.handle)

    def fail_next(self, status: int, times: int = 1, **kwargs: Any) -> None:
        for _ in range(times):
            self._failures.append(
                lambda request: httpx2.Response(status, request=request, **kwargs)
            )

    def raise_next(self, error: Exception, times: int = 1) -> None:
        def fail(request: httpx2.Request) -> httpx2.Response:
            raise error

        self._failures.extend([fail] * times)

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if self._failures:
            return self._failures.pop(0)(request)
        cases = self._route(request)
        if not cases:
            return _problem(404, f"no route for {request.method} {request.url.path}")
        # Paths that differ only in their parameters' names (`/{a}/x` and `/{b}/x`) are
        # one route: the request is for the one its test names, else the first it fits.
        named = request.headers.get("X-Clientsmith-Route")
        cases = [c for c in cases if c["path"] == named] or cases
        problems = []
        for case in cases:
            found = self._check(request, case)
            if not found:
                return _answer(case, request)
            problems = problems or found
        return _problem(422, "; ".join(problems))

    def _route(self, request: httpx2.Request) -> list[dict[str, Any]]:
        # decoded, but a `/` inside a parameter (%2F) is no separator
        raw = request.url.raw_path.decode("ascii").split("?")[0]
        method, path = request.method.lower(), unquote(
            raw.replace("%2F", "%252F").replace("%2f", "%252f")
        )
        return self._routes.matching(method, path)

    def _check(self, request: httpx2.Request, case: dict[str, Any]) -> list[str]:
        problems = [
            f"missing header {h}"
            for h in case["required_headers"]
            if h not in request.headers
        ]
        problems += [
            f"query {key}={value} not sent"
            for key, value in case["query"]
            if value not in request.url.params.get_list(key)
        ]
        problems += [
            f"header {key}: {value} not sent"
            for key, value in case["headers"]
            if request.headers.get(key) != value
        ]
        sent = request.headers.get("content-type", "")
        if sent and case["body_media"] and not _media_matches(sent, case["body_media"]):
            problems.append(f"body sent as {sent!r}, not {case['body_media']!r}")
        if not request.content:  # an optional body left out is not sent at all
            media = (case["body_media"] or "").split(";")[0].strip()
            # a form without fields is an empty text
            empty_form = media == "application/x-www-form-urlencoded"
            if case["body_required"] and not empty_form:
                return [*problems, "no body"]
            return problems
        if case["body_schema"] is None or sent.startswith("multipart/"):
            return problems  # the schema is that of a JSON body
        try:
            body = json.loads(request.content)
        except ValueError:
            return [*problems, "body is not JSON"]
        schema = {"$ref": "urn:spec#" + case["body_schema"]}
        validator = self._validator(schema, registry=self._registry)
        for error in validator.iter_errors(body):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"body/{where}: {error.message}")
        return problems


def _media_matches(sent: str, expected: str) -> bool:
    """Whether the media type sent is the one expected, or in its range (`image/*`)."""
    # (spaces and parameters stripped: documents misspell some)
    kind, _, sub = expected.split(";")[0].strip().partition("/")
    sent_kind, _, sent_sub = sent.split(";")[0].strip().partition("/")
    return kind in ("*", sent_kind) and sub in ("*", sent_sub)


def _answer(case: dict[str, Any], request: httpx2.Request) -> httpx2.Response:
    kind, status = case["kind"], case["status"]
    if kind == "binary":
        return httpx2.Response(
            status,
            content=b"\x00binary",
            headers={"content-type": "application/octet-stream"},
            request=request,
        )
    if kind == "text":
        return httpx2.Response(status, text="text", request=request)
    if kind == "stream":
        events = f"data: {json.dumps(case['response'])}\n\ndata: [DONE]\n\n"
        return httpx2.Response(
            status,
            content=events.encode(),
            headers={"content-type": "text/event-stream"},
            request=request,
        )
    if kind == "none":
        return httpx2.Response(status, request=request)
    return httpx2.Response(  # (`json=None` would send no body, not `null`)
        status,
        content=json.dumps(case["response"]).encode(),
        headers={"content-type": "application/json"},
        request=request,
    )


class Routes:
    """The operations' paths, in the order they are tried: a literal segment before a
    template at its place (/pets/mine before /pets/{id}), the longer literal first
    (/jobs/{id}:cancel before /jobs/{id}). A path parameter holds no `/`, so a request
    can match only routes of its method with as many `/` and the same first segment,
    then those with a parameter there (which the order puts after them): only these two
    groups are searched, their patterns compiled when first needed, so that an API of
    thousands of operations tests as fast as a small one."""

    def __init__(self, cases: list[dict[str, Any]]) -> None:
        self._groups: dict[tuple[str, int, str | None], list[dict[str, Any]]] = {}
        ordered = sorted(cases, key=lambda c: _specificity(c["path"]))
        for case in ordered:
            first = _first_segment(case["path"])
            key = (
                case["method"],
                case["path"].count("/"),
                None if "{" in first else first,
            )
            self._groups.setdefault(key, []).append(case)
        self._compiled: dict[tuple[str, int, str | None], Compiled] = {}

    def matching(self, method: str, path: str) -> list[dict[str, Any]]:
        count = path.count("/")
        found = [
            *self._group((method, count, _first_segment(path))),
            *self._group((method, count, None)),
        ]
        return [case for regex, case in found if regex.fullmatch(path)]

    def _group(self, key: tuple[str, int, str | None]) -> Compiled:
        if key not in self._compiled:
            self._compiled[key] = [
                (re.compile(_path_regex(case["path"])), case)
                for case in self._groups.get(key, [])
            ]
        return self._compiled[key]


Compiled = list[tuple[re.Pattern[str], dict[str, Any]]]


def _first_segment(path: str) -> str:
    return path.split("/", 2)[1] if "/" in path else ""


@functools.cache
def _shared() -> tuple[Routes, referencing.Registry[Any], Any]:
    """What every test's mock server reads alike, built once: the routes, the spec."""
    routes = Routes(list(CASES.values()))
    validator = (
        OAS31Validator
        if str(SPEC.get("openapi", "")).startswith("3.1")
        else OAS30Validator
    )
    resource = referencing.Resource.from_contents(
        SPEC, default_specification=referencing.jsonschema.DRAFT202012
    )
    registry = referencing.Registry().with_resource("urn:spec", resource)
    # oneOf checked as anyOf (a discriminator still picks the member): documents
    # often list members that one value matches several of, so that no value at all
    # is valid; the client's unions take any member, exclusivity is the server's rule.
    # A request body, as a server reads it: a property only the server writes (readOnly)
    # is neither required nor welcome.
    properties = validator.VALIDATORS["properties"]

    def properties_of_writer(
        validator: Any, props: Any, instance: Any, schema: dict[str, Any]
    ) -> Iterator[jsonschema.ValidationError]:
        yield from properties(validator, props, instance, schema)
        if validator.is_type(instance, "object") and isinstance(props, dict):
            for name in props:
                if name in instance and _read_only(props[name]):
                    yield jsonschema.ValidationError(f"{name!r} is readOnly: sent")

    extended = jsonschema.validators.extend(
        validator,
        {
            "oneOf": validator.VALIDATORS["anyOf"],
            "required": _required_of_writer,
            "properties": properties_of_writer,
        },
    )
    return routes, registry, extended


def _read_only(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("readOnly") is True


def _required_of_writer(
    validator: Any, required: Any, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if not validator.is_type(instance, "object") or not isinstance(required, list):
        return
    properties = schema.get("properties")
    for name in required:
        prop = properties.get(name) if isinstance(properties, dict) else None
        if name not in instance and not _read_only(prop):
            yield jsonschema.ValidationError(f"{name!r} is a required property")


def _specificity(template: str) -> list[tuple[bool, int]]:
    return [
        ("{" in part, -len(re.sub(r"\{[^}]*\}", "", part)))
        for part in template.split("/")
    ]


def _path_regex(template: str) -> str:
    return re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))


def _problem(status: int, detail: str) -> httpx2.Response:
    return httpx2.Response(
        status, json={"error": {"message": detail, "type": "mock_error"}}
    )


@pytest.fixture
def mock() -> MockServer:
    return MockServer()


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries wait for real in production; here they record how long they would."""
    slept: list[float] = []

    async def async_sleep(self: object, seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(
        SyncAPIClient, "_sleep", lambda self, seconds: slept.append(seconds)
    )
    monkeypatch.setattr(AsyncAPIClient, "_sleep", async_sleep)
    return slept


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    executable = os.environ.get("PRISM_BIN") or shutil.which("prism")
    if not executable:
        if os.environ.get("CLIENTSMITH_REQUIRE_PRISM"):
            pytest.fail(
                "Prism is required (CLIENTSMITH_REQUIRE_PRISM) but neither PRISM_BIN"
                " nor prism is on PATH"
            )
        pytest.skip(
            "Prism mock server not installed (npm @stoplight/prism-cli);"
            " set PRISM_BIN to run these"
        )
    # The log is read through a file of its own: a shared one would share its offset
    # with Prism, whose writes would then land wherever the last read left it.
    with (
        tempfile.TemporaryDirectory() as folder,
        open(Path(folder) / "prism.log", "wb") as log,
    ):
        process = subprocess.Popen(
            # No --errors: an example in the spec that breaks its own schema is the
            # spec's problem, not the client's; a request that breaks it is still a 422.
            [
                executable,
                "mock",
                str(HERE / "openapi.json"),
                "-h",
                "127.0.0.1",
                "-p",
                "0",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield _wait_for_prism(process, Path(log.name))
        finally:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for_prism(process: subprocess.Popen[bytes], log: Path) -> str:
    # Prism reads the whole document before it listens: seconds for a large one on a
    # quiet machine, minutes on a loaded one. Waiting longer costs nothing when it
    # starts sooner.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        # A read can end inside a character Prism is still writing.
        text = log.read_bytes().decode("utf-8", "replace")
        found = re.search(r"Prism is listening on (http://127\.0\.0\.1:\d+)", text)
        if found:
            return found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    pytest.fail(
        "Prism did not start:\n" + log.read_bytes().decode("utf-8", "replace")[-2000:]
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "shadowed_by(operation): an earlier path is this test's with other parameter"
        " names, and a server answers as that operation",
    )


@pytest.fixture(params=["mock", "prism"])
def backend(request: pytest.FixtureRequest, mock: MockServer) -> dict[str, Any]:
    """How to reach the API: the mock transport, or a Prism server on localhost."""
    if request.param == "mock":
        return {"base_url": "http://mock.test", "transport": mock.transport()}
    shadowed = request.node.get_closest_marker("shadowed_by")
    if shadowed is not None:
        pytest.skip(
            f"Prism answers as {shadowed.args[0]}: its path is this one with other"
            " parameter names, which OpenAPI forbids (no server can tell them apart)"
        )
    return {"base_url": request.getfixturevalue("prism_url"), "transport": None}


@pytest.fixture
def client(backend: dict[str, Any]) -> Iterator[Client]:
    http_client = (
        httpx2.Client(transport=backend["transport"]) if backend["transport"] else None
    )
    with Client(
        api_key="test-api-key",
        base_url=backend["base_url"],
        http_client=http_client,
        max_retries=0,
    ) as c:
        yield c


@pytest.fixture
def make_async_client(backend: dict[str, Any]) -> Callable[[], AsyncClient]:
    """A factory: an async client must be made inside the event loop that uses it."""

    def make() -> AsyncClient:
        transport = backend["transport"]
        http_client = httpx2.AsyncClient(transport=transport) if transport else None
        return AsyncClient(
            api_key="test-api-key",
            base_url=backend["base_url"],
            http_client=http_client,
            max_retries=0,
        )

    return make


@pytest.fixture
def mock_client(mock: MockServer) -> Iterator[Client]:
    with Client(
        api_key="test-api-key",
        base_url="http://mock.test",
        http_client=httpx2.Client(transport=mock.transport()),
    ) as c:
        yield c
