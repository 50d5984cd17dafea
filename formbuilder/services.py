"""Writes of the form builder."""

import logging
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import FormVersion, ServiceForm
from .schema import schema_build, schema_problems
from .shared_cache import once_per_interval
from .uploads import wizard_uploads_storage

logger = logging.getLogger(__name__)
WIZARD_UPLOADS_CLEANUP_KEY = "formbuilder:wizard-uploads-cleanup"


class FormNotPublishable(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@transaction.atomic
def form_version_freeze(*, form: ServiceForm, revision=None, user=None) -> FormVersion:
    """Freeze the form's live content into a new version, unless nothing changed.

    Called whenever a form is published. Raises FormNotPublishable when the schema
    has problems (the admin refuses such a publish before it gets here).
    """
    latest = FormVersion.objects.select_for_update().filter(form=form).order_by("-number").first()
    number = (latest.number + 1) if latest else 1
    schema = schema_build(form.steps, version=number)
    problems = schema_problems(schema)
    if problems:
        raise FormNotPublishable(problems)
    if latest is not None and {**latest.schema, "version": number} == schema:
        return latest
    version = FormVersion.objects.create(
        form=form, number=number, schema=schema, revision=revision, published_by=user
    )
    logger.info("Form %s published as version %s", form.pk, number)
    return version


def service_form_archive(*, form: ServiceForm, archived: bool = True) -> ServiceForm:
    """Archive (or bring back) a form: hidden from the chooser, its requests and history
    kept. Only the flag is written, not the editor's draft."""
    form.archived = archived
    form.save(update_fields=["archived"])
    return form


def service_form_delete_untitled_drafts(*, max_age_seconds: int | None = None) -> int:
    """Delete forms that never got a title and were left more than `max_age_seconds`
    (default settings.UNTITLED_FORMS_MAX_AGE_SECONDS) ago: never published, no version,
    no service page. Older Wagtail autosaves stored such records before anything was
    typed («(خالی)» in the list); returns how many were deleted."""
    if max_age_seconds is None:
        max_age_seconds = settings.UNTITLED_FORMS_MAX_AGE_SECONDS
    cutoff = timezone.now() - timedelta(seconds=max_age_seconds)
    untitled = (
        ServiceForm.objects.filter(Q(title="") | Q(title__regex=r"^\s+$"), live=False)
        .filter(versions__isnull=True, services__isnull=True)
        .exclude(latest_revision__created_at__gte=cutoff)
    )
    deleted = 0
    for form in untitled:
        form.delete()
        deleted += 1
    if deleted:
        logger.info("Deleted %s untitled draft form(s)", deleted)
    return deleted


def _storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing uploaded yet
        return
    for name in files:
        yield f"{folder}{name}"
    for name in folders:
        yield from _storage_files(storage, f"{folder}{name}/")


def wizard_uploads_delete_abandoned(*, max_age_seconds: int | None = None) -> int:
    """Delete the files of unfinished applications uploaded more than `max_age_seconds`
    (default settings.WIZARD_UPLOADS_MAX_AGE_SECONDS) ago; returns how many.

    A wizard that finishes or starts over deletes its own files; what is left belongs to
    someone who gave up or whose session ended. A citizen who comes back after this
    is asked for the file again (formbuilder/wizard.py).
    """
    if max_age_seconds is None:
        max_age_seconds = settings.WIZARD_UPLOADS_MAX_AGE_SECONDS
    storage = wizard_uploads_storage()
    cutoff = timezone.now() - timedelta(seconds=max_age_seconds)
    deleted = 0
    for name in list(_storage_files(storage)):
        try:
            if storage.get_modified_time(name) >= cutoff:
                continue
            storage.delete(name)
        except FileNotFoundError:  # deleted meanwhile by its wizard or another cleanup
            continue
        except Exception:  # an object store's own "not found" (botocore's ClientError)
            if storage.exists(name):
                raise
            continue
        deleted += 1
    if deleted:
        logger.info("Deleted %s abandoned wizard upload(s)", deleted)
    return deleted


def wizard_uploads_cleanup_due() -> bool:
    """True at most once per settings.WIZARD_UPLOADS_CLEANUP_INTERVAL_SECONDS (per cache:
    once for all processes sharing Redis, once per process without it), so the wizard
    can start the cleanup itself where no beat runs it."""
    return once_per_interval(
        WIZARD_UPLOADS_CLEANUP_KEY, settings.WIZARD_UPLOADS_CLEANUP_INTERVAL_SECONDS
    )
