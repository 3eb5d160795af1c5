"""Break-even points, checked against hand calculations and against the model itself."""

import itertools
from decimal import Decimal, localcontext

import pytest

from costcalc import PricingTable, Workload, compare
from costcalc.model.breakeven import break_even
from costcalc.money import EXACT
from costcalc.render.words import describe_break_even, describe_crossing


def crossings(workload: Workload, table: PricingTable):  # type: ignore[no-untyped-def]
    comparison = compare(workload, table)
    (server,) = comparison.server_options
    return break_even(workload, table, server).crossings


def lambda_monthly(workload: Workload, table: PricingTable, n: Decimal) -> Decimal:
    from dataclasses import replace

    return compare(replace(workload, rpd=None, rps=None, requests_per_month=n), table).lambda_option.monthly


def server_monthly(workload: Workload, table: PricingTable, n: Decimal) -> Decimal:
    from dataclasses import replace

    return (
        compare(replace(workload, rpd=None, rps=None, requests_per_month=n), table).server_options[0].monthly
    )


def test_one_crossing_matches_the_hand_calculation(launch: PricingTable) -> None:
    # aws-2015: 100 ms x 1 GB = 0.1 GB-s a request: $0.000001667 + $0.0000002 = $0.000001867 a request.
    # One m4.large, $0.126 x 730 = $91.98, carries 1.4 vCPU / (0.1 s x 0.25) = 56 req/s (147,168,000 a month).
    workload = Workload(rpd=16000, ms=100, memory=1024, cpu_share="0.25", instances=("m4.large",))
    (crossing,) = crossings(workload, launch)
    with localcontext(EXACT):
        assert crossing.requests_per_month == Decimal("91.98") / Decimal("0.000001867")
        assert crossing.requests_per_day == crossing.requests_per_month * 24 / 730
        assert crossing.load_multiple == crossing.requests_per_month / workload.monthly_requests
    assert crossing.lambda_cheaper_below
    assert describe_crossing(crossing).startswith(
        "Lambda stays cheaper up to 1,619,711 requests/day (18.75 req/s, 101x today"
    )


def test_the_free_tier_moves_the_crossing_by_the_free_allowance(launch: PricingTable) -> None:
    # With the free tier, Lambda's bill starts after 1M requests and 400,000 GB-s (4M requests here):
    # 0.1 GB-s x $0.00001667 x (N - 4M) + $0.0000002 x (N - 1M) = $91.98.
    workload = Workload(
        rpd=16000, ms=100, memory=1024, cpu_share="0.25", free_tier=True, instances=("m4.large",)
    )
    (crossing,) = crossings(workload, launch)
    with localcontext(EXACT):
        expected = (
            Decimal("91.98") + Decimal("0.000001667") * 4_000_000 + Decimal("0.0000002") * 1_000_000
        ) / Decimal("0.000001867")
        assert crossing.requests_per_month == expected


def test_crossing_into_more_server_instances(launch: PricingTable) -> None:
    # cpu_share 0.6: one m4.large carries 61,320,000 requests a month. Lambda passes one server's $91.98
    # at 49.27M, but at 61.32M the second server arrives and Lambda is cheaper again, and so on: the
    # server's staircase climbs more slowly than Lambda's line, so the pairs of crossings die out.
    workload = Workload(rpd=16000, ms=100, memory=1024, cpu_share="0.6", instances=("m4.large",))
    found = crossings(workload, launch)
    with localcontext(EXACT):
        per_instance = Decimal(2_628_000) * Decimal("1.4") / (Decimal("0.1") * Decimal("0.6"))
        assert [c.lambda_cheaper_below for c in found] == [
            True,
            False,
            True,
            False,
            True,
            False,
            True,
            False,
            True,
        ]
        assert found[0].requests_per_month == Decimal("91.98") / Decimal("0.000001867")
        assert found[1].requests_per_month == per_instance  # the jump to a second instance
        assert found[2].requests_per_month == 2 * Decimal("91.98") / Decimal("0.000001867")
        assert found[3].requests_per_month == 2 * per_instance


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
    workload = Workload(rpd=16000, ms=200, memory=1024, instances=("m4.large",))
    result = compare(workload, launch)
    (analysis,) = result.break_even
    assert analysis.crossings == ()
    assert describe_break_even(analysis) == [
        "Lambda is cheaper than ec2:m4.large at every load up to 10,000,000 req/s"
    ]
    data = result.to_dict()
    assert data["break_even"] == []
    assert data["break_even_notes"] == describe_break_even(analysis)


def test_json_break_even_fields(launch: PricingTable) -> None:
    workload = Workload(rpd=16000, ms=100, memory=1024, cpu_share="0.25", instances=("m4.large",))
    (entry,) = compare(workload, launch).to_dict()["break_even"]
    assert set(entry) == {
        "option",
        "requests_per_day",
        "requests_per_second",
        "load_multiple",
        "lambda_cheaper_below",
    }
    assert entry["option"] == "ec2:m4.large"
    assert Decimal(entry["requests_per_day"]).quantize(Decimal(1)) == 1619711
