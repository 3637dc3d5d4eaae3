"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .layer_0 import Layer0 as Layer0
