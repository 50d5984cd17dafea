"""What a Persian reader sees on an admin screen, and what is wrong in it (issue 15).

`screens()` lists the admin screens of the demo; `findings(html, data_words)` reads one
answer's visible text (text nodes, and the `title`, `aria-label`, `placeholder` and `alt` a
reader hears or sees, tooltips included) and returns, per category, the offending bits:

- "gregorian": a Gregorian month name (English or its Persian transliteration) or a date
  written with Latin digits;
- "raw": True, False or None as a word;
- "latin digits": a Latin digit in a word a person reads;
- "english": an English word that is not a product name, a file format or a unit.

Left out, as values a reader types, copies or follows rather than reads: form inputs and
text areas, `<code>`, `<kbd>`, `<samp>`, `<pre>`, scripts and styles, anything marked
`translate="no"`, a select's option whose text is its value (time zones), URLs, e-mail
addresses, identifiers (`catalog.servicepage`, `URBAN-PLANNING`, `{tracking_code}`,
`sha256=HMAC`), words holding Latin letters and digits together (`G2C`), and the demo's
own data in Latin letters (`data_words`: user names, unit codes, host names).
"""

import re

from bs4 import BeautifulSoup, Comment

SKIPPED_TAGS = {"script", "style", "code", "kbd", "samp", "pre", "textarea", "noscript"}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value")

GREGORIAN_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    "|ژانویه|فوریه|مارس|آوریل|ژوئن|ژوئیه|ژوییه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر"
)
_YEAR = "(?:19|20|۱۹|۲۰)[0-9۰-۹]{2}"
_PART = "[0-9۰-۹]{1,2}"
GREGORIAN = re.compile(
    rf"(?<!\w)({GREGORIAN_MONTHS})(?!\w)"  # a month's name
    rf"|(?<![\w.])({_YEAR}[/\-.]{_PART}[/\-.]{_PART}|{_PART}[/\-.]{_PART}[/\-.]{_YEAR})(?![\w.])"
    r"|(?<![\w.])[0-9]{1,4}[/\-.][0-9]{1,2}[/\-.][0-9]{1,4}(?![\w.])"  # any, in Latin digits
)
RAW = re.compile(r"\b(True|False|None)\b")
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
NOT_READ = re.compile(
    r"(https?://|www\.)\S+"  # links
    r"|[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail addresses
    r"|\{\w+\}"  # placeholders
    r"|(?=[\w.=/:-]*[A-Za-z])[A-Za-z0-9]+(?:[-_.=/:][A-Za-z0-9]+)+"  # identifiers, MIME types
    r"|\b(?=\w*[A-Za-z])(?=\w*\d)\w+\b"  # codes of letters and digits
)
WORD = re.compile(r"\S+")

# Names and formats that stay as they are in a Persian text.
ENGLISH_ALLOWED = {
    # Products, protocols and standards.
    "wagtail", "django", "api", "sms", "qr", "url", "html", "css", "json", "id", "http",
    "https", "totp", "otp", "ip", "utf", "hmac", "post", "get",
    "freeotp", "aegis", "google", "authenticator", "khedmat",
    # Kavenegar's parameter names (token, token2, …), quoted in an SMS template's help.
    "token",
    # File formats.
    "pdf", "csv", "xlsx", "xls", "jpg", "jpeg", "png", "gif", "webp", "svg", "avif", "heic",
    "tiff", "zip", "tsv", "ods", "odt", "docx", "doc", "txt", "word", "excel",
    # Units.
    "kb", "mb", "gb", "px",
    # The language switch names English in English.
    "english",
}  # fmt: skip


def _skipped(element) -> bool:
    for node in (element, *element.parents):
        if node.name is None:
            continue
        if node.name in SKIPPED_TAGS or node.get("translate") == "no":
            return True
        if node.name == "option" and node.get("value") == node.get_text(strip=True):
            return True
    return False


def visible_texts(html: str):
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or _skipped(node.parent):
            continue
        yield str(node)
    for element in soup.find_all(True):
        if _skipped(element):
            continue
        for attribute in READ_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str):
                yield value


def findings(html: str, data_words: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for raw in visible_texts(html):
        text = " ".join(raw.split())
        if not text:
            continue
        read = NOT_READ.sub(" ", text)
        read = " ".join(
            word for word in read.split() if word.strip("()«»،,:;.!؟?") not in data_words
        )
        checks = {
            "gregorian": [match.group(0) for match in GREGORIAN.finditer(read)],
            "raw": RAW.findall(read),
            "latin digits": [
                word.strip("،,.;()«»") for word in WORD.findall(read) if re.search(r"[0-9]", word)
            ],
            "english": [
                word
                for word in ENGLISH_WORD.findall(read)
                if word.lower() not in ENGLISH_ALLOWED and not RAW.fullmatch(word)
            ],
        }
        for category, bits in checks.items():
            found.setdefault(category, []).extend(f"{bit} ← «{text[:70]}»" for bit in bits)
    return {category: bits for category, bits in found.items() if bits}


def data_words() -> frozenset[str]:
    """The demo's data written in Latin letters: what people typed, not the chrome."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from catalog.models import Department

    words = set(get_user_model().objects.values_list("username", flat=True))
    words |= set(Department.objects.values_list("code", flat=True))
    words |= set(Site.objects.values_list("hostname", flat=True))
    return frozenset(word for word in words if word)


def _snippet_screens(model) -> list[str]:
    label = f"{model._meta.app_label}/{model._meta.model_name}"
    urls = [f"/admin/snippets/{label}/", f"/admin/snippets/{label}/add/"]
    first = model.objects.order_by("pk").first()
    if first is not None:
        urls += [
            f"/admin/snippets/{label}/edit/{first.pk}/",
            f"/admin/snippets/{label}/history/{first.pk}/",
            f"/admin/snippets/{label}/usage/{first.pk}/",
        ]
    return urls


def _page_screens() -> list[str]:
    from wagtail.models import Page, Site

    from catalog.models import ServicePage

    service = ServicePage.objects.order_by("pk").first()
    home = Site.objects.get(is_default_site=True).root_page
    category = service.get_parent()
    return [
        "/admin/",
        f"/admin/pages/{Page.get_first_root_node().pk}/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{category.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{service.pk}/edit/",
        f"/admin/pages/{service.pk}/history/",
        f"/admin/pages/{service.pk}/usage/",
        f"/admin/pages/add/catalog/servicepage/{category.pk}/",
        "/admin/pages/search/?q=پروانه",
    ]


def _wagtail_screens() -> list[str]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Site

    user = get_user_model().objects.order_by("pk").first()
    return [
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/page-types-usage/",
        "/admin/sites/",
        f"/admin/sites/edit/{Site.objects.order_by('pk').first().pk}/",
        "/admin/redirects/",
        "/admin/collections/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/users/",
        f"/admin/users/edit/{user.pk}/",
        "/admin/groups/",
        f"/admin/groups/edit/{Group.objects.order_by('pk').first().pk}/",
        "/admin/groups/new/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/account/",
    ]


def _our_screens() -> list[str]:
    """The role matrix's admin views (tests/cms_site/test_role_matrix.py), read-only."""
    from catalog.models import AgencySettings, ServicePage
    from submissions.models import SubmissionFile

    with_file = SubmissionFile.objects.order_by("pk").first().submission
    service = ServicePage.objects.order_by("pk").first()
    return [
        f"/admin/settings/catalog/agencysettings/{AgencySettings.objects.get().pk}/",
        "/admin/pipeline/?state=all",
        "/admin/sms/",
        "/admin/cartable/",
        f"/admin/cartable/{with_file.tracking_code}/",
        "/admin/desk/",
        f"/admin/desk/{service.service_code}/",
        f"/admin/routing/test/?code={with_file.tracking_code}",
        "/admin/audit/",
        "/admin/statistics/",
        "/admin/sign-in/lockouts/",
        "/admin/two-factor/",
    ]


def screens() -> list[str]:
    """The admin screens of the demo: Wagtail's own (dashboard, pages, snippets, reports,
    settings, users, groups, images, documents, account) and ours."""
    from wagtail.snippets.models import get_snippet_models

    urls = _page_screens() + _wagtail_screens() + _our_screens()
    for model in get_snippet_models():
        urls += _snippet_screens(model)
    return urls
