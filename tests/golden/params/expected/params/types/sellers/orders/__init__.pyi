"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .order_cancel_marketplace_order import (
    OrderCancelMarketplaceOrderParams as OrderCancelMarketplaceOrderParams,
)
from .order_cancel_marketplace_order import (
    OrderCancelMarketplaceOrderParamsParam as OrderCancelMarketplaceOrderParamsParam,
)
from .order_cancel_seller_order import (
    OrderCancelSellerOrderParams as OrderCancelSellerOrderParams,
)
from .order_cancel_seller_order import (
    OrderCancelSellerOrderParamsParam as OrderCancelSellerOrderParamsParam,
)
