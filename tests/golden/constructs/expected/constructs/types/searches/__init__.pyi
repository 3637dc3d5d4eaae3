"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .comparison import Comparison as Comparison
from .comparison import ComparisonParam as ComparisonParam
from .compound import Compound as Compound
from .compound import CompoundParam as CompoundParam
