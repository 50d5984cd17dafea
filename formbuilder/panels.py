"""The publish checklist beside the form designer: what still stops the form from being
published, and what deserves a look, before the editor presses publish.

The server lists it from the form as saved; form_checklist.js re-lists it as the editor types
by asking the server (checklist.py), so both lists come from the checks publishing runs.
"""

import json

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .checklist import form_checklist
from .editor_texts import CHECKLIST_JS, EDITOR_CSS, EDITOR_SCRIPTS, editor_texts
from .fields.text import local_digits


class ChecklistPanel(Panel):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Before publishing"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "formbuilder/admin/checklist_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            found = form_checklist(self.instance.steps)
            context["problems"] = [p for p in found if not p.warning]
            # Warnings (missing English texts) do not stop a publish: folded in one line.
            context["warnings"] = [p for p in found if p.warning]
            context["warnings_title"] = _gettext(
                "Warnings (%(count)s): they do not stop publishing"
            ) % {"count": local_digits(len(context["warnings"]))}
            context["texts"] = json.dumps(editor_texts(), ensure_ascii=False)
            context["checklist_url"] = reverse("formbuilder_checklist")
            if self.instance.pk is None and "editor_session" in self.form.fields:
                context["editor_session"] = self.form["editor_session"]
            return context

        @property
        def media(self):
            return forms.Media(js=[*EDITOR_SCRIPTS, CHECKLIST_JS], css={"all": [EDITOR_CSS]})
