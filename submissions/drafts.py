"""Save and continue later: an application saved halfway, resumed on any device.

A draft is the wizard's own state (formbuilder/wizard.py: the current step, each step's
posted data and files, the answers so far) with its files copied into the private
STORAGES["drafts"], the form version it was started on, and the mobile number its resume
link is texted to. The link's token (128 random bits) is stored only as its SHA-256; the
page it opens asks for a one-time code to the same mobile first (draft_views.py).

Drafts expire `DRAFT_MAX_AGE_DAYS` after their last save, are reminded by SMS
`DRAFT_REMINDER_DAYS` before, and are deleted with their files by `drafts_cleanup` (beat,
and without beat from the citizen's pages at most once an interval). Sending the request
deletes its draft.
"""

import copy
import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from catalog.models import ServicePage
from catalog.site_url import site_url
from formbuilder.models import FormVersion
from formbuilder.schema import schema_fields
from formbuilder.shared_cache import once_per_interval
from formbuilder.uploads import wizard_upload_name, wizard_uploads_storage
from formbuilder.wizard import FILE_INDEX

from .constants import DRAFT_TOKEN_BYTES, DRAFTS_STORAGE
from .events import DRAFT_REMINDER, DRAFT_SAVED, DraftNotice, draft_sms_listeners
from .models import Draft
from .ratelimit import RateLimited, rate_limits_enforce

logger = logging.getLogger(__name__)
DRAFTS_CLEANUP_KEY = "submissions:drafts-cleanup"


class DraftRateLimited(RateLimited):
    """Too many drafts saved (each sends an SMS) with this mobile or from this address."""


def drafts_storage() -> Storage:
    """settings.STORAGES["drafts"]: private, looked up on each use."""
    return storages[DRAFTS_STORAGE]


def draft_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def draft_resume_url(token: str) -> str:
    """The resume link an SMS carries, at the site's address."""
    return site_url(reverse("submissions:draft_resume", args=[token]))


def draft_files(state: dict) -> list[str]:
    """The stored names of every file a wizard state points to."""
    return [
        entry["tmp_name"]
        for files in (state.get("step_files") or {}).values()
        for entry in files.values()
    ]


def _state_copy_files(state: dict, *, source: Storage, target: Storage, written: list) -> dict:
    """The state with each file copied from `source` to `target` under a new random name
    (appended to `written`); a file no longer in `source` is dropped (asked for again)."""
    copied = copy.deepcopy(state)
    for files in (copied.get("step_files") or {}).values():
        for name, entry in list(files.items()):
            try:
                with source.open(entry["tmp_name"], "rb") as handle:
                    entry["tmp_name"] = target.save(wizard_upload_name(), handle)
            except FileNotFoundError:
                del files[name]
                continue
            written.append(entry["tmp_name"])
    return copied


def _state_clean(state: dict) -> dict:
    """Only what the draft needs: each step's own fields (not the CSRF token or the
    wizard's management form, which the browser posted with them)."""
    step_data = {
        step: {name: values for name, values in data.items() if name.startswith(f"{step}-")}
        for step, data in (state.get("step_data") or {}).items()
    }
    return {
        "step": state.get("step"),
        "step_data": step_data,
        "step_files": state.get("step_files") or {},
        "extra_data": {"answers": (state.get("extra_data") or {}).get("answers") or {}},
    }


def draft_save(
    *,
    service: ServicePage,
    form_version: FormVersion,
    state: dict,
    mobile: str,
    client_ip: str,
    draft_id: int | None = None,
) -> Draft:
    """Save a wizard's state as a draft (or save draft `draft_id` again) and text its new
    resume link to `mobile` (the draft SMS listeners: `receipts`).

    The files are copied into STORAGES["drafts"]; a draft saved again replaces its files,
    link and expiry. Limited per mobile and per address (each save sends an SMS): raises
    DraftRateLimited with the wait, and then nothing is stored.
    """
    rate_limits_enforce(
        DraftRateLimited,
        ("draft-save-ip", client_ip, settings.DRAFT_SAVE_RATE_LIMIT_PER_IP),
        ("draft-save-mobile", mobile, settings.DRAFT_SAVE_RATE_LIMIT_PER_MOBILE),
        window_seconds=settings.DRAFT_SAVE_RATE_LIMIT_WINDOW,
    )
    storage = drafts_storage()
    written: list[str] = []
    try:
        saved = _state_copy_files(
            _state_clean(state), source=wizard_uploads_storage(), target=storage, written=written
        )
        token = secrets.token_urlsafe(DRAFT_TOKEN_BYTES)
        with transaction.atomic():
            draft, replaced = _draft_write(
                service=service,
                form_version=form_version,
                state=saved,
                mobile=mobile,
                token=token,
                draft_id=draft_id,
            )
            notice = DraftNotice(draft=draft, kind=DRAFT_SAVED, resume_url=draft_resume_url(token))
            draft_sms_listeners.notify(notice)
    except BaseException:
        _files_delete(storage, written)
        raise
    _files_delete(storage, replaced)
    return draft


def _draft_write(*, service, form_version, state, mobile, token, draft_id) -> tuple[Draft, list]:
    """The draft row, new or saved again (locked); the file names it no longer uses."""
    now = timezone.now()
    values = {
        "service": service,
        "form_version": form_version,
        "schema": form_version.schema,
        "mobile": mobile,
        "step": state.get("step") or "",
        "state": state,
        "token_hash": draft_token_hash(token),
        "saved_at": now,
        "expires_at": now + timedelta(days=settings.DRAFT_MAX_AGE_DAYS),
        "reminded_at": None,
    }
    draft = None
    if draft_id is not None:
        draft = Draft.objects.select_for_update().filter(pk=draft_id, service=service).first()
    if draft is None:
        return Draft.objects.create(**values), []
    replaced = draft_files(draft.state)
    for name, value in values.items():
        setattr(draft, name, value)
    draft.save()
    return draft, replaced


def _files_delete(storage: Storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except FileNotFoundError:
            continue


def draft_delete(*, draft: Draft) -> None:
    """Delete a draft and its files (the row first: a file left by a failure is only
    an orphan, never a draft whose files are gone)."""
    names = draft_files(draft.state)
    Draft.objects.filter(pk=draft.pk).delete()
    _files_delete(drafts_storage(), names)


# -- Resuming ------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftResumed:
    """What the wizard continues with: its state (files in the wizard's storage), the
    version it is on, and the labels of the questions the citizen must answer again."""

    state: dict
    form_version: FormVersion
    questions_again: list[str]


def draft_version_usable(*, draft: Draft, current: FormVersion) -> bool:
    """A draft continues on its own version while that version is one of the form the
    service uses now (the rule ApplyView applies to a visitor's pinned version); a
    version deleted, or of a form the service no longer uses, is withdrawn."""
    version = draft.form_version
    return version is not None and version.form_id == current.form_id


def draft_resume(*, draft: Draft, current: FormVersion) -> DraftResumed:
    """The wizard state to continue `draft` with, its files copied into the wizard's
    storage: on the draft's own version, or, when that was withdrawn, on `current` (the
    service's published version) with the answers it can still take."""
    if draft_version_usable(draft=draft, current=current):
        version, state, again = draft.form_version, draft.state, []
    else:
        version = current
        state, again = _state_migrate(draft.state, old=draft.schema, new=current.schema)
    written: list[str] = []
    state = _state_copy_files(
        state, source=drafts_storage(), target=wizard_uploads_storage(), written=written
    )
    return DraftResumed(state=state, form_version=version, questions_again=again)


def draft_questions_again(*, draft: Draft, current: FormVersion) -> list[str]:
    """The labels of the questions a resumed draft must answer again: none on its own
    version; on `current`, those whose answers it cannot take (`draft_resume`)."""
    if draft_version_usable(draft=draft, current=current):
        return []
    return _state_migrate(draft.state, old=draft.schema, new=current.schema)[1]


def _answer_fits(old: dict | None, new: dict, value: Any) -> bool:
    """An answer to `old` still answers `new`: same key and type, its choices still offered."""
    if old is None or old["type"] != new["type"]:
        return False
    if new.get("choices"):
        offered = {choice["value"] for choice in new["choices"]}
        values = value if isinstance(value, list) else [value]
        return all(item in offered for item in values)
    return True


def _state_migrate(state: dict, *, old: dict, new: dict) -> tuple[dict, list[str]]:
    """A draft's state moved onto another version: each answer whose question is still
    there (same key and type) keeps its typed value and files, in its new step; the labels
    of the others, in the old form's order, must be answered again. It starts at the first
    step, so the citizen reads the new form from its beginning."""
    old_specs = {spec["key"]: spec for spec in schema_fields(old)} if old.get("steps") else {}
    old_step_of = {
        spec["key"]: step["key"] for step in old.get("steps", []) for spec in step["fields"]
    }
    new_places = {
        spec["key"]: (step["key"], spec) for step in new["steps"] for spec in step["fields"]
    }
    answers: dict[str, Any] = {}
    for step_answers in (state.get("extra_data") or {}).get("answers", {}).values():
        answers.update(step_answers)
    moved: dict[str, dict] = {"step_data": {}, "step_files": {}, "answers": {}}
    again = []
    for key, value in answers.items():
        if value in (None, "", []):  # not answered: nothing to give again
            continue
        place = new_places.get(key)
        if place is None or not _answer_fits(old_specs.get(key), place[1], value):
            again.append(key)
            continue
        _answer_move(state, moved, key=key, old_step=old_step_of[key], new_step=place[0])
        moved["answers"].setdefault(place[0], {})[key] = value
    labels = [old_specs[key]["label"] for key in old_specs if key in again]
    migrated = {
        "step": new["steps"][0]["key"] if new["steps"] else None,
        "step_data": moved["step_data"],
        "step_files": moved["step_files"],
        "extra_data": {"answers": moved["answers"]},
    }
    return migrated, labels


def _answer_move(state: dict, moved: dict, *, key: str, old_step: str, new_step: str) -> None:
    """One answer's posted values and files from its old step's names to its new step's."""
    raw = (state.get("step_data") or {}).get(old_step, {}).get(f"{old_step}-{key}")
    if raw is not None:
        moved["step_data"].setdefault(new_step, {})[f"{new_step}-{key}"] = raw
    for name, entry in (state.get("step_files") or {}).get(old_step, {}).items():
        field, _sep, index = name.partition(FILE_INDEX)
        if field == f"{old_step}-{key}":
            files = moved["step_files"].setdefault(new_step, {})
            files[f"{new_step}-{key}{FILE_INDEX}{index}"] = entry


# -- Expiry ----------------------------------------------------------------------------


def drafts_delete_expired(*, now: datetime | None = None) -> int:
    """Delete the drafts past their expiry, with their files; returns how many."""
    now = now or timezone.now()
    deleted = 0
    for draft in Draft.objects.filter(expires_at__lte=now).only("pk", "state"):
        draft_delete(draft=draft)
        deleted += 1
    if deleted:
        logger.info("Deleted %s expired draft(s)", deleted)
    return deleted


def drafts_remind(*, now: datetime | None = None) -> int:
    """Text each draft that expires within `DRAFT_REMINDER_DAYS` a reminder, once (until
    it is saved again), with a new resume link (the old one stops working: only the
    token's hash is kept). Returns how many were reminded."""
    now = now or timezone.now()
    soon = now + timedelta(days=settings.DRAFT_REMINDER_DAYS)
    due = Draft.objects.filter(reminded_at__isnull=True, expires_at__gt=now, expires_at__lte=soon)
    reminded = 0
    for draft_id in due.values_list("pk", flat=True):
        token = secrets.token_urlsafe(DRAFT_TOKEN_BYTES)
        with transaction.atomic():
            claimed = Draft.objects.filter(pk=draft_id, reminded_at__isnull=True).update(
                reminded_at=now, token_hash=draft_token_hash(token)
            )
            if not claimed:  # reminded meanwhile by another run
                continue
            draft = Draft.objects.select_related("service").get(pk=draft_id)
            notice = DraftNotice(
                draft=draft, kind=DRAFT_REMINDER, resume_url=draft_resume_url(token)
            )
            draft_sms_listeners.notify(notice)
        reminded += 1
    return reminded


def drafts_cleanup() -> tuple[int, int]:
    """The periodic work on drafts: delete the expired ones, remind the ones expiring
    soon. Returns (deleted, reminded)."""
    return drafts_delete_expired(), drafts_remind()


def drafts_cleanup_due() -> bool:
    """True at most once per settings.DRAFT_CLEANUP_INTERVAL_SECONDS (per cache), so the
    citizen's pages can start the cleanup where no beat runs it."""
    return once_per_interval(DRAFTS_CLEANUP_KEY, settings.DRAFT_CLEANUP_INTERVAL_SECONDS)
