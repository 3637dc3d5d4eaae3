"""Pagination: by cursor (``?after=<id of the last item>`` while ``has_more``), and by
the next page's link that each page gives (Azure's ``x-ms-pageable``: the items under
``value``, the link under ``nextLink``; Microsoft Graph's ``@odata.nextLink``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pydantic

from ._models import BaseModel
from ._types import RequestOptions

__all__ = [
    "AsyncCursorPage",
    "AsyncLinkPage",
    "BaseCursorPage",
    "BaseLinkPage",
    "PageRequest",
    "SyncCursorPage",
    "SyncLinkPage",
]

T = TypeVar("T")
_SyncPageT = TypeVar("_SyncPageT", bound="SyncCursorPage[Any]")
_AsyncPageT = TypeVar("_AsyncPageT", bound="AsyncCursorPage[Any]")
_SyncLinkPageT = TypeVar("_SyncLinkPageT", bound="SyncLinkPage[Any]")
_AsyncLinkPageT = TypeVar("_AsyncLinkPageT", bound="AsyncLinkPage[Any]")
_SyncPagesT = TypeVar("_SyncPagesT", bound="_SyncPages[Any]")
_AsyncPagesT = TypeVar("_AsyncPagesT", bound="_AsyncPages[Any]")


@dataclass(frozen=True)
class PageRequest:
    """How a page was fetched, so that the next one can be.

    ``client`` is the SyncAPIClient or AsyncAPIClient (typed Any to avoid an
    import cycle); the base client attaches this to every page it returns.
    """

    client: Any
    method: str
    path: str
    params: Mapping[str, object]
    options: RequestOptions | None
    item_type: Any
    security: Any = None  # the operation's, when not the API's default
    server: str | None = None  # the operation's own server
    fields: tuple[str, str] | None = None  # a link page's: (items, next page's link)


class _SyncPages(Generic[T]):
    """Walking the pages that follow one, whatever tells where the next one is."""

    if TYPE_CHECKING:  # a page class has these (not here: they would be fields)
        data: list[T]

        def has_next_page(self) -> bool: ...

        def get_next_page(self: _SyncPagesT) -> _SyncPagesT: ...

    def iter_pages(self: _SyncPagesT) -> Iterator[_SyncPagesT]:
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def auto_paging_iter(self) -> Iterator[T]:
        """Every item of this page and of the following ones."""
        for page in self.iter_pages():
            yield from page.data

    def __iter__(self) -> Iterator[T]:
        """``for item in page`` walks all pages; ``page.data`` is this page's."""
        return self.auto_paging_iter()


class _AsyncPages(Generic[T]):
    """The same as _SyncPages, for pages fetched with ``await``."""

    if TYPE_CHECKING:
        data: list[T]

        def has_next_page(self) -> bool: ...

        async def get_next_page(self: _AsyncPagesT) -> _AsyncPagesT: ...

    async def iter_pages(self: _AsyncPagesT) -> AsyncIterator[_AsyncPagesT]:
        page = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def auto_paging_iter(self) -> AsyncIterator[T]:
        """Every item of this page and of the following ones."""
        async for page in self.iter_pages():
            for item in page.data:
                yield item

    def __aiter__(self) -> AsyncIterator[T]:
        """``async for item in page`` walks all pages; ``page.data`` is this page's."""
        return self.auto_paging_iter()


class BaseCursorPage(BaseModel, Generic[T]):
    data: list[T]
    has_more: bool | None = None
    first_id: str | None = None
    last_id: str | None = None

    _request: PageRequest | None = pydantic.PrivateAttr(default=None)

    def _set_request(self, request: PageRequest) -> None:
        self._request = request

    def has_next_page(self) -> bool:
        # has_more may be absent: then an empty page is the end.
        return self.has_more is not False and self._next_cursor() is not None

    def _next_cursor(self) -> str | None:
        if not self.data:
            return None
        last = self.data[-1]
        # Leniently parsed items may have stayed plain dicts.
        item_id = (
            last.get("id") if isinstance(last, dict) else getattr(last, "id", None)
        )
        if isinstance(item_id, str):
            return item_id
        return self.last_id

    def _next_page_args(self) -> tuple[PageRequest, dict[str, Any]]:
        request = self._request
        cursor = self._next_cursor()
        if request is None or cursor is None:
            raise RuntimeError("There is no next page to fetch.")
        args = {
            "params": {**request.params, "after": cursor},
            "options": request.options,
            "page_cls": type(self),
            "security": request.security,
            "server": request.server,
        }
        return request, args


class SyncCursorPage(  # type: ignore[misc]  # (BaseModel's __iter__ is another)
    _SyncPages[T], BaseCursorPage[T], Generic[T]
):
    """A page of a list by cursor. ``for item in page`` walks every page: _SyncPages
    comes first, before BaseModel, whose ``__iter__`` gives the fields."""

    def get_next_page(self: _SyncPageT) -> _SyncPageT:
        request, args = self._next_page_args()
        page: _SyncPageT = request.client.request(
            request.item_type, request.method, request.path, **args
        )
        return page


class AsyncCursorPage(_AsyncPages[T], BaseCursorPage[T], Generic[T]):
    async def get_next_page(self: _AsyncPageT) -> _AsyncPageT:
        request, args = self._next_page_args()
        page: _AsyncPageT = await request.client.request(
            request.item_type, request.method, request.path, **args
        )
        return page


class BaseLinkPage(Generic[T]):
    """A page whose answer gives the next page's URL, in its body or its ``Link``
    header. ``data`` is this page's items, ``next_link`` the link (None on the last
    page), ``body`` the whole answer when it is an object."""

    def __init__(
        self,
        data: list[T],
        next_link: str | None,
        body: Mapping[str, Any],
        request: PageRequest | None = None,
    ) -> None:
        self.data, self.next_link, self.body = data, next_link, body
        self._request = request

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(data={self.data!r}, next_link={self.next_link!r})"
        )

    def has_next_page(self) -> bool:
        return bool(self.next_link)

    def _next_page_args(self) -> tuple[PageRequest, str, dict[str, Any]]:
        """The request, the next page's URL, and the arguments to fetch it with: the
        link holds the query (the first request's parameters are not sent again)."""
        request = self._request
        if request is None or not self.next_link:
            raise RuntimeError("There is no next page to fetch.")
        args = {
            "options": request.options,
            "page_cls": type(self),
            "page_fields": request.fields,
            "security": request.security,
            "server": request.server,
        }
        return request, self.next_link, args


class SyncLinkPage(_SyncPages[T], BaseLinkPage[T], Generic[T]):
    def get_next_page(self: _SyncLinkPageT) -> _SyncLinkPageT:
        request, link, args = self._next_page_args()
        page: _SyncLinkPageT = request.client.request(
            request.item_type, "get", link, **args
        )
        return page


class AsyncLinkPage(_AsyncPages[T], BaseLinkPage[T], Generic[T]):
    async def get_next_page(self: _AsyncLinkPageT) -> _AsyncLinkPageT:
        request, link, args = self._next_page_args()
        page: _AsyncLinkPageT = await request.client.request(
            request.item_type, "get", link, **args
        )
        return page
