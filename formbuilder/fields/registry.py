from .base import FieldType


class FieldTypeRegistry:
    """Every field type an editor can use, by its schema `type`."""

    def __init__(self):
        self._types: dict[str, FieldType] = {}

    def register(self, field_type_class: type[FieldType]) -> type[FieldType]:
        """Class decorator: `@registry.register` on a FieldType subclass."""
        instance = field_type_class()
        if not instance.type:
            raise ValueError(f"{field_type_class.__name__} has no `type`.")
        if instance.type in self._types:
            raise ValueError(f"Field type {instance.type!r} is registered twice.")
        self._types[instance.type] = instance
        return field_type_class

    def get(self, type_name: str) -> FieldType:
        try:
            return self._types[type_name]
        except KeyError:
            raise LookupError(f"Unknown field type {type_name!r}.") from None

    def __contains__(self, type_name: str) -> bool:
        return type_name in self._types

    def __iter__(self):
        return iter(self._types.values())


registry = FieldTypeRegistry()
