"""Field types: one registry, one module per family of types.

Importing this package registers every built-in type; `registry` is the way in.
"""

from . import choices, dates, files, iranian, numbers, text  # noqa: F401  (registration)
from .base import FieldType
from .registry import registry

__all__ = ["FieldType", "registry"]
