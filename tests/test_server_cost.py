from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import InputError, PricingTable, Workload, compare, load_pricing
from costcalc.model.compare_many import compare_many
from costcalc.model.server_cost import cheapest_server, server_cost, size_servers
from tests.tables import write_table


@pytest.fixture
def fixture_table(tmp_path: Path) -> PricingTable:
    return load_pricing(write_table(tmp_path))


def offer(table: PricingTable, region: str, name: str):  # type: ignore[no-untyped-def]
    found = table.ec2.offer(region, name)
    assert found is not None
    return found


def test_count_is_peak_cpu_demand_over_usable_cpu(current: PricingTable) -> None:
    # 100 req/s x 3 peak x 0.5 s x 0.8 CPU = 120 vCPUs busy; m5.large gives 2 x 1 x 0.7 = 1.4.
    workload = Workload(rps=100, ms=500, peak_factor=3, cpu_share="0.8")
    sizing = size_servers(workload, offer(current, "us-east-1", "m5.large"))
    assert sizing.cpu_demand == Decimal(120)
    assert sizing.capacity_per_instance == Decimal("1.4")
    assert sizing.count == 86  # ceil(120 / 1.4) = ceil(85.71)


@pytest.mark.parametrize(("rps", "count"), [(28, 2), ("28.000001", 3), (14, 1), (29, 3)])
def test_a_load_at_an_exact_multiple_of_capacity_needs_exactly_that_many(
    current: PricingTable, rps: object, count: int
) -> None:
    # 28 req/s x 0.1 s = 2.8 vCPUs busy; m5.large gives 2 x 0.7 = 1.4, so exactly 2 (not floor + 1 = 3).
    workload = Workload(rps=rps, ms=100, instances=("m5.large",))  # type: ignore[arg-type]
    assert size_servers(workload, offer(current, "us-east-1", "m5.large")).count == count
    assert compare(workload, current).server_options[0].count == count
    (row,) = compare_many([workload], current).rows
    assert row.count == count


def test_burstable_types_count_only_their_baseline(current: PricingTable) -> None:
    # t3.micro: 2 vCPUs at a 10% baseline, 70% target: 0.14 vCPU usable per instance.
    sizing = size_servers(Workload(rps=1, ms=1000), offer(current, "us-east-1", "t3.micro"))
    assert sizing.capacity_per_instance == Decimal("0.14")
    assert sizing.count == 8  # ceil(1 / 0.14)


@pytest.mark.parametrize(
    ("name", "baseline"),
    [
        ("t3.nano", "0.05"),
        ("t3a.large", "0.30"),
        ("t4g.2xlarge", "0.40"),
        ("t2.xlarge", "0.225"),
        ("t2.2xlarge", "0.17"),
    ],
)
def test_bundled_burstable_baselines(current: PricingTable, name: str, baseline: str) -> None:
    assert offer(current, "us-east-1", name).instance.baseline_cpu == Decimal(baseline)


def test_min_instances_is_a_floor(current: PricingTable) -> None:
    sizing = size_servers(Workload(rpd=10, ms=10, min_instances=3), offer(current, "us-east-1", "m5.large"))
    assert sizing.needed == 1
    assert sizing.count == 3


def test_cost_is_hourly_price_times_730_times_count(current: PricingTable) -> None:
    option = server_cost(Workload(rps=100, ms=500), offer(current, "us-east-1", "m5.large"), None)
    assert option.count == 36  # ceil(50 / 1.4)
    assert option.monthly == Decimal("0.096") * 730 * 36
    assert [item.name for item in option.items] == ["instances"]


def test_load_balancer_adds_hours_and_lcu_hours(current: PricingTable) -> None:
    workload = Workload(requests_per_month=90_000_000, ms=100, load_balancer=True)
    option = server_cost(
        workload, offer(current, "us-east-1", "m5.large"), current.load_balancer["us-east-1"]
    )
    balancer = {item.name: item for item in option.items}["load-balancer"]
    lcu_hours = Decimal(90_000_000) / 25 / 3600  # one new connection per request, 25 a second per LCU
    assert balancer.monthly == Decimal("0.0225") * 730 + lcu_hours * Decimal("0.008")


def test_cheapest_pick_matches_a_brute_force_search(current: PricingTable) -> None:
    for workload in (
        Workload(rpd=16000, ms=200),
        Workload(rps=500, ms=300, memory=2048),
        Workload(rps=2000, ms=50, arch="arm64", peak_factor=2),
        Workload(rps=5, ms=20_000, memory=8192, cpu_share="0.3"),
    ):
        picked = cheapest_server(workload, current, None)
        assert picked is not None
        candidates = []
        for name in current.ec2.instance_names("us-east-1"):
            o = offer(current, "us-east-1", name)
            fits = o.instance.arch is workload.arch and o.instance.memory_gib * 1024 >= workload.memory
            if fits and o.instance.sizable:
                candidates.append((server_cost(workload, o, None).monthly, name))
        assert (picked.monthly, picked.instance_type) == min(candidates)


def test_cheapest_pick_skips_other_archs_small_memory_and_unknown_baselines(
    fixture_table: PricingTable,
) -> None:
    # arm.one and old.burst are cheaper, but one is arm64 and the other has no known baseline.
    result = compare(Workload(rpd=100, ms=100, region="test-1"), fixture_table)
    assert result.server_options[0].instance_type == "burst.two"
    roomy = compare(Workload(rpd=100, ms=100, region="test-1", memory=2048), fixture_table)
    assert roomy.server_options[0].instance_type == "small.one"


def test_burstable_type_without_baseline_cannot_be_sized(fixture_table: PricingTable) -> None:
    with pytest.raises(InputError, match=r"old\.burst is burstable and the table has no baseline"):
        compare(Workload(rpd=100, ms=100, region="test-1", instances=("old.burst",)), fixture_table)
