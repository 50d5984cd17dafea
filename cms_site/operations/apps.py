from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What operators watch: the dashboard panel of stuck work and the daily digest."""

    name = "cms_site.operations"
    label = "khedmat_operations"
    verbose_name = _("Operations")
