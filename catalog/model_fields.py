"""The foreign keys other apps' models hold to a service and to a department, declared
once: the same target, label and default deletion rule everywhere (a request, a draft, a
booking, an opening schedule). Each caller names its own reverse accessor; any other
option (null, on_delete, help_text) is passed through."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def service_field(related_name: str, **options) -> models.ForeignKey:
    """A foreign key to the service (catalog.ServicePage); PROTECT unless told otherwise."""
    options.setdefault("verbose_name", _("service"))
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey("catalog.ServicePage", related_name=related_name, **options)


def department_field(related_name: str, **options) -> models.ForeignKey:
    """A foreign key to a department (catalog.Department); PROTECT unless told otherwise."""
    options.setdefault("verbose_name", _("department"))
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey("catalog.Department", related_name=related_name, **options)
