import datetime
import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from costcalc.catalog.bundled import staleness_warning
from costcalc.catalog.review import pricing_diff
from costcalc.cli import cli
from costcalc.render.words import describe_price_change
from tests.conftest import CLI_ENV, run_cli
from tests.tables import MINIMAL_TABLE, write_table


def test_validate_reports_a_good_file(tmp_path: Path) -> None:
    path = write_table(tmp_path)
    result = run_cli("pricing", "validate", str(path))
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}: valid (version 1, as of 2026-01-01, 1 Lambda region, 1 EC2 region, 4 instance types, "
        "4 EC2 prices)\n"
    )


def test_validate_parses_the_yaml_even_when_a_compiled_copy_exists(tmp_path: Path) -> None:
    path = write_table(tmp_path)
    assert (
        run_cli("compare", "--rpd", "1", "--ms", "1", "--region", "test-1", "--pricing", str(path)).exit_code
        == 0
    )
    path.write_text(MINIMAL_TABLE.replace("small.one: 0.05", "small.one: abc"))
    result = run_cli("pricing", "validate", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path}:43: ec2.regions.test-1.prices.small.one: expected a decimal number, got 'abc'\n",
    )


def test_diff_lists_added_removed_and_changed_prices(tmp_path: Path) -> None:
    old = write_table(tmp_path, name="old.yaml")
    new = write_table(
        tmp_path,
        MINIMAL_TABLE.replace("small.one: 0.05", "small.one: 0.06")
        .replace("        old.burst: 0.0001\n", "")
        .replace("    test-1: {per_hour: 0.0225", "    test-1: {per_hour: 0.0225")
        + "",
        name="new.yaml",
    )
    result = pricing_diff(str(old), str(new))
    assert result.counts()["changed"] == 1 and result.counts()["removed"] == 1
    changed = next(c for c in result.changes if c.change == "changed")
    assert (changed.key, changed.old, changed.new, changed.percent) == (
        "ec2 test-1 small.one",
        Decimal("0.05"),
        Decimal("0.06"),
        20,
    )
    assert "changed ec2 test-1 small.one: 0.05 -> 0.06 (+20.0%)" in [
        describe_price_change(c) for c in result.changes
    ]
    assert "removed ec2 test-1 old.burst: 0.0001" in [describe_price_change(c) for c in result.changes]
    data = json.loads(run_cli("pricing", "diff", str(old), str(new), "--format", "json").stdout)
    assert data["counts"] == {
        "added": 0,
        "removed": 1,
        "changed": 1,
        "unchanged": result.counts()["unchanged"],
    }


def test_diff_of_the_bundled_tables_shows_the_price_moves() -> None:
    result = pricing_diff("aws-2015", "aws")
    lines = [describe_price_change(c) for c in result.changes]
    assert "changed ec2 us-east-1 m4.large: 0.126 -> 0.1 (-20.6%)" in lines
    assert "changed lambda us-east-1 x86_64 per GB-s[0]: 0.00001667 -> 0.0000166667 (-0.0%)" in lines
    for fmt in ("table", "json", "csv", "markdown"):
        assert run_cli("pricing", "diff", "aws-2015", "aws", "--format", fmt).exit_code == 0


def test_staleness_warning_after_the_max_age() -> None:
    as_of = datetime.date(2026, 1, 1)
    assert (
        staleness_warning("t", as_of, 180, today=datetime.date(2026, 6, 30)) is None
    )  # 180 days: still fine
    assert staleness_warning("t", as_of, 180, today=datetime.date(2026, 7, 1)) == (
        "Warning: pricing table t is 181 days old (as of 2026-01-01); prices may have changed. "
        "Pass --max-age 0 to silence this."
    )
    assert staleness_warning("t", as_of, 0, today=datetime.date(2030, 1, 1)) is None


def test_cli_warns_on_stderr_for_an_old_table_and_max_age_silences_it() -> None:
    env = {**CLI_ENV}
    env.pop("COSTCALC_MAX_AGE")
    runner = CliRunner()
    args = ["compare", "--rpd", "16000", "--ms", "200", "--pricing", "aws-2015", "--format", "json"]
    warned = runner.invoke(cli, args, env=env, prog_name="costcalc")
    assert warned.exit_code == 0
    json.loads(warned.stdout)  # stdout stays one JSON document
    assert warned.stderr.startswith("Warning: pricing table aws-2015 is ")
    silent = runner.invoke(cli, ["--max-age", "0", *args], env=env, prog_name="costcalc")
    assert silent.stderr == ""
    listing = runner.invoke(cli, ["pricing", "list"], env=env, prog_name="costcalc")
    assert "Warning" not in listing.stderr  # inspecting tables is not using them
