from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "cms_site.audit"
    # Prefixed: a bare "audit" is a likely label for a third-party app.
    label = "khedmat_audit"
    verbose_name = _("Audit trail")
