"""Request and response types, imported lazily: a module loads when a name is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api_error import ApiError as ApiError
    from .kind import Kind as Kind
    from .owner import Owner as Owner
    from .owner import OwnerParam as OwnerParam
    from .pet import Pet as Pet
    from .pet import PetParam as PetParam

_MODULES: dict[str, str] = {
    "ApiError": "api_error",
    "Kind": "kind",
    "Owner": "owner",
    "OwnerParam": "owner",
    "Pet": "pet",
    "PetParam": "pet",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
