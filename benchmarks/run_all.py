"""Run every benchmark figure and print one table.

    python benchmarks/run_all.py [--quick] [--profile] [--figures 1,2,3,4] [--runs N] ...

Works with the project's .venv python or any python3 >= 3.10: the peers and runtimes are
installed into benchmarks/.venvs/ on first use. Figures:
  1  cold generation of the full OpenAI spec: clientsmith, openapi-python-client, OpenAPI Generator, datamodel-code-generator
  2  `clientsmith check` unchanged, regeneration after one schema edit
  3  import time of the generated client against `openai`
  4  per-call overhead against a local server: generated client / raw httpx2, openai / raw
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402
import bench_calls  # noqa: E402
import bench_generate  # noqa: E402
import bench_import  # noqa: E402
import bench_incremental  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.common_args(parser)
    parser.add_argument("--figures", default="1,2,3,4", help="which figures to run (default all)")
    for module in (bench_generate, bench_incremental, bench_import, bench_calls):
        module.add_args(parser)
    args = parser.parse_args()
    c.apply_common(args)
    wanted = set(args.figures.split(","))
    started = time.perf_counter()
    revision = c.git_revision()
    started_wall = time.time()
    header = c.header()
    print(header, flush=True)
    figures: list[c.Figure] = []
    work = Path(tempfile.mkdtemp(prefix="bench-all-"))
    try:
        if "1" in wanted:
            figures.append(bench_generate.run(args))
        if "2" in wanted:
            figures.append(bench_incremental.run(args))
        client_dir = c.generate_openai_client(work / "client") if wanted & {"3", "4"} else None
        if "3" in wanted:
            figures.append(bench_import.run(args, client_dir))
        if "4" in wanted:
            figures.append(bench_calls.run(args, client_dir))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(header)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}; {time.perf_counter() - started:.0f} s in all")
    if c.git_revision() != revision or c.source_changed_since(started_wall):
        print(f"WARNING: clientsmith's code changed during the run (at the start {revision}, at the end {c.git_revision()}): the figures may mix versions")
    print()
    c.print_figures(figures)


if __name__ == "__main__":
    main()
