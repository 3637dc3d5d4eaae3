"""The per-user cache (generator/cache.py) only makes runs faster: with it off, cold, warm,
after an edit, unwritable or corrupt, `generate` writes the same bytes."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path

import pytest

from conftest import GOLDEN, generate
from generator import cache, render, yaml_pieces


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(spec: Path, out: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: str) -> dict[str, bytes]:
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", cache_dir)
    assert generate(spec, out, "constructs") == 0
    return tree(out)


def test_the_output_does_not_depend_on_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_pieces, "_MIN_LINES", 0)  # cut the small spec as finely as a large one
    spec = tmp_path / "spec.yaml"
    text = (GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8")
    spec.write_text(text, encoding="utf-8")
    folder = str(tmp_path / "cache")
    plain = run(spec, tmp_path / "off", monkeypatch, "off")
    assert run(spec, tmp_path / "cold", monkeypatch, folder) == plain
    assert sorted(p.name for p in Path(folder).iterdir()) == ["memos", "pruned", "templates"]
    # One group for the document's entries, one for the output folder's.
    kinds = sorted(sorted({p.name.split(".")[0] for p in group.iterdir()}) for group in Path(folder, "memos").iterdir())
    assert kinds == [["check", "conv", "mock", "mockunits", "ops", "pieces", "repair", "types"], ["render", "stamps"]]
    assert run(spec, tmp_path / "warm", monkeypatch, folder) == plain
    for old, new in (("List pets.", "List the pets."), ("      additionalProperties: false\n", "")):
        text = text.replace(old, new, 1)
        spec.write_text(text, encoding="utf-8")
        edited = run(spec, tmp_path / "edited-off", monkeypatch, "off")
        assert edited != plain
        assert run(spec, tmp_path / "edited", monkeypatch, folder) == edited
        plain = edited
    for entry in Path(folder).rglob("*"):  # corrupt every entry: read as empty
        if entry.is_file():
            entry.write_bytes(b"\x00not marshal")
    assert run(spec, tmp_path / "corrupt", monkeypatch, folder) == plain


@pytest.mark.parametrize("golden", ["params", "media", "auth", "constructs", "petstore30"])
def test_the_output_does_not_depend_on_which_memos_survive(golden: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A regeneration mixes memos: an operation's types replayed from the conversion memo
    # with its model made again (its own memo lost, or an edit it read) must give the
    # operation the first run gave (a parameter the path places in its query was read
    # back `in: path`, and never sent).
    monkeypatch.setattr(yaml_pieces, "_MIN_LINES", 0)
    spec = GOLDEN / golden / "spec.yaml"
    plain = run(spec, tmp_path / "off", monkeypatch, "off")
    folder = tmp_path / "cache"
    run(spec, tmp_path / "first", monkeypatch, str(folder))
    kinds = sorted({p.name.split(".")[0] for p in folder.glob("memos/*/*")})
    assert {"conv", "ops", "render"} <= set(kinds)
    for kind in kinds:
        kept = tmp_path / "kept"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(folder, kept)
        for entry in kept.glob("memos/*/*"):
            if entry.name.split(".")[0] == kind:
                entry.unlink()
        assert run(spec, tmp_path / f"without-{kind}", monkeypatch, str(kept)) == plain, kind


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(blocker / "cache"))
    cache.write("x", {"a": 1})
    assert cache.read("x") is None
    spec = GOLDEN / "constructs" / "spec.yaml"
    assert run(spec, tmp_path / "a", monkeypatch, str(blocker / "cache")) == run(spec, tmp_path / "b", monkeypatch, "off")


def test_an_entry_is_read_only_by_the_code_that_wrote_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two checkouts (or installs) under one version number are other code: what one wrote
    must not be read by the other, or a run's output would depend on the cache."""
    code = tmp_path / "code"
    shutil.copytree(Path(cache.__file__).parent, code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.code_stamp(code)
    assert cache.code_stamp(code) == before
    (code / "generator" / "ir" / "names.py").write_text((code / "generator" / "ir" / "names.py").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    edited = cache.code_stamp(code)
    assert edited != before
    (code / "generator" / "ir" / "new_module.py").write_text("", encoding="utf-8")
    assert cache.code_stamp(code) not in (before, edited)

    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    cache.write("x", {"a": 1})
    assert cache.read("x") == {"a": 1}
    monkeypatch.setattr(cache, "_format", lambda: "clientsmith (other code)")
    assert cache.read("x") is None


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLIENTSMITH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "clientsmith"
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "")
    assert cache.directory() is None


def test_a_regeneration_renders_only_the_parts_whose_inputs_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """render_memo.py: a part (resource module, types module, tests of a resource) whose
    template and context are those of the last run, and whose file is as that run wrote
    it, is kept without rendering; the output is byte for byte a cold run's."""
    rendered: list[str] = []
    render_jobs = render.render_jobs

    def spy(api, todo, *rest):  # type: ignore[no-untyped-def]
        rendered.extend(path for path, template, _, _ in todo if template in render.PART_TEMPLATES)
        return render_jobs(api, todo, *rest)

    monkeypatch.setattr(render, "render_jobs", spy)
    spec = tmp_path / "spec.yaml"
    text = (GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8")
    spec.write_text(text, encoding="utf-8")
    out, folder = tmp_path / "out", str(tmp_path / "cache")
    before = run(spec, out, monkeypatch, folder)
    parts = set(rendered)
    assert len(parts) > 20
    rendered.clear()
    (out / "constructs" / "types" / "cat.py").write_text("# the user's edit\n", encoding="utf-8")  # not as the last run wrote it
    spec.write_text(text.replace("A person, who may have a parent (recursion).", "A person, who may have a parent."), encoding="utf-8")
    assert generate(spec, out, "constructs", "--overwrite") == 0
    after, again = tree(out), set(rendered)
    assert after == run(spec, tmp_path / "cold", monkeypatch, "off")
    changed = {path for path in after if before.get(path) != after[path]}
    assert "constructs/types/pets/person.py" in changed
    assert changed & parts <= again  # every part file that changed was rendered again...
    assert not {path for path in again if "animals" in path or "searches" in path}  # ... and no part of another resource
    assert "constructs/types/cat.py" in again  # the one the user edited: written again (--overwrite)


def test_a_part_is_known_by_what_its_context_holds_not_by_what_it_shares() -> None:
    """render_memo: the same context gives the same digest whether two of its parts are one
    object or two equal ones (a model read back from the operations' memo shares less than
    one just made; keyed by sharing, every resource module was rendered again once)."""
    from generator import render_memo

    text = "".join(["annotation: ", "str | None"])
    same, equal = (text, text), (text, "".join(["annotation: ", "str | None"]))
    assert same[0] is same[1] and equal[0] is not equal[1]
    jobs = [("a.py", "package/types_module.py.jinja", {"module": same}, 1), ("b.py", "package/types_module.py.jinja", {"module": equal}, 1)]
    found = render_memo.keys(jobs, b"", {})
    assert found["a.py"] == found["b.py"]


def test_an_operation_the_memo_pickled_is_known_by_those_bytes() -> None:
    """render_memo: a resource module's digest takes each operation the operations' memo
    pickled as those bytes' digest (not pickled again), and follows them."""
    import dataclasses

    from generator import render_memo
    from generator.config import Config
    from generator.ir.build import build
    from generator.load import load

    spec = GOLDEN / "constructs" / "spec.yaml"
    api, _ = build(load(spec), Config(spec=spec, package="pkg"))
    module = max(api.resources, key=lambda m: len(m.resource.operations))
    first, *_ = module.resource.operations
    job = [(module.path, "package/resource_module.py.jinja", {"module": module}, 1)]
    plain = render_memo.keys(job, b"", {})
    assert render_memo.keys(job, b"", {id(first): (first, b"pickled once")}) != plain
    assert render_memo.keys(job, b"", {id(first): (first, b"pickled once")}) == render_memo.keys(job, b"", {id(first): (first, b"pickled once")})
    assert render_memo.keys(job, b"", {id(first): (first, b"pickled otherwise")}) != render_memo.keys(job, b"", {id(first): (first, b"pickled once")})
    twin = dataclasses.replace(first)  # equal, another object: an id the map holds for another
    assert render_memo.keys(job, b"", {id(first): (twin, b"pickled once")}) == plain


def test_a_types_module_the_memo_pickled_is_known_by_those_bytes() -> None:
    """render_memo: so is a types module (ir/types_memo.py); its digest follows the bytes."""
    from generator import render_memo
    from generator.config import Config
    from generator.ir.build import build
    from generator.load import load

    spec = GOLDEN / "constructs" / "spec.yaml"
    api, _ = build(load(spec), Config(spec=spec, package="pkg"))
    module = max(api.types_modules, key=lambda m: len(m.classes))
    job = [(module.path, "package/types_module.py.jinja", {"module": module}, 1)]
    plain = render_memo.keys(job, b"", {})
    known = render_memo.keys(job, b"", {id(module): (module, b"pickled once")})
    assert known != plain and known == render_memo.keys(job, b"", {id(module): (module, b"pickled once")})
    assert render_memo.keys(job, b"", {id(module): (module, b"pickled otherwise")}) != known


def test_the_tests_of_a_resource_are_known_without_their_context_being_made() -> None:
    """render_memo: a resource's tests are known by their module's digest and the homes of
    the types its operations return (render.TestContext), not by their context, which is
    made only to render them: a type added elsewhere leaves their key as it was."""
    import dataclasses

    from generator import render_memo
    from generator.config import Config
    from generator.ir.build import build
    from generator.load import load

    spec = GOLDEN / "constructs" / "spec.yaml"
    api, _ = build(load(spec), Config(spec=spec, package="pkg"))
    module = max((m for m in api.resources if any(op.returns_classes for op in m.resource.operations)), key=lambda m: len(m.resource.operations))
    returned = next(op.returns_classes[0] for op in module.resource.operations if op.returns_classes)
    made: list[int] = []

    class Counted(render.TestContext):
        def __call__(self) -> dict[str, object]:
            made.append(1)
            return super().__call__()

    def key(exports: tuple[tuple[str, str], ...], pickled: dict[int, tuple[object, bytes]]) -> str:
        homes = {name: f"pkg.types.{at.rpartition('.')[0]}".rstrip(".") for at, name in exports}
        return render_memo.keys([(module.test_path, "tests/test_resource.py.jinja", Counted(module, lambda: homes), 1)], b"", pickled)[module.test_path]

    known = {id(module): (module, b"pickled once")}
    first = key(api.exports, known)
    assert made == []
    assert key((*api.exports, ("elsewhere", "Added")), known) == first  # a type its operations do not return
    moved = tuple(("moved." + at if name == returned else at, name) for at, name in api.exports)
    assert key(moved, known) != first  # one they return, imported from elsewhere
    assert key(api.exports, {id(module): (module, b"pickled otherwise")}) != first
    assert made == []
    other = dataclasses.replace(module)  # (an id the map holds for another object: the context is made)
    assert key(api.exports, {id(module): (other, b"pickled once")}) != first
    assert made == [1]


def test_a_memo_writes_what_changed_beside_its_shards_until_it_grows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path))
    small = cache.Sharded("m", "stamp")
    small.new = {f"k{i}": i for i in range(cache.Sharded.SPLIT_FROM - 1)}
    small.write()
    assert [p.name for p in tmp_path.iterdir()] == ["m"]  # a small memo: one file
    memo = cache.Sharded("m", "stamp")
    assert memo.old == small.new
    memo.new = {f"k{i}": i for i in range(3000)}
    memo.write()
    files = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert "m" not in files and len(files) == cache.Sharded.SHARDS  # 3000 keys fill every shard

    written: list[str] = []
    real_write = cache.write

    def write(name: str, value: object, stamp: str = "", bodies: tuple[int, ...] = ()) -> None:
        written.append(name)
        real_write(name, value, stamp, bodies)

    monkeypatch.setattr(cache, "write", write)
    again = cache.Sharded("m", "stamp")
    assert again.old == memo.new
    again.new = dict(again.old)
    again.write()
    assert written == []  # nothing changed: nothing written
    again.new["k7"] = -7
    del again.new["k8"]
    again.write()
    assert written == ["m.delta"]  # what changed, beside the shards

    later = cache.Sharded("m", "stamp")
    assert later.old == again.new  # the delta read over the shards
    later.new = dict(later.old) | {"k9": -9}
    written.clear()
    later.write()
    assert written == ["m.delta"] and cache.Sharded("m", "stamp").old == later.new  # the delta holds both edits

    grown = cache.Sharded("m", "stamp")
    grown.new = {key: -entry for key, entry in grown.old.items()}  # every entry changed: the shards
    written.clear()
    grown.write()
    assert "m.delta" not in written and len(written) == cache.Sharded.SHARDS and not (tmp_path / "m.delta").exists()
    assert cache.Sharded("m", "stamp").old == grown.new

    alone = cache.Sharded("m", "stamp")
    alone.new = {"k7": 7}  # every other entry gone: one file again, and the shards' files go
    alone.write()
    assert [p.name for p in tmp_path.iterdir()] == ["m"]
    assert cache.Sharded("m", "stamp").old == {"k7": 7}


class _WithBodies(cache.Sharded):
    BODIES = (1,)


def test_a_memos_bodies_are_read_as_views_of_its_file_and_written_again_as_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path))
    entries = {f"k{i}": (f"head {i}", f"body {i}".encode() * i) for i in range(3000)} | {"odd": ("head", "no bytes"), "short": ("head",)}
    memo = _WithBodies("m", "stamp")
    memo.new = entries
    memo.write()
    read = _WithBodies("m", "stamp")
    assert read.old == entries  # (entries of another shape kept as they were)
    assert type(read.old["k5"][1]) is memoryview and read.old["k5"][1] == b"body 5" * 5
    assert pickle.loads(pickle.dumps(read.old["k5"])) == ("head 5", b"body 5" * 5)  # (as bytes: a lazy part holds one)
    read.new = {key: entry for key, entry in read.old.items() if key != "k0"}  # written again from the views
    read.new["k1"] = ("head 1", b"new body")
    read.new |= {f"n{i}": ("new", b"x" * i) for i in range(300)}  # past a delta: the shards again
    read.write()
    assert _WithBodies("m", "stamp").old == read.new
    shard = next(p for p in tmp_path.iterdir() if p.name.startswith("m."))
    shard.write_bytes(shard.read_bytes()[:-1])  # a file cut short reads as none
    again = _WithBodies("m", "stamp")
    assert again.old and again.old.keys() < read.new.keys()


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # (slips.yaml's own pattern, as jsonschema checks it)
def test_a_run_with_nothing_to_do_says_the_warnings_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A run whose inputs and folder are as the last run left them writes nothing, and says
    that run's warnings again (kept in the cache), as a cold run would; one after an edit
    says its own."""
    spec = tmp_path / "spec.yaml"
    text = (Path(__file__).parent / "degrade" / "slips.yaml").read_text(encoding="utf-8")
    spec.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))

    def warnings() -> list[str]:
        assert generate(spec, tmp_path / "out", "slips") == 0
        return [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]

    first = warnings()
    assert first and warnings() == first  # (the second wrote nothing: the inputs are the same)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    assert generate(spec, tmp_path / "cold", "slips") == 0
    assert [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line] == first
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    spec.write_text(text + "\nx-note: an edit\n", encoding="utf-8")
    assert warnings() == first and warnings() == first


CHAIN = """openapi: 3.0.3
info: {title: Chain, version: "1"}
paths:
  /top:
    get:
      operationId: getTop
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Top"}
components:
  schemas:
    Top:
      allOf: [{$ref: "#/components/schemas/Middle"}, {type: object, properties: {top: {type: string}}}]
    Middle:
      allOf: [{$ref: "#/components/schemas/Base"}, {type: object, properties: {middle: {type: string}}}]
    Base:
      type: object
      properties:
        base: {type: string}
    Other:
      allOf: [{$ref: "#/components/schemas/Middle"}, {type: object, properties: {other: {type: string}}}]
"""


def test_an_edit_of_a_base_reaches_every_class_of_its_chain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A chain of allOf bases is merged once for all the classes that meet it: a class that
    # took the merge made for another still depends on the bases it reaches (Other, converted
    # after Top, on Base through Middle), and is made again when one of them changes.
    monkeypatch.setattr(yaml_pieces, "_MIN_LINES", 0)
    spec, out, folder = tmp_path / "spec.yaml", tmp_path / "out", str(tmp_path / "cache")
    spec.write_text(CHAIN, encoding="utf-8")
    before = run(spec, out, monkeypatch, folder)
    assert "base: str | None" in before["constructs/types/other.py"].decode()
    spec.write_text(CHAIN.replace("        base: {type: string}\n", "        base: {type: string}\n        added: {type: integer}\n"), encoding="utf-8")
    after = run(spec, out, monkeypatch, folder)
    assert after == run(spec, tmp_path / "cold", monkeypatch, "off")
    assert "added: int | None" in after["constructs/types/other.py"].decode()


def test_an_edit_the_resource_layout_does_not_read_leaves_its_memo_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new property of a request body is a new argument: the operation's words change, not
    what the layout of the resource modules reads of them (resources.py). Its memo (15 MB on
    graph-beta) is not written again, and the output is a cold run's."""
    spec, out, folder = tmp_path / "spec.yaml", tmp_path / "out", tmp_path / "cache"
    text = (Path(__file__).resolve().parents[1] / "specs" / "threads.yaml").read_text(encoding="utf-8")
    spec.write_text(text, encoding="utf-8")
    run(spec, out, monkeypatch, str(folder))
    [layout] = folder.glob("memos/*/ops.resources")
    before = layout.stat()
    edited = text.replace("      properties:\n        messages:\n", "      properties:\n        colour:\n          type: string\n        messages:\n", 1)
    assert edited != text
    spec.write_text(edited, encoding="utf-8")
    after = run(spec, out, monkeypatch, str(folder))
    assert "colour: str | NotGiven = NOT_GIVEN" in after["constructs/resources/threads.py"].decode()
    assert (layout.stat().st_ino, layout.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert run(spec, tmp_path / "cold", monkeypatch, "off") == after


def test_a_run_lists_only_the_folders_of_its_own_document_and_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache keeps each document's entries, and each output folder's, in a group of their
    own: a run reads the listing of its groups only, not of every entry the cache holds (a
    flat folder of 340,000 entries after 1,400 documents cost every run a second)."""
    folder = tmp_path / "cache"
    other = GOLDEN / "petstore30" / "spec.yaml"
    run(other, tmp_path / "other", monkeypatch, str(folder))  # another document's entries
    theirs = set((folder / "memos").iterdir())
    listed: list[Path] = []
    listdir = os.listdir

    def spy(path: str | Path) -> list[str]:
        listed.append(Path(path))
        return listdir(path)

    monkeypatch.setattr(cache.os, "listdir", spy)
    spec = tmp_path / "spec.yaml"
    spec.write_text((GOLDEN / "constructs" / "spec.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for _ in range(2):  # cold, then warm
        listed.clear()
        run(spec, tmp_path / "out", monkeypatch, str(folder))
        in_the_cache = {path for path in listed if folder in path.parents or path == folder}
        mine = set((folder / "memos").iterdir()) - theirs
        assert len(mine) == 2 and in_the_cache and in_the_cache <= mine


def _group(folder: Path, name: str, size: int, used: float) -> Path:
    group = folder / "memos" / cache.key(name)
    group.mkdir(parents=True)
    (group / "ops").write_bytes(b"x" * size)
    os.utime(group, (used, used))
    return group


def test_the_cache_drops_what_was_used_least_recently_once_it_is_too_big_or_too_old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "MAX_BYTES", 250)
    now, hour, day = 1_000_000_000.0, 3600, 24 * 3600
    busy = _group(tmp_path, "busy", 1, now - 60)
    newest = _group(tmp_path, "newest", 100, now - 2 * hour)
    newer = _group(tmp_path, "newer", 100, now - 3 * hour)
    older = _group(tmp_path, "older", 100, now - 3.5 * hour)  # beyond 250 bytes: dropped
    oldest = _group(tmp_path, "oldest", 10, now - 4 * hour)  # (still fits: kept)
    stale = _group(tmp_path, "stale", 1, now - 31 * day)  # unused for a month: dropped
    flat = tmp_path / f"ops-spec-{cache.key('a')}.003"  # the layout before the groups
    flat.write_bytes(b"old")
    mine = tmp_path / "notes.txt"  # not the cache's: never touched
    mine.write_text("the user's", encoding="utf-8")
    cache.prune(now)
    assert sorted((tmp_path / "memos").iterdir()) == sorted([busy, newest, newer, oldest])
    assert not older.exists() and not stale.exists() and not flat.exists() and mine.exists()
    # At most once an hour: a prune within the hour after that one does nothing.
    huge = _group(tmp_path, "huge", 1000, now + 1.5 * hour)
    cache.prune(now + hour / 2)
    assert sorted((tmp_path / "memos").iterdir()) == sorted([busy, newest, newer, oldest, huge])
    # A group used within the hour stays, however big: the others go.
    cache.prune(now + 2 * hour)
    assert list((tmp_path / "memos").iterdir()) == [huge]


def test_a_run_marks_its_groups_used_and_prunes_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    spec = GOLDEN / "constructs" / "spec.yaml"
    run(spec, tmp_path / "out", monkeypatch, str(folder))
    mine = set((folder / "memos").iterdir())
    month_ago = time.time() - 31 * 24 * 3600
    for group in mine:  # as if last used a month ago: the run after (with nothing to do) uses them, so keeps them
        os.utime(group, (month_ago, month_ago))
    stale = _group(folder, "stale", 1, month_ago)
    os.utime(folder / "pruned", (month_ago, month_ago))
    cache._touched.clear()  # (a new run: its groups are touched again)
    run(spec, tmp_path / "out", monkeypatch, str(folder))
    assert set((folder / "memos").iterdir()) == mine and not stale.exists()
    assert all(time.time() - group.stat().st_mtime < 3600 for group in mine)
