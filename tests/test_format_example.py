"""Strings of a format (generator/ir/format_example.py): the value made for each format is
one, and a document's example that is not (which Prism refuses) is told apart."""

from __future__ import annotations

import pytest

from generator.ir.format_example import MADE, is_of_format

# (format, strings of it, strings not of it), as ajv-formats (Prism's) tells them apart
CASES = [
    ("date", ["2024-02-29"], ["2023-02-29", "2024-13-01", "20240101", "TBD"]),
    ("time", ["00:00:00Z", "16:39:57-08:00", "23:59:60Z"], ["25:00:00", "noon"]),
    ("date-time", ["2024-01-01T00:00:00Z", "2024-01-01 00:00:00+01:00"], ["2024-02-30T00:00:00Z", "2024-01-01", "yesterday"]),
    ("duration", ["P1D", "PT1H30M", "P2W"], ["TBD", "P", "PT", "1D"]),
    ("uuid", ["123e4567-e89b-12d3-a456-426614174000"], ["4f4e4e1-c824-4d63-b37a-d8d698862f1d", "string"]),
    ("email", ["user@example.com"], ["mailto:a@b.c", "a@b", "string"]),
    ("hostname", ["example.com"], ["-bad.com", "a b"]),
    ("ipv4", ["127.0.0.1"], ["256.1.1.1", "::1"]),
    ("ipv6", ["::1", "1::2:3"], ["127.0.0.1", "string"]),
    ("uri", ["https://example.com/resource", "urn:x"], ["string", "/relative"]),
    ("url", ["https://example.com/resource"], ["urn:x", "string"]),
    ("byte", ["c3RyaW5n", "YQ=="], ["string", "abc"]),
    ("json-pointer", ["/a/b", ""], ["a/b"]),
    ("relative-json-pointer", ["0", "1/a", "0#"], ["/a"]),
]


@pytest.mark.parametrize(("format_", "good", "bad"), CASES, ids=[c[0] for c in CASES])
def test_strings_of_a_format_are_told_from_others(format_: str, good: list[str], bad: list[str]) -> None:
    assert [text for text in good if not is_of_format(text, format_)] == []
    assert [text for text in bad if is_of_format(text, format_)] == []


def test_the_value_made_for_each_format_is_of_it() -> None:
    assert {f: v for f, v in MADE.items() if not is_of_format(v, f)} == {}
    assert {f for f, _, _ in CASES} <= set(MADE)


def test_a_format_not_known_takes_any_string() -> None:
    assert is_of_format("anything", "google-datetime")
    assert is_of_format("anything", None)
