"""Request and response types, imported lazily: a module loads when a name is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .setting_note import SettingNoteParams as SettingNoteParams
    from .setting_note import SettingNoteParamsParam as SettingNoteParamsParam
    from .setting_update import (
        SettingUpdateParamsVariant1 as SettingUpdateParamsVariant1,
    )
    from .setting_update import (
        SettingUpdateParamsVariant1Param as SettingUpdateParamsVariant1Param,
    )
    from .setting_update import (
        SettingUpdateParamsVariant2 as SettingUpdateParamsVariant2,
    )
    from .setting_update import (
        SettingUpdateParamsVariant2Param as SettingUpdateParamsVariant2Param,
    )

_MODULES: dict[str, str] = {
    "SettingNoteParams": "setting_note",
    "SettingNoteParamsParam": "setting_note",
    "SettingUpdateParamsVariant1": "setting_update",
    "SettingUpdateParamsVariant1Param": "setting_update",
    "SettingUpdateParamsVariant2": "setting_update",
    "SettingUpdateParamsVariant2Param": "setting_update",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
