"""Generate, import and run: the generated package's own tests, mypy, and the CLI's check mode.

The generated tests run against the validating mock transport, and also against Prism when
it is installed (PRISM_BIN or `prism` on PATH); CI installs it and sets
CLIENTSMITH_REQUIRE_PRISM=1 so that those tests cannot silently skip there.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import GOLDEN, ROOT, generate, prism_available, run_generated_tests, run_mypy, spec_of
from generator.cli import main

SPECS = {
    "threads": ROOT / "specs" / "threads.yaml",
    "constructs": GOLDEN / "constructs" / "spec.yaml",
    "petstore30": GOLDEN / "petstore30" / "spec.yaml",
    "multifile": GOLDEN / "multifile" / "spec.yaml",
    "swagger2": GOLDEN / "swagger2" / "spec.yaml",
    "media": GOLDEN / "media" / "spec.yaml",
    "auth": GOLDEN / "auth" / "spec.yaml",
    "params": GOLDEN / "params" / "spec.yaml",
}


@pytest.fixture(scope="module", params=sorted(SPECS))
def package(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp(request.param) / "out"
    assert generate(SPECS[request.param], out, request.param) == 0
    return out, request.param


def test_generated_tests_pass(package: tuple[Path, str]) -> None:
    out, _ = package
    result = run_generated_tests(out, "-rs")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
    if prism_available() or os.environ.get("CLIENTSMITH_REQUIRE_PRISM"):
        # (but where Prism answers as an earlier path: see the test of that below)
        skipped = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
        assert all("Prism answers as" in line for line in skipped), result.stdout[-2000:]
        assert "[prism]" in run_generated_tests(out, "--collect-only").stdout


def test_generated_package_passes_mypy_strict(package: tuple[Path, str]) -> None:
    out, name = package
    result = run_mypy(out, name)
    assert result.returncode == 0, result.stdout[-4000:]


def test_importing_the_client_never_imports_the_generator(package: tuple[Path, str]) -> None:
    out, name = package
    code = (
        f"import sys; import {name}; from {name} import Client;"
        f"import importlib, pkgutil, {name}.types as t;"
        "indexes = [t] + [importlib.import_module(m.name) for m in pkgutil.walk_packages(t.__path__, t.__name__ + '.') if m.ispkg];"
        "[getattr(i, n) for i in indexes for n in getattr(i, '__all__', [])];"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('generator', 'jinja2', 'black', 'yaml'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(out)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_body_offered_as_json_and_multipart_is_json_unless_a_file_is_given(tmp_path: Path) -> None:
    out, name = tmp_path / "out", "constructs"  # POST /pets/{pet_id}/photos offers both
    assert generate(SPECS[name], out, name) == 0
    code = f"""
import httpx2, json
from {name} import Client
sent = []
def answer(request):
    sent.append((request.headers["content-type"], request.content))
    return httpx2.Response(204)
client = Client(api_key="k", http_client=httpx2.Client(transport=httpx2.MockTransport(answer)))
client.pets.photos("p1", photo={{"url": "https://x/cat.png"}}, caption="hi")
client.pets.photos("p1", photo=("cat.png", b"PNG", "image/png"), caption="hi")
(json_type, json_body), (form_type, form_body) = sent
assert json_type == "application/json", json_type
assert json.loads(json_body) == {{"photo": {{"url": "https://x/cat.png"}}, "caption": "hi"}}
assert form_type.startswith("multipart/form-data"), form_type
assert b'name="photo"; filename="cat.png"' in form_body and b'name="caption"' in form_body
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(out)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_base_that_others_extend_answers_its_subtypes_and_takes_them_as_bodies(tmp_path: Path) -> None:
    """swagger2's Animal has a discriminator, and Bird and Fish extend it (allOf): an answer
    typed Animal is a Bird, a Fish (Azure's `x-ms-discriminator-value: fish`) or, for any
    other kind, an Animal; a Fish that lacks a required field is still a Fish (the lenient
    path follows the tag). A body of a union of classes takes a model, sent as its fields,
    and is checked before it is sent (constructs' toys: a model raised TypeError there)."""
    for name in ("swagger2", "constructs"):
        assert generate(SPECS[name], tmp_path / name, name) == 0
    code = """
import httpx2, json
import swagger2, constructs
from swagger2.types.animals import Animal, Bird, Fish
from swagger2._exceptions import RequestValidationError
from constructs.types.toys import Ball
sent = []
def answer(request):
    sent.append(json.loads(request.content) if request.content else None)
    animals = [{"name": "a", "kind": "Bird", "wingspan": 1.5}, {"name": "b", "kind": "fish", "water": "salt"},
               {"name": "c", "kind": "lion"}, {"name": "d", "kind": "fish"}]
    return httpx2.Response(200, json=animals if request.method == "GET" else animals[1])
def client(package):
    return package.Client(api_key="k", http_client=httpx2.Client(transport=httpx2.MockTransport(answer)))
found = client(swagger2).animals.list()
assert [type(a) for a in found] == [Bird, Fish, Animal, Fish], found
assert found[1].water == "salt" and found[3].water is None
made = client(swagger2).animals.create(body=Fish(name="n", kind="fish", water="fresh"))
assert type(made) is Fish and sent[-1] == {"name": "n", "kind": "fish", "water": "fresh"}, sent
try:
    client(swagger2).animals.create(body={"name": "n"})
except RequestValidationError as exc:
    assert "kind" in str(exc), exc
else:
    raise AssertionError("a body without its required kind was sent")
client(constructs).toys.create(body=Ball(size=3))
assert sent[-1] == {"size": 3}, sent
"""
    path = os.pathsep.join(str(tmp_path / name) for name in ("swagger2", "constructs"))
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": path})
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_pageable_list_walks_its_pages_by_their_links(tmp_path: Path) -> None:
    """swagger2's keepers (Azure's x-ms-pageable): iterating the page walks every page by
    the link each one gives, sync and async; `data` is the first page's items."""
    assert generate(SPECS["swagger2"], tmp_path / "out", "swagger2") == 0
    code = """
import asyncio, httpx2
import swagger2
from swagger2.types import Keeper
def answer(request):
    if "page=2" in str(request.url):
        return httpx2.Response(200, json={"value": [{"name": "c"}]})
    return httpx2.Response(200, json={"value": [{"name": "a"}, {"name": "b"}], "nextLink": str(request.url) + "?page=2"})
client = swagger2.Client(api_key="k", http_client=httpx2.Client(transport=httpx2.MockTransport(answer)))
page = client.keepers.list()
assert [k.name for k in page.data] == ["a", "b"] and all(isinstance(k, Keeper) for k in page.data)
assert [k.name for k in page] == ["a", "b", "c"]
async def walk():
    async with swagger2.AsyncClient(api_key="k", http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(answer))) as client:
        return [k.name async for k in await client.keepers.list()]
assert asyncio.run(walk()) == ["a", "b", "c"]
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(tmp_path / "out")})
    assert result.returncode == 0, result.stdout + result.stderr


def test_closed_parameters_refuse_unknown_keys_in_both_typeddict_forms(tmp_path: Path) -> None:
    """NewPet (additionalProperties: false) needs the functional TypedDict form for its key
    `class`; its checks must forbid extra keys as the class form's `with_config` does."""
    out = tmp_path / "out"
    assert generate(SPECS["constructs"], out, "constructs") == 0
    code = """
from constructs._exceptions import RequestValidationError
from constructs._models import validate_params
from constructs.types.pets import NewPetParam
assert validate_params(NewPetParam, {"name": "Rex", "kind": "dog", "class": "a"}) == {"name": "Rex", "kind": "dog", "class": "a"}
try:
    validate_params(NewPetParam, {"name": "Rex", "kind": "dog", "colour": "brown"})
except RequestValidationError as exc:
    assert "colour" in str(exc), exc
else:
    raise AssertionError("an unknown key was accepted")
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(out)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_threads_client_type_checks_plain_dicts_and_catches_typos(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(SPECS["threads"], out, "threads") == 0
    (out / "usage.py").write_text(
        "from threads import Client\n"
        "from threads.types import CreateMessageRequest\n"
        "client = Client(api_key='k')\n"
        "client.threads.create(messages=[{'role': 'user', 'content': 'Hello'}], metadata={'k': 'v'})\n"
        "client.threads.create(messages=[CreateMessageRequest(role='assistant', content='Hi')])\n"
    )
    (out / "typos.py").write_text(
        "from threads import Client\n"
        "client = Client(api_key='k')\n"
        "client.threads.create(messages=[{'role': 'user', 'contnet': 'Hello'}])\n"
        "client.threads.create(messages=[{'role': 'system', 'content': 'Hello'}])\n"
    )
    good = subprocess.run([sys.executable, "-m", "mypy", "--strict", "usage.py"], cwd=out, capture_output=True, text=True)
    assert good.returncode == 0, good.stdout
    bad = subprocess.run([sys.executable, "-m", "mypy", "--strict", "typos.py"], cwd=out, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "typos.py:3" in bad.stdout and "typos.py:4" in bad.stdout, bad.stdout


def test_check_fails_until_a_spec_change_is_generated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "threads.yaml"
    spec.write_text(SPECS["threads"].read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert generate(spec, out, "threads") == 0
    args = ["check", str(spec), "-o", str(out), "--package", "threads"]
    assert main(args) == 0

    text = spec.read_text(encoding="utf-8")
    edited = text.replace("Create a thread.", "Create a brand-new thread.", 1)
    assert edited != text
    spec.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 1
    diff = capsys.readouterr().out
    assert '+        """Create a brand-new thread.' in diff

    assert generate(spec, out, "threads") == 0
    assert main(args) == 0
    resource = (out / "threads" / "resources" / "threads.py").read_text(encoding="utf-8")
    assert "Create a brand-new thread." in resource


def test_adding_a_field_changes_the_model(tmp_path: Path) -> None:
    spec = tmp_path / "threads.yaml"
    text = SPECS["threads"].read_text(encoding="utf-8")
    extra = "        colour:\n          type: string\n          description: A new field.\n"
    start = text.index("    ThreadObject:")
    props = text.index("      properties:\n", start) + len("      properties:\n")
    spec.write_text(text[:props] + extra + text[props:], encoding="utf-8")
    out = tmp_path / "out"
    assert generate(spec, out, "threads") == 0
    model = (out / "threads" / "types" / "thread_object.py").read_text(encoding="utf-8")
    assert "colour: str | None = None" in model
    assert '"""A new field."""' in model


def test_repository_generated_folder_is_up_to_date() -> None:
    """What CI's `clientsmith check` does, as a test, from the project's own config."""
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_check_and_generate_notice_a_hand_edit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The manifest lets an unchanged run skip work, but never over a file edited by hand:
    `check` shows the edit, `generate` keeps it (exit 1) unless told to `--overwrite`."""
    out = tmp_path / "out"
    assert generate(SPECS["threads"], out, "threads") == 0
    args = ["check", str(SPECS["threads"]), "-o", str(out), "--package", "threads"]
    assert main(args) == 0
    edited = out / "threads" / "_types.py"
    original = edited.read_text(encoding="utf-8")
    edited.write_text(original + "# edited by hand\n", encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 1
    assert "-# edited by hand" in capsys.readouterr().out
    assert generate(SPECS["threads"], out, "threads") == 1
    assert "_types.py: error: edited by hand" in capsys.readouterr().err
    assert edited.read_text(encoding="utf-8") == original + "# edited by hand\n"
    assert main(args) == 1
    assert generate(SPECS["threads"], out, "threads", "--overwrite") == 0
    assert edited.read_text(encoding="utf-8") == original
    assert main(args) == 0


def test_timings_name_every_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(SPECS["threads"]), "-o", str(out), "--package", "threads", "--timings"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("clientsmith: stages: ")]
    assert len(lines) == 1
    stages = dict(part.rsplit(" ", 2)[:2] for part in lines[0].removeprefix("clientsmith: stages: ").split(", "))
    assert list(stages) == ["load", "validate", "repair", "ir", "examples", "render", "format", "warnings", "write", "memos"]
    assert all(float(seconds) >= 0 for seconds in stages.values())
    assert main(["generate", str(SPECS["threads"]), "-o", str(out), "--package", "threads"]) == 0
    assert "stages:" not in capsys.readouterr().err  # only when asked


def test_timings_count_the_making_of_example_values_apart_from_the_model(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`examples` is the time spent making the tests' and docstrings' example values, and
    `ir` no longer counts it: one value made slow shows in the first, not the second."""
    from generator.ir import examples

    made, calls = examples.ExampleMaker._value, []

    def slow(self: examples.ExampleMaker, *args: Any) -> Any:
        if not calls:
            time.sleep(0.3)
        calls.append(args)
        return made(self, *args)

    monkeypatch.setattr(examples.ExampleMaker, "_value", slow)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")  # (a memo would keep the values an earlier test made)
    out = tmp_path / "out"
    assert main(["generate", str(SPECS["threads"]), "-o", str(out), "--package", "threads", "--timings"]) == 0
    line = next(x for x in capsys.readouterr().err.splitlines() if x.startswith("clientsmith: stages: "))
    stages = {name: float(seconds) for name, seconds, _ in (part.rsplit(" ", 2) for part in line.removeprefix("clientsmith: stages: ").split(", "))}
    assert calls
    assert stages["examples"] >= 0.3
    assert stages["ir"] < 0.3


def test_the_mocks_routes_find_what_a_search_of_every_route_in_order_finds(tmp_path: Path) -> None:
    """The generated tests' mock groups routes (method, number of `/`, first segment) so that
    a big API's requests do not each try every path: the routes it finds, and their order,
    must be those of a plain search through all of them."""
    import importlib.util
    import random
    import re

    spec = importlib.util.spec_from_file_location("generated_conftest", ROOT / "generated" / "tests" / "conftest.py")
    assert spec is not None and spec.loader is not None
    conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conftest)
    templates = [
        "/", "/pets", "/pets/mine", "/pets/{id}", "/pets/{id}:cancel", "/{owner}/mine", "/{owner}/{id}",
        "/pets/{id}/toys", "/stores/{a}/orders/{b}", "/stores/{a}/orders/{b}:void", "/v1{x}/pets", "/{x}.json",
    ]
    cases = [{"path": t, "method": m, "n": i} for i, (t, m) in enumerate((t, m) for t in templates for m in ("get", "post"))]
    routes = conftest.Routes(cases)
    ordered = sorted(cases, key=lambda c: conftest._specificity(c["path"]))
    paths = ["/", "/pets", "/pets/mine", "/pets/7", "/pets/7:cancel", "/ann/mine", "/ann/7", "/pets/7/toys",
             "/stores/1/orders/2", "/stores/1/orders/2:void", "/v12/pets", "/data.json", "/nothing/here/at/all"]
    random.seed(7)
    paths += ["/" + "/".join(random.choice(["pets", "7", "mine", "ann", "x:cancel"]) for _ in range(random.randint(1, 4))) for _ in range(200)]
    for path in paths:
        for method in ("get", "post", "put"):
            expected = [c["n"] for c in ordered if c["method"] == method and re.fullmatch(conftest._path_regex(c["path"]), path)]
            assert [c["n"] for c in routes.matching(method, path)] == expected, (method, path)


FAKE_PRISM = """\
import os, sys, time
# Prism's banner, slowed to a byte at a time, in characters of several bytes; then Prism.
noise = "\\u203a \\u2713 \\u2026 d\\u00e9marrage \\u2013 \\u00fcn\\u00efc\\u00f6d\\u00e9\\n".encode() * 40
for i in range(len(noise)):
    sys.stdout.buffer.write(noise[i : i + 1])
    sys.stdout.buffer.flush()
    time.sleep(0.0005)
os.execv(os.environ["REAL_PRISM"], [os.environ["REAL_PRISM"], *sys.argv[1:]])
"""


def test_the_generated_tests_find_a_prism_that_is_still_writing_its_log(tmp_path: Path) -> None:
    """Reading Prism's log while it writes must neither decode half a character nor move
    where Prism writes next (CI failed on both once)."""
    real = os.environ.get("PRISM_BIN") or shutil.which("prism")
    if not real:
        pytest.skip("Prism mock server not installed (npm @stoplight/prism-cli); set PRISM_BIN to run this")
    script = tmp_path / "fake_prism.py"
    script.write_text(FAKE_PRISM)
    launcher = tmp_path / "prism"
    launcher.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(str(script))} \"$@\"\n")
    launcher.chmod(0o755)
    out = tmp_path / "out"
    assert generate(SPECS["threads"], out, "threads") == 0
    env = {**os.environ, "PRISM_BIN": str(launcher), "REAL_PRISM": real, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:asyncio", "tests", "-k", "prism"],
        cwd=out, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "error" not in result.stdout


def test_the_generated_tests_of_events_and_of_json_null_read_what_they_are_answered(tmp_path: Path) -> None:
    """An operation that only streams: its tests read each event (they were parsed as the
    answer's type, None, and raised; the tests never read one). An answer whose schema is
    `{type: "null"}`: the mock transport sent no body for it, not `null`."""
    spec = spec_of(
        tmp_path,
        """
    paths:
      /events:
        get:
          responses:
            '200':
              description: events
              content: {text/event-stream: {schema: {type: object, required: [delta], properties: {delta: {type: string}}}}}
      /ping:
        post:
          responses:
            '200': {description: nothing, content: {application/json: {schema: {type: 'null'}}}}
    """,
        version="3.1.0",
    )
    out = tmp_path / "out"
    assert generate(spec, out, "events") == 0
    assert "    for event in result:\n        assert isinstance(event, EventListEvent)\n" in (out / "tests" / "test_events.py").read_text()
    result = run_generated_tests(out, "-k", "not prism")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "14 passed" in result.stdout, result.stdout[-500:]


def test_prism_skips_the_tests_of_a_path_a_server_answers_as_an_earlier_one(tmp_path: Path) -> None:
    """visma's `GET /countries/{code2}` and `GET /countries/{guid}`: no server can tell the
    paths apart (the validator warns), and Prism answers the second as the first, with an
    array where a Country is expected. The second's tests skip on Prism, saying why, and
    still run on the mock transport; the first's run on both."""
    if not (prism_available() or os.environ.get("CLIENTSMITH_REQUIRE_PRISM")):
        pytest.skip("Prism mock server not installed (npm @stoplight/prism-cli); set PRISM_BIN to run this")
    spec = spec_of(
        tmp_path,
        """
        paths:
          /countries/{code}:
            get:
              operationId: byCode
              parameters: [{name: code, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Country"}}}}}
          /countries/{guid}:
            get:
              operationId: byGuid
              parameters: [{name: guid, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Country"}}}}
            delete:
              operationId: deleteCountry
              parameters: [{name: guid, in: path, required: true, schema: {type: string}}]
              responses: {"204": {description: gone}}
        components:
          schemas:
            Country: {type: object, required: [name], properties: {name: {type: string}}}
        """,
    )
    out = tmp_path / "out"
    assert generate(spec, out, "shadowed") == 0
    result = run_generated_tests(out, "-rA")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    skipped = [line for line in lines if line.startswith("SKIPPED")]
    assert len(skipped) == 4 and all("Prism answers as GET /countries/{code}" in line for line in skipped), skipped
    passed = {line.split("::")[-1] for line in lines if line.startswith("PASSED")}
    calls = ("required_args", "all_args", "required_args_async", "all_args_async")
    assert {f"test_countries_by_guid_{call}[mock]" for call in calls} <= passed
    assert {f"test_countries_by_code_{call}[prism]" for call in calls} | {f"test_countries_delete_{call}[prism]" for call in calls} <= passed
