"""Small widget subclasses the field types need; they render with Django's templates."""

from django import forms

from .persian.parsers import boolean_parse


class TelInput(forms.TextInput):
    """`<input type="tel">`: phones show a dial pad."""

    input_type = "tel"


class ConsentCheckboxInput(forms.CheckboxInput):
    """A single checkbox that hands its raw value ("on", JSON true/false…) to the field,
    so the field, not the widget, decides what counts as checked."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=_is_checked)

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return False  # An unchecked box sends nothing.
        return data.get(name)


def _is_checked(value) -> bool:
    try:
        return boolean_parse(value)
    except ValueError:
        return False


class FileUploadInput(forms.FileInput):
    """A file input without the "clear" checkbox. When several files arrive under one
    name (a multipart API request), all of them reach the field, which refuses the
    extra ones instead of silently keeping the last."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(files, "getlist", None)
        if getlist is None:
            return files.get(name)
        uploaded = getlist(name)
        if self.allow_multiple_selected or len(uploaded) > 1:
            return uploaded
        return uploaded[0] if uploaded else None


class MultipleFileUploadInput(FileUploadInput):
    """`<input type="file" multiple>` (Django 5.2: "Uploading multiple files")."""

    allow_multiple_selected = True
