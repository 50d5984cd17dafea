"""Editors may delete request forms (issue 12, item 7): the hook `before_delete_snippet`
refuses a form a live service or a request uses, so only unused forms and drafts go.

Added, never removed, like 0003_roles (whose helpers this reuses).
"""

from importlib import import_module

from django.db import migrations

_roles = import_module("cms_site.migrations.0003_roles")


def editors_may_delete_forms(apps, schema_editor):
    _roles.permissions_create(apps, {"formbuilder"})
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=_roles.EDITORS)
    group.permissions.add(*_roles.permissions_lookup(apps, ["formbuilder.delete_serviceform"]))


class Migration(migrations.Migration):
    dependencies = [("cms_site", "0003_roles"), ("formbuilder", "0004_serviceform_archived_and_english_texts")]

    operations = [migrations.RunPython(editors_may_delete_forms, migrations.RunPython.noop)]
