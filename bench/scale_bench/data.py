"""The data of bench/scale.py: bench/audit_bench/data.py's catalog and bulk load (requests
over the last 12 months, their history, events, SMS and surveys), with more services,
departments and clerks, the requests stored out of date order, and each request's
pipeline steps as `submission_create` writes them; then the clerk who opens the
cartable and the staff API, and the sample requests each lookup asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.audit_bench.data import Catalog, catalog_build, requests_load

SERVICES = 48  # in 3 categories, one shared published form
DEPARTMENTS = 16
CLERKS = 60
HISTORY_PER_REQUEST = 2  # its creation and one change, at least (audit.py has ten)
# The clerk's units: 8 of 16, so that at 1,000 requests every filtered inbox page (the
# unit, a status, the overdue ones) is as full as at 1,000,000: like with like.
CLERK_UNITS = 8
SAMPLES = 40  # requests each lookup cycles through, per data set
CLERK_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "submissions.view_submission",
    "submissions.change_submission",
)
PIPELINE_TABLE = "submissions_pipelinestep"

# Every request gets one row per registered step, as `submission_create` writes them:
# done for all but the last hour's (pending, then running) and a few that failed.
PIPELINE_SQL = """
INSERT INTO submissions_pipelinestep (
    submission_id, name, state, attempts, last_error, next_attempt_at, lease_expires_at,
    dispatched_until, first_attempt_at, created_at, finished_at)
SELECT id, name, state,
       CASE WHEN state = 'pending' THEN 0 WHEN state = 'failed' THEN 6 ELSE 1 END,
       CASE WHEN state = 'failed' THEN 'provider error' ELSE '' END,
       created_at, NULL, NULL,
       CASE WHEN state <> 'pending' THEN created_at + interval '1 second' END,
       created_at,
       CASE WHEN state = 'done' THEN created_at + interval '5 seconds' END
FROM (
    SELECT s.id, s.created_at, step.name,
           CASE WHEN s.created_at > %(now)s - interval '1 hour' THEN 'pending'
                WHEN random() < 0.002 THEN 'failed' ELSE 'done' END AS state
    FROM submissions_submission AS s
    CROSS JOIN unnest(%(step_names)s::text[]) AS step(name)
) AS steps
ORDER BY created_at
"""


@dataclass(frozen=True)
class Sample:
    """One request a lookup asks for, as its citizen and its clerk know it."""

    tracking_code: str
    mobile: str
    access_token: str
    visible: bool  # to the bench's clerk (in their department or assigned to them)


def catalog_make() -> tuple[Catalog, int]:
    """The catalog, and the clerk who opens the cartable: a member of the first
    CLERK_UNITS departments who may view and change requests (as
    `tests.factories.clerk_of`)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from catalog.models import Department

    catalog = catalog_build(services=SERVICES, departments=DEPARTMENTS, clerks=CLERKS)
    clerk = get_user_model().objects.get(pk=catalog.clerk_ids[0])
    for name in CLERK_PERMISSIONS:
        app_label, codename = name.split(".")
        clerk.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    for department in Department.objects.filter(pk__in=catalog.department_ids[:CLERK_UNITS]):
        department.members.add(clerk)
    return catalog, clerk.pk


def load(connection, catalog: Catalog, *, requests: int, now) -> dict[str, float]:
    """One data set: `requests` requests and what goes with them, out of date order."""
    from submissions.pipeline.registry import pipeline

    steps = pipeline.names()
    return requests_load(
        connection,
        catalog,
        requests=requests,
        history=requests * HISTORY_PER_REQUEST,
        now=now,
        in_date_order=False,
        extra=(
            ("pipeline", PIPELINE_TABLE, PIPELINE_SQL.replace("%(step_names)s", _array(steps))),
        ),
    )


def _array(names: list[str]) -> str:
    """A text[] literal of registered step names (identifiers of our own code)."""
    if not all(name.replace("_", "").replace("-", "").isalnum() for name in names):
        raise ValueError(f"unexpected step names: {names}")
    return "ARRAY[" + ", ".join(f"'{name}'" for name in names) + "]"


def samples(connection, *, clerk_id: int) -> list[Sample]:
    """SAMPLES requests spread over the data set (by a fixed hash of their id), half of
    them visible to the clerk (of the clerk's units, or assigned to them)."""
    sql = """
        WITH units AS (
            SELECT department_id FROM catalog_department_members WHERE user_id = %(clerk)s
        )
        SELECT tracking_code, mobile, access_token, %(visible)s
        FROM submissions_submission
        WHERE (department_id IN (SELECT department_id FROM units)
               OR coalesce(assigned_to_id = %(clerk)s, false)) = %(visible)s
        ORDER BY md5(id::text)
        LIMIT %(half)s
    """
    found = []
    with connection.cursor() as cursor:
        for visible in (True, False):
            half = SAMPLES // 2
            cursor.execute(sql, {"clerk": clerk_id, "visible": visible, "half": half})
            found += [Sample(*row) for row in cursor.fetchall()]
    return found


def requests_count(connection) -> int:
    return row_count(connection, "submissions_submission")


def catalog_found() -> tuple[int, int, int]:
    """(first service's id, the clerk's department id, the clerk's id) of a data set
    `catalog_make` built, in the database in use: what the endpoints ask for when the
    databases are reused."""
    from django.contrib.auth import get_user_model

    from catalog.models import ServicePage

    clerk = get_user_model().objects.filter(username="clerk00").first()
    department = clerk and clerk.departments.order_by("pk").first()
    service = ServicePage.objects.order_by("pk").first()
    if department is None or service is None:
        raise ValueError("no bench clerk in this database: build it without --reuse-db")
    return service.pk, department.pk, clerk.pk


def row_count(connection, table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our constant)
        return cursor.fetchone()[0]
