"""The agency itself: its name and logo on receipts, and its calendar of working days."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from formbuilder.persian.jalali import format_jalali
from formbuilder.persian.language import persian_active
from formbuilder.persian.text import normalize_text


@register_setting(icon="home")
class AgencySettings(BaseGenericSetting):
    """Who runs this desk: shown on receipts, the site's header and SMS."""

    name = models.CharField(
        _("agency name"),
        max_length=200,
        default="",
        blank=True,
        help_text=_("The full name printed on receipts, e.g. Municipality of Sample City."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    address = models.TextField(_("address"), blank=True)
    desk_hours = models.CharField(
        _("in-person desk hours"),
        max_length=200,
        blank=True,
        help_text=_("For example: Saturday to Wednesday, 7:30 to 14:30."),
    )
    closed_on_thursday = models.BooleanField(
        _("closed on Thursdays"),
        default=True,
        help_text=_(
            "Fridays and the holidays in the holiday table are never working days; "
            "tick this if Thursdays are not either."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("logo"), FieldPanel("phone"), FieldPanel("address")],
            heading=_("Agency"),
        ),
        MultiFieldPanel(
            [FieldPanel("desk_hours"), FieldPanel("closed_on_thursday")],
            heading=_("Working days"),
        ),
    ]

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def clean(self):
        super().clean()
        self.name = normalize_text(self.name)


class Holiday(models.Model):
    """A public holiday (تعطیل رسمی): lunar ones move every year, so editors keep the table."""

    date = models.DateField(_("date"), unique=True)
    title = models.CharField(_("occasion"), max_length=200)
    is_estimate = models.BooleanField(
        _("estimated date"),
        default=False,
        help_text=_(
            "A lunar holiday computed ahead of the official calendar, which may be a day "
            "off: check it against the official calendar, move the date if needed, and "
            "untick this."
        ),
    )

    history = HistoricalRecords()

    panels = [FieldPanel("date"), FieldPanel("title"), FieldPanel("is_estimate")]

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        # Jalali, in the active language's digits: this is the name the admin shows
        # in breadcrumbs, titles and history.
        return f"{format_jalali(self.date, persian=persian_active())} {self.title}"

    def clean(self):
        super().clean()
        self.title = normalize_text(self.title)
