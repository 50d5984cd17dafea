"""The data of bench/audit.py: a small catalog through the ORM (tests/factories.py), then
requests, their history, events, SMS and surveys in bulk SQL (`INSERT ... SELECT` over
`generate_series`), so that 100,000 requests and 1,000,000 history rows take seconds.

`catalog_build()` runs once, on the freshly migrated database that bench/audit.py then
copies (CREATE DATABASE ... TEMPLATE) for the other size; `requests_load()` fills one
database with one size. Both sizes use the same `now`, the same catalog and the same
rules, so they differ only in how many rows there are:

- requests: created uniformly over the 12 months before `now`; the older, the more
  likely finished (completed ~80%, rejected ~20%); open ones spread over the open
  statuses; a due date from the service's duration (3% without); a department except
  for those still only submitted; one in seven registered in person by a clerk; a
  finished one's closing time is its final status event's.
- history: `history / requests` rows per request (the remainder spread over the first
  ones), the first a creation ('+') at submission, the others changes ('~') spread up
  to the request's last activity, in time order (so the table's physical order follows
  history_date, as an append-only table's does); a change is by a clerk (70%), by the
  office automation (20%, a change reason and no user) or by the system (10%).
- events: "submitted" for every request, "in review" for every registered one and the
  final status event of every finished one.
- SMS: "received" for every request, the final status and the survey invitation of
  every finished one (delivered 85%, sent 6%, failed 5%, queued 4%).
- surveys: every finished request is invited; 45% answered, scores 1-5.

Indexes other than constraints are dropped before the load and recreated after it
with their own definitions (faster than maintaining them row by row); foreign keys
are not checked during the load (session_replication_role = replica): the rows are
consistent by construction. The schema after the load is the migrated one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

CLERKS = 30
DEPARTMENTS = 6
SERVICES = 12
CATEGORIES = 3
MANAGER_USERNAME = "bench-manager"
MANAGER_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "khedmat_audit.view_audit",
    "khedmat_statistics.view_statistics",
)
# The tables the load writes, largest first (their indexes are rebuilt after the load).
TABLES = (
    "submissions_historicalsubmission",
    "submissions_submission",
    "submissions_submissionevent",
    "receipts_smsmessage",
    "receipts_surveyresponse",
)
AUTOMATION_REASON = "اتوماسیون اداری"


@dataclass(frozen=True)
class Catalog:
    """What the bulk load and the pages need to know of the catalog."""

    form_version_id: int
    services: tuple[tuple[int, int, int], ...]  # (page id, duration days, department id)
    department_ids: tuple[int, ...]
    clerk_ids: tuple[int, ...]
    manager_id: int


def catalog_build(
    *, services: int = SERVICES, departments: int = DEPARTMENTS, clerks: int = CLERKS
) -> Catalog:
    """Pages, one published form shared by the services, departments, clerks, a manager
    (bench/scale.py asks for more services, departments and clerks)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Permission
    from django.db import transaction

    from tests.factories import (
        DepartmentFactory,
        HomePageFactory,
        ServiceCategoryPageFactory,
        ServiceFormFactory,
        ServiceIndexPageFactory,
        ServicePageFactory,
    )

    user_model = get_user_model()
    unusable = make_password(None)  # nobody logs in with a password here
    with transaction.atomic():
        home = HomePageFactory()
        index = ServiceIndexPageFactory(parent=home)
        categories = [ServiceCategoryPageFactory(parent=index) for _ in range(CATEGORIES)]
        department_rows = [DepartmentFactory() for _ in range(departments)]
        form = ServiceFormFactory()
        service_pages = [
            ServicePageFactory(
                parent=categories[number % CATEGORIES],
                department=department_rows[number % departments],
                service_form=form,
                duration_days=5 + (number * 3) % 16,
            )
            for number in range(services)
        ]
        form.refresh_from_db()
        clerk_rows = user_model.objects.bulk_create(
            user_model(
                username=f"clerk{number:02d}",
                first_name="کارشناس",
                last_name=f"شماره {number}",
                email=f"clerk{number:02d}@example.ir",
                is_staff=False,
                password=unusable,
            )
            for number in range(clerks)
        )
        manager = user_model.objects.create(
            username=MANAGER_USERNAME,
            first_name="مدیر",
            last_name="میز خدمت",
            email="manager@example.ir",
            password=unusable,
        )
        for name in MANAGER_PERMISSIONS:
            app_label, codename = name.split(".")
            manager.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    if form.live_version is None:
        raise RuntimeError("the bench's form has no published version")
    return Catalog(
        form_version_id=form.live_version.pk,
        services=tuple((s.pk, s.duration_days, s.department_id) for s in service_pages),
        department_ids=tuple(d.pk for d in department_rows),
        clerk_ids=tuple(c.pk for c in clerk_rows),
        manager_id=manager.pk,
    )


def tracking_codes(count: int) -> list[str]:
    """`count` distinct valid tracking codes (11 digits and the Verhoeff check digit),
    spread over the code space by a fixed permutation, the same in every run."""
    from formbuilder.persian.identifiers import verhoeff_check_digit

    codes = []
    for number in range(1, count + 1):
        body = f"{(number * 982_451_653 + 12_345_678_901) % 10**11:011d}"
        codes.append(body + verhoeff_check_digit(body))
    return codes


SUBMISSIONS_SQL = """
INSERT INTO submissions_submission (
    id, tracking_code, access_token, data, mobile, national_id, channel, status,
    created_at, updated_at, created_by_id, department_id, form_version_id, service_id,
    assigned_to_id, due_date, letter_number, priority, closed_at, idempotency_key)
SELECT
    id, tracking_code,
    md5('token' || id) || substr(md5('token2' || id), 1, 11),
    jsonb_build_object(
        'full_name', 'متقاضی شماره ' || id, 'mobile', mobile, 'national_id', national_id,
        'applicant_type', 'person', 'area', 50 + id %% 500, 'visit_date', '2026-12-01'),
    mobile, national_id,
    CASE WHEN in_person THEN 'in_person' ELSE 'online' END,
    status, created_at,
    -- the last activity: the final status for finished requests
    CASE WHEN status IN ('completed', 'rejected')
        THEN greatest(created_at + interval '1 minute',
                      least(created_at + (1 + r_span * 24) * interval '1 day',
                            %(now)s - interval '1 minute'))
        ELSE created_at + (%(now)s - created_at) * (0.05 + 0.9 * r_span) END,
    CASE WHEN in_person THEN clerk END,
    CASE WHEN status <> 'submitted' THEN (%(service_departments)s::bigint[])[service_no] END,
    %(form_version)s,
    (%(services)s::int[])[service_no],
    CASE WHEN status <> 'submitted' THEN clerk END,
    CASE WHEN id %% 33 <> 0 THEN (created_at AT TIME ZONE %(tz)s)::date
        + ceil((%(service_days)s::int[])[service_no] * 7 / 5.0)::int END,
    CASE WHEN status <> 'submitted' THEN '1405/' || id ELSE '' END,
    CASE WHEN id %% 20 = 0 THEN 1 ELSE 0 END,
    -- closed when finished: the time of the final status (the last activity above)
    CASE WHEN status IN ('completed', 'rejected')
        THEN greatest(created_at + interval '1 minute',
                      least(created_at + (1 + r_span * 24) * interval '1 day',
                            %(now)s - interval '1 minute')) END,
    ''
FROM (
    SELECT
        id, tracking_code, created_at, r_span, in_person, service_no, clerk,
        '0912' || lpad(((id * 7919) %% 10000000)::text, 7, '0') AS mobile,
        lpad(((id * 104729) %% 10000000000)::text, 10, '0') AS national_id,
        CASE
            WHEN r_status < least(1.0, age_days / 45.0) * 0.96
                THEN CASE WHEN r_kind < 0.8 THEN 'completed' ELSE 'rejected' END
            WHEN age_days > 45
                THEN (ARRAY['in_review', 'referred', 'needs_info'])[1 + floor(r_kind * 3)::int]
            ELSE (ARRAY['submitted', 'registered', 'in_review', 'in_review', 'referred',
                        'needs_info'])[1 + floor(r_kind * 6)::int]
        END AS status
    FROM (
        SELECT
            g::bigint AS id, code AS tracking_code,
            %(now)s - r_age * interval '365 days' AS created_at,
            r_age * 365 AS age_days, r_status, r_kind, r_span,
            g %% 7 = 0 AS in_person,
            1 + (g * 7) %% %(service_count)s AS service_no,
            (%(clerks)s::int[])[1 + (g * 13) %% %(clerk_count)s] AS clerk
        FROM (
            SELECT code, g, random() AS r_age, random() AS r_status, random() AS r_kind,
                   random() AS r_span
            FROM unnest(%(codes)s::text[]) WITH ORDINALITY AS c(code, g)
        ) AS seeds
    ) AS base
) AS request
ORDER BY created_at
"""

HISTORY_SQL = """
INSERT INTO submissions_historicalsubmission (
    id, tracking_code, data, mobile, national_id, channel, status, created_at, updated_at,
    history_date, history_change_reason, history_type, created_by_id, department_id,
    form_version_id, history_user_id, service_id, assigned_to_id, due_date,
    letter_number, priority, closed_at, idempotency_key)
SELECT
    id, tracking_code, data, mobile, national_id, channel,
    CASE WHEN step = 0 OR status = 'submitted' THEN 'submitted'
         WHEN step = steps - 1 THEN status
         WHEN step = 1 THEN 'registered'
         ELSE 'in_review' END,
    created_at, history_date, history_date,
    CASE WHEN step > 0 AND r_who >= 0.7 AND r_who < 0.9 THEN %(reason)s END,
    CASE WHEN step = 0 THEN '+' ELSE '~' END,
    created_by_id,
    CASE WHEN step > 0 THEN department_id END,
    form_version_id,
    CASE WHEN step = 0 THEN created_by_id
         WHEN r_who < 0.7 THEN (%(clerks)s::int[])[1 + floor(r_who / 0.7 * %(clerk_count)s)::int]
    END,
    service_id,
    CASE WHEN step >= 2 THEN assigned_to_id END,
    due_date,
    CASE WHEN step >= 1 THEN letter_number ELSE '' END,
    CASE WHEN step >= 2 THEN priority ELSE 0 END,
    CASE WHEN step = steps - 1 THEN closed_at END,
    idempotency_key
FROM (
    SELECT
        s.*, step, steps, random() AS r_who,
        CASE WHEN step = 0 OR steps = 1 THEN s.created_at
             ELSE s.created_at + (s.updated_at - s.created_at) * (step::float / (steps - 1))
        END AS history_date
    FROM submissions_submission AS s
    CROSS JOIN LATERAL (
        SELECT %(per_request)s + CASE WHEN s.id <= %(remainder)s THEN 1 ELSE 0 END AS steps
    ) AS n
    CROSS JOIN LATERAL generate_series(0, n.steps - 1) AS step
) AS hist
ORDER BY history_date, id, step
"""

EVENTS_SQL = """
INSERT INTO submissions_submissionevent (
    kind, status, previous_status, public_message, internal_note, created_at, actor_id,
    submission_id, actor_name, department_id, external_id)
SELECT kind, status, previous_status, public_message, '', created_at, actor_id,
       submission_id, actor_name, department_id, NULL
FROM (
    SELECT 'submitted' AS kind, 'submitted' AS status, '' AS previous_status,
           '' AS public_message, created_at, created_by_id AS actor_id, id AS submission_id,
           CASE WHEN created_by_id IS NULL THEN 'شهروند' ELSE '' END AS actor_name,
           NULL::bigint AS department_id
    FROM submissions_submission
    UNION ALL
    SELECT 'status', 'in_review', 'registered', '',
           created_at + (updated_at - created_at) / 3, assigned_to_id, id, '', department_id
    FROM submissions_submission WHERE status <> 'submitted'
    UNION ALL
    SELECT 'status', status, 'in_review', 'درخواست شما بررسی شد.', updated_at,
           assigned_to_id, id, '', department_id
    FROM submissions_submission WHERE status IN ('completed', 'rejected')
) AS event
ORDER BY created_at
"""

SMS_SQL = """
INSERT INTO receipts_smsmessage (
    recipient, body, parts, status, provider_id, attempts, error, error_reason, error_code,
    event, dedupe_key,
    local_id, provider_template, tokens, sealed, next_attempt_at, lease_expires_at,
    created_at, sent_at, delivered_at, submission_id)
SELECT
    mobile, body, 1, sms_status,
    CASE WHEN sms_status = 'queued' THEN '' ELSE 'p' || submission_id || event END,
    CASE WHEN sms_status = 'queued' THEN 0 ELSE 1 END,
    CASE WHEN sms_status = 'failed' THEN 'provider error' ELSE '' END,
    CASE WHEN sms_status = 'failed' THEN 'busy' ELSE '' END,
    CASE WHEN sms_status = 'failed' THEN '11' ELSE '' END,
    event, dedupe_key, gen_random_uuid(), '', '{}'::jsonb, '', created_at, NULL, created_at,
    CASE WHEN sms_status <> 'queued' THEN created_at + interval '5 seconds' END,
    CASE WHEN sms_status = 'delivered' THEN created_at + interval '30 seconds' END,
    submission_id
FROM (
    SELECT *, CASE WHEN r < 0.85 THEN 'delivered' WHEN r < 0.91 THEN 'sent'
                   WHEN r < 0.96 THEN 'failed' ELSE 'queued' END AS sms_status
    FROM (
        SELECT mobile, 'درخواست ' || tracking_code || ' ثبت شد.' AS body, 'received' AS event,
               'received:' || id AS dedupe_key, created_at, id AS submission_id, random() AS r
        FROM submissions_submission
        UNION ALL
        SELECT mobile, 'درخواست ' || tracking_code || ' به پایان رسید.', status,
               status || ':' || id, updated_at, id, random()
        FROM submissions_submission WHERE status IN ('completed', 'rejected')
        UNION ALL
        SELECT mobile, 'نظرسنجی درخواست ' || tracking_code, 'survey', 'survey:' || id,
               updated_at + interval '1 minute', id, random()
        FROM submissions_submission WHERE status IN ('completed', 'rejected')
    ) AS message
) AS sms
ORDER BY created_at
"""

SURVEYS_SQL = """
INSERT INTO receipts_surveyresponse (
    token, invited_at, answered_at, overall, transparency, responsiveness, timeliness,
    staff_conduct, comment, submission_id)
SELECT
    md5('survey' || id) || substr(md5('survey2' || id), 1, 8),
    updated_at,
    CASE WHEN answered THEN least(updated_at + r * interval '3 days', %(now)s) END,
    CASE WHEN answered THEN 1 + floor(random() * 5)::int END,
    CASE WHEN answered THEN 1 + floor(random() * 5)::int END,
    CASE WHEN answered THEN 1 + floor(random() * 5)::int END,
    CASE WHEN answered THEN 1 + floor(random() * 5)::int END,
    CASE WHEN answered AND random() < 0.9 THEN 1 + floor(random() * 5)::int END,
    '', id
FROM (
    SELECT id, updated_at, r, r < 0.45 AS answered
    FROM (SELECT id, updated_at, random() AS r FROM submissions_submission
          WHERE status IN ('completed', 'rejected')) AS finished
) AS survey
ORDER BY updated_at
"""

PLAIN_INDEXES_SQL = """
SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text
FROM pg_index AS i
WHERE i.indrelid = %s::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)
ORDER BY 2
"""


def requests_load(
    connection,
    catalog: Catalog,
    *,
    requests: int,
    history: int,
    now: datetime.datetime,
    in_date_order: bool = True,
    extra: tuple[tuple[str, str, str], ...] = (),
) -> dict[str, float]:
    """Fill the bench tables of `connection`'s database; the seconds of each part.

    `in_date_order=False` stores the requests in an order unrelated to their dates (as
    a desk's imports and corrections leave them), so that no query profits from a
    physical order a live table would not have. `extra` adds (name, table, SQL) parts
    run after the others with the same parameters, their tables' indexes handled alike.
    """
    import time

    from django.conf import settings

    if history < requests:
        raise ValueError("need at least one history row per request")
    services, service_days, service_departments = zip(*catalog.services, strict=True)
    params = {
        "now": now,
        "tz": settings.TIME_ZONE,
        "codes": tracking_codes(requests),
        "services": list(services),
        "service_days": list(service_days),
        "service_departments": list(service_departments),
        "service_count": len(services),
        "form_version": catalog.form_version_id,
        "clerks": list(catalog.clerk_ids),
        "clerk_count": len(catalog.clerk_ids),
        "per_request": history // requests,
        "remainder": history % requests,
        "reason": AUTOMATION_REASON,
    }
    seconds: dict[str, float] = {}
    with connection.cursor() as cursor:
        began = time.monotonic()
        cursor.execute("BEGIN")
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SELECT setseed(0.42)")
        indexes = []
        tables = (*TABLES, *(table for _name, table, _sql in extra))
        for table in tables:
            cursor.execute(PLAIN_INDEXES_SQL, [table])
            for definition, name in cursor.fetchall():
                indexes.append(definition)
                cursor.execute(f"DROP INDEX {name}")
        seconds["drop_indexes"] = time.monotonic() - began
        for name, sql in (
            ("submissions", SUBMISSIONS_SQL),
            ("history", HISTORY_SQL),
            ("events", EVENTS_SQL),
            ("sms", SMS_SQL),
            ("surveys", SURVEYS_SQL),
            *((name, sql) for name, _table, sql in extra),
        ):
            if name == "submissions" and not in_date_order:
                sql = sql.replace("ORDER BY created_at\n", "")
            began = time.monotonic()
            cursor.execute(sql, params)
            seconds[name] = time.monotonic() - began
        began = time.monotonic()
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('submissions_submission', 'id'), "
            "(SELECT max(id) FROM submissions_submission))"
        )
        for definition in indexes:
            cursor.execute(definition)
        cursor.execute("COMMIT")
        seconds["indexes"] = time.monotonic() - began
        began = time.monotonic()
        for table in tables:
            # As a live database would be: statistics known, visibility map set.
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        seconds["vacuum_analyze"] = time.monotonic() - began
    return {name: round(value, 2) for name, value in seconds.items()}


def row_counts(connection) -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our constant)
            counts[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT status, count(*) FROM submissions_submission GROUP BY status ORDER BY 1"
        )
        counts["by_status"] = dict(cursor.fetchall())
        cursor.execute("SELECT pg_database_size(current_database())")
        counts["database_mb"] = round(cursor.fetchone()[0] / 2**20)
    return counts
