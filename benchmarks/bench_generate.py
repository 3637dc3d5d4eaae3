"""Figure 1: cold generation of the full OpenAI spec, clientsmith against its peers.

Each tool validates (as far as it does), renders, formats (as far as it does) and writes into an
empty folder; nothing is cached between runs but the installed tools themselves (and the OS file
cache). Runs go round-robin over the tools (after one unmeasured warm-up round) so that
background load hits them alike. Wall time and peak memory of the whole process tree.

    python benchmarks/bench_generate.py [--runs N] [--quick] [--tools clientsmith,openapi-python-client,...]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

MEMORY_GOAL_MB = 300


@dataclass
class Tool:
    name: str
    venv: Callable[[], Path]
    command: Callable[[Path, Path], list[str]]  # (venv, empty output folder) -> argv
    output: Callable[[Path], Path]  # empty output folder -> what must exist afterwards
    summary: Callable[[c.Run, Path], str]  # what it produced / skipped
    note: str = ""


def _clientsmith_summary(run: c.Run, out: Path) -> str:
    match = re.search(r"(\d+) operations \(([^)]*)\), (\d+) models", run.stdout + run.stderr)
    files = sum(1 for p in out.rglob("*.py"))
    if not match:
        return f"{files} .py files"
    return f"{match[1]} operations ({match[2]}), {match[3]} models, {files} .py files"


def _opc_summary(run: c.Run, out: Path) -> str:
    text = run.stdout + run.stderr
    skipped = text.count("Endpoint will not be generated")
    partial = len(re.findall(r"^WARNING parsing ", text, re.M)) - skipped
    schemas = len(re.findall(r"^Unable to process schema ", text, re.M))
    generated = sum(1 for p in (out / "api").rglob("*.py") if p.name != "__init__.py") if (out / "api").is_dir() else 0
    files = sum(1 for p in out.rglob("*.py"))
    return (
        f"{generated} endpoints generated, {skipped} skipped ('Endpoint will not be generated'), "
        f"{partial} more with responses left out, {schemas} schemas it could not process; {files} .py files"
    )


def _oag_summary(run: c.Run, out: Path) -> str:
    files = sum(1 for p in out.rglob("*.py"))
    apis = sum(1 for p in out.glob("*/api/*_api.py"))
    return f"{apis} API modules, {files} .py files (not formatted: the python target has no formatter by default)"


def _dcg_summary(run: c.Run, out: Path) -> str:
    path = out / "models.py"
    if not path.is_file():
        return "no output"
    text = path.read_text(encoding="utf-8")
    classes = len(re.findall(r"^class ", text, re.M))
    return f"models only: {classes} classes in one file of {text.count(chr(10))} lines (black + isort)"


def tools() -> list[Tool]:
    spec = str(c.require_spec())
    return [
        Tool(
            "clientsmith",
            c.clientsmith_venv,
            lambda venv, out: [str(c.bin_path(venv, "clientsmith")), "generate", spec, "-o", str(out), "--package", c.PACKAGE],
            lambda out: out / c.PACKAGE / "_client.py",
            _clientsmith_summary,
        ),
        Tool(
            "openapi-python-client",
            lambda: c.ensure_venv("openapi-python-client"),
            lambda venv, out: [
                str(c.bin_path(venv, "openapi-python-client")), "generate", "--path", spec,
                "--output-path", str(out), "--overwrite", "--meta", "none",
            ],
            lambda out: out / "client.py",
            _opc_summary,
            "formats with ruff (its post hooks; the venv's bin is on PATH)",
        ),
        Tool(
            "openapi-generator (python)",
            lambda: c.ensure_venv("openapi-generator"),
            lambda venv, out: [
                str(c.bin_path(venv, "openapi-generator-cli")), "generate", "-i", spec, "-g", "python",
                "-o", str(out), "--skip-validate-spec", "--package-name", "openai_oag",
            ],
            lambda out: out / "openai_oag" / "__init__.py",
            _oag_summary,
            "Java; refuses the spec without --skip-validate-spec",
        ),
        Tool(
            "datamodel-code-generator",
            lambda: c.ensure_venv("datamodel-code-generator"),
            lambda venv, out: [
                str(c.bin_path(venv, "datamodel-codegen")), "--input", spec, "--input-file-type", "openapi",
                "--output", str(out / "models.py"), "--output-model-type", "pydantic_v2.BaseModel",
            ],
            lambda out: out / "models.py",
            _dcg_summary,
        ),
    ]


def add_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=None, help="measured runs per generator (default 3, 1 with --quick)")
    parser.add_argument("--warmup", type=int, default=None, help="unmeasured rounds first (default 1, 0 with --quick)")
    parser.add_argument("--tools", default="", help="comma-separated subset of the tool names")


def run(args: argparse.Namespace) -> c.Figure:
    runs = args.runs or (1 if args.quick else 3)
    warmup = args.warmup if args.warmup is not None else (0 if args.quick else 1)
    selected = [t for t in tools() if not args.tools or t.name in args.tools.split(",")]
    venvs = {t.name: t.venv() for t in selected}
    results: dict[str, list[c.Run]] = {t.name: [] for t in selected}
    summaries: dict[str, str] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-generate-"))
    try:
        for round_ in range(warmup + runs):
            for tool in selected:
                # A new folder per run, all deleted at the end: where new files are slow for a
                # minute after many were deleted (ext4 without a journal), deleting the last
                # run's output would charge this run for it (see scale.py).
                name = re.sub(r"\W+", "-", tool.name)
                out = work / f"{name}-{round_}"
                out.mkdir()
                label = "warm-up" if round_ < warmup else f"run {round_ - warmup + 1}/{runs}"
                cache = work / f"cache-{name}-{round_}"  # clientsmith's cache, empty at every run: cold means cold
                c.settle()
                run_ = c.measure(tool.command(venvs[tool.name], out), cwd=work, env=c.clean_env(venvs[tool.name], CLIENTSMITH_CACHE_DIR=str(cache)))
                c.check_ok(run_, tool.name)
                if not tool.output(out).exists():
                    raise SystemExit(f"{tool.name}: {tool.output(out)} was not written")
                c.log(f"generate {tool.name} {label}: {run_.wall:.2f} s, tree RSS {c.fmt_mb(run_.tree_rss_mb)}, largest process {c.fmt_mb(run_.max_rss_mb)}, others busy {run_.background:.2f} cores")
                if round_ >= warmup:
                    results[tool.name].append(run_)
                    summaries[tool.name] = tool.summary(run_, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    fig = c.Figure("1. Cold generation of the full OpenAI spec")
    base = c.median([r.wall for r in results["clientsmith"]]) if "clientsmith" in results else None
    peer_ratios: list[float] = []
    for tool in selected:
        walls = [r.wall for r in results[tool.name]]
        wall = c.median(walls)
        tree = c.median([r.tree_rss_mb for r in results[tool.name] if r.tree_rss_mb is not None] or [0])
        pss = c.median([r.tree_pss_mb for r in results[tool.name] if r.tree_pss_mb is not None] or [0])
        single = c.median([r.max_rss_mb for r in results[tool.name]])
        ratio = wall / base if base else None
        is_base = tool.name == "clientsmith"
        if not is_base and ratio is not None:
            peer_ratios.append(ratio)
        fig.rows.append(
            c.Row(
                "1",
                f"generate: {tool.name}",
                c.fmt_time(wall),
                f"{c.spread(walls) or 'wall'}; peak tree RSS {c.fmt_mb(tree)} (PSS {c.fmt_mb(pss)}), largest process {c.fmt_mb(single)}",
                "" if ratio is None else f"{ratio:.2f}x clientsmith",
                "" if is_base else "slower than clientsmith",
                None if is_base or ratio is None else ratio > 1,
            )
        )
        fig.notes.append(f"fig 1 {tool.name}: {summaries[tool.name]}" + (f"; {tool.note}" if tool.note else ""))
    if "clientsmith" in results:
        tree = c.median([r.tree_rss_mb or r.max_rss_mb for r in results["clientsmith"]])
        pss_cs = c.median([r.tree_pss_mb or 0 for r in results["clientsmith"]])
        single_cs = c.median([r.max_rss_mb for r in results["clientsmith"]])
        fig.rows.append(
            c.Row(
                "1",
                "generate: clientsmith peak memory (tree RSS)",
                f"{tree:.1f} MB",
                f"PSS {c.fmt_mb(pss_cs)}; largest process {c.fmt_mb(single_cs)}",
                "",
                f"<= {MEMORY_GOAL_MB} MB",
                tree <= MEMORY_GOAL_MB,
            )
        )
        if peer_ratios:
            fig.rows[0].goal = "faster than every peer"
            fig.rows[0].met = min(peer_ratios) > 1
    noisiest = max(r.background for rs in results.values() for r in rs)
    fig.notes.append(f"fig 1: other processes kept up to {noisiest:.2f} cores busy during a measured run")
    fig.notes.append(f"fig 1: median of {runs} runs after {warmup} warm-up round(s), round-robin; detail = min-max wall; {c.MEMORY_METHOD}")
    fig.versions["openapi-python-client"] = c.dist_version(venvs["openapi-python-client"], "openapi-python-client") if "openapi-python-client" in venvs else ""
    if "openapi-generator (python)" in venvs:
        fig.versions["openapi-generator-cli"] = c.dist_version(venvs["openapi-generator (python)"], "openapi-generator-cli") + f" ({c.java_version()})"
    if "datamodel-code-generator" in venvs:
        fig.versions["datamodel-code-generator"] = c.dist_version(venvs["datamodel-code-generator"], "datamodel-code-generator")
    fig.versions = {k: v for k, v in fig.versions.items() if v}
    return fig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.common_args(parser)
    add_args(parser)
    args = parser.parse_args()
    c.apply_common(args)
    print(c.header())
    c.print_figures([run(args)])


if __name__ == "__main__":
    main()
