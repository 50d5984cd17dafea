"""Demo groups, their permissions, and the demo users (DESIGN.md, "Set-up").

Permissions are "app_label.codename" strings. Page permissions (granted on the
home page's subtree through Wagtail's GroupPagePermission) and collection
permissions (on the root collection, through GroupCollectionPermission) are
listed separately because Wagtail scopes them to a page or a collection.
"""

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
        "cms_site.view_audit",
        "cms_site.view_statistics",
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
        "cms_site.view_audit",
        "cms_site.view_statistics",
    ],
}

# Page permissions on the home page and everything under it: group → ["wagtailcore.codename"].
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

# The demo user recorded as the author of the demo request forms' revisions.
FORM_AUTHOR = "editor"

# Demo users; the password is settings.DEMO_PASSWORD. `departments` are Department codes.
DEMO_USERS = [
    {
        "username": "editor",
        "role": "content editor",
        "first_name": "مریم",
        "last_name": "احمدی",
        "email": "editor@example.ir",
        "groups": [EDITORS],
        "is_superuser": False,
        "departments": [],
    },
    {
        "username": "staff",
        "role": "department staff (cartable)",
        "first_name": "رضا",
        "last_name": "کریمی",
        "email": "staff@example.ir",
        "groups": [STAFF],
        "is_superuser": False,
        "departments": ["SERVICE-DESK", "URBAN-PLANNING"],
    },
    {
        "username": "manager",
        "role": "manager / auditor (read only)",
        "first_name": "زهرا",
        "last_name": "حسینی",
        "email": "manager@example.ir",
        "groups": [MANAGERS],
        "is_superuser": False,
        "departments": [],
    },
    {
        "username": "admin",
        "role": "administrator (superuser)",
        "first_name": "علی",
        "last_name": "رضایی",
        "email": "admin@example.ir",
        "groups": [ADMINISTRATORS],
        "is_superuser": True,
        "departments": [],
    },
]
