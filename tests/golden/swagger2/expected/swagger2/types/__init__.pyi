"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .error import Error as Error
from .keeper import Keeper as Keeper
from .keeper import KeeperParam as KeeperParam
