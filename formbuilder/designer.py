"""The form designer's client side: telepath adapters for the question and stream
blocks (`static/formbuilder/designer.js`), and the library's ready steps as the editor
inserts them.

Registered from `wagtail_hooks`, so only the admin loads it.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import pgettext_lazy
from wagtail.admin.telepath import register
from wagtail.blocks.stream_block import StreamBlockAdapter
from wagtail.blocks.struct_block import StructBlockAdapter

from .blocks import QuestionBlock, QuestionsBlock, StepsBlock
from .condition_text import rule_texts
from .editor_texts import RULE_SENTENCE_JS
from .models import ReadyStep, ServiceForm

# Paths, not URLs: forms.Media resolves them through the static storage when the page
# renders (a manifest storage has no entries yet when this module is imported).
MEDIA = forms.Media(
    js=["wagtailadmin/js/telepath/blocks.js", RULE_SENTENCE_JS, "formbuilder/designer.js"],
    css={"all": ["formbuilder/designer.css"]},
)


def summary_words() -> dict[str, Any]:
    """The words of a collapsed question's one-line summary; its rule's sentence is made by
    rule_sentence.js from `rule_texts` (condition_text.py)."""
    return {
        "required": pgettext_lazy("question summary", "required"),
        "optional": pgettext_lazy("question summary", "optional"),
        "rule": rule_texts(),
    }


def ready_step_state(ready: ReadyStep) -> dict[str, Any]:
    """A ready step as the editor's script inserts it: the form state of a new step of
    the form, its questions copied without ids or keys (keys are made from the labels
    when the form is saved, unique in the form)."""
    step_block = ServiceForm._meta.get_field("steps").stream_block.child_blocks["step"]
    questions = []
    for child in copy.deepcopy(ready.fields.raw_data):
        value = dict(child.get("value") or {})
        value["key"] = ""
        questions.append({"type": child["type"], "value": value})
    value = step_block.to_python(
        {"title": ready.title, "description": ready.description, "fields": questions}
    )
    state = step_block.get_form_state(value)
    for question in state["fields"]:
        question["id"] = None  # a new block id for each copy, given by the editor
    return state


def ready_steps_offered() -> list[dict[str, Any]]:
    """The library's ready steps, for the buttons under a form's steps."""
    offered = []
    for ready in ReadyStep.objects.order_by("title"):
        labels = [
            str((child.get("value") or {}).get("label") or "") for child in ready.fields.raw_data
        ]
        offered.append(
            {
                "title": ready.title,
                "summary": "، ".join(label for label in labels if label),
                "state": ready_step_state(ready),
            }
        )
    return offered


class QuestionBlockAdapter(StructBlockAdapter):
    js_constructor = "formbuilder.blocks.QuestionBlock"

    def js_args(self, block):
        name, children, meta = super().js_args(block)
        return [name, children, {**meta, "summaryWords": summary_words()}]

    @cached_property
    def media(self):
        return MEDIA


class LabelledStreamBlockAdapter(StreamBlockAdapter):
    js_constructor = "formbuilder.blocks.LabelledStreamBlock"

    def js_args(self, block):
        args = super().js_args(block)
        meta = {**args[-1], "addLabel": getattr(block.meta, "add_label", "")}
        if isinstance(block, StepsBlock):
            meta["readySteps"] = ready_steps_offered()
            meta["readyStepsLabel"] = pgettext_lazy("form designer", "Add a ready step:")
        return [*args[:-1], meta]

    @cached_property
    def media(self):
        return MEDIA


register(QuestionBlockAdapter(), QuestionBlock)
register(LabelledStreamBlockAdapter(), QuestionsBlock)
register(LabelledStreamBlockAdapter(), StepsBlock)
