"""The wheel carries the templates and the runtime: an installed clientsmith works anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_installed_wheel_generates_outside_the_checkout(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("clientsmith-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/_templates/package/client.py.jinja" in names
    assert "generator/template_code.json" in names
    assert "generator/runtime/_base_client.py" in names
    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = (
        "import sys, generator, generator.render as r\n"
        f"assert generator.__file__.startswith({str(installed)!r}), generator.__file__\n"
        f"assert str(r.builtin_templates()).startswith({str(installed)!r})\n"
        "import generator.template_code as t\n"
        "assert t._shipped(t.stamp(r.environment())), 'the translated templates did not ship'\n"
        "from generator.cli import main\n"
        f"sys.exit(main(['generate', {str(ROOT / 'specs' / 'threads.yaml')!r}, '-o', 'out', '--package', 'thr']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(installed)}
    result = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (work / "out" / "thr" / "_client.py").is_file()
