"""Stable field keys: readable ASCII made once from a (usually Persian) label.

«نام خانوادگی» becomes `nam_khanvadgi`, never `u0646u0627…`. A key is made only
when the editor left it empty, made unique within the form, and never changed
afterwards: submissions are stored by key.
"""

import re
import unicodedata

from .persian.text import normalize_text

# A phonetic transliteration of the Persian alphabet; vowels Persian leaves unwritten stay
# unwritten, which keeps keys short and still readable to Persian speakers.
_TRANSLITERATION = {
    "آ": "a",
    "ا": "a",
    "أ": "a",
    "إ": "e",
    "ء": "",
    "ئ": "y",
    "ؤ": "v",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "s",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "z",
    "ر": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "ع": "a",
    "غ": "gh",
    "ف": "f",
    "ق": "gh",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "و": "v",
    "ه": "h",
    "ة": "h",
    "ی": "i",
    "\u200c": "_",  # ZWNJ separates words
}
_NOT_KEY = re.compile(r"[^a-z0-9]+")
MAX_KEY_LENGTH = 40


def key_from_label(label: str, *, fallback: str = "answer") -> str:
    """A readable ASCII key for a label: «کد ملی متقاضی» → `kd_mli_mtghazi`.

    A label with no letter or digit to spell (only punctuation) gives `fallback`, which
    callers set to the question's type (`mobile`, `text`): never a meaningless `field`.
    """
    text = normalize_text(label).lower()
    pieces = []
    for char in text:
        if char in _TRANSLITERATION:
            pieces.append(_TRANSLITERATION[char])
        elif char.isascii():
            pieces.append(char)
        else:
            # Other scripts and accents: their closest ASCII, or a word break.
            decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            pieces.append(decomposed or "_")
    key = _NOT_KEY.sub("_", "".join(pieces)).strip("_")
    if len(key) > MAX_KEY_LENGTH:
        # Cut at a word break rather than in the middle of a word.
        cut = key[: MAX_KEY_LENGTH + 1].rfind("_")
        key = key[: cut if cut > 0 else MAX_KEY_LENGTH].rstrip("_")
    if not key:
        return fallback
    if not key[0].isalpha():
        key = f"f_{key}"
    return key


def key_unique(key: str, taken: set[str]) -> str:
    """`key`, or `key_2`, `key_3`… — the first not in `taken`."""
    if key not in taken:
        return key
    number = 2
    while f"{key}_{number}" in taken:
        number += 1
    return f"{key}_{number}"
