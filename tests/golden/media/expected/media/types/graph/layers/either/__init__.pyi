"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .layer_or_name import LayerOrName as LayerOrName
