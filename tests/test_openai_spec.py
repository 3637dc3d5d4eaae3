"""The whole OpenAI API (../shared/specs/openai.yaml): every operation generated, type-checked,
and run against the mock transport and against Prism started on the spec.

Where the spec is absent (outside CI) these skip; CI sets CLIENTSMITH_REQUIRE_OPENAI_SPEC=1,
which turns its absence into a failure.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import OPENAI_SPEC, import_findings, long_prose_lines, prism_available, run_generated_tests, run_mypy, unused_imports

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Failures that are Prism's, not the client's; asserted to be exactly these, so none hides.
# (None left: /audio/speech declares a `Transfer-Encoding` answer header, which Prism filled
# with "string", until the mock's document left the transport's headers out.)
PRISM_KNOWN: dict[str, str] = {}

pytestmark = pytest.mark.skipif(
    not OPENAI_SPEC.is_file() and not os.environ.get("CLIENTSMITH_REQUIRE_OPENAI_SPEC"),
    reason=f"the shared OpenAI spec is not at {OPENAI_SPEC} (CI has it)",
)


def clientsmith(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    assert OPENAI_SPEC.is_file(), f"CLIENTSMITH_REQUIRE_OPENAI_SPEC is set but {OPENAI_SPEC} is missing"
    out = tmp_path_factory.mktemp("openai") / "out"
    result = clientsmith("generate", str(OPENAI_SPEC), "-o", str(out), "--package", "openai_full")
    assert result.returncode == 0, result.stderr[-3000:]
    return out, result.stdout


def spec_operations() -> int:
    spec = yaml.load(OPENAI_SPEC.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return sum(1 for item in spec["paths"].values() for m in HTTP_METHODS if isinstance(item.get(m), dict))


def test_every_operation_is_generated(full: tuple[Path, str]) -> None:
    out, summary = full
    expected = spec_operations()
    assert expected == 288
    assert f"{expected} operations (0 skipped)" in summary, summary
    methods = 0  # every sync method has a raw-response twin (and an async one)
    for module in (out / "openai_full" / "resources").rglob("*.py"):
        methods += module.read_text(encoding="utf-8").count(" = to_raw_response_wrapper(")
    assert methods == expected


def test_validator_findings_are_warnings_with_locations(full: tuple[Path, str]) -> None:
    result = clientsmith("check", str(OPENAI_SPEC), "-o", str(full[0]), "--package", "openai_full")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    result = clientsmith("generate", str(OPENAI_SPEC), "-o", str(full[0]) + "-again", "--package", "openai_full")
    assert "duplicate entries in required list" in result.stderr
    for line in result.stderr.splitlines():
        assert re.match(r"clientsmith: (\.\.\. and \d+ more warnings|\S+openai\.yaml:\d+ \(#/\S*\): warning: .+)", line), line


def test_regeneration_after_an_edit_is_what_a_cold_run_gives(tmp_path: Path) -> None:
    """The cache (parsed pieces, the validator's memo) after edits to the whole spec: the same
    files and messages as a run without any cache."""
    spec = tmp_path / "openai.yaml"
    text = OPENAI_SPEC.read_text(encoding="utf-8")
    spec.write_text(text, encoding="utf-8")
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    assert clientsmith("generate", str(spec), "-o", str(warm), "--package", "openai_full").returncode == 0  # fills the cache
    edits = [  # a description, an invalid keyword (a new finding), a path item's summary
        ("    CreateChatCompletionResponse:\n", "    CreateChatCompletionResponse:\n      description: edited\n"),
        ("    CreateThreadRequest:\n      type: object\n", "    CreateThreadRequest:\n      type: object\n      minProperties: true\n"),
        ("  /threads:\n    post:\n", "  /threads:\n    summary: edited\n    post:\n"),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    spec.write_text(text, encoding="utf-8")
    again = clientsmith("generate", str(spec), "-o", str(warm), "--package", "openai_full")
    assert again.returncode == 0, again.stderr[-2000:]
    env = {**os.environ, "CLIENTSMITH_CACHE_DIR": "off"}
    command = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(cold), "--package", "openai_full"]
    fresh = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert fresh.returncode == 0, fresh.stderr[-2000:]
    assert "minProperties" in fresh.stderr
    assert again.stderr == fresh.stderr

    def files(folder: Path) -> dict[Path, bytes]:
        return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".clientsmith.json"}

    assert files(warm) == files(cold)


def test_every_module_imports(full: tuple[Path, str]) -> None:
    out, _ = full
    code = (
        "import importlib, pkgutil, openai_full, openai_full.resources, openai_full.types as t\n"
        "for m in pkgutil.walk_packages(openai_full.resources.__path__, 'openai_full.resources.'): importlib.import_module(m.name)\n"
        "for name in t.__all__: getattr(t, name)\n"
        "c = openai_full.Client(api_key='k'); c.chat.completions; c.threads.runs\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]


def test_no_module_imports_what_it_does_not_use(full: tuple[Path, str]) -> None:
    assert unused_imports(full[0]) == []


def test_imports_are_in_isort_order_and_all_used(full: tuple[Path, str]) -> None:
    assert import_findings(full[0]) == []


def test_docstrings_and_comments_are_wrapped_to_the_line_length(full: tuple[Path, str]) -> None:
    """Over 88 characters only where a single piece (a link, a code span, a name) is longer
    than the line leaves room for."""
    assert long_prose_lines(full[0]) == []


def test_modules_are_small_and_long_lines_are_those_nothing_breaks(full: tuple[Path, str]) -> None:
    """The SDK's layout: no module over 3,000 lines. A code line over 88 characters is one
    black leaves as it is (a long name, a string), checked on every module that has one."""
    import black

    from generator.format import mode

    out = full[0]
    sizes = {p.relative_to(out): p.read_text(encoding="utf-8").count("\n") for p in out.rglob("*.py")}
    assert max(sizes.values()) <= 3000, max(sizes.items(), key=lambda item: item[1])
    with_long_lines = [p for p in out.rglob("*.py") if any(len(line) > 88 for line in p.read_text(encoding="utf-8").split("\n"))]
    for path in with_long_lines:
        text = path.read_text(encoding="utf-8")
        assert black.format_str(text, mode=mode()) == text, path.relative_to(out)
    assert len(with_long_lines) < len(sizes) / 4, f"{len(with_long_lines)} of {len(sizes)} modules have lines over 88"


def test_signatures_name_the_document_s_types(full: tuple[Path, str]) -> None:
    """`model: ModelIdsShared`, and a union of classes by its name (`ToolParam`) rather than
    spelled out: what keeps a signature near the SDK's length."""
    create = (full[0] / "openai_full" / "resources" / "chat" / "completions" / "completions.py").read_text(encoding="utf-8")
    assert "        model: ModelIdsShared,\n" in create
    assert "Sequence[ChatCompletionRequestMessageParam]" in create
    responses = (full[0] / "openai_full" / "resources" / "responses" / "responses.py").read_text(encoding="utf-8")
    assert "Sequence[ToolParam]" in responses


def test_mypy_strict(full: tuple[Path, str]) -> None:
    result = run_mypy(full[0], "openai_full")
    assert result.returncode == 0, result.stdout[-4000:]


def test_generated_tests_pass_against_the_mock_transport(full: tuple[Path, str]) -> None:
    result = run_generated_tests(full[0], "-k", "not prism", "-x")
    assert result.returncode == 0, result.stdout[-4000:]
    assert re.search(r"\b(\d{4,}) passed", result.stdout), result.stdout[-500:]


def test_prism_accepts_every_request_with_all_arguments(full: tuple[Path, str]) -> None:
    if not prism_available():
        if os.environ.get("CLIENTSMITH_REQUIRE_PRISM"):
            pytest.fail("CLIENTSMITH_REQUIRE_PRISM is set but Prism is not installed")
        pytest.skip("Prism mock server not installed (npm @stoplight/prism-cli); set PRISM_BIN")
    result = run_generated_tests(full[0], "-k", "prism and all_args and not async", "-rf")
    failed = set(re.findall(r"^FAILED \S+::(\S+)", result.stdout, re.M))
    assert failed == set(PRISM_KNOWN), result.stdout[-5000:]
    for test, reason in PRISM_KNOWN.items():
        assert reason in result.stdout, f"{test} failed otherwise than known ({reason})"
    assert re.search(r"(\d+) passed", result.stdout)
    assert int(re.search(r"(\d+) passed", result.stdout).group(1)) == spec_operations() - len(PRISM_KNOWN)


def test_one_operation_from_the_whole_spec(tmp_path: Path) -> None:
    """Only POST /threads: the output holds what it needs, and Prism on openai.yaml accepts it."""
    out = tmp_path / "out"
    result = clientsmith("generate", str(OPENAI_SPEC), "-o", str(out), "--package", "threads_only", "--operation", "createThread")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "1 operations (0 skipped)" in result.stdout
    assert [p.name for p in (out / "threads_only" / "resources").glob("*.py") if p.name != "__init__.py"] == ["threads.py"]
    assert len(list((out / "threads_only" / "types").glob("*.py"))) < 40
    assert run_mypy(out, "threads_only").returncode == 0
    tests = run_generated_tests(out, "-rs")
    assert tests.returncode == 0, tests.stdout[-3000:]
    if prism_available():
        assert "[prism]" in run_generated_tests(out, "--collect-only").stdout
        assert "skipped" not in tests.stdout
