from django import forms
from django.utils.translation import gettext_lazy as _

from formbuilder.persian.text import normalize_text

SEARCH_MAX_LENGTH = 100


class CatalogSearchForm(forms.Form):
    """The catalog's search box and category filter (a GET form)."""

    q = forms.CharField(
        label=_("Search services"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=None,
        to_field_name="slug",
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("There is no such category.")},
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories

    def clean_q(self) -> str:
        return normalize_text(self.cleaned_data["q"])

    def has_criteria(self) -> bool:
        return bool(self.cleaned_data.get("q") or self.cleaned_data.get("category"))
