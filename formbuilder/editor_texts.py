"""What the form designer's script (static/formbuilder/form_editor.js) says, translated on
the server: the rule sentences, the choosers' prompts and the publish checklist.

Where the checklist repeats a publish check, it uses the same message as `schema_check`.
"""

from django.utils.translation import gettext as _

from .schema import MOBILE_REQUIRED

EDITOR_JS = "formbuilder/form_editor.js"
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
        "add_rule": _("Add a rule"),
        "choose_question": _("— Choose an earlier question —"),
        "no_earlier": _("There is no earlier question yet: add it above this question first."),
        "untitled": _("(question without text)"),
        "choose_value": _("— Choose an answer —"),
        "checked": _("checked"),
        "not_checked": _("not checked"),
        "sentence": _("Shown only when %(rules)s"),
        "and": _(" and "),
        "or": _(" or "),
        "incomplete": _("(this rule is not complete yet)"),
        "equals": _("“%(field)s” is “%(value)s”"),
        "includes": _("“%(field)s” includes “%(value)s”"),
        "not_equals": _("“%(field)s” is not “%(value)s”"),
        "one_of": _("“%(field)s” is one of %(value)s"),
        "is_checked": _("“%(field)s” is answered"),
        "greater_than": _("“%(field)s” is more than “%(value)s”"),
        "less_than": _("“%(field)s” is less than “%(value)s”"),
    }


def _checklist_texts() -> dict[str, str]:
    return {
        "ready": _("Ready to publish."),
        "warning": _("Warning:"),
        "no_steps": _("The form has no steps. Add a step with at least one question."),
        "step_empty": _("Step %(number)s (“%(title)s”) has no questions."),
        "mobile_missing": str(MOBILE_REQUIRED),
        "no_label": _("A question of step %(number)s has no text."),
        "no_options": _("The question “%(label)s” has no options. Add at least one."),
        "rule_no_target": _("A rule of “%(label)s” has no question chosen."),
        "rule_later": _(
            "“%(label)s” depends on “%(target)s”, which comes after it; a condition may "
            "only use earlier questions."
        ),
        "rule_no_value": _("In “%(label)s”, the rule on “%(target)s” has no value. Choose one."),
        "rule_bad_value": _(
            "In “%(label)s”, “%(value)s” is not one of the options of “%(target)s”: %(options)s."
        ),
        "duplicate": _(
            "Two questions ask “%(label)s”; citizens and staff cannot tell their "
            "answers apart. Make each question's text distinct."
        ),
    }
