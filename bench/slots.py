"""Appointments at scale: the free-slot lookup of one service over 60 days, booking a
visit and the clerk's desk day, with 100,000 bookings in the tables against 1,000, side
by side in one run, in this process on PostgreSQL (the aim: large/small <= 1.5x).

    .venv/bin/python bench/slots.py [--rounds 6] [--per-round 10] [--warmup 3] [--keep-db]

It creates a fresh database (khedmat_bench_slots on the local PostgreSQL, user postgres;
override with BENCH_POSTGRES_URL and BENCH_SLOTS_DATABASE), migrates it with the scale
bench's settings (bench/scale_bench/settings.py: the base settings, DEBUG off) and
builds what both sizes share: the measured unit with a schedule (Saturday to Wednesday
8:00-14:00, 10-minute slots, 4 places, 60 days ahead), its service, 300 bookings of its
coming 60 days, 40 of today for the desk and a clerk of the unit, signed in; and another
unit with its schedule and service. It copies that database (CREATE DATABASE ... TEMPLATE)
to khedmat_bench_slots_large, then fills the other unit's bookings in bulk
(`bulk_create` on our own tables: each a Booking row and its Slot row's count, over the
past and the coming year): up to 1,000 bookings in all in the small database, 100,000
in the large one, and ANALYZEs both.

Measured, each at both sizes:

    lookup   appointments.selectors.free_slots(schedule, days=60)
    book     appointments.services.booking_create on the next free slot (the same
             slots and mobiles at both sizes, so both databases stay alike)
    desk     GET /admin/visits/?department=<the unit> as the clerk (today's 40 bookings)

After a warm-up at both sizes, in rounds, each operation is called --per-round times
per size, the sizes alternating call by call (ABAB...), the first size swapped every
other round, so a change in the machine's load touches both alike. The measure is the
CPU this process and the size's PostgreSQL backend spent on the call (median); wall
time is reported beside it. Every answer is checked (free slots found, a booking made,
the desk's HTTP 200 with today's bookings).

Writes bench/results/slots.json and prints one summary line: large/small by median CPU
per operation. It drops both databases (unless --keep-db). A wrong answer or a failed
build exits non-zero; a missed aim does not.
"""

from __future__ import annotations

import argparse
import contextlib
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

from bench.baseline.schedstat import cpu_ns  # noqa: E402
from bench.two_sizes import POSTGRES, postgres_execute  # noqa: E402

RESULTS = REPO / "bench" / "results" / "slots.json"
DATABASE = os.environ.get("BENCH_SLOTS_DATABASE", "khedmat_bench_slots")
DATABASES = {"small": DATABASE, "large": f"{DATABASE}_large"}
SIZES = {"small": 1_000, "large": 100_000}
OWN, DESK = 300, 40  # the measured unit's bookings: its coming 60 days, and today
DAYS = 60
AIM = 1.5
OPERATIONS = ("lookup", "book", "desk")


class BenchError(Exception):
    """The bench could not run, or an answer was wrong."""


def databases_drop() -> None:
    for name in DATABASES.values():
        try:
            postgres_execute(POSTGRES, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as error:
            print(f"slots: could not drop {name}: {error}", file=sys.stderr)


def database_copy() -> None:
    from django.db import connections

    connections.close_all()
    for attempt in range(20):
        try:
            postgres_execute(
                POSTGRES, f'CREATE DATABASE "{DATABASES["large"]}" TEMPLATE "{DATABASES["small"]}"'
            )
            return
        except Exception as error:  # e.g. autovacuum still connected to the template
            if attempt == 19:
                raise BenchError(f"could not copy {DATABASES['small']}: {error}") from error
            time.sleep(0.5)


def setup_django() -> None:
    workdir = tempfile.mkdtemp(prefix="khedmat-bench-slots-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.scale_bench.settings",
            "BENCH_SCALE_DATABASE_URL": f"{POSTGRES}/{DATABASES['small']}",
            "MEDIA_ROOT": f"{workdir}/media",
            "PRIVATE_MEDIA_ROOT": f"{workdir}/private",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


def use(wrapper) -> None:
    from django.db import connections

    connections["default"] = wrapper


# -- Data ------------------------------------------------------------------------------


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
    return Page.get_first_root_node().add_child(instance=page)


def bookings_fill(schedule, service, count: int, *, start: datetime.date, span_days: int):
    """`count` bookings of `schedule` over `span_days`, four to a slot (full slots)."""
    from django.utils import timezone

    from appointments.models import Booking, Slot
    from appointments.selectors import slot_capacities

    slots = sorted(slot_capacities(schedule, start, start + datetime.timedelta(span_days)))
    per_slot = max(4, -(-count // len(slots)))
    needed = -(-count // per_slot)
    chosen = [slots[i * len(slots) // needed] for i in range(needed)]
    Slot.objects.bulk_create(
        [Slot(schedule=schedule, starts_at=when, booked=per_slot) for when in chosen],
        batch_size=2000,
    )
    by_time = dict(Slot.objects.filter(schedule=schedule).values_list("starts_at", "pk"))
    now = timezone.now()
    rows = (
        Booking(
            code=f"{schedule.pk:02d}{number:09d}"[-16:],
            manage_token=f"bench-{schedule.pk}-{number}",
            service=service,
            department_id=schedule.department_id,
            slot_id=by_time[chosen[number // per_slot]],
            starts_at=chosen[number // per_slot],
            mobile=f"09{schedule.pk % 100:02d}{number:07d}",
            created_at=now,
            status="cancelled" if number % 4 == 3 else "booked",
        )
        for number in range(count)
    )
    Booking.objects.bulk_create(rows, batch_size=5000)


def desk_fill(schedule, service) -> list[str]:
    """Today's 40 bookings of the measured unit (written as the desk finds them); their
    codes."""
    from django.utils import timezone

    from appointments.models import Booking

    today = timezone.localdate()
    first = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8, 0)))
    rows = [
        Booking(
            code=f"77{number:06d}",
            manage_token=f"bench-desk-{number}",
            service=service,
            department_id=schedule.department_id,
            starts_at=first + datetime.timedelta(minutes=10 * (number // 4)),
            mobile=f"0936{number:07d}",
        )
        for number in range(DESK)
    ]
    Booking.objects.bulk_create(rows)
    return [row.code for row in rows]


def shared_make() -> dict:
    """What both sizes hold before the other unit's bookings: see the module's text."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.utils import timezone

    from catalog.models import Department
    from cms_site import roles

    department = Department.objects.create(name="واحد سنجش", code="MEASURED")
    schedule = schedule_make(department)
    service = service_make(department, "90000000001")
    bookings_fill(schedule, service, OWN, start=timezone.localdate(), span_days=DAYS)
    desk_codes = desk_fill(schedule, service)
    other = Department.objects.create(name="واحد انبوه", code="OTHER")
    other_schedule = schedule_make(other)
    other_service = service_make(other, "80000000001")
    clerk = get_user_model().objects.create_user("bench-clerk")  # signed in by force_login
    clerk.groups.add(Group.objects.get(name=roles.STAFF))
    department.members.add(clerk)
    client = Client()
    client.force_login(clerk)  # its session is copied with the database
    return {
        "schedule": schedule,
        "service": service,
        "department_id": department.pk,
        "desk_codes": desk_codes,
        "other": (other_schedule, other_service),
        "client": client,
    }


def others_fill(wrapper, shared, count: int) -> None:
    from django.utils import timezone

    use(wrapper)
    schedule, service = shared["other"]
    start = timezone.localdate() - datetime.timedelta(365)
    bookings_fill(schedule, service, count, start=start, span_days=730)
    with wrapper.cursor() as cursor:
        cursor.execute("ANALYZE")


def row_count(wrapper) -> int:
    use(wrapper)
    from appointments.models import Booking

    return Booking.objects.count()


# -- Operations ------------------------------------------------------------------------


def lookup(shared, number: int) -> None:
    from appointments.selectors import free_slots

    if not free_slots(shared["schedule"], days=DAYS):
        raise BenchError("lookup: no free slot found")


def book(shared, number: int) -> None:
    from appointments.services import booking_create

    starts_at = shared["free"][number]
    booking = booking_create(
        service=shared["service"], starts_at=starts_at, mobile=f"0935{number:07d}"
    )
    if booking.starts_at != starts_at:
        raise BenchError("book: the booking is not at the slot asked for")


def desk(shared, number: int) -> None:
    from formbuilder.persian.text import to_persian_digits

    response = shared["client"].get(f"/admin/visits/?department={shared['department_id']}")
    if response.status_code != 200:
        raise BenchError(f"desk: HTTP {response.status_code}")
    code = to_persian_digits(shared["desk_codes"][number % DESK])
    if code not in response.content.decode():
        raise BenchError("desk: today's booking is not on the page")


CALLS = {"lookup": lookup, "book": book, "desk": desk}


def timed(operation: str, shared, number: int, pid: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and the database backend) of one call."""
    db_began, cpu_began = cpu_ns(pid), time.process_time()
    began = time.perf_counter()
    CALLS[operation](shared, number)
    wall = time.perf_counter() - began
    cpu = time.process_time() - cpu_began + (cpu_ns(pid) - db_began) / 1e9
    return wall, cpu


def measure(args, shared, wrappers, pids) -> dict:
    """Warm-up, then the rounds, sizes alternating call by call; samples per operation
    and size: {"wall": [...], "cpu": [...]}."""
    samples = {(op, size): {"wall": [], "cpu": []} for op in OPERATIONS for size in SIZES}
    numbers = dict.fromkeys(OPERATIONS, 0)  # the same call number at both sizes
    plan = [(False, args.warmup, list(SIZES))]
    for round_number in range(args.rounds):
        order = list(SIZES) if round_number % 2 == 0 else list(reversed(SIZES))
        plan.append((True, args.per_round, order))
    for kept, count, order in plan:
        for operation in OPERATIONS:
            for _ in range(count):
                for size in order:
                    use(wrappers[size])
                    wall, cpu = timed(operation, shared, numbers[operation], pids[size])
                    if kept:
                        samples[operation, size]["wall"].append(wall)
                        samples[operation, size]["cpu"].append(cpu)
                numbers[operation] += 1
    return samples


# -- Report ----------------------------------------------------------------------------


def _ms(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000, 3),
    }


def figures_make(samples) -> dict:
    figures = {}
    for operation in OPERATIONS:
        by_size = {
            size: {
                "n": len(samples[operation, size]["cpu"]),
                "cpu": _ms(samples[operation, size]["cpu"]),
                "wall": _ms(samples[operation, size]["wall"]),
            }
            for size in SIZES
        }
        small, large = by_size["small"], by_size["large"]
        by_size["ratio_cpu"] = round(large["cpu"]["median_ms"] / small["cpu"]["median_ms"], 3)
        by_size["ratio_wall"] = round(large["wall"]["median_ms"] / small["wall"]["median_ms"], 3)
        figures[operation] = by_size
    return figures


def summary_line(figures) -> str:
    cpu = ", ".join(f"{op} {figures[op]['ratio_cpu']:.2f}x" for op in OPERATIONS)
    wall = ", ".join(f"{op} {figures[op]['ratio_wall']:.2f}x" for op in OPERATIONS)
    worst = max(figures[op]["ratio_cpu"] for op in OPERATIONS)
    verdict = "met" if worst <= AIM else "MISSED"
    return (
        f"slots: 100,000 vs 1,000 bookings, large/small by median CPU: {cpu} "
        f"(aim <= {AIM}x: {verdict}); by wall time: {wall}"
    )


# -- Main ------------------------------------------------------------------------------


def build(args):
    """Both databases filled and open; the shared objects; their backends' pids."""
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from bench.audit import backend_pid

    call_command("migrate", interactive=False, verbosity=0)
    shared = shared_make()
    database_copy()
    small = connections["default"]
    large = type(small)({**small.settings_dict, "NAME": DATABASES["large"]}, "default")
    wrappers = {"small": small, "large": large}
    loads, rows = {}, {}
    for size, wrapper in wrappers.items():
        began = time.monotonic()
        others_fill(wrapper, shared, SIZES[size] - OWN - DESK)
        loads[size] = round(time.monotonic() - began, 1)
        rows[size] = row_count(wrapper)
        print(f"slots: {size}: {rows[size]:,} bookings loaded in {loads[size]} s", flush=True)
        if rows[size] != SIZES[size]:
            raise BenchError(f"{size}: {rows[size]} bookings instead of {SIZES[size]}")
    use(small)
    from appointments.selectors import free_slots

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)  # none passes meanwhile
    free = free_slots(shared["schedule"], start=tomorrow, days=DAYS - 1)
    shared["free"] = [slot.starts_at for slot in free]
    needed = args.warmup + args.rounds * args.per_round
    if len(shared["free"]) < needed:
        raise BenchError(f"only {len(shared['free'])} free slots for {needed} bookings")
    pids = {size: backend_pid(wrapper) for size, wrapper in wrappers.items()}
    return shared, wrappers, pids, {"seconds": loads, "bookings": rows}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--per-round", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    databases_drop()
    try:
        postgres_execute(POSTGRES, f'CREATE DATABASE "{DATABASES["small"]}"')
    except Exception as error:
        print(f"slots: FAILED: PostgreSQL at {POSTGRES}: {error}", file=sys.stderr)
        return 1
    setup_django()
    wrappers = {}
    try:
        shared, wrappers, pids, loads = build(args)
        figures = figures_make(measure(args, shared, wrappers, pids))
    except BenchError as error:
        print(f"slots: FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        for wrapper in wrappers.values():
            with contextlib.suppress(Exception):
                wrapper.close()
        if not args.keep_db:
            databases_drop()
    report = {
        "days": DAYS,
        "aim": AIM,
        "database": "postgresql",
        "settings": vars(args),
        "load": loads,
        "figures": figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(summary_line(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
