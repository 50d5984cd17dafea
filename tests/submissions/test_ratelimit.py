"""Counting several limits at once (`rate_limits_take`): the same counts, waits and
window starts as one `rate_limit_take` per limit, in fewer cache round trips."""

from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.test import override_settings

from cms_site.settings.cache import redis_caches
from submissions.ratelimit import _key, rate_limit_take, rate_limits_take

WINDOW = 600
CALLS = ("get", "get_many", "add", "incr", "set", "set_many")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def clock(now: float):
    """The rate limits' clock at `now` (the cache's own expiry keeps the real one)."""
    return mock.patch("submissions.ratelimit.time", **{"time.return_value": now})


@pytest.fixture
def cache_calls():
    """The names of the cache methods the code called, in order (not the calls the
    backend makes to itself: LocMemCache's get_many calls its get)."""
    backend = caches["default"]
    called: list[str] = []
    depth = [0]

    def spy(name):
        method = getattr(backend, name)

        def wrapper(*args, **kwargs):
            if not depth[0]:
                called.append(name)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return wrapper

    with mock.patch.multiple(backend, **{name: spy(name) for name in CALLS}):
        yield called


def take(ip_limit=3, mobile_limit=2, mobile="09121234567"):
    return rate_limits_take(
        ("submit-ip", "10.0.0.1", ip_limit),
        ("submit-mobile", mobile, mobile_limit),
        window_seconds=WINDOW,
    )


def test_open_windows_are_counted_in_three_calls(cache_calls):
    assert take() == 0
    cache_calls.clear()
    assert take() == 0
    assert cache_calls == ["get_many", "incr", "incr"]


def test_new_windows_note_their_start_in_one_call(cache_calls):
    assert take() == 0
    assert cache_calls == ["get_many", "add", "add", "set_many"]


def test_counts_on_the_keys_of_the_single_limit():
    first, second, third = (take() for _ in range(3))
    assert (first, second) == (0, 0) and third == WINDOW  # the mobile's 3rd of 2
    # Every limit was counted on each attempt, the refused third too: both are at 3.
    ip = {"scope": "submit-ip", "identity": "10.0.0.1", "window_seconds": WINDOW}
    assert rate_limit_take(**ip, limit=4) == 0
    assert rate_limit_take(**ip, limit=4) > 0
    mobile = {"scope": "submit-mobile", "identity": "09121234567", "window_seconds": WINDOW}
    assert rate_limit_take(**mobile, limit=3) > 0


def test_a_refused_attempt_waits_for_the_end_of_its_window(cache_calls):
    with clock(1_000_000.0):
        take()
    with clock(1_000_250.0):
        take()
        cache_calls.clear()
        assert take() == WINDOW - 250
    assert cache_calls == ["get_many", "incr", "incr", "get_many"]


def test_the_longest_wait_of_the_limits_over():
    with clock(1_000_000.0):
        rate_limits_take(("a", "x", 1), window_seconds=WINDOW)
    with clock(1_000_100.0):
        rate_limits_take(("b", "x", 1), window_seconds=WINDOW)
        assert rate_limits_take(("a", "x", 1), ("b", "x", 1), window_seconds=WINDOW) == WINDOW
        assert rate_limits_take(("a", "x", 1), window_seconds=WINDOW) == WINDOW - 100


def test_a_window_that_ends_between_the_calls_is_begun_again(cache_calls):
    with clock(1_000_000.0):
        take()
    mobile = _key("submit-mobile", "09121234567")
    cache.delete_many([mobile, f"{mobile}:started"])  # its window ended...
    stale = {_key("submit-ip", "10.0.0.1"): 1, mobile: 1}  # ...after get_many read it
    with (
        mock.patch.object(caches["default"], "get_many", side_effect=[stale]),
        clock(1_000_300.0),
    ):
        assert take(mobile_limit=1) == 0  # 1 of 1 in its new window
    assert cache.get(mobile) == 1
    assert cache.get(f"{mobile}:started") == 1_000_300.0


def test_without_an_identity_nothing_is_counted(cache_calls):
    assert rate_limits_take(("submit-mobile", None, 1), window_seconds=WINDOW) == 0
    assert cache_calls == []


REDIS_DOWN = redis_caches("redis://127.0.0.1:1/0")  # nothing listens there: refused


@override_settings(CACHES=REDIS_DOWN)
def test_with_the_cache_down_the_attempt_is_let_through(caplog):
    assert take(ip_limit=0, mobile_limit=0) == 0
    assert "the cache is unreachable" in caplog.text
