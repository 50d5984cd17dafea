"""Listeners: how later apps react to what happens to a request, unknown to `submissions`.

`receipts` registers the SMS of each stage (`transition_listeners`), the SMS of the
current status a citizen asked for (`status_request_listeners`), the SMS of a one-time
code (`otp_listeners`) and the SMS of a saved draft's resume link (`draft_sms_listeners`);
`submissions` never imports it. A listener runs inside the caller's transaction, so what
it writes (an outbox row) commits or rolls back with it; side effects go after commit.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from .models import Draft, Submission, SubmissionEvent

Subject = TypeVar("Subject")


class Listeners(Generic[Subject]):
    def __init__(self) -> None:
        self._listeners: list[Callable[[Subject], None]] = []

    def register(self, listener: Callable[[Subject], None]) -> Callable[[Subject], None]:
        """Decorator: `@transition_listeners.register`."""
        if listener not in self._listeners:
            self._listeners.append(listener)
        return listener

    def notify(self, subject: Subject) -> None:
        for listener in self._listeners:
            listener(subject)


# A status change, as its event.
transition_listeners: Listeners[SubmissionEvent] = Listeners()
# A citizen asked for the request's current status by SMS (to the mobile on file).
status_request_listeners: Listeners[Submission] = Listeners()


@dataclass(frozen=True)
class OtpMessage:
    """A one-time code to text: the only place the code exists in clear, in memory."""

    challenge_id: int
    mobile: str
    code: str  # six ASCII digits
    purpose: str
    valid_minutes: int


# A one-time code was issued (submissions/otp.py): text it to the mobile.
otp_listeners: Listeners[OtpMessage] = Listeners()


@dataclass(frozen=True)
class DraftNotice:
    """A draft's SMS: `kind` "saved" (just saved) or "reminder" (expires soon), with the
    link that resumes it (its token exists only here and in the SMS)."""

    draft: Draft
    kind: str
    resume_url: str


DRAFT_SAVED = "saved"
DRAFT_REMINDER = "reminder"
# A draft was saved, or expires soon: text its resume link to the draft's mobile.
draft_sms_listeners: Listeners[DraftNotice] = Listeners()
