"""The audit trail as one timeline over every historical table, built by the database.

Each historical table gives the same few columns (`TRAIL_COLUMNS`), its newest rows first
(ORDER BY history_date, history_id with LIMIT inside each part, which its history_date
index answers); a UNION ALL of those is ordered by (history_date, model index,
history_id), newest first, and cut with LIMIT again.
Pages go by keyset (`before` = the last entry's sort key), never by OFFSET or COUNT, so
every page reads a few rows of each table's history_date index however long the trail.
Only then are the page's rows fetched in full, with the rows they are compared with.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import connection
from django.db.models import BigIntegerField, F, IntegerField, Model, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder

from formbuilder.persian.text import normalize_search_text
from routing.constants import ROUTING_CHANGE_REASON
from submissions.constants import Actor
from submissions.selectors import submission_scope

from .constants import AUDITED_LABELS, DRAFT_LABELS, EXPORT_BATCH, HISTORY_TYPE_ACTIONS, AuditAction
from .diff import FieldChange, record_changes

TRAIL_COLUMNS = ("t_date", "t_model", "t_id", "t_type", "t_user", "t_reason", "t_object")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class AuditFilters:
    """What the manager asked for; empty values filter nothing."""

    labels: tuple[str, ...] = ()
    object_id: int | None = None
    # Words of the object's name (title or name), at any time in its history.
    object_name: str = ""
    user_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    action: str = ""
    # Who reads the trail: a request's history is shown only to those who may see the
    # request (`submission_scope`); None for code that has checked already.
    reader: object = None


@dataclass(frozen=True)
class TrailKey:
    """One row of the timeline: enough to sort, page and fetch the historical row."""

    history_date: datetime.datetime
    model_index: int
    history_id: int
    history_type: str
    history_user_id: int | None
    change_reason: str | None
    object_id: int

    @property
    def label(self) -> str:
        return AUDITED_LABELS[self.model_index]

    @property
    def cursor(self) -> str:
        """The `before` value of the next page: microseconds~model~history_id."""
        micros = (self.history_date - EPOCH) // datetime.timedelta(microseconds=1)
        return f"{micros}~{self.model_index}~{self.history_id}"


@dataclass(frozen=True)
class Cursor:
    history_date: datetime.datetime
    model_index: int
    history_id: int


def cursor_parse(raw: str) -> Cursor | None:
    """The `before` query value back as a cursor; None when it is not one of ours."""
    try:
        micros, model_index, history_id = (int(part) for part in raw.split("~"))
        if not 0 <= model_index < len(AUDITED_LABELS):
            return None
        return Cursor(EPOCH + datetime.timedelta(microseconds=micros), model_index, history_id)
    except (ValueError, OverflowError):
        return None


def audited_model(label: str) -> type[Model]:
    return apps.get_model(label)


def historical_model(label: str) -> type[Model]:
    return audited_model(label).history.model


def previous_rows(history: type[Model]):
    """The same object's earlier rows, latest first, for a subquery on `OuterRef`s."""
    return (
        history.objects.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
    )


def _draft_action_q(history: type[Model], action: str):
    """Aliases and a condition telling draft saves, publishes and unpublishes apart.

    Verified in tests/cms_site/test_audit.py: a draft save (`save_revision()`) keeps the
    row's `live_revision` and sets `has_unpublished_changes`; a publish changes
    `live_revision` and makes the row live; an unpublish makes a live object not live.
    Coalesce keeps NULLs (no earlier row, no live revision) out of the negations.
    `draft_action()` is the same rule in Python, for rows already fetched.
    """
    aliases = {
        "cur_rev": Coalesce(F("live_revision_id"), Value(0)),
        "prev_rev": Coalesce(
            Subquery(previous_rows(history).values("live_revision_id")[:1]), Value(0)
        ),
        "prev_live": Coalesce(Subquery(previous_rows(history).values("live")[:1]), Value(False)),
    }
    published = Q(history_type="~", live=True, cur_rev__gt=0) & ~Q(cur_rev=F("prev_rev"))
    unpublished = Q(history_type="~", live=False, prev_live=True)
    draft = Q(history_type="~", has_unpublished_changes=True, cur_rev=F("prev_rev")) & ~unpublished
    conditions = {
        AuditAction.PUBLISHED: published,
        AuditAction.UNPUBLISHED: unpublished,
        AuditAction.DRAFT_SAVED: draft,
        AuditAction.CHANGED: Q(history_type="~") & ~published & ~unpublished & ~draft,
    }
    return aliases, conditions[action]


def draft_action(record, previous) -> AuditAction:
    """The action of a draft-capable model's row, by the same rule as `_draft_action_q`."""
    if record.history_type != "~":
        return HISTORY_TYPE_ACTIONS[record.history_type]
    revision = record.live_revision_id or 0
    previous_revision = (previous.live_revision_id or 0) if previous else 0
    if record.live and revision > 0 and revision != previous_revision:
        return AuditAction.PUBLISHED
    if not record.live and previous is not None and previous.live:
        return AuditAction.UNPUBLISHED
    if record.has_unpublished_changes and revision == previous_revision:
        return AuditAction.DRAFT_SAVED
    return AuditAction.CHANGED


def _branch(label: str, filters: AuditFilters, before: Cursor | None, limit: int | None):
    """One historical table's part of the UNION, or None when the filters exclude it."""
    model_index = AUDITED_LABELS.index(label)
    history = historical_model(label)
    rows = history.objects.order_by()
    action = filters.action
    if action in (AuditAction.CREATED, AuditAction.DELETED):
        rows = rows.filter(history_type="+" if action == AuditAction.CREATED else "-")
    elif action and label in DRAFT_LABELS:
        annotations, condition = _draft_action_q(history, action)
        rows = rows.alias(**annotations).filter(condition)
    elif action == AuditAction.CHANGED:
        rows = rows.filter(history_type="~")
    elif action:
        return None  # drafts and publishing exist only on draft-capable models
    if label == "submissions.submission" and filters.reader is not None:
        rows = submission_scope(rows, user=filters.reader, field="id")
    if filters.object_id is not None:
        rows = rows.filter(id=filters.object_id)
    if filters.object_name:
        named = _ids_named(history, filters.object_name)
        if named is None:
            return None  # this model's objects have no name to search
        rows = rows.filter(id__in=named)
    if filters.user_id is not None:
        rows = rows.filter(history_user_id=filters.user_id)
    if filters.date_from is not None:
        rows = rows.filter(history_date__gte=_day_start(filters.date_from))
    if filters.date_to is not None:
        rows = rows.filter(history_date__lt=_day_start(filters.date_to + datetime.timedelta(1)))
    if before is not None:
        # (history_date, model index, history_id) < the cursor, with this table's index fixed.
        if model_index < before.model_index:
            rows = rows.filter(history_date__lte=before.history_date)
        elif model_index == before.model_index:
            rows = rows.filter(
                Q(history_date__lt=before.history_date)
                | Q(history_date=before.history_date, history_id__lt=before.history_id)
            )
        else:
            rows = rows.filter(history_date__lt=before.history_date)
    rows = rows.annotate(
        t_date=F("history_date"),
        t_model=Value(model_index, output_field=IntegerField()),
        t_id=F("history_id"),
        t_type=F("history_type"),
        t_user=F("history_user_id"),
        t_reason=F("history_change_reason"),
        t_object=Cast("id", BigIntegerField()),
    ).values_list(*TRAIL_COLUMNS)
    # Each table's newest `limit` rows first, by its own history_date index: the planner
    # then never sorts a whole table to find the newest rows of the union.
    if limit is None:
        return rows.order_by()
    return rows.order_by("-history_date", "-history_id")[:limit]


# The column that names an object, in the order looked for.
_NAME_FIELDS = ("title", "name")


def _ids_named(history: type[Model], text: str):
    """The ids of objects whose name held every word of `text` at some time (a renamed
    form is found by its old name too), or None when the model has no name column."""
    names = {f.name for f in history._meta.get_fields()}
    column = next((name for name in _NAME_FIELDS if name in names), None)
    if column is None:
        return None
    rows = history.objects.all()
    for word in normalize_search_text(text).split():
        rows = rows.filter(**{f"{column}__icontains": word})
    return rows.values("id")


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of a day in the desk's time zone (the dates managers type are local)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_trail_keys(
    *, filters: AuditFilters, before: Cursor | None = None, limit: int
) -> list[TrailKey]:
    """The newest `limit` timeline rows older than `before`, across the filtered models."""
    labels = filters.labels or AUDITED_LABELS
    # SQLite (the embedded demo database) allows no LIMIT inside a UNION's parts.
    limit_each = limit if connection.features.supports_slicing_ordering_in_compound else None
    branches = [_branch(label, filters, before, limit_each) for label in labels]
    branches = [branch for branch in branches if branch is not None]
    if not branches:
        return []
    trail = branches[0]  # one table: already in order when limited
    if len(branches) == 1 and limit_each is None:
        trail = trail.order_by("-t_date", "-t_model", "-t_id")[:limit]
    elif len(branches) > 1:
        trail = trail.union(*branches[1:], all=True).order_by("-t_date", "-t_model", "-t_id")
        trail = trail[:limit]
    return [TrailKey(*row) for row in trail]


def audit_trail_iter(*, filters: AuditFilters, limit: int) -> Iterator[TrailKey]:
    """Up to `limit` timeline rows, newest first, read in batches (for exports)."""
    before = None
    given = 0
    while given < limit:
        batch = audit_trail_keys(
            filters=filters, before=before, limit=min(EXPORT_BATCH, limit - given)
        )
        yield from batch
        given += len(batch)
        if len(batch) < EXPORT_BATCH:
            return
        last = batch[-1]
        before = Cursor(last.history_date, last.model_index, last.history_id)


def object_id_for_tracking_code(code: str) -> int | None:
    """The request a tracking code belongs (or belonged) to, deleted ones included."""
    history = historical_model("submissions.submission")
    return history.objects.filter(tracking_code=code).values_list("id", flat=True).first()


@dataclass
class AuditEntry:
    """One timeline row as shown: when, who, what, the action and the field changes."""

    key: TrailKey | None
    when: datetime.datetime
    who: str
    by_user: bool
    model_name: str
    object_text: str
    edit_url: str
    action: AuditAction
    changes: list[FieldChange]

    @property
    def is_draft(self) -> bool:
        return self.action == AuditAction.DRAFT_SAVED


def _history_records(label: str, history_ids: list[int]) -> list:
    """The history rows, each with the id of the row it is compared with (`prev_id`) and,
    for a draftable model, of the last live state (`live_state_id`)."""
    history = historical_model(label)
    annotations = {"prev_id": Subquery(previous_rows(history).values("history_id")[:1])}
    if label in DRAFT_LABELS:
        annotations["live_state_id"] = Subquery(
            previous_rows(history).filter(has_unpublished_changes=False).values("history_id")[:1]
        )
    return list(
        history.objects.filter(history_id__in=history_ids)
        .annotate(**annotations)
        .select_related("history_user")
    )


def _label_entries(label: str, history_ids: list[int], finder, names_cache: dict):
    """(record, AuditEntry) for the history rows of one model, in a few queries."""
    history = historical_model(label)
    is_draftable = label in DRAFT_LABELS
    records = _history_records(label, history_ids)
    compared_ids = {r.prev_id for r in records} | {
        getattr(r, "live_state_id", None) for r in records
    }
    compared = history.objects.in_bulk(compared_ids - {None})
    current = _current_objects(label, {r.id for r in records})
    model_name = capfirst(str(audited_model(label)._meta.verbose_name))
    for record in records:
        previous = compared.get(record.prev_id)
        if is_draftable:
            action = draft_action(record, previous)
            if action == AuditAction.PUBLISHED:
                previous = compared.get(record.live_state_id, previous)
        else:
            action = HISTORY_TYPE_ACTIONS[record.history_type]
        changes = (
            []
            if record.history_type == "-"
            else record_changes(record, previous, names_cache=names_cache)
        )
        who, by_user = record_author(record)
        yield (
            record,
            AuditEntry(
                key=None,
                when=record.history_date,
                who=who,
                by_user=by_user,
                model_name=model_name,
                object_text=object_text(record),
                edit_url=edit_url(finder, current.get(record.id)),
                action=action,
                changes=changes,
            ),
        )


def audit_entries(
    *, keys: list[TrailKey], user, names_cache: dict | None = None
) -> list[AuditEntry]:
    """The timeline rows in full, in the order given: a few queries per model, not per row.

    A row is compared with the same object's previous row; a publish is compared with the
    last row that was not a draft, so it shows what went live rather than the last draft.
    `names_cache` keeps related objects' names across calls (an export's batches).
    """
    by_label: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        by_label[key.label].append(key.history_id)
    entries = {}
    finder = AdminURLFinder(user)
    names_cache = {} if names_cache is None else names_cache
    for label, history_ids in by_label.items():
        for record, entry in _label_entries(label, history_ids, finder, names_cache):
            entries[(label, record.history_id)] = entry
    result = []
    for key in keys:
        entry = entries.get((key.label, key.history_id))
        if entry is not None:
            entry.key = key
            result.append(entry)
    return result


def entry_is_empty(entry: AuditEntry) -> bool:
    """A save that changed no field (an autosave, a draft saved again as it was): not worth
    a row of its own. Creations, deletions and publishing always count."""
    return (
        not entry.changes
        and entry.key.history_type == "~"
        and entry.action in (AuditAction.CHANGED, AuditAction.DRAFT_SAVED)
    )


# Change reasons that name who acted without a user, by the label the audit shows.
CHANGE_REASON_LABELS = {
    Actor.CITIZEN.value: Actor.CITIZEN.label,
    Actor.AUTOMATION.value: Actor.AUTOMATION.label,
    ROUTING_CHANGE_REASON: _("Routing rules"),
}


def record_author(record) -> tuple[str, bool]:
    """Who acted: the user's full name, else the change reason (the citizen, the routing
    rules, an automation endpoint's name), else the system."""
    user = record.history_user
    if user is not None:
        return (user.get_full_name() or user.get_username()), True
    reason = record.history_change_reason
    if reason:
        return str(CHANGE_REASON_LABELS.get(reason, reason)), False
    return gettext("system"), False


# Models whose history leaves a field out: `record.instance` would fetch that field from
# the live row, one query per entry; their names are in the historical row itself.
_NAME_COLUMNS = {
    "submissions.submission": "tracking_code",
    "routing.automationendpoint": "name",
    "appointments.booking": "code",
}


def object_text(record) -> str:
    """The object's name as it was at that row (a deleted object keeps its name)."""
    column = _NAME_COLUMNS.get(record.instance_type._meta.label_lower)
    if column is not None:
        return str(getattr(record, column))
    return str(record.instance)


def _current_objects(label: str, ids: set[int]) -> dict:
    """The live objects of these rows, for their edit links (a deleted one is missing)."""
    objects = audited_model(label)._default_manager
    if label == "submissions.submission":  # linked by tracking code: skip the answers
        objects = objects.only("pk", "tracking_code")
    return objects.in_bulk(ids)


def edit_url(finder: AdminURLFinder, instance) -> str:
    """Where the object is edited in the admin, if it still exists and the user may go."""
    if instance is None:
        return ""
    if instance._meta.label_lower == "submissions.submission":
        return reverse("submissions_cartable_detail", args=[instance.tracking_code])
    return finder.get_edit_url(instance) or ""
