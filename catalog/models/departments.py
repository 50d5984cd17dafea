"""The agency's departments (organisational units): who handles which requests."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from formbuilder.persian.text import (
    normalize_digits,
    normalize_text,
)

department_code_validator = RegexValidator(
    r"^[A-Za-z0-9_-]+$", _("Use Latin letters, digits, dashes and underscores only.")
)


class Department(index.Indexed, models.Model):
    """An organisational unit (واحد سازمانی) that is responsible for services and requests."""

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[department_code_validator],
        help_text=_("A short unique code used by routing rules and the API, e.g. URBAN-PLANNING."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    working_hours = models.CharField(
        _("working hours"),
        max_length=200,
        blank=True,
        help_text=_("For example: Saturday to Wednesday, 8:00 to 14:00."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff members"),
        blank=True,
        related_name="departments",
        help_text=_("Staff who see this unit's requests in their cartable."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldPanel("parent"),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("working_hours"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("members"),
        FieldPanel("is_active"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("code"),
        index.FilterField("is_active"),
    ]

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        self.name = normalize_text(self.name)
        self.code = normalize_digits(self.code).strip().upper()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
            ancestor = ancestor.parent
