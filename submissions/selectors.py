"""Reads of requests."""

import datetime
import operator
from functools import reduce

from django.db.models import Count, Exists, Q, QuerySet
from django.utils import timezone

from .constants import FINAL_STATUSES, TRACKING_CODE_LENGTH
from .drafts import draft_token_hash
from .models import Draft, Submission

VIEW_ALL_PERMISSION = "submissions.view_all_submissions"
CHANGE_PERMISSION = "submissions.change_submission"


def counts_by(rows: QuerySet, field: str) -> dict:
    """How many rows have each value of `field` (a filter's choices, an operator's
    figures): `{value: count}`, values no row has left out."""
    return dict(rows.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))


def submissions_all_visible_to(user) -> bool:
    """Whether a user sees every request (managers and administrators)."""
    return user.is_authenticated and user.is_active and user.has_perm(VIEW_ALL_PERMISSION)


def submissions_visible_to(user, *, department=None, mine: bool = False) -> QuerySet[Submission]:
    """The requests a user may see: in the cartable, the staff API, and every admin list
    or export that names a request (through `submission_scope`). The one rule.

    Managers and administrators (`view_all_submissions`) see every request; staff see
    their departments' requests and those assigned to them; anyone else none.
    `department` (a unit or its id) and `mine` (assigned to the user) narrow the rule
    itself rather than add a filter on top of it (`submissions_visible_clauses`).
    """
    requests = Submission.objects.select_related("service", "department", "assigned_to")
    clauses = submissions_visible_clauses(user, department=department, mine=mine)
    if clauses is None:
        return requests
    if not clauses:
        return requests.none()
    return requests.filter(reduce(operator.or_, clauses))


def submissions_visible_clauses(user, *, department=None, mine: bool = False) -> list[Q] | None:
    """`submissions_visible_to`'s rule as the conditions a request meets one of (None:
    every request). The user's departments are named by their ids, not joined: each
    request is one row (no DISTINCT), a list by date reads the newest rows and stops,
    and each clause is answered by its own index (`submissions_visible_exists`).

    Narrowed to one `department` or to the requests assigned to the user (`mine`), the
    rule names each column once: "the unit's requests" for a unit of the user's own,
    not "(in my units or mine) and in this unit", which PostgreSQL misjudges (it takes
    the two conditions as independent) into sorting the whole unit for one page.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    narrowing = {
        **({"department": department} if department is not None else {}),
        **({"assigned_to": user} if mine else {}),
    }
    if submissions_all_visible_to(user):
        return [Q(**narrowing)] if narrowing else None
    departments = list(user.departments.order_by().values_list("pk", flat=True))
    if mine:  # assigned to the user: always in sight
        return [Q(**narrowing)]
    if department is None:
        return [Q(department__in=departments), Q(assigned_to=user)]
    if getattr(department, "pk", department) in departments:
        return [Q(department=department)]
    return [Q(department=department, assigned_to=user)]


def submissions_visible_exists(user, **match) -> Q:
    """Whether a request the user may see matches `match` (e.g. `service=OuterRef("pk")`),
    as a filter: one EXISTS per clause of the rule, each an index probe however many
    requests there are (one EXISTS over their OR reads every match that fails it)."""
    clauses = submissions_visible_clauses(user)
    if clauses is None:
        clauses = [Q()]
    exists = [Exists(Submission.objects.filter(clause, **match)) for clause in clauses]
    return reduce(operator.or_, (Q(e) for e in exists), Q(pk__in=[]))


def submission_scope(rows: QuerySet, *, user, field: str = "submission") -> QuerySet:
    """Rows of another model that name a request through `field` (SMS, pipeline steps,
    a request's history…), limited to the requests `user` may see
    (`submissions_visible_to`). Rows naming no request are left to those who see all.
    """
    if submissions_all_visible_to(user):
        return rows
    visible = submissions_visible_to(user).order_by().values("pk")
    return rows.filter(**{f"{field}__in": visible})


def tracking_code_search_q(digits: str) -> Q:
    """Requests whose tracking code holds these digits (the cartable's and the staff
    API's search). A whole code is looked up as itself, through the unique index."""
    if len(digits) >= TRACKING_CODE_LENGTH:
        return Q(tracking_code=digits)
    return Q(tracking_code__contains=digits)


def submission_may_change(user, submission: Submission) -> bool:
    """Whether a user may act on a request (take, refer, complete…): staff of its unit."""
    return user.has_perm(CHANGE_PERMISSION) and (
        submissions_visible_to(user).filter(pk=submission.pk).exists()
    )


def submission_for_tracking(*, tracking_code: str, mobile: str) -> Submission | None:
    """The request with this code *and* this mobile number; None for either mismatch."""
    return (
        Submission.objects.select_related("service")
        .prefetch_related("events")
        .filter(tracking_code=tracking_code, mobile=mobile)
        .first()
    )


# What the confirmation and receipt pages show of a request's service and form. The
# service page and the form carry their whole content (StreamFields, dozens of columns):
# loading only these makes the lookup about a quarter of the cost.
_TOKEN_PAGE_FIELDS = (
    "service__title",
    "service__service_code",
    "service__duration_days",
    "form_version__number",
    "form_version__schema",
    "form_version__form__title",
    "form_version__form__next_steps",
)


def submission_by_token(*, access_token: str) -> Submission | None:
    """The request a receipt or confirmation link points to, with what those pages show
    of its service and form (other fields of those load when first read)."""
    if not access_token or len(access_token) > 64:
        return None
    own_fields = [field.name for field in Submission._meta.concrete_fields]
    try:
        return (
            Submission.objects.select_related("service", "form_version", "form_version__form")
            .only(*own_fields, *_TOKEN_PAGE_FIELDS)
            .get(access_token=access_token)  # unique: no ordering, no LIMIT to build
        )
    except Submission.DoesNotExist:
        return None


def submission_public_events(submission: Submission):
    """The timeline a citizen sees: every event, without internal notes."""
    return [event for event in submission.events.all() if event.kind != "note"]


# Overdue: past its committed completion date and not yet completed or rejected. The one
# definition, in SQL (`overdue_q`) and for a request at hand (`submission_is_overdue`);
# the cartable, the staff API, the dashboard and the statistics all use these.


def overdue_q(today: datetime.date) -> Q:
    """Requests past their committed date that are not finished yet."""
    return Q(due_date__lt=today) & ~Q(status__in=sorted(FINAL_STATUSES))


def submission_is_overdue(submission: Submission, *, today: datetime.date | None = None) -> bool:
    """`overdue_q` for one request already loaded."""
    today = today or timezone.localdate()
    return (
        submission.due_date is not None
        and submission.due_date < today
        and submission.status not in FINAL_STATUSES
    )


def drafts_for_mobile(mobile: str) -> list[Draft]:
    """The saved drafts of one mobile number not yet expired, the latest saved first."""
    return list(
        Draft.objects.filter(mobile=mobile, expires_at__gt=timezone.now())
        .select_related("service")
        .order_by("-saved_at", "-pk")
    )


def draft_by_token(token: str) -> Draft | None:
    """The draft a resume link points to (expired or not: the caller tells them apart);
    None for a token that is not one."""
    if not token or len(token) > 64:
        return None
    drafts = Draft.objects.select_related("service")
    return drafts.filter(token_hash=draft_token_hash(token)).first()


def submissions_for_mobile(*, mobile: str) -> QuerySet[Submission]:
    """Every request made with this (verified, normalised) mobile number, newest first:
    "my requests". Nothing else: the only way a citizen's page reaches requests."""
    if not mobile:
        return Submission.objects.none()
    return (
        Submission.objects.filter(mobile=mobile)
        .select_related("service")
        .order_by("-created_at", "-pk")
    )


def submission_repeated(*, service, idempotency_key: str) -> Submission | None:
    """The request a client already made for `service` with this `Idempotency-Key`."""
    if not idempotency_key:
        return None
    return Submission.objects.filter(service=service, idempotency_key=idempotency_key).first()
