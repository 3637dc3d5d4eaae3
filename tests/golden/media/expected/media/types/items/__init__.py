"""Request and response types, imported lazily: a module loads when a name is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .item import Item as Item
    from .item import ItemParam as ItemParam
    from .item_update import ItemUpdateParams as ItemUpdateParams
    from .item_update import ItemUpdateParamsParam as ItemUpdateParamsParam

_MODULES: dict[str, str] = {
    "Item": "item",
    "ItemParam": "item",
    "ItemUpdateParams": "item_update",
    "ItemUpdateParamsParam": "item_update",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
