"""Templates a user overrides (`templates` in [tool.clientsmith]): theirs are used, a
mistake in one is a one-line error at its file and line, and a change to one renders again
what it makes, however little the document changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from conftest import GOLDEN
from generator import render, template_code
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


def test_the_shipped_translations_of_the_templates_are_current_and_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """template_code.json spares a run without a cache jinja's translation of the built-in
    templates: it must be what jinja makes of them now (`scripts/compile-templates`)."""
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    environment = render.environment()
    made = template_code.translations(environment, render.builtin_templates())
    assert set(made) >= {"README.md.jinja", "package/client.py.jinja", "tests/test_resource.py.jinja"}
    shipped = json.loads(Path(template_code.__file__).with_name("template_code.json").read_text(encoding="utf-8"))
    parsed: list[str] = []
    parse = jinja2.Environment._parse
    monkeypatch.setattr(jinja2.Environment, "_parse", lambda self, source, name, filename: parsed.append(name) or parse(self, source, name, filename))
    for name in made:
        render.environment().get_template(name)
    if shipped["stamp"] == template_code.stamp(environment):
        assert {name: tuple(entry) for name, entry in shipped["templates"].items()} == made, "templates/ changed: run scripts/compile-templates"
        assert parsed == []
    else:  # another jinja2 than the one that wrote the file: its translations are not used
        assert parsed == sorted(made)


def test_a_template_other_than_the_shipped_one_is_translated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    (tmp_path / "README.md.jinja").write_text("# {{ api.title }}, mine\n", encoding="utf-8")
    readme = render.environment(tmp_path).get_template("README.md.jinja")
    assert readme.render(api=SimpleNamespace(title="Shop")) == "# Shop, mine\n"
    assert render.environment().get_template("README.md.jinja").filename == str(render.builtin_templates() / "README.md.jinja")


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_readme_table_of_operations_is_what_a_loop_over_them_gives(count: int) -> None:
    """render.operation_rows, which the README's template calls (a loop in the template read
    four fields of each operation through jinja), writes what the loop wrote, none included."""
    from generator.config import Config
    from generator.ir.build import build
    from generator.load import load

    spec = GOLDEN / "constructs" / "spec.yaml"
    api, _ = build(load(spec), Config(spec=spec, package="pkg"))
    assert len(api.operations) >= 3
    operations = api.operations[:count]
    env = render.environment()
    loop = "|---|\n{% for op in operations %}\n| `{{ op.accessor }}` | `{{ op.http_method|upper }} {{ op.path }}` | {{ op.key }} |\n{% endfor %}\n\nafter\n"
    rows = "|---|\n{% if operations %}\n{{ operations|operation_rows }}\n{% endif %}\n\nafter\n"
    assert env.from_string(rows).render(operations=operations) == env.from_string(loop).render(operations=operations)
