"""Every snippet's history in Jalali, readable by those who may only view the snippet.

Wagtail's snippet `HistoryView` filters by a Gregorian date range and is open to whoever
may add, change or delete the model. `JalaliSnippetHistoryView` filters by a Jalali day
range (`admin_filters`) and is open to the view permission too, so managers (who read
everything and change nothing) follow every change. `JalaliSnippetViewSet` is Wagtail's
`SnippetViewSet` with that history: every snippet of the project registers through it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.history import HistoryFilterSet
from wagtail.snippets.views.snippets import HistoryView, SnippetViewSet

from .admin_filters import JalaliDateFromToRangeFilter


class JalaliHistoryFilterSet(HistoryFilterSet):
    timestamp = JalaliDateFromToRangeFilter(label=_("Date"))


class JalaliSnippetHistoryView(HistoryView):
    any_permission_required = ["add", "change", "delete", "view"]
    filterset_class = JalaliHistoryFilterSet


class JalaliSnippetViewSet(SnippetViewSet):
    history_view_class = JalaliSnippetHistoryView
