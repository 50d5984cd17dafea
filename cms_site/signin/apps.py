from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "cms_site.signin"
    # Prefixed like the audit and statistics apps: a bare "signin" is a likely label.
    label = "khedmat_signin"
    verbose_name = _("Admin sign-in")
