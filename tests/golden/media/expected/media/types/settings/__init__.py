"""Request and response types, imported lazily: a module loads when a name is used.

Type checkers and editors read the names from `__init__.pyi` beside this file.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES: dict[str, str] = {
    "SettingCallParams": "setting_call",
    "SettingCallParamsParam": "setting_call",
    "SettingCallParamsSession": "setting_call",
    "SettingCallParamsSessionParam": "setting_call",
    "SettingLabelsParams": "setting_labels",
    "SettingLabelsParamsLabel": "setting_labels",
    "SettingLabelsParamsLabelParam": "setting_labels",
    "SettingLabelsParamsMask": "setting_labels",
    "SettingLabelsParamsMaskParam": "setting_labels",
    "SettingLabelsParamsParam": "setting_labels",
    "SettingLabelsParamsPlace": "setting_labels",
    "SettingLabelsParamsPlaceParam": "setting_labels",
    "SettingLabelsParamsPlaceParent": "setting_labels",
    "SettingLabelsParamsPlaceParentParam": "setting_labels",
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
