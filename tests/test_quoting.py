"""generator/quoting.py writes strings and docstrings as black would leave them, without
importing black (a tenth of a small run): held here to black's own functions."""

from __future__ import annotations

import random

import pytest
from black.strings import fix_multiline_docstring, normalize_string_quotes

from generator import quoting

PIECES = ["a", " ", "'", '"', "\\", "\\n", "\n", "\t", "é", "\x00", "\u2028", "''", '""', "\\'", '\\"', "{", "}"]


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8))) for _ in range(count)]


@pytest.mark.parametrize("seed", range(4))
def test_string_literals_take_blacks_quotes(seed: int) -> None:
    for text in _texts(500, seed):
        assert quoting.literal(text) == normalize_string_quotes(repr(text)), text
        data = text.encode("utf-8", "backslashreplace")
        assert quoting.literal(data) == normalize_string_quotes(repr(data)), data


DOCS = [
    "First line.\n\n    Indented block.\n  Less indented.\n",
    "Summary\n\tTabbed line\n\t\tTwo tabs\n",
    "  leading space\n    more\n\n\n  last",
    "one\ntwo\nthree",
    "x\n   \n      y\n",
]


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("indent", ["", "    ", "        "])
def test_docstrings_are_laid_out_as_black_lays_them_out(doc: str, indent: str) -> None:
    body = quoting.docstring_text(doc)
    assert "\n" in body
    assert quoting.docstring(doc, indent) == f'"""{fix_multiline_docstring(body, indent)}\n{indent}"""'


@pytest.mark.parametrize("length", range(76, 92))
def test_a_one_line_docstring_near_the_limit_is_what_black_leaves(length: int) -> None:
    """Black keeps a one-line docstring's closing quotes on its line, however long: text that
    fits only without them is wrapped instead, so that no line passes 88 columns."""
    import black

    from generator.format import mode

    for end in (".", '"'):  # a closing `"` takes a space before the quotes
        words = ("word " * 30)[: length - 1].rstrip() + end
        source = f"class A:\n    {quoting.docstring(words, '    ')}\n"
        assert black.format_str(source, mode=mode()) == source
        assert max(len(line) for line in source.split("\n")) <= 88
