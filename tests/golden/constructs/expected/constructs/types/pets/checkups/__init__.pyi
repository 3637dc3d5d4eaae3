"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .checkup import Checkup as Checkup
from .checkup_update import CheckupUpdateParams as CheckupUpdateParams
from .checkup_update import CheckupUpdateParamsParam as CheckupUpdateParamsParam
