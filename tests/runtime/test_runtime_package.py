"""The runtime as a whole: self-contained, typed (mypy --strict), black-clean."""

from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.runtime._models import BaseModel

REPO_ROOT = Path(__file__).resolve().parents[2]
RUNTIME = REPO_ROOT / "generator" / "runtime"
RUNTIME_FILES = sorted(p for p in RUNTIME.glob("*.py") if p.name != "__init__.py")
ALLOWED_THIRD_PARTY = {"httpx2", "pydantic", "anyio"}

# Shaped like generated code: mypy must type ``with_raw_response`` precisely
# (the ``type: ignore`` comments must be needed: --strict warns otherwise).
TYPED_SAMPLE = """
from __future__ import annotations

from typing import cast

from generator.runtime._base_client import AsyncAPIClient, SyncAPIClient
from generator.runtime._models import BaseModel
from generator.runtime._pagination import SyncCursorPage
from generator.runtime._response import (
    APIResponse,
    async_to_raw_response_wrapper,
    to_raw_response_wrapper,
)
from generator.runtime._types import NOT_GIVEN, Headers, NotGiven, Timeout


class Thing(BaseModel):
    id: str


class Things:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def create(
        self,
        *,
        x: int,
        extra_headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Thing:
        return cast(
            Thing,
            self._client.request(
                Thing,
                "post",
                "/things",
                json={"x": x},
                options={"extra_headers": extra_headers, "timeout": timeout},
            ),
        )

    def list(self) -> SyncCursorPage[Thing]:
        return cast(
            SyncCursorPage[Thing],
            self._client.request(Thing, "get", "/things", page_cls=SyncCursorPage),
        )

    @property
    def with_raw_response(self) -> ThingsWithRawResponse:
        return ThingsWithRawResponse(self)


class ThingsWithRawResponse:
    def __init__(self, things: Things) -> None:
        self.create = to_raw_response_wrapper(things.create)


class AsyncThings:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def create(self, *, x: int) -> Thing:
        return cast(Thing, await self._client.request(Thing, "post", "/things"))


async def use_async(client: AsyncAPIClient) -> None:
    raw = await async_to_raw_response_wrapper(AsyncThings(client).create)(x=1)
    thing: Thing = raw.parse()
    print(thing.id)


def use(client: SyncAPIClient) -> None:
    things = Things(client)
    raw: APIResponse[Thing] = things.with_raw_response.create(x=1)
    thing: Thing = raw.parse()
    wrong: APIResponse[str] = things.with_raw_response.create(x=1)  # type: ignore[assignment]
    things.with_raw_response.create(x="1")  # type: ignore[arg-type]
    for item in things.list():
        print(item.id, thing.id, wrong)
    with client.with_options(max_retries=0) as other:
        print(other.is_closed(), raw.status_code)
"""


def run_mypy(*targets: str, cwd: Path, cache: Path) -> None:
    env = {**os.environ, "MYPYPATH": str(REPO_ROOT)}
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache)]
    result = subprocess.run(
        [*command, *targets], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict(tmp_path: Path) -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed in this environment")
    run_mypy("generator/runtime", cwd=REPO_ROOT, cache=tmp_path / "cache")
    sample = tmp_path / "typed_sample.py"
    sample.write_text(TYPED_SAMPLE)
    run_mypy(str(sample), cwd=tmp_path, cache=tmp_path / "cache")


def test_black_formatted() -> None:
    black = shutil.which("black", path=str(Path(sys.executable).parent))
    if black is None and importlib.util.find_spec("black") is None:
        pytest.skip("black is not installed in this environment")
    paths = [str(RUNTIME), str(Path(__file__).parent)]
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", *paths],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", RUNTIME_FILES, ids=lambda p: p.name)
def test_imports_stdlib_httpx2_pydantic_and_relative_only(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules = [node.module or ""]
        else:
            continue
        for module in modules:
            top = module.partition(".")[0]
            assert (
                top in sys.stdlib_module_names
                or top in ALLOWED_THIRD_PARTY
                or top == "__future__"
            ), f"{path.name} imports {module}"


def test_works_when_copied_into_a_package(tmp_path: Path) -> None:
    # What the generator does: copy every file but __init__.py.
    package = tmp_path / "somepkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for path in RUNTIME_FILES:
        shutil.copy(path, package / path.name)
    script = textwrap.dedent("""
        import logging, sys
        sys.modules.pop("generator", None)
        from somepkg._base_client import SyncAPIClient, log
        from somepkg._models import BaseModel, parse_response
        assert log.name == "somepkg", log.name
        assert "generator" not in sys.modules
        class M(BaseModel):
            a: int
        assert parse_response(M, {"a": "x"}).a == "x"
        """)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_no_generic_api_names() -> None:
    for path in RUNTIME_FILES:
        text = path.read_text().lower()
        assert "openai" not in text, path.name


def test_base_model_has_no_validators_on_the_fast_path() -> None:
    # Leniency must not cost anything when the response is valid (see _models).
    decorators = BaseModel.__pydantic_decorators__
    assert not decorators.field_validators and not decorators.model_validators
