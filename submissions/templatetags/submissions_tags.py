from django import template

from formbuilder.persian.language import persian_active

from ..tracking import tracking_code_display

register = template.Library()


@register.filter
def tracking_code(code: str) -> str:
    """«۱۲۳۴ ۵۶۷۸ ۹۰۱۲»: grouped 4-4-4, Persian digits when Persian is active."""
    if not code:
        return ""
    return tracking_code_display(code, persian=persian_active())
