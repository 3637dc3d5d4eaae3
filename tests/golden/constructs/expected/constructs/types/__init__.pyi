"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .cat import Cat as Cat
from .cat import CatParam as CatParam
from .dog import Dog as Dog
from .dog import DogParam as DogParam
from .toy_base import ToyBase as ToyBase
