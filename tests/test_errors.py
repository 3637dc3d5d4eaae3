"""Bad input, run through the CLI as a user would (`python -m generator generate ...`).

Broken documents and options: exit 2, one line per problem on stderr with `file:line` (and the
JSON pointer), never a traceback, and an output folder left exactly as it was. Each case's
stderr is compared with the snapshot `tests/errors/<name>.expected` (the tmp folder shown as
`<tmp>`); `UPDATE_SNAPSHOTS=1` rewrites them, a missing one is written.

Hostile documents (`tests/errors/hostile*.yaml`, `names_*.yaml`, and other valid documents that
broke the generator): generated, every file compiles, every module imports in a fresh
interpreter without running the code hidden in the spec, and `mypy --strict` is clean. Known generator bugs (outside load/validate) are marked
`xfail(strict=True)` with the bug named, so a fix shows up as an XPASS.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ERRORS = Path(__file__).parent / "errors"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS", "").lower() not in ("", "0", "false", "no")
MARKER = "pwned.marker"  # what the code hidden in hostile.yaml would create

# -- running the CLI -------------------------------------------------------------------------


def run_cli(*args: str, cwd: Path = ERRORS) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLIENTSMITH_DEBUG"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def generate(spec: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The run every case makes; `extra` comes last, so it can override --package/--config."""
    return run_cli("generate", spec, "-o", str(out), "--package", "p", "--config", "clientsmith.toml", *extra)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def normalized(stderr: str, tmp: Path) -> str:
    return stderr.replace(str(tmp), "<tmp>")


def check_snapshot(name: str, text: str) -> None:
    path = ERRORS / f"{name}.expected"
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"stderr differs from {path.name} (UPDATE_SNAPSHOTS=1 rewrites it)"


# -- bad input -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str  # the snapshot is errors/<name>.expected
    spec: str
    extra: tuple[str, ...] = ()
    status: int = 2
    where: str | None = None  # how the (only) line starts, after "clientsmith: "
    severity: str = "error"
    says: tuple[str, ...] = ()  # words the line must contain


CASES = [
    Case("bad_indent", "bad_indent.yaml", where="bad_indent.yaml:11: ", says=("invalid YAML",)),
    Case("invalid", "invalid.json", where="invalid.json:5: ", says=("invalid JSON", "trailing comma")),
    Case("not_mapping", "not_mapping.yaml", where="not_mapping.yaml:1: ", says=("mapping",)),
    Case("missing", "missing.yaml", where="missing.yaml: ", says=("file not found",)),
    Case(
        "dangling_ref",
        "dangling_ref.yaml",
        where="dangling_ref.yaml:17 (#/paths/~1pets/get/responses/200/content/application~1json/schema/items/$ref): ",
        says=("dangling $ref", "#/components/schemas/Pet"),
    ),
    Case(
        "cyclic_ref",
        "cyclic_ref.yaml",
        where="cyclic_ref.yaml:21 (#/components/schemas/B/$ref): ",
        says=("cyclic $ref", "/components/schemas/A -> /components/schemas/B -> /components/schemas/A"),
    ),
    Case(
        "external_ref",
        "external_ref.yaml",
        where="external_ref.yaml:15 (#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref): ",
        says=("dangling $ref", "pets.yaml", "no such file"),
    ),
    Case("multifile.remote", "multifile/remote.yaml", where="multifile/remote.yaml:5 (#/paths/~1pets/$ref): ", says=("https://",)),
    Case(
        "multifile.cyclic",
        "multifile/cyclic.yaml",
        where="multifile/parts/cyclic_parameters.yaml:4 (#/Size/$ref): ",
        says=("cyclic $ref", "parts/cyclic_parameters.yaml#/Limit -> parts/cyclic_parameters.yaml#/Size"),
    ),
    Case(
        "multifile.dangling_node",
        "multifile/dangling_node.yaml",
        where="multifile/dangling_node.yaml:12 (#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref): ",
        says=("dangling $ref", "parts/schemas.yaml#/Cat", "no such node"),
    ),
    Case(
        "multifile.dangling_inside",
        "multifile/invalid_elsewhere.yaml",
        where="multifile/parts/schemas.yaml:4 (#/Dog/properties/owner/$ref): ",
        says=("dangling $ref", "#/Owner"),
    ),
    Case("multifile.broken_yaml", "multifile/broken_yaml.yaml", where="multifile/parts/broken.yaml:4: ", says=("invalid YAML",)),
    Case(
        "invalid_spec",
        "invalid_spec.yaml",
        status=0,
        where="invalid_spec.yaml:10 (#/paths/~1pets/get/responses/200): ",
        severity="warning",
        says=("'description' is a required property",),
    ),
    Case(
        "invalid_spec.strict",
        "invalid_spec.yaml",
        ("--strict",),
        where="invalid_spec.yaml:10 (#/paths/~1pets/get/responses/200): ",
        says=("'description' is a required property",),
    ),
    Case("bad_config", "valid.yaml", ("--config", "bad_config.toml"), where="bad_config.toml:7: ", says=("pakage",)),
    Case("bad_multipart", "valid.yaml", ("--config", "bad_multipart.toml"), where="bad_multipart.toml:3: ", says=("multipart", "'nested'")),
    Case("bad_package", "valid.yaml", ("--package", "my-client"), says=("package", "my-client")),
    Case("keyword_package", "valid.yaml", ("--package", "class"), says=("package", "class")),
    Case("dotted_package", "valid.yaml", ("--package", "a.b"), says=("package", "a.b")),
]
XFAIL: dict[str, str] = {}  # case name -> the known bug that makes it fail


def _case_params() -> list[object]:
    return [
        pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=XFAIL[c.name])] if c.name in XFAIL else [])
        for c in CASES
    ]


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder from a successful run, to be left alone by the failing ones."""
    out = tmp_path_factory.mktemp("previous") / "out"
    result = generate("valid.yaml", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("case", _case_params())
def test_bad_input(case: Case, previous_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    if case.status != 0:
        shutil.copytree(previous_output, out)
    before = tree(out) if out.exists() else None

    result = generate(case.spec, out, *case.extra)

    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == case.status, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"one problem, one line: {lines}"
    line = lines[0]
    assert line.startswith("clientsmith: ")
    if case.where is not None:
        assert line.startswith(f"clientsmith: {case.where}{case.severity}: "), line
    assert f" {case.severity}: " in line
    for words in case.says:
        assert words in line
    if before is not None:
        assert tree(out) == before, "a failed run changed the output folder"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "a failed run left files beside the output"
    check_snapshot(case.name, normalized(result.stderr, tmp_path))


def test_snapshots_have_cases() -> None:
    """Every snapshot belongs to a case (a renamed case must not leave a stale one behind)."""
    names = {c.name for c in CASES}
    stale = [p.name for p in ERRORS.glob("*.expected") if p.name.removesuffix(".expected") not in names]
    assert not stale


def test_structural_error_is_fatal_without_strict(tmp_path: Path) -> None:
    """A list where a mapping must be: the generator can't go on, so exit 2 even when not strict."""
    spec = tmp_path / "broken.yaml"
    spec.write_text('openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses: [1, 2]\n')
    result = generate(str(spec), tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"clientsmith: {spec}:6 (#/paths/~1a/get/responses): error: [1, 2] is not of type 'object'"
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_media_type_object_of_another_shape_is_fatal_without_strict(tmp_path: Path, version: str) -> None:
    """A number where a response's media type object must be: 3.0's meta-schema also fails
    it on a `not` (example and examples), which once hid the wrong type, so the build went
    on and stopped on it (an internal error)."""
    spec = tmp_path / "broken.yaml"
    spec.write_text(
        f'openapi: {version}\ninfo: {{title: t, version: "1"}}\npaths:\n  /a:\n    get:\n      responses:\n'
        '        "200":\n          description: ok\n          content:\n            application/json: 1.5\n'
    )
    result = generate(str(spec), tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert f"clientsmith: {spec}:10 (#/paths/~1a/get/responses/200/content/application~1json): error: 1.5 is not of type 'object'" in result.stderr.splitlines()
    assert "internal error" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["a\\0b.yaml", "x" * 300 + ".yaml"], ids=["a NUL byte", "a name too long"])
def test_a_ref_to_a_file_name_the_system_refuses_is_dangling(tmp_path: Path, name: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n'
        f'        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: "{name}#/Pet"}}\n'
    )
    result = generate(str(spec), tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"clientsmith: {spec}:11 (#/paths/~1a/get/responses/200/content/application~1json/schema/$ref): error: dangling $ref ")
    assert len(result.stderr.splitlines()) == 1  # (a long one shortened, its end too)
    assert not (tmp_path / "out").exists()


_CHAIN = "".join(f"    S{i}:\n      type: object\n      properties:\n        next: {{$ref: '#/components/schemas/S{i + 1}'}}\n" for i in range(400))


@pytest.mark.parametrize(
    "schemas",
    [
        "    A: " + "{type: object, properties: {p: " * 300 + "{type: string}" + "}}" * 300 + "\n",
        "    A: " + "{a: " * 990 + "1" + "}" * 990 + "\n",
        "    A: {$ref: '#/components/schemas/S0'}\n" + _CHAIN + "    S400: {type: object}\n",
    ],
    ids=["300 inline schemas", "990 values", "400 schemas each referring to the next"],
)
def test_a_document_nested_past_what_the_passes_follow_is_an_error(tmp_path: Path, schemas: str) -> None:
    """Inline schemas inside one another (each a class), values (the mock server's copy of
    the document) or schemas each referring to the next, hundreds of levels deep: the YAML
    loader takes up to 1,000 levels, and the passes that follow them recurse (as would the
    imports of such a client's modules). One line and exit 2, not an internal error, and no
    output folder."""
    spec = tmp_path / "deep.yaml"
    spec.write_text(
        'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n'
        '        "200":\n          description: ok\n          content:\n            application/json:\n'
        '              schema: {$ref: "#/components/schemas/A"}\ncomponents:\n  schemas:\n' + schemas
    )
    result = generate(str(spec), tmp_path / "out")
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert errors == [f"clientsmith: {spec}: error: the document goes too deep to generate a client from (schemas inside one another or each referring to the next, or values nested, some hundreds of levels deep)"]
    assert not (tmp_path / "out").exists()


def test_a_union_of_thousands_of_classes_compiles_and_imports(tmp_path: Path) -> None:
    """`a | b | ...` nests each `|` in the one before it, and Python's compiler stops near
    3,000 of them: a oneOf of 1,600 classes as a request body (each a TypedDict or a model:
    3,200 parts) gave a module that does not compile. Long unions come in parenthesized
    groups, and the client imports and holds every member."""
    import json

    members = 1600
    spec = tmp_path / "union.json"
    body = {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Root"}}}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Root"}}}}}
    schemas = {f"S{i}": {"type": "object", "properties": {"kind": {"type": "string", "enum": [f"s{i}"]}}} for i in range(members)}
    schemas["Root"] = {"oneOf": [{"$ref": f"#/components/schemas/S{i}"} for i in range(members)]}
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"post": {"operationId": "postA", "requestBody": body, "responses": ok}}}, "components": {"schemas": schemas}}
    spec.write_text(json.dumps(document))
    out = tmp_path / "out"
    result = generate(str(spec), out)
    assert result.returncode == 0, result.stderr
    check = "import typing; from p.types.root import Root; from p import Client; Client(); print(len(typing.get_args(Root)))"
    done = subprocess.run([sys.executable, "-c", check], cwd=out, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(members)]


def test_several_problems_one_line_each(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {}\n"
        "  /b:\n"
        "    get:\n"
        "      operationId: x\n"
        "      responses: {'204': {description: none}}\n"
        "  /c:\n"
        "    get:\n"
        "      operationId: x\n"
        "      responses: {'204': {description: none}}\n"
    )
    result = generate(str(spec), tmp_path / "out", "--strict")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"clientsmith: {spec}:7 (#/paths/~1a/get/responses/200): error: 'description' is a required property",
        f"clientsmith: {spec}:14 (#/paths/~1c/get/operationId): error: duplicate operationId 'x' (also GET /b)",
    ]


# -- hostile names and texts -----------------------------------------------------------------

GENERATED: dict[str, dict[str, str]] = {
    # spec: {check: known bug} for the checks that a known bug makes fail
    "hostile_strings.yaml": {},
    "hostile.yaml": {},
    "names_schema_class.yaml": {},
    "names_schema_none.yaml": {},
    "names_path_keyword.yaml": {},
    "names_method_clash.yaml": {},
    "names_field_shadows_class.yaml": {},
    "names_too_long_for_files.yaml": {},
    "no_operations.yaml": {},
    "path_with_hash.yaml": {},
    "recursive_map.yaml": {},
}
PACKAGE = "hostile_client"


def _params(check: str, specs: list[str] | None = None) -> list[object]:
    out: list[object] = []
    for spec in specs or list(GENERATED):
        bug = GENERATED[spec].get(check)
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        out.append(pytest.param(spec, id=spec.removesuffix(".yaml"), marks=marks))
    return out


@dataclass
class Generated:
    result: subprocess.CompletedProcess[str]
    out: Path

    def ok(self) -> Path:
        assert self.result.returncode == 0, self.result.stderr
        return self.out


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Generated]:
    return {}


def _generate(spec: str, cache: dict[str, Generated], tmp_path_factory: pytest.TempPathFactory) -> Generated:
    if spec not in cache:
        out = tmp_path_factory.mktemp(spec.removesuffix(".yaml")) / "out"
        result = generate(spec, out, "--package", PACKAGE)
        assert not (ERRORS / MARKER).exists(), "generating ran code from the spec"
        cache[spec] = Generated(result, out)
    return cache[spec]


@pytest.mark.parametrize("spec", _params("generate"))
def test_hostile_generates_valid_python(spec: str, generated: dict[str, Generated], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Exit 0 without a finding, and every generated .py file compiles."""
    g = _generate(spec, generated, tmp_path_factory)
    assert "Traceback" not in g.result.stderr
    assert g.result.returncode == 0, g.result.stderr
    assert " error: " not in g.result.stderr
    assert " warning: " not in g.result.stderr, "these specs are valid OpenAPI 3.1"
    files = sorted(g.out.rglob("*.py"))
    assert files
    for path in files:
        compile(path.read_text(encoding="utf-8"), str(path), "exec", dont_inherit=True)


_IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(module.name)
from {package} import Client, AsyncClient
Client(), AsyncClient()
print("imported")
"""


@pytest.mark.parametrize("spec", _params("import"))
def test_hostile_imports_without_running_it(spec: str, generated: dict[str, Generated], tmp_path_factory: pytest.TempPathFactory) -> None:
    out = _generate(spec, generated, tmp_path_factory).ok()
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL.replace("{package}", PACKAGE), PACKAGE],
        cwd=out,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "imported"
    assert not (out / MARKER).exists(), "importing the client ran code from the spec"


@pytest.mark.parametrize("spec", _params("mypy"))
def test_hostile_mypy_strict(spec: str, generated: dict[str, Generated], tmp_path_factory: pytest.TempPathFactory) -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed")
    out = _generate(spec, generated, tmp_path_factory).ok()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(out.parent / ".mypy_cache"), PACKAGE],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert not (out / MARKER).exists()


@pytest.mark.parametrize("spec", _params("version", ["hostile_strings.yaml", "hostile.yaml"]))
def test_hostile_version_is_installable(spec: str, generated: dict[str, Generated], tmp_path_factory: pytest.TempPathFactory) -> None:
    packaging_version = pytest.importorskip("packaging.version")
    out = _generate(spec, generated, tmp_path_factory).ok()
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    packaging_version.Version(project["version"])


@pytest.mark.parametrize("spec", _params("own tests", ["path_with_hash.yaml"]))
def test_generated_tests_pass(spec: str, generated: dict[str, Generated], tmp_path_factory: pytest.TempPathFactory) -> None:
    """The generated package's own tests (against their mock server) exercise every path.

    Hostile names are about our code, not Prism's: these run against the mock transport only
    (Prism cannot route a `#` in a path template, for one).
    """
    out = _generate(spec, generated, tmp_path_factory).ok()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:asyncio", "-k", "not prism", "tests"],
        cwd=out,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:]
