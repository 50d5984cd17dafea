"""What a connector (the way a routed request reaches the people who handle it) must do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


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


class ConnectorRegistry:
    def __init__(self) -> None:
        self._connectors: dict[str, Connector] = {}

    def register(self, name: str) -> Callable[[type[Connector]], type[Connector]]:
        def decorator(cls: type[Connector]) -> type[Connector]:
            cls.name = name
            self._connectors[name] = cls()
            return cls

        return decorator

    def get(self, name: str) -> Connector | None:
        return self._connectors.get(name)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(name, connector.label) for name, connector in self._connectors.items()]


connectors = ConnectorRegistry()
