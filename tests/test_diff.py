import json
from decimal import Decimal, localcontext
from pathlib import Path

import pytest

from costcalc import FileFormatError, InputError
from costcalc.money import EXACT, SETTLED
from costcalc.workload_files.diff import Change, IncreaseLimit, diff, parse_increase_limit
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


def test_increase_limits_are_percent_with_or_without_the_sign_or_dollars() -> None:
    assert parse_increase_limit("5") == parse_increase_limit("5%") == IncreaseLimit(Decimal(5))
    assert parse_increase_limit(" 2.5% ") == IncreaseLimit(Decimal("2.5"))
    assert parse_increase_limit("$20") == IncreaseLimit(Decimal(20), dollars=True)
    assert parse_increase_limit("$1_000.50") == IncreaseLimit(Decimal("1000.50"), dollars=True)
    for bad in ("x", "", "%", "$", "5%%", "$5%", "5$", "20 dollars", "nan", "inf%", "1e999", "\x1b[31m5"):
        with pytest.raises(InputError) as caught:
            parse_increase_limit(bad)
        assert caught.value.message == f"expected PCT, PCT% or $AMOUNT, got {bad!r}"
    with pytest.raises(InputError, match=r"must be an amount of \$0 or more, got \$-5"):
        parse_increase_limit("$-5")


def test_a_dollar_limit_holds_the_rise_of_the_monthly_total(files: tuple[str, str]) -> None:
    base, new = files
    grew = diff(base, new)
    rise = grew.total_after - grew.total_before
    assert grew.rises_past(IncreaseLimit(rise - Decimal("0.01"), dollars=True))
    assert not grew.rises_past(IncreaseLimit(rise, dollars=True))  # up to the limit passes
    assert not diff(new, base).rises_past(IncreaseLimit(Decimal(0), dollars=True))  # a fall never fails
    assert grew.rises_past(IncreaseLimit(Decimal(4700))) and not grew.rises_past(IncreaseLimit(Decimal(4701)))


def test_fail_on_increase_takes_percent_or_dollars_on_the_command_line(files: tuple[str, str]) -> None:
    base, new = files  # $13.50 -> $648.37 a month: +$634.87, +4,700.7%
    for limit in ("4700", "4700%"):
        failed = run_cli("diff", base, new, "--fail-on-increase", limit)
        assert (failed.exit_code, failed.stderr) == (
            1,
            "Error: the monthly total rises 4,700.7%, more than 4700%\n",
        )
    assert run_cli("diff", base, new, "--fail-on-increase", "4701%").exit_code == 0
    failed = run_cli("diff", base, new, "--fail-on-increase", "$20")
    assert (failed.exit_code, failed.stderr) == (
        1,
        "Error: the monthly total rises by $634.87, more than $20.00\n",
    )
    assert failed.stdout.startswith("Monthly cost: ")  # the diff is printed before the job fails
    assert run_cli("diff", base, new, "--fail-on-increase", "$635").exit_code == 0
    assert run_cli("diff", new, base, "--fail-on-increase", "$0").exit_code == 0


def test_a_bad_increase_limit_is_one_line_and_exit_2(files: tuple[str, str]) -> None:
    for bad in ("x", "5%%", "$", "ten"):
        result = run_cli("diff", *files, "--fail-on-increase", bad)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"Error: --fail-on-increase: expected PCT, PCT% or $AMOUNT, got {bad!r}\n"
    negative = run_cli("diff", *files, "--fail-on-increase", "$-5")
    assert (negative.exit_code, negative.stderr) == (
        2,
        "Error: --fail-on-increase: must be an amount of $0 or more, got $-5\n",
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


# --- changes from prices, apart from changes from traffic ---------------------------------

OLD_PRICES = """\
version: 1
pricing: aws-2015
workloads:
  api: {rpd: 100000, ms: 120, memory: 512, deploy: lambda, instance: [m4.large]}
  batch: {rpd: 2000, ms: 900, memory: 1024, deploy: ec2:m4.large, instance: [m4.large]}
  gone: {rpd: 100, ms: 100, deploy: lambda, instance: [m4.large]}
"""
# A year later: api's traffic doubles, batch is untouched, gone is retired, fresh is new; and the
# file moves to the current price table.
NEW_PRICES = """\
version: 1
pricing: aws
workloads:
  api: {rpd: 200000, ms: 120, memory: 512, deploy: lambda, instance: [m4.large]}
  batch: {rpd: 2000, ms: 900, memory: 1024, deploy: ec2:m4.large, instance: [m4.large]}
  fresh: {rpd: 5000, ms: 100, deploy: lambda, instance: [m4.large]}
"""


@pytest.fixture
def priced(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "old.yaml").write_text(OLD_PRICES)
    (tmp_path / "new.yaml").write_text(NEW_PRICES)
    return str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")


def test_one_table_on_both_sides_gives_no_split(files: tuple[str, str]) -> None:
    result = diff(*files)
    assert not result.split and result.unsplit_reason is None
    assert result.total_traffic_delta is None and result.total_price_delta is None
    assert all(r.traffic_delta is None and r.price_delta is None and r.repriced is None for r in result.rows)
    assert (result.pricing_before, result.pricing_after) == ("aws-2026-07-20", "aws-2026-07-20")


def test_the_new_workloads_are_priced_on_the_old_table_too(priced: tuple[str, str]) -> None:
    old, new = priced
    result = diff(old, new)
    assert result.split
    assert (result.pricing_before, result.pricing_after) == ("aws-2015", "aws-2026-07-20")
    # The new file on the old table is what --pricing aws-2015 makes of it.
    on_old_prices = {r.name: r.after for r in diff(old, new, pricing="aws-2015").rows}
    rows = {r.name: r for r in result.rows}
    for name in ("api", "batch", "fresh"):
        assert rows[name].repriced == on_old_prices[name]
    assert rows["gone"].repriced is None


def test_each_delta_splits_into_traffic_and_prices_exactly(priced: tuple[str, str]) -> None:
    result = diff(*priced)
    rows = {r.name: r for r in result.rows}
    with localcontext(EXACT):
        for row in result.rows:
            assert row.traffic_delta is not None and row.price_delta is not None
            assert row.traffic_delta + row.price_delta == row.delta
        assert result.total_traffic_delta is not None and result.total_price_delta is not None
        assert (
            result.total_traffic_delta + result.total_price_delta == result.total_after - result.total_before
        )
    batch = rows["batch"]  # the same workload: all of its change is prices
    assert batch.traffic_delta == 0 and batch.price_delta == batch.delta < 0
    api = rows["api"]  # twice the traffic: on the old prices, twice the cost (no free tier, no tiers here)
    assert api.before is not None and api.traffic_delta is not None
    assert abs(api.traffic_delta - api.before.monthly) <= SETTLED  # each cost is settled to a trillionth
    gone = rows["gone"]  # retired: all traffic, no prices
    assert gone.before is not None and (gone.traffic_delta, gone.price_delta) == (-gone.before.monthly, 0)
    fresh = rows["fresh"]  # new: its cost on the old prices is traffic, the rest prices
    assert fresh.repriced is not None and fresh.traffic_delta == fresh.repriced.monthly


def test_the_split_is_in_the_json(priced: tuple[str, str]) -> None:
    result = run_cli("diff", *priced, "--format", "json")
    data = json.loads(result.stdout)
    assert data == diff(*priced).to_dict()
    assert (data["split"], data["split_unavailable"]) == (True, None)
    assert (data["pricing_before"], data["pricing_after"]) == ("aws-2015", "aws-2026-07-20")
    assert Decimal(data["total_traffic_delta"]) + Decimal(data["total_price_delta"]) == Decimal(
        data["total_delta"]
    )
    api = next(w for w in data["workloads"] if w["name"] == "api")
    assert Decimal(api["traffic_delta"]) + Decimal(api["price_delta"]) == Decimal(api["delta"])
    assert Decimal(api["after_at_base_prices"]) - Decimal(api["before"]) == Decimal(api["traffic_delta"])
    assert data["price_split"].startswith("Of that, +$5.74 comes from traffic and settings")
    same = json.loads(run_cli("diff", priced[1], priced[1], "--format", "json").stdout)
    assert (same["split"], same["total_traffic_delta"], same["workloads"][0]["price_delta"]) == (
        False,
        None,
        None,
    )


def test_the_table_and_markdown_show_the_split_when_the_tables_differ(priced: tuple[str, str]) -> None:
    from costcalc.render.words import SPLIT_HEADERS, split_rows

    rows = split_rows(diff(*priced))
    assert rows[-1] == ("Total", "-$13.81", "+$5.74", "-$19.55")
    for _, delta, traffic, prices in rows:
        if "<" not in delta + traffic + prices:
            assert money(traffic) + money(prices) == money(delta)
    sentence = (
        "Of that, +$5.74 comes from traffic and settings (the new file priced on aws-2015) "
        "and -$19.55 from prices (aws-2015 -> aws-2026-07-20)."
    )
    table = run_cli("diff", *priced).stdout
    assert "Traffic, settings" in table and " api      │  +$1.62 │            +$5.68 │  -$4.06 " in table
    assert " ".join(table.split()).count(sentence) == 1
    markdown = run_cli("diff", *priced, "--format", "markdown").stdout.splitlines()
    assert "| " + " | ".join(SPLIT_HEADERS) + " |" in markdown
    assert "| api | +$1.62 | +$5.68 | -$4.06 |" in markdown
    assert "| Total | -$13.81 | +$5.74 | -$19.55 |" in markdown
    assert sentence.replace(">", "&gt;") in markdown
    csv_header = run_cli("diff", *priced, "--format", "csv").stdout.splitlines()[0]
    assert csv_header.endswith(",traffic_delta,price_delta")


def test_no_split_is_shown_for_one_table(files: tuple[str, str]) -> None:
    table = run_cli("diff", *files).stdout
    assert "Traffic, settings" not in table and "Of that" not in table
    assert "Traffic" not in run_cli("diff", *files, "--format", "markdown").stdout


def test_a_new_workload_the_old_table_cannot_price_leaves_the_change_unsplit(
    priced: tuple[str, str], tmp_path: Path
) -> None:
    old, _ = priced
    arm = tmp_path / "arm.yaml"
    arm.write_text(
        NEW_PRICES.replace("memory: 512, deploy: lambda", "memory: 512, arch: arm64, deploy: lambda")
    )
    result = diff(old, str(arm))
    assert not result.split
    assert result.unsplit_reason is not None and result.unsplit_reason.startswith(
        "api cannot be priced on aws-2015: "
    )
    assert all(r.traffic_delta is None for r in result.rows)
    shown = run_cli("diff", old, str(arm))
    assert shown.exit_code == 0
    assert (
        "Prices changed (aws-2015 -> aws-2026-07-20); the change is not split by cause: api cannot"
        in " ".join(shown.stdout.split())
    )
    assert json.loads(run_cli("diff", old, str(arm), "--format", "json").stdout)["split_unavailable"] == (
        result.unsplit_reason
    )


def test_a_saved_check_base_is_split_on_the_bundled_table_it_names(
    priced: tuple[str, str], tmp_path: Path
) -> None:
    old, new = priced
    saved = run_cli("check", old, "--max-monthly", "1000", "--format", "json")
    (tmp_path / "old.json").write_text(saved.stdout)
    from_json = diff(str(tmp_path / "old.json"), new)
    from_yaml = diff(old, new)
    assert from_json.split and from_json.pricing_before == "aws-2015"
    assert [r.to_dict() for r in from_json.rows] == [r.to_dict() for r in from_yaml.rows]


def test_a_saved_check_cannot_be_priced_again(priced: tuple[str, str], tmp_path: Path) -> None:
    old, new = priced
    (tmp_path / "new.json").write_text(
        run_cli("check", new, "--max-monthly", "1000", "--format", "json").stdout
    )
    result = diff(old, str(tmp_path / "new.json"))
    assert not result.split
    assert result.unsplit_reason == "the new version is a saved check, whose workloads cannot be priced again"
    (tmp_path / "unnamed.json").write_text(
        (tmp_path / "new.json").read_text().replace('"pricing": "aws-2026-07-20"', '"pricing": "my-prices"')
    )
    result = diff(str(tmp_path / "unnamed.json"), new)
    assert result.unsplit_reason == "the base version's table my-prices is not a bundled table"


def test_a_saved_check_that_names_no_table_is_not_split(priced: tuple[str, str], tmp_path: Path) -> None:
    old, new = priced
    saved = json.loads(run_cli("check", old, "--max-monthly", "1000", "--format", "json").stdout)
    del saved["pricing"]
    (tmp_path / "old.json").write_text(json.dumps(saved))
    result = diff(str(tmp_path / "old.json"), new)
    assert (result.split, result.unsplit_reason, result.pricing_before) == (False, None, None)
