"""Where the files are kept: local folders by default, S3-compatible object storage
(django-storages: ArvanCloud, MinIO, AWS...) when `AWS_STORAGE_BUCKET_NAME` is set.

Every file the product keeps goes through an entry of `STORAGES`; the private ones (citizens'
uploads, receipts, the wizard's files between steps) are listed in `PRIVATE_STORAGE_ALIASES`,
and a new private entry is one more name there. On S3 they are stored with a private ACL and
reached only through the app's views, which check who asks (README, "Files").
"""

import os
from pathlib import Path

from .env import env_bool

S3_BACKEND = "storages.backends.s3.S3Storage"
# Private entries of STORAGES. A new one (its local folder in STORAGES) is one more name here.
PRIVATE_STORAGE_ALIASES = ("private", "wizard_uploads", "drafts")
# The published image library and documents (Wagtail): `default`.
PUBLIC_STORAGE_ALIAS = "default"
# The key prefix of each entry in the bucket, unless AWS_LOCATION_<ALIAS> says otherwise.
S3_LOCATIONS = {"default": "media"}
# How long a signed link to a private file lives (seconds); the app's views stream the files
# themselves, so a link is only what an operator or a future feature asks storage.url() for.
PRIVATE_LINK_SECONDS = 300
# Signed links to the published media (images in pages) live longer: pages are rendered
# with them.
MEDIA_LINK_SECONDS = 24 * 60 * 60
S3_CONNECT_TIMEOUT_SECONDS = 5
S3_READ_TIMEOUT_SECONDS = 30


def local_storages(private_root: str | Path) -> dict:
    """STORAGES in local folders, the private entries under `private_root`."""
    return {
        # The image library and documents editors publish.
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        # Files of sent requests and the PDF receipts (submissions/models.py): served only by
        # views that check access.
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": private_root},
        },
        # Files of applications not sent yet (formbuilder/wizard.py), under random names:
        # private like the submitted ones. Another backend may replace it; never a public one.
        "wizard_uploads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": Path(private_root) / "wizard-uploads"},
        },
        # Files of saved drafts ("save and continue later", submissions/drafts.py), under
        # random names, kept until the draft is sent or expires. Private, like the two above.
        "drafts": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": Path(private_root) / "drafts"},
        },
    }


def s3_location(alias: str) -> str:
    """The key prefix of a STORAGES entry in the bucket: AWS_LOCATION_<ALIAS> or its default
    (the alias with dashes: "wizard_uploads" -> "wizard-uploads")."""
    default = S3_LOCATIONS.get(alias, alias.replace("_", "-"))
    return os.environ.get(f"AWS_LOCATION_{alias.upper()}", default).strip("/")


def _client_config():
    """botocore's settings: SigV4 (what ArvanCloud and MinIO take), the addressing style
    (AWS_S3_ADDRESSING_STYLE: "path" for most MinIO set-ups), and short timeouts so that a
    storage that is down fails a request or the health check quickly instead of hanging it."""
    from botocore.config import Config

    return Config(
        s3={"addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None},
        signature_version="s3v4",
        connect_timeout=S3_CONNECT_TIMEOUT_SECONDS,
        read_timeout=S3_READ_TIMEOUT_SECONDS,
        retries={"max_attempts": 3, "mode": "standard"},
    )


def s3_options(*, location: str, max_memory_size: int) -> dict:
    """django-storages' S3Storage options shared by every entry, from the environment."""
    return {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "client_config": _client_config(),
        "location": location,
        # Private objects, reached by signed requests only.
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(
            os.environ.get("AWS_QUERYSTRING_EXPIRE", str(PRIVATE_LINK_SECONDS))
        ),
        # Names are random or unique already; never overwrite a file of the same name.
        "file_overwrite": False,
        # A file read from the bucket is held in memory up to this size, then on disk.
        "max_memory_size": max_memory_size,
    }


def storages_configure(storages: dict, *, max_memory_size: int) -> dict:
    """`storages` unchanged without AWS_STORAGE_BUCKET_NAME; with it, the published media
    and every private entry in the bucket, each under its own prefix. Static files stay
    where they are (WhiteNoise serves them from each machine's copy of the code)."""
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        return storages
    configured = dict(storages)
    for alias in PRIVATE_STORAGE_ALIASES:
        configured[alias] = {
            "BACKEND": S3_BACKEND,
            "OPTIONS": s3_options(location=s3_location(alias), max_memory_size=max_memory_size),
        }
    media = s3_options(location=s3_location(PUBLIC_STORAGE_ALIAS), max_memory_size=max_memory_size)
    media["querystring_expire"] = int(
        os.environ.get("AWS_MEDIA_QUERYSTRING_EXPIRE", str(MEDIA_LINK_SECONDS))
    )
    if env_bool("AWS_MEDIA_PUBLIC"):
        # Only what editors publish (the image library, documents), and only on request.
        media.update(default_acl="public-read", querystring_auth=False)
    configured[PUBLIC_STORAGE_ALIAS] = {"BACKEND": S3_BACKEND, "OPTIONS": media}
    return configured
