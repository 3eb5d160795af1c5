import json
from decimal import Decimal, localcontext
from pathlib import Path

import pytest

from costcalc import FileFormatError, InputError
from costcalc.model.budgets import Budget, Status, evaluate_budget
from costcalc.model.lambda_cost import account_lambda_costs, split_exactly
from costcalc.model.results import OptionKind, cost_option
from costcalc.model.workload import Workload
from costcalc.money import EXACT
from costcalc.render.words import check_hints
from costcalc.workload_files.check import check
from tests.conftest import REPO, golden, run_cli

EXAMPLE = str(REPO / "examples" / "workloads.yaml")

OVER = """\
version: 1
workloads:
  orders-api: {rpd: 16000, ms: 200, memory: 512, deploy: ec2:t3.small, budget: {monthly: 5}}
  thumbnails: {rpd: 1000, ms: 100, deploy: lambda, budget: {monthly: 1}}
"""


def write(tmp_path: Path, text: str, name: str = "workloads.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


# --- the library -----------------------------------------------------------------------


def test_statuses_follow_the_budget_and_warn_threshold() -> None:
    option = cost_option("lambda", OptionKind.LAMBDA, ())
    assert option.monthly == 0
    w = Workload(rpd=1, ms=1)
    assert w.ms == 1
    budget = Budget(monthly=Decimal(10))

    def status(monthly: str) -> Status:
        from dataclasses import replace

        return evaluate_budget(
            replace(option, monthly=Decimal(monthly), daily=Decimal(0)), budget, Decimal(80)
        ).status

    assert status("7.99") is Status.OK
    assert status("8") is Status.WARN
    assert status("10") is Status.WARN  # at the budget is not over it
    assert status("10.01") is Status.OVER


def test_daily_and_monthly_budgets_take_the_higher_share() -> None:
    from dataclasses import replace

    option = replace(cost_option("lambda", OptionKind.LAMBDA, ()), monthly=Decimal(50), daily=Decimal(3))
    result = evaluate_budget(option, Budget(monthly=Decimal(100), daily=Decimal(2)))
    assert result.percent == 150
    assert result.status is Status.OVER


def test_the_example_file_passes_with_warnings() -> None:
    report = check(EXAMPLE)
    assert report.status is Status.WARN
    assert {c.cost.name: c.status for c in report.checks} == {
        "orders-api": Status.OK,
        "image-resizer": Status.WARN,
        "nightly-etl": Status.WARN,
        "search": Status.OK,
    }
    assert not report.over


def test_a_cheaper_option_is_reported(tmp_path: Path) -> None:
    report = check(write(tmp_path, OVER))
    (hint,) = [h for h in check_hints(report) if h.startswith("orders-api")]
    assert hint == "orders-api runs on ec2:t3.small at $19.47/month; Lambda would cost $0.91"
    assert report.checks[0].cost.cheapest.name == "lambda"


def test_fallback_budget_applies_only_where_the_file_has_none(tmp_path: Path) -> None:
    text = OVER.replace(", budget: {monthly: 1}", "")
    report = check(write(tmp_path, text), fallback=Budget(monthly=Decimal("0.01")))
    assert report.checks[0].result.budget.monthly == 5
    assert report.checks[1].result.budget.monthly == Decimal("0.01")
    assert report.checks[1].status is Status.OVER


def test_a_workload_without_any_budget_fails_validation(tmp_path: Path) -> None:
    path = write(tmp_path, OVER.replace(", budget: {monthly: 1}", ""))
    with pytest.raises(FileFormatError, match=r":4: workloads\.thumbnails: no budget: add budget"):
        check(path)


def test_the_totals_are_the_exact_sums_of_the_deployed_options() -> None:
    report = check(EXAMPLE)
    with localcontext(EXACT):
        assert report.total_monthly == sum((c.cost.deployed.monthly for c in report.checks), Decimal(0))
        assert report.total_daily == sum((c.cost.deployed.daily for c in report.checks), Decimal(0))


def test_the_total_row_adds_up_the_rows_as_shown() -> None:
    from costcalc.render.words import check_row, check_total_row

    report = check(EXAMPLE)
    assert round(report.total_monthly, 2) == Decimal("425.52")  # exact: $425.5214...
    # but the monthly cells read $1.40, $60.74, $97.37 and $266.02: their total is $425.53.
    assert check_total_row(report) == ("Total", "", "$14.00", "$425.53", "", "", "")
    shown = [Decimal(check_row(c)[3].lstrip("$").replace(",", "")) for c in report.checks]
    assert sum(shown) == Decimal("425.53")


def test_over_by_is_the_dollars_over_each_budget_that_is_exceeded(tmp_path: Path) -> None:
    both = OVER.replace("budget: {monthly: 5}", "budget: {monthly: 5, daily: 10}")
    report = check(write(tmp_path, both))
    orders, thumbnails = report.checks
    assert thumbnails.over_by is None  # within budget: nothing to say
    assert orders.over_by is not None
    assert orders.over_by.monthly == orders.cost.deployed.monthly - 5 == Decimal("14.474")
    assert orders.over_by.daily is None  # $0.64 a day is within $10 a day
    assert orders.to_dict()["over_by"] == {"monthly": "14.474", "daily": None}
    assert thumbnails.to_dict()["over_by"] is None


def test_over_by_is_said_in_dollars_as_the_cells_read(tmp_path: Path) -> None:
    from costcalc.render.words import check_row, check_verdict

    both = OVER.replace("budget: {monthly: 5}", "budget: {monthly: 5, daily: 0.1}")
    report = check(write(tmp_path, both))
    # $19.47 shown against $5.00: over by $14.47; $0.64 a day against $0.10: $0.54.
    assert check_row(report.checks[0])[-1] == "over by $14.47/month and $0.54/day"
    assert check_row(report.checks[1])[-1] == "ok"
    assert check_verdict(report) == "1 of 2 workloads over budget: orders-api by $14.47/month and $0.54/day."


def test_an_overrun_under_a_cent_is_not_shown_as_nothing(tmp_path: Path) -> None:
    from costcalc.render.words import describe_over_by

    # thumbnails costs $0.0124201515625 a month: over a budget of $0.01, by less than a cent as shown.
    report = check(write(tmp_path, OVER.replace("budget: {monthly: 1}", "budget: {monthly: 0.01}")))
    assert describe_over_by(report.checks[1]) == "<$0.01/month"


def test_warn_at_must_be_a_percentage() -> None:
    with pytest.raises(InputError, match="must be a percentage from 0 to 100"):
        check(EXAMPLE, warn_at=Decimal(120))
    with pytest.raises(InputError, match="warn_at: expected a finite number, got 'nan'"):
        check(EXAMPLE, warn_at=float("nan"))


def test_budgets_and_thresholds_take_plain_numbers_as_workload_does() -> None:
    assert Budget(monthly=100, daily=2.5) == Budget(monthly=Decimal(100), daily=Decimal("2.5"))
    assert Budget(monthly="0.01").monthly == Decimal("0.01")
    assert check(EXAMPLE, warn_at=50) == check(EXAMPLE, warn_at=Decimal(50))
    assert check(EXAMPLE, warn_at=50).warn_at == Decimal(50)
    with pytest.raises(InputError, match="max_monthly: expected a number, got 'lots'"):
        Budget(monthly="lots")
    with pytest.raises(InputError, match="max_daily: must be an amount from"):
        Budget(daily=0)


# --- the account-wide free tier ----------------------------------------------------------


def test_free_tier_split_sums_exactly_to_the_single_pool_figure() -> None:
    from costcalc import load_pricing

    table = load_pricing("aws")
    workloads = [
        Workload(rpd=16000, ms=200, memory=512, free_tier=True),
        Workload(rpd=7, ms=33, memory=300, free_tier=True),
        Workload(requests_per_month=3_000_000, ms=1000, memory=1536, free_tier=True),
    ]
    options = account_lambda_costs(workloads, table)
    compute = [next(i for i in o.items if i.name == "compute") for o in options]
    requests = [next(i for i in o.items if i.name == "requests") for o in options]
    with localcontext(EXACT):
        total_gb_s = sum((c.usage for c in compute), Decimal(0))
        # Well inside the first tier (6 billion GB-s), so one pool is one product: no tier maths to copy.
        assert total_gb_s < 6_000_000_000
        single_pool = (total_gb_s - 400_000) * Decimal("0.0000166667")
        assert sum((c.monthly for c in compute), Decimal(0)) == single_pool
        assert sum((c.free for c in compute), Decimal(0)) == 400_000
        assert sum((r.free for r in requests), Decimal(0)) == 1_000_000
        total_requests = sum((r.usage for r in requests), Decimal(0))
        assert sum((r.monthly for r in requests), Decimal(0)) == (total_requests - 1_000_000) * Decimal(
            "0.0000002"
        )
    # In proportion to usage: the biggest user gets the biggest share.
    assert compute[2].free > compute[0].free > compute[1].free


def test_free_tier_pool_is_shared_not_repeated() -> None:
    from costcalc import load_pricing

    table = load_pricing("aws")
    one = Workload(requests_per_month=900_000, ms=1000, memory=512, free_tier=True)
    alone = account_lambda_costs([one], table)[0]
    together = account_lambda_costs([one, one], table)
    # 900k requests and 450k GB-s: the requests are free, 50k GB-s are billed.
    assert [item.quantity for item in alone.items] == [0, 50_000]
    # Twice the usage against one pool: 800k requests and 500k GB-s billed, not twice 50k GB-s.
    billed = [sum(o.items[i].quantity for o in together) for i in (0, 1)]
    assert billed == [800_000, 500_000]


def test_split_exactly_adds_up() -> None:
    with localcontext(EXACT):
        shares = split_exactly(Decimal(10), [Decimal(1), Decimal(1), Decimal(1)])
        assert sum(shares, Decimal(0)) == 10
        assert split_exactly(Decimal(0), [Decimal(0), Decimal(0)]) == [0, 0]


def test_check_free_tier_shows_the_saving_of_each_lambda_workload() -> None:
    report = check(EXAMPLE, free_tier=True)
    savings = {c.cost.name: c.cost.free_tier_saving for c in report.checks}
    assert savings["nightly-etl"] is None and savings["search"] is None  # on EC2: not in the pool
    assert savings["orders-api"] > 0 and savings["image-resizer"] > 0  # type: ignore[operator]
    without = check(EXAMPLE)
    for c, before in zip(report.checks, without.checks, strict=True):
        if c.cost.free_tier_saving is not None:
            assert (
                EXACT.subtract(before.cost.deployed.monthly, c.cost.deployed.monthly)
                == c.cost.free_tier_saving
            )


# --- the command ---------------------------------------------------------------------------


def test_exit_0_when_all_within_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run_cli("check", "examples/workloads.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden("check_example.txt", result.stdout)


def test_exit_1_when_any_is_over(tmp_path: Path) -> None:
    result = run_cli("check", write(tmp_path, OVER))
    assert result.exit_code == 1
    assert "orders-api" in result.stdout
    assert result.stderr == "Error: 1 of 2 workloads over budget: orders-api by $14.47/month.\n"
    assert "over by $14.47/month" in result.stdout


def test_exit_2_for_an_invalid_file(tmp_path: Path) -> None:
    path = write(tmp_path, OVER.replace("deploy: lambda", "deploy: lambada"))
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}:4: workloads.thumbnails.deploy: expected lambda or ec2:<instance type>[@<purchase>], got 'lambada'\n"
    )


def test_exit_2_for_a_missing_file(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'none.yaml'}: no such file\n"


def test_max_flags_give_a_budget_to_workloads_without_one(tmp_path: Path) -> None:
    path = write(tmp_path, OVER.replace(", budget: {monthly: 5}", "").replace(", budget: {monthly: 1}", ""))
    assert run_cli("check", path).exit_code == 2
    assert run_cli("check", path, "--max-monthly", "100").exit_code == 0
    assert run_cli("check", path, "--max-daily", "0.1").exit_code == 1
    bad = run_cli("check", path, "--max-monthly", "-3")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "Error: --max-monthly: must be an amount from $0.01 to $1,000,000,000,000, got -3\n",
    )


def test_warn_at_marks_without_failing() -> None:
    result = run_cli("check", EXAMPLE, "--warn-at", "20", "--format", "json")
    assert result.exit_code == 0
    assert {w["status"] for w in json.loads(result.stdout)["workloads"]} == {"warn"}


def test_json_is_the_documented_document() -> None:
    data = json.loads(run_cli("check", EXAMPLE, "--format", "json").stdout)
    assert data["schema_version"] == 1
    assert data["status"] == "warn"
    first = data["workloads"][0]
    assert set(first) >= {"name", "deploy", "daily", "monthly", "budget", "percent", "status", "cheapest"}
    assert first["name"] == "orders-api"
    assert first["deploy"] == "lambda"
    assert first["budget"] == {"monthly": "5", "daily": None}
    assert first["status"] == "ok"
    for key in ("daily", "monthly", "percent"):
        Decimal(first[key])
    assert data == check(EXAMPLE).to_dict()
    assert first["over_by"] is None
    total = data["total"]
    with localcontext(EXACT):
        for key in ("daily", "monthly"):
            assert sum(Decimal(w[key]) for w in data["workloads"]) == Decimal(total[key])


def test_json_says_how_many_dollars_over(tmp_path: Path) -> None:
    result = run_cli("check", write(tmp_path, OVER), "--format", "json")
    assert result.exit_code == 1
    orders = json.loads(result.stdout)["workloads"][0]
    assert (orders["status"], orders["over_by"]) == ("over", {"monthly": "14.474", "daily": None})


def test_markdown_is_a_job_summary_as_it_stands() -> None:
    result = run_cli("check", EXAMPLE, "--format", "markdown", "--free-tier")
    lines = result.stdout.splitlines()
    assert lines[0] == "### costcalc budget check: ⚠️ warn"
    assert "| Workload | Deploy | Daily | Monthly | Budget | % of budget | Status |" in lines
    assert "**All 4 workloads within budget; near it (>= 80%): nightly-etl.**" in lines
    assert "| orders-api | 139,579 | 4,280 | $0.10 |" in lines  # the shared free tier's split
    assert "| Total |  | $13.81 | $419.98 |  |  |  |" in lines


def test_markdown_says_over_by_in_the_status_cell(tmp_path: Path) -> None:
    lines = run_cli("check", write(tmp_path, OVER), "--format", "markdown").stdout.splitlines()
    assert (
        "| orders-api | ec2:t3.small | $0.64 | $19.47 | $5.00/month | 389.5% | ❌ over by $14.47/month |"
        in lines
    )
    assert "**1 of 2 workloads over budget: orders-api by $14.47/month.**" in lines


def test_every_format_renders_a_check() -> None:
    for fmt in ("table", "json", "csv", "markdown"):
        result = run_cli("check", EXAMPLE, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
        assert "nightly-etl" in result.stdout


def test_a_file_of_one_workload_is_not_called_all_1_workloads(tmp_path: Path) -> None:
    from costcalc.render.words import check_verdict

    one = tmp_path / "one.yaml"
    one.write_text(
        "version: 1\nworkloads:\n  api: {rpd: 16000, ms: 200, deploy: lambda, budget: {monthly: 500}}\n"
    )
    assert check_verdict(check(str(one))) == "The workload is within budget."
    one.write_text(
        "version: 1\nworkloads:\n  api: {rpd: 16000, ms: 200, deploy: lambda, budget: {monthly: 0.01}}\n"
    )
    assert check_verdict(check(str(one))).startswith("The workload is over budget: api by $0.")
