"""The links an SMS carries, at the site's address (`catalog.site_url`, normally
`SITE_BASE_URL`): one place for the messages (`services.sms_values`) and the template
counter's samples (`widgets`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from catalog.site_url import site_url


def sms_track_url() -> str:
    """The tracking page, where a citizen types the tracking code."""
    return _site_url("submissions:track")


def sms_survey_url(token: str) -> str:
    """A survey's page, opened by its token."""
    return _site_url("receipts:survey", token)


def _site_url(name: str, *args: str) -> str:
    # In the site's language, as the SMS is written, whatever the admin's is.
    with translation.override(settings.LANGUAGE_CODE):
        return site_url(reverse(name, args=args))
