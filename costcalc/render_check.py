"""Views of a budget check: a terminal table, Markdown for a job summary or PR comment, and JSON."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from costcalc.budgets import Status
from costcalc.describe import markdown_table
from costcalc.money import format_money, format_percent, format_quantity
from costcalc.profiles import CheckReport, WorkloadCheck

STATUS_STYLE = {Status.OK: "green", Status.WARN: "yellow", Status.OVER: "bold red"}
STATUS_MARK = {Status.OK: "✅ ok", Status.WARN: "⚠️ warn", Status.OVER: "❌ over"}
HEADERS = ("Workload", "Deploy", "Daily", "Monthly", "Budget", "% of budget", "Status")
RIGHT = ("Daily", "Monthly", "Budget", "% of budget")


def _row(check: WorkloadCheck) -> tuple[str, ...]:
    deployed = check.cost.deployed
    return (
        check.cost.name,
        check.cost.deploy.name,
        format_money(deployed.daily),
        format_money(deployed.monthly),
        check.result.budget.describe(),
        format_percent(check.result.percent),
        check.status.value,
    )


def _free_tier_rows(report: CheckReport) -> list[tuple[str, str, str, str]]:
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


FREE_TIER_HEADERS = ("Workload", "Free requests", "Free GB-s", "Saved / month")


def check_table(report: CheckReport) -> RenderableType:
    """The terminal view."""
    table = Table(
        title=f"Budget check: {report.path} (pricing {report.pricing_name})",
        title_justify="left",
        show_edge=False,
    )
    for header in HEADERS:
        table.add_column(header, justify="left" if header in ("Workload", "Deploy", "Status") else "right")
    for check in report.checks:
        *cells, status = _row(check)
        table.add_row(*cells, Text(status, style=STATUS_STYLE[check.status]))
    parts: list[RenderableType] = [table, Text(""), Text(report.verdict, style=STATUS_STYLE[report.status])]
    if report.hints:
        parts += [
            Text(""),
            Text("Cheaper options:", style="bold"),
            *(Text(f"- {hint}") for hint in report.hints),
        ]
    free_rows = _free_tier_rows(report)
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


def check_markdown(report: CheckReport) -> str:
    """A heading, a table and a one-line verdict: a job summary or PR comment as it stands."""
    lines = [
        f"### costcalc budget check: {STATUS_MARK[report.status]}",
        "",
        f"`{report.path}`, pricing `{report.pricing_name}`",
        "",
        *markdown_table(
            HEADERS, ([*_row(check)[:-1], STATUS_MARK[check.status]] for check in report.checks), RIGHT
        ),
    ]
    lines += ["", f"**{report.verdict}**"]
    if report.hints:
        lines += ["", *(f"- {hint}" for hint in report.hints)]
    free_rows = _free_tier_rows(report)
    if free_rows:
        lines += [
            "",
            "Shared free tier, split in proportion to usage:",
            "",
            *markdown_table(FREE_TIER_HEADERS, free_rows, FREE_TIER_HEADERS[1:]),
        ]
    return "\n".join(lines)
