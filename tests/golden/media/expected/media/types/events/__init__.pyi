"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .event import Event as Event
from .event import EventParam as EventParam
