"""The forms of the sign-in pages."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from formbuilder.persian.text import code_digits

TOKEN_PATTERN = re.compile(r"\d{6,8}")
TOKEN_ERROR = _("Enter the 6-digit code your authenticator app shows.")


class TokenForm(forms.Form):
    """A code from an authenticator app, typed in any digits, with or without spaces."""

    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=64,
        error_messages={"required": TOKEN_ERROR, "max_length": TOKEN_ERROR},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}
        ),
    )

    def clean_token(self) -> str:
        token = code_digits(self.cleaned_data["token"]) or ""
        if not TOKEN_PATTERN.fullmatch(token):
            raise forms.ValidationError(TOKEN_ERROR)
        return token


class UnlockForm(forms.Form):
    """One locked pair from the lockout list."""

    username = forms.CharField(required=False, max_length=255)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("username") and not cleaned.get("ip_address"):
            raise forms.ValidationError(_("Choose a locked sign-in to unlock."))
        return cleaned
