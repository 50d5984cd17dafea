"""Listeners to a request's status changes: how later apps react to a new stage.

`receipts` registers the SMS of each stage here; `submissions` never imports it. A
listener runs inside the transaction that records the change, so what it writes (an
outbox row) commits or rolls back with the change; side effects go after commit.
"""

from collections.abc import Callable

from .models import SubmissionEvent

Listener = Callable[[SubmissionEvent], None]


class TransitionListeners:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def register(self, listener: Listener) -> Listener:
        """Decorator: `@transition_listeners.register`."""
        if listener not in self._listeners:
            self._listeners.append(listener)
        return listener

    def notify(self, event: SubmissionEvent) -> None:
        for listener in self._listeners:
            listener(event)


transition_listeners = TransitionListeners()
