"""StreamField blocks for the lists on a service's identity card.

Each list is a StreamField of one block type, so editors can add, remove and
reorder items without touching rich text.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class RequiredDocumentBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Document"), max_length=200)
    note = blocks.CharBlock(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("For example: the original and one copy; scanned in colour."),
    )
    original_required = blocks.BooleanBlock(
        label=_("Original to be shown in person"), required=False
    )

    class Meta:
        icon = "doc-full"
        label = _("Required document")


class ServiceStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")


class LegalBasisBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Law or regulation"),
        max_length=300,
        help_text=_("For example: the Municipalities Act, article 100."),
    )
    reference = blocks.CharBlock(
        label=_("Article or approval number"), required=False, max_length=200
    )
    url = blocks.URLBlock(label=_("Link to the text"), required=False)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Legal basis")
