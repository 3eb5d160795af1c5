"""pricing import of commitments: Reserved terms of AmazonEC2 offers (CSV, JSON) and Savings Plans offers.

The Reserved rows are the real AmazonEC2 sample's (tests/data/offer-samples), their filter columns
made Linux and shared tenancy (see ``sample_reserved_csv``); the JSON shapes are cited in tests/offers.py.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from costcalc import FileFormatError, InputError, load_pricing
from costcalc.catalog.aws_offers.importer import import_offers, reserved_key
from costcalc.catalog.commitments import purchased
from costcalc.catalog.purchase import Purchase
from costcalc.catalog.review import price_points, pricing_diff
from tests.conftest import run_cli
from tests.offers import (
    SAMPLE_CSV,
    reserved_csv,
    reserved_json,
    sample_reserved_csv,
    savings_plan_json,
    write,
)


def commitments(path: Path, region: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text())["ec2"]["commitments"][region]  # type: ignore[no-any-return]


def test_the_real_reserved_rows_pass_only_once_made_linux_and_shared(tmp_path: Path) -> None:
    # As published, the sample's 30 Reserved rows are Windows with SQL Server: none is kept.
    with pytest.raises(InputError, match="hold no prices costcalc uses"):
        import_offers([str(SAMPLE_CSV)], str(tmp_path / "imported.yaml"))


def test_the_sample_reserved_rows_become_hourly_and_upfront_parts(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    result = import_offers([write(tmp_path, "ec2.csv", sample_reserved_csv())], str(out))
    assert result.reserved_regions == ("ap-northeast-1", "ca-central-1")
    tokyo = commitments(out, "ap-northeast-1")["reserved"]
    assert tokyo["source"] == ["import-1"]
    assert (tokyo["confidence"], tokyo["as_of"]) == ("seen-aws", "2025-09-12")
    c6i = tokyo["rates"]["c6i.large"]
    assert len(c6i) == 12  # every term, class and payment: 20 rows
    assert c6i["3y standard partial-upfront"] == {"hourly": "0.10463", "upfront": "2750"}
    assert c6i["1y standard no-upfront"] == {"hourly": "0.23722", "upfront": "0"}
    assert c6i["3y convertible all-upfront"] == {"hourly": "0", "upfront": "5655"}
    # ca-central-1's 10 rows: the 1y standard partial-upfront term has its hourly row and no upfront row
    # in the sample, so it is left out, with a warning, rather than guessed.
    canada = commitments(out, "ca-central-1")["reserved"]["rates"]["m6id.2xlarge"]
    assert sorted(canada) == [
        "1y convertible no-upfront",
        "1y convertible partial-upfront",
        "1y standard all-upfront",
        "1y standard no-upfront",
        "3y standard no-upfront",
        "3y standard partial-upfront",
    ]
    assert any("1 Reserved rate left out" in warning for warning in result.warnings)
    # Only the reserved section is replaced: the region's Spot levels stay.
    assert commitments(out, "ap-northeast-1")["spot"]["source"] == ["spot-advisor"]


def test_the_imported_reserved_rate_prices_a_server(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    import_offers([write(tmp_path, "ec2.csv", reserved_csv())], str(out))
    view = purchased(load_pricing(str(out)), Purchase.parse("reserved:1y:standard:partial-upfront"))
    rate = view.ec2.terms("us-east-1", "m5.large")
    assert rate is not None
    # $0.03 an hour plus $263 over 12 x 730 hours.
    assert rate.effective == Decimal("0.03") + Decimal(263) / Decimal(8760)
    assert (rate.recurring, rate.upfront, rate.on_demand) == (Decimal("0.03"), Decimal(263), Decimal("0.096"))


def test_reserved_terms_read_the_same_from_csv_and_json(tmp_path: Path) -> None:
    from_csv, from_json = tmp_path / "csv.yaml", tmp_path / "json.yaml"
    import_offers([write(tmp_path, "ec2.csv", reserved_csv())], str(from_csv))
    import_offers([write(tmp_path, "ec2.json", reserved_json())], str(from_json))
    reserved = commitments(from_json, "us-east-1")["reserved"]
    assert reserved == commitments(from_csv, "us-east-1")["reserved"]
    assert reserved["rates"] == {
        "m5.large": {
            "1y standard no-upfront": {"hourly": "0.062", "upfront": "0"},
            "1y standard partial-upfront": {"hourly": "0.03", "upfront": "263"},
            "3y convertible all-upfront": {"hourly": "0", "upfront": "1200"},
        }
    }
    # The Windows and dedicated products' terms are left out: eu-west-1 keeps the base's rates.
    assert commitments(from_json, "eu-west-1")["reserved"]["source"] == ["ec2instances-2019-reserved"]


def test_merge_keeps_the_bases_reserved_rates_for_types_not_imported(tmp_path: Path) -> None:
    out = tmp_path / "merged.yaml"
    import_offers([write(tmp_path, "ec2.csv", reserved_csv())], str(out), merge=True)
    reserved = commitments(out, "us-east-1")["reserved"]
    base = load_pricing("aws").ec2.commitments["us-east-1"]["reserved"]
    assert reserved["rates"]["m5.large"]["1y standard partial-upfront"] == {
        "hourly": "0.03",
        "upfront": "263",
    }
    assert len(reserved["rates"]) == len({*base["rates"], "m5.large"})
    # One section names one list of sources and one date: both, and the older date, the weaker confidence.
    assert reserved["source"] == ["import-1", "ec2instances-2019-reserved"]
    assert reserved["as_of"] == "2019-04-05"
    assert reserved["confidence"] == base["confidence"]


def test_reserved_keys_come_from_the_purchase_spec() -> None:
    assert reserved_key("1yr", "standard", "Partial Upfront") == "1y standard partial-upfront"
    assert reserved_key("3 yr", "convertible", "All Upfront") == "3y convertible all-upfront"
    assert reserved_key("1yr", "standard", "Heavy Utilization") is None


def test_cli_import_of_reserved_rows_then_compare(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    result = run_cli("pricing", "import", write(tmp_path, "ec2.csv", reserved_csv()), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Reserved rates for 1 region" in result.stderr
    compared = run_cli(
        "compare",
        "--rpd",
        "16000",
        "--ms",
        "200",
        "--instance",
        "m5.large",
        "--purchase",
        "reserved:1y:partial-upfront",
        "--pricing",
        str(out),
        "--format",
        "json",
    )
    assert compared.exit_code == 0, compared.output
    assert "ec2:m5.large@reserved:1y:standard:partial-upfront" in compared.stdout


def test_a_savings_plans_file_gives_ec2_and_lambda_rates_and_ignores_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    result = import_offers([write(tmp_path, "sp.json", savings_plan_json())], str(out))
    assert result.offers[0].offer_code == "AWSComputeSavingsPlan"
    assert result.plan_regions == ("us-east-1",)  # the local zone's rate has no on-demand region here
    document = yaml.safe_load(out.read_text())
    plans = document["ec2"]["commitments"]["us-east-1"]["savings_plans"]
    assert (plans["source"], plans["confidence"], plans["as_of"]) == (["import-1"], "seen-aws", "2026-11-18")
    # Windows, dedicated tenancy and SageMaker rates are not Linux shared EC2: left out.
    assert plans["rates"] == {
        "m5.large": {
            "compute 1y no-upfront": "0.068",
            "compute 3y all-upfront": "0.041",
            "ec2-instance 1y no-upfront": "0.06",
        },
        "m7g.large": {"ec2-instance 1y no-upfront": "0.051"},
    }
    lam = document["lambda"]["regions"]["us-east-1"]["savings_plans"]
    # Provisioned concurrency rates are left out; the on-demand duration rates kept.
    assert lam["rates"] == {
        "compute 1y no-upfront": {"x86_64": "0.0000141", "arm64": "0.0000113"},
        "compute 3y all-upfront": {"x86_64": "0.0000121"},
    }
    # Fargate's rates under ECS and a Compute plan only: not EKS's, Spot's or an EC2 Instance plan's.
    fargate = document["fargate"]["regions"]["us-east-1"]["savings_plans"]
    assert (fargate["source"], fargate["confidence"]) == (["import-1"], "seen-aws")
    assert fargate["rates"] == {
        "compute 1y no-upfront": {
            "x86_64": {"per_vcpu_hour": "0.03", "per_gb_hour": "0.0033"},
            "arm64": {"per_vcpu_hour": "0.024", "per_gb_hour": "0.0026"},
        }
    }
    assert result.warnings == ()
    # The on-demand prices are the base's, untouched.
    assert load_pricing(str(out)).ec2.offers_by_name("us-east-1") == load_pricing("aws").ec2.offers_by_name(
        "us-east-1"
    )


def test_a_bad_plan_term_is_one_line_naming_the_key(tmp_path: Path) -> None:
    text = savings_plan_json().replace('"purchaseTerm": "3yr"', '"purchaseTerm": "5yr"')
    with pytest.raises(
        FileFormatError, match=r"products\[1\]\.attributes\.purchaseTerm: expected 1yr or 3yr"
    ):
        import_offers([write(tmp_path, "sp.json", text)], str(tmp_path / "out.yaml"))


def test_a_savings_plans_price_given_as_a_number_is_refused(tmp_path: Path) -> None:
    text = savings_plan_json().replace('"price": "0.068"', '"price": 0.068')
    with pytest.raises(FileFormatError, match=r"discountedRate\.price: expected the price as a JSON string"):
        import_offers([write(tmp_path, "sp.json", text)], str(tmp_path / "out.yaml"))


def test_compare_prices_ec2_and_lambda_under_the_imported_plan(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    imported = run_cli(
        "pricing", "import", write(tmp_path, "sp.json", savings_plan_json()), "--out", str(out)
    )
    assert imported.exit_code == 0, imported.output
    assert "Savings Plans rates for 1 region" in imported.stderr
    result = run_cli(
        "compare", "--requests-per-month", "3000000", "--ms", "1000", "--memory", "1024",
        "--instance", "m5.large", "--purchase", "savings-plan:compute:1y",
        "--pricing", str(out), "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    options = {o["name"]: o for o in json.loads(result.stdout)["options"]}
    server = options["ec2:m5.large@savings-plan:compute:1y:no-upfront"]
    instances = server["items"][0]
    assert (instances["name"], instances["rate"], instances["monthly"]) == ("instances", "0.068", "49.64")
    lam = {item["name"]: item for item in options["lambda@savings-plan:compute:1y:no-upfront"]["items"]}
    # 3M GB-s at the plan's flat $0.0000141; requests stay at on-demand, $0.20 a million.
    assert (lam["compute"]["rate"], lam["compute"]["monthly"]) == ("0.0000141", "42.3")
    assert lam["requests"]["rate"] == "0.0000002"


def test_diff_reports_changed_added_and_removed_commitment_rates(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    import_offers([write(tmp_path, "sp.json", savings_plan_json())], str(old))
    text = savings_plan_json().replace('"price": "0.068"', '"price": "0.07"')
    text = text.replace('"price": "0.0000113"', '"price": "0.0000110"')
    text = text.replace("USE1-BoxUsage:m7g.large", "USE1-BoxUsage:m7g.xlarge")
    import_offers([write(tmp_path, "sp2.json", text)], str(new))
    changes = {c.key: c for c in pricing_diff(str(old), str(new)).changes}
    assert {key: (c.change, c.old, c.new) for key, c in changes.items()} == {
        "ec2 us-east-1 m5.large savings-plan compute 1y no-upfront": (
            "changed",
            Decimal("0.068"),
            Decimal("0.07"),
        ),
        "ec2 us-east-1 m7g.large savings-plan ec2-instance 1y no-upfront": (
            "removed",
            Decimal("0.051"),
            None,
        ),
        "ec2 us-east-1 m7g.xlarge savings-plan ec2-instance 1y no-upfront": ("added", None, Decimal("0.051")),
        "lambda us-east-1 arm64 savings-plan compute 1y no-upfront per GB-s": (
            "changed",
            Decimal("0.0000113"),
            Decimal("0.0000110"),
        ),
    }


def test_diff_reports_reserved_parts_and_spot_levels(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    import_offers([write(tmp_path, "ec2.csv", reserved_csv())], str(old))
    new = tmp_path / "new.yaml"
    text = old.read_text().replace("upfront: '263'", "upfront: '250'")
    assert text != old.read_text()
    new.write_text(text)
    result = run_cli("pricing", "diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)["changes"]
    assert changes == [
        {
            "key": "ec2 us-east-1 m5.large reserved 1y standard partial-upfront upfront",
            "change": "changed",
            "old": "263",
            "new": "250",
            "percent": changes[0]["percent"],
        }
    ]
    points = price_points(load_pricing(str(old)))
    assert points["ec2 us-east-1 m5.large reserved 1y standard partial-upfront hourly"] == Decimal("0.03")
    assert points["ec2 us-east-1 m5.large spot savings"] == Decimal(
        load_pricing("aws").ec2.commitments["us-east-1"]["spot"]["rates"]["m5.large"]["savings"]
    )
