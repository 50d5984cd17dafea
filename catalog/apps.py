from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Service catalog")

    def ready(self):
        from .lookup_cache import signals_connect

        signals_connect()
