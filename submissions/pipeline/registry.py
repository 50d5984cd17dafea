"""The registry of pipeline steps: what each step does and how patiently it is retried.

Later apps add their steps (the receipt PDF, the "received" SMS, routing, delivery) from
their `AppConfig.ready()`; this app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from ..models import Submission

Handler = Callable[[Submission], None]


class StepPermanentError(Exception):
    """Raised by a handler when retrying cannot help: the step fails at once, for staff."""


@dataclass(frozen=True)
class StepDefinition:
    """A registered step: what it does and how patiently it is retried.

    A step is retried `max_attempts` times, or, when it has a `retry_window` (a function
    returning how long, read when needed so that settings apply), for as long as that
    window lasts from its first attempt, however many attempts that takes.
    """

    name: str
    label: str
    handler: Handler
    after: tuple[str, ...] = ()
    max_attempts: int = 6
    time_limit: int = 60  # seconds; the worker gets a soft limit, and a hard one a bit later
    applies: Callable[[Submission], bool] = field(default=lambda submission: True)
    retry_window: Callable[[], timedelta] | None = None


class PipelineRegistry:
    """Steps by name, in the order they were registered."""

    def __init__(self) -> None:
        self._steps: dict[str, StepDefinition] = {}

    def register(
        self,
        name: str,
        *,
        label: str,
        after: Iterable[str] = (),
        max_attempts: int = 6,
        time_limit: int = 60,
        applies: Callable[[Submission], bool] | None = None,
        retry_window: Callable[[], timedelta] | None = None,
    ) -> Callable[[Handler], Handler]:
        """Decorator: `@pipeline.register("receipt", label=_("PDF receipt"))`."""

        def decorator(handler: Handler) -> Handler:
            if name in self._steps and self._steps[name].handler is not handler:
                raise ValueError(f"A pipeline step named {name!r} is already registered.")
            self._steps[name] = StepDefinition(
                name=name,
                label=label,
                handler=handler,
                after=tuple(after),
                max_attempts=max_attempts,
                time_limit=time_limit,
                applies=applies or (lambda submission: True),
                retry_window=retry_window,
            )
            return handler

        return decorator

    def get(self, name: str) -> StepDefinition | None:
        return self._steps.get(name)

    def __iter__(self):
        return iter(self._steps.values())

    def label(self, name: str) -> str:
        step = self._steps.get(name)
        return str(step.label) if step else name


pipeline = PipelineRegistry()
