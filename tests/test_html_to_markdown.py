"""HTML in descriptions read as Markdown (generator/ir/html_to_markdown.py): each case is the
description as a document writes it and the text its docstring shows."""

from __future__ import annotations

import pytest

from generator.ir.html_to_markdown import doc_text, markdown

CASES = [
    pytest.param(
        '<p>Describes the instances.</p> <p>With <code>InstanceId</code>, see <a href="https://docs.aws.amazon.com/x.html">the guide</a>.</p>',
        "Describes the instances.\n\nWith `InstanceId`, see [the guide](https://docs.aws.amazon.com/x.html).",
        id="aws paragraphs, code and a link",
    ),
    pytest.param(
        "<p>Filters:</p> <ul> <li> <p> <code>affinity</code> - The affinity.</p> </li> <li> <p>arch</p> <ul><li>nested</li></ul></li> </ul>"
        " <note> <p>You can't do it.</p> </note> <important><p>Really.</p></important>",
        "Filters:\n\n- `affinity` - The affinity.\n- arch\n  - nested\n\nNote: You can't do it.\n\nImportant: Really.",
        id="a tight list whose items hold paragraphs, nested, then AWS's labels",
    ),
    pytest.param("<ol><li>one</li><li>two<p>more</p></li></ol>", "1. one\n2. two\n\n   more", id="numbered, a second paragraph under its item"),
    pytest.param(
        "Use `<br>` here\n\n```\n<p>x</p> &amp;\n```\nSend `Bearer <token>` or <token> &amp; <Code>X</Code>",
        "Use `<br>` here\n\n```\n<p>x</p> &amp;\n```\nSend `Bearer <token>` or <token> & <Code>X</Code>",
        id="markdown's code kept, a placeholder and an upper-case tag kept",
    ),
    pytest.param("Line one<br>line two<br/><br>para", "Line one\nline two\n\npara", id="line breaks, two a paragraph"),
    pytest.param("<fullname>Amazon EC2</fullname> <p>Hello</p>", "Amazon EC2\n\nHello", id="aws fullname"),
    pytest.param("<note>no close, so a placeholder", "<note>no close, so a placeholder", id="an unclosed aws tag is text"),
    pytest.param("a=1&copy=2 and &copy; &#x41;&#66;", "a=1&copy=2 and © AB", id="entities need their semicolon"),
    pytest.param(
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        id="a table",
    ),
    pytest.param('<p>As JSON:</p><pre><code>{\n  "a": 1 &lt; 2\n}</code></pre>', 'As JSON:\n\n```\n{\n  "a": 1 < 2\n}\n```', id="pre as a fence"),
    pytest.param("<pre>\n    POST /a\n      {}\n</pre>", "```\nPOST /a\n  {}\n```", id="pre without the html's indent"),
    pytest.param("<h2>Title</h2><p>x</p><b>bold</b> <i>it</i><!-- hidden -->", "## Title\n\nx\n\n**bold** *it*", id="heading, emphasis, comment"),
    pytest.param(
        "<a href='https://x.y/?a=1&amp;b=2'>x</a> <a href=\"/rel\">rel</a> <a>n</a> <a href=\"https://x.y/(a)\">p</a>",
        "[x](https://x.y/?a=1&b=2) rel n p (https://x.y/(a))",
        id="links: absolute kept, relative as text",
    ),
    pytest.param("<dl><dt>term</dt><dd>definition</dd></dl>", "- term\n  definition", id="a definition list"),
    pytest.param("<p>Keeps\n   the words,\n\tnot the lines</p>", "Keeps the words, not the lines", id="whitespace in html is one space"),
    pytest.param("Markdown *text*\n\n- item\n  - nested <b>bold</b>\n", "Markdown *text*\n\n- item\n  - nested **bold**", id="markdown around inline html keeps its lines"),
    pytest.param(
        '<div class="api">\r\n    <h2>Keys</h2>\r\n\r\n    <p>\r\n        Send one.\r\n    </p>\r\n    <ul>\r\n        <li>a</li>\r\n    </ul>\r\n</div>',
        "## Keys\n\nSend one.\n\n- a",
        id="an html block's own indentation, after a blank line too, is no code",
    ),
]


@pytest.mark.parametrize(("html", "expected"), CASES)
def test_html_is_read_as_markdown(html: str, expected: str) -> None:
    assert markdown(html).strip() == expected


@pytest.mark.parametrize("text", ["Plain text, a < b and c > d.", "Bearer <token>", "  Markdown\n\n    code <p>\n"])
def test_text_without_html_of_text_layout_is_returned_as_it_is(text: str) -> None:
    assert markdown(text) is text


def test_a_description_of_only_tags_is_none() -> None:
    assert doc_text("<p> </p>") is None
    assert doc_text({"a": "mapping"}) is None
    assert doc_text("  <b>x</b> ") == "**x**"
