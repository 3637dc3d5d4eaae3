"""Request and response types, imported lazily: a module loads when a name is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cat import Cat as Cat
    from .cat import CatParam as CatParam
    from .dog import Dog as Dog
    from .dog import DogParam as DogParam

_MODULES: dict[str, str] = {
    "Cat": "cat",
    "CatParam": "cat",
    "Dog": "dog",
    "DogParam": "dog",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
