"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .revoke_create import RevokeCreateParams as RevokeCreateParams
from .revoke_create import RevokeCreateParamsParam as RevokeCreateParamsParam
