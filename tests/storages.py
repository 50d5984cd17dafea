"""Storages moved into a test's own folders, so files a test saves or deletes are its own."""

from pathlib import Path


def storages_in_folder(settings, folder: Path, *aliases: str) -> None:
    """Point each storage named in `aliases` at a folder of its own under `folder` (the
    alias with hyphens: `wizard_uploads` saves into `folder / "wizard-uploads"`)."""
    settings.STORAGES = {
        **settings.STORAGES,
        **{
            alias: {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": folder / alias.replace("_", "-")},
            }
            for alias in aliases
        },
    }
