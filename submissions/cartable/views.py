"""The staff cartable (کارتابل): the inbox, a request's page, its files, and the actions.

Who sees what is `selectors.submissions_visible_to`; who may act is
`selectors.submission_may_change`; what may happen next is the status machine
(`constants.TRANSITIONS`), applied by `services`. A request out of the user's sight is a
404, so nobody learns that a code exists; an action the user may not take is
PermissionDenied (Wagtail answers it with a redirect to the dashboard).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from formbuilder.display import answers_display
from formbuilder.uploads import stored_file_response

from ..constants import FINAL_STATUSES, TRANSITIONS, Actor, Status
from ..models import Submission
from ..paging import list_window, positive_whole_number
from ..selectors import (
    VIEW_ALL_PERMISSION,
    overdue_q,
    submission_is_overdue,
    submission_may_change,
    submissions_visible_to,
)
from ..services import (
    TAKE_STARTS_REVIEW,
    TransitionForbidden,
    TransitionNotAllowed,
    submission_letter_number_set,
    submission_note_add,
    submission_take,
    submission_transition,
)
from ..tracking import tracking_code_normalise
from . import forms

PER_PAGE = 25
VIEW_PERMISSION = "submissions.view_submission"


def cartable_may_enter(user) -> bool:
    """Who has a cartable: staff with a view permission, or members of a department."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.has_perm(VIEW_PERMISSION)
        or user.has_perm(VIEW_ALL_PERMISSION)
        or user.departments.exists()
    )


def _enter(request) -> None:
    if not cartable_may_enter(request.user):
        raise PermissionDenied


def _visible_or_404(request, tracking_code: str) -> Submission:
    code = tracking_code_normalise(tracking_code)
    if code is None:
        raise Http404
    return get_object_or_404(submissions_visible_to(request.user), tracking_code=code)


def inbox(request):
    """Requests the user can see, newest first, with filters and the overdue ones marked."""
    _enter(request)
    today = timezone.localdate()
    form = forms.InboxFilterForm(request.GET or None, user=request.user)
    requests = (
        form.filter(user=request.user, today=today)
        .annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))
        .order_by("-created_at", "-pk")
    )
    # A page at a time, never counted (`paging`); a malformed page number is the first page.
    number = positive_whole_number(request.GET.get("p")) or 1
    page = list_window(requests, number, PER_PAGE)
    if number > 1 and not page.object_list:  # past the end (the list shrank): the first
        page = list_window(requests, 1, PER_PAGE)
    return TemplateResponse(
        request,
        "submissions/cartable/inbox.html",
        {"form": form, "page": page, "today": today},
    )


# Actions -------------------------------------------------------------------------------


def _transition_to(status: str) -> Callable[[Submission, Any], bool]:
    """Available when the status machine lets staff move the request to `status`."""

    def available(submission: Submission, user) -> bool:
        return Actor.STAFF in TRANSITIONS.get(submission.status, {}).get(status, ())

    return available


def _take_available(submission: Submission, user) -> bool:
    if submission.status in FINAL_STATUSES:
        return False
    return submission.assigned_to_id != user.pk or submission.status in TAKE_STARTS_REVIEW


def _take(submission: Submission, user, data: dict) -> str:
    submission_take(submission=submission, user=user)
    return _("The request is assigned to you.")


def _staff_transition(submission: Submission, user, status: str, **changes) -> None:
    """Move the request to `status` as staff member `user`; `changes` are what the move records."""
    submission_transition(
        submission=submission, status=status, actor=Actor.STAFF, user=user, **changes
    )


def _refer(submission: Submission, user, data: dict) -> str:
    _staff_transition(
        submission,
        user,
        Status.REFERRED,
        department=data["department"],
        internal_note=data["instruction"],
        public_message=data["public_message"],
    )
    return _("The request is referred to %(department)s.") % {"department": data["department"]}


def _status_change(status: str, done: str) -> Callable[[Submission, Any, dict], str]:
    def perform(submission: Submission, user, data: dict) -> str:
        _staff_transition(
            submission,
            user,
            status,
            public_message=data["public_message"],
            internal_note=data["internal_note"],
        )
        return str(done)

    return perform


def _register(submission: Submission, user, data: dict) -> str:
    _staff_transition(submission, user, Status.REGISTERED, letter_number=data["letter_number"])
    return _("The letter number is recorded.")


def _letter_available(submission: Submission, user) -> bool:
    """Open and past "submitted" (where registering records the number)."""
    return submission.status not in FINAL_STATUSES and submission.status != Status.SUBMITTED


def _letter(submission: Submission, user, data: dict) -> str:
    if submission_letter_number_set(
        submission=submission, user=user, letter_number=data["letter_number"]
    ):
        return _("The letter number is recorded.")
    return _("The letter number was already this one; nothing changed.")


def _note(submission: Submission, user, data: dict) -> str:
    submission_note_add(submission=submission, user=user, note=data["note"])
    return _("The note is added.")


@dataclass(frozen=True)
class CartableAction:
    """One thing staff do to a request from its page: a form, when it is possible, and
    the service call it makes (returning the success message)."""

    form_class: type[forms.ActionForm]
    available: Callable[[Submission, Any], bool]
    perform: Callable[[Submission, Any, dict], str]


ACTIONS: dict[str, CartableAction] = {
    "take": CartableAction(forms.TakeForm, _take_available, _take),
    "register": CartableAction(forms.RegisterForm, _transition_to(Status.REGISTERED), _register),
    "refer": CartableAction(forms.ReferForm, _transition_to(Status.REFERRED), _refer),
    "needs-info": CartableAction(
        forms.NeedsInfoForm,
        _transition_to(Status.NEEDS_INFO),
        _status_change(
            Status.NEEDS_INFO, gettext_lazy("The citizen is asked for more information.")
        ),
    ),
    "complete": CartableAction(
        forms.CompleteForm,
        _transition_to(Status.COMPLETED),
        _status_change(Status.COMPLETED, gettext_lazy("The request is completed.")),
    ),
    "reject": CartableAction(
        forms.RejectForm,
        _transition_to(Status.REJECTED),
        _status_change(Status.REJECTED, gettext_lazy("The request is rejected.")),
    ),
    "letter": CartableAction(forms.LetterNumberForm, _letter_available, _letter),
    "note": CartableAction(forms.NoteForm, lambda submission, user: True, _note),
}


def _form_errors(form) -> str:
    """«Label: error.» for each field, for a message above the page."""
    parts = []
    for name, errors in form.errors.items():
        text = " ".join(errors)
        parts.append(f"{form.fields[name].label}: {text}" if name in form.fields else text)
    return " ".join(parts)


def _detail_url(submission: Submission) -> str:
    return reverse("submissions_cartable_detail", args=[submission.tracking_code])


def detail(request, tracking_code: str):
    """A request: answers, files, receipt, timeline, SLA and the actions the user may take."""
    _enter(request)
    submission = _visible_or_404(request, tracking_code)
    may_change = submission_may_change(request.user, submission)
    actions = {}
    if may_change:
        actions = {
            name.replace("-", "_"): action.form_class(submission=submission)
            for name, action in ACTIONS.items()
            if action.available(submission, request.user)
        }
    try:
        submission.receipt  # noqa: B018 - the receipt may not be rendered yet
    except ObjectDoesNotExist:
        receipt_url = ""
    else:
        receipt_url = reverse("receipts:receipt", args=[submission.access_token])
    response = TemplateResponse(
        request,
        "submissions/cartable/detail.html",
        {
            "submission": submission,
            "answers": answers_display(submission.schema, submission.data),
            "files": submission.files.all(),
            "events": submission.events.select_related("actor", "department"),
            "receipt_url": receipt_url,
            "is_overdue": submission_is_overdue(submission),
            "may_change": may_change,
            "actions": actions,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def action(request, tracking_code: str, name: str):
    """Run one action; any refusal is a message on the request's page, never a 500."""
    _enter(request)
    cartable_action = ACTIONS.get(name)
    if cartable_action is None:
        raise Http404
    submission = _visible_or_404(request, tracking_code)
    if not submission_may_change(request.user, submission):
        raise PermissionDenied
    if not cartable_action.available(submission, request.user):
        messages.error(
            request,
            _("This action is not possible while the request is “%(status)s”.")
            % {"status": submission.get_status_display()},
        )
        return redirect(_detail_url(submission))
    form = cartable_action.form_class(request.POST, submission=submission)
    if not form.is_valid():
        messages.error(
            request,
            _("Nothing was changed. %(errors)s") % {"errors": _form_errors(form)},
        )
        return redirect(_detail_url(submission))
    try:
        done = cartable_action.perform(submission, request.user, form.cleaned_data)
    except (TransitionNotAllowed, TransitionForbidden):
        # Someone else changed the request meanwhile; the service checked again under lock.
        submission.refresh_from_db()
        messages.error(
            request,
            _("Nothing was changed: the request is now “%(status)s”, which does not allow this.")
            % {"status": submission.get_status_display()},
        )
        return redirect(_detail_url(submission))
    messages.success(request, done)
    if not submissions_visible_to(request.user).filter(pk=submission.pk).exists():
        # Referred to a unit the user is not in: the request has left their cartable.
        return redirect("submissions_cartable_inbox")
    return redirect(_detail_url(submission))


def file_download(request, tracking_code: str, pk: int):
    """A citizen's uploaded file, to staff who can see the request; never cached."""
    _enter(request)
    submission = _visible_or_404(request, tracking_code)
    stored = get_object_or_404(submission.files, pk=pk)
    try:
        return stored_file_response(
            stored.file, filename=stored.original_name, content_type=stored.content_type
        )
    except OSError as exc:  # the row outlived its file
        raise Http404 from exc
