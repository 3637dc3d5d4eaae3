"""Credentials, one object per security scheme of the API; how a request carries them.

A generated client holds a scheme object for each scheme whose credentials it was given;
an operation names the alternatives it accepts, each a set of schemes used together, and
the first alternative the client can satisfy is used. Secrets live in private
attributes: no repr, log line or exception message shows them.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

import anyio
import httpx2

from ._exceptions import APIError

__all__ = [
    "ApiKey",
    "Basic",
    "Bearer",
    "ClientCredentials",
    "Credentials",
    "Parts",
    "Security",
]

Security = Sequence[
    Sequence[str]
]  # alternatives, each a set of scheme names used together


class Parts:
    """What credentials add to a request: headers, query parameters, cookies."""

    __slots__ = ("cookies", "headers", "query")

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
        self.query: dict[str, str] = {}
        self.cookies: dict[str, str] = {}

    def header_items(self) -> dict[str, str]:
        """The headers, with the cookies as one `cookie` header (lower-case names)."""
        headers = {k.lower(): v for k, v in self.headers.items()}
        if self.cookies:
            headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers


class Credentials:
    """A scheme's credentials; `static` ones give the same parts to every request."""

    static = True

    def add_to(self, parts: Parts) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"  # never the secret


class ApiKey(Credentials):
    def __init__(self, name: str, location: str, key: str) -> None:
        self._name, self._location, self._key = name, location, key

    def add_to(self, parts: Parts) -> None:
        {"header": parts.headers, "query": parts.query, "cookie": parts.cookies}[
            self._location
        ][self._name] = self._key


class Bearer(Credentials):
    """`Authorization: Bearer <token>`, or another scheme's name before the token."""

    def __init__(self, token: str, scheme: str = "Bearer") -> None:
        self._value = f"{scheme} {token}"

    def add_to(self, parts: Parts) -> None:
        parts.headers["Authorization"] = self._value


class Basic(Credentials):
    def __init__(self, username: str, password: str) -> None:
        pair = f"{username}:{password}".encode()
        self._value = "Basic " + base64.b64encode(pair).decode("ascii")

    def add_to(self, parts: Parts) -> None:
        parts.headers["Authorization"] = self._value


class ClientCredentials(Credentials):
    """OAuth 2 client credentials: a token fetched from the token URL, kept until
    shortly before it expires, and fetched again once when the API answers 401. A
    relative token URL is read against the client's base URL, as OpenAPI reads it: a
    server variable or `base_url` moves it too."""

    static = False
    _MARGIN = 30.0  # seconds before expiry when a token is no longer used

    def __init__(
        self, token_url: str, client_id: str, client_secret: str, scopes: str = ""
    ) -> None:
        self._token_url, self._client_id, self._client_secret, self._scopes = (
            token_url,
            client_id,
            client_secret,
            scopes,
        )
        self._token: str | None = None
        self._expires = 0.0
        self._lock = threading.Lock()
        self._async_lock: anyio.Lock | None = None

    def add_to(self, parts: Parts) -> None:
        if self._token is None:
            raise RuntimeError("no token: fetch one first")
        parts.headers["Authorization"] = "Bearer " + self._token

    def forget(self) -> None:
        self._token = None

    def fetch(self, client: httpx2.Client, base_url: httpx2.URL) -> None:
        with self._lock:
            if not self._fresh():
                url = base_url.join(self._token_url)
                self._keep(client.post(url, **self._request()))

    async def afetch(self, client: httpx2.AsyncClient, base_url: httpx2.URL) -> None:
        if self._async_lock is None:
            self._async_lock = anyio.Lock()
        async with self._async_lock:
            if not self._fresh():
                url = base_url.join(self._token_url)
                self._keep(await client.post(url, **self._request()))

    def _fresh(self) -> bool:
        return self._token is not None and time.monotonic() < self._expires

    def _request(self) -> dict[str, Any]:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._client_id,
            "client_secret": self._client_secret,
        }
        if self._scopes:
            form["scope"] = self._scopes
        return {"data": form, "headers": {"Accept": "application/json"}}

    def _keep(self, response: httpx2.Response) -> None:
        if response.is_error:
            raise APIError(
                f"the token URL answered {response.status_code}: no access token"
            )
        try:
            answer = response.json()
            token = answer["access_token"]
        except (ValueError, KeyError, TypeError):
            raise APIError("the token URL gave no access_token") from None
        expires_in = answer.get("expires_in")
        lifetime = (
            float(expires_in)
            if isinstance(expires_in, (int, float)) and not isinstance(expires_in, bool)
            else 3600.0
        )
        self._token = str(token)
        self._expires = time.monotonic() + max(lifetime - self._MARGIN, 0.0)


def choose(
    schemes: Mapping[str, Credentials | None], security: Security
) -> list[Credentials] | None:
    """The credentials of the first alternative that the client has; [] when none is
    needed, None when no alternative can be met."""
    if not security:
        return []
    for alternative in security:
        found = [schemes.get(name) for name in alternative]
        if all(found):
            return [c for c in found if c is not None]
    return None


def parts_of(credentials: list[Credentials]) -> Parts:
    parts = Parts()
    for each in credentials:
        each.add_to(parts)
    return parts
