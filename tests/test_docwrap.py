"""generator/docwrap.py: long docstring lines broken as a person wraps Markdown."""

from __future__ import annotations

from generator.docwrap import wrap
from generator.quoting import docstring

WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi"


def test_a_paragraph_with_a_long_line_is_wrapped_again_and_one_that_fits_stays() -> None:
    lines = wrap([WORDS, "short", "", "fits", "as written"], 40, 36)
    assert all(len(line) <= 40 for line in lines) and len(lines[0]) <= 36
    assert lines[-3:] == ["", "fits", "as written"]  # the author's lines, as they fit
    # "short" joins the wrapped paragraph rather than following a line of one or two words
    assert " ".join(lines[: lines.index("")]).split() == [*WORDS.split(), "short"]
    assert all(len(line) > 20 for line in lines[: lines.index("") - 1])


def test_no_word_is_left_alone_between_an_entry_and_its_next_line() -> None:
    # An `Args:` entry's prefix pushes the author's first line over: the rest reflows.
    source = "Set of 16 key-value pairs that can be attached to an object. This can be"
    lines = wrap(["Args:", "  metadata: " + source, "    useful for storing information.", "  other: x"], 78, 78)
    assert lines == [
        "Args:",
        "  metadata: Set of 16 key-value pairs that can be attached to an object. This",
        "    can be useful for storing information.",
        "  other: x",
    ]


def test_hard_breaks_and_list_items_end_a_paragraph() -> None:
    lines = wrap([WORDS + "\\", "next", "- item", "- " + WORDS], 40, 40)
    assert "next" in lines and "- item" in lines


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


def test_no_line_is_wrapped_to_start_with_what_makes_a_block() -> None:
    """A break before `-` would make a list item of the rest (and `#` a heading, `1.` a
    numbered item, `---` the line before a heading): the word before goes down with it."""
    for marker in ("-", "#", "1.", "---", "|", ">"):
        text = f"alpha beta gamma delta epsilon {marker} zeta eta"
        lines = wrap([text], 30, 30)
        assert all(not line.startswith(f"{marker} ") for line in lines[1:]), lines
        assert " ".join(lines).split() == text.split() and all(len(line) <= 30 for line in lines)
    # (the word that would go down is a list item's first: it stays, no bullet alone)
    assert wrap(["- alphabetagammadelta - zeta"], 22, 22)[0] == "- alphabetagammadelta"
