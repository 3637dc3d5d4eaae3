"""Figure 2: `clientsmith check` on an unchanged spec, and regeneration after one schema is edited.

The spec is copied to a temporary file and generated once (not measured), which also fills
clientsmith's cache (a folder of the benchmark's own: parsed pieces of the spec, what the
validator found). Then:
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


STAGES = [  # dotted names timed by --stages; those that do not exist (any more) are skipped
    "generator.pipeline.fingerprint",
    "generator.load.load",
    "generator.validate.validate",
    "generator.ir.build.build",
    "generator.render.render",
    "generator.format.format_files",
    "generator.write.commit",
    "generator.write.diff",
]


def stages_main(argv: list[str]) -> None:
    """In the clientsmith venv: run the CLI in-process with wall-clock timers on the pipeline's
    stages (wherever a stage function is referenced); print {stage: seconds} as JSON on stderr.
    The validator, when forked, is timed by calling it again afterwards, alone."""
    import importlib
    import time as time_

    started = time_.perf_counter()
    import generator.cli as cli

    times: dict[str, float] = {"imports": time_.perf_counter() - started}
    originals = {}
    for dotted in STAGES:
        module_name, _, name = dotted.rpartition(".")
        try:
            func = getattr(importlib.import_module(module_name), name)
        except (ImportError, AttributeError):
            continue
        originals[name] = func

        def timed(*a, __f=func, __n=name, **k):  # type: ignore[no-untyped-def]
            t = time_.perf_counter()
            try:
                return __f(*a, **k)
            finally:
                times[__n] = times.get(__n, 0.0) + time_.perf_counter() - t

        for module in [m for n, m in sys.modules.items() if n.startswith("generator") and m is not None]:
            for attr, value in list(vars(module).items()):
                if value is func:
                    setattr(module, attr, timed)
    t = time_.perf_counter()
    code = cli.main(argv)
    times["cli.main total"] = time_.perf_counter() - t
    if "validate" not in times and "validate" in originals and "load" in originals:
        doc = originals["load"](Path(argv[1]))
        t = time_.perf_counter()
        originals["validate"](doc, strict=False)
        times["validate (forked beside the IR; timed again alone)"] = time_.perf_counter() - t
    print(json.dumps(times), file=sys.stderr)
    sys.exit(code)


def add_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--incremental-runs", type=int, default=None, help="measured runs of each (default 5, 3 with --quick)")


def run(args: argparse.Namespace) -> c.Figure:
    runs = args.incremental_runs or (3 if args.quick else 5)
    venv = c.clientsmith_venv()
    work = Path(tempfile.mkdtemp(prefix="bench-incremental-"))
    env = c.clean_env(venv, CLIENTSMITH_CACHE_DIR=str(work / "cache"))  # its own, filled by the first run
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
        profile_lines: list[str] = []
        if getattr(args, "profile", False):
            python = str(c.bin_path(venv, "python"))
            edit_description(spec, SCHEMA, "Represents a chat completion response returned by model (benchmark edit: stages).")
            c.settle()
            run_ = c.check_ok(
                c.measure([python, str(Path(__file__).resolve()), "--stages", *cs("generate")[1:]], cwd=work, env=env),
                "clientsmith generate with stage timers",
            )
            stages = json.loads(run_.stderr.strip().splitlines()[-1])
            profile_lines.append(f"stage wall times, one regeneration after an edit (process {run_.wall:.2f} s): " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
            edit_description(spec, SCHEMA, "Represents a chat completion response returned by model (benchmark edit: profiled).")
            prof = work / "regen.prof"
            c.settle()
            run_ = c.check_ok(
                c.measure([python, "-m", "cProfile", "-o", str(prof), "-m", "generator", *cs("generate")[1:]], cwd=work, env=env),
                "clientsmith generate under cProfile",
            )
            profile_lines.append(f"cProfile, own time (the main process; a forked validator inherits the profiler too), wall {run_.wall:.2f} s:")
            profile_lines += c.profile_top(prof, include=("",), top=12, key="own")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    fig = c.Figure("2. check and regeneration")
    for what, runs_, goal in (
        ("clientsmith check, unchanged spec", checks, True),
        ("clientsmith generate, one schema's description edited", edits, True),
        ("clientsmith check, one schema edited (stale, exit 1)", stale, False),
    ):
        walls = [r.wall for r in runs_]
        wall = c.median(walls)
        fig.rows.append(
            c.Row(
                "2",
                what,
                c.fmt_time(wall),
                f"{c.spread(walls) or 'one run'}; peak tree RSS {c.fmt_mb(c.median([r.tree_rss_mb or 0 for r in runs_]))}",
                "",
                f"< {GOAL_SECONDS:g} s" if goal else "(no goal)",
                wall < GOAL_SECONDS if goal else None,
            )
        )
    fig.notes.append(
        f"fig 2: median of {runs} runs after a warm-up, whole CLI processes; the edit changes {SCHEMA}.description; "
        f"regeneration reported files: {written[-1] if written else '?'}"
    )
    if profile_lines:
        fig.notes.append("fig 2 cProfile of `clientsmith generate` after one schema edit:\n" + "\n".join("    " + line for line in profile_lines))
    return fig


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--stages":
        stages_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.common_args(parser)
    add_args(parser)
    args = parser.parse_args()
    c.apply_common(args)
    print(c.header())
    c.print_figures([run(args)])


if __name__ == "__main__":
    main()
