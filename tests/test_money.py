from decimal import Decimal

import pytest

from costcalc.money import format_money, format_quantity, format_rate, format_ratio, plain, to_cents


@pytest.mark.parametrize(
    ("amount", "cents"),
    [("18.337", "18.34"), ("0.005", "0.01"), ("0.004999", "0.00"), ("2.675", "2.68"), ("1.125", "1.13")],
)
def test_to_cents_rounds_half_up(amount: str, cents: str) -> None:
    assert to_cents(Decimal(amount)) == Decimal(cents)


def test_format_money_groups_thousands_and_flags_sub_cent_amounts() -> None:
    assert format_money(Decimal("1234567.891")) == "$1,234,567.89"
    assert format_money(Decimal("0.004")) == "<$0.01"
    assert format_money(Decimal("0")) == "$0.00"


def test_format_rate_keeps_every_significant_digit() -> None:
    assert format_rate(Decimal("0.0000166667")) == "$0.0000166667"
    assert format_rate(Decimal("3.5")) == "$3.50"
    assert format_rate(Decimal("0.20")) == "$0.20"


def test_plain_never_rounds_or_uses_exponents() -> None:
    assert plain(Decimal("1E+30")) == "1" + "0" * 30
    assert plain(Decimal("2.000")) == "2"
    assert plain(Decimal("0.00000020")) == "0.0000002"


def test_format_quantity_and_ratio() -> None:
    assert format_quantity(Decimal("486666.666")) == "486,667"
    assert format_quantity(Decimal("33.333")) == "33.33"
    assert format_quantity(Decimal("730")) == "730"
    assert format_ratio(Decimal("57.4")) == "57x"
    assert format_ratio(Decimal("3.25")) == "3.3x"
