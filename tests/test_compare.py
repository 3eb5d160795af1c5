import json
from decimal import Decimal, localcontext
from pathlib import Path

import pytest

from costcalc import InputError, PricingTable, Workload, compare, load_pricing
from costcalc.money import EXACT, to_cents
from costcalc.render.words import verdict
from tests.tables import write_table


def test_the_talk_reproduced(launch: PricingTable) -> None:
    result = compare(Workload(rpd=16000, ms=200, memory=1024, instances=("m4.large",)), launch)
    lam, server = result.options
    compute = {item.name: item for item in lam.items}["compute"]
    assert to_cents(compute.daily) == Decimal("0.05")
    items = {item.name: item for item in server.items}
    assert to_cents(items["instances"].daily) == Decimal("3.02")  # $0.126 x 24
    assert to_cents(items["instances"].monthly) == Decimal(
        "91.98"
    )  # $0.126 x 730; / 31 days: the talk's $2.97
    assert items["root-volume"].monthly == Decimal("0.80")  # 8 GB of gp2 at $0.10, recalled
    assert items["public-ipv4"].monthly == 0  # addresses were free until 2024
    assert to_cents(server.daily) == Decimal("3.05")
    assert result.cheapest.name == "lambda"
    assert verdict(result) == "Lambda is 54x cheaper than ec2:m4.large at this load."
    assert any("recalled price" in note and "m4.large" in note for note in result.price_notes)
    assert any(
        "no public-ipv4" in note and "free before February 2024" in note for note in result.price_notes
    )


def test_default_compare_picks_the_cheapest_server_and_says_which(current: PricingTable) -> None:
    result = compare(Workload(rpd=16000, ms=200), current)
    assert [o.name for o in result.options] == ["lambda", result.server_options[0].name]
    assert result.server_options[0].instance_type == "t3a.nano"
    assert any(
        "the cheapest fleet of current-generation x86_64 types with at least 128 MB in us-east-1" in line
        for line in result.assumptions
    )


def test_servers_win_at_high_steady_load(current: PricingTable) -> None:
    # 200 req/s at 100 ms, mostly waiting on I/O: 3 c7g.large ($159/month) against ~$543 of Lambda.
    result = compare(
        Workload(rps=200, ms=100, memory=512, cpu_share="0.2", instances=("c7g.large",)), current
    )
    assert result.cheapest.name == "ec2:c7g.large"
    assert verdict(result).startswith("ec2:c7g.large is ")
    assert verdict(result).endswith(" cheaper than Lambda at this load.")


def test_free_lambda_gets_its_own_verdict(current: PricingTable) -> None:
    result = compare(Workload(rpd=100, ms=50, free_tier=True), current)
    assert result.lambda_option.monthly == 0
    assert verdict(result).startswith("Lambda costs nothing at this load; ec2:")


def test_option_totals_are_the_sum_of_their_items(current: PricingTable) -> None:
    workload = Workload(
        rps=30,
        ms=250,
        memory=1536,
        storage=2048,
        api_gateway="http",
        load_balancer=True,
        instances=("m5.large", "t3.medium"),
    )
    for option in compare(workload, current).options:
        assert option.monthly == sum(item.monthly for item in option.items)
        for item in option.items:
            assert item.monthly == sum(part.monthly for part in item.parts)


def test_every_assumption_is_stated(current: PricingTable) -> None:
    text = " ".join(compare(Workload(rpd=16000, ms=200), current).assumptions)
    for phrase in (
        "730 hours",
        "24 hours",
        "Free tier: off",
        "peak factor 1",
        "CPU share 1",
        "target utilization 0.7",
        "min instances 1",
        "1 ms increments",
    ):
        assert phrase in text


def test_to_dict_has_the_documented_shape(current: PricingTable) -> None:
    data = compare(
        Workload(rpd=16000, ms=200, instances=("m5.large",), load_balancer=True), current
    ).to_dict()
    assert data["schema_version"] == 1
    assert data["currency"] == "USD"
    assert data["pricing"] == {
        "name": current.name,
        "as_of": current.as_of.isoformat(),
        "region": "us-east-1",
    }
    assert data["workload"]["rpd"] == "16000"
    lam, server = data["options"]
    assert (lam["name"], lam["kind"]) == ("lambda", "lambda")
    assert [i["name"] for i in lam["items"]] == ["requests", "compute"]
    assert (server["name"], server["kind"], server["instance_type"], server["count"]) == (
        "ec2:m5.large",
        "server",
        "m5.large",
        1,
    )
    assert [i["name"] for i in server["items"]] == [
        "instances",
        "root-volume",
        "public-ipv4",
        "load-balancer",
    ]
    for item in lam["items"] + server["items"]:
        assert set(item) >= {"name", "quantity", "unit", "rate", "daily", "monthly"}
        for key in ("quantity", "daily", "monthly"):
            assert isinstance(item[key], str)
            Decimal(item[key])
        # One rate, or none where several meters each carry their own (the ALB's hours and LCU-hours).
        assert isinstance(item["rate"], str) or [part["rate"] for part in item["parts"]] == [
            "0.0225",
            "0.008",
        ]
    assert data["cheapest"] == "lambda"


@pytest.mark.parametrize(
    ("workload", "field", "message"),
    [
        (
            Workload(rpd=1, ms=1, memory=100),
            "memory",
            "100 MB is not allowed: pricing table aws-2026-07-20 takes 128",
        ),
        (Workload(rpd=1, ms=1, memory="128.5"), "memory", "128.5 MB is not allowed"),
        (Workload(rpd=1, ms=1, storage=100), "storage", "100 MB is not allowed"),
        (Workload(rpd=1, ms=1, region="mars-1"), "region", "has no Lambda prices for 'mars-1'"),
        (Workload(rpd=1, ms=1, instances=("m9.huge",)), "instances", "unknown instance type 'm9.huge'"),
        (Workload(rpd=1, ms=1, instances=("m5.lrage",)), "instances", "(did you mean 'm5.large'?)"),
        (
            Workload(rpd=1, ms=1, region="eu-west-1", instances=("t4g.nano",)),
            "instances",
            "has no price for t4g.nano in eu-west-1",
        ),
        (Workload(rpd=1, ms=1_000_000), "ms", "longer than Lambda's limit of 900000 ms"),
        (
            Workload(rpd=1, ms=1, storage=1024, region="us-east-2"),
            "storage",
            "no ephemeral storage price for us-east-2",
        ),
        (Workload(rpd=1, ms=1, api_gateway="http", region="eu-west-1"), "api_gateway", "no http API prices"),
        (
            Workload(rpd=1, ms=1, load_balancer=True, region="eu-west-1", instances=("m5.large",)),
            "load_balancer",
            "no load balancer prices for eu-west-1",
        ),
    ],
)
def test_workloads_outside_the_table_are_input_errors(
    current: PricingTable, workload: Workload, field: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        compare(workload, current)
    assert caught.value.field == field
    assert message in caught.value.message


def test_launch_table_limits(launch: PricingTable) -> None:
    with pytest.raises(InputError, match="no arm64 Lambda prices"):
        compare(Workload(rpd=1, ms=1, arch="arm64"), launch)
    with pytest.raises(InputError, match="takes 128 to 1536 MB in steps of 64 MB"):
        compare(Workload(rpd=1, ms=1, memory=1000), launch)
    with pytest.raises(InputError, match="has no configurable ephemeral storage"):
        compare(Workload(rpd=1, ms=1, storage=1024), launch)
    with pytest.raises(InputError, match="no http API prices"):
        compare(Workload(rpd=1, ms=1, api_gateway="http"), launch)


def test_compare_takes_a_table_name_or_path(tmp_path: Path) -> None:
    assert compare(Workload(rpd=100, ms=100), "aws-2015").pricing_name == "aws-2015"
    table = write_table(tmp_path)
    assert compare(Workload(rpd=100, ms=100, region="test-1"), table).pricing_name == "fixture"
    assert load_pricing(table).name == "fixture"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--threads", "0"], "Error: --threads: must be between 1 and 1,024, got 0\n"),
        (["--ebs-gb", "-1"], "Error: --ebs-gb: must be 0 or more, got -1\n"),
        (
            ["--family", "nosuch"],
            "Error: --family: unknown instance family 'nosuch' in pricing table aws-2026-07-20\n",
        ),
        (["--log-kb", "nan"], "Error: --log-kb: expected a finite number, got 'nan'\n"),
        (["--egress-kb", "1e999"], "Error: --egress-kb: '1e999' is out of range (1e-100 to 1e100)\n"),
        (["--egress-kb", "1e20"], "Error: --egress-kb: must be at most 1,000,000,000, got 1.000000E+20\n"),
        (["--server-memory", "0"], "Error: --server-memory: must be greater than 0, got 0\n"),
        (
            ["--log-kb", "1", "--region", "eu-west-1"],
            "Error: --log-kb: pricing table aws-2026-07-20 has no CloudWatch Logs prices for eu-west-1\n",
        ),
    ],
)
def test_bad_whole_bill_and_candidate_flags_are_one_line(flags: list[str], message: str) -> None:
    from tests.conftest import run_cli

    result = run_cli("compare", "--rpd", "16000", "--ms", "200", *flags)
    assert (result.exit_code, result.stderr) == (2, message)


def test_the_front_door_follows_api_gateway_unless_told(current: PricingTable) -> None:
    with_gateway = compare(Workload(rpd=2_000_000, ms=80, api_gateway="http"), current)
    server = with_gateway.server_options[0]
    assert "load-balancer" in {item.name for item in server.items}
    assert any("servers an Application Load Balancer" in line for line in with_gateway.assumptions)
    bare = compare(Workload(rpd=2_000_000, ms=80, api_gateway="http", load_balancer=False), current)
    assert "load-balancer" not in {item.name for item in bare.server_options[0].items}
    # The 2015 table predates the ALB: by default the servers then have no front door, and say so.
    launch = compare(Workload(rpd=16000, ms=200, api_gateway="rest", instances=("m4.large",)), "aws-2015")
    assert "load-balancer" not in {item.name for item in launch.server_options[0].items}
    assert any("has no load balancer in us-east-1" in line for line in launch.assumptions)


def test_logs_and_egress_are_priced_on_both_sides(current: PricingTable) -> None:
    # 1,000,000 requests a day of 2 KB logs and 10 KB out: 30.4M requests a month.
    result = compare(Workload(rpd=1_000_000, ms=50, log_kb=2, egress_kb=10), current)
    per_gb = Decimal(1024 * 1024)
    requests = result.workload.monthly_requests
    lam = {item.name: item for item in result.lambda_option.items}
    server = {item.name: item for item in result.server_options[0].items}
    with localcontext(EXACT):
        assert lam["logs"].usage == requests * 2 / per_gb
        assert lam["logs"].monthly == requests * 2 / per_gb * Decimal("0.50")  # first vended-log tier
        assert server["logs"].monthly == requests * 2 / per_gb * Decimal("0.50")  # Standard ingestion
        assert lam["data-transfer"].monthly == server["data-transfer"].monthly
        assert lam["data-transfer"].monthly == requests * 10 / per_gb * Decimal("0.09")  # free tier off


def test_a_concurrency_above_the_quota_is_warned_on_stderr_and_in_json() -> None:
    from tests.conftest import run_cli

    result = run_cli("compare", "--rps", "20000", "--ms", "200", "--format", "json")
    data = json.loads(result.stdout)
    assert Decimal(data["lambda_peak_concurrency"]) == 4000
    assert data["warnings"] and "4,000 concurrent executions" in data["warnings"][0]
    assert result.stderr.startswith("Warning: Lambda needs 4,000 concurrent executions at peak")
    quiet = run_cli("compare", "--rps", "200", "--ms", "200", "--format", "json")
    assert json.loads(quiet.stdout)["warnings"] == [] and quiet.stderr == ""
