"""The roles: the groups Editors, Staff, Managers and Administrators with their permissions,
so that an install has them without the demo.

A frozen copy of `cms_site/roles.py` as it stood when this migration was written (a later
change to that module comes with a migration of its own). Groups and permissions are
added, never removed: an administrator's own grants, and Wagtail's own "Editors" group
(its first migration made one, with page permissions on the tree root), are kept.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
STAFF = "Staff"
MANAGERS = "Managers"
ADMINISTRATORS = "Administrators"

ACCESS_ADMIN = "wagtailadmin.access_admin"

# Model-wide permissions: group name → ["app_label.codename", ...].
GROUP_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: [
        ACCESS_ADMIN,
        "catalog.view_department",
        "catalog.add_department",
        "catalog.change_department",
        # Request forms (snippets): build, edit and publish; never delete.
        "formbuilder.view_serviceform",
        "formbuilder.add_serviceform",
        "formbuilder.change_serviceform",
        "formbuilder.publish_serviceform",
        # SMS texts and the holiday table.
        "receipts.view_smstemplate",
        "receipts.add_smstemplate",
        "receipts.change_smstemplate",
        "catalog.view_holiday",
        "catalog.add_holiday",
        "catalog.change_holiday",
        "catalog.delete_holiday",
    ],
    STAFF: [
        ACCESS_ADMIN,
        "catalog.view_department",
        # Their departments' requests in the cartable and the staff API, and the desk.
        "submissions.view_submission",
        "submissions.change_submission",
        "submissions.add_submission",
        # The pipeline of requests and the SMS log: see what failed, retry it.
        "submissions.view_pipelinestep",
        "submissions.change_pipelinestep",
        "receipts.view_smsmessage",
        "receipts.change_smsmessage",
    ],
    # Read only: viewing, never adding, changing, deleting or publishing.
    MANAGERS: [
        ACCESS_ADMIN,
        "catalog.view_department",
        "formbuilder.view_serviceform",
        "catalog.view_holiday",
        "receipts.view_smstemplate",
        "submissions.view_pipelinestep",
        "receipts.view_smsmessage",
        "submissions.view_submission",
        "submissions.view_all_submissions",
        "routing.view_routingrule",
        "routing.view_automationendpoint",
        "khedmat_audit.view_audit",
        "khedmat_statistics.view_statistics",
    ],
    ADMINISTRATORS: [
        ACCESS_ADMIN,
        "catalog.view_department",
        "catalog.add_department",
        "catalog.change_department",
        "catalog.delete_department",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "auth.add_group",
        "auth.change_group",
        "wagtailcore.view_site",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "wagtailcore.delete_site",
        "catalog.change_agencysettings",
        "catalog.view_holiday",
        "catalog.add_holiday",
        "catalog.change_holiday",
        "catalog.delete_holiday",
        "receipts.view_smstemplate",
        "receipts.add_smstemplate",
        "receipts.change_smstemplate",
        "submissions.view_pipelinestep",
        "submissions.change_pipelinestep",
        "receipts.view_smsmessage",
        "receipts.change_smsmessage",
        "submissions.view_submission",
        "submissions.view_all_submissions",
        "submissions.change_submission",
        "routing.view_routingrule",
        "routing.add_routingrule",
        "routing.change_routingrule",
        "routing.delete_routingrule",
        "routing.view_automationendpoint",
        "routing.add_automationendpoint",
        "routing.change_automationendpoint",
        "khedmat_audit.view_audit",
        "khedmat_statistics.view_statistics",
    ],
}

# Page permissions on the page tree's root (every site; the demo narrows them to its home
# page): group → ["wagtailcore.codename"].
# Managers get none: Wagtail 8 has a `view_page` Permission row (Django's default), but its
# page permission policy ignores it (it is not in PAGE_PERMISSION_TYPES, grants no explorer
# access, and the group editor would drop it on the next save).
GROUP_PAGE_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: [
        "wagtailcore.add_page",
        "wagtailcore.change_page",
        "wagtailcore.publish_page",
    ],
}

# Collection permissions on the root collection: group → ["app_label.codename"].
GROUP_COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}

# Permissions Wagtail adds after `migrate` (a post_migrate handler gives snippets with
# drafts a "publish" permission), made here with the name Wagtail gives them.
WAGTAIL_SNIPPET_PERMISSIONS = {
    "formbuilder.publish_serviceform": ("serviceform", "Can publish request form"),
}


def permissions_create(apps, app_labels):
    """Create the permissions of these apps now; `migrate` would only at its end."""
    for app_label in sorted(app_labels):
        app_config = apps.get_app_config(app_label)
        stub = not getattr(app_config, "models_module", None)
        if stub:  # the historical registry's app configs have no models module
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if stub:
            app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name, (model, description) in WAGTAIL_SNIPPET_PERMISSIONS.items():
        app_label, codename = name.split(".", 1)
        if app_label in app_labels:
            content_type, _created = ContentType.objects.get_or_create(
                app_label=app_label, model=model
            )
            Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": description}
            )


def permissions_lookup(apps, names):
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for name in names:
        app_label, codename = name.split(".", 1)
        permissions.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return permissions


def roles_create(apps, schema_editor):
    """Idempotent: also run by the tests after a transactional test flushed the database."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    tables = (GROUP_PERMISSIONS, GROUP_PAGE_PERMISSIONS, GROUP_COLLECTION_PERMISSIONS)
    names = {name for table in tables for names in table.values() for name in names}
    permissions_create(apps, {name.split(".", 1)[0] for name in names})

    groups = {}
    for table in tables:
        for group_name in table:
            groups[group_name], _created = Group.objects.get_or_create(name=group_name)
    for group_name, permission_names in GROUP_PERMISSIONS.items():
        groups[group_name].permissions.add(*permissions_lookup(apps, permission_names))

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for group_name, permission_names in GROUP_PAGE_PERMISSIONS.items():
            for permission in permissions_lookup(apps, permission_names):
                GroupPagePermission.objects.get_or_create(
                    group=groups[group_name], page=root_page, permission=permission
                )
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for group_name, permission_names in GROUP_COLLECTION_PERMISSIONS.items():
            for permission in permissions_lookup(apps, permission_names):
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[group_name], collection=root_collection, permission=permission
                )


class Migration(migrations.Migration):
    dependencies = [
        ("cms_site", "0002_report_permissions_to_their_apps"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("formbuilder", "0002_condition_blocks"),
        ("catalog", "0004_historicalagencysettings"),
        ("submissions", "0006_submission_closed_at"),
        ("routing", "0001_initial"),
        ("receipts", "0004_statistics_indexes"),
        ("khedmat_audit", "0001_initial"),
        ("khedmat_statistics", "0001_initial"),
    ]

    operations = [migrations.RunPython(roles_create, migrations.RunPython.noop)]
