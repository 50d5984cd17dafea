"""The publish checklist beside the form designer: what still stops the form from being
published, and what deserves a look, before the editor presses publish.

The server lists it from the form as saved (`schema_check`, the very checks publishing
runs); form_editor.js re-lists it live from the editor as the editor types.
"""

import json

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .editor_texts import EDITOR_CSS, EDITOR_JS, editor_texts
from .schema import Problem, keys_assign, schema_build, schema_check
from .translations import schema_missing_translations


def form_checklist(steps) -> list[Problem]:
    """The problems (then the warnings) of a form's steps, as publishing would find them.

    Works on a copy: questions without a key get the one saving will give them. Missing
    English texts are warnings: the English site falls back to the Persian ones."""
    stream_block = steps.stream_block
    copy = stream_block.to_python(steps.get_prep_value())
    keys_assign(copy)
    schema = schema_build(copy, version=0)
    found = schema_check(schema) + [
        Problem(message, warning=True) for message in schema_missing_translations(schema)
    ]
    return sorted(found, key=lambda problem: problem.warning)


class ChecklistPanel(Panel):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Before publishing"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "formbuilder/admin/checklist_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["problems"] = form_checklist(self.instance.steps)
            context["texts"] = json.dumps(editor_texts(), ensure_ascii=False)
            return context

        @property
        def media(self):
            return forms.Media(js=[EDITOR_JS], css={"all": [EDITOR_CSS]})
