import uuid
from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.blocks import (
    ListBlockValidationError,
    StreamBlockValidationError,
    StructBlockValidationError,
)

from .schema import Problem, keys_assign, schema_build, schema_check


class ServiceFormAdminForm(WagtailAdminModelForm):
    """The editor's form: drafts may be incomplete; publishing must pass every check."""

    # A new form's add page, named once: every save from it makes or changes one form
    # (admin_add.py). Rendered by the checklist panel while the form is new.
    editor_session = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor_session"].initial = uuid.uuid4().hex

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation or "steps" in self.errors:
            return cleaned
        steps = cleaned.get("steps")
        if steps is None:
            return cleaned
        keys_assign(steps)  # as the model's clean() will, so new questions have keys
        problems = [p for p in schema_check(schema_build(steps, version=0)) if not p.warning]
        if problems:
            self.add_error("steps", problems_error(problems))
        return cleaned


def problems_error(problems: list[Problem]) -> StreamBlockValidationError:
    """The steps' error with each problem on its own block, so Wagtail marks and opens the
    step, the question and the rule at fault; the form's own problems stay on top."""
    by_step = defaultdict(list)
    for problem in problems:
        if problem.step is not None:
            by_step[problem.step].append(problem)
    return StreamBlockValidationError(
        block_errors={step: _step_error(found) for step, found in by_step.items()},
        non_block_errors=ErrorList([p.message for p in problems if p.step is None]),
    )


def _step_error(problems: list[Problem]) -> StructBlockValidationError:
    by_field = defaultdict(list)
    for problem in problems:
        if problem.field is not None:
            by_field[problem.field].append(problem)
    fields = StreamBlockValidationError(
        block_errors={index: _field_error(found) for index, found in by_field.items()},
        non_block_errors=ErrorList([p.message for p in problems if p.field is None]),
    )
    return StructBlockValidationError(block_errors={"fields": fields})


def _field_error(problems: list[Problem]) -> StructBlockValidationError:
    children = defaultdict(list)
    rules = defaultdict(lambda: defaultdict(list))
    for problem in problems:
        if problem.part[:1] == ("condition",):
            _condition, index, part = problem.part
            rules[index][part].append(problem.message)
        elif problem.part:
            children[problem.part[0]].append(problem.message)
    block_errors = {name: ValidationError(messages) for name, messages in children.items()}
    if rules:
        rule_errors = {
            index: StructBlockValidationError(
                block_errors={part: ValidationError(messages) for part, messages in parts.items()}
            )
            for index, parts in rules.items()
        }
        block_errors["condition"] = StructBlockValidationError(
            block_errors={"rules": ListBlockValidationError(block_errors=rule_errors)}
        )
    return StructBlockValidationError(
        block_errors=block_errors,
        non_block_errors=ErrorList([p.message for p in problems if not p.part]),
    )
