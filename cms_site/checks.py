"""System checks of the project's settings (`manage.py check`, and every start)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.files.storage import FileSystemStorage, storages

PUBLIC_ACLS = {"public-read", "public-read-write", "authenticated-read"}


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _published_folder_errors(private: dict) -> list[Error]:
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


def _public_bucket_error(alias: str, storage) -> Error | None:
    """A private entry on object storage whose objects or links anyone could read."""
    acl = getattr(storage, "default_acl", None)
    public = (
        acl in PUBLIC_ACLS
        or not getattr(storage, "querystring_auth", True)
        or (getattr(storage, "custom_domain", None) and not storage.cloudfront_signer)
    )
    if not public:
        return None
    return Error(
        f'STORAGES["{alias}"] keeps citizens\' files with public access (ACL {acl!r}, '
        f"signed links {'on' if storage.querystring_auth else 'off'}).",
        hint="Private entries need default_acl 'private' and querystring_auth on, without a "
        "custom domain (README, “Files”).",
        id="cms_site.E002",
    )


@register(Tags.security)
def private_files_check(app_configs, **kwargs) -> list[Error]:
    """Citizens' files (every entry of settings.PRIVATE_STORAGE_ALIASES) are never public:
    a local folder not inside one a web server publishes (MEDIA_ROOT, STATIC_ROOT), an
    object store with private objects and signed links only."""
    private = {"PRIVATE_MEDIA_ROOT": settings.PRIVATE_MEDIA_ROOT}
    errors = []
    for alias in settings.PRIVATE_STORAGE_ALIASES:
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):  # a local folder
            private[f'STORAGES["{alias}"]'] = storage.location
        elif hasattr(storage, "querystring_auth"):  # django-storages' object stores
            error = _public_bucket_error(alias, storage)
            if error is not None:
                errors.append(error)
    return _published_folder_errors(private) + errors
