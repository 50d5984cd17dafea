from decimal import Decimal

from formbuilder.fields.options import json_number, option_int, option_number


def test_options():
    assert option_int(5) == 5
    assert option_int("7") == 7
    assert option_int(5.0) == 5
    assert option_int(5.5) is None
    assert option_int(True) is None
    assert option_int([1]) is None
    assert option_number(Decimal("2.5")) == Decimal("2.5")
    assert option_number("nan") is None
    assert option_number("1e1000000") is None
    assert json_number(Decimal("5.0")) == 5
    assert isinstance(json_number(Decimal("5.0")), int)
    assert json_number(Decimal("2.5")) == 2.5
