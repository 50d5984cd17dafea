from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = _("Routing")

    def ready(self):
        from . import checks, pipeline  # noqa: F401  (the start-up checks; the steps)
