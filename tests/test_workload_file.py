from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import FileFormatError, InputError
from costcalc.catalog.model import ApiGatewayKind, Arch
from costcalc.workload_files.profile import load_checked_file
from costcalc.workload_files.schema import Deploy, load_workload_file
from tests.conftest import REPO

GOOD = """\
version: 1
pricing: aws
region: us-east-1
workloads:
  orders-api:
    rpd: 16000
    ms: 200
    memory: 512
    api_gateway: http
    deploy: lambda
    budget: {monthly: 5}
  nightly-etl:
    requests_per_month: 3000000
    ms: 1000
    memory: 512
    instance: [t3.small, m5.large]
    deploy: ec2:t3.small
    budget: {daily: 1}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "workloads.yaml"
    path.write_text(text)
    return path


def test_a_good_file_gives_typed_workloads(tmp_path: Path) -> None:
    loaded = load_workload_file(str(write(tmp_path, GOOD)))
    orders, etl = loaded.entries
    assert (orders.name, orders.deploy, orders.budget.monthly) == ("orders-api", Deploy(), Decimal(5))  # type: ignore[union-attr]
    assert orders.workload.api_gateway is ApiGatewayKind.HTTP
    assert orders.workload.rpd == 16000
    assert etl.deploy == Deploy("t3.small")
    assert etl.deploy.name == "ec2:t3.small"
    assert etl.workload.instances == ("t3.small", "m5.large")
    assert etl.budget.daily == Decimal(1)  # type: ignore[union-attr]
    assert loaded.pricing == "aws"


def test_top_level_region_is_a_default_and_flags_override(tmp_path: Path) -> None:
    text = GOOD.replace("region: us-east-1", "region: eu-west-1").replace(
        "    memory: 512\n    api", "    memory: 512\n    region: us-east-2\n    api"
    )
    loaded = load_workload_file(
        str(write(tmp_path, text)), overrides={"memory": Decimal(1024), "arch": "arm64"}
    )
    orders, etl = loaded.entries
    assert (orders.workload.region, etl.workload.region) == ("us-east-2", "eu-west-1")
    assert orders.workload.memory == etl.workload.memory == 1024
    assert orders.workload.arch is Arch.ARM64


def test_one_workload_can_be_picked(tmp_path: Path) -> None:
    path = str(write(tmp_path, GOOD))
    assert [e.name for e in load_workload_file(path, only="nightly-etl").entries] == ["nightly-etl"]
    with pytest.raises(InputError, match=r"no workload 'nope' in .* \(it has: orders-api, nightly-etl\)"):
        load_workload_file(path, only="nope")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    rpd: 16000",
            "    rpd: 16000\n    colour: blue",
            "FILE:7: workloads.orders-api.colour: unknown key (expected one of: api_gateway, arch, budget, "
            "concurrency_per_vcpu, cpu_share, deploy, duration_on, ebs_gb, egress_kb, families, free_tier, "
            "hourly, instance, load_balancer, log_kb, managed_instance, managed_min_instances, "
            "max_interruption, memory, min_instances, ms, options, peak_factor, previous_generation, "
            "provisioned_concurrency, provisioned_hours, provisioned_share, public_ipv4, purchase, region, "
            "requests_per_month, rpd, rps, runtime, scale_headroom, scaling, server_memory, storage, "
            "task_size, task_storage_gb, threads, traffic, utilization)",
        ),
        (
            "    rpd: 16000",
            "    rpd: lots",
            "FILE:6: workloads.orders-api.rpd: expected a number, got 'lots'",
        ),
        (
            "    memory: 512\n    api_gateway",
            "    memory: [512]\n    api_gateway",
            "FILE:8: workloads.orders-api.memory: expected a number, got a list",
        ),
        ("    deploy: lambda\n", "", "FILE:5: workloads.orders-api: missing key 'deploy'"),
        (
            "    deploy: lambda",
            "    deploy: fargate",
            "FILE:10: workloads.orders-api.deploy: expected lambda or ec2:<instance type>[@<purchase>], got 'fargate'",
        ),
        ("version: 1", "version: 2", "FILE:1: version: unsupported version 2 (supported: 1)"),
        ("  nightly-etl:", "  orders-api:", "FILE:12: workloads.orders-api: duplicate key"),
        (
            "    rpd: 16000",
            "    rpd: -16000",
            "FILE:6: workloads.orders-api.rpd: must be greater than 0, got -16000",
        ),
        (
            "    rpd: 16000",
            "    rpd: 16000\n    rps: 3",
            "FILE:5: workloads.orders-api: give exactly one request rate (rpd and rps were both given)",
        ),
        (
            "    budget: {monthly: 5}",
            "    budget: {weekly: 5}",
            "FILE:11: workloads.orders-api.budget.weekly: unknown key (expected one of: daily, monthly)",
        ),
        (
            "    budget: {monthly: 5}",
            "    budget: {monthly: 0}",
            "FILE:11: workloads.orders-api.budget.monthly: expected a positive number, got '0'",
        ),
        (
            "    free_tier: x\n" if False else "    ms: 200",
            "    ms: 200\n    free_tier: maybe",
            "FILE:8: workloads.orders-api.free_tier: expected true or false, got 'maybe'",
        ),
        (
            "    memory: 512\n    api_gateway: http",
            "    memory: 512\n    api_gateway: soap",
            "FILE:9: workloads.orders-api.api_gateway: expected one of none, http, rest, got 'soap'",
        ),
    ],
)
def test_malformed_files_give_one_line_with_file_line_and_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(FileFormatError) as caught:
        load_workload_file(str(path))
    assert str(caught.value).replace(str(path), "FILE") == message


def test_a_file_without_workloads_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nworkloads: {}\n")
    with pytest.raises(FileFormatError, match=r":2: workloads: no workloads"):
        load_workload_file(str(path))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    deploy: ec2:t3.small",
            "    deploy: ec2:t9.tiny",
            "FILE:17: workloads.nightly-etl.deploy: unknown instance type 't9.tiny' in pricing table aws-2026-07-20",
        ),
        (
            "    instance: [t3.small, m5.large]",
            "    instance: [t3.small, m9.huge]",
            "FILE:16: workloads.nightly-etl.instance: unknown instance type 'm9.huge' in pricing table aws-2026-07-20",
        ),
        (
            "    memory: 512\n    api",
            "    memory: 100\n    api",
            "FILE:8: workloads.orders-api.memory: 100 MB is not allowed: pricing table aws-2026-07-20 takes 128 to "
            "10240 MB in steps of 1 MB",
        ),
        (
            "region: us-east-1",
            "region: mars-1",
            "FILE:5: workloads.orders-api: pricing table aws-2026-07-20 has no Lambda prices for 'mars-1' "
            "(24 regions have them: costcalc pricing show aws-2026-07-20)",
        ),
        (
            "pricing: aws",
            "pricing: azure",
            "FILE:2: pricing: unknown pricing table 'azure' (known: aws, aws-2015, aws-2026-07-20)",
        ),
    ],
)
def test_table_checks_run_before_anything_is_priced(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(FileFormatError) as caught:
        load_checked_file(str(path))
    assert str(caught.value).replace(str(path), "FILE") == message


def test_the_example_file_is_valid() -> None:
    workloads, table = load_checked_file(str(REPO / "examples" / "workloads.yaml"))
    assert len(workloads.entries) == 4
    assert table.name.startswith("aws-")
