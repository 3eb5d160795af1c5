"""DataFrames hold numbers: floats by default, exact Decimals on request."""

from __future__ import annotations

from decimal import Decimal

import pytest

import costcalc
from costcalc import PricingTable, Workload

API = Workload(rps=5, ms=120, memory=512, cpu_share="0.3", instances=("t4g.small", "m5.large"))
FLEET = [
    Workload(rpd=16000, ms=200),
    Workload(rps=5, ms=120, memory=512, arch="arm64"),
    Workload(requests_per_month=1_000_000, ms="0.5", memory=1024, region="eu-west-1"),
]


def test_money_columns_are_floats_that_plot_add_up_and_describe(current: PricingTable) -> None:
    result = costcalc.compare(API, current)
    frame = result.to_dataframe()
    assert str(frame["monthly"].dtype) == "float64"
    assert str(frame["quantity"].dtype) == "float64"
    scaled = frame["monthly"] * 1.1  # a Decimal column raises TypeError here
    assert scaled[0] == pytest.approx(float(result.lambda_option.items[0].monthly) * 1.1)
    assert {"daily", "monthly", "quantity", "rate"} <= set(frame.describe().columns)


def test_floats_are_the_exact_values_converted_once(current: PricingTable) -> None:
    result = costcalc.compare(API, current)
    totals = result.to_dataframe().query("item == 'total'")
    assert list(totals["monthly"]) == [float(option.monthly) for option in result.options]


def test_exact_true_keeps_decimal(current: PricingTable) -> None:
    result = costcalc.compare(API, current)
    frame = result.to_dataframe(exact=True)
    assert isinstance(frame["monthly"][0], Decimal)
    assert frame["monthly"][0] == result.lambda_option.items[0].monthly
