"""The service catalog's pages: home, catalog, categories and services."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from formbuilder.admin_dates import JalaliPublishingPanel
from formbuilder.admin_locks import JalaliLockMixin
from formbuilder.persian.text import (
    normalize_digits,
    normalize_letters,
    normalize_search_text,
    search_index_text,
)

from ..admin_forms import ServicePageAdminForm
from ..blocks import LegalBasisBlock, RequiredDocumentBlock, ServiceStepBlock
from ..constants import SERVICE_CODE_MAX_LENGTH, Channel, ServiceLevel, ServiceType
from ..forms import CatalogSearchForm
from ..panels import RequestsRecipientPanel
from .departments import Department

# Wagtail's settings tab with the "Set schedule" dialog's boxes in Jalali.
SETTINGS_PANELS = [JalaliPublishingPanel(), *Page.settings_panels[1:]]

service_code_validator = RegexValidator(
    r"^\d{1,11}$", _("A service code is up to 11 digits, for example 10061077000.")
)


class HomePage(JalaliLockMixin, Page):
    """The desk's front page: a search box and the categories."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["catalog.ServiceIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = ServiceCategoryPage.objects.live().public().order_by("path")
        context["catalog_index"] = ServiceIndexPage.objects.live().public().first()
        return context


class ServiceIndexPage(JalaliLockMixin, Page):
    """The catalog at /services/: every category, with search and a category filter."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["catalog.HomePage"]
    subpage_types = ["catalog.ServiceCategoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("service catalog")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        categories = ServiceCategoryPage.objects.child_of(self).live().public().order_by("path")
        form = CatalogSearchForm(request.GET or None, categories=categories)
        context["search_form"] = form
        context["categories"] = categories
        if form.is_bound and form.is_valid() and form.has_criteria():
            services = ServicePage.objects.published()
            if form.cleaned_data["category"] is not None:
                services = services.child_of(form.cleaned_data["category"])
            context["searching"] = True
            context["results"] = services.search_catalog(form.cleaned_data["q"])
        return context


class ServiceCategoryPage(JalaliLockMixin, Page):
    """A group of related services, e.g. «شهرسازی و ساختمان»."""

    summary = models.TextField(_("summary"), max_length=300, blank=True)
    icon = models.CharField(
        _("icon"),
        max_length=32,
        blank=True,
        help_text=_("Optional: the name of one of the site's icons."),
    )

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("icon")]
    settings_panels = SETTINGS_PANELS
    search_fields = Page.search_fields + [index.SearchField("summary")]

    parent_page_types = ["catalog.ServiceIndexPage"]
    subpage_types = ["catalog.ServicePage"]

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = (
            ServicePage.objects.child_of(self).live().public().select_related("department")
        )
        return context


class ServicePageQuerySet(PageQuerySet):
    def published(self) -> "ServicePageQuerySet":
        """Services a citizen may see: live, public, with their unit at hand."""
        return self.live().public().select_related("department", "service_form")

    def search_catalog(self, text: str):
        """Search by the normalised catalog text; without text, all in catalog order."""
        query = normalize_search_text(text or "")
        if not query:
            return self.order_by("path")
        return self.search(query, operator="and")


class ServicePage(JalaliLockMixin, Page):
    """A service's identity card (شناسنامه خدمت), as agencies publish it."""

    objects = PageManager.from_queryset(ServicePageQuerySet)()

    service_code = models.CharField(
        _("service code"),
        max_length=SERVICE_CODE_MAX_LENGTH,
        unique=True,
        validators=[service_code_validator],
        help_text=_("The national service identifier (شناسه خدمت), up to 11 digits."),
    )
    service_type = models.CharField(
        _("service type"), max_length=3, choices=ServiceType.choices, default=ServiceType.G2C
    )
    service_level = models.CharField(
        _("service level"), max_length=16, choices=ServiceLevel.choices, default=ServiceLevel.CITY
    )
    audience = models.CharField(
        _("who it is for"),
        max_length=255,
        help_text=_("For example: property owners, citizens over 18, registered companies."),
    )
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown in lists and search.")
    )
    description = RichTextField(_("description"), blank=True, features=["bold", "link", "ol", "ul"])
    eligibility = RichTextField(
        _("who is eligible"), blank=True, features=["bold", "link", "ol", "ul"]
    )
    required_documents = StreamField(
        [("document", RequiredDocumentBlock())], blank=True, verbose_name=_("required documents")
    )
    steps = StreamField(
        [("step", ServiceStepBlock())], blank=True, verbose_name=_("steps of the service")
    )
    legal_basis = StreamField(
        [("law", LegalBasisBlock())], blank=True, verbose_name=_("legal basis")
    )
    fee = models.PositiveBigIntegerField(
        _("fee (rials)"), default=0, help_text=_("In rials; 0 means the service is free.")
    )
    duration_days = models.PositiveSmallIntegerField(
        _("average duration (working days)"),
        help_text=_("The committed time to deliver the service, in working days (the SLA)."),
    )
    channel_online = models.BooleanField(_("online"), default=True)
    channel_in_person = models.BooleanField(_("in person"), default=False)
    in_person_visits = models.PositiveSmallIntegerField(_("in-person visits needed"), default=0)
    visit_location = models.TextField(
        _("where to visit"), blank=True, help_text=_("Address of the office, if a visit is needed.")
    )
    visit_hours = models.CharField(_("when to visit"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=64,
        blank=True,
        help_text=_("Leave empty to show the responsible unit's phone."),
    )
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Leave empty to show the responsible unit's email."),
    )
    service_form = models.ForeignKey(
        "formbuilder.ServiceForm",
        verbose_name=_("request form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
        help_text=_("The form citizens fill in to apply online. Publish the form first."),
    )

    history = HistoricalRecords()

    settings_panels = SETTINGS_PANELS
    base_form_class = ServicePageAdminForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("service_code"),
                FieldRowPanel([FieldPanel("service_type"), FieldPanel("service_level")]),
                FieldPanel("audience"),
            ],
            heading=_("Identity"),
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("eligibility"),
        FieldPanel("required_documents"),
        FieldPanel("steps"),
        FieldPanel("legal_basis"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fee"), FieldPanel("duration_days")]),
                FieldRowPanel([FieldPanel("channel_online"), FieldPanel("channel_in_person")]),
                FieldPanel("in_person_visits"),
                FieldPanel("visit_location"),
                FieldPanel("visit_hours"),
            ],
            heading=_("Delivery"),
        ),
        FieldPanel("service_form"),
        MultiFieldPanel(
            [
                FieldPanel("department"),
                RequestsRecipientPanel(),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
            ],
            heading=_("Accountability"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("search_text"),
        index.SearchField("service_code"),
        index.AutocompleteField("search_text"),
        index.FilterField("service_code"),
        index.FilterField("department_id"),
    ]

    parent_page_types = ["catalog.ServiceCategoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def clean(self):
        super().clean()
        self.service_code = normalize_digits(self.service_code or "").strip()
        for name in ("title", "summary", "audience", "visit_location", "visit_hours"):
            setattr(self, name, normalize_letters(getattr(self, name) or "").strip())
        if self.in_person_visits and not self.channel_in_person:
            raise ValidationError(
                {
                    "channel_in_person": _(
                        "A service that needs in-person visits is offered in person."
                    )
                }
            )
        if not (self.channel_online or self.channel_in_person):
            raise ValidationError({"channel_online": _("Choose at least one channel.")})

    def search_text(self) -> str:
        """The normalised text the catalog search indexes (letters, digits, ZWNJ unified)."""
        parts = [self.title, self.summary, self.audience, self.service_code]
        parent = self.get_parent() if self.pk else None
        if parent is not None:
            parts.append(parent.title)
        return search_index_text(" ".join(str(part) for part in parts if part))

    @cached_property
    def category(self) -> "ServiceCategoryPage | None":
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    @property
    def channels(self) -> list[str]:
        return [
            channel
            for channel, offered in (
                (Channel.ONLINE, self.channel_online),
                (Channel.IN_PERSON, self.channel_in_person),
            )
            if offered
        ]

    @cached_property
    def form_version(self):
        """The published form version citizens fill in, or None."""
        if not self.channel_online or self.service_form is None:
            return None
        return self.service_form.live_version

    @property
    def has_form(self) -> bool:
        """Whether citizens can apply online now."""
        return self.form_version is not None

    @property
    def phone(self) -> str:
        return self.contact_phone or (self.department.phone if self.department else "")

    @property
    def email(self) -> str:
        return self.contact_email or (self.department.email if self.department else "")
