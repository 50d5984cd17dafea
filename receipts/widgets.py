"""The SMS text box of the admin, with a live count of characters and SMS parts."""

from __future__ import annotations

import base64
import json
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from formbuilder.persian.language import persian_active
from formbuilder.persian.text import to_persian_digits
from submissions.constants import TRACKING_CODE_LENGTH

from .constants import SURVEY_TOKEN_BYTES
from .links import sms_survey_url, sms_track_url
from .sms.length import sms_length


def sms_sample_values() -> dict[str, str]:
    """What the counter fills the placeholders with: values as long as a citizen's, to
    measure the text a citizen receives. The links are the real ones at the configured
    SITE_BASE_URL, the survey's with a token as long as `survey_token_new` makes; the
    tracking code is as many Persian digits as a real one. The keys are
    receipts.constants.SMS_PLACEHOLDERS; sms_counter.js reads them from the page."""
    sample_token = base64.urlsafe_b64encode(bytes(range(SURVEY_TOKEN_BYTES))).rstrip(b"=")
    return {
        "tracking_code": to_persian_digits(("1405" + "123456789" * 2)[:TRACKING_CODE_LENGTH]),
        "service": "صدور پروانه ساختمانی",
        "status": "در حال بررسی",
        "letter_number": "۱۴۰۵/۱۲۳۴۵",
        "track_url": sms_track_url(),
        "survey_url": sms_survey_url(sample_token.decode("ascii")),
        "code": "۱۲۳۴۵۶",
    }


# The rule of SmsTemplate.render: "{name}" of a known name is replaced, anything else
# is left as written. sms_counter.js applies the same rule.
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


class SmsBodyWidget(forms.Textarea):
    """A textarea followed by a counter (`aria-live`) of the text as written and once
    its placeholders are filled with `sample_values`; the counter is marked when the
    filled text needs more than one SMS.

    The server renders the first count, so it shows without JavaScript;
    `receipts/sms_counter.js` keeps it up to date while the editor types.
    """

    template_name = "receipts/widgets/sms_body.html"

    class Media:
        css = {"all": ["receipts/sms_counter.css"]}
        js = ["receipts/sms_counter.js"]

    def __init__(self, attrs=None, sample_values: dict[str, str] | None = None) -> None:
        super().__init__(attrs)
        self.sample_values = sample_values

    @property
    def samples(self) -> dict[str, str]:
        # Built when rendered: the site's address and URLs are known by then.
        return dict(sms_sample_values() if self.sample_values is None else self.sample_values)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        counter_id = f"{widget['attrs'].get('id') or name}-sms-counter"
        described_by = widget["attrs"].get("aria-describedby", "")
        widget["attrs"]["aria-describedby"] = f"{described_by} {counter_id}".strip()

        persian = persian_active()
        texts = counter_texts()
        text = str(widget["value"] or "").replace("\r\n", "\n")  # as a browser counts it
        written = sms_length(text)
        samples = self.samples
        filled = sms_length(sms_fill(text, samples))

        def number(value: int) -> str:
            return to_persian_digits(value) if persian else str(value)

        def line(key: str, measured) -> str:
            return texts[key] % {
                "characters": number(measured.characters),
                "parts": number(measured.parts),
            }

        widget["counter"] = {
            "id": counter_id,
            "language": "fa" if persian else "en",  # sms_counter.js: Persian digits or not
            "samples_json": json.dumps(samples, ensure_ascii=False),
            "texts_json": json.dumps(texts, ensure_ascii=False),
            "written": line("written", written),
            "filled": line("filled", filled),
            "warning": texts["warning"],
            "over": filled.parts > 1,
        }
        return context


def counter_texts() -> dict[str, str]:
    """The counter's sentences in the active language, for the template and the script."""
    return {
        "written": str(_("As written: %(characters)s characters, SMS parts: %(parts)s")),
        "filled": str(_("With sample values: %(characters)s characters, SMS parts: %(parts)s")),
        "warning": str(
            _(
                "Once filled in, this text needs more than one SMS; each part is billed. "
                "Keep it to 70 Persian characters."
            )
        ),
    }


def sms_fill(body: str, values: dict[str, str]) -> str:
    """`body` with its known placeholders replaced by `values`."""
    return PLACEHOLDER_RE.sub(lambda match: values.get(match.group(1), match.group(0)), body)
