"""Conditions on earlier answers: `{"field", "operator", "value"}`, `{"all"|"any": [...]}`.

Evaluated on stored answers (what `FieldType.to_storage` returns), on the server for
every submission and in the browser by `static/formbuilder/conditions.js` with the
same rules. A field whose condition is false is hidden: neither required nor stored.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .constants import Operator
from .fields import registry
from .persian.text import normalize_digits

Condition = dict[str, Any]
TRUE_WORDS = {"true", "yes", "1", "on", "بله", "آری", "درست"}
FALSE_WORDS = {"false", "no", "0", "off", "خیر", "نه", "نادرست"}


# A number as a citizen or an editor writes it: any digits, «٫» or "." for the decimal
# point, «٬» or "," between thousands. conditions.js reads numbers by the same grammar.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_NUMBER_MARKS = str.maketrans({"٫": ".", "٬": None, ",": None})


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return None
    text = normalize_digits(str(value)).translate(_NUMBER_MARKS).strip()
    return Decimal(text) if _NUMBER.fullmatch(text) else None


def _same(answer: Any, expected: Any) -> bool:
    if isinstance(answer, bool):
        return answer == (str(expected).strip().lower() in TRUE_WORDS)
    if isinstance(answer, list):
        return str(expected) in {str(item) for item in answer}
    left, right = _as_number(answer), _as_number(expected)
    if left is not None and right is not None:
        return left == right
    return str(answer) == str(expected)


def _present(answer: Any) -> bool:
    """Answered at all (an unchecked box is an answer: False)."""
    return answer is not None and answer != "" and answer != []


def _checked(answer: Any) -> bool:
    return _present(answer) and answer is not False


def _compare(answer: Any, expected: Any) -> int | None:
    """-1, 0 or 1 comparing numbers (or ISO dates as strings); None if not comparable."""
    left, right = _as_number(answer), _as_number(expected)
    if left is None or right is None:
        if isinstance(answer, str) and isinstance(expected, str) and answer and expected:
            left, right = answer, expected  # ISO dates compare as strings
        else:
            return None
    return (left > right) - (left < right)


def _rule_holds(rule: Condition, answers: dict[str, Any]) -> bool:
    answer = answers.get(rule["field"])
    operator, expected = rule["operator"], rule.get("value")
    if operator == Operator.IS_CHECKED:
        return _checked(answer)
    if operator == Operator.EQUALS:
        return _present(answer) and _same(answer, expected)
    if operator == Operator.NOT_EQUALS:
        return not (_present(answer) and _same(answer, expected))
    if operator == Operator.ONE_OF:
        options = expected if isinstance(expected, list) else [expected]
        return _present(answer) and any(_same(answer, option) for option in options)
    if operator in (Operator.GREATER_THAN, Operator.LESS_THAN):
        order = _compare(answer, expected) if _present(answer) else None
        if order is None:
            return False
        return order > 0 if operator == Operator.GREATER_THAN else order < 0
    raise ValueError(f"Unknown operator {operator!r}")


def condition_evaluate(condition: Condition | None, answers: dict[str, Any]) -> bool:
    """Whether a field with this condition is shown, given the answers so far."""
    if not condition:
        return True
    if "all" in condition:
        return all(condition_evaluate(part, answers) for part in condition["all"])
    if "any" in condition:
        return any(condition_evaluate(part, answers) for part in condition["any"])
    return _rule_holds(condition, answers)


def condition_fields(condition: Condition | None) -> list[str]:
    """The keys a condition reads, in order."""
    if not condition:
        return []
    if "all" in condition or "any" in condition:
        parts = condition.get("all") or condition.get("any") or []
        return [key for part in parts for key in condition_fields(part)]
    return [condition["field"]]


def condition_rules(condition: Condition | None) -> list[Condition]:
    """The simple rules of a condition, in order: for a condition made in the editor, the
    n-th rule is the n-th rule block of its ConditionBlock."""
    if not condition:
        return []
    if "all" in condition or "any" in condition:
        parts = condition.get("all") or condition.get("any") or []
        return [rule for part in parts for rule in condition_rules(part)]
    return [condition]


@dataclass(frozen=True)
class RuleProblem:
    """Why one rule cannot be published: `index` is its position among the condition's
    rules, `part` the rule block's child to mark ("field", "operator" or "value")."""

    index: int
    part: str
    message: str


def condition_problems(
    condition: Condition | None, *, label: str, earlier: dict[str, dict], labels: dict[str, str]
) -> list[RuleProblem]:
    """Why a condition cannot be published, naming questions by their labels: a rule reads
    an unknown or a later question, or compares it with a value it can never have.

    `earlier` maps the keys of the questions before this one to their specs; `labels` maps
    every key of the form to its question.
    """
    problems = []
    for index, rule in enumerate(condition_rules(condition)):
        key = rule.get("field")
        names = {"label": label, "target": labels.get(key, "")}
        if key in earlier:
            problems += [
                RuleProblem(index, part, message)
                for part, message in rule_value_problems(rule, earlier[key], names)
            ]
        elif not key:
            message = _("A rule of “%(label)s” has no question chosen.")
            problems.append(RuleProblem(index, "field", message % names))
        elif key in labels:
            message = _(
                "“%(label)s” depends on “%(target)s”, which comes after it; a condition may "
                "only use earlier questions."
            )
            problems.append(RuleProblem(index, "field", message % names))
        else:
            message = _(
                "A rule of “%(label)s” uses a question that is not in this form (it may have "
                "been removed). Choose an earlier question."
            )
            problems.append(RuleProblem(index, "field", message % names))
    return problems


NUMBER_TYPES = {"integer", "decimal", "jalali_date"}


def rule_values(rule: Condition) -> list[Any]:
    """The values a rule compares with (several for "is one of")."""
    value = rule.get("value")
    if isinstance(value, list):
        return value
    return [] if value in (None, "") else [value]


def rule_value_problems(rule: Condition, target: dict, names: dict) -> list[tuple[str, str]]:
    """(part, message) pairs for a rule whose operator or value the target question can
    never satisfy; `names` holds the questions' labels ("label", "target")."""
    operator = rule["operator"]
    if operator == Operator.IS_CHECKED:
        return []
    if target["type"] == "file":
        message = _("In “%(label)s”, a file question can only be “answered”.")
        return [("operator", message % names)]
    if operator in (Operator.GREATER_THAN, Operator.LESS_THAN) and (
        target["type"] not in NUMBER_TYPES
    ):
        message = _(
            "In “%(label)s”, “greater than” and “less than” only suit numbers and dates, "
            "and “%(target)s” is neither."
        )
        return [("operator", message % names)]
    values = rule_values(rule)
    if not values:
        message = _("In “%(label)s”, the rule on “%(target)s” has no value. Choose one.")
        return [("value", message % names)]
    problems = []
    for value in values:
        message = value_problem(value, target, names)
        if message:
            problems.append(("value", message))
    return problems


def value_problem(value: Any, target: dict, names: dict) -> str | None:
    """Why `value` can never be an answer to `target`, or None."""
    names = {**names, "value": str(value)}
    if target.get("choices"):
        options = {str(choice["value"]): str(choice["label"]) for choice in target["choices"]}
        if str(value) in options:
            return None
        names["options"] = "، ".join(f"«{label}»" for label in options.values())
        message = _(
            "In “%(label)s”, “%(value)s” is not one of the options of “%(target)s”: %(options)s."
        )
        return message % names
    if target["type"] == "boolean":
        if str(value).strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return None
        return _("In “%(label)s”, “%(target)s” can only be checked or not.") % names
    field = registry.get(target["type"]).form_field({**target, "required": False})
    try:
        field.clean(value)
    except ValidationError as error:
        names["reason"] = " ".join(error.messages)
        message = _(
            "In “%(label)s”, “%(value)s” can never be an answer to “%(target)s”: %(reason)s"
        )
        return message % names
    return None
