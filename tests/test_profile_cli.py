"""compare --profile, and budgets on an ad-hoc compare."""

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

EXAMPLE = str(REPO / "examples" / "workloads.yaml")


def test_profile_compares_every_workload() -> None:
    result = run_cli("compare", "--profile", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [w["name"] for w in data["workloads"]] == ["orders-api", "image-resizer", "nightly-etl", "search"]
    etl = data["workloads"][2]
    assert etl["deploy"] == "ec2:t3.small"
    assert "ec2:t3.small" in [o["name"] for o in etl["options"]]  # the deployed type is always compared


def test_profile_flags_override_file_values() -> None:
    plain = json.loads(
        run_cli("compare", "--profile", EXAMPLE, "--workload", "orders-api", "--format", "json").stdout
    )
    bigger = json.loads(
        run_cli(
            "compare",
            "--profile",
            EXAMPLE,
            "--workload",
            "orders-api",
            "--memory",
            "1024",
            "--format",
            "json",
        ).stdout
    )
    (before,), (after,) = plain["workloads"], bigger["workloads"]
    assert (before["workload"]["memory"], after["workload"]["memory"]) == ("512", "1024")
    assert after["workload"]["rpd"] == "16000"  # untouched values still come from the file
    assert after["workload"]["api_gateway"] == "http"


def test_profile_table_has_a_heading_per_workload() -> None:
    result = run_cli("compare", "--profile", EXAMPLE)
    for name in ("orders-api (deployed on lambda)", "nightly-etl (deployed on ec2:t3.small)"):
        assert name in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--profile", EXAMPLE, "--workload", "nope"),
            f"Error: --workload: no workload 'nope' in {EXAMPLE} (it has: orders-api, image-resizer, nightly-etl, search)",
        ),
        (("--rpd", "1", "--ms", "1", "--workload", "x"), "Error: --workload: goes with --profile"),
        (
            ("--rpd", "1", "--ms", "1", "--deploy", "lambda"),
            "Error: --deploy: goes with --max-monthly or --max-daily",
        ),
        (
            ("--rpd", "1", "--ms", "1", "--max-monthly", "5", "--deploy", "vm"),
            "Error: --deploy: expected lambda or ec2:<instance type>[@<purchase>], got 'vm'",
        ),
        (
            ("--rpd", "1", "--ms", "1", "--max-daily", "0"),
            "Error: --max-daily: must be an amount from $0.01 to $1,000,000,000,000, got 0",
        ),
    ],
)
def test_profile_and_budget_flag_errors(args: tuple[str, ...], message: str) -> None:
    result = run_cli("compare", *args)
    assert (result.exit_code, result.stderr) == (2, message + "\n")


def test_ad_hoc_budget_passes_and_fails() -> None:
    ok = run_cli("compare", "--rpd", "16000", "--ms", "200", "--max-monthly", "5")
    assert ok.exit_code == 0
    assert "Budget: lambda costs " in ok.stdout and ": ok" in ok.stdout
    over = run_cli(
        "compare", "--rpd", "16000", "--ms", "200", "--max-monthly", "5", "--deploy", "ec2:m5.large"
    )
    assert over.exit_code == 1
    assert re.fullmatch(r"Error: over budget: ec2:m5\.large costs [\d,.]+% of \$5\.00/month\n", over.stderr)
    data = json.loads(
        run_cli("compare", "--rpd", "16000", "--ms", "200", "--max-daily", "1", "--format", "json").stdout
    )
    assert data["budget"]["option"] == "lambda"
    assert data["budget"]["status"] == "ok"
    assert data["budget"]["daily"] == "1"


def test_profile_budgets_fail_the_run_when_over(tmp_path: Path) -> None:
    over = tmp_path / "over.yaml"
    over.write_text(Path(EXAMPLE).read_text().replace("budget: {monthly: 5}", "budget: {monthly: 0.5}"))
    assert run_cli("compare", "--profile", str(over)).exit_code == 0  # no budget asked for: just compare
    result = run_cli("compare", "--profile", str(over), "--max-monthly", "1000")
    assert result.exit_code == 1
    assert result.stderr == "Error: over budget: orders-api\n"
