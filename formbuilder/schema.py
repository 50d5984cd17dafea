"""A form's frozen JSON schema: built from the editor's blocks, checked before publishing.

    {"version": 3, "steps": [{"key": "s1", "title": ..., "description": ...,
                              "fields": [spec, ...]}]}

Each field spec is described in `formbuilder.fields.base`. The schema is what a
published form version stores, what the API returns, and what the wizard and the
API validate submissions against; nothing reads the editor's blocks at run time.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .conditions import condition_problems, condition_rules
from .constants import Match, Operator
from .fields import registry
from .fields.text import local_digits
from .keys import key_from_label, key_unique
from .persian.text import normalize_text
from .translations import FIELD_TEXTS, STEP_TEXTS, english_texts

Schema = dict[str, Any]
_LIST_SEPARATORS = re.compile(r"[,،؛;]")


def _field_children(steps):
    for step in steps:
        yield from step.value["fields"]


def keys_assign(steps) -> list[str]:
    """Give every field without a key one made from its label, unique in the form.

    Keys an editor typed, or that were made before, are never touched. A question whose
    label is still empty (a draft saved, or autosaved, before its text was typed) gets
    no key yet: the key is made from the label the first time there is one, so no form
    is left with permanent `field`, `field_2` keys. Returns the keys made.
    """
    children = list(_field_children(steps))
    taken = {child.value["key"] for child in children if child.value["key"]}
    made = []
    for child in children:
        if not child.value["key"] and normalize_text(child.value["label"] or "").strip():
            label_key = key_from_label(child.value["label"], fallback=child.block_type)
            key = key_unique(label_key, taken)
            child.value["key"] = key
            taken.add(key)
            made.append(key)
    return made


def _condition(value, keys_by_label: dict[str, str]) -> dict | None:
    rules = []
    for rule in (value or {}).get("rules") or []:
        operator = rule["operator"]
        # Editors may name the question by its text; the schema always holds its key.
        name = normalize_text(rule["field"] or "")
        spec = {"field": keys_by_label.get(name, name), "operator": operator}
        raw = normalize_text(rule.get("value") or "")
        if operator == Operator.ONE_OF:
            spec["value"] = [part.strip() for part in _LIST_SEPARATORS.split(raw) if part.strip()]
        elif operator != Operator.IS_CHECKED:
            spec["value"] = raw
        rules.append(spec)
    if not rules:
        return None
    if len(rules) == 1:
        return rules[0]
    return {value.get("match") or Match.ALL: rules}


def condition_from_block(value, keys_by_label: dict[str, str] | None = None) -> dict | None:
    """DESIGN.md's condition shape from a ConditionBlock's value (None without rules)."""
    return _condition(value, keys_by_label or {})


def field_spec(type_name: str, value, keys_by_label: dict[str, str] | None = None) -> dict:
    """One field's spec from its block value."""
    field_type = registry.get(type_name)
    return field_type.schema(
        {
            "key": value["key"],
            "type": type_name,
            "label": normalize_text(value["label"]),
            "required": bool(value["required"]),
            "help_text": normalize_text(value.get("help_text") or ""),
            "choices": field_type.choices(value) if field_type.has_choices else [],
            "validation": field_type.validation(value),
            "condition": _condition(value.get("condition"), keys_by_label or {}),
            **english_texts(value, FIELD_TEXTS),
        }
    )


def schema_build(steps, *, version: int) -> Schema:
    """The schema of a form's steps (a StreamValue of StepBlocks)."""
    keys_by_label = {
        normalize_text(child.value["label"]): child.value["key"]
        for child in _field_children(steps)
        if child.value["key"]
    }
    schema = {
        "version": version,
        "steps": [
            {
                "key": f"s{number}",
                "title": normalize_text(step.value["title"]),
                "description": normalize_text(step.value.get("description") or ""),
                **english_texts(step.value, STEP_TEXTS),
                "fields": [
                    field_spec(child.block_type, child.value, keys_by_label)
                    for child in step.value["fields"]
                ],
            }
            for number, step in enumerate(steps, start=1)
        ],
    }
    _condition_values_normalise(schema)
    return schema


def _condition_values_normalise(schema: Schema) -> None:
    """Store a typed condition value as the target question stores its answers («۱۴۰۳/۰۵/۰۱»
    as 2024-07-22, «۰۹۱۲…» as 0912…), so the comparison can hold; values the target would
    refuse are left for `schema_check` to report."""
    specs: dict[str, dict] = {}
    for field in schema_fields(schema):
        for rule in condition_rules(field["condition"]):
            target = specs.get(rule["field"])
            if target and not _compared_as_typed(rule, target):
                rule["value"] = _stored_values(rule["value"], target)
        specs.setdefault(field["key"], field)


def _compared_as_typed(rule: dict, target: dict) -> bool:
    return (
        rule["operator"] == Operator.IS_CHECKED
        or bool(target.get("choices"))
        or target["type"] in ("boolean", "file")
    )


def _stored_values(value, target: dict):
    field_type = registry.get(target["type"])
    form_field = field_type.form_field({**target, "required": False})
    stored = []
    for item in value if isinstance(value, list) else [value]:
        try:
            stored.append(field_type.to_storage(target, form_field.clean(item)))
        except ValidationError:
            stored.append(item)
    return stored if isinstance(value, list) else stored[0]


@dataclass(frozen=True)
class Problem:
    """One thing that stops a form from being published (or, as a warning, deserves a look),
    and where it is: `step` and `field` index the editor's blocks (None for the whole form or
    step), `part` the child of the field block to mark: () for the block itself, ("key",),
    or ("condition", rule index, "field" | "operator" | "value")."""

    message: str
    step: int | None = None
    field: int | None = None
    part: tuple = ()
    warning: bool = False


def schema_problems(schema: Schema) -> list[str]:
    """Everything that stops a form from being published, as messages for the editor."""
    return [problem.message for problem in schema_check(schema) if not problem.warning]


def schema_check(schema: Schema) -> list[Problem]:
    """Every problem and warning of a form, located on its blocks; messages name questions
    by their labels, never by their keys."""
    problems = []
    if not schema["steps"]:
        problems.append(Problem(_("The form has no steps. Add a step with at least one question.")))
    labels = {field["key"]: field["label"] for field in schema_fields(schema) if field["key"]}
    earlier: dict[str, dict] = {}
    for number, step in enumerate(schema["steps"], start=1):
        if not step["fields"]:
            message = _("Step %(number)s (“%(title)s”) has no questions.") % {
                "number": local_digits(number),
                "title": step["title"],
            }
            problems.append(Problem(message, step=number - 1))
        for index, field in enumerate(step["fields"]):
            problems += [
                Problem(problem.message, number - 1, index, problem.part)
                for problem in _field_problems(field, earlier, labels)
            ]
            earlier.setdefault(field["key"], field)
    if schema["steps"] and not schema_mobile(schema):
        problems.append(Problem(str(MOBILE_REQUIRED)))
    return problems + _duplicate_labels(schema)


MOBILE_REQUIRED = gettext_lazy(
    "The form needs a required mobile number question without a condition: "
    "citizens track their request and receive SMS with it."
)


def schema_mobile(schema: Schema) -> dict[str, Any] | None:
    """The required mobile question without a condition every published form needs."""
    for field in schema_fields(schema):
        if field["type"] == "mobile" and field["required"] and not field["condition"]:
            return field
    return None


def _field_problems(field, earlier: dict[str, dict], labels: dict[str, str]) -> list[Problem]:
    problems = []
    if not field["key"]:
        problems.append(Problem(_("“%(label)s” has no key.") % {"label": field["label"]}))
    elif field["key"] in earlier:
        message = _(
            "“%(label)s” has the same key as “%(other)s”; give one of them another key "
            "in its advanced options."
        ) % {"label": field["label"], "other": earlier[field["key"]]["label"]}
        problems.append(Problem(message, part=("key",)))
    for rule in condition_problems(
        field["condition"], label=field["label"], earlier=earlier, labels=labels
    ):
        problems.append(Problem(rule.message, part=("condition", rule.index, rule.part)))
    problems += [Problem(message) for message in registry.get(field["type"]).problems(field)]
    return problems


def _duplicate_labels(schema: Schema) -> list[Problem]:
    """A warning on each question whose text an earlier question of the form has already."""
    seen: dict[str, str] = {}
    warnings = []
    for number, step in enumerate(schema["steps"]):
        for index, field in enumerate(step["fields"]):
            text = " ".join(field["label"].split())
            if text in seen:
                message = _(
                    "Two questions ask “%(label)s”; citizens and staff cannot tell their "
                    "answers apart. Make each question's text distinct."
                ) % {"label": field["label"]}
                warnings.append(Problem(message, number, index, ("label",), warning=True))
            seen.setdefault(text, field["key"])
    return warnings


def schema_declaration(schema: Schema) -> dict[str, Any] | None:
    """The editor's own declaration, if the form ends with one: a required confirmation
    checkbox, shown whatever the answers (no condition), in the last step.

    Such a form has asked for the citizen's word already, so the review page does not
    ask a second time (`ReviewForm(declared=True)`). The last step is never skipped
    while it holds a question without a condition, so the declaration is always asked.
    """
    if not schema["steps"]:
        return None
    for field in reversed(schema["steps"][-1]["fields"]):
        if field["type"] == "boolean" and field["required"] and not field.get("condition"):
            return field
    return None


def schema_fields(schema: Schema) -> list[dict[str, Any]]:
    """Every field spec of the schema, in order."""
    return [field for step in schema["steps"] for field in step["fields"]]
