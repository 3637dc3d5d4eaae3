"""`clientsmith generate` and `clientsmith check`: the CLI only fills the Config.

Exit status: 0 success; 1 the output folder is not what the spec gives (`check`: stale;
`generate`: a file edited by hand or not clientsmith's was kept); 2 bad input; 3 a bug of ours;
4 `diff` found changes that fail it (breaking ones, by default); 130 and 143 interrupted by
SIGINT and SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from typing import NoReturn
from functools import partial
from pathlib import Path

from generator import __version__, cache, fetch, interrupts, pipeline, progress, write
from generator.config import MULTIPART_STYLES, Config, find_pyproject, load_config, package_problem
from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.ir.routes import Selection
from generator.pipeline import Outcome, produce
from generator.workers import Workers

_MAX_WARNINGS = 20


def run() -> NoReturn:
    """The `clientsmith` command: `main()`, then out without taking apart what the run
    built, which on a big document (a model of millions of objects) takes seconds."""
    pipeline.LEFT_TO_EXIT = []
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(status)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with interrupts.interruptible(), contextlib.ExitStack() as scratches:
        try:
            if args.command == "diff":
                return _diff(args)
            # made only for a document from a URL or stdin: a killed run leaves no folder behind
            config = _config(args, lambda: Path(scratches.enter_context(tempfile.TemporaryDirectory(prefix="clientsmith-"))))
            # (the processes forked beside the run: the memos' writer runs on while the files are written)
            with Workers() as workers:
                with write.claim(config.output, exclusive=args.command == "generate", waiting=partial(_waiting, config.output)) as folder:
                    _print_warnings(folder.recovered)
                    progress.start(sys.stderr)
                    try:
                        outcome = produce(config, folder, workers, bump=args.command == "generate" and args.bump)
                    finally:
                        progress.finish()
                    _print_warnings(folder.ignored)  # (found beside the run: see Claimed.look_ahead)
                    _print_warnings(outcome.warnings)
                    if args.command == "check":
                        status = _check(folder, outcome)
                    else:
                        writing = time.perf_counter()
                        status = _generate(folder, outcome, args.overwrite)
                        outcome.stages["write"] = time.perf_counter() - writing
                waiting = time.perf_counter()
                outcome.memos_written()
                if args.timings and args.command == "generate":
                    print(_timings({**outcome.stages, "memos": time.perf_counter() - waiting}), file=sys.stderr)
            cache.prune()  # (after the output folder is let go: a run waiting for it need not wait for this)
            return status
        except GenerationError as exc:
            for diagnostic in exc.diagnostics:
                print(f"clientsmith: {diagnostic}", file=sys.stderr)
            return 2
        except interrupts.Interrupted as exc:
            return exc.status
        except KeyboardInterrupt:
            return 130
        except Exception as exc:  # never a traceback for the user; CLIENTSMITH_DEBUG=1 shows it
            if os.environ.get("CLIENTSMITH_DEBUG"):
                raise
            notes = getattr(exc, "__notes__", [])
            for note in notes:
                print(f"clientsmith: {note}", file=sys.stderr)
            print(f"clientsmith: internal error: {type(exc).__name__}: {exc}" + (" (the warnings above may say why)" if notes else ""), file=sys.stderr)
            return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clientsmith", description="Generate a typed Python client from an OpenAPI document.")
    parser.add_argument("--version", action="version", version=f"clientsmith {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("generate", "write the client into the output folder"), ("check", "exit 1 with a diff when the output folder is stale")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("spec", nargs="?", help="OpenAPI document: a path, an https:// URL or - for stdin (default: [tool.clientsmith] spec)")
        sub.add_argument("-o", "--output", type=Path, help="output folder (default: [tool.clientsmith] output)")
        sub.add_argument("--package", help="name of the generated Python package")
        sub.add_argument("--config", type=Path, help="pyproject.toml to read [tool.clientsmith] from")
        sub.add_argument("--strict", action="store_true", default=None, help="spec validation findings fail the run")
        sub.add_argument("--multipart", choices=MULTIPART_STYLES, help="a multipart form's objects and lists: openapi (a JSON part, a part per item; the default) or brackets (a[b], a[]: the OpenAI SDK's)")
        sub.add_argument("--tag", action="append", default=[], help="only operations with this tag (repeatable)")
        sub.add_argument("--path", action="append", default=[], help="only this path, or 'METHOD /path' (repeatable)")
        sub.add_argument("--operation", action="append", default=[], help="only this operationId (repeatable)")
        sub.add_argument("--timings", action="store_true", help="print the seconds each stage took")
        if name == "generate":
            sub.add_argument("--overwrite", action="store_true", help="rewrite generated files that were edited by hand")
            sub.add_argument("--bump", action="store_true", help="set the package's version from what changed for its callers, and add to CHANGELOG.md")
    diff = commands.add_parser("diff", help="what a change of the spec does to the client's callers; exit 4 when it breaks them")
    diff.add_argument("old", nargs="?", help="the earlier document: a path, git:REV:path or - (default: the output folder's last generated state)")
    diff.add_argument("new", nargs="?", help="the later document (default: [tool.clientsmith] spec)")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="text (default), markdown (a pull-request comment) or json")
    diff.add_argument("--fail-on", choices=("breaking", "compatible"), default="breaking", help="exit 4 on breaking changes (default), or on compatible ones too")
    diff.add_argument("--config", type=Path, help="pyproject.toml to read [tool.clientsmith] from")
    return parser


def _diff(args: argparse.Namespace) -> int:
    from generator.diff import diff, report  # (only this command needs it)

    config = load_config(args.config or find_pyproject(Path.cwd()))
    changes = diff(args.old, args.new or str(config.spec), config)  # (no OLD: the last generated state)
    written = {"text": report.text, "markdown": report.markdown, "json": report.as_json}[args.format](changes)
    sys.stdout.write(written)
    if args.format != "text":
        print(report.summary(changes), file=sys.stderr)
    failing = {"breaking"} if args.fail_on == "breaking" else {"breaking", "compatible"}
    return 4 if any(c.kind in failing for c in changes) else 0


def _config(args: argparse.Namespace, scratch: Callable[[], Path]) -> Config:
    """The project's config with the command line's options; a document from a URL or stdin
    made a file under `scratch()` (or the cache) first."""
    pyproject = args.config or find_pyproject(Path.cwd())
    config = load_config(pyproject)
    selection = Selection(frozenset(args.tag), frozenset(args.path), frozenset(args.operation))
    if args.spec and args.config is None and not _same_file(Path(args.spec), config.spec):
        # a document the project's config does not name: none of its settings (its base URL,
        # key variable, selection...) are this one's
        config = Config(package=config.package)
    if args.package is not None and package_problem(args.package):
        raise GenerationError([Diagnostic(str(package_problem(args.package)), Location("--package"))])
    copied = args.spec == "-" or bool(args.spec and fetch.is_url(args.spec))
    spec = fetch.from_stdin(scratch()) if args.spec == "-" else fetch.from_url(args.spec, scratch()) if copied else args.spec
    return config.with_overrides(
        spec=Path(spec) if spec else None,
        spec_stands_alone=copied or None,
        output=args.output,
        package=args.package,
        strict=args.strict,
        multipart=args.multipart,
        selection=selection if selection else None,
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except OSError:  # (a URL, or a file that is not there: the run says so)
        return False


def _generate(folder: write.Claimed, outcome: Outcome, overwrite: bool) -> int:
    if outcome.files is None:
        print(_summary(outcome, f"0 written, {len(outcome.manifest.written)} unchanged, 0 removed"))
        return 0
    started = time.perf_counter()
    result = write.commit(folder, outcome.files, outcome.manifest, overwrite, outcome.read_back)
    outcome.seconds += time.perf_counter() - started  # the run's time is until its files are in place
    _print_warnings(result.notes)
    for diagnostic in result.kept:
        print(f"clientsmith: {diagnostic}", file=sys.stderr)
    kept = f", {len(result.kept)} kept" if result.kept else ""
    print(_summary(outcome, f"{result.written} written, {result.unchanged} unchanged, {result.removed} removed{kept}"))
    return 1 if result.kept else 0


def _check(folder: write.Claimed, outcome: Outcome) -> int:
    diff = write.diff(folder.tree, folder.previous, outcome.files, outcome.read_back) if outcome.files is not None else []
    if diff:
        sys.stdout.writelines(diff)
        print(f"clientsmith: {folder.root} is stale: run `clientsmith generate`", file=sys.stderr)
        return 1
    print(_summary(outcome, "up to date"))
    return 0


def _waiting(output: Path) -> None:
    print(f"clientsmith: {output}: waiting for another clientsmith run to finish", file=sys.stderr, flush=True)


def _print_warnings(warnings: list[Diagnostic]) -> None:
    for diagnostic in warnings[:_MAX_WARNINGS]:
        print(f"clientsmith: {diagnostic}", file=sys.stderr)
    if len(warnings) > _MAX_WARNINGS:
        print(f"clientsmith: ... and {len(warnings) - _MAX_WARNINGS} more warnings", file=sys.stderr)


def _timings(stages: dict[str, float]) -> str:
    """`clientsmith: stages: load 0.41 s, ...` (the rest of a run is starting Python and imports)."""
    return "clientsmith: stages: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages.items())


def _summary(outcome: Outcome, files: str) -> str:
    skipped = "; ".join(outcome.skipped) if outcome.skipped else "0 skipped"
    return (
        f"clientsmith: {outcome.manifest.operations} operations ({skipped}), {outcome.manifest.models} models; "
        f"files: {files}; {outcome.seconds:.2f} s"
    )
