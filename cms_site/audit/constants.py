"""The audit trail's fixed lists: the models it covers and the actions it tells apart."""

from django.db import models
from django.utils.translation import pgettext_lazy

VIEW_PERMISSION = "khedmat_audit.view_audit"

# The models kept by simple-history, by label. Their position is the model's index in
# the timeline's sort key, so append new models at the end.
AUDITED_LABELS = (
    "catalog.servicepage",
    "catalog.department",
    "catalog.holiday",
    "catalog.agencysettings",
    "formbuilder.serviceform",
    "routing.routingrule",
    "routing.automationendpoint",
    "receipts.smstemplate",
    "submissions.submission",
    "appointments.openingschedule",
    "appointments.scheduleexception",
    "appointments.booking",
)
# Models edited through Wagtail drafts: a saved draft is not what is live.
DRAFT_LABELS = ("catalog.servicepage", "formbuilder.serviceform")

PER_PAGE = 50
EXPORT_MAX_ROWS = 100_000
EXPORT_BATCH = 500
# Texts longer than this, or with more than one line, are shown as a line diff.
LONG_TEXT = 200


class AuditAction(models.TextChoices):
    CREATED = "created", pgettext_lazy("audit action", "created")
    CHANGED = "changed", pgettext_lazy("audit action", "changed")
    DELETED = "deleted", pgettext_lazy("audit action", "deleted")
    DRAFT_SAVED = "draft", pgettext_lazy("audit action", "draft saved (not live)")
    PUBLISHED = "published", pgettext_lazy("audit action", "published")
    UNPUBLISHED = "unpublished", pgettext_lazy("audit action", "unpublished")


HISTORY_TYPE_ACTIONS = {
    "+": AuditAction.CREATED,
    "~": AuditAction.CHANGED,
    "-": AuditAction.DELETED,
}

# Bookkeeping columns of pages and drafts: not what an editor changed.
BOOKKEEPING_FIELDS = frozenset(
    {
        "id",
        "page_ptr",
        "path",
        "depth",
        "numchild",
        "url_path",
        "content_type",
        "draft_title",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "latest_revision_created_at",
        "live_revision",
        "latest_revision",
        "locked",
        "locked_at",
        "locked_by",
        "owner",
        "translation_key",
        "locale",
        "alias_of",
        "search_text",
        "updated_at",
    }
)
