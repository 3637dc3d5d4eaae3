"""Figure 2: `clientsmith check` on an unchanged spec, and regeneration after one schema is edited.

The spec is copied to a temporary file and generated once (not measured). Then:
  - `clientsmith check COPY -o OUT` with nothing changed (must exit 0);
  - the description of one schema (CreateChatCompletionResponse) is changed in the copy and
    `clientsmith generate COPY -o OUT` runs into the same folder (a different text each run, so
    every run has exactly one schema edited against the folder's contents);
  - for information: `check` right after such an edit (the output is stale: exit 1 expected).
Whole CLI processes, wall time, median.

    python benchmarks/bench_incremental.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

GOAL_SECONDS = 1.0
SCHEMA = "CreateChatCompletionResponse"


def edit_description(spec: Path, schema: str, text: str) -> None:
    """Set components.schemas[schema].description to `text`, editing the YAML text in place.

    Text-level, so that the rest of the document stays byte-identical (no YAML library needed).
    """
    lines = spec.read_text(encoding="utf-8").split("\n")
    try:
        start = lines.index(f"    {schema}:")
    except ValueError:
        raise SystemExit(f"schema {schema} not found (as '    {schema}:') in {spec}") from None
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > 4):
        end += 1
    new = f"      description: {json.dumps(text)}"
    for i in range(start + 1, end):
        if _indent(lines[i]) == 6 and lines[i].lstrip().startswith("description:"):
            stop = i + 1  # continuation lines of a plain or block scalar are indented deeper
            while stop < end and (not lines[stop].strip() or _indent(lines[stop]) > 6):
                stop += 1
            lines[i:stop] = [new]
            break
    else:
        lines.insert(start + 1, new)
    spec.write_text("\n".join(lines), encoding="utf-8")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def add_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--incremental-runs", type=int, default=None, help="measured runs of each (default 5, 3 with --quick)")


def run(args: argparse.Namespace) -> c.Figure:
    runs = args.incremental_runs or (3 if args.quick else 5)
    venv = c.clientsmith_venv()
    env = c.clean_env(venv)
    work = Path(tempfile.mkdtemp(prefix="bench-incremental-"))
    spec = work / "openai.yaml"
    out = work / "client"
    shutil.copyfile(c.require_spec(), spec)

    def cs(command: str) -> list[str]:
        return c.clientsmith_cmd(command, str(spec), "-o", str(out), "--package", c.PACKAGE)

    checks: list[c.Run] = []
    edits: list[c.Run] = []
    stale: list[c.Run] = []
    written: list[str] = []
    try:
        c.log("incremental: first generate (not measured)")
        c.check_ok(c.measure(cs("generate"), cwd=work, env=env), "clientsmith generate")
        for i in range(runs + 1):  # the first of each is a warm-up
            c.settle()
            run_ = c.check_ok(c.measure(cs("check"), cwd=work, env=env), "clientsmith check (unchanged spec)")
            c.log(f"check, unchanged spec: {run_.wall * 1e3:.0f} ms")
            if i:
                checks.append(run_)
        for i in range(runs + 1):
            edit_description(spec, SCHEMA, f"Represents a chat completion response returned by model (benchmark edit {i}).")
            c.settle()
            run_ = c.measure(cs("check"), cwd=work, env=env)
            if run_.returncode != 1:
                raise SystemExit(f"clientsmith check after an edit exited {run_.returncode}, expected 1 (stale)")
            c.log(f"check, one schema edited (stale): {run_.wall:.2f} s")
            if i:
                stale.append(run_)
            c.settle()
            run_ = c.check_ok(c.measure(cs("generate"), cwd=work, env=env), "clientsmith generate (one schema edited)")
            match = re.search(r"files: ([^;]*)", run_.stdout)
            c.log(f"regenerate, one schema edited: {run_.wall:.2f} s ({match[1] if match else '?'})")
            if i:
                edits.append(run_)
                written.append(match[1] if match else "?")
        c.check_ok(c.measure(cs("check"), cwd=work, env=env), "clientsmith check after the last regeneration")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    fig = c.Figure("2. check and regeneration")
    for what, runs_, goal in (
        ("clientsmith check, unchanged spec", checks, True),
        (f"clientsmith generate, one schema's description edited", edits, True),
        ("clientsmith check, one schema edited (stale, exit 1)", stale, False),
    ):
        walls = [r.wall for r in runs_]
        wall = c.median(walls)
        fig.rows.append(
            c.Row(
                "2",
                what,
                c.fmt_time(wall),
                f"{c.spread(walls)}; peak tree RSS {c.fmt_mb(c.median([r.tree_rss_mb or 0 for r in runs_]))}",
                "",
                f"< {GOAL_SECONDS:g} s" if goal else "(no goal)",
                wall < GOAL_SECONDS if goal else None,
            )
        )
    fig.notes.append(
        f"fig 2: median of {runs} runs after a warm-up, whole CLI processes; the edit changes {SCHEMA}.description; "
        f"regeneration reported files: {written[-1] if written else '?'}"
    )
    return fig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    add_args(parser)
    args = parser.parse_args()
    print(c.header())
    c.print_figures([run(args)])


if __name__ == "__main__":
    main()
