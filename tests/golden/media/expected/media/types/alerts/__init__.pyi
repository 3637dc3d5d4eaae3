"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .alert import Alert as Alert
from .alert import AlertParam as AlertParam
from .alert import Removed as Removed
from .alert import RemovedParam as RemovedParam
from .alert import RemovedParams as RemovedParams
from .alert import RemovedParamsParam as RemovedParamsParam
from .alert import Shown as Shown
from .alert import ShownParam as ShownParam
from .alert import ShownParams as ShownParams
from .alert import ShownParamsParam as ShownParamsParam
