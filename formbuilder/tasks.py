"""Housekeeping of the wizard: files of abandoned applications."""

import time

from celery import shared_task

from .wizard import WIZARD_UPLOADS

ABANDONED_AFTER_SECONDS = 24 * 60 * 60


@shared_task(ignore_result=True)
def wizard_uploads_cleanup(max_age_seconds: int = ABANDONED_AFTER_SECONDS) -> int:
    """Delete files uploaded to unfinished applications longer ago than `max_age_seconds`.

    A finished application moves its files into the submission's private storage;
    what is left here belongs to someone who gave up. Returns how many were deleted.
    """
    if not WIZARD_UPLOADS.exists():
        return 0
    cutoff = time.time() - max_age_seconds
    deleted = 0
    for path in WIZARD_UPLOADS.rglob("*"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
