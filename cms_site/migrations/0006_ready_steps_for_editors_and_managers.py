"""The library of ready steps (formbuilder.ReadyStep, issue 12 item 5): editors keep it
(add, change, delete, view), managers read it. Added, never removed, like 0003_roles."""

from importlib import import_module

from django.db import migrations

_roles = import_module("cms_site.migrations.0003_roles")
EDITORS = "ویراستاران"  # the names 0005 gave the roles
MANAGERS = "مدیران"
GRANTS = {
    EDITORS: [f"formbuilder.{action}_readystep" for action in ("view", "add", "change", "delete")],
    MANAGERS: ["formbuilder.view_readystep"],
}


def ready_steps_granted(apps, schema_editor):
    _roles.permissions_create(apps, {"formbuilder"})
    Group = apps.get_model("auth", "Group")
    for name, permissions in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_roles.permissions_lookup(apps, permissions))


class Migration(migrations.Migration):
    dependencies = [
        ("cms_site", "0005_roles_in_persian"),
        ("formbuilder", "0007_seed_ready_steps"),
    ]

    operations = [migrations.RunPython(ready_steps_granted, migrations.RunPython.noop)]
