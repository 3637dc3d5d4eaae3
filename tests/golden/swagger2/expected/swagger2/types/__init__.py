"""Request and response types, imported lazily: a module loads when a name is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .animal import Animal as Animal
    from .animal import AnimalParam as AnimalParam
    from .animal_photo import AnimalPhotoParams as AnimalPhotoParams
    from .animal_photo import AnimalPhotoParamsParam as AnimalPhotoParamsParam
    from .animal_photo import AnimalPhotoResponse as AnimalPhotoResponse
    from .error import Error as Error
    from .keeper import Keeper as Keeper
    from .keeper import KeeperParam as KeeperParam

_MODULES: dict[str, str] = {
    "Animal": "animal",
    "AnimalParam": "animal",
    "AnimalPhotoParams": "animal_photo",
    "AnimalPhotoParamsParam": "animal_photo",
    "AnimalPhotoResponse": "animal_photo",
    "Error": "error",
    "Keeper": "keeper",
    "KeeperParam": "keeper",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
