"""The language toolkit every app uses: Persian text and digits, Jalali dates, Iranian
identifiers, and the `khedmat` template filter library.

- `text`: digit and letter normalisation, the cleaning every answer goes through;
- `language`: `persian_active()`, the one answer to "is Persian the active language?";
- `jalali`: Jalali parsing (`jalali_parse`) and formatting (`format_jalali`);
- `identifiers`: national ID, mobile, postal code, and the Verhoeff check digit;
- `parsers`: numbers and yes/no answers typed in any digits;
- `filters`: the `khedmat` template library (`{% load khedmat %}`), which Django finds
  through `formbuilder/templatetags/khedmat.py` (so form renderers' engines see it too).

Nothing here imports a model or any other module of the project.
"""
