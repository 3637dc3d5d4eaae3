"""Import blocks in isort's order (ruff's `I` rules with their defaults), so that a generated
module passes `ruff check --select I` whatever the templates emit, a user's overrides included.

Sections, a blank line apart: `__future__`, the standard library, third-party packages, the
generated package itself, relative imports. In a section `import x` lines come first, then one
`from x import ...` per module (modules in order, `..` before `.`), each with its names in
order: CONSTANTS, then Classes, then the rest, case-insensitively and with numbers compared
as numbers (`Variant2` before `Variant10`). `as` imports stay one per line.

Only the blocks the templates write are touched, never text inside strings: the block at the
top of a module (after its docstring) and the one under a top-level `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import re
import sys
from functools import cache, lru_cache
from collections.abc import Iterable, Iterator

from generator.format import LINE_LENGTH

_STATEMENT = re.compile(r"(?:import (?P<plain>[\w.]+)|from (?P<module>\.*[\w.]*) import (?P<names>.+))")
_NAME = re.compile(r"\w+(?: as \w+)?")
_NUMBERS = re.compile(r"(\d+)")
_STDLIB = frozenset(sys.stdlib_module_names)


@cache  # a big client imports the same names in thousands of modules
def member_key(name: str) -> tuple[int, tuple[object, ...], str]:
    """A name's place in a `from` import: its type first (ruff's `order-by-type`)."""
    bare = name.split(" as ")[0]
    cased = [c for c in bare if c.isalpha()]
    kind = 0 if len(bare) > 1 and cased and all(c.isupper() for c in cased) else 1 if bare[:1].isupper() else 2
    return kind, _natural(bare.lower()), name


def sorted_names(names: Iterable[str]) -> list[str]:
    return sorted(names, key=member_key)


def from_import(module: str, names: list[str] | tuple[str, ...], indent: str = "", comment: str = "") -> str:
    """`from module import a, b`, names in order, in parentheses one name per line when it is
    too long: black's own layout of an import (a trailing comment after its closing
    parenthesis), so black has nothing to do."""
    names = sorted_names(names)
    after = f"  # {comment}" if comment else ""
    one_line = f"{indent}from {module} import {', '.join(names)}{after}"
    if len(one_line) <= LINE_LENGTH:
        return one_line
    inner = "".join(f"{indent}    {name},\n" for name in names)
    return f"{indent}from {module} import (\n{inner}{indent}){after}"


def sort_imports(text: str, package: str) -> str:
    """The module's import blocks in order; the text as it is when there is nothing to do or a
    block holds what this does not read (a comment, a star). Only the blocks are read: a
    module of megabytes costs no more than a small one."""
    text = _sort_block(text, _after_docstring(text), "", package)
    at = text.find(_TYPE_CHECKING)
    while at != -1:
        text = _sort_block(text, at + len(_TYPE_CHECKING), "    ", package)
        at = text.find(_TYPE_CHECKING, at + 1)
    return text


_TYPE_CHECKING = "\nif TYPE_CHECKING:\n"


def _lines(text: str, start: int) -> Iterator[tuple[int, str]]:
    """(offset, line) from `start` on, one at a time."""
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        yield start, text[start:end]
        start = end + 1


def _after_docstring(text: str) -> int:
    lines = _lines(text, 0)
    for offset, line in lines:
        if not line.strip():
            continue
        if not line.startswith(('"""', "'''")):
            return offset
        quote = line[:3]
        if len(line.rstrip()) > 3 and line.rstrip().endswith(quote):
            return offset + len(line) + 1
        for inner, more in lines:
            if quote in more:
                return inner + len(more) + 1
    return len(text)


def _sort_block(text: str, start: int, indent: str, package: str) -> str:
    statements: list[str] = []
    first = end = -1  # the block's span: from its first statement to the end of its last
    lines = _lines(text, start)
    for offset, line in lines:
        if not line.strip():
            continue
        body = line[len(indent) :]
        if not line.startswith(indent) or not body.startswith(("from ", "import ")):
            break
        first = offset if first == -1 else first
        if body.endswith("("):
            names = []
            for inner, more in lines:
                if more.strip() == ")":
                    offset, line = inner, more
                    break
                names.append(more.strip().rstrip(","))
            else:
                return text
            body = body[:-1] + ", ".join(names)
        statements.append(body)
        end = offset + len(line)
    if not statements:
        return text
    block = _ordered(tuple(statements), indent, package)
    if block is None:
        return text
    rest = text[end:]
    if not indent:  # the blank lines after it as ruff wants them: two before a def or class
        after = rest.lstrip("\n")
        if after:
            code = next((line for line in after.split("\n", 20) if not line.startswith("#")), "")
            gap = 3 if code.startswith(("def ", "class ", "@", "async def ")) else 2
            rest = "\n" * gap + after
    return text[:first] + "\n".join(block) + rest


@lru_cache(maxsize=4096)  # modules of a big client share their import blocks (graph-beta: 30,539 blocks, 12,748 distinct)
def _ordered(statements: tuple[str, ...], indent: str, package: str) -> tuple[str, ...] | None:
    plain: dict[int, set[str]] = {}
    froms: dict[int, dict[str, set[str]]] = {}
    aliased: dict[int, set[tuple[str, str]]] = {}
    for statement in statements:
        match = _STATEMENT.fullmatch(statement)
        if match is None:
            return None
        if match["plain"]:
            plain.setdefault(_section(match["plain"], package), set()).add(match["plain"])
            continue
        module, names = match["module"], [n.strip() for n in match["names"].split(",") if n.strip()]
        if not all(_NAME.fullmatch(n) for n in names):
            return None
        section = _section(module, package)
        for name in names:
            if " as " in name:
                aliased.setdefault(section, set()).add((module, name))
            else:
                froms.setdefault(section, {}).setdefault(module, set()).add(name)
    out: list[str] = []
    for section in sorted({*plain, *froms, *aliased}):
        if out:
            out.append("")
        out += [f"{indent}import {m}" for m in sorted(plain.get(section, ()), key=_module_key)]
        lines = [(module, sorted_names(sorted(names))) for module, names in froms.get(section, {}).items()]
        lines += [(module, [name]) for module, name in aliased.get(section, ())]
        for module, names in sorted(lines, key=lambda line: (_module_key(line[0]), member_key(line[1][0]))):
            out += from_import(module, names, indent).split("\n")
    return tuple(out)


def _section(module: str, package: str) -> int:
    if module.startswith("."):
        return 4
    top = module.split(".")[0]
    if top == "__future__":
        return 0
    if top == package:
        return 3
    return 1 if top in _STDLIB else 2


@cache
def _module_key(module: str) -> tuple[int, tuple[object, ...], str]:
    dots = len(module) - len(module.lstrip("."))
    return -dots, _natural(module.lstrip(".").lower()), module


def _natural(text: str) -> tuple[object, ...]:
    return tuple(int(part) if part.isdigit() else part for part in _NUMBERS.split(text))
