"""One registry pattern for the project's plugins: field types, pipeline steps, connectors
and SMS backends each keep their plugins in a `Registry`.

A name is registered once: a second plugin under a taken name raises `DuplicateName`
(at import, so the mistake stops the start). Asking for a name nobody registered raises
`UnknownName`, whichever registry is asked. A plugin that reads settings or rows says
what is wrong with them through `check_problems()` (a list of texts), which the owning
app turns into a Django system check (`manage.py check`), so a misconfiguration is
reported at start-up rather than on the first request that needs the plugin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from django.core.checks import Error

T = TypeVar("T")


class RegistryError(Exception):
    """A plugin registry was asked something it cannot answer."""


class DuplicateName(RegistryError, ValueError):
    """A second plugin under a name already taken."""


class UnknownName(RegistryError, LookupError):
    """No plugin under that name."""


class Registry(Generic[T]):
    """Plugins by name, in the order they were registered.

    `kind` names the plugins in error texts ("field type", "SMS backend").
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def add(self, name: str, item: T) -> T:
        if not name:
            raise ValueError(f"A {self.kind} needs a name.")
        if name in self._items:
            raise DuplicateName(f"A {self.kind} named {name!r} is already registered.")
        self._items[name] = item
        return item

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            raise UnknownName(
                f"Unknown {self.kind} {name!r}; choose one of {', '.join(self.names()) or '-'}."
            ) from None

    def names(self) -> list[str]:
        return list(self._items)

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items.values()))

    def __len__(self) -> int:
        return len(self._items)


def check_errors(problems: list[str], *, obj: object, check_id: str, hint: str = "") -> list[Error]:
    """Django system-check errors for a plugin's problems (texts in English, for operators)."""
    return [Error(problem, hint=hint or None, obj=obj, id=check_id) for problem in problems]


def registry_check(
    registry: Registry, *, check_id: str, problems: Callable[[str, object], list[str]]
) -> list[Error]:
    """The errors of every plugin in `registry`, `problems(name, plugin)` for each."""
    errors: list[Error] = []
    for name, item in registry.items():
        errors += check_errors(
            problems(name, item), obj=f"{registry.kind} {name!r}", check_id=check_id
        )
    return errors
