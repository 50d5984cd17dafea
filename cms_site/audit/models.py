"""The audit trail's permission. The trail itself is read from simple-history's tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditTrail(models.Model):
    """Holds the permission `khedmat_audit.view_audit` and nothing else, as Wagtail's own
    `wagtailadmin.Admin` holds `access_admin`: a model keeps its content type from being
    removed as stale."""

    class Meta:
        default_permissions = ()
        permissions = [("view_audit", _("Can read the audit trail"))]
        verbose_name = _("audit trail")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
