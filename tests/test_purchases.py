"""Buying options: Spot, Reserved Instances and Savings Plans, for servers and for Lambda.

Figures are worked by hand from the fixture table below (its commitment rates are made up
for the test) or from the bundled table's sourced Spot and Reserved rates.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import Workload, compare, load_pricing
from costcalc.catalog.purchase import Purchase
from costcalc.errors import FileFormatError, InputError
from costcalc.model.results import OptionKind
from tests.conftest import run_cli
from tests.tables import MINIMAL_TABLE, write_table

COMMITTED_TABLE = MINIMAL_TABLE.replace(
    """          - {price: 0.001}
api_gateway:""",
    """          - {price: 0.001}
      savings_plans:
        source: fixture
        as_of: '2026-01-01'
        rates:
          compute 3y no-upfront: {x86_64: 0.004}
api_gateway:""",
) + (
    """  commitments:
    test-1:
      spot:
        source: fixture
        confidence: derived
        as_of: '2026-01-01'
        rates:
          small.one: {savings: 0.6, interruption: '<5%'}
          burst.two: {savings: 0.5, interruption: '>20%'}
      reserved:
        source: fixture
        rates:
          small.one:
            1y standard partial-upfront: {hourly: 0.035, upfront: 270}
            3y standard no-upfront: 0.02
      savings_plans:
        source: fixture
        rates:
          small.one: {compute 3y no-upfront: 0.02}
"""
)

# 3M requests of 1 s: 1 vCPU-s each (the fixture has no memory per vCPU), 1.14 req/s, 1.63 vCPUs at 70%.
STEADY = {"requests_per_month": 3_000_000, "ms": 1000, "memory": 1024, "region": "test-1"}


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    return write_table(tmp_path, COMMITTED_TABLE)


def option(workload: Workload, path: Path, name: str):  # type: ignore[no-untyped-def]
    found = {o.name: o for o in compare(workload, load_pricing(path)).options}
    return found[name]


def test_a_partial_upfront_reserved_instance_adds_its_upfront_spread_over_the_term(committed: Path) -> None:
    workload = Workload(**STEADY, instances=("small.one",), purchases=("reserved:1y:partial-upfront",))
    reserved = option(workload, committed, "ec2:small.one@reserved:1y:standard:partial-upfront")
    assert reserved.count == 2
    instances = reserved.items[0]
    # 2 x 730 h x $0.035, plus $270 / (12 x 730 h) an instance-hour: 2 x 730 x 270 / 8,760 = $45.
    assert [part.monthly for part in instances.parts] == [Decimal("51.100"), Decimal("45")]
    assert reserved.monthly == Decimal("96.100")
    assert reserved.upfront == Decimal(540)
    data = reserved.to_dict()
    assert (data["purchase"], data["term_months"], data["upfront"]) == (
        "reserved:1y:standard:partial-upfront",
        12,
        "540",
    )


def test_a_compute_savings_plan_covers_ec2_and_lambda_duration_but_not_requests(committed: Path) -> None:
    workload = Workload(**STEADY, instances=("small.one",), purchases=("savings-plan:compute:3y",))
    result = compare(workload, load_pricing(committed))
    names = [o.name for o in result.options]
    assert names == [
        "lambda",
        "ec2:small.one",
        "lambda@savings-plan:compute:3y:no-upfront",
        "ec2:small.one@savings-plan:compute:3y:no-upfront",
    ]
    lam = result.options[2]
    assert lam.kind is OptionKind.LAMBDA
    requests, compute = lam.items
    assert requests.monthly == Decimal("0.60")  # 3M x $0.20/M, on demand
    assert compute.monthly == Decimal("12000.000")  # 3M GB-s at the plan's flat $0.004, no tiers
    assert result.options[3].monthly == Decimal("29.20")  # 2 x 730 h x $0.02
    # On demand Lambda is tiered: 1,000 x 0.01 + 2,000 x 0.005 + 2,997,000 x 0.001 + requests.
    assert result.options[0].monthly == Decimal("3017.60")
    assert any("Compute Savings Plan also covers" in line for line in result.assumptions)


def test_a_reserved_instance_or_ec2_instance_plan_gives_lambda_no_row(committed: Path) -> None:
    workload = Workload(**STEADY, instances=("small.one",), purchases=("reserved:3y",))
    kinds = [o.kind for o in compare(workload, load_pricing(committed)).options]
    assert kinds.count(OptionKind.LAMBDA) == 1


def test_spot_is_on_demand_less_the_advisors_saving_rounded_only_for_display() -> None:
    workload = Workload(rpd=16000, ms=200, instances=("m5.large",), purchases=("spot",))
    result = compare(workload, load_pricing("aws"))
    spot = next(o for o in result.options if o.name == "ec2:m5.large@spot")
    instances = spot.items[0]
    # us-east-1 m5.large: $0.096 on demand, 66% average saving (advisor, 2025-06-28).
    assert instances.parts[0].price.amount == Decimal("0.03264")
    assert instances.monthly == Decimal("23.82720")
    assert spot.interruption == "15-20%"
    assert any("spot" in note and "derived" in note for note in result.price_notes)


def test_the_auto_pick_is_made_again_under_each_purchase(committed: Path) -> None:
    # On demand the cheapest x86 type that fits is burst.two; under the reserved 3y rate only small.one has one.
    workload = Workload(
        requests_per_month=1000, ms=100, memory=512, region="test-1", purchases=("reserved:3y",)
    )
    result = compare(workload, load_pricing(committed))
    assert [o.instance_type for o in result.server_options] == ["burst.two", "small.one"]
    assert [a.option for a in result.break_even] == ["servers", "servers@reserved:3y:standard:no-upfront"]


def test_max_interruption_keeps_the_spot_auto_pick_to_quiet_types(committed: Path) -> None:
    loud = Workload(requests_per_month=1000, ms=100, memory=512, region="test-1", purchases=("spot",))
    table = load_pricing(committed)
    assert compare(loud, table).server_options[1].instance_type == "burst.two"  # $0.005, >20%
    quiet = Workload(
        requests_per_month=1000, ms=100, memory=512, region="test-1", purchases=("spot",), max_interruption=10
    )
    picked = compare(quiet, table).server_options[1]
    assert (picked.instance_type, picked.interruption) == ("small.one", "<5%")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("reserved:2y", "expected a term of 1y or 3y in 'reserved:2y', got '2y'"),
        ("spot:abc", "spot takes no options, got 'spot:abc'"),
        (
            "savings-plan:lambda:1y",
            "expected a plan of compute or ec2-instance after savings-plan:, got 'lambda'",
        ),
        ("reserved:1y:standard:convertible", "more than one class in 'reserved:1y:standard:convertible'"),
        ("reserved:3y:weekly", "unknown part 'weekly' in 'reserved:3y:weekly'"),
        ("spto", "unknown purchase option 'spto' (did you mean 'spot'?)"),
    ],
)
def test_bad_purchase_specs_are_refused_with_the_reason(spec: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        Workload(rpd=1000, ms=100, purchases=(spec,))
    assert message in caught.value.message
    result = run_cli("compare", "--rpd", "1000", "--ms", "100", "--purchase", spec)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_specs_are_read_case_insensitively_with_defaults_filled_in() -> None:
    assert Purchase.parse("Reserved:1YR").spec == "reserved:1y:standard:no-upfront"
    assert (
        Purchase.parse("reserved:3y:all-upfront:convertible").label == "reserved 3y convertible all-upfront"
    )
    assert Purchase.parse("savings-plan:ec2-instance:1y").rate_key == "ec2-instance 1y no-upfront"
    assert Workload(rpd=1, ms=1, purchases=("spot,on-demand", "spot")).purchases == ("spot",)


def test_a_rate_the_table_lacks_is_one_line_naming_what_to_import(committed: Path) -> None:
    result = run_cli(
        "compare", *_steady_flags(), "--instance", "burst.two", "--purchase", "savings-plan:compute:3y",
        "--pricing", str(committed),
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --purchase: no 3y compute savings plan rate (no-upfront) for burst.two in test-1 in table "
        "fixture; import the Savings Plans offer file (costcalc pricing import)\n"
    )
    no_level = run_cli(
        "compare", *_steady_flags(), "--instance", "arm.one", "--purchase", "spot", "--pricing", str(committed)
    )  # fmt: skip
    assert no_level.exit_code == 2
    assert no_level.stderr == (
        "Error: --purchase: no Spot level for arm.one in test-1 in table fixture; add the Spot advisor's "
        "levels to your own table (--pricing FILE)\n"
    )


def _steady_flags() -> list[str]:
    return ["--requests-per-month", "3000000", "--ms", "1000", "--memory", "1024", "--region", "test-1"]


def test_the_json_of_every_server_option_says_how_it_is_bought(committed: Path) -> None:
    result = run_cli(
        "compare", *_steady_flags(), "--instance", "small.one", "--purchase", "reserved:3y", "--format", "json",
        "--pricing", str(committed),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    options = {o["name"]: o for o in json.loads(result.stdout)["options"]}
    assert options["ec2:small.one"]["purchase"] == "on-demand"
    reserved = options["ec2:small.one@reserved:3y:standard:no-upfront"]
    assert (reserved["term_months"], reserved["upfront"], reserved["monthly"]) == (36, "0", "29.2")
    assert "purchase" not in options["lambda"]


def test_commitment_sections_round_trip_through_the_writer(committed: Path, tmp_path: Path) -> None:
    from costcalc.catalog.schema import validate_table
    from costcalc.catalog.writer import write_table as write_plain
    from costcalc.yaml_source import load_yaml

    plain = validate_table(load_yaml(str(committed)))
    out = tmp_path / "again.yaml"
    write_plain(plain, str(out))
    again = validate_table(load_yaml(str(out)))
    assert again["ec2"]["commitments"] == plain["ec2"]["commitments"]
    assert (
        again["lambda"]["regions"]["test-1"]["savings_plans"]
        == plain["lambda"]["regions"]["test-1"]["savings_plans"]
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("small.one: {savings: 0.6,", "small.one: {savings: 1.5,", "expected a number from 0 to 1"),
        (
            "small.one: {savings: 0.6, interruption: '<5%'}",
            "small.one: {interruption: '<5%'}",
            "either price or savings",
        ),
        ("interruption: '<5%'", "interruption: 'rare'", "expected one of <5%, 5-10%"),
        ("3y standard no-upfront: 0.02", "3y standard: 0.02", "expected the rate key written in full"),
        (
            "compute 3y no-upfront: {x86_64",
            "ec2-instance 3y no-upfront: {x86_64",
            "only a Compute Savings Plan",
        ),
        ("small.one: {compute", "huge.one: {compute", "instance type 'huge.one' is not listed"),
    ],
)
def test_bad_commitment_entries_name_the_file_line_and_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in COMMITTED_TABLE
    path = write_table(tmp_path, COMMITTED_TABLE.replace(old, new, 1))
    with pytest.raises(FileFormatError) as caught:
        load_pricing(path)
    assert message in str(caught.value)
    assert caught.value.line is not None


def test_a_deploy_target_names_how_it_is_bought_and_is_priced_that_way(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "version: 1\nworkloads:\n  api:\n    rpd: 138240\n    ms: 120\n    memory: 1024\n"
        "    deploy: ec2:t3.micro@Reserved:3y\n    budget: {monthly: 7}\n"
    )
    result = run_cli("check", str(path), "--format", "json")
    assert result.exit_code == 1, result.stderr  # 730 h x $0.0095 + volume and address = $7.58
    row = json.loads(result.stdout)["workloads"][0]
    assert row["deploy"] == "ec2:t3.micro@reserved:3y:standard:no-upfront"
    assert row["monthly"] == "7.575"
    bad = run_cli("compare", "--rpd", "1000", "--ms", "100", "--max-monthly", "5", "--deploy", "lambda@spot")
    assert bad.exit_code == 2
    assert bad.stderr == "Error: --deploy: only a Compute Savings Plan applies to Lambda, got 'lambda@spot'\n"


def test_sweeps_and_batches_take_purchase_options() -> None:
    from costcalc import compare_many, sweep

    table = load_pricing("aws")
    workload = Workload(rps=Decimal("1.6"), ms=120, memory=1024, purchases=("spot", "reserved:3y"))
    swept = sweep(workload, table, rpd_range=(10_000, 1_000_000), points=2)
    assert swept.columns() == ["lambda", "servers", "servers@spot", "servers@reserved:3y:standard:no-upfront"]
    full = compare(workload, table)
    (row,) = compare_many([workload], table).rows
    cheapest = min(full.server_options, key=lambda o: o.monthly)
    assert (row.server_monthly, row.server) == (cheapest.monthly, cheapest.name)
    assert row.server == "ec2:t3.micro@spot"


def test_pricing_show_counts_each_regions_buying_options_and_names_their_sources(committed: Path) -> None:
    from costcalc.catalog.commitments import CommitmentCoverage, commitment_coverage

    # Spot for two types; Reserved for one type at two terms; one plan rate. The fixture's defaults fill in.
    assert commitment_coverage(load_pricing(committed)) == {
        "test-1": [
            CommitmentCoverage("spot", 2, 2, ("fixture",), "derived", "2026-01-01"),
            CommitmentCoverage("reserved", 1, 2, ("fixture",), "seen-aws", None),
            CommitmentCoverage("savings_plans", 1, 1, ("fixture",), "seen-aws", None),
        ]
    }
    shown = run_cli("pricing", "show", str(committed)).stdout
    assert re.search(r"test-1 +│ +2 │ +1 \(2\) │ +1 \(1\)", shown)
    assert "Spot: fixture, derived, as of 2026-01-01\nReserved: fixture, seen-aws\n" in shown
