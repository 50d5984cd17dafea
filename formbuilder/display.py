"""Answers as people read them: review page, confirmation, receipt, cartable."""

from typing import Any

from .fields import registry
from .schema import Schema


def answers_display(
    schema: Schema, answers: dict[str, Any], *, step_keys: list[str] | None = None
) -> list[dict[str, Any]]:
    """Each step's answered questions: [{"key", "title", "items": [{"label", "value"}]}].

    `step_keys` limits the steps (the wizard leaves out skipped ones); hidden questions
    have no stored answer and are left out.
    """
    sections = []
    for step in schema["steps"]:
        if step_keys is not None and step["key"] not in step_keys:
            continue
        items = [
            {
                "label": spec["label"],
                "value": registry.get(spec["type"]).display(spec, answers[spec["key"]]),
            }
            for spec in step["fields"]
            if spec["key"] in answers
        ]
        sections.append({"key": step["key"], "title": step["title"], "items": items})
    return sections
