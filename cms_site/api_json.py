"""JSON bodies the API accepts: an object, in UTF-8, within a depth and an item limit.

Every JSON endpoint parses through `JSONObjectParser` (REST_FRAMEWORK's default parser),
and the multipart `data` part of a submission through the same parser, so a hostile body
costs the same bounded work everywhere. Django has already refused a body larger than
DATA_UPLOAD_MAX_MEMORY_SIZE from its Content-Length, before reading it.

The limits are checked by a scan that stops at the first token past them, before
`json.loads` builds anything: 190,000 keys are refused after the first
API_JSON_MAX_ITEMS, 2,000 levels after the first API_JSON_MAX_DEPTH.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from formbuilder.fields.text import local_digits

# One token per match: a whole string (skipped in C, however long), a structural
# character, a lone quote (an unterminated string), or a run of anything else (numbers,
# literals, garbage). Possessive quantifiers keep the string branch linear.
_TOKEN = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[{}\[\],:"]|[^\s"{}\[\],:]++')
# Text PostgreSQL cannot store (jsonb and text refuse NUL; UTF-8 has no lone surrogates).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class BodyRefused(ParseError):
    """A body the API does not accept, with the reason in a sentence for a person.

    `position` is the offset in the text where the check stopped, when it stopped early."""

    def __init__(self, detail, *, position: int | None = None) -> None:
        super().__init__(detail)
        self.position = position


def json_limits_check(text: str, *, max_depth: int, max_items: int) -> None:
    """Refuse `text` at the first container past `max_depth` levels, or at the first key
    or list item past `max_items` (all levels together). Malformed JSON is left for the
    decoder to report; the scan only counts, in time bounded by the limits and the size."""
    stack: list[str] = []
    items = 0
    for token in _TOKEN.finditer(text):
        start = token.start()
        char = text[start]
        if stack and stack[-1] == "[" and char not in "],":
            items += 1  # a value starts directly inside a list
        if char in "{[":
            stack.append(char)
            if len(stack) > max_depth:
                raise BodyRefused(
                    _("The JSON is nested more than %(limit)s levels deep.")
                    % {"limit": local_digits(max_depth)},
                    position=start,
                )
        elif char in "}]":
            if stack:
                stack.pop()
        elif char == ":":
            items += 1
        elif char == '"' and token.end() - start == 1:
            return  # an unterminated string
        if items > max_items:
            raise BodyRefused(
                _("The JSON holds more than %(limit)s keys and list items.")
                % {"limit": local_digits(max_items)},
                position=start,
            )


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999: jsonb cannot store Infinity
        raise ValueError(text)
    return value


def _non_json_constant(text: str):
    raise ValueError(text)  # NaN, Infinity, -Infinity: Python's extensions, not JSON


def _storable(value: Any) -> bool:
    """No NUL and no lone surrogate in any key or string (the tree is small: the limits)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return False
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True


def json_object_load(raw: bytes) -> dict[str, Any]:
    """The JSON object in `raw`, or BodyRefused with a message for a person."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyRefused(_("The body must be text in UTF-8.")) from None
    json_limits_check(
        text, max_depth=settings.API_JSON_MAX_DEPTH, max_items=settings.API_JSON_MAX_ITEMS
    )
    try:
        value = json.loads(text, parse_float=_finite, parse_constant=_non_json_constant)
    except ValueError:  # JSONDecodeError; also an integer of more than 4,300 digits
        raise BodyRefused(_("The body is not valid JSON.")) from None
    except RecursionError:  # unreachable within the depth limit; never a 500 all the same
        raise BodyRefused(_("The body is not valid JSON.")) from None
    if not isinstance(value, dict):
        raise BodyRefused(_("Send a JSON object ({…}) as the body."))
    if not _storable(value):
        raise BodyRefused(
            _(
                "The text holds a character that cannot be stored (a null character or a lone "
                "surrogate)."
            )
        )
    return value


class JSONObjectParser(JSONParser):
    """`application/json` bodies, through `json_object_load`'s checks and limits."""

    def parse(self, stream, media_type=None, parser_context=None) -> dict[str, Any]:
        return json_object_load(stream.read())
