"""Parameters and form bodies on the wire, in their OpenAPI `style`.

Each location has a default style (query and cookie: `form`, exploded; path and header:
`simple`, not exploded). A parameter in another style reaches these functions wrapped in
`Styled` by the generated method, so the common call carries no extra argument.
"""

from __future__ import annotations

import base64
import dataclasses
import json as jsonlib
from collections.abc import Mapping
from urllib.parse import quote

from ._types import NOT_GIVEN, NotGiven

__all__ = ["Styled", "cookie_header", "path_value", "styled"]

_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
_BUILTIN = frozenset({str, int, float, bool, type(None), list, tuple, dict})


@dataclasses.dataclass(frozen=True)
class Styled:
    """A parameter value with the style its document gives it (`json`: its `content` is
    application/json, so the value is sent as JSON text)."""

    value: object
    style: str
    explode: bool


def styled(value: object, style: str, explode: bool) -> object:
    """`value` in `style`; an omitted argument stays omitted."""
    if isinstance(value, NotGiven):
        return NOT_GIVEN
    return Styled(value, style, explode)


def json_body(body: object) -> bytes:
    """A JSON body as httpx2 writes one, with file content (a `format: binary` property
    outside multipart) as text: UTF-8 when it is, else base64."""
    return jsonlib.dumps(
        body,
        default=_file_text,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode("utf-8")


def is_json_type(media: str) -> bool:
    """application/json, parameterised or not, and every `+json` type."""
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _plain(value: object) -> object:
    """A model (`XParam | X` arguments take either) as its wire fields; else `value`."""
    if (
        type(value) in _BUILTIN
    ):  # (every parameter's value comes here, most of them text)
        return value
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json", by_alias=True, exclude_unset=True)
    return value


def _json_default(value: object) -> object:
    """What JSON text holds of a model (its wire fields) or of file content."""
    plain = _plain(value)
    return plain if plain is not value else _file_text(value)


def _file_text(value: object) -> str:
    read = getattr(value, "read", None)
    content = read() if callable(read) else value
    if isinstance(content, (bytes, bytearray)):
        try:
            return bytes(content).decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(content).decode("ascii")
    if isinstance(content, str):
        return content
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def scalar(value: object) -> str:
    """One value as parameter text: lists and objects as JSON; file content (bytes) as
    text, UTF-8 when it is, else base64, as in a JSON body."""
    value = _plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return jsonlib.dumps(value, separators=(",", ":"), default=_json_default)
    if isinstance(value, (bytes, bytearray)):
        return _file_text(value)
    return str(value)


def _unwrap(value: object, style: str, explode: bool) -> tuple[object, str, bool]:
    """The value to send (a model as its fields, JSON content as text), in its style."""
    if isinstance(value, Styled):
        if value.style == "json":
            text = jsonlib.dumps(
                value.value, separators=(",", ":"), default=_json_default
            )
            return text, style, explode
        return _plain(value.value), value.style, value.explode
    return _plain(value), style, explode


def form_pairs(
    name: str, value: object, style: str = "form", explode: bool = True
) -> list[tuple[str, str]]:
    """One query parameter or urlencoded form field as (key, value) pairs: `form`
    (exploded: a list repeats its key, an object gives its own fields),
    `spaceDelimited`, `pipeDelimited` or `deepObject`. None is left out."""
    value, style, explode = _unwrap(value, style, explode)
    if value is None or isinstance(value, NotGiven):
        return []
    if isinstance(value, Mapping):
        if style == "deepObject":
            return _deep_pairs(name, value)
        items = [(str(k), scalar(v)) for k, v in value.items() if v is not None]
        if explode:
            return items
        return [(name, _DELIMITERS.get(style, ",").join(x for kv in items for x in kv))]
    if isinstance(value, (list, tuple)):
        values = [scalar(v) for v in value if v is not None]
        if explode:
            return [(name, v) for v in values]
        return [(name, _DELIMITERS.get(style, ",").join(values))]
    return [(name, scalar(value))]


def _deep_pairs(name: str, value: object) -> list[tuple[str, str]]:
    """`deepObject`, which OpenAPI defines for flat objects only, nested as Stripe, PHP,
    Node's qs and Prism read it: `a[b][c]=x` for an object, `a[b][0]=x` for a list."""
    if isinstance(value, Mapping):
        fields = [(str(k), v) for k, v in value.items() if v is not None]
    elif isinstance(value, (list, tuple)):
        fields = [(str(i), v) for i, v in enumerate(v for v in value if v is not None)]
    else:
        return [(name, scalar(value))]
    return [pair for k, v in fields for pair in _deep_pairs(f"{name}[{k}]", v)]


def query_pairs(query: Mapping[str, object]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in query.items():
        pairs += form_pairs(str(key), value)
    return pairs


def header_value(value: object) -> str | None:
    """A header parameter in `simple` style: a list `a,b`, an object `k,v` (exploded
    `k=v`); None when there is nothing to send."""
    value, _, explode = _unwrap(value, "simple", False)
    if value is None or isinstance(value, NotGiven):
        return None
    if isinstance(value, Mapping):
        sep = "=" if explode else ","
        return ",".join(
            f"{k}{sep}{scalar(v)}" for k, v in value.items() if v is not None
        )
    if isinstance(value, (list, tuple)):
        return ",".join(scalar(v) for v in value)
    return scalar(value)


def cookie_header(cookies: Mapping[str, object]) -> str | None:
    """Cookie parameters (`form` style) as one Cookie header."""
    pairs: list[tuple[str, str]] = []
    for key, value in cookies.items():
        value, style, explode = _unwrap(value, "form", True)
        if isinstance(value, (list, tuple, Mapping)):
            explode = False  # repeated names have no meaning in one Cookie header
        pairs += form_pairs(str(key), value, style, explode)
    return "; ".join(f"{k}={quote(v, safe='')}" for k, v in pairs) or None


# What a path may hold as it is (RFC 3986's pchar and `/`): `?`, `#`, `%` and the rest
# are still encoded, so that even a value sent "as written" cannot end the path.
_PATH_TEXT = "/:@!$&'()*+,;="


def path_value(
    value: object, style: str, explode: bool, name: str, reserved: bool = False
) -> str:
    """A path parameter in `simple`, `label` or `matrix` style (or JSON text), each
    piece percent-encoded so that `/`, `?`, `#` or a segment `.` or `..` in it cannot
    change the URL. `reserved` (`allowReserved`, Azure's `x-ms-skip-url-encoding`): a
    value that is itself a piece of path (`subscriptions/1/resourceGroups/g`), after
    a `/` of the path, keeps its `/` and the other characters a path may hold, but no
    segment `.` or `..`; a `/` it starts with is the path's own (Azure documents a
    scope as `/subscriptions/...`, and `//` would be an empty segment)."""
    if style == "json":
        text = jsonlib.dumps(value, separators=(",", ":"), default=_json_default)
        return _no_dot_segment(quote(text, safe=""))
    value = _plain(value)
    if reserved and style == "simple" and not isinstance(value, (Mapping, list, tuple)):
        text = quote(scalar(value).lstrip("/"), safe=_PATH_TEXT)
        return "/".join(_no_dot_segment(segment) for segment in text.split("/"))

    def enc(item: object) -> str:
        return quote(scalar(item), safe="")

    if isinstance(value, Mapping):
        items = [(enc(k), enc(v)) for k, v in value.items() if v is not None]
        if explode:
            pieces = [f"{k}={v}" for k, v in items]
        else:
            pieces = [",".join(x for kv in items for x in kv)]
        named = False
    elif isinstance(value, (list, tuple)):
        pieces = (
            [enc(v) for v in value] if explode else [",".join(enc(v) for v in value)]
        )
        named = True
    else:
        pieces, named = [enc(value)], True
    if style == "label":
        return _no_dot_segment("." + ".".join(pieces))
    if style == "matrix":
        if named:
            return "".join(f";{quote(name, safe='')}={p}" for p in pieces)
        return (
            "".join(f";{p}" for p in pieces)
            if explode
            else f";{quote(name, safe='')}={pieces[0]}"
        )
    return _no_dot_segment(",".join(pieces))


def _no_dot_segment(text: str) -> str:
    """`.` and `..` escaped: as a segment, a URL takes them for here and the parent."""
    return text.replace(".", "%2E") if text in (".", "..") else text
