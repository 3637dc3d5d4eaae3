"""Shared helpers of the benchmarks: paths, peer venvs, measured runs, statistics, the table.

Standard library only: the harness runs on the project's .venv python or any python3 >= 3.10.
The peers (and the runtimes the generated client and the `openai` SDK import) are installed
into their own venvs under benchmarks/.venvs/ (or $CLIENTSMITH_BENCH_CACHE), created on first
use with `python -m venv` + pip and reused afterwards.

`python benchmarks/_common.py serve BODY_FILE` runs the local HTTP server of figure 4.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = Path(os.environ.get("CLIENTSMITH_BENCH_CACHE") or BENCH / ".venvs")
SPEC = Path(os.environ.get("CLIENTSMITH_BENCH_SPEC") or REPO.parent / "shared" / "specs" / "openai.yaml")
PACKAGE = "openai_full"

# Pinned so that a re-run measures the same peers; bump them here (the venv is rebuilt).
PYDANTIC = "pydantic==2.14.4"
PEERS = {
    "openapi-python-client": ["openapi-python-client==0.29.1"],
    "openapi-generator": ["openapi-generator-cli==7.26.0"],
    "datamodel-code-generator": ["datamodel-code-generator==0.89.0"],
    # What a generated clientsmith package needs at run time, nothing else.
    "client-runtime": ["httpx2==2.16.2", PYDANTIC],
    "openai": ["openai==3.57.0", PYDANTIC],
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- venvs


def bin_path(venv: Path, exe: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / exe


def ensure_venv(name: str, requirements: Sequence[str] | None = None) -> Path:
    """benchmarks/.venvs/NAME with `requirements` installed (skipped when already done)."""
    requirements = list(PEERS[name] if requirements is None else requirements)
    venv = CACHE / name
    stamp = venv / ".bench-requirements.json"
    wanted = json.dumps(requirements)
    if stamp.is_file() and stamp.read_text() == wanted and bin_path(venv, "python").exists():
        return venv
    log(f"creating {venv} with {' '.join(requirements)}")
    if venv.exists():
        shutil.rmtree(venv)
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run([_base_python(), "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [str(bin_path(venv, "python")), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements],
        capture_output=True,
        text=True,
    )
    if pip.returncode != 0:
        raise SystemExit(f"pip install {' '.join(requirements)} failed:\n{pip.stdout}{pip.stderr}")
    stamp.write_text(wanted)
    return venv


def _base_python() -> str:
    # From inside a venv, `-m venv` still builds on the base interpreter.
    return sys.executable or shutil.which("python3") or "python3"


def clientsmith_venv() -> Path:
    """The project's .venv when its clientsmith is this checkout's, else
    benchmarks/.venvs/clientsmith (editable, with what the generated tests need). A .venv
    linked from another checkout runs that checkout's code, edits in progress included: a
    run in a clone of a commit must measure the commit."""
    project = REPO / ".venv"
    if bin_path(project, "clientsmith").exists() and _imports_this_checkout(project):
        return project
    return ensure_venv("clientsmith", ["-e", f"{REPO}[test]"])


def _imports_this_checkout(venv: Path) -> bool:
    code = "import generator, pathlib; print(pathlib.Path(generator.__file__).resolve().parents[1])"
    found = subprocess.run([str(bin_path(venv, "python")), "-c", code], capture_output=True, text=True, env=clean_env(venv), cwd=tempfile.gettempdir())
    return found.returncode == 0 and Path(found.stdout.strip()) == REPO.resolve()


def dist_version(venv: Path, dist: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({dist!r}))"
    out = subprocess.run([str(bin_path(venv, "python")), "-c", code], capture_output=True, text=True)
    return out.stdout.strip() or "?"


def java_version() -> str:
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True)
    except OSError:
        return "none"
    first = (out.stderr or out.stdout).splitlines()
    return first[0] if first else "?"


PYCACHE = CACHE / "pycache"


def clean_env(venv: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment for a measured child: the venv's bin first on PATH, no stray Python or OpenAI settings.

    Bytecode is written and read under benchmarks/.venvs/pycache (PYTHONPYCACHEPREFIX) for every
    child alike: nothing lands in the source tree, and a PYTHONDONTWRITEBYTECODE=1 in the caller's
    environment (which would make every import compile from source) does not reach the children.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "OPENAI_", "VIRTUAL_ENV", "CLIENTSMITH_DEBUG"))}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if venv is not None:
        env["PATH"] = f"{bin_path(venv, 'python').parent}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(venv)
    env.update(extra)
    return env


# --------------------------------------------------------------------------- measured runs


def _machine_busy() -> float:
    """CPU seconds spent by the whole machine (all cores) since boot, from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _self_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def background_load(seconds: float = 0.5) -> float:
    """Cores kept busy by other processes, sampled over `seconds` while we sleep."""
    before, own = _machine_busy(), _self_cpu()
    time.sleep(seconds)
    return max(0.0, (_machine_busy() - before - (_self_cpu() - own)) / seconds)


WAIT_FOR_QUIET = True  # --no-wait turns it off


def common_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help="fewer runs, iterations and processes")
    parser.add_argument("--profile", action="store_true", help="also profile clientsmith where a figure supports it (cProfile) and print the top costs")
    parser.add_argument("--no-wait", action="store_true", help="do not wait for other processes to leave the CPU before each measurement")


def apply_common(args: argparse.Namespace) -> None:
    global WAIT_FOR_QUIET
    WAIT_FOR_QUIET = not args.no_wait


def settle() -> float:
    """Before a measurement: wait for other processes to stop using the CPU (see wait_for_quiet)."""
    return wait_for_quiet() if WAIT_FOR_QUIET else 0.0


def wait_for_quiet(limit: float = 0.3, max_wait: float = 60.0) -> float:
    """Wait (up to max_wait s) until other processes use less than `limit` cores; returns the last sample."""
    deadline = time.monotonic() + max_wait
    load = background_load()
    announced = False
    while load > limit and time.monotonic() < deadline:
        if not announced:
            log(f"waiting for the machine to quiet down (other processes busy {load:.2f} cores)")
            announced = True
        time.sleep(2)
        load = background_load()
    return load


@dataclass
class Run:
    wall: float  # seconds, from spawn to exit
    tree_rss_mb: float | None  # peak of the summed RSS of the process and all its descendants (polled)
    tree_pss_mb: float | None  # the same with PSS (shared pages split between sharers)
    max_rss_mb: float  # largest single process (wait4 ru_maxrss: what `/usr/bin/time -v` prints)
    returncode: int
    stdout: str
    stderr: str
    cpu: float = 0.0  # user + system seconds of the tree
    background: float = 0.0  # cores kept busy by other processes during the run (machine CPU - tree - harness)


MEMORY_METHOD = (
    "peak RSS of the whole process tree: /proc/<pid>/task/*/children walked and /proc/<pid>/smaps_rollup "
    "summed every 10 ms or more, leaving out a sample during which a process of the tree forked or ended "
    "(the RSS sum counts pages shared by forked workers once per process: an upper bound; "
    "PSS splits them); 'largest process' is wait4() ru_maxrss, the number `/usr/bin/time -v` reports"
)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(p) for p in fh.read().split()]
        except OSError:
            pass
    return found


def _tree_pids(root: int) -> set[int]:
    """`root` and its descendants."""
    found: set[int] = set()
    stack = [root]
    while stack:
        pid = stack.pop()
        found.add(pid)
        stack += _children(pid)
    return found


def _tree_memory(pids: set[int]) -> tuple[int, int]:
    """(RSS, PSS) in kB summed over `pids` (one that has ended counts nothing)."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


_HAVE_PROC = os.path.exists(f"/proc/{os.getpid()}/smaps_rollup") and os.path.exists(f"/proc/{os.getpid()}/task")


def measure(cmd: Sequence[str], *, cwd: Path | str | None = None, env: dict[str, str] | None = None, timeout: float = 1800, memory: bool = True) -> Run:
    """Run `cmd` once: wall time, peak memory of its process tree (unless not `memory`:
    the poller slows what it measures, see `poll`), output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        peak = [0, 0]
        done = threading.Event()
        busy_before, own_before = _machine_busy(), _self_cpu()
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)

        def poll() -> None:
            # Reading smaps_rollup walks the process's memory map (18 ms for 360 MB) and holds
            # its lock: polls are spaced by five times their cost, so that measuring a big run
            # takes a sixth of a core at most instead of one whole and slowing the run itself.
            # A sample during which a process of the tree forked or ended is left out: the
            # parent read before a fork and its child read after it count the shared pages
            # one and a half times (graph-beta's forks from a 1.2 GB process read up to 0.4 GB
            # too high at random), and one that ended mid-sample is missing from the sum.
            while not done.is_set():
                start = time.perf_counter()
                pids = _tree_pids(proc.pid)
                rss, pss = _tree_memory(pids)
                if _tree_pids(proc.pid) == pids:
                    peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                done.wait(max(0.01, 5 * (time.perf_counter() - start)))

        def kill() -> None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the session this run started, nothing else
            except OSError:
                pass

        poller = threading.Thread(target=poll, daemon=True) if _HAVE_PROC and memory else None
        if poller:
            poller.start()
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        done.set()
        if poller:
            poller.join()
        cpu = usage.ru_utime + usage.ru_stime
        others = _machine_busy() - busy_before - cpu - (_self_cpu() - own_before)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in kB on Linux, bytes on macOS.
        max_rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        return Run(
            wall,
            peak[0] / 1024 if poller else None,
            peak[1] / 1024 if poller else None,
            max_rss,
            proc.returncode,
            out.read(),
            err.read(),
            cpu,
            max(0.0, others / wall) if wall > 0.2 else 0.0,  # /proc/stat ticks are too coarse below that
        )


def check_ok(run: Run, what: str) -> Run:
    if run.returncode != 0:
        tail = "\n".join((run.stdout + run.stderr).splitlines()[-20:])
        raise SystemExit(f"{what} failed with exit status {run.returncode}:\n{tail}")
    return run


# --------------------------------------------------------------------------- clientsmith


def clientsmith_cmd(*args: str) -> list[str]:
    return [str(bin_path(clientsmith_venv(), "clientsmith")), *args]


def require_spec() -> Path:
    if not SPEC.is_file():
        raise SystemExit(f"the OpenAI spec is not at {SPEC} (set CLIENTSMITH_BENCH_SPEC)")
    return SPEC


def generate_openai_client(out: Path) -> Path:
    """`clientsmith generate SPEC -o OUT --package openai_full`; returns OUT (the folder to put on sys.path)."""
    spec = require_spec()
    log(f"generating the clientsmith OpenAI client into {out}")
    run = measure(clientsmith_cmd("generate", str(spec), "-o", str(out), "--package", PACKAGE), cwd=out.parent, env=clean_env(clientsmith_venv()))
    check_ok(run, "clientsmith generate")
    return out


# --------------------------------------------------------------------------- statistics and the table


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float], fmt=None) -> str:  # type: ignore[no-untyped-def]
    """'min-max' of several values ('' for one)."""
    fmt = fmt or fmt_time
    return f"{fmt(min(values))}-{fmt(max(values))}" if len(values) > 1 else ""


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} us"


def fmt_mb(mb: float | None) -> str:
    return "-" if mb is None else f"{mb:.0f} MB"


@dataclass
class Row:
    figure: str
    what: str
    value: str  # the median, formatted
    detail: str = ""  # min-max, memory, counts
    ratio: str = ""  # against clientsmith / against raw / against openai
    goal: str = ""
    met: bool | None = None
    note: str = ""


@dataclass
class Figure:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)


def table(rows: Sequence[Row]) -> str:
    """A Markdown table (readable as plain text too)."""
    header = ["fig", "measurement", "median", "detail", "ratio", "goal", "met"]
    body = [
        [r.figure, r.what, r.value, r.detail, r.ratio, r.goal, "" if r.met is None else ("yes" if r.met else "NO")]
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(len(header))]

    def fmt(line: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(line, widths)) + " |"

    lines = [fmt(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += [fmt(line) for line in body]
    return "\n".join(lines)


def print_figures(figures: Sequence[Figure]) -> None:
    print(table([row for fig in figures for row in fig.rows]))
    notes = [note for fig in figures for note in fig.notes]
    if notes:
        print()
        for note in notes:
            print(f"- {note}")
    versions: dict[str, str] = {}
    for fig in figures:
        versions.update(fig.versions)
    if versions:
        print()
        print("versions: " + "; ".join(f"{k} {v}" for k, v in versions.items()))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            names = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
        if names:
            cpu = names[0]
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    try:
        load = " (load average %.2f %.2f %.2f at start)" % os.getloadavg()
    except OSError:
        load = ""
    return f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; harness Python {platform.python_version()}{load}"


def git_revision() -> str:
    try:
        rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(  # the benchmarks' own edits do not change what is measured
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)benchmarks"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "?"
    return f"{rev}{' + uncommitted changes' if dirty else ''}" if rev else "?"


def source_changed_since(timestamp: float) -> bool:
    """Whether a file clientsmith is made of (generator/, templates/) was modified after `timestamp`."""
    for folder in (REPO / "generator", REPO / "templates"):
        for path in folder.rglob("*"):
            try:
                if path.is_file() and "__pycache__" not in path.parts and path.stat().st_mtime > timestamp:
                    return True
            except OSError:
                continue
    return False


def header() -> str:
    return f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {machine()}; clientsmith at {git_revision()}"


# --------------------------------------------------------------------------- the local HTTP server (figure 4)


def serve(body: bytes, port: int = 0) -> None:
    """A tiny threaded HTTP/1.1 server: every request gets `body` (JSON, 200), keep-alive.

    Raw sockets rather than http.server: the server's own cost per request is part of every
    measured call, and the smaller it is the more the client's overhead shows.
    """
    response = (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
        + b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    pin(server=True)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(64)
    print(listener.getsockname()[1], flush=True)

    def handle(conn: socket.socket) -> None:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buf:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, _, buf = buf.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                while len(buf) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                buf = buf[length:]
                conn.sendall(response)

    while True:
        conn, _ = listener.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def pin(*, server: bool) -> str:
    """With 2+ CPUs, the server on the last one and the measured client on the others (figure 4),
    opt-in with CLIENTSMITH_BENCH_PIN=1 (on the 2-core VM it was measured on, it did not reduce the variance)."""
    if os.environ.get("CLIENTSMITH_BENCH_PIN", "0") != "1" or not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return "not pinned (one CPU)"
    mine = {cpus[-1]} if server else set(cpus[:-1])
    os.sched_setaffinity(0, mine)
    return f"server pinned to CPU {cpus[-1]}, client to CPU {','.join(map(str, cpus[:-1]))}"


class Server:
    """`serve` in a child process (its own GIL); `with Server(body) as url: ...`."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def __enter__(self) -> str:
        self._file = tempfile.NamedTemporaryFile(suffix=".json", delete=False)
        self._file.write(self._body)
        self._file.close()
        self._proc = subprocess.Popen(
            [sys.executable, str(Path(__file__)), "serve", self._file.name], stdout=subprocess.PIPE, text=True
        )
        assert self._proc.stdout is not None
        port = int(self._proc.stdout.readline())
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self._proc.terminate()
        self._proc.wait()
        os.unlink(self._file.name)




def profile_top(path: str | Path, *, include: Sequence[str], top: int = 15, key: str = "cumulative") -> list[str]:
    """The functions of a cProfile dump with the most cumulative (or own) time, among files whose path contains one of `include`."""
    import pstats

    stats = pstats.Stats(str(path))
    rows = []
    for (filename, line, name), (_, ncalls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if any(part in filename for part in include):
            where = name if filename == "~" else f"{'/'.join(Path(filename).parts[-2:])}:{line}({name})"  # "~": a builtin
            rows.append((cumtime, tottime, ncalls, where))
    if key == "own":
        rows.sort(key=lambda row: -row[1])
        return [f"{tot:6.2f} s own ({cum:.2f} s cumulative, {n} calls)  {where}" for cum, tot, n, where in rows[:top]]
    rows.sort(reverse=True)
    return [f"{cum:6.2f} s cumulative ({tot:.2f} s own, {n} calls)  {where}" for cum, tot, n, where in rows[:top]]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        try:
            serve(Path(sys.argv[2]).read_bytes())
        except KeyboardInterrupt:
            pass
    else:
        raise SystemExit("usage: _common.py serve BODY_FILE")
