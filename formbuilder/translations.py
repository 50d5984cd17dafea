"""English text for a form (issue 12, item 11): optional, entered beside the Persian in the
editor, used on the English site, Persian wherever it is missing.

In the editor each question, step and choice carries its English text in children named
`<name>_en` (`label_en`, `help_text_en`, `title_en`); stored values from before simply
lack them. The schema carries them the same way, and only when filled in, so a form
without translations freezes to the same schema as before.
"""

import copy
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks

from .persian.text import normalize_text

ENGLISH = "en"
SUFFIX = "_en"
# Translatable texts: a question's, a step's, a choice's.
FIELD_TEXTS = ("label", "help_text")
STEP_TEXTS = ("title",)
CHOICE_TEXTS = ("label",)

_LABELS = {
    "label": gettext_lazy("Question in English"),
    "help_text": gettext_lazy("Hint in English"),
    "title": gettext_lazy("Step title in English"),
}


def english_blocks(*names: str, label=None) -> list[tuple[str, blocks.Block]]:
    """The editor's optional English boxes for these texts, e.g. `english_blocks("title")`
    → [("title_en", CharBlock)]; never required. `label` overrides the box's label."""
    return [
        (
            f"{name}{SUFFIX}",
            blocks.CharBlock(
                label=label or _LABELS.get(name, gettext_lazy("In English")),
                required=False,
                max_length=500 if name == "help_text" else 255,
                help_text=gettext_lazy("Optional: shown on the English site instead."),
                form_classname=f"khedmat-english {name}{SUFFIX}",
            ),
        )
        for name in names
    ]


def english_texts(value, names: tuple[str, ...]) -> dict[str, str]:
    """The filled-in English texts of a block value, as `{"label_en": ...}` for the schema."""
    texts = {}
    for name in names:
        text = normalize_text(str(value.get(f"{name}{SUFFIX}") or "")).strip()
        if text:
            texts[f"{name}{SUFFIX}"] = text
    return texts


def _localize(item: dict, names: tuple[str, ...]) -> None:
    for name in names:
        if item.get(f"{name}{SUFFIX}"):
            item[name] = item[f"{name}{SUFFIX}"]


def schema_localize(schema: dict[str, Any], language: str | None) -> dict[str, Any]:
    """The schema as shown in `language`: on the English site the English texts replace
    the Persian ones where the editor entered them; otherwise the schema itself."""
    if not language or not language.startswith(ENGLISH):
        return schema
    localized = copy.deepcopy(schema)
    for step in localized["steps"]:
        _localize(step, STEP_TEXTS)
        for field in step["fields"]:
            _localize(field, FIELD_TEXTS)
            for choice in field.get("choices") or []:
                _localize(choice, CHOICE_TEXTS)
    return localized


def schema_missing_translations(schema: dict[str, Any]) -> list[str]:
    """Warnings (not errors) for the publish checklist: each step title, question, hint
    and choice without its English text, naming questions by their Persian label."""
    missing = []
    for step in schema["steps"]:
        if step.get("title") and not step.get("title_en"):
            missing.append(
                _("The step “%(title)s” has no English title.") % {"title": step["title"]}
            )
        for field in step["fields"]:
            label = field.get("label") or ""
            if label and not field.get("label_en"):
                missing.append(_("“%(label)s” has no English text.") % {"label": label})
            if field.get("help_text") and not field.get("help_text_en"):
                missing.append(_("The hint of “%(label)s” has no English text.") % {"label": label})
            choices = field.get("choices") or []
            untranslated = [choice["label"] for choice in choices if not choice.get("label_en")]
            if untranslated:
                missing.append(
                    _("Options of “%(label)s” without English text: %(options)s")
                    % {"label": label, "options": "، ".join(untranslated)}
                )
    return missing
