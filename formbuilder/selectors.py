"""Reads of request forms for the admin: their status, the list editors choose from, search."""

from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.utils.translation import gettext as _

from .constants import FormStatus
from .models import ServiceForm
from .persian.text import normalize_search_text

# Draft (never published, or unpublished), published, or published with a newer draft.
_FORM_STATUS = Case(
    When(live=False, then=Value(FormStatus.DRAFT.value)),
    When(has_unpublished_changes=True, then=Value(FormStatus.CHANGED.value)),
    default=Value(FormStatus.PUBLISHED.value),
    output_field=CharField(),
)


def service_form_list_with_status(forms: QuerySet | None = None) -> QuerySet:
    """Forms annotated with `form_status` (a `FormStatus` value), to show or filter by."""
    if forms is None:
        forms = ServiceForm.objects.all()
    return forms.annotate(form_status=_FORM_STATUS)


def service_form_status(form: ServiceForm) -> FormStatus:
    """The status of a form from `service_form_list_with_status`."""
    return FormStatus(form.form_status)


def service_form_filter_status(forms: QuerySet, status: FormStatus | str) -> QuerySet:
    """Forms from `service_form_list_with_status` in one status."""
    return forms.filter(form_status=FormStatus(status).value)


def service_form_list_recent(forms: QuerySet | None = None) -> QuerySet:
    """Published forms before drafts, each group most recently edited first.

    A service page can only use a published form, and the form an editor is looking for
    is usually the one they just worked on, so old drafts and test forms sink.
    """
    if forms is None:
        forms = service_form_list_with_status()
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


def service_form_list_choosable(forms: QuerySet | None = None) -> QuerySet:
    """The forms a service page may pick, for the chooser: archived ones left out."""
    return service_form_list_recent(forms).filter(archived=False)


def service_form_delete_blockers(form: ServiceForm) -> list[str]:
    """Why the form may not be deleted (empty: it may): a live service page uses it, or
    citizens sent requests with it (those keep their form; archive it instead).

    The catalog's pages and the requests are reached through their related names, so the
    toolkit imports neither app.
    """
    blockers = []
    for page in form.services.filter(live=True).order_by("title"):
        blockers.append(
            _("The published service “%(service)s” uses this form.") % {"service": page.title}
        )
    if form.versions.filter(submissions__isnull=False).exists():
        blockers.append(
            _("Citizens have sent requests with this form; archive it instead of deleting it.")
        )
    return blockers
