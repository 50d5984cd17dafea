"""The StreamField blocks editors build forms with: steps, and one block per field type.

Every field block has the same common part (label, key, help text, required, an
optional condition), then its type's own options (`FieldType.option_blocks`).

How they look in the editor (an outline, not a wall): questions start collapsed, each
summarised on one line by `formbuilder/static/formbuilder/designer.js`; the key and the
rarely used options sit in a collapsed "advanced settings" group (`QuestionBlock`); the
add buttons say what they add. The stored JSON of a question is the same as before: the
layout only groups the same children.
"""

import uuid

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockAdapter

from .constants import (
    ESSENTIAL_OPTIONS,
    FIELD_TYPE_GROUPS,
    FIELD_TYPE_ORDER,
    KEY_MAX_LENGTH,
    KEY_PATTERN,
    Match,
    Operator,
)
from .editor_texts import EDITOR_SCRIPTS, editor_texts
from .fields import FieldType, registry
from .translations import english_blocks


class ConditionRuleBlock(blocks.StructBlock):
    """One rule: an earlier question, an operator, a value.

    In the editor (static/formbuilder/form_editor.js) the question is chosen from the
    earlier questions by their labels, the value from the target's options when it has
    them, and the rule reads back as a Persian sentence. What is stored stays the plain
    text of each child: the question's key, the operator, the value.
    """

    field = blocks.CharBlock(
        label=_("Question"),
        max_length=255,
        # Routing rules type a key; the form designer's script replaces this box with a
        # chooser of the earlier questions.
        help_text=_("An earlier question: its key (e.g. applicant_type) or its exact text."),
    )
    operator = blocks.ChoiceBlock(label=_("Operator"), choices=Operator.choices)
    value = blocks.CharBlock(
        label=_("Value"),
        required=False,
        help_text=_(
            "The answer to compare with: a choice's value, a number, or yes/no. "
            "For “is one of”, separate values with commas. Not used by “is checked”."
        ),
    )

    class Meta:
        icon = "cog"
        label = _("Rule")
        # A folded rule's title until form_editor.js gives it its sentence: never the
        # first child's value, which is the target's key.
        label_format = _("Rule")


class ConditionRuleBlockAdapter(StructBlockAdapter):
    """The rule block's editor: Wagtail's StructBlock, plus the choosers of form_editor.js."""

    js_constructor = "formbuilder.blocks.ConditionRuleBlock"

    def js_args(self, block):
        name, children, meta = super().js_args(block)
        return [name, children, {**meta, "texts": editor_texts()}]

    @cached_property
    def media(self):
        media = super().media
        return forms.Media(js=[*media._js, *EDITOR_SCRIPTS], css=media._css)


register(ConditionRuleBlockAdapter(), ConditionRuleBlock)


class ConditionBlock(blocks.StructBlock):
    match = blocks.ChoiceBlock(
        label=_("Show this field when"), choices=Match.choices, default=Match.ALL
    )
    rules = blocks.ListBlock(ConditionRuleBlock(), label=_("Rules"), default=[])

    class Meta:
        icon = "view"
        label = _("Condition")
        help_text = _("Leave without rules to always show the field.")
        # Open with the question: an empty condition is one «افزودن شرط» button (the
        # all/any choice shows from the second rule on, form_editor.js), and a question's
        # rule is what an editor opening it comes to read.
        collapsed = False


class QuestionBlock(blocks.StructBlock):
    """One question: its children in sight, then the `advanced` ones (names) folded
    into a collapsed group. Children added later (e.g. translations) show in sight."""

    class Meta:
        advanced = ()

    def get_form_layout(self) -> blocks.BlockGroup:
        advanced = [name for name in self.meta.advanced if name in self.child_blocks]
        in_sight = [name for name in self.child_blocks if name not in advanced]
        if not advanced:
            return blocks.BlockGroup(in_sight)
        folded = blocks.BlockGroup(
            advanced,
            heading=_("Advanced settings"),
            help_text=_("The answer's key, patterns, sizes and limits; rarely needed."),
            classname="collapsed",
            icon="cog",
            # Folded, a group shows its first child's value after its heading: here the
            # question's key. Keys are never shown to an editor, so the group shows none.
            label_format="",
        )
        return blocks.BlockGroup([*in_sight, folded])


def field_block(field_type: FieldType) -> QuestionBlock:
    """The editor's block for one field type."""
    options = field_type.option_blocks()
    children = [
        ("label", blocks.CharBlock(label=_("Question"), max_length=255)),
        (
            "key",
            blocks.RegexBlock(
                label=_("Key"),
                regex=KEY_PATTERN,
                max_length=KEY_MAX_LENGTH,
                required=False,
                help_text=_(
                    "A stable name for the answer in exports and the API. Made from the "
                    "question when left empty, and never changed afterwards."
                ),
                error_messages={
                    "invalid": _(
                        "A key starts with a Latin letter and has only lowercase Latin "
                        "letters, digits and _."
                    )
                },
            ),
        ),
        ("help_text", blocks.CharBlock(label=_("Hint"), required=False, max_length=500)),
        ("required", blocks.BooleanBlock(label=_("Required"), required=False, default=True)),
        *english_blocks("label", "help_text"),
        *options,
        ("condition", ConditionBlock(required=False)),
    ]
    meta = {
        "label": field_type.label,
        "icon": field_type.icon,
        "group": FIELD_TYPE_GROUP.get(field_type.type, ""),
        "advanced": ["key", *(name for name, _b in options if name not in ESSENTIAL_OPTIONS)],
    }
    if field_type.description:
        meta["help_text"] = field_type.description
    return QuestionBlock(children, **meta)


FIELD_TYPE_GROUP = {name: group for group, names in FIELD_TYPE_GROUPS for name in names}


def field_types_in_order() -> list[FieldType]:
    ordered = [registry.get(name) for name in FIELD_TYPE_ORDER if name in registry]
    return ordered + [t for t in registry if t.type not in FIELD_TYPE_ORDER]


class QuestionsBlock(blocks.StreamBlock):
    """A step's questions, one block per field type, grouped in the picker. Questions
    open collapsed; the add button reads «افزودن پرسش» (designer.js)."""

    def __init__(self, local_blocks=None, **kwargs):
        if local_blocks is None:
            local_blocks = [
                (field_type.type, field_block(field_type)) for field_type in field_types_in_order()
            ]
        super().__init__(local_blocks, **kwargs)

    class Meta:
        collapsed = True
        add_label = _("Add a question")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step title"), max_length=200)
    description = blocks.TextBlock(label=_("Introduction"), required=False)
    title_en = dict(english_blocks("title"))["title_en"]
    fields = QuestionsBlock(label=_("Questions"), required=False)

    class Meta:
        icon = "form"
        label = _("Step")
        # The introduction and the English title, rarely written, sit behind the step's
        # settings (cog) button.
        form_layout = blocks.BlockGroup(["title", "fields"], settings=["description", "title_en"])


class StepsBlock(blocks.StreamBlock):
    """A form's steps; its add button reads «افزودن مرحله», and ready steps from the
    library are offered beside it (designer.js, `formbuilder.designer`)."""

    step = StepBlock()

    class Meta:
        add_label = _("Add a step")


def starting_steps() -> list[dict]:
    """A new form's content: a first step holding the required mobile question, so the
    form is publishable from its first moment once it has a title. Raw stream data, so
    every option the blocks leave out takes its default. Each block has its own id: the
    editor names a block's panels by its id, and two blocks without one would share them
    (the mobile question, opening collapsed, would hide its step)."""
    mobile = {"label": str(registry.get("mobile").label), "key": "mobile", "required": True}
    mobile["help_text"] = ""
    step = {
        "title": gettext("Applicant's details"),
        "description": "",
        "fields": [{"type": "mobile", "value": mobile, "id": str(uuid.uuid4())}],
    }
    return [{"type": "step", "value": step, "id": str(uuid.uuid4())}]
