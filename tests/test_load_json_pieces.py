"""A JSON document read back from the parse the last run kept, with the piece an edit
changed parsed again, gives exactly what parsing it whole gives: the same data (key order
included) and the same digests of its pieces. Any other edit parses the whole text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import json_pieces
from generator import load as loading


@pytest.fixture(autouse=True)
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))


def doc(extra: str = "") -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Tëst", "version": "1"},
        "paths": {
            "/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
            "/b/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"204": {"description": "—"}}}},
        },
        "components": {
            "schemas": {
                "A": {"type": "object", "properties": {"name": {"type": "string", "description": "ünïcode" + extra}, "n": {"type": "number", "example": 1.5e300}}},
                "B": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
            },
            "responses": {"Empty": {"description": "nothing"}},
        },
    }


def written(path: Path, data: dict[str, Any], indent: int | None = 2, ascii: bool = False) -> None:
    path.write_text(json.dumps(data, indent=indent, ensure_ascii=ascii), encoding="utf-8")


def loaded_and_kept(path: Path) -> loading.Document:
    """The document as the run loads it, and its parse kept (as the process beside the run does)."""
    found = loading.load(path)
    assert found.keep is not None
    found.keep()
    return found


def assert_whole(found: loading.Document, path: Path) -> None:
    whole = json.loads(path.read_text(encoding="utf-8"))
    assert found.data == whole
    assert repr(found.data) == repr(whole)  # key order too
    assert found.digests == loading.value_digests(whole)
    assert found.text == path.read_text(encoding="utf-8")


def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the whole parses (json.loads on the whole text) from now on."""
    count: list[int] = []
    real = json.loads

    def counted(text: Any, *args: Any, **kwargs: Any) -> Any:
        count.append(len(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(json, "loads", counted)
    return count


@pytest.mark.parametrize("indent", [2, None])
@pytest.mark.parametrize("ascii", [False, True])
def test_an_edit_inside_one_piece_parses_that_piece_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indent: int | None, ascii: bool) -> None:
    path = tmp_path / "spec.json"
    written(path, doc(), indent, ascii)
    assert_whole(loaded_and_kept(path), path)
    for i, extra in enumerate(["", " more ✓", "x" * 5000, "", "ä"]):  # longer, shorter, as it was
        written(path, doc(extra), indent, ascii)
        count = parses(monkeypatch)
        found = loaded_and_kept(path)
        monkeypatch.undo()
        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
        assert count == [], f"edit {i} parsed the whole text"
        assert_whole(found, path)


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["components"]["schemas"].update(C={"type": "string"}),  # a piece added
        lambda d: d["components"]["schemas"].pop("B"),  # ... removed
        lambda d: d["paths"].update({"/c": d["paths"].pop("/a")}),  # a key renamed
        lambda d: (d["info"].update(title="T2"), d["components"]["schemas"]["B"].update(description="far")),  # two pieces apart
        lambda d: d.update(servers=[{"url": "https://x"}]),  # a top-level entry
        lambda d: d["components"].update(examples=[1]),  # a section no mapping: components in one piece
    ],
)
def test_any_other_edit_parses_the_whole_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Any) -> None:
    path = tmp_path / "spec.json"
    written(path, doc())
    loaded_and_kept(path)
    data = doc()
    edit(data)
    written(path, data)
    count = parses(monkeypatch)
    found = loaded_and_kept(path)
    assert len(count) == 1
    assert_whole(found, path)
    monkeypatch.undo()
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    # ... and what it kept serves the next edit
    data["components"]["schemas"]["A"]["description"] = "next"
    written(path, data)
    count = parses(monkeypatch)
    found = loaded_and_kept(path)
    assert count == []
    assert_whole(found, path)


def test_an_edit_that_breaks_the_piece_gives_the_whole_parse_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "spec.json"
    written(path, doc())
    loaded_and_kept(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"nothing"', '"nothing",'), encoding="utf-8")  # a trailing comma
    with pytest.raises(loading.GenerationError, match="invalid JSON: trailing comma") as kept:
        loading.load(path)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    with pytest.raises(loading.GenerationError) as whole:
        loading.load(path)
    assert str(kept.value) == str(whole.value)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    path.write_text(text.replace('"nothing"', '"nothing"}, "x": {"description": "y"'), encoding="utf-8")  # still JSON, cut elsewhere
    assert_whole(loading.load(path), path)


def test_a_document_read_back_is_decoded_only_when_its_text_is_read(tmp_path: Path) -> None:
    """After an edit in one piece the text is not needed (its parse is kept): it is decoded
    when a message asks for a line, and is then the file's text."""
    path = tmp_path / "spec.json"
    written(path, doc())
    loaded_and_kept(path)
    written(path, doc("edited"))
    found = loading.load(path)
    assert isinstance(found.content, bytes) and "text" not in vars(found)
    expected = path.read_text(encoding="utf-8")
    line = next(i for i, text in enumerate(expected.splitlines(), 1) if '"ünïcodeedited"' in text)
    assert found.location(["components", "schemas", "A", "properties", "name", "description"]).line == line
    assert found.text == expected


def test_a_kept_parse_holds_each_string_once(tmp_path: Path) -> None:
    """Equal strings are one object in the kept parse (marshal writes the others as
    references): read back, they are still equal, and the data is a whole parse's."""
    path = tmp_path / "spec.json"
    data = doc()
    data["components"]["schemas"]["C"] = {"type": "object", "properties": {"label": {"type": "string", "description": "ünïcode"}}}
    written(path, data)
    loaded_and_kept(path)
    data["info"]["description"] = "edited"
    written(path, data)
    found = loading.load(path)
    assert found.keep is not None  # (read back from the kept parse)
    schemas = found.data["components"]["schemas"]
    first, second = schemas["A"]["properties"]["name"], schemas["C"]["properties"]["label"]
    assert first["type"] is second["type"] and first["description"] is second["description"]
    assert_whole(found, path)
    # Kept after that edit (the piece parsed again, its strings shared among themselves),
    # then read back after an edit of another piece: the rest still shared.
    data["info"].update({"x-a": "same text", "x-b": "same text"})
    written(path, data)
    edited = loading.load(path)
    assert edited.keep is not None and edited.data["info"]["x-a"] is not edited.data["info"]["x-b"]  # (as json.loads makes them)
    edited.keep()
    data["components"]["schemas"]["B"]["description"] = "next"
    written(path, data)
    found = loading.load(path)
    info, schemas = found.data["info"], found.data["components"]["schemas"]
    assert info["x-a"] is info["x-b"]
    first, second = schemas["A"]["properties"]["name"], schemas["C"]["properties"]["label"]
    assert first["type"] is second["type"] and first["description"] is second["description"]
    assert_whole(found, path)


def test_the_pieces_are_where_value_digests_cuts_them(tmp_path: Path) -> None:
    data = doc()
    data["webhooks"] = {"w": {"post": {"responses": {}}}}
    data["paths"]["/é"] = {}
    text = json.dumps(data, indent=1, ensure_ascii=False)
    raw = text.encode("utf-8")
    found = json_pieces.spans(text)
    assert found is not None
    assert [parts for parts, _, _ in found] == list(loading.value_digests(data))
    for parts, first, last in found:
        node: Any = data
        for part in parts:
            node = node[part]
        assert json.loads(raw[first:last]) == node, parts


@pytest.mark.parametrize("text", ['{"a": 1, "a": 2}', '{"paths": {"/a": {}, "/a": {}}}', "[1]", '{"a": 1} x', '{"a" 1}'])
def test_a_text_the_pieces_cannot_be_found_in_is_not_kept(text: str) -> None:
    assert json_pieces.spans(text) is None


def test_a_kept_parse_of_another_shape_or_cut_short_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "spec.json"
    written(path, doc())
    found = loaded_and_kept(path)
    entry = tmp_path / "cache" / found.cache_group / "json"
    whole = entry.read_bytes()
    written(path, doc("edited"))
    for broken in (whole[: len(whole) // 2], b"junk"):
        entry.write_bytes(broken)
        assert_whole(loading.load(path), path)
    from generator import cache as caching

    caching.write(f"{found.cache_group}/json", {"parse": (b"{}", "not spans", {}, {})}, json_pieces._STAMP, bodies=(0,))
    assert_whole(loading.load(path), path)


def test_without_a_cache_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    path = tmp_path / "spec.json"
    written(path, doc())
    assert loading.load(path).keep is None


def test_line_breaks_of_any_kind_and_a_byte_order_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "spec.json"
    for extra in ("", "edited"):  # (a CRLF text: kept, then read back after an edit)
        path.write_bytes(json.dumps(doc(extra), indent=2).replace("\n", "\r\n").encode("utf-8"))
        count = parses(monkeypatch)
        found = loaded_and_kept(path)
        assert len(count) == (1 if not extra else 0)
        monkeypatch.undo()
        monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
        assert found.data == json.loads(path.read_bytes()) and "\r" not in found.text
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc()).encode("utf-8"))  # the pieces' places would be off by three
    found = loading.load(path)
    assert found.keep is None and found.data == doc()


def test_a_run_on_a_big_document_keeps_its_parse_beside_it_for_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The process that validates beside the model's making keeps the parse; the run after
    an edit inside one piece reads it back, and writes what a cold run writes."""
    from conftest import generate
    from generator import pipeline

    monkeypatch.setattr(pipeline, "_FORK_FROM", 0)  # (forked, as on a big document)
    path, out = tmp_path / "spec.json", tmp_path / "out"
    written(path, doc())
    assert generate(path, out, "t") == 0
    assert (tmp_path / "cache" / loading.cache_group(path) / "json").is_file()
    written(path, doc("edited"))
    whole = len(path.read_text(encoding="utf-8"))
    count = parses(monkeypatch)
    assert generate(path, out, "t") == 0
    assert whole not in count
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    assert generate(path, tmp_path / "cold", "t") == 0
    assert whole in count
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == {p.relative_to(tmp_path / "cold"): p.read_bytes() for p in (tmp_path / "cold").rglob("*") if p.is_file()}
