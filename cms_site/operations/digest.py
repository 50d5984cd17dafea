"""The daily digest of stuck work (failed or unfinished steps and SMS older than
OPS_STALE_AGE_SECONDS) to the administrators, by Django's mail API."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from cms_site.roles import ADMINISTRATORS

from . import selectors

SHOWN = 20  # the oldest of each in the mail; the admin lists have the rest


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
