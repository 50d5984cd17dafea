"""A question's condition in words, for the page without JavaScript: «Only if “Applicant
type” is “Company”.» (conditions.js hides the question instead when it runs)."""

import re
from typing import Any

from django.utils.translation import gettext as _

from .conditions import Condition
from .constants import Operator
from .fields.choices import spec_choices
from .fields.text import local_digits

_LIST_SEPARATORS = re.compile(r"[,،؛;]")


def _value_text(spec: dict[str, Any] | None, value: Any) -> str:
    labels = dict(spec_choices(spec)) if spec else {}
    return f"«{local_digits(labels.get(str(value), value))}»"


def _rule_text(rule: Condition, specs: dict[str, dict[str, Any]]) -> str:
    spec = specs.get(rule.get("field"))
    label = f"«{local_digits((spec or {}).get('label') or rule.get('field'))}»"
    operator, value = rule.get("operator"), rule.get("value")
    if operator == Operator.IS_CHECKED:
        return _("%(label)s is answered") % {"label": label}
    if operator == Operator.ONE_OF:
        values = value if isinstance(value, list) else [value]
        joined = _(", ").join(_value_text(spec, item) for item in values)
        return _("%(label)s is one of %(values)s") % {"label": label, "values": joined}
    templates = {
        Operator.EQUALS: _("%(label)s is %(value)s"),
        Operator.NOT_EQUALS: _("%(label)s is not %(value)s"),
        Operator.GREATER_THAN: _("%(label)s is more than %(value)s"),
        Operator.LESS_THAN: _("%(label)s is less than %(value)s"),
    }
    template = templates.get(operator, _("%(label)s is %(value)s"))
    return template % {"label": label, "value": _value_text(spec, value)}


def _parts_text(condition: Condition, specs: dict[str, dict[str, Any]]) -> str:
    if "all" in condition or "any" in condition:
        joiner = _(" and ") if "all" in condition else _(" or ")
        parts = condition.get("all") or condition.get("any") or []
        return joiner.join(_parts_text(part, specs) for part in parts)
    return _rule_text(condition, specs)


def condition_text(condition: Condition | None, specs: dict[str, dict[str, Any]]) -> str:
    """«Only if …» for a condition, naming the questions by their labels in `specs`."""
    if not condition:
        return ""
    return _("Only if %(condition)s.") % {"condition": _parts_text(condition, specs)}


# -- The editor's sentence: «فقط وقتی نشان داده شود که «نوع متقاضی» «حقوقی» باشد» ----------
#
# The one rule for it, with static/formbuilder/rule_sentence.js its copy in the editor
# (both outlines, form_editor.js and designer.js), fed these very texts
# (tests/browser/test_rule_sentence_parity.py holds the two together).


def rule_texts() -> dict[str, str]:
    """The sentence's words in the active language; %(field)s and %(value)s are filled in."""
    return {
        "sentence": _("Shown only when %(rules)s"),
        "and": _(" and "),
        "or": _(" or "),
        "comma": _(", "),
        "incomplete": _("(this rule is not complete yet)"),
        "untitled": _("(question without text)"),
        "checked": _("checked"),
        "not_checked": _("not checked"),
        "equals": _("“%(field)s” is “%(value)s”"),
        "includes": _("“%(field)s” includes “%(value)s”"),
        "not_equals": _("“%(field)s” is not “%(value)s”"),
        "one_of": _("“%(field)s” is one of %(value)s"),
        "is_checked": _("“%(field)s” is answered"),
        "greater_than": _("“%(field)s” is more than “%(value)s”"),
        "less_than": _("“%(field)s” is less than “%(value)s”"),
        "digits": "persian" if local_digits(1) != "1" else "latin",
    }


def _options(spec: dict[str, Any], texts: dict[str, str]) -> dict[str, str]:
    if spec.get("type") == "boolean":
        return {"true": texts["checked"], "false": texts["not_checked"]}
    return dict(spec_choices(spec))


def rule_sentence(rule: Condition, spec: dict[str, Any] | None, texts: dict[str, str]) -> str:
    """One rule's clause, naming its question (`spec`) by its label and a choice by its
    label; «(این قاعده هنوز کامل نیست)» while its question, operator or value is missing."""
    operator, value = rule.get("operator"), rule.get("value")
    text = "" if value is None else str(value)
    if operator == Operator.ONE_OF:
        raw = value if isinstance(value, list) else _LIST_SEPARATORS.split(text)
        values = [str(item).strip() for item in raw if str(item).strip()]
    else:
        values = [text.strip()] if text.strip() else []
    if not spec or not operator or (operator != Operator.IS_CHECKED and not values):
        return texts["incomplete"]
    options = _options(spec, texts)
    field = local_digits(spec.get("label") or texts["untitled"])
    if operator == Operator.ONE_OF:
        shown = [f"«{local_digits(options.get(item, item))}»" for item in values]
        return texts["one_of"] % {"field": field, "value": texts["comma"].join(shown)}
    name = (
        "includes" if operator == Operator.EQUALS and spec.get("type") == "checkboxes" else operator
    )
    template = texts[name] if name in (*Operator.values, "includes") else texts["equals"]
    shown_value = local_digits(options.get(values[0], values[0])) if values else ""
    return template % {"field": field, "value": shown_value}


def _clauses(condition: Condition, specs: dict[str, dict[str, Any]], texts) -> str:
    if "all" in condition or "any" in condition:
        joiner = texts["and"] if "all" in condition else texts["or"]
        parts = condition.get("all") or condition.get("any") or []
        return joiner.join(_clauses(part, specs, texts) for part in parts)
    return rule_sentence(condition, specs.get(condition.get("field")), texts)


def condition_sentence(condition: Condition | None, specs: dict[str, dict[str, Any]]) -> str:
    """A condition as the editor reads it back, its questions named by their labels in
    `specs` (by key)."""
    if not condition:
        return ""
    texts = rule_texts()
    return texts["sentence"] % {"rules": _clauses(condition, specs, texts)}
