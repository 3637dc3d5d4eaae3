"""What clientsmith owns in the output folder, run through the CLI in real subprocesses.

The rule under test: only files the previous manifest lists, untouched since, are ever changed
or removed; anything else in or near the output folder survives every command, whatever
the input. A folder that is not clientsmith's stops the run with one line and exit 2.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SPEC_A = """\
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
"""
# B: another resource and model, so that A's files go and new ones come
SPEC_B = SPEC_A.replace("/pets", "/stores").replace("listPets", "listStores").replace("Pet", "Store")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLIENTSMITH_DEBUG"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`, links as their target, without following them."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = path.read_bytes()
        elif path.is_dir():
            found[rel] = "folder"
    return found


@pytest.fixture
def specs(tmp_path: Path) -> dict[str, Path]:
    paths = {"a": tmp_path / "a.yaml", "b": tmp_path / "b.yaml"}
    paths["a"].write_text(SPEC_A, encoding="utf-8")
    paths["b"].write_text(SPEC_B, encoding="utf-8")
    return paths


def generate(spec: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return cli("generate", str(spec), "-o", str(out), "--package", "shop", *extra, cwd=spec.parent)


# -- a folder that is not clientsmith's ------------------------------------------------------


def test_a_project_folder_without_manifest_is_refused(specs: dict[str, Path], tmp_path: Path) -> None:
    """The issue's case: `-o` names a project of the user's. Nothing in it may go."""
    project = tmp_path / "myproject"
    (project / "src").mkdir(parents=True)
    (project / "notes.txt").write_text("precious\n")
    (project / "src" / "app.py").write_text("code\n")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    before = tree(project)

    result = generate(specs["a"], project)

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"clientsmith: {project}: error: not empty, and clientsmith did not write it (it holds no "
        ".clientsmith.json): give a new or empty folder as the output; nothing was changed"
    ]
    assert tree(project) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "myproject"]


def test_check_refuses_it_too(specs: dict[str, Path], tmp_path: Path) -> None:
    project = tmp_path / "myproject"
    project.mkdir()
    (project / "notes.txt").write_text("precious\n")
    result = cli("check", str(specs["a"]), "-o", str(project), "--package", "shop", cwd=tmp_path)
    assert result.returncode == 2
    assert "not empty, and clientsmith did not write it" in result.stderr


def test_an_output_path_that_is_a_file_is_refused(specs: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "client"
    target.write_text("a file of the user's\n")
    result = generate(specs["a"], target)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"clientsmith: {target}: error: not a folder: give a new or empty folder as the output; nothing was changed"]
    assert target.read_text() == "a file of the user's\n"


@pytest.mark.parametrize("holds", ["nothing", "a client"])
def test_an_output_path_that_is_a_link_is_refused(specs: dict[str, Path], tmp_path: Path, holds: str) -> None:
    """Even to a folder clientsmith wrote: the swap would replace the link, or write elsewhere."""
    real = tmp_path / "elsewhere"
    if holds == "a client":
        assert generate(specs["a"], real).returncode == 0
    else:
        real.mkdir()
    link = tmp_path / "client"
    link.symlink_to(real)
    before = tree(real)
    result = generate(specs["b"], link)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"clientsmith: {link}: error: a symbolic link (to {real}): give the folder itself as the output; nothing was changed"
    ]
    assert link.is_symlink() and tree(real) == before


def test_an_unreadable_manifest_is_refused(specs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(specs["a"], out).returncode == 0
    (out / ".clientsmith.json").write_text("<<<<<<< HEAD\n")  # a merge conflict, say
    before = tree(out)
    result = generate(specs["b"], out)
    assert result.returncode == 2
    assert f"clientsmith: {out}/.clientsmith.json: error: cannot be read as clientsmith's manifest" in result.stderr
    assert tree(out) == before


def test_a_failed_first_run_leaves_no_folders(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: [\n")
    result = generate(broken, tmp_path / "new" / "nested" / "out")
    assert result.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml"]


# -- the user's files beside generated code ---------------------------------------------------


USER_FILES = {
    ".git/HEAD": b"ref: refs/heads/main\n",
    ".git/refs/heads/main": b"0" * 40 + b"\n",
    ".gitignore": b"__pycache__/\n",
    "CHANGELOG.md": b"# Changes\n",
    "py.typed": b"",
    "shop/custom.py": b"HAND_WRITTEN = True\n",
    "tests/test_mine.py": b"def test_mine() -> None: ...\n",
    "docs/guide.md": b"mine\n",
}


def test_user_files_survive_every_regeneration(specs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(specs["a"], out).returncode == 0
    for rel, data in USER_FILES.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)

    for spec, package, extra in ((specs["a"], "shop", ()), (specs["b"], "shop", ()), (specs["a"], "shop", ("--overwrite",)), (specs["b"], "other", ())):
        result = generate(spec, out, "--package", package, *extra)
        assert result.returncode == 0, result.stderr
        assert {rel: data for rel, data in tree(out).items() if rel in USER_FILES} == USER_FILES
        check = cli("check", str(spec), "-o", str(out), "--package", package, cwd=tmp_path)
        assert check.returncode == 0, check.stdout[-2000:] + check.stderr

    # the last run was package `other`: every file of `shop` went, the user's stayed
    assert sorted(p.name for p in (out / "shop").iterdir()) == ["custom.py"]


def test_files_of_the_previous_spec_go_and_the_folder_holds_the_new_client(specs: dict[str, Path], tmp_path: Path) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    assert generate(specs["a"], out).returncode == 0
    assert (out / "shop" / "resources" / "pets.py").exists()
    assert generate(specs["b"], out).returncode == 0
    assert generate(specs["b"], fresh).returncode == 0
    assert tree(out) == tree(fresh)


def test_a_hand_edit_is_kept_and_reported_unless_overwrite(specs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(specs["a"], out).returncode == 0
    edited = out / "shop" / "_client.py"
    edited.write_text(edited.read_text() + "# my fix\n")

    result = generate(specs["b"], out)

    assert result.returncode == 1
    assert f"clientsmith: {edited}: error: edited by hand since clientsmith wrote it; kept (--overwrite rewrites it)" in result.stderr.splitlines()
    assert ", 1 kept;" in result.stdout
    assert edited.read_text().endswith("# my fix\n")
    assert not (out / "shop" / "resources" / "pets.py").exists(), "the rest is regenerated"
    again = generate(specs["b"], out)  # no quick answer from the manifest while a file is kept
    assert again.returncode == 1 and edited.read_text().endswith("# my fix\n")

    assert generate(specs["b"], out, "--overwrite").returncode == 0
    assert not edited.read_text().endswith("# my fix\n")
    assert cli("check", str(specs["b"]), "-o", str(out), "--package", "shop", cwd=tmp_path).returncode == 0


def test_a_regeneration_reads_each_file_of_the_folder_once(specs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged files are read back to be checked once, and not again to plan the write:
    a big client is tens of thousands of them."""
    from generator.cli import main
    from generator.write.tree import Tree

    out = tmp_path / "out"
    assert generate(specs["a"], out).returncode == 0
    specs["a"].write_text(SPEC_A.replace("name: {type: string}", "name: {type: string, description: The pet's name.}"), encoding="utf-8")
    reads: dict[str, int] = {}
    real_read = Tree.read

    def counted(self: Tree, path: str) -> bytes | None:
        reads[path] = reads.get(path, 0) + 1
        return real_read(self, path)

    monkeypatch.setattr(Tree, "read", counted)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    before = tree(out)
    assert main(["generate", str(specs["a"]), "-o", str(out), "--package", "shop"]) == 0

    changed = {path for path, data in tree(out).items() if before.get(path) != data}
    listed = json.loads((out / ".clientsmith.json").read_text(encoding="utf-8"))["files"]
    assert any(path.startswith("shop/types/") for path in changed), changed  # the edit reached a model
    assert len(changed) < len(listed) / 2, "most files are unchanged"
    assert set(listed) <= set(reads), "every generated file is checked"
    assert {path: n for path, n in reads.items() if n > 1} == {}


def test_files_found_as_they_would_be_written_are_left_out_yet_a_hand_edit_is_not(specs: dict[str, Path], tmp_path: Path) -> None:
    """A regeneration leaves out the text of the files it finds on disk as the last run wrote
    them and as it would write them again (pipeline.Outcome.read_back): `check` must still
    show a hand edit among them, and `generate` keep it, and neither may take those files
    for ones no longer generated."""
    out = tmp_path / "out"
    assert generate(specs["a"], out).returncode == 0
    specs["a"].write_text(SPEC_A.replace("name: {type: string}", "name: {type: string, description: The pet's name.}"), encoding="utf-8")
    edited = out / "shop" / "_client.py"  # not reached by the edit of the spec
    edited.write_text(edited.read_text() + "# my fix\n")
    before = tree(out)

    checked = cli("check", str(specs["a"]), "-o", str(out), "--package", "shop", cwd=tmp_path)
    assert checked.returncode == 1
    assert [line for line in checked.stdout.splitlines() if line.startswith("--- ")] == ["--- a/shop/_client.py", "--- a/shop/types/pet.py", "--- a/tests/openapi.json"]
    assert tree(out) == before

    result = generate(specs["a"], out)
    assert result.returncode == 1 and edited.read_text().endswith("# my fix\n")
    assert "0 removed, 1 kept" in result.stdout
    assert set(tree(out)) == set(before)


def test_an_edited_file_no_longer_generated_is_kept_and_let_go(specs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(specs["a"], out).returncode == 0
    edited = out / "shop" / "resources" / "pets.py"
    edited.write_text("# now mine\n")
    result = generate(specs["b"], out)
    assert result.returncode == 0, result.stderr
    assert f"clientsmith: {edited}: warning: no longer generated, but edited by hand" in result.stderr
    assert edited.read_text() == "# now mine\n"
    assert "shop/resources/pets.py" not in json.loads((out / ".clientsmith.json").read_text())["files"]
    assert generate(specs["a"], out).returncode == 1, "now the user's: never overwritten"
    assert edited.read_text() == "# now mine\n"


def test_a_file_of_the_users_where_one_would_be_generated_is_never_overwritten(specs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(specs["a"], out).returncode == 0
    theirs = out / "shop" / "resources" / "stores.py"
    theirs.write_text("# mine, not generated\n")
    for extra in ((), ("--overwrite",)):
        result = generate(specs["b"], out, *extra)
        assert result.returncode == 1
        assert f"clientsmith: {theirs}: error: not written by clientsmith; kept (move it away to let clientsmith write it)" in result.stderr
        assert theirs.read_text() == "# mine, not generated\n"


# -- the manifest is untrusted ----------------------------------------------------------------


def test_a_poisoned_manifest_is_never_followed(specs: dict[str, Path], tmp_path: Path) -> None:
    """Entries that leave the folder, go through links or into `.git`, each listed with the
    right hash (the strongest forgery): ignored with a warning, nothing outside touched."""
    out = tmp_path / "out"
    assert generate(specs["a"], out).returncode == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("keep me\n")
    (out / "link.txt").symlink_to(outside / "secret.txt")
    (out / "linked").symlink_to(outside)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    manifest = json.loads((out / ".clientsmith.json").read_text())

    def listed(data: bytes) -> list[str]:
        digest = hashlib.sha256(data).hexdigest()[:32]
        return [digest, digest]

    secret, head = listed(b"keep me\n"), listed(b"ref: refs/heads/main\n")
    poison = {
        "../outside/secret.txt": secret,
        str(outside / "secret.txt"): secret,
        "link.txt": secret,
        "linked/secret.txt": secret,
        ".git/HEAD": head,
        "shop/../../outside/secret.txt": secret,
    }
    manifest["files"].update(poison)
    (out / ".clientsmith.json").write_text(json.dumps(manifest))
    before_outside = tree(outside)

    result = generate(specs["b"], out)

    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if " warning: entry " in line]
    assert len(warnings) == len(poison), result.stderr
    assert all(line.startswith(f"clientsmith: {out}/.clientsmith.json: warning: entry ") for line in warnings)
    assert tree(outside) == before_outside
    assert (out / "link.txt").is_symlink() and (out / "linked").is_symlink()
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert not set(poison) & set(json.loads((out / ".clientsmith.json").read_text())["files"])


def test_a_link_planted_on_the_way_to_a_generated_file_is_not_written_through(specs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(specs["a"], out).returncode == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    resources = out / "shop" / "resources"
    for path in resources.iterdir():
        path.unlink()
    resources.rmdir()
    resources.symlink_to(outside)  # a generated folder replaced by a link to elsewhere
    result = generate(specs["b"], out)
    assert result.returncode == 1
    assert "a link or folder is where this file goes" in result.stderr
    assert list(outside.iterdir()) == []


def test_repository_manifest_lists_only_plain_paths() -> None:
    """What clientsmith itself writes passes its own checks (no hidden paths, no `..`)."""
    from generator.write.manifest import entry_problem

    files = json.loads((ROOT / "generated" / ".clientsmith.json").read_text())["files"]
    assert files and all(entry_problem(path) is None for path in files)


# -- all or nothing ---------------------------------------------------------------------------


@pytest.mark.parametrize("fails", ["staging", "commit"])
@pytest.mark.parametrize("how", [KeyboardInterrupt, PermissionError])
def test_a_run_that_fails_while_writing_leaves_the_previous_output(
    specs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str, how: type[BaseException]
) -> None:
    """In-process, the third file written into the staging folder, or the third rename of the
    commit, fails: SIGINT's exception, or a folder that cannot be written. Either way nothing
    of the new tree stays, and nothing of clientsmith's own is left behind."""
    from generator.cli import main
    from generator.write import transaction

    out = tmp_path / "out"
    assert generate(specs["a"], out).returncode == 0
    before = tree(out)
    calls = [0]
    real_put, real_replace, real_apply = transaction._put, os.replace, transaction.apply

    def count() -> None:
        calls[0] += 1
        if calls[0] == 3:
            raise how(errno.EACCES, "Permission denied") if how is PermissionError else how()

    def put(path: str, data: bytes, made: set[str]) -> None:
        count()
        real_put(path, data, made)

    def replace(source: Path, target: Path) -> None:
        count()
        real_replace(source, target)

    def apply(root: Path, plan: object) -> None:
        monkeypatch.setattr(os, "replace", replace)  # counting from the commit's first rename
        real_apply(root, plan)  # type: ignore[arg-type]

    if fails == "staging":
        monkeypatch.setattr(transaction, "_put", put)
    else:
        monkeypatch.setattr(transaction, "apply", apply)
    status = main(["generate", str(specs["b"]), "-o", str(out), "--package", "shop"])

    assert calls[0] >= 3
    assert status == (130 if how is KeyboardInterrupt else 2)
    assert tree(out) == before


def test_a_folder_the_user_makes_while_a_first_run_stages_is_never_replaced(specs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """New folders move in whole at the commit; one that appeared at their place in the
    meantime, with the user's files in it, stays as it is and the run fails."""
    from generator.cli import main
    from generator.write import transaction

    out = tmp_path / "out"
    real_stage = transaction._stage

    def stage(new: str, writes: dict[str, bytes]) -> None:
        real_stage(new, writes)
        (out / "shop").mkdir()
        (out / "shop" / "mine.py").write_text("# the user's\n", encoding="utf-8")

    monkeypatch.setattr(transaction, "_stage", stage)
    monkeypatch.setenv("CLIENTSMITH_CACHE_DIR", "off")
    assert main(["generate", str(specs["a"]), "-o", str(out), "--package", "shop"]) == 2
    assert tree(out) == {"shop": "folder", "shop/mine.py": b"# the user's\n"}


def test_the_tree_reads_a_file_whole_even_when_it_grew_after_its_size_was_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.write.tree import Tree

    data = bytes(range(256)) * 9_000  # more than one read's worth after the size
    (tmp_path / "f.py").write_bytes(data)
    real_fstat = os.fstat

    def stale(fd: int) -> os.stat_result:
        found = real_fstat(fd)
        return os.stat_result((*found[:6], 10, *found[7:]))  # st_size as it was before it grew

    monkeypatch.setattr(os, "fstat", stale)
    assert Tree(tmp_path).read("f.py") == data


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX's")
def test_the_tree_never_opens_what_is_not_a_regular_file(tmp_path: Path) -> None:
    from generator.write.tree import Tree

    os.mkfifo(tmp_path / "pipe.py")  # opening it to read would wait for a writer forever
    (tmp_path / "link.py").symlink_to(tmp_path / "pipe.py")
    assert Tree(tmp_path).read("pipe.py") is None and Tree(tmp_path).read("link.py") is None
    assert Tree(tmp_path).kind("pipe.py") == "other"


def test_the_manifest_text_is_json_dumps_with_indent_one() -> None:
    """Manifest.text lays out its files itself (for speed): the text is the indenting
    encoder's, byte for byte, whatever the paths hold, and reads back as it was."""
    from generator.write.manifest import Manifest, parse

    def reference(m: Manifest) -> str:
        body: dict[str, object] = {"generator": "clientsmith", "inputs": m.inputs, "operations": m.operations, "models": m.models}
        if m.sources:
            body["sources"] = m.sources
        if m.package_version:
            body["version"] = {"package": m.package_version, "spec": m.spec_version}
        body["files"] = {path: [m.raw.get(path, ""), m.written[path]] for path in sorted(m.written)}
        return json.dumps(body, indent=1) + "\n"

    odd = {"b/é.py": "1", 'a/"q".py': "2", "c\\d.py": "3", "tab\t.py": "4", "z/ü/ß.md": "5"}
    for manifest in (
        Manifest(),
        Manifest("f" * 32, 3, 4, {"b/é.py": "r1"}, odd, ["x.yaml", "ü.yaml"], "2.0.1", "7"),
        Manifest("f" * 32, 1, 0, {}, {"pkg/__init__.py": "d"}),
    ):
        text = manifest.text()
        assert text == reference(manifest)
        parsed, refused = parse(text)
        assert parsed.written == {path: d for path, d in manifest.written.items() if path not in refused}


@pytest.mark.parametrize(
    "odd",
    ["../up.py", ".git/config", "a/.hidden/b.py", "/abs.py", "c:/x.py", "c:x.py", "a//b.py", "a/./b.py", "back\\slash.py", "nul\0.py", "a\0b.py", "a/", "", "x:", "ok/é\n.py", "ab:c.py", "a/b:/c.py"],
)
def test_a_manifest_read_whole_refuses_what_each_entry_would(odd: str) -> None:
    """`parse` tells a manifest of plain paths at once (a big client's lists tens of
    thousands); one entry otherwise is refused, or kept, as checking each entry does."""
    from generator.write.manifest import entry_problem, parse

    files = {f"pkg/m{i}.py": [f"r{i}", f"w{i}"] for i in range(50)}
    for entries in (files, {**files, odd: ["r", "w"]}, {**files, "pkg/bad.py": ["r"]}, {**files, "pkg/num.py": ["r", 1]}):
        parsed, refused = parse(json.dumps({"generator": "clientsmith", "files": entries}))
        kept = {path: hashes for path, hashes in entries.items() if entry_problem(path) is None and len(hashes) == 2 and all(isinstance(h, str) for h in hashes)}
        assert parsed.written == {path: hashes[1] for path, hashes in kept.items()}
        assert parsed.raw == {path: hashes[0] for path, hashes in kept.items()}
        assert set(refused) == entries.keys() - kept.keys()
