"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .people_aliases import PeopleAliasesParams as PeopleAliasesParams
from .people_aliases import PeopleAliasesParamsParam as PeopleAliasesParamsParam
from .people_aliases import PeopleAliasesParamsSettings as PeopleAliasesParamsSettings
from .people_aliases import (
    PeopleAliasesParamsSettingsCancel as PeopleAliasesParamsSettingsCancel,
)
from .people_aliases import (
    PeopleAliasesParamsSettingsCancelParam as PeopleAliasesParamsSettingsCancelParam,
)
from .people_aliases import (
    PeopleAliasesParamsSettingsParam as PeopleAliasesParamsSettingsParam,
)
