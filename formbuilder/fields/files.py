"""Files: `file`, one upload or several.

A file's type is judged by its content (libmagic), never by its name: a program
renamed «scan.pdf» is refused. The form field's cleaned value is the UploadedFile (a
list of them when several are allowed); the submission code stores the bytes, and
the answer records each file's name, size and sniffed type.
"""

from __future__ import annotations

from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import FILE_INPUT_CONTRADICTION
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..admin_numbers import FloatBlock, IntegerBlock
from ..uploads import file_name_sanitise, file_sniff_mime
from ..widgets import FileUploadInput, MultipleFileUploadInput
from .base import FieldType
from .options import json_number, option_int, option_number
from .registry import registry
from .text import (
    count_error,
    field_kwargs,
    field_name,
    local_digits,
    local_list,
    local_number,
    spec_rules,
)


class FileKind(NamedTuple):
    label: str
    mime_types: tuple[str, ...]
    extensions: tuple[str, ...]


# The file types an editor may accept, by the short name the schema uses.
FILE_KINDS: dict[str, FileKind] = {
    "pdf": FileKind("PDF", ("application/pdf",), (".pdf",)),
    "jpeg": FileKind("JPEG", ("image/jpeg",), (".jpg", ".jpeg")),
    "png": FileKind("PNG", ("image/png",), (".png",)),
    "webp": FileKind("WebP", ("image/webp",), (".webp",)),
    "heic": FileKind("HEIC", ("image/heic", "image/heif"), (".heic", ".heif")),
    "tiff": FileKind("TIFF", ("image/tiff",), (".tif", ".tiff")),
    "docx": FileKind(
        "Word (DOCX)",
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
        (".docx",),
    ),
    "xlsx": FileKind(
        "Excel (XLSX)",
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
        (".xlsx",),
    ),
    "odt": FileKind("ODT", ("application/vnd.oasis.opendocument.text",), (".odt",)),
    "zip": FileKind("ZIP", ("application/zip",), (".zip",)),
}
DEFAULT_KINDS = ("pdf", "jpeg", "png")


def file_kind_label(content_type: str) -> str:
    """What a person calls a file of this MIME type («PDF», «Word (DOCX)»), not the MIME
    type itself; an unknown type by its subtype («GIF»)."""
    for kind in FILE_KINDS.values():
        if content_type in kind.mime_types:
            return kind.label
    return content_type.rpartition("/")[2].split(";")[0].split(".")[-1].upper()


DEFAULT_MAX_SIZE_MB = 5
MAX_SIZE_MB = 20  # Hard cap for any field, whatever the editor sets.
DEFAULT_MAX_FILES = 5
MEGABYTE = 1024 * 1024


class UploadField(forms.FileField):
    """One file, or a list of files when `multiple` (Django 5.2, "Uploading multiple
    files"). Each is checked for emptiness, size and type by content."""

    default_error_messages = {
        "invalid": _("No file was received. Choose the file again."),
        "one_file": _("Attach only one file here."),
        "max_files": ngettext_lazy(
            "Attach at most %(count)s file.", "Attach at most %(count)s files.", "count"
        ),
    }

    def __init__(self, *, kinds, max_size_mb, multiple=False, max_files=1, **kwargs):
        self.kinds = kinds
        self.max_size_mb = max_size_mb
        self.multiple = multiple
        self.max_files = max_files
        self.mime_types = {mime for kind in kinds for mime in FILE_KINDS[kind].mime_types}
        kwargs.setdefault("widget", MultipleFileUploadInput if multiple else FileUploadInput)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if data is False or data is FILE_INPUT_CONTRADICTION:
            data = None
        if isinstance(data, (list, tuple)):
            files = [item for item in data if item is not None and item != ""]
        else:
            files = [] if data is None or data == "" else [data]
        if not files:
            if initial:  # A file kept from an earlier visit to this step.
                return initial
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return [] if self.multiple else None
        if not self.multiple and len(files) > 1:
            raise ValidationError(self.error_messages["one_file"], code="one_file")
        if len(files) > self.max_files:
            raise count_error(self.error_messages, "max_files", count=self.max_files)
        errors = []
        for uploaded in files:
            try:
                self.check_file(uploaded)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return files if self.multiple else files[0]

    def check_file(self, uploaded) -> None:
        try:
            name, size = file_name_sanitise(uploaded.name), uploaded.size
        except AttributeError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not isinstance(size, int) or size <= 0:
            raise ValidationError(
                gettext("“%(name)s” is empty. Choose the file again.") % {"name": name},
                code="empty",
            )
        if size > self.max_size_mb * MEGABYTE:
            limit = local_number(json_number(self.max_size_mb))
            raise ValidationError(
                gettext(
                    "“%(name)s” is larger than %(limit)s MB. Choose a file of at most %(limit)s MB."
                )
                % {"name": name, "limit": limit},
                code="too_large",
            )
        try:
            mime = file_sniff_mime(uploaded)
        except (AttributeError, OSError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if mime not in self.mime_types:
            raise ValidationError(
                gettext("“%(name)s” is not a file type accepted here. Accepted types: %(types)s.")
                % {"name": name, "types": local_list(FILE_KINDS[k].label for k in self.kinds)},
                code="file_type",
            )
        uploaded.content_type = mime  # The browser's claim is replaced by the content's.


def _accept(kinds) -> str:
    """The input's accept attribute: a hint for the file picker, not a check."""
    return ",".join(
        item
        for kind in kinds
        for item in (*FILE_KINDS[kind].mime_types, *FILE_KINDS[kind].extensions)
    )


@registry.register
class FileFieldType(FieldType):
    type = "file"
    label = _("File upload")
    description = _("A document or picture sent with the request, of chosen kinds and size.")
    icon = "upload"
    is_file = True

    def option_blocks(self):
        return [
            (
                "allowed_types",
                blocks.MultipleChoiceBlock(
                    label=_("Accepted file types"),
                    choices=[(name, kind.label) for name, kind in FILE_KINDS.items()],
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_(
                        "PDF, JPEG and PNG when none is chosen. Files are checked by their "
                        "content, not by their name."
                    ),
                ),
            ),
            (
                "max_size_mb",
                FloatBlock(
                    label=_("Largest file size (MB)"),
                    required=False,
                    min_value=0.1,
                    max_value=MAX_SIZE_MB,
                    help_text=_("5 MB when left empty; at most 20 MB."),
                ),
            ),
            ("multiple", blocks.BooleanBlock(label=_("Allow several files"), required=False)),
            (
                "max_files",
                IntegerBlock(
                    label=_("Most files"),
                    required=False,
                    min_value=1,
                    help_text=_("5 when left empty. Used only when several files are allowed."),
                ),
            ),
        ]

    def validation(self, options):
        rules = {}
        kinds = [str(kind) for kind in options.get("allowed_types") or []]
        if kinds:
            rules["allowed_types"] = kinds
        size = option_number(options.get("max_size_mb"))
        if size is not None:
            rules["max_size_mb"] = json_number(size)
        if options.get("multiple"):
            rules["multiple"] = True
            max_files = option_int(options.get("max_files"))
            if max_files is not None:
                rules["max_files"] = max_files
        return rules

    def problems(self, spec):
        rules, label, found = spec_rules(spec), field_name(spec), []
        kinds = rules.get("allowed_types")
        if kinds is not None:
            unknown = (
                [str(k) for k in kinds if k not in FILE_KINDS]
                if isinstance(kinds, list)
                else [str(kinds)]
            )
            found += [
                gettext("“%(label)s” accepts an unknown file type: %(type)s.")
                % {"label": label, "type": kind}
                for kind in unknown
            ]
        if "max_size_mb" in rules:
            size = option_number(rules["max_size_mb"])
            if size is None or not 0 < size <= MAX_SIZE_MB:
                found.append(
                    gettext(
                        "The largest file size of “%(label)s” must be more than 0 "
                        "and at most %(max)s MB."
                    )
                    % {"label": label, "max": local_digits(MAX_SIZE_MB)}
                )
        if "max_files" in rules:
            max_files = option_int(rules["max_files"])
            if max_files is None or max_files < 1:
                found.append(
                    gettext("“%(label)s” must allow at least one file.") % {"label": label}
                )
        return found

    def limits(self, spec) -> dict:
        """The effective limits: the spec's, or the defaults where unset or unusable."""
        rules = spec_rules(spec)
        kinds = rules.get("allowed_types")
        kinds = [k for k in kinds if k in FILE_KINDS] if isinstance(kinds, list) else []
        size = option_number(rules.get("max_size_mb"))
        size = DEFAULT_MAX_SIZE_MB if size is None or size <= 0 else min(size, MAX_SIZE_MB)
        multiple = rules.get("multiple") is True
        max_files = option_int(rules.get("max_files")) if multiple else 1
        if max_files is None or max_files < 1:
            max_files = DEFAULT_MAX_FILES
        return {
            "kinds": kinds or list(DEFAULT_KINDS),
            "max_size_mb": size,
            "multiple": multiple,
            "max_files": max_files,
        }

    def form_field(self, spec):
        limits = self.limits(spec)
        field = UploadField(**field_kwargs(spec), **limits)
        field.widget.attrs["accept"] = _accept(limits["kinds"])
        return field

    def to_storage(self, spec, value):
        files = value if isinstance(value, (list, tuple)) else [value]
        stored = []
        for item in files:
            if isinstance(item, dict):  # Kept from an earlier visit: already stored.
                stored.append(item)
            elif item:
                stored.append(
                    {
                        "name": file_name_sanitise(item.name),
                        "size": item.size,
                        "content_type": _content_type(item),
                    }
                )
        return stored or None

    def display(self, spec, stored):
        if stored in (None, "", []):
            return ""
        files = stored if isinstance(stored, list) else [stored]
        return local_list(
            item.get("name", "") if isinstance(item, dict) else str(item) for item in files
        )


def _content_type(uploaded) -> str:
    try:
        return file_sniff_mime(uploaded)
    except (AttributeError, OSError, ValueError):
        return getattr(uploaded, "content_type", None) or "application/octet-stream"


def schema_upload_max_bytes(schema) -> int:
    """The most bytes of files one submission of `schema` can carry: each file question's
    size limit times the files it takes. Unknown types count nothing."""
    total = 0
    for step in schema.get("steps", []):
        for spec in step.get("fields", []):
            type_name = spec.get("type")
            field_type = registry.get(type_name) if type_name in registry else None
            if isinstance(field_type, FileFieldType):
                limits = field_type.limits(spec)
                total += int(limits["max_size_mb"] * MEGABYTE) * limits["max_files"]
    return total
