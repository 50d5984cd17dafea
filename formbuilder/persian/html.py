"""Persian digits in the text of an HTML page, leaving alone what is typed, copied or
followed (issue 15, item 3).

Wagtail's admin writes its numbers (counts, badges, pagination, «n دقیقه پیش», sizes) with
Latin digits from many templates and Python formatters; Django's number formats change
separators, never digits. `html_digits_persian` rewrites a rendered page instead: the
text between tags and the `title`, `aria-label` and tooltip attributes a reader sees.

Untouched: attribute values otherwise (input values, links, data for scripts), the inside
of `<script>`, `<style>`, `<textarea>`, `<code>`, `<pre>`, `<kbd>`, `<samp>` and of any
element marked `translate="no"` (codes meant to be copied), and any word holding a Latin
letter, `@`, `://` or `/` (user names, addresses, «utf-8», «v2»).
"""

import re

from .text import to_persian_digits

SKIPPED = {"script", "style", "textarea", "code", "pre", "kbd", "samp"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
READ_ATTRIBUTES = ("title", "aria-label", "data-w-tooltip-content-value")

_TOKENS = re.compile(
    r"<!--.*?-->|<(/?)([a-zA-Z][\w:-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>|[^<]+|<", re.S
)
_TRANSLATE_NO = re.compile(r"\btranslate\s*=\s*[\"']?no\b", re.I)
_WORD = re.compile(r"\S+")
_NOT_READ = re.compile(r"[A-Za-z@/\\]|&#?\w+;")
_ATTRIBUTE = re.compile(
    r"(\s(?:" + "|".join(map(re.escape, READ_ATTRIBUTES)) + r")\s*=\s*)(\"[^\"]*\"|'[^']*')"
)


def text_digits_persian(text: str) -> str:
    """Latin digits to Persian in every word that is not a name, an address or a code."""

    def word(match: re.Match) -> str:
        value = match.group(0)
        return value if _NOT_READ.search(value) else to_persian_digits(value)

    return _WORD.sub(word, text)


def _attributes(attributes: str) -> str:
    return _ATTRIBUTE.sub(
        lambda match: match.group(1) + text_digits_persian(match.group(2)), attributes
    )


def html_digits_persian(html: str) -> str:
    out = []
    skipping: list[str] = []  # the open elements whose content stays as it is
    for match in _TOKENS.finditer(html):
        token, closing, name = match.group(0), match.group(1), (match.group(2) or "").lower()
        if not name:  # text, a comment or a stray «<»
            is_text = not token.startswith("<")
            out.append(text_digits_persian(token) if is_text and not skipping else token)
            continue
        attributes = match.group(3) or ""
        if closing:
            if skipping and skipping[-1] == name:
                skipping.pop()
        elif skipping:
            if name == skipping[-1] and not attributes.rstrip().endswith("/"):
                skipping.append(name)
        elif name in SKIPPED or (_TRANSLATE_NO.search(attributes) and name not in VOID):
            skipping.append(name)
        elif attributes:
            token = f"<{match.group(2)}{_attributes(attributes)}>"
        out.append(token)
    return "".join(out)
