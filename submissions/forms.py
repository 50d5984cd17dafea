from django import forms
from django.utils.translation import gettext_lazy as _

from formbuilder.persian.identifiers import mobile_normalise
from formbuilder.persian.text import text_clean

from .replies import REPLY_MESSAGE_MAX_LENGTH, reply_files_field
from .tracking import tracking_code_clean


def mobile_field(*, help_text) -> forms.CharField:
    """A citizen's mobile number box (a phone's telephone keyboard, left to right); the
    form's `clean_mobile` (`TrackForm.clean_mobile`) reads it in any digit script."""
    return forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}
        ),
        error_messages={"required": _("Enter your mobile number.")},
    )


class TrackForm(forms.Form):
    """Tracking code and mobile number; a mistyped code is refused before any lookup."""

    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("The 12-digit code on your receipt and in the SMS you received."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
        error_messages={"required": _("Enter your tracking code.")},
    )
    mobile = mobile_field(help_text=_("The mobile number you gave on the form."))

    def clean_tracking_code(self) -> str:
        return tracking_code_clean(self.cleaned_data["tracking_code"])

    def clean_mobile(self) -> str:
        mobile = mobile_normalise(self.cleaned_data["mobile"])
        if mobile is None:
            raise forms.ValidationError(
                _("Enter a mobile number like 09121234567."), code="invalid_mobile"
            )
        return mobile


class StatusSmsForm(forms.Form):
    """The tracking code alone: the request's status is sent to the mobile number on file."""

    prefix = "sms"  # beside TrackForm on the same page
    tracking_code = TrackForm.base_fields["tracking_code"]
    clean_tracking_code = TrackForm.clean_tracking_code


class CitizenReplyForm(forms.Form):
    """The citizen's answer to a request for more information, on the tracking page.

    `reply_token` proves the lookup that showed the page (see `replies.reply_token_make`).
    """

    reply_token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    message = forms.CharField(
        label=_("Your answer"),
        max_length=REPLY_MESSAGE_MAX_LENGTH,
        help_text=_("Answer what was asked, or describe the documents you attach."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your answer.")},
    )
    files = reply_files_field(
        label=_("Documents"),
        required=False,
        help_text=_("Up to 3 files, PDF, JPEG or PNG, at most 5 MB each."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"

    def clean_message(self) -> str:
        message = text_clean(self.cleaned_data["message"], multiline=True).strip()
        if not message:
            raise forms.ValidationError(_("Write your answer."), code="required")
        return message


class DraftMobileForm(forms.Form):
    """The mobile a saved draft's link is texted to, when the form's is not answered yet."""

    mobile = mobile_field(help_text=_("We text the link to continue your form to this number."))
    clean_mobile = TrackForm.clean_mobile


class CitizenMobileForm(forms.Form):
    """The mobile number a one-time code is sent to (sign-in, verifying before sending)."""

    mobile = mobile_field(help_text=_("A six-digit code is sent to it by SMS."))
    clean_mobile = TrackForm.clean_mobile


class OtpCodeForm(forms.Form):
    """The six-digit code received by SMS, in any digit script."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six-digit code sent to you by SMS. It is valid for two minutes."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "dir": "ltr",
                "maxlength": "20",
            }
        ),
        error_messages={"required": _("Enter the six-digit code sent to you by SMS.")},
    )
