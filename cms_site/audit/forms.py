"""The audit trail's filters, as a GET form: Jalali dates in any digits, a tracking code."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from formbuilder.persian.jalali import jalali_parse
from formbuilder.persian.text import normalize_digits
from submissions.tracking import tracking_code_normalise

from .constants import AUDITED_LABELS, AuditAction
from .selectors import AuditFilters, audited_model, object_id_for_tracking_code

SUBMISSION_LABEL = "submissions.submission"


def model_choices() -> list[tuple[str, str]]:
    names = [
        (label, capfirst(str(audited_model(label)._meta.verbose_name_plural)))
        for label in AUDITED_LABELS
    ]
    return [("", _("All"))] + sorted(names, key=lambda pair: pair[1])


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()


class JalaliDateField(forms.CharField):
    """YYYY/MM/DD in the Jalali calendar, in Persian or Latin digits."""

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return jalali_parse(text)
        except ValueError as error:
            raise forms.ValidationError(
                _("Enter a Jalali date as year/month/day, e.g. 1405/09/04."), code="invalid"
            ) from error


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Model"), required=False, choices=model_choices)
    object = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=100,
        help_text=_("Its name (words of a title), its ID, or a request's tracking code."),
    )
    user = UserChoiceField(
        label=_("User"),
        required=False,
        empty_label=_("All"),
        queryset=get_user_model().objects.order_by("username"),
    )
    date_from = JalaliDateField(label=_("From"), required=False, max_length=32)
    date_to = JalaliDateField(label=_("To"), required=False, max_length=32)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All")), *AuditAction.choices]
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        text = normalize_digits(data.get("object") or "").strip()
        data["object_id"] = None
        data["object_name"] = ""
        if text:
            model = data.get("model")
            code = tracking_code_normalise(text)
            if code is not None and model in ("", SUBMISSION_LABEL):
                data["model"] = SUBMISSION_LABEL
                # An unknown code matches nothing rather than every request.
                data["object_id"] = object_id_for_tracking_code(code) or 0
            elif text.isascii() and text.isdigit() and len(text) <= 18:
                data["object_id"] = int(text)
            else:
                data["object_name"] = text
        return data

    def filters(self) -> AuditFilters:
        """The valid form's filters (call after `is_valid()`)."""
        data = self.cleaned_data
        user = data.get("user")
        return AuditFilters(
            labels=(data["model"],) if data.get("model") else (),
            object_id=data.get("object_id"),
            object_name=data.get("object_name") or "",
            user_id=user.pk if user else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            action=data.get("action") or "",
        )
