"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .item import Item as Item
from .item import ItemParam as ItemParam
from .item_update import ItemUpdateParams as ItemUpdateParams
from .item_update import ItemUpdateParamsParam as ItemUpdateParamsParam
