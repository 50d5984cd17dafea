from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "cms_site.statistics"
    # Prefixed: a bare "statistics" is a likely label for a third-party app.
    label = "khedmat_statistics"
    verbose_name = _("Statistics")
