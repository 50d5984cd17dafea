"""The one validator: a whole submission against a schema, step by step.

The API calls `answers_validate` directly; the wizard validates the same `StepForm`s
one page at a time. Either way a hidden field is neither required nor stored.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .constants import UNKNOWN_KEYS_NAMED
from .fields.text import local_digits
from .forms import StepForm
from .schema import Schema, schema_fields


@dataclass
class ValidatedAnswers:
    answers: dict[str, Any] = field(default_factory=dict)
    uploads: dict[str, list] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def answers_validate(schema: Schema, data: dict[str, Any], files=None) -> ValidatedAnswers:
    """Validate answers (a dict, or a QueryDict) and files for every step of `schema`."""
    result = ValidatedAnswers()
    known = {spec["key"] for spec in schema_fields(schema)}
    _unknown_keys_report(result, sorted((set(data) | set(files or {})) - known))
    for step in schema["steps"]:
        form = StepForm(data=data, files=files, step=step, earlier=result.answers)
        if not form.is_valid():
            for key, messages in form.errors.items():
                result.errors.setdefault(key, []).extend(messages)
        # Valid answers count for later conditions even when another field failed.
        result.answers.update(form.answers)
        result.uploads.update(form.uploads)
    return result


def _unknown_keys_report(result: ValidatedAnswers, unknown: list[str]) -> None:
    """Name the first UNKNOWN_KEYS_NAMED unknown keys, and count the rest in one message:
    the answer to 190,000 made-up keys stays a few lines long."""
    for key in unknown[:UNKNOWN_KEYS_NAMED]:
        result.errors[key] = [_("This form has no question with this key.")]
    rest = len(unknown) - UNKNOWN_KEYS_NAMED
    if rest > 0:
        result.errors[NON_FIELD_ERRORS] = [
            ngettext(
                "And %(count)s more key this form has no question for.",
                "And %(count)s more keys this form has no question for.",
                rest,
            )
            % {"count": local_digits(rest)}
        ]
