"""Reads of the sign-in rules: who is an administrator, which sign-ins are locked, and
what a signed-in user must still do before the admin opens."""

import math
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms_site.roles import ADMINISTRATORS

from .constants import SignInStep


def user_is_administrator(user) -> bool:
    """Superusers and members of the Administrators group (cms_site/roles.py)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()


def lockout_cooloff_minutes() -> int:
    """How long a locked pair stays locked, in whole minutes (rounded up)."""
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


@dataclass(frozen=True)
class SignInFailures:
    """Failed passwords for one user name from one client address within the cool-off."""

    username: str
    ip_address: str
    failures: int
    last_attempt: datetime
    locked: bool


def lockout_list() -> list[SignInFailures]:
    """Each user name and address with failed sign-ins still counted (newer than the
    cool-off), locked ones first, then the most recent. Axes keeps one row per user agent;
    the lockout counts them together, and so does this list."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .order_by("-last_attempt")
    )
    entries = [
        SignInFailures(
            username=row["username"] or "",
            ip_address=row["ip_address"] or "",
            failures=row["failures"],
            last_attempt=row["last_attempt"],
            locked=row["failures"] >= settings.AXES_FAILURE_LIMIT,
        )
        for row in rows
    ]
    return sorted(entries, key=lambda entry: not entry.locked)


def two_factor_device(*, user) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they enrolled one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def two_factor_users():
    """Users with a confirmed authenticator, by user name, for the administrators' list."""
    enrolled = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    return get_user_model().objects.filter(pk__in=enrolled).order_by("username")


def two_factor_required(*, user) -> bool:
    """Whether the user may not do without a device (ADMIN_REQUIRE_2FA, administrators)."""
    return settings.ADMIN_REQUIRE_2FA and user_is_administrator(user)


def sign_in_step(*, user) -> SignInStep | None:
    """What a signed-in user must still do before reaching the admin: enter the code of
    their device (if they have one and this session has not), or enrol a device (an
    administrator under ADMIN_REQUIRE_2FA); None when nothing is owed. Needs django-otp's
    OTPMiddleware, which gives the user `is_verified()`."""
    if not user.is_authenticated or user.is_verified():
        return None
    if user_has_device(user):
        return SignInStep.VERIFY
    if two_factor_required(user=user):
        return SignInStep.ENROL
    return None
