"""`python manage.py seed_demo`: load the demo catalog, request forms, departments, groups
and users."""

import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from catalog.site_url import site_base_url
from cms_site.demo.seed import SeedError, seed_demo

# Loggers that report every page saved, form published and search-index task; too
# chatty for a seed.
CHATTY_LOGGERS = (
    "django_tasks",
    "wagtail",
    "formbuilder",
    "celery",
    "routing",
    "submissions",
    "receipts",
)


@contextmanager
def quiet_loggers(names, level=logging.WARNING):
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old_level in zip(loggers, previous, strict=True):
            logger.setLevel(old_level)


class Command(BaseCommand):
    help = (
        "Load the demo service catalog with its request forms, departments, groups and "
        "demo users. "
        "Idempotent: only what is missing is created. For demos only, never production."
    )

    def handle(self, *args, **options):
        try:
            if options["verbosity"] > 1:
                report = seed_demo()
            else:
                with quiet_loggers(CHATTY_LOGGERS):
                    report = seed_demo()
        except SeedError as error:
            raise CommandError(str(error)) from error

        created = ", ".join(f"{count} {kind}" for kind, count in report.created.items())
        self.stdout.write(f"Demo data is in place (created by this run: {created}).")
        self.stdout.write(self.style.SUCCESS(f"Demo logins at {site_base_url()}/admin/"))
        for login in report.logins:
            self.stdout.write(
                self.style.SUCCESS(
                    f"  {login['username']:<8} {login['role']:<30} password: {login['password']}"
                )
            )
        self.stdout.write(
            self.style.WARNING(
                "These demo accounts and their password are for the demo only; "
                "never use them in production."
            )
        )
