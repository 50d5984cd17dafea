"""What a connector (the way a routed request reaches the people who handle it) must do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from formbuilder.registry import Registry


class DeliveryError(Exception):
    """The request did not reach the system."""


class DeliveryTemporaryError(DeliveryError):
    """Worth trying again later: the system is down, slow, or answered 5xx."""


class DeliveryPermanentError(DeliveryError):
    """Trying again will not help (a 4xx answer): staff must look at it."""


@dataclass(frozen=True)
class Delivered:
    """What the system answered: the letter number it registered the request under."""

    letter_number: str = ""


class Connector:
    """Base class. Subclasses set `label` (and `needs_endpoint`) and implement `deliver`.

    `deliver` must be idempotent: it can run again after a worker died mid-call (the
    webhook sends an Idempotency-Key for that).
    """

    name: str = ""
    label: str = ""
    needs_endpoint: bool = False

    def deliver(self, *, submission, decision) -> Delivered:
        raise NotImplementedError

    def rule_problems(self, rule) -> list[str]:
        """What is wrong with an active routing rule that delivers through this connector
        (empty: nothing); `routing.checks` reports them at start-up."""
        if self.needs_endpoint and rule.endpoint is None:
            return [
                f"Routing rule {rule.name!r} delivers through {self.name!r} but names no endpoint."
            ]
        return []


class ConnectorRegistry(Registry[Connector]):
    def __init__(self) -> None:
        super().__init__("connector")

    def register(self, name: str) -> Callable[[type[Connector]], type[Connector]]:
        def decorator(cls: type[Connector]) -> type[Connector]:
            cls.name = name
            self.add(name, cls())
            return cls

        return decorator

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(name, connector.label) for name, connector in self.items()]


connectors = ConnectorRegistry()
