"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .people_aliases import PeopleAliasesParams as PeopleAliasesParams
from .people_aliases import PeopleAliasesParamsParam as PeopleAliasesParamsParam
