"""The CI recipes this repository ships, run rather than read: the `run:` steps of
examples/ci/clientsmith.yml against a throwaway git repository whose spec changes between two
commits, and the hooks of .pre-commit-hooks.yaml as pre-commit runs them."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "ci" / "clientsmith.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
BIN = str(Path(sys.executable).parent)  # where `clientsmith` is installed

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1.0.0"},
    "servers": [{"url": "https://shop.example"}],
    "paths": {
        "/orders": {
            "get": {
                "operationId": "listOrders",
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}}}}},
            }
        },
        "/orders/{id}": {
            "delete": {
                "operationId": "deleteOrder",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "gone"}},
            }
        },
    },
    "components": {"schemas": {"Order": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}},
}
ENV = {
    **os.environ,
    "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
    "GIT_AUTHOR_NAME": "ci",
    "GIT_AUTHOR_EMAIL": "ci@example.com",
    "GIT_COMMITTER_NAME": "ci",
    "GIT_COMMITTER_EMAIL": "ci@example.com",
}


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env or ENV, capture_output=True, text=True)


def _git(repo: Path, *args: str) -> None:
    done = _run(["git", *args], repo)
    assert done.returncode == 0, done.stderr


def _write_spec(repo: Path, spec: dict[str, Any]) -> None:
    (repo / "specs").mkdir(exist_ok=True)
    (repo / "specs" / "api.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project on main with its spec and the client generated from it, pushed to `origin`."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    _git(tmp_path, "init", "-q", "-b", "main", str(work))
    (work / "pyproject.toml").write_text('[tool.clientsmith]\nspec = "specs/api.yaml"\noutput = "generated"\npackage = "shop"\n', encoding="utf-8")
    _write_spec(work, SPEC)
    assert _run(["clientsmith", "generate"], work).returncode == 0
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "the first spec")
    _git(work, "remote", "add", "origin", str(origin))
    _git(work, "push", "-q", "origin", "main")
    _git(work, "checkout", "-q", "-b", "change")
    return work


def _pull_request(repo: Path, spec: dict[str, Any], regenerate: bool = True) -> None:
    """The second commit: the spec changed (and the client regenerated, unless not)."""
    _write_spec(repo, spec)
    if regenerate:
        assert _run(["clientsmith", "generate"], repo).returncode == 0
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "the spec changes")


def _workflow_steps(repo: Path, labels: list[str]) -> tuple[dict[str, int], str]:
    """Each `run:` step (but the install) as GitHub runs it, until one fails: its id -> exit
    status; and the comment the diff step wrote. `${{ ... }}` expressions are given the
    values GitHub would give them."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    job = workflow["jobs"]["client"]
    runner = repo.parent / "runner"  # GitHub's files live outside the workspace
    runner.mkdir(exist_ok=True)
    outputs_file, summary_file = runner / "output", runner / "summary"
    outputs_file.write_text("", encoding="utf-8")
    results: dict[str, int] = {}
    for step in job["steps"]:
        if "run" not in step or step["id"] == "install":
            continue
        outputs = dict(line.split("=", 1) for line in outputs_file.read_text(encoding="utf-8").splitlines() if "=" in line)
        values = {
            "github.base_ref": "main",
            "steps.diff.outputs.status": outputs.get("status", ""),
            "join(github.event.pull_request.labels.*.name, ',')": ",".join(labels),
        }
        env = {**ENV, **job.get("env", {}), "GITHUB_OUTPUT": str(outputs_file), "GITHUB_STEP_SUMMARY": str(summary_file), "RUNNER_TEMP": str(runner)}
        env |= {name: _expand(str(value), values) for name, value in step.get("env", {}).items()}
        done = _run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _expand(step["run"], values)], repo, env)
        results[step["id"]] = done.returncode
        if done.returncode != 0:
            break
    comment = runner / "clientsmith-diff.md"
    return results, comment.read_text(encoding="utf-8") if comment.exists() else ""


def _expand(text: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        assert match.group(1) in values, f"the test does not know {match.group(1)!r}: teach it"
        return values[match.group(1)]

    return re.sub(r"\$\{\{\s*(.+?)\s*\}\}", value, text)


def _without_delete() -> dict[str, Any]:
    return {**SPEC, "paths": {"/orders": SPEC["paths"]["/orders"]}}


def _with_optional_parameter() -> dict[str, Any]:
    get = SPEC["paths"]["/orders"]["get"]
    parameters = [*get["parameters"], {"name": "after", "in": "query", "schema": {"type": "string"}}]
    return {**SPEC, "paths": {**SPEC["paths"], "/orders": {"get": {**get, "parameters": parameters}}}}


def test_a_breaking_change_fails_unless_labelled(repo: Path) -> None:
    _pull_request(repo, _without_delete())
    results, comment = _workflow_steps(repo, labels=["docs"])
    assert results == {"generate": 0, "diff": 0, "gate": 1}
    assert "### Breaking (1)" in comment and "`client.orders.delete`" in comment
    results, _ = _workflow_steps(repo, labels=["docs", "breaking-change"])
    assert results == {"generate": 0, "diff": 0, "gate": 0}


def test_a_compatible_change_passes(repo: Path) -> None:
    _pull_request(repo, _with_optional_parameter())
    results, comment = _workflow_steps(repo, labels=[])
    assert results == {"generate": 0, "diff": 0, "gate": 0}
    assert "### Compatible (1)" in comment and "client.orders.list(after=)" in comment


def test_a_client_left_stale_fails(repo: Path) -> None:
    _pull_request(repo, _with_optional_parameter(), regenerate=False)
    results, _ = _workflow_steps(repo, labels=[])
    assert results == {"generate": 1}


def test_the_pre_commit_hooks(repo: Path) -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert set(hooks) == {"clientsmith-check", "clientsmith-generate"}
    for hook in hooks.values():  # what pre-commit requires of a hook, and what these need
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
        assert hook["pass_filenames"] is False

    def run(hook: str) -> int:  # as pre-commit runs it: its entry, at the repository's top
        return _run(shlex.split(hooks[hook]["entry"]), repo).returncode

    assert run("clientsmith-check") == 0
    _write_spec(repo, _without_delete())
    assert run("clientsmith-check") == 1  # stale: the commit is refused
    assert run("clientsmith-generate") == 0
    assert run("clientsmith-check") == 0
    assert not (repo / "generated" / "shop" / "resources" / "orders.py").read_text(encoding="utf-8").count("def delete")
