from django.forms.utils import ErrorList
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.blocks import StreamBlockValidationError

from .schema import keys_assign, schema_build, schema_problems


class ServiceFormAdminForm(WagtailAdminModelForm):
    """The editor's form: drafts may be incomplete; publishing must pass every check."""

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation or "steps" in self.errors:
            return cleaned
        steps = cleaned.get("steps")
        if steps is None:
            return cleaned
        keys_assign(steps)  # as the model's clean() will, so new questions have keys
        problems = schema_problems(schema_build(steps, version=0))
        if problems:
            self.add_error(
                "steps", StreamBlockValidationError(non_block_errors=ErrorList(problems))
            )
        return cleaned
