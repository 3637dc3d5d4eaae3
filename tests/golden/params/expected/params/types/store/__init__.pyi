"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .store_delete_item import StoreDeleteItemParams as StoreDeleteItemParams
from .store_delete_item import StoreDeleteItemParamsParam as StoreDeleteItemParamsParam
from .store_get_item import StoreGetItemParams as StoreGetItemParams
from .store_get_item import StoreGetItemParamsParam as StoreGetItemParamsParam
from .store_get_item import StoreGetItemResponse as StoreGetItemResponse
