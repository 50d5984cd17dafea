from django import template

from formbuilder.fields.text import local_digits
from formbuilder.persian.language import persian_active

from ..masking import mobile_mask, national_id_mask
from ..selectors import submission_public_events
from ..tracking import tracking_code_display

register = template.Library()


@register.filter
def tracking_code(code: str) -> str:
    """«۱۲۳۴ ۵۶۷۸ ۹۰۱۲»: grouped 4-4-4, Persian digits when Persian is active."""
    if not code:
        return ""
    return tracking_code_display(code, persian=persian_active())


@register.filter
def mobile_masked(mobile: str) -> str:
    """«0912***4567» (submissions.masking), in the page's digits."""
    return local_digits(mobile_mask(mobile))


@register.filter
def national_id_masked(national_id: str) -> str:
    return local_digits(national_id_mask(national_id))


@register.filter
def last_public_message(submission) -> str:
    """What the office last wrote to the citizen (a request for more information)."""
    for event in reversed(submission_public_events(submission)):
        if event.public_message:
            return event.public_message
    return ""
