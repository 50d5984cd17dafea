"""The role matrix's table (tests/cms_site/test_role_matrix.py): a row for every admin
view of our apps and every staff API endpoint, per role (role_matrix.py says what a row
holds). A new admin view or staff endpoint needs its row here."""

from submissions.constants import Status
from tests.cms_site.role_matrix import (
    ADMIN_ROLES,
    FORM_COMPARE_ROUTE,
    FORMS,
    NO,
    NOT_FOUND,
    STAFF_B,
    Outcome,
    Row,
    admin_row,
    api_row,
    booking_b,
    booking_checked_in,
    code_b,
    form_archived,
    note_added,
    read,
    report_rows,
    schedule_b,
    sms_changed,
    snippet_rows,
    status_changed,
    step_changed,
    unit_list_row,
    unit_write_row,
    wrote,
)

MATRIX: dict[str, Row] = {
    # The request pipeline and its retry.
    "admin/pipeline/": unit_list_row("/admin/pipeline/?state=all"),
    # The list filtered in place (Wagtail's generic view).
    "admin/pipeline/results/": unit_list_row("/admin/pipeline/results/?state=all"),
    "admin/pipeline/<int:pk>/retry/": unit_write_row(
        lambda world: f"/admin/pipeline/{world.b.step.pk}/retry/", step_changed
    ),
    # The SMS log and its retry.
    "admin/sms/": unit_list_row("/admin/sms/"),
    "admin/sms/results/": unit_list_row("/admin/sms/results/"),
    "admin/sms/<int:pk>/retry/": unit_write_row(
        lambda world: f"/admin/sms/{world.b.sms.pk}/retry/", sms_changed
    ),
    # The cartable.
    "admin/cartable/": unit_list_row("/admin/cartable/"),
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
    "admin/cartable/<str:tracking_code>/<slug:name>/": unit_write_row(
        lambda world: f"/admin/cartable/{code_b(world)}/note/",
        note_added,
        data=lambda world: {"note": "یادداشت داخلی"},
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
    "admin/visits/<int:pk>/<slug:action>/": unit_write_row(
        lambda world: f"/admin/visits/{booking_b(world).pk}/check-in/", booking_checked_in
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
