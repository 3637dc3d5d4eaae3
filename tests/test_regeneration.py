"""A regeneration after an edit writes exactly what a cold run of the edited document writes.

Whatever a run keeps from the last one (the per-user cache, the output folder's manifest and
files) only saves work: here each document of the golden set, as JSON and as YAML, is edited
again and again at random places (a property added, removed or retyped, a description or an
enum changed, a component renamed, an operation dropped), regenerated in place after each
edit with the cache on, and compared byte for byte with a cold run of the same text with
the cache off. The edits are seeded: a failure names the seed and the edits to replay it.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from conftest import GOLDEN, generate
from generator import pipeline
from generator.ir import build, model

EDITS_PER_DOCUMENT = int(os.environ.get("CLIENTSMITH_EDITS", "8"))
SPECS = sorted(p for p in GOLDEN.glob("*/spec.yaml") if p.parent.name != "multifile")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _objects(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every schema with properties, anywhere in the document."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return found


def _components(data: dict[str, Any]) -> dict[str, Any]:
    home = data.get("components", {}).get("schemas") if "openapi" in data else data.get("definitions")
    return home if isinstance(home, dict) else {}


def edit(data: dict[str, Any], rng: random.Random) -> str:
    """One random edit of `data`, in place; what it did."""
    objects = _objects(data)
    kinds = ["add", "describe", "enum", "retype", "remove", "rename", "drop-operation", "require", "slip"]
    for _ in range(100):
        kind = rng.choice(kinds)
        if kind in ("add", "describe", "retype", "remove", "require", "slip") and objects:
            target = rng.choice(objects)
            props = target["properties"]
            names = sorted(props)
            if kind == "add":
                props[f"added{rng.randrange(1000)}"] = rng.choice([{"type": "string"}, {"type": "integer", "description": "Added."}, {"type": "array", "items": {"type": "string"}}, {"type": "object", "properties": {"inner": {"type": "boolean"}}}])
                return f"{kind} a property"
            if not names:
                continue
            name = rng.choice(names)
            if kind == "describe" and isinstance(props[name], dict):
                props[name]["description"] = f"Described {rng.randrange(1000)}."
                return f"{kind} {name}"
            if kind == "retype" and isinstance(props[name], dict) and "$ref" not in props[name]:
                props[name] = {"type": rng.choice(["string", "integer", "number", "boolean"])}
                return f"{kind} {name}"
            if kind == "remove":
                del props[name]
                target["required"] = [r for r in target.get("required", []) if r != name] or None
                if target["required"] is None:
                    del target["required"]
                return f"{kind} {name}"
            if kind == "slip":  # what ir/repair.py drops: a required name no property has, a limit as text
                slip = rng.choice(["ghost", "limit"])
                if slip == "ghost":
                    target["required"] = [*target.get("required", []), "ghost"]
                elif isinstance(props[name], dict):
                    props[name]["maxLength"] = "10"
                return f"{kind} {slip} {name}"
            if kind == "require":
                target["required"] = sorted({*target.get("required", []), name})
                return f"{kind} {name}"
        if kind == "enum":
            enums = [node for node in _walk_dicts(data) if isinstance(node.get("enum"), list) and all(isinstance(v, str) for v in node["enum"])]
            if enums:
                rng.choice(enums)["enum"].append(f"value{rng.randrange(1000)}")
                return kind
        if kind == "rename":
            components = _components(data)
            if components:
                old = rng.choice(sorted(components))
                new = old + "Renamed"
                if new not in components:
                    components[new] = components.pop(old)
                    _replace_refs(data, old, new)
                    return f"{kind} {old}"
        if kind == "drop-operation":
            paths = data.get("paths") or {}
            if len(paths) > 1:
                path = rng.choice(sorted(paths))
                methods = [m for m in paths[path] if m in ("get", "put", "post", "delete", "patch")]
                if len(methods) > 1:
                    del paths[path][rng.choice(methods)]
                    return f"{kind} {path}"
    data["info"]["description"] = f"Edited {rng.randrange(1000)}."  # a document with nothing else to edit
    return "describe the API"


def _walk_dicts(node: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            out.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def _replace_refs(data: dict[str, Any], old: str, new: str) -> None:
    for node in _walk_dicts(data):
        ref = node.get("$ref")
        for home in ("#/components/schemas/", "#/definitions/"):
            if ref == home + old:
                node["$ref"] = home + new
        mapping = node.get("mapping") if isinstance(node.get("mapping"), dict) else {}
        for key, value in list(mapping.items()):
            for home in ("#/components/schemas/", "#/definitions/"):
                if value == home + old:
                    mapping[key] = home + new


def _written(data: dict[str, Any], form: str) -> str:
    """The document as JSON; as YAML (as yaml.safe_dump writes it, which the loader reads in
    pieces); or as YAML with a first `---`, and, where it has component schemas, one of them
    also under `info` (an anchor, and an alias to it in another piece: read whole)."""
    if form == ".json":
        return json.dumps(data, indent=1)
    if form == ".yaml":
        return yaml.safe_dump(data, sort_keys=False)
    schemas = (data.get("components") or {}).get("schemas") or {}
    shared = next((v for v in schemas.values() if isinstance(v, dict) and v), None)
    return "---\n" + yaml.safe_dump({**data, "info": {**data["info"], "x-shared": shared}} if shared else data, sort_keys=False)


@pytest.mark.parametrize("suffix", [".json", ".yaml", "whole.yaml", "forked.json"])
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_a_regeneration_after_edits_is_a_cold_run(spec: Path, suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The same files, exit status and warnings. (forked.json: as a big document is made,
    with forked processes beside the run: the validator, the mock, the memos' writer, half
    the rendering, and finding the folder's files.)"""
    if suffix == "forked.json":
        monkeypatch.setattr(pipeline, "_FORK_FROM", 0)
        monkeypatch.setattr(pipeline, "_SHARED_FROM", 0)  # (the rendering too, in two processes)
        monkeypatch.setattr(importlib.import_module("generator.write.claim"), "_LOOK_AHEAD_FROM", 0)
    seed = f"{spec.parent.name}{suffix}"
    rng = random.Random(seed)
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    path, out, cold = tmp_path / f"spec{suffix[-5:]}", tmp_path / "out", tmp_path / "cold"
    done: list[str] = []
    for round in range(EDITS_PER_DOCUMENT + 1):
        if round:
            before = copy.deepcopy(data)
            while data == before:  # (some edits may leave it as it was: a name already required)
                done.append(edit(data, rng))
        path.write_text(_written(data, suffix.removeprefix("forked")), encoding="utf-8")
        capsys.readouterr()
        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
        assert generate(path, out, "edited") == 0, (seed, done)
        said = [line for line in capsys.readouterr().err.splitlines() if " operations (" not in line]
        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
        assert generate(path, cold, "edited") == 0, (seed, done)
        assert said == [line for line in capsys.readouterr().err.splitlines() if " operations (" not in line], (seed, done)
        assert tree(out) == tree(cold), (seed, done)


def test_what_runs_beside_the_model_yields_the_cores_only_after_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator, the mock and the memos' writer are niced (workers.py) when their memos
    make them short beside the model's making (a regeneration), not on a first run, where
    they may be as long as it, and the run would then wait for them."""
    yielded: list[bool] = []
    beside = pipeline._beside

    def spy(work: Any, workers: Any, later: bool = False) -> Any:
        yielded.append(later)
        return beside(work, workers, later)

    monkeypatch.setattr(pipeline, "_beside", spy)
    monkeypatch.setattr(pipeline, "_FORK_FROM", 0)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    data = yaml.safe_load((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert generate(path, tmp_path / "out", "c") == 0
    assert yielded == [False, False, False]
    yielded.clear()
    data["info"]["description"] = "Edited."
    path.write_text(json.dumps(data), encoding="utf-8")
    assert generate(path, tmp_path / "out", "c") == 0
    assert yielded == [True, True, True]


def test_the_memos_writer_runs_on_while_the_files_are_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a big document the memos are written by a forked process, which the run waits for
    only after its files are in place (after an edit it is niced, and was what the run
    waited for once the rendering ended). Here it waits for the output's manifest before
    writing: were it waited for before the files, it would find none."""
    import time

    from generator.write import MANIFEST

    out, seen = tmp_path / "out", tmp_path / "seen"
    write_memos = pipeline._write_memos

    def writer(*memos: Any) -> None:
        deadline = time.monotonic() + 20
        while not (out / MANIFEST).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.write_text(str((out / MANIFEST).exists()), encoding="utf-8")
        write_memos(*memos)

    monkeypatch.setattr(pipeline, "_write_memos", writer)
    monkeypatch.setattr(pipeline, "_FORK_FROM", 0)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    assert generate(GOLDEN / "constructs" / "spec.yaml", out, "c") == 0
    assert seen.read_text(encoding="utf-8") == "True"  # (the run waited for it: it wrote this)
    assert list((tmp_path / "cache").glob("memos/*/ops"))  # and its memos


def test_on_a_first_run_the_rendering_helper_is_forked_once_the_memos_are_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each forked process copies the pages of the model it touches: the memos' writer and
    the helper that renders, side by side, with the process that forked them, made the peak
    of graph-beta's first run with a cache. The helper is forked once the writer has ended,
    and the memos' entries are dropped then (their memory goes to the rendering); the files
    are those of a run without a cache. After an edit the writer yields the cores, and the
    helper does not wait for it."""
    from generator import cache, render

    written, seen, mine, edited = (tmp_path / name for name in ("written", "seen", "mine", "edited"))
    parent = os.getpid()
    write_memos, render_jobs, release = pipeline._write_memos, render.render_jobs, cache.Sharded.release
    released: list[bool] = []

    def writer(*memos: Any) -> None:
        import time

        # First the parent makes a few files (a helper forked already would make some too);
        # after the edit, the helper must not wait for this one.
        deadline = time.monotonic() + 20
        while not (seen if edited.exists() else mine).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        write_memos(*memos)
        written.write_text("", encoding="utf-8")

    def rendered(*args: Any, **kwargs: Any) -> Any:
        import time

        if os.getpid() != parent:  # the helper: had the writer ended when it began?
            with seen.open("a", encoding="utf-8") as log:
                log.write(f"{written.exists()}\n")
        elif edited.exists():  # (the shares left to the helper, which is forked first)
            deadline = time.monotonic() + 20
            while not seen.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        elif not written.exists():  # (slowly, leaving files to make once it has)
            time.sleep(0.05)
            if args[1]:
                mine.write_text("", encoding="utf-8")
        return render_jobs(*args, **kwargs)

    def dropped(memo: cache.Sharded) -> None:
        released.append(written.exists())
        release(memo)

    monkeypatch.setattr(pipeline, "_write_memos", writer)
    monkeypatch.setattr(render, "render_jobs", rendered)
    monkeypatch.setattr(cache.Sharded, "release", dropped)
    monkeypatch.setattr(pipeline, "_FORK_FROM", 0)
    monkeypatch.setattr(pipeline, "_SHARED_FROM", 0)
    spec = tmp_path / "spec" / "spec.yaml"
    spec.parent.mkdir()
    spec.write_text((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    assert generate(spec, tmp_path / "out", "c") == 0
    assert set(seen.read_text(encoding="utf-8").split()) == {"True"}
    assert released and all(released)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    assert generate(spec, tmp_path / "cold", "c") == 0
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")

    # After an edit: the writer, niced, still waiting as the helper begins.
    written.unlink()
    seen.unlink()
    count = len(released)
    spec.write_text(spec.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8")
    edited.write_text("", encoding="utf-8")
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    assert generate(spec, tmp_path / "out", "c") == 0
    assert "False" in seen.read_text(encoding="utf-8").split()
    assert len(released) == count  # (the writer's memos, still being written, are not dropped)


def test_the_mock_document_from_a_forked_maker_is_compared_and_written_as_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """On a big document the mock's files come from a forked process, left in shared memory
    (workers.Spool): `check` shows them in its diff, a hand edit of one is kept, and
    `--overwrite` writes what a run in one process writes."""
    from generator.cli import main

    monkeypatch.setattr(pipeline, "_FORK_FROM", 0)
    spec, out, alone = GOLDEN / "constructs" / "spec.yaml", tmp_path / "out", tmp_path / "alone"
    assert generate(spec, out, "c") == 0
    mock = out / "tests" / "openapi.json"
    made = mock.read_bytes()
    mock.write_bytes(made.replace(b'"openapi"', b'"openapi" ', 1))
    capsys.readouterr()
    assert main(["check", str(spec), "-o", str(out), "--package", "c"]) == 1
    shown = capsys.readouterr().out
    assert "--- a/tests/openapi.json" in shown and '+ "openapi": ' in shown and '- "openapi" : ' in shown
    assert generate(spec, out, "c") == 1  # edited by hand: kept, and said
    assert mock.read_bytes() != made
    assert generate(spec, out, "c", "--overwrite") == 0
    monkeypatch.setattr(pipeline, "_FORK_FROM", 10**12)
    assert generate(spec, alone, "c") == 0
    assert tree(out) == tree(alone)


def test_only_the_operations_an_edit_reaches_are_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ir/op_memo.py: an operation whose types, and what making it read, are as the last run
    found them comes from the memo; one that reads the edited component is made again. And
    its schemas' conversion (ir/convert_memo.py) too."""
    from generator.ir import build, operations

    made: list[str] = []
    converted: list[str] = []
    operation = operations.OperationMaker.operation
    convert = build._Builder._convert_operation

    def spy(self: operations.OperationMaker, ops: operations.OpTypes) -> Any:
        made.append(ops.route.key)
        return operation(self, ops)

    def convert_spy(self: Any, route: Any) -> Any:
        converted.append(route.key)
        return convert(self, route)

    monkeypatch.setattr(operations.OperationMaker, "operation", spy)
    monkeypatch.setattr(build._Builder, "_convert_operation", convert_spy)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    data = yaml.safe_load((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert generate(path, tmp_path / "out", "c") == 0
    everything = set(made)
    made.clear()
    converted.clear()
    data["components"]["schemas"]["NewPet"]["properties"]["nickname"] = {"type": "string"}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert generate(path, tmp_path / "out", "c") == 0
    reaching = {op["operationId"] for item in data["paths"].values() for op in item.values() if isinstance(op, dict) and "operationId" in op and _reaches(op, "#/components/schemas/NewPet", data)}
    # (those that reach NewPet only where their examples hold its required part are kept:
    # test_an_example_that_holds_a_component_nested_reads_only_its_value)
    assert made and set(made) <= reaching < everything
    # converted again: the operations whose own references lead to NewPet (convert_memo.py);
    # the property added makes no new class or name, so the units after them replay
    assert converted and set(converted) <= reaching


def test_the_answers_table_spares_reading_back_the_reads_of_entries_an_edit_leaves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """answers.py: after an edit, only the entries one of whose reads changed have their
    reads read back; and a table left from an earlier run (a write cut short after the
    entries) vouches for none of the entries made since: the output is a cold run's."""
    from generator.ir import answers

    read_back: list[int] = []
    reads_of = answers.reads_of

    def spy(found: Any) -> Any:
        read_back.append(1)
        return reads_of(found)

    monkeypatch.setattr(answers, "reads_of", spy)
    data = yaml.safe_load((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"))
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    tables = {path: path.read_bytes() for path in (tmp_path / "cache").glob("memos/*/*.answers")}
    assert {path.name for path in tables} == {"ops.answers", "conv.answers"}
    data["components"]["schemas"]["NewPet"]["properties"]["nickname"] = {"type": "string"}
    read_back.clear()
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    reached = len(read_back)
    for path, table in tables.items():  # the tables of the run before the edit, over the entries after it
        path.write_bytes(table)
    data["components"]["schemas"]["NewPet"]["properties"]["age"] = {"type": "integer"}
    read_back.clear()
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    for path in tables:  # no table: every entry is checked whole
        path.unlink()
    data["components"]["schemas"]["NewPet"]["properties"]["colour"] = {"type": "string"}
    read_back.clear()
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert 0 < reached < len(read_back)  # (the cold runs beside them keep no memo)


def test_the_routes_are_named_again_only_when_a_path_item_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Naming the routes is a pass over every path: a regeneration after an edit inside the
    components takes them from the memo, one after an edit of the paths names them again,
    and either gives what a cold run gives."""
    from generator.ir import build

    named: list[int] = []
    collect = build.collect

    def spy(*args: Any) -> Any:
        named.append(1)
        return collect(*args)

    monkeypatch.setattr(build, "collect", spy)
    data = yaml.safe_load((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"))
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert generate(path, tmp_path / "out", "t") == 0
    assert len(named) == 1
    data["components"]["schemas"]["NewPet"]["properties"]["nickname"] = {"type": "string"}
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert len(named) == 2  # (the cold run's)
    data["paths"]["/brand-new"] = {"get": {"operationId": "listBrandNew", "responses": {"204": {"description": "ok"}}}}
    out = _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert len(named) == 4
    assert (out / "t" / "resources" / "brand_new.py").is_file()


def test_a_ref_into_a_part_repair_dropped_follows_its_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """ir/pieces.py: a $ref into a part that repair drops reads the part as written (as any
    value, with a warning); once an edit removes its target there, a regeneration fails as a
    cold run does, though the part as repaired is the same before and after the edit."""
    data = yaml.safe_load((Path(__file__).parent / "degrade" / "dropped_refs.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    assert generate(path, tmp_path / "out", "c") == 0
    schema = data["paths"]["/monsters/{index}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    del schema["allOf"]["1"]["properties"]["damage"]
    path.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    again = generate(path, tmp_path / "out", "c"), capsys.readouterr().err
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    cold = generate(path, tmp_path / "cold", "c"), capsys.readouterr().err
    assert again == cold and cold[0] == 2 and "error: dangling $ref" in cold[1]


def test_a_ref_into_a_dropped_part_is_said_once_whatever_the_memos_keep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """ir/refs.py: a run says once that a $ref points into a part repair dropped, where it
    first meets it (Spell's). After an edit of Wand, which refers to the same part later, Wand
    is converted again while Spell's unit is kept from the memo: the warnings are still the
    cold run's."""
    data = yaml.safe_load((Path(__file__).parent / "degrade" / "dropped_refs.yaml").read_text(encoding="utf-8"))
    schemas = data["components"]["schemas"]
    schemas["Wand"] = {"type": "object", "properties": {"damage": dict(schemas["Spell"]["properties"]["damage"])}}
    wands = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Wand"}}}}}
    data["paths"]["/wands"] = {"get": {"operationId": "listWands", "responses": wands}}
    path = tmp_path / "spec.json"
    said = []
    for step in range(2):
        if step:
            schemas["Wand"]["properties"]["charge"] = {"type": "integer"}
        path.write_text(json.dumps(data), encoding="utf-8")
        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
        capsys.readouterr()
        again = generate(path, tmp_path / "out", "c"), capsys.readouterr().err
        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
        cold = generate(path, tmp_path / f"cold{step}", "c"), capsys.readouterr().err
        assert again[0] == cold[0] == 0
        said.append([line for line in again[1].splitlines() if "dropped as malformed" in line])
        assert said[-1] == [line for line in cold[1].splitlines() if "dropped as malformed" in line]
    assert len(said[1]) == 1 and "Spell" in said[1][0]


def test_the_operations_kept_are_decoded_only_when_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """op_memo.lazy: an operation kept from the memo is decoded when a field other than the
    few a regeneration reads of every operation (op_memo.head) is read. After an edit that
    no operation reaches, the only ones read are the README's three examples; the output is
    a cold run's (test_a_regeneration_after_edits_is_a_cold_run)."""
    from generator.ir import op_memo

    decoded: list[str] = []
    decode = op_memo.decode

    def spy(data: bytes, kind: Any) -> Any:
        found = decode(data, kind)
        if kind is model.Operation:
            decoded.append(found.key)
        return found

    monkeypatch.setattr(op_memo, "decode", spy)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    data = yaml.safe_load((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert generate(path, tmp_path / "out", "c") == 0
    assert decoded == []  # (a cold run makes its operations)
    data["components"]["schemas"]["Unused"] = {"type": "object", "properties": {"note": {"type": "string"}}}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert generate(path, tmp_path / "out", "c") == 0
    operations = [op["operationId"] for item in data["paths"].values() for op in item.values() if isinstance(op, dict) and "operationId" in op]
    assert len(operations) > 3 and len(decoded) == 3 and set(decoded) < set(operations)


def test_the_conversion_units_replayed_are_decoded_only_when_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """convert_memo.py: a replayed unit's classes and result are put in place lazily, with
    what the passes after conversion read of every class and operation beside them
    (schemas.class_links, operations.op_links). After an edit of the API's description no
    unit is decoded; after an edit of one operation's summary, only those whose classes
    making that operation again reads. Each run writes what a cold run writes."""
    from generator.ir import convert_memo

    decoded: list[object] = []
    decode = convert_memo._decoded

    def spy(data: bytes) -> Any:
        found = decode(data)
        decoded.append(found)
        return found

    def obj(**properties: Any) -> dict[str, Any]:
        return {"type": "object", "required": [next(iter(properties))], "properties": properties}

    def answer(ref: str) -> dict[str, Any]:
        return {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}}

    monkeypatch.setattr(convert_memo, "_decoded", spy)
    data: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1", "description": "Pets and owners."},
        "paths": {
            "/pets": {
                "get": {"operationId": "listPets", "responses": answer("Pet")},
                "post": {
                    "operationId": "createPet",
                    "summary": "Make a pet.",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}},
                    "responses": answer("Pet"),
                },
            },
            "/pets/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "put": {
                    "operationId": "replacePet",
                    "summary": "Replace a pet.",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}},
                    "responses": answer("Pet"),
                },
            },
            "/owners/{id}": {"get": {"operationId": "getOwner", "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": answer("Owner")}},
        },
        "components": {
            "schemas": {
                "Pet": obj(id={"type": "string"}, name={"type": "string"}),
                "NewPet": obj(name={"type": "string"}, tag={"type": "string"}),
                "Owner": obj(id={"type": "string"}, pets={"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}),
            }
        },
    }
    path = tmp_path / "spec.json"

    def run(step: str) -> set[str]:
        """The keys of the classes decoded, and whether any operation's result was."""
        path.write_text(json.dumps(data), encoding="utf-8")
        decoded.clear()
        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
        assert generate(path, tmp_path / "out", "c") == 0
        found = {key for each in decoded for key in (dict(each) if isinstance(each, list) else {"(an operation's types)": None})}
        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
        assert generate(path, tmp_path / step, "c") == 0
        assert tree(tmp_path / "out") == tree(tmp_path / step)
        return found

    assert run("cold") == set()  # (nothing to replay)
    data["info"]["description"] = "Edited."
    assert run("described") == set()
    # replacePet is made again, and reads the fields of its body's class, which createPet's
    # unit made (the first to meet it)
    data["paths"]["/pets/{id}"]["put"]["summary"] = "Replace a pet, all of it."
    found = run("summarised")
    assert "/components/schemas/NewPet" in found and "/components/schemas/Owner" not in found


def test_only_the_types_modules_an_edit_reaches_are_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ir/types_memo.py: a types module made from what the last run made it from comes from
    the memo; an edit inside one class makes its module again and no other; an edit that
    adds a type (a name every module may read) makes them all again. Each run writes what a
    cold run writes. A module kept is decoded only when read (op_memo.lazy), and a
    regeneration reads none whose file it does not render again."""
    from generator.ir import build, op_memo

    made: dict[str, set[str]] = {}  # module -> the names of its classes' fields
    module_imports = build.module_imports
    decoded: list[str] = []
    decode = op_memo.decode

    def spy(*args: Any) -> Any:
        modules = module_imports(*args)
        if os.environ["CLIENTSMITH_CACHE_DIR"] != "off":  # (not the cold run beside it)
            made.update({m.name: {f.name for c in m.classes for f in c.fields} for m in modules})
        return modules

    def decode_spy(data: bytes, kind: Any) -> Any:
        found = decode(data, kind)
        if kind is model.TypesModule:
            decoded.append(found.name)
        return found

    monkeypatch.setattr(build, "module_imports", spy)
    monkeypatch.setattr(op_memo, "decode", decode_spy)
    data = yaml.safe_load((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"))
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    everything = set(made)
    assert len(everything) > 5
    made.clear()
    data["components"]["schemas"]["NewPet"]["properties"]["nickname"] = {"type": "string"}
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert made and all("nickname" in fields for fields in made.values())  # NewPet's, and Pet's (allOf NewPet)
    assert everything - set(made) and decoded == []  # (the others kept, and not read)
    made.clear()
    data["components"]["schemas"]["Brand"] = {"type": "object", "properties": {"name": {"type": "string"}}}
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert set(made) >= everything


def test_an_alias_written_out_leaves_the_other_classes_to_their_conversion_units(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An alias whose module and a class's import each other is written out where it is used
    (build._inline_cyclic_aliases), after conversion: the classes it is written out in are
    no longer as their conversion units know them, and their digests are made again; every
    other class keeps the digest its unit knows (a regeneration of openai.yaml made 1,706
    again for 12 such classes). Each run writes what a cold run writes."""
    from generator.ir import build

    remade: list[str] = []
    class_digest = build.class_digest

    def spy(cls: Any) -> str:
        remade.append(cls.key)
        return class_digest(cls)

    monkeypatch.setattr(build, "class_digest", spy)
    filters = {"oneOf": [{"$ref": "#/components/schemas/Comparison"}, {"$ref": "#/components/schemas/Compound"}]}
    schemas: dict[str, Any] = {
        "Compound": {"type": "object", "properties": {"kind": {"type": "string"}, "filters": {"type": "array", "items": filters}}},
        "Comparison": {"type": "object", "properties": {"key": {"type": "string"}}},
        "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
    }
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Compound"}}}}
    owner = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Owner"}}}}}
    paths = {"/search": {"post": {"operationId": "search", "requestBody": body, "responses": {"204": {"description": "done"}}}}, "/owner": {"get": {"operationId": "owner", "responses": owner}}}
    data = {"openapi": "3.0.3", "info": {"title": "Filters", "version": "1"}, "paths": paths, "components": {"schemas": schemas}}
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    remade.clear()
    schemas["Owner"]["properties"]["age"] = {"type": "integer"}
    out = _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert "age" in (out / "t" / "types" / "owner" / "owner.py").read_text(encoding="utf-8")
    assert set(remade) == {"/components/schemas/Compound"}  # (the cold run beside it asks for none: no units)


def _reaches(node: Any, ref: str, data: dict[str, Any]) -> bool:
    """Whether `node` refers to `ref`, itself or through what its references lead to."""
    seen: set[str] = set()
    todo = [node]
    while todo:
        for item in _walk_dicts(todo.pop()):
            target = item.get("$ref")
            if isinstance(target, str) and target not in seen:
                if target == ref:
                    return True
                seen.add(target)
                name = target.rsplit("/", 1)[-1]
                todo.append(data["components"]["schemas"][name] if target.startswith("#/components/schemas/") else {})
    return False


def test_a_yaml_document_read_whole_keeps_its_memos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """load.py: a YAML document the loader cannot cut into pieces (here an alias to an
    anchor in another component) is parsed whole; its memos then go by its pieces' values,
    as a JSON document's do. After an edit, only the operations that reach it are made
    again, and the run writes what a cold run writes."""
    from generator import load

    made = _made_with_cache(monkeypatch)
    data = yaml.safe_load((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"))
    schemas = data["components"]["schemas"]
    data["info"]["x-kind"] = schemas["Cat"]["properties"]["kind"]  # (one object in two pieces: an anchor, and an alias to it)
    _regenerated_as_cold(data, tmp_path, monkeypatch, as_yaml=True)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    doc = load.load(tmp_path / "spec.yaml")
    assert "*id001" in doc.text and doc.pieces is None and doc.digests
    everything = set(made)
    made.clear()
    schemas["NewPet"]["properties"]["nickname"] = {"type": "string"}
    _regenerated_as_cold(data, tmp_path, monkeypatch, as_yaml=True)
    reaching = {op["operationId"] for item in data["paths"].values() for op in item.values() if isinstance(op, dict) and "operationId" in op and _reaches(op, "#/components/schemas/NewPet", data)}
    assert made and set(made) <= reaching < everything


def test_an_example_that_holds_a_component_nested_reads_only_its_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """examples.py: the value of a component met nested in an example (only its required
    properties) is recorded by a digest of that value, not as a read of the component. An
    optional property added to the component leaves the operations that hold it nested as
    they were, and makes again those that show it whole; a required one changes the nested
    value, and makes them all again. Each run writes what a cold run writes."""
    made = _made_with_cache(monkeypatch)

    def returning(schema: dict[str, Any], operation_id: str) -> dict[str, Any]:
        return {"get": {"operationId": operation_id, "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}}}}

    inner = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    data = {
        "openapi": "3.0.3",
        "info": {"title": "Nested", "version": "1"},
        "paths": {
            "/inner": returning({"$ref": "#/components/schemas/Inner"}, "getInner"),
            "/outer": returning({"$ref": "#/components/schemas/Outer"}, "getOuter"),
            "/outers": returning({"type": "array", "items": {"$ref": "#/components/schemas/Outer"}}, "listOuters"),
            "/either": returning({"type": "object", "properties": {"one": {"anyOf": [{"$ref": "#/components/schemas/Inner"}, {"type": "string"}]}}}, "getEither"),
        },
        "components": {"schemas": {"Inner": inner, "Outer": {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/Inner"}, "name": {"type": "string"}}}}},
    }
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert sorted(made) == ["getEither", "getInner", "getOuter", "listOuters"]
    made.clear()
    inner["properties"]["note"] = {"type": "string"}  # optional: no nested value changes
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert made == ["getInner"]
    made.clear()
    inner["properties"]["size"] = {"type": "integer"}
    inner["required"] = ["id", "size"]  # required: every value of Inner changes
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert sorted(made) == ["getEither", "getInner", "getOuter", "listOuters"]


def test_the_resource_tree_is_laid_out_again_only_when_what_it_is_made_from_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """resources.py: the layout of the resource modules (paths, class names, imports) is a
    function of the tree of resources, the words of each operation that name a type or an
    import, and the types' homes; a regeneration takes the last run's when those are as
    they were, and lays it out again when they are not (another type returned, a new
    operation, a type renamed). Each run writes what a cold run writes."""
    from generator.ir import resources

    laid = _calls_with_cache(monkeypatch, resources, "_layout")
    data = yaml.safe_load((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"))
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1]
    data["components"]["schemas"]["NewPet"]["properties"]["name"]["description"] = "Its name, again."
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1]  # the words of no operation changed
    data["components"]["schemas"]["NewPet"]["properties"]["nickname"] = {"type": "string"}
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1]  # createPet has an argument more: a word the layout does not read
    data["paths"]["/pets/{pet_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/NewPet"}  # another type for its module to import
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1, 1]
    data["paths"]["/pets/{pet_id}/toys"] = {"get": {"operationId": "listToys", "parameters": [{"name": "pet_id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}}}}}
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1, 1, 1]
    schemas = data["components"]["schemas"]
    schemas["Animal"] = schemas.pop("Pet")  # every operation that names it names another type
    _replace_refs(data, "Pet", "Animal")
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1, 1, 1, 1]


@pytest.mark.parametrize("cut", [False, True], ids=["json", "yaml-cut"])
def test_a_repair_that_looked_into_another_component_is_made_again(cut: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ir/repair.py's memo: `Child` requires `a` through its allOf part `Base`; once `Base`
    loses `a`, Child's required name has no property any more, and its repair (kept from the
    last run while Child's own text did not change) must be made again. `cut`: as YAML, with
    `Base` long enough for the loader to cut it into pieces of its own (load.py), so that no
    piece holds `#/components/schemas/Base` itself (pieces.holding)."""
    data: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/c": {"post": {"operationId": "make", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Child"}}}}, "responses": {"200": {"description": "ok"}}}}},
        "components": {
            "schemas": {
                "Base": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}},
                "Child": {"allOf": [{"$ref": "#/components/schemas/Base"}], "required": ["a"], "properties": {"c": {"type": "string"}}},
            }
        },
    }
    if cut:
        data["components"]["schemas"]["Base"]["properties"] |= {f"filler{i}": {"type": "string"} for i in range(200)}
    for step in range(2):
        if step:
            del data["components"]["schemas"]["Base"]["properties"]["a"]
        _regenerated_as_cold(data, tmp_path, monkeypatch, as_yaml=cut)
    if cut:  # (the document was read in pieces, Base's cut inside)
        from generator import load

        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
        assert ("components", "schemas", "Base", "properties") in load.load(tmp_path / "spec.yaml").digests


def _made_with_cache(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The operations that runs with the cache on make (not the cold runs beside them), as
    they make them."""
    from generator.ir import operations

    made: list[str] = []
    operation = operations.OperationMaker.operation

    def spy(self: operations.OperationMaker, ops: operations.OpTypes) -> Any:
        if os.environ["CLIENTSMITH_CACHE_DIR"] != "off":
            made.append(ops.route.key)
        return operation(self, ops)

    monkeypatch.setattr(operations.OperationMaker, "operation", spy)
    return made


def test_the_types_are_laid_out_again_only_when_what_they_are_laid_out_by_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build._Layout: the types' modules, folders and request-side twins follow from what the
    conversion units made (their keys, names, roots and links, the aliases, each operation's
    route and links: Units.shape); a regeneration takes the last run's layout when those are
    as they were, and lays the types out again when they are not (a property that names
    another type, a new schema, a schema renamed). Each run writes what a cold run writes."""
    laid = _calls_with_cache(monkeypatch, build._Builder, "_layout")
    data = yaml.safe_load((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"))
    schemas = data["components"]["schemas"]
    cycle = schemas["Compound"]["properties"]["filters"]["items"]
    schemas["Compound"]["properties"]["filters"]["items"] = {"type": "string"}  # (see the end)
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1]
    schemas["NewPet"]["properties"]["name"]["description"] = "Its name, again."
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1]  # names, roots and links as they were
    schemas["NewPet"]["properties"]["nickname"] = {"type": "string"}
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1]  # (a property that names no type)
    schemas["NewPet"]["properties"]["friend"] = {"$ref": "#/components/schemas/Pet"}  # a link more
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1, 1]
    schemas["Tag"] = {"type": "object", "properties": {"label": {"type": "string"}}}
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1, 1, 1]
    schemas["Animal"] = schemas.pop("Pet")
    _replace_refs(data, "Pet", "Animal")
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1, 1, 1, 1]
    schemas["Animal"]["description"] = "Any animal."
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1, 1, 1, 1]
    # An alias written out where it is used (a union whose classes lead back to it) changes
    # classes and operations, not only names: such a layout is not kept.
    schemas["Compound"]["properties"]["filters"]["items"] = cycle
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    schemas["Animal"]["description"] = "Any animal at all."
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert laid == [1, 1, 1, 1, 1, 1]


@pytest.mark.parametrize("spec", [GOLDEN / "constructs" / "spec.yaml", Path(__file__).parent / "degrade" / "shadowing.yaml"], ids=["constructs", "shadowing"])
def test_the_tree_of_resources_is_found_again_only_when_what_it_is_made_from_changed(spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """resources.Shape: the tree of resources is kept, and planted again with this run's
    operations (the builtins a class's names hide written in full again: a method after
    `list` that returns a list) while each operation's key, resource, name and overloads
    are as they were. Each run writes what a cold run writes."""
    from generator.ir import resources

    found = _calls_with_cache(monkeypatch, resources, "_shape")
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert found == [1]
    data["info"]["description"] = "Edited."
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert found == [1]
    item = next(iter(data["paths"].values()))
    item[next(m for m in item if m != "parameters")]["operationId"] = "renamedByAnEdit"  # another method name
    _regenerated_as_cold(data, tmp_path, monkeypatch)
    assert found == [1, 1]


def test_the_document_is_read_once_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes fingerprinted (to tell whether the output is current) are the bytes loaded:
    a big document is read once, and an edit between two reads cannot split them."""
    data = yaml.safe_load((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "spec.json"
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def spy(self: Path) -> bytes:
        if self.name == path.name:
            reads.append(self)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    for description in ("first", "edited"):
        data["info"]["description"] = description
        _regenerated_as_cold(data, tmp_path, monkeypatch)
        assert len(reads) == 2  # (the run with the cache, and the cold one beside it)
        reads.clear()


def _calls_with_cache(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Counts the calls of `owner.name` in runs with the cache on (not in the cold runs beside
    them), one 1 each."""
    calls: list[int] = []
    real = getattr(owner, name)

    def spy(*args: Any) -> Any:
        if os.environ["CLIENTSMITH_CACHE_DIR"] != "off":
            calls.append(1)
        return real(*args)

    monkeypatch.setattr(owner, name, spy)
    return calls


def _regenerated_as_cold(data: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_yaml: bool = False) -> Path:
    """`data` regenerated in place with the cache on (tmp_path/out) and generated cold with
    it off: the same files. The regenerated folder."""
    path, out, cold = tmp_path / ("spec.yaml" if as_yaml else "spec.json"), tmp_path / "out", tmp_path / "cold"
    path.write_text(yaml.safe_dump(data, sort_keys=False) if as_yaml else json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    assert generate(path, out, "t") == 0
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    assert generate(path, cold, "t") == 0
    assert tree(out) == tree(cold)
    return out


def test_the_mock_document_takes_a_remembered_piece_only_as_the_user_wrote_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """render.PieceTexts: tests/openapi.json keeps the text of a piece that reaches the
    mock's document as it was loaded. `/form`'s own text does not change here, but once the
    component its field names becomes a list, the mock writes that field's form encoding out
    (ir/mock_spec.py): the piece must be written again, not taken from the memo; and once the
    component is a string again, as the memo first had it."""
    data: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/form": {"post": {"operationId": "send", "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"tag": {"$ref": "#/components/schemas/Tag"}}}}}}, "responses": {"204": {"description": "ok"}}}},
            "/other": {"get": {"operationId": "other", "responses": {"204": {"description": "ok"}}}},
        },
        "components": {"schemas": {"Tag": {"type": "string"}}},
    }
    mocks = []
    for tag in ({"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "string"}):
        data["components"]["schemas"]["Tag"] = tag
        mocks.append((_regenerated_as_cold(data, tmp_path, monkeypatch) / "tests" / "openapi.json").read_text(encoding="utf-8"))
    assert "\"encoding\": {\"tag\": {\"style\": \"form\", \"explode\": true}}" in mocks[1] and mocks[0] != mocks[1] and mocks[2] == mocks[0]
    assert any(p.name.split(".")[0] == "mock" for p in (tmp_path / "cache").glob("memos/*/*"))  # (the memo was there to be used)


def test_each_unit_of_the_mock_document_is_walked_again_only_when_what_it_read_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ir/mock_memo.py: a unit's part of the mock's document follows the units it read (a
    parameter's component, a property's readOnly target, a discriminator's mapping) and
    what a closed base's extenders add to it, and nothing else. Each edit below changes
    another unit's part, and each regeneration is its cold run's; the units walked again
    are the edited one and those that read it."""
    from generator.ir import mock_spec

    walked: list[tuple[str, ...]] = []
    final = mock_spec.Meant.final

    def spy(self: Any, place: tuple[str, ...], reads: Any) -> Any:
        walked.append(place)
        return final(self, place, reads)

    monkeypatch.setattr(mock_spec.Meant, "final", spy)
    ok = {"204": {"description": "ok"}}
    data: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a/{ids}": {"get": {"operationId": "get", "parameters": [{"$ref": "#/components/parameters/Ids"}], "responses": ok}},
            "/b": {"post": {"operationId": "post", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Child"}}}}, "responses": ok}},
        },
        "components": {
            "parameters": {"Ids": {"name": "ids", "in": "path", "required": True, "schema": {"type": "string"}}},
            "schemas": {
                "Base": {"type": "object", "properties": {"id": {"$ref": "#/components/schemas/Id"}}},
                "Child": {"allOf": [{"$ref": "#/components/schemas/Base"}], "properties": {"name": {"type": "string"}}, "required": ["id"]},
                "Id": {"type": "string"},
                "Pet": {"oneOf": [{"$ref": "#/components/schemas/Child"}], "discriminator": {"propertyName": "name", "mapping": {"c": "Child"}}},
                "Lone": {"type": "string"},
            },
        },
    }
    schemas = data["components"]["schemas"]
    edits: list[tuple[str, Callable[[], None]]] = [
        ("parameters", lambda: data["components"]["parameters"]["Ids"].update(schema={"type": "array", "items": {"type": "string"}})),
        ("readOnly", lambda: schemas["Id"].update(readOnly=True)),
        ("closed", lambda: schemas["Base"].update(additionalProperties=False)),
        ("extender", lambda: schemas["Child"]["properties"].update(nick={"type": "string"})),  # Base, as written, is as it was
        ("mapping", lambda: schemas["Pet"]["discriminator"]["mapping"].update(c="Gone")),
        ("lone", lambda: schemas["Lone"].update(description="Read by no other unit.")),
    ]
    mocks = [(_regenerated_as_cold(data, tmp_path, monkeypatch) / "tests" / "openapi.json").read_text(encoding="utf-8")]
    everything = set(walked)
    for what, change in edits:
        walked.clear()
        change()
        mocks.append((_regenerated_as_cold(data, tmp_path, monkeypatch) / "tests" / "openapi.json").read_text(encoding="utf-8"))
        assert mocks[-1] != mocks[-2] or what == "lone", what  # each edit but the last changes another unit's part
        again = set(walked[: len(walked) - len(everything)])  # (the regeneration's: the cold run after it walks every unit)
        assert again < everything, what
        if what == "lone":
            assert again == {("components", "schemas", "Lone")}
        if what == "readOnly":  # Base's property names Id; Child requires it from Base; Pet's
            # count of what Prism's sampler walks goes through Child and Base to Id
            assert again == {("components", "schemas", name) for name in ("Id", "Base", "Child", "Pet")}
    assert any(p.name.split(".")[0] == "mockunits" for p in (tmp_path / "cache").glob("memos/*/*"))


_COUNTING = """
import sys
from generator.cli import main
from generator.ir import build, operations

made = []
operation = operations.OperationMaker.operation

def spy(self, ops):
    made.append(ops.route.key)
    return operation(self, ops)

operations.OperationMaker.operation = spy
converted = []
convert = build._Builder._convert_operation

def convert_spy(self, route):
    converted.append(route.key)
    return convert(self, route)

build._Builder._convert_operation = convert_spy
assert main(["generate", sys.argv[1], "-o", sys.argv[2], "--package", "c"]) == 0
print(len(made), len(converted))
"""


_GROUPS = {  # a body whose object requires one of several groups of names
    "openapi": "3.0.3",
    "info": {"title": "T", "version": "1"},
    "paths": {"/c": {"post": {"operationId": "make", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pick"}}}}, "responses": {"204": {"description": "ok"}}}}},
    "components": {"schemas": {"Pick": {
        "type": "object",
        "properties": {n: {"type": "string"} for n in "abcdefgh"},
        "oneOf": [{"required": ["a", "b", "c", "d"]}, {"required": ["e", "f", "g", "h"]}],
    }}},
}


@pytest.mark.parametrize("name", ["constructs", "petstore30", "media", "auth", "params", "groups"])
def test_the_memos_hold_in_another_process(name: str, tmp_path: Path) -> None:
    """What the memos are keyed by follows content, not the process: a second run in an
    interpreter with another hash seed (as every run has) converts and makes no operation again."""
    spec = GOLDEN / name / "spec.yaml"
    if name == "groups":
        spec = tmp_path / "groups.json"
        spec.write_text(json.dumps(_GROUPS), encoding="utf-8")
    cache = tmp_path / "cache"
    counts = []
    for seed in ("1", "2"):
        env = {**os.environ, "CLIENTSMITH_CACHE_DIR": str(cache), "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _COUNTING, str(spec), str(tmp_path / f"out{seed}")], capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        counts.append(tuple(map(int, done.stdout.split()[-2:])))
    assert {p.name.split(".")[0] for p in cache.glob("memos/*/*")} >= {"ops", "conv"}
    assert min(counts[0]) > 0 and counts[1] == (0, 0), counts


def test_a_selection_gives_one_manifest_whatever_the_hash_seed(tmp_path: Path) -> None:
    """The options are in the fingerprint of a run's inputs, which the manifest records: a
    selection of several tags (sets, whose order follows the hash seed) must print the same
    in every process, or each run rewrites the manifest and has nothing to skip."""
    tags = ["one", "two", "three", "four", "five", "six"]
    paths = {f"/{tag}": {"get": {"operationId": f"get_{tag}", "tags": [tag], "responses": {"204": {"description": "ok"}}}} for tag in tags}
    (tmp_path / "spec.json").write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths}), encoding="utf-8")
    listed = ", ".join(json.dumps(tag) for tag in tags[:5])
    (tmp_path / "pyproject.toml").write_text(f'[tool.clientsmith]\nspec = "spec.json"\noutput = "out"\npackage = "picked"\n[tool.clientsmith.include]\ntags = [{listed}]\n', encoding="utf-8")
    manifests, said = [], []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "CLIENTSMITH_CACHE_DIR": str(tmp_path / "cache"), "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        manifests.append((tmp_path / "out" / ".clientsmith.json").read_bytes())
        said.append(done.stdout)
    assert b'"operations": 5' in manifests[0]
    assert manifests[1] == manifests[0] and manifests[2] == manifests[0]
    assert all("0 written" in line for line in said[1:]), said


def _post(operation: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"post": {"operationId": operation, "requestBody": {"content": {"application/json": {"schema": schema}}}, "responses": {"204": {"description": "ok"}}}}


def _titled(title: str) -> dict[str, Any]:
    return {"oneOf": [{"title": title, "type": "object", "properties": {"x": {"type": "string"}}}, {"type": "string"}]}


def _kind(value: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"kind": {"type": "string", "enum": [value]}}, "required": ["kind"]}


def _extends(base: str, field: str) -> dict[str, Any]:
    return {"allOf": [{"$ref": f"#/components/schemas/{base}"}, {"type": "object", "properties": {field: {"type": "string"}}}]}


_UNITS = {
    # The first operation's member class takes the name `Shared`; the second's, converted
    # after, gets another. Once the first's is named otherwise, the second's is `Shared`: a
    # unit replays only from the state it was recorded in (its chain).
    "a name an earlier unit took": (
        {"/a": _post("makeA", _titled("Shared")), "/b": _post("makeB", _titled("Shared"))},
        {},
        lambda data: data["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"]["oneOf"][0].update(title="Other"),
    ),
    # The second operation's union tells its members by `kind`, read from their classes,
    # which the first operation made with what their bases say. Once both bases say the
    # same kind, the union has no discriminator, though the second operation reads no base.
    "a class an earlier unit made": (
        {
            "/a": _post("makeA", {"type": "object", "properties": {"one": {"$ref": "#/components/schemas/C1"}, "two": {"$ref": "#/components/schemas/C2"}}}),
            "/b": {"get": {"operationId": "getB", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"item": {"oneOf": [{"$ref": "#/components/schemas/C1"}, {"$ref": "#/components/schemas/C2"}]}},
            }}}}}}},
        },
        {"B1": _kind("one"), "B2": _kind("two"), "C1": _extends("B1", "v"), "C2": _extends("B2", "w")},
        lambda data: data["components"]["schemas"]["B2"]["properties"]["kind"].update(enum=["one"]),
    ),
}


@pytest.mark.parametrize("case", sorted(_UNITS))
def test_a_conversion_unit_replays_only_from_what_it_read(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ir/convert_memo.py: what an operation's conversion depends on besides the pieces it
    read: the names and classes the units before it made."""
    paths, schemas, edit = _UNITS[case]
    data: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths, "components": {"schemas": schemas}}
    path, out, cold = tmp_path / "spec.json", tmp_path / "out", tmp_path / "cold"
    trees = []
    for step in range(2):
        if step:
            edit(data)
        path.write_text(json.dumps(data), encoding="utf-8")
        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
        assert generate(path, out, "t") == 0
        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
        assert generate(path, cold, "t") == 0
        trees.append(tree(out))
        assert trees[-1] == tree(cold)
    changed = {name for name in trees[1] if trees[0].get(name) != trees[1][name]}
    assert any("/types/" in name for name in changed), changed  # (the edit reached a model)


def test_a_run_leaves_nothing_frozen_for_the_process_that_runs_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parse and the model are frozen out of the collector's way during a run; a process
    that runs again (a test suite, a tool calling `main`) gets the collector back as it was,
    whether the run succeeds or the document is broken."""
    import gc

    from generator.cli import main

    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: [unclosed\n", encoding="utf-8")
    gc.unfreeze()
    assert main(["generate", str(GOLDEN / "constructs" / "spec.yaml"), "-o", str(tmp_path / "out")]) == 0
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    assert main(["generate", str(broken), "-o", str(tmp_path / "broken-out")]) == 2
    assert gc.get_freeze_count() == 0 and gc.isenabled()
