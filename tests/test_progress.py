"""Long runs say where they are on a terminal, and nothing anywhere else (generator/progress.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generator import progress
from generator.cli import main

SPEC = Path(__file__).resolve().parent.parent / "specs" / "threads.yaml"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stream: io.StringIO) -> str:
    monkeypatch.setattr(progress, "AFTER", 0.0)  # as if the run had lasted long already
    monkeypatch.setattr(progress, "_EVERY", 0.0)
    monkeypatch.setattr("sys.stderr", stream)
    assert main(["generate", str(SPEC), "-o", str(tmp_path / "out"), "--package", "threads"]) == 0
    return stream.getvalue()


def test_a_terminal_sees_the_stage_and_the_files_rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _run(tmp_path, monkeypatch, Terminal())
    updates = [part.strip() for part in shown.split("\r") if part.strip()]
    assert "clientsmith: loading the document..." in updates
    assert "clientsmith: building the model..." in updates
    rendered = [u for u in updates if u.startswith("clientsmith: rendering ")]
    assert rendered and rendered[-1].split()[2].split("/")[0] == rendered[-1].split()[2].split("/")[1].rstrip(".")
    assert shown.endswith("\r")  # the line is cleared before anything else is printed


def test_a_pipe_sees_nothing_of_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _run(tmp_path, monkeypatch, io.StringIO())
    assert "\r" not in shown and "rendering" not in shown
