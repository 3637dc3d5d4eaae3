"""generator/docwrap.py: long docstring lines broken as a person wraps Markdown."""

from __future__ import annotations

from generator.docwrap import wrap
from generator.quoting import docstring

WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi"


def test_a_long_line_breaks_at_spaces_and_short_ones_stay() -> None:
    lines = wrap([WORDS, "short", WORDS], 40, 36)
    assert all(len(line) <= 40 for line in lines) and len(lines[0]) <= 36
    assert "short" in lines and " ".join(lines).split() == [*WORDS.split(), "short", *WORDS.split()]


def test_code_spans_links_and_urls_stay_whole() -> None:
    line = "See `a code span with spaces` and [a link text](https://example.com/x) at https://example.com/" + "p" * 60
    lines = wrap([line], 30, 30)
    assert "`a code span with spaces`" in "\n".join(lines) and "[a link text](https://example.com/x)" in "\n".join(lines)
    assert any(piece.startswith("https://example.com/ppp") for piece in lines)  # longer than a line: alone


def test_list_items_and_args_entries_continue_under_their_text() -> None:
    lines = wrap(["- " + WORDS, "12. " + WORDS, "Args:", "  name: " + WORDS, "    - " + WORDS], 40, 40)
    assert lines[1].startswith("  ") and not lines[1].startswith("   ")
    numbered = lines.index(next(line for line in lines if line.startswith("12. ")))
    assert lines[numbered + 1].startswith("    ") and lines[numbered + 1][4] != " "
    entry = lines.index("  name: alpha beta gamma delta epsilon")
    assert lines[entry + 1].startswith("    ") and lines[entry + 1][4] != " "
    nested = next(i for i, line in enumerate(lines) if line.startswith("    - "))
    assert lines[nested + 1].startswith("      ") and lines[nested + 1][6] != " "


def test_code_tables_and_headings_stay_as_they_are() -> None:
    fence = ["```python", "x = " + WORDS, "```"]
    table = "| " + " | ".join(WORDS.split()) + " |"
    indented = ["", "    " + WORDS]
    heading = "## " + WORDS
    lines = [*fence, table, *indented, heading]
    assert wrap(lines, 40, 40) == lines


def test_a_docstring_fits_its_indent_and_quotes() -> None:
    text = docstring(WORDS + " " + WORDS, "        ")
    rows = text.split("\n")
    assert len(rows[0]) + 8 <= 88 and all(len(row) <= 88 for row in rows[1:])
    assert rows[-1] == '        """' and docstring("short", "    ") == '"""short"""'
    assert docstring('ends with a "quote"' + " x" * 33, "    ").endswith('"""')
