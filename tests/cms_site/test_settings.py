import subprocess

import pytest

from tests.commands import manage_py, os_environment

STRONG_KEY = "k" * 20 + "-production-secret-" + "9" * 20
# Variables of the shell running the tests that the settings read: each test sets its own.
UNSET = (
    "SECRET_KEY",
    "REDIS_URL",
    "ALLOW_LOCAL_CACHE",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests only
)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`manage.py <args>` with `env` on an environment cleared of the settings' inputs."""
    return manage_py(*args, env=os_environment(*UNSET, **env))


@pytest.mark.parametrize(
    "secret", [None, "khedmat-insecure-development-key-do-not-use-in-production", "short"]
)
def test_production_refuses_a_default_or_weak_secret_key(secret):
    env = {
        "DJANGO_SETTINGS_MODULE": "cms_site.settings.production",
        "ALLOWED_HOSTS": "desk.example.ir",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms_site.settings.production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="desk.example.ir",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "cms_site.settings.production",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "desk.example.ir",
}


def test_production_refuses_to_start_without_a_shared_cache():
    result = manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set REDIS_URL" in result.stderr and "ALLOW_LOCAL_CACHE=1" in result.stderr


def test_production_counts_in_redis_or_locally_only_when_told():
    show = [
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])",
    ]
    shared = manage(*show, REDIS_URL="redis://127.0.0.1:6379/0", **PRODUCTION)
    assert shared.stdout.strip() == "django_redis.cache.RedisCache", shared.stderr
    local = manage(*show, ALLOW_LOCAL_CACHE="1", **PRODUCTION)
    assert local.stdout.strip().endswith("LocMemCache"), local.stderr


def test_database_url_selects_postgresql():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        DJANGO_SETTINGS_MODULE="cms_site.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )
    assert result.stdout.strip() == "postgresql", result.stderr


def test_embedded_defaults():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; from django.db import connection; "
        "print(connection.vendor, s.CELERY_TASK_ALWAYS_EAGER, s.SMS_BACKEND, s.LANGUAGE_CODE, "
        "s.TIME_ZONE)",
        DJANGO_SETTINGS_MODULE="cms_site.settings.dev",
    )
    assert result.stdout.split() == ["sqlite", "True", "outbox", "fa", "Asia/Tehran"], result.stderr


@pytest.mark.django_db
def test_no_missing_migrations():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
