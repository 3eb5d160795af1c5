"""EC2 prices merged from several sources: the newest wins, and each price keeps its own source and date."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import FileFormatError, InputError, Workload, compare, load_pricing
from costcalc.catalog.model import Confidence
from costcalc.catalog.schema import validate_table
from costcalc.catalog.writer import write_table as write_plain
from costcalc.model.comparison import price_notes
from costcalc.yaml_source import load_yaml
from tests.conftest import REPO, run_cli
from tests.tables import MINIMAL_TABLE, write_table

SOURCES = REPO / "pricing" / "sources"

OLDER = (
    MINIMAL_TABLE.replace("  fixture: made up for tests\n", "  fixture: made up for tests\n  old: older\n")
    .replace(
        "        old.burst: 0.0001\n",
        "        old.burst: 0.0001\n"
        "      older:\n"
        "        old:\n"
        "          as_of: '2019-04-05'\n"
        "          confidence: seen-2nd\n"
        "          prices:\n"
        "            big.one: 0.5\n",
    )
    .replace(
        "    old.burst: {vcpu: 1",
        "    big.one: {vcpu: 4, memory_gib: 16, arch: x86_64}\n    old.burst: {vcpu: 1",
    )
)


def rows(name: str) -> list[dict[str, str]]:
    with (SOURCES / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_an_older_price_keeps_its_source_and_date(tmp_path: Path) -> None:
    table = load_pricing(str(write_table(tmp_path, OLDER)))
    offer = table.ec2.offer("test-1", "big.one")
    assert offer is not None
    assert offer.hourly.amount == Decimal("0.5")
    assert offer.hourly.confidence is Confidence.SEEN_2ND
    assert offer.hourly.note == "old, as of 2019-04-05"
    assert offer.hourly.key == "ec2.regions.test-1.older.old.prices.big.one"
    newer = table.ec2.offer("test-1", "small.one")
    assert newer is not None and newer.hourly.note is None
    assert "big.one" in table.ec2.instance_names("test-1")
    assert next(table.ec2.cheapest_first("test-1")).instance.name == "old.burst"


def test_a_type_priced_by_two_sources_in_one_region_is_refused(tmp_path: Path) -> None:
    text = OLDER.replace(
        "            big.one: 0.5\n", "            big.one: 0.5\n            small.one: 0.04\n"
    )
    with pytest.raises(FileFormatError, match=r"small\.one is already priced by a newer source"):
        load_pricing(str(write_table(tmp_path, text)))


def test_an_older_source_must_be_a_listed_source(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="unknown source 'gone'"):
        load_pricing(str(write_table(tmp_path, OLDER.replace("        old:\n", "        gone:\n"))))


def test_older_sources_survive_a_write_and_read(tmp_path: Path) -> None:
    plain = validate_table(load_yaml(str(write_table(tmp_path, OLDER))))
    out = tmp_path / "again.yaml"
    write_plain(plain, str(out))
    assert validate_table(load_yaml(str(out)))["ec2"] == plain["ec2"]


def test_every_2019_price_is_in_the_current_table_unless_a_newer_source_prices_it() -> None:
    table = load_pricing("aws")
    newer = {(r["region"], r["instance_type"]): r["hourly_usd"] for r in rows("ec2-ondemand-linux.csv")}
    newer.update(
        {
            (r["region"], r["instance_type"]): r["hourly_usd"]
            for r in rows("ec2-ondemand-linux-multiregion-sample.csv")
        }
    )
    shared = dated = 0
    for row in rows("ec2-ondemand-linux-2019-16regions.csv"):
        key = (row["region"], row["instance_type"])
        offer = table.ec2.offer(*key)
        if key in newer:
            shared += 1
            assert Decimal(newer[key]) == Decimal(row["hourly_usd"]), key  # the sources agree
            assert offer is None or offer.hourly.as_of != "2019-04-05"  # and the newer one is used
            continue
        if offer is None:
            assert row["instance_type"] in ("i3.metal", "cc2.8xlarge", "hs1.8xlarge"), key
            continue
        dated += 1
        assert offer.hourly.amount == Decimal(row["hourly_usd"])
        assert offer.hourly.confidence is Confidence.SEEN_2ND
        assert offer.hourly.note == "ec2instances-2019, as of 2019-04-05"
        assert offer.hourly.as_of == "2019-04-05"
    assert shared == 228
    assert dated > 1600


def test_eu_west_1_prices_older_families_and_keeps_the_sample_where_they_overlap() -> None:
    table = load_pricing("aws")
    micro = table.ec2.offer("eu-west-1", "t3.micro")
    assert micro is not None and micro.hourly.amount == Decimal("0.0114")
    large = table.ec2.offer("eu-west-1", "m5.large")
    assert large is not None and large.hourly.amount == Decimal("0.107")
    assert (large.hourly.as_of, large.hourly.note) == ("2025-26", "skypilot, as of 2025-26")
    assert len(table.ec2.instance_names("eu-west-1")) > 150
    assert table.ec2.partial("eu-west-1") and table.ec2.partial("sa-east-1")
    assert not table.ec2.partial("us-east-1")


def test_a_dated_price_is_named_under_uncertain_prices() -> None:
    table = load_pricing("aws")
    result = compare(Workload(rpd=16000, ms=200, region="eu-west-1", instances=("t3.micro",)), table)
    lines = price_notes(result.options, table)
    assert (
        "ec2:t3.micro uses a seen-2nd price dated 2019-04-05 "
        "(ec2.regions.eu-west-1.older.ec2instances-2019.prices.t3.micro): ec2instances-2019, as of 2019-04-05"
    ) in lines
    current = compare(Workload(rpd=16000, ms=200, instances=("t3.micro",)), table)
    assert not [line for line in price_notes(current.options, table) if "dated" in line]


@pytest.mark.parametrize(
    ("workload", "message"),
    [
        (
            Workload(rpd=1, ms=1, region="eu-west-1", instances=("t4g.nano",)),
            "pricing table aws-2026-07-20 has no price for t4g.nano in eu-west-1 (its list there is partial: "
            "`costcalc pricing fetch --region eu-west-1 --name aws-eu-west-1` imports AWS's full one)",
        ),
        (
            Workload(rpd=1, ms=1, region="us-east-2", storage=1024),
            "pricing table aws-2026-07-20 has no ephemeral storage price for us-east-2; "
            "`costcalc pricing fetch --region us-east-2 --name aws-us-east-2` imports AWS's, "
            "then use --pricing aws-us-east-2.yaml",
        ),
        (
            Workload(rpd=1, ms=1, region="eu-west-1", api_gateway="http"),
            "pricing table aws-2026-07-20 has no http API prices for eu-west-1; costcalc imports only the "
            "Lambda and EC2 offers: add them to your own table (--pricing FILE)",
        ),
        (
            Workload(rpd=1, ms=1, region="eu-west-1", load_balancer=True, instances=("m5.large",)),
            "pricing table aws-2026-07-20 has no load balancer prices for eu-west-1; costcalc imports only the "
            "Lambda and EC2 offers: add them to your own table (--pricing FILE)",
        ),
    ],
)
def test_a_missing_price_names_table_and_region_and_how_to_get_one(workload: Workload, message: str) -> None:
    with pytest.raises(InputError) as caught:
        compare(workload, load_pricing("aws-2026-07-20"))
    assert caught.value.message == message


def test_a_price_missing_from_a_complete_region_does_not_blame_the_list() -> None:
    # cc2.8xlarge: priced in GovCloud and in 2019, gone from us-east-1's complete list.
    with pytest.raises(InputError) as caught:
        compare(Workload(rpd=1, ms=1, instances=("cc2.8xlarge",)), load_pricing("aws-2026-07-20"))
    assert caught.value.message == "pricing table aws-2026-07-20 has no price for cc2.8xlarge in us-east-1"


def assumptions(workload: Workload) -> tuple[str, ...]:
    return compare(workload, load_pricing("aws-2026-07-20")).assumptions


def test_an_auto_pick_from_a_partial_list_says_what_the_list_holds() -> None:
    lines = assumptions(Workload(rpd=16000, ms=200, region="eu-west-1"))
    assert (
        "eu-west-1: 174 types priced, 13 from skypilot as of 2025-26 and 161 from ec2instances-2019 as of "
        "2019-04-05; most newer types are missing: `costcalc pricing fetch --region eu-west-1 --name "
        "aws-eu-west-1` for the full list."
    ) in lines
    picked = next(line for line in lines if line.startswith("Server type:"))
    assert picked.endswith("among the types this table prices in eu-west-1, a partial list.")
    assert not [line for line in lines if "cheapest type in" in line or "in eu-west-1." in line]


def test_an_auto_pick_from_a_complete_list_adds_no_coverage_line() -> None:
    lines = assumptions(Workload(rpd=16000, ms=200))
    assert next(line for line in lines if line.startswith("Server type:")).endswith(" in us-east-1.")
    assert not [line for line in lines if "types priced" in line]


def test_given_types_need_no_coverage_line() -> None:
    lines = assumptions(Workload(rpd=16000, ms=200, region="eu-west-1", instances=("m5.large",)))
    assert not [line for line in lines if "types priced" in line or line.startswith("Server type:")]


def test_coverage_counts_types_newest_families_and_source_dates() -> None:
    table = load_pricing("aws-2026-07-20")
    coverage = table.ec2.coverage("eu-west-1", "2026-07-20")
    assert (coverage.types, coverage.partial) == (174, True)
    assert coverage.newest_generation == 7 and "i7i" in coverage.newest
    assert [(s.source, s.as_of, s.types) for s in coverage.sources] == [
        ("skypilot", "2025-26", 13),
        ("ec2instances-2019", "2019-04-05", 161),
    ]
    full = table.ec2.coverage("us-east-1", "2026-07-20")
    assert (full.partial, full.sources[0].as_of, full.types) == (False, "2026-07-20", 1307)
    assert full.newest_generation >= 8 and "u-24tb1" not in full.newest  # memory size, not a generation
    only_2019 = table.ec2.coverage("sa-east-1", "2026-07-20")
    assert only_2019.newest_generation == 5
    assert [(s.source, s.as_of) for s in only_2019.sources] == [("ec2instances-2019", "2019-04-05")]


def test_pricing_show_gives_each_regions_coverage_and_why_govcloud_is_unusable() -> None:
    result = run_cli("pricing", "show", "aws")
    assert result.exit_code == 0, result.stderr
    coverage = result.stdout.split("EC2 on-demand Linux: coverage")[1].split("\n\n")[0]
    rows = {line.split()[0]: line for line in coverage.splitlines() if line.startswith(" ") and line.strip()}
    assert "│   174 │ partial" in rows["eu-west-1"] and "skypilot (2025-26): 13;" in rows["eu-west-1"]
    assert (
        "│ 1,307 │ complete  │ c9g" in rows["us-east-1"]
        and "karpenter (2026-07-20): 1,307" in rows["us-east-1"]
    )
    assert "complete*" in rows["us-gov-west-1"]
    text = " ".join(result.stdout.split())
    assert "us-gov-east-1, us-gov-west-1: EC2 prices only. This table has no Lambda prices there" in text
    assert (
        "GovCloud (us-gov-east-1, us-gov-west-1), ap-southeast-3, eu-south-2 and me-central-1 have EC2"
        in text
    )


def test_a_govcloud_compare_says_why_it_cannot_run() -> None:
    with pytest.raises(InputError) as caught:
        compare(Workload(rpd=1, ms=1, region="us-gov-west-1"), load_pricing("aws-2026-07-20"))
    assert caught.value.message.startswith(
        "pricing table aws-2026-07-20 has EC2 prices for us-gov-west-1 but no Lambda prices"
    )
    assert "did you mean" not in caught.value.message
