"""Request and response types, imported lazily: a module loads when a name is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .new_pet import NewPet as NewPet
    from .new_pet import NewPetParam as NewPetParam
    from .person import Person as Person
    from .person import PersonParam as PersonParam
    from .pet import Pet as Pet
    from .pet_feed import PetFeedParams as PetFeedParams
    from .pet_feed import PetFeedParamsParam as PetFeedParamsParam
    from .pet_list import PetListResponse as PetListResponse
    from .pet_photos import PetPhotosParams as PetPhotosParams
    from .pet_photos import PetPhotosParamsParam as PetPhotosParamsParam
    from .photo_link import PhotoLink as PhotoLink
    from .photo_link import PhotoLinkParam as PhotoLinkParam

_MODULES: dict[str, str] = {
    "NewPet": "new_pet",
    "NewPetParam": "new_pet",
    "Person": "person",
    "PersonParam": "person",
    "Pet": "pet",
    "PetFeedParams": "pet_feed",
    "PetFeedParamsParam": "pet_feed",
    "PetListResponse": "pet_list",
    "PetPhotosParams": "pet_photos",
    "PetPhotosParamsParam": "pet_photos",
    "PhotoLink": "photo_link",
    "PhotoLinkParam": "photo_link",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
