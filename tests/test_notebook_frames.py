"""DataFrames hold numbers: floats by default, exact Decimals on request, tidy sweeps, compare_many's inputs."""

from __future__ import annotations

from decimal import Decimal

import pytest

import costcalc
from costcalc import PricingTable, Workload
from costcalc.model.compare_many import BatchComparison

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


def test_a_frame_plots_without_converting_anything(current: PricingTable) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    frame = costcalc.compare_many(FLEET, current).to_dataframe()
    axes = frame.plot(x="requests_per_day", y=["lambda_monthly", "server_monthly"])  # no "no numeric data"
    assert len(axes.get_lines()) == 2
    plt.close("all")


def test_compare_many_frame_leads_with_each_workloads_inputs(current: PricingTable) -> None:
    frame = costcalc.compare_many(FLEET, current).to_dataframe()
    assert list(frame.columns) == [
        "requests_per_day",
        "ms",
        "memory_mb",
        "arch",
        "region",
        "lambda_monthly",
        "server",
        "server_count",
        "server_monthly",
        "cheapest",
    ]
    assert list(frame.index) == [0, 1, 2]  # the position of each workload in the list given
    assert list(frame["requests_per_day"]) == [16000.0, 432000.0, pytest.approx(1_000_000 * 24 / 730)]
    assert list(frame["ms"]) == [200.0, 120.0, 0.5]
    assert list(frame["memory_mb"]) == [128.0, 512.0, 1024.0]
    assert list(frame["arch"]) == ["x86_64", "arm64", "x86_64"]
    assert list(frame["region"]) == ["us-east-1", "us-east-1", "eu-west-1"]


def test_compare_many_keeps_its_workloads_in_order(current: PricingTable) -> None:
    assert costcalc.compare_many(iter(FLEET), current).workloads == tuple(FLEET)


def test_a_batch_without_its_workloads_still_has_its_results() -> None:
    batch = BatchComparison("t", (Decimal(1),), (Decimal(2),), ("t3.nano",), (1,))
    frame = batch.to_dataframe()
    assert list(frame.columns) == ["lambda_monthly", "server", "server_count", "server_monthly", "cheapest"]


def test_a_sweep_is_tidy_one_row_per_point_and_option(current: PricingTable) -> None:
    curve = costcalc.sweep(
        Workload(rpd=16000, ms=200), current, rpd_range=(Decimal(1000), Decimal(100_000_000)), points=5
    )
    frame = curve.to_dataframe()
    assert list(frame.columns) == [
        "requests_per_day",
        "memory_mb",
        "ms",
        "option",
        "server_type",
        "monthly",
        "cheapest",
    ]
    assert len(frame) == 2 * len(curve.points)
    assert set(frame["option"]) == {"lambda", "servers"}  # not one column per server type, mostly empty
    assert not frame["monthly"].isna().any()
    servers = frame[frame["option"] == "servers"]
    assert list(servers["server_type"]) == [
        p.comparison.server_options[0].instance_type for p in curve.points
    ]
    assert frame[frame["option"] == "lambda"]["server_type"].isna().all()
    assert list(frame.groupby("requests_per_day")["cheapest"].sum()) == [1] * len(curve.points)
    wide = frame.pivot(index="requests_per_day", columns="option", values="monthly")
    assert list(wide.columns) == ["lambda", "servers"]


def test_a_sweep_over_given_types_names_each_type(current: PricingTable) -> None:
    curve = costcalc.sweep(API, current, rpd_range=(Decimal(1000), Decimal(1_000_000)), points=3)
    frame = curve.to_dataframe()
    assert list(dict.fromkeys(frame["option"])) == ["lambda", "ec2:t4g.small", "ec2:m5.large"]
    assert list(dict.fromkeys(frame["server_type"].dropna())) == ["t4g.small", "m5.large"]
