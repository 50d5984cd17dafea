"""Housekeeping of the wizard: files of abandoned applications."""

from celery import shared_task

from .services import wizard_uploads_delete_abandoned


@shared_task(ignore_result=True)
def wizard_uploads_cleanup(max_age_seconds: int | None = None) -> int:
    """Delete files uploaded to unfinished applications (beat runs it every hour; without
    beat the wizard starts it, see `wizard_uploads_cleanup_due`). Returns how many."""
    return wizard_uploads_delete_abandoned(max_age_seconds=max_age_seconds)
