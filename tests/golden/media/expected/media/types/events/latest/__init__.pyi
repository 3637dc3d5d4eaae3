"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .latest_list import LatestListResponse as LatestListResponse
