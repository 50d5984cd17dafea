"""bench/scale.py's figures: each endpoint's timings at each size summed up, the
big/small ratios, the table and the summary line.
Standard library only; the arithmetic both benches of two sizes use is in bench/two_sizes.py."""

from __future__ import annotations

import statistics

from bench.two_sizes import SIZES, aim_verdict, percentile, ratio

AIM = 1.2  # an endpoint's web + database CPU at the big size over the small size's


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def summarise(timings: list) -> dict:
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
    result = {}
    for name, sizes in summaries.items():
        small, big = sizes["small"], sizes["big"]
        cpu = ratio(big["cpu_median_ms"], small["cpu_median_ms"])
        result[name] = {
            "cpu": cpu,
            "wall": ratio(big["wall_median_ms"], small["wall_median_ms"]),
            "db_cpu": ratio(big["db_cpu_median_ms"], small["db_cpu_median_ms"]),
            "queries_added": big["queries"] - small["queries"],
            "aim_met": cpu is not None and cpu <= AIM,
        }
    return result


def summary_line(result: dict[str, dict], rows: dict[str, int]) -> str:
    pairs = ", ".join(f"{name} {r['cpu']}x" for name, r in result.items())
    verdict = aim_verdict(result)
    return (
        f"scale: big/small web+db CPU per request, {rows['big']:,} vs {rows['small']:,} "
        f"requests: {pairs} | aim <= {AIM:g}x: {verdict}"
    )


def table(summaries: dict[str, dict[str, dict]], result: dict[str, dict]) -> str:
    header = (
        f"{'endpoint':<21}{'size':<6}{'n':>5}{'cpu ms':>9}{'web ms':>9}{'db ms':>9}"
        f"{'wall ms':>9}{'queries':>8}{'ratio':>7}"
    )
    lines = [header, "-" * len(header)]
    for name, sizes in summaries.items():
        for size in SIZES:
            s = sizes[size]
            ratio = f"{result[name]['cpu']}x" if size == "big" else ""
            lines.append(
                f"{name:<21}{size:<6}{s['n']:>5}{s['cpu_median_ms']:>9}"
                f"{s['web_cpu_median_ms']:>9}{s['db_cpu_median_ms']:>9}"
                f"{s['wall_median_ms']:>9}{s['queries']:>8}{ratio:>7}"
            )
    return "\n".join(lines)
