"""The role matrix (issue 11, item 2): every admin view of our apps and every staff API
endpoint, for every role, and what each may read and write.

Two units, A and B, each with one request, a failed pipeline step, a failed SMS (its text
carries the survey link) and, for B, an uploaded file. Each row says, per role, the
status code and which unit's requests the answer may show: a read shows those units'
mobiles or tracking codes and never the other unit's; a write changes the target (B's)
only when allowed. Survey tokens appear in no answer at all.

`test_every_view_has_a_row` walks the URL configuration: a new admin view or staff
endpoint without a row here fails it.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from rest_framework.permissions import AllowAny

from appointments.constants import BookingStatus
from appointments.models import Booking, OpeningSchedule, ScheduleException
from catalog.models import Holiday
from cms_site import roles
from formbuilder.models import ReadyStep
from formbuilder.persian.text import to_persian_digits
from receipts.constants import SmsEvent, SmsStatus
from receipts.models import SmsMessage, SmsTemplate
from routing.models import AutomationEndpoint, RoutingRule
from submissions.constants import EventKind, Status, StepState
from submissions.models import PipelineStep, Submission, SubmissionFile
from tests.factories import (
    DepartmentFactory,
    UserFactory,
    ready_steps_ensure,
    submission_in,
    submission_make,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {
    "catalog",
    "formbuilder",
    "submissions",
    "routing",
    "receipts",
    "appointments",
    "cms_site",
}

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
PDF = b"%PDF-1.4\n%role-matrix\n"


# The world ------------------------------------------------------------------------------


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


def unit_make(service, name: str, mobile: str) -> Unit:
    department = DepartmentFactory(name=f"اداره {name}")
    request = submission_in(department, submission_make(service, answers={"mobile": mobile}))
    step = PipelineStep.objects.get(submission=request, name="receipt")
    PipelineStep.objects.filter(pk=step.pk).update(state=StepState.FAILED, attempts=6)
    token = f"SurveyToken{name}x9Qz7LmN2pR4sT6v"
    sms = SmsMessage.objects.create(
        recipient=mobile,
        body=f"نظر شما: {settings.SITE_BASE_URL}/s/{token}/",
        submission=request,
        status=SmsStatus.FAILED,
        dedupe_key=f"matrix:{name}",
    )
    return Unit(request=request, step=step, sms=sms, survey_token=token)


def user_in(username: str, group: str | None = None, department=None):
    user = UserFactory(username=username)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if department is not None:
        department.members.add(user)
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def world(service) -> World:
    units = {
        "A": unit_make(service, "A", "09121111111"),
        "B": unit_make(service, "B", "09352222222"),
    }
    stored = SubmissionFile.objects.create(
        submission=units["B"].request,
        field_key="scan",
        file=ContentFile(PDF, name="scan.pdf"),
        original_name="scan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    world = World(units=units, file=stored)
    world.users = {
        EDITOR: user_in("editor", roles.EDITORS),
        STAFF_A: user_in("staff_a", roles.STAFF, units["A"].request.department),
        STAFF_B: user_in("staff_b", roles.STAFF, units["B"].request.department),
        MANAGER: user_in("manager", roles.MANAGERS),
        ADMINISTRATOR: user_in("administrator", roles.ADMINISTRATORS),
        NO_GROUP: user_in("nogroup"),
    }
    return world


def markers(unit: Unit) -> list[str]:
    """How a page may show a unit's request: its tracking code (plain or 4-4-4) and
    mobile, in Latin or Persian digits."""
    code, mobile = unit.request.tracking_code, unit.request.mobile
    grouped = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
    plain = [code, grouped, grouped.replace(" ", "-"), mobile]
    return plain + [to_persian_digits(text) for text in plain]


# The table ------------------------------------------------------------------------------


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

MATRIX: dict[str, Row] = {
    # The request pipeline and its retry.
    "admin/pipeline/": Row(
        "get",
        lambda world: "/admin/pipeline/?state=all",
        admin_row(
            staff_a=read("A"), staff_b=read("B"), manager=read("AB"), administrator=read("AB")
        ),
    ),
    "admin/pipeline/results/": Row(  # the list filtered in place (Wagtail's generic view)
        "get",
        lambda world: "/admin/pipeline/results/?state=all",
        admin_row(
            staff_a=read("A"), staff_b=read("B"), manager=read("AB"), administrator=read("AB")
        ),
    ),
    "admin/pipeline/<int:pk>/retry/": Row(
        "post",
        lambda world: f"/admin/pipeline/{world.b.step.pk}/retry/",
        admin_row(staff_a=NOT_FOUND, staff_b=wrote(), administrator=wrote()),
        changed=step_changed,
    ),
    # The SMS log and its retry.
    "admin/sms/": Row(
        "get",
        lambda world: "/admin/sms/",
        admin_row(
            staff_a=read("A"), staff_b=read("B"), manager=read("AB"), administrator=read("AB")
        ),
    ),
    "admin/sms/results/": Row(
        "get",
        lambda world: "/admin/sms/results/",
        admin_row(
            staff_a=read("A"), staff_b=read("B"), manager=read("AB"), administrator=read("AB")
        ),
    ),
    "admin/sms/<int:pk>/retry/": Row(
        "post",
        lambda world: f"/admin/sms/{world.b.sms.pk}/retry/",
        admin_row(staff_a=NOT_FOUND, staff_b=wrote(), administrator=wrote()),
        changed=sms_changed,
    ),
    # The cartable.
    "admin/cartable/": Row(
        "get",
        lambda world: "/admin/cartable/",
        admin_row(
            staff_a=read("A"), staff_b=read("B"), manager=read("AB"), administrator=read("AB")
        ),
    ),
    "admin/cartable/<str:tracking_code>/": Row(
        "get",
        lambda world: f"/admin/cartable/{code_b(world)}/",
        admin_row(staff_a=NOT_FOUND, staff_b=read("B"), manager=read("B"), administrator=read("B")),
    ),
    "admin/cartable/<str:tracking_code>/files/<int:pk>/": Row(
        "get",
        lambda world: f"/admin/cartable/{code_b(world)}/files/{world.file.pk}/",
        admin_row(staff_a=NOT_FOUND, staff_b=read(), manager=read(), administrator=read()),
    ),
    "admin/cartable/<str:tracking_code>/<slug:name>/": Row(
        "post",
        lambda world: f"/admin/cartable/{code_b(world)}/note/",
        admin_row(staff_a=NOT_FOUND, staff_b=wrote(), administrator=wrote()),
        data=lambda world: {"note": "یادداشت داخلی"},
        changed=note_added,
    ),
    # A request form's history and the comparison of two versions: read by editors and by
    # managers (issue 12, item 12), who change nothing there.
    "admin/snippets/formbuilder/serviceform/history/<int:pk>/": Row(
        "get",
        lambda world: f"{FORMS}history/{world.b.request.form_version.form_id}/",
        admin_row(editor=read(), manager=read()),
    ),
    "admin/snippets/formbuilder/serviceform/history-results/<int:pk>/": Row(
        "get",
        lambda world: f"{FORMS}history-results/{world.b.request.form_version.form_id}/",
        admin_row(editor=read(), manager=read()),
    ),
    FORM_COMPARE_ROUTE: Row(
        "get",
        lambda world: (
            f"{FORMS}history/{world.b.request.form_version.form_id}"
            "/revisions/compare/earliest...latest/"
        ),
        admin_row(editor=read(), manager=read()),
    ),
    # Archiving a request form (a form with requests cannot be deleted): editors only.
    "admin/forms/<int:pk>/archive/": Row(
        "post",
        lambda world: f"/admin/forms/{world.b.request.form_version.form_id}/archive/",
        admin_row(
            editor=Outcome(302, location="/admin/snippets/formbuilder/serviceform/", changes=True)
        ),
        changed=form_archived,
    ),
    # A new request form's page (formbuilder/admin_add.py, Wagtail's add view): those who
    # may add forms, i.e. editors; managers read forms but add none.
    "admin/snippets/formbuilder/serviceform/add/": Row(
        "get", lambda world: f"{FORMS}add/", admin_row(editor=read())
    ),
    # The live publish checklist of a form being edited (checks, saves nothing): those
    # who may add or change forms, i.e. editors.
    "admin/forms/checklist/": Row(
        "post",
        lambda world: "/admin/forms/checklist/",
        admin_row(editor=read()),
        data=lambda world: {"data": {"steps-count": "0"}},
        json=True,
    ),
    # The in-person desk: services only, no request of anyone's.
    "admin/desk/": Row(
        "get", lambda world: "/admin/desk/", admin_row(staff_a=read(), staff_b=read())
    ),
    "admin/desk/<str:service_code>/": Row(
        "get",
        lambda world: f"/admin/desk/{world.b.request.service.service_code}/",
        # The desk's form opens at its first step, at its own address.
        admin_row(staff_a=Outcome(302), staff_b=Outcome(302)),
    ),
    "admin/desk/<str:service_code>/<str:step>/": Row(
        "get",
        lambda world: f"/admin/desk/{world.b.request.service.service_code}/s1/",
        admin_row(staff_a=read(), staff_b=read()),
    ),
    # The desk's visits and queue (appointments): staff of the unit and administrators act;
    # managers read; a booking of unit B is not found for unit A's staff.
    "admin/visits/": Row(
        "get",
        lambda world: "/admin/visits/",
        admin_row(staff_a=read(), staff_b=read(), manager=read(), administrator=read()),
    ),
    "admin/visits/call/": Row(
        "post",
        lambda world: "/admin/visits/call/",
        admin_row(staff_a=NOT_FOUND, staff_b=Outcome(302), administrator=Outcome(302)),
        data=lambda world: {"department": world.b.request.department_id, "counter": "1"},
    ),
    "admin/visits/walk-in/": Row(
        "post",
        lambda world: "/admin/visits/walk-in/",
        admin_row(staff_a=NOT_FOUND, staff_b=Outcome(302), administrator=Outcome(302)),
        data=lambda world: {"department": world.b.request.department_id, "service": "0"},
    ),
    "admin/visits/schedules/<int:pk>/preview/": Row(
        "get",
        lambda world: f"/admin/visits/schedules/{schedule_b(world).pk}/preview/",
        admin_row(editor=read(), manager=read(), administrator=read()),
    ),
    "admin/visits/<int:pk>/request/": Row(
        "get",
        lambda world: f"/admin/visits/{booking_b(world).pk}/request/",
        # The desk's form: those who may register requests (staff, not administrators).
        admin_row(staff_a=NOT_FOUND, staff_b=Outcome(302)),
    ),
    "admin/visits/<int:pk>/request/<str:step>/": Row(
        "get",
        lambda world: f"/admin/visits/{booking_b(world).pk}/request/s1/",
        admin_row(staff_a=NOT_FOUND, staff_b=read()),
    ),
    "admin/visits/<int:pk>/<slug:action>/": Row(
        "post",
        lambda world: f"/admin/visits/{booking_b(world).pk}/check-in/",
        admin_row(staff_a=NOT_FOUND, staff_b=wrote(), administrator=wrote()),
        changed=booking_checked_in,
    ),
    # Which routing rule a request matches.
    "admin/routing/test/": Row(
        "get",
        lambda world: f"/admin/routing/test/?code={code_b(world)}",
        admin_row(manager=read("B"), administrator=read("B")),
    ),
    # Oversight: the audit trail and the statistics (managers and administrators).
    "admin/audit/": Row(
        "get",
        lambda world: "/admin/audit/",
        admin_row(manager=read("AB"), administrator=read("AB")),
    ),
    "admin/statistics/": Row(
        "get", lambda world: "/admin/statistics/", admin_row(manager=read(), administrator=read())
    ),
    "admin/statistics/export/": Row(
        "get",
        lambda world: "/admin/statistics/export/?format=csv",
        admin_row(manager=read(), administrator=read()),
    ),
    **snippet_rows(),
    **report_rows(),
    # Signing in: the lockout list and its actions (administrators), one's own
    # two-factor sign-in (anyone in the admin).
    "admin/sign-in/lockouts/": Row(
        "get", lambda world: "/admin/sign-in/lockouts/", admin_row(administrator=read())
    ),
    "admin/sign-in/lockouts/unlock/": Row(
        "post",
        lambda world: "/admin/sign-in/lockouts/unlock/",
        admin_row(administrator=Outcome(302, location="/admin/sign-in/lockouts/")),
    ),
    "admin/sign-in/two-factor/<int:user_id>/remove/": Row(
        "post",
        lambda world: f"/admin/sign-in/two-factor/{world.users[STAFF_B].pk}/remove/",
        admin_row(administrator=Outcome(302, location="/admin/sign-in/lockouts/")),
    ),
    "admin/sign-in/verify/": Row(
        "get",
        lambda world: "/admin/sign-in/verify/",
        admin_row(**dict.fromkeys(ADMIN_ROLES, NO)),  # no device: straight on to the admin
    ),
    "admin/two-factor/": Row(
        "get", lambda world: "/admin/two-factor/", admin_row(**dict.fromkeys(ADMIN_ROLES, read()))
    ),
    "admin/two-factor/disable/": Row(
        "post",
        lambda world: "/admin/two-factor/disable/",
        admin_row(**dict.fromkeys(ADMIN_ROLES, Outcome(302, location="/admin/two-factor/"))),
    ),
    # The staff API (session authentication here; tokens behave the same).
    "api/v1/submissions/": Row(
        "get",
        lambda world: "/api/v1/submissions/",
        api_row(staff_a=read("A"), staff_b=read("B"), manager=read("AB"), administrator=read("AB")),
    ),
    "api/v1/submissions/<str:tracking_code>/": Row(
        "get",
        lambda world: f"/api/v1/submissions/{code_b(world)}/",
        api_row(staff_a=NOT_FOUND, staff_b=read("B"), manager=read("B"), administrator=read("B")),
    ),
    "api/v1/submissions/<str:tracking_code>/transitions/": Row(
        "post",
        lambda world: f"/api/v1/submissions/{code_b(world)}/transitions/",
        api_row(staff_a=NOT_FOUND, staff_b=wrote(200, "B"), administrator=wrote(200, "B")),
        data=lambda world: {"status": Status.IN_REVIEW},
        changed=status_changed,
        json=True,
    ),
}


# The walk -------------------------------------------------------------------------------


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def our_routes() -> set[str]:
    """Admin views whose code is ours, the listing of every snippet model of ours, and
    every API endpoint of ours that wants a signed-in user (the staff API)."""
    snippet_list = re.compile(r"admin/snippets/(\w+)/\w+/")
    found = set()
    for route, callback in _routes(get_resolver().url_patterns):
        view = getattr(callback, "view_class", callback)
        app = view.__module__.split(".")[0]
        if route.startswith("admin/"):
            listing = snippet_list.fullmatch(route)
            if app in OUR_APPS or (listing and listing.group(1) in OUR_APPS):
                found.add(route)
        elif route.startswith("api/") and app in OUR_APPS:
            permissions = getattr(view, "permission_classes", [AllowAny])
            if any(permission is not AllowAny for permission in permissions):
                found.add(route)
    return found


def test_every_view_has_a_row():
    assert our_routes() == set(MATRIX)


def test_every_row_names_every_role():
    assert all(set(row.outcomes) == set(ROLES) for row in MATRIX.values())


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_role_matrix(client, world, route):
    """Each role in turn on one route, each in a transaction rolled back afterwards (so
    one role's write never changes what the next one finds); every broken cell is listed."""
    row = MATRIX[route]
    broken = []
    for role in ROLES:
        with transaction.atomic():
            broken += role_check(client, world, row, role)
            transaction.set_rollback(True)
        client.logout()
    assert not broken, "\n".join(broken)


def role_check(client, world: World, row: Row, role: str) -> list[str]:
    """What is wrong with the answer `role` gets on `row` (nothing: an empty list)."""
    expected = row.outcomes[role]
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    url = row.url(world)
    data = row.data(world) if row.data else {}
    if row.method == "post":
        extra = {"content_type": "application/json"} if row.json else {}
        response = client.post(url, data, **extra)
    else:
        response = client.get(url)

    where = f"{role} {row.method.upper()} {url}:"
    if response.status_code != expected.status:
        return [f"{where} status {response.status_code}, expected {expected.status}"]
    broken = []
    if expected.location is not None:
        location = response["Location"]
        if expected.location_prefix:
            location = location[: len(expected.location)]
        if location != expected.location:
            broken.append(f"{where} redirected to {response['Location']}")
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8", errors="replace")
    for name, unit in world.units.items():
        shown = [marker for marker in markers(unit) if marker in content]
        if name in expected.shows and not shown:
            broken.append(f"{where} unit {name}'s request is missing")
        if name not in expected.shows and shown:
            broken.append(f"{where} unit {name}'s request leaked: {shown}")
        if unit.survey_token in content:
            broken.append(f"{where} unit {name}'s survey token leaked")
        if unit.request.access_token in content:
            broken.append(f"{where} unit {name}'s access token leaked")
    if row.changed is not None and row.changed(world) != expected.changes:
        broken.append(f"{where} B's target {'unchanged' if expected.changes else 'changed'}")
    return broken
