"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .toy_create import Ball as Ball
from .toy_create import BallParam as BallParam
from .toy_create import Rope as Rope
from .toy_create import RopeParam as RopeParam
