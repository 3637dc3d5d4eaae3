"""Problems found in the input, as values with a location, until the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None
    pointer: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} (#{self.pointer})" if self.pointer else where


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


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:297] + "..."


def escape_pointer_token(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(parts: tuple[object, ...] | list[object]) -> str:
    return "/" + "/".join(escape_pointer_token(p) for p in parts) if parts else ""
