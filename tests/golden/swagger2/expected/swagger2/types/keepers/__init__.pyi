"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .keeper_list import KeeperListResponse as KeeperListResponse
