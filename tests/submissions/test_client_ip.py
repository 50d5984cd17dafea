"""The client address behind proxies: only the hops our own proxies appended count."""

import pytest
from django.test import RequestFactory, override_settings

from submissions.ratelimit import client_ip


def _request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        # No proxy configured: the header is anyone's to write and is never read.
        (0, "198.51.100.7", "203.0.113.9", "198.51.100.7"),
        # One proxy (nginx appends the address it saw): the right-most hop.
        (1, "127.0.0.1", "203.0.113.9", "203.0.113.9"),
        (1, "127.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        # Two proxies (a load balancer, then nginx).
        (2, "10.0.0.5", "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        # Reached without the proxy: the connection's own address.
        (1, "203.0.113.50", None, "203.0.113.50"),
        # A hop that is not an address falls back to the connection's address.
        (1, "127.0.0.1", "not-an-ip", "127.0.0.1"),
    ],
)
def test_trusted_proxy_count(count, remote, forwarded, expected):
    with override_settings(TRUSTED_PROXY_COUNT=count, TRUSTED_PROXIES=[]):
        assert client_ip(_request(remote, forwarded)) == expected


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.3", "203.0.113.9"),
        # An untrusted peer's header is ignored.
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),
    ],
)
def test_trusted_proxy_networks(remote, forwarded, expected):
    with override_settings(TRUSTED_PROXY_COUNT=0, TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert client_ip(_request(remote, forwarded)) == expected
