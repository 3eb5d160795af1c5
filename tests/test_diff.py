import json
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import FileFormatError
from costcalc.workload_files.diff import Change, diff
from tests.conftest import REPO, run_cli

BASE = """\
version: 1
workloads:
  api: {rps: 1, ms: 50, memory: 512, cpu_share: 0.2, deploy: lambda}
  cron: {rpd: 24, ms: 2000, deploy: lambda}
  legacy: {rpd: 1000, ms: 100, deploy: ec2:t3.micro}
"""
# Traffic on api grows 400x: servers become the cheapest way to run it. legacy is retired, queue is new.
NEW = """\
version: 1
workloads:
  api: {rps: 400, ms: 50, memory: 512, cpu_share: 0.2, deploy: lambda}
  cron: {rpd: 24, ms: 2000, deploy: lambda}
  queue: {rpd: 5000, ms: 300, deploy: lambda}
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "new.yaml").write_text(NEW)
    return str(tmp_path / "base.yaml"), str(tmp_path / "new.yaml")


def test_rows_added_removed_changed_and_unchanged(files: tuple[str, str]) -> None:
    result = diff(*files)
    assert {row.name: row.change for row in result.rows} == {
        "api": Change.CHANGED,
        "cron": Change.UNCHANGED,
        "legacy": Change.REMOVED,
        "queue": Change.ADDED,
    }
    rows = {row.name: row for row in result.rows}
    assert rows["cron"].delta == 0
    assert rows["legacy"].after is None and rows["legacy"].delta == -rows["legacy"].before.monthly  # type: ignore[union-attr]
    assert rows["queue"].percent is None
    assert result.total_after - result.total_before == sum(row.delta for row in result.rows)


def test_cheapest_flip_from_lambda_to_servers_is_flagged(files: tuple[str, str]) -> None:
    result = diff(*files)
    (flip,) = result.flips
    assert flip.name == "api"
    assert flip.before.cheapest == "lambda"  # type: ignore[union-attr]
    assert flip.after.cheapest.startswith("ec2:")  # type: ignore[union-attr]
    table = run_cli("diff", *files)
    assert "api: the cheapest option flips to servers (lambda -> ec2:" in table.stdout


def test_a_move_between_lambda_and_servers_shows_in_the_deploy_column(tmp_path: Path) -> None:
    from costcalc.render.words import DIFF_HEADERS, diff_row

    base, moved = tmp_path / "base.yaml", tmp_path / "moved.yaml"
    base.write_text(BASE)
    moved.write_text(NEW.replace("cpu_share: 0.2, deploy: lambda", "cpu_share: 0.2, deploy: ec2:t3.small"))
    result = diff(str(base), str(moved))
    cells = {row.name: dict(zip(DIFF_HEADERS, diff_row(row), strict=True)) for row in result.rows}
    assert cells["api"]["Deploy"] == "lambda -> ec2:t3.small"
    assert cells["cron"]["Deploy"] == "lambda"
    assert cells["legacy"]["Deploy"] == "ec2:t3.micro"  # removed: where it ran
    assert cells["queue"]["Deploy"] == "lambda"  # added: where it runs
    table = run_cli("diff", str(base), str(moved)).stdout.splitlines()
    api = next(i for i, line in enumerate(table) if line.startswith(" api "))
    assert "│ lambda ->" in table[api] and "│ ec2:t3.small" in table[api + 1]  # wrapped in its cell
    markdown = run_cli("diff", str(base), str(moved), "--format", "markdown").stdout.splitlines()
    assert any(line.startswith("| api | changed | lambda -&gt; ec2:t3.small | ") for line in markdown)


def test_a_move_at_the_same_cost_is_still_a_change(tmp_path: Path) -> None:
    from costcalc.render.words import diff_row

    (tmp_path / "a.yaml").write_text("version: 1\nworkloads:\n  w: {rpd: 10, ms: 10, deploy: ec2:t3.micro}\n")
    (tmp_path / "b.yaml").write_text(
        "version: 1\nworkloads:\n  w: {rpd: 10, ms: 10, deploy: ec2:t3a.micro}\n"
    )
    (row,) = diff(str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")).rows
    assert row.change is Change.CHANGED
    assert diff_row(row)[1:3] == ("changed", "ec2:t3.micro -> ec2:t3a.micro")


def money(cell: str) -> Decimal:
    return Decimal(cell.replace("$", "").replace(",", "")) if cell != "-" else Decimal(0)


def test_each_delta_cell_is_after_minus_before_as_shown_and_they_add_up_to_the_total() -> None:
    from costcalc.render.words import DIFF_HEADERS, diff_row, diff_summary

    result = diff(str(REPO / "examples" / "workloads.yaml"), str(REPO / "examples" / "workloads-next.yaml"))
    rows = [dict(zip(DIFF_HEADERS, diff_row(row), strict=True)) for row in result.rows]
    orders = next(r for r in rows if r["Workload"] == "orders-api")
    # $1.3957... -> $1.2340...: exactly -$0.1617, but the cells read $1.40 -> $1.23, so -$0.17.
    assert (orders["Before"], orders["After"], orders["Delta"]) == ("$1.40", "$1.23", "-$0.17")
    for r in rows:
        assert money(r["After"]) - money(r["Before"]) == money(r["Delta"])
    assert sum(money(r["Delta"]) for r in rows) == Decimal("242.80")
    assert diff_summary(result) == "Total: $425.53 -> $668.33 a month (+$242.80, +57.1%)."


def test_a_change_that_rounds_away_is_not_shown_as_none() -> None:
    from costcalc.render.words import shown_change

    assert shown_change(Decimal("0.001"), Decimal("1.001"), Decimal("1.002")) == "+<$0.01"
    assert shown_change(Decimal("-0.001"), Decimal("1.002"), Decimal("1.001")) == "-<$0.01"
    assert shown_change(Decimal(0), Decimal(1), Decimal(1)) == "$0.00"


def test_fail_on_increase_exit_codes(files: tuple[str, str]) -> None:
    base, new = files
    grew = diff(base, new)
    assert grew.total_percent is not None and grew.total_percent > 1000
    assert run_cli("diff", base, new).exit_code == 0
    failed = run_cli("diff", base, new, "--fail-on-increase", "10")
    assert failed.exit_code == 1
    assert failed.stderr.startswith("Error: the monthly total rises ")
    assert failed.stderr.endswith(", more than 10%\n")
    assert run_cli("diff", new, base, "--fail-on-increase", "10").exit_code == 0  # a fall never fails
    assert run_cli("diff", base, base, "--fail-on-increase", "0").exit_code == 0
    bad = run_cli("diff", base, new, "--fail-on-increase", "-5")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "Error: --fail-on-increase: must be a percentage of 0 or more, got -5\n",
    )


def test_saved_check_json_is_a_valid_base(files: tuple[str, str], tmp_path: Path) -> None:
    base, new = files
    (tmp_path / "budgeted.yaml").write_text(
        BASE.replace("deploy: lambda}", "deploy: lambda, budget: {monthly: 1000}}").replace(
            "t3.micro}", "t3.micro, budget: {monthly: 1000}}"
        )
    )
    saved = run_cli("check", str(tmp_path / "budgeted.yaml"), "--format", "json")
    (tmp_path / "base.json").write_text(saved.stdout)
    from_json = diff(str(tmp_path / "base.json"), new)
    from_yaml = diff(base, new)
    assert [r.to_dict() for r in from_json.rows] == [r.to_dict() for r in from_yaml.rows]


def test_json_output_is_one_document(files: tuple[str, str]) -> None:
    data = json.loads(run_cli("diff", *files, "--format", "json").stdout)
    assert data["schema_version"] == 1
    api = next(w for w in data["workloads"] if w["name"] == "api")
    assert api["flipped"] is True
    assert Decimal(api["after"]) - Decimal(api["before"]) == Decimal(api["delta"])
    assert data == diff(*files).to_dict()


def test_markdown_has_heading_table_and_total(files: tuple[str, str]) -> None:
    lines = run_cli("diff", *files, "--format", "markdown").stdout.splitlines()
    assert lines[0] == "### costcalc cost diff"
    assert "| Workload | Change | Deploy | Before | After | Delta | Delta % | Cheapest |" in lines
    assert any(line.startswith("**Total: ") for line in lines)


def test_not_a_check_document_is_refused(tmp_path: Path, files: tuple[str, str]) -> None:
    (tmp_path / "other.json").write_text('{"schema_version": 2, "workloads": []}')
    with pytest.raises(FileFormatError, match="not a costcalc check JSON document"):
        diff(str(tmp_path / "other.json"), files[1])
    (tmp_path / "broken.json").write_text('{"schema_version": 1, "workloads": [{"name": "x"}]}')
    result = run_cli("diff", str(tmp_path / "broken.json"), files[1])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Error: {tmp_path / 'broken.json'}: workloads[0]: expected name, deploy, monthly and cheapest\n"
    )


def test_a_missing_file_is_one_line(files: tuple[str, str], tmp_path: Path) -> None:
    result = run_cli("diff", str(tmp_path / "nope.yaml"), files[1])
    assert (result.exit_code, result.stderr) == (2, f"Error: {tmp_path / 'nope.yaml'}: no such file\n")


def test_the_readme_example_pair() -> None:
    result = diff(str(REPO / "examples" / "workloads.yaml"), str(REPO / "examples" / "workloads-next.yaml"))
    assert {r.name: r.change for r in result.rows}["webhooks"] is Change.ADDED
    assert {r.name: r.change for r in result.rows}["nightly-etl"] is Change.UNCHANGED
