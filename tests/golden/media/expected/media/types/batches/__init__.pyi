"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .batch_create import BatchCreateResponse as BatchCreateResponse
