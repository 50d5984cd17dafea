"""bench/submit.py's figures: a scenario's windows summed up, the ratios, the table."""

from __future__ import annotations

from . import load

AIM_VS_STOCK = 2.0
AIM_VS_BARE = 0.5
COMPARISONS = [  # (kind, ours, stock baseline, bare baseline)
    ("post", "html.post", "stock.post", "bare.post"),
    ("post", "api.post", "stock.post", "bare.post"),
    ("get", "html.get", "stock.get", "bare.get"),
    ("visit", "html.visit", "stock.visit", "bare.visit"),
]


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)


def summarise(name: str, windows: list[dict]) -> dict:
    """A scenario's figures over all its windows (one per round)."""
    scenario = load.SCENARIOS[name]
    records = [r for w in windows for r in w["records"]]
    done = [r for w in windows for r in w["measured"] if not r.error]
    failed = [r for r in records if r.error]
    seconds = sum(w["seconds"] for w in windows)
    latencies = [r.end - r.start for r in done]
    per_request: dict[str, list[float]] = {}
    for record in done:
        for label, spent in record.timings:
            per_request.setdefault(label, []).append(spent)
    samples: dict[str, int] = {}
    for record in failed:
        samples[record.error] = samples.get(record.error, 0) + 1
    saved = sum(r.saved for r in records)
    created = sum(w["created"] for w in windows)
    ops = len(done)
    cpu = {key: sum(w[key] for w in windows) for key in ("server_cpu", "db_cpu", "client_cpu")}
    busy = sum(w["machine_busy"] for w in windows)
    total = sum(w["machine_total"] for w in windows) or 1.0
    others = busy - sum(cpu.values())

    def per_op(value: float) -> float | None:
        return ms(value / ops) if ops else None

    return {
        "contender": scenario.contender,
        "kind": scenario.kind,
        "requests_per_op": scenario.requests_per_op,
        "ops": ops,
        "ops_per_s": round(ops / seconds, 1),
        "requests_per_s": round(ops * scenario.requests_per_op / seconds, 1),
        "ops_per_s_by_round": [
            round(sum(1 for r in w["measured"] if not r.error) / w["seconds"], 1) for w in windows
        ],
        "p50_ms": ms(percentile(latencies, 0.50)),
        "p95_ms": ms(percentile(latencies, 0.95)),
        "p99_ms": ms(percentile(latencies, 0.99)),
        "per_request_p50_ms": {k: ms(percentile(v, 0.50)) for k, v in per_request.items()},
        "per_request_p95_ms": {k: ms(percentile(v, 0.95)) for k, v in per_request.items()},
        "errors": len(failed),
        "error_rate": round(len(failed) / max(1, len(records)), 4),
        "error_samples": dict(sorted(samples.items(), key=lambda item: -item[1])[:5]),
        "ops_with_warmup": len(records),
        "rows_saved_acknowledged": saved,
        "rows_created": created,
        "rows_ok": saved <= created <= saved + len(failed),
        # CPU per operation in the measured windows: gunicorn's workers, the bench
        # database's PostgreSQL backends and the load clients, all on the same cores.
        "server_cpu_ms_per_op": per_op(cpu["server_cpu"]),
        "db_cpu_ms_per_op": per_op(cpu["db_cpu"]),
        "client_cpu_ms_per_op": per_op(cpu["client_cpu"]),
        "machine_busy_pct": round(100 * busy / total, 1),
        # CPU other programs on this machine took meanwhile: the noise in ops_per_s.
        "other_programs_cpu_pct": round(100 * max(0.0, others) / total, 1),
    }


def _ratio(mine, theirs) -> float | None:
    return round(mine / theirs, 2) if mine and theirs else None


def ratios(scenarios: dict) -> dict:
    """Ours against the stock builder and the bare insert, per comparison.

    vs_*: throughput (ops/s) ratios, the aims' measure; p95_vs_*: latency ratios (lower
    is better); cpu_vs_*: the inverse ratio of server + database CPU per operation, the
    throughput a machine of our own would give: steadier when other programs share it.
    """
    result: dict = {}
    for kind, ours, stock, bare in COMPARISONS:
        mine = scenarios[ours]
        mine_cpu = (mine["server_cpu_ms_per_op"] or 0) + (mine["db_cpu_ms_per_op"] or 0)
        entry: dict = {"ours": ours}
        for label, other in (("stock", stock), ("bare", bare)):
            theirs = scenarios[other]
            theirs_cpu = (theirs["server_cpu_ms_per_op"] or 0) + (theirs["db_cpu_ms_per_op"] or 0)
            entry[f"vs_{label}"] = _ratio(mine["ops_per_s"], theirs["ops_per_s"])
            entry[f"p95_vs_{label}"] = _ratio(mine["p95_ms"], theirs["p95_ms"])
            entry[f"cpu_vs_{label}"] = _ratio(theirs_cpu, mine_cpu)
        entry["aim_met"] = bool(
            entry["vs_stock"] is not None
            and entry["vs_bare"] is not None
            and entry["vs_stock"] >= AIM_VS_STOCK
            and entry["vs_bare"] >= AIM_VS_BARE
        )
        result.setdefault(ours.split(".")[0], {})[kind] = entry
    return result


def summary_line(result: dict, measure: str = "vs") -> str:
    """The one-line summary: `measure` "vs" (throughput) or "cpu_vs" (CPU per op)."""

    def pair(entry):
        return f"{entry[f'{measure}_stock']}x stock, {entry[f'{measure}_bare']}x bare"

    html, api = result["html"], result["api"]
    line = (
        f"POST html {pair(html['post'])} | API {pair(api['post'])} | "
        f"GET {pair(html['get'])} | visit {pair(html['visit'])}"
    )
    if measure != "vs":
        return f"submit (by CPU per op): {line}"
    met = sum(entry["aim_met"] for group in result.values() for entry in group.values())
    total = sum(len(group) for group in result.values())
    return (
        f"submit: {line} | aims (>= {AIM_VS_STOCK}x stock, >= {AIM_VS_BARE}x bare) "
        f"met {met}/{total}"
    )


def table(scenarios: dict) -> str:
    header = (
        f"{'scenario':<12}{'ops/s':>8}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>7}"
        f"{'rows':>7}{'cpu ms/op':>10}{'db ms/op':>9}{'others':>8}"
    )
    lines = [header, "-" * len(header)]
    for name, s in scenarios.items():
        cells = [s[key] for key in ("p50_ms", "p95_ms", "server_cpu_ms_per_op", "db_cpu_ms_per_op")]
        p50, p95, cpu, db = ("-" if cell is None else cell for cell in cells)
        lines.append(
            f"{name:<12}{s['ops_per_s']:>8}{s['requests_per_s']:>8}{p50:>9}{p95:>9}"
            f"{s['errors']:>7}{s['rows_created']:>7}{cpu:>10}{db:>9}"
            f"{s['other_programs_cpu_pct']:>7}%"
        )
    return "\n".join(lines)
