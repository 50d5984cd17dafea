"""System checks of the project's settings (`manage.py check`, and every start)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.files.storage import FileSystemStorage, storages

from formbuilder.uploads import WIZARD_UPLOADS_STORAGE
from submissions.constants import DRAFTS_STORAGE


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


@register(Tags.security)
def private_files_check(app_configs, **kwargs) -> list[Error]:
    """Citizens' files (PRIVATE_MEDIA_ROOT, the wizard's uploads, saved drafts) never lie
    inside a folder a web server publishes (MEDIA_ROOT, STATIC_ROOT)."""
    private = {"PRIVATE_MEDIA_ROOT": settings.PRIVATE_MEDIA_ROOT}
    for alias in (WIZARD_UPLOADS_STORAGE, DRAFTS_STORAGE):
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):  # a local folder, not an object store
            private[f'STORAGES["{alias}"]'] = storage.location
    published = {"MEDIA_ROOT": settings.MEDIA_ROOT, "STATIC_ROOT": settings.STATIC_ROOT}
    errors = []
    for private_name, private_path in private.items():
        for public_name, public_path in published.items():
            if public_path and _inside(Path(private_path).resolve(), Path(public_path).resolve()):
                errors.append(
                    Error(
                        f"{private_name} ({private_path}) is inside {public_name} "
                        f"({public_path}), which is published: citizens' files would be "
                        "public.",
                        hint=f"Move {private_name} out of {public_name} (README, “Files”).",
                        id="cms_site.E001",
                    )
                )
    return errors
