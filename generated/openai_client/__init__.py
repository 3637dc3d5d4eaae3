"""A one-operation slice of the OpenAI API: creating a thread (`POST /threads`) with the
Assistants API v2. See https://platform.openai.com/docs/api-reference for the full API.
"""

from ._client import AsyncClient, Client
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    UnprocessableEntityError,
)
from ._response import APIResponse
from ._types import NOT_GIVEN, NotGiven

__version__ = "2.3.0"

__all__ = [
    "Client",
    "AsyncClient",
    "APIResponse",
    "NOT_GIVEN",
    "NotGiven",
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "APIStatusError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "UnprocessableEntityError",
]
