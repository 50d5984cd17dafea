"""Running `manage.py seed_demo` in a test."""

from io import StringIO

from django.core.management import call_command


def seed() -> str:
    """Seed the demo; what the command printed."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()
