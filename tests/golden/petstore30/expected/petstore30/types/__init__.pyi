"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .order import Order as Order
from .order_status import OrderStatus as OrderStatus
from .store_orders import StoreOrdersParams as StoreOrdersParams
from .store_orders import StoreOrdersParamsItem as StoreOrdersParamsItem
from .store_orders import StoreOrdersParamsItemParam as StoreOrdersParamsItemParam
from .store_orders import StoreOrdersParamsParam as StoreOrdersParamsParam
