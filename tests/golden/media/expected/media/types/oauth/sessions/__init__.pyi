"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .session_delete import SessionDeleteParams as SessionDeleteParams
from .session_delete import SessionDeleteParamsParam as SessionDeleteParamsParam
