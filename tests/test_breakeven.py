"""Break-even points, checked against hand calculations and against the model itself."""

import itertools
from decimal import Decimal, localcontext
from pathlib import Path

import pytest

from costcalc import PricingTable, Workload, compare, load_pricing
from costcalc.money import EXACT
from costcalc.render.words import describe_break_even, describe_crossing


def crossings(workload: Workload, table: PricingTable):  # type: ignore[no-untyped-def]
    (analysis,) = compare(workload, table).break_even
    return analysis.crossings


def lambda_monthly(workload: Workload, table: PricingTable, n: Decimal) -> Decimal:
    from dataclasses import replace

    return compare(replace(workload, rpd=None, rps=None, requests_per_month=n), table).lambda_option.monthly


def server_monthly(workload: Workload, table: PricingTable, n: Decimal) -> Decimal:
    from dataclasses import replace

    return (
        compare(replace(workload, rpd=None, rps=None, requests_per_month=n), table).server_options[0].monthly
    )


# At 1,769 MB a function has one vCPU, so its CPU work per request equals a server's: W = ms x CPU share.
# One m5.large a month: $0.096 x 730 + 8 GB x $0.08 (root volume) + 730 h x $0.005 (IPv4) = $74.37.
M5_MONTH = Decimal("0.096") * 730 + 8 * Decimal("0.08") + 730 * Decimal("0.005")
# Lambda per request at 1,769 MB and 100 ms: 0.1 s x 1769/1024 GB x $0.0000166667 + $0.0000002.
PER_REQUEST = Decimal("0.1") * Decimal(1769) / 1024 * Decimal("0.0000166667") + Decimal("0.0000002")


def near(found: Decimal, expected: Decimal) -> bool:
    """Equal to a trillionth of a request: the solver divides once more than the hand calculation."""
    return abs(found - expected) < Decimal("1e-12")


def test_one_crossing_matches_the_hand_calculation(current: PricingTable) -> None:
    # One m5.large carries 1.4 vCPU / (0.1 s x 0.25) = 56 req/s (147,168,000 a month): far above the crossing.
    workload = Workload(rpd=16000, ms=100, memory=1769, cpu_share="0.25", instances=("m5.large",))
    (crossing,) = crossings(workload, current)
    with localcontext(EXACT):
        assert near(crossing.requests_per_month, M5_MONTH / PER_REQUEST)
        assert crossing.requests_per_day == crossing.requests_per_month * 24 / 730
        assert crossing.load_multiple == crossing.requests_per_month / workload.monthly_requests
    assert crossing.lambda_cheaper_below
    assert (crossing.server_type_below, crossing.server_type_above) == ("m5.large", "m5.large")
    assert describe_crossing(crossing).startswith(
        "Lambda stays cheaper up to 794,041 requests/day (9.19 req/s, 50x today"
    )


def test_the_free_tier_moves_the_crossing_by_the_free_allowance(current: PricingTable) -> None:
    # With the free tier, Lambda's bill starts after 1M requests and 400,000 GB-s:
    # (N x 0.17275 GB-s - 400,000) x $0.0000166667 + (N - 1M) x $0.0000002 = $74.37.
    workload = Workload(
        rpd=16000, ms=100, memory=1769, cpu_share="0.25", free_tier=True, instances=("m5.large",)
    )
    (crossing,) = crossings(workload, current)
    with localcontext(EXACT):
        expected = (
            M5_MONTH + Decimal("0.0000166667") * 400_000 + Decimal("0.0000002") * 1_000_000
        ) / PER_REQUEST
        assert near(crossing.requests_per_month, expected)


def test_crossing_into_more_server_instances(current: PricingTable) -> None:
    # CPU share 0.9: one m5.large carries 2,628,000 s x 1.4 / 0.09 = 40,880,000 requests a month. Lambda
    # passes one server's $74.37 at 24.15M; at 40.88M a second server arrives ($148.74 > Lambda's $125.90)
    # and Lambda is cheaper again until it passes two servers at 48.30M; at 81.76M it costs more than three.
    workload = Workload(rpd=16000, ms=100, memory=1769, cpu_share="0.9", instances=("m5.large",))
    found = crossings(workload, current)
    with localcontext(EXACT):
        per_instance = Decimal(2_628_000) * Decimal("1.4") / (Decimal("0.1") * Decimal("0.9"))
        assert [c.lambda_cheaper_below for c in found] == [True, False, True]
        assert near(found[0].requests_per_month, M5_MONTH / PER_REQUEST)
        assert found[1].requests_per_month == per_instance  # the jump to a second instance, exactly
        assert near(found[2].requests_per_month, 2 * M5_MONTH / PER_REQUEST)


def test_each_crossing_is_where_the_model_says_the_costs_meet(current: PricingTable) -> None:
    workload = Workload(
        rps=50,
        ms=120,
        memory=512,
        cpu_share="0.3",
        free_tier=True,
        api_gateway="http",
        load_balancer=True,
        instances=("c7g.large",),
    )
    found = crossings(workload, current)
    assert found
    for crossing in found:
        n = crossing.requests_per_month
        gap = lambda_monthly(workload, current, n) - server_monthly(workload, current, n)
        if crossing.lambda_cheaper_below:
            assert abs(gap) < Decimal("1e-20")
        else:  # at a server step: Lambda was dearer than the servers below it and cheaper than those above
            assert gap > 0
            assert lambda_monthly(workload, current, n * Decimal("1.000001")) < server_monthly(
                workload, current, n * Decimal("1.000001")
            )


@pytest.mark.parametrize("rps", ["0.01", "1", "50", "2000"])
def test_no_sign_change_is_missed_between_crossings(current: PricingTable, rps: str) -> None:
    workload = Workload(rps=rps, ms=80, memory=256, cpu_share="0.2", instances=("t4g.small",))
    found = crossings(workload, current)
    edges = [Decimal(1000)] + [c.requests_per_month for c in found] + [Decimal("2e12")]
    for lo, hi in itertools.pairwise(edges):
        samples = [lo + (hi - lo) * Decimal(k) / 7 for k in range(1, 7)]
        signs = {lambda_monthly(workload, current, n) < server_monthly(workload, current, n) for n in samples}
        assert len(signs) == 1, (lo, hi)


def test_no_crossing_says_which_is_cheaper_throughout(launch: PricingTable) -> None:
    # Measured on Lambda at 1 GB (0.58 vCPU), 1 s is 0.58 vCPU-s of work; an m4.large run at 30% carries
    # 0.6 / 0.58 = 1.04 req/s for $92.78 a month: $0.0000341 a request, twice Lambda's $0.0000169.
    workload = Workload(rpd=16000, ms=1000, memory=1024, utilization="0.3", instances=("m4.large",))
    result = compare(workload, launch)
    (analysis,) = result.break_even
    assert analysis.crossings == ()
    assert describe_break_even(analysis) == [
        "Lambda is cheaper than ec2:m4.large at every load up to 10,000,000 req/s"
    ]
    data = result.to_dict()
    assert data["break_even"] == []
    assert data["break_even_notes"] == describe_break_even(analysis)


def test_json_break_even_fields(current: PricingTable) -> None:
    workload = Workload(rpd=16000, ms=100, memory=1769, cpu_share="0.25", instances=("m5.large",))
    (entry,) = compare(workload, current).to_dict()["break_even"]
    assert set(entry) == {
        "option",
        "requests_per_day",
        "requests_per_second",
        "load_multiple",
        "lambda_cheaper_below",
        "server_type_below",
        "server_type_above",
    }
    assert entry["option"] == "ec2:m5.large"
    assert Decimal(entry["requests_per_day"]).quantize(Decimal(1)) == 794041


# --- the cheapest fleet at every load --------------------------------------------------------------

ENVELOPE_TABLE = """\
version: 1
currency: USD
as_of: 2026-01-01
source: test fixture
sources:
  fixture: made up for tests
lambda:
  source: fixture
  memory_mb_per_vcpu: 1769
  billing_increment_ms: 1
  max_duration_ms: 900000
  memory_mb: {min: 128, max: 10240, step: 1}
  free_tier: {requests: 1000000, gb_seconds: 400000}
  regions:
    test-1:
      x86_64:
        per_million_requests: 0.20
        per_gb_second:
          - {price: 0.0000166667}
ec2:
  source: fixture
  instance_types:
    tiny.one: {vcpu: 1, memory_gib: 1, arch: x86_64}
    mid.two: {vcpu: 2, memory_gib: 4, arch: x86_64}
    big.eight: {vcpu: 8, memory_gib: 16, arch: x86_64}
  regions:
    test-1:
      prices:
        tiny.one: 0.08
        mid.two: 0.14
        big.eight: 0.5
ebs:
  source: fixture
  regions:
    test-1: {volume: gp3, per_gb_month: 0.08}
public_ipv4:
  source: fixture
  per_hour: 0.005
"""


def test_the_envelope_break_even_matches_a_dense_sampling(tmp_path: Path) -> None:
    # Three types whose staircases interleave; the cheapest fleet changes type as the load grows. Every
    # change of sign between Lambda and the cheapest fleet, sampled densely, has a crossing between the
    # samples, and every crossing sits between samples of opposite sign.
    from tests.tables import write_table

    table = load_pricing(write_table(tmp_path, ENVELOPE_TABLE))
    workload = Workload(rpd=16000, ms=150, memory=1769, cpu_share="0.7", utilization="0.5", region="test-1")
    found = crossings(workload, table)
    assert len(found) >= 3
    assert len({c.server_type_below for c in found} | {c.server_type_above for c in found}) >= 2
    samples = [Decimal(10) ** (Decimal(k) / 120) * 1000 for k in range(0, 120 * 7)]  # 1,000 to 10^10
    signs = [lambda_monthly(workload, table, n) < server_monthly(workload, table, n) for n in samples]
    for (a, sa), (b, sb) in itertools.pairwise(zip(samples, signs, strict=True)):
        between = [c for c in found if a < c.requests_per_month <= b]
        assert (sa != sb) == (len(between) % 2 == 1), (a, b, between)
    for crossing in found:
        n = crossing.requests_per_month
        below, above = n * Decimal("0.9999999"), n * Decimal("1.0000001")
        assert (lambda_monthly(workload, table, below) < server_monthly(workload, table, below)) == (
            crossing.lambda_cheaper_below
        )
        assert (lambda_monthly(workload, table, above) < server_monthly(workload, table, above)) != (
            crossing.lambda_cheaper_below
        )


def test_a_default_compare_is_no_longer_lambda_at_every_load(current: PricingTable) -> None:
    workload = Workload(rps=100, ms=200, memory=128)
    result = compare(workload, current)
    (analysis,) = result.break_even
    assert analysis.option == "servers" and analysis.crossings
    last = analysis.crossings[-1]
    assert last.lambda_cheaper_below  # from here on the servers are cheaper
    for factor, lambda_wins in (("0.999", True), ("1.001", False)):
        n = last.requests_per_month * Decimal(factor)
        assert (lambda_monthly(workload, current, n) < server_monthly(workload, current, n)) is lambda_wins
    lines = describe_break_even(analysis)
    assert 1 <= len(lines) <= 4
    assert not any("every load" in line for line in lines)


def test_stair_steps_around_parity_print_as_one_range(current: PricingTable) -> None:
    # At 45% utilization a c7i.large's month carries requests for 1.05x what Lambda charges for them: each
    # added instance makes Lambda cheaper again, about twenty times, before Lambda stays dearer.
    workload = Workload(rps=50, ms=100, memory=1769, utilization="0.45", instances=("c7i.large",))
    (analysis,) = compare(workload, current).break_even
    assert len(analysis.crossings) > 10  # each added instance flips the cheaper side again
    lines = describe_break_even(analysis)
    assert len(lines) <= 4
    assert any(" take turns " in line or " within " in line for line in lines)
