"""`clientsmith diff` against `clientsmith check`, the goal of the CI issue: on openai.yaml
against itself with one operation removed, `diff` takes less than 1.5x the time of a `check`
that finds the change.

The client is generated once from the whole document (not measured; it also fills a cache of
the benchmark's own). Then, alternately, N times each:
  - `clientsmith check EDITED -o OUT` (exit 1: the operation is gone from what it would write);
  - `clientsmith diff SPEC EDITED` (exit 4: a method removed is breaking).
Whole CLI processes, wall time, median; the ratio is from the same run.

    python benchmarks/bench_diff.py [--runs N]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

GOAL = 1.5
REMOVED = ("/files/{file_id}", "delete")  # (path, method) taken out of the copy


def without_operation(text: str, path: str, method: str) -> str:
    """The document's text without one operation: its lines under the path item, up to the
    next method or path (text-level, so the rest stays byte-identical)."""
    start = text.index(f"\n  {path}:\n")
    begin = text.index(f"\n    {method}:\n", start)
    following = re.compile(r"\n    [a-z]+:\n|\n  /|\n[a-z]").search(text, begin + 1)
    end = following.start() if following else len(text)
    return text[:begin] + text[end:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    venv = c.clientsmith_venv()
    work = Path(tempfile.mkdtemp(prefix="bench-diff-"))
    try:
        env = c.clean_env(venv, CLIENTSMITH_CACHE_DIR=str(work / "cache"))
        spec, edited, out = c.require_spec(), work / "openai.yaml", work / "client"
        edited.write_text(without_operation(spec.read_text(encoding="utf-8"), *REMOVED), encoding="utf-8")
        c.check_ok(c.measure(c.clientsmith_cmd("generate", str(spec), "-o", str(out)), env=env), "clientsmith generate")
        checks, diffs = [], []
        for _ in range(args.runs):
            c.wait_for_quiet()
            run = c.measure(c.clientsmith_cmd("check", str(edited), "-o", str(out)), env=env)
            assert run.returncode == 1, f"check should find the change (exit 1), got {run.returncode}"
            checks.append(run.wall)
            c.wait_for_quiet()
            run = c.measure(c.clientsmith_cmd("diff", str(spec), str(edited)), env=env)
            assert run.returncode == 4 and "method removed" in run.stdout, run.stdout + run.stderr
            diffs.append(run.wall)
        check, diff = c.median(checks), c.median(diffs)
        print(c.header())
        print(f"check that finds the change: {c.fmt_time(check)} (median of {args.runs}: {c.spread(checks)})")
        print(f"diff, one operation removed: {c.fmt_time(diff)} (median of {args.runs}: {c.spread(diffs)})")
        verdict = "met" if diff < GOAL * check else "NOT met"
        print(f"diff / check = {diff / check:.2f} (goal < {GOAL}: {verdict})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
