from __future__ import annotations

import pytest

from generator.ir import names


@pytest.mark.parametrize(
    ("text", "pascal", "snake"),
    [
        ("CreateThreadRequest", "CreateThreadRequest", "create_thread_request"),
        ("create_thread-request", "CreateThreadRequest", "create_thread_request"),
        ("HTTPResponse", "HTTPResponse", "http_response"),
        ("fileIDs", "FileIDs", "file_ids"),
        ("gpt-4o", "Gpt4o", "gpt_4o"),
        ("2fa", "N2fa", "n_2fa"),
        ("", "Model", "value"),
        ("!!!", "Model", "value"),
    ],
)
def test_casing(text: str, pascal: str, snake: str) -> None:
    assert names.pascal(text) == pascal
    assert names.snake(text) == snake


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("role", "role"),
        ("class", "class_"),
        ("None", "None_"),
        ("match", "match_"),
        ("json", "json_"),
        ("model_config", "m_config"),
        ("foo-bar", "foo_bar"),
        ("__dunder__", "dunder__"),
        ("ünïcode", "unicode"),
        ("_id", "id"),  # pydantic would make `_id` a private attribute, never read from the wire
        ("_", "value"),
        ("_1st", "n_1st"),
        ("_model_x", "m_x"),
    ],
)
def test_identifier_is_safe(wire: str, expected: str) -> None:
    name = names.identifier(wire, names.RESERVED_IN_MODELS, model_field=True)
    assert name == expected
    assert name.isidentifier()


def test_model_prefix_is_only_renamed_for_model_fields() -> None:
    assert names.identifier("model_permissions") == "model_permissions"
    assert names.identifier("_id") == "_id"


def test_singular() -> None:
    assert [names.singular(w) for w in ["messages", "status", "Properties", "tools", "bus"]] == [
        "message",
        "status",
        "Property",
        "tool",
        "bus",
    ]
    # plurals in `es` (real resources gave `BatcheCreateResponse`, `StatuseList`)
    plurals = ["batches", "Branches", "addresses", "boxes", "statuses", "prefixes", "wishes", "file_batches"]
    assert [names.singular(w) for w in plurals] == ["batch", "Branch", "address", "box", "status", "prefix", "wish", "file_batch"]
    # where the singular ends in `e` (or the rules would be wrong), and words that are their own
    others = ["caches", "responses", "databases", "houses", "cookies", "Aliases", "analyses", "news", "series", "canvas"]
    assert [names.singular(w) for w in others] == ["cache", "response", "database", "house", "cookie", "Alias", "analysis", "news", "series", "canvas"]


def test_registry_hands_out_unique_names_in_order() -> None:
    registry = names.NameRegistry({"Order"})
    assert [registry.claim(n) for n in ["Order", "Pet", "Pet", "Pet"]] == ["Order2", "Pet", "Pet2", "Pet3"]
    # what generated modules import is never a class name
    assert [registry.claim(n) for n in ["Client", "Field", "Field"]] == ["ClientModel", "FieldModel", "FieldModel2"]


def test_resources_named_like_client_attributes_take_an_underscore() -> None:
    """The reserved names are all the runtime's client and resource classes define."""
    from generator.ir.names import CLIENT_ATTRIBUTES, RESOURCE_ATTRIBUTES
    from generator.runtime import _base_client, _resource

    for cls in (_base_client.SyncAPIClient, _base_client.AsyncAPIClient):
        assert {n for n in dir(cls) if not n.startswith("_")} <= CLIENT_ATTRIBUTES
    for cls in (_resource.SyncAPIResource, _resource.AsyncAPIResource):
        assert {n for n in dir(cls) if not n.startswith("_")} <= RESOURCE_ATTRIBUTES
