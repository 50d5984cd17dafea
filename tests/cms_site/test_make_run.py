"""`make run` as a citizen sees it: DEBUG off (the Persian 404 page, not Django's
technical one) unless asked for, static and media files still served, and links in
receipts and SMS at the address it serves (issue 15, item 7)."""

import shutil
import sys

from tests.commands import command_run, os_environment

from .test_settings import manage

PROBE = """
from django.conf import settings
from django.urls import resolve
print("DEBUG", settings.DEBUG)
print("MEDIA", resolve(settings.MEDIA_URL + "images/x.jpg").func.__name__)
"""


def test_make_run_serves_the_persian_404_unless_debug_is_asked_for():
    env = {"DJANGO_SETTINGS_MODULE": "cms_site.settings.dev", "DEBUG": ""}
    result = manage("shell", "-c", PROBE, **env)
    assert result.returncode == 0, result.stderr
    assert "DEBUG False\nMEDIA serve\n" in result.stdout
    asked = manage("shell", "-c", PROBE, **{**env, "DEBUG": "1"})
    assert "DEBUG True" in asked.stdout


def make_run(*args: str, **env: str) -> str:
    """What `make run` would start, with its set-up steps taken as done."""
    script = 'import os, sys; print(os.environ[\\"SITE_BASE_URL\\"], *sys.argv[1:])'
    probe = f'{sys.executable} -c "{script}"'
    skip = [
        arg
        for step in ("install", "system-deps", "messages", "migrate", "demo")
        for arg in ("-o", step)
    ]
    result = command_run(
        [shutil.which("make"), "-s", *skip, "run", f"MANAGE={probe}", *args],
        env=os_environment("SITE_BASE_URL", **env),
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_links_follow_the_address_it_serves():
    assert make_run("PORT=8123") == "http://127.0.0.1:8123 runserver --insecure 127.0.0.1:8123"
    assert make_run("HOST=0.0.0.0").startswith("http://localhost:8000 ")
    assert make_run(SITE_BASE_URL="https://desk.example.ir").startswith("https://desk.example.ir ")
