"""Fargate's prices from the AmazonECS offer file and its rates from the Savings Plans file."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from costcalc import FileFormatError, load_pricing
from costcalc.catalog.aws_offers.importer import import_offers
from costcalc.catalog.review import price_points, pricing_diff
from tests.conftest import run_cli
from tests.offers import ECS_ROWS, ecs_csv, ecs_json, savings_plan_json, write

EU_WEST_1 = {
    "x86_64": {"per_vcpu_hour": "0.04456", "per_gb_hour": "0.004865"},
    "arm64": {"per_vcpu_hour": "0.03565", "per_gb_hour": "0.00389"},
    "ephemeral_storage_per_gb_hour": "0.000122",
}


def test_ecs_csv_and_json_give_identical_tables_that_reproduce_the_bundled_prices(tmp_path: Path) -> None:
    from_csv, from_json = tmp_path / "from-csv.yaml", tmp_path / "from-json.yaml"
    result = import_offers([write(tmp_path, "ecs.csv", ecs_csv())], str(from_csv))
    import_offers([write(tmp_path, "ecs.json", ecs_json())], str(from_json))
    assert result.fargate_regions == ("eu-west-1", "us-east-1") and result.warnings == ()
    assert price_points(load_pricing(str(from_csv))) == price_points(load_pricing(str(from_json)))
    imported, bundled = load_pricing(str(from_csv)), load_pricing("aws")
    points = [price_points(table) for table in (imported, bundled)]
    here = [{k: v for k, v in p.items() if k.startswith("fargate us-east-1 ")} for p in points]
    assert here[0] == here[1] and len(here[0]) == 5
    assert imported.fargate is not None and bundled.fargate is not None
    assert imported.fargate.task_sizes == bundled.fargate.task_sizes  # kept from the base
    # Windows, Spot and ECS Anywhere rows are left out: each region is exactly its Linux prices.
    document = yaml.safe_load(from_csv.read_text())["fargate"]["regions"]
    assert {k: v for k, v in document["eu-west-1"].items() if k not in ("source", "confidence")} == EU_WEST_1
    assert (document["eu-west-1"]["source"], document["eu-west-1"]["confidence"]) == (
        ["import-1"],
        "seen-aws",
    )


def test_a_base_without_fargate_takes_the_task_sizes_from_the_current_table(tmp_path: Path) -> None:
    out = tmp_path / "old.yaml"
    import_offers([write(tmp_path, "ecs.csv", ecs_csv())], str(out), base="aws-2015")
    fargate, current = load_pricing(str(out)).fargate, load_pricing("aws").fargate
    assert fargate is not None and current is not None
    assert set(fargate.regions) == {"us-east-1", "eu-west-1"} and fargate.task_sizes == current.task_sizes


def test_an_architecture_with_only_one_of_its_prices_is_left_out_with_a_warning(tmp_path: Path) -> None:
    rows = [row for row in ECS_ROWS if row[0] == "eu-west-1" and row[1] != "EU-Fargate-ARM-GB-Hours"]
    out = tmp_path / "imported.yaml"
    result = import_offers([write(tmp_path, "ecs.csv", ecs_csv(rows))], str(out))
    assert result.warnings == (
        "Fargate arm64 in eu-west-1 left out: the offer files give its vCPU-hour or GB-hour price but not both",
    )
    region = yaml.safe_load(out.read_text())["fargate"]["regions"]["eu-west-1"]
    assert "arm64" not in region and region["x86_64"] == EU_WEST_1["x86_64"]


def test_a_bad_fargate_price_is_one_line(tmp_path: Path) -> None:
    text = ecs_csv().replace('"0.04456"', '"cheap"')
    with pytest.raises(FileFormatError, match=r"eu-west-1 Fargate x86_64 per_vcpu_hour: expected a number"):
        import_offers([write(tmp_path, "ecs.csv", text)], str(tmp_path / "out.yaml"))


def test_cli_import_of_ecs_then_compare_fargate_in_the_imported_region(tmp_path: Path) -> None:
    args = ["--rpd", "100000", "--ms", "120", "--option", "fargate", "--region", "eu-west-1"]
    missing = run_cli("compare", *args)
    assert missing.exit_code == 2
    assert "import the AmazonECS offer file" in missing.stderr
    out = tmp_path / "imported.yaml"
    imported = run_cli(
        "pricing", "import", write(tmp_path, "ecs.json", ecs_json()), "--base", "aws", "--out", str(out)
    )
    assert imported.exit_code == 0, imported.output
    assert "2 Fargate regions" in imported.stderr
    result = run_cli("compare", *args, "--pricing", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    options = {o["name"]: o for o in json.loads(result.stdout)["options"]}
    fargate = next(o for name, o in options.items() if name.startswith("fargate:"))
    assert {item["rate"] for item in fargate["items"]} >= {"0.04456", "0.004865"}


def test_a_savings_plans_file_gives_a_fargate_row_under_the_plan(tmp_path: Path) -> None:
    out = tmp_path / "plans.yaml"
    imported = run_cli(
        "pricing", "import", write(tmp_path, "sp.json", savings_plan_json()), "--out", str(out)
    )
    assert imported.exit_code == 0, imported.output
    result = run_cli(
        "compare", "--rpd", "100000", "--ms", "120", "--option", "fargate", "--task-size", "1vcpu-2gb",
        "--purchase", "savings-plan:compute:1y", "--pricing", str(out), "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    options = {o["name"]: o for o in json.loads(result.stdout)["options"]}
    plan = options["fargate:1vcpu-2gb@savings-plan:compute:1y:no-upfront"]
    assert {item["name"]: item["rate"] for item in plan["items"]}["vcpu"] == "0.03"


def test_diff_reports_a_changed_fargate_price(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    import_offers([write(tmp_path, "ecs.csv", ecs_csv())], str(old))
    import_offers([write(tmp_path, "ecs2.csv", ecs_csv().replace('"0.00389"', '"0.004"'))], str(new))
    changes = {c.key: (c.change, c.old, c.new) for c in pricing_diff(str(old), str(new)).changes}
    assert changes == {
        "fargate eu-west-1 arm64 per GB-hour": ("changed", Decimal("0.00389"), Decimal("0.004"))
    }
