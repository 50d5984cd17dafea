"""Uploaded files: their type judged by content, a name safe to show, where the files of
unfinished applications are kept, and how a private file is handed to the person a view
has let see it (from any storage backend: a local folder or S3)."""

import re
import secrets
import unicodedata

import magic
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.functional import LazyObject, empty

from .persian.text import normalize_letters

SNIFF_BYTES = 2048
_UNSAFE_IN_NAMES = re.compile(r'[<>:"|?*]')
MAX_FILE_NAME = 150
# The entry of settings.STORAGES that keeps the wizard's files between steps.
WIZARD_UPLOADS_STORAGE = "wizard_uploads"
WIZARD_UPLOAD_NAME_BYTES = 16  # 128 bits: never guessed, never the citizen's own name


def file_sniff_mime(uploaded) -> str:
    """The MIME type of an uploaded file judged by its content (libmagic reading the
    first 2048 bytes), never by its name. The file is left at position 0."""
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    try:
        return magic.from_buffer(head, mime=True)
    except magic.MagicException:
        return "application/octet-stream"


def file_name_sanitise(name: str) -> str:
    """A file name safe to store and show: the base name only, no control characters
    or direction overrides (which can disguise «scan‮fdp.exe»), no characters file
    systems refuse, at most 150 characters with the extension kept."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        char
        for char in normalize_letters(name)
        if unicodedata.category(char) not in ("Cc", "Cf") or char in "\u200c\u200d"
    )
    name = " ".join(_UNSAFE_IN_NAMES.sub("_", name).split()).strip(" .")
    if len(name) > MAX_FILE_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = f"{stem[: MAX_FILE_NAME - len(extension) - 1]}.{extension}"
        else:
            name = name[:MAX_FILE_NAME]
    return name or "file"


def wizard_uploads_storage() -> Storage:
    """Where the wizard keeps uploads between steps: settings.STORAGES["wizard_uploads"],
    a private folder (PRIVATE_MEDIA_ROOT/wizard-uploads), or the S3 bucket's private
    `wizard-uploads/` prefix. Looked up on each use, so a changed setting takes effect."""
    return storages[WIZARD_UPLOADS_STORAGE]


def wizard_upload_name() -> str:
    """A new random name to store an upload under; the citizen's name is kept apart, as
    metadata (`file_name_sanitise`), and never reaches the storage."""
    return secrets.token_hex(WIZARD_UPLOAD_NAME_BYTES)


class StorageAlias(LazyObject):
    """settings.STORAGES[alias] for a FileField, which keeps its storage for the life of the
    process: looked up on first use, and again after the setting changes (tests)."""

    def __init__(self, alias: str):
        self.__dict__["_alias"] = alias
        super().__init__()

    def _setup(self):
        self._wrapped = storages[self.__dict__["_alias"]]


_ALIASES: dict[str, StorageAlias] = {}


def storage_alias(alias: str) -> StorageAlias:
    """The one lazy stand-in for settings.STORAGES[alias]."""
    if alias not in _ALIASES:
        _ALIASES[alias] = StorageAlias(alias)
    return _ALIASES[alias]


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        for lazy in _ALIASES.values():
            lazy._wrapped = empty


def stored_file_response(
    field_file, *, filename: str, content_type: str, as_attachment: bool = True
) -> FileResponse:
    """A private file streamed from its storage (never a filesystem path, never a public
    link), for a view that has checked who asks. FileNotFoundError when the file is gone."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=as_attachment,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
