"""Terminal views: rich tables of every result, with the verdict, assumptions and notes below them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from costcalc.errors import one_line
from costcalc.money import format_money, format_quantity, format_rate, plain
from costcalc.render.words import (
    CHECK_HEADERS,
    COMMITMENT_WORDS,
    DIFF_HEADERS,
    DIFF_RIGHT,
    FREE_TIER_HEADERS,
    SPLIT_HEADERS,
    SPLIT_RIGHT,
    break_even_lines,
    check_hints,
    check_row,
    check_total_row,
    check_verdict,
    commitment_source_lines,
    describe_budget_result,
    describe_price_change,
    diff_row,
    diff_summary,
    flip_lines,
    free_tier_rows,
    imported_lines,
    item_rate,
    managed_instances_line,
    option_label,
    part_quantity,
    price_split_line,
    pricing_diff_summary,
    pricing_title,
    shown_total,
    split_rows,
    sweep_rows,
    sweep_title,
    verdict,
    workload_title,
)
from costcalc.units import MILLION, unit_rate

if TYPE_CHECKING:  # a plain compare never loads workload-file or price-table code
    from costcalc.catalog.model import PricingTable, Tier
    from costcalc.catalog.review import PricingDiff
    from costcalc.model.breakeven_report import BreakEvenReport
    from costcalc.model.compare_many import BatchComparison
    from costcalc.model.comparison import Comparison
    from costcalc.model.sweeps import Sweep
    from costcalc.workload_files.check import CheckReport
    from costcalc.workload_files.diff import CostDiff
    from costcalc.workload_files.profile import ProfileComparison


class TableViews:
    """Every result as a rich renderable for the terminal."""

    def __init__(self, explain: bool = False) -> None:
        self.explain = explain

    def comparison(self, result: Comparison) -> RenderableType:
        """Lambda and servers side by side, with every line item."""
        return comparison_table(result, self.explain)

    def profile(self, result: ProfileComparison) -> RenderableType:
        """Each workload of a file under its own heading."""
        return profile_table(result, self.explain)

    def breakeven(self, result: BreakEvenReport) -> RenderableType:
        """The workload, then one line per crossing."""
        return breakeven_table(result)

    def sweep(self, result: Sweep) -> RenderableType:
        """A row per point."""
        return sweep_table(result)

    def batch(self, result: BatchComparison) -> RenderableType:
        """The first rows of a ``compare_many``."""
        return batch_table(result)

    def check(self, result: CheckReport) -> RenderableType:
        """A budget check."""
        return check_table(result)

    def diff(self, result: CostDiff) -> RenderableType:
        """A cost diff."""
        return diff_table(result)

    def pricing_diff(self, result: PricingDiff) -> RenderableType:
        """Price changes between two tables."""
        return pricing_diff_table(result)


def comparison_table(comparison: Comparison, explain: bool = False) -> RenderableType:
    """Lambda and servers side by side, daily and monthly, with their line items."""
    table = Table(
        title=f"{workload_title(comparison)}\n{pricing_title(comparison)}",
        title_justify="left",
        show_edge=False,
    )
    table.add_column("Option / item", overflow="fold")
    for column in ("Usage / month", "Rate", "Daily", "Monthly"):
        table.add_column(column, justify="right", overflow="fold")
    cheapest = comparison.cheapest.name
    for option in comparison.options:
        label = option_label(option) + ("  (cheapest)" if option.name == cheapest else "")
        daily = shown_total(option.daily, (item.daily for item in option.items))
        monthly = shown_total(option.monthly, (item.monthly for item in option.items))
        table.add_row(label, "", "", daily, monthly, style="bold")
        for item in option.items:
            usage = f"{format_quantity(item.usage)} {item.unit}"
            # Meters of different units (an ALB's hours and LCU-hours) show their rates on their own rows.
            rate = "" if len({part.unit for part in item.parts}) > 1 else item_rate(item)
            table.add_row(f"  {item.name}", usage, rate, format_money(item.daily), format_money(item.monthly))
            if item.free > 0:
                table.add_row("    free tier", f"-{format_quantity(item.free)} {item.unit}", "", "", "")
            if len(item.parts) > 1:
                for part in item.parts:
                    table.add_row(
                        f"    {part.label}",
                        part_quantity(part),
                        unit_rate(part.price.amount, part.unit),
                        "",
                        format_money(part.monthly),
                    )
        table.rows[-1].end_section = True
    parts: list[RenderableType] = [table, Text(""), Text(verdict(comparison), style="bold")]
    parts += [Text(f"Break-even: {line}.") for line in break_even_lines(comparison.break_even)]
    if comparison.budget:
        parts.append(
            Text(
                describe_budget_result(comparison.budget),
                style="bold red" if comparison.budget.over else "",
            )
        )
    for heading, lines in (
        ("Assumptions", comparison.assumptions),
        ("Uncertain prices used", comparison.price_notes),
    ):
        if lines:
            parts += [Text(""), Text(f"{heading}:", style="bold"), _bullets(lines)]
    if explain:
        parts += [Text(""), Text("How each figure is computed:", style="bold"), *_trace(comparison)]
    return Group(*parts)


def _trace(comparison: Comparison) -> list[Text]:
    """The formula trace, each option's steps under its name."""
    from costcalc.model.explain import trace

    lines: list[Text] = []
    current = None
    for line in trace(comparison):
        if line.option != current:
            current = line.option
            lines.append(Text(f"  {current}", style="bold"))
        lines.append(Text(f"    {line.text}"))
    return lines


def profile_table(profile: ProfileComparison, explain: bool = False) -> RenderableType:
    """Each workload of a file under its own heading."""
    from rich.rule import Rule

    parts: list[RenderableType] = []
    for cost in profile.costs:
        parts += [
            Rule(one_line(f"{cost.name} (deployed on {cost.deploy.name})"), align="left"),
            comparison_table(cost.comparison, explain),
            Text(""),
        ]
    return Group(*parts)


class _Bullets:
    """A bulleted list whose wrapped lines stay indented under their bullet.

    Wrapped at the width rich offers, then printed as one unwrapped Text:
    several times faster than a grid table of wrapping cells.
    """

    def __init__(self, lines: tuple[str, ...], bullet: str = "-") -> None:
        self.lines = lines
        self.bullet = bullet

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 20)
        first, rest = f"{self.bullet} ", " " * (len(self.bullet) + 1)
        wrapped = [wrap_words(line, width, first, rest) for line in self.lines]
        yield Text("\n".join(wrapped), no_wrap=True, overflow="ignore")


_WHITESPACE = str.maketrans("\t\n\r\f\v", "     ")


def wrap_words(text: str, width: int, first: str = "", rest: str = "") -> str:
    """``text`` filled into lines of at most ``width``, after ``first`` then ``rest``.

    Lines break only at ASCII whitespace (a non-breaking space holds): never at a
    hyphen, as textwrap would, so ``us-east-1`` and ``2025-06-28`` stay whole. A
    word longer than a line starts a line of its own and is cut there. Blank text
    is an empty string.
    """
    lines: list[str] = []
    line, empty = first, True
    for word in text.translate(_WHITESPACE).split(" "):
        while word:
            room = width - len(line) - (0 if empty else 1)
            if len(word) <= room:
                line, empty, word = (line + word if empty else f"{line} {word}"), False, ""
            elif empty:  # longer than a whole line: cut it, at least a character a line
                cut = max(room, 1)
                lines.append(line + word[:cut])
                line, word = rest, word[cut:]
            else:
                lines.append(line)
                line, empty = rest, True
    if not empty:
        lines.append(line)
    return "\n".join(lines)


def _bullets(lines: tuple[str, ...]) -> _Bullets:
    return _Bullets(lines)


def breakeven_table(report: BreakEvenReport) -> RenderableType:
    """The workload, then one line per crossing."""
    comparison = report.comparison
    title = Text(f"Break-even: {workload_title(comparison)}\n{pricing_title(comparison)}", style="bold")
    return Group(title, Text(""), _bullets(tuple(break_even_lines(report.analyses))))


def sweep_table(sweep: Sweep) -> RenderableType:
    """Monthly cost of each option at each point, the cheapest named."""
    headers, rows = sweep_rows(sweep)
    table = Table(
        title=f"{sweep_title(sweep)} (pricing {sweep.pricing_name})",
        title_justify="left",
        show_edge=False,
    )
    for header in headers:
        table.add_column(header, justify="left" if header == "Cheapest" else "right", overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


BATCH_ROWS_SHOWN = 50


def batch_table(batch: BatchComparison) -> RenderableType:
    """One row per workload (the first 50), Lambda against the cheapest server."""
    table = Table(
        title=f"compare_many: {len(batch):,} workloads (pricing {batch.pricing_name})",
        title_justify="left",
        show_edge=False,
    )
    for header in ("#", "Lambda / month", "Server", "Server / month", "Cheapest"):
        table.add_column(header, justify="right" if "month" in header or header == "#" else "left")
    for index, row in enumerate(batch.rows[:BATCH_ROWS_SHOWN]):
        table.add_row(
            f"{index + 1:,}",
            format_money(row.lambda_monthly),
            f"{row.server} x {row.count}",
            format_money(row.server_monthly),
            row.cheapest,
        )
    if len(batch) > BATCH_ROWS_SHOWN:
        return Group(table, Text(f"... and {len(batch) - BATCH_ROWS_SHOWN:,} more rows"))
    return table


# --- workload files -------------------------------------------------------------

STATUS_STYLE = {"ok": "green", "warn": "yellow", "over": "bold red"}


def check_table(report: CheckReport) -> RenderableType:
    """Each workload against its budget, the verdict, cheaper options and the free-tier split."""
    table = Table(
        title=one_line(f"Budget check: {report.path} (pricing {report.pricing_name})"),
        title_justify="left",
        show_edge=False,
    )
    for header in CHECK_HEADERS:
        table.add_column(header, justify="left" if header in ("Workload", "Deploy", "Status") else "right")
    for check in report.checks:
        *cells, status = check_row(check)
        table.add_row(*cells, Text(status, style=STATUS_STYLE[check.status.value]))
    if table.rows:
        table.rows[-1].end_section = True
    table.add_row(*check_total_row(report), style="bold")
    parts: list[RenderableType] = [
        table,
        Text(""),
        Text(check_verdict(report), style=STATUS_STYLE[report.status.value]),
    ]
    hints = check_hints(report)
    if hints:
        parts += [Text(""), Text("Cheaper options:", style="bold"), *(Text(f"- {hint}") for hint in hints)]
    free_rows = free_tier_rows(report)
    if free_rows:
        split = Table(
            title="Shared free tier, split in proportion to usage", title_justify="left", show_edge=False
        )
        for header in FREE_TIER_HEADERS:
            split.add_column(header, justify="left" if header == "Workload" else "right")
        for row in free_rows:
            split.add_row(*row)
        parts += [Text(""), split]
    return Group(*parts)


def diff_table(diff: CostDiff) -> RenderableType:
    """Each workload before and after, the total, and the flips between Lambda and servers."""
    table = Table(
        title=one_line(f"Monthly cost: {diff.base} -> {diff.new}"), title_justify="left", show_edge=False
    )
    for header in DIFF_HEADERS:
        table.add_column(header, justify="right" if header in DIFF_RIGHT else "left")
    for row in diff.rows:
        table.add_row(*(one_line(cell) for cell in diff_row(row)))
    parts: list[RenderableType] = [table, Text(""), Text(diff_summary(diff), style="bold")]
    split = price_split_line(diff)
    if split:
        parts.append(Text(one_line(split)))
    causes = split_rows(diff)
    if causes:
        by_cause = Table(show_edge=False)
        for header in SPLIT_HEADERS:
            by_cause.add_column(header, justify="right" if header in SPLIT_RIGHT else "left")
        for cells in causes:
            by_cause.add_row(*(one_line(cell) for cell in cells))
        by_cause.rows[-2].end_section = True
        parts += [Text(""), by_cause]
    parts += [Text(f"- {line}", style="yellow") for line in flip_lines(diff)]
    return Group(*parts)


# --- price tables -------------------------------------------------------------------


def pricing_list_table(tables: list[tuple[PricingTable, list[str]]]) -> RenderableType:
    """Every bundled table with its date, source, and the aliases that point at it."""
    table = Table(show_edge=False)
    for column in ("Name", "As of", "Aliases", "Source"):
        table.add_column(column)
    for pricing, aliases in tables:
        table.add_row(pricing.name, pricing.as_of.isoformat(), ", ".join(aliases), pricing.source)
    return table


def _tiers(tiers: tuple[Tier, ...]) -> str:
    first = plain(tiers[0].price.amount)
    return first if len(tiers) == 1 else f"{first} +"


def pricing_detail(pricing: PricingTable) -> RenderableType:
    """Where the table comes from, its Lambda rates by region, its front doors and EC2 coverage."""
    from costcalc.catalog.model import ApiGatewayKind, Arch, fetch_command

    header = Text.assemble(
        (f"{pricing.name}", "bold"),
        f"  as of {pricing.as_of.isoformat()}  ({pricing.currency})\n",
        f"{pricing.source}\n",
    )
    lam = pricing.lambda_
    rules = Text(
        f"Lambda: billed in {plain(lam.billing_increment_ms)} ms increments; "
        f"memory {plain(lam.memory_mb.minimum)}-"
        f"{plain(lam.memory_mb.maximum)} MB in {plain(lam.memory_mb.step)} MB steps; free tier "
        f"{format_quantity(lam.free_tier.requests)} requests and "
        f"{format_quantity(lam.free_tier.gb_seconds)} GB-s "
        "a month."
    )
    lambda_table = Table(
        title="Lambda rates (duration: first tier; + more tiers)", title_justify="left", show_edge=False
    )
    for column in ("Region", "$/M requests", "x86_64 $/GB-s", "arm64 $/GB-s", "Ephemeral $/GB-s"):
        lambda_table.add_column(column, justify="left" if column == "Region" else "right")
    for region in sorted(lam.regions):
        prices = lam.regions[region]
        requests = next(iter(prices.archs.values())).request.amount * MILLION
        durations = [_tiers(prices.archs[arch].duration) if arch in prices.archs else "-" for arch in Arch]
        storage = plain(prices.ephemeral_storage.amount) if prices.ephemeral_storage else "-"
        lambda_table.add_row(region, format_rate(requests)[1:], *durations, storage)
    fronts = Table(title="API Gateway and load balancer", title_justify="left", show_edge=False)
    for column in ("Region", "REST API", "HTTP API", "ALB"):
        fronts.add_column(column)
    for region in sorted(set(pricing.api_gateway) | set(pricing.load_balancer)):
        gateway = pricing.api_gateway.get(region)
        kinds = [
            unit_rate(gateway[kind][0].price.amount, "requests") + ("+" if len(gateway[kind]) > 1 else "")
            if gateway and kind in gateway
            else "-"
            for kind in (ApiGatewayKind.REST, ApiGatewayKind.HTTP)
        ]
        balancer = pricing.load_balancer.get(region)
        alb = (
            f"{unit_rate(balancer.per_hour.amount, 'hours')} + "
            f"{unit_rate(balancer.per_lcu_hour.amount, 'LCU-hours')}"
            if balancer
            else "-"
        )
        fronts.add_row(region, *kinds, alb)
    ec2 = Table(title="EC2 on-demand Linux: coverage", title_justify="left", show_edge=False)
    for column in ("Region", "Types", "List", "Newest family", "Sources (as of): types"):
        ec2.add_column(column, justify="right" if column == "Types" else "left")
    no_lambda = [region for region in pricing.ec2.region_names() if region not in lam.regions]
    for region in pricing.ec2.region_names():
        coverage = pricing.ec2.coverage(region, pricing.as_of.isoformat())
        more = len(coverage.newest) - 1
        newest = coverage.newest[0] + (f" (+{more} more)" if more else "") if coverage.newest else "-"
        sources = "; ".join(f"{s.source} ({s.as_of}): {s.types:,}" for s in coverage.sources)
        listed = "partial" if coverage.partial else "complete"
        ec2.add_row(
            region, f"{coverage.types:,}", listed + ("*" if region in no_lambda else ""), newest, sources
        )
    parts: list[RenderableType] = [header, rules, Text(""), lambda_table, Text(""), fronts, Text(""), ec2]
    if no_lambda:
        parts.append(
            Text(
                f"* {', '.join(no_lambda)}: EC2 prices only. This table has no Lambda prices there "
                "(see its notes), so no comparison can use these rows; "
                f"`{fetch_command(no_lambda[0])}` (and so on) imports AWS's."
            )
        )
    parts += _buying_options(pricing) + _middle_ground(pricing)
    imported = imported_lines(pricing)
    if imported:
        parts += [Text(""), Text("\n".join(imported))]
    if pricing.notes:
        parts += [Text(""), Text(f"Notes: {pricing.notes}")]
    return Group(*parts)


def _buying_options(pricing: PricingTable) -> list[RenderableType]:
    """EC2's Spot, Reserved and Savings Plans coverage by region: types priced, and rates in all."""
    from costcalc.catalog.commitments import COMMITMENT_KINDS, commitment_coverage

    coverage = commitment_coverage(pricing)
    if not any(coverage.values()):
        return []
    table = Table(
        title="EC2 buying options (--purchase): types priced (rates)", title_justify="left", show_edge=False
    )
    table.add_column("Region")
    for kind in COMMITMENT_KINDS:
        table.add_column(COMMITMENT_WORDS[kind], justify="right")
    for region, sections in coverage.items():
        by_kind = {c.kind: c for c in sections}
        cells = [
            "-"
            if kind not in by_kind
            else f"{by_kind[kind].types:,}" + ("" if kind == "spot" else f" ({by_kind[kind].rates:,})")
            for kind in COMMITMENT_KINDS
        ]
        table.add_row(region, *cells)
    return [Text(""), table, Text("\n".join(commitment_source_lines(coverage)))]


def _middle_ground(pricing: PricingTable) -> list[RenderableType]:
    """Fargate's rates by region, and what Lambda Managed Instances add to EC2's price."""
    from costcalc.catalog.model import Arch

    parts: list[RenderableType] = []
    fargate = pricing.fargate
    if fargate is not None:
        table = Table(
            title=(
                f"Fargate ({len(fargate.task_sizes)} task sizes; "
                f"{plain(fargate.included_storage_gb)} GB of task storage included)"
            ),
            title_justify="left",
            show_edge=False,
        )
        columns = [f"{arch.value} {unit}" for arch in Arch for unit in ("$/vCPU-h", "$/GB-h")]
        for column in ("Region", *columns, "Storage $/GB-h", "Plans", "Confidence"):
            table.add_column(column, justify="left" if column == "Region" else "right")
        for region in sorted(fargate.regions):
            prices = fargate.regions[region]
            rates = [
                plain(getattr(prices.archs[arch], part).amount) if arch in prices.archs else "-"
                for arch in Arch
                for part in ("per_vcpu_hour", "per_gb_hour")
            ]
            storage = prices.ephemeral_storage_per_gb_hour
            plans = ", ".join(prices.savings_plans) or "-"
            confidence = ", ".join(sorted({p.per_vcpu_hour.confidence.value for p in prices.archs.values()}))
            table.add_row(region, *rates, plain(storage.amount) if storage else "-", plans, confidence)
        parts += [Text(""), table]
    managed = managed_instances_line(pricing)
    if managed:
        parts += [Text(""), Text(managed)]
    return parts


def pricing_diff_table(diff: PricingDiff) -> RenderableType:
    """The summary, then one line per change."""
    lines = [
        Text(one_line(f"{diff.old} -> {diff.new}: {pricing_diff_summary(diff)}"), style="bold"),
        Text(""),
    ]
    return Group(*lines, *(Text(describe_price_change(change)) for change in diff.changes))
