"""Admin: the audit trail (/admin/audit/), read-only: who changed what, when, field by field."""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .constants import PER_PAGE, VIEW_PERMISSION
from .export import csv_response, xlsx_response
from .forms import AuditFilterForm
from .selectors import audit_entries, audit_trail_keys, cursor_parse, entry_is_empty

EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}


@require_safe
def audit_trail(request):
    """Newest first, filtered by the GET form; `?format=csv|xlsx` exports the same rows."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    valid = form.is_valid()
    export = EXPORTS.get(request.GET.get("format", ""))
    filters = dataclasses.replace(form.filters(), reader=request.user) if valid else None
    if export is not None and valid:
        filename = f"audit-{timezone.localdate():%Y%m%d}"
        return export(filters=filters, user=request.user, filename=filename)
    entries, next_cursor = [], ""
    before = cursor_parse(request.GET.get("before", ""))
    if valid:
        keys = audit_trail_keys(filters=filters, before=before, limit=PER_PAGE + 1)
        if len(keys) > PER_PAGE:
            keys = keys[:PER_PAGE]
            next_cursor = keys[-1].cursor
        entries = audit_entries(keys=keys, user=request.user)
    # Saves that changed nothing (mostly Wagtail's autosaves) are folded away unless asked.
    unfold = bool(request.GET.get("unfold"))
    folded = [] if unfold else [entry for entry in entries if entry_is_empty(entry)]
    entries = [entry for entry in entries if entry not in folded]
    query = request.GET.copy()
    for name in ("before", "format"):
        query.pop(name, None)
    return TemplateResponse(
        request,
        "audit/trail.html",
        {
            "page_title": _("Audit trail"),
            "header_icon": "history",
            "form": form,
            "entries": entries,
            "folded_count": len(folded),
            "next_cursor": next_cursor,
            "is_first_page": before is None,
            "query": query.urlencode(),
        },
    )
