from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceiptsConfig(AppConfig):
    name = "receipts"
    verbose_name = _("Receipts and SMS")

    def ready(self):
        from . import checks, pipeline  # noqa: F401  (the start-up checks; the steps)
