"""Reads of request forms for the admin: their status, the list editors choose from, search."""

from django.db.models import F, QuerySet

from .constants import FormStatus
from .models import ServiceForm
from .persian.text import normalize_search_text


def service_form_status(form: ServiceForm) -> FormStatus:
    """Draft (never published or unpublished), published, or published with a newer draft."""
    if not form.live:
        return FormStatus.DRAFT
    if form.has_unpublished_changes:
        return FormStatus.CHANGED
    return FormStatus.PUBLISHED


def service_form_list_recent(forms: QuerySet | None = None) -> QuerySet:
    """Published forms before drafts, each group most recently edited first.

    A service page can only use a published form, and the form an editor is looking for
    is usually the one they just worked on, so old drafts and test forms sink.
    """
    if forms is None:
        forms = ServiceForm.objects.all()
    return forms.order_by(
        F("live").desc(),
        F("latest_revision__created_at").desc(nulls_last=True),
        "title",
        "pk",
    )


def service_form_search(forms: QuerySet, text: str) -> QuerySet:
    """Forms whose title holds every word of `text`, typed as people type: Arabic ي/ك,
    Persian or Arabic digits, a space or a zero-width non-joiner between word parts."""
    for word in normalize_search_text(text).split():
        forms = forms.filter(title__icontains=word)
    return forms
