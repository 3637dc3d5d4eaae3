"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .token_create import TokenCreateParams as TokenCreateParams
from .token_create import TokenCreateParamsParam as TokenCreateParamsParam
from .token_create import TokenCreateResponse as TokenCreateResponse
