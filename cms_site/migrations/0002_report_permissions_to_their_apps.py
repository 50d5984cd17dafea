"""The audit trail's and the statistics' permissions move from `cms_site` to their own
apps (`khedmat_audit.view_audit`, `khedmat_statistics.view_statistics`), with every
group and user that held them; the old codenames and their content type go away."""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

MOVES = [
    (("cms_site", "view_audit"), ("khedmat_audit", "view_audit")),
    (("cms_site", "view_statistics"), ("khedmat_statistics", "view_statistics")),
]


def permissions_create(apps, app_label):
    """Create the permissions of one app now, not at the end of `migrate`."""
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # what create_permissions checks; stubs have none
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grants_move(apps, moves):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for (old_app, old_codename), (new_app, new_codename) in moves:
        old = Permission.objects.filter(
            content_type__app_label=old_app, codename=old_codename
        ).first()
        if old is None:  # a fresh database: nobody was ever granted it
            continue
        new = Permission.objects.get(content_type__app_label=new_app, codename=new_codename)
        for group in Group.objects.filter(permissions=old):
            group.permissions.add(new)
        for user in User.objects.filter(user_permissions=old):
            user.user_permissions.add(new)
        old.delete()


def forwards(apps, schema_editor):
    for app_label in ("khedmat_audit", "khedmat_statistics"):
        permissions_create(apps, app_label)
    grants_move(apps, MOVES)
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="cms_site", model="managerreports").delete()


def backwards(apps, schema_editor):
    permissions_create(apps, "cms_site")
    grants_move(apps, [(new, old) for old, new in MOVES])


class Migration(migrations.Migration):
    dependencies = [
        ("cms_site", "0001_initial"),
        ("khedmat_audit", "0001_initial"),
        ("khedmat_statistics", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="ManagerReports"),
    ]
