"""A question's condition in words, for the page without JavaScript: «Only if “Applicant
type” is “Company”.» (conditions.js hides the question instead when it runs)."""

from typing import Any

from django.utils.translation import gettext as _

from .conditions import Condition
from .constants import Operator
from .fields.choices import spec_choices
from .fields.text import local_digits


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
