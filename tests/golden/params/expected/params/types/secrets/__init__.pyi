"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .secret_list import SecretListScope as SecretListScope
from .secret_list import SecretListScopeParam as SecretListScopeParam
