"""Routing rules (which unit and which system a request goes to), automation endpoints,
and the routing decision and delivery recorded for each request."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField

from formbuilder.blocks import ConditionBlock
from submissions.constants import Channel, Priority

from .connectors import connectors
from .constants import DeliveryState


def endpoint_secret_new() -> str:
    return secrets.token_urlsafe(32)


class AutomationEndpoint(models.Model):
    """An external office-automation system that receives requests as letters (webhook)."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address"), help_text=_("Requests are POSTed here as JSON."))
    secret = models.CharField(
        _("shared secret"),
        max_length=200,
        default=endpoint_secret_new,
        help_text=_(
            "Signs what we send (X-Khedmat-Signature: sha256=HMAC of the body) and what the "
            "system sends back to /api/v1/automation/events/."
        ),
    )
    timeout_seconds = models.PositiveSmallIntegerField(_("timeout (seconds)"), default=10)
    is_active = models.BooleanField(_("active"), default=True)
    # Set by a delivery that could not reach it, cleared by the next that could: then the
    # deliveries that failed or wait meanwhile are started again at once.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["secret", "failing_since"])

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("secret"),
        FieldRowPanel([FieldPanel("timeout_seconds"), FieldPanel("is_active")]),
    ]

    class Meta:
        verbose_name = _("automation endpoint")
        verbose_name_plural = _("automation endpoints")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """One rule: when a request matches, where it goes. Rules are tried in order; the
    first that matches wins, and the default rule catches the rest."""

    name = models.CharField(_("name"), max_length=200)
    sort_order = models.IntegerField(_("order"), default=0, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_default = models.BooleanField(
        _("default rule"),
        default=False,
        help_text=_("Used when no other rule matches. Exactly one active rule must be it."),
    )
    # When
    services = models.ManyToManyField(
        "catalog.ServicePage",
        verbose_name=_("services"),
        blank=True,
        related_name="+",
        help_text=_("Any of these services; none chosen: every service."),
    )
    categories = models.ManyToManyField(
        "catalog.ServiceCategoryPage",
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        help_text=_("Services in any of these categories; none chosen: every category."),
    )
    channel = models.CharField(
        _("channel"),
        max_length=16,
        choices=Channel.choices,
        blank=True,
        help_text=_("Empty: online and in person."),
    )
    answer_condition = StreamField(
        [("condition", ConditionBlock())],
        verbose_name=_("condition on the answers"),
        blank=True,
        max_num=1,
        use_json_field=True,
        help_text=_("Optional: the request's answers must match these rules (question keys)."),
    )
    # Then
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("assign to department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the service's responsible department."),
    )
    connector = models.CharField(
        _("deliver through"),
        max_length=32,
        choices=connectors.choices,
        default="internal",
    )
    endpoint = models.ForeignKey(
        AutomationEndpoint,
        verbose_name=_("automation endpoint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules",
    )
    sla_days = models.PositiveSmallIntegerField(
        _("SLA (working days)"),
        null=True,
        blank=True,
        help_text=_("Empty: the service's average duration."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )

    history = HistoricalRecords(m2m_fields=[services, categories])

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("is_default")]),
        MultiFieldPanel(
            [
                FieldPanel("services"),
                FieldPanel("categories"),
                FieldPanel("channel"),
                FieldPanel("answer_condition"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldPanel("connector"),
                FieldPanel("endpoint"),
                FieldRowPanel([FieldPanel("sla_days"), FieldPanel("priority")]),
            ],
            heading=_("Then"),
        ),
    ]

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        connector = connectors.get(self.connector) if self.connector in connectors else None
        if connector is not None and connector.needs_endpoint and self.endpoint_id is None:
            raise ValidationError({"endpoint": _("Choose the endpoint to deliver to.")})
        if self.is_default and self.is_active:
            others = RoutingRule.objects.filter(is_default=True, is_active=True).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"is_default": _("Another active rule is already the default rule.")}
                )


class RoutingDecision(models.Model):
    """Where one request was sent, by which rule, and how its delivery went."""

    submission = models.OneToOneField(
        "submissions.Submission",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="routing",
    )
    rule = models.ForeignKey(
        RoutingRule,
        verbose_name=_("rule"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    connector = models.CharField(_("connector"), max_length=32)
    endpoint = models.ForeignKey(
        AutomationEndpoint,
        verbose_name=_("endpoint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    delivery_state = models.CharField(
        _("delivery"),
        max_length=16,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
    )
    delivery_attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("routed at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("routing decision")
        verbose_name_plural = _("routing decisions")

    def __str__(self) -> str:
        return f"{self.submission} → {self.connector}"
