"""Figure 3: import time of the generated full-OpenAI client against the official `openai` SDK.

The clientsmith client is generated into a temporary folder (`clientsmith generate SPEC -o DIR
--package openai_full`) and imported from there by a venv holding only its runtime (httpx2,
pydantic); `openai` has its own venv. Each number is the median over fresh processes of
time.perf_counter() around the statement (so interpreter start-up is left out), processes of
the two alternating, after unmeasured warm-ups that also compile the bytecode (a pip install
would have compiled it too).

    python benchmarks/bench_import.py [--processes N] [--quick] [--client-dir DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

GOAL_RATIO = 0.5
TIMED = "import time; t = time.perf_counter(); {body}; print(time.perf_counter() - t)"
CASES = {
    "import": {
        "clientsmith": "import openai_full",
        "openai": "import openai",
    },
    "import + Client(api_key='x') + .chat.completions": {
        "clientsmith": "import openai_full; openai_full.Client(api_key='x').chat.completions",
        "openai": "import openai; openai.OpenAI(api_key='x').chat.completions",
    },
}


def add_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--processes", type=int, default=None, help="fresh processes per measurement (default 21, 7 with --quick)")


def importtime_by_package(python: Path, cwd: Path, statement: str, env: dict[str, str]) -> list[tuple[str, float]]:
    """`-X importtime` self times summed per top-level package (second-level for the generated one)."""
    run = c.check_ok(c.measure([str(python), "-X", "importtime", "-c", statement], cwd=cwd, env=env), "python -X importtime")
    totals: dict[str, float] = defaultdict(float)
    for line in run.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|( *)(\S+)", line)
        if not match:
            continue
        name = match[3]
        parts = name.split(".")
        key = ".".join(parts[:2]) if parts[0] in ("openai_full", "openai") and len(parts) > 1 else parts[0]
        totals[key] += int(match[1]) / 1e6
    return sorted(totals.items(), key=lambda kv: -kv[1])


def run(args: argparse.Namespace, client_dir: Path | None = None) -> c.Figure:
    processes = args.processes or (7 if args.quick else 21)
    runtime = c.ensure_venv("client-runtime")
    openai_venv = c.ensure_venv("openai")
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        client_dir = client_dir or getattr(args, "client_dir", None) or c.generate_openai_client(work / "client")
        empty = work / "empty"
        empty.mkdir()
        subjects = {
            "clientsmith": (c.bin_path(runtime, "python"), client_dir),
            "openai": (c.bin_path(openai_venv, "python"), empty),
        }
        env = c.clean_env()
        results: dict[tuple[str, str], list[float]] = defaultdict(list)
        walls: dict[tuple[str, str], list[float]] = defaultdict(list)
        for case, statements in CASES.items():
            c.settle()
            for i in range(3 + processes):  # 3 warm-ups: bytecode compiled, file cache warm
                for who, (python, cwd) in subjects.items():
                    run_ = c.check_ok(c.measure([str(python), "-c", TIMED.format(body=statements[who])], cwd=cwd, env=env), f"{who}: {case}")
                    if i >= 3:
                        results[case, who].append(float(run_.stdout.split()[-1]))
                        walls[case, who].append(run_.wall)
            c.log(
                f"{case}: clientsmith {c.fmt_time(c.median(results[case, 'clientsmith']))}, "
                f"openai {c.fmt_time(c.median(results[case, 'openai']))}"
            )
        profile = {
            who: importtime_by_package(python, cwd, CASES["import + Client(api_key='x') + .chat.completions"][who], env)
            for who, (python, cwd) in subjects.items()
        }
        modules = {
            who: c.check_ok(
                c.measure(
                    [str(python), "-c", CASES["import + Client(api_key='x') + .chat.completions"][who] + "; import sys; print(len(sys.modules))"],
                    cwd=cwd,
                    env=env,
                ),
                "count modules",
            ).stdout.split()[-1]
            for who, (python, cwd) in subjects.items()
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)

    fig = c.Figure("3. Import time")
    for case in CASES:
        ours, theirs = c.median(results[case, "clientsmith"]), c.median(results[case, "openai"])
        ratio = ours / theirs
        for who, value in (("clientsmith openai_full", ours), ("openai SDK", theirs)):
            key = (case, "clientsmith" if who.startswith("clientsmith") else "openai")
            fig.rows.append(
                c.Row(
                    "3",
                    f"{case}: {who}",
                    c.fmt_time(value),
                    f"{c.spread(results[key])}; whole process {c.fmt_time(c.median(walls[key]))}",
                    f"{ratio:.2f}x openai" if who.startswith("clientsmith") else "",
                    f"<= {GOAL_RATIO}x openai" if who.startswith("clientsmith") else "",
                    ratio <= GOAL_RATIO if who.startswith("clientsmith") else None,
                )
            )
    for who in subjects:
        top = ", ".join(f"{name} {seconds * 1e3:.0f} ms" for name, seconds in profile[who][:6])
        fig.notes.append(f"fig 3 -X importtime self time by package, {who} (import + client + .chat.completions, {modules[who]} modules in sys.modules): {top}")
    fig.notes.append(f"fig 3: median of {processes} fresh processes each, alternating, after 3 warm-ups; 'whole process' includes interpreter start-up")
    fig.versions["openai"] = c.dist_version(openai_venv, "openai")
    fig.versions["httpx2"] = c.dist_version(runtime, "httpx2")
    fig.versions["pydantic"] = c.dist_version(runtime, "pydantic") + " (both venvs)"
    return fig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.common_args(parser)
    add_args(parser)
    parser.add_argument("--client-dir", type=Path, default=None, help="an already generated openai_full client (its parent folder)")
    args = parser.parse_args()
    c.apply_common(args)
    print(c.header())
    c.print_figures([run(args)])


if __name__ == "__main__":
    main()
