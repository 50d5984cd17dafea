"""What the form designer's script (static/formbuilder/form_editor.js) says, translated on
the server: the rule sentences, the choosers' prompts and the publish checklist.

The checklist's items themselves come from the server's publish checks (checklist.py).
"""

from django.utils.translation import gettext as _

from .condition_text import rule_texts

EDITOR_JS = "formbuilder/form_editor.js"
RULE_SENTENCE_JS = "formbuilder/rule_sentence.js"  # loaded before EDITOR_JS and designer.js
FORM_STATE_JS = "formbuilder/form_state.js"
CHECKLIST_JS = "formbuilder/form_checklist.js"
# The rule choosers' scripts, in the order they load.
EDITOR_SCRIPTS = [RULE_SENTENCE_JS, FORM_STATE_JS, EDITOR_JS]
EDITOR_CSS = "formbuilder/form_editor.css"


def editor_texts() -> dict[str, str]:
    """The script's texts in the active language; %(name)s marks what it fills in."""
    return {
        **_rule_texts(),
        **_checklist_texts(),
        "mobile_note": _(
            "This question cannot be removed: citizens track their request and receive SMS "
            "with this number, so every form needs one required mobile question without a "
            "condition."
        ),
    }


def _rule_texts() -> dict[str, str]:
    return {
        **rule_texts(),  # the rule's sentence (condition_text.py, rule_sentence.js)
        "add_rule": _("Add a rule"),
        "choose_question": _("— Choose an earlier question —"),
        "no_earlier": _("There is no earlier question yet: add it above this question first."),
        "choose_value": _("— Choose an answer —"),
    }


def _checklist_texts() -> dict[str, str]:
    return {
        "ready": _("Ready to publish."),
        "warning": _("Warning:"),
        "warnings": _("Warnings (%(count)s): they do not stop publishing"),
    }
