"""Connectors, one module each: `internal` (the cartable) and `webhook` (an external
office-automation system over signed HTTP)."""

from . import internal, webhook  # noqa: F401  (each registers itself)
from .base import (
    Connector,
    Delivered,
    DeliveryError,
    DeliveryPermanentError,
    DeliveryTemporaryError,
    connectors,
)

__all__ = [
    "Connector",
    "Delivered",
    "DeliveryError",
    "DeliveryPermanentError",
    "DeliveryTemporaryError",
    "connectors",
]
