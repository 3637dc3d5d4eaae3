"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .setting_call import SettingCallParams as SettingCallParams
from .setting_call import SettingCallParamsParam as SettingCallParamsParam
from .setting_call import SettingCallParamsSession as SettingCallParamsSession
from .setting_call import SettingCallParamsSessionParam as SettingCallParamsSessionParam
from .setting_labels import SettingLabelsParams as SettingLabelsParams
from .setting_labels import SettingLabelsParamsLabel as SettingLabelsParamsLabel
from .setting_labels import (
    SettingLabelsParamsLabelParam as SettingLabelsParamsLabelParam,
)
from .setting_labels import SettingLabelsParamsMask as SettingLabelsParamsMask
from .setting_labels import SettingLabelsParamsMaskParam as SettingLabelsParamsMaskParam
from .setting_labels import SettingLabelsParamsParam as SettingLabelsParamsParam
from .setting_labels import SettingLabelsParamsPlace as SettingLabelsParamsPlace
from .setting_labels import (
    SettingLabelsParamsPlaceParam as SettingLabelsParamsPlaceParam,
)
from .setting_labels import (
    SettingLabelsParamsPlaceParent as SettingLabelsParamsPlaceParent,
)
from .setting_labels import (
    SettingLabelsParamsPlaceParentParam as SettingLabelsParamsPlaceParentParam,
)
from .setting_note import SettingNoteParams as SettingNoteParams
from .setting_note import SettingNoteParamsParam as SettingNoteParamsParam
from .setting_update import SettingUpdateParamsVariant1 as SettingUpdateParamsVariant1
from .setting_update import (
    SettingUpdateParamsVariant1Param as SettingUpdateParamsVariant1Param,
)
from .setting_update import SettingUpdateParamsVariant2 as SettingUpdateParamsVariant2
from .setting_update import (
    SettingUpdateParamsVariant2Param as SettingUpdateParamsVariant2Param,
)
