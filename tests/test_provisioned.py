"""Lambda provisioned concurrency: AWS's worked examples to the cent, the derived share, errors, the CLI."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import Arch, InputError, PricingTable, Workload, account_lambda_costs, load_pricing
from costcalc.catalog.aws_offers.importer import import_offers
from costcalc.model.breakeven import _lambda_breakpoints, lambda_monthly
from costcalc.model.lambda_cost import lambda_cost
from costcalc.model.provisioned import EnabledStretch, served_requests
from costcalc.money import to_cents
from tests import offers
from tests.conftest import run_cli


def cents(option):  # type: ignore[no-untyped-def]
    return {item.name: to_cents(item.monthly) for item in option.items}


def test_aws_example_1_mobile_launch_every_line(current: PricingTable) -> None:
    """aws.amazon.com/lambda/pricing/, Provisioned Concurrency example 1, "Mobile application launch".

    1,536 MB, x86, us-east-1; provisioned concurrency 100 for 8 hours; 500,000 requests of 100 ms run
    on it and 2.5 million of 120 ms without it; the free tier as the page applies it (to all 3M
    requests and to the on-demand GB-s only). Two durations need two workloads in one account, the
    first served wholly by provisioned concurrency. The page: PC $18, requests $0.40, compute with
    PC $0.73, compute without PC $0.83, total $19.96.
    """
    on_pc = Workload(
        requests_per_month=500_000,
        ms=100,
        memory=1536,
        free_tier=True,
        provisioned_concurrency=100,
        provisioned_hours=8,
        provisioned_share=1,
    )
    rest = Workload(requests_per_month=2_500_000, ms=120, memory=1536, free_tier=True)
    first, second = account_lambda_costs([on_pc, rest], current)
    items = {item.name: item for item in first.items}
    pc = items["provisioned-concurrency"]
    assert pc.quantity == Decimal(4_320_000)  # 150 GB x 28,800 s
    assert to_cents(pc.monthly) == Decimal("18.00")
    assert items["provisioned-compute"].quantity == Decimal(75_000)
    assert to_cents(items["provisioned-compute"].monthly) == Decimal("0.73")
    assert items["compute"].monthly == 0
    on_demand = {item.name: item for item in second.items}["compute"]
    assert (on_demand.usage, on_demand.free) == (Decimal(450_000), Decimal(400_000))
    assert to_cents(on_demand.monthly) == Decimal("0.83")
    requests = items["requests"].monthly + {i.name: i for i in second.items}["requests"].monthly
    assert to_cents(requests) == Decimal("0.40")  # 2M billable after the 1M free
    lines = [Decimal("18.00"), to_cents(requests), Decimal("0.73"), Decimal("0.83")]
    assert sum(lines) == Decimal("19.96")


def test_aws_example_2_cyber_monday_every_line(current: PricingTable) -> None:
    """aws.amazon.com/lambda/pricing/, Provisioned Concurrency example 2, "Cyber Monday".

    4,096 MB, x86, us-east-1; concurrency 7 for 24 hours; all 2M requests of 280 ms on it; no free
    tier. The page: $10.08 + $21.78 + $0.40 = $32.26.
    """
    workload = Workload(
        requests_per_month=2_000_000,
        ms=280,
        memory=4096,
        provisioned_concurrency=7,
        provisioned_hours=24,
        provisioned_share=1,
    )
    option = lambda_cost(workload, current)
    assert cents(option) == {
        "requests": Decimal("0.40"),
        "compute": Decimal("0.00"),
        "provisioned-concurrency": Decimal("10.08"),
        "provisioned-compute": Decimal("21.78"),
    }
    items = {item.name: item for item in option.items}
    assert items["provisioned-concurrency"].quantity == Decimal(2_419_200)
    assert items["provisioned-compute"].quantity == Decimal(2_240_000)
    assert to_cents(option.monthly) == Decimal("32.26")


def test_cli_reproduces_aws_example_2() -> None:
    """The same example through ``compare --format json`` (aws.amazon.com/lambda/pricing/, example 2)."""
    result = run_cli(
        "compare",
        "--requests-per-month",
        "2000000",
        "--ms",
        "280",
        "--memory",
        "4096",
        "--provisioned-concurrency",
        "7",
        "--provisioned-hours",
        "24",
        "--provisioned-share",
        "1",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    lam = data["options"][0]
    monthly = {item["name"]: Decimal(item["monthly"]) for item in lam["items"]}
    assert to_cents(monthly["provisioned-concurrency"]) == Decimal("10.08")
    assert to_cents(monthly["provisioned-compute"]) == Decimal("21.78")
    assert to_cents(monthly["requests"]) == Decimal("0.40")
    assert to_cents(Decimal(lam["monthly"])) == Decimal("32.26")
    assert any(line.startswith("Provisioned concurrency: N = 7,") for line in data["assumptions"])


def test_capacity_below_the_average_spills_the_rest_on_demand(current: PricingTable) -> None:
    # 50 req/s x 200 ms = 10 busy on average; 5 provisioned for half the month serve
    # 365/730 x 5/10 = 25% of requests; the other 75% pay the on-demand rate.
    workload = Workload(rps=50, ms=200, memory=1024, provisioned_concurrency=5, provisioned_hours=365)
    items = {item.name: item for item in lambda_cost(workload, current).items}
    total = Decimal(131_400_000) * Decimal("0.2")  # GB-s at 1 GB
    assert items["provisioned-compute"].quantity == total / 4
    assert items["compute"].quantity == total * 3 / 4
    assert items["provisioned-concurrency"].quantity == Decimal(5 * 365 * 3600)
    assert items["requests"].quantity == Decimal(131_400_000)


def test_auto_sets_n_to_the_average_concurrency_rounded_up(current: PricingTable) -> None:
    workload = Workload(rps=33, ms=100, memory=1024, provisioned_concurrency="auto")
    items = {item.name: item for item in lambda_cost(workload, current).items}
    # 33 x 0.1 = 3.3 busy on average: N = 4, which serves every request all month.
    assert items["provisioned-concurrency"].quantity == Decimal(4 * 730 * 3600)
    assert items["compute"].quantity == 0


def test_served_requests_takes_one_stretch_per_hour_for_a_curve() -> None:
    # Two stretches of 30 hours a month each: one under capacity, one over it.
    hours = Decimal(30)
    stretches = [
        EnabledStretch(hours, Decimal(10), Decimal(2)),
        EnabledStretch(hours, Decimal(40), Decimal(2)),
    ]
    served = served_requests(stretches, Decimal("0.1"))  # 2 environments carry 20 req/s
    assert served == hours * 3600 * (10 + 20)


def test_free_tier_covers_requests_and_on_demand_gb_seconds_only(current: PricingTable) -> None:
    workload = Workload(
        requests_per_month=3_000_000, ms=100, memory=1024, provisioned_concurrency=1, free_tier=True
    )
    items = {item.name: item for item in lambda_cost(workload, current).items}
    assert items["requests"].free == Decimal(1_000_000)
    assert items["provisioned-concurrency"].free == 0
    assert items["provisioned-compute"].free == 0
    # 3M x 0.1 s = 300,000 GB-s, all of it on-demand or provisioned; only on-demand is free.
    assert items["compute"].free == items["compute"].usage
    assert items["provisioned-compute"].quantity + items["compute"].usage == Decimal(300_000)


def test_without_provisioned_concurrency_the_items_are_unchanged(current: PricingTable) -> None:
    option = lambda_cost(Workload(rps=5, ms=100), current)
    assert [item.name for item in option.items] == ["requests", "compute"]


def test_break_even_sees_the_fixed_charge_and_the_full_capacity_bend(current: PricingTable) -> None:
    workload = Workload(rps=50, ms=200, memory=1024, provisioned_concurrency=5, provisioned_hours=365)
    points = _lambda_breakpoints(workload, current)
    full = Decimal(5) * Decimal(730 * 3600) / Decimal("0.2")
    assert full in points
    assert to_cents(lambda_monthly(workload, current, Decimal(0))) == Decimal("27.38")  # 6.57M GB-s
    # Linear between breakpoints: the midpoint's cost is the mean of the ends'.
    for p, q in itertools.pairwise(points[:3]):
        middle = lambda_monthly(workload, current, (p + q) / 2)
        ends = (lambda_monthly(workload, current, p) + lambda_monthly(workload, current, q)) / 2
        assert abs(middle - ends) < Decimal("1e-20")


def test_break_even_says_when_lambda_costs_more_at_every_load() -> None:
    result = run_cli(
        "compare", "--rps", "50", "--ms", "200", "--memory", "1024", "--provisioned-concurrency", "5",
        "--provisioned-hours", "365",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Break-even: Lambda costs more than servers at every load" in result.stdout


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"provisioned_concurrency": 0}, "provisioned_concurrency"),
        ({"provisioned_concurrency": "many"}, "provisioned_concurrency"),
        ({"provisioned_concurrency": 1, "provisioned_hours": 731}, "provisioned_hours"),
        ({"provisioned_concurrency": 1, "provisioned_share": Decimal("1.1")}, "provisioned_share"),
    ],
)
def test_workload_refuses_impossible_settings(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as caught:
        Workload(rps=1, ms=100, **fields)  # type: ignore[arg-type]
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--provisioned-share", "1.5"),
            "Error: --provisioned-share: must be a fraction between 0 and 1, got 1.5\n",
        ),
        (
            ("--provisioned-concurrency", "-3"),
            "Error: --provisioned-concurrency: must be between 1 and 1,000,000, got -3\n",
        ),
        (("--provisioned-hours", "731"), "Error: --provisioned-hours: a month has 730 hours, got 731\n"),
        (
            ("--provisioned-concurrency", "2", "--region", "eu-west-3"),
            "Error: --provisioned-concurrency: pricing table aws-2026-07-20 has no provisioned-concurrency "
            "prices for x86_64 Lambda in eu-west-3; `costcalc pricing import` of AWS's AWSLambda offer file "
            "adds them\n",
        ),
    ],
)
def test_cli_errors_are_one_line_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run_cli("compare", "--rps", "1", "--ms", "100", *args)
    assert result.exit_code == 2
    assert result.stderr == message


# AWSLambda offer rows for provisioned concurrency (usage types region-prefixed outside the
# us-east-1 offer rows, as in AWS's CUR): capacity and duration-while-provisioned, per architecture.
PROVISIONED_ROWS = [
    ("us-east-1", "AWS-Lambda-Duration-Provisioned", "USE1-Lambda-Provisioned-GB-Second", "0", "Inf", "0.0000097222"),
    ("us-east-1", "AWS-Lambda-Provisioned-Concurrency-ARM", "USE1-Lambda-Provisioned-Concurrency-ARM", "0", "Inf",
     "0.0000033334"),
    ("us-east-1", "AWS-Lambda-Duration-Provisioned-ARM", "USE1-Lambda-Provisioned-GB-Second-ARM", "0", "Inf",
     "0.0000077778"),
]  # fmt: skip


@pytest.mark.parametrize("form", ["json", "csv"])
def test_pricing_import_keeps_provisioned_concurrency_prices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    # tests.offers already carries the x86 capacity row; with the duration row too, both are kept.
    monkeypatch.setattr(offers, "LAMBDA_DIMENSIONS", [*offers.LAMBDA_DIMENSIONS, *PROVISIONED_ROWS])
    text = offers.lambda_json() if form == "json" else offers.lambda_csv()
    out = tmp_path / "imported.yaml"
    import_offers([offers.write(tmp_path, f"lambda.{form}", text)], str(out))
    archs = load_pricing(str(out)).lambda_.regions["us-east-1"].archs
    x86, arm = archs[Arch.X86_64].provisioned, archs[Arch.ARM64].provisioned
    assert x86 is not None and arm is not None
    assert (x86.capacity.amount, x86.duration.amount) == (Decimal("0.0000041667"), Decimal("0.0000097222"))
    assert (arm.capacity.amount, arm.duration.amount) == (Decimal("0.0000033334"), Decimal("0.0000077778"))
    assert "provisioned:" in out.read_text()


def test_pricing_import_drops_a_provisioned_rate_without_its_pair(tmp_path: Path) -> None:
    # tests.offers has the x86 capacity row alone: no duration rate, so nothing to price with.
    out = tmp_path / "imported.yaml"
    import_offers([offers.write(tmp_path, "lambda.json", offers.lambda_json())], str(out))
    archs = load_pricing(str(out)).lambda_.regions["us-east-1"].archs
    assert archs[Arch.X86_64].provisioned is None


def test_cli_check_reproduces_aws_example_1_total(tmp_path: Path) -> None:
    """aws.amazon.com/lambda/pricing/, Provisioned Concurrency example 1: $19.96 with the shared free tier.

    The launch window's 500,000 requests (100 ms, on provisioned concurrency) and the month's other
    2.5 million (120 ms, on demand) are two workloads of one account under ``check --free-tier``.
    """
    path = tmp_path / "launch.yaml"
    path.write_text(
        "version: 1\npricing: aws\nworkloads:\n"
        "  launch-window:\n    requests_per_month: 500000\n    ms: 100\n    memory: 1536\n"
        "    provisioned_concurrency: 100\n    provisioned_hours: 8\n    provisioned_share: 1\n    deploy: lambda\n"
        "  rest-of-month:\n    requests_per_month: 2500000\n    ms: 120\n    memory: 1536\n    deploy: lambda\n"
    )
    result = run_cli("check", str(path), "--free-tier", "--max-monthly", "100", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert to_cents(Decimal(json.loads(result.stdout)["total"]["monthly"])) == Decimal("19.96")
