"""How a demo request form (`forms_data`) is written, as editors would enter it.

A form's `steps` are written the way Wagtail takes a StreamField's raw value: a list of
("step", {...}) pairs, each step holding ("<field type>", {...}) pairs. A question's
dict has the common part of every field block (label, key, help_text, required,
condition) and its type's own options (`formbuilder.fields.*.option_blocks()`).
Every helper returns new dicts, so no two forms share (and mutate) a question.
"""


def rule(field: str, operator: str, value: str = "") -> dict:
    """One rule of a condition: `operator` is a formbuilder.constants.Operator value."""
    return {"field": field, "operator": operator, "value": value}


def all_of(*rules: dict) -> dict:
    return {"match": "all", "rules": list(rules)}


def any_of(*rules: dict) -> dict:
    return {"match": "any", "rules": list(rules)}


def when(field: str, operator: str, value: str = "") -> dict:
    """A condition of one rule."""
    return all_of(rule(field, operator, value))


def question(
    type_name: str,
    label: str,
    key: str = "",
    *,
    help_text: str = "",
    required: bool = True,
    condition: dict | None = None,
    **options,
) -> tuple[str, dict]:
    """One question (a field block's raw value); `options` are the type's own options."""
    value = {"label": label, "key": key, "help_text": help_text, "required": required, **options}
    if condition is not None:
        value["condition"] = condition
    return (type_name, value)


def step(title: str, description: str, *questions: tuple[str, dict]) -> tuple[str, dict]:
    return ("step", {"title": title, "description": description, "fields": list(questions)})


def choices(*pairs: tuple[str, str]) -> list[dict]:
    """Options as (value, label) pairs; values are ASCII, labels Persian."""
    return [{"value": value, "label": label} for value, label in pairs]
