from decimal import Decimal, localcontext
from pathlib import Path

import pytest

from costcalc import InputError, PricingTable, Workload, compare, load_pricing
from costcalc.model.compare_many import compare_many
from costcalc.model.cpu import cpu_seconds
from costcalc.model.server_cost import cheapest_server, server_cost, size_servers
from costcalc.money import EXACT
from tests.tables import write_table


@pytest.fixture
def fixture_table(tmp_path: Path) -> PricingTable:
    return load_pricing(write_table(tmp_path))


def offer(table: PricingTable, region: str, name: str):  # type: ignore[no-untyped-def]
    found = table.ec2.offer(region, name)
    assert found is not None
    return found


def sized(workload: Workload, table: PricingTable, name: str):  # type: ignore[no-untyped-def]
    return size_servers(workload, offer(table, workload.region, name), cpu_seconds(workload, table))


def test_count_is_peak_cpu_demand_over_usable_cpu(current: PricingTable) -> None:
    # Measured on a server: 100 req/s x 3 peak x 0.5 s x 0.8 CPU = 120 vCPUs busy; m5.large gives 2 x 0.7 = 1.4.
    workload = Workload(rps=100, ms=500, peak_factor=3, cpu_share="0.8", duration_on="server")
    sizing = sized(workload, current, "m5.large")
    assert sizing.cpu_demand == Decimal(120)
    assert sizing.capacity_per_instance == Decimal("1.4")
    assert sizing.instances == 86  # ceil(120 / 1.4) = ceil(85.71)


@pytest.mark.parametrize(("rps", "count"), [(28, 2), ("28.000001", 3), (14, 1), (29, 3)])
def test_a_load_at_an_exact_multiple_of_capacity_needs_exactly_that_many(
    current: PricingTable, rps: object, count: int
) -> None:
    # 28 req/s x 0.1 s = 2.8 vCPUs busy; m5.large gives 2 x 0.7 = 1.4, so exactly 2 (not floor + 1 = 3).
    workload = Workload(rps=rps, ms=100, instances=("m5.large",), duration_on="server")  # type: ignore[arg-type]
    assert sized(workload, current, "m5.large").instances == count
    assert compare(workload, current).server_options[0].count == count
    (row,) = compare_many([workload], current).rows
    assert row.count == count


def test_burstable_types_count_only_their_baseline(current: PricingTable) -> None:
    # t3.micro: 2 vCPUs at a 10% baseline, 70% target: 0.14 vCPU usable per instance.
    sizing = sized(Workload(rps=1, ms=1000, duration_on="server"), current, "t3.micro")
    assert sizing.capacity_per_instance == Decimal("0.14")
    assert sizing.instances == 8  # ceil(1 / 0.14)


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
    sizing = sized(Workload(rpd=10, ms=10, min_instances=3), current, "m5.large")
    assert sizing.needed == 1
    assert sizing.instances == 3


def test_cost_is_hours_volumes_and_addresses_times_count(current: PricingTable) -> None:
    workload = Workload(rps=100, ms=500, duration_on="server")
    option = server_cost(workload, offer(current, "us-east-1", "m5.large"), current, Decimal("0.5"))
    assert option.count == 36  # ceil(50 / 1.4)
    items = {item.name: item.monthly for item in option.items}
    assert items == {
        "instances": Decimal("0.096") * 730 * 36,
        "root-volume": Decimal(8) * Decimal("0.08") * 36,  # 8 GB of gp3 each
        "public-ipv4": Decimal("0.005") * 730 * 36,  # an address each
    }
    assert option.monthly == sum(items.values())


def test_without_root_volume_or_public_address_only_hours_remain(current: PricingTable) -> None:
    workload = Workload(rps=100, ms=500, duration_on="server", ebs_gb=0, public_ipv4=False)
    option = server_cost(workload, offer(current, "us-east-1", "m5.large"), current, Decimal("0.5"))
    assert [item.name for item in option.items] == ["instances"]


def test_load_balancer_adds_hours_and_lcu_hours(current: PricingTable) -> None:
    workload = Workload(requests_per_month=90_000_000, ms=100, load_balancer=True, duration_on="server")
    option = server_cost(workload, offer(current, "us-east-1", "m5.large"), current, Decimal("0.1"))
    balancer = {item.name: item for item in option.items}["load-balancer"]
    lcu_hours = Decimal(90_000_000) / 25 / 3600  # one new connection per request, 25 a second per LCU
    assert balancer.monthly == Decimal("0.0225") * 730 + lcu_hours * Decimal("0.008")
    # Behind an ALB the instances have no public address; the ALB has two (one per AZ).
    addresses = {item.name: item for item in option.items}["public-ipv4"]
    assert addresses.quantity == 2 * 730


def test_cheapest_pick_matches_a_brute_force_search(current: PricingTable) -> None:
    for workload in (
        Workload(rpd=16000, ms=200),
        Workload(rps=500, ms=300, memory=2048),
        Workload(rps=2000, ms=50, arch="arm64", peak_factor=2),
        Workload(rps=5, ms=20_000, memory=8192, cpu_share="0.3"),
    ):
        work = cpu_seconds(workload, current)
        picked = cheapest_server(workload, current, work)
        assert picked is not None
        candidates = []
        for name in current.ec2.instance_names("us-east-1"):
            o = offer(current, "us-east-1", name)
            fits = o.instance.arch is workload.arch and o.instance.memory_gib * 1024 >= workload.memory
            if fits and o.instance.sizable and o.instance.current_generation:
                candidates.append((server_cost(workload, o, current, work).monthly, name))
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


def test_the_issue_worked_example_sizes_servers_by_lambda_cpu_share(current: PricingTable) -> None:
    # 128 MB of Lambda is 128/1769 of a vCPU: W = 0.2 s x 128/1769 = 0.014471 vCPU-s; 100 req/s need
    # 1.4471 vCPU; a c7g.large gives 2 x 0.7 = 1.4, so 2 instances (15 when each request held a vCPU).
    workload = Workload(rps=100, ms=200, memory=128, arch="arm64", instances=("c7g.large",))
    result = compare(workload, current)
    (server,) = result.server_options
    assert server.sizing is not None
    with localcontext(EXACT):
        assert server.sizing.work == Decimal("0.2") * 128 / 1769
    assert round(server.sizing.cpu_demand, 4) == Decimal("1.4471")
    assert server.count == 2


def test_measured_on_a_server_the_same_request_needs_a_whole_vcpu(current: PricingTable) -> None:
    # The reverse: 200 ms measured on a server is 0.2 vCPU-s of work (20 vCPUs at 100 req/s: 15 instances);
    # on a 128 MB function its CPU-bound part runs 1769/128 times slower: 2,764.0625 ms.
    workload = Workload(
        rps=100, ms=200, memory=128, arch="arm64", instances=("c7g.large",), duration_on="server"
    )
    result = compare(workload, current)
    assert result.server_options[0].count == 15  # ceil(20 / 1.4)
    assert result.lambda_ms == Decimal("2764.0625")
    compute = {item.name: item for item in result.lambda_option.items}["compute"]
    assert compute.usage == Decimal(262_800_000) * Decimal("2.765") * 128 / 1024  # billed per 1 ms


def test_with_the_duration_on_a_server_lambda_memory_leaves_servers_alone(current: PricingTable) -> None:
    small, large = (
        compare(Workload(rps=100, ms=200, memory=memory, server_memory=512, duration_on="server"), current)
        for memory in (128, 1769)
    )
    assert small.server_options[0].monthly == large.server_options[0].monthly
    assert small.lambda_option.monthly > large.lambda_option.monthly  # 13.8x the duration at 1/13.8 the GB


def test_candidates_are_current_generation_and_can_be_limited_to_families(current: PricingTable) -> None:
    old = compare(Workload(rps=2000, ms=50, previous_generation=True, families=("m1", "m3")), current)
    assert old.server_options[0].instance_type.split(".")[0] in ("m1", "m3")  # type: ignore[union-attr]
    new = compare(Workload(rps=2000, ms=50, families=("m7i,c7i",)), current)
    assert new.server_options[0].instance_type.split(".")[0] in ("m7i", "c7i")  # type: ignore[union-attr]
    with pytest.raises(InputError, match="no EC2 type in us-east-1 that is x86_64, at least 128 MB, in m1"):
        compare(Workload(rps=2000, ms=50, families=("m1",)), current)


def test_threads_need_types_with_as_many_vcpus(current: PricingTable) -> None:
    result = compare(Workload(rps=10, ms=100, threads=8, memory=1769), current)
    (server,) = result.server_options
    assert offer(current, "us-east-1", server.instance_type).instance.vcpu >= 8  # type: ignore[arg-type]
