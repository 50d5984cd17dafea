from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsSiteConfig(AppConfig):
    name = "cms_site"
    verbose_name = _("Site")
