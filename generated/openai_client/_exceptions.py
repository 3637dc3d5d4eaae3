"""Exceptions raised by the client.

Our exception hierarchy:

* APIError
  + RequestValidationError (also a ValueError)
  + APIConnectionError
    - APITimeoutError
  + APIResponseValidationError
  + APIStatusError
    - BadRequestError (400)
    - AuthenticationError (401)
    - PermissionDeniedError (403)
    - NotFoundError (404)
    - ConflictError (409)
    - UnprocessableEntityError (422)
    - RateLimitError (429)
    - InternalServerError (>= 500)

Messages never contain request headers, so credentials cannot leak through
``str(error)`` or ``error.args``.
"""

from __future__ import annotations

import httpx2

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "UnprocessableEntityError",
    "make_status_error",
]


class APIError(Exception):
    """Base class of every error raised by the client."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RequestValidationError(APIError, ValueError):
    """The arguments break the API schema; nothing was sent."""

    errors: list[str]

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class APIConnectionError(APIError):
    """The request could not be sent or no response was received."""

    request: httpx2.Request

    def __init__(
        self, *, request: httpx2.Request, message: str = "Connection error."
    ) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out (after all retries)."""

    def __init__(self, *, request: httpx2.Request) -> None:
        super().__init__(request=request, message="Request timed out.")


class APIResponseValidationError(APIError):
    """The response could not be decoded into the expected type."""

    body: object
    response: httpx2.Response | None

    def __init__(
        self,
        message: str,
        *,
        body: object = None,
        response: httpx2.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.body = body
        self.response = response


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status."""

    response: httpx2.Response
    status_code: int
    body: object
    request_id: str | None

    def __init__(
        self, message: str, *, response: httpx2.Response, body: object
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.request_id = response.headers.get("x-request-id")


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(response: httpx2.Response) -> APIStatusError:
    """Build the error matching ``response.status_code``.

    The response body must have been read already.
    """
    body = _decode_body(response)
    status = response.status_code
    message = _server_message(body) or f"Error code: {status} - {body!r}"
    if status >= 500:
        return InternalServerError(message, response=response, body=body)
    error_cls = _STATUS_ERRORS.get(status, APIStatusError)
    return error_cls(message, response=response, body=body)


def _decode_body(response: httpx2.Response) -> object:
    """The JSON body if there is one, else the text, else None."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _server_message(body: object) -> str | None:
    """The message of the usual ``{"error": {"message": ...}}`` or
    ``{"message": ...}`` envelopes."""
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    if isinstance(body.get("message"), str):
        return str(body["message"])
    return None
