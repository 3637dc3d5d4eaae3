"""Templates a user overrides (`templates` in [tool.clientsmith]): theirs are used, a
mistake in one is a one-line error at its file and line, and a change to one renders again
what it makes, however little the document changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import GOLDEN
from generator.cli import main


def project(tmp_path: Path) -> Path:
    shutil.copy(GOLDEN / "constructs" / "spec.yaml", tmp_path / "spec.yaml")
    (tmp_path / "mine" / "package").mkdir(parents=True)
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.clientsmith]\nspec = "spec.yaml"\noutput = "out"\npackage = "shop"\ntemplates = "mine"\n', encoding="utf-8")
    return config


def builtin(name: str) -> str:
    return (Path(__file__).parent.parent / "templates" / name).read_text(encoding="utf-8")


def test_an_override_is_used_and_its_change_renders_its_files_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    config = project(tmp_path)
    mine = tmp_path / "mine" / "package" / "types_module.py.jinja"
    mine.write_text("# mine\n" + builtin("package/types_module.py.jinja"), encoding="utf-8")
    assert main(["generate", "--config", str(config)]) == 0
    pet = tmp_path / "out" / "shop" / "types" / "pets" / "pet.py"
    assert pet.read_text(encoding="utf-8").startswith("# mine\n")
    mine.write_text("# mine, again\n" + builtin("package/types_module.py.jinja"), encoding="utf-8")
    assert main(["generate", "--config", str(config)]) == 0  # nothing else changed: the parts' contexts are the same
    assert pet.read_text(encoding="utf-8").startswith("# mine, again\n")


def test_a_part_template_that_reads_the_whole_api_fails_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = project(tmp_path)
    mine = tmp_path / "mine" / "package" / "resource_module.py.jinja"
    mine.write_text("# {{ api.title }}\n{% for op in api.operations %}{{ op }}{% endfor %}\n", encoding="utf-8")
    assert main(["generate", "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "resource_module.py.jinja:2: error:" in err[0] and "'operations'" in err[0] and "a part's template sees" in err[0]
    assert not (tmp_path / "out" / "shop").exists()
