"""The role matrix (issue 11, item 2): every admin view of our apps and every staff API
endpoint, for every role, and what each may read and write.

Two units, A and B, each with one request, a failed pipeline step, a failed SMS (its text
carries the survey link) and, for B, an uploaded file. Each row says, per role, the
status code and which unit's requests the answer may show: a read shows those units'
mobiles or tracking codes and never the other unit's; a write changes the target (B's)
only when allowed. Survey tokens appear in no answer at all.

`test_every_view_has_a_row` walks the URL configuration: a new admin view or staff
endpoint without a row fails it. The rows are in role_matrix_rows.py, the words they are
written in (roles, outcomes, the rows made by rule) in role_matrix.py.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLResolver, get_resolver
from rest_framework.permissions import AllowAny

from cms_site import roles
from formbuilder.persian.text import to_persian_digits
from receipts.constants import SmsStatus
from receipts.models import SmsMessage
from submissions.constants import StepState
from submissions.models import PipelineStep, SubmissionFile
from tests.cms_site.role_matrix import (
    ADMINISTRATOR,
    ANONYMOUS,
    EDITOR,
    MANAGER,
    NO_GROUP,
    ROLES,
    STAFF_A,
    STAFF_B,
    Row,
    Unit,
    World,
)
from tests.cms_site.role_matrix_rows import MATRIX
from tests.factories import (
    DepartmentFactory,
    UserFactory,
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
PDF = b"%PDF-1.4\n%role-matrix\n"


# The world ------------------------------------------------------------------------------


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
