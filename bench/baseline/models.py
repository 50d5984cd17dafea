"""The two contenders our form flow is compared with.

`StockFormPage` is what people would otherwise pick: Wagtail's own form builder
(`wagtail.contrib.forms`), fields as inline rows, each answer stored as one
`FormSubmission`. `BareSubmission` is the floor: one JSON row per request.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField


class StockFormField(AbstractFormField):
    page = ParentalKey("StockFormPage", on_delete=models.CASCADE, related_name="form_fields")


class StockFormPage(AbstractForm):
    intro = models.TextField(blank=True)
    thank_you_text = models.TextField(blank=True)

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
    ]

    template = "baseline/stock_form_page.html"
    landing_page_template = "baseline/stock_form_page_landing.html"


class BareSubmission(models.Model):
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"bare submission {self.pk}"
