"""The roles' groups, and what Wagtail's first migrations named in English (its
"Moderators" group and their approval workflow, the root page and collection), get
Persian names: the admin shows these names as they are stored (issue 15).

Renamed only where the English name is still there, so an administrator's own names are
kept; `names_persian` is also run by the tests after a transactional test flushed the
database (`tests.factories.roles_ensure`).
"""

from django.db import migrations

GROUP_NAMES = {
    "Editors": "ویراستاران",
    "Staff": "کارکنان",
    "Managers": "مدیران",
    "Administrators": "مدیران سامانه",
    "Moderators": "ناظران",
}
WORKFLOW_NAMES = {"Moderators approval": "تأیید ناظران"}
ROOT_NAMES = {"Root": "ریشه"}


def _rename(model, field, names):
    for old, new in names.items():
        if not model.objects.filter(**{field: new}).exists():
            model.objects.filter(**{field: old}).update(**{field: new})


def names_persian(apps, schema_editor, reverse=False):
    def direction(names):
        return {new: old for old, new in names.items()} if reverse else names

    _rename(apps.get_model("auth", "Group"), "name", direction(GROUP_NAMES))
    _rename(apps.get_model("wagtailcore", "Workflow"), "name", direction(WORKFLOW_NAMES))
    _rename(apps.get_model("wagtailcore", "Task"), "name", direction(WORKFLOW_NAMES))
    Page = apps.get_model("wagtailcore", "Page")
    for old, new in direction(ROOT_NAMES).items():
        Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)
    _rename(apps.get_model("wagtailcore", "Collection"), "name", direction(ROOT_NAMES))


def names_english(apps, schema_editor):
    names_persian(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("cms_site", "0004_editors_delete_unused_forms")]

    operations = [migrations.RunPython(names_persian, names_english)]
