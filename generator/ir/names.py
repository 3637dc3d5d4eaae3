"""Every naming rule: identifiers, casing, keywords and collisions."""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+[a-z]*")

# Names a generated class body or module uses itself: a field named like one would shadow it.
RESERVED_IN_MODELS = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "None", "Any", "Literal", "Sequence"}
    | {"Union", "Annotated", "Field", "InstanceOf", "BaseModel", "ConfigDict", "TypedDict"}
    | {"Required", "NotRequired", "Optional"}
    # pydantic.BaseModel's own attributes
    | {"copy", "dict", "json", "parse_obj", "parse_raw", "parse_file", "schema", "schema_json"}
    | {"construct", "validate", "update_forward_refs", "from_orm", "fields", "to_dict"}
)
# Method arguments every operation has; a spec parameter of the same name is renamed.
# ... and the names a generated method body calls, or evaluates in the type it parses the
# answer into (`list[Item]`: a path parameter named `list` would hide the builtin).
RESERVED_ARGUMENTS = frozenset(
    {"self", "extra_headers", "extra_query", "extra_body", "timeout"}
    | {"cast", "path_param", "validate_params", "warnings", "NOT_GIVEN", "Annotated", "Field"}
    | {"cookies", "styled", "form_fields", "form_files", "request_body"}
    | {"list", "dict", "str", "int", "float", "bool", "bytes", "Any", "Literal"}
    | {"Stream", "AsyncStream", "SyncCursorPage", "AsyncCursorPage"}
)


def words(text: str) -> list[str]:
    return list(_words(text))


@lru_cache(maxsize=65536)  # a large spec asks for the same names many times over
def _words(text: str) -> tuple[str, ...]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return tuple(_WORD.findall(ascii_text.replace("'", "")))


@lru_cache(maxsize=65536)
def pascal(text: str) -> str:
    """`create_pet-request` -> `CreatePetRequest`; keeps inner capitals (`PetObject`)."""
    name = "".join(w[:1].upper() + w[1:] for w in words(text))
    if not name:
        return "Model"
    if keyword.iskeyword(name):  # None, True, False
        return name + "_"
    return "N" + name if name[0].isdigit() else name


@lru_cache(maxsize=65536)
def snake(text: str) -> str:
    name = "_".join(w.lower() for w in words(text))
    if not name:
        return "value"
    return "n_" + name if name[0].isdigit() else name


def module(text: str) -> str:
    """A module name: snake case, never a keyword (`class.py` cannot be imported), and short
    enough for its file (a 300-character schema name or path segment failed to write)."""
    name = snake(text)
    return bounded(name + "_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name, _LONGEST_MODULE)


# A file's name is at most 255 bytes on the common file systems; beside a module's name go
# `.py`, a `_2` for a twin, and `.cpython-311.pyc` in __pycache__ (graph-beta's longest: 172).
_LONGEST_MODULE = 200


def bounded(name: str, most: int) -> str:
    """A name short enough for a file system: a long one keeps its start and takes a digest
    of the whole, so that it stays one of its own."""
    if len(name) <= most:
        return name
    return f"{name[: most - 9]}_{hashlib.sha1(name.encode()).hexdigest()[:8]}"


def identifier(text: str, reserved: frozenset[str] = frozenset(), *, model_field: bool = False) -> str:
    """A safe Python identifier for a wire name: keeps it when already valid.

    A pydantic field may not start with `model_` nor with `_` (pydantic refuses `__` and
    makes `_id` a private attribute, which never reads the wire's `_id`); other names
    (arguments, methods) may start with one underscore.
    """
    name = text if text.isidentifier() and text.isascii() else snake(text)
    if name.startswith("__") or model_field and name.startswith("_"):
        name = name.lstrip("_") or "value"
        name = "n_" + name if name[0].isdigit() else name
    if model_field and name.startswith("model_"):  # pydantic's namespace
        name = "m_" + name[len("model_") :]
    while keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved:
        name += "_"
    return name


def singular(word: str) -> str:
    """Naive but predictable: `messages` -> `message`, `tools` -> `tool`, `status` stays;
    `batches`, `branches`, `addresses`, `boxes` and `statuses` lose their `es` (real
    documents' resources gave `BatcheCreateResponse`, `StatuseList`); a few words that end
    in `s` or `ies` as they are (`news`, `series`, `alias`, `cookies`) are spelled out."""
    lower = word.lower()
    last = re.split(r"[^a-z]", lower)[-1]  # (the last word of `file_batches`)
    if last in _SINGULAR:
        return word[: len(word) - len(last)] + _as_cased(_SINGULAR[last], word[len(word) - len(last) :])
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if lower.endswith(_ES_ENDINGS) and len(word) > 4:
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


# Plurals in `es` whose singular ends as the plural does before it (batch, address, box, status).
_ES_ENDINGS = ("sses", "shes", "tches", "nches", "rches", "oaches", "eaches", "xes", "tuses", "nuses", "puses", "iruses", "iases")
# Words the rules above would get wrong: each is its own singular, or has its own.
_SINGULAR = {
    **{w: w for w in ("news", "series", "species", "alias", "atlas", "canvas", "chaos", "kudos")},
    **{w + "es": w for w in ("alias", "atlas", "canvas")},
    **{w + "s": w for w in ("cookie", "movie", "zombie", "selfie", "hoodie", "calorie")},
    "analyses": "analysis",
}


def _as_cased(text: str, like: str) -> str:
    """`text` in the case of `like` (a word of the same letters, nearly): Pascal or lower."""
    return text.capitalize() if like[:1].isupper() else text


def is_builtin(name: str) -> bool:
    return hasattr(builtins, name)


# What generated modules import beside the document's classes (typing, pydantic, the runtime,
# the clients): a schema named like one (`Field`, `Body`, `Stream`) is renamed `FieldModel`.
RESERVED_CLASS_NAMES = frozenset(
    {"Any", "Annotated", "Literal", "Sequence", "Mapping", "Union", "Optional", "Required"}
    | {"NotRequired", "TypedDict", "Callable", "Iterable", "Iterator", "AsyncIterable"}
    | {"AsyncIterator", "Awaitable", "IO", "Generic", "TypeVar", "TYPE_CHECKING"}
    | {"BaseModel", "Field", "InstanceOf", "ConfigDict", "PlainValidator", "TypeAdapter"}
    | {"NotGiven", "NOT_GIVEN", "Body", "Headers", "Query", "Timeout", "FileTypes"}
    | {"FileContent", "BinaryContent", "RequestOptions", "Stream", "AsyncStream"}
    | {"SyncCursorPage", "AsyncCursorPage", "SyncAPIResource", "AsyncAPIResource"}
    | {"APIResponse", "APIError", "RequestValidationError", "Client", "AsyncClient"}
    # builtins: pydantic resolves a forward reference that a module does not import from
    # builtins, so a class `ResourceWarning` would read as the warning class
    | {name for name in dir(builtins) if name[:1].isupper()}
)


class NameRegistry:
    """Hands out unique names; the first taker keeps a name, later ones get a suffix."""

    def __init__(self, taken: frozenset[str] | set[str] = frozenset()) -> None:
        self._taken = set(taken)
        self.log: list[str] | None = None  # when a list: every name given is added to it (ir/convert_memo.py)

    def claim(self, wanted: str) -> str:
        if wanted in RESERVED_CLASS_NAMES:
            wanted += "Model"
        name, n = wanted, 2
        while name in self._taken:
            name, n = f"{wanted}{n}", n + 1
        self.take(name)
        return name

    def take(self, name: str) -> None:
        """`name`, given as an earlier run gave it (the registry being as it was then)."""
        self._taken.add(name)
        if self.log is not None:
            self.log.append(name)

    def __contains__(self, name: str) -> bool:
        return name in self._taken


# What the client (runtime/_base_client.py and the client template) and each resource class
# already define: a resource of that name would hide it (`/request` beside `client.request()`).
CLIENT_ATTRIBUTES = frozenset(
    {"auth_headers", "aclose", "base_url", "close", "default_headers", "default_query", "is_closed", "max_retries", "request", "with_options"}
)
RESOURCE_ATTRIBUTES = frozenset({"with_raw_response"})


def resource_attribute(chain: tuple[str, ...]) -> str:
    """The attribute a resource is reached by, from the client or its parent resource."""
    attr = identifier(chain[-1])
    taken = CLIENT_ATTRIBUTES | RESOURCE_ATTRIBUTES if len(chain) == 1 else RESOURCE_ATTRIBUTES
    return attr + "_" if attr in taken else attr
