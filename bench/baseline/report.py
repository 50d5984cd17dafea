"""bench/submit.py's figures: a scenario's windows summed up, the ratios, the table."""

from __future__ import annotations

from bench.figures import text_table

from . import load

# (name, ours, the request of ours compared (None: the whole operation), theirs, aim by CPU)
COMPARISONS = [
    ("get", "html.get", None, "stock.get", 2.0),
    ("save", "html.visit", "post_review", "stock.post", 2.0),
    ("visit", "html.visit", None, "stock.visit", 1.5),
    ("api", "api.post", None, "stock.post", 2.0),
    ("api_vs_same_writes", "api.post", None, "same.post", 0.5),
]
WITH_WORKER = {"save", "visit", "api"}


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
        # From the server's X-Bench-Cpu header: each request's gunicorn worker CPU and its
        # database backend's CPU, by request of the operation (mean ms), and per operation.
        **_header_cpu(done),
        # CPU per operation in the measured windows: gunicorn's workers, the bench
        # database's PostgreSQL backends and the load clients, all on the same cores.
        "server_cpu_ms_per_op": per_op(cpu["server_cpu"]),
        "db_cpu_ms_per_op": per_op(cpu["db_cpu"]),
        "client_cpu_ms_per_op": per_op(cpu["client_cpu"]),
        "machine_busy_pct": round(100 * busy / total, 1),
        # CPU other programs on this machine took meanwhile: the noise in ops_per_s.
        "other_programs_cpu_pct": round(100 * max(0.0, others) / total, 1),
    }


def _header_cpu(done: list) -> dict:
    web: dict[str, list[int]] = {}
    db: dict[str, list[int]] = {}
    for record in done:
        for label, web_ns, db_ns in record.cpu:
            web.setdefault(label, []).append(web_ns)
            db.setdefault(label, []).append(db_ns)
    by_request = {
        label: {
            "web_ms": ms(sum(web[label]) / len(web[label]) / 1e9),
            "db_ms": ms(sum(db[label]) / len(db[label]) / 1e9),
            "n": len(web[label]),
        }
        for label in web
    }
    ops = len(done) or 1
    web_total = sum(sum(values) for values in web.values()) / ops / 1e9
    db_total = sum(sum(values) for values in db.values()) / ops / 1e9
    return {
        "cpu_by_request": by_request,
        "web_ms_per_op": ms(web_total) if web else None,
        "db_ms_per_op": ms(db_total) if db else None,
    }


def _ratio(mine, theirs) -> float | None:
    return round(mine / theirs, 2) if mine and theirs else None


def _cpu(scenario: dict, label: str | None) -> float | None:
    """Web + database CPU (ms, from the CPU headers): per operation, or per request
    `label` of the operation."""
    if label is None:
        web, db = scenario["web_ms_per_op"], scenario["db_ms_per_op"]
    else:
        entry = scenario["cpu_by_request"].get(label) or {}
        web, db = entry.get("web_ms"), entry.get("db_ms")
    return None if web is None or db is None else round(web + db, 2)


def _comparison(scenarios: dict, spec: tuple, worker: dict | None) -> dict:
    name, ours, ours_label, theirs, aim = spec
    mine, other = scenarios[ours], scenarios[theirs]
    mine_cpu, their_cpu = _cpu(mine, ours_label), _cpu(other, None)
    entry = {
        "ours": ours + (f" [{ours_label}]" if ours_label else ""),
        "theirs": theirs,
        "ours_cpu_ms": mine_cpu,
        "theirs_cpu_ms": their_cpu,
        # The aims' measure: how many more of these the same CPU serves.
        "by_cpu": _ratio(their_cpu, mine_cpu),
        # A request inside a visit has no throughput of its own.
        "by_throughput": None if ours_label else _ratio(mine["ops_per_s"], other["ops_per_s"]),
        "aim": aim,
    }
    entry["aim_met"] = entry["by_cpu"] is not None and entry["by_cpu"] >= aim
    if worker and name in WITH_WORKER and mine_cpu is not None:
        # Web + the workers' share of the submission it saved; stock has no worker work.
        entry["ours_cpu_with_worker_ms"] = round(mine_cpu + worker["total_ms"], 2)
        entry["by_cpu_with_worker"] = _ratio(their_cpu, entry["ours_cpu_with_worker_ms"])
    return entry


def ratios(scenarios: dict, worker: dict | None = None) -> dict:
    """Ours against its like: stock's GET, saving POST and whole visit, and the API against
    stock's saving POST and against the view that writes the same rows.

    by_cpu (the aims' measure): the inverse ratio of web + database CPU per operation
    (or per request), from the server's CPU headers: the throughput a machine of our own
    would give, steady when other programs share this one. by_throughput: ops/s in the
    same run, disturbed by them. by_cpu_with_worker: ours with the workers' CPU per
    submission added (routing, PDF, SMS).
    """
    result = {spec[0]: _comparison(scenarios, spec, worker) for spec in COMPARISONS}
    floor = {}
    for kind in ("get", "post", "visit"):
        bare = _cpu(scenarios[f"bare.{kind}"], None)
        floor[kind] = {
            "stock_by_cpu": _ratio(bare, _cpu(scenarios[f"stock.{kind}"], None)),
            "bare_cpu_ms": bare,
        }
    result["bare_floor"] = floor
    return result


def summary_line(result: dict, worker: dict | None) -> str:
    """The one-line summary: the ratios by CPU, the throughput ratios after them."""

    def cpu(name: str) -> str:
        entry = result[name]
        text = f"{entry['by_cpu']}x"
        if "by_cpu_with_worker" in entry:
            text += f" ({entry['by_cpu_with_worker']}x with worker)"
        return text

    met = sum(result[spec[0]]["aim_met"] for spec in COMPARISONS)
    thr = " ".join(
        f"{spec[0]} {result[spec[0]]['by_throughput']}x"
        for spec in COMPARISONS
        if result[spec[0]]["by_throughput"] is not None
    )
    worker_text = f"worker {worker['total_ms']} ms/submission | " if worker else ""
    return (
        f"submit (web+db CPU, ours vs stock): GET {cpu('get')} | saving POST {cpu('save')} | "
        f"visit {cpu('visit')} | API {cpu('api')}, {cpu('api_vs_same_writes')} same-writes "
        f"view | {worker_text}aims met {met}/{len(COMPARISONS)} | by throughput: {thr}"
    )


TABLE_COLUMNS = [
    ("scenario", 12),
    ("ops/s", 8),
    ("req/s", 8),
    ("p50 ms", 9),
    ("p95 ms", 9),
    ("errors", 7),
    ("rows", 7),
    ("web ms/op", 10),
    ("db ms/op", 9),
    ("others", 8),
]


def table(scenarios: dict) -> str:
    rows = []
    for name, s in scenarios.items():
        cells = [s[key] for key in ("p50_ms", "p95_ms", "web_ms_per_op", "db_ms_per_op")]
        p50, p95, cpu, db = ("-" if cell is None else cell for cell in cells)
        rows.append(
            [
                name,
                s["ops_per_s"],
                s["requests_per_s"],
                p50,
                p95,
                s["errors"],
                s["rows_created"],
                cpu,
                db,
                f"{s['other_programs_cpu_pct']}%",
            ]
        )
    return text_table(TABLE_COLUMNS, rows)
