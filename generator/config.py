"""All options in one frozen object, read from `[tool.clientsmith]`; the CLI only fills it."""

from __future__ import annotations

import keyword
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.ir.routes import Selection

_KEYS = {
    "spec", "output", "package", "api_key_env", "base_url", "base_url_env", "default_headers", "include",
    "method_names", "templates", "strict", "auth_env", "multipart",
}
MULTIPART_STYLES = ("openapi", "brackets")


@dataclass(frozen=True)
class Config:
    spec: Path = Path("openapi.yaml")
    output: Path = Path("generated")
    package: str = "client"
    api_key_env: str | None = None
    auth_env: tuple[tuple[str, str], ...] = ()  # client argument (api_key, username, ...) -> environment variable
    base_url: str | None = None  # default: the spec's first server
    base_url_env: str | None = None  # an environment variable the client reads its base URL from, before the default
    default_headers: tuple[tuple[str, str], ...] = ()
    selection: Selection = field(default_factory=Selection)
    method_names: tuple[tuple[str, str], ...] = ()  # operationId or "METHOD /path" -> "a.b.method"
    templates: Path | None = None  # a folder whose files override the built-in templates
    strict: bool = False  # validator findings fail the run
    multipart: str = "openapi"  # a multipart form's objects and lists: OpenAPI's parts, or "brackets" (`a[b]`, `a[]`)
    spec_stands_alone: bool = False  # a copy made of a URL or stdin: its refs stay in its folder

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def package_problem(package: str) -> str | None:
    """Why `package` cannot name the generated package, or None."""
    if not package.isidentifier() or keyword.iskeyword(package) or not package.isascii():
        return f"package {package!r} is not a valid Python package name (letters, digits and _, not a keyword)"
    return None


def _line_of_key(text: str, key: str) -> int | None:
    found = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(pyproject: Path | None) -> Config:
    """The `[tool.clientsmith]` table; paths in it are relative to the pyproject's folder."""
    if pyproject is None:
        return Config()
    shown = str(pyproject)
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("clientsmith", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GenerationError([Diagnostic(f"cannot read config: {exc}", Location(shown))]) from None
    text = pyproject.read_text(encoding="utf-8")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        message = f"unknown option(s) in [tool.clientsmith]: {', '.join(unknown)}"
        raise GenerationError([Diagnostic(message, Location(shown, _line_of_key(text, unknown[0])))])
    base = pyproject.parent
    if table.get("multipart", "openapi") not in MULTIPART_STYLES:
        message = f"multipart must be one of {', '.join(map(repr, MULTIPART_STYLES))}, not {table['multipart']!r}"
        raise GenerationError([Diagnostic(message, Location(shown, _line_of_key(text, "multipart")))])
    include = table.get("include", {})
    package = str(table.get("package", "client"))
    problem = package_problem(package)
    if problem:
        raise GenerationError([Diagnostic(problem, Location(shown, _line_of_key(text, "package")))])
    return Config(
        spec=base / table.get("spec", "openapi.yaml"),
        output=base / table.get("output", "generated"),
        package=package,
        api_key_env=table.get("api_key_env"),
        auth_env=tuple(sorted((str(k), str(v)) for k, v in (table.get("auth_env") or {}).items())),
        base_url=table.get("base_url"),
        base_url_env=table.get("base_url_env"),
        default_headers=tuple((str(k), str(v)) for k, v in (table.get("default_headers") or {}).items()),
        selection=Selection(
            tags=frozenset(include.get("tags", [])),
            paths=frozenset(include.get("paths", [])),
            operations=frozenset(include.get("operations", [])),
        ),
        method_names=tuple(sorted((str(k), str(v)) for k, v in (table.get("method_names") or {}).items())),
        templates=base / table["templates"] if table.get("templates") else None,
        strict=bool(table.get("strict", False)),
        multipart=str(table.get("multipart", "openapi")),
    )
