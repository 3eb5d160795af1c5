"""The terminal view of a comparison: a rich table with every line item, then the verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from costcalc.comparison import Comparison
from costcalc.describe import (
    item_rate,
    option_label,
    part_quantity,
    pricing_title,
    sweep_rows,
    unit_rate,
    workload_title,
)
from costcalc.money import format_money, format_quantity

if TYPE_CHECKING:  # a plain compare never loads workload-file code
    from costcalc.breakeven_report import BreakEvenReport
    from costcalc.profiles import ProfileComparison
    from costcalc.sweeps import Sweep


def comparison_table(comparison: Comparison) -> RenderableType:
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
        table.add_row(label, "", "", format_money(option.daily), format_money(option.monthly), style="bold")
        for item in option.items:
            usage = f"{format_quantity(item.usage)} {item.unit}"
            table.add_row(
                f"  {item.name}", usage, item_rate(item), format_money(item.daily), format_money(item.monthly)
            )
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
    parts: list[RenderableType] = [table, Text(""), Text(comparison.verdict, style="bold")]
    parts += [Text(f"Break-even: {line}.") for b in comparison.break_even for line in b.describe()]
    if comparison.budget:
        parts.append(
            Text(
                comparison.budget.describe(),
                style="bold red" if comparison.budget.over else "",
            )
        )
    for heading, lines in (
        ("Assumptions", comparison.assumptions),
        ("Uncertain prices used", comparison.price_notes),
    ):
        if lines:
            parts += [Text(""), Text(f"{heading}:", style="bold"), _bullets(lines)]
    if comparison.show_explain:
        parts += [Text(""), Text("How each figure is computed:", style="bold"), *_trace(comparison)]
    return Group(*parts)


def _trace(comparison: Comparison) -> list[Text]:
    """The formula trace, each option's steps under its name."""
    from costcalc.explain import explain

    lines: list[Text] = []
    current = None
    for line in explain(comparison):
        if line.option != current:
            current = line.option
            lines.append(Text(f"  {current}", style="bold"))
        lines.append(Text(f"    {line.text}"))
    return lines


def profile_table(profile: ProfileComparison) -> RenderableType:
    """Each workload of a file under its own heading."""
    from rich.rule import Rule

    parts: list[RenderableType] = []
    for cost in profile.costs:
        parts += [
            Rule(f"{cost.name} (deployed on {cost.deploy.name})", align="left"),
            comparison_table(cost.comparison),
            Text(""),
        ]
    return Group(*parts)


class _Bullets:
    """A bulleted list whose wrapped lines stay indented under their bullet.

    Wrapped with textwrap at the width rich offers, then printed as one
    unwrapped Text: several times faster than a grid table of wrapping cells.
    """

    def __init__(self, lines: tuple[str, ...], bullet: str = "-") -> None:
        self.lines = lines
        self.bullet = bullet

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        import textwrap

        width = max(options.max_width, 20)
        indent = " " * (len(self.bullet) + 1)
        wrapped = [
            textwrap.fill(line, width, initial_indent=f"{self.bullet} ", subsequent_indent=indent)
            for line in self.lines
        ]
        yield Text("\n".join(wrapped), no_wrap=True, overflow="ignore")


def _bullets(lines: tuple[str, ...]) -> _Bullets:
    return _Bullets(lines)


def breakeven_table(report: BreakEvenReport) -> RenderableType:
    """The workload, then one line per crossing."""
    comparison = report.comparison
    title = Text(f"Break-even: {workload_title(comparison)}\n{pricing_title(comparison)}", style="bold")
    return Group(title, Text(""), _bullets(tuple(report.lines())))


def sweep_table(sweep: Sweep) -> RenderableType:
    """Monthly cost of each option at each point, the cheapest named."""
    headers, rows = sweep_rows(sweep)
    table = Table(
        title=f"{sweep.title} (pricing {sweep.pricing_name})",
        title_justify="left",
        show_edge=False,
    )
    for header in headers:
        table.add_column(header, justify="left" if header == "Cheapest" else "right", overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table
