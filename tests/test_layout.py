"""The generated package's layout: a module per resource, a package per level with resources
below it, and types beside the resource that uses them (the OpenAI SDK's layout)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.config import Config
from generator.ir import model
from generator.ir.build import build
from generator.ir.imports import relative
from generator.ir.type_homes import type_folders
from generator.load import load


def api_of(tmp_path: Path, paths: dict[str, object], schemas: dict[str, object] | None = None) -> model.Api:
    spec = tmp_path / "spec.yaml"
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, "components": {"schemas": schemas or {}}}
    spec.write_text(yaml.safe_dump(document), encoding="utf-8")
    api, _ = build(load(spec), Config(spec=spec, package="pkg"))
    return api


def get(ref: str | None = None) -> dict[str, object]:
    answer: dict[str, object] = {"description": "ok"}
    if ref:
        answer["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}
    return {"get": {"responses": {"200": answer}}}


ITEM = {"type": "object", "properties": {"id": {"type": "string"}}}


def test_a_resource_with_resources_below_it_is_a_package_of_modules(tmp_path: Path) -> None:
    paths = {"/threads": get(), "/threads/{id}/runs": get(), "/threads/{id}/runs/{run}/steps": get(), "/files": get()}
    api = api_of(tmp_path, paths)
    layout = {m.resource.attr: (m.path, m.root, m.top, m.test_path) for m in api.resources}
    assert layout == {
        "files": ("resources/files.py", "..", True, "tests/test_files.py"),
        "threads": ("resources/threads/threads.py", "...", True, "tests/test_threads.py"),
        "runs": ("resources/threads/runs/runs.py", "....", False, "tests/test_threads_runs.py"),
        "steps": ("resources/threads/runs/steps.py", "....", False, "tests/test_threads_runs_steps.py"),
    }
    threads = next(m for m in api.resources if m.resource.attr == "threads")
    # imported when first reached, relative to the parent's module
    assert [(c.attr, c.module) for c in threads.children] == [("runs", ".runs.runs")]


def test_a_resource_named_like_its_parent_gets_a_number(tmp_path: Path) -> None:
    """`/files/files` puts a `files` resource below `files`, whose own module is files.py."""
    api = api_of(tmp_path, {"/files": get(), "/files/files": get()})
    assert [(m.path, m.test_path) for m in api.resources] == [
        ("resources/files/files.py", "tests/test_files.py"),
        ("resources/files/files_2.py", "tests/test_files_files_2.py"),
    ]


def test_types_live_with_the_resource_that_uses_them(tmp_path: Path) -> None:
    schemas = {"Run": ITEM, "Thread": ITEM, "Shared": ITEM, "Unused": ITEM}
    paths = {
        "/threads": get("Thread"),
        "/threads/{id}/runs": get("Run"),
        "/threads/{id}/shared": get("Shared"),
        "/files": get("Shared"),
    }
    api = api_of(tmp_path, paths, schemas)
    assert sorted(m.name for m in api.types_modules) == ["shared", "threads.runs.run", "threads.thread", "unused"]
    run = next(m for m in api.types_modules if m.name == "threads.runs.run")
    assert (run.path, run.root) == ("types/threads/runs/run.py", "....")


def test_one_resource_at_the_top_keeps_every_type_in_types(tmp_path: Path) -> None:
    api = api_of(tmp_path, {"/threads": get("Thread"), "/threads/{id}/runs": get("Run")}, {"Run": ITEM, "Thread": ITEM})
    # the top resource all share is no folder: what only its runs use is in types/runs/
    assert sorted(m.name for m in api.types_modules) == ["runs.run", "thread"]


def test_a_type_reached_through_another_lives_where_both_uses_meet() -> None:
    module_of = {"A": "a", "B": "b", "C": "c"}
    links = {"a": {"c"}, "b": {"c"}}  # a and b both name c
    uses = [(("x", "y"), ["A"]), (("x", "z"), ["B"]), (("w",), [])]
    assert type_folders(uses, links, module_of) == {"a": ("x", "y"), "b": ("x", "z"), "c": ("x",)}


def test_a_folder_named_like_a_module_beside_it_takes_an_underscore() -> None:
    module_of = {"Beta": "beta", "Run": "run"}
    uses = [(("beta",), ["Run"]), (("other",), [])]  # Beta: used by none, in types/
    folders = type_folders(uses, {}, module_of)
    assert folders == {"run": ("beta_",), "beta": ()}


def test_relative_imports_between_types_modules() -> None:
    assert relative("beta.run", "beta.step") == ".step"
    assert relative("beta.run", "file") == "..file"
    assert relative("file", "beta.run") == ".beta.run"
    assert relative("a.b.c", "a.d.e") == "..d.e"
    assert relative("x", "y") == ".y"


def test_a_deep_resource_s_tests_have_a_file_name_a_file_system_takes(tmp_path: Path) -> None:
    """Microsoft Graph nests resources twenty deep: their joined names pass 255 bytes."""
    deep = "/" + "/".join(f"segment_number_{i}_of_a_long_path" for i in range(12))
    api = api_of(tmp_path, {deep: get(), deep + "/other": get()})
    names = [m.test_path.removeprefix("tests/") for m in api.resources if m.test_path]
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(name) <= 110 for name in names), names
