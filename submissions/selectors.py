"""Reads of requests."""

from .models import Submission


def submission_for_tracking(*, tracking_code: str, mobile: str) -> Submission | None:
    """The request with this code *and* this mobile number; None for either mismatch."""
    return (
        Submission.objects.select_related("service")
        .prefetch_related("events")
        .filter(tracking_code=tracking_code, mobile=mobile)
        .first()
    )


def submission_by_token(*, access_token: str) -> Submission | None:
    """The request a receipt or confirmation link points to."""
    if not access_token or len(access_token) > 64:
        return None
    try:
        return Submission.objects.select_related(
            "service", "form_version", "form_version__form"
        ).get(access_token=access_token)  # unique: no ordering, no LIMIT to build
    except Submission.DoesNotExist:
        return None


def submission_public_events(submission: Submission):
    """The timeline a citizen sees: every event, without internal notes."""
    return [event for event in submission.events.all() if event.kind != "note"]
