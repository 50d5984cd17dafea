"""The PDF receipt: our HTML template through WeasyPrint, quickly and without the network.

- One `FontConfiguration` per process, reused: loading Vazirmatn again for every
  receipt costs about a fifth of the render; and the stylesheet parsed once per process.
- `ReceiptURLFetcher` reads our static files (the stylesheet, the font) from disk and
  public media (the agency's logo) from the default storage (a folder or the bucket), and
  refuses every other address, so a receipt never fetches a URL nor reads a file it
  should not.
- WeasyPrint is imported on first use: web processes that never render pay nothing.
"""

from __future__ import annotations

import mimetypes
import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import filepath_to_uri
from django.utils.safestring import mark_safe

from catalog.models import AgencySettings
from catalog.site_url import site_url
from catalog.workdays import working_days_between
from formbuilder.display import answers_display
from submissions.masking import answers_masked

# Relative URLs in the receipt resolve against this made-up origin, which the fetcher
# maps to folders on disk; nothing is ever fetched from it over a network.
BASE_URL = "https://receipt.khedmat.invalid/"
STYLESHEET = "receipts/receipt.css"


def _static_path(path: str) -> Path | None:
    found = finders.find(path)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / path
    return candidate if candidate.is_file() else None


def _media_bytes(name: str) -> bytes | None:
    """A published media file (the logo's rendition) from the default storage."""
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except (FileNotFoundError, SuspiciousFileOperation):
        return None


@cache
def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class ReceiptURLFetcher(URLFetcher):
        """Our static files and public media from storage; anything else is refused."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
                raise ValueError(f"Receipts load nothing from outside: {url}")
            path = posixpath.normpath(unquote(parts.path)).lstrip("/")
            if ".." in path.split("/"):
                raise ValueError(f"Refused path: {url}")
            static_prefix = settings.STATIC_URL.strip("/") + "/"
            media_prefix = settings.MEDIA_URL.strip("/") + "/"
            if path.startswith(static_prefix):
                found = _static_path(path.removeprefix(static_prefix))
                if found is None:
                    # A missing stylesheet or font would silently give a broken receipt.
                    raise FatalURLFetchingError(f"Missing static file for the receipt: {path}")
                body = found.read_bytes()
            elif path.startswith(media_prefix):
                body = _media_bytes(path.removeprefix(media_prefix))
                if body is None:
                    raise ValueError(f"Missing media file: {path}")
            else:
                raise ValueError(f"Refused path: {url}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return ReceiptURLFetcher


@cache
def font_configuration():
    """The process's one FontConfiguration (fonts are parsed once, then reused)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def qr_svg(url: str) -> str:
    """An inline SVG QR code (medium error correction: survives a crumpled printout)."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=3, border=2, dark="#111")


def receipt_context(*, submission, due_date) -> dict:
    """What the receipt shows; also used by tests and the benchmark."""
    agency = AgencySettings.load()
    logo_url = ""
    if agency.logo_id:
        # Relative to BASE_URL, whatever storage keeps it: the fetcher reads it from there.
        rendition = agency.logo.get_rendition("max-300x120")
        logo_url = f"{settings.MEDIA_URL}{filepath_to_uri(rendition.file.name)}"
    track_url = site_url(f"{reverse('submissions:track')}?code={submission.tracking_code}")
    return {
        "agency": agency,
        "logo_url": logo_url,
        "submission": submission,
        "service": submission.service,
        "due_date": due_date,
        # The time limit the date stands for: a routing rule's may differ from the
        # service's published duration.
        "working_days": working_days_between(timezone.localdate(submission.created_at), due_date),
        # Masked (mobile, national ID), as on the confirmation page: the receipt is opened
        # on a phone's screen and printed, and with the tracking code and the full mobile
        # whoever holds it could follow the request.
        "answers": answers_display(
            submission.form_version.schema,
            answers_masked(submission.form_version.schema, submission.data),
        ),
        "track_url": track_url,
        "qr_svg": mark_safe(qr_svg(track_url)),  # noqa: S308 (segno's own SVG markup)
        "stylesheet": f"{settings.STATIC_URL}{STYLESHEET}",
    }


@cache
def receipt_stylesheet():
    """The receipt's stylesheet, parsed once per process with the shared fonts."""
    from weasyprint import CSS

    return CSS(
        url=urljoin(BASE_URL, f"{settings.STATIC_URL}{STYLESHEET}"),
        url_fetcher=_fetcher_class()(),
        font_config=font_configuration(),
    )


def html_to_pdf(html: str) -> bytes:
    """Render HTML with our fetcher and the shared font configuration.

    The receipt's own stylesheet link is taken out and the process's parsed copy given
    instead (the same rules, and the same PDF): parsing it for every receipt cost about
    7% of the render's CPU. Any other HTML is rendered as it is."""
    from weasyprint import HTML  # imported on first use, on purpose

    link = f'<link rel="stylesheet" href="{settings.STATIC_URL}{STYLESHEET}">'
    stylesheets = [receipt_stylesheet()] if link in html else []
    document = HTML(
        string=html.replace(link, "", 1), base_url=BASE_URL, url_fetcher=_fetcher_class()()
    )
    return document.write_pdf(stylesheets=stylesheets, font_config=font_configuration())


def receipt_html(*, submission, due_date) -> str:
    return render_to_string(
        "receipts/receipt.html", receipt_context(submission=submission, due_date=due_date)
    )


def receipt_pdf_render(*, submission, due_date) -> bytes:
    """The PDF receipt of a request, as bytes (A4, Persian, RTL)."""
    return html_to_pdf(receipt_html(submission=submission, due_date=due_date))
