"""The daily digest of stuck work (failed or unfinished steps and SMS older than
OPS_STALE_AGE_SECONDS) to the administrators, by Django's mail API."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from cms_site.roles import ADMINISTRATORS

from . import selectors

SHOWN = 20  # the oldest of each in the mail; the admin lists have the rest
# Marks the day's digest as taken by one beat (in the shared cache, Redis in production).
DIGEST_DAY_KEY = "khedmat:operations-digest:{day}"
DIGEST_DAY_KEY_SECONDS = 2 * 24 * 60 * 60


def digest_recipients() -> list[str]:
    """Active Administrators and superusers with an e-mail address."""
    users = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=ADMINISTRATORS), is_active=True
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def digest_send() -> int:
    """Send the digest when there is stuck work and someone to tell; the mails sent."""
    steps = selectors.stale_steps()
    sms = selectors.stale_sms()
    counts = {"steps": steps.count(), "sms": sms.count()}
    recipients = digest_recipients()
    if not (counts["steps"] or counts["sms"]) or not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **counts,
            "hours": settings.OPS_STALE_AGE_SECONDS // 3600,
            "oldest_steps": selectors.oldest(steps, SHOWN),
            "oldest_sms": selectors.oldest(sms, SHOWN),
            "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/",
        }
        subject = gettext("Stuck work at the service desk")
        body = render_to_string("operations/digest.txt", context)
    return send_mail(subject, body, None, recipients)


def digest_send_once_a_day() -> int:
    """`digest_send`, at most once a day (TIME_ZONE) for every process sharing the cache: a
    second beat, started by mistake or while the first one's machine seemed down, sends
    no second digest. A digest that failed to send lets the next run try again."""
    key = DIGEST_DAY_KEY.format(day=timezone.localdate().isoformat())
    if not cache.add(key, True, timeout=DIGEST_DAY_KEY_SECONDS):
        return 0
    try:
        return digest_send()
    except Exception:
        cache.delete(key)
        raise
