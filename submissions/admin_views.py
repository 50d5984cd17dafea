"""Admin: the request pipeline's steps, so staff see what failed and can retry it.

Staff see and retry the steps of their units' requests (`selectors.submission_scope`,
the cartable's rule); managers and administrators see all.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .constants import StepState
from .models import PipelineStep
from .pipeline import pipeline, pipeline_step_retry
from .selectors import submission_scope

PER_PAGE = 50
VIEW_PERMISSION = "submissions.view_pipelinestep"
CHANGE_PERMISSION = "submissions.change_pipelinestep"


def pipeline_steps_visible_to(user):
    """The steps a user may see and retry: those of the requests they may see."""
    return submission_scope(PipelineStep.objects.all(), user=user)


def pipeline_steps(request):
    """Failed steps first by default; filters by state and step."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    state = request.GET.get("state", StepState.FAILED)
    name = request.GET.get("step", "")
    visible = pipeline_steps_visible_to(request.user)
    steps = visible.select_related("submission").order_by("-next_attempt_at", "-pk")
    if state in StepState.values:
        steps = steps.filter(state=state)
    if name in {definition.name for definition in pipeline}:
        steps = steps.filter(name=name)
    page = Paginator(steps, PER_PAGE).get_page(request.GET.get("p"))
    counts = dict(
        visible.order_by().values("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return TemplateResponse(
        request,
        "submissions/admin/pipeline_steps.html",
        {
            "page": page,
            "state": state,
            "step_name": name,
            "states": StepState.choices,
            "step_names": [(d.name, d.label) for d in pipeline],
            "labels": {d.name: d.label for d in pipeline},
            "counts": counts,
            "can_retry": request.user.has_perm(CHANGE_PERMISSION),
        },
    )


@require_POST
def pipeline_step_retry_view(request, pk: int):
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    # Another unit's step is a 404: nobody learns it exists, nothing runs.
    step = get_object_or_404(pipeline_steps_visible_to(request.user), pk=pk)
    if step.state in (StepState.FAILED, StepState.PENDING):
        pipeline_step_retry(step=step)
        messages.success(
            request,
            _("“%(step)s” of %(code)s will be tried again.")
            % {"step": pipeline.label(step.name), "code": step.submission.tracking_code},
        )
    else:
        messages.warning(request, _("This step is not waiting or failed; nothing to retry."))
    return redirect(back_url(request, "submissions_pipeline_steps"))


def back_url(request, default: str) -> str:
    """Where a retry returns: the listing it came from, if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)
