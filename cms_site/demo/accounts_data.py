"""The demo users (DESIGN.md, "Set-up"), in the groups of `cms_site.roles` that a data
migration creates."""

from cms_site.roles import ADMINISTRATORS, EDITORS, MANAGERS, STAFF

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
