"""Problems found in the input, as values with a location, until the CLI prints them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that would break a one-line message: shown percent-encoded (as in a URI fragment).
_BREAKING = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None
    pointer: str = ""

    def __str__(self) -> str:
        file = _visible(self.file)
        where = file if self.line is None else f"{file}:{self.line}"
        return f"{where} (#{_visible(self.pointer)})" if self.pointer else where


@dataclass(frozen=True)
class Diagnostic:
    message: str
    location: Location
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {_one_line(self.message)}"


class GenerationError(Exception):
    """Stops the pipeline; carries the diagnostics that caused it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics

    def __reduce__(self) -> tuple[type[GenerationError], tuple[list[Diagnostic]]]:
        return GenerationError, (self.diagnostics,)  # whole, from a worker process


def _one_line(text: str) -> str:
    text = " ".join(_BREAKING.sub(" ", text).split())
    return text if len(text) <= 300 else text[:297] + "..."


def _visible(text: str) -> str:
    return _BREAKING.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), text)


def escape_pointer_token(token: object) -> str:
    text = str(token)
    if "~" not in text and "/" not in text:  # most of them: called for every node of a schema
        return text
    return text.replace("~", "~0").replace("/", "~1")


def pointer(parts: tuple[object, ...] | list[object]) -> str:
    return "/" + "/".join(escape_pointer_token(p) for p in parts) if parts else ""
