"""System checks of the form builder (`manage.py check`, and every start)."""

from django.core.checks import Error, register

from formbuilder.registry import registry_check


def field_type_problems(name: str, field_type) -> list[str]:
    """A field type an editor could not pick, or whose schema name would not be stable."""
    problems = []
    if not str(field_type.label):
        problems.append(f"Field type {name!r} has no label for the block menu.")
    if not name.replace("_", "").isalnum() or name != name.lower():
        problems.append(f"Field type {name!r}: a schema type is lower-case letters and '_'.")
    return problems


@register()
def field_types_check(app_configs, **kwargs) -> list[Error]:
    from .fields import registry

    return registry_check(registry, check_id="formbuilder.E001", problems=field_type_problems)
