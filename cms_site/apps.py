from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsSiteConfig(AppConfig):
    name = "cms_site"
    verbose_name = _("Site")

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
