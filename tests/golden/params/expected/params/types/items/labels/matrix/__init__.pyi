"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .matrix_retrieve import MatrixRetrieveCoords as MatrixRetrieveCoords
from .matrix_retrieve import MatrixRetrieveCoordsParam as MatrixRetrieveCoordsParam
from .matrix_retrieve import MatrixRetrieveResponse as MatrixRetrieveResponse
