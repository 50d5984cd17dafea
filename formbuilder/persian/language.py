"""Which language people are reading: the one place that decides between Persian and
English display (digits, month names, right-to-left sheets)."""

from django.conf import settings
from django.utils.translation import get_language


def persian_active() -> bool:
    """True when Persian is the active language; with none active (translations
    deactivated), the site's default language decides."""
    return (get_language() or settings.LANGUAGE_CODE).startswith("fa")
