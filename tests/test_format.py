"""The format stage (generator/format.py) gives black's output without running black on
whole files: each long line alone in its context, else the top-level statement around it."""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from generator import format as formatting
from generator import render
from conftest import generate_in_fresh_python

LONG = "a_rather_long_name_that_goes_on_and_on_and_on_for_a_while"

# Shapes the templates emit, each with lines over black's limit.
RAW = f'''"""A module."""

from __future__ import annotations

from .some_module import {LONG}_and_more as {LONG}_and_more

CONSTANT: dict[str, str] = {{"first_key": "{LONG}", "second_key": "{LONG}", "third": "x"}}
INDEX = {{
    "{LONG}_and_more_of_it": "{LONG}",
    "short": "{LONG}_and_{LONG}",
}}
NAMES = [
    "{LONG}_and_a_little_more_of_it_too",
]


def test_{LONG}_required_args_and_a_little_more(
    client: Client,
) -> None:
    result = client.resource_with_a_long_name.sub_resource_with_a_long_name.method_name_long(
        argument="value",
    )
    assert result


def test_{LONG}_short(client: Client) -> None:
    """A docstring line that is much too long for black, which leaves docstrings as they are, so we do too."""
    value = call_something(first_argument={LONG}, second_argument={LONG}, third_argument=3)
    return value


class {LONG}_and_{LONG}(
    BaseModel,
):
    pass


class Model(BaseModel):
    field_with_a_long_annotation: dict[str, list[{LONG}]] | None = Field(default=None, alias="field")


if TYPE_CHECKING:
    pass
else:
    Model.model_rebuild(_types_namespace={{"{LONG}": {LONG}, "another_name_here": another_name_here}})
'''


def _fast(text: str) -> str:
    out, _, _ = formatting.format_files({"pkg/module.py": text}, {}, lambda path: False)
    return out["pkg/module.py"]


def test_the_fast_path_gives_what_black_gives() -> None:
    assert _fast(RAW) == black.format_str(RAW, mode=formatting.mode())


def _black_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = black.format_str

    def counting(source: str, *, mode: black.Mode) -> str:
        calls.append(source)
        return real(source, mode=mode)

    monkeypatch.setattr(black, "format_str", counting)
    return calls


def test_a_line_black_wraps_in_parentheses_is_laid_out_with_its_statement(monkeypatch: pytest.MonkeyPatch) -> None:
    """`result = a.b.c(` whose head is too long: black wraps the call in parentheses, which
    moves every line of it; linesplit lays out the whole statement, black never sees it."""
    expected = black.format_str(RAW, mode=formatting.mode())
    calls = _black_calls(monkeypatch)
    assert _fast(RAW) == expected
    assert all(source != RAW for source in calls)
    assert not any("result = client.resource_with_a_long_name" in source for source in calls)


def test_a_hash_inside_a_string_is_no_comment_to_the_statement_around_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """`odata_type="#microsoft.graph.user"` (Microsoft Graph's tests, every URL with a
    fragment): the statement is laid out whole by linesplit, black never sees it."""
    raw = RAW.replace('argument="value",\n', 'argument="#value",\n')
    assert raw != RAW
    expected = black.format_str(raw, mode=formatting.mode())
    calls = _black_calls(monkeypatch)
    assert _fast(raw) == expected
    assert not any("result = client.resource_with_a_long_name" in source for source in calls)


def test_a_statement_linesplit_does_not_take_is_formatted_by_black_with_its_top_level_statement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = RAW.replace('argument="value",\n', 'argument="value",  # a comment: black\'s\n')
    assert raw != RAW
    expected = black.format_str(raw, mode=formatting.mode())
    calls = _black_calls(monkeypatch)
    assert _fast(raw) == expected
    assert calls and all(source != raw for source in calls)
    assert any(source.startswith(f"def test_{LONG}_required_args_and_a_little_more(") for source in calls)


def test_runtime_modules_are_in_blacks_layout() -> None:
    """They are copied into every client unformatted, on that promise."""
    package = "pkg"
    for path in sorted(render.runtime_paths(package)):
        source = Path(render.__file__).parent / "runtime" / Path(path).name
        text = source.read_text(encoding="utf-8")
        assert black.format_str(text, mode=formatting.mode()) == text, source.name


def test_ready_files_are_not_formatted() -> None:
    long = f"value = call_something(first_argument={LONG}, second_argument={LONG})\n"
    out, _, _ = formatting.format_files({"pkg/_base_client.py": long, "pkg/other.py": long}, {}, lambda path: False, frozenset({"pkg/_base_client.py"}))
    assert out["pkg/_base_client.py"] == long
    assert out["pkg/other.py"] == black.format_str(long, mode=formatting.mode()) != long


@pytest.mark.parametrize("broken", ["pkg/m0.py", "pkg/m3.py"])
def test_a_file_that_does_not_parse_is_reported_whichever_process_parses_it(monkeypatch: pytest.MonkeyPatch, broken: str) -> None:
    """A large client's files are parsed on every core: the error comes back from any."""
    monkeypatch.setattr(formatting, "_PARALLEL_PARSE_FROM", 0)
    files = {f"pkg/m{i}.py": "x = 1\n" * (i + 1) for i in range(6)}
    files[broken] = "x = (\n"
    with pytest.raises(RuntimeError, match=f"generated {broken} does not parse"):
        formatting._assert_parse(files, fork=True)
    del files[broken]
    formatting._assert_parse(files, fork=True)


def test_a_small_client_is_generated_without_importing_black(tmp_path: Path) -> None:
    """black's import costs more than formatting a small client: templates and linesplit
    leave it nothing to do on the threads document, so it is never imported."""
    spec = Path(__file__).resolve().parents[1] / "specs" / "threads.yaml"
    printed = generate_in_fresh_python(spec, tmp_path / "out", tmp_path / "cache", "print('black' in sys.modules)\n")
    assert printed.strip().splitlines()[-1] == "False"


def test_a_long_package_name_leaves_black_nothing_to_do(tmp_path: Path) -> None:
    """The imports of the package itself (tests, conftest) are laid out as black would,
    whatever the package's name."""
    package = "a_client_package_with_a_rather_long_name_for_its_api"
    spec = Path(__file__).resolve().parents[1] / "specs" / "threads.yaml"
    printed = generate_in_fresh_python(spec, tmp_path / "out", tmp_path / "cache", "print('black' in sys.modules)\n", package)
    assert printed.strip().splitlines()[-1] == "False"
    for path in sorted((tmp_path / "out" / "tests").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert black.format_str(text, mode=formatting.mode()) == text, path.name


DOCSTRINGS = '''"""A module docstring
over two lines."""


class Model(BaseModel):
    """One line."""

    field: str = Field(alias="a \\"quoted\\" name")


def method(self) -> None:
    """A docstring

    with a blank line, and quotes: \\"\\"\\" inside.
    """
    return None
'''


@pytest.mark.parametrize(
    "text",
    [
        DOCSTRINGS,
        DOCSTRINGS.replace("return None", 'return """text"""'),  # a one-line string that is no docstring
        DOCSTRINGS + 'X = f("""a\nb""")\n',  # a multi-line string inside a line: the tokenizer's case
        "",
        '"""Unclosed\n',
    ],
)
def test_the_lines_of_multiline_strings_are_the_ones_the_tokenizer_finds(text: str) -> None:
    try:
        expected = formatting._tokenized_string_lines(text)
    except formatting._Fallback:
        with pytest.raises(formatting._Fallback):
            formatting._multiline_string_lines(text)
        return
    assert formatting._multiline_string_lines(text) == expected
