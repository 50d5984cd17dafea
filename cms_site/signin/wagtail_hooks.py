"""Admin wiring of the sign-in pages: their URLs, the lockout list in the Settings menu
(administrators), and two-factor sign-in on the account page."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .constants import (
    DEVICE_REMOVE_URL_NAME,
    DISABLE_URL_NAME,
    ENROL_URL_NAME,
    LOCKOUTS_URL_NAME,
    UNLOCK_URL_NAME,
    VERIFY_URL_NAME,
)
from .selectors import user_is_administrator

MENU_ORDER = 950


@hooks.register("register_admin_urls")
def register_signin_urls():
    return [
        path("sign-in/lockouts/", views.lockouts, name=LOCKOUTS_URL_NAME),
        path("sign-in/lockouts/unlock/", views.lockout_unlock, name=UNLOCK_URL_NAME),
        path(
            "sign-in/two-factor/<int:user_id>/remove/",
            views.two_factor_remove,
            name=DEVICE_REMOVE_URL_NAME,
        ),
        path("sign-in/verify/", views.two_factor_verify_view, name=VERIFY_URL_NAME),
        path("two-factor/", views.two_factor_enrol, name=ENROL_URL_NAME),
        path("two-factor/disable/", views.two_factor_disable_view, name=DISABLE_URL_NAME),
    ]


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return user_is_administrator(request.user)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return AdministratorMenuItem(
        _("Sign-in lockouts"), reverse(LOCKOUTS_URL_NAME), icon_name="lock", order=MENU_ORDER
    )


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse(ENROL_URL_NAME),
        "label": _("Two-factor sign-in"),
        "help_text": _("Ask for a code from an authenticator app after your password."),
    }
