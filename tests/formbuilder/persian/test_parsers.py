from decimal import Decimal

import pytest

from formbuilder.persian.parsers import boolean_parse, decimal_parse, integer_parse

# -- Numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("۱۲٬۳۴۵٫۶۷", Decimal("12345.67")),
        ("12,345.67", Decimal("12345.67")),
        ("۲/۵", Decimal("2.5")),
        ("−۳", Decimal("-3")),
        (" ٠٫٥ ", Decimal("0.5")),
        (".5", Decimal("0.5")),
    ],
)
def test_decimal_parse(raw, expected):
    assert decimal_parse(raw) == expected


@pytest.mark.parametrize("raw", ["", "abc", "nan", "Infinity", "1e5", "1.2.3", "--1", "1" * 40])
def test_decimal_parse_refuses(raw):
    with pytest.raises(ValueError):
        decimal_parse(raw)


def test_integer_parse():
    assert integer_parse("۱٬۰۰۰") == 1000
    assert integer_parse("12.0") == 12
    with pytest.raises(ValueError):
        integer_parse("12.5")


@pytest.mark.parametrize(
    "raw, expected",
    [(True, True), (False, False), (None, False), ("on", True), ("", False), ("false", False)]
    + [("TRUE", True), ("0", False), (1, True), (0, False), ("بله", True), ("خیر", False)],
)
def test_boolean_parse(raw, expected):
    assert boolean_parse(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", 2, 1.0, [], {}, "x" * 1000])
def test_boolean_parse_refuses(raw):
    with pytest.raises(ValueError):
        boolean_parse(raw)
