"""Permissions of the managers' reports, which belong to no single model."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ManagerReports(models.Model):
    """No table: only the permissions `cms_site.view_audit` and `cms_site.view_statistics`."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_audit", _("Can read the audit trail")),
            ("view_statistics", _("Can read the desk's statistics")),
        ]
        verbose_name = _("managers' reports")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
