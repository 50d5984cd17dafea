from ..registry import Registry
from .base import FieldType


class FieldTypeRegistry(Registry[FieldType]):
    """Every field type an editor can use, by its schema `type`."""

    def __init__(self) -> None:
        super().__init__("field type")

    def register(self, field_type_class: type[FieldType]) -> type[FieldType]:
        """Class decorator: `@registry.register` on a FieldType subclass."""
        instance = field_type_class()
        if not instance.type:
            raise ValueError(f"{field_type_class.__name__} has no `type`.")
        self.add(instance.type, instance)
        return field_type_class


registry = FieldTypeRegistry()
