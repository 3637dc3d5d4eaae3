"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .animal import Animal as Animal
from .animal import AnimalParam as AnimalParam
