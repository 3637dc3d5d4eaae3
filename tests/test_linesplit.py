"""generator/linesplit.py splits a long statement as black does, without black: held here to
black's own output, on hand-picked shapes and on every long line of generated clients."""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from generator import format as formatting
from generator import linesplit, pipeline
from generator.workers import Workers
from conftest import OPENAI_SPEC, generate

LONG = "a_rather_long_name_that_goes_on_and_on"


def _black(statement: str, depth: int) -> list[str]:
    wrapper = ["    " * level + "if _:" for level in range(depth)]
    body = ["    " * (depth + 1) + "pass"] if statement.endswith(":") else []  # a block opened
    source = "\n".join([*wrapper, "    " * depth + statement, *body]) + "\n"
    lines = [line for line in black.format_str(source, mode=formatting.mode()).split("\n") if line.strip()]
    return lines[depth : len(lines) - len(body)]


SHAPES = [
    # (statement, depth): what the templates emit, long
    (f'return self._get("/groups/" + path_param(group_id) + "/sites/" + path_param({LONG}), cast_to=X)', 2),
    (f'url = "/groups/" + path_param(group_id) + "/sites/" + path_param(site_id) + path_param({LONG})', 2),
    (f'return await client.{LONG}.{LONG}.create(thread_id="string", value=1)', 3),
    (f"return await client.{LONG}.{LONG}_more.create()", 3),
    (f"result = client.{LONG}.{LONG}.update(first=1, second=2, third=3)", 1),
    (f"self.{LONG} = to_raw_response_wrapper({LONG}.{LONG}_and_more_and_more)", 2),
    (f"{LONG}: Sequence[{LONG}Param | InstanceOf[{LONG}]] | dict[str, Any] | None = None", 1),
    (f'{LONG}: Literal["first", "second", "third", "fourth", "fifth", "sixth"] | None = None', 1),
    (f"def {LONG}(self, {LONG}: {LONG}Param | InstanceOf[{LONG}] | None | NotGiven = NOT_GIVEN): ...", 1),
    (f"def {LONG}(self, value: dict[str, Any]) -> {LONG}WithRawResponseAndMore:", 1),
    (f"def {LONG}_{LONG}(self) -> {LONG}:", 1),
    (f'_ = {{"{LONG}": {LONG}, "another_key": another_value, "a_third_key": a_third_value}}', 1),
    (f'return self._post(json=validate_params({LONG}Param, {{"@odata.type": odata_type, "{LONG}": {LONG}}}))', 3),
    (f"assert isinstance(result, {LONG}_{LONG}), f_x({LONG})", 2),
    (f"if {LONG}.{LONG}({LONG}, {LONG}):", 1),
    (f"class {LONG}_{LONG}({LONG}):", 0),
    (f"value = {LONG}[{LONG}, {LONG}, {LONG}][0].method(x=-1)", 1),
    (f"call_{LONG}({LONG}, {LONG}, [{LONG}, {LONG}],)", 1),  # a magic trailing comma
    (f"x = {LONG}_{LONG}_{LONG}", 1),  # nothing to split
    (f"return {LONG}_{LONG}_{LONG}({LONG}_{LONG})", 2),
    ('_ = {"' + LONG + '": \'Literal["first", "second"]\', "another_key": ' + LONG + ", \"x\": 1e-16 + 2.5}", 1),
    (f'_ = {{"X-Api-Secret": _auth.ApiKey("X-Api-Secret", "header", {LONG}) if {LONG} else None}}', 2),
    (f"value = {LONG}({LONG}) if {LONG} and not {LONG}.{LONG} else {LONG}", 1),
    (f"return call({LONG}, {LONG}.{LONG}({LONG}) if {LONG} or x else None)", 1),
    (f"return call({LONG}.{LONG}({LONG}) if {LONG} else {LONG}({LONG}, {LONG}))", 1),
    (f'raise APIError("No API key: pass api_key=... or set the environment variable {LONG}.")', 3),
    (f'return self._post(json=validate_params({LONG}, {{"a": a}}) or None and not {LONG})', 3),
    (f"return {LONG}.{LONG}({LONG}) or {LONG}.{LONG}({LONG}, {LONG})", 2),
]


@pytest.mark.parametrize(("statement", "depth"), SHAPES)
def test_a_shape_splits_as_black_splits_it(statement: str, depth: int) -> None:
    assert len("    " * depth + statement) > linesplit.LINE_LENGTH or "," in statement
    assert linesplit.split(statement, depth) == _black(statement, depth)


def test_statements_of_one_shape_share_a_layout_each_with_its_own_tokens() -> None:
    """The layout of a shape (kinds, spacing and lengths of the tokens) is made once and
    filled in: names, strings and numbers of the same lengths come back as each statement
    has them, and a keyword in a name's place is another shape."""
    same = LONG.replace("a", "b")
    first = f'return await client.{LONG}.{LONG}.create(thread_id="string", value=1)'
    second = f'return await client.{same}.{same}.create(thread_id="strong", value=2)'
    assert linesplit.split(first, 3) == _black(first, 3)
    assert linesplit.split(second, 3) == _black(second, 3)
    assert linesplit.split(second, 3) != linesplit.split(first, 3)
    name, keyword = f"value = {LONG}(a) if {LONG} else Nome", f"value = {LONG}(a) if {LONG} else None"
    assert len(name) == len(keyword)
    assert linesplit.split(name, 3) == _black(name, 3)
    assert linesplit.split(keyword, 3) == _black(keyword, 3)


def test_a_layout_serves_the_lengths_its_comparisons_cannot_tell_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Statements of one shape with other lengths take a layout made for another when every
    length comparison it made comes out the same; when one comes out otherwise, they get a
    layout of their own. Each is black's."""
    monkeypatch.setattr(linesplit, "_LAYOUTS", {})
    monkeypatch.setattr(linesplit, "_SHAPES", {})
    made: list[int] = []
    layout = linesplit._layout
    monkeypatch.setattr(linesplit, "_layout", lambda leaves, depth: made.append(len(leaves)) or layout(leaves, depth))

    def call(name: str) -> str:
        return f"return await client.{name}.items.create(first=value, other=1)"

    for name in (LONG, LONG + "_x", LONG[:25]):  # 105, 107 and 92 characters: split after `create(`
        assert linesplit.split(call(name), 3) == _black(call(name), 3)
    assert len(made) == 1  # the two others: lengths no comparison tells apart from the first's
    assert len(linesplit.split(call(LONG), 3) or []) == 3
    for name in (LONG[:20], LONG + "_xyzw"):  # 87: one line; 110: the call in parentheses too
        assert linesplit.split(call(name), 3) == _black(call(name), 3)
    assert len(made) == 3
    assert linesplit.split(call(LONG[:20]), 3) == ["            " + call(LONG[:20])]
    assert len(linesplit.split(call(LONG + "_xyzw"), 3) or []) == 5
    assert len(linesplit._SHAPES) == 1


@pytest.mark.parametrize(
    "statement",
    [
        f"x = {LONG}  # a comment",
        f"x = lambda: {LONG}({LONG})",
        f"a, b = {LONG}({LONG}, {LONG})",
        f'x = f"{{{LONG}}}" + {LONG}',
        f'x = "{LONG}" "implicitly joined"',
        f"x = {LONG} if {LONG} else {LONG} if {LONG} else {LONG}",
        f"x = {LONG} * {LONG}",
        f'x = "ünïcode {LONG}"',
        f"with {LONG}({LONG}) as {LONG}:",
        f"x = {LONG}('single quotes', {LONG})",
        f"x = {LONG}(1e+16, 0XFF, {LONG})",  # numbers black writes its own way
        f"from {LONG} import {LONG}",
    ],
)
def test_what_is_not_ported_is_left_to_black(statement: str) -> None:
    assert linesplit.split(statement, 1) is None


def _long_line_keys(spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[formatting.Key]:
    """The snippets the format stage makes of a generated client's long lines (all of
    them: in one process, as a forked helper's files would not be seen here)."""
    raw: dict[str, str] = {}
    original = formatting.format_files
    monkeypatch.setattr(Workers, "available", False)

    def capture(files: dict[str, str], *args: object, **kwargs: object) -> object:
        raw.update(files)
        return original(files, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.formatting, "format_files", capture)
    assert generate(spec, tmp_path / "out", "client") == 0
    keys = set()
    for path, text in raw.items():
        if path.endswith(".py"):
            keys.update(key for _, key in formatting._plan(text, set()) if key is not None)
    return sorted(keys)


def _compare(keys: list[formatting.Key]) -> int:
    handled = 0
    for key in keys:
        snippet = formatting._snippet(key)
        split = formatting._split_without_black(snippet)
        if split is None:
            continue
        handled += 1
        assert formatting._black_snippet(snippet, split) == formatting._black_snippet(snippet, None), key
    return handled


def test_every_long_line_of_the_threads_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = _long_line_keys(Path("specs/threads.yaml").resolve(), tmp_path, monkeypatch)
    assert keys
    assert _compare(keys) >= 0.7 * len(keys)  # the rest: lines with comments, in clientsmith's own modules


def test_every_long_line_of_the_openai_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not OPENAI_SPEC.exists():
        pytest.skip(f"needs the shared OpenAI document ({OPENAI_SPEC}), which CI has")
    keys = _long_line_keys(OPENAI_SPEC, tmp_path, monkeypatch)
    assert len(keys) > 500
    assert _compare(keys) >= 0.9 * len(keys)


def test_a_black_of_another_year_lays_out_its_lines_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    statement, depth = SHAPES[1]
    assert linesplit.split(statement, depth) is not None
    monkeypatch.setattr(linesplit, "BLACK_YEARS", ("1999",))
    linesplit.ported.cache_clear()
    try:
        assert linesplit.split(statement, depth) is None
    finally:
        linesplit.ported.cache_clear()
