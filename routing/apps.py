from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = _("Routing")

    def ready(self):
        from . import pipeline  # noqa: F401  (registers the routing and delivery steps)
