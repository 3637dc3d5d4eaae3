"""Stamps (write/stamps.py): a run that knows a file by its stamp does not read it, and a
stamp never hides an edit."""

from __future__ import annotations

import importlib
import os
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import GOLDEN
from generator.cli import main
from generator.write import MANIFEST, tree as tree_module
from generator.write.stamps import Stamps, stamp_of

SPEC = GOLDEN / "constructs" / "spec.yaml"


def _generate(spec: Path, out: Path) -> int:
    return main(["generate", str(spec), "-o", str(out), "--package", "constructs"])


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the output folder's files are read at, from now on."""
    seen: list[str] = []
    real = tree_module.Tree.read

    def read(self: tree_module.Tree, path: str) -> bytes | None:
        seen.append(path)
        return real(self, path)

    monkeypatch.setattr(tree_module.Tree, "read", read)
    return seen


def _touched_after(path: Path, ctime_ns: int) -> None:
    """`path` touched until its ctime is later than `ctime_ns`: a file system with a coarse
    clock may need a few ticks."""
    deadline = time.monotonic() + 5
    while os.lstat(path).st_ctime_ns <= ctime_ns:
        assert time.monotonic() < deadline, "the file system's clock does not move"
        time.sleep(0.01)
        os.utime(path)


def _stamped_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A generated folder whose files all have their stamps. A first run writes them; its
    files and its manifest may share a clock tick, so their stamps would not be trusted. The
    manifest is touched later (as a checkout leaves it), and a second run, of the document
    with only a comment more, finds every file unchanged and stamps it."""
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert _generate(spec, out) == 0
    _touched_after(out / MANIFEST, max(os.lstat(p).st_ctime_ns for p in out.rglob("*") if p.name != MANIFEST))
    spec.write_text(spec.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert _generate(spec, out) == 0
    return spec, out


def test_a_check_reads_no_stamped_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = _stamped_output(tmp_path, monkeypatch)
    files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MANIFEST]
    reads = _reads(monkeypatch)
    assert main(["check", str(spec), "-o", str(out), "--package", "constructs"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert len(files) > 20 and reads == [MANIFEST]
    # Without the cache there are no stamps: every file is read.
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    assert main(["check", str(spec), "-o", str(out), "--package", "constructs"]) == 0
    assert set(reads) == {MANIFEST, *files}


def test_an_edit_that_keeps_size_and_mtime_is_still_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = _stamped_output(tmp_path, monkeypatch)
    target = out / "constructs" / "_client.py"
    before = target.stat()
    text = target.read_bytes()
    edited = text.replace(b"class ", b"klass ", 1)
    assert len(edited) == len(text) and edited != text
    target.write_bytes(edited)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` would
    capsys.readouterr()
    assert main(["check", str(spec), "-o", str(out), "--package", "constructs"]) == 1
    assert "+class " in capsys.readouterr().out
    # ... and `generate` keeps the edit as a conflict instead of taking the file as its own.
    assert _generate(spec, out) == 1
    assert target.read_bytes() == edited


def test_a_file_not_older_than_the_reference_gets_no_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file changed in the clock tick of the reference could be changed again in it
    without a new ctime: it is read again next time ("racily clean")."""
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.py").write_text("a", encoding="utf-8")
    (out / "new.py").write_text("b", encoding="utf-8")
    _touched_after(out / "new.py", os.lstat(out / "old.py").st_ctime_ns)
    tree = tree_module.Tree(out)
    seen = {name: stamp_of(os.lstat(out / name)) for name in ("old.py", "new.py")}
    reference = seen["new.py"][4]
    stamps = Stamps(out, seen, manifest_ctime=reference)  # found before this run, as `new.py` is
    stamps.record({"old.py": "da", "new.py": "db"}, set(), tree.file_stat, manifest_ctime=None)
    assert set(stamps.known) == {"old.py"}
    # A file this run wrote is measured against the manifest it wrote after it.
    stamps.record({"old.py": "da", "new.py": "db"}, {"new.py"}, tree.file_stat, manifest_ctime=reference + 1)
    assert set(stamps.known) == {"old.py", "new.py"}
    # Read back by a later run: a stamp vouches for its digest only, and for the file as found.
    again = Stamps(out, {name: stamp_of(os.lstat(out / name)) for name in ("old.py", "new.py")}, manifest_ctime=reference + 1)
    assert again.vouch("new.py", "db") and not again.vouch("new.py", "da")
    (out / "new.py").write_text("c", encoding="utf-8")
    _touched_after(out / "new.py", again.seen["new.py"][4])  # (an edit in a later tick: see above for one in the same)
    assert not Stamps(out, {"new.py": stamp_of(os.lstat(out / "new.py"))}, manifest_ctime=reference + 1).vouch("new.py", "db")


def test_a_few_stamps_changed_go_into_a_delta_read_over_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that changes few files' stamps writes only those (the stamps file is as large as
    the client); the next run reads them over the rest, and an edit is still found."""
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    out.mkdir()
    names = [f"m{i}.py" for i in range(40)]
    for name in names:
        (out / name).write_text(name, encoding="utf-8")
    reference = os.lstat(out / names[-1]).st_ctime_ns + 1
    tree = tree_module.Tree(out)
    seen = {name: stamp_of(os.lstat(out / name)) for name in names}
    stamps = Stamps(out, seen, manifest_ctime=reference)
    stamps.record({name: "d-" + name for name in names}, set(), tree.file_stat, manifest_ctime=None)
    whole = next((tmp_path / "cache").glob("memos/*/stamps"))
    written = whole.stat().st_mtime_ns, whole.read_bytes()
    (out / "m0.py").write_text("changed", encoding="utf-8")  # this run writes m0 and drops m1
    later = os.lstat(out / "m0.py").st_ctime_ns + 1
    again = Stamps(out, seen, manifest_ctime=reference)
    again.record({name: ("d2-" if name == "m0.py" else "d-") + name for name in names if name != "m1.py"}, {"m0.py"}, tree.file_stat, manifest_ctime=later)
    assert (whole.stat().st_mtime_ns, whole.read_bytes()) == written
    assert len(list((tmp_path / "cache").glob("memos/*/stamps.delta"))) == 1
    found = {name: stamp_of(os.lstat(out / name)) for name in names}
    read = Stamps(out, found, manifest_ctime=later)
    assert read.known == again.known and "m1.py" not in read.known
    assert read.vouch("m0.py", "d2-m0.py") and read.vouch("m2.py", "d-m2.py") and not read.vouch("m0.py", "d-m0.py")
    # Past a share of the stamps, they are written whole again, and the delta goes.
    read.record({name: "d3-" + name for name in names}, set(names), tree.file_stat, manifest_ctime=later)
    assert not list((tmp_path / "cache").glob("memos/*/stamps.delta")) and whole.read_bytes() != written[1]
    assert Stamps(out, found, manifest_ctime=later).known == read.known


@pytest.mark.parametrize("beside", [False, True], ids=["found at once", "found beside the load"])
def test_files_found_beside_the_load_are_what_they_are_found_at_once(
    beside: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run that finds the folder's files in a forked process while it loads the document
    (claim.Claimed.look_ahead: a big client's) reads back, keeps and ignores what one that
    finds them at once does: a hand edit is kept, a link is never followed, the rest is
    known by its stamp."""
    claim = importlib.import_module("generator.write.claim")  # (the package's `claim` is the function)
    monkeypatch.setattr(claim, "_LOOK_AHEAD_FROM", 0 if beside else 10**9)
    looked: list[bool] = []
    real_look = claim.Claimed.look_ahead

    def look_ahead(self: Any) -> None:
        real_look(self)
        looked.append(self._pending is not None)

    monkeypatch.setattr(claim.Claimed, "look_ahead", look_ahead)
    spec, out = _stamped_output(tmp_path, monkeypatch)
    edited, linked = out / "constructs" / "_client.py", out / "constructs" / "_pagination.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    linked.unlink()
    linked.symlink_to(tmp_path / "elsewhere.py")
    spec.write_text(spec.read_text(encoding="utf-8") + "# another comment\n", encoding="utf-8")
    capsys.readouterr()
    looked.clear()
    reads = _reads(monkeypatch)

    assert _generate(spec, out) == 1

    assert looked == [beside]
    said = capsys.readouterr()
    assert "entry 'constructs/_pagination.py' ignored: not a regular file" in said.err
    assert "edited by hand since clientsmith wrote it; kept" in said.err and "a link or folder is where this file goes" in said.err
    assert ", 2 kept;" in said.out
    assert set(reads) == {MANIFEST, "constructs/_client.py"}, "the rest is known by its stamp"
    assert edited.read_text(encoding="utf-8").endswith("# mine\n") and linked.is_symlink() and not (tmp_path / "elsewhere.py").exists()
