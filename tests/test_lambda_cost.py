from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import PricingTable, Workload, load_pricing
from costcalc.model.lambda_cost import billed_ms, lambda_cost
from costcalc.money import to_cents
from tests.tables import write_table


@pytest.fixture
def fixture_table(tmp_path: Path) -> PricingTable:
    return load_pricing(write_table(tmp_path))


def items(option):  # type: ignore[no-untyped-def]
    return {item.name: item for item in option.items}


def test_aws_worked_example_matches_to_the_cent(launch: PricingTable) -> None:
    # AWS's old Lambda pricing page: 512 MB, 3M requests a month, 1 s each, free tier,
    # $0.00001667 per GB-s: $18.34 compute + $0.40 requests = $18.74.
    workload = Workload(requests_per_month=3_000_000, ms=1000, memory=512, free_tier=True)
    option = lambda_cost(workload, launch)
    compute, requests = items(option)["compute"], items(option)["requests"]
    assert compute.usage == Decimal(1_500_000)
    assert compute.free == Decimal(400_000)
    assert compute.quantity == Decimal(1_100_000)
    assert to_cents(compute.monthly) == Decimal("18.34")
    assert requests.quantity == Decimal(2_000_000)
    assert to_cents(requests.monthly) == Decimal("0.40")
    assert to_cents(option.monthly) == Decimal("18.74")


def test_the_talk_lambda_compute_is_five_cents_a_day(launch: PricingTable) -> None:
    option = lambda_cost(Workload(rpd=16000, ms=200, memory=1024), launch)
    assert to_cents(items(option)["compute"].daily) == Decimal("0.05")
    # 3,200 GB-s a day x $0.00001667 = $0.053344, to 34 significant digits
    assert abs(items(option)["compute"].daily - Decimal("0.053344")) < Decimal("1e-30")


@pytest.mark.parametrize(
    ("ms", "increment", "billed"),
    [
        ("200", "100", "200"),
        ("101", "100", "200"),
        ("1", "100", "100"),
        ("200.2", "1", "201"),
        ("7", "1", "7"),
    ],
)
def test_duration_rounds_up_to_the_billing_increment(ms: str, increment: str, billed: str) -> None:
    assert billed_ms(Decimal(ms), Decimal(increment)) == Decimal(billed)


def test_100ms_rounding_bills_a_short_call_as_a_full_step(launch: PricingTable) -> None:
    short = lambda_cost(Workload(requests_per_month=1_000_000, ms=1, memory=1024), launch)
    assert items(short)["compute"].usage == Decimal(100_000)  # 1M x 0.1 s x 1 GB


def test_current_table_bills_by_the_millisecond(current: PricingTable) -> None:
    option = lambda_cost(Workload(requests_per_month=1_000_000, ms="1.2", memory=1024), current)
    assert items(option)["compute"].usage == Decimal(2000)  # billed as 2 ms


def test_tier_boundary_exactly_at_the_top_of_a_tier(fixture_table: PricingTable) -> None:
    # 1,000 GB-s: the whole first tier and nothing in the second.
    workload = Workload(requests_per_month=1000, ms=1000, memory=1024, region="test-1")
    compute = items(lambda_cost(workload, fixture_table))["compute"]
    assert [part.quantity for part in compute.parts] == [Decimal(1000)]
    assert compute.monthly == Decimal(10)


def test_usage_spanning_three_tiers_is_split_band_by_band(fixture_table: PricingTable) -> None:
    workload = Workload(requests_per_month=5000, ms=1000, memory=1024, region="test-1")
    compute = items(lambda_cost(workload, fixture_table))["compute"]
    assert [part.quantity for part in compute.parts] == [Decimal(1000), Decimal(2000), Decimal(2000)]
    assert compute.monthly == Decimal(1000) * Decimal("0.01") + Decimal(2000) * Decimal("0.005") + Decimal(2)
    assert compute.rate is None  # over three tiers there is no one rate: each part carries its own
    assert [part.price.amount for part in compute.parts] == [
        Decimal("0.01"),
        Decimal("0.005"),
        Decimal("0.001"),
    ]


def test_free_tier_comes_off_before_the_tiers(current: PricingTable) -> None:
    big = Workload(requests_per_month=6_000_000_000, ms=1000, memory=1024, free_tier=True)
    compute = items(lambda_cost(big, current))["compute"]
    # 6e9 GB-s less 400,000 free sits wholly inside the first 6e9 tier.
    assert [part.quantity for part in compute.parts] == [Decimal(6_000_000_000 - 400_000)]


def test_second_tier_applies_past_six_billion_gb_seconds(current: PricingTable) -> None:
    big = Workload(requests_per_month=7_000_000_000, ms=1000, memory=1024)
    compute = items(lambda_cost(big, current))["compute"]
    assert [part.quantity for part in compute.parts] == [Decimal(6_000_000_000), Decimal(1_000_000_000)]
    assert compute.monthly == Decimal(6_000_000_000) * Decimal("0.0000166667") + Decimal(
        1_000_000_000
    ) * Decimal("0.000015")


def test_arm64_has_its_own_tiers(current: PricingTable) -> None:
    arm = Workload(requests_per_month=7_000_000_000, ms=1000, memory=1024, arch="arm64")
    compute = items(lambda_cost(arm, current))["compute"]
    assert [part.quantity for part in compute.parts] == [Decimal(7_000_000_000)]  # arm's first tier is 7.5e9
    assert compute.rate == Decimal("0.0000133334")


def test_free_tier_never_makes_a_charge_negative(current: PricingTable) -> None:
    tiny = lambda_cost(Workload(rpd=10, ms=10, free_tier=True), current)
    assert tiny.monthly == 0
    assert all(item.quantity == 0 for item in tiny.items)


def test_ephemeral_storage_bills_only_above_512_mb(current: PricingTable) -> None:
    without = lambda_cost(Workload(requests_per_month=3_000_000, ms=1000, memory=512), current)
    assert "ephemeral-storage" not in items(without)
    workload = Workload(requests_per_month=3_000_000, ms=1000, memory=512, storage=10240)
    storage = items(lambda_cost(workload, current))["ephemeral-storage"]
    # (10,240 - 512) / 1024 GB x 1 s x 3M = 28,500,000 GB-s at $0.0000000309
    assert storage.usage == Decimal(28_500_000)
    assert storage.monthly == Decimal(28_500_000) * Decimal("0.0000000309")


def test_api_gateway_is_its_own_tiered_line_item(current: PricingTable) -> None:
    workload = Workload(requests_per_month=400_000_000, ms=100, api_gateway="rest")
    gateway = items(lambda_cost(workload, current))["api-gateway"]
    assert [part.quantity for part in gateway.parts] == [Decimal(333_000_000), Decimal(67_000_000)]
    assert gateway.monthly == Decimal("333") * Decimal("3.50") + Decimal("67") * Decimal("2.80")


def test_daily_is_monthly_times_24_over_730(current: PricingTable) -> None:
    option = lambda_cost(Workload(requests_per_month=7_300_000, ms=100), current)
    assert option.daily == option.monthly * 24 / 730
