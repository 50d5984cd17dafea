"""bench/scale.py's figures: each endpoint's timings at each size summed up, the
big/small ratios, the table and the summary line.
Standard library only; the arithmetic both benches of two sizes use is in bench/two_sizes.py."""

from __future__ import annotations

import statistics
from functools import partial

from bench.figures import SizeTable, aim_verdict, milliseconds, percentile, size_ratios

AIM = 1.2  # an endpoint's web + database CPU at the big size over the small size's


_ms = partial(milliseconds, digits=2)


def summarise(rounds: list[list]) -> dict:
    """One endpoint at one size; `rounds` holds, per round, its timings."""
    timings = [timing for batch in rounds for timing in batch]
    work = [t.cpu + t.db_cpu for t in timings]
    wall = [t.wall for t in timings]
    return {
        "n": len(timings),
        # The measure: this process's CPU and its PostgreSQL backend's, per request.
        "cpu_median_ms": _ms(statistics.median(work)),
        "cpu_p95_ms": _ms(percentile(work, 0.95)),
        "web_cpu_median_ms": _ms(statistics.median(t.cpu for t in timings)),
        "db_cpu_median_ms": _ms(statistics.median(t.db_cpu for t in timings)),
        "db_wait_median_ms": _ms(statistics.median(t.db_wait for t in timings)),
        "wall_median_ms": _ms(statistics.median(wall)),
        "wall_p95_ms": _ms(percentile(wall, 0.95)),
        "queries": max(t.queries for t in timings),
    }


def ratios(summaries: dict[str, dict[str, dict]]) -> dict[str, dict]:
    """Per endpoint, big over small (lower is better; the aim: <= 1.2x by median CPU)."""
    fields = {"cpu": "cpu_median_ms", "wall": "wall_median_ms", "db_cpu": "db_cpu_median_ms"}
    return size_ratios(summaries, fields, measure="cpu", aim=AIM)


def summary_line(result: dict[str, dict], rows: dict[str, int]) -> str:
    pairs = ", ".join(f"{name} {r['cpu']}x" for name, r in result.items())
    return (
        f"scale: big/small web+db CPU per request, {rows['big']:,} vs {rows['small']:,} "
        f"requests: {pairs} | {aim_verdict(result, AIM)}"
    )


TABLE = SizeTable(
    measure="cpu",
    first=("endpoint", 21),
    size_width=6,
    columns=[
        ("n", "n", 5),
        ("cpu ms", "cpu_median_ms", 9),
        ("web ms", "web_cpu_median_ms", 9),
        ("db ms", "db_cpu_median_ms", 9),
        ("wall ms", "wall_median_ms", 9),
        ("queries", "queries", 8),
    ],
    ratio_width=7,
)
