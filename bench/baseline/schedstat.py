"""CPU time of a process from the kernel's scheduler statistics (Linux)."""

from __future__ import annotations


def cpu_ns(pid: int | None) -> int:
    """Nanoseconds `pid` has spent on a CPU (`/proc/<pid>/schedstat`); 0 for None or a
    process gone."""
    if pid is None:
        return 0
    try:
        with open(f"/proc/{pid}/schedstat") as stat:
            return int(stat.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
