"""The registry of pipeline steps: what each step does and how patiently it is retried.

Later apps add their steps (the receipt PDF, the "received" SMS, routing, delivery) from
their `AppConfig.ready()`; this app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from formbuilder.registry import Registry

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


class PipelineRegistry(Registry[StepDefinition]):
    """Steps by name, in the order they were registered."""

    def __init__(self) -> None:
        super().__init__("pipeline step")

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
            self.add(
                name,
                StepDefinition(
                    name=name,
                    label=label,
                    handler=handler,
                    after=tuple(after),
                    max_attempts=max_attempts,
                    time_limit=time_limit,
                    applies=applies or (lambda submission: True),
                    retry_window=retry_window,
                ),
            )
            return handler

        return decorator

    def find(self, name: str | None) -> StepDefinition | None:
        """The step named so, or None for a row whose step is no longer registered (a
        plugin removed since): the runner skips it rather than fail the worker."""
        return self.get(name) if name in self else None

    def label(self, name: str) -> str:
        step = self.find(name)
        return str(step.label) if step else name


def step_problems(name: str, step: StepDefinition) -> list[str]:
    """What is wrong with a registered step: a prerequisite nobody registered, limits
    that could never let it run."""
    problems = [
        f"Pipeline step {name!r} comes after {before!r}, which no app registers."
        for before in step.after
        if before not in pipeline
    ]
    if step.max_attempts < 1:
        problems.append(f"Pipeline step {name!r} has max_attempts {step.max_attempts}.")
    if step.time_limit < 1:
        problems.append(f"Pipeline step {name!r} has time_limit {step.time_limit}.")
    return problems


pipeline = PipelineRegistry()
