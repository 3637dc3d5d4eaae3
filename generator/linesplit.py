"""Black's split of one long statement, without black, for the statements templates emit.

black lays out a long line by trying splits in a fixed order: inside brackets the highest
priority delimiter, then the right-hand bracket pair with ever more trailers left whole,
optional parentheses dropped where it can, and a second opinion with them forced. A black
call costs milliseconds of parsing and bookkeeping, and a large API has tens of thousands
of long lines (Microsoft Graph: 33,000 distinct ones, most of its run). This module runs
the same algorithm on a flat list of tokens, with black's own function names and rules
(its stable style, version pinned by the lock file), for a restricted grammar: names,
strings, numbers, calls, subscripts, literals, attribute access, binary `+`/`-`/`|`,
keyword arguments, annotations, `return`, `assert`, assignments and `def` headers.

Anything outside that grammar (comments, other operators and keywords, f-strings,
non-ASCII text, imports, `with`, `lambda`, tuples at statement level...) gives None, and
black lays the line out. tests/test_linesplit.py holds the result to black's, line by line,
on every long line of generated clients.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet

LINE_LENGTH = 88
# black changes its stable style once a year (its January release): the years of black
# this port was held to (tests/test_linesplit.py). Another black lays out its lines alone.
BLACK_YEARS = ("26",)

COMMA_PRIORITY = 18
DOT_PRIORITY = 1
_MATH = {"|": 9, "+": 5, "-": 5}
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = {")": "(", "]": "[", "}": "{"}
_ALLOWED_KEYWORDS = {"None", "True", "False", "await", "return", "def", "async", "class", "assert", "if", "elif", "while", "raise", "and", "or", "not", "else"}
TERNARY_PRIORITY = 16
LOGIC_PRIORITY = 14
_KEYWORDS = _ALLOWED_KEYWORDS | {
    "and", "as", "break", "continue", "del", "else", "except", "finally", "for", "from", "global",
    "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "try", "with", "yield",
}  # fmt: skip
_SOFT_KEYWORDS = {"match", "case", "type"}  # names, unless they open the statement
_CONSTANTS = {"None", "True", "False"}
_TOKEN = re.compile(
    r"""(?P<ws>[ ]*)(?:
      (?P<string>(?:b|r|rb|br)?(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))
    | (?P<number>\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.+]))
    | (?P<name>[A-Za-z_]\w*)
    | (?P<op>\.\.\.|->|[-+|=:,.()\[\]{}])
    )""",
    re.VERBOSE,
)


class CannotSplit(Exception):
    pass


Transform = Callable[["Line", bool], Iterator["Line"]]


class Leaf:
    __slots__ = ("type", "value", "prefix", "bracket_depth", "opening_bracket", "role", "orphan", "annotation", "index")

    def __init__(self, type: str, value: str, prefix: str = "", role: str = "", orphan: bool = False) -> None:
        self.type = type  # NAME, STRING, NUMBER, or the operator / bracket itself
        self.value = value  # "" for an invisible parenthesis
        self.prefix = prefix
        self.bracket_depth = 0
        self.opening_bracket: Leaf | None = None
        # brackets: trailer / atom / params / classdef; `+ - |`: binary / unary; `,`: arglist or ""
        self.role = role
        self.orphan = orphan  # a comma a split added: black's has no parent node
        self.annotation = ""  # "param" / "return" for the leaves of an annotation
        self.index = -1  # its place among the statement's tokens; -1: made by the split


class Tracker:
    """black's BracketTracker: depths, bracket pairs and delimiters of one line."""

    def __init__(self) -> None:
        self.depth = 0
        self.bracket_match: dict[tuple[int, str], Leaf] = {}
        self.delimiters: dict[int, int] = {}
        self.previous: Leaf | None = None
        self.invisible: list[Leaf] = []

    def mark(self, leaf: Leaf) -> None:
        if self.depth == 0 and leaf.type in _CLOSING and (self.depth, leaf.type) not in self.bracket_match:
            return
        if leaf.type in _CLOSING:
            self.depth -= 1
            try:
                opening = self.bracket_match.pop((self.depth, leaf.type))
            except KeyError:
                raise CannotSplit from None
            leaf.opening_bracket = opening
            if not leaf.value:
                self.invisible.append(leaf)
        leaf.bracket_depth = self.depth
        if self.depth == 0:
            delim = _split_before(leaf, self.previous)
            if delim and self.previous is not None:
                self.delimiters[id(self.previous)] = delim
            elif leaf.type == ",":
                self.delimiters[id(leaf)] = COMMA_PRIORITY
        if leaf.type in _OPENING:
            self.bracket_match[self.depth, _OPENING[leaf.type]] = leaf
            self.depth += 1
            if not leaf.value:
                self.invisible.append(leaf)
        self.previous = leaf

    def max_priority(self, exclude: AbstractSet[int] = frozenset()) -> int:
        return max(v for k, v in self.delimiters.items() if k not in exclude)  # ValueError: none

    def count(self, priority: int) -> int:
        return sum(1 for p in self.delimiters.values() if p == priority)


def _split_before(leaf: Leaf, previous: Leaf | None) -> int:
    if leaf.type == "." and (previous is None or previous.type in _CLOSING):
        return DOT_PRIORITY
    if leaf.type in _MATH and leaf.role == "binary":
        return _MATH[leaf.type]
    if leaf.type == "NAME" and leaf.value in ("and", "or"):
        return LOGIC_PRIORITY
    if leaf.role == "ternary":
        return TERNARY_PRIORITY
    return 0


class Line:
    def __init__(self, depth: int, inside_brackets: bool = False) -> None:
        self.depth = depth
        self.inside_brackets = inside_brackets
        self.leaves: list[Leaf] = []
        self.bt = Tracker()
        self.magic_trailing_comma: Leaf | None = None
        self.should_split_rhs = False

    def append(self, leaf: Leaf, preformatted: bool = False, track_bracket: bool = False) -> None:
        if self.inside_brackets or not preformatted or track_bracket:
            self.bt.mark(leaf)
            if self.has_magic_trailing_comma(leaf):
                self.magic_trailing_comma = leaf
        self.leaves.append(leaf)

    def has_magic_trailing_comma(self, closing: Leaf) -> bool:
        if not (closing.type in _CLOSING and self.leaves and self.leaves[-1].type == ","):
            return False
        if closing.type == "}":
            return True
        if closing.type == "]":
            if closing.role == "trailer" and closing.opening_bracket is not None:
                return not _one_sequence_between(closing.opening_bracket, closing, self.leaves, ("[", "]"))
            return True
        if closing.opening_bracket is not None and not _one_sequence_between(closing.opening_bracket, closing, self.leaves):
            return True
        return False

    @property
    def is_def(self) -> bool:
        first = self.leaves[0] if self.leaves else None
        second = self.leaves[1] if len(self.leaves) > 1 else None
        if first is None or first.type != "NAME":
            return False
        return first.value == "def" or (first.value == "async" and second is not None and second.value == "def")

    def __bool__(self) -> bool:
        return bool(self.leaves)

    def __str__(self) -> str:
        if not self.leaves:
            return "\n"
        first = self.leaves[0]
        rest = "".join([leaf.prefix + leaf.value for leaf in self.leaves[1:]])
        return first.prefix + "    " * self.depth + first.value + rest


def _one_sequence_between(opening: Leaf, closing: Leaf, leaves: list[Leaf], brackets: tuple[str, str] = ("(", ")")) -> bool:
    if (opening.type, closing.type) != brackets:
        return False
    depth = closing.bracket_depth + 1
    try:
        start = next(i for i, leaf in enumerate(leaves) if leaf is opening)
    except StopIteration:
        return False
    commas = 0
    for leaf in leaves[start + 1 :]:
        if leaf is closing:
            break
        if leaf.bracket_depth == depth and leaf.type == ",":
            commas += 1
            if leaf.role == "arglist":
                commas += 1
                break
    return commas < 2


def _short(line: Line, text: str | None = None) -> bool:
    return _within(len(text if text is not None else str(line)), line.leaves, LINE_LENGTH)


# What a layout's length comparisons found, while `_shaped` traces one: each as the
# statement's filled tokens it counted, the rest of the length, the limit, and the outcome.
Comparison = tuple[tuple[int, ...], int, int, bool]
_trace: list[Comparison] | None = None


def _within(length: int, leaves: list[Leaf], limit: int, start: int = 0, stop: int | None = None) -> bool:
    """`length <= limit`, `length` being the text of `leaves[start:stop]` (and of leaves and
    spaces that are the same in every statement of one shape). Every comparison of a length
    a layout makes goes through here: the layout follows from the statement's shape and
    these outcomes alone."""
    fits = length <= limit
    if _trace is not None:
        filled = [leaf for leaf in leaves[start:stop] if leaf.index >= 0 and leaf.type in _FILLED]
        _trace.append((tuple(leaf.index for leaf in filled), length - sum(len(leaf.value) for leaf in filled), limit, fits))
    return fits


# -- the transforms ---------------------------------------------------------------------------


def transform_line(line: Line, force_parens: bool = False) -> list[Line]:
    line_str = str(line)
    if not line.should_split_rhs and not line.magic_trailing_comma and _short(line, line_str):
        return [line]
    transformers: list[Transform]
    if line.is_def:  # (black first splits a def at a return type with a magic comma: not taken)
        transformers = [_left_hand_split]
    elif line.inside_brackets:
        transformers = [_delimiter_split, _rhs]
    else:
        transformers = [_rhs]
    for transform in transformers:
        try:
            return _run_transformer(line, transform, force_parens, line_str)
        except CannotSplit:
            continue
    return [line]


def _run_transformer(line: Line, transform: Transform, force_parens: bool, line_str: str) -> list[Line]:
    optional_parens = [b for b in line.bt.invisible if b.bracket_depth == 0]
    result: list[Line] = []
    for transformed in transform(line, force_parens):
        if str(transformed) == line_str:
            raise CannotSplit("unchanged")
        result.extend(transform_line(transformed, force_parens))
    if (
        force_parens
        or transform is not _rhs
        or not line.bt.invisible
        or any(b.value for b in optional_parens)
        or _short(result[0])
        or any(leaf.orphan for leaf in line.leaves)
    ):
        return result
    copy = Line(line.depth, line.inside_brackets)
    copy.should_split_rhs = line.should_split_rhs
    copy.magic_trailing_comma = line.magic_trailing_comma
    for old in line.leaves:
        new = Leaf(old.type, old.value, old.prefix if copy.leaves else "", old.role)
        new.annotation, new.index = old.annotation, old.index
        copy.append(new)
    second = _run_transformer(copy, transform, True, line_str)
    if all(_short(x) for x in second):
        result = second
    return result


def _delimiter_split(line: Line, force_parens: bool) -> Iterator[Line]:
    if not line.leaves:
        raise CannotSplit
    last = line.leaves[-1]
    bt = line.bt
    try:
        priority = bt.max_priority({id(last)})
    except ValueError:
        raise CannotSplit from None
    if priority == DOT_PRIORITY and bt.count(priority) == 1:
        raise CannotSplit
    current = Line(line.depth, line.inside_brackets)
    for leaf in line.leaves:
        current.append(leaf, preformatted=True)
        if bt.delimiters.get(id(leaf)) == priority:
            current.leaves[0].prefix = ""
            yield current
            current = Line(line.depth, line.inside_brackets)
    if current:
        if priority == COMMA_PRIORITY and current.leaves[-1].type != ",":
            current.append(Leaf(",", ",", orphan=True))
        current.leaves[0].prefix = ""
        yield current


def _left_hand_split(line: Line, force_parens: bool) -> Iterator[Line]:
    for leaf_type in ("(", "["):
        tail: list[Leaf] = []
        body: list[Leaf] = []
        head: list[Leaf] = []
        current = head
        matching: Leaf | None = None
        for leaf in line.leaves:
            if current is body and leaf.type in _CLOSING and leaf.opening_bracket is matching and matching is not None:
                _ensure_visible(leaf)
                _ensure_visible(matching)
                current = tail if body else head
            current.append(leaf)
            if current is head and leaf.type == leaf_type:
                matching = leaf
                current = body
        if matching and tail:
            break
    if not matching or not tail:
        raise CannotSplit
    lines = (
        _build_line(head, line, matching, "head"),
        _build_line(body, line, matching, "body"),
        _build_line(tail, line, matching, "tail"),
    )
    _succeeded_or_raise(*lines)
    yield from (x for x in lines if x)


def _rhs(line: Line, force_parens: bool) -> Iterator[Line]:
    """black's right_hand_split_with_omits."""
    first_lines: list[Line] | None = None
    prefix_lengths: dict[int, tuple[int, int]] = {}  # leaf -> (the length before it, its place)
    length = 4 * line.depth
    for at, leaf in enumerate(line.leaves):
        prefix_lengths[id(leaf)] = (length, at)
        length += len(leaf.prefix) + len(leaf.value)
    for omit in _trailers_to_omit(line):
        if omit:
            target: Leaf | None = None
            for leaf in reversed(line.leaves):
                if leaf.type in _CLOSING and id(leaf) not in omit:
                    target = leaf.opening_bracket
                    break
            if target is not None and target.value and id(target) in prefix_lengths:
                before, at = prefix_lengths[id(target)]
                if not _within(before, line.leaves, LINE_LENGTH, 0, at):
                    continue
        lines = list(_right_hand_split(line, force_parens, omit))
        if first_lines is None and not omit:
            first_lines = lines
        if _short(lines[0]):
            yield from lines
            return
    if first_lines is not None:
        yield from first_lines
    else:
        yield from _right_hand_split(line, force_parens, ())


def _right_hand_split(line: Line, force_parens: bool, omit: set[int] | tuple[()]) -> Iterator[Line]:
    rhs = _first_right_hand_split(line, omit)
    yield from _maybe_split_omitting_optional_parens(rhs, line, force_parens, omit)


class RHS:
    def __init__(self, head: Line, body: Line, tail: Line, opening: Leaf, closing: Leaf) -> None:
        self.head, self.body, self.tail, self.opening, self.closing = head, body, tail, opening, closing


def _first_right_hand_split(line: Line, omit: set[int] | tuple[()] = ()) -> RHS:
    tail: list[Leaf] = []
    body: list[Leaf] = []
    head: list[Leaf] = []
    current = tail
    opening: Leaf | None = None
    closing: Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body and leaf is opening:
            current = head if body else tail
        current.append(leaf)
        if current is tail and leaf.type in _CLOSING and id(leaf) not in omit:
            opening = leaf.opening_bracket
            closing = leaf
            current = body
    if not (opening and closing and head):
        raise CannotSplit("no brackets")
    tail.reverse()
    body.reverse()
    head.reverse()
    result = RHS(
        _build_line(head, line, opening, "head"),
        _build_line(body, line, opening, "body"),
        _build_line(tail, line, opening, "tail"),
        opening,
        closing,
    )
    _succeeded_or_raise(result.head, result.body, result.tail)
    return result


def _maybe_split_omitting_optional_parens(rhs: RHS, line: Line, force_parens: bool, omit: set[int] | tuple[()]) -> Iterator[Line]:
    if (
        not force_parens
        and rhs.opening.type == "("
        and not rhs.opening.value
        and rhs.closing.type == ")"
        and not rhs.closing.value
        and _can_omit_invisible_parens(rhs)
    ):
        omit = {id(rhs.closing), *omit}
        try:
            rhs_oop = _first_right_hand_split(line, omit)
            if _prefer_split_rhs_oop_over_rhs(rhs_oop, rhs):
                yield from _maybe_split_omitting_optional_parens(rhs_oop, line, force_parens, omit)
                return
        except CannotSplit as e:
            if _chained_assignment(line):
                pass
            elif not _can_be_split(rhs.body) and not _short(rhs.body):
                raise CannotSplit("body too long") from e
    _ensure_visible(rhs.opening)
    _ensure_visible(rhs.closing)
    for result in (rhs.head, rhs.body, rhs.tail):
        if result:
            yield result


def _chained_assignment(line: Line) -> bool:
    return [leaf.type for leaf in line.leaves].count("=") > 1  # keyword `=` too, as black counts


def _prefer_split_rhs_oop_over_rhs(rhs_oop: RHS, rhs: RHS) -> bool:
    if not (len(rhs.head.leaves) >= 2 and rhs.head.leaves[-2].type == "="):
        return True
    if not any(leaf.type in _OPENING or leaf.type in _CLOSING for leaf in rhs.head.leaves[:-1]):
        return True
    if not _within(len(str(rhs.head)), rhs.head.leaves, LINE_LENGTH - 1):
        return True
    if rhs.head.magic_trailing_comma is not None:
        return True
    head_equals = [leaf.type for leaf in rhs.head.leaves].count("=")
    oop_equals = [leaf.type for leaf in rhs_oop.head.leaves].count("=")
    if head_equals > 1 and head_equals > oop_equals:
        return False
    closing_after_assign = False
    for leaf in reversed(rhs_oop.head.leaves):
        if leaf.type == "=":
            break
        if leaf.type in _CLOSING:
            closing_after_assign = True
            break
    return closing_after_assign or (any(leaf.type == "=" for leaf in rhs_oop.head.leaves) and _short(rhs_oop.head))


def _can_omit_invisible_parens(rhs: RHS) -> bool:
    line = rhs.body
    bt = line.bt
    if not bt.delimiters:
        return True
    max_priority = bt.max_priority()
    count = bt.count(max_priority)
    if count > 1:
        return False
    if max_priority == DOT_PRIORITY:
        return True
    first, second = line.leaves[0], line.leaves[1]
    if first.type in _OPENING and second.type not in _CLOSING:
        if _can_omit_opening_paren(line, first):
            return True
    penultimate, last = line.leaves[-2], line.leaves[-1]
    if last.type in (")", "}") or (last.type == "]" and last.role != "trailer"):
        if penultimate.type in _OPENING:
            return False
        if _can_omit_closing_paren(line, last):
            return True
    return False


def _can_omit_opening_paren(line: Line, first: Leaf) -> bool:
    remainder = False
    length = 4 * line.depth
    counted: list[Leaf] = []  # (while a layout is traced)
    index = -1
    for index, leaf in enumerate(line.leaves):
        if leaf.type in _CLOSING and leaf.opening_bracket is first:
            remainder = True
        if remainder:
            length += len(leaf.prefix) + len(leaf.value)
            if _trace is not None:
                counted.append(leaf)
            if not _within(length, counted, LINE_LENGTH):
                break
            if leaf.type in _OPENING:
                remainder = False
    else:
        if len(line.leaves) == index + 1:
            return True
    return False


def _can_omit_closing_paren(line: Line, last: Leaf) -> bool:
    length = 4 * line.depth
    seen_other_brackets = False
    for at, leaf in enumerate(line.leaves):
        length += len(leaf.prefix) + len(leaf.value)
        if leaf is last.opening_bracket:
            if seen_other_brackets or _within(length, line.leaves, LINE_LENGTH, 0, at + 1):
                return True
        elif leaf.type in _OPENING:
            seen_other_brackets = True
    return False


def _can_be_split(line: Line) -> bool:
    leaves = line.leaves
    if len(leaves) < 2:
        return False
    if leaves[0].type == "STRING" and leaves[1].type == ".":
        calls = dots = 0
        following = leaves[-1]  # black's loop compares with the last leaf throughout: so here
        for leaf in leaves[-2::-1]:
            if leaf.type in _OPENING:
                if following.type not in _CLOSING:
                    return False
                calls += 1
            elif leaf.type == ".":
                dots += 1
            elif leaf.type == "NAME":
                if not (following.type == "." or following.type in _OPENING):
                    return False
            elif leaf.type not in _CLOSING:
                return False
            if dots > 1 and calls > 1:
                return False
    return True


def _succeeded_or_raise(head: Line, body: Line, tail: Line) -> None:
    tail_len = len(str(tail).strip())
    if not body:
        if _within(tail_len, tail.leaves, 0):
            raise CannotSplit("same line")
        if _within(tail_len, tail.leaves, 2):
            raise CannotSplit("not worth it")


def _build_line(leaves: list[Leaf], original: Line, opening: Leaf, component: str) -> Line:
    result = Line(original.depth)
    if component == "body":
        result.inside_brackets = True
        result.depth += 1
        if _ensure_trailing_comma(leaves, original, opening):
            for i in range(len(leaves) - 1, -1, -1):
                if leaves[i].type != ",":
                    leaves.insert(i + 1, Leaf(",", ",", orphan=True))
                break
    track = _inside_matching_brackets(leaves) if component == "head" else set()
    for leaf in leaves:
        result.append(leaf, preformatted=True, track_bracket=id(leaf) in track)
    if component == "body" and _should_split_line(result, opening):
        result.should_split_rhs = True
    return result


def _ensure_trailing_comma(leaves: list[Leaf], original: Line, opening: Leaf) -> bool:
    if not leaves or not original.is_def or opening.value != "(":
        return False
    if any(leaf.type == "," and not leaf.annotation for leaf in leaves):
        return False
    first = next((leaf for leaf in leaves if not leaf.orphan), None)
    if first is None:
        return True
    return first.annotation != "return"


def _inside_matching_brackets(leaves: list[Leaf]) -> set[int]:
    ids: set[int] = set()
    stack: list[tuple[str, list[int]]] = []
    started = False
    for leaf in leaves:
        if leaf.type in _OPENING:
            started = True
            stack.append((_OPENING[leaf.type], [id(leaf)]))
        elif not started:
            continue
        elif leaf.type in _CLOSING:
            if stack and leaf.type == stack[-1][0]:
                _, level = stack.pop()
                level.append(id(leaf))
                ids.update(level)
        elif stack:
            stack[-1][1].append(id(leaf))
    return ids


def _should_split_line(line: Line, opening: Leaf) -> bool:
    if not (opening.value in "[{(" and not opening.orphan):
        return False
    exclude: set[int] = set()
    trailing_comma = False
    try:
        last = line.leaves[-1]
        if last.type == ",":
            trailing_comma = True
            exclude.add(id(last))
        max_priority = line.bt.max_priority(exclude)
    except (IndexError, ValueError):
        return False
    return max_priority == COMMA_PRIORITY and (trailing_comma or opening.role in ("atom", "invisible"))


def _ensure_visible(leaf: Leaf) -> None:
    if leaf.type == "(":
        leaf.value = "("
    elif leaf.type == ")":
        leaf.value = ")"


def _trailers_to_omit(line: Line) -> Iterator[set[int]]:
    omit: set[int] = set()
    if not line.magic_trailing_comma:
        yield omit
    length = 4 * line.depth
    opening: Leaf | None = None
    closing: Leaf | None = None
    inner: set[int] = set()
    leaves = line.leaves
    for index in range(len(leaves) - 1, -1, -1):
        leaf = leaves[index]
        length += len(leaf.prefix) + len(leaf.value)
        if not _within(length, leaves, LINE_LENGTH, index):
            break
        if opening:
            if leaf is opening:
                opening = None
            elif leaf.type in _CLOSING:
                prev = leaves[index - 1] if index > 0 else None
                if prev and prev.type == "," and leaf.opening_bracket is not None and not _one_sequence_between(leaf.opening_bracket, leaf, leaves):
                    break
                inner.add(id(leaf))
        elif leaf.type in _CLOSING:
            prev = leaves[index - 1] if index > 0 else None
            if prev and prev.type in _OPENING:
                inner.add(id(leaf))
                continue
            if closing:
                omit.add(id(closing))
                omit.update(inner)
                inner.clear()
                yield omit
            if prev and prev.type == "," and leaf.opening_bracket is not None and not _one_sequence_between(leaf.opening_bracket, leaf, leaves):
                break
            if leaf.value:
                opening = leaf.opening_bracket
                closing = leaf


# -- from text to black's first line ---------------------------------------------------------


def _lexed(text: str) -> list[tuple[str, str, str]] | None:
    """(kind, value, spacing before it) of each token, or None outside the grammar."""
    if not text.isascii() or "#" in text and has_comment(text):
        return None
    out: list[tuple[str, str, str]] = []
    covered = 0
    for ws, string, number, name, op in _TOKEN.findall(text):  # (every token is at least a character)
        if string:
            bare = string.lstrip("rb")
            if bare.startswith('"""') or not ws and out and out[-1][0] == "NAME":
                return None  # a triple-quoted string, or an f-string's prefix read as a name
            if bare.startswith("'") and not _keeps_single_quotes(bare[1:-1]):
                return None  # black would change its quotes
            out.append(("STRING", string, ws))
        elif number:
            out.append(("NUMBER", number, ws))
        elif name:
            if name in _KEYWORDS and name not in _ALLOWED_KEYWORDS:
                return None
            out.append(("NAME", name, ws))
        else:
            out.append((op, op, ws))
        covered += len(ws) + len(out[-1][1])
    return out if covered == len(text) else None  # else something between tokens is outside the grammar


def _keeps_single_quotes(body: str) -> bool:
    """Does black leave this single-quoted string as it is (double quotes would take more
    backslashes)? Only said for bodies without a backslash before a double quote."""
    return '\\"' not in body and body.count('"') > body.count("\\'")


def has_comment(text: str) -> bool:
    """Whether a line holds a comment: a `#` outside its strings."""
    quote = ""
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return True
    return False


def _statement_line(leaves: list[Leaf], depth: int) -> Line | None:
    """black's Line for one statement (its invisible parentheses in place), or None."""
    if not leaves or leaves[0].value in _SOFT_KEYWORDS and len(leaves) > 1 and leaves[1].type in ("NAME", "STRING"):
        return None
    if not _roles(leaves):
        return None
    wrapped = _with_invisible_parens(leaves)
    if wrapped is None:
        return None
    ordered = _ternary_parens(wrapped)
    if ordered is None:
        return None
    line = Line(depth)
    ordered[0].prefix = ""
    try:
        for leaf in ordered:
            line.append(leaf)
    except CannotSplit:
        return None
    if line.bt.depth != 0:
        return None
    return line


def _roles(leaves: list[Leaf]) -> bool:
    """Bracket roles (call or subscript, literal, parameters, bases), binary or unary
    operators, commas of an argument list; False for what the grammar leaves out."""
    stack: list[Leaf] = []
    previous: Leaf | None = None
    for i, leaf in enumerate(leaves):
        kind = leaf.type
        if kind in _OPENING:
            if previous is not None and previous.type == "NAME" and i >= 2 and leaves[i - 2].value == "def" and not stack:
                leaf.role = "params" if kind == "(" else ""
                if not leaf.role:
                    return False
            elif previous is not None and previous.type == "NAME" and i >= 2 and leaves[i - 2].value == "class" and not stack:
                leaf.role = "classdef"
            elif previous is not None and (
                (previous.type == "NAME" and previous.value not in _KEYWORDS) or previous.type in _CLOSING or previous.type == "STRING"
            ):
                leaf.role = "trailer"
            else:
                leaf.role = "atom"
            stack.append(leaf)
        elif kind in _CLOSING:
            if not stack or stack[-1].type != _CLOSING[kind]:
                return False
            leaf.role = stack.pop().role
        elif kind in _MATH:
            binary = previous is not None and (
                previous.type in ("STRING", "NUMBER")
                or previous.type == "NAME" and (previous.value not in _KEYWORDS or previous.value in _CONSTANTS)
                or previous.type in _CLOSING
            )
            if not binary and kind == "|":
                return False
            leaf.role = "binary" if binary else "unary"
        elif kind == ",":
            leaf.role = "arglist" if stack and stack[-1].type == "(" and stack[-1].role in ("trailer", "params", "classdef") else ""
        elif kind == "STRING" and previous is not None and previous.type == "STRING":
            return False  # implicit concatenation: black's STRING_PRIORITY, not ported
        elif kind == "NAME" and leaf.value in ("if", "else") and i != 0:
            if leaves[0].value in ("if", "elif", "while"):
                return False  # a conditional expression in a condition: not ported
            leaf.role = "ternary"
        elif kind == "NAME" and leaf.value in ("def", "class", "async", "return", "assert", "elif", "while", "raise") and i != 0:
            if not (leaf.value == "def" and i == 1 and leaves[0].value == "async"):
                return False
        elif kind == "NAME" and leaf.value == "else":
            return False
        previous = leaf
    return not stack


def _ternary_parens(leaves: list[Leaf]) -> list[Leaf] | None:
    """black's visit_test: invisible parentheses around each conditional expression that
    does not follow an opening one. Nested conditional expressions are not ported."""
    ifs = [i for i, leaf in enumerate(leaves) if leaf.role == "ternary" and leaf.value == "if"]
    for at in reversed(ifs):  # from the right: wrapping shifts only what follows
        start, before = _edge(leaves, at, -1, (",", ":", "=", "->"))
        last, after = _edge(leaves, at, 1, (",", ":", "="))
        end = last + 1
        if before or [leaf.value for leaf in after] != ["else"] or start == at:
            return None
        if start > 0 and leaves[start - 1].type == "(":
            continue  # already in parentheses, visible or not
        leaves = _wrap(leaves, start, end)
    return leaves


_STARTS = {"return", "assert", "raise"}  # keywords a statement's expression follows


def _edge(leaves: list[Leaf], at: int, step: int, stops: tuple[str, ...]) -> tuple[int, list[Leaf]]:
    """Walking from leaves[at] by `step` (-1, 1): the index of the expression's last leaf
    that way (before a stop, a statement keyword or the bracket around it), and the
    conditional-expression keywords met on its level."""
    into, out_of = (_CLOSING, _OPENING) if step < 0 else (_OPENING, _CLOSING)
    depth = 0
    i = at
    met: list[Leaf] = []
    while 0 <= i + step < len(leaves):
        leaf = leaves[i + step]
        if leaf.type in into:
            depth += 1
        elif leaf.type in out_of:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (leaf.type in stops or leaf.value in _STARTS):
            break
        elif depth == 0 and leaf.role == "ternary":
            met.append(leaf)
        i += step
    return i, met


def _wrap(leaves: list[Leaf], start: int, end: int) -> list[Leaf]:
    """leaves[start:end] in invisible parentheses (black's wrap_in_parentheses)."""
    if start >= end:
        return leaves
    first = leaves[start]
    lpar = Leaf("(", "", first.prefix, "invisible")
    rpar = Leaf(")", "", "", "invisible")
    first.prefix = ""
    return [*leaves[:start], lpar, *leaves[start:end], rpar, *leaves[end:]]


def _depth0(leaves: list[Leaf]) -> list[int]:
    """Indices of the leaves outside any bracket."""
    out: list[int] = []
    depth = 0
    for i, leaf in enumerate(leaves):
        if leaf.type in _CLOSING:
            depth -= 1
        if depth == 0:
            out.append(i)
        if leaf.type in _OPENING:
            depth += 1
    return out


def _outside(leaves: list[Leaf], start: int, end: int) -> list[int]:
    """Indices of leaves[start:end] outside the brackets opened there."""
    return [start + i for i in _depth0(leaves[start:end])]


def _parenthesized(leaves: list[Leaf], start: int, end: int) -> bool:
    """Is leaves[start:end] one atom in parentheses (black would make them invisible)?"""
    return end - start >= 2 and leaves[start].type == "(" and _closing(leaves, start) == end - 1


def _closing(leaves: list[Leaf], start: int) -> int:
    """The index of the bracket that closes the one at `start` (-1: none)."""
    depth = 0
    for i in range(start, len(leaves)):
        if leaves[i].type in _OPENING:
            depth += 1
        elif leaves[i].type in _CLOSING:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _with_invisible_parens(leaves: list[Leaf]) -> list[Leaf] | None:
    """black's normalize_invisible_parens and visit_tname / visit_funcdef, for our statements."""
    top = _depth0(leaves)
    top_types = [leaves[i].type for i in top]
    first = leaves[0]
    if first.type == "STRING":
        return None  # a docstring to black
    if first.value in ("def", "async"):
        return _def_parens(leaves)
    if first.value == "class":
        return leaves if top_types.count(":") == 1 and leaves[-1].type == ":" else None
    if first.value in ("if", "elif", "while"):
        if leaves[-1].type != ":" or top_types.count(":") != 1:
            return None
        return _wrap_child(leaves, 1, len(leaves) - 1)
    if "," in top_types and first.value != "assert":
        return None  # a tuple at statement level
    if first.value == "return":
        return _wrap_child(leaves, 1, len(leaves))
    if first.value == "assert":
        commas = [i for i in top if leaves[i].type == ","]
        if len(commas) > 1:
            return None
        if commas:
            wrapped = _wrap_child(leaves, commas[0] + 1, len(leaves))
            return None if wrapped is None else _wrap_child(wrapped, 1, commas[0])
        return _wrap_child(leaves, 1, len(leaves))
    equals = [i for i in top if leaves[i].type == "="]
    colons = [i for i in top if leaves[i].type == ":"]
    if len(equals) > 1 or len(colons) > 1 or "->" in top_types or "..." in top_types:
        return None
    if any(leaves[i].type in _MATH and leaves[i].role == "binary" for i in top):
        if not equals and not colons:
            return None  # an arithmetic expression statement: black wraps it, not ported
    if leaves[0].type == "(":
        return None
    if colons and equals and colons[0] > equals[0]:
        return None
    if equals:
        wrapped = _wrap_child(leaves, equals[0] + 1, len(leaves))
        if wrapped is None or not colons:
            return wrapped
        return _wrap_child(wrapped, colons[0] + 1, equals[0])
    if colons:
        return _wrap_child(leaves, colons[0] + 1, len(leaves))
    return leaves


def _wrap_child(leaves: list[Leaf], start: int, end: int) -> list[Leaf] | None:
    if _parenthesized(leaves, start, end):
        return None
    return _wrap(leaves, start, end)


def _def_parens(leaves: list[Leaf]) -> list[Leaf] | None:
    """Annotations of a `def`: a union in a parameter's annotation and the return
    annotation get invisible parentheses; their leaves are marked as annotations."""
    start = 2 if leaves[0].value == "def" else 3
    if len(leaves) <= start or leaves[start].type != "(" or leaves[start].role != "params":
        return None
    close = _closing(leaves, start)
    if close < 0:
        return None
    rest = leaves[close + 1 :]
    # the parameters, each `name[: annotation][= default]`, split at commas of depth 1
    commas = [i for i in _outside(leaves, start + 1, close) if leaves[i].type == ","]
    params = [(begin, end) for begin, end in zip([start + 1, *(i + 1 for i in commas)], [*commas, close]) if begin < end]
    wraps: list[tuple[int, int]] = []
    for begin, end in params:
        if leaves[begin].type != "NAME":
            return None
        if end - begin >= 2 and leaves[begin + 1].type == ":":
            stop = next((i for i in _outside(leaves, begin + 2, end) if leaves[i].type == "="), end)
            for leaf in leaves[begin + 2 : stop]:
                leaf.annotation = "param"
            union = any(leaves[i].type == "|" for i in _outside(leaves, begin + 2, stop))
            if _parenthesized(leaves, begin + 2, stop):
                return None
            if union:
                wraps.append((begin + 2, stop))
        elif end - begin >= 2 and leaves[begin + 1].type != "=":
            return None
    # `) -> annotation:` or `):` or `): ...`
    tail_kinds = [leaf.type for leaf in rest]
    if tail_kinds and tail_kinds[0] == "->":
        colon = len(rest) - 1 if tail_kinds[-1] == ":" else len(rest) - 2 if tail_kinds[-2:] == [":", "..."] else -1
        if colon < 2:
            return None
        if _parenthesized(rest, 1, colon):
            return None
        returned = rest[1:colon]
        if returned[0].type == "STRING" or any(a.type == "," and b.type in _CLOSING for a, b in zip(returned, returned[1:])):
            return None  # black splits such a def at its return type first: not ported
        for leaf in returned:
            leaf.annotation = "return"
        wraps.append((close + 2, close + 1 + colon))
    elif tail_kinds not in ([":"], [":", "..."]):
        return None
    for begin, end in sorted(wraps, reverse=True):
        leaves = _wrap(leaves, begin, end)
    return leaves


@functools.cache
def black_version() -> str:
    """The installed black's version, without importing black (the cost this port saves) or
    importlib.metadata (25 ms of every run): from the module black's `__version__` reads."""
    try:
        return str(importlib.import_module("_black_version").version)
    except (ImportError, AttributeError):  # (a black packaged some other way)
        from importlib.metadata import version as installed

        return installed("black")


@functools.cache
def ported() -> bool:
    """Is the installed black one whose style this port follows?"""
    return black_version().split(".")[0] in BLACK_YEARS


def split(text: str, depth: int) -> list[str] | None:
    """black's lines for the statement `text` (one line, at `depth` blocks), or None.

    The split depends on the tokens' kinds, spacing and lengths, not on which names and
    literals they are (keywords aside): statements of one shape share a layout, made once
    and filled in with each statement's own tokens. The lengths count only through the
    comparisons the split makes (`_within`), so a layout serves every statement of its
    shape for which they come out the same (`_shaped`): Microsoft Graph's 82,000 long
    statements take 599 layouts, not 37,000."""
    if not ported():
        return None
    lexed = _lexed(text)
    if lexed is None:
        return None
    key = (depth, *[ws + (value if kind not in _FILLED or value in _KEPT else f"{kind} {len(value)}") for kind, value, ws in lexed])
    layout = _LAYOUTS.get(key, _UNKNOWN)
    if layout is _UNKNOWN:
        layout = _LAYOUTS[key] = _shaped(lexed, depth)
    if layout is None:
        return None
    values = [value for _, value, _ in lexed]
    # (filled in one call: each line given every token was quadratic in a statement's
    # tokens, 16 s for an enum of 50,000 values; a token with a line break in it, if any,
    # leaves the lines to be filled one by one)
    lines = "\n".join(layout).format(*values).split("\n")
    return lines if len(lines) == len(layout) else [line.format(*values) for line in layout]


_FILLED = {"NAME", "STRING", "NUMBER"}  # tokens a layout takes from each statement
_KEPT = _KEYWORDS | _SOFT_KEYWORDS  # names the split looks at
Layout = list[str]  # each line, for str.format: its text, and `{i}` for the statement's token i
_LAYOUTS: dict[tuple[object, ...], Layout | None] = {}
_UNKNOWN: Layout = []
# A shape (the key without the filled tokens' lengths) -> the layouts made for it, each with
# the comparisons it made: most statements of a shape differ in lengths that no comparison
# tells apart (Microsoft Graph's 37,000 distinct long statements are 336 shapes).
_SHAPES: dict[tuple[object, ...], list[tuple[tuple[Comparison, ...], Layout | None]]] = {}


def _shaped(lexed: list[tuple[str, str, str]], depth: int) -> Layout | None:
    """The layout of a statement of this shape whose comparisons come out the same with
    this statement's lengths (then every step of the split does: a length enters it only
    through `_within`), else a new one, traced."""
    global _trace
    shape = (depth, *(ws + (value if kind not in _FILLED or value in _KEPT else kind) for kind, value, ws in lexed))
    lengths = [len(value) for _, value, _ in lexed]
    made = _SHAPES.setdefault(shape, [])
    for comparisons, layout in made:
        if all((rest + sum([lengths[i] for i in counted]) <= limit) is fits for counted, rest, limit, fits in comparisons):
            return layout
    _trace = []
    try:
        layout = _layout([Leaf(kind, value, ws) for kind, value, ws in lexed], depth)
        comparisons = tuple(dict.fromkeys(_trace))
    finally:
        _trace = None
    made.append((comparisons, layout))
    return layout


def _layout(leaves: list[Leaf], depth: int) -> Layout | None:
    for i, leaf in enumerate(leaves):
        leaf.index = i
    line = _statement_line(leaves, depth)
    if line is None:
        return None
    try:
        lines = transform_line(line)
    except (CannotSplit, RecursionError, IndexError, ValueError):
        return None
    layout: Layout = []
    for x in lines:
        pieces = [x.leaves[0].prefix + "    " * x.depth] if x.leaves else ["\n"]
        for k, leaf in enumerate(x.leaves):
            if k:
                pieces.append(leaf.prefix)
            pieces.append(f"{{{leaf.index}}}" if leaf.index >= 0 and leaf.type in _FILLED else leaf.value.replace("{", "{{").replace("}", "}}"))
        layout.append("".join(pieces))
    return layout

