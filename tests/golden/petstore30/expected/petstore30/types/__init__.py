"""Request and response types, imported lazily: a module loads when a name is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .order import Order as Order
    from .order_status import OrderStatus as OrderStatus
    from .store_orders import StoreOrdersParams as StoreOrdersParams
    from .store_orders import StoreOrdersParamsItem as StoreOrdersParamsItem
    from .store_orders import StoreOrdersParamsItemParam as StoreOrdersParamsItemParam
    from .store_orders import StoreOrdersParamsParam as StoreOrdersParamsParam

_MODULES: dict[str, str] = {
    "Order": "order",
    "OrderStatus": "order_status",
    "StoreOrdersParams": "store_orders",
    "StoreOrdersParamsItem": "store_orders",
    "StoreOrdersParamsItemParam": "store_orders",
    "StoreOrdersParamsParam": "store_orders",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
