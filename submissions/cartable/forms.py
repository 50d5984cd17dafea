"""The cartable's forms: the inbox filters and one small form per staff action."""

import datetime

from django import forms
from django.db.models import OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from catalog.models import Department, ServicePage
from formbuilder.persian.text import normalize_digits

from ..constants import Status
from ..models import Submission
from ..selectors import (
    overdue_q,
    submissions_visible_exists,
    submissions_visible_to,
    tracking_code_search_q,
)

MESSAGE_ROWS = 3


class InboxFilterForm(forms.Form):
    """The inbox's filters (GET). Services and departments offered are those of the
    requests the user can see, so a filter never names something out of reach.
    """

    q = forms.CharField(
        label=_("Tracking code"),
        required=False,
        max_length=40,
        help_text=_("All or part of the code, in any digits."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "type": "search"}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=ServicePage.objects.none(),
        empty_label=_("All"),
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Department.objects.none(),
        empty_label=_("All"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        # Whether each service (department) has a request in sight: index probes,
        # however many requests there are.
        self.fields["service"].queryset = ServicePage.objects.filter(
            submissions_visible_exists(user, service=OuterRef("pk"))
        ).order_by("title")
        self.fields["department"].queryset = Department.objects.filter(
            submissions_visible_exists(user, department=OuterRef("pk"))
        ).order_by("name")

    def clean_q(self) -> str:
        raw = self.cleaned_data["q"]
        digits = "".join(c for c in normalize_digits(raw) if c.isascii() and c.isdigit())
        if raw.strip() and not digits:
            raise forms.ValidationError(
                _("Search by the digits of a tracking code."), code="no_digits"
            )
        return digits

    def filter(self, *, user, today: datetime.date) -> QuerySet[Submission]:
        """The requests the user may see that match the valid filters (an invalid filter
        is left out); the unit and "assigned to me" narrow the visibility rule itself."""
        data = self.cleaned_data if self.is_valid() else {}
        requests = submissions_visible_to(
            user, department=data.get("department"), mine=bool(data.get("mine"))
        )
        if data.get("q"):
            requests = requests.filter(tracking_code_search_q(data["q"]))
        if data.get("status"):
            requests = requests.filter(status=data["status"])
        if data.get("service"):
            requests = requests.filter(service=data["service"])
        if data.get("overdue"):
            requests = requests.filter(overdue_q(today))
        return requests

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


def _message(label, *, required: bool, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": MESSAGE_ROWS}),
    )


PUBLIC_HELP = _("The citizen sees this on the tracking page.")
INTERNAL_HELP = _("Only staff see this.")


class ActionForm(forms.Form):
    """A form of one action on one request; subclasses may shape fields by the request."""

    def __init__(self, *args, submission: Submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission


class TakeForm(ActionForm):
    """Assign the request to me (and start its review); no fields."""


class ReferForm(ActionForm):
    department = forms.ModelChoiceField(
        label=_("Refer to"), queryset=Department.objects.none(), empty_label=_("Choose a unit")
    )
    instruction = _message(_("Instruction to the unit"), required=True, help_text=INTERNAL_HELP)
    public_message = _message(_("Message to the citizen"), required=False, help_text=PUBLIC_HELP)

    def __init__(self, *args, submission: Submission, **kwargs):
        super().__init__(*args, submission=submission, **kwargs)
        # Another unit: referring a request to the unit that holds it changes nothing.
        self.fields["department"].queryset = (
            Department.objects.filter(is_active=True)
            .exclude(pk=submission.department_id)
            .order_by("name")
        )


class NeedsInfoForm(ActionForm):
    public_message = _message(_("What the citizen must send"), required=True, help_text=PUBLIC_HELP)
    internal_note = _message(_("Internal note"), required=False, help_text=INTERNAL_HELP)


class CompleteForm(ActionForm):
    public_message = _message(_("Response to the citizen"), required=True, help_text=PUBLIC_HELP)
    internal_note = _message(_("Internal note"), required=False, help_text=INTERNAL_HELP)


class RejectForm(ActionForm):
    public_message = _message(_("Reason for rejection"), required=True, help_text=PUBLIC_HELP)
    internal_note = _message(_("Internal note"), required=False, help_text=INTERNAL_HELP)


class RegisterForm(ActionForm):
    """Record the letter number the office automation system gave the request."""

    letter_number = forms.CharField(
        label=_("Letter number"),
        max_length=64,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )

    def clean_letter_number(self) -> str:
        return normalize_digits(self.cleaned_data["letter_number"]).strip()


class LetterNumberForm(RegisterForm):
    """Record the letter number of a request already past registration, or correct it."""

    def __init__(self, *args, submission: Submission, **kwargs):
        kwargs.setdefault("initial", {"letter_number": submission.letter_number})
        super().__init__(*args, submission=submission, **kwargs)


class NoteForm(ActionForm):
    note = _message(_("Internal note"), required=True, help_text=INTERNAL_HELP)
