"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .api_error import ApiError as ApiError
from .kind import Kind as Kind
from .owner import Owner as Owner
from .owner import OwnerParam as OwnerParam
from .pet import Pet as Pet
from .pet import PetParam as PetParam
