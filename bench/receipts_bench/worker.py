"""A render process of bench/receipt.py: renders the bench's receipt, styled or plain,
on command, and reports each render's wall and CPU time.

    python -m bench.receipts_bench.worker --subset on|off

Run from the repository root with the environment bench/receipt.py sets (the Django
settings, the temporary database and media, the request's primary key and the SHA-256
of the HTML that production rendered for it). With `--subset off`, libharfbuzz-subset
is made unloadable before WeasyPrint is imported, as on a system without the library:
WeasyPrint then subsets fonts with fontTools (`weasyprint/pdf/fonts.py`, `Font.subset`).
Which subsetter really ran is counted on every render, not assumed.

Protocol: one JSON object per line. The worker first writes {"ready": {...}} (or
{"error": ...}); then, for each {"run": "styled"|"plain", "n": N} it reads, it renders
N receipts and writes {"samples": [[wall, cpu, html_wall, html_cpu], ...], ...};
{"quit": true} ends it. Anything else the process prints goes to stderr.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import logging
import os
import re
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

SUBSET_LIBRARY = "harfbuzz-subset"
CONTENDERS = ("styled", "plain")


class WorkerError(Exception):
    pass


# -- WeasyPrint with or without libharfbuzz-subset ----------------------------------------


def weasyprint_import(*, subset: bool) -> list[str]:
    """Import WeasyPrint; with `subset=False`, every attempt to dlopen libharfbuzz-subset
    fails while it loads its libraries (weasyprint/text/ffi.py tries several names and
    keeps None when none loads). Returns the names that were refused."""
    if "weasyprint" in sys.modules:
        raise WorkerError("weasyprint was imported before its libraries could be chosen")
    import cffi

    refused: list[str] = []
    original = cffi.FFI.dlopen

    def dlopen(self, name, *args, **kwargs):
        if isinstance(name, str) and SUBSET_LIBRARY in name:
            refused.append(name)
            raise OSError(f"{name}: made unavailable by bench/receipt.py")
        return original(self, name, *args, **kwargs)

    if not subset:
        cffi.FFI.dlopen = dlopen
    try:
        with warnings.catch_warnings():
            # "HarfBuzz-Subset will be required by future versions of WeasyPrint."
            warnings.simplefilter("ignore", DeprecationWarning)
            import weasyprint
            import weasyprint.pdf.fonts
            import weasyprint.text.ffi  # noqa: F401
    finally:
        cffi.FFI.dlopen = original
    return refused


SUBSET_CALLS: Counter = Counter()


def subsetters_count() -> None:
    """Count every call of WeasyPrint's two font subsetters (one per font per render)."""
    from weasyprint.pdf.fonts import Font

    for name, attribute in (("harfbuzz", "_harfbuzz_subset"), ("fonttools", "_fonttools_subset")):
        method = getattr(Font, attribute)

        @functools.wraps(method)
        def counted(self, *args, _name=name, _method=method, **kwargs):
            SUBSET_CALLS[_name] += 1
            return _method(self, *args, **kwargs)

        setattr(Font, attribute, counted)


def subset_state() -> dict:
    from weasyprint.pdf import fonts
    from weasyprint.text import ffi

    with open("/proc/self/maps") as maps:
        mapped = sorted(
            {line.split()[-1] for line in maps if f"lib{SUBSET_LIBRARY}" in line and "/" in line}
        )
    loaded = fonts.harfbuzz_subset is not None
    return {
        # What pdf/fonts.py tests before it uses HarfBuzz (`Font.subset`).
        "harfbuzz_subset_loaded": loaded,
        "harfbuzz_at_least_4_1": bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0)),
        "harfbuzz_subset_usable": bool(loaded and ffi.harfbuzz.hb_version_atleast(4, 1, 0)),
        "library_mapped": mapped,  # from /proc/self/maps
    }


class WarningsKept(logging.Handler):
    """WeasyPrint's log messages, counted (not printed: fontTools mode logs each render)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.counts: Counter = Counter()

    def emit(self, record):
        self.counts[f"{record.levelname}: {record.getMessage()}"[:300]] += 1


# -- The two contenders -------------------------------------------------------------------


def plain_html(html: str) -> str:
    """The same receipt as plain HTML: no stylesheet (hence no web font), no QR code,
    no classes; the same elements, text, language and direction."""
    plain, links = re.subn(r'<link rel="stylesheet"[^>]*>\n?', "", html)
    plain, svgs = re.subn(r"<svg\b.*?</svg>", "", plain, flags=re.DOTALL)
    plain, _images = re.subn(r"<img\b[^>]*>", "", plain)
    plain = re.sub(r' class="[^"]*"', "", plain)
    if links != 1 or svgs != 1:
        raise WorkerError(f"expected one stylesheet and one QR code, found {links} and {svgs}")
    return plain


class Renderer:
    def __init__(self, *, submission_pk: int, expected_sha256: str):
        from django.conf import settings
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration

        from receipts import pdf as receipt_pdf
        from receipts.services import receipt_due_date
        from submissions.models import Submission

        # As receipt_generate reads it (without the row lock: nothing else writes here).
        self.submission = Submission.objects.select_related("service", "form_version").get(
            pk=submission_pk
        )
        self.due_date = receipt_due_date(self.submission)
        self.language = settings.LANGUAGE_CODE
        self.expected = expected_sha256
        self.render_production = receipt_pdf.receipt_pdf_render
        # receipt_pdf_render is html_to_pdf(receipt_html(...)): note the moment it hands
        # the HTML to WeasyPrint, to split the time, and the HTML, to check its bytes.
        self.handed: dict = {}
        original = receipt_pdf.html_to_pdf

        def html_to_pdf(html: str) -> bytes:
            self.handed.update(wall=time.perf_counter(), cpu=time.process_time(), html=html)
            return original(html)

        receipt_pdf.html_to_pdf = html_to_pdf
        self.HTML = HTML
        # The plain baseline gets the production's advantage too: one font configuration
        # reused across renders (not WeasyPrint's default of a new one per document).
        self.plain_fonts = FontConfiguration()
        self.plain = ""

    def styled(self) -> tuple[bytes, float, float]:
        self.handed.clear()
        pdf = self.render_production(submission=self.submission, due_date=self.due_date)
        if "html" not in self.handed:
            raise WorkerError("receipt_pdf_render no longer goes through html_to_pdf")
        return pdf, self.handed["wall"], self.handed["cpu"]

    def plain_render(self) -> tuple[bytes, float, float]:
        now = (time.perf_counter(), time.process_time())
        return self.HTML(string=self.plain).write_pdf(font_config=self.plain_fonts), *now

    def check_html(self) -> None:
        digest = hashlib.sha256(self.handed["html"].encode()).hexdigest()
        if digest != self.expected:
            raise WorkerError(
                "the styled HTML differs from what receipt_generate rendered "
                f"(sha256 {digest[:12]} != {self.expected[:12]})"
            )

    def run(self, contender: str, n: int) -> list[list[float]]:
        from django.utils import translation

        render = self.styled if contender == "styled" else self.plain_render
        samples = []
        with translation.override(self.language):  # as receipt_generate does
            for _ in range(n):
                wall, cpu = time.perf_counter(), time.process_time()
                pdf, handed_wall, handed_cpu = render()
                cpu_end, wall_end = time.process_time(), time.perf_counter()
                if not pdf.startswith(b"%PDF-"):
                    raise WorkerError(f"{contender}: the render is not a PDF")
                if contender == "styled":
                    self.check_html()
                samples.append(
                    [wall_end - wall, cpu_end - cpu, handed_wall - wall, handed_cpu - cpu]
                )
        return samples


# -- Main ---------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subset", choices=("on", "off"), required=True)
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured renders of each")
    args = parser.parse_args()
    subset = args.subset == "on"
    # The protocol has stdout to itself; stray prints go to stderr.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    def send(message: dict) -> None:
        protocol.write(json.dumps(message) + "\n")

    try:
        began = time.perf_counter()
        refused = weasyprint_import(subset=subset)
        import django

        django.setup()
        import weasyprint

        kept = WarningsKept()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(kept)
        logger.propagate = False  # its level stays the settings' (LOG_LEVEL)
        subsetters_count()
        state = subset_state()
        if state["harfbuzz_subset_usable"] != subset:
            raise WorkerError(f"asked for subset={args.subset}, WeasyPrint has {state}")

        renderer = Renderer(
            submission_pk=int(os.environ["BENCH_RECEIPT_SUBMISSION"]),
            expected_sha256=os.environ["BENCH_RECEIPT_HTML_SHA256"],
        )
        first = renderer.run("styled", 1)[0][0]
        renderer.plain = plain_html(renderer.handed["html"])
        first_plain = renderer.run("plain", 1)[0][0]
        warm = {name: renderer.run(name, args.warmup) for name in CONTENDERS}
        # Which subsetter ran during the warm-up: the mode really in effect.
        used = dict(SUBSET_CALLS)
        wanted, other = ("harfbuzz", "fonttools") if subset else ("fonttools", "harfbuzz")
        if not used.get(wanted) or used.get(other):
            raise WorkerError(f"subset={args.subset}, but the subsetters called were {used}")
        samples_dir = Path(os.environ["BENCH_RECEIPT_SAMPLES"])
        for name in CONTENDERS:
            pdf = (renderer.styled() if name == "styled" else renderer.plain_render())[0]
            (samples_dir / f"{name}-subset-{args.subset}.pdf").write_bytes(pdf)
        (samples_dir / "plain.html").write_text(renderer.plain)
        send(
            {
                "ready": {
                    "weasyprint": weasyprint.__version__,
                    "dlopen_refused": refused,
                    **state,
                    "subset_calls_warmup": used,
                    "first_render_ms": {"styled": first * 1000, "plain": first_plain * 1000},
                    "warm_median_ms": {
                        name: sorted(s[0] for s in warm[name])[len(warm[name]) // 2] * 1000
                        for name in CONTENDERS
                    },
                    "startup_s": time.perf_counter() - began,
                }
            }
        )
        for line in sys.stdin:
            command = json.loads(line)
            if command.get("quit"):
                break
            SUBSET_CALLS.clear()
            samples = renderer.run(command["run"], int(command["n"]))
            send({"samples": samples, "subset_calls": dict(SUBSET_CALLS)})
        send({"bye": {"weasyprint_log": dict(kept.counts)}})
        return 0
    except Exception as error:  # reported to bench/receipt.py, which exits non-zero
        send({"error": f"{type(error).__name__}: {error}", "traceback": traceback.format_exc()})
        return 1


if __name__ == "__main__":
    sys.exit(main())
