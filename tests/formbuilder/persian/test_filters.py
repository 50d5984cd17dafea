import datetime

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load khedmat %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "language, expected",
    [("fa", "۱٬۲۵۰٬۰۰۰ ریال"), ("en", "1,250,000 rials")],
)
def test_rials(language, expected):
    with translation.override(language):
        assert render("{{ fee|rials }}", fee=1_250_000) == expected


def test_zero_fee_is_free():
    with translation.override("fa"):
        assert render("{{ fee|rials }}", fee=0) == "رایگان"
    with translation.override("en"):
        assert render("{{ fee|rials }}", fee=0) == "Free"


def test_digits_follow_the_language():
    with translation.override("fa"):
        assert render("{{ code|digits }}", code="021-88001234") == "۰۲۱-۸۸۰۰۱۲۳۴"
    with translation.override("en"):
        assert render("{{ code|digits }}", code="021-88001234") == "021-88001234"


def test_jalali_filter():
    moment = datetime.datetime(2026, 11, 25, 8, 0, tzinfo=datetime.UTC)
    with translation.override("fa"):
        assert render("{{ d|jalali }}", d=moment) == "۱۴۰۵/۰۹/۰۴"
        assert render('{{ d|jalali:"long" }}', d=moment) == "۴ آذر ۱۴۰۵"
        assert render('{{ d|jalali:"longtime" }}', d=moment) == "۴ آذر ۱۴۰۵، ۱۱:۳۰"
