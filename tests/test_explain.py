from decimal import Decimal, localcontext

from costcalc import PricingTable, Workload, compare
from costcalc.model.explain import trace as explain
from costcalc.money import EXACT, format_money
from tests.conftest import run_cli


def test_aws_worked_example_trace(launch: PricingTable) -> None:
    result = compare(
        Workload(requests_per_month=3_000_000, ms=1000, memory=512, free_tier=True, instances=("m4.large",)),
        launch,
    )
    text = [line.text for line in explain(result) if line.option == "lambda"]
    assert "3,000,000 requests x 1 s x 512 MB / 1024 = 1,500,000 GB-s" in text
    assert "- 400,000 free tier = 1,100,000 GB-s x $0.00001667 = $18.34" in text
    assert "- 1,000,000 free tier = 2,000,000 requests x $0.20/M = $0.40" in text
    assert "lambda total = $18.74 a month" in text


def test_the_trace_adds_up_to_the_line_items(current: PricingTable) -> None:
    workload = Workload(
        requests_per_month=90_000_000_000,
        ms="99.5",
        memory=1024,
        storage=2048,
        free_tier=True,
        api_gateway="rest",
        load_balancer=True,
        peak_factor=3,
        cpu_share="0.4",
        instances=("t4g.small", "c7g.large"),
    )
    result = compare(workload, current)
    trace = explain(result)
    for option in result.options:
        lines = [line for line in trace if line.option == option.name]
        for item in option.items:
            amounts = [line.amount for line in lines if line.item == item.name and line.amount is not None]
            with localcontext(EXACT):
                assert sum(amounts, Decimal(0)) == item.monthly, (option.name, item.name)
            assert any(format_money(item.monthly) in line.text for line in lines if line.item == item.name)
        (total,) = [line for line in lines if line.item == "total"]
        assert total.amount == option.monthly


def test_the_trace_shows_rounding_tiers_and_sizing(current: PricingTable) -> None:
    workload = Workload(
        requests_per_month=90_000_000_000,
        ms="99.5",
        memory=1024,
        peak_factor=3,
        cpu_share="0.4",
        instances=("t4g.small",),
    )
    text = "\n".join(line.text for line in explain(compare(workload, current)))
    assert "(billed: 99.5 ms rounded up to 100 ms)" in text
    assert "tier 1 (0 to 6,000,000,000 GB-s): 6,000,000,000 GB-s x $0.0000166667" in text
    assert "tier 2 (6,000,000,000 to 15,000,000,000 GB-s)" in text
    assert "per instance = 2 vCPU x 0.2 per vCPU x 0.7 utilization = 0.28 vCPU" in text
    assert "instances = max(1, ceil(" in text


def test_explain_flag_in_every_view() -> None:
    args = ("compare", "--rpd", "16000", "--ms", "200", "--explain")
    assert "How each figure is computed:" in run_cli(*args).stdout
    assert "<summary>How each figure is computed</summary>" in run_cli(*args, "--format", "markdown").stdout
    import json

    lines = json.loads(run_cli(*args, "--format", "json").stdout)["explain"]
    assert "lambda total = $0.30 a month" in lines
