from django import template

from formbuilder.persian.language import persian_active
from formbuilder.persian.text import to_persian_digits

from ..masking import mobile_mask
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
    """«۰۹۱۲***۴۵۶۷»: the first four and last four digits only (Persian when active)."""
    if not mobile:
        return ""
    masked = mobile_mask(mobile)
    return to_persian_digits(masked) if persian_active() else masked
