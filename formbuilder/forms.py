"""Django forms built from a schema: one `StepForm` per step, for the wizard and the API alike."""

import json
from typing import Any

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .condition_text import condition_text
from .conditions import condition_evaluate
from .fields import registry
from .fields.text import local_digits

# Rendered HTML of empty steps of published versions, per process (see StepForm.render).
_EMPTY_STEP_HTML: dict[tuple, str] = {}
_EMPTY_STEP_HTML_MAX = 512


def step_form_cache_clear() -> None:
    """Forget every empty step form this process rendered (tests)."""
    _EMPTY_STEP_HTML.clear()


class StepForm(forms.Form):
    """One step of a published form.

    `earlier` holds the stored answers of the steps before this one, so conditions
    that read them can be evaluated. After `is_valid()`, `answers` holds this step's
    stored answers (hidden fields left out) and `uploads` the uploaded files by key.
    """

    template_name = "formbuilder/step_form.html"
    required_css_class = "field--required"
    error_css_class = "field--error"

    def __init__(
        self,
        *args,
        step: dict[str, Any],
        earlier: dict[str, Any] | None = None,
        cache_key: str | None = None,
        known_specs: dict[str, dict[str, Any]] | None = None,
        **kw,
    ):
        super().__init__(*args, **kw)
        # A published version never changes, so an empty step renders the same every time.
        self.cache_key = cache_key
        self.step = step
        self.earlier = dict(earlier or {})
        self.specs = {spec["key"]: spec for spec in step["fields"]}
        # Every question a condition may name (earlier steps' too), for its «only if».
        self.known_specs = {**(known_specs or {}), **self.specs}
        self.answers: dict[str, Any] = {}
        self.uploads: dict[str, list] = {}
        self.hidden: set[str] = set()
        # Files uploaded on an earlier visit of this step (or kept from a send sent back
        # for another mistake), by key: [{"name": ..., "size": bytes}].
        self.kept_files: dict[str, list[dict[str, Any]]] = {}
        for key, spec in self.specs.items():
            field_type = registry.get(spec["type"])
            field = field_type.form_field(spec)
            if spec["type"] != "boolean":
                field.error_messages["required"] = _required_message(field_type, spec["label"])
            if spec.get("condition"):
                # Whether it is required depends on the answers: checked in clean().
                field.required = False
            self.fields[key] = field

    def clean(self):
        cleaned = super().clean()
        answers = dict(self.earlier)
        for key, spec in self.specs.items():
            if not condition_evaluate(spec.get("condition"), answers):
                # Hidden: whatever was sent is neither validated nor stored.
                self.hidden.add(key)
                self._errors.pop(key, None)
                cleaned.pop(key, None)
                continue
            if key in self._errors:
                continue
            field_type = registry.get(spec["type"])
            value = cleaned.get(key)
            if spec.get("condition") and spec["required"] and value in (None, "", [], False):
                self.add_error(key, self.fields[key].error_messages["required"])
                continue
            stored = field_type.to_storage(spec, value)
            answers[key] = stored
            self.answers[key] = stored
            if field_type.is_file and value:
                self.uploads[key] = value if isinstance(value, list) else [value]
        return cleaned

    def render(self, template_name=None, context=None, renderer=None):
        cacheable = (
            self.cache_key is not None
            and template_name is None
            and not self.is_bound
            and not self.initial
            and not self.kept_files
        )
        if not cacheable:
            return super().render(template_name, context, renderer)
        key = (self.cache_key, self.prefix, self.auto_id, get_language())
        html = _EMPTY_STEP_HTML.get(key)
        if html is None:
            if len(_EMPTY_STEP_HTML) >= _EMPTY_STEP_HTML_MAX:
                _EMPTY_STEP_HTML.clear()
            html = _EMPTY_STEP_HTML[key] = super().render(template_name, context, renderer)
        return html

    # Django binds these to the base class's render(); templates call them.
    __str__ = render
    __html__ = render

    def rows(self):
        """(bound field, spec, condition as JSON) for the template, in the step's order."""
        for key, spec in self.specs.items():
            condition = spec.get("condition")
            yield {
                "field": self[key],
                "spec": spec,
                "grouped": registry.get(spec["type"]).grouped,
                "kept_files": self.kept_files.get(key, []),
                "condition": json.dumps(condition, ensure_ascii=False) if condition else "",
                "condition_text": condition_text(condition, self.known_specs),
            }


def _required_message(field_type, label: str) -> str:
    """Say what to do, naming the question (GOV.UK style), not "This field is required"."""
    label = local_digits(label)  # as the page shows it
    if field_type.is_file:
        return gettext("Upload “%(label)s”.") % {"label": label}
    if field_type.has_choices:
        return gettext("Choose an answer for “%(label)s”.") % {"label": label}
    return gettext("Enter “%(label)s”.") % {"label": label}


class ReviewForm(forms.Form):
    """The "check your answers" page: nothing to fill, a declaration to confirm, unless
    the form's last step asked for the editor's own declaration (`declared`; the rule is
    `schema.schema_declaration`): the citizen gives their word once, not twice."""

    confirm = forms.BooleanField(
        label=_("I confirm that the information I have given is correct."),
        error_messages={"required": _("Confirm that your answers are correct to send them.")},
    )

    def __init__(self, *args, declared: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if declared:
            del self.fields["confirm"]
