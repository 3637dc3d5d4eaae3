"""The document the generated tests give their mock servers (`tests/openapi.json`).

It means what the user's document means, with one default written out where Prism reads
it otherwise: the fields of an urlencoded form are in `form` style, exploded (a list repeats
its key), which Prism follows only when the `encoding` says so. Copy on write.
"""

from __future__ import annotations

from typing import Any

_FORM = "application/x-www-form-urlencoded"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def for_mock_servers(data: dict[str, Any]) -> dict[str, Any]:
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return data
    new_paths = dict(paths)
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in _METHODS:
            operation = item.get(method)
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            media = _form_media(body)
            if media is None:
                continue
            encoding = _explicit(media, data)
            if encoding != media.get("encoding"):
                new_item = new_paths[path] = dict(new_paths[path])
                new_operation = new_item[method] = dict(operation)  # type: ignore[arg-type]
                new_body = new_operation["requestBody"] = dict(body)  # type: ignore[arg-type]
                new_body["content"] = {**new_body["content"], _FORM: {**media, "encoding": encoding}}
    return {**data, "paths": new_paths} if new_paths != paths else data


def _form_media(body: Any) -> dict[str, Any] | None:
    content = body.get("content") if isinstance(body, dict) else None
    media = content.get(_FORM) if isinstance(content, dict) else None
    return media if isinstance(media, dict) else None


def _explicit(media: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    encoding = dict(media["encoding"]) if isinstance(media.get("encoding"), dict) else {}
    schema = _resolved(media.get("schema"), data)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    for name, prop in (properties.items() if isinstance(properties, dict) else ()):
        kind = _resolved(prop, data)
        if isinstance(kind, dict) and kind.get("type") in ("array", "object") and name not in encoding:
            encoding[name] = {"style": "form", "explode": True}
    return encoding


def _resolved(node: Any, data: dict[str, Any]) -> Any:
    for _ in range(16):  # a chain of refs, not a cycle
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        node = data
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            node = node.get(token) if isinstance(node, dict) else None
    return node
