"""Words shared by every view: verdicts, titles, descriptions, and quantities and rates as people read them.

Results hold numbers; every sentence about them is built here, so the terminal,
Markdown, JSON and notebook views say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from costcalc.catalog.model import imported
from costcalc.model.breakeven import SERVERS
from costcalc.model.lambda_cost import DEFAULT_CONCURRENCY_QUOTA
from costcalc.money import format_money, format_percent, format_quantity, format_ratio, plain, to_cents
from costcalc.units import SECONDS_PER_MONTH, daily_from_monthly, unit_rate

if TYPE_CHECKING:
    from costcalc.catalog.aws_offers.importer import ImportResult
    from costcalc.catalog.commitments import CommitmentCoverage
    from costcalc.catalog.model import PricingTable
    from costcalc.catalog.review import PriceChange, PricingDiff
    from costcalc.model.breakeven import BreakEven, Crossing
    from costcalc.model.breakeven_report import BreakEvenReport
    from costcalc.model.budgets import Budget, BudgetResult
    from costcalc.model.comparison import Comparison
    from costcalc.model.results import ChargePart, CostOption, LineItem
    from costcalc.model.sweeps import Sweep
    from costcalc.workload_files.check import CheckReport, WorkloadCheck
    from costcalc.workload_files.diff import CostDiff, CostPoint, DiffRow, IncreaseLimit
    from costcalc.workload_files.profile import WorkloadCost


# --- a comparison ---------------------------------------------------------------


def verdict(comparison: Comparison) -> str:
    """One line: which is cheaper, and by how much."""
    lam = min(comparison.lambda_options, key=lambda option: option.monthly)
    server = min(comparison.alternatives, key=lambda option: option.monthly)
    lambda_name, server_name = "Lambda" + named(lam.name)[len("lambda") :], named(server.name)
    if lam.monthly == server.monthly:
        return f"{lambda_name} and {server_name} cost the same at this load."
    if lam.monthly < server.monthly:
        if lam.monthly == 0:
            cost = format_money(server.monthly)
            return f"{lambda_name} costs nothing at this load; {server_name} costs {cost}/month."
        ratio = format_ratio(server.monthly / lam.monthly)
        return f"{lambda_name} is {ratio} cheaper than {server_name} at this load."
    ratio = format_ratio(lam.monthly / server.monthly)
    return f"{server_name} is {ratio} cheaper than {lambda_name} at this load."


def concurrency_warning(comparison: Comparison) -> str | None:
    """A warning when Lambda's peak concurrency is above the account's default quota."""
    if comparison.peak_concurrency <= DEFAULT_CONCURRENCY_QUOTA:
        return None
    return (
        f"Lambda needs {format_quantity(comparison.peak_concurrency)} concurrent executions at peak, more "
        f"than the account's default quota of {DEFAULT_CONCURRENCY_QUOTA:,} in {comparison.workload.region}: "
        "ask AWS for more, or expect throttling"
    )


def workload_title(comparison: Comparison) -> str:
    """``16,000 requests/day x 200 ms, 128 MB x86_64 in us-east-1``."""
    w = comparison.workload
    rate, per = (
        (w.rpd, "day") if w.rpd is not None else (w.rps, "s") if w.rps is not None else (None, "month")
    )
    count = rate if rate is not None else w.monthly_requests
    requests = f"{format_quantity(count)} request{'' if count == 1 else 's'}/{per}"
    cpu = f", CPU share {plain(w.cpu_share)}" if w.cpu_share != 1 else ""
    lambda_side = f"{format_quantity(w.memory)} MB {w.arch.value} in {w.region}"
    return f"{requests} x {format_quantity(w.ms)} ms{cpu}, {lambda_side}"


def pricing_title(comparison: Comparison) -> str:
    """``pricing aws-2026-07-20 (as of 2026-07-20)``."""
    return f"pricing {comparison.pricing_name} (as of {comparison.pricing_as_of.isoformat()})"


def shown_total(exact: Decimal, rows: Iterable[Decimal]) -> str:
    """A total as the sum of its rows as shown, each rounded to the cent, as AWS's calculator adds them.

    The exact total stays in the JSON; here the printed rows and their total always agree.
    """
    total = sum((to_cents(row) for row in rows), Decimal(0))
    return "<$0.01" if total == 0 and exact > 0 else format_money(total)


def option_label(option: CostOption) -> str:
    """``lambda``, or ``ec2:m5.large x 2`` for servers (``x 1 to 3`` for a fleet that follows a schedule)."""
    if option.count is None:
        return named(option.name)
    bought = f" ({option.purchase.label})" if option.purchase is not None else ""
    counts = option.hourly_counts
    if counts and min(counts) != max(counts):
        return f"{option.base_name} x {min(counts):,} to {max(counts):,}{bought}"
    return f"{option.base_name} x {option.count:,}{bought}"


def item_quantity(item: LineItem) -> str:
    """Billable quantity, with the free tier shown when it took something off."""
    text = f"{format_quantity(item.quantity)} {item.unit}"
    if item.free > 0:
        text += f" ({format_quantity(item.usage)} - {format_quantity(item.free)} free)"
    return text


def item_rate(item: LineItem) -> str:
    """The item's unit price; ``tiered`` across volume tiers; each meter's rate across meters (ALB)."""
    if len(item.parts) == 1:
        return unit_rate(item.parts[0].price.amount, item.unit)
    if all(part.unit == item.unit for part in item.parts):
        return "tiered"
    return " + ".join(unit_rate(part.price.amount, part.unit) for part in item.parts)


def part_quantity(part: ChargePart) -> str:
    """A part's quantity with its unit."""
    return f"{format_quantity(part.quantity)} {part.unit}"


# --- break-even -------------------------------------------------------------------


def _multiple(value: Decimal) -> str:
    if value >= 10**15:
        return f"more than {10**15:,}x"
    if value >= 10:
        return f"{format_quantity(value.quantize(Decimal(1)))}x"
    return f"{value.quantize(Decimal('0.01')).normalize():f}x"


def named(option: str) -> str:
    """An option's name in words: ``ec2:m5.large (reserved 3y standard no-upfront)``, ``lambda``."""
    base, _, spec = option.partition("@")
    return f"{base} ({spec.replace(':', ' ')})" if spec else base


def _against(option: str, below: str, above: str) -> str:
    """``ec2:m5.large``, or for the cheapest fleet at each load ``servers (c7g.large)``."""
    base, _, spec = option.partition("@")
    if base not in (SERVERS, "fargate", "lambda-managed"):
        return named(option)
    if base != SERVERS:
        base = named(base)
    bought = f"{spec.replace(':', ' ')}: " if spec else ""
    if below == above or not above:
        return f"{base} ({bought}{below})"
    return f"{base} ({bought}{below} below, {above} above)"


def _rates(per_month: Decimal) -> tuple[str, str]:
    return format_quantity(daily_from_monthly(per_month)), format_quantity(per_month / SECONDS_PER_MONTH)


def describe_crossing(crossing: Crossing) -> str:
    """``Lambda stays cheaper up to N requests/day (R req/s, K x today's load) against ec2:TYPE``."""
    rates = (
        f"{format_quantity(crossing.requests_per_second)} req/s, "
        f"{_multiple(crossing.load_multiple)} today's load"
    )
    where = f"{format_quantity(crossing.requests_per_day)} requests/day ({rates})"
    against = _against(crossing.option, crossing.server_type_below, crossing.server_type_above)
    if crossing.lambda_cheaper_below:
        return f"Lambda stays cheaper up to {where} against {against}"
    return f"Lambda is cheaper again from {where} against {against}"


NEAR_PARITY = Decimal("0.05")
"""Crossings less than 5% apart in load are stair steps around parity: one line for the run."""
MAX_BREAK_EVEN_LINES = 4
CLOSE_SPREAD = Decimal("0.1")
"""A stretch of alternating crossings is called close when the costs stay within 10% of each other."""


def _percent_up(fraction: Decimal) -> str:
    return f"{max(1, int(-(-fraction * 100 // 1)))}%"


def describe_break_even(analysis: BreakEven) -> list[str]:
    """A handful of lines at most: each crossing, or runs of nearby ones as one range, or what is cheapest.

    Every exact crossing stays in the JSON.
    """
    crossings = analysis.crossings
    if not crossings and not analysis.lambda_cheaper_throughout:
        return [f"Lambda costs more than {named(analysis.option)} at every load up to 10,000,000 req/s"]
    if not crossings:
        return [f"Lambda is cheaper than {named(analysis.option)} at every load up to 10,000,000 req/s"]
    runs: list[tuple[int, int]] = []
    for i, crossing in enumerate(crossings):
        if runs and crossing.requests_per_month <= crossings[runs[-1][1]].requests_per_month * (
            1 + NEAR_PARITY
        ):
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    lines = [_run_line(analysis, first, last) for first, last in runs]
    if runs[-1][0] != runs[-1][1]:  # a run says where the costs meet, not which side wins beyond it
        servers = analysis.option.startswith((SERVERS, "ec2:"))
        other = "the servers stay" if servers else f"{named(analysis.option)} stays"
        cheaper = other if crossings[-1].lambda_cheaper_below else "Lambda stays"
        lines[-1] += f"; above it {cheaper} cheaper"
    if len(lines) > MAX_BREAK_EVEN_LINES:
        (start, _), (_, end) = runs[1], runs[-2]
        lines = [lines[0], _zone_line(analysis, start, end), lines[-1]]
    if analysis.near_parity:
        lines.append(
            f"(Lambda and {named(analysis.option)} cost nearly the same over a wide range: "
            "some crossings unlisted)"
        )
    return lines


def _run_line(analysis: BreakEven, first: int, last: int) -> str:
    if first == last:
        return describe_crossing(analysis.crossings[first])
    low, high = analysis.crossings[first], analysis.crossings[last]
    (low_day, low_second), (high_day, high_second) = (
        _rates(low.requests_per_month),
        _rates(high.requests_per_month),
    )
    who = named(analysis.option)
    return (
        f"Lambda and {who} cost within {_percent_up(analysis.spread(first, last))} of each other between "
        f"{low_day} and {high_day} requests/day ({low_second} to {high_second} req/s), crossing "
        f"{last - first + 1} times"
    )


def _zone_line(analysis: BreakEven, first: int, last: int) -> str:
    low, high = analysis.crossings[first], analysis.crossings[last]
    (low_day, low_second), (high_day, high_second) = (
        _rates(low.requests_per_month),
        _rates(high.requests_per_month),
    )
    who = named(analysis.option)
    spread = analysis.spread(first, last)
    close = f" (costs within {_percent_up(spread)} of each other)" if spread <= CLOSE_SPREAD else ""
    return (
        f"From {low_day} to {high_day} requests/day ({low_second} to {high_second} req/s) Lambda and {who} "
        f"take turns as the cheaper, {last - first + 1} crossings as instances are added{close}"
    )


def break_even_lines(analyses: Iterable[BreakEven]) -> list[str]:
    """Every analysis's lines, one after another."""
    return [line for analysis in analyses for line in describe_break_even(analysis)]


def break_even_notes(analyses: Iterable[BreakEven]) -> list[str]:
    """The lines of analyses without a crossing: what is cheaper throughout."""
    return [line for analysis in analyses if not analysis.crossings for line in describe_break_even(analysis)]


def breakeven_title(report: BreakEvenReport) -> str:
    """What a break-even report analyses."""
    return f"Break-even against {', '.join(named(a.option) for a in report.analyses)}"


# --- budgets and workload files ---------------------------------------------------


def describe_budget(budget: Budget) -> str:
    """``$5.00/month``, ``$1.00/day``, or both."""
    parts = [f"{format_money(budget.monthly)}/month"] if budget.monthly is not None else []
    if budget.daily is not None:
        parts.append(f"{format_money(budget.daily)}/day")
    return ", ".join(parts)


def describe_budget_result(result: BudgetResult) -> str:
    """``Budget: lambda costs 27.9% of $5.00/month: ok``."""
    share = format_percent(result.percent)
    return f"Budget: {result.option} costs {share} of {describe_budget(result.budget)}: {result.status.value}"


def over_budget(result: BudgetResult) -> str:
    """``over budget: ec2:c7i.large costs 260.6% of $100.00/month``: the failed check, said once."""
    share = format_percent(result.percent)
    return f"over budget: {result.option} costs {share} of {describe_budget(result.budget)}"


def cheaper_alternative(cost: WorkloadCost) -> str | None:
    """``orders-api runs on ec2:t3.small at $15.18/month; Lambda would cost $0.93``, when that holds."""
    cheapest, deployed = cost.cheapest, cost.deployed
    if cheapest.name == deployed.name:
        return None
    other = (
        "Lambda" + named(cheapest.name)[len("lambda") :]
        if cheapest.kind.value == "lambda"
        else named(cheapest.name)
    )
    return (
        f"{cost.name} runs on {named(deployed.name)} at {format_money(deployed.monthly)}/month; "
        f"{other} would cost {format_money(cheapest.monthly)}"
    )


def check_hints(report: CheckReport) -> list[str]:
    """A line for each workload that a cheaper option would serve."""
    return [hint for check in report.checks if (hint := cheaper_alternative(check.cost)) is not None]


def check_verdict(report: CheckReport) -> str:
    """One line for a whole workload file."""
    count = len(report.checks)
    if report.over:
        names = ", ".join(f"{c.cost.name} by {describe_over_by(c)}" for c in report.over)
        if count == 1:
            return f"The workload is over budget: {names}."
        return f"{len(report.over)} of {count} workloads over budget: {names}."
    warned = ", ".join(c.cost.name for c in report.checks if c.status.value == "warn")
    every = "The workload is" if count == 1 else f"All {count} workloads"
    if warned:
        return f"{every} within budget; near it (>= {plain(report.warn_at)}%): {warned}."
    return f"{every} within budget."


def describe_rise(diff: CostDiff) -> str:
    """``141.7%``, or ``from $0.00`` when there was nothing before."""
    change = diff.total_percent
    return format_percent(change) if change is not None else "from $0.00"


def describe_increase_failure(diff: CostDiff, limit: IncreaseLimit) -> str:
    """Why ``--fail-on-increase`` failed: ``the monthly total rises 57.1%, more than 10%``, or in dollars."""
    if not limit.dollars:
        return f"the monthly total rises {describe_rise(diff)}, more than {plain(limit.amount)}%"
    before = _shown_sum(r.before for r in diff.rows)
    after = _shown_sum(r.after for r in diff.rows)
    rise = shown_change(diff.total_after - diff.total_before, before, after).lstrip("+")
    return f"the monthly total rises by {rise}, more than {format_money(limit.amount)}"


CHECK_HEADERS = ("Workload", "Deploy", "Daily", "Monthly", "Budget", "% of budget", "Status")
CHECK_RIGHT = ("Daily", "Monthly", "Budget", "% of budget")
FREE_TIER_HEADERS = ("Workload", "Free requests", "Free GB-s", "Saved / month")


def _shown_excess(cost: Decimal, limit: Decimal) -> str:
    """``cost - limit`` as the two amounts shown read: their cents subtracted (``<$0.01`` if that is 0)."""
    excess = to_cents(cost) - to_cents(limit)
    return format_money(excess) if excess > 0 else "<$0.01"


def describe_over_by(check: WorkloadCheck) -> str:
    """``$14.47/month``, ``$0.30/day`` or both: how far over budget the workload is ("" when it is not)."""
    over_by, deployed, budget = check.over_by, check.cost.deployed, check.result.budget
    if over_by is None:
        return ""
    parts = []
    if over_by.monthly is not None and budget.monthly is not None:
        parts.append(f"{_shown_excess(deployed.monthly, budget.monthly)}/month")
    if over_by.daily is not None and budget.daily is not None:
        parts.append(f"{_shown_excess(deployed.daily, budget.daily)}/day")
    return " and ".join(parts)


def check_status(check: WorkloadCheck) -> str:
    """``ok``, ``warn``, or ``over by $14.47/month``."""
    if check.over_by is None:
        return check.status.value
    return f"{check.status.value} by {describe_over_by(check)}"


def check_row(check: WorkloadCheck) -> tuple[str, ...]:
    """A workload's row of the check table; its status last."""
    deployed = check.cost.deployed
    return (
        check.cost.name,
        check.cost.deploy.name,
        format_money(deployed.daily),
        format_money(deployed.monthly),
        describe_budget(check.result.budget),
        format_percent(check.result.percent),
        check_status(check),
    )


def check_total_row(report: CheckReport) -> tuple[str, ...]:
    """The total of the check table: the daily and monthly rows as shown, added up."""
    checks = report.checks
    daily = shown_total(report.total_daily, (c.cost.deployed.daily for c in checks))
    monthly = shown_total(report.total_monthly, (c.cost.deployed.monthly for c in checks))
    return ("Total", "", daily, monthly, "", "", "")


def free_tier_rows(report: CheckReport) -> list[tuple[str, str, str, str]]:
    """How the shared free tier was split: a row per workload in the pool."""
    rows = []
    for check in report.checks:
        saving = check.cost.free_tier_saving
        if saving is None:
            continue
        items = {item.name: item for item in check.cost.deployed.items}
        rows.append(
            (
                check.cost.name,
                format_quantity(items["requests"].free),
                format_quantity(items["compute"].free),
                format_money(saving),
            )
        )
    return rows


DIFF_HEADERS = ("Workload", "Change", "Deploy", "Before", "After", "Delta", "Delta %", "Cheapest")
DIFF_RIGHT = ("Before", "After", "Delta", "Delta %")
SPLIT_HEADERS = ("Workload", "Delta", "Traffic, settings", "Prices")
"""The split of each delta by cause, when the two versions were priced with different tables."""
SPLIT_RIGHT = SPLIT_HEADERS[1:]


def signed_money(value: Decimal) -> str:
    """``+$1.00``, ``-$1.00`` or ``$0.00``."""
    if value > 0:
        return f"+{format_money(value)}"
    if value < 0:
        return f"-{format_money(-value)}"
    return format_money(value)


def shown_change(exact: Decimal, before: Decimal, after: Decimal) -> str:
    """``after - before`` as the two amounts shown read, each rounded to the cent.

    So the Before, After and Delta cells of a row agree as printed; a change that
    rounds away is ``+<$0.01`` or ``-<$0.01``, never a silent ``$0.00``.
    """
    change = to_cents(after) - to_cents(before)
    if change == 0 and exact != 0:
        return "+<$0.01" if exact > 0 else "-<$0.01"
    return signed_money(change)


def signed_percent(value: Decimal | None) -> str:
    """``+12.5%``, ``-3.0%``, or ``new`` where there was nothing before."""
    if value is None:
        return "new"
    return f"+{format_percent(value)}" if value > 0 else format_percent(value)


def _diff_cheapest(row: DiffRow) -> str:
    before = row.before.cheapest if row.before else None
    after = row.after.cheapest if row.after else None
    if before and after and before != after:
        return f"{before} -> {after}" + (" (flips)" if row.flipped else "")
    return after or before or ""


def _diff_deploy(row: DiffRow) -> str:
    """Where the workload runs: ``lambda``, or ``lambda -> ec2:t3.small`` when that changed."""
    before = row.before.deploy if row.before else None
    after = row.after.deploy if row.after else None
    if before and after and before != after:
        return f"{before} -> {after}"
    return after or before or ""


def _monthly(point: CostPoint | None) -> Decimal:
    return point.monthly if point is not None else Decimal(0)


def diff_row(row: DiffRow) -> tuple[str, ...]:
    """A workload's row of the diff table."""
    return (
        row.name,
        row.change.value,
        _diff_deploy(row),
        format_money(row.before.monthly) if row.before else "-",
        format_money(row.after.monthly) if row.after else "-",
        shown_change(row.delta, _monthly(row.before), _monthly(row.after)),
        signed_percent(row.percent) if row.before and row.after else "",
        _diff_cheapest(row),
    )


def _shown_sum(points: Iterable[CostPoint | None]) -> Decimal:
    return sum((to_cents(p.monthly) for p in points if p is not None), Decimal(0))


def diff_summary(diff: CostDiff) -> str:
    """``Total: $1.30 -> $79.22 a month (+$77.92, +5,993.8%).``: the rows as shown, added up."""
    before = _shown_sum(r.before for r in diff.rows)
    after = _shown_sum(r.after for r in diff.rows)
    change = shown_change(diff.total_after - diff.total_before, before, after)
    return (
        f"Total: {format_money(before)} -> {format_money(after)} a month "
        f"({change}, {signed_percent(diff.total_percent)})."
    )


def split_rows(diff: CostDiff) -> list[tuple[str, str, str, str]]:
    """Each delta split into traffic and settings, and prices, then their totals; none without a split.

    Each cell is the difference of amounts as shown (the new file on the base
    table sits between Before and After), so a row's two parts make its Delta.
    """
    if not diff.split:
        return []
    rows = []
    for row in diff.rows:
        if row.traffic_delta is None or row.price_delta is None:
            continue
        before, repriced, after = _monthly(row.before), _monthly(row.repriced), _monthly(row.after)
        rows.append(
            (
                row.name,
                shown_change(row.delta, before, after),
                shown_change(row.traffic_delta, before, repriced),
                shown_change(row.price_delta, repriced, after),
            )
        )
    traffic, prices = diff.total_traffic_delta, diff.total_price_delta
    assert traffic is not None and prices is not None
    before, repriced, after = (_shown_sum(points) for points in _columns(diff))
    total = shown_change(diff.total_after - diff.total_before, before, after)
    rows.append(
        ("Total", total, shown_change(traffic, before, repriced), shown_change(prices, repriced, after))
    )
    return rows


def _columns(diff: CostDiff) -> tuple[list[CostPoint | None], ...]:
    return [r.before for r in diff.rows], [r.repriced for r in diff.rows], [r.after for r in diff.rows]


def price_split_line(diff: CostDiff) -> str | None:
    """Where the total's change comes from, when the versions were priced with different tables."""
    tables = f"{diff.pricing_before} -> {diff.pricing_after}"
    if diff.unsplit_reason is not None:
        return f"Prices changed ({tables}); the change is not split by cause: {diff.unsplit_reason}."
    if diff.total_traffic_delta is None or diff.total_price_delta is None:
        return None
    *_, (_, _, traffic, prices) = split_rows(diff)
    return (
        f"Of that, {traffic} comes from traffic and settings (the new file priced on {diff.pricing_before}) "
        f"and {prices} from prices ({tables})."
    )


KIND_WORDS = {
    "lambda": "Lambda",
    "server": "servers",
    "fargate": "Fargate",
    "lambda-managed": "Lambda Managed Instances",
}
"""Each kind of option in words."""


def flip_lines(diff: CostDiff) -> list[str]:
    """A line for each workload whose cheapest option moved from one kind to another."""
    lines = []
    for row in diff.flips:
        assert row.before and row.after
        to = KIND_WORDS.get(row.after.cheapest_kind, row.after.cheapest_kind)
        lines.append(
            f"{row.name}: the cheapest option flips to {to} ({row.before.cheapest} -> {row.after.cheapest})"
        )
    return lines


# --- price tables ---------------------------------------------------------------------


def pricing_diff_summary(diff: PricingDiff) -> str:
    """``12 added, 3 removed, 40 changed, 2,500 unchanged``."""
    return ", ".join(f"{count:,} {what}" for what, count in diff.counts().items())


def describe_price_change(change: PriceChange) -> str:
    """``changed ec2 us-east-1 m5.large: 0.096 -> 0.1 (+4.2%)``, or ``added ...: 0.1``."""
    if change.old is not None and change.new is not None and change.percent is not None:
        sign = "+" if change.percent > 0 else ""
        return (
            f"changed {change.key}: {plain(change.old)} -> {plain(change.new)} "
            f"({sign}{format_percent(change.percent)})"
        )
    price = change.new if change.new is not None else change.old
    return f"{change.change} {change.key}: {plain(price) if price is not None else ''}"


def describe_valid_table(table: PricingTable) -> str:
    """``pricing/aws.yaml: valid (version 1, as of 2026-07-20, 24 Lambda regions, ...)``."""
    instance_types = len(table.ec2.instance_types)
    prices = sum(len(table.ec2.regions[r]["prices"]) for r in table.ec2.region_names())
    counts = ", ".join(
        counted(number, noun)
        for number, noun in (
            (len(table.lambda_.regions), "Lambda region"),
            (len(table.ec2.region_names()), "EC2 region"),
            (instance_types, "instance type"),
            (prices, "EC2 price"),
        )
    )
    return f"{table.path}: valid (version {table.version}, as of {table.as_of.isoformat()}, {counts})"


def counted(number: int, noun: str) -> str:
    """``1 EC2 region``, ``2,792 EC2 prices``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def import_summary(result: ImportResult) -> str:
    """One line for the terminal: what ``pricing import`` wrote."""
    kept = f"; kept {counted(result.kept, 'other EC2 price')} from {result.base}" if result.kept else ""
    commitments = "".join(
        f"{what} rates for {counted(len(regions), 'region')}, "
        for what, regions in (("Reserved", result.reserved_regions), ("Savings Plans", result.plan_regions))
        if regions
    )
    fargate = f"{counted(len(result.fargate_regions), 'Fargate region')}, " if result.fargate_regions else ""
    return (
        f"wrote {result.out}: {counted(len(result.ec2_regions), 'EC2 region')} "
        f"({counted(result.instance_types, 'type')}), "
        f"{counted(len(result.lambda_regions), 'Lambda region')}, "
        f"{fargate}{commitments}from {counted(len(result.offers), 'offer file')}{kept}"
    )


def imported_lines(table: PricingTable) -> list[str]:
    """For ``pricing show``: the offer files a table came from, and each EC2 region's imported and kept types.

    Empty for a table with nothing imported.
    """
    files = [f"  {name}: {text}" for name, text in table.sources.items() if imported([name])]
    if not files:
        return []
    lines = ["Imported from AWS Price List offer files:", *files]
    for region in table.ec2.region_names():
        shares = table.ec2.coverage(region, table.as_of.isoformat()).sources
        new = sum(share.types for share in shares if share.imported)
        if new:
            old = sum(share.types for share in shares if not share.imported)
            kept = f", {old:,} kept from the base table" if old else ""
            lines.append(f"  EC2 {region}: {counted(new, 'type')} imported{kept}")
    return lines


COMMITMENT_WORDS = {"spot": "Spot", "reserved": "Reserved", "savings_plans": "Savings Plans"}


def commitment_source_lines(coverage: dict[str, list[CommitmentCoverage]]) -> list[str]:
    """For ``pricing show``: where each kind of buying option's rates come from, once per source."""
    seen = dict.fromkeys(
        (c.kind, ", ".join(c.source), c.confidence, c.as_of)
        for sections in coverage.values()
        for c in sections
    )
    return [
        f"{COMMITMENT_WORDS[kind]}: {source}, {confidence}" + (f", as of {as_of}" if as_of else "")
        for kind, source, confidence, as_of in seen
    ]


def managed_instances_line(table: PricingTable) -> str | None:
    """For ``pricing show``: what Lambda Managed Instances add to EC2's price; None if the table lacks it."""
    managed = table.lambda_managed
    if managed is None:
        return None
    runtimes = ", ".join(f"{runtime} {count}" for runtime, count in managed.concurrency_per_vcpu.items())
    return (
        f"Lambda Managed Instances ({managed.management_fee.confidence.value}): EC2's price plus a fee of "
        f"{format_percent(managed.management_fee.amount * 100)} of the on-demand hourly price, and "
        f"{unit_rate(managed.request.amount, 'requests')} requests; at least "
        f"{counted(managed.default_instances, 'instance')}; environments of at least "
        f"{format_quantity(managed.min_environment_mb)} MB with 1 vCPU per "
        f"{plain(managed.memory_gb_per_vcpu)} GB; concurrent requests per vCPU by runtime: {runtimes}; "
        f"families {', '.join(managed.families)}."
    )


# --- sweeps and tables ------------------------------------------------------------------


def sweep_title(sweep: Sweep) -> str:
    """``Monthly cost by requests per day``."""
    return "Monthly cost by " + ("requests per day" if sweep.varies == "requests_per_day" else "memory (MB)")


def sweep_rows(sweep: Sweep) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a sweep as people read it: a column per option, the cheapest marked."""
    columns = sweep.columns()
    headers = ["Requests/day", "Memory MB", "ms", *columns, "Cheapest"]
    rows = []
    for point in sweep.points:
        cells = [
            format_money(option.monthly)
            if sweep.column_of(option) == option.name
            else f"{format_money(option.monthly)} ({option.instance_type or option.task_size})"
            for option in point.comparison.options
        ]
        rows.append(
            [
                format_quantity(point.requests_per_day),
                format_quantity(point.memory_mb),
                format_quantity(point.ms),
                *cells,
                point.cheapest,
            ]
        )
    return headers, rows
