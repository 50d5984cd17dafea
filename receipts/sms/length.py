"""How many SMS parts a text costs, the way the phone network splits it.

A text whose every character is in the GSM 03.38 alphabet travels as GSM-7: 160
characters in one part, 153 per part once split (the rest of each part carries the
header that joins them). One character outside that alphabet, a Persian letter, a ZWNJ
or an emoji, turns the whole text into UCS-2: 70 characters in one part, 67 per part
once split. UCS-2 counts UTF-16 code units, so an emoji takes two.

`receipts/static/receipts/sms_counter.js` mirrors this module for the editor's live
counter; change both together (tests/receipts/test_widgets.py compares them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GSM7 = "gsm7"
UCS2 = "ucs2"

# GSM 03.38 basic character set, without the escape character that introduces the
# extension table.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each of these is sent as escape + character, so it counts twice.
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")

# (characters in a single part, characters per part of a split text)
PART_SIZES = {GSM7: (160, 153), UCS2: (70, 67)}


@dataclass(frozen=True)
class SmsLength:
    """A text measured as the network sends it.

    `characters` is in the encoding's units (GSM-7 septets, UTF-16 code units),
    `per_part` the size of each part at this length, and `limit` how many characters fit
    before one more part is needed.
    """

    characters: int
    parts: int
    encoding: str
    per_part: int
    limit: int


def sms_length(text: str) -> SmsLength:
    """Measure `text`: its characters, its parts and its encoding (`GSM7` or `UCS2`)."""
    septets = _gsm_septets(text)
    if septets is None:
        encoding = UCS2
        characters = len(text.encode("utf-16-le", "surrogatepass")) // 2
    else:
        encoding = GSM7
        characters = septets
    single, multi = PART_SIZES[encoding]
    if characters == 0:
        return SmsLength(characters=0, parts=0, encoding=encoding, per_part=single, limit=single)
    if characters <= single:
        return SmsLength(
            characters=characters, parts=1, encoding=encoding, per_part=single, limit=single
        )
    parts = math.ceil(characters / multi)
    return SmsLength(
        characters=characters, parts=parts, encoding=encoding, per_part=multi, limit=parts * multi
    )


def _gsm_septets(text: str) -> int | None:
    """Septets `text` takes in GSM-7, or None when it cannot be sent in GSM-7."""
    septets = 0
    for character in text:
        if character in GSM_BASIC:
            septets += 1
        elif character in GSM_EXTENSION:
            septets += 2
        else:
            return None
    return septets
