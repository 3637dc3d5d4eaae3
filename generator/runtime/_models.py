"""Base class of the generated models, response parsing and request validation.

Responses are parsed leniently: a server that adds a field, an enum value or
changes a type must not break existing clients. Validation runs in two passes:

1. the fast path: plain pydantic validation, entirely in pydantic-core;
2. only if that fails, a lenient validator built (once per type) from the same
   core schema, in which every model field keeps its raw value when it does
   not validate, and a missing field defaults to None (left out of
   ``model_fields_set``).

Leniency lives in a second validator rather than in a wildcard wrap validator
on BaseModel because such a validator is a Python call per field on *every*
validation: it made the fast path about 3x slower.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

import pydantic
from pydantic import ConfigDict, TypeAdapter
from pydantic_core import SchemaValidator, core_schema

from ._exceptions import APIResponseValidationError, RequestValidationError
from ._types import NotGiven

__all__ = ["BaseModel", "parse_response", "validate_params"]

T = TypeVar("T")


class BaseModel(pydantic.BaseModel):
    """Base of all generated response models."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        # Generated packages define many models: build validators on first use.
        defer_build=True,
        protected_namespaces=(),
        arbitrary_types_allowed=True,
    )

    def to_dict(self) -> dict[str, Any]:
        """The fields the server sent, under their wire names."""
        # Leniently kept values may not match their annotation: don't warn.
        return self.model_dump(by_alias=True, exclude_unset=True, warnings=False)


# TypeAdapters are built lazily and cached per type: building one compiles a
# validator, and import time of generated packages matters.
_adapters: dict[Any, TypeAdapter[Any]] = {}
_lenient_validators: dict[Any, SchemaValidator] = {}


def _adapter(type_: Any) -> TypeAdapter[Any]:
    adapter = _adapters.get(type_)
    if adapter is None:
        adapter = _adapters[type_] = TypeAdapter(type_)
    return adapter


def parse_response(type_: type[T] | Any, data: object) -> T:
    """Validate JSON-decoded ``data`` into ``type_``, leniently if needed."""
    try:
        return cast(T, _adapter(type_).validate_python(data))
    except pydantic.ValidationError:
        pass
    try:
        return cast(T, _lenient_validator(type_).validate_python(data))
    except pydantic.ValidationError as exc:
        message = f"Response does not match {_type_name(type_)}:\n"
        raise APIResponseValidationError(
            message + "\n".join(_error_lines(exc)), body=data
        ) from exc


def _lenient_validator(type_: Any) -> SchemaValidator:
    validator = _lenient_validators.get(type_)
    if validator is None:
        adapter = _adapter(type_)
        adapter.rebuild()  # no-op once built; makes core_schema a real dict
        schema = _make_lenient(adapter.core_schema)
        validator = _lenient_validators[type_] = SchemaValidator(schema)
    return validator


def _make_lenient(node: Any) -> Any:
    """Copy a core schema, making the schema of every model field lenient."""
    if isinstance(node, list):
        return [_make_lenient(item) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {key: _make_lenient(value) for key, value in node.items()}
    if copy.get("type") == "model-field":
        copy["schema"] = _lenient_field(copy["schema"])
    return copy


def _lenient_field(schema: Any) -> Any:
    if schema["type"] == "default":  # keep the field's own default
        return {**schema, "schema": _keep_raw_on_error(schema["schema"])}
    return core_schema.with_default_schema(_keep_raw_on_error(schema), default=None)


def _keep_raw_on_error(schema: Any) -> Any:
    return core_schema.no_info_wrap_validator_function(_keep_raw, schema)


def _keep_raw(value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except pydantic.ValidationError:
        return value


def validate_params(type_: Any, values: Mapping[str, object]) -> dict[str, object]:
    """Validate request parameters against a generated TypedDict.

    Omitted (NOT_GIVEN) entries are dropped, models are turned into dicts, and
    the result is JSON-ready except for files, which are passed through as is.
    Raises RequestValidationError before anything is sent.
    """
    files = _FileStash()
    given = {
        key: _to_plain(value, files)
        for key, value in values.items()
        if not isinstance(value, NotGiven)
    }
    adapter = _adapter(type_)
    try:
        validated = adapter.validate_python(given)
    except pydantic.ValidationError as exc:
        raise RequestValidationError(_error_lines(exc)) from None
    dumped = adapter.dump_python(validated, mode="json", by_alias=True)
    return cast("dict[str, object]", files.restore(dumped))


def _to_plain(value: object, files: _FileStash) -> object:
    """Plain JSON-like data for pydantic: models become dicts, iterables lists."""
    if _is_file(value):
        return files.stash(value)
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {key: _to_plain(item, files) for key, item in value.items()}
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return [_to_plain(item, files) for item in value]
    return value


def _is_file(value: object) -> bool:
    if isinstance(value, (bytes, io.IOBase)):
        return True
    if isinstance(value, tuple) and len(value) in (2, 3):
        return isinstance(value[0], (str, type(None))) and _is_file(value[1])
    return False


class _FileStash:
    """Swaps files for unique placeholder strings around validation.

    Files cannot go through a JSON-mode dump, yet may sit at any depth (a list
    of files, say); the placeholders validate against FileTypes (unvalidated)
    and are swapped back afterwards.
    """

    def __init__(self) -> None:
        self._files: dict[str, object] = {}
        self._prefix = f"<file {secrets.token_hex(8)} "

    def stash(self, file: object) -> str:
        token = f"{self._prefix}{len(self._files)}>"
        self._files[token] = file
        return token

    def restore(self, data: object) -> object:
        if not self._files:
            return data
        if isinstance(data, str):
            return self._files.get(data, data)
        if isinstance(data, dict):
            return {key: self.restore(item) for key, item in data.items()}
        if isinstance(data, list):
            return [self.restore(item) for item in data]
        return data


def _error_lines(exc: pydantic.ValidationError) -> list[str]:
    """One ``"<location>: <message>"`` line per error; input values left out."""
    lines = []
    for error in exc.errors(include_url=False, include_input=False):
        location = ".".join(str(part) for part in error["loc"])
        lines.append(f"{location}: {error['msg']}" if location else error["msg"])
    return lines


def _type_name(type_: Any) -> str:
    return getattr(type_, "__name__", None) or repr(type_)
