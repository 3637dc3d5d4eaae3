"""Interrupted and concurrent runs, with real processes and real signals.

- SIGINT or SIGTERM: the run stops its workers and exits within a second (130, 143), with
  nothing left behind and the output as it was.
- SIGKILL: its workers notice and are gone within a second.
- Killed in the middle of a commit: the next run puts the previous output back, byte for byte.
- Two runs on one folder: the second waits for the first; the result is one whole tree.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_ownership import SPEC_A, SPEC_B, tree

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="worker processes, /proc and these signals are Linux's")


def big_spec(path: Path, count: int = 800) -> Path:
    """A document whose run forks a formatting worker: many schemas, each with a long enum
    line for black to lay out, so the worker lives for a second or more."""
    lines = ["openapi: 3.1.0", "info: {title: Big, version: '1'}", "paths:"]
    for i in range(count):
        lines += [
            f"  /things{i}:",
            "    get:",
            f"      operationId: getThing{i}",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content:",
            f"            application/json: {{schema: {{$ref: '#/components/schemas/Thing{i}'}}}}",
        ]
    lines += ["components:", "  schemas:"]
    for i in range(count):
        values = ", ".join(f"value_{i}_{j}_{'x' * 12}" for j in range(6))
        lines += [f"    Thing{i}:", "      type: object", f"      properties: {{kind: {{type: string, enum: [{values}]}}}}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start(*args: str, cwd: Path, **environ: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CLIENTSMITH_CACHE_DIR": "off", **environ}  # cold: the run does all its work
    env.pop("CLIENTSMITH_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; it waits only for its new parent to reap it


def wait_for_workers(run: subprocess.Popen[str], timeout: float = 120) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = children(run.pid)
        if found:
            return found
        assert run.poll() is None, f"the run ended before it forked a worker: {run.communicate()}"
        time.sleep(0.005)
    raise AssertionError("no worker process within the time limit")


def gone_within(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.01)
    return {p for p in pids if alive(p)}


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An output folder from an earlier run, which an interrupted run must leave as it was."""
    spec = tmp_path / "a.yaml"
    spec.write_text(SPEC_A, encoding="utf-8")
    out = tmp_path / "out"
    run = start("generate", str(spec), "-o", str(out), "--package", "big", cwd=tmp_path)
    assert run.wait(300) == 0, run.communicate()
    return out


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_run_and_its_workers(previous: Path, tmp_path: Path, signum: int, status: int) -> None:
    spec = big_spec(tmp_path / "big.yaml")
    before = tree(previous)
    run = start("generate", str(spec), "-o", str(previous), "--package", "big", cwd=tmp_path)
    workers = wait_for_workers(run)

    run.send_signal(signum)
    sent = time.monotonic()
    try:
        code = run.wait(timeout=5)
    finally:
        run.kill()
    took = time.monotonic() - sent

    assert code == status
    assert took < 1.0, f"exited {took:.2f} s after the signal"
    assert not gone_within(workers, 0.1), "a worker outlived the run"
    assert "Traceback" not in run.communicate()[1]
    assert tree(previous) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "big.yaml", "out"]


def test_workers_die_with_a_killed_run(tmp_path: Path) -> None:
    spec = big_spec(tmp_path / "big.yaml")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    run = start("generate", str(spec), "-o", str(tmp_path / "out"), "--package", "big", cwd=tmp_path, TMPDIR=str(scratch))
    workers = wait_for_workers(run)
    run.kill()  # SIGKILL: no handler runs, nothing is cleaned up by the run itself
    run.wait(5)
    assert not gone_within(workers, 1.0), "a worker was orphaned"
    assert list(scratch.iterdir()) == []  # a document from a file: the run made no folder of its own


CRASH = """
import os, sys
from generator.write import transaction
renames, crash_at = [0], int(sys.argv[1])
real_replace = os.replace

def replace(source, target):
    renames[0] += 1
    if renames[0] == crash_at:
        os._exit(9)  # as abrupt as SIGKILL: no finally, no cleanup
    real_replace(source, target)

real_apply = transaction.apply

def apply(root, plan):
    os.replace = replace  # counting starts with the commit's renames, and ends with them
    try:
        real_apply(root, plan)
    finally:
        os.replace = real_replace

transaction.apply = apply
from generator.cli import main
status = main(sys.argv[2:])
print(f"renames: {renames[0]}", file=sys.stderr)
sys.exit(status)
"""


def test_a_run_killed_during_its_commit_is_undone_by_the_next(previous: Path, tmp_path: Path) -> None:
    spec_b = tmp_path / "b.yaml"
    spec_b.write_text(SPEC_B, encoding="utf-8")
    from generator.write import claim

    before = tree(previous)
    args = ["generate", str(spec_b), "-o", str(previous), "--package", "big"]
    # Rename 1 puts the journal in place; then the commit's, one at a time, until one run
    # gets through them all.
    for crash_at in range(2, 1000, 3):
        crashed = subprocess.run([sys.executable, "-c", CRASH, str(crash_at), *args], cwd=tmp_path, capture_output=True, text=True)
        if crashed.returncode == 0:
            break
        assert crashed.returncode == 9, crashed.stderr
        assert (previous / ".clientsmith-txn").is_dir()

        with claim(previous, exclusive=True, waiting=lambda: None) as folder:
            assert tree(previous) == before, f"not undone after a crash at rename {crash_at}"
            assert [n.message for n in folder.notes] == ["a run was killed while writing; its changes were undone"]
    assert crash_at > 20, f"only {crashed.stderr.strip()}: too few to test"
    assert tree(previous) != before and not (previous / ".clientsmith-txn").exists()


def test_a_first_run_killed_during_its_commit_is_undone_by_the_next(tmp_path: Path) -> None:
    """Into a new folder: the run's folders come in whole, one rename each, and a crash
    between them leaves nothing of the run behind either."""
    spec_b = tmp_path / "b.yaml"
    spec_b.write_text(SPEC_B, encoding="utf-8")
    from generator.write import claim

    out = tmp_path / "out"
    args = ["generate", str(spec_b), "-o", str(out), "--package", "big"]
    for crash_at in range(2, 100):
        crashed = subprocess.run([sys.executable, "-c", CRASH, str(crash_at), *args], cwd=tmp_path, capture_output=True, text=True)
        if crashed.returncode == 0:
            break
        assert crashed.returncode == 9, crashed.stderr
        with claim(out, exclusive=True, waiting=lambda: None) as folder:
            assert tree(out) == {}, f"not undone after a crash at rename {crash_at}"
            assert [n.message for n in folder.notes] == ["a run was killed while writing; its changes were undone"]
    renames = int(crashed.stderr.rsplit("renames: ", 1)[1])
    files = sum(1 for path in out.rglob("*") if path.is_file())
    assert 3 <= renames < files / 2, f"{renames} renames for {files} files: folders did not move whole"
    assert (out / "big" / "__init__.py").is_file()


def test_a_second_run_waits_for_the_first(previous: Path, tmp_path: Path) -> None:
    """The lock of a run in progress, held here; the second run must wait, then finish."""
    spec_b = tmp_path / "b.yaml"
    spec_b.write_text(SPEC_B, encoding="utf-8")
    before = tree(previous)
    held = os.open(previous, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        run = start("generate", str(spec_b), "-o", str(previous), "--package", "big", cwd=tmp_path)
        time.sleep(3)  # a run of this small document takes about one second
        assert run.poll() is None, f"the run did not wait: {run.communicate()}"
        assert tree(previous) == before
    finally:
        os.close(held)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert err.splitlines()[0] == f"clientsmith: {previous}: waiting for another clientsmith run to finish"


def test_two_runs_at_once_give_one_whole_tree(tmp_path: Path) -> None:
    specs = {}
    for name, text in (("a", SPEC_A), ("b", SPEC_B)):
        specs[name] = tmp_path / f"{name}.yaml"
        specs[name].write_text(text, encoding="utf-8")
    expected = {}
    for name, spec in specs.items():
        out = tmp_path / f"alone-{name}"
        assert start("generate", str(spec), "-o", str(out), "--package", "p", cwd=tmp_path).wait(300) == 0
        expected[name] = tree(out)
    out = tmp_path / "out"
    for _ in range(3):
        runs = [start("generate", str(spec), "-o", str(out), "--package", "p", cwd=tmp_path) for spec in specs.values()]
        assert [run.wait(300) for run in runs] == [0, 0], [run.communicate() for run in runs]
        assert tree(out) in expected.values()
