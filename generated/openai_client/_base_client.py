"""The HTTP layer of generated clients: SyncAPIClient and AsyncAPIClient.

The two clients mirror each other line for line; everything that does no I/O
lives in _BaseClient and in module-level functions.
"""

from __future__ import annotations

import copy
import dataclasses
import email.utils
import functools
import logging
import math
import os
import random
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Generic, TypeVar, cast, get_args
from urllib.parse import urlencode

import anyio
import httpx2

from ._auth import ClientCredentials, Credentials, Parts, Security, choose, parts_of
from ._encoding import (
    _plain,
    form_pairs,
    header_value,
    is_json_type,
    json_body,
    query_pairs,
    scalar,
)
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    make_status_error,
)
from ._models import NOT_PARSED, BaseModel, admits_none, parse_json, parse_response
from ._pagination import (
    AsyncCursorPage,
    AsyncLinkPage,
    BaseCursorPage,
    BaseLinkPage,
    PageRequest,
    SyncCursorPage,
    SyncLinkPage,
)
from ._response import (
    RAW_RESPONSE_HEADER,
    STREAMED,
    APIResponse,
    AsyncStreamedAPIResponse,
    StreamedAPIResponse,
)
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, FileTypes, NotGiven, RequestOptions, Timeout

__all__ = ["AsyncAPIClient", "SyncAPIClient"]

log = logging.getLogger(__name__.rpartition(".")[0] or __name__)

DEFAULT_TIMEOUT = httpx2.Timeout(600.0, connect=5.0)
MAX_RETRY_AFTER = 60.0  # longer server-asked delays fall back to our backoff
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0

_HttpClientT = TypeVar("_HttpClientT", httpx2.Client, httpx2.AsyncClient)
_ClientT = TypeVar("_ClientT", bound="_BaseClient[Any]")
_SyncClientT = TypeVar("_SyncClientT", bound="SyncAPIClient")
_AsyncClientT = TypeVar("_AsyncClientT", bound="AsyncAPIClient")

Files = Mapping[str, FileTypes | list[FileTypes]]


class _BaseClient(Generic[_HttpClientT]):
    _client: _HttpClientT
    _default_stream_cls: type[Any]
    # Set by generated clients: the credentials given, by scheme name; the API's default
    # security (alternatives of schemes used together); whether every operation uses
    # that default (then its credentials, if static, are sent as fixed headers); and how
    # to give each scheme's credentials, for the message when an operation finds none.
    _schemes: Mapping[str, Credentials | None] = {}
    _security: Security = ()
    _uniform_security = True
    _hints: Mapping[str, str] = {}
    # False when the caller chose the base URL: servers named per operation are unused.
    _follow_servers = False
    # How a multipart form's objects and lists go: OpenAPI's way (an object as one
    # JSON part, a list as a part per item), or as nested fields (`a[b]`, `a[]`, which
    # Rails and PHP servers read): set by clients made with `multipart = "brackets"`.
    _multipart_brackets = False

    def __init__(
        self,
        *,
        base_url: str | httpx2.URL,
        timeout: Timeout | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        http_client: _HttpClientT | None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.base_url = httpx2.URL(base_url)
        self.max_retries = max_retries
        if isinstance(timeout, NotGiven):
            # A caller's own http client keeps its own timeout.
            timeout = http_client.timeout if http_client else DEFAULT_TIMEOUT
        self.timeout: Timeout = timeout
        self._custom_headers = dict(default_headers or {})
        self._custom_query = dict(default_query or {})
        # Only a client we created is ours to close.
        self._owns_client = http_client is None
        self._client = http_client or self._make_http_client()

    def _make_http_client(self) -> _HttpClientT:
        raise NotImplementedError

    @property
    def auth_headers(self) -> dict[str, str]:
        """The default security's headers, where every request carries the same ones.
        Never logged nor shown."""
        static = self._static_default()
        return static.header_items() if static is not None else {}

    def _static_default(self) -> Parts | None:
        """The default security's parts, when all operations use it, with no token."""
        if not self._uniform_security:
            return None
        cached = self.__dict__.get("_static_default_cache", _UNSET)
        if cached is _UNSET:
            chosen = choose(self._schemes, self._security)
            cached = (
                parts_of(chosen)
                if chosen is not None and all(c.static for c in chosen)
                else None
            )
            self.__dict__["_static_default_cache"] = cached
        return cast("Parts | None", cached)

    def _credentials(self, security: Security | None) -> list[Credentials]:
        """The credentials a request adds to the fixed headers."""
        static = self._static_default() if security is None else None
        if (
            static is not None
        ):  # in the fixed headers already; a key in the query is added
            return (choose(self._schemes, self._security) or []) if static.query else []
        wanted = self._security if security is None else security
        chosen = choose(self._schemes, wanted)
        if chosen is None:
            raise APIError(self._missing_credentials(wanted))
        return chosen

    def _missing_credentials(self, security: Security) -> str:
        ways = [
            " and ".join(self._hints.get(name, name) for name in alternative)
            for alternative in security
        ]
        text = "No credentials for this request: pass " + " or ".join(ways)
        return text if text.endswith("...") else text + "."

    @property
    def default_headers(self) -> dict[str, str]:
        return {"Accept": "application/json", **self._custom_headers}

    def _base_url_text(self) -> str:
        # httpx2.URL's str() is not free; the base URL only changes with with_options().
        cached = self.__dict__.get("_base_url_cache")
        if cached is None or cached[0] is not self.base_url:
            cached = (self.base_url, str(self.base_url).rstrip("/"))
            self.__dict__["_base_url_cache"] = cached
        return str(cached[1])

    def _base_for(self, server: str | None) -> str:
        """The operation's own server, unless the caller chose the base URL."""
        if server is not None and self._follow_servers:
            return server.rstrip("/")
        return self._base_url_text()

    def _url_of(self, path: str, server: str | None) -> httpx2.URL:
        """The request's URL: the base URL and `path`, with one slash between (a
        path the document begins with two keeps its second). A whole URL (a next
        page's link) is taken as it is, on the base URL's host only: the client's
        credentials go there."""
        base = self._base_for(server)
        if not path.startswith(("http://", "https://")):
            return self._url(f"{base}/{path.removeprefix('/')}")
        url, home = httpx2.URL(path), self._url(base)
        if (url.scheme, url.host, url.port) != (home.scheme, home.host, home.port):
            raise APIConnectionError(
                request=httpx2.Request("GET", url),
                message=f"A link to {url.scheme}://{url.host} is not followed: this"
                f" client sends its credentials to {home.scheme}://{home.host} only.",
            )
        return url

    def _url(self, text: str) -> httpx2.URL:
        """httpx2 parses a URL given as text on every request (~9 of ~25 us): once here.
        Bounded, as paths may hold ids; a parsed URL is immutable, so it is shared."""
        urls: dict[str, httpx2.URL] = self.__dict__.setdefault("_url_cache", {})
        url = urls.get(text)
        if url is None:
            if len(urls) >= 256:
                urls.clear()
            url = urls[text] = httpx2.URL(text)
        return url

    def _fixed_headers(self) -> dict[str, str]:
        """Default and auth headers, lower-cased, worked out once per client."""
        fixed: dict[str, str] | None = self.__dict__.get("_fixed_headers_cache")
        if fixed is None:
            fixed = {**_lower(self.default_headers), **_lower(self.auth_headers)}
            self.__dict__["_fixed_headers_cache"] = fixed
        return fixed

    @property
    def default_query(self) -> dict[str, object]:
        return dict(self._custom_query)

    def is_closed(self) -> bool:
        return self._client.is_closed

    def with_options(
        self: _ClientT,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _ClientT:
        """A copy of this client with other settings, sharing its connections.

        Resources that a generated client caches (``functools.cached_property``)
        are dropped from the copy, which builds its own, bound to itself.
        """
        clone = copy.copy(self)
        clone._owns_client = False  # the original closes the shared client
        _drop_cached_properties(clone)
        if not isinstance(max_retries, NotGiven):
            clone.max_retries = max_retries
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
        return clone

    def __repr__(self) -> str:
        # Deliberately no headers: they hold credentials.
        return f"<{type(self).__name__} base_url={_safe_url(self.base_url)!r}>"

    def _build_request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object],
        body: _Body,
        headers: Mapping[str, object] | None,
        options: RequestOptions,
        credentials: Sequence[Credentials] = (),
        server: str | None = None,
    ) -> httpx2.Request:
        # Plain dicts with lower-case names (HTTP names are case-insensitive): later
        # ones override earlier ones, and it is cheaper than merging httpx2.Headers on
        # every call. A client of our own carries the fixed headers already, normalised
        # once by httpx2.
        all_headers = {} if self._owns_client else self._fixed_headers()
        if credentials:  # built anew on each attempt: a renewed token is taken up
            auth = parts_of(list(credentials))
            all_headers = {**all_headers, **auth.header_items()}
            # an argument of the call named like an API key wins, as in the headers
            params = {**auth.query, **params}
        if headers:
            given = _encode_headers(headers)
            if (
                "cookie" in given and "cookie" in all_headers
            ):  # the API key's cookie too
                given["cookie"] = f"{all_headers['cookie']}; {given['cookie']}"
            all_headers = {**all_headers, **given}
        if options.get("extra_headers"):
            all_headers = {**all_headers, **_lower(options["extra_headers"] or {})}
        query = {**self._custom_query, **params} if self._custom_query else params
        if options.get("extra_query"):
            query = {**query, **(options["extra_query"] or {})}
        timeout = options.get("timeout", NOT_GIVEN)
        content, media = body.encoded(options.get("extra_body"))
        if media and content:  # the spec's media type, unless the caller set one
            all_headers = {"content-type": media, **all_headers}
        length = _length(content)
        if length is not None and all_headers.get("content-length", length) != length:
            # (a header parameter of some documents: a length the body knows itself is
            # httpx2's to write, and another would break the request; a stream has none)
            all_headers = {
                k: v for k, v in all_headers.items() if k != "content-length"
            }
        return self._client.build_request(
            method.upper(),
            self._url_of(path, server),
            params=httpx2.QueryParams(tuple(query_pairs(query))) if query else None,
            headers=_wire(all_headers),
            # the client's own timeout unless this call has one (httpx2's default: none)
            timeout=(
                (self.timeout if not self._owns_client else httpx2.USE_CLIENT_DEFAULT)
                if isinstance(timeout, NotGiven)
                else timeout
            ),
            **content,
        )

    def _process_response(
        self,
        response: httpx2.Response,
        *,
        cast_to: Any,
        stream: bool,
        stream_cls: type[Any] | None,
        page_cls: type[BaseCursorPage[Any]] | type[BaseLinkPage[Any]] | None,
        page_request: PageRequest | None,
    ) -> Any:
        """Turn a successful response into what the generated method returns."""
        if isinstance(cast_to, dict):  # by the status code: {200: Result, 202: Job}
            # a code as written, else its range (`"2XX"`), else the first
            status = response.status_code
            default = cast_to.get(f"{status // 100}XX", next(iter(cast_to.values())))
            cast_to = cast_to.get(status, default)
        if stream:
            # `Stream[Event]`: its events are Event, where `cast_to` is the answer
            # without `stream=True` (or None, for an operation that only streams)
            events = get_args(stream_cls)
            return (stream_cls or self._default_stream_cls)(
                cast_to=events[0] if events else cast_to, response=response
            )
        if cast_to is None or cast_to is type(None):
            return None
        if response.status_code in (204, 205) and admits_none(cast_to):
            return None  # No Content: a method that may answer nothing says `| None`
        if cast_to is bytes:
            return response.content
        if cast_to is str:
            return response.text
        if page_cls is None:
            # The common case in one step: pydantic parses the JSON and validates it.
            parsed = parse_json(cast_to, response.content)
            if parsed is not NOT_PARSED:
                return parsed
        try:
            data = response.json()
        except ValueError as exc:
            raise APIResponseValidationError(
                (
                    "The response body is not valid JSON."
                    if response.content
                    else f"The response ({response.status_code}) has no body."
                ),
                body=response.text,
                response=response,
            ) from exc
        try:
            if page_cls is None:
                return parse_response(cast_to, data)
            if issubclass(page_cls, BaseLinkPage):
                return _link_page(page_cls, cast_to, data, page_request, response)
            page = parse_response(_page_type(page_cls, cast_to), data)
        except APIResponseValidationError as exc:
            exc.response = response
            raise
        if page_request is not None:
            page._set_request(page_request)
        return page


class SyncAPIClient(_BaseClient[httpx2.Client]):
    _default_stream_cls = Stream

    def __init__(
        self,
        *,
        base_url: str | httpx2.URL,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx2.Client | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
        )

    def _make_http_client(self) -> httpx2.Client:
        return httpx2.Client(
            timeout=self.timeout, follow_redirects=True, headers=self._fixed_headers()
        )

    def request(
        self,
        cast_to: Any,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        files: Files | None = None,
        form: Mapping[str, object] | BaseModel | NotGiven | None = None,
        form_styles: Mapping[str, tuple[str, bool]] | None = None,
        part_types: Mapping[str, str] | None = None,
        content: object | None = None,
        content_type: str | None = None,
        headers: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
        security: Security | None = None,
        server: str | None = None,
        stream: bool = False,
        stream_cls: type[Stream[Any]] | None = None,
        page_cls: type[SyncCursorPage[Any]] | type[SyncLinkPage[Any]] | None = None,
        page_fields: tuple[str, str] | None = None,
    ) -> Any:
        """Send a request (with retries) and parse the response into ``cast_to``."""
        options, raw = _pop_raw_marker(options)
        query = _drop_not_given(params)
        credentials = self._credentials(security)
        tokens = [c for c in credentials if isinstance(c, ClientCredentials)]
        for token in tokens:
            token.fetch(self._client, self.base_url)
        build = functools.partial(
            self._build_request,
            method,
            path,
            params=query,
            body=_Body(
                json,
                files,
                _form_of(form),
                _replayable(content),
                content_type,
                form_styles,
                part_types,
                self._multipart_brackets,
            ),
            headers=headers,
            options=options,
            credentials=credentials,
            server=server,
        )
        response = self._send(build, stream=stream or raw == STREAMED, tokens=tokens)
        parse = functools.partial(
            self._process_response,
            cast_to=cast_to,
            stream=stream,
            stream_cls=stream_cls,
            page_cls=page_cls,
            page_request=(
                PageRequest(
                    self,
                    method,
                    path,
                    query,
                    options,
                    cast_to,
                    security,
                    server,
                    page_fields,
                )
                if page_cls
                else None
            ),
        )
        if raw == STREAMED:
            return StreamedAPIResponse(response, parse)
        return APIResponse(response, parse) if raw else parse(response)

    def _send(
        self,
        build: Callable[[], httpx2.Request],
        *,
        stream: bool,
        tokens: Sequence[ClientCredentials] = (),
    ) -> httpx2.Response:
        retries_done = 0
        renewed = False
        while True:
            request = build()
            response: httpx2.Response | None = None
            try:
                response = self._client.send(request, stream=stream)
            except httpx2.RequestError as exc:  # (a body it cannot decode too)
                if retries_done >= self.max_retries:
                    raise _connection_error(request, exc) from exc
                reason = type(exc).__name__
            else:
                if not response.is_error:
                    return response
                if response.status_code == 401 and tokens and not renewed:
                    # a token the server no longer takes: a new one, once
                    response.close()
                    for token in tokens:
                        token.forget()
                        token.fetch(self._client, self.base_url)
                    renewed = True
                    continue
                if retries_done >= self.max_retries or not _should_retry(response):
                    response.read()
                    raise make_status_error(response)
                response.close()
                reason = f"status {response.status_code}"
            delay = _retry_delay(retries_done, response)
            _log_retry(request, delay, reason)
            self._sleep(delay)
            retries_done += 1

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self: _SyncClientT) -> _SyncClientT:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(_BaseClient[httpx2.AsyncClient]):
    _default_stream_cls = AsyncStream

    def __init__(
        self,
        *,
        base_url: str | httpx2.URL,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx2.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
        )

    def _make_http_client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(
            timeout=self.timeout, follow_redirects=True, headers=self._fixed_headers()
        )

    async def request(
        self,
        cast_to: Any,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        files: Files | None = None,
        form: Mapping[str, object] | BaseModel | NotGiven | None = None,
        form_styles: Mapping[str, tuple[str, bool]] | None = None,
        part_types: Mapping[str, str] | None = None,
        content: object | None = None,
        content_type: str | None = None,
        headers: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
        security: Security | None = None,
        server: str | None = None,
        stream: bool = False,
        stream_cls: type[AsyncStream[Any]] | None = None,
        page_cls: type[AsyncCursorPage[Any]] | type[AsyncLinkPage[Any]] | None = None,
        page_fields: tuple[str, str] | None = None,
    ) -> Any:
        """Send a request (with retries) and parse the response into ``cast_to``."""
        options, raw = _pop_raw_marker(options)
        query = _drop_not_given(params)
        credentials = self._credentials(security)
        tokens = [c for c in credentials if isinstance(c, ClientCredentials)]
        for token in tokens:
            await token.afetch(self._client, self.base_url)
        build = functools.partial(
            self._build_request,
            method,
            path,
            params=query,
            body=_Body(
                json,
                files,
                _form_of(form),
                _replayable(content, asynchronous=True),
                content_type,
                form_styles,
                part_types,
                self._multipart_brackets,
            ),
            headers=headers,
            options=options,
            credentials=credentials,
            server=server,
        )
        response = await self._send(
            build, stream=stream or raw == STREAMED, tokens=tokens
        )
        parse = functools.partial(
            self._process_response,
            cast_to=cast_to,
            stream=stream,
            stream_cls=stream_cls,
            page_cls=page_cls,
            page_request=(
                PageRequest(
                    self,
                    method,
                    path,
                    query,
                    options,
                    cast_to,
                    security,
                    server,
                    page_fields,
                )
                if page_cls
                else None
            ),
        )
        if raw == STREAMED:
            return AsyncStreamedAPIResponse(response, parse)
        return APIResponse(response, parse) if raw else parse(response)

    async def _send(
        self,
        build: Callable[[], httpx2.Request],
        *,
        stream: bool,
        tokens: Sequence[ClientCredentials] = (),
    ) -> httpx2.Response:
        retries_done = 0
        renewed = False
        while True:
            request = build()
            response: httpx2.Response | None = None
            try:
                response = await self._client.send(request, stream=stream)
            except httpx2.RequestError as exc:  # (a body it cannot decode too)
                if retries_done >= self.max_retries:
                    raise _connection_error(request, exc) from exc
                reason = type(exc).__name__
            else:
                if not response.is_error:
                    return response
                if response.status_code == 401 and tokens and not renewed:
                    # a token the server no longer takes: a new one, once
                    await response.aclose()
                    for token in tokens:
                        token.forget()
                        await token.afetch(self._client, self.base_url)
                    renewed = True
                    continue
                if retries_done >= self.max_retries or not _should_retry(response):
                    await response.aread()
                    raise make_status_error(response)
                await response.aclose()
                reason = f"status {response.status_code}"
            delay = _retry_delay(retries_done, response)
            _log_retry(request, delay, reason)
            await self._sleep(delay)
            retries_done += 1

    async def _sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)

    async def close(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    aclose = close

    async def __aenter__(self: _AsyncClientT) -> _AsyncClientT:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


# --- request building --------------------------------------------------------


def _pop_raw_marker(
    options: RequestOptions | None,
) -> tuple[RequestOptions, str]:
    """Remove the marker header of with_raw_response and with_streaming_response; tell
    which it was ("" for none, STREAMED for the streaming one)."""
    if not options or not options.get("extra_headers"):
        # the common case: nothing to look at, nothing to copy
        return options or {}, ""
    options = cast(RequestOptions, dict(options))
    marker = RAW_RESPONSE_HEADER.lower()
    extra_headers = options.get("extra_headers") or {}
    raw = next((str(v) for k, v in extra_headers.items() if k.lower() == marker), "")
    if raw:
        options["extra_headers"] = {
            k: v for k, v in extra_headers.items() if k.lower() != marker
        }
    return options, raw


def _drop_not_given(values: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (values or {}).items() if not isinstance(v, NotGiven)}


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _wire(headers: dict[str, str]) -> Mapping[str, str] | Mapping[bytes, bytes]:
    """Headers as httpx2 takes them: it sends text as ASCII only, so a value in other
    text (a documented one such as `café`) goes as UTF-8."""
    if all(value.isascii() for value in headers.values()):
        return headers
    return {k.encode("ascii"): v.encode() for k, v in headers.items()}


def _encode_headers(headers: Mapping[str, object]) -> dict[str, str]:
    """Header parameters in `simple` style; None and NOT_GIVEN left out. Cookie
    parameters come as one `cookie` entry (from the generated method)."""
    encoded: dict[str, str] = {}
    for key, value in headers.items():
        text = header_value(value)
        if text is not None:
            encoded[key.lower()] = text
    return encoded


@dataclasses.dataclass(frozen=True)
class _Body:
    """A request's body as the generated method gives it: JSON, a multipart or
    urlencoded form, or raw content (text, bytes, a file, an iterator) with its media
    type."""

    json: object | None
    files: Files | None
    form: Mapping[str, object] | None
    content: Callable[[], object] | None
    content_type: str | None
    form_styles: Mapping[str, tuple[str, bool]] | None = None
    part_types: Mapping[str, str] | None = None
    brackets: bool = False

    def encoded(self, extra_body: object | None) -> tuple[dict[str, Any], str | None]:
        """httpx2's keyword arguments for the body (none at all when there is none), and
        the Content-Type to send: the spec's, else that of the body's kind (httpx2
        writes multipart's, with its boundary)."""
        if self.files is not None:
            # Every field as a part: multipart even when no file is given.
            parts = _form_parts(
                _merge_body(
                    self.form if self.form is not None else self.json, extra_body
                ),
                self.part_types or {},
                self.brackets,
            ) + _file_fields(self.files, self.part_types or {})
            if not parts:  # httpx2 would send no body at all: a form with no fields
                return {"content": b"--" + _BOUNDARY + b"--\r\n"}, (
                    f"{self.content_type or 'multipart/form-data'}; "
                    f"boundary={_BOUNDARY.decode()}"
                )
            return {"files": parts}, self.content_type
        if self.form is not None:
            pairs = _urlencoded(
                _merge_body(self.form, extra_body), self.form_styles or {}
            )
            return {"content": urlencode(pairs).encode("ascii")}, (
                self.content_type or _FORM
            )
        if self.content is not None:
            if extra_body is not None:
                raise TypeError(
                    "extra_body can only be merged into a JSON object or form body"
                )
            content = self.content()
            return {"content": content}, _with_boundary(self.content_type, content)
        body = _merge_body(self.json, extra_body)
        if body is None:
            return {}, None
        return {"content": json_body(body)}, self.content_type or "application/json"


def _length(content: Mapping[str, object]) -> str | None:
    """The length of a body as its Content-Length says it: none for a stream, whose
    length httpx2 cannot know, and "?" for a form's parts, which only httpx2 counts."""
    if "files" in content:
        return "?"
    body = content.get("content", b"")
    if isinstance(body, str):
        body = body.encode("utf-8")
    return str(len(body)) if isinstance(body, bytes) else None


def _replayable(
    content: object | None, asynchronous: bool = False
) -> Callable[[], object] | None:
    """Raw content, given anew to each attempt: a file from where it stood, read in
    chunks; bytes and text as they are. An iterator can be sent once only."""
    if content is None or isinstance(content, NotGiven):
        return None
    if isinstance(content, (bytes, str)):
        return lambda: content
    read = getattr(content, "read", None)
    if callable(read):
        seek, start = getattr(content, "seek", None), _tell(content)

        def chunks() -> object:
            if seek is not None and start is not None:
                seek(start)
            return (
                _async_chunks(read) if asynchronous else iter(lambda: read(_CHUNK), b"")
            )

        return chunks
    if asynchronous and not hasattr(content, "__aiter__"):
        return lambda: _async_iter(content)
    return lambda: content


_UNSET = object()
_CHUNK = 64 * 1024
_FORM = "application/x-www-form-urlencoded"
_BOUNDARY = b"clientsmith-empty-form"  # no part to collide with
_BOUNDARY_CHARS = frozenset(
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? "
)


def _with_boundary(content_type: str | None, content: object) -> str | None:
    """The media type of a multipart body given as it goes on the wire, with the
    boundary its first line names (`--BOUNDARY`, RFC 2046): the caller wrote the
    parts, and a multipart body whose Content-Type has no boundary cannot be read."""
    if (
        content_type is None
        or not content_type.lower().startswith("multipart/")
        or "boundary=" in content_type.lower()
    ):
        return content_type
    head = content[:80].encode("utf-8") if isinstance(content, str) else content
    if not isinstance(head, bytes) or not head.startswith(b"--"):
        return content_type
    boundary = head[2:73].partition(b"\n")[0].rstrip(b"\r")
    if not 0 < len(boundary) <= 70 or not set(boundary) <= _BOUNDARY_CHARS:
        return content_type
    text = boundary.decode("ascii")
    if set(text) & set(" (),/:=?"):  # not a token: a quoted string (RFC 2045)
        text = f'"{text}"'
    return f"{content_type}; boundary={text}"


def _tell(file: object) -> int | None:
    try:
        return int(file.tell())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return None


async def _async_chunks(read: Callable[[int], bytes]) -> AsyncIterator[bytes]:
    while chunk := read(_CHUNK):
        yield chunk


async def _async_iter(items: Any) -> AsyncIterator[bytes]:
    for item in items:
        yield item


def _form_of(
    form: Mapping[str, object] | BaseModel | NotGiven | None,
) -> Mapping[str, object] | None:
    """An urlencoded body's fields: none for an optional body left out (no body is
    sent), a model's fields by their names on the wire."""
    if isinstance(form, NotGiven):
        return None
    return cast("Mapping[str, object] | None", _plain(form))


def _merge_body(body: object | None, extra_body: object | None) -> object | None:
    if isinstance(body, NotGiven):
        body = None
    if extra_body is None:
        return body
    if body is None:
        return extra_body
    if isinstance(body, Mapping) and isinstance(extra_body, Mapping):
        return {**body, **extra_body}
    raise TypeError("extra_body can only be merged into a JSON object body")


def _form_parts(
    body: object | None, part_types: Mapping[str, str], brackets: bool
) -> list[tuple[str, Any]]:
    """Multipart form fields as parts. A field whose encoding gives its content type
    goes as one part of that type (JSON text for a JSON type). Else as OpenAPI says:
    an object as one JSON part, a list as a part per item, a scalar as text; or, with
    `brackets`, as nested fields: lists as `key[]`, objects as `key[name]`, at any
    depth."""
    if body is None:
        return []
    if not isinstance(body, Mapping):
        raise TypeError("A multipart body must be a mapping of form fields")
    parts: list[tuple[str, Any]] = []
    for key, value in body.items():
        media = part_types.get(str(key))
        if media is not None and value is not None:
            parts.append((str(key), (None, _typed_part(value, media), media)))
        elif brackets:
            fields: dict[str, str | list[str]] = {}
            _add_form_field(fields, str(key), value)
            parts += _as_parts(fields)
        else:
            items = value if isinstance(value, (list, tuple)) else [value]
            parts += [
                (str(key), _default_part(item)) for item in items if item is not None
            ]
    return parts


def _default_part(value: object) -> tuple[None, Any] | tuple[None, bytes, str]:
    """A part as OpenAPI sends it by default: JSON for an object (or a list in a list),
    text for a scalar."""
    if isinstance(value, (Mapping, list, tuple)):
        return (None, json_body(value), "application/json")
    return (None, scalar(value))


def _typed_part(value: object, media: str) -> bytes:
    if is_json_type(media):
        return json_body(value)
    return value if isinstance(value, bytes) else scalar(value).encode("utf-8")


def _add_form_field(
    fields: dict[str, str | list[str]], key: str, value: object
) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for name, item in value.items():
            _add_form_field(fields, f"{key}[{name}]", item)
    elif isinstance(value, (list, tuple)):
        if all(not isinstance(item, (Mapping, list, tuple)) for item in value):
            fields[f"{key}[]"] = [scalar(item) for item in value]
        else:
            for i, item in enumerate(value):
                _add_form_field(fields, f"{key}[{i}]", item)
    else:
        fields[key] = scalar(value)


def _urlencoded(
    body: object | None, styles: Mapping[str, tuple[str, bool]]
) -> list[tuple[str, str]]:
    """An application/x-www-form-urlencoded body, each field in its OpenAPI style (by
    default `form`, exploded: a list repeats its key, an object gives its own fields).
    """
    if body is None:
        return []
    if not isinstance(body, Mapping):
        raise TypeError("A form body must be a mapping of form fields")
    pairs: list[tuple[str, str]] = []
    for key, value in body.items():
        pairs += form_pairs(str(key), value, *styles.get(str(key), ("form", True)))
    return pairs


def _as_parts(fields: Mapping[str, str | list[str]]) -> list[tuple[str, Any]]:
    parts: list[tuple[str, Any]] = []
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append((key, (None, item)))
    return parts


def _file_fields(files: Files, part_types: Mapping[str, str]) -> list[tuple[str, Any]]:
    """httpx2's list form, so that a list of files repeats its field. A file given as
    bytes or a file object goes with its encoding's content type, where that gives one
    (a tuple says its own)."""
    fields: list[tuple[str, Any]] = []
    for key, value in files.items():
        media = part_types.get(key)
        for file in value if isinstance(value, list) else [value]:
            if media is not None and not isinstance(file, tuple):
                name = getattr(file, "name", None)
                file = (
                    os.path.basename(name) if isinstance(name, str) else "upload",
                    file,
                    media,
                )
            fields.append((key, file))
    return fields


def _drop_cached_properties(obj: object) -> None:
    for klass in type(obj).__mro__:
        for name, attr in vars(klass).items():
            if isinstance(attr, functools.cached_property):
                obj.__dict__.pop(name, None)


def _link_page(
    page_cls: type[BaseLinkPage[Any]],
    item_type: Any,
    data: object,
    request: PageRequest | None,
    response: httpx2.Response,
) -> BaseLinkPage[Any]:
    """A page of the items under the request's first field, linking to the next page
    by the URL under its second (none: the last page). No first field: the answer is
    the list, and the second names a header, RFC 8288's `Link` (`<url>; rel="next"`)."""
    items, link = request.fields if request and request.fields else ("value", "")
    if not items:
        found = response.links.get("next", {}).get("url") if link else None
        listed = data if isinstance(data, list) else []
        return page_cls(parse_response(list[item_type], listed), found, {}, request)
    body = data if isinstance(data, dict) else {}
    found = body.get(link)
    return page_cls(
        parse_response(list[item_type], body.get(items) or []),
        found if isinstance(found, str) else None,
        body,
        request,
    )


def _page_type(page_cls: type[BaseCursorPage[Any]], item_type: Any) -> Any:
    """``SyncCursorPage`` -> ``SyncCursorPage[item_type]`` (if not done yet)."""
    if page_cls.__pydantic_generic_metadata__["parameters"]:
        return cast(Any, page_cls)[item_type]
    return page_cls


def _safe_url(url: httpx2.URL) -> str:
    """The URL without query and user info, which may hold credentials."""
    return str(url.copy_with(query=None, userinfo=b"", fragment=None))


# --- retries -------------------------------------------------------------------


def _should_retry(response: httpx2.Response) -> bool:
    # The server's explicit advice wins.
    should_retry = response.headers.get("x-should-retry")
    if should_retry == "true":
        return True
    if should_retry == "false":
        return False
    # Request timeout, lock conflict, rate limit, server error.
    status = response.status_code
    return status in (408, 409, 429) or status >= 500


def _retry_delay(retries_done: int, response: httpx2.Response | None) -> float:
    """Seconds to wait: the server's Retry-After if sane, else backoff."""
    retry_after = _parse_retry_after(response.headers) if response else None
    if retry_after is not None and 0 <= retry_after <= MAX_RETRY_AFTER:
        return retry_after
    backoff = min(INITIAL_RETRY_DELAY * 2.0**retries_done, MAX_RETRY_DELAY)
    # Up to 25% jitter so that many clients do not retry in lockstep.
    return backoff * (1 - 0.25 * random.random())


def _parse_retry_after(headers: httpx2.Headers) -> float | None:
    """``retry-after-ms``, or ``Retry-After`` in seconds or as an HTTP date."""
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) * scale
        except ValueError:
            continue
        return seconds if math.isfinite(seconds) else None
    retry_date = headers.get("retry-after")
    if retry_date is None:
        return None
    try:
        return email.utils.parsedate_to_datetime(retry_date).timestamp() - time.time()
    except (TypeError, ValueError):
        return None


def _connection_error(
    request: httpx2.Request, exc: httpx2.RequestError
) -> APIConnectionError:
    if isinstance(exc, httpx2.TimeoutException):
        return APITimeoutError(request=request)
    return APIConnectionError(request=request)


def _log_retry(request: httpx2.Request, delay: float, reason: str) -> None:
    # Method and URL only: headers (credentials) are never logged.
    log.info(
        "Retrying %s %s in %.2f seconds (%s)",
        request.method,
        _safe_url(request.url),
        delay,
        reason,
    )
