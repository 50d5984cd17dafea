"""Lists of requests read a page at a time, without counting them.

A desk with a million requests must open its inbox as fast as one with a thousand, so
neither the cartable nor the staff API counts the requests that match: counting reads
every match (a bitmap of all the requests the clerk sees), while a page newest first
reads its rows from an index and stops. A page reads `per_page + 1` rows; the extra row
only tells that a next page exists. The total is known, and shown, once the last page
is reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination, replace_query_param
from rest_framework.response import Response
from rest_framework.settings import api_settings


def positive_whole_number(raw: str | None) -> int | None:
    """`raw` as a whole number of 1 or more written in ASCII digits, else None."""
    if raw is None or not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        return None
    return int(raw)


@dataclass(frozen=True)
class ListWindow:
    """Page `number` of a list, `per_page` rows at most, and whether another follows."""

    object_list: Sequence
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def shown_so_far(self) -> int:
        """Rows on this page and the pages before it."""
        return (self.number - 1) * self.per_page + len(self.object_list)

    @property
    def count(self) -> int | None:
        """How many match, once this is the last page (else unknown: None)."""
        return None if self.has_next else self.shown_so_far


def list_window(queryset: QuerySet, number: int, per_page: int) -> ListWindow:
    """Page `number` of the (ordered) `queryset`: one query of `per_page + 1` rows."""
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return ListWindow(
        object_list=rows[:per_page],
        number=number,
        per_page=per_page,
        has_next=len(rows) > per_page,
    )


class WindowPagination(BasePagination):
    """The staff API's pages: `?page=` and `?page_size=` (at most 100), answered as
    `{"next", "previous", "results"}` with no count. A malformed value is a 400 naming the
    parameter; a page past the last is a 404."""

    page_query_param = "page"
    page_size_query_param = "page_size"
    page_size = api_settings.PAGE_SIZE
    max_page_size = 100

    def _parameter(self, request, name: str, default: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        number = positive_whole_number(raw)
        if number is None:
            raise exceptions.ValidationError({name: [_("Enter a whole number of 1 or more.")]})
        return number

    def paginate_queryset(self, queryset, request, view=None) -> list:
        number = self._parameter(request, self.page_query_param, 1)
        per_page = min(
            self._parameter(request, self.page_size_query_param, self.page_size),
            self.max_page_size,
        )
        self.window = list_window(queryset, number, per_page)
        if number > 1 and not self.window.object_list:
            raise exceptions.NotFound(_("There is no such page."))
        self.request = request
        return list(self.window.object_list)

    def _link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data) -> Response:
        window = self.window
        return Response(
            {
                "next": self._link(window.next_page_number) if window.has_next else None,
                "previous": (
                    self._link(window.previous_page_number) if window.has_previous else None
                ),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page; null on the last page."},
                "previous": {**link, "description": "The page before; null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        def parameter(name: str, description: str) -> dict:
            return {
                "name": name,
                "required": False,
                "in": "query",
                "description": description,
                "schema": {"type": "integer", "minimum": 1},
            }

        return [
            parameter(self.page_query_param, "A page number, from 1."),
            parameter(
                self.page_size_query_param,
                f"Requests per page (default {self.page_size}; a larger value than "
                f"{self.max_page_size} gives {self.max_page_size}).",
            ),
        ]
