"""The project's own commands (manage.py, make, bench scripts) run from a test as an
operator runs them: in the repository root, in a process of their own."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def os_environment(*without: str, **overrides: str) -> dict[str, str]:
    """This process's environment less the variables `without`, with `overrides` set."""
    return {key: value for key, value in os.environ.items() if key not in without} | overrides


def command_run(
    argv: list[str], *, env: dict[str, str], timeout: float, check: bool = False
) -> subprocess.CompletedProcess:
    """Run `argv` in the repository root with exactly `env`, its output captured as text."""
    return subprocess.run(
        argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=check
    )


def manage_py(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    """`manage.py <args>` in the repository root with exactly `env`."""
    return command_run([sys.executable, "manage.py", *args], env=env, timeout=timeout)
