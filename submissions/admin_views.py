"""Admin: the request pipeline's steps, so staff see what failed and can retry it.

The list is Wagtail's generic `IndexView` (filters, pagination, the results refreshed in
place); only the rows, the columns and the retry are ours. Staff see and retry the steps
of their units' requests (`selectors.submission_scope`, the cartable's rule); managers
and administrators see all.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView

from formbuilder.persian.filters import digits, jalali

from .constants import StepState
from .models import PipelineStep
from .pipeline import pipeline, pipeline_step_retry
from .selectors import counts_by, submission_scope

PER_PAGE = 50
VIEW_PERMISSION = "submissions.view_pipelinestep"
CHANGE_PERMISSION = "submissions.change_pipelinestep"
ALL = "all"


def pipeline_steps_visible_to(user):
    """The steps a user may see and retry: those of the requests they may see."""
    return submission_scope(PipelineStep.objects.all(), user=user)


# What the admin lists share (the SMS log's list too) ------------------------------------


def counted_choices(choices, counts: dict[str, int]) -> list[tuple[str, str]]:
    """`[("failed", "Failed (۳)"), …]`: each choice with how many rows it has."""
    return [(value, f"{label} ({digits(counts.get(value, 0))})") for value, label in choices]


def ltr(value) -> str:
    """A code or number, in the active language's digits, kept left to right."""
    return format_html('<bdi dir="ltr">{}</bdi>', digits(value)) if value else ""


class RetryColumn(Column):
    """A "try again" button (a POST form back to this page) on the rows that may be."""

    cell_template_name = "submissions/admin/retry_cell.html"

    def __init__(self, name, *, url_name: str, button: str, shown, **kwargs):
        super().__init__(name, label="", **kwargs)
        self.url_name, self.button, self.shown = url_name, button, shown

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = context["request"]
        if self.shown(instance):
            context["retry_url"] = reverse(self.url_name, args=[instance.pk])
            context["csrf_token"] = get_token(request)
        return context


class ScopedIndexView(IndexView):
    """A list of rows that belong to requests: only those the user may see, newest first,
    with a retry column when the user may retry.

    A list names its rows' columns (`row_columns`), which rows may be retried
    (`retryable`) and the retry button's view and words (`retry_url_name`,
    `retry_button`)."""

    any_permission_required = None
    permission_required = "view"
    paginate_by = PER_PAGE
    change_permission = ""
    retry_url_name = ""
    retry_button = ""

    def scoped(self):
        return submission_scope(self.model.objects.all(), user=self.request.user)

    def get_base_queryset(self):
        return self.scoped().select_related("submission")

    @cached_property
    def can_retry(self) -> bool:
        return self.request.user.has_perm(self.change_permission)

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "counts_of": self.scoped()}

    def row_columns(self) -> list[Column]:
        """The list's columns, before the retry button's; override."""
        raise NotImplementedError

    def retryable(self, row) -> bool:
        """Whether the row's state lets it be retried; override."""
        raise NotImplementedError

    @cached_property
    def columns(self):
        retry = RetryColumn(
            "retry",
            url_name=self.retry_url_name,
            button=self.retry_button,
            shown=lambda row: self.can_retry and self.retryable(row),
        )
        return [*self.row_columns(), retry]


# The pipeline's steps -------------------------------------------------------------------


class PipelineStepFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), empty_label=None, method="filter_state"
    )
    step = django_filters.ChoiceFilter(
        field_name="name", label=gettext_lazy("Step"), empty_label=gettext_lazy("All")
    )

    class Meta:
        model = PipelineStep
        fields = ["state", "step"]

    def __init__(self, data=None, *args, counts_of=None, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", StepState.FAILED)  # failed steps first: what needs a person
        super().__init__(data, *args, **kwargs)
        counts = counts_by(counts_of, "state") if counts_of is not None else {}
        self.filters["state"].extra["choices"] = [(ALL, _("All"))] + counted_choices(
            StepState.choices, counts
        )
        self.filters["step"].extra["choices"] = [(d.name, d.label) for d in pipeline]

    def filter_state(self, queryset, name, value):
        return queryset if value == ALL else queryset.filter(state=value)


class PipelineStepIndexView(ScopedIndexView):
    model = PipelineStep
    index_url_name = "submissions_pipeline_steps"
    index_results_url_name = "submissions_pipeline_steps_results"
    template_name = "submissions/admin/pipeline_steps.html"
    page_title = gettext_lazy("Request pipeline")
    header_icon = "cogs"
    filterset_class = PipelineStepFilterSet
    default_ordering = ("-next_attempt_at", "-pk")
    change_permission = CHANGE_PERMISSION
    retry_url_name = "submissions_pipeline_step_retry"
    retry_button = gettext_lazy("Retry now")

    def retryable(self, row) -> bool:
        return row.state in RETRYABLE_STATES

    def row_columns(self):
        return [
            Column(
                "tracking_code",
                label=_("Tracking code"),
                accessor=lambda s: ltr(s.submission.tracking_code),
            ),
            Column("name", label=_("Step"), accessor=lambda s: pipeline.label(s.name)),
            Column("state", label=_("State"), accessor=step_state_shown),
            Column("attempts", label=_("Attempts"), accessor=lambda s: digits(s.attempts)),
            Column("next_attempt_at", label=_("Next attempt"), accessor=step_next_attempt),
            Column("last_error", label=_("Last error"), accessor=step_error_shown),
        ]


RETRYABLE_STATES = (StepState.FAILED, StepState.PENDING)


def step_state_shown(step: PipelineStep) -> str:
    failed = " w-status--label" if step.state == StepState.FAILED else ""
    return format_html('<span class="w-status{}">{}</span>', failed, step.get_state_display())


def step_next_attempt(step: PipelineStep) -> str:
    return jalali(step.next_attempt_at, "numerictime") if step.state == StepState.PENDING else ""


def step_error_shown(step: PipelineStep) -> str:
    if not step.last_error:
        return ""
    error = step.last_error if len(step.last_error) <= 200 else step.last_error[:199] + "…"
    return format_html('<code dir="ltr">{}</code>', error)


def row_retry(request, pk: int, *, permission: str, rows, retry, done, refused: str, back: str):
    """A retry button's POST: `retry(row)` says whether it could; the user reads `done(row)`
    or `refused` back on the list they came from. Another unit's row is a 404: nobody
    learns it exists, nothing runs."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    row = get_object_or_404(rows, pk=pk)
    if retry(row):
        messages.success(request, done(row))
    else:
        messages.warning(request, refused)
    return redirect(back_url(request, back))


def _step_retry(step: PipelineStep) -> bool:
    if step.state not in RETRYABLE_STATES:
        return False
    pipeline_step_retry(step=step)
    return True


@require_POST
def pipeline_step_retry_view(request, pk: int):
    return row_retry(
        request,
        pk,
        permission=CHANGE_PERMISSION,
        rows=pipeline_steps_visible_to(request.user),
        retry=_step_retry,
        done=lambda step: (
            _("“%(step)s” of %(code)s will be tried again.")
            % {"step": pipeline.label(step.name), "code": step.submission.tracking_code}
        ),
        refused=_("This step is not waiting or failed; nothing to retry."),
        back="submissions_pipeline_steps",
    )


def back_url(request, default: str) -> str:
    """Where a retry returns: the listing it came from, if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)
