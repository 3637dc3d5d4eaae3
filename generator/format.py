"""Stage 5: black's layout without black on whole files.

Templates and quoting already produce black's layout (its quotes, blank lines, docstrings,
exploded brackets with magic trailing commas, long imports in parentheses); what is left
are lines longer than black's limit. Each such line is laid out by black alone, inside a
small synthetic context that puts it at the same depth in the same kind of bracket (a line
that opens a bracket comes with its closer), memoised (a large spec repeats the same long
annotation many times) and batched, a hundred snippets to a black call. A line black lays
out across more than its own, or whose context is not a known kind, is formatted with its
whole top-level statement; black on a whole file is the last resort. A file whose
unformatted text is unchanged since the last run keeps its text on disk.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import symtable
import tokenize
import warnings
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from generator import linesplit, progress
from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.workers import Workers

if TYPE_CHECKING:
    import black

LINE_LENGTH = 88  # black's, which the templates also lay their lines out for
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_TRIPLE = '"' * 3
_PARALLEL_FROM = 400  # snippets: below this, starting processes costs more than it saves
_PARALLEL_PARSE_FROM = 20_000_000  # characters of output to parse: below this, one process


Key = tuple[str, ...]  # (kind, bracket, indent, text): one snippet for black, memoised
Plan = list[tuple[int, "Key | None"]]  # long line -> its snippet (None: no known context)
_CONTINUATIONS = ("else:", "elif ", "except", "finally:")
_COMPOUND = ("def ", "async ", "class ", "with ", "for ", "if ", "while ")  # headers that open a block


_BARE_HEADER = re.compile(r"(?:async )?def \w+\(|class \w+\(")
_BARE_IMPORT = re.compile(r"from [\w.]+ import \(")  # its names one per line below, as black has them
_BARE_ITEM = re.compile(r"[\w.]+(?: as \w+)?,")  # an item of an exploded import
_STRING_ITEM = re.compile(r'"[^"\\]*"(?:: "[^"\\]*")?,')  # an item of an exploded list or dict of strings (no escapes: black may requote those)
_LEFT_AS_IT_IS = re.compile("|".join(f"(?:{p.pattern})" for p in (_BARE_HEADER, _BARE_ITEM, _STRING_ITEM, _BARE_IMPORT)))  # (one match a line)
_MARK = "# clientsmith: end of snippet"
_BATCH = 100  # snippets per black call


@dataclass
class Snippet:
    """Source for black: the lines before `head` and the last `tail` are a wrapper that must
    come back unchanged; what black makes of the rest replaces the long line."""

    lines: list[str]
    head: int
    tail: int
    blank_lines: bool = False  # keep black's blank lines (a whole statement)
    statement: tuple[int, int] = (0, 0)  # the lines of the one statement black splits (start, end)


@functools.cache
def mode() -> black.Mode:
    import black  # here, when some line needs it: the import takes longer than formatting a small client

    return black.Mode(target_versions={black.mode.TargetVersion.PY310}, line_length=LINE_LENGTH)


def black_format(source: str) -> str:
    import black

    return black.format_str(source, mode=mode())


class _Fallback(Exception):
    """The fast path cannot vouch for this file: black formats it whole."""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def as_is(path: str, ready: frozenset[str]) -> bool:
    """Whether `format_files` gives the file's text as it is (its raw hash is its file's)."""
    return not path.endswith(".py") or path in ready


def format_files(
    raw: dict[str, str],
    previous: dict[str, str],
    unchanged: Callable[[str], bool],
    ready: frozenset[str] = frozenset(),
    fork: bool = True,
    snippets: dict[Key, list[str] | None] | None = None,
) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """Formatted files, the raw-text hash of each (for the next run's manifest), and the
    files left out of the first because the one on disk is their text already, as the last
    run wrote it (`unchanged`).

    `previous` maps a path to the raw hash recorded when its file on disk was formatted;
    files in `ready` are in black's layout already (clientsmith's own runtime modules);
    `fork`: much work may be shared with forked processes (not when this is one already).
    `snippets`: the long lines laid out by earlier calls in this process, which this one
    adds to (a big client's files come in shares, and share their long annotations).
    `raw` is given up: each formatted file's entry becomes its formatted text.
    """
    out: dict[str, str] = {}
    hashes: dict[str, str] = {}
    read_back: set[str] = set()
    plans: dict[str, Plan] = {}
    whole: list[str] = []  # black on the whole file
    strings: dict[str, set[int]] = {}  # lines inside multiline strings, of files with long lines
    for path, text in raw.items():
        hashes[path] = digest(text)
        if previous.get(path) == hashes[path] and unchanged(path):
            read_back.add(path)
            continue
        if as_is(path, ready):
            out[path] = text
            continue
        try:
            plans[path] = _plan(text, strings.setdefault(path, set()))
        except _Fallback:
            whole.append(path)
    # Round one: each long line alone. Round two: the top-level statement around a line
    # that black lays out across more lines than its own (or that the first round could
    # not place), which is still far less than black on the file.
    memo = snippets if snippets is not None else {}
    keys = sorted({key for plan in plans.values() for _, key in plan if key is not None and key not in memo})
    found, blacked = _run_black(keys, {path: raw[path] for path in whole}, fork)
    memo.update(found)
    chunks: dict[str, list[tuple[int, int, Key]]] = {}
    for path, plan in list(plans.items()):
        failed = [i for i, key in plan if key is None or memo[key] is None]
        if failed:
            try:
                chunks[path] = _chunks(raw[path], failed, strings[path], memo)
            except _Fallback:
                del plans[path]
                whole.append(path)
    chunk_keys = sorted({key for found in chunks.values() for _, _, key in found if key not in memo})
    more, more_blacked = _run_black(chunk_keys, {path: raw[path] for path in whole if path not in blacked}, fork)
    memo.update(more)
    blacked.update(more_blacked)
    for path in whole:
        out[path] = raw[path] = blacked[path]
    for path, plan in plans.items():
        try:
            out[path] = _apply(raw[path], plan, chunks.get(path, []), memo)
        except _Fallback:
            out[path] = _black(path, raw[path])
        raw[path] = out[path]  # (its text before: not needed again, and a big client's files are 330 MB)
    _assert_parse({path: out[path] for path in [*plans, *whole]}, fork)
    return out, hashes, read_back


# -- black, on both cores when there is much to do --------------------------------------------


def _run_black(
    keys: list[tuple[str, ...]], files: dict[str, str], fork: bool
) -> tuple[dict[tuple[str, ...], list[str] | None], dict[str, str]]:
    if len(keys) + 40 * len(files) < _PARALLEL_FROM or not fork or not Workers.available:
        return _black_share(keys, files)
    # The main process takes a share itself: one fewer fork, one fewer copy of its memory.
    shares = min((os.cpu_count() or 2), 4)
    paths = sorted(files)
    work = [(keys[i::shares], {p: files[p] for p in paths[i::shares]}) for i in range(shares)]
    with Workers() as workers:
        helpers = [workers.fork(partial(_black_share, *share)) for share in work[1:]]
        memo, blacked = _black_share(*work[0])
        for helper in helpers:
            more_memo, more_blacked = helper.result()
            memo.update(more_memo)
            blacked.update(more_blacked)
    return memo, blacked


def _black_share(keys: list[Key], files: dict[str, str]) -> tuple[dict[Key, list[str] | None], dict[str, str]]:
    memo: dict[Key, list[str] | None] = {}
    snippets: list[tuple[Key, Snippet]] = []
    for key in keys:
        try:
            snippet = _snippet(key)
        except _Fallback:
            memo[key] = None
            continue
        split = _split_without_black(snippet)
        if split is None:
            snippets.append((key, snippet))
        else:
            memo[key] = _black_snippet(snippet, split)
    for start in range(0, len(snippets), _BATCH):
        progress.report("formatting long lines", start, len(snippets))
        memo.update(_black_batch(snippets[start : start + _BATCH]))
    return memo, {p: _black(p, t) for p, t in files.items()}


def _black_batch(batch: list[tuple[Key, Snippet]]) -> dict[Key, list[str] | None]:
    """One black call for many snippets, each a top-level statement of its own; black's
    fixed cost per call is most of the cost of a short one. A batch black refuses is
    retried one snippet at a time."""
    source = [line for _, snippet in batch for line in (*snippet.lines, _MARK)]
    try:
        formatted = black_format("\n".join([*source, "_ = 0"]) + "\n").split("\n")
    except Exception:
        return {key: _black_snippet(snippet, None) for key, snippet in batch}
    pieces: list[list[str]] = [[]]
    for line in formatted:
        if line == _MARK:
            pieces.append([])
        else:
            pieces[-1].append(line)
    if len(pieces) != len(batch) + 1:
        return {key: _black_snippet(snippet, None) for key, snippet in batch}
    return {key: _black_snippet(snippet, piece) for (key, snippet), piece in zip(batch, pieces)}


def _assert_parse(files: dict[str, str], fork: bool) -> None:
    """Templates must give valid Python whatever the spec says; if not, that is our bug.
    On a large client (Microsoft Graph: 130 MB) the parse takes more than the rest of the
    stage: the files are shared out over the cores."""
    total = sum(len(text) for text in files.values())
    if total < _PARALLEL_PARSE_FROM or not fork or not Workers.available:
        return _parse_all(files)
    paths = sorted(files, key=lambda path: len(files[path]), reverse=True)
    shares = min(os.cpu_count() or 2, 4)
    with Workers() as workers:
        helpers = [workers.fork(partial(_parse_all, {p: files[p] for p in paths[i::shares]})) for i in range(1, shares)]
        _parse_all({p: files[p] for p in paths[::shares]})
        for helper in helpers:
            helper.result()


def _parse_all(files: dict[str, str]) -> None:
    """Each file parsed and its scopes resolved (symtable: the grammar, names that are
    keywords, broken literals, duplicate parameters, misplaced `global`), without the
    bytecode a compile would then make: 1.4-1.6x faster. What only the compiler checks
    (`return` outside a function, a repeated keyword argument) comes from a template's
    shape, not from the spec, and the golden and end-to-end tests compile and import it.
    Warnings are not our concern here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path, text in files.items():
            _check_syntax(path, text)


def _check_syntax(path: str, text: str) -> None:
    try:
        symtable.symtable(text, path, "exec")
    except SyntaxError as exc:
        raise RuntimeError(f"generated {path} does not parse (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:  # (not the document's nesting: ours, past what Python's compiler follows)
        raise RuntimeError(f"generated {path} nests deeper than Python's compiler follows") from None


def _black(path: str, text: str) -> str:
    try:
        return black_format(text)
    except Exception as exc:  # a template produced invalid Python: a bug, said plainly
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GenerationError([Diagnostic(f"generated code does not parse ({first})", Location(path))]) from None


def _plan(text: str, in_strings: set[int]) -> Plan:
    """The long lines of a file that black must lay out, each with its context (None: the
    line's context is not one of the known kinds); `in_strings` are the 1-based lines inside
    multiline strings (filled here, for `_chunks`: tokenizing a file is not cheap)."""
    lines = text.split("\n")
    long_lines = [i for i, line in enumerate(lines) if len(line) > LINE_LENGTH]
    if not long_lines:
        return []
    in_strings.update(_multiline_string_lines(text))
    parents = _Parents(lines)
    plan: Plan = []
    for i in long_lines:
        if i + 1 in in_strings or _as_black_leaves_it(lines[i]):
            continue
        try:
            plan.append((i, _context(lines, i, parents.of(i))))
        except _Fallback:
            plan.append((i, None))
    return plan


def _as_black_leaves_it(line: str) -> bool:
    """A long line black cannot shorten: a comment, a one-line docstring, a def or class
    that opens its parameters or bases with nothing else to split (`def test_a_long_name(`),
    a lone name or string (or `"key": "value"`) as an item, an import whose module path
    alone is too long."""
    text = line.strip()
    if text.startswith("# "):
        return True
    if text.startswith(_TRIPLE) and text.endswith(_TRIPLE) and len(text) >= 6 and text.count(_TRIPLE) == 2:
        return True
    return _LEFT_AS_IT_IS.fullmatch(text) is not None


def _chunks(text: str, failed: list[int], in_strings: set[int], memo: dict[Key, list[str] | None]) -> list[tuple[int, int, Key]]:
    """The statements (first line, end) holding the failed lines, as keys: the line's own
    statement when linesplit lays it out whole (its result put in `memo`), else the
    top-level statement around it, for black."""
    lines = text.split("\n")

    def starts_statement(j: int) -> bool:
        line = lines[j]
        return bool(line) and line[0] not in " #)]}" and not line.startswith(_CONTINUATIONS) and j + 1 not in in_strings

    found: list[tuple[int, int, Key]] = []
    parents = _Parents(lines, in_strings)
    for i in failed:
        if found and found[-1][0] <= i < found[-1][1]:
            continue
        whole = _whole_statement(lines, i, in_strings, parents)
        if whole is not None:
            end, key, formatted = whole
            memo[key] = formatted
            found.append((i, end, key))
            continue
        start = i
        while start > 0 and not starts_statement(start):
            start -= 1
        if not starts_statement(start):
            raise _Fallback
        while start > 0 and lines[start - 1].startswith("@"):  # its decorators
            start -= 1
        end = i + 1
        while end < len(lines) and not starts_statement(end) and not lines[end].startswith("#"):
            end += 1
        while not lines[end - 1].strip():
            end -= 1
        found.append((start, end, ("chunk", "", "0", "\n".join(lines[start:end]))))
    return found


def _whole_statement(lines: list[str], i: int, in_strings: set[int], parents: _Parents) -> tuple[int, Key, list[str]] | None:
    """(end, key, black's lines) for the statement line i opens, its items on the lines
    below up to its closer, when linesplit lays it out (black lays out a statement
    whatever its line breaks, but for magic trailing commas, which the join keeps)."""
    line = lines[i]
    indent = len(line) - len(line.lstrip(" "))
    if indent % 4 or line.rstrip()[-1:] not in _CLOSERS:
        return None
    if indent:  # the line it hangs from must open a block: else it is inside a bracket
        parent = parents.of(i)
        if parent < 0 or not lines[parent].rstrip().endswith(":"):
            return None
    for j in range(i + 1, len(lines)):
        stripped = lines[j].lstrip(" ")
        if j + 1 in in_strings or "#" in lines[j] and linesplit.has_comment(lines[j]):  # (a `#` in a string is none)
            return None
        if stripped and len(lines[j]) - len(stripped) <= indent:
            if len(lines[j]) - len(stripped) < indent or stripped[0] not in ")]}" or stripped.rstrip()[-1] in _CLOSERS:
                return None
            formatted = linesplit.split(_joined(lines[i : j + 1]), indent // 4)
            if formatted is None:
                return None
            return j + 1, ("whole", "", str(indent), "\n".join(lines[i : j + 1])), formatted
    return None


def _apply(text: str, plan: Plan, chunks: list[tuple[int, int, Key]], memo: dict[Key, list[str] | None]) -> str:
    if not plan:
        return text
    lines = text.split("\n")
    edits = [(start, end, key) for start, end, key in chunks]
    covered = bytearray(len(lines))  # lines a chunk lays out (a chunk may be a class of megabytes)
    for start, end, _ in chunks:
        covered[start:end] = b"\x01" * (end - start)
    edits += [(i, i + 1, key) for i, key in plan if key is not None and not covered[i]]
    out: list[str] = []
    done = 0
    for start, end, key in sorted(edits, key=lambda edit: edit[0]):
        formatted = memo[key]
        if formatted is None:
            raise _Fallback
        out += lines[done:start] + formatted
        done = end
    out += lines[done:]
    return "\n".join(out)


def _multiline_string_lines(text: str) -> set[int]:
    """1-based numbers of the lines that a multi-line string covers.

    Generated code has multi-line strings only as docstrings, which open at the start of a
    line and close at its end (quoting escapes triple quotes inside): a scan of the lines
    that hold triple quotes finds them, found with `str.find` (a loop over every line of a
    big client costs five times as much). Anything else goes to the tokenizer.
    """
    covered: set[int] = set()
    opened = 0
    number, counted = 1, 0  # the line number of offset `counted`
    at = text.find(_TRIPLE)
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        number += text.count("\n", counted, start)
        counted = start
        line = text[start:end].strip()
        count = line.count(_TRIPLE)
        if opened:
            if count != 1 or not line.endswith(_TRIPLE):
                return _tokenized_string_lines(text)
            covered.update(range(opened, number + 1))
            opened = 0
        elif count == 1 and line.startswith(_TRIPLE):
            opened = number
        elif count != 2 or not (line.startswith(_TRIPLE) and line.endswith(_TRIPLE)):
            return _tokenized_string_lines(text)
        at = text.find(_TRIPLE, end)
    return covered if not opened else _tokenized_string_lines(text)


def _tokenized_string_lines(text: str) -> set[int]:
    covered: set[int] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.STRING and tok.start[0] != tok.end[0]:
                covered.update(range(tok.start[0], tok.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        raise _Fallback from None
    return covered


class _Parents:
    """The nearest non-blank line above a line that is indented less (-1: none), for lines
    asked in increasing order: a scan up from each stops at the last line asked at the same
    depth, whose answer holds unless a line between is indented less. A whole-file pass
    costs as much on a module of megabytes with three long lines."""

    def __init__(self, lines: list[str], skip: AbstractSet[int] = frozenset()) -> None:
        self.lines = lines
        self.skip = skip  # 1-based lines not to stop at (inside multiline strings)
        self.last: dict[int, tuple[int, int]] = {}  # indent -> (line asked, its parent)

    def of(self, i: int) -> int:
        line = self.lines[i]
        indent = len(line) - len(line.lstrip(" "))
        if not indent:
            return -1
        deeper = " " * indent
        since, parent = self.last.get(indent, (-1, -1))
        for j in range(i - 1, since, -1):
            above = self.lines[j]
            if above and not above.startswith(deeper) and above.strip() and j + 1 not in self.skip:
                parent = j
                break
        self.last[indent] = (i, parent)
        return parent


def _context(lines: list[str], i: int, parent: int) -> tuple[str, ...]:
    """(kind, bracket, indent, line): all that black's layout of the line depends on."""
    line = lines[i]
    indent = len(line) - len(line.lstrip(" "))
    text = line.strip()
    if text.startswith(")") and text.endswith((":", ": ...")):
        return ("def-close", "", str(indent), text)  # `) -> Annotation:` of an exploded def
    if text.startswith(_COMPOUND) and text.endswith(":"):
        return ("header", "", str(indent), text)
    if text[-1] in _CLOSERS:  # `head(` with its items one per line below, then its closer
        closer = _closer(lines, i, indent, _CLOSERS[text[-1]])
        text, tail = f"{text}\n{closer}", closer
    else:
        tail = text
    if indent == 0 or parent < 0:
        return ("statement", "", str(indent), text)
    above = lines[parent]
    opener = above.rstrip()[-1:]
    if opener in _CLOSERS:
        if not tail.endswith(","):
            raise _Fallback
        kind = "def" if above.lstrip().startswith(("def ", "async def ")) else "bracket"
        return (kind, opener, str(indent), text)
    if opener == ":":
        return ("statement", "", str(indent), text)
    raise _Fallback


def _closer(lines: list[str], i: int, indent: int, closing: str) -> str:
    """The line that closes the bracket line i opens: the next one at its depth."""
    for j in range(i + 1, len(lines)):
        stripped = lines[j].lstrip(" ")
        if stripped and len(lines[j]) - len(stripped) <= indent:
            if len(lines[j]) - len(stripped) < indent or not stripped.startswith(closing):
                raise _Fallback
            return stripped.rstrip()
    raise _Fallback


def _snippet(key: Key) -> Snippet:
    """The source black lays out one long line in: a wrapper puts it at its depth and in
    its kind of bracket; the wrapper's own lines are checked and dropped.

    A line that opens a bracket (`head(`) comes with its closer, and stands-ins between
    them for the items on the lines below, which black lays out on their own."""
    kind, opener, indent_text, body = key
    if kind == "chunk":  # a whole top-level statement: black's lines, blank ones included
        return Snippet(body.split("\n"), 0, 0, blank_lines=True)
    indent = int(indent_text)
    if indent % 4:
        raise _Fallback
    inner = indent if kind in ("statement", "header", "def-close") else indent - 4
    wrapper = [" " * (4 * level) + "if _:" for level in range(inner // 4)]
    pad = " " * inner
    item_pad = pad if kind in ("statement", "header", "def-close") else pad + "    "
    head, _, closer = body.partition("\n")
    lines = [item_pad + head]
    if closer:
        lines += [item_pad + "    _,", item_pad + "    _,", item_pad + closer]
        if closer.endswith(":"):
            lines.append(item_pad + "    pass")
    kept = len(lines) - 1  # the lines after the long one: they must come back as they are
    start = len(wrapper)
    if kind == "statement":
        end = start + (4 if closer else 1)
        return Snippet([*wrapper, *lines], len(wrapper), kept, statement=(start, end))
    if kind == "header":
        return Snippet([*wrapper, *lines, pad + "    pass"], len(wrapper), kept + 1, statement=(start, start + 1))
    if kind == "def-close":  # `) -> Annotation:` after a parameter, then a body unless `: ...`
        tail = [] if body.endswith("...") else [pad + "    pass"]
        source = [*wrapper, pad + "def _(", pad + "    _,", *lines, *tail]
        return Snippet(source, len(wrapper) + 2, kept + len(tail), statement=(start, start + 2 + len(lines)))
    if kind == "def":
        source = [*wrapper, pad + "def _(", *lines, pad + "): ..."]
    else:
        first = pad + "_(" if opener == "(" else pad + "_ = " + opener
        source = [*wrapper, first, *lines, pad + _CLOSERS[opener]]
    return Snippet(source, len(wrapper) + 1, kept + 1, statement=(start, len(source)))


def _split_without_black(snippet: Snippet) -> list[str] | None:
    """The snippet as black would give it back, from linesplit (None: black decides)."""
    start, end = snippet.statement
    if end <= start:
        return None
    statement = snippet.lines[start:end]
    indent = len(statement[0]) - len(statement[0].lstrip(" "))
    lines = linesplit.split(_joined(statement), indent // 4)
    if lines is None:
        return None
    return [*snippet.lines[:start], *lines, *snippet.lines[end:]]


def _joined(lines: list[str]) -> str:
    """A statement's lines as one line, spaced as black spaces it: nothing inside brackets'
    edges, one space after each comma."""
    text = ""
    for part in (line.strip() for line in lines):
        if text and not text.endswith(("(", "[", "{")) and not part.startswith((")", "]", "}")):
            text += " "
        text += part
    return text


def _black_snippet(snippet: Snippet, formatted: list[str] | None) -> list[str] | None:
    """Black's lines for the snippet's own line (None: black does more than lay it out),
    from its part of a batch, else from black on the snippet alone."""
    if formatted is None:
        try:
            formatted = black_format("\n".join(snippet.lines) + "\n").split("\n")
        except Exception:
            return None
    if snippet.blank_lines:
        return "\n".join(formatted).strip("\n").split("\n")
    formatted = [x for x in formatted if x.strip()]
    source, head, tail = snippet.lines, snippet.head, snippet.tail
    if formatted[:head] != source[:head] or formatted[len(formatted) - tail :] != source[len(source) - tail :]:
        return None  # black changed the wrapper's lines: not a layout of one line
    return formatted[head : len(formatted) - tail]
