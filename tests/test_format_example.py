"""Strings of a format (generator/ir/format_example.py): the value made for each format is
one, and a document's example that is not (which Prism refuses) is told apart."""

from __future__ import annotations

import pytest

from generator.ir.format_example import MADE, is_of_format, made_within

# (format, strings of it, strings not of it), as ajv-formats (Prism's) tells them apart
CASES = [
    ("date", ["2024-02-29"], ["2023-02-29", "2024-13-01", "20240101", "TBD"]),
    ("time", ["00:00:00Z", "16:39:57-08:00", "23:59:60Z"], ["25:00:00", "noon", "12:00:60Z"]),
    ("date-time", ["2024-01-01T00:00:00Z", "2024-01-01 00:00:00+01:00"], ["2024-02-30T00:00:00Z", "2024-01-01", "yesterday"]),
    ("duration", ["P1D", "PT1H30M", "P2W"], ["TBD", "P", "PT", "1D"]),
    ("uuid", ["123e4567-e89b-12d3-a456-426614174000"], ["4f4e4e1-c824-4d63-b37a-d8d698862f1d", "string"]),
    ("email", ["user@example.com"], ["mailto:a@b.c", "a@b", "string"]),
    ("hostname", ["example.com"], ["-bad.com", "a b"]),
    ("ipv4", ["127.0.0.1"], ["256.1.1.1", "::1"]),
    ("ipv6", ["::1", "1::2:3"], ["127.0.0.1", "string", "fe80::1%eth0"]),
    ("uri", ["https://example.com/resource", "urn:x", "http://[::1]:80/a?b#c", "mailto:a@b.c"], ["string", "/relative", "https://example.com/{id}", "https://example.com/ä", "http://a b"]),
    ("url", ["https://example.com/resource", "http://8.8.8.8:80/a", "ftp://u:p@a.b.io"], ["urn:x", "string", "https://***", "http://10.0.0.1/", "https://localhost"]),
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


def test_a_value_of_a_format_is_made_to_the_length_its_schema_bounds() -> None:
    """unicourt bounds a `date-time` to exactly 25 characters (its own example has 24): the
    made one padded with x's was no date-time, and Prism refused every call with it. Where
    the format has a string of a length within the bounds, that is the value."""
    from generator.ir.examples import ExampleMaker
    from generator.ir.refs import RefResolver
    from generator.load import Document

    for format_ in ("date-time", "time", "email", "hostname", "uri", "url"):
        for low, high in ((25, 25), (30, None), (1, 30)):
            made = made_within(format_, low, high)
            if made is not None:
                assert is_of_format(made, format_) and low <= len(made) <= (high or len(made)), (format_, low, high, made)
    assert made_within("date-time", 25, 25) == "2024-01-01T00:00:00.0000Z"
    assert made_within("date-time", 21, 21) is None  # (no date-time has 21 characters)
    assert made_within("date", 0, None) == MADE["date"]
    maker = ExampleMaker(RefResolver(Document("spec.json", "", {})))
    bounded = {"type": "string", "format": "date-time", "minLength": 25, "maxLength": 25, "example": "2025-10-15T13:53:25.016Z"}
    assert maker.parameter_value(bounded, "/p", False, {"in": "query"}) == "2024-01-01T00:00:00.0000Z"
