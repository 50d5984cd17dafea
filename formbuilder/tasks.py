"""Housekeeping: files of abandoned applications, untitled forms left by autosave."""

from celery import shared_task

from .services import service_form_delete_untitled_drafts, wizard_uploads_delete_abandoned


@shared_task(ignore_result=True)
def wizard_uploads_cleanup(max_age_seconds: int | None = None) -> int:
    """Delete files uploaded to unfinished applications (beat runs it every hour; without
    beat the wizard starts it, see `wizard_uploads_cleanup_due`). Returns how many."""
    return wizard_uploads_delete_abandoned(max_age_seconds=max_age_seconds)


@shared_task(ignore_result=True)
def untitled_forms_cleanup(max_age_seconds: int | None = None) -> int:
    """Delete untitled draft forms nobody touched for a day (beat runs it every hour)."""
    return service_form_delete_untitled_drafts(max_age_seconds=max_age_seconds)
