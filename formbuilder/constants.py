from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A key is readable ASCII: a letter, then letters, digits and underscores.
KEY_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
KEY_MAX_LENGTH = 64


class Operator(models.TextChoices):
    """Condition operators; the schema stores the value."""

    EQUALS = "equals", _("is (or, for checkboxes, includes)")
    NOT_EQUALS = "not_equals", _("is not")
    ONE_OF = "one_of", _("is one of")
    IS_CHECKED = "is_checked", _("is checked / answered")
    GREATER_THAN = "greater_than", _("is greater than")
    LESS_THAN = "less_than", _("is less than")


class Match(models.TextChoices):
    ALL = "all", _("all of these")
    ANY = "any", _("any of these")


# DESIGN.md's field types, in the groups and order editors see them in the question picker.
FIELD_TYPE_GROUPS = (
    (pgettext_lazy("field type group", "Text"), ("text", "textarea", "email")),
    (
        pgettext_lazy("field type group", "Numbers and identifiers"),
        ("integer", "decimal", "mobile", "national_id", "postal_code"),
    ),
    (pgettext_lazy("field type group", "Companies and banks"), ("legal_id", "iban", "bank_card")),
    (pgettext_lazy("field type group", "Choices"), ("select", "radio", "checkboxes", "boolean")),
    (pgettext_lazy("field type group", "Date and documents"), ("jalali_date", "file")),
)
FIELD_TYPE_ORDER = tuple(name for _group, names in FIELD_TYPE_GROUPS for name in names)

# Options of a question folded into its "advanced settings" group in the editor; the
# type's other options (its choices, a file's kinds and largest size) stay in sight.
ESSENTIAL_OPTIONS = ("choices", "allowed_types", "max_size_mb")

# Unknown answer keys an API error names one by one; the rest are counted in one message.
UNKNOWN_KEYS_NAMED = 10


class FormStatus(models.TextChoices):
    """Where a request form stands, as editors read it in the forms list."""

    DRAFT = "draft", pgettext_lazy("form status", "Draft")
    PUBLISHED = "published", pgettext_lazy("form status", "Published")
    CHANGED = "changed", pgettext_lazy("form status", "Published, with unpublished changes")
