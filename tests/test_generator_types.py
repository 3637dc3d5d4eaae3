"""clientsmith's own code is fully typed, as the code it generates is."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_the_generator_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "generator"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:]
