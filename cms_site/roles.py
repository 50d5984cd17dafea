"""The roles (DESIGN.md, "Users"): the groups Editors, Staff, Managers and Administrators
and what each may do. One table, read by people and by the tests.

A data migration creates the groups with these permissions (`cms_site/migrations/
0003_roles.py` holds a frozen copy: a migration must not change when this module does).
To change a role, change this table and add a migration that applies the difference;
`tests/cms_site/test_roles.py` checks that the migrated groups hold the table.

Permissions are "app_label.codename" strings. Page permissions (Wagtail's
GroupPagePermission) and collection permissions (GroupCollectionPermission, on the root
collection) are listed apart because Wagtail scopes them to a page or a collection.
"""

# The groups' names as the admin shows them; `cms_site/migrations/0005_roles_in_persian.py`
# gave the groups 0003 made in English these names.
EDITORS = "ویراستاران"
STAFF = "کارکنان"
MANAGERS = "مدیران"
ADMINISTRATORS = "مدیران سامانه"
ROLES = (EDITORS, STAFF, MANAGERS, ADMINISTRATORS)

ACCESS_ADMIN = "wagtailadmin.access_admin"

# Appointments: opening hours, capacity and their exceptions; editors and administrators
# keep them.
SCHEDULE_PERMISSIONS = [
    "appointments.view_openingschedule",
    "appointments.add_openingschedule",
    "appointments.change_openingschedule",
    "appointments.delete_openingschedule",
    "appointments.view_scheduleexception",
    "appointments.add_scheduleexception",
    "appointments.change_scheduleexception",
    "appointments.delete_scheduleexception",
]

# Model-wide permissions: group name → ["app_label.codename", ...].
GROUP_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: [
        ACCESS_ADMIN,
        "catalog.view_department",
        "catalog.add_department",
        "catalog.change_department",
        # Request forms (snippets): build, edit and publish; delete one nobody uses (a
        # form used by a live service or by requests is refused: archive it instead).
        "formbuilder.view_serviceform",
        "formbuilder.add_serviceform",
        "formbuilder.change_serviceform",
        "formbuilder.publish_serviceform",
        "formbuilder.delete_serviceform",
        # The library of ready steps editors insert into forms.
        "formbuilder.view_readystep",
        "formbuilder.add_readystep",
        "formbuilder.change_readystep",
        "formbuilder.delete_readystep",
        # SMS texts and the holiday table.
        "receipts.view_smstemplate",
        "receipts.add_smstemplate",
        "receipts.change_smstemplate",
        "catalog.view_holiday",
        "catalog.add_holiday",
        "catalog.change_holiday",
        "catalog.delete_holiday",
        *SCHEDULE_PERMISSIONS,
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
        # The desk's visits and queue, of their departments.
        "appointments.view_booking",
        "appointments.change_booking",
    ],
    # Read only: viewing, never adding, changing, deleting or publishing.
    MANAGERS: [
        ACCESS_ADMIN,
        "catalog.view_department",
        "formbuilder.view_serviceform",
        "formbuilder.view_readystep",
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
        "appointments.view_openingschedule",
        "appointments.view_scheduleexception",
        "appointments.view_booking",
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
        *SCHEDULE_PERMISSIONS,
        "appointments.view_booking",
        "appointments.change_booking",
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
