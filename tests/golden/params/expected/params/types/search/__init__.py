"""Request and response types, imported lazily: a module loads when a name is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .search_list import SearchListFilter as SearchListFilter
    from .search_list import SearchListFilterParam as SearchListFilterParam
    from .search_list import SearchListPoint as SearchListPoint
    from .search_list import SearchListPointParam as SearchListPointParam
    from .search_list import SearchListResponse as SearchListResponse
    from .search_list import SearchListWhere as SearchListWhere
    from .search_list import SearchListWhereParam as SearchListWhereParam
    from .search_list import SearchListXTrace as SearchListXTrace
    from .search_list import SearchListXTraceParam as SearchListXTraceParam

_MODULES: dict[str, str] = {
    "SearchListFilter": "search_list",
    "SearchListFilterParam": "search_list",
    "SearchListPoint": "search_list",
    "SearchListPointParam": "search_list",
    "SearchListResponse": "search_list",
    "SearchListWhere": "search_list",
    "SearchListWhereParam": "search_list",
    "SearchListXTrace": "search_list",
    "SearchListXTraceParam": "search_list",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
