"""Golden tests: small specs in, expected files out, compared byte for byte.

`UPDATE_GOLDEN=1 pytest tests/test_golden.py` rewrites the expected files; review the diff.
The static runtime copied into every package is left out: it has tests of its own; so is
the manifest of file hashes, which follows the runtime.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import GOLDEN, ROOT, generate, import_findings, long_prose_lines, unused_imports
from generator.render import _RUNTIME_SKIP
from generator.write import MANIFEST

RUNTIME = {p.name for p in (Path(__file__).parents[1] / "generator" / "runtime").glob("*.py")} - _RUNTIME_SKIP
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file())


def generated_files(out: Path, package: str) -> dict[str, str]:
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        runtime = rel.startswith(package + "/_") and path.name in RUNTIME
        if path.is_file() and not runtime and rel != MANIFEST:
            files[rel] = path.read_text(encoding="utf-8")
    return files


def expected_files(case: str) -> dict[str, str]:
    expected_dir = GOLDEN / case / "expected"
    return {p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8") for p in sorted(expected_dir.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(GOLDEN / case / "spec.yaml", out, case) == 0
    actual = generated_files(out, case)
    expected_dir = GOLDEN / case / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, text in actual.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_text(text, encoding="utf-8")
    expected = expected_files(case)
    assert sorted(actual) == sorted(expected)
    for rel in expected:
        assert actual[rel] == expected[rel], f"{rel} differs from tests/golden/{case}/expected/{rel}"


@pytest.mark.parametrize("case", ["constructs", "media"])
def test_a_big_documents_files_made_in_two_processes_are_the_same(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From a size on, forked processes make the mock's document, half of the operations'
    models and test cases, render and format the files share by share, and stage half of
    them for writing: the output is the golden one all the same, and each process had files
    to render."""
    from generator import pipeline, render
    from generator.ir import build
    from generator.write import transaction

    renderers = tmp_path / "renderers"
    render_jobs = render.render_jobs

    def counted(api: Any, todo: list[render.Job], *rest: Any) -> dict[str, str]:
        if todo:
            with open(renderers, "a") as log:
                log.write(f"{os.getpid()}\n")
        return render_jobs(api, todo, *rest)

    monkeypatch.setattr(pipeline, "_FORK_FROM", 0)
    monkeypatch.setattr(pipeline, "_SHARED_FROM", 0)
    monkeypatch.setattr(build, "_FORK_FROM", 0)
    monkeypatch.setattr(transaction, "_STAGE_FORK_FROM", 0)
    monkeypatch.setattr(render, "render_jobs", counted)
    out = tmp_path / "out"
    assert generate(GOLDEN / case / "spec.yaml", out, case) == 0
    assert len(set(renderers.read_text().split())) == 2
    assert generated_files(out, case) == expected_files(case)


@pytest.mark.parametrize("case", CASES)
def test_generation_is_idempotent_and_stable(case: str, tmp_path: Path) -> None:
    """Twice the same bytes; and black finds nothing to change in its own output."""
    first, second = tmp_path / "a", tmp_path / "b"
    assert generate(GOLDEN / case / "spec.yaml", first, case) == 0
    assert generate(GOLDEN / case / "spec.yaml", second, case) == 0
    assert generated_files(first, case) == generated_files(second, case)
    assert import_findings(first) == []
    assert long_prose_lines(first) == []
    import black

    from generator.format import mode

    for rel, text in generated_files(first, case).items():
        if rel.endswith(".py"):
            assert black.format_str(text, mode=mode()) == text, rel


@pytest.mark.parametrize("folder", [*(f"golden/{case}/expected" for case in CASES), "../generated"])
def test_generated_code_imports_nothing_it_does_not_use(folder: str) -> None:
    assert unused_imports(ROOT / "tests" / folder) == []
