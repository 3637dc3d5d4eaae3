"""Side by side: five methods of the generated OpenAI client and of the official `openai` SDK.

The client is generated from the OpenAI spec into a temporary folder (`python -m generator
generate SPEC -o TMP --package openai_client --multipart brackets`, with the interpreter this
script runs on); the SDK is the one pinned in `_common.PEERS["openai"]`, in its own venv
(created on first use, as for the other benchmarks). Both are read statically with `ast`:
nothing of the SDK is imported.
Each method is found by walking from the client class (`Client`, `OpenAI`) through the
`@cached_property` resources, following the imports to the module that defines each class.

For each operation it measures: the signature's line count, from `def` to the `:` ending it
(laid out by black at 88 columns, and as shipped); the parameters (count, those in only one of
the two, the annotations of the common ones); the return annotation; the docstring and its
`Args:` entries. Where a method has `@overload`s, the first one that does not stream is
compared (`stream: Literal[False]`, or no `stream` parameter).

    .venv/bin/python benchmarks/compare_sdk.py [--spec SPEC] [--client-dir DIR] [--out FILE]

Without `--out` it prints Markdown; with it, it replaces what stands between the markers
`<!-- generated: start -->` and `<!-- generated: end -->` in FILE (creating FILE, or
appending the markers, when they are missing) and leaves the rest of FILE as it is.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import subprocess
import sys
import tempfile
import textwrap
import tokenize
from dataclasses import dataclass
from pathlib import Path

import black

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

START, END = "<!-- generated: start -->", "<!-- generated: end -->"
PACKAGE = "openai_client"
REQUEST_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")
MAX_ANNOTATION = 80

# operation -> (attribute path in the SDK, attribute path in the generated client)
OPERATIONS: dict[str, tuple[str, str]] = {
    "threads.create": ("beta.threads.create", "threads.create"),
    "chat.completions.create": ("chat.completions.create", "chat.completions.create"),
    "files.create": ("files.create", "files.create"),
    "responses.create": ("responses.create", "responses.create"),
    "vector_stores.files.list": ("vector_stores.files.list", "vector_stores.files.list"),
}


# --------------------------------------------------------------------------- finding the method


class Source:
    """The modules of one package, parsed once each."""

    def __init__(self, root: Path) -> None:
        self.root = root  # the package folder (…/openai, …/openai_client)
        self._parsed: dict[Path, tuple[str, ast.Module]] = {}

    def parse(self, path: Path) -> tuple[str, ast.Module]:
        if path not in self._parsed:
            text = path.read_text()
            self._parsed[path] = (text, ast.parse(text))
        return self._parsed[path]

    def module_file(self, importer: Path, node: ast.ImportFrom) -> Path:
        if node.level:
            base = importer.parent
            for _ in range(node.level - 1):
                base = base.parent
        else:  # absolute: `from openai.x import y`
            base = self.root.parent
        target = base.joinpath(*node.module.split(".")) if node.module else base
        return target.with_suffix(".py") if target.with_suffix(".py").is_file() else target / "__init__.py"

    def find_class(self, path: Path, name: str) -> tuple[Path, ast.ClassDef]:
        """The class `name` as seen from module `path`: defined there, or followed through its imports."""
        _, tree = self.parse(path)
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name == name:
                return path, node
        for imp in ast.walk(tree):  # at the top, under TYPE_CHECKING or inside the property
            if isinstance(imp, ast.ImportFrom):
                for alias in imp.names:
                    if (alias.asname or alias.name) == name:
                        return self.find_class(self.module_file(path, imp), alias.name)
        raise LookupError(f"class {name} not found from {path}")


def _is_cached_property(fn: ast.FunctionDef) -> bool:
    return any(ast.unparse(d).endswith("cached_property") for d in fn.decorator_list)


def _is_overload(fn: ast.FunctionDef) -> bool:
    return any(ast.unparse(d).endswith("overload") for d in fn.decorator_list)


def _methods(cls: ast.ClassDef, name: str) -> list[ast.FunctionDef]:
    return [n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == name]


def resolve(src: Source, client_class: str, dotted: str) -> tuple[Path, ast.ClassDef, list[ast.FunctionDef]]:
    """Walk `client.a.b.method`: each attribute a @cached_property whose return annotation names a class."""
    path, cls = src.find_class(src.root / "_client.py", client_class)
    *resources, method = dotted.split(".")
    for attr in resources:
        props = [fn for fn in _methods(cls, attr) if _is_cached_property(fn)]
        if not props or props[0].returns is None:
            raise LookupError(f"{cls.name}.{attr} is no cached property with a return annotation")
        path, cls = src.find_class(path, ast.unparse(props[0].returns).strip("'\""))
    defs = _methods(cls, method)
    if not defs:
        raise LookupError(f"{cls.name} has no method {method}")
    return path, cls, defs


# --------------------------------------------------------------------------- measuring it


@dataclass
class Side:
    where: str  # file:line Class.method
    choice: str  # which definition was compared
    text: str  # the module's source
    fn: ast.FunctionDef
    doc: str | None
    doc_where: str
    lines_black: int
    lines_shipped: int


def signature_end(lines: list[str], fn: ast.FunctionDef) -> tuple[int, int]:
    """(line, column) of the `:` that ends the signature of `fn` (1-based line)."""
    depth = 0
    text = "".join(lines[fn.lineno - 1 :])
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.OP:
            if tok.string in "([{":
                depth += 1
            elif tok.string in ")]}":
                depth -= 1
            elif tok.string == ":" and depth == 0:
                return fn.lineno + tok.start[0] - 1, tok.start[1]
    raise ValueError(f"no end of signature for {fn.name}")


def signature_lines(text: str, fn: ast.FunctionDef) -> tuple[int, int]:
    """(lines as laid out by black at 88 columns, lines as shipped), from `def` to its `:`."""
    lines = text.splitlines(keepends=True)
    end, col = signature_end(lines, fn)
    shipped = lines[fn.lineno - 1 : end]
    shipped[-1] = shipped[-1][: col + 1]
    stub = "class _C:\n" + textwrap.indent(textwrap.dedent("".join(shipped)), "    ") + " ...\n"
    formatted = black.format_str(stub, mode=black.Mode(line_length=88)).rstrip("\n").splitlines()
    return len(formatted) - 1, end - fn.lineno + 1


def _streams(fn: ast.FunctionDef) -> str | None:
    """The annotation of `stream`, if the function has such a parameter."""
    for arg in _all_args(fn):
        if arg.arg == "stream" and arg.annotation is not None:
            return ast.unparse(arg.annotation)
    return None


def choose(path: Path, cls: ast.ClassDef, defs: list[ast.FunctionDef], src: Source) -> Side:
    text, _ = src.parse(path)
    overloads = [fn for fn in defs if _is_overload(fn)]
    implementation = next((fn for fn in defs if not _is_overload(fn)), defs[-1])
    if overloads:
        index, fn = next(
            ((i, fn) for i, fn in enumerate(overloads) if (s := _streams(fn)) is None or ("Literal[False]" in s and "True" not in s)),
            (0, overloads[0]),
        )
        stream = _streams(fn)
        choice = f"overload {index + 1} of {len(overloads)}" + (f" (`stream: {stream}`)" if stream else " (no `stream`)")
    else:
        fn, choice = implementation, "the only definition"
    doc, doc_where = ast.get_docstring(fn), "on it"
    if doc is None and fn is not implementation and ast.get_docstring(implementation):
        doc, doc_where = ast.get_docstring(implementation), "on the implementation only"
    black_lines, shipped = signature_lines(text, fn)
    rel = path.relative_to(src.root.parent)
    return Side(f"`{rel}:{fn.lineno}` `{cls.name}.{fn.name}`", choice, text, fn, doc, doc_where, black_lines, shipped)


def _all_args(fn: ast.FunctionDef) -> list[ast.arg]:
    a = fn.args
    extra = [x for x in (a.vararg, a.kwarg) if x is not None]
    return [x for x in [*a.posonlyargs, *a.args, *a.kwonlyargs, *extra] if x.arg not in ("self", "cls")]


def annotation(text: str, node: ast.expr | None) -> tuple[str, int]:
    """(annotation as written, whitespace collapsed; the lines it spans as written)."""
    if node is None:
        return "", 0
    segment = ast.get_source_segment(text, node) or ast.unparse(node)
    flat = re.sub(r"\s*\n\s*", " ", segment)
    flat = re.sub(r"([\[(]) ", r"\1", flat)
    flat = re.sub(r",? ([\])])", r"\1", flat)
    return flat, (node.end_lineno or node.lineno) - node.lineno + 1


def args_entries(doc: str | None) -> list[str]:
    """The names documented under `Args:` (entries at the section's first indentation)."""
    if not doc:
        return []
    lines = doc.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "Args:")
    except StopIteration:
        return []
    names: list[str] = []
    indent: int | None = None
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        here = len(line) - len(line.lstrip())
        if here <= len(lines[start]) - len(lines[start].lstrip()):
            break  # the next section
        indent = here if indent is None else indent
        match = re.match(r"\*{0,2}(\w+)( \(.*\))?:", line.strip())
        if here == indent and match:
            names.append(match[1])
    return names


# --------------------------------------------------------------------------- Markdown


def cell(text: str, lines: int = 1) -> str:
    if not text:
        return ""
    short = text if len(text) <= MAX_ANNOTATION else text[: MAX_ANNOTATION - 1] + "…"
    note = f" ({lines} lines)" if short != text or lines > 3 else ""
    return "`" + short.replace("|", "\\|") + "`" + note


def names(items: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in items) if items else "none"


def ratio(ours: int, theirs: int) -> str:
    return f"{ours / theirs:.2f}" if theirs else "-"


def report(op: str, sdk: Side, gen: Side) -> tuple[list[str], list[str]]:
    """(the summary row, the section) of one operation."""
    sdk_args = {a.arg: a for a in _all_args(sdk.fn)}
    gen_args = {a.arg: a for a in _all_args(gen.fn)}
    common = [n for n in sdk_args if n in gen_args]
    summary = [f"| `{op}` | {sdk.lines_black} | {gen.lines_black} | {ratio(gen.lines_black, sdk.lines_black)} | {sdk.lines_shipped} |"]
    out = [f"### `{op}`", ""]
    sdk_attr, gen_attr = OPERATIONS[op]
    out += [f"- SDK `client.{sdk_attr}`: {sdk.where}, {sdk.choice}"]
    out += [f"- generated `client.{gen_attr}`: {gen.where}, {gen.choice}", ""]
    rows: list[tuple[str, str, str]] = [
        ("signature lines, black at 88 columns", str(sdk.lines_black), str(gen.lines_black)),
        ("signature lines as shipped", str(sdk.lines_shipped), str(gen.lines_shipped)),
        ("parameters (without `self`)", str(len(sdk_args)), str(len(gen_args))),
    ]
    rets = [annotation(s.text, s.fn.returns) for s in (sdk, gen)]
    rows.append(("return annotation", cell(*rets[0]), cell(*rets[1])))
    docs = []
    for side, params in ((sdk, sdk_args), (gen, gen_args)):
        entries = args_entries(side.doc)
        missing = [n for n in params if n not in entries]
        docs.append(
            (
                f"yes, {side.doc_where} ({len(side.doc.splitlines())} lines)" if side.doc else "none",
                f"{len(entries)}" + (f"; not documented: {names(missing)}" if side.doc and missing else ""),
            )
        )
    rows.append(("docstring", docs[0][0], docs[1][0]))
    rows.append(("`Args:` entries", docs[0][1], docs[1][1]))
    out += ["| | SDK | generated |", "|---|---|---|", *[f"| {a} | {b} | {c_} |" for a, b, c_ in rows], ""]
    out += [f"Only in the SDK: {names([n for n in sdk_args if n not in gen_args])}.", ""]
    out += [f"Only in the generated client: {names([n for n in gen_args if n not in sdk_args])}.", ""]
    out += [f"Common parameters ({len(common)}), in the SDK's order:", "", "| parameter | SDK | generated |", "|---|---|---|"]
    for name in common:
        a, b = annotation(sdk.text, sdk_args[name].annotation), annotation(gen.text, gen_args[name].annotation)
        same = " (same)" if a[0] == b[0] else ""
        out.append(f"| `{name}`{same} | {cell(*a)} | {cell(*b)} |")
    return summary, out + [""]


def markdown(sdk_src: Source, gen_src: Source, sdk_version: str, spec: Path) -> str:
    summary = [
        "| operation | SDK signature lines | generated signature lines | generated / SDK | SDK lines as shipped |",
        "|---|---:|---:|---:|---:|",
    ]
    sections: list[str] = []
    for op, (sdk_path, gen_path) in OPERATIONS.items():
        sdk = choose(*resolve(sdk_src, "OpenAI", sdk_path), sdk_src)
        gen = choose(*resolve(gen_src, "Client", gen_path), gen_src)
        row, section = report(op, sdk, gen)
        summary += row
        sections += section
    try:
        spec_shown = spec.relative_to(c.REPO.parent)
        spec_text = f"../{spec_shown}"
    except ValueError:
        spec_text = str(spec)
    intro = (
        f"openai {sdk_version} against the client generated from `{spec_text}` by clientsmith at "
        f"{c.git_revision()}. Signature lines run from `def` to the `:` ending the signature, both "
        "laid out by black at 88 columns (comment lines inside the signature count); the ratio is "
        "generated / SDK. Annotations over "
        f"{MAX_ANNOTATION} characters are cut (…) with the lines they span as shipped."
    )
    head = [
        textwrap.fill(intro, width=98, break_on_hyphens=False, break_long_words=False),
        "",
        "## Summary",
        "",
    ]
    return "\n".join(head + summary + ["", "## Per operation", ""] + sections).rstrip() + "\n"


# --------------------------------------------------------------------------- main


def sdk_package() -> tuple[Path, str]:
    """The `openai` package folder in the SDK's venv (found without importing it) and its version."""
    venv = c.ensure_venv("openai")
    code = "import importlib.util as u; print(u.find_spec('openai').submodule_search_locations[0])"
    out = subprocess.run([str(c.bin_path(venv, "python")), "-c", code], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip()), c.dist_version(venv, "openai")


def generate(spec: Path, out: Path) -> Path:
    c.log(f"generating {PACKAGE} from {spec} into {out}")
    # (brackets: OpenAI's API reads a multipart form's objects and lists as nested fields)
    cmd = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--package", PACKAGE, "--multipart", "brackets"]
    run = subprocess.run(cmd, check=False, cwd=c.REPO, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"clientsmith generate failed:\n{run.stdout}{run.stderr}")
    return out / PACKAGE


def write_between_markers(path: Path, body: str) -> None:
    text = path.read_text() if path.exists() else ""
    block = f"{START}\n\n{body}\n{END}"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = (text.rstrip() + "\n\n" if text.strip() else "") + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=c.SPEC, help="the OpenAI spec (default: ../shared/specs/openai.yaml)")
    parser.add_argument("--client-dir", type=Path, help=f"an already generated client (the folder holding {PACKAGE}/)")
    parser.add_argument("--out", type=Path, help="write between the markers of this Markdown file instead of printing")
    args = parser.parse_args()
    sdk_root, sdk_version = sdk_package()
    with tempfile.TemporaryDirectory(prefix="compare-sdk-") as tmp:
        gen_root = args.client_dir.resolve() / PACKAGE if args.client_dir else generate(args.spec.resolve(), Path(tmp) / "client")
        body = markdown(Source(sdk_root), Source(gen_root), sdk_version, args.spec.resolve())
    if args.out:
        write_between_markers(args.out, body)
        c.log(f"wrote {args.out}")
    else:
        sys.stdout.write(body)


if __name__ == "__main__":
    main()
