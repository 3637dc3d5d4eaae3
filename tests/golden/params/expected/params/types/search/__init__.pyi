"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .search_list import SearchListBox as SearchListBox
from .search_list import SearchListBoxParam as SearchListBoxParam
from .search_list import SearchListFilter as SearchListFilter
from .search_list import SearchListFilterCreated as SearchListFilterCreated
from .search_list import SearchListFilterCreatedParam as SearchListFilterCreatedParam
from .search_list import SearchListFilterParam as SearchListFilterParam
from .search_list import SearchListPoint as SearchListPoint
from .search_list import SearchListPointParam as SearchListPointParam
from .search_list import SearchListRange as SearchListRange
from .search_list import SearchListRangeParam as SearchListRangeParam
from .search_list import SearchListResponse as SearchListResponse
from .search_list import SearchListWhere as SearchListWhere
from .search_list import SearchListWhereParam as SearchListWhereParam
from .search_list import SearchListXTrace as SearchListXTrace
from .search_list import SearchListXTraceParam as SearchListXTraceParam
