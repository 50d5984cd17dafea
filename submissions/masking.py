"""Secret tokens (a request's access token, a survey's token) as admin lists show them:
enough to tell two apart, never enough to open the citizen's page."""

import re
from collections.abc import Iterable

from django.urls import reverse

from formbuilder.schema import schema_fields

TOKEN_SHOWN = 4
MASK = "…"
# secrets.token_urlsafe's alphabet.
_URLSAFE_CHARACTER = "[A-Za-z0-9_-]"
_MARKER = "TOKENMARKER"


def token_mask(token: str) -> str:
    """The first four characters and «…»; empty for no token."""
    return f"{token[:TOKEN_SHOWN]}{MASK}" if token else ""


def text_links_mask(text: str, *, url_names: Iterable[str]) -> str:
    """`text` with the token of every link to these URL names (each taking one token
    argument, e.g. "receipts:survey") masked by `token_mask`, in one pass (two names
    may share a prefix: the confirmation page and its receipt)."""
    prefixes = {reverse(name, args=[_MARKER]).split(_MARKER)[0] for name in url_names}
    if not prefixes:
        return text
    alternatives = "|".join(re.escape(prefix) for prefix in sorted(prefixes, key=len, reverse=True))
    pattern = re.compile(rf"({alternatives})({_URLSAFE_CHARACTER}+)")
    return pattern.sub(lambda match: match.group(1) + token_mask(match.group(2)), text)


MOBILE_MASK = "***"


def mobile_mask(mobile: str) -> str:
    """A mobile number as it may be seen over a shoulder: «0912***4567»."""
    mobile = str(mobile or "")
    if len(mobile) < 8:
        return MOBILE_MASK if mobile else ""
    return f"{mobile[:4]}{MOBILE_MASK}{mobile[-4:]}"


def national_id_mask(national_id: str) -> str:
    """A national ID as it may be seen over a shoulder: «001***2419»."""
    national_id = str(national_id or "")
    if len(national_id) < 7:
        return MOBILE_MASK if national_id else ""
    return f"{national_id[:3]}{MOBILE_MASK}{national_id[-4:]}"


ANSWER_MASKS = {"mobile": mobile_mask, "national_id": national_id_mask}


def answers_masked(schema: dict, answers: dict) -> dict:
    """The answers with every mobile and national ID masked, for a page that may be
    seen over a shoulder (the confirmation page)."""
    masked = dict(answers)
    for spec in schema_fields(schema):
        mask = ANSWER_MASKS.get(spec["type"])
        if mask is not None and masked.get(spec["key"]):
            masked[spec["key"]] = mask(str(masked[spec["key"]]))
    return masked
