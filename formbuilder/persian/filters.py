"""The `khedmat` template library: Persian digits, Jalali dates and rial amounts, by the
active language. Django finds it as `formbuilder/templatetags/khedmat.py`.

`{% load khedmat %}` then `{{ n|digits }}`, `{{ created|jalali }}`,
`{{ created|jalali:"long" }}`, `{{ service.fee|rials }}`.
"""

from django import template
from django.utils.translation import gettext

from .jalali import format_jalali
from .language import persian_active
from .text import to_persian_digits

register = template.Library()

PERSIAN_THOUSANDS_SEPARATOR = "\u066c"  # ARABIC THOUSANDS SEPARATOR «٬»


@register.filter
def digits(value) -> str:
    """Persian digits when Persian is active; the value unchanged otherwise."""
    if value is None:
        return ""
    return to_persian_digits(value) if persian_active() else str(value)


@register.filter
def grouped(value) -> str:
    """An integer with thousands separators, in the active language's digits."""
    if value in (None, ""):
        return ""
    text = f"{int(value):,}"
    if persian_active():
        return to_persian_digits(text.replace(",", PERSIAN_THOUSANDS_SEPARATOR))
    return text


@register.filter
def rials(value) -> str:
    """A fee: «۱۲۰٬۰۰۰ ریال», or «رایگان» for zero."""
    if value in (None, ""):
        return ""
    if int(value) == 0:
        return gettext("Free")
    return gettext("%(amount)s rials") % {"amount": grouped(value)}


@register.filter
def jalali(value, style: str = "numeric") -> str:
    """A date or datetime in the Jalali calendar: «۱۴۰۵/۰۹/۰۴», or «۴ آذر ۱۴۰۵» with "long"."""
    with_time = style.endswith("time")
    return format_jalali(
        value,
        style="long" if style.startswith("long") else "numeric",
        with_time=with_time,
        persian=persian_active(),
    )


@register.filter
def lookup(mapping, key):
    """`{{ counts|lookup:state }}`: a dictionary's value for a key (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
