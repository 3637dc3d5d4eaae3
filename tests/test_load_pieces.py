"""Reading a YAML document in pieces (cached, or not) gives exactly what parsing it whole
gives: the same data (key order included), the same errors, the same line for every node."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import load as loading
from generator import yaml_pieces
from generator.diagnostics import GenerationError


@pytest.fixture(autouse=True)
def cut_small(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Cut every mapping, however short, so that small documents exercise every level."""
    monkeypatch.setattr(yaml_pieces, "_MIN_LINES", 0)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))


def read(path: Path, monkeypatch: pytest.MonkeyPatch, cache: bool, whole: bool = False) -> loading.Document | str:
    with monkeypatch.context() as m:
        if not cache:
            m.setenv("CLIENTSMITH_CACHE_DIR", "off")
        if whole:
            m.setattr(yaml_pieces, "cut", lambda text: None)
        try:
            return loading.load(path)
        except GenerationError as exc:
            return str(exc)


def every_pointer(text: str) -> dict[str, int]:
    return loading._line_index(text)


def assert_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> loading.Document | str:
    """Whole parse vs pieces: without a cache, then cold and warm (values from the cache)."""
    whole = read(path, monkeypatch, cache=False, whole=True)
    for cache in (False, True, True):
        pieces = read(path, monkeypatch, cache=cache)
        if isinstance(whole, str) or isinstance(pieces, str):
            assert pieces == whole
            continue
        assert pieces.data == whole.data
        assert repr(pieces.data) == repr(whole.data)  # key order too
        for ptr, line in every_pointer(whole.text).items():
            parts = [p.replace("~1", "/").replace("~0", "~") for p in ptr.split("/")[1:]] if ptr else []
            assert pieces.line(parts) == line, ptr
    return pieces


SPEC = """\
# a comment before anything
openapi: 3.1.0
info:
  title: t
  version: '1'
paths:
  /a:
    get:
      description: |
        a block scalar
          indented more

        and a blank line
      responses:
        '200':
          description: ok
  "/b/{id}":   # a quoted key, a comment
    get:
      responses:
        200: {description: flow}
components:
  schemas:
    A:
      type: object
      description: "a quoted
        string over lines"
    B: {type: string}
    on: {type: boolean}
    'C d':
      - not a mapping
"""


def test_a_block_mapping_is_read_in_pieces_with_the_same_data_and_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    doc = assert_same(spec, monkeypatch)
    assert isinstance(doc, loading.Document) and doc.pieces is not None
    assert ("components", "schemas", "on") in doc.pieces  # keys as the whole parse reads them (YAML 1.2: `on` is text)
    assert ("paths", "/a", "get", "description") in doc.pieces  # cut down to the deepest level


def test_lists_written_without_indentation_are_read_in_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML (and others) write a list at its key's column (`tags:` then `- a`): each item
    belongs to the key above it, and the mapping around is still cut."""
    text = (
        "openapi: 3.1.0\ntags:\n- name: a\n- name: b\npaths:\n  /a:\n    get:\n      tags:\n      - a\n"
        "      responses:\n        '200':\n          description: ok\n-x: 1\n"
    )
    spec = tmp_path / "s.yaml"
    spec.write_text(text.replace("-x: 1\n", ""), encoding="utf-8")
    doc = assert_same(spec, monkeypatch)
    assert isinstance(doc, loading.Document) and doc.pieces is not None
    assert {("tags",), ("paths", "/a", "get", "tags"), ("paths", "/a", "get", "responses")} <= doc.pieces.keys()
    spec.write_text(text, encoding="utf-8")  # (`-x` is a key, which the cut leaves to the whole parse)
    assert_same(spec, monkeypatch)


@pytest.mark.parametrize("start", ["---\n", "--- # the one document\n", "# a comment\n---\n\n"])
def test_a_document_start_line_is_read_in_pieces(start: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`---` alone on the first line marks the start of the one document in the file."""
    spec = tmp_path / "s.yaml"
    spec.write_text(start + SPEC, encoding="utf-8")
    doc = assert_same(spec, monkeypatch)
    assert isinstance(doc, loading.Document) and doc.pieces is not None
    assert ("paths", "/a", "get", "description") in doc.pieces


def test_after_an_edit_only_the_changed_piece_is_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    assert_same(spec, monkeypatch)
    parsed: list[str] = []
    real = loading._parse_piece
    monkeypatch.setattr(loading, "_parse_piece", lambda text: parsed.append(text) or real(text))
    spec.write_text(SPEC.replace("B: {type: string}", "B: {type: string, description: edited}\n    B2: {type: integer}"), encoding="utf-8")
    read(spec, monkeypatch, cache=True)
    assert parsed == ["    B: {type: string, description: edited}\n", "    B2: {type: integer}\n"]
    assert_same(spec, monkeypatch)


def test_pieces_parsed_in_a_process_beside_read_as_the_whole_parse_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large document's pieces are shared with a forked process, their values sent back
    marshalled: the same data, an alias inside a piece still one object, a piece that does
    not parse alone still sending the whole document to the whole parse."""
    from generator.workers import Workers

    if not Workers.available:
        pytest.skip("forking is used on Linux with two cores or more only")
    monkeypatch.setattr(loading, "_PARSE_APART_FROM", 0)
    forks: list[object] = []
    real_fork = Workers.fork
    monkeypatch.setattr(Workers, "fork", lambda self, work, yielding=False: forks.append(work) or real_fork(self, work, yielding))
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC + "    D: {a: &shared {type: string}, b: *shared}\n", encoding="utf-8")
    doc = assert_same(spec, monkeypatch)
    assert isinstance(doc, loading.Document) and doc.pieces is not None
    assert len(forks) == 2  # (without a cache, then with a new one; the third read is all cached)
    shared = read(spec, monkeypatch, cache=False)
    assert isinstance(shared, loading.Document)
    d = shared.data["components"]["schemas"]["D"]
    assert d["a"] == {"type": "string"} and d["a"] is d["b"]
    spec.write_text(SPEC.replace("    B: {type: string}\n", "    B: {type: [string\n"), encoding="utf-8")
    assert isinstance(assert_same(spec, monkeypatch), str)  # the whole parse's error


@pytest.mark.parametrize(
    "text",
    [
        # an alias to an anchor in another piece
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: &a {type: string}\n    B: *a\n",
        # a quoted string running across what looks like a key
        'openapi: 3.1.0\ninfo:\n  description: "one\n  two: three"\n  title: t\n',
        # a flow collection running on
        "openapi: 3.1.0\ninfo: {title: t,\ndescription: x}\n",
        # repeated keys, at a header and at an entry
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {}\ncomponents:\n  schemas:\n    B: {}\n",
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {}\n    A: {type: string}\n",
        # documents, directives and sequences
        "%YAML 1.1\n---\nopenapi: 3.1.0\ninfo:\n  title: t\n",
        "openapi: 3.1.0\n---\ninfo: {}\n",
        "---\nopenapi: 3.1.0\n---\ninfo: {}\n",
        "---\nopenapi: 3.1.0\ninfo: {}\n...\n",
        "--- !!map\nopenapi: 3.1.0\n",
        "---\n",
        "- openapi\n- 3.1.0\n",
        "openapi: 3.1.0\ninfo:\n  title: t\n- 1\n",  # an item under a key with a value
        "openapi: 3.1.0\ntags:\n-\n- 2\n-\ttabbed\n",
        "  openapi: 3.1.0\n  info:\n    title: t\n",
        # broken YAML, and indentation that goes back too far
        "openapi: 3.1.0\ninfo:\n    title: t\n  version: 1\n",
        "openapi: 3.1.0\ninfo:\n  title: [t\n",
        "openapi: 3.1.0\npaths:\n  /a:\n\tget: {}\n",
        # windows line ends, other line breaks, a merge key, an empty document
        "openapi: 3.1.0\r\ninfo:\r\n  title: t\r\n",
        "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        x: 1\x85        y: 2\n  /b:\n    get: {}\n",
        "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        x: 1\u2028        y: 2\n  /b:\n    get: {}\n",
        "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        x: 1\r        y: 2\n  /b:\n    get: {}\n",
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    <<: {A: {}}\n    B: {}\n",
        "",
        "# only a comment\n",
    ],
)
def test_what_spans_pieces_reads_as_the_whole_parse_reads_it(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(text, encoding="utf-8")
    assert_same(spec, monkeypatch)


def _loaded_then_normalized(text: str) -> object:
    """A piece as the safe loader and the normalizer give it (what `_built` stands in for)."""
    import yaml

    try:
        parsed = yaml.load(text, Loader=loading._yaml()[1])  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError):
        return None
    if not isinstance(parsed, dict) or len(parsed) != 1:
        return None
    return loading._Normalizer().sized(parsed)


@pytest.mark.parametrize(
    ("text", "built"),
    [
        ("a: {type: string, enum: [x, 'y', \"z\"]}\n", True),
        ("a:\n  b: |\n    block\n  c: >\n    folded\n  d: [1, 2.5, .inf, ~, null, yes, 0x1F, 0o17, 1_000, 2001-12-14]\n", True),
        ("a: {200: {d: x}, on: 1, null: 2, 1.5: 3}\n", True),  # keys read as int, bool, None, float
        ("a: {!!str 12: x, !!int '12': y, b: !!binary aGVsbG8=, c: !!timestamp 2001-12-14}\n", True),
        ("a: {true: 1, 1: 2}\n", False),  # True == 1: one key in the loader's dict
        ("a: {1: x, 1.0: y}\n", False),  # and 1 == 1.0
        ("a:\n  b: 1\n  b: 2\n", False),  # a key given twice
        ("a: {<<: {x: 1}, y: 2}\n", False),
        ("a: {=: 1}\n", False),
        ("a: {? [1, 2] : 3}\n", False),
        ("a: !!set {x, y}\n", False),
        ("a: !!omap [{x: 1}]\n", False),
        ("a: !custom 1\n", False),
        ("a: &x {b: 1}\nc: *x\n", False),  # an anchor: shared nodes
        ("a: R&D\n", False),  # (any `&` at all)
        ("a: b\n---\nc: d\n", False),
        ("a: [\n", False),
        ("", False),
        ("- a\n", True),  # not one entry: None either way
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", False),  # nested too deeply
    ],
)
def test_a_piece_built_from_its_nodes_is_what_the_loader_and_the_normalizer_give(text: str, built: bool) -> None:
    """`_built` makes a piece's value from the composed nodes in one pass, and leaves to the
    loader's constructor what it cannot make the same: either way the piece's entry (value
    and size in nodes) is the loader's, normalized, key order and key types included."""
    expected = _loaded_then_normalized(text)
    found = loading._parse_piece(text)
    assert found == expected and repr(found) == repr(expected)
    assert (loading._built(text) is not None) == built


def test_a_corrupt_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    assert_same(spec, monkeypatch)
    [entry] = (tmp_path / "cache").glob("memos/*/*")
    entry.write_bytes(b"\x00garbage")
    assert_same(spec, monkeypatch)


def test_a_node_no_piece_holds_changes_with_the_pieces_under_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ir/pieces.py: a node the loader cut inside (here every mapping is cut) is held by no
    piece; its version follows the pieces under it, so an edit below it changes it, and an
    edit elsewhere does not. A node not in the document keeps its version until a piece
    there appears."""
    from generator.ir.pieces import holding, text_version

    text = "openapi: 3.1.0\ncomponents:\n  schemas:\n    Big:\n      type: object\n      properties:\n        a:\n          type: string\n    Small:\n      type: string\n"
    spec = tmp_path / "s.yaml"

    def versions(text: str) -> dict[str, tuple[tuple[str, ...], str]]:
        spec.write_text(text, encoding="utf-8")
        digests = loading.load(spec).digests
        pointers = ["/components/schemas/Big", "/components/schemas/Big/properties/a/type", "/components/schemas/Small", "/components/schemas/Gone", "/components/schemas"]
        return {p: (holding(digests, p), text_version(digests, holding(digests, p))) for p in pointers}

    before = versions(text)
    assert before["/components/schemas/Big"][0] == ("components", "schemas", "Big")  # (cut inside: no piece of its own)
    assert before["/components/schemas/Big/properties/a/type"][0] == ("components", "schemas", "Big", "properties")
    after = versions(text.replace("type: string\n    Small", "type: integer\n    Small"))
    changed = {p for p in before if before[p] != after[p]}
    assert changed == {"/components/schemas/Big", "/components/schemas/Big/properties/a/type", "/components/schemas"}
    added = versions(text + "    Gone:\n      type: string\n")
    assert added["/components/schemas/Gone"] != before["/components/schemas/Gone"]
    assert added["/components/schemas/Big"] == before["/components/schemas/Big"]



def test_plain_scalars_are_read_as_yaml_1_2_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenAPI asks for YAML 1.2 (as JavaScript's js-yaml, Prism's, reads): PyYAML's 1.1 read
    Norway's `NO` and `on`/`off` as booleans (an enum that could not say Norway), `12:30`
    as 750 and `012` as 10, and renamed a property `no` to `false`."""
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Ship:\n"
        "      properties:\n        no: {type: string, enum: [SE, NO, DK, on, off, yes, y]}\n"
        "        slot: {type: string, enum: [09:30, 12:30]}\n        n:\n          enum: [012, 0o17, 0x1F, 1e3, .5, true, False, null]\n",
        encoding="utf-8",
    )
    doc = assert_same(spec, monkeypatch)
    assert isinstance(doc, loading.Document)
    props = doc.data["components"]["schemas"]["Ship"]["properties"]
    assert props == {
        "no": {"type": "string", "enum": ["SE", "NO", "DK", "on", "off", "yes", "y"]},
        "slot": {"type": "string", "enum": ["09:30", "12:30"]},
        "n": {"enum": [12, 15, 31, 1000.0, 0.5, True, False, None]},
    }
