"""Request and response types, imported lazily: a module loads when a name is used.

Type checkers and editors read the names from `__init__.pyi` beside this file.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES: dict[str, str] = {
    "Layer1": "layer_1",
    "Layer10": "layer_10",
    "Layer11": "layer_11",
    "Layer12": "layer_12",
    "Layer13": "layer_13",
    "Layer14": "layer_14",
    "Layer15": "layer_15",
    "Layer16": "layer_16",
    "Layer17": "layer_17",
    "Layer18": "layer_18",
    "Layer19": "layer_19",
    "Layer2": "layer_2",
    "Layer20": "layer_20",
    "Layer21": "layer_21",
    "Layer22": "layer_22",
    "Layer23": "layer_23",
    "Layer24": "layer_24",
    "Layer25": "layer_25",
    "Layer26": "layer_26",
    "Layer27": "layer_27",
    "Layer28": "layer_28",
    "Layer29": "layer_29",
    "Layer3": "layer_3",
    "Layer4": "layer_4",
    "Layer5": "layer_5",
    "Layer6": "layer_6",
    "Layer7": "layer_7",
    "Layer8": "layer_8",
    "Layer9": "layer_9",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
