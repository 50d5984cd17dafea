"""Writes of the sign-in rules: unlocking a locked sign-in, enrolling, verifying and
removing a two-factor device."""

from base64 import b32encode

import django_otp
import segno
from axes.utils import reset
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from .constants import DEVICE_NAME


def lockout_release(*, username: str, ip_address: str) -> int:
    """Forget the failed sign-ins of one user name from one address (the lockout's own
    key), so the next correct password works at once; returns the rows removed."""
    return reset(ip=ip_address or None, username=username or None)


def two_factor_enrolment_start(*, user) -> TOTPDevice:
    """The user's device waiting for its first code: the same one on every visit until
    confirmed, so a reload does not change the secret the user has just scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def two_factor_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of 4."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def two_factor_qr_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code (no image request, no CDN)."""
    qr = segno.make(device.config_url, error="m")
    # The SVG holds only the code's modules as paths (no title, none of the URL's text).
    return mark_safe(qr.svg_inline(scale=4, border=2, dark="#000", light="#fff"))  # noqa: S308


def two_factor_enrol_confirm(*, request, device: TOTPDevice, token: str) -> bool:
    """Confirm the device with its first code; this session then counts as verified and
    the user's other unconfirmed devices are dropped. False for a wrong code."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.devices_for_user(device.user, confirmed=False).delete()
    django_otp.login(request, device)
    return True


def two_factor_verify(*, request, device: TOTPDevice, token: str) -> bool:
    """Check a code of the user's device at sign-in; on success the session is verified
    (and given a new key). django-otp slows down repeated wrong codes per device."""
    verified = django_otp.verify_token(request.user, device.persistent_id, token)
    if verified is None:
        return False
    request.session.cycle_key()
    django_otp.login(request, verified)
    return True


def two_factor_disable(*, user) -> int:
    """Remove all of the user's devices; their next sign-in needs the password only."""
    count, _ = TOTPDevice.objects.devices_for_user(user, confirmed=None).delete()
    return count
