"""The `khedmat` template library: Persian digits, Jalali dates and rial amounts, by the
active language. Django finds it as `formbuilder/templatetags/khedmat.py`.

`{% load khedmat %}` then `{{ n|digits }}`, `{{ created|jalali }}`,
`{{ created|jalali:"long" }}`, `{{ service.fee|rials }}`.
"""

from django import template
from django.conf import settings
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext, gettext_lazy, ngettext

from .html import html_digits_persian
from .jalali import format_jalali
from .language import persian_active
from .text import to_persian_digits

register = template.Library()

PERSIAN_THOUSANDS_SEPARATOR = "\u066c"  # ARABIC THOUSANDS SEPARATOR «٬»
PERSIAN_DECIMAL_SEPARATOR = "\u066b"  # ARABIC DECIMAL SEPARATOR «٫»


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


FILE_SIZE_UNITS = (
    (1024**3, gettext_lazy("%(size)s GB")),
    (1024**2, gettext_lazy("%(size)s MB")),
    (1024, gettext_lazy("%(size)s KB")),
)


@register.filter
def filesize(value) -> str:
    """A file's size in words and the active language's digits: «۹۸۹ بایت», «۱٫۲ مگابایت»
    (Django's `filesizeformat` keeps «KB» and a Latin decimal point)."""
    if value in (None, ""):
        return ""
    size = int(value)
    for factor, unit in FILE_SIZE_UNITS:
        if size >= factor:
            amount = f"{size / factor:.1f}"
            if persian_active():
                amount = to_persian_digits(amount.replace(".", PERSIAN_DECIMAL_SEPARATOR))
            return unit % {"size": amount}
    return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": digits(size)}


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


@register.filter(is_safe=True)
def html_digits(value) -> str:
    """`digits` for HTML an editor wrote (rich text): the text's digits, not the markup's,
    by the same rule the admin's pages follow (`html_digits_persian`: no attribute, code,
    address or word with Latin letters is touched)."""
    if value is None:
        return ""
    if not persian_active():
        return value
    text = html_digits_persian(str(value))
    return mark_safe(text) if isinstance(value, SafeData) else text  # noqa: S308


@register.simple_tag
def content_lang() -> str:
    """` lang="fa" dir="rtl"` on an element holding Persian content (editors' texts,
    questions) in a page of another language; nothing on a Persian page."""
    if persian_active():
        return ""
    return mark_safe(f' lang="{settings.LANGUAGE_CODE}" dir="rtl"')  # noqa: S308


@register.filter
def error_line(error, label) -> str:
    """An error summary's line: the message alone when it already names the question
    («کد ملی» را وارد کنید.), else «label: message»; a label's own closing «.» or «:»
    is not doubled, and it is shown with the page's digits (messages bring their own)."""
    message = str(error)
    name = digits(label).strip().rstrip(".:؛،").strip()
    if not name or name in message:
        return message
    return f"{name}: {message}"
