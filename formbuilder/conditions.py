"""Conditions on earlier answers: `{"field", "operator", "value"}`, `{"all"|"any": [...]}`.

Evaluated on stored answers (what `FieldType.to_storage` returns), on the server for
every submission and in the browser by `static/formbuilder/conditions.js` with the
same rules. A field whose condition is false is hidden: neither required nor stored.
"""

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .constants import Operator
from .persian.text import normalize_digits

Condition = dict[str, Any]
TRUE_WORDS = {"true", "yes", "1", "on", "بله", "آری", "درست"}


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


def condition_problems(
    condition: Condition | None, *, label: str, earlier_keys: list[str], all_keys: list[str]
) -> list[str]:
    """Why a condition cannot be published: it reads an unknown or a later field."""
    problems = []
    for key in condition_fields(condition):
        if key in earlier_keys:
            continue
        if key in all_keys:
            problems.append(
                _(
                    "“%(label)s” depends on “%(key)s”, which comes after it; a condition may "
                    "only use earlier questions."
                )
                % {"label": label, "key": key}
            )
        else:
            problems.append(
                _("“%(label)s” depends on “%(key)s”, which is not a question of this form.")
                % {"label": label, "key": key}
            )
    return problems
