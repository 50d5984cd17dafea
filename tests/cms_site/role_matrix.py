"""The role matrix's vocabulary (tests/cms_site/test_role_matrix.py): the roles, the two
units' world, what an answer may be (Outcome), a route's row (Row) and the rows made by
rule (snippet lists and histories, Wagtail's reports). The hand-written rows are in
role_matrix_rows.py."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from appointments.constants import BookingStatus
from appointments.models import Booking, OpeningSchedule, ScheduleException
from catalog.models import Holiday
from formbuilder.models import ReadyStep
from receipts.constants import SmsEvent, SmsStatus
from receipts.models import SmsMessage, SmsTemplate
from routing.models import AutomationEndpoint, RoutingRule
from submissions.constants import EventKind, Status, StepState
from submissions.models import PipelineStep, Submission, SubmissionFile
from tests.factories import ready_steps_ensure

ANONYMOUS, EDITOR, STAFF_A, STAFF_B, MANAGER, ADMINISTRATOR, NO_GROUP = (
    "anonymous",
    "editor",
    "staff of unit A",
    "staff of unit B",
    "manager",
    "administrator",
    "active user with no group",
)
ROLES = (ANONYMOUS, EDITOR, STAFF_A, STAFF_B, MANAGER, ADMINISTRATOR, NO_GROUP)


@dataclass
class Unit:
    request: Submission
    step: PipelineStep
    sms: SmsMessage
    survey_token: str


@dataclass
class World:
    units: dict[str, Unit]
    file: SubmissionFile
    users: dict[str, object] = field(default_factory=dict)

    @property
    def b(self) -> Unit:
        return self.units["B"]


@dataclass(frozen=True)
class Outcome:
    status: int
    shows: str = ""  # the units whose requests the answer shows ("", "A", "B", "AB")
    location: str | None = None  # for a redirect: where it must point
    location_prefix: bool = False  # …or a prefix of it (a query follows)
    changes: bool = False  # for a write: whether unit B's target changed


def read(shows: str = "") -> Outcome:
    return Outcome(200, shows)


def wrote(status: int = 302, shows: str = "") -> Outcome:
    return Outcome(status, shows, changes=True)


LOGIN = Outcome(302, location="/admin/login/", location_prefix=True)  # Wagtail: sign in first
NO = Outcome(302, location="/admin/")  # Wagtail's "permission denied": back to the dashboard
NOT_FOUND = Outcome(404)
API_UNAUTHENTICATED = Outcome(401)
API_FORBIDDEN = Outcome(403)


@dataclass(frozen=True)
class Row:
    method: str
    url: Callable[[World], str]
    outcomes: dict[str, Outcome]
    data: Callable[[World], dict] | None = None
    changed: Callable[[World], bool] | None = None  # for writes: did B's target change
    json: bool = False


def admin_row(*, default=NO, **by_role) -> dict[str, Outcome]:
    """Outcomes of an admin view: whoever may not enter the admin (anonymous, a user in
    no group) is sent to sign in; any role not named is refused."""
    named = {ROLE_NAMES[key]: outcome for key, outcome in by_role.items()}
    outside = (ANONYMOUS, NO_GROUP)
    return {role: named.get(role, LOGIN if role in outside else default) for role in ROLES}


def unit_list_row(path: str) -> Row:
    """An admin list of requests (or of what hangs on them): each clerk reads only their
    own unit's, the manager and the administrator both units'; the editor is refused."""
    return Row(
        "get",
        lambda world: path,
        admin_row(
            staff_a=read("A"), staff_b=read("B"), manager=read("AB"), administrator=read("AB")
        ),
    )


def unit_write_row(url: Callable[[World], str], changed: Callable[[World], bool], data=None) -> Row:
    """A post on something of unit B: B's clerk and the administrator change it, A's clerk
    finds nothing there; any other role is refused."""
    return Row(
        "post",
        url,
        admin_row(staff_a=NOT_FOUND, staff_b=wrote(), administrator=wrote()),
        data=data,
        changed=changed,
    )


ROLE_NAMES = {
    "editor": EDITOR,
    "staff_a": STAFF_A,
    "staff_b": STAFF_B,
    "manager": MANAGER,
    "administrator": ADMINISTRATOR,
    "no_group": NO_GROUP,
}


# The roles that may enter the admin.
ADMIN_ROLES = ("editor", "staff_a", "staff_b", "manager", "administrator")


def api_row(**by_role) -> dict[str, Outcome]:
    named = {ROLE_NAMES[key]: outcome for key, outcome in by_role.items()}
    return {
        role: named.get(role, API_UNAUTHENTICATED if role == ANONYMOUS else API_FORBIDDEN)
        for role in ROLES
    }


def form_archived(world: World) -> bool:
    return world.b.request.form_version.form.__class__.objects.get(
        pk=world.b.request.form_version.form_id
    ).archived


def step_changed(world: World) -> bool:
    return PipelineStep.objects.get(pk=world.b.step.pk).state != StepState.FAILED


def sms_changed(world: World) -> bool:
    return SmsMessage.objects.get(pk=world.b.sms.pk).status != SmsStatus.FAILED


def note_added(world: World) -> bool:
    return world.b.request.events.filter(kind=EventKind.NOTE).exists()


def status_changed(world: World) -> bool:
    return Submission.objects.get(pk=world.b.request.pk).status != Status.SUBMITTED


def code_b(world: World) -> str:
    return world.b.request.tracking_code


def booking_b(world: World) -> Booking:
    """A booking at unit B's desk for B's service (its mobile is no unit's marker)."""
    booking, _created = Booking.objects.get_or_create(
        code="77770001",
        defaults={
            "manage_token": "matrix-booking-b",
            "service": world.b.request.service,
            "department": world.b.request.department,
            "starts_at": timezone.now(),
            "mobile": "09190000007",
        },
    )
    return booking


def schedule_b(world: World) -> OpeningSchedule:
    schedule, _created = OpeningSchedule.objects.get_or_create(
        department=world.b.request.department, service=None
    )
    return schedule


def booking_checked_in(world: World) -> bool:
    return Booking.objects.get(code="77770001").status != BookingStatus.BOOKED


SNIPPET_LISTS = {
    "catalog/department": {"editor", "staff_a", "staff_b", "manager", "administrator"},
    "catalog/holiday": {"editor", "manager", "administrator"},
    "formbuilder/serviceform": {"editor", "manager"},
    "formbuilder/readystep": {"editor", "manager"},
    "routing/routingrule": {"manager", "administrator"},
    "routing/automationendpoint": {"manager", "administrator"},
    "receipts/smstemplate": {"editor", "manager", "administrator"},
    "appointments/openingschedule": {"editor", "manager", "administrator"},
    "appointments/scheduleexception": {"editor", "manager", "administrator"},
}


def snippet_rows() -> dict[str, Row]:
    rows = {}
    for model, allowed in SNIPPET_LISTS.items():
        url = f"/admin/snippets/{model}/"
        rows[f"admin/snippets/{model}/"] = Row(
            "get", lambda world, url=url: url, admin_row(**dict.fromkeys(allowed, read()))
        )
    # The lists filtered in place (their results part), for the same roles as the list.
    for model in ("routing/routingrule", "formbuilder/serviceform", "catalog/holiday"):
        url = f"/admin/snippets/{model}/results/"
        rows[f"admin/snippets/{model}/results/"] = Row(
            "get",
            lambda world, url=url: url,
            admin_row(**dict.fromkeys(SNIPPET_LISTS[model], read())),
        )
    # Each snippet's history (a Jalali view of ours, formbuilder/admin_history.py): open to
    # whoever may view the model, so its readers are the list's; the form's is in MATRIX.
    for model, allowed in SNIPPET_LISTS.items():
        if model == "formbuilder/serviceform":
            continue
        for part in ("history", "history-results"):
            rows[f"admin/snippets/{model}/{part}/<int:pk>/"] = Row(
                "get",
                lambda world, model=model, part=part: (
                    f"/admin/snippets/{model}/{part}/{SNIPPET_OBJECTS[model](world).pk}/"
                ),
                admin_row(**dict.fromkeys(allowed, read())),
            )
    return rows


# One object of each snippet model whose history the matrix opens.
SNIPPET_OBJECTS: dict[str, Callable[[World], object]] = {
    "catalog/department": lambda world: world.b.request.department,
    "catalog/holiday": lambda world: Holiday.objects.get_or_create(
        date=datetime.date(2027, 1, 2), defaults={"title": "تعطیل ماتریس"}
    )[0],
    "formbuilder/readystep": lambda world: (ready_steps_ensure(), ReadyStep.objects.first())[1],
    "routing/routingrule": lambda world: RoutingRule.objects.get_or_create(
        name="قاعده ماتریس", defaults={"department": world.b.request.department}
    )[0],
    "routing/automationendpoint": lambda world: AutomationEndpoint.objects.get_or_create(
        name="سامانه ماتریس", defaults={"url": "http://127.0.0.1:9/unused"}
    )[0],
    "receipts/smstemplate": lambda world: SmsTemplate.objects.get_or_create(
        event=SmsEvent.RECEIVED, defaults={"body": "درخواست شما ثبت شد."}
    )[0],
    "appointments/openingschedule": schedule_b,
    "appointments/scheduleexception": lambda world: ScheduleException.objects.get_or_create(
        schedule=schedule_b(world), date=datetime.date(2027, 1, 3)
    )[0],
}


# Wagtail's reports at their own addresses, served by our Jalali subclasses
# (cms_site/admin_reports.py): who may read each is Wagtail's rule, unchanged.
REPORT_READERS = {
    "locked": (),  # unlocking pages: no role holds it (superusers only)
    "site-history": ADMIN_ROLES,
    "aging-pages": ("editor",),  # adding, changing or publishing pages
    "workflow": ("editor",),
    "workflow_tasks": ("editor",),
}


def report_rows() -> dict[str, Row]:
    rows = {}
    for report, readers in REPORT_READERS.items():
        for suffix in ("", "results/"):
            route = f"admin/reports/{report}/{suffix}"
            rows[route] = Row(
                "get",
                lambda world, route=route: f"/{route}",
                admin_row(**dict.fromkeys(readers, read())),
            )
    return rows


FORMS = "/admin/snippets/formbuilder/serviceform/"
FORM_COMPARE_ROUTE = (
    "admin/snippets/formbuilder/serviceform/history/(?P<pk>.+)/revisions/compare/"
    r"(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$"
)
