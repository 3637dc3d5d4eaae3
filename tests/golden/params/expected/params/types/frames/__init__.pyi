"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .frame import Frame as Frame
from .frame import FrameParam as FrameParam
