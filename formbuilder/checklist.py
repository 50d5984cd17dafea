"""The publish checklist beside the form designer: what still stops the form from being
published, and what deserves a look, before the editor presses publish.

One list, made by the very checks publishing runs (`schema_check`, as
`admin_forms.ServiceFormAdminForm` refuses a publish), for the form as saved (the panel,
panels.py) and for the editor's unsaved inputs (`checklist_view`, which form_checklist.js
asks as the editor types).
"""

import json
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse, QueryDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .schema import Problem, keys_assign, schema_build, schema_check
from .translations import schema_missing_translations

# The editor's inputs for a form of a few hundred questions stay well under this.
MAX_BODY_BYTES = 2_000_000
MAX_INPUTS = 20_000


def form_checklist(steps) -> list[Problem]:
    """The problems (then the warnings) of a form's steps, as publishing would find them.

    Works on a copy: questions without a key get the one saving will give them. Missing
    English texts are warnings: the English site falls back to the Persian ones."""
    stream_block = steps.stream_block
    copy = stream_block.to_python(steps.get_prep_value())
    keys_assign(copy)
    schema = schema_build(copy, version=0)
    found = schema_check(schema) + [
        Problem(message, warning=True) for message in schema_missing_translations(schema)
    ]
    return sorted(found, key=lambda problem: problem.warning)


class EditorDataError(ValueError):
    """The editor's inputs could not be read as a form's steps."""


def editor_steps(data: QueryDict):
    """The steps the editor's inputs (the StreamField's named inputs) hold, cleaned as a
    publish cleans them; and whether some box is not filled in as publishing requires."""
    # By name: models.py imports this module (through panels.py).
    stream_block = (
        apps.get_model("formbuilder", "ServiceForm")._meta.get_field("steps").stream_block
    )
    try:
        value = stream_block.value_from_datadict(data, {}, "steps")
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as error:
        raise EditorDataError from error
    try:
        return stream_block.clean(value), False
    except ValidationError:
        pass
    try:
        return stream_block.clean_deferred(value), True
    except ValidationError:
        return None, True


def editor_checklist(data: QueryDict) -> list[Problem]:
    """The checklist of the editor's unsaved inputs."""
    steps, incomplete = editor_steps(data)
    found = form_checklist(steps) if steps is not None else []
    if incomplete:
        message = _(
            "Some boxes of the form are empty or not filled in correctly; publishing "
            "marks each of them."
        )
        found.insert(0, Problem(message))
    return found


def _editor_data(body: bytes) -> QueryDict:
    """The editor's inputs from `{"data": {name: value or [values]}}`."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise EditorDataError from error
    inputs = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(inputs, dict) or len(inputs) > MAX_INPUTS:
        raise EditorDataError
    data = QueryDict(mutable=True)
    for name, value in inputs.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in values):
            raise EditorDataError
        data.setlist(name, values)
    return data


def _refused(status: int, message: str, key: str = "detail") -> JsonResponse:
    body: dict[str, Any] = (
        {"detail": message} if key == "detail" else {"errors": {"non_field_errors": [message]}}
    )
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@require_POST
def checklist_view(request):
    """POST the editor's inputs as JSON; the answer lists what publishing would refuse
    (and warn about): `{"items": [{"message", "warning"}]}`."""
    user = request.user
    if not (
        user.has_perm("formbuilder.add_serviceform")
        or user.has_perm("formbuilder.change_serviceform")
    ):
        raise PermissionDenied
    if request.content_type != "application/json":
        return _refused(415, _("Send the form's inputs as JSON."))
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        return _refused(413, _("The form's inputs are too large to check."))
    try:
        items = editor_checklist(_editor_data(request.body))
    except EditorDataError:
        message = _("The form's inputs could not be read; reload the page and try again.")
        return _refused(400, message, key="errors")
    return JsonResponse(
        {"items": [{"message": str(p.message), "warning": p.warning} for p in items]},
        json_dumps_params={"ensure_ascii": False},
    )
