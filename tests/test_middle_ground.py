"""Fargate and Lambda Managed Instances beside Lambda and EC2: sizing and prices worked by hand.

Bundled-table prices used (us-east-1): Fargate x86 $0.04048 per vCPU-hour and $0.004445 per GB-hour;
m7g.xlarge $0.1632 an hour on demand; Managed Instances' fee 15% and $0.20 per million requests.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import Workload, compare, load_pricing
from costcalc.errors import InputError
from costcalc.model.results import OptionKind
from tests.conftest import run_cli


def last(workload: Workload):  # type: ignore[no-untyped-def]
    return compare(workload, load_pricing("aws")).options[-1]


def test_fargate_takes_the_valid_size_whose_fleet_costs_least() -> None:
    # 10 req/s x 1 vCPU-s (measured on a server) = 10 vCPUs at peak, 14.29 at 70%; 3 GB each; at least 2.
    # A task an hour with its address: 4 vCPU/8 GB 0.20248 x 4 = 0.80992; 8 vCPU/16 GB 0.39996 x 2 = 0.79992;
    # 16 vCPU/32 GB 0.79492 x 2 (the floor) = 1.58984: two 8 vCPU tasks win.
    workload = Workload(
        rps=10, ms=1000, memory=3072, duration_on="server", options=("fargate",), min_instances=2
    )
    fargate = last(workload)
    assert (fargate.kind, fargate.name, fargate.count) == (OptionKind.FARGATE, "fargate:8vcpu-16gb", 2)
    items = {item.name: item for item in fargate.items}
    assert set(items) == {"vcpu", "memory", "public-ipv4"}  # no root volume
    assert items["vcpu"].quantity == 2 * 730 * 8
    assert items["vcpu"].monthly == Decimal("472.80640")
    assert items["memory"].monthly == Decimal("103.835200")  # 23,360 GB-hours
    assert fargate.monthly == Decimal("583.941600")


def test_a_named_task_size_must_be_one_fargate_allows() -> None:
    size = last(Workload(rps=1, ms=100, options=("fargate",), task_size="0.5vcpu-3GB"))
    assert size.task_size == "0.5vcpu-3gb"
    with pytest.raises(InputError) as caught:
        last(Workload(rps=1, ms=100, options=("fargate",), task_size="0.25vcpu-4gb"))
    assert "'0.25vcpu-4gb' is not a Fargate task size" in caught.value.message


def test_extra_task_storage_is_billed_above_the_included_20_gb() -> None:
    fargate = last(Workload(rps=1, ms=100, options=("fargate",), task_size="1vcpu-2gb", task_storage_gb=50))
    storage = next(item for item in fargate.items if item.name == "task-storage")
    assert storage.quantity == 730 * 30
    assert storage.monthly == Decimal("2.430900")  # 21,900 GB-hours x $0.000111


def test_managed_instances_stay_at_their_floor_of_three_for_a_small_load() -> None:
    # 1 req/s fills a fraction of one 2,048 MB environment; three m7g.xlarge all the same.
    workload = Workload(
        rps=1, ms=100, arch="arm64", options=("lambda-managed",), managed_instance="m7g.xlarge"
    )
    managed = last(workload)
    assert (managed.kind, managed.count) == (OptionKind.LAMBDA_MANAGED, 3)
    items = {item.name: item.monthly for item in managed.items}
    assert items == {
        "instances": Decimal("357.4080"),  # 3 x 730 h x $0.1632
        "management-fee": Decimal("53.61120"),  # 3 x 730 h x 15% of $0.1632
        "requests": Decimal("0.5256000"),  # 2,628,000 x $0.20/M, no free tier
    }


def test_managed_instances_are_sized_by_concurrency() -> None:
    # 2,000 req/s x 0.1 s = 200 concurrent; Python takes 16 a vCPU, an environment (2,048 MB) has one vCPU:
    # 12.5 environments, 13; the CPU needs 2,000 x 0.001 vCPU-s / 0.7 = 2.9. An m7g.xlarge keeps 1 vCPU for
    # the OS and holds 3 environments: ceil(13 / 3) = 5 instances.
    workload = Workload(
        rps=2000,
        ms=100,
        memory=2048,
        arch="arm64",
        cpu_share=Decimal("0.01"),
        options=("lambda-managed",),
        managed_instance="m7g.xlarge",
    )
    managed = last(workload)
    assert managed.count == 5
    assert managed.monthly == Decimal("1736.2320000")  # 5 x 730 x (0.1632 + 0.02448) + 5,256M x $0.20/M
    nodejs = last(workload.__class__(**{**_fields(workload), "runtime": "nodejs"}))
    assert nodejs.count == 3  # 64 a vCPU: 200 / 64 = 3.1, 4 environments, 2 instances, the floor of 3


def _fields(workload: Workload) -> dict[str, object]:
    return {name: getattr(workload, name) for name in workload.__dataclass_fields__}


LMI_TABLE = """\
version: 1
currency: USD
as_of: 2026-01-01
source: test fixture
sources:
  fixture: made up for tests, except the figures of AWS's Lambda pricing page example
lambda:
  source: fixture
  billing_increment_ms: 1
  max_duration_ms: 900000
  memory_mb: {min: 128, max: 10240, step: 1}
  free_tier: {requests: 1000000, gb_seconds: 400000}
  regions:
    us-east-1:
      arm64:
        per_million_requests: 0.20
        per_gb_second: [{price: 0.0000133334}]
      savings_plans:
        source: fixture
        rates:
          compute 3y no-upfront: {arm64: 0.0000112}
ec2:
  source: fixture
  instance_types:
    m7g.xlarge: {vcpu: 4, memory_gib: 16, arch: arm64}
  regions:
    us-east-1:
      prices: {m7g.xlarge: 0.1632}
  commitments:
    us-east-1:
      savings_plans:
        source: fixture
        rates:
          m7g.xlarge: {compute 3y no-upfront: 0.0457}
"""


def _bundled_managed_section() -> str:
    """The bundled table's own ``lambda_managed`` section (its last), citing the fixture's source."""
    from costcalc.catalog.bundled import table_path

    text = Path(table_path("aws")[1]).read_text()
    section = text[text.index("\nlambda_managed:\n") + 1 :]
    return section.replace("source: lambda-managed-instances", "source: fixture", 1)


LMI_TABLE += _bundled_managed_section()


def test_awss_managed_instances_example_hour_by_hour(tmp_path: Path) -> None:
    """AWS Lambda pricing page, "Lambda Managed Instances" example: 100M requests, m7g.xlarge at $0.1632
    on demand and $0.0457 under a 3-year Compute Savings Plan; 2,000 instance-hours give $91.40 of EC2,
    $48.96 of fee ($0.02448 an hour, 15% of on-demand) and $20 of requests: $160.36."""
    path = tmp_path / "lmi.yaml"
    path.write_text(LMI_TABLE)
    workload = Workload(
        requests_per_month=100_000_000,
        ms=200,
        memory=2048,
        arch="arm64",
        options=("lambda", "lambda-managed"),
        purchases=("savings-plan:compute:3y",),
    )
    result = compare(workload, load_pricing(path))
    managed = next(
        o for o in result.options if o.name == "lambda-managed:m7g.xlarge@savings-plan:compute:3y:no-upfront"
    )
    items = {item.name: item for item in managed.items}
    ec2_rate = items["instances"].parts[0].price.amount
    fee_rate = items["management-fee"].parts[0].price.amount
    assert (ec2_rate, fee_rate) == (Decimal("0.0457"), Decimal("0.024480"))
    assert (2000 * ec2_rate, 2000 * fee_rate) == (Decimal("91.4000"), Decimal("48.960000"))
    assert items["requests"].monthly == Decimal("20.00")
    assert 2000 * ec2_rate + 2000 * fee_rate + items["requests"].monthly == Decimal("160.360000")


def test_all_four_options_side_by_side_each_with_a_break_even() -> None:
    result = compare(Workload(rpd=2_000_000, ms=120, memory=1024, options=("all",)), load_pricing("aws"))
    kinds = [o.kind.value for o in result.options]
    assert kinds == ["lambda", "server", "fargate", "lambda-managed"]
    assert [a.option for a in result.break_even] == ["servers", "fargate", "lambda-managed"]
    assert all(a.crossings for a in result.break_even)
    assert any(line.startswith("Fargate:") for line in result.assumptions)
    assert any(line.startswith("Lambda Managed Instances:") for line in result.assumptions)


def test_ec2_can_be_left_out() -> None:
    result = compare(Workload(rpd=100_000, ms=120, options=("fargate",)), load_pricing("aws"))
    assert [o.kind.value for o in result.options] == ["lambda", "fargate"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--option", "nosuch"], "unknown option kind 'nosuch'"),
        (["--option", "fargate", "--task-size", "3vcpu-5gb"], "'3vcpu-5gb' is not a Fargate task size"),
        (["--option", "lambda-managed", "--concurrency-per-vcpu", "0"], "must be between 1 and 1,600, got 0"),
        (["--option", "fargate", "--region", "eu-west-1"], "no Fargate price for eu-west-1 in table"),
    ],
)
def test_bad_middle_ground_input_is_one_line_exit_2(args: list[str], message: str) -> None:
    result = run_cli("compare", "--rpd", "1000", "--ms", "100", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_json_carries_task_size_and_instance_type() -> None:
    result = run_cli("compare", "--rpd", "100000", "--ms", "120", "--option", "all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    options = {o["kind"]: o for o in json.loads(result.stdout)["options"]}
    assert options["fargate"]["task_size"] and options["fargate"]["count"] >= 1
    assert options["lambda-managed"]["instance_type"] and options["lambda-managed"]["count"] >= 3


def test_a_deploy_target_can_be_fargate_or_managed_instances(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "version: 1\nworkloads:\n  api:\n    rpd: 100000\n    ms: 120\n"
        "    deploy: fargate:0.5vcpu-1gb\n    budget: {monthly: 100}\n"
    )
    result = run_cli("check", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)["workloads"][0]
    assert row["deploy"] == "fargate:0.5vcpu-1gb"


def test_fargate_gets_a_row_under_a_compute_savings_plan_only_where_the_table_has_its_rate(
    tmp_path: Path,
) -> None:
    from costcalc.catalog.bundled import table_path

    text = Path(table_path("aws")[1]).read_text()
    planned = text.replace(
        "      ephemeral_storage_per_gb_hour: 0.000111\n",
        "      ephemeral_storage_per_gb_hour: 0.000111\n"
        "      savings_plans:\n"
        "        source: fargate-prices\n"
        "        rates:\n"
        "          compute 1y no-upfront: {x86_64: {per_vcpu_hour: 0.03, per_gb_hour: 0.003}}\n",
        1,
    )
    # Lambda's own plan rate, which a Compute Savings Plan needs too (made up for the test).
    planned = planned.replace(
        "      ephemeral_storage_per_gb_second: 0.0000000309\n",
        "      ephemeral_storage_per_gb_second: 0.0000000309\n      savings_plans:\n"
        "        source: lambda-pricing-page\n        rates:\n"
        "          compute 1y no-upfront: {x86_64: 0.000014, arm64: 0.000011}\n",
        1,
    )
    path = tmp_path / "planned.yaml"
    path.write_text(planned)
    workload = Workload(
        rpd=100_000,
        ms=120,
        options=("fargate",),
        task_size="1vcpu-2gb",
        purchases=("savings-plan:compute:1y",),
    )
    result = compare(workload, load_pricing(path))
    plan = next(o for o in result.options if o.name == "fargate:1vcpu-2gb@savings-plan:compute:1y:no-upfront")
    vcpu = next(item for item in plan.items if item.name == "vcpu")
    assert vcpu.monthly == Decimal("21.900")  # 730 h x 1 vCPU x $0.03
    assert "fargate@savings-plan:compute:1y:no-upfront" in [a.option for a in result.break_even]
    arm = compare(dataclasses.replace(workload, arch="arm64", memory=128), load_pricing(path))
    assert not any(o.name.startswith("fargate:") and "@" in o.name for o in arm.options)


def test_diff_reports_a_flip_between_any_two_kinds(tmp_path: Path) -> None:
    for name, rpd in (("before.yaml", 100_000), ("after.yaml", 4_000_000)):
        (tmp_path / name).write_text(
            f"version: 1\nworkloads:\n  api: {{rpd: {rpd}, ms: 120, memory: 1024, options: [fargate], "
            "deploy: lambda}\n"
        )
    result = run_cli("diff", str(tmp_path / "before.yaml"), str(tmp_path / "after.yaml"))
    assert result.exit_code == 0, result.stderr
    assert "the cheapest option flips to Fargate (lambda -> fargate:1vcpu-2gb)" in result.stdout
    assert "ec2:" not in result.stdout  # --option left EC2 out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-interruption", "150"], "Error: --max-interruption: must be a percent up to 100, got 150"),
        (["--max-interruption", "0"], "Error: --max-interruption: must be greater than 0, got 0"),
        (
            ["--provisioned-concurrency", "2", "--provisioned-hours", "20-8"],
            "Error: --provisioned-hours: expected hours of the day such as 8-20, got '20-8'",
        ),
        (
            ["--option", "lambda-managed", "--managed-min-instances", "0"],
            "Error: --managed-min-instances: must be between 1 and 100,000, got 0",
        ),
        (
            ["--option", "fargate", "--task-storage-gb", "-1"],
            "Error: --task-storage-gb: must be 0 or more, got -1",
        ),
        (
            ["--purchase", "savings-plan:compute:3y"],
            "Error: --purchase: no 3y compute savings plan rate (no-upfront) for Lambda x86_64 in us-east-1 in "
            "table aws-2026-07-20; import the Savings Plans offer file (costcalc pricing import)",
        ),
        (
            ["--max-monthly", "5", "--deploy", "fargate:1vcpu-2gb@reserved:1y"],
            "Error: --deploy: Fargate is bought on demand or under a Compute Savings Plan, got "
            "'fargate:1vcpu-2gb@reserved:1y'",
        ),
    ],
)
def test_bad_buying_and_middle_ground_flags_are_one_exact_line(args: list[str], message: str) -> None:
    result = run_cli("compare", "--rpd", "1000", "--ms", "100", *args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("management_fee: 0.15", "management_fee: 1.5", "lambda_managed.management_fee: expected a share"),
        (
            "compute 3y no-upfront: {arm64: 0.0000112}",
            "ec2-instance 3y no-upfront: {arm64: 0.0000112}",
            "only a Compute Savings Plan covers Lambda and Fargate",
        ),
        ("default_instances: 3", "default_instances: 0", "lambda_managed.default_instances"),
    ],
)
def test_bad_managed_instances_sections_name_file_line_and_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    from costcalc.errors import FileFormatError

    assert old in LMI_TABLE
    path = tmp_path / "bad.yaml"
    path.write_text(LMI_TABLE.replace(old, new, 1))
    with pytest.raises(FileFormatError) as caught:
        load_pricing(path)
    assert message in str(caught.value) and caught.value.line is not None
