"""`clientsmith generate` and `clientsmith check`: the CLI only fills the Config.

Exit status: 0 success, 1 `check` found a stale output, 2 bad input, 3 a bug of ours.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator import __version__, write
from generator.config import Config, find_pyproject, load_config, package_problem
from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.ir.routes import Selection
from generator.pipeline import Outcome, produce

_MAX_WARNINGS = 20


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = _config(args)
        outcome = produce(config)
        _print_warnings(outcome)
        if args.command == "check":
            return _check(config, outcome)
        if outcome.files is None:
            unchanged = len(write.read_manifest(config.output).written) + 1  # and the manifest
            print(_summary(outcome, f"0 written, {unchanged} unchanged, 0 removed"))
            return 0
        result = write.write_tree(config.output, outcome.files)
        print(_summary(outcome, f"{result.written} written, {result.unchanged} unchanged, {result.removed} removed"))
        return 0
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            print(f"clientsmith: {diagnostic}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for the user; CLIENTSMITH_DEBUG=1 shows it
        if os.environ.get("CLIENTSMITH_DEBUG"):
            raise
        print(f"clientsmith: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clientsmith", description="Generate a typed Python client from an OpenAPI document.")
    parser.add_argument("--version", action="version", version=f"clientsmith {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("generate", "write the client into the output folder"), ("check", "exit 1 with a diff when the output folder is stale")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("spec", nargs="?", type=Path, help="OpenAPI document (default: [tool.clientsmith] spec)")
        sub.add_argument("-o", "--output", type=Path, help="output folder (default: [tool.clientsmith] output)")
        sub.add_argument("--package", help="name of the generated Python package")
        sub.add_argument("--config", type=Path, help="pyproject.toml to read [tool.clientsmith] from")
        sub.add_argument("--strict", action="store_true", default=None, help="spec validation findings fail the run")
        sub.add_argument("--tag", action="append", default=[], help="only operations with this tag (repeatable)")
        sub.add_argument("--path", action="append", default=[], help="only this path, or 'METHOD /path' (repeatable)")
        sub.add_argument("--operation", action="append", default=[], help="only this operationId (repeatable)")
    return parser


def _config(args: argparse.Namespace) -> Config:
    pyproject = args.config or find_pyproject(Path.cwd())
    config = load_config(pyproject)
    selection = Selection(frozenset(args.tag), frozenset(args.path), frozenset(args.operation))
    if args.spec and not args.output and args.config is None:
        config = Config(package=config.package)  # a spec from the command line: not the project's
    if args.package is not None and package_problem(args.package):
        raise GenerationError([Diagnostic(str(package_problem(args.package)), Location("--package"))])
    return config.with_overrides(
        spec=args.spec,
        output=args.output,
        package=args.package,
        strict=args.strict,
        selection=selection if selection else None,
    )


def _check(config: Config, outcome: Outcome) -> int:
    diff = write.diff_tree(config.output, outcome.files) if outcome.files is not None else []
    if diff:
        sys.stdout.writelines(diff)
        print(f"clientsmith: {config.output} is stale: run `clientsmith generate`", file=sys.stderr)
        return 1
    print(_summary(outcome, "up to date"))
    return 0


def _print_warnings(outcome: Outcome) -> None:
    for diagnostic in outcome.warnings[:_MAX_WARNINGS]:
        print(f"clientsmith: {diagnostic}", file=sys.stderr)
    if len(outcome.warnings) > _MAX_WARNINGS:
        print(f"clientsmith: ... and {len(outcome.warnings) - _MAX_WARNINGS} more warnings", file=sys.stderr)


def _summary(outcome: Outcome, files: str) -> str:
    skipped = "; ".join(outcome.skipped) if outcome.skipped else "0 skipped"
    return (
        f"clientsmith: {outcome.operations} operations ({skipped}), {outcome.models} models; "
        f"files: {files}; {outcome.seconds:.2f} s"
    )
