"""URL names of the sign-in pages, and the steps a signed-in user may still owe."""

from enum import StrEnum

VERIFY_URL_NAME = "signin_two_factor_verify"
ENROL_URL_NAME = "signin_two_factor_enrol"
DISABLE_URL_NAME = "signin_two_factor_disable"
LOCKOUTS_URL_NAME = "signin_lockouts"
UNLOCK_URL_NAME = "signin_lockout_unlock"
LOGOUT_URL_NAME = "signin_logout"
DEVICE_REMOVE_URL_NAME = "signin_two_factor_remove"

# The TOTP device a user enrols: one per user.
DEVICE_NAME = "authenticator"


class SignInStep(StrEnum):
    """What stands between a signed-in user and the admin."""

    VERIFY = "verify"  # a confirmed device: enter its code
    ENROL = "enrol"  # ADMIN_REQUIRE_2FA, an administrator without a device: enrol one


STEP_URL_NAMES = {SignInStep.VERIFY: VERIFY_URL_NAME, SignInStep.ENROL: ENROL_URL_NAME}

# Reachable while a step is owed: signing out or in as someone else, and what every admin
# page loads.
PASS_THROUGH_URL_NAMES = frozenset(
    {
        LOGOUT_URL_NAME,
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
    }
)
