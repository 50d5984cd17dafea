"""The free-slot lookup of one service over 60 days, with 100,000 existing bookings
against 1,000 (the aim: <= 1.5x), in one run.

    .venv/bin/python bench/slots.py [--rounds 7] [--per-round 20] [--database-url URL]

It migrates a temporary SQLite database (or the PostgreSQL database given, which it
must be free to fill), builds one department with a schedule (Saturday to Wednesday
8:00-14:00, 10-minute slots, 4 places) and a service, and two other departments whose
bookings fill the tables: "small" holds 1,000 bookings, "large" 100,000 (each a Booking
row and its Slot row's count, spread over the past and coming year). The measured
service's own 60 days hold the same 300 bookings in both. It times
`appointments.selectors.free_slots` for 60 days with 1,000 bookings in the tables, then
adds 99,000 more and times it again (one database, so not interleaved).

Writes bench/results/slots.json (per size: n, median and p95 ms) and prints one summary
line with the large/small ratio of the medians.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
RESULTS = REPO / "bench" / "results" / "slots.json"
AIM = 1.5
SIZES = {"small": 1_000, "large": 100_000}
DAYS = 60


def setup_django(database_url: str | None) -> None:
    workdir = tempfile.mkdtemp(prefix="khedmat-bench-slots-")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.dev")
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ["PIPELINE_EMBEDDED_BACKGROUND"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def schedule_make(department):
    from appointments.models import OpeningSchedule

    hours = {}
    for day in ("sat", "sun", "mon", "tue", "wed"):
        hours[f"{day}_opens"] = datetime.time(8, 0)
        hours[f"{day}_closes"] = datetime.time(14, 0)
    return OpeningSchedule.objects.create(
        department=department, slot_minutes=10, counters=4, horizon_days=DAYS, **hours
    )


def service_make(department, code: str):
    from wagtail.models import Page

    from catalog.models import ServicePage

    root = Page.get_first_root_node()
    page = ServicePage(
        title=f"خدمت {code}",
        slug=f"bench-{code}",
        service_code=code,
        audience="شهروندان",
        summary="خدمت آزمایشی",
        duration_days=5,
    )
    page.department = department
    page.channel_in_person, page.in_person_visits = True, 1
    return root.add_child(instance=page)


def bookings_fill(schedule, service, count: int, *, start: datetime.date, span_days: int):
    """`count` bookings of `schedule`, at least four to a slot, over `span_days`."""
    from django.utils import timezone

    from appointments.models import Booking, Slot
    from appointments.selectors import slot_capacities

    slots = sorted(slot_capacities(schedule, start, start + datetime.timedelta(span_days)))
    per_slot = max(4, -(-count // len(slots)))  # a slot's row counts them, whatever its size
    needed = -(-count // per_slot)
    chosen = [slots[i * len(slots) // needed] for i in range(needed)]
    Slot.objects.bulk_create(
        [Slot(schedule=schedule, starts_at=when, booked=per_slot) for when in chosen],
        batch_size=2000,
    )
    by_time = dict(Slot.objects.filter(schedule=schedule).values_list("starts_at", "pk"))
    rows = []
    for number in range(count):
        when = chosen[number // per_slot]
        rows.append(
            Booking(
                code=f"{schedule.pk}{number:09d}"[-16:],
                manage_token=f"bench-{schedule.pk}-{number}",
                service=service,
                department_id=schedule.department_id,
                slot_id=by_time[when],
                starts_at=when,
                mobile=f"09{schedule.pk:02d}{number:07d}"[:11],
                created_at=timezone.now(),
                status="cancelled" if number % 4 == 3 else "booked",
            )
        )
    Booking.objects.bulk_create(rows, batch_size=5000)


def measured_make():
    """The measured schedule and its service, with the same 300 own bookings."""
    from django.utils import timezone

    from catalog.models import Department

    department = Department.objects.create(name="واحد سنجش", code="MEASURED")
    schedule = schedule_make(department)
    bookings_fill(
        schedule,
        service_make(department, "90000000001"),
        300,
        start=timezone.localdate(),
        span_days=DAYS,
    )
    return schedule


def others_fill(label: str, count: int) -> None:
    """`count` bookings of another department, over the past and the coming year."""
    from django.utils import timezone

    from catalog.models import Department

    department = Department.objects.create(name=f"انبوه {label}", code=f"OTHER-{label}")
    schedule = schedule_make(department)
    service = service_make(department, f"8{count:010d}")
    start = timezone.localdate() - datetime.timedelta(365)
    bookings_fill(schedule, service, count, start=start, span_days=730)


def rounds_time(schedule, rounds: int, per_round: int) -> list[float]:
    for _ in range(5):
        time_lookup(schedule)
    return [time_lookup(schedule) for _ in range(rounds * per_round)]


def time_lookup(schedule) -> float:
    from appointments.selectors import free_slots

    started = time.perf_counter()
    slots = free_slots(schedule, days=DAYS)
    elapsed = time.perf_counter() - started
    if not slots:
        raise SystemExit("slots: FAILED: no free slot found")
    return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--per-round", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    # One database: measured with 1,000 other bookings, then again once 99,000 more are in.
    measured = measured_make()
    others_fill("small", SIZES["small"] - 300)
    samples = {"small": rounds_time(measured, args.rounds, args.per_round)}
    others_fill("large", SIZES["large"] - SIZES["small"])
    samples["large"] = rounds_time(measured, args.rounds, args.per_round)
    figures = {
        label: {
            "bookings": SIZES[label],
            "n": len(values),
            "median_ms": round(statistics.median(values) * 1000, 3),
            "p95_ms": round(sorted(values)[int(len(values) * 0.95) - 1] * 1000, 3),
        }
        for label, values in samples.items()
    }
    ratio = figures["large"]["median_ms"] / figures["small"]["median_ms"]
    from django.db import connection

    report = {"days": DAYS, "figures": figures, "ratio": round(ratio, 3), "aim": AIM}
    report["database"] = connection.vendor
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(
        f"slots: free-slot lookup over {DAYS} days, 100,000 vs 1,000 bookings: "
        f"{figures['large']['median_ms']} ms vs {figures['small']['median_ms']} ms median, "
        f"{ratio:.2f}x (aim <= {AIM}x) on {connection.vendor}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
