"""Views of a cost diff: a terminal table and Markdown for a PR comment."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from costcalc.cost_diff import CostDiff, DiffRow
from costcalc.describe import markdown_table
from costcalc.money import format_money, format_percent

HEADERS = ("Workload", "Change", "Before", "After", "Delta", "Delta %", "Cheapest")


def _signed_money(value: Decimal) -> str:
    return (
        f"+{format_money(value)}"
        if value > 0
        else f"-{format_money(-value)}"
        if value < 0
        else format_money(value)
    )


def _signed_percent(value: Decimal | None) -> str:
    if value is None:
        return "new"
    return f"+{format_percent(value)}" if value > 0 else format_percent(value)


def _cheapest(row: DiffRow) -> str:
    before = row.before.cheapest if row.before else None
    after = row.after.cheapest if row.after else None
    if before and after and before != after:
        return f"{before} -> {after}" + (" (flips)" if row.flipped else "")
    return after or before or ""


def _row(row: DiffRow) -> tuple[str, ...]:
    return (
        row.name,
        row.change.value,
        format_money(row.before.monthly) if row.before else "-",
        format_money(row.after.monthly) if row.after else "-",
        _signed_money(row.delta),
        _signed_percent(row.percent) if row.before and row.after else "",
        _cheapest(row),
    )


def summary(diff: CostDiff) -> str:
    """``Total: $1.30 -> $79.22 a month (+$77.92, +5,993.8%)``."""
    delta = diff.total_after - diff.total_before
    return (
        f"Total: {format_money(diff.total_before)} -> {format_money(diff.total_after)} a month "
        f"({_signed_money(delta)}, {_signed_percent(diff.total_percent)})."
    )


def flip_lines(diff: CostDiff) -> list[str]:
    """A line for each workload whose cheapest option moved between Lambda and servers."""
    lines = []
    for row in diff.flips:
        assert row.before and row.after
        to = "servers" if row.after.cheapest_kind == "server" else "Lambda"
        lines.append(
            f"{row.name}: the cheapest option flips to {to} ({row.before.cheapest} -> {row.after.cheapest})"
        )
    return lines


def diff_table(diff: CostDiff) -> RenderableType:
    """The terminal view."""
    table = Table(title=f"Monthly cost: {diff.base} -> {diff.new}", title_justify="left", show_edge=False)
    for header in HEADERS:
        table.add_column(
            header, justify="right" if header in ("Before", "After", "Delta", "Delta %") else "left"
        )
    for row in diff.rows:
        table.add_row(*_row(row))
    parts: list[RenderableType] = [table, Text(""), Text(summary(diff), style="bold")]
    parts += [Text(f"- {line}", style="yellow") for line in flip_lines(diff)]
    return Group(*parts)


def diff_markdown(diff: CostDiff) -> str:
    """A heading, a table and the total, for a PR comment."""
    lines = [
        "### costcalc cost diff",
        "",
        f"`{diff.base}` -> `{diff.new}`",
        "",
        *markdown_table(HEADERS, (_row(row) for row in diff.rows), ("Before", "After", "Delta", "Delta %")),
        "",
        f"**{summary(diff)}**",
    ]
    flips = flip_lines(diff)
    if flips:
        lines += ["", *(f"- :twisted_rightwards_arrows: {line}" for line in flips)]
    return "\n".join(lines)
