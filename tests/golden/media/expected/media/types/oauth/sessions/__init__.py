"""Request and response types, imported lazily: a module loads when a name is used.

Type checkers and editors read the names from `__init__.pyi` beside this file.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES: dict[str, str] = {
    "SessionDeleteParams": "session_delete",
    "SessionDeleteParamsParam": "session_delete",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
