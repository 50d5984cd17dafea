"""The statistics' permission. The figures are computed from other apps' tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Statistics(models.Model):
    """Holds the permission `khedmat_statistics.view_statistics` and nothing else, as
    Wagtail's own `wagtailadmin.Admin` holds `access_admin`: a model keeps its content
    type from being removed as stale."""

    class Meta:
        default_permissions = ()
        permissions = [("view_statistics", _("Can read the desk's statistics"))]
        verbose_name = _("statistics")
        verbose_name_plural = _("statistics")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
