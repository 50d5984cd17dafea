"""What a Persian reader sees on an admin screen, and what is wrong in it (issue 15).

`screens(user)` lists the admin screens of the demo a user may open; `findings(html)`
reads one answer's visible text (text nodes, and the `title`, `aria-label` and
`placeholder` a reader hears or sees) and returns, per category, the offending bits:

- "gregorian": a Gregorian month name (English or its Persian transliteration) or a date
  written with Latin digits;
- "raw": True, False or None as a word;
- "latin digits": a Latin digit in the chrome;
- "english": an English word not in the allowlist of product names and file formats.

Left out, as values a reader types, copies or follows rather than reads: form inputs
and text areas, `<code>`, `<kbd>`, `<samp>`, `<pre>`, scripts and styles, anything marked
`translate="no"` (tracking codes, mobiles, service codes, user names), URLs and e-mail
addresses.
"""

import re

from bs4 import BeautifulSoup, Comment, NavigableString

SKIPPED_TAGS = {"script", "style", "code", "kbd", "samp", "pre", "textarea", "noscript"}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

GREGORIAN_MONTHS = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "ژانویه فوریه مارس آوریل ژوئن ژوئیه ژوییه اوت سپتامبر اکتبر نوامبر دسامبر"
).split()
GREGORIAN = re.compile(
    r"(?<![\w])(" + "|".join(GREGORIAN_MONTHS) + r")(?![\w])"
    r"|\b\d{1,4}[/\-.]\d{1,2}[/\-.]\d{1,4}\b"
)
RAW = re.compile(r"\b(True|False|None)\b")
LATIN_DIGIT = re.compile(r"[0-9]")
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
NOT_READ = re.compile(r"(https?://|www\.)\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|(?<!\w)/[\w./?=&%-]*[\w/]")

# Names and formats that stay as they are in a Persian text.
ENGLISH_ALLOWED = {
    # Products and standards.
    "wagtail", "django", "api", "sms", "qr", "url", "html", "css", "json", "id",
    "kavenegar", "totp", "otp", "ip", "http", "https", "utf", "ok",
    # File formats.
    "pdf", "csv", "xlsx", "xls", "jpg", "jpeg", "png", "gif", "webp", "svg", "avif",
    "heic", "zip", "tsv", "ods", "docx", "doc", "txt",
    # Units.
    "kb", "mb", "gb", "px",
}  # fmt: skip


def _visible_texts(soup):
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or not isinstance(node, NavigableString):
            continue
        if any(
            parent.name in SKIPPED_TAGS or parent.get("translate") == "no"
            for parent in node.parents
            if parent.name
        ):
            continue
        yield str(node)
    for element in soup.find_all(True):
        if element.name in SKIPPED_TAGS or element.find_parent(attrs={"translate": "no"}):
            continue
        if element.get("translate") == "no":
            continue
        for attribute in READ_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str):
                yield value


def findings(html: str) -> dict[str, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    found: dict[str, list[str]] = {}
    for text in _visible_texts(soup):
        text = NOT_READ.sub(" ", " ".join(text.split()))
        if not text:
            continue
        checks = {
            "gregorian": [match.group(0) for match in GREGORIAN.finditer(text)],
            "raw": RAW.findall(text),
            "latin digits": [text] if LATIN_DIGIT.search(text) else [],
            "english": [
                word
                for word in ENGLISH_WORD.findall(text)
                if word.lower() not in ENGLISH_ALLOWED and not RAW.fullmatch(word)
            ],
        }
        for category, bits in checks.items():
            if bits:
                found.setdefault(category, []).extend(
                    bit[:80] if bit == text else f"{bit} ← {text[:60]}" for bit in bits
                )
    return found


def _snippet_screens(model) -> list[str]:
    from wagtail.admin.admin_url_finder import AdminURLFinder  # noqa: F401

    label = f"{model._meta.app_label}/{model._meta.model_name}"
    first = model.objects.order_by("pk").first()
    urls = [f"/admin/snippets/{label}/", f"/admin/snippets/{label}/add/"]
    if first is not None:
        urls += [
            f"/admin/snippets/{label}/edit/{first.pk}/",
            f"/admin/snippets/{label}/history/{first.pk}/",
            f"/admin/snippets/{label}/usage/{first.pk}/",
        ]
    return urls


def screens() -> list[str]:
    """The admin screens of the demo: Wagtail's own (dashboard, pages, snippets, reports,
    settings, users, groups, images, documents) and ours (the role matrix's views)."""
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Site
    from wagtail.snippets.models import get_snippet_models

    from catalog.models import ServicePage
    from submissions.models import Submission

    service = ServicePage.objects.order_by("pk").first()
    home = Site.objects.get(is_default_site=True).root_page
    request = Submission.objects.order_by("pk").first()
    user_model = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
    urls = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{service.get_parent().pk}/",
        f"/admin/pages/{service.pk}/edit/",
        f"/admin/pages/{service.pk}/history/",
        f"/admin/pages/{service.pk}/revisions/compare/earliest...{service.latest_revision_id}/"
        if service.latest_revision_id
        else f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/add/catalog/servicepage/{service.get_parent().pk}/",
        "/admin/pages/search/?q=پروانه",
        f"/admin/pages/{Page.get_first_root_node().pk}/",
        "/admin/snippets/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/page-types-usage/",
        "/admin/sites/",
        f"/admin/sites/edit/{Site.objects.order_by('pk').first().pk}/",
        "/admin/settings/catalog/agencysettings/",
        "/admin/redirects/",
        "/admin/collections/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/users/",
        f"/admin/users/edit/{user_model.objects.order_by('pk').first().pk}/",
        "/admin/groups/",
        f"/admin/groups/edit/{Group.objects.order_by('pk').first().pk}/",
        "/admin/groups/new/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/account/",
        "/admin/pipeline/?state=all",
        "/admin/sms/",
        "/admin/cartable/",
        f"/admin/cartable/{request.tracking_code}/",
        "/admin/desk/",
        f"/admin/desk/{service.service_code}/",
        f"/admin/routing/test/?code={request.tracking_code}",
        "/admin/audit/",
        "/admin/statistics/",
        "/admin/sign-in/lockouts/",
        "/admin/two-factor/",
    ]
    for model in get_snippet_models():
        urls += _snippet_screens(model)
    return urls
