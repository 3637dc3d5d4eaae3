"""Parameters on the wire (generator/runtime/_encoding.py): what no style of the document
may change of the URL, and models given where the signature takes `XParam | X`."""

from __future__ import annotations

import httpx2
import pytest

from generator.runtime._encoding import Styled, form_pairs, header_value, path_value
from generator.runtime._models import BaseModel
from generator.runtime._utils import path_param


class Key(BaseModel):
    a: str | None = None
    b: int | None = None


def test_a_path_value_that_would_be_a_dot_segment_stays_a_segment_of_its_own() -> None:
    """`..` in `/users/{id}/sessions` would send the request to `/sessions`."""
    assert path_value("..", "simple", False, "id") == "%2E%2E"
    assert path_value(".", "simple", False, "id") == "%2E"
    assert path_value(".", "label", False, "id") == "%2E%2E"  # (`..` else)
    assert path_value("a.b", "simple", False, "id") == "a.b"
    url = httpx2.URL(
        "http://h/users/" + path_value("..", "simple", False, "id") + "/sessions"
    )
    assert (
        url.path == "/users/../sessions" and url.raw_path == b"/users/%2E%2E/sessions"
    )


def test_a_reserved_path_value_keeps_its_slashes_but_cannot_end_the_path() -> None:
    """`allowReserved` (Azure's `x-ms-skip-url-encoding`): a piece of path. `?`, `#` and
    `%` still end nothing, nor does a segment `..` climb."""
    scope = "subscriptions/1/resourceGroups/my group"
    assert path_value(scope, "simple", False, "scope", reserved=True) == (
        "subscriptions/1/resourceGroups/my%20group"
    )
    assert path_value(scope, "simple", False, "scope") == (
        "subscriptions%2F1%2FresourceGroups%2Fmy%20group"
    )
    assert path_value("a/../b?c#d%e", "simple", False, "x", reserved=True) == (
        "a/%2E%2E/b%3Fc%23d%25e"
    )
    assert path_value("a:b@c", "simple", False, "x", reserved=True) == "a:b@c"


def test_a_reserved_path_value_that_starts_with_a_slash_makes_no_empty_segment() -> (
    None
):
    """Azure documents a scope as `/subscriptions/{id}`; the path `/{scope}/providers` has
    its own `/` before it."""
    assert path_value("/subscriptions/1", "simple", False, "scope", reserved=True) == (
        "subscriptions/1"
    )
    with pytest.raises(ValueError):
        path_param("/", reserved=True)


def test_a_path_value_of_json_content_is_json_text() -> None:
    assert path_value({"x": 1}, "json", False, "sel") == "%7B%22x%22%3A1%7D"
    assert path_value(Key(a="m"), "json", False, "sel") == "%7B%22a%22%3A%22m%22%7D"


def test_a_model_is_sent_as_its_fields_in_every_location() -> None:
    key = Key(a="m", b=3)
    assert (
        path_value(key, "simple", True, "key")
        == path_value({"a": "m", "b": 3}, "simple", True, "key")
        == "a=m,b=3"
    )
    assert form_pairs("filter", Styled(Key(a="n"), "deepObject", True)) == [
        ("filter[a]", "n")
    ]
    assert form_pairs("q", Styled(key, "json", False)) == [("q", '{"a":"m","b":3}')]
    assert header_value(Styled(key, "simple", True)) == "a=m,b=3"
    assert form_pairs("keys", [key]) == [
        ("keys", '{"a":"m","b":3}')
    ]  # inside a list: JSON, as a dict's
