"""bench/audit.py's figures: each page's samples at each size summed up, the big/small
ratios, the table and the summary line.
Standard library only; the arithmetic both benches of two sizes use is in bench/two_sizes.py."""

from __future__ import annotations

import statistics
from functools import partial

from bench.figures import SizeTable, aim_verdict, milliseconds, percentile, size_ratios

AIM_BIG_VS_SMALL = 2.0  # a page's median time with the big data set over the small one's


_ms = partial(milliseconds, digits=1)


def summarise(rounds: list[list]) -> dict:
    """One page at one size; `rounds` holds, per round, its samples (wall, cpu, db, queries)."""
    samples = [sample for batch in rounds for sample in batch]
    wall = [s.wall for s in samples]
    cpu = [s.cpu for s in samples]
    db = [s.db for s in samples]
    queries = [s.queries for s in samples]
    return {
        "n": len(samples),
        "median_ms": _ms(statistics.median(wall)),
        "p95_ms": _ms(percentile(wall, 0.95)),
        "mean_ms": _ms(statistics.fmean(wall)),
        "min_ms": _ms(min(wall)),
        # This process's CPU (Python: view and template) and the time in the database
        # (from sending each query to having its rows), per request.
        "cpu_median_ms": _ms(statistics.median(cpu)),
        "db_median_ms": _ms(statistics.median(db)),
        "queries": max(queries),
        "median_ms_by_round": [_ms(statistics.median(s.wall for s in batch)) for batch in rounds],
    }


def ratios(summaries: dict[str, dict[str, dict]]) -> dict[str, dict]:
    """Per page, big over small (lower is better; the aim: <= 2x by median time)."""
    fields = {
        "median": "median_ms",
        "p95": "p95_ms",
        "cpu_median": "cpu_median_ms",
        "db_median": "db_median_ms",
    }
    return size_ratios(summaries, fields, measure="median", aim=AIM_BIG_VS_SMALL)


def summary_line(result: dict[str, dict], sizes: dict[str, dict]) -> str:
    small, big = sizes["small"], sizes["big"]
    pairs = ", ".join(f"{name} {r['median']}x (p95 {r['p95']}x)" for name, r in result.items())
    return (
        f"audit: big/small median time, {big['requests']:,} vs {small['requests']:,} requests "
        f"and {big['history']:,} vs {small['history']:,} history rows: {pairs} "
        f"| {aim_verdict(result, AIM_BIG_VS_SMALL)}"
    )


TABLE = SizeTable(
    measure="median",
    first=("page", 13),
    size_width=7,
    columns=[
        ("n", "n", 4),
        ("med ms", "median_ms", 9),
        ("p95 ms", "p95_ms", 9),
        ("cpu ms", "cpu_median_ms", 9),
        ("db ms", "db_median_ms", 9),
        ("queries", "queries", 9),
    ],
    ratio_width=8,
)
