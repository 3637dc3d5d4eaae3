"""The names `__init__.py` beside this file imports when first used, for type checkers."""

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
