"""Appointments (issue 17): editors and administrators keep the opening hours and their
exceptions, managers read them and the bookings, staff and administrators work the desk
(bookings of their units). Added, never removed, like 0003_roles."""

from importlib import import_module

from django.db import migrations

_roles = import_module("cms_site.migrations.0003_roles")
EDITORS = "ویراستاران"  # the names 0005 gave the roles
STAFF = "کارکنان"
MANAGERS = "مدیران"
ADMINISTRATORS = "مدیران سامانه"
_CONFIGURATION = [
    f"appointments.{action}_{model}"
    for model in ("openingschedule", "scheduleexception")
    for action in ("view", "add", "change", "delete")
]
_DESK = ["appointments.view_booking", "appointments.change_booking"]
GRANTS = {
    EDITORS: _CONFIGURATION,
    STAFF: _DESK,
    MANAGERS: [
        "appointments.view_openingschedule",
        "appointments.view_scheduleexception",
        "appointments.view_booking",
    ],
    ADMINISTRATORS: _CONFIGURATION + _DESK,
}


def appointments_granted(apps, schema_editor):
    _roles.permissions_create(apps, {"appointments"})
    Group = apps.get_model("auth", "Group")
    for name, permissions in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_roles.permissions_lookup(apps, permissions))


class Migration(migrations.Migration):
    dependencies = [
        ("cms_site", "0006_ready_steps_for_editors_and_managers"),
        ("appointments", "0001_initial"),
    ]

    operations = [migrations.RunPython(appointments_granted, migrations.RunPython.noop)]
