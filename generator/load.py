"""Stage 1: read an OpenAPI document (YAML or JSON) into plain data.

Line numbers are found lazily: only when a message needs one is the text composed again
into a node tree, so the common path pays for one fast C parse.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, GenerationError, Location, pointer

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_Loader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps timestamps as strings: an OpenAPI example date is text."""


_SpecLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _Loader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    path: str
    text: str
    data: dict[str, Any]
    _lines: dict[str, int] | None = field(default=None, repr=False)

    def location(self, parts: tuple[object, ...] | list[object] = ()) -> Location:
        ptr = pointer(parts)
        return Location(self.path, self._line_of(ptr, list(parts)), ptr)

    def _line_of(self, ptr: str, parts: list[object]) -> int | None:
        if self._lines is None:
            self._lines = _line_index(self.text)
        # Walk up to the nearest ancestor that has a line (list items of flow style may not).
        while True:
            line = self._lines.get(pointer(parts))
            if line is not None or not parts:
                return line
            parts = parts[:-1]


def load(path: str | Path) -> Document:
    path = Path(path)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _error(f"file not found: {shown}", Location(shown)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(f"cannot read {shown}: {exc}", Location(shown)) from None
    data = _parse(text, shown)
    if not isinstance(data, dict):
        raise _error("an OpenAPI document must be a mapping at the top level", Location(shown, 1))
    return Document(shown, text, _normalize_keys(data))


def _parse(text: str, shown: str) -> Any:
    if shown.endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise _error(f"invalid JSON: {exc.msg}", Location(shown, exc.lineno)) from None
    try:
        return yaml.load(text, Loader=_SpecLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise _error(f"invalid YAML: {problem}", Location(shown, line)) from None
    except yaml.YAMLError as exc:
        raise _error(f"invalid YAML: {exc}", Location(shown)) from None


def _normalize_keys(value: Any) -> Any:
    """YAML reads `200:` as an int and `on:` as a bool; OpenAPI keys are always strings."""
    if isinstance(value, dict):
        return {_key(k): _normalize_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalize_keys(v) for v in value]
    return value


def _key(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return key if isinstance(key, str) else str(key)


def _line_index(text: str) -> dict[str, int]:
    """JSON pointer -> 1-based line, for every node of the document."""
    try:
        root = yaml.compose(text, Loader=_SpecLoader)
    except yaml.YAMLError:
        return {}
    index: dict[str, int] = {}
    stack: list[tuple[Any, list[object]]] = [(root, [])]
    while stack:
        node, parts = stack.pop()
        if node is None:
            continue
        index[pointer(parts)] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, child in node.value:
                stack.append((child, [*parts, key.value]))
        elif isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                stack.append((child, [*parts, i]))
    return index


def _error(message: str, location: Location) -> GenerationError:
    return GenerationError([Diagnostic(message, location)])
