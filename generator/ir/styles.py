"""How parameters and urlencoded form fields are serialized: their OpenAPI `style`.

Only what differs from a location's default is recorded (query and cookie: `form`, exploded;
path and header: `simple`, not exploded), so the common method passes values as they are.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import Any

_DEFAULTS = {"query": ("form", True), "cookie": ("form", True), "path": ("simple", False), "header": ("simple", False)}
_ALLOWED = {
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "cookie": ("form",),
    "path": ("simple", "label", "matrix"),
    "header": ("simple",),
}


def parameter_schema(param: dict[str, Any]) -> tuple[Any, str | None]:
    """The parameter's schema, and the media type when it is given by `content` instead
    (a JSON media type: the value goes on the wire as JSON text)."""
    if "schema" in param or not isinstance(param.get("content"), dict) or not param["content"]:
        return param.get("schema", {}), None
    media, spec = next(iter(param["content"].items()))
    return (spec.get("schema", {}) if isinstance(spec, dict) else {}), str(media)


def parameter_style(param: dict[str, Any], where: str) -> tuple[str, bool] | None:
    """(style, explode) when not the location's default; ("json", False) for a parameter
    whose `content` is JSON. A style the location does not allow is taken as its default."""
    _, media = parameter_schema(param)
    if media is not None:
        return ("json", False) if is_json_media(media) else None
    if where == "path" and "style" not in param and str(param.get("name", "")).startswith("."):
        return ("label", False)  # RFC 6570's `{.format}`, named so (nasa's): a dot, then the value
    return _chosen(param, _DEFAULTS.get(where, ("form", True)), _ALLOWED.get(where, ("form",)))


def form_styles(encoding: Any) -> dict[str, tuple[str, bool]]:
    """An urlencoded body's fields that are not in OpenAPI's default (form style, exploded)."""
    styles: dict[str, tuple[str, bool]] = {}
    for name, spec in (encoding.items() if isinstance(encoding, dict) else ()):
        chosen = _chosen(spec, _DEFAULTS["query"], _ALLOWED["query"]) if isinstance(spec, dict) else None
        if chosen is not None:
            styles[str(name)] = chosen
    return styles


def part_media_type(encoding: Any) -> str | None:
    """The one content type a multipart field's encoding gives it; none for a list or a
    range of types (`image/png, image/jpeg`, `image/*`), which the caller's file says."""
    media = encoding.get("contentType") if isinstance(encoding, dict) else None
    return media.strip() if isinstance(media, str) and _ONE_MEDIA_TYPE.fullmatch(media.strip()) else None


def _chosen(spec: dict[str, Any], default: tuple[str, bool], allowed: tuple[str, ...]) -> tuple[str, bool] | None:
    style = spec.get("style") if spec.get("style") in allowed else default[0]
    # explode defaults to true for form style only (OpenAPI 3.x)
    explode = spec["explode"] if isinstance(spec.get("explode"), bool) else style == "form"
    return None if (style, explode) == default else (str(style), explode)


_FIELD_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # an HTTP field or cookie name (RFC 9110 5.1, RFC 6265 4.1.1)


def is_field_name(name: str) -> bool:
    """Whether a header or cookie may be named `name` (httpx2 refuses a request otherwise)."""
    return _FIELD_NAME.fullmatch(name) is not None


# Header parameters OpenAPI ignores: the body and security say them.
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_MEDIA_TYPE = re.compile(r"[^/\s;]+/[^/\s;]+")
_ONE_MEDIA_TYPE = re.compile(r"[\w!#$&^.+-]+/[\w!#$&^.+-]+(\s*;[^,]*)?")
_SLASH_LEFT_OUT = re.compile(r"(application|text|image|audio|video|multipart|font|model|message)([a-z0-9][^/\s;]*)", re.IGNORECASE)


def is_media_type(key: object) -> bool:
    """Whether a key of a `content` map is a media type or range (`type/subtype`, its
    parameters after `;`), not a word (`code`) nor a second slash."""
    return isinstance(key, str) and _MEDIA_TYPE.fullmatch(key.split(";")[0].strip()) is not None


def meant_media_type(key: str) -> str | None:
    """The media type a key of a `content` map means: itself, with the slash its writer
    left out (loket: `applicationjson;version=2`), or with a parameter that has no name
    read as meant: a charset's (anchore: `text/plain; utf-8`, on which Prism failed), else
    left out; None for no media type (`code`)."""
    base, semicolon, rest = key.partition(";")
    if not is_media_type(base):
        found = _SLASH_LEFT_OUT.fullmatch(base.strip())
        if not found:
            return None
        base = f"{found[1]}/{found[2]}"
    pieces = [piece.strip() for piece in rest.split(";")] if semicolon else []
    if '"' in rest or all("=" in piece for piece in pieces if piece):
        return f"{base}{semicolon}{rest}"
    named = [piece if "=" in piece else f"charset={piece}" for piece in pieces if piece and ("=" in piece or _is_charset(piece))]
    return "; ".join([base.strip(), *named])


def _is_charset(name: str) -> bool:
    try:
        found = codecs.lookup(name)
    except LookupError:
        return False
    return getattr(found, "_is_text_encoding", True) is not False  # (not `base64`, Python's bytes codec)


def is_structured(schema: dict[str, Any]) -> bool:
    """Whether a (resolved) schema is of an object or a list: how `*/*` answers are read."""
    return schema.get("type") in ("object", "array") or any(k in schema for k in ("properties", "items", "allOf", "anyOf", "oneOf", "additionalProperties"))


def is_json_media(media: str) -> bool:
    """application/json, parameterised or not, and every `+json` type."""
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def body_kind(media: str) -> str:
    """How a body of this media type is sent or read: json, multipart, form, text or binary."""
    if is_json_media(media):
        return "json"
    base = media.split(";")[0].strip().lower()
    if base == "multipart/form-data":
        return "multipart"
    if base == "application/x-www-form-urlencoded":
        return "form"
    return "text" if base.startswith("text/") else "binary"


def is_binary_string(schema: dict[str, Any]) -> bool:
    """Whether a string schema is a file's bytes: 3.0's `format: binary`, or 3.1's
    `contentMediaType` of a type sent as bytes (an image, application/octet-stream) and no
    `contentEncoding` (base64 text is text)."""
    if schema.get("format") == "binary":
        return True
    media = schema.get("contentMediaType")
    if not isinstance(media, str) or "contentEncoding" in schema:
        return False
    base = media.split(";")[0].strip().lower()
    return body_kind(base) == "binary" and not base.endswith(("xml", "yaml", "javascript"))


def types_allowed(schema: Any, resolve: Callable[[Any], Any], depth: int = 0) -> set[str] | None:
    """The JSON types a schema admits, its anyOf/oneOf members' and allOf parts' among them
    (None: any type): what tells whether a form's body has fields (an object) or is sent as
    it is given."""
    resolved = resolve(schema) if isinstance(schema, dict) and depth < 8 else None
    if not isinstance(resolved, dict):
        return None
    declared = resolved.get("type")
    declared = [declared] if isinstance(declared, str) else declared
    allowed = {t for t in declared if isinstance(t, str)} if isinstance(declared, list) else None
    for key in ("anyOf", "oneOf"):
        members = resolved.get(key)
        if isinstance(members, list) and members:
            found = [types_allowed(m, resolve, depth + 1) for m in members]
            if all(f is not None for f in found):
                union = set().union(*(f for f in found if f is not None))
                allowed = union if allowed is None else allowed & union
    parts = resolved.get("allOf")
    for part in parts if isinstance(parts, list) else ():
        found_part = types_allowed(part, resolve, depth + 1)
        if found_part is not None:
            allowed = found_part if allowed is None else allowed & found_part
    return allowed
