"""bench/receipt.py's figures: each contender's samples summed up, the ratios, the table
and the summary line. Standard library only."""

from __future__ import annotations

import statistics
from functools import partial

from bench.figures import milliseconds, percentile, text_table

AIM_STYLED_VS_PLAIN = 1.5  # our styled receipt's median CPU per receipt, over the plain one's
# (mode, contender) -> the name in the report
NAMES = {
    ("on", "styled"): "styled",
    ("on", "plain"): "plain",
    ("off", "styled"): "styled_no_subset",
    ("off", "plain"): "plain_no_subset",
}


_ms = partial(milliseconds, digits=2)


def summarise(rounds: list[list[list[float]]]) -> dict:
    """One contender's figures; `rounds` holds, per round, [wall, cpu, html_wall, html_cpu]
    per receipt (html_*: until receipt_pdf_render handed its HTML to WeasyPrint)."""
    samples = [sample for batch in rounds for sample in batch]
    wall = [s[0] for s in samples]
    cpu = [s[1] for s in samples]
    html = [s[2] for s in samples]
    pdf = [s[0] - s[2] for s in samples]
    return {
        "n": len(samples),
        "receipts_per_s": round(len(samples) / sum(wall), 2),
        "median_ms": _ms(statistics.median(wall)),
        "p95_ms": _ms(percentile(wall, 0.95)),
        "mean_ms": _ms(statistics.fmean(wall)),
        "min_ms": _ms(min(wall)),
        # CPU of the render process per receipt (time.process_time): what another
        # program on the machine disturbs least.
        "cpu_s_per_receipt": round(statistics.fmean(cpu), 5),
        "cpu_median_ms": _ms(statistics.median(cpu)),
        "cpu_p95_ms": _ms(percentile(cpu, 0.95)),
        "receipts_per_cpu_s": round(len(samples) / sum(cpu), 2),
        # Until the HTML reached WeasyPrint (template, database, QR code) and after.
        "html_median_ms": _ms(statistics.median(html)),
        "pdf_median_ms": _ms(statistics.median(pdf)),
        "median_ms_by_round": [_ms(statistics.median(s[0] for s in batch)) for batch in rounds],
    }


def _ratio(mine: float, theirs: float) -> float | None:
    return round(mine / theirs, 2) if mine and theirs else None


def ratios(contenders: dict) -> dict:
    """styled/plain (lower is better; the aim: <= 1.5 by median CPU per receipt) with and
    without HarfBuzz subsetting, and without/with subsetting for each contender."""
    result: dict = {}
    for label, styled, plain in (
        ("styled_vs_plain", "styled", "plain"),
        ("styled_vs_plain_no_subset", "styled_no_subset", "plain_no_subset"),
    ):
        s, p = contenders[styled], contenders[plain]
        result[label] = {
            "median_cpu": _ratio(s["cpu_median_ms"], p["cpu_median_ms"]),
            "median_wall": _ratio(s["median_ms"], p["median_ms"]),
            "p95_wall": _ratio(s["p95_ms"], p["p95_ms"]),
            "plain_per_s_over_styled_per_s": _ratio(p["receipts_per_s"], s["receipts_per_s"]),
            # WeasyPrint's part alone: our HTML against the plain one.
            "median_wall_pdf_only": _ratio(s["pdf_median_ms"], p["pdf_median_ms"]),
        }
        result[label]["aim_met"] = bool(
            result[label]["median_cpu"] is not None
            and result[label]["median_cpu"] <= AIM_STYLED_VS_PLAIN
        )
    for name in ("styled", "plain"):
        off, on = contenders[f"{name}_no_subset"], contenders[name]
        result[f"{name}_no_subset_vs_subset"] = {
            "median_cpu": _ratio(off["cpu_median_ms"], on["cpu_median_ms"]),
            "median_wall": _ratio(off["median_ms"], on["median_ms"]),
            "p95_wall": _ratio(off["p95_ms"], on["p95_ms"]),
        }
    return result


def summary_line(contenders: dict, result: dict) -> str:
    main, bare = result["styled_vs_plain"], result["styled_vs_plain_no_subset"]
    styled = contenders["styled"]
    verdict = "met" if main["aim_met"] else "NOT met"
    return (
        f"receipt: styled/plain {main['median_cpu']}x CPU, {main['median_wall']}x wall "
        f"(medians; aim <= {AIM_STYLED_VS_PLAIN}x: {verdict}) | without HarfBuzz subsetting: "
        f"styled/plain {bare['median_cpu']}x CPU | without/with subsetting: styled "
        f"{result['styled_no_subset_vs_subset']['median_cpu']}x, plain "
        f"{result['plain_no_subset_vs_subset']['median_cpu']}x CPU | styled "
        f"{styled['receipts_per_s']} receipts/s, median {styled['median_ms']} ms, "
        f"p95 {styled['p95_ms']} ms"
    )


TABLE_COLUMNS = [
    ("contender", 18),
    ("n", 5),
    ("rec/s", 8),
    ("med ms", 9),
    ("p95 ms", 9),
    ("cpu ms", 9),
    ("html ms", 9),
    ("pdf ms", 9),
]
# The contenders' summary fields shown, after the name, in TABLE_COLUMNS' order.
TABLE_FIELDS = (
    "n",
    "receipts_per_s",
    "median_ms",
    "p95_ms",
    "cpu_median_ms",
    "html_median_ms",
    "pdf_median_ms",
)


def table(contenders: dict) -> str:
    rows = [[name, *(c[field] for field in TABLE_FIELDS)] for name, c in contenders.items()]
    return text_table(TABLE_COLUMNS, rows)
