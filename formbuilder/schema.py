"""A form's frozen JSON schema: built from the editor's blocks, checked before publishing.

    {"version": 3, "steps": [{"key": "s1", "title": ..., "description": ...,
                              "fields": [spec, ...]}]}

Each field spec is described in `formbuilder.fields.base`. The schema is what a
published form version stores, what the API returns, and what the wizard and the
API validate submissions against; nothing reads the editor's blocks at run time.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from .conditions import condition_problems
from .constants import Match, Operator
from .fields import registry
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
    return {
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


def schema_problems(schema: Schema) -> list[str]:
    """Everything that stops a form from being published, as messages for the editor."""
    problems = []
    if not schema["steps"]:
        problems.append(_("The form has no steps. Add a step with at least one question."))
    all_keys = [field["key"] for step in schema["steps"] for field in step["fields"]]
    seen: list[str] = []
    for number, step in enumerate(schema["steps"], start=1):
        if not step["fields"]:
            problems.append(
                _("Step %(number)s (“%(title)s”) has no questions.")
                % {"number": number, "title": step["title"]}
            )
        for field in step["fields"]:
            if not field["key"]:
                problems.append(_("“%(label)s” has no key.") % {"label": field["label"]})
            elif field["key"] in seen:
                problems.append(
                    _("The key “%(key)s” is used by more than one question; keys must be unique.")
                    % {"key": field["key"]}
                )
            problems += condition_problems(
                field["condition"], label=field["label"], earlier_keys=seen, all_keys=all_keys
            )
            problems += registry.get(field["type"]).problems(field)
            seen.append(field["key"])
    if schema["steps"] and not any(
        field["type"] == "mobile" and field["required"] and not field["condition"]
        for field in schema_fields(schema)
    ):
        problems.append(
            _(
                "The form needs a required mobile number question without a condition: "
                "citizens track their request and receive SMS with it."
            )
        )
    return problems


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
